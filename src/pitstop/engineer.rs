//! The race engineer: creates the crew, coordinates the stop, releases the car.

use std::rc::Rc;

use crate::runtime::{Actor, Addr, Behaviour, Context, Failure, Handled, Props};

use super::car::Car;
use super::jack::JackOperator;
use super::messages::{CarMsg, EngineerMsg, JackMsg, TireMsg};
use super::names::{Corner, End};
use super::plan::{StopPlan, FIA_JACK_DROP_GAP, FIA_RELEASE_GAP};
use super::tire::TireChanger;

pub struct RaceEngineer {
    plan: Rc<StopPlan>,
    jacks: Vec<Addr<JackMsg>>,
    tires: Vec<Addr<TireMsg>>,
    car: Option<Addr<CarMsg>>,
    ready: usize,
    car_stopped: bool,
    changed: [bool; 4],
    lowered: [bool; 2],
}

impl RaceEngineer {
    pub fn new(plan: Rc<StopPlan>) -> RaceEngineer {
        RaceEngineer {
            plan,
            jacks: Vec::new(),
            tires: Vec::new(),
            car: None,
            ready: 0,
            car_stopped: false,
            changed: [false; 4],
            lowered: [false; 2],
        }
    }

    fn crew_size(&self) -> usize {
        self.jacks.len() + self.tires.len()
    }

    /// Lift when the car is in the box and every crew member has reported ready.
    fn lift_if_ready(&self, ctx: &mut Context<Self>) {
        if self.car_stopped && self.ready == self.crew_size() {
            for jack in &self.jacks {
                ctx.send(jack, JackMsg::Lift);
            }
            ctx.set_state("lifting");
            ctx.become_(EngineerBehaviour::Servicing);
        }
    }
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
}

impl Behaviour for EngineerBehaviour {
    fn name(self) -> &'static str {
        match self {
            EngineerBehaviour::Waiting => "waiting",
            EngineerBehaviour::Preparing => "preparing",
            EngineerBehaviour::Servicing => "servicing",
            EngineerBehaviour::Released => "released",
        }
    }
}

impl Actor for RaceEngineer {
    type Msg = EngineerMsg;
    type Behaviour = EngineerBehaviour;

    /// The crew are the race engineer's children: it creates them and supervises them.
    async fn started(&mut self, ctx: &mut Context<Self>) -> Result<(), Failure> {
        for end in End::BOTH {
            let plan = Rc::clone(&self.plan);
            let props = Props::new(end.actor(), move || {
                JackOperator::new(end, Rc::clone(&plan))
            })
            .label(end.label());
            self.jacks.push(ctx.spawn(props));
        }
        for corner in Corner::ALL {
            let plan = Rc::clone(&self.plan);
            let props = Props::new(corner.actor(), move || {
                TireChanger::new(corner, Rc::clone(&plan))
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
                let me = ctx.myself().clone();
                for jack in &self.jacks {
                    ctx.send(
                        jack,
                        JackMsg::Prepare {
                            reply_to: me.clone(),
                        },
                    );
                }
                for tire in &self.tires {
                    ctx.send(
                        tire,
                        TireMsg::Prepare {
                            reply_to: me.clone(),
                        },
                    );
                }
                ctx.set_state("preparing");
                ctx.become_(B::Preparing);
            }
            (B::Preparing, EngineerMsg::Ready { .. }) => {
                self.ready += 1;
                self.lift_if_ready(ctx);
            }
            (B::Preparing, EngineerMsg::Stopped) => {
                self.car_stopped = true;
                self.lift_if_ready(ctx);
            }
            (B::Servicing, EngineerMsg::Raised { end }) => {
                for corner in end.corners() {
                    ctx.send(&self.tires[corner.index()], TireMsg::ChangeTire);
                }
                ctx.set_state("changing_tires");
            }
            (B::Servicing, EngineerMsg::TireChanged { corner }) => {
                self.changed[corner.index()] = true;
                if self.changed.iter().all(|c| *c) {
                    // All four nuts are tight: the FIA's reaction-time gap before the drop.
                    ctx.set_state("all_secured");
                    ctx.send_after(ctx.myself(), FIA_JACK_DROP_GAP, EngineerMsg::DropJacksDue);
                }
            }
            (B::Servicing, EngineerMsg::DropJacksDue) => {
                for jack in &self.jacks {
                    ctx.send(jack, JackMsg::Lower);
                }
                ctx.set_state("dropping");
            }
            (B::Servicing, EngineerMsg::Lowered { end }) => {
                self.lowered[end.index()] = true;
                if self.lowered.iter().all(|l| *l) {
                    ctx.set_state("car_down");
                    ctx.send_after(ctx.myself(), FIA_RELEASE_GAP, EngineerMsg::ReleaseDue);
                }
            }
            (B::Servicing, EngineerMsg::ReleaseDue) => {
                if let Some(car) = &self.car {
                    ctx.send(car, CarMsg::Release);
                }
                ctx.set_state("released");
                ctx.become_(B::Released);
            }
            (B::Released, EngineerMsg::Left) => {
                // As in the seed: once the car is away, stop every crew member.
                for id in self
                    .jacks
                    .iter()
                    .map(Addr::id)
                    .chain(self.tires.iter().map(Addr::id))
                {
                    // A crew member that already stopped needs no stop: ignoring is right.
                    let _ = ctx.stop(id, "stop complete");
                }
                ctx.set_state("done");
                ctx.stop_self("stop complete");
            }
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }
}

/// Spawns a whole stop into `system`: the race engineer (who creates the crew) and the car.
pub fn spawn_stop(system: &crate::runtime::System, plan: &Rc<StopPlan>) {
    let engineer_plan = Rc::clone(plan);
    let engineer = system.spawn(
        Props::new(super::names::RACE_ENGINEER, move || {
            RaceEngineer::new(Rc::clone(&engineer_plan))
        })
        .label("Race engineer"),
    );
    let car_plan = Rc::clone(plan);
    system.spawn(
        Props::new(super::names::CAR, move || {
            Car::new(Rc::clone(&car_plan), engineer.clone())
        })
        .label("Car"),
    );
}
