//! The car: drives into its box, waits for the release, drives out.

use std::rc::Rc;

use crate::rng::Rng;
use crate::runtime::{Actor, Addr, Behaviour, Context, Failure, Handled};

use super::messages::{CarMsg, EngineerMsg};
use super::names::CAR;
use super::plan::StopPlan;

pub struct Car {
    plan: Rc<StopPlan>,
    rng: Rng,
    engineer: Addr<EngineerMsg>,
}

impl Car {
    pub fn new(plan: Rc<StopPlan>, engineer: Addr<EngineerMsg>) -> Car {
        Car {
            rng: Rng::derive(plan.seed, CAR),
            plan,
            engineer,
        }
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
}

impl Behaviour for CarBehaviour {
    fn name(self) -> &'static str {
        match self {
            CarBehaviour::Driving => "driving",
            CarBehaviour::InBox => "in_box",
            CarBehaviour::Leaving => "leaving",
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
        ctx.send(&self.engineer, EngineerMsg::Stopped);
        Ok(())
    }

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: CarMsg) -> Result<Handled, Failure> {
        match (ctx.behaviour(), msg) {
            (CarBehaviour::InBox, CarMsg::Release) => {
                ctx.set_state("released");
                ctx.become_(CarBehaviour::Leaving);
                let lane_out = self.plan.timing.lane_out.draw(&mut self.rng);
                ctx.set_state_with("leaving", None, Some(ctx.now() + lane_out));
                ctx.sleep(lane_out).await;
                ctx.set_state("gone");
                ctx.send(&self.engineer, EngineerMsg::Left);
                ctx.stop_self("left the pit lane");
                Ok(Handled::Done)
            }
            _ => Ok(Handled::Unhandled),
        }
    }
}
