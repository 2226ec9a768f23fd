//! The race engineer: creates the crew, coordinates the stop, supervises, releases the car.
//!
//! Every order that expects an answer is a request with a deadline (`ask`). An answer that
//! does not come in time is asked for again, at most `plan.retries` times, then the stop is
//! aborted. A crew member whose handler fails is restarted with fresh state (a spare gun)
//! and given its unfinished job again, within a restart intensity (OTP's one-for-one); past
//! it, the stop is aborted with the car held on its jacks. Never a hang, never an unsafe
//! release: the car is only released after all four wheels are secured, both jacks are down
//! and both FIA gaps have passed, and only by this actor.

use std::rc::Rc;
use std::time::Duration;

use crate::runtime::{
    Actor, ActorId, Addr, Behaviour, ChildExit, Context, Exit, Failure, Handled, Props, ReqId,
    RestartIntensity, Supervised, System,
};

use super::car::Car;
use super::faults::{FaultBoard, FaultKind};
use super::jack::JackOperator;
use super::messages::{CarMsg, EngineerMsg, JackMsg, TireMsg};
use super::names::{Corner, End, CAR, RACE_ENGINEER};
use super::plan::{CrewKind, StopPlan, FIA_JACK_DROP_GAP, FIA_RELEASE_GAP};
use super::tire::TireChanger;

/// Who an order goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Member {
    Jack(End),
    Tire(Corner),
    Car,
}

/// An order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Job {
    Prepare,
    Lift,
    Change,
    Lower,
    Release,
}

/// An order waiting for its answer.
#[derive(Clone, Copy, Debug)]
struct Pending {
    req: ReqId,
    to: Member,
    job: Job,
    attempt: u32,
}

pub struct RaceEngineer {
    plan: Rc<StopPlan>,
    faults: Rc<FaultBoard>,
    jacks: Vec<Addr<JackMsg>>,
    tires: Vec<Addr<TireMsg>>,
    car: Option<Addr<CarMsg>>,
    pending: Vec<Pending>,
    ready: [bool; 6],
    car_stopped: bool,
    changed: [bool; 4],
    lowered: [bool; 2],
    intensity: RestartIntensity,
}

impl RaceEngineer {
    pub fn new(plan: Rc<StopPlan>, faults: Rc<FaultBoard>) -> RaceEngineer {
        RaceEngineer {
            intensity: RestartIntensity::new(plan.max_restarts, plan.restart_window),
            plan,
            faults,
            jacks: Vec::new(),
            tires: Vec::new(),
            car: None,
            pending: Vec::new(),
            ready: [false; 6],
            car_stopped: false,
            changed: [false; 4],
            lowered: [false; 2],
        }
    }

    /// Sends `job` to `to` as a request with a deadline fitting the work it asks for.
    fn order(&mut self, ctx: &Context<Self>, to: Member, job: Job, attempt: u32) {
        let t = &self.plan.timing;
        let p = &self.plan;
        let relayed = if p.crew == CrewKind::Full { 8 } else { 2 };
        let deadline = match job {
            Job::Prepare => p.reply_deadline(Duration::ZERO, 2),
            Job::Lift => p.reply_deadline(p.longest(t.lift), 2),
            Job::Lower => p.reply_deadline(p.longest(t.drop), 2),
            Job::Change => p.reply_deadline(
                p.longest(t.nut_off)
                    + p.longest(t.wheel_off)
                    + p.longest(t.wheel_on)
                    + p.longest(t.nut_on),
                relayed,
            ),
            Job::Release => p.reply_deadline(p.longest(t.lane_out), 2),
        };
        let me = ctx.myself().clone();
        let req = match (to, job) {
            (Member::Jack(end), Job::Prepare) => {
                ctx.ask(&self.jacks[end.index()], deadline, |req| JackMsg::Prepare {
                    req,
                    reply_to: me,
                })
            }
            (Member::Jack(end), Job::Lift) => ctx.ask(&self.jacks[end.index()], deadline, |req| {
                JackMsg::Lift { req }
            }),
            (Member::Jack(end), _) => ctx.ask(&self.jacks[end.index()], deadline, |req| {
                JackMsg::Lower { req }
            }),
            (Member::Tire(c), Job::Prepare) => ctx.ask(&self.tires[c.index()], deadline, |req| {
                TireMsg::Prepare { req, reply_to: me }
            }),
            (Member::Tire(c), _) => ctx.ask(&self.tires[c.index()], deadline, |req| {
                TireMsg::ChangeTire { req }
            }),
            (Member::Car, _) => match &self.car {
                Some(car) => ctx.ask(car, deadline, |req| CarMsg::Release { req }),
                None => return,
            },
        };
        self.pending.push(Pending {
            req,
            to,
            job,
            attempt,
        });
    }

    /// Takes the answer to `req`: true if it answers a pending order in time (act on it),
    /// false for a late or repeated answer (ignore it: never act twice).
    fn answer(&mut self, ctx: &Context<Self>, req: ReqId) -> bool {
        match self.pending.iter().position(|p| p.req == req) {
            Some(i) if ctx.answered(req) => {
                self.pending.remove(i);
                true
            }
            _ => false,
        }
    }

    fn prepare_crew(&mut self, ctx: &mut Context<Self>) {
        for end in End::BOTH {
            self.order(ctx, Member::Jack(end), Job::Prepare, 0);
        }
        for corner in Corner::ALL {
            self.order(ctx, Member::Tire(corner), Job::Prepare, 0);
        }
        ctx.set_state("preparing");
        ctx.become_(EngineerBehaviour::Preparing);
    }

    /// Lift when the car is in the box and every crew member has reported ready.
    fn lift_if_ready(&mut self, ctx: &mut Context<Self>) {
        if ctx.behaviour() == EngineerBehaviour::Preparing
            && self.car_stopped
            && self.ready.iter().all(|r| *r)
        {
            for end in End::BOTH {
                self.order(ctx, Member::Jack(end), Job::Lift, 0);
            }
            ctx.set_state("lifting");
            ctx.become_(EngineerBehaviour::Servicing);
        }
    }

    /// Ends the stop: the car held where it is, every order cancelled, everyone stopped.
    fn abort(&mut self, ctx: &mut Context<Self>, why: String) {
        for p in self.pending.drain(..) {
            ctx.answered(p.req); // cancel its deadline
        }
        if let Some(car) = &self.car {
            ctx.send(car, CarMsg::Abort);
        }
        ctx.set_state_with("aborted", Some(why.into()), None);
        ctx.become_(EngineerBehaviour::Aborted);
        // The car is not stopped: it must hear the abort first, and stops itself then.
        self.stop_everyone(ctx, "stop aborted", false);
    }

    fn stop_everyone(&mut self, ctx: &mut Context<Self>, reason: &'static str, car: bool) {
        let car = self.car.iter().filter(|_| car).map(Addr::id);
        let crew: Vec<ActorId> = self
            .jacks
            .iter()
            .map(Addr::id)
            .chain(self.tires.iter().map(Addr::id))
            .chain(car)
            .collect();
        for id in crew {
            // One that has stopped already needs no stop: ignoring the error is right.
            let _ = ctx.stop(id, reason);
        }
        ctx.stop_self(reason);
    }

    fn member_of(&self, id: ActorId) -> Option<Member> {
        if let Some(i) = self.jacks.iter().position(|a| a.id() == id) {
            return Some(Member::Jack(End::BOTH[i]));
        }
        self.tires
            .iter()
            .position(|a| a.id() == id)
            .map(|i| Member::Tire(Corner::ALL[i]))
    }
}

fn ready_index(who: &str) -> Option<usize> {
    if let Some(end) = End::from_actor(who) {
        return Some(end.index());
    }
    Corner::from_actor(who).map(|c| 2 + c.index())
}

/// What the race engineer is doing, and so which messages make sense.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EngineerBehaviour {
    /// Waiting for the car to come in.
    #[default]
    Waiting,
    /// Crew told to prepare; waiting for them and for the car to stop.
    Preparing,
    /// The car is on the jacks: wheels, then jacks down, then release.
    Servicing,
    /// The car is released; waiting for it to leave the lane.
    Released,
    /// The stop was aborted.
    Aborted,
}

impl Behaviour for EngineerBehaviour {
    fn name(self) -> &'static str {
        match self {
            EngineerBehaviour::Waiting => "waiting",
            EngineerBehaviour::Preparing => "preparing",
            EngineerBehaviour::Servicing => "servicing",
            EngineerBehaviour::Released => "released",
            EngineerBehaviour::Aborted => "aborted",
        }
    }
}

impl Actor for RaceEngineer {
    type Msg = EngineerMsg;
    type Behaviour = EngineerBehaviour;

    /// The crew are the race engineer's children: it creates them and supervises them.
    async fn started(&mut self, ctx: &mut Context<Self>) -> Result<(), Failure> {
        for end in End::BOTH {
            let (plan, faults) = (Rc::clone(&self.plan), Rc::clone(&self.faults));
            let props = Props::new(end.actor(), move || {
                JackOperator::new(end, Rc::clone(&plan), Rc::clone(&faults))
            })
            .label(end.label());
            self.jacks.push(ctx.spawn(props));
        }
        for corner in Corner::ALL {
            let (plan, faults) = (Rc::clone(&self.plan), Rc::clone(&self.faults));
            let props = Props::new(corner.actor(), move || {
                TireChanger::new(corner, Rc::clone(&plan), Rc::clone(&faults))
            })
            .label(corner.label());
            self.tires.push(ctx.spawn(props));
        }
        ctx.set_state("waiting_for_car");
        Ok(())
    }

    async fn handle(
        &mut self,
        ctx: &mut Context<Self>,
        msg: EngineerMsg,
    ) -> Result<Handled, Failure> {
        use EngineerBehaviour as B;
        match (ctx.behaviour(), msg) {
            (B::Waiting, EngineerMsg::Entering { car }) => {
                self.car = Some(car);
                self.prepare_crew(ctx);
            }
            (_, EngineerMsg::Stopped { req, car }) => {
                // Acknowledged every time it comes (the acknowledgement may be lost), acted
                // on once.
                ctx.send(&car, CarMsg::Hold { req });
                if self.car.is_none() {
                    self.car = Some(car);
                }
                if ctx.behaviour() == B::Waiting {
                    // The car's "entering" was lost on the radio: prepare now.
                    self.prepare_crew(ctx);
                }
                if !self.car_stopped {
                    self.car_stopped = true;
                    ctx.set_state("car_in_box");
                    self.lift_if_ready(ctx);
                }
            }
            (B::Preparing | B::Servicing, EngineerMsg::Ready { req, who }) => {
                if self.answer(ctx, req) {
                    if let Some(i) = ready_index(who) {
                        self.ready[i] = true;
                    }
                    self.lift_if_ready(ctx);
                }
            }
            (B::Servicing, EngineerMsg::Raised { req, end }) => {
                if self.answer(ctx, req) {
                    for corner in end.corners() {
                        self.order(ctx, Member::Tire(corner), Job::Change, 0);
                    }
                    ctx.set_state("changing_tires");
                }
            }
            (B::Servicing, EngineerMsg::TireChanged { req, corner }) => {
                if self.answer(ctx, req) && !self.changed[corner.index()] {
                    self.changed[corner.index()] = true;
                    if self.changed.iter().all(|c| *c) {
                        // All four nuts are tight: the FIA's reaction-time gap before the drop.
                        ctx.set_state("all_secured");
                        ctx.send_after(ctx.myself(), FIA_JACK_DROP_GAP, EngineerMsg::DropJacksDue);
                    }
                }
            }
            (B::Servicing, EngineerMsg::DropJacksDue) => {
                for end in End::BOTH {
                    self.order(ctx, Member::Jack(end), Job::Lower, 0);
                }
                ctx.set_state("dropping");
            }
            (B::Servicing, EngineerMsg::Lowered { req, end }) => {
                if self.answer(ctx, req) {
                    self.lowered[end.index()] = true;
                    if self.lowered.iter().all(|l| *l) {
                        ctx.set_state("car_down");
                        ctx.send_after(ctx.myself(), FIA_RELEASE_GAP, EngineerMsg::ReleaseDue);
                    }
                }
            }
            (B::Servicing, EngineerMsg::ReleaseDue) => {
                self.order(ctx, Member::Car, Job::Release, 0);
                ctx.set_state("released");
                ctx.become_(B::Released);
            }
            (B::Released, EngineerMsg::Left { req }) => {
                if self.answer(ctx, req) {
                    ctx.set_state("done");
                    self.stop_everyone(ctx, "stop complete", true);
                }
            }
            // Not until the release: the car stays. (After it, the car is already going.)
            (B::Waiting | B::Preparing | B::Servicing, EngineerMsg::MayIGo { req }) => {
                if let Some(car) = &self.car {
                    ctx.send(car, CarMsg::Hold { req });
                }
            }
            // Answers that come too late, or after the stop was aborted: ignored.
            (_, EngineerMsg::Ready { .. } | EngineerMsg::Raised { .. })
            | (_, EngineerMsg::TireChanged { .. } | EngineerMsg::Lowered { .. })
            | (_, EngineerMsg::Left { .. } | EngineerMsg::MayIGo { .. }) => {}
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }

    async fn timed_out(&mut self, ctx: &mut Context<Self>, req: ReqId) -> Result<(), Failure> {
        let Some(i) = self.pending.iter().position(|p| p.req == req) else {
            return Ok(());
        };
        let p = self.pending.remove(i);
        if p.attempt < self.plan.retries {
            self.order(ctx, p.to, p.job, p.attempt + 1);
        } else {
            let who = match p.to {
                Member::Jack(end) => end.label(),
                Member::Tire(corner) => corner.label(),
                Member::Car => "the car",
            };
            self.abort(ctx, format!("no answer from {who}"));
        }
        Ok(())
    }

    /// One-for-one supervision: a failed crew member is restarted with fresh state and
    /// given its unfinished job again, unless that would exceed the restart intensity.
    async fn child_exited(
        &mut self,
        ctx: &mut Context<Self>,
        exit: ChildExit,
    ) -> Result<(), Failure> {
        let Exit::Failed(reason) = &exit.exit else {
            return Ok(());
        };
        let Some(member) = self.member_of(exit.child) else {
            return Ok(());
        };
        if matches!(ctx.behaviour(), EngineerBehaviour::Aborted) {
            return Ok(());
        }
        let supervised = ctx
            .supervise(exit.child, &mut self.intensity)
            .map_err(|e| Failure::new(e.to_string()))?;
        if supervised == Supervised::LimitReached {
            let who = match member {
                Member::Jack(end) => end.label(),
                Member::Tire(corner) => corner.label(),
                Member::Car => CAR,
            };
            self.abort(ctx, format!("{who} failed too often ({reason})"));
            return Ok(());
        }
        // Its pending orders will not be answered by the new incarnation: cancel them,
        // prepare it again (fresh state) and hand it its unfinished job. Both go the same
        // way, so the job arrives after the preparation (per-pair order).
        let mut jobs = Vec::new();
        self.pending.retain(|p| {
            if p.to == member {
                ctx.answered(p.req);
                jobs.push(p.job);
                false
            } else {
                true
            }
        });
        if let Member::Jack(end) = member {
            self.ready[end.index()] = false;
        }
        if let Member::Tire(corner) = member {
            self.ready[2 + corner.index()] = false;
        }
        self.order(ctx, member, Job::Prepare, 0);
        for job in jobs.into_iter().filter(|j| *j != Job::Prepare) {
            self.order(ctx, member, job, 0);
        }
        Ok(())
    }
}

/// What `spawn_stop` leaves the host: what it needs to inject faults during the stop.
pub struct StopHandle {
    pub faults: Rc<FaultBoard>,
    car: Addr<CarMsg>,
}

impl StopHandle {
    /// Injects `kind` at the actor named `actor`: it strikes when that actor next reaches
    /// the moment it can (a stuck nut when the nut is loosened, a lost message with the next
    /// message in or out). Records a `fault` event at once.
    pub fn inject(
        &self,
        system: &System,
        plan: &StopPlan,
        kind: FaultKind,
        actor: &str,
    ) -> Result<(), String> {
        let named = system
            .find(actor)
            .ok_or_else(|| format!("there is no actor \"{actor}\" in this stop"))?;
        let target = kind.target(actor, plan.crew).ok_or_else(|| {
            format!(
                "fault \"{}\" cannot strike \"{actor}\" ({})",
                kind.name(),
                kind.description()
            )
        })?;
        if !system.is_alive(named) {
            return Err(format!("\"{actor}\" has stopped: the stop is over for it"));
        }
        match kind {
            FaultKind::LostMessage => system.lose_next_message(named),
            FaultKind::EarlyRelease => system.tell(&self.car, CarMsg::NervousSignal),
            _ => self.faults.arm(&target, kind),
        }
        system.report_fault(named, kind.name());
        Ok(())
    }

    /// Arms the plan's faults, and its chaos, seeded: call once the crew exists (after the
    /// first instant has run).
    pub fn arm_planned(&self, system: &System, plan: &StopPlan) {
        for (kind, actor) in &plan.faults {
            // The plan was checked when it was made; a fault that cannot strike is skipped.
            let _ = self.inject(system, plan, *kind, actor);
        }
        let Some(chaos) = &plan.chaos else {
            return;
        };
        let mut rng = crate::rng::Rng::derive(plan.seed, "chaos");
        let actors = [RACE_ENGINEER, CAR]
            .into_iter()
            .chain(End::BOTH.map(End::actor))
            .chain(Corner::ALL.map(Corner::actor));
        for actor in actors {
            if !rng.chance(chaos.rate) {
                continue;
            }
            let kinds: Vec<FaultKind> = chaos
                .kinds
                .iter()
                .copied()
                .filter(|k| k.target(actor, plan.crew).is_some())
                .collect();
            if let Some(kind) = kinds.get(rng.below(kinds.len().max(1) as u64) as usize) {
                let _ = self.inject(system, plan, *kind, actor);
            }
        }
    }
}

/// Spawns a whole stop into `system`: the race engineer (who creates the crew) and the car.
pub fn spawn_stop(system: &System, plan: &Rc<StopPlan>) -> StopHandle {
    let faults = Rc::new(FaultBoard::default());
    let (engineer_plan, engineer_faults) = (Rc::clone(plan), Rc::clone(&faults));
    let engineer = system.spawn(
        Props::new(RACE_ENGINEER, move || {
            RaceEngineer::new(Rc::clone(&engineer_plan), Rc::clone(&engineer_faults))
        })
        .label("Race engineer"),
    );
    let car_plan = Rc::clone(plan);
    let car = system.spawn(
        Props::new(CAR, move || {
            Car::new(Rc::clone(&car_plan), engineer.clone())
        })
        .label("Car"),
    );
    StopHandle { faults, car }
}
