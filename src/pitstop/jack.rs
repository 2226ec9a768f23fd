//! A jack operator: lifts one end of the car, holds it, drops it.

use std::rc::Rc;
use std::time::Duration;

use crate::rng::Rng;
use crate::runtime::{Actor, Addr, Behaviour, Context, Failure, Handled, ReqId};

use super::faults::{FaultBoard, FaultKind};
use super::messages::{EngineerMsg, JackMsg};
use super::names::End;
use super::plan::StopPlan;

/// How much slower a jack with the `slow_jack` fault is.
const SLOW_JACK_FACTOR: u32 = 4;

pub struct JackOperator {
    end: End,
    plan: Rc<StopPlan>,
    faults: Rc<FaultBoard>,
    rng: Rng,
    engineer: Option<Addr<EngineerMsg>>,
}

impl JackOperator {
    pub fn new(end: End, plan: Rc<StopPlan>, faults: Rc<FaultBoard>) -> JackOperator {
        JackOperator {
            end,
            rng: Rng::derive(plan.seed, end.actor()),
            plan,
            faults,
            engineer: None,
        }
    }

    fn report(&self, ctx: &Context<Self>, msg: EngineerMsg) {
        if let Some(engineer) = &self.engineer {
            ctx.send(engineer, msg);
        }
    }

    /// Moves the jack: announces the state with its expected end, and takes the time (four
    /// times as long with the `slow_jack` fault).
    async fn operate(&mut self, ctx: &Context<Self>, state: &'static str, mut takes: Duration) {
        let slow = self.faults.take(self.end.actor(), FaultKind::SlowJack);
        if slow {
            takes *= SLOW_JACK_FACTOR;
        }
        let detail = slow.then_some("slow jack".into());
        ctx.set_state_with(state, detail, Some(ctx.now() + takes));
        ctx.sleep(takes).await;
    }

    fn ready(&self, ctx: &Context<Self>, req: ReqId) {
        self.report(
            ctx,
            EngineerMsg::Ready {
                req,
                who: self.end.actor(),
            },
        );
    }
}

/// What a jack operator accepts next. Each behaviour accepts the one order that moves the
/// jack on; an order it has already carried out (sent again after its answer was lost) is
/// answered again without moving anything; everything else is unhandled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JackBehaviour {
    /// Waiting to be told to prepare.
    #[default]
    Idle,
    /// At the car, waiting for "lift".
    Ready,
    /// Holding the car up: only "lower" makes sense now.
    Holding,
    /// The car is down; nothing more to do.
    Done,
}

impl Behaviour for JackBehaviour {
    fn name(self) -> &'static str {
        match self {
            JackBehaviour::Idle => "idle",
            JackBehaviour::Ready => "ready",
            JackBehaviour::Holding => "holding",
            JackBehaviour::Done => "done",
        }
    }
}

impl Actor for JackOperator {
    type Msg = JackMsg;
    type Behaviour = JackBehaviour;

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: JackMsg) -> Result<Handled, Failure> {
        use JackBehaviour as B;
        match (ctx.behaviour(), msg) {
            (B::Idle, JackMsg::Prepare { req, reply_to }) => {
                self.engineer = Some(reply_to);
                ctx.set_state("ready");
                ctx.become_(B::Ready);
                self.ready(ctx, req);
            }
            (B::Ready, JackMsg::Prepare { req, .. }) => self.ready(ctx, req),
            (B::Ready, JackMsg::Lift { req }) => {
                let lift = self.plan.timing.lift.draw(&mut self.rng);
                self.operate(ctx, "lifting", lift).await;
                ctx.set_state("raised");
                ctx.become_(B::Holding);
                self.report(ctx, EngineerMsg::Raised { req, end: self.end });
            }
            (B::Holding, JackMsg::Lift { req }) => {
                self.report(ctx, EngineerMsg::Raised { req, end: self.end })
            }
            (B::Holding, JackMsg::Lower { req }) => {
                let drop = self.plan.timing.drop.draw(&mut self.rng);
                self.operate(ctx, "lowering", drop).await;
                ctx.set_state("lowered");
                ctx.become_(B::Done);
                self.report(ctx, EngineerMsg::Lowered { req, end: self.end });
            }
            (B::Done, JackMsg::Lower { req }) => {
                self.report(ctx, EngineerMsg::Lowered { req, end: self.end })
            }
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }
}
