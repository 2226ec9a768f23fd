//! A tire changer, and in the full crew the sub-crew it leads and supervises.
//!
//! With the seed's crew, one actor does the whole change, phase after phase, as the seed's
//! `PitCrewMember` does. With the full crew, the tire changer creates a gunner, a tire-off and
//! a tire-on man when told to prepare, and coordinates them by requests with deadlines; it
//! restarts a member that fails (within a restart intensity) and escalates past it.

use std::rc::Rc;
use std::time::Duration;

use crate::rng::Rng;
use crate::runtime::{
    Actor, Addr, Behaviour, ChildExit, Context, Exit, Failure, Handled, Props, ReqId,
    RestartIntensity, Supervised,
};

use super::faults::{FaultBoard, FaultKind};
use super::messages::{EngineerMsg, HandMsg, Task, TireMsg};
use super::names::{label_of, Corner, Hand};
use super::plan::{CrewKind, StopPlan};

/// How much longer a wheel nut takes to come off with the `stuck_nut` fault.
const STUCK_NUT_FACTOR: u32 = 5;

/// A gun that dies does so this far into loosening the nut.
const GUN_DIES_AFTER: f64 = 0.4;

pub struct TireChanger {
    corner: Corner,
    plan: Rc<StopPlan>,
    faults: Rc<FaultBoard>,
    rng: Rng,
    engineer: Option<Addr<EngineerMsg>>,
    /// The engineer's latest `change_tire` request, answered when the wheel is done.
    job: Option<ReqId>,
    /// Full crew only: gunner, tire-off, tire-on (indexed by [`Hand::index`]).
    hands: Vec<Addr<HandMsg>>,
    /// Full crew: the task in hand and its request, to send again after a timeout or a
    /// restart.
    task: Option<(Task, ReqId, u32)>,
    intensity: RestartIntensity,
}

impl TireChanger {
    pub fn new(corner: Corner, plan: Rc<StopPlan>, faults: Rc<FaultBoard>) -> TireChanger {
        TireChanger {
            corner,
            rng: Rng::derive(plan.seed, corner.actor()),
            intensity: RestartIntensity::new(plan.max_restarts, plan.restart_window),
            plan,
            faults,
            engineer: None,
            job: None,
            hands: Vec::new(),
            task: None,
        }
    }

    fn reply(&self, ctx: &Context<Self>, msg: EngineerMsg) {
        if let Some(engineer) = &self.engineer {
            ctx.send(engineer, msg);
        }
    }

    fn finish(&mut self, ctx: &mut Context<Self>) {
        ctx.set_state("done");
        ctx.become_(TireBehaviour::Done);
        if let Some(req) = self.job {
            self.reply(
                ctx,
                EngineerMsg::TireChanged {
                    req,
                    corner: self.corner,
                },
            );
        }
    }

    /// One phase of a change done alone: announce it, with when it should end, and do it.
    async fn phase(
        &self,
        ctx: &Context<Self>,
        state: &'static str,
        detail: Option<&'static str>,
        takes: Duration,
    ) {
        ctx.set_state_with(state, detail.map(Into::into), Some(ctx.now() + takes));
        ctx.sleep(takes).await;
    }

    /// The whole change, alone (the seed's crew).
    async fn change_alone(&mut self, ctx: &mut Context<Self>) -> Result<(), Failure> {
        let t = self.plan.timing;
        let me = self.corner.actor();
        let mut nut_off = t.nut_off.draw(&mut self.rng);
        let (wheel_off, wheel_on) = (
            t.wheel_off.draw(&mut self.rng),
            t.wheel_on.draw(&mut self.rng),
        );
        let nut_on = t.nut_on.draw(&mut self.rng);
        if self.faults.take(me, FaultKind::GunFailure) {
            self.phase(ctx, "changing", None, nut_off.mul_f64(GUN_DIES_AFTER))
                .await;
            return Err(Failure::new("wheel gun failed"));
        }
        let stuck = self.faults.take(me, FaultKind::StuckNut);
        if stuck {
            nut_off *= STUCK_NUT_FACTOR;
        }
        self.phase(ctx, "changing", stuck.then_some("nut stuck"), nut_off)
            .await;
        self.phase(ctx, "nut_off", None, wheel_off).await;
        self.phase(ctx, "wheel_off", None, wheel_on).await;
        self.phase(ctx, "wheel_on", None, nut_on).await;
        self.finish(ctx);
        Ok(())
    }

    /// Full crew: asks the right hand for `task`, with a deadline.
    fn order(&mut self, ctx: &Context<Self>, task: Task, attempt: u32) {
        let (hand, spread) = match task {
            Task::Loosen => (Hand::Gunner, self.plan.timing.nut_off),
            Task::Remove => (Hand::TireOff, self.plan.timing.wheel_off),
            Task::Fit => (Hand::TireOn, self.plan.timing.wheel_on),
            Task::Tighten => (Hand::Gunner, self.plan.timing.nut_on),
        };
        let deadline = self.plan.reply_deadline(self.plan.longest(spread), 2);
        if let Some(addr) = self.hands.get(hand.index()) {
            let req = ctx.ask(addr, deadline, |req| HandMsg { req, task });
            self.task = Some((task, req, attempt));
        }
    }

    /// Full crew: a hand reported `done`; true if it answers the task in hand.
    fn accept(&mut self, ctx: &Context<Self>, done: Task, req: ReqId) -> bool {
        match self.task {
            Some((task, current, _)) if task == done && current == req && ctx.answered(req) => {
                self.task = None;
                true
            }
            _ => false,
        }
    }

    fn spawn_hands(&mut self, ctx: &Context<Self>) {
        for hand in Hand::ALL {
            let (plan, faults, corner, boss) = (
                Rc::clone(&self.plan),
                Rc::clone(&self.faults),
                self.corner,
                ctx.myself().clone(),
            );
            let id = hand.actor(corner);
            let props = Props::new(id.as_str(), move || {
                CrewHand::new(
                    hand,
                    corner,
                    Rc::clone(&plan),
                    Rc::clone(&faults),
                    boss.clone(),
                )
            })
            .label(label_of(&id));
            self.hands.push(ctx.spawn(props));
        }
    }
}

/// What a tire changer accepts next. A request it has already carried out (sent again after
/// its answer was lost) is answered again; anything out of turn is unhandled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TireBehaviour {
    #[default]
    Idle,
    /// At the wheel with a fresh tyre, waiting for "change_tire".
    Ready,
    /// Full crew: leading the sub-crew through the change.
    Coordinating,
    Done,
}

impl Behaviour for TireBehaviour {
    fn name(self) -> &'static str {
        match self {
            TireBehaviour::Idle => "idle",
            TireBehaviour::Ready => "ready",
            TireBehaviour::Coordinating => "coordinating",
            TireBehaviour::Done => "done",
        }
    }
}

impl Actor for TireChanger {
    type Msg = TireMsg;
    type Behaviour = TireBehaviour;

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: TireMsg) -> Result<Handled, Failure> {
        use TireBehaviour as B;
        let full = self.plan.crew == CrewKind::Full;
        match (ctx.behaviour(), msg) {
            (B::Idle, TireMsg::Prepare { req, reply_to }) => {
                self.engineer = Some(reply_to);
                if full && self.hands.is_empty() {
                    self.spawn_hands(ctx);
                }
                ctx.set_state("ready");
                ctx.become_(B::Ready);
                self.reply(
                    ctx,
                    EngineerMsg::Ready {
                        req,
                        who: self.corner.actor(),
                    },
                );
            }
            (B::Ready | B::Coordinating | B::Done, TireMsg::Prepare { req, .. }) => self.reply(
                ctx,
                EngineerMsg::Ready {
                    req,
                    who: self.corner.actor(),
                },
            ),
            (B::Ready, TireMsg::ChangeTire { req }) if !full => {
                self.job = Some(req);
                self.change_alone(ctx).await?;
            }
            (B::Ready, TireMsg::ChangeTire { req }) => {
                self.job = Some(req);
                ctx.set_state("changing");
                ctx.become_(B::Coordinating);
                self.order(ctx, Task::Loosen, 0);
            }
            // Asked again while at it: the answer goes to the newest request.
            (B::Coordinating, TireMsg::ChangeTire { req }) => self.job = Some(req),
            (B::Done, TireMsg::ChangeTire { req }) => {
                self.job = Some(req);
                self.reply(
                    ctx,
                    EngineerMsg::TireChanged {
                        req,
                        corner: self.corner,
                    },
                );
            }
            (B::Coordinating, TireMsg::Loosened { req }) => {
                if self.accept(ctx, Task::Loosen, req) {
                    ctx.set_state("nut_off");
                    self.order(ctx, Task::Remove, 0);
                }
            }
            (B::Coordinating, TireMsg::Removed { req }) => {
                if self.accept(ctx, Task::Remove, req) {
                    ctx.set_state("wheel_off");
                    self.order(ctx, Task::Fit, 0);
                }
            }
            (B::Coordinating, TireMsg::Fitted { req }) => {
                if self.accept(ctx, Task::Fit, req) {
                    ctx.set_state("wheel_on");
                    self.order(ctx, Task::Tighten, 0);
                }
            }
            (B::Coordinating, TireMsg::Tightened { req }) => {
                if self.accept(ctx, Task::Tighten, req) {
                    self.finish(ctx);
                }
            }
            // A late answer from the sub-crew: ignored, never acted on twice.
            (_, TireMsg::Loosened { .. } | TireMsg::Removed { .. })
            | (_, TireMsg::Fitted { .. } | TireMsg::Tightened { .. }) => {}
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }

    async fn timed_out(&mut self, ctx: &mut Context<Self>, req: ReqId) -> Result<(), Failure> {
        match self.task {
            Some((task, current, attempt)) if current == req => {
                if attempt < self.plan.retries {
                    self.order(ctx, task, attempt + 1);
                    Ok(())
                } else {
                    Err(Failure::new("sub-crew not answering"))
                }
            }
            _ => Ok(()),
        }
    }

    /// One-for-one supervision of the sub-crew.
    async fn child_exited(
        &mut self,
        ctx: &mut Context<Self>,
        exit: ChildExit,
    ) -> Result<(), Failure> {
        let Exit::Failed(reason) = &exit.exit else {
            return Ok(());
        };
        let supervised = ctx
            .supervise(exit.child, &mut self.intensity)
            .map_err(|e| Failure::new(e.to_string()))?;
        if supervised == Supervised::LimitReached {
            // Escalate: this tire changer fails, and its own supervisor decides.
            return Err(Failure::new(format!("sub-crew kept failing ({reason})")));
        }
        // Hand the unfinished task to the new incarnation.
        if let Some((task, old, _)) = self.task {
            ctx.answered(old); // its answer will not come: stop its clock
            self.order(ctx, task, 0);
        }
        Ok(())
    }
}

/// A member of a tire changer's sub-crew: does one kind of task when told, and reports back.
pub struct CrewHand {
    hand: Hand,
    name: String,
    plan: Rc<StopPlan>,
    faults: Rc<FaultBoard>,
    rng: Rng,
    boss: Addr<TireMsg>,
}

impl CrewHand {
    pub fn new(
        hand: Hand,
        corner: Corner,
        plan: Rc<StopPlan>,
        faults: Rc<FaultBoard>,
        boss: Addr<TireMsg>,
    ) -> CrewHand {
        let name = hand.actor(corner);
        CrewHand {
            hand,
            rng: Rng::derive(plan.seed, &name),
            name,
            plan,
            faults,
            boss,
        }
    }
}

impl Actor for CrewHand {
    type Msg = HandMsg;
    type Behaviour = ();

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: HandMsg) -> Result<Handled, Failure> {
        let t = self.plan.timing;
        let req = msg.req;
        let (state, spread, reply) = match (self.hand, msg.task) {
            (Hand::Gunner, Task::Loosen) => ("loosening", t.nut_off, TireMsg::Loosened { req }),
            (Hand::TireOff, Task::Remove) => ("removing", t.wheel_off, TireMsg::Removed { req }),
            (Hand::TireOn, Task::Fit) => ("fitting", t.wheel_on, TireMsg::Fitted { req }),
            (Hand::Gunner, Task::Tighten) => ("tightening", t.nut_on, TireMsg::Tightened { req }),
            _ => return Ok(Handled::Unhandled),
        };
        let mut takes = spread.draw(&mut self.rng);
        if self.hand == Hand::Gunner && self.faults.take(&self.name, FaultKind::GunFailure) {
            ctx.set_state_with(state, None, Some(ctx.now() + takes));
            ctx.sleep(takes.mul_f64(GUN_DIES_AFTER)).await;
            return Err(Failure::new("wheel gun failed"));
        }
        let stuck = msg.task == Task::Loosen && self.faults.take(&self.name, FaultKind::StuckNut);
        if stuck {
            takes *= STUCK_NUT_FACTOR;
        }
        ctx.set_state_with(
            state,
            stuck.then_some("nut stuck".into()),
            Some(ctx.now() + takes),
        );
        ctx.sleep(takes).await;
        ctx.set_state("idle");
        ctx.send(&self.boss, reply);
        Ok(Handled::Done)
    }
}
