//! A tire changer, and in the full crew the sub-crew it leads.
//!
//! With the seed's crew, one actor does the whole change, phase after phase, as the seed's
//! `PitCrewMember` does. With the full crew, the tire changer creates a gunner, a tire-off and
//! a tire-on man when told to prepare, and coordinates them by messages.

use std::rc::Rc;
use std::time::Duration;

use crate::rng::Rng;
use crate::runtime::{Actor, Addr, Behaviour, Context, Failure, Handled, Props};

use super::messages::{EngineerMsg, HandMsg, TireMsg};
use super::names::{label_of, Corner, Hand};
use super::plan::{CrewKind, StopPlan};

pub struct TireChanger {
    corner: Corner,
    plan: Rc<StopPlan>,
    rng: Rng,
    engineer: Option<Addr<EngineerMsg>>,
    /// Full crew only: gunner, tire-off, tire-on (indexed by [`Hand::index`]).
    hands: Vec<Addr<HandMsg>>,
}

impl TireChanger {
    pub fn new(corner: Corner, plan: Rc<StopPlan>) -> TireChanger {
        TireChanger {
            corner,
            rng: Rng::derive(plan.seed, corner.actor()),
            plan,
            engineer: None,
            hands: Vec::new(),
        }
    }

    fn hand(&self, hand: Hand) -> Option<&Addr<HandMsg>> {
        self.hands.get(hand.index())
    }

    fn order(&self, ctx: &Context<Self>, hand: Hand, msg: HandMsg) {
        if let Some(addr) = self.hand(hand) {
            ctx.send(addr, msg);
        }
    }

    fn finish(&self, ctx: &mut Context<Self>) {
        ctx.set_state("done");
        ctx.become_(TireBehaviour::Done);
        if let Some(engineer) = &self.engineer {
            ctx.send(
                engineer,
                EngineerMsg::TireChanged {
                    corner: self.corner,
                },
            );
        }
    }

    /// One phase of a change done alone: announce it, with when it should end, and do it.
    async fn phase(&self, ctx: &Context<Self>, state: &'static str, takes: Duration) {
        ctx.set_state_with(state, None, Some(ctx.now() + takes));
        ctx.sleep(takes).await;
    }
}

/// What a tire changer accepts next.
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
        match (ctx.behaviour(), msg) {
            (B::Idle, TireMsg::Prepare { reply_to }) => {
                self.engineer = Some(reply_to);
                if self.plan.crew == CrewKind::Full && self.hands.is_empty() {
                    for hand in Hand::ALL {
                        let (plan, corner, boss) =
                            (Rc::clone(&self.plan), self.corner, ctx.myself().clone());
                        let id = hand.actor(corner);
                        let props = Props::new(id.as_str(), move || {
                            CrewHand::new(hand, corner, Rc::clone(&plan), boss.clone())
                        })
                        .label(label_of(&id));
                        self.hands.push(ctx.spawn(props));
                    }
                }
                ctx.set_state("ready");
                ctx.become_(B::Ready);
                if let Some(engineer) = &self.engineer {
                    ctx.send(
                        engineer,
                        EngineerMsg::Ready {
                            who: self.corner.actor(),
                        },
                    );
                }
            }
            (B::Ready, TireMsg::ChangeTire) if self.hands.is_empty() => {
                let t = self.plan.timing;
                let (nut_off, wheel_off) = (
                    t.nut_off.draw(&mut self.rng),
                    t.wheel_off.draw(&mut self.rng),
                );
                let (wheel_on, nut_on) =
                    (t.wheel_on.draw(&mut self.rng), t.nut_on.draw(&mut self.rng));
                self.phase(ctx, "changing", nut_off).await;
                self.phase(ctx, "nut_off", wheel_off).await;
                self.phase(ctx, "wheel_off", wheel_on).await;
                self.phase(ctx, "wheel_on", nut_on).await;
                self.finish(ctx);
            }
            (B::Ready, TireMsg::ChangeTire) => {
                ctx.set_state("changing");
                ctx.become_(B::Coordinating);
                self.order(ctx, Hand::Gunner, HandMsg::Loosen);
            }
            (B::Coordinating, TireMsg::Loosened) => {
                ctx.set_state("nut_off");
                self.order(ctx, Hand::TireOff, HandMsg::Remove);
            }
            (B::Coordinating, TireMsg::Removed) => {
                ctx.set_state("wheel_off");
                self.order(ctx, Hand::TireOn, HandMsg::Fit);
            }
            (B::Coordinating, TireMsg::Fitted) => {
                ctx.set_state("wheel_on");
                self.order(ctx, Hand::Gunner, HandMsg::Tighten);
            }
            (B::Coordinating, TireMsg::Tightened) => self.finish(ctx),
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }
}

/// A member of a tire changer's sub-crew: does one kind of task when told, and reports back.
pub struct CrewHand {
    hand: Hand,
    plan: Rc<StopPlan>,
    rng: Rng,
    boss: Addr<TireMsg>,
}

impl CrewHand {
    pub fn new(hand: Hand, corner: Corner, plan: Rc<StopPlan>, boss: Addr<TireMsg>) -> CrewHand {
        CrewHand {
            hand,
            rng: Rng::derive(plan.seed, &hand.actor(corner)),
            plan,
            boss,
        }
    }
}

impl Actor for CrewHand {
    type Msg = HandMsg;
    type Behaviour = ();

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: HandMsg) -> Result<Handled, Failure> {
        let t = self.plan.timing;
        let (state, spread, reply) = match (self.hand, msg) {
            (Hand::Gunner, HandMsg::Loosen) => ("loosening", t.nut_off, TireMsg::Loosened),
            (Hand::TireOff, HandMsg::Remove) => ("removing", t.wheel_off, TireMsg::Removed),
            (Hand::TireOn, HandMsg::Fit) => ("fitting", t.wheel_on, TireMsg::Fitted),
            (Hand::Gunner, HandMsg::Tighten) => ("tightening", t.nut_on, TireMsg::Tightened),
            _ => return Ok(Handled::Unhandled),
        };
        let takes = spread.draw(&mut self.rng);
        ctx.set_state_with(state, None, Some(ctx.now() + takes));
        ctx.sleep(takes).await;
        ctx.set_state("idle");
        ctx.send(&self.boss, reply);
        Ok(Handled::Done)
    }
}
