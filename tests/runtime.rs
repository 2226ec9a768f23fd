//! The actor runtime, natively and deterministically: virtual time, fixed seeds.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use pitstop::runtime::{
    Actor, Addr, Behaviour, ChildExit, Config, Context, DeadReason, Event, EventKind, Exit,
    Failure, Handled, Message, Progress, Props, Recorder, System, Time, Unlimited,
};

const FOREVER: Time = Time::from_millis(1_000_000);

fn system(latency_ms: u64) -> (System, Recorder) {
    let sys = System::new(Config {
        latency: Duration::from_millis(latency_ms),
    });
    let rec = Recorder::attach(sys.events());
    (sys, rec)
}

fn kinds(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.kind.name()).collect()
}

// ---------------------------------------------------------------------------------------
// Ping-pong: two actors exchange messages, each reply carried to an address in the message.

struct Ball {
    hits_left: u32,
    reply_to: Addr<Ball>,
}

impl Message for Ball {
    fn name(&self) -> &'static str {
        "ball"
    }
    fn detail(&self) -> Option<String> {
        Some(format!("hits_left={}", self.hits_left))
    }
}

#[derive(Default)]
struct Player {
    hits: u32,
}

impl Actor for Player {
    type Msg = Ball;
    type Behaviour = ();
    async fn handle(&mut self, ctx: &mut Context<Self>, ball: Ball) -> Result<Handled, Failure> {
        self.hits += 1;
        if ball.hits_left > 0 {
            let back = Ball {
                hits_left: ball.hits_left - 1,
                reply_to: ctx.myself().clone(),
            };
            ctx.send(&ball.reply_to, back);
        }
        Ok(Handled::Done)
    }
}

/// Two actors, futures tasks with mpsc mailboxes, exchange messages on the native executor.
#[test]
fn two_actors_exchange_messages_in_virtual_time() {
    let (sys, rec) = system(40);
    let a = sys.spawn(Props::new("a", Player::default));
    let b = sys.spawn(Props::new("b", Player::default));
    sys.tell(
        &a,
        Ball {
            hits_left: 3,
            reply_to: b.clone(),
        },
    );
    assert!(sys.run_until_quiet(FOREVER));
    // Four handlings, each after 40 ms in transit; no real time passed.
    assert_eq!(sys.now(), Time::from_millis(160));
    assert_eq!(sys.stats().handled, 4);
    let events = rec.events();
    let handles: Vec<_> = events
        .iter()
        .filter(|e| e.kind.name() == "handle")
        .map(|e| (e.time.as_micros() / 1000, e.kind.actor().0))
        .collect();
    assert_eq!(handles, [(40, 0), (80, 1), (120, 0), (160, 1)]);
    // send -> deliver -> handle share one message id.
    let first = events.iter().find(|e| e.kind.name() == "send").unwrap();
    let id = first.kind.msg().unwrap().id;
    let same: Vec<_> = events
        .iter()
        .filter(|e| e.kind.msg().is_some_and(|m| m.id == id))
        .map(|e| e.kind.name())
        .collect();
    assert_eq!(same, ["send", "deliver", "handle"]);
    assert_eq!(
        first.kind.msg().unwrap().detail.as_deref(),
        Some("hits_left=3")
    );
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "seq is total and dense"
    );
}

#[test]
fn zero_latency_delivers_at_once_and_events_cost_nothing_unobserved() {
    let sys = System::new(Config {
        latency: Duration::ZERO,
    });
    let a = sys.spawn(Props::new("a", Player::default));
    let b = sys.spawn(Props::new("b", Player::default));
    sys.tell(
        &a,
        Ball {
            hits_left: 999,
            reply_to: b,
        },
    );
    assert!(sys.run_until_quiet(FOREVER));
    assert_eq!(sys.now(), Time::ZERO);
    assert_eq!(sys.stats().handled, 1000);
    assert_eq!(sys.stats().sent, 1000);
}

// ---------------------------------------------------------------------------------------
// Behaviours: a jack that, holding the car up, accepts only "lower".

#[derive(Debug, PartialEq)]
enum JackMsg {
    Lift,
    Lower,
}

impl Message for JackMsg {
    fn name(&self) -> &'static str {
        match self {
            JackMsg::Lift => "lift",
            JackMsg::Lower => "lower",
        }
    }
}

#[derive(Clone, Copy, Default, PartialEq, Debug)]
enum JackBehaviour {
    #[default]
    Down,
    Holding,
}

impl Behaviour for JackBehaviour {
    fn name(self) -> &'static str {
        match self {
            JackBehaviour::Down => "down",
            JackBehaviour::Holding => "holding",
        }
    }
}

struct Jack;

impl Actor for Jack {
    type Msg = JackMsg;
    type Behaviour = JackBehaviour;
    async fn handle(&mut self, ctx: &mut Context<Self>, msg: JackMsg) -> Result<Handled, Failure> {
        match (ctx.behaviour(), msg) {
            (JackBehaviour::Down, JackMsg::Lift) => {
                ctx.sleep(Duration::from_millis(250)).await;
                ctx.set_state("raised");
                ctx.become_(JackBehaviour::Holding);
            }
            (JackBehaviour::Holding, JackMsg::Lower) => {
                ctx.set_state("lowered");
                ctx.become_(JackBehaviour::Down);
            }
            _ => return Ok(Handled::Unhandled),
        }
        Ok(Handled::Done)
    }
}

#[test]
fn behaviour_switches_and_unhandled_messages_are_recorded() {
    let (sys, rec) = system(10);
    let jack = sys.spawn(Props::new("jack", || Jack));
    sys.tell(&jack, JackMsg::Lift);
    sys.tell(&jack, JackMsg::Lift); // queued while lifting: met by "holding"
    sys.tell(&jack, JackMsg::Lower);
    assert!(sys.run_until_quiet(FOREVER));
    let events = rec.events();
    let story: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Handle { msg } => Some(format!("handle {}", msg.name)),
            EventKind::Unhandled { msg, behaviour } => {
                Some(format!("unhandled {} in {behaviour}", msg.name))
            }
            EventKind::Become { behaviour, .. } => Some(format!("become {behaviour}")),
            EventKind::State { state, .. } => Some(format!("state {state}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        story,
        [
            "handle lift",
            "state raised",
            "become holding",
            "handle lift",
            "unhandled lift in holding",
            "handle lower",
            "state lowered",
            "become down",
        ]
    );
    assert_eq!(sys.stats().unhandled, 1);
    assert_eq!(sys.behaviour(jack.id()), Some("down"));
}

#[test]
fn a_busy_actor_queues_messages_and_its_mailbox_depth_is_visible() {
    let (sys, rec) = system(10);
    let jack = sys.spawn(Props::new("jack", || Jack));
    sys.tell(&jack, JackMsg::Lift);
    sys.tell(&jack, JackMsg::Lower);
    sys.tell(&jack, JackMsg::Lower);
    // At 10 ms all three arrive; the first is taken at once and the jack sleeps 250 ms.
    sys.advance(Time::from_millis(100), &mut Unlimited);
    assert_eq!(sys.mailbox_depth(jack.id()), Some(2));
    assert_eq!(jack.depth(), 2);
    let depths: Vec<u32> = rec
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Deliver { depth, .. } => Some(depth),
            _ => None,
        })
        .collect();
    assert_eq!(depths, [1, 2, 3]);
    assert!(sys.run_until_quiet(FOREVER));
    assert_eq!(jack.depth(), 0);
}

// ---------------------------------------------------------------------------------------
// Children, stop, failure, restart, dead letters.

enum WorkerMsg {
    Work(u32),
    Explode,
}

impl Message for WorkerMsg {
    fn name(&self) -> &'static str {
        match self {
            WorkerMsg::Work(_) => "work",
            WorkerMsg::Explode => "explode",
        }
    }
}

struct Worker {
    done: Rc<RefCell<Vec<u32>>>,
    /// Fresh state per incarnation: how many jobs this incarnation did.
    jobs: u32,
}

impl Actor for Worker {
    type Msg = WorkerMsg;
    type Behaviour = ();
    async fn handle(
        &mut self,
        _ctx: &mut Context<Self>,
        msg: WorkerMsg,
    ) -> Result<Handled, Failure> {
        match msg {
            WorkerMsg::Work(n) => {
                self.jobs += 1;
                self.done.borrow_mut().push(n * 100 + self.jobs);
                Ok(Handled::Done)
            }
            WorkerMsg::Explode => Err(Failure::new("exploded")),
        }
    }
}

enum BossMsg {
    Hire,
    Order(u32),
}

impl Message for BossMsg {
    fn name(&self) -> &'static str {
        match self {
            BossMsg::Hire => "hire",
            BossMsg::Order(_) => "order",
        }
    }
}

struct Boss {
    done: Rc<RefCell<Vec<u32>>>,
    worker: Option<Addr<WorkerMsg>>,
    exits: Rc<RefCell<Vec<ChildExit>>>,
    restart: bool,
}

impl Actor for Boss {
    type Msg = BossMsg;
    type Behaviour = ();
    async fn handle(&mut self, ctx: &mut Context<Self>, msg: BossMsg) -> Result<Handled, Failure> {
        match msg {
            BossMsg::Hire => {
                let done = Rc::clone(&self.done);
                let worker = ctx.spawn(Props::new("worker", move || Worker {
                    done: Rc::clone(&done),
                    jobs: 0,
                }));
                self.worker = Some(worker);
            }
            BossMsg::Order(n) => {
                let worker = self.worker.as_ref().expect("hired first");
                if n == 0 {
                    ctx.send(worker, WorkerMsg::Explode);
                } else {
                    ctx.send(worker, WorkerMsg::Work(n));
                }
            }
        }
        Ok(Handled::Done)
    }

    async fn child_exited(
        &mut self,
        ctx: &mut Context<Self>,
        exit: ChildExit,
    ) -> Result<(), Failure> {
        self.exits.borrow_mut().push(exit.clone());
        if self.restart && matches!(exit.exit, Exit::Failed(_)) {
            ctx.restart(exit.child, "one_for_one")
                .map_err(|e| Failure::new(e.to_string()))?;
        }
        Ok(())
    }
}

type Shared<T> = Rc<RefCell<Vec<T>>>;

fn boss(sys: &System, restart: bool) -> (Addr<BossMsg>, Shared<u32>, Shared<ChildExit>) {
    let done = Rc::new(RefCell::new(Vec::new()));
    let exits = Rc::new(RefCell::new(Vec::new()));
    let (d, x) = (Rc::clone(&done), Rc::clone(&exits));
    let addr = sys.spawn(Props::new("boss", move || Boss {
        done: Rc::clone(&d),
        worker: None,
        exits: Rc::clone(&x),
        restart,
    }));
    (addr, done, exits)
}

#[test]
fn an_actor_creates_children_with_the_parent_recorded() {
    let (sys, rec) = system(5);
    let (b, _, _) = boss(&sys, false);
    sys.tell(&b, BossMsg::Hire);
    assert!(sys.run_until_quiet(FOREVER));
    let worker = sys.find("worker").expect("spawned");
    assert_eq!(sys.parent(worker), Some(b.id()));
    let spawn = rec
        .events()
        .iter()
        .find(|e| matches!(&e.kind, EventKind::Spawn { name, .. } if &**name == "worker"))
        .cloned()
        .expect("spawn event");
    assert!(matches!(spawn.kind, EventKind::Spawn { parent: Some(p), .. } if p == b.id()));
}

#[test]
fn a_failing_handler_stops_only_its_actor_and_tells_its_parent() {
    let (sys, rec) = system(5);
    let (b, done, exits) = boss(&sys, false);
    sys.tell(&b, BossMsg::Hire);
    sys.tell(&b, BossMsg::Order(0)); // explode
    assert!(sys.run_until_quiet(FOREVER));
    sys.tell(&b, BossMsg::Order(7)); // to a stopped worker: dead letter
    assert!(sys.run_until_quiet(FOREVER));
    let worker = sys.find("worker").unwrap();
    assert!(!sys.is_alive(worker));
    assert!(sys.is_alive(b.id()), "the parent keeps running");
    assert_eq!(
        *exits.borrow(),
        [ChildExit {
            child: worker,
            exit: Exit::Failed("exploded".into())
        }]
    );
    assert!(done.borrow().is_empty());
    let events = rec.events();
    assert!(events.iter().any(|e| matches!(&e.kind,
        EventKind::Stop { actor, failed: true, reason } if *actor == worker && reason == "exploded")));
    let dead: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DeadLetter { msg, reason } => Some((msg.name, *reason)),
            _ => None,
        })
        .collect();
    assert_eq!(dead, [("work", DeadReason::Stopped)]);
    assert_eq!(sys.stats().dead_letters, 1);
}

#[test]
fn a_parent_restarts_a_failed_child_with_fresh_state_at_the_same_address() {
    let (sys, rec) = system(5);
    let (b, done, _) = boss(&sys, true);
    sys.tell(&b, BossMsg::Hire);
    sys.tell(&b, BossMsg::Order(1));
    sys.tell(&b, BossMsg::Order(2));
    assert!(sys.run_until_quiet(FOREVER));
    sys.tell(&b, BossMsg::Order(0));
    assert!(sys.run_until_quiet(FOREVER));
    sys.tell(&b, BossMsg::Order(3));
    assert!(sys.run_until_quiet(FOREVER));
    // Job counters: 1 and 2 by the first incarnation; 3 is the new one's first job.
    assert_eq!(*done.borrow(), [101, 202, 301]);
    let worker = sys.find("worker").unwrap();
    assert_eq!(sys.restarts(worker), Some(1));
    assert!(sys.is_alive(worker));
    assert!(rec.events().iter().any(|e| matches!(&e.kind,
        EventKind::Restart { actor, count: 1, reason } if *actor == worker && reason == "one_for_one")));
}

#[test]
fn messages_queued_behind_a_stop_become_dead_letters() {
    let (sys, rec) = system(5);
    let jack = sys.spawn(Props::new("jack", || Jack));
    sys.tell(&jack, JackMsg::Lift);
    sys.tell(&jack, JackMsg::Lower);
    sys.advance(Time::from_millis(6), &mut Unlimited); // lift taken, lower queued
    sys.stop(jack.id(), "test").expect("running");
    sys.tell(&jack, JackMsg::Lift);
    assert!(sys.run_until_quiet(FOREVER));
    let events = rec.events();
    let handled: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Handle { msg } => Some(msg.name),
            _ => None,
        })
        .collect();
    assert_eq!(
        handled,
        ["lift", "lower"],
        "queued before the stop: handled"
    );
    let dead = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::DeadLetter { .. }))
        .count();
    assert_eq!(
        dead, 1,
        "sent after the stop: a dead letter, never a silent drop"
    );
}

#[test]
fn a_full_bounded_mailbox_turns_arrivals_into_dead_letters() {
    let (sys, rec) = system(1);
    let jack = sys.spawn(Props::new("jack", || Jack).capacity(2));
    for _ in 0..5 {
        sys.tell(&jack, JackMsg::Lower);
    }
    sys.advance(Time::from_millis(1), &mut Unlimited);
    let reasons: Vec<_> = rec
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DeadLetter { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, [DeadReason::MailboxFull; 3]);
    let accepted = rec
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Deliver { .. }))
        .count();
    assert_eq!(accepted, 2, "the first two fit");
}

// ---------------------------------------------------------------------------------------
// Stepping and slicing do not change what happens.

fn pingpong_log(slicer: impl Fn(&System)) -> Vec<Event> {
    let (sys, rec) = system(40);
    let a = sys.spawn(Props::new("a", Player::default));
    let b = sys.spawn(Props::new("b", Player::default));
    let jack = sys.spawn(Props::new("jack", || Jack));
    sys.tell(
        &a,
        Ball {
            hits_left: 6,
            reply_to: b,
        },
    );
    sys.tell(&jack, JackMsg::Lift);
    sys.tell(&jack, JackMsg::Lower);
    slicer(&sys);
    assert!(sys.is_quiet());
    rec.take()
}

#[test]
fn step_starts_exactly_one_handling_and_changes_nothing_that_happens() {
    let whole = pingpong_log(|sys| assert!(sys.run_until_quiet(FOREVER)));
    let stepped = pingpong_log(|sys| {
        let mut handles = 0;
        let mut seen = 0;
        loop {
            let before = sys.stats().handled;
            match sys.step(FOREVER) {
                Progress::Stepped => {
                    assert_eq!(sys.stats().handled, before + 1, "exactly one handling");
                    handles += 1;
                }
                Progress::Reached => break,
                Progress::OutOfBudget => unreachable!("steps have no budget"),
            }
            seen += 1;
            assert!(seen < 1000);
        }
        assert_eq!(handles, 9);
        sys.run_until_quiet(FOREVER);
    });
    assert_eq!(format!("{whole:?}"), format!("{stepped:?}"));
}

#[test]
fn frame_slicing_and_budgets_change_nothing_that_happens() {
    let whole = pingpong_log(|sys| assert!(sys.run_until_quiet(FOREVER)));
    let sliced = pingpong_log(|sys| {
        let mut t = 0;
        let mut polls = 0u32;
        while !sys.is_quiet() {
            t += 7; // odd frame lengths
                    // A budget that runs out every other check.
            let mut budget = || {
                polls += 1;
                polls % 2 == 0
            };
            while sys.advance(Time::from_millis(t), &mut budget) == Progress::OutOfBudget {}
        }
    });
    assert_eq!(format!("{whole:?}"), format!("{sliced:?}"));
    assert_eq!(kinds(&whole).first(), Some(&"spawn"));
}

// ---------------------------------------------------------------------------------------
// A randomized property: random actors, random fan-out, random sleeps, random stops,
// random frame slicing; every send ends exactly once and per-pair order holds.

/// For each (sender, receiver) pair, the sender's counters in the order they were handled.
type PairLog = HashMap<(usize, usize), Vec<u64>>;

struct Hop {
    ttl: u32,
    /// (sender's index, sender's per-pair counter) to check ordering.
    stamp: (usize, u64),
}

impl Message for Hop {
    fn name(&self) -> &'static str {
        "hop"
    }
}

struct Hopper {
    index: usize,
    peers: Rc<RefCell<Vec<Addr<Hop>>>>,
    rng: pitstop::rng::Rng,
    sent_to: HashMap<usize, u64>,
    seen_from: Rc<RefCell<PairLog>>,
}

impl Actor for Hopper {
    type Msg = Hop;
    type Behaviour = ();
    async fn handle(&mut self, ctx: &mut Context<Self>, hop: Hop) -> Result<Handled, Failure> {
        self.seen_from
            .borrow_mut()
            .entry((hop.stamp.0, self.index))
            .or_default()
            .push(hop.stamp.1);
        if self.rng.chance(0.3) {
            ctx.sleep(Duration::from_micros(self.rng.below(20_000)))
                .await;
        }
        if hop.ttl == 0 {
            if self.rng.chance(0.05) {
                ctx.stop_self("retired");
            }
            return Ok(Handled::Done);
        }
        let fanout = self.rng.below(3);
        let peers = self.peers.borrow().clone();
        for _ in 0..fanout {
            let to = self.rng.below(peers.len() as u64) as usize;
            let counter = self.sent_to.entry(to).or_default();
            *counter += 1;
            let stamp = (self.index, *counter);
            ctx.send(
                &peers[to],
                Hop {
                    ttl: hop.ttl - 1,
                    stamp,
                },
            );
        }
        Ok(Handled::Done)
    }
}

fn random_run(seed: u64, sliced: bool) -> (Vec<Event>, PairLog) {
    let mut rng = pitstop::rng::Rng::new(seed);
    let latency = 1 + rng.below(50);
    let (sys, rec) = system(latency);
    let n = 2 + rng.below(5) as usize;
    let peers = Rc::new(RefCell::new(Vec::new()));
    let seen = Rc::new(RefCell::new(HashMap::new()));
    for index in 0..n {
        let (p, s) = (Rc::clone(&peers), Rc::clone(&seen));
        let addr = sys.spawn(Props::new(format!("h{index}"), move || Hopper {
            index,
            peers: Rc::clone(&p),
            rng: pitstop::rng::Rng::derive(seed, &format!("h{index}")),
            sent_to: HashMap::new(),
            seen_from: Rc::clone(&s),
        }));
        peers.borrow_mut().push(addr);
    }
    for k in 0..3 {
        let to = peers.borrow()[k % n].clone();
        sys.tell(
            &to,
            Hop {
                ttl: 6,
                stamp: (usize::MAX, k as u64),
            },
        );
    }
    if sliced {
        let mut t = 0;
        while !sys.is_quiet() {
            t += 1 + rng.below(30);
            let mut left = 1 + rng.below(5);
            let mut budget = || {
                left = left.saturating_sub(1);
                left == 0
            };
            while sys.advance(Time::from_millis(t), &mut budget) == Progress::OutOfBudget {}
        }
    } else {
        assert!(sys.run_until_quiet(FOREVER));
    }
    let seen = seen.borrow().clone();
    (rec.take(), seen)
}

#[test]
fn property_every_send_ends_exactly_once_and_pair_order_holds() {
    for seed in 0..300 {
        let (events, seen) = random_run(seed, false);
        let mut ends: HashMap<u64, u32> = HashMap::new();
        let mut sends = 0;
        for e in &events {
            match &e.kind {
                EventKind::Send { msg, .. } => {
                    sends += 1;
                    ends.entry(msg.id.0).or_default();
                }
                EventKind::Handle { msg } | EventKind::DeadLetter { msg, .. } => {
                    *ends.get_mut(&msg.id.0).expect("sent before it ends") += 1;
                }
                _ => {}
            }
        }
        assert!(sends > 0, "seed {seed}: something was sent");
        for (id, count) in &ends {
            assert_eq!(*count, 1, "seed {seed}: message {id} ended {count} times");
        }
        for ((from, to), stamps) in &seen {
            if *from != usize::MAX {
                assert!(
                    stamps.windows(2).all(|w| w[0] < w[1]),
                    "seed {seed}: {from}->{to} out of order: {stamps:?}"
                );
            }
        }
        let (again, _) = random_run(seed, true);
        assert_eq!(
            format!("{events:?}"),
            format!("{again:?}"),
            "seed {seed}: same seed, different slicing, different log"
        );
    }
}

#[test]
fn dropping_a_system_frees_its_actors() {
    let probe = Rc::new(());
    {
        let sys = System::new(Config::default());
        let held = Rc::clone(&probe);
        let a = sys.spawn(Props::new("a", move || {
            let _ = &held;
            Player::default()
        }));
        sys.tell(
            &a,
            Ball {
                hits_left: 0,
                reply_to: a.clone(),
            },
        );
        sys.advance(Time::from_millis(1), &mut Unlimited); // a message still in transit
        assert!(Rc::strong_count(&probe) > 1);
    }
    assert_eq!(Rc::strong_count(&probe), 1);
}
