//! A jack operator: lifts one end of the car, holds it, drops it.

use std::rc::Rc;

use crate::rng::Rng;
use crate::runtime::{Actor, Addr, Behaviour, Context, Failure, Handled};

use super::messages::{EngineerMsg, JackMsg};
use super::names::End;
use super::plan::StopPlan;

pub struct JackOperator {
    end: End,
    plan: Rc<StopPlan>,
    rng: Rng,
    engineer: Option<Addr<EngineerMsg>>,
}

impl JackOperator {
    pub fn new(end: End, plan: Rc<StopPlan>) -> JackOperator {
        JackOperator {
            end,
            rng: Rng::derive(plan.seed, end.actor()),
            plan,
            engineer: None,
        }
    }

    fn report(&self, ctx: &Context<Self>, msg: EngineerMsg) {
        if let Some(engineer) = &self.engineer {
            ctx.send(engineer, msg);
        }
    }
}

/// What a jack operator accepts next.
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
        match (ctx.behaviour(), msg) {
            (JackBehaviour::Idle, JackMsg::Prepare { reply_to }) => {
                self.engineer = Some(reply_to);
                ctx.set_state("ready");
                ctx.become_(JackBehaviour::Ready);
                self.report(
                    ctx,
                    EngineerMsg::Ready {
                        who: self.end.actor(),
                    },
                );
            }
            (JackBehaviour::Ready, JackMsg::Lift) => {
                let lift = self.plan.timing.lift.draw(&mut self.rng);
                ctx.set_state_with("lifting", None, Some(ctx.now() + lift));
                ctx.sleep(lift).await;
                ctx.set_state("raised");
                ctx.become_(JackBehaviour::Holding);
                self.report(ctx, EngineerMsg::Raised { end: self.end });
            }
            (JackBehaviour::Holding, JackMsg::Lower) => {
                let drop = self.plan.timing.drop.draw(&mut self.rng);
                ctx.set_state_with("lowering", None, Some(ctx.now() + drop));
                ctx.sleep(drop).await;
                ctx.set_state("lowered");
                ctx.become_(JackBehaviour::Done);
                self.report(ctx, EngineerMsg::Lowered { end: self.end });
            }
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }
}
