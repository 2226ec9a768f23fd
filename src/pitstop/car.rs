//! The car: drives into its box, waits for the release, drives out.

use std::rc::Rc;

use crate::rng::Rng;
use crate::runtime::{Actor, Addr, Behaviour, Context, Failure, Handled, ReqId};

use super::messages::{CarMsg, EngineerMsg};
use super::names::CAR;
use super::plan::StopPlan;

pub struct Car {
    plan: Rc<StopPlan>,
    rng: Rng,
    engineer: Addr<EngineerMsg>,
    /// The "stopped" report waiting for its acknowledgement, and how often it was sent again.
    stopped: Option<(ReqId, u32)>,
}

impl Car {
    pub fn new(plan: Rc<StopPlan>, engineer: Addr<EngineerMsg>) -> Car {
        Car {
            rng: Rng::derive(plan.seed, CAR),
            plan,
            engineer,
            stopped: None,
        }
    }

    /// Tells the race engineer the car is in its box, and asks for an acknowledgement (the
    /// report may be lost on the radio: then it is sent again).
    fn report_stopped(&mut self, ctx: &Context<Self>, attempt: u32) {
        let deadline = self.plan.reply_deadline(std::time::Duration::ZERO, 2);
        let car = ctx.myself().clone();
        let req = ctx.ask(&self.engineer, deadline, |req| EngineerMsg::Stopped {
            req,
            car,
        });
        self.stopped = Some((req, attempt));
    }
}

/// What the car accepts next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CarBehaviour {
    /// Driving down the pit lane: no signal means anything yet.
    #[default]
    Driving,
    /// Stationary in the box: waiting for the release.
    InBox,
    /// Released and gone.
    Leaving,
    /// The stop was aborted: the car stays on its jacks.
    Aborted,
}

impl Behaviour for CarBehaviour {
    fn name(self) -> &'static str {
        match self {
            CarBehaviour::Driving => "driving",
            CarBehaviour::InBox => "in_box",
            CarBehaviour::Leaving => "leaving",
            CarBehaviour::Aborted => "aborted",
        }
    }
}

impl Actor for Car {
    type Msg = CarMsg;
    type Behaviour = CarBehaviour;

    async fn started(&mut self, ctx: &mut Context<Self>) -> Result<(), Failure> {
        let lane_in = self.plan.timing.lane_in.draw(&mut self.rng);
        ctx.set_state_with("entering", None, Some(ctx.now() + lane_in));
        ctx.send(
            &self.engineer,
            EngineerMsg::Entering {
                car: ctx.myself().clone(),
            },
        );
        ctx.sleep(lane_in).await;
        ctx.set_state("stopped");
        ctx.become_(CarBehaviour::InBox);
        self.report_stopped(ctx, 0);
        Ok(())
    }

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: CarMsg) -> Result<Handled, Failure> {
        use CarBehaviour as B;
        match (ctx.behaviour(), msg) {
            (B::InBox, CarMsg::Hold { req }) => {
                // Either the acknowledgement of "stopped", or the refusal of "may I go":
                // both mean stay. A late repeat changes nothing.
                if ctx.answered(req) && self.stopped.is_some_and(|(r, _)| r == req) {
                    self.stopped = None;
                }
            }
            (B::InBox, CarMsg::NervousSignal) => {
                // A go signal out of turn: the car checks with the race engineer first.
                let deadline = self.plan.reply_deadline(std::time::Duration::ZERO, 2);
                ctx.ask(&self.engineer, deadline, |req| EngineerMsg::MayIGo { req });
            }
            (B::InBox, CarMsg::Release { req }) => {
                ctx.set_state("released");
                ctx.become_(B::Leaving);
                let lane_out = self.plan.timing.lane_out.draw(&mut self.rng);
                ctx.set_state_with("leaving", None, Some(ctx.now() + lane_out));
                ctx.sleep(lane_out).await;
                ctx.set_state("gone");
                ctx.send(&self.engineer, EngineerMsg::Left { req });
            }
            // Released already: the answer was lost, so answer again.
            (B::Leaving, CarMsg::Release { req }) => {
                ctx.send(&self.engineer, EngineerMsg::Left { req })
            }
            (B::Leaving | B::Aborted, CarMsg::Hold { .. } | CarMsg::NervousSignal) => {}
            (B::Driving | B::InBox, CarMsg::Abort) => {
                // Held where it is (on its jacks, if it is up): the engine goes off.
                ctx.set_state("aborted");
                ctx.become_(B::Aborted);
                ctx.stop_self("stop aborted");
            }
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }

    async fn timed_out(&mut self, ctx: &mut Context<Self>, req: ReqId) -> Result<(), Failure> {
        match self.stopped {
            Some((pending, attempt))
                if pending == req && ctx.behaviour() == CarBehaviour::InBox =>
            {
                if attempt < self.plan.retries {
                    self.report_stopped(ctx, attempt + 1);
                } else {
                    // Nobody answers from the pit wall: the stop cannot go on.
                    self.stopped = None;
                    ctx.set_state_with("aborted", Some("no answer from the pit wall".into()), None);
                    ctx.become_(CarBehaviour::Aborted);
                }
            }
            _ => {}
        }
        Ok(())
    }
}
