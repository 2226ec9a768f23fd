//! Folds the event stream into what is on screen.
//!
//! [`SceneModel::apply`] takes events in order; [`SceneModel::snapshot`] gives the scene at a
//! virtual time, with motion interpolated between events (a wheel slides off over the time its
//! phase takes; a message travels from send to arrival). The model reads events only: it never
//! touches the simulation, and a log loaded from a file folds exactly like a live run.

use crate::numfmt::clamp;
use std::rc::Rc;

use crate::pitstop::names::{Corner, End, CAR};
use crate::runtime::{ActorId, Event, EventKind, Time};

use super::layout::{self, LANE_ENTRY_X, LANE_EXIT_X, WHEEL_ASIDE_ACROSS, WHEEL_ASIDE_ALONG};
use super::model::{
    ActorCard, Alarm, AlarmKind, Falling, Packet, PacketKind, Scene, Stopwatch, Wheel, WheelPhase,
};

/// How long a motion takes when the event does not say (a full-crew phase, led by messages).
const DEFAULT_MOTION_MS: f64 = 250.0;

/// Whether to animate motion between events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Motion {
    /// Positions glide between events.
    #[default]
    Full,
    /// `prefers-reduced-motion`: things move in one step at the end of their motion, and a
    /// message in flight is shown at rest halfway, with its label; nothing is hidden.
    Reduced,
}

/// What the scene knows about one actor.
#[derive(Clone, Debug)]
struct Track {
    name: Rc<str>,
    label: Rc<str>,
    parent: Option<ActorId>,
    behaviour: &'static str,
    state: &'static str,
    since: Time,
    until: Option<Time>,
    depth: u32,
    alive: bool,
    restarts: u32,
    alarm: Option<(AlarmKind, Time)>,
}

/// A message between its send and its arrival.
#[derive(Clone, Debug)]
struct Flight {
    msg_id: u64,
    name: &'static str,
    from: Option<ActorId>,
    to: ActorId,
    sent: Time,
    arrives: Time,
    lost: bool,
}

/// How long (virtual milliseconds) an alarm stays on an actor, and a dead letter falls.
const ALARM_MS: f64 = 900.0;
const FALL_MS: f64 = 700.0;

/// Milliseconds from whole microseconds, so that 2.029508 s reads 2029.508 and not the
/// 2029.5079999999998 that seconds times a thousand gives.
fn millis(d: std::time::Duration) -> f64 {
    d.as_micros() as f64 / 1000.0
}

/// The fold of the event stream.
#[derive(Clone, Debug, Default)]
pub struct SceneModel {
    actors: Vec<Option<Track>>,
    flights: Vec<Flight>,
    /// Sender and receiver of every message seen, indexed by message id (ids are dense from
    /// zero), to highlight a path after the fact. A `Vec`, not a map: a stop has a few hundred
    /// messages, and hashing code costs the `.wasm` 4 KB.
    routes: Vec<Option<(Option<ActorId>, ActorId)>>,
    full_crew: bool,
    stopped_at: Option<Time>,
    released_at: Option<Time>,
    dead_letters: u32,
    /// Dead letters: (message name, receiver, when), for the fall into the bin.
    dead: Vec<(u64, &'static str, ActorId, Time)>,
    /// When the stop was called off (the stopwatch stops there).
    aborted_at: Option<Time>,
    highlight: Option<u64>,
    /// The time of the newest event applied.
    latest: Time,
}

impl SceneModel {
    pub fn new() -> SceneModel {
        SceneModel::default()
    }

    /// Takes one event into the picture. Events must come in order.
    pub fn apply(&mut self, event: &Event) {
        self.latest = self.latest.max(event.time);
        match &event.kind {
            EventKind::Spawn {
                actor,
                parent,
                name,
                label,
            } => {
                if name.contains('.') {
                    self.full_crew = true;
                }
                let slot = self.slot(*actor);
                *slot = Some(Track {
                    name: Rc::clone(name),
                    label: Rc::clone(label),
                    parent: *parent,
                    behaviour: "",
                    state: "",
                    since: event.time,
                    until: None,
                    depth: 0,
                    alive: true,
                    restarts: 0,
                    alarm: None,
                });
            }
            EventKind::Send { msg, latency_us } => {
                // Message ids are dense from zero; one that is not (a foreign stream) is
                // simply not highlightable, rather than a reason to grow the table to it.
                match usize::try_from(msg.id.0) {
                    Ok(i) if i < self.routes.len() => self.routes[i] = Some((msg.from, msg.to)),
                    Ok(i) if i == self.routes.len() => self.routes.push(Some((msg.from, msg.to))),
                    _ => {}
                }
                self.flights.push(Flight {
                    msg_id: msg.id.0,
                    name: msg.name,
                    from: msg.from,
                    to: msg.to,
                    sent: event.time,
                    arrives: event.time + std::time::Duration::from_micros(*latency_us),
                    lost: false,
                });
            }
            EventKind::Deliver { msg, depth } => {
                self.land(msg.id.0);
                if let Some(t) = self.track(msg.to) {
                    t.depth = *depth;
                }
            }
            EventKind::DeadLetter { msg, .. } => {
                self.land(msg.id.0);
                self.dead_letters += 1;
                self.dead.push((msg.id.0, msg.name, msg.to, event.time));
            }
            EventKind::Handle { msg } => {
                if let Some(t) = self.track(msg.to) {
                    t.depth = t.depth.saturating_sub(1);
                }
            }
            EventKind::Unhandled { .. } => {}
            EventKind::State {
                actor,
                state,
                until,
                ..
            } => {
                let is_car = self.is(*actor, CAR);
                if is_car && *state == "stopped" {
                    self.stopped_at = Some(event.time);
                }
                if is_car && *state == "released" {
                    self.released_at = Some(event.time);
                }
                if *state == "aborted" && self.aborted_at.is_none() {
                    self.aborted_at = Some(event.time);
                }
                if let Some(t) = self.track(*actor) {
                    t.state = state;
                    t.since = event.time;
                    t.until = *until;
                }
            }
            EventKind::Become { actor, behaviour } => {
                if let Some(t) = self.track(*actor) {
                    t.behaviour = behaviour;
                }
            }
            EventKind::Stop { actor, failed, .. } => {
                if let Some(t) = self.track(*actor) {
                    t.alive = false;
                    t.depth = 0;
                    t.until = None;
                    if *failed {
                        t.alarm = Some((AlarmKind::Failed, event.time));
                    }
                }
            }
            EventKind::Fault { actor, msg, .. } => {
                if let Some(msg) = msg {
                    if let Some(f) = self.flights.iter_mut().find(|f| f.msg_id == msg.id.0) {
                        f.lost = true;
                    }
                }
                if let Some(t) = self.track(*actor) {
                    t.alarm = Some((AlarmKind::Fault, event.time));
                }
            }
            EventKind::Timeout { actor, .. } => {
                if let Some(t) = self.track(*actor) {
                    t.alarm = Some((AlarmKind::Timeout, event.time));
                }
            }
            EventKind::Restart { actor, count, .. } => {
                if let Some(t) = self.track(*actor) {
                    t.alive = true;
                    t.restarts = *count;
                    t.depth = 0;
                    t.behaviour = "";
                }
            }
        }
    }

    /// True if message `msg_id` has been sent (its path can be drawn).
    pub fn has_message(&self, msg_id: u64) -> bool {
        usize::try_from(msg_id)
            .ok()
            .and_then(|i| self.routes.get(i))
            .is_some_and(Option::is_some)
    }

    /// Highlights a message's path (from a click on a log line); `None` clears it.
    pub fn highlight(&mut self, msg_id: Option<u64>) {
        self.highlight = msg_id;
    }

    /// The time of the newest event applied.
    pub fn latest(&self) -> Time {
        self.latest
    }

    /// When everything the events so far set moving has come to rest: every actor's motion
    /// (its timed activity, or the short glide into a new state), alarm and dead letter's fall
    /// over, every message arrived (a lost one flies its whole course). A player whose stop
    /// has no events left plays on until then, so that a stop never ends on a frozen
    /// half-animation, and ends there, whatever the frames or a seek asked for.
    pub fn still_after(&self) -> Time {
        let after = |at: Time, ms: f64| at + std::time::Duration::from_micros((ms * 1000.0) as u64);
        let tracks = self.actors.iter().flatten();
        let motions = tracks.clone().map(|t| match t.until {
            Some(until) if until > t.since => until,
            _ => after(t.since, DEFAULT_MOTION_MS),
        });
        let alarms = tracks.filter_map(|t| t.alarm.map(|(_, at)| after(at, ALARM_MS)));
        let falls = self.dead.iter().map(|(_, _, _, at)| after(*at, FALL_MS));
        let arrivals = self.flights.iter().map(|f| f.arrives);
        motions
            .chain(alarms)
            .chain(falls)
            .chain(arrivals)
            .fold(self.latest, Time::max)
    }

    /// True once the stop has been called off (the race engineer's `aborted` state).
    pub fn aborted(&self) -> bool {
        self.aborted_at.is_some()
    }

    /// The scene at virtual time `t` (normally the clock's time, at or after the newest event).
    pub fn snapshot(&self, t: Time, motion: Motion) -> Scene {
        let car_x = self.car_x(t, motion);
        let wheels = Corner::ALL.map(|corner| self.wheel(corner, t, motion));
        let lift = End::BOTH.map(|end| self.lift(end, t, motion));
        let jack_engaged = End::BOTH.map(|end| self.jack_engaged(end));
        let cards = self
            .actors
            .iter()
            .enumerate()
            .filter_map(|(i, track)| Some((i, track.as_ref()?)))
            .filter(|(i, track)| track.alive || !self.replaced(*i, &track.name))
            .map(|(_, track)| track)
            .filter(|track| &*track.name != CAR)
            .filter_map(|track| {
                let pos = layout::post(&track.name, self.full_crew)?;
                Some(ActorCard {
                    name: Rc::clone(&track.name),
                    label: Rc::clone(&track.label),
                    pos,
                    behaviour: track.behaviour,
                    state: track.state,
                    depth: track.depth,
                    busy: busy(track, t),
                    alive: track.alive,
                    restarts: track.restarts,
                    minor: track.name.contains('.'),
                    alarm: track.alarm.and_then(|(kind, at)| {
                        let age = t.since(at).as_secs_f64() * 1000.0 / ALARM_MS;
                        (age < 1.0).then_some(Alarm { kind, age })
                    }),
                })
            })
            .collect();
        let packets = self
            .flights
            .iter()
            .filter(|f| f.arrives > f.sent && t >= f.sent && t < f.arrives)
            .map(|f| {
                let p = (t - f.sent).as_secs_f64() / (f.arrives - f.sent).as_secs_f64();
                Packet {
                    msg_id: f.msg_id,
                    name: f.name,
                    kind: self.kind(f.from, f.to),
                    from: self.position(f.from.unwrap_or(f.to), car_x),
                    to: self.position(f.to, car_x),
                    progress: match motion {
                        Motion::Full => clamp(p, 0.0, 1.0),
                        Motion::Reduced => 0.5,
                    },
                    lost: f.lost,
                }
            })
            .collect();
        let falling = self
            .dead
            .iter()
            .filter_map(|(msg_id, name, to, at)| {
                let p = t.since(*at).as_secs_f64() * 1000.0 / FALL_MS;
                (p < 1.0).then(|| Falling {
                    msg_id: *msg_id,
                    name,
                    from: self.position(*to, car_x),
                    progress: if motion == Motion::Full { p } else { 0.5 },
                })
            })
            .collect();
        let highlight = self.highlight.and_then(|id| {
            let (from, to) = (*self.routes.get(usize::try_from(id).ok()?)?)?;
            Some((
                self.position(from.unwrap_or(to), car_x),
                self.position(to, car_x),
            ))
        });
        Scene {
            t_ms: t.as_millis_f64(),
            car_x,
            lift,
            jack_engaged,
            wheels,
            cards,
            packets,
            stopwatch: self.stopwatch(t),
            dead_letters: self.dead_letters,
            falling,
            aborted: self.aborted_at.is_some(),
            highlight,
        }
    }

    /// True if an actor created after the one at `index` has the same name (`#n` aside):
    /// the earlier one's card gives way to it.
    fn replaced(&self, index: usize, name: &str) -> bool {
        let base = crate::runtime::base_name(name);
        self.actors[index + 1..]
            .iter()
            .flatten()
            .any(|t| crate::runtime::base_name(&t.name) == base)
    }

    fn slot(&mut self, id: ActorId) -> &mut Option<Track> {
        let i = id.index();
        if self.actors.len() <= i {
            self.actors.resize(i + 1, None);
        }
        &mut self.actors[i]
    }

    fn track(&mut self, id: ActorId) -> Option<&mut Track> {
        self.actors.get_mut(id.index())?.as_mut()
    }

    fn get(&self, id: ActorId) -> Option<&Track> {
        self.actors.get(id.index())?.as_ref()
    }

    /// The newest actor called `name` (a restarted parent creates its children anew); a
    /// linear search, as a crew is at most a few dozen.
    fn named(&self, name: &str) -> Option<&Track> {
        self.actors
            .iter()
            .flatten()
            .rev()
            .find(|t| &*t.name == name)
    }

    fn is(&self, id: ActorId, name: &str) -> bool {
        self.get(id).is_some_and(|t| &*t.name == name)
    }

    fn land(&mut self, msg_id: u64) {
        if let Some(i) = self.flights.iter().position(|f| f.msg_id == msg_id) {
            self.flights.swap_remove(i);
        }
    }

    /// Orders go down the tree, reports up; reminders are to oneself.
    fn kind(&self, from: Option<ActorId>, to: ActorId) -> PacketKind {
        let Some(from) = from else {
            return PacketKind::Peer;
        };
        if from == to {
            PacketKind::Reminder
        } else if self.get(to).and_then(|t| t.parent) == Some(from) {
            PacketKind::Command
        } else if self.get(from).and_then(|t| t.parent) == Some(to) {
            PacketKind::Report
        } else {
            PacketKind::Peer
        }
    }

    /// Where an actor is now, world metres: its post, or the car's cockpit.
    fn position(&self, id: ActorId, car_x: f64) -> (f64, f64) {
        match self.get(id) {
            Some(t) if &*t.name == CAR => (car_x + 0.3, 0.0),
            Some(t) => layout::post(&t.name, self.full_crew).unwrap_or((0.0, 0.0)),
            None => (0.0, 0.0),
        }
    }

    fn car_x(&self, t: Time, motion: Motion) -> f64 {
        let Some(car) = self.named(CAR) else {
            return LANE_ENTRY_X;
        };
        let p = progress(car, t, motion);
        match car.state {
            "entering" => LANE_ENTRY_X * (1.0 - ease_out(p)),
            "leaving" => LANE_EXIT_X * ease_in(p),
            "gone" => LANE_EXIT_X,
            "" => LANE_ENTRY_X,
            _ => 0.0,
        }
    }

    fn lift(&self, end: End, t: Time, motion: Motion) -> f64 {
        let Some(jack) = self.named(end.actor()) else {
            return 0.0;
        };
        let p = progress(jack, t, motion);
        match jack.state {
            "lifting" => p,
            "raised" => 1.0,
            "lowering" => 1.0 - p,
            _ => 0.0,
        }
    }

    fn jack_engaged(&self, end: End) -> bool {
        let car_in_box = self.stopped_at.is_some() && self.released_at.is_none();
        self.named(end.actor()).is_some_and(|jack| {
            matches!(jack.state, "lifting" | "raised" | "lowering")
                || (car_in_box && jack.state == "ready")
        })
    }

    fn wheel(&self, corner: Corner, t: Time, motion: Motion) -> Wheel {
        let Some(tire) = self.named(corner.actor()) else {
            return Wheel::default();
        };
        let out = corner.side() * WHEEL_ASIDE_ACROSS;
        let old_aside = (-WHEEL_ASIDE_ALONG, out);
        let new_waiting = (WHEEL_ASIDE_ALONG, out);
        let p = progress(tire, t, motion);
        let prepared = !tire.state.is_empty();
        let (phase, old_offset, new_offset, gun_working) = match tire.state {
            "changing" => (WheelPhase::On, (0.0, 0.0), Some(new_waiting), true),
            "nut_off" => (
                WheelPhase::NutOff,
                lerp((0.0, 0.0), old_aside, p),
                Some(new_waiting),
                false,
            ),
            "wheel_off" => (
                WheelPhase::Off,
                old_aside,
                Some(lerp(new_waiting, (0.0, 0.0), p)),
                false,
            ),
            "wheel_on" => (WheelPhase::NewOn, old_aside, Some((0.0, 0.0)), true),
            "done" => (WheelPhase::Secured, old_aside, Some((0.0, 0.0)), false),
            _ if tire.alive && prepared => (WheelPhase::On, (0.0, 0.0), Some(new_waiting), false),
            // Stopped after the stop: the old wheel stays where it was put down.
            _ if !tire.alive => (WheelPhase::Secured, old_aside, Some((0.0, 0.0)), false),
            _ => (WheelPhase::On, (0.0, 0.0), None, false),
        };
        Wheel {
            phase,
            progress: p,
            old_offset,
            new_offset,
            gun_working,
        }
    }

    fn stopwatch(&self, t: Time) -> Stopwatch {
        match (self.stopped_at, self.released_at) {
            (Some(stopped), Some(released)) => Stopwatch {
                stationary_ms: Some(millis(released - stopped)),
                done: true,
            },
            // An aborted stop's time ends where it was called off: the car stays on its
            // jacks, but the stop is over.
            (Some(stopped), None) => Stopwatch {
                stationary_ms: Some(millis(self.aborted_at.map_or(t, |a| a.min(t)) - stopped)),
                done: false,
            },
            _ => Stopwatch::default(),
        }
    }
}

/// How far an actor is through its current timed state, 0..1.
fn progress(track: &Track, t: Time, motion: Motion) -> f64 {
    let total_ms = match track.until {
        Some(until) if until > track.since => (until - track.since).as_secs_f64() * 1000.0,
        _ => DEFAULT_MOTION_MS,
    };
    let p = clamp(
        (t - track.since).as_secs_f64() * 1000.0 / total_ms,
        0.0,
        1.0,
    );
    match motion {
        Motion::Full => p,
        Motion::Reduced => {
            if p >= 1.0 {
                1.0
            } else {
                0.0
            }
        }
    }
}

/// The progress of an actor's activity while it is busy with one of known length.
fn busy(track: &Track, t: Time) -> Option<f64> {
    let until = track.until?;
    (track.alive && t < until && until > track.since)
        .then(|| (t - track.since).as_secs_f64() / (until - track.since).as_secs_f64())
}

fn lerp(a: (f64, f64), b: (f64, f64), p: f64) -> (f64, f64) {
    (a.0 + (b.0 - a.0) * p, a.1 + (b.1 - a.1) * p)
}

fn ease_out(p: f64) -> f64 {
    1.0 - (1.0 - p) * (1.0 - p)
}

fn ease_in(p: f64) -> f64 {
    p * p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pitstop::{simulate, CrewKind, StopPlan};
    use crate::scene::model::PacketKind;

    fn stop(crew: CrewKind) -> Vec<Event> {
        simulate(
            &StopPlan {
                seed: 3,
                crew,
                ..StopPlan::default()
            }
            .validated()
            .unwrap(),
        )
    }

    /// The model after every event up to and including virtual time `t`.
    fn at(events: &[Event], t: Time) -> SceneModel {
        let mut model = SceneModel::new();
        for e in events.iter().take_while(|e| e.time <= t) {
            model.apply(e);
        }
        model
    }

    /// When `actor` entered `state`.
    fn when(events: &[Event], actor: &str, state: &str) -> Time {
        let mut names = crate::names_table::NameTable::default();
        for e in events {
            names.observe(e);
            if let EventKind::State {
                actor: a, state: s, ..
            } = &e.kind
            {
                if names.name(*a) == actor && *s == state {
                    return e.time;
                }
            }
        }
        panic!("{actor} never {state}")
    }

    fn ms(t: Time, plus_ms: u64) -> Time {
        t + std::time::Duration::from_millis(plus_ms)
    }

    #[test]
    fn the_car_drives_in_stops_and_leaves() {
        let events = stop(CrewKind::Seed);
        let early =
            at(&events, Time::from_millis(100)).snapshot(Time::from_millis(100), Motion::Full);
        assert!(
            early.car_x < -5.0,
            "entering: far up the lane, got {}",
            early.car_x
        );
        let mid = Time::from_millis(700);
        let later = at(&events, mid).snapshot(mid, Motion::Full);
        assert!(
            later.car_x > early.car_x && later.car_x < 0.0,
            "moving in: {}",
            later.car_x
        );
        let stopped = when(&events, "car", "stopped");
        let scene = at(&events, stopped).snapshot(stopped, Motion::Full);
        assert_eq!(scene.car_x, 0.0);
        let gone = when(&events, "car", "gone");
        assert_eq!(
            at(&events, gone).snapshot(gone, Motion::Full).car_x,
            layout::LANE_EXIT_X
        );
    }

    #[test]
    fn the_car_is_lifted_while_the_jacks_are_up() {
        let events = stop(CrewKind::Seed);
        let raised =
            when(&events, "jack_front", "raised").max(when(&events, "jack_rear", "raised"));
        let scene = at(&events, raised).snapshot(raised, Motion::Full);
        assert_eq!(scene.lift, [1.0, 1.0]);
        assert_eq!(scene.jack_engaged, [true, true]);
        let lifting = when(&events, "jack_front", "lifting");
        let halfway = ms(lifting, 60);
        let scene = at(&events, halfway).snapshot(halfway, Motion::Full);
        assert!(
            scene.lift[0] > 0.0 && scene.lift[0] < 1.0,
            "lifting: {}",
            scene.lift[0]
        );
        let gone = when(&events, "car", "gone");
        let scene = at(&events, gone).snapshot(gone, Motion::Full);
        assert_eq!(scene.lift, [0.0, 0.0]);
        assert_eq!(scene.jack_engaged, [false, false]);
    }

    #[test]
    fn wheels_go_through_their_phases_and_glide_between_them() {
        let events = stop(CrewKind::Seed);
        let fl = Corner::FrontLeft.index();
        let changing = when(&events, "tire_fl", "changing");
        let w = at(&events, changing)
            .snapshot(changing, Motion::Full)
            .wheels[fl];
        assert_eq!((w.phase, w.gun_working), (WheelPhase::On, true));

        let nut_off = when(&events, "tire_fl", "nut_off");
        let mid = ms(nut_off, 100);
        let w = at(&events, mid).snapshot(mid, Motion::Full).wheels[fl];
        assert_eq!(w.phase, WheelPhase::NutOff);
        assert!(
            w.old_offset.1 < 0.0 && w.old_offset.1 > -WHEEL_ASIDE_ACROSS,
            "sliding out: {:?}",
            w.old_offset
        );

        let wheel_off = when(&events, "tire_fl", "wheel_off");
        let w = at(&events, wheel_off)
            .snapshot(wheel_off, Motion::Full)
            .wheels[fl];
        assert_eq!(w.phase, WheelPhase::Off);
        assert_eq!(w.old_offset, (-WHEEL_ASIDE_ALONG, -WHEEL_ASIDE_ACROSS));

        let done = when(&events, "tire_fl", "done");
        let w = at(&events, done).snapshot(done, Motion::Full).wheels[fl];
        assert_eq!(
            (w.phase, w.new_offset),
            (WheelPhase::Secured, Some((0.0, 0.0)))
        );
    }

    #[test]
    fn reduced_motion_moves_in_steps_but_shows_the_same_things() {
        let events = stop(CrewKind::Seed);
        let nut_off = when(&events, "tire_fl", "nut_off");
        let mid = ms(nut_off, 100);
        let model = at(&events, mid);
        let w = model.snapshot(mid, Motion::Reduced).wheels[0];
        assert_eq!(w.phase, WheelPhase::NutOff);
        assert_eq!(
            w.old_offset,
            (0.0, 0.0),
            "no glide: still on the hub until the phase ends"
        );
        let full = model.snapshot(mid, Motion::Full);
        let reduced = model.snapshot(mid, Motion::Reduced);
        assert_eq!(full.cards.len(), reduced.cards.len());
        assert_eq!(full.packets.len(), reduced.packets.len());
    }

    #[test]
    fn messages_in_flight_have_progress_kind_and_ends() {
        let events = stop(CrewKind::Seed);
        // The car announces itself at 0 ms; latency is 40 ms.
        let t = Time::from_millis(20);
        let scene = at(&events, t).snapshot(t, Motion::Full);
        let entering = scene
            .packets
            .iter()
            .find(|p| p.name == "entering")
            .expect("in flight");
        assert!((entering.progress - 0.5).abs() < 1e-9);
        assert_eq!(entering.kind, PacketKind::Peer);
        assert_eq!(entering.to, layout::post("race_engineer", false).unwrap());
        // Orders from the engineer to the crew are commands; answers are reports.
        let t = Time::from_millis(60);
        let scene = at(&events, t).snapshot(t, Motion::Full);
        assert!(scene
            .packets
            .iter()
            .any(|p| p.name == "prepare" && p.kind == PacketKind::Command));
        let t = Time::from_millis(100);
        let scene = at(&events, t).snapshot(t, Motion::Full);
        assert!(scene
            .packets
            .iter()
            .any(|p| p.name == "ready" && p.kind == PacketKind::Report));
        // After arrival, the packet is gone.
        let t = Time::from_millis(45);
        assert!(at(&events, t)
            .snapshot(t, Motion::Full)
            .packets
            .iter()
            .all(|p| p.name != "entering"));
    }

    #[test]
    fn cards_show_behaviour_busy_and_mailbox_depth() {
        let events = stop(CrewKind::Seed);
        // Six "ready" replies reach the engineer at once: before it handles them, its
        // mailbox holds them all.
        let mut model = SceneModel::new();
        let mut seen = 0;
        for e in &events {
            model.apply(e);
            if let EventKind::Deliver { msg, .. } = &e.kind {
                if msg.name == "ready" {
                    seen += 1;
                    if seen == 6 {
                        break;
                    }
                }
            }
        }
        let scene = model.snapshot(model.latest(), Motion::Full);
        let engineer = scene
            .cards
            .iter()
            .find(|c| &*c.name == "race_engineer")
            .unwrap();
        assert_eq!(engineer.depth, 6);
        assert_eq!(engineer.behaviour, "preparing");

        let nut_off = when(&events, "tire_rr", "nut_off");
        let t = ms(nut_off, 50);
        let scene = at(&events, t).snapshot(t, Motion::Full);
        let rr = scene.cards.iter().find(|c| &*c.name == "tire_rr").unwrap();
        assert!(
            rr.busy.is_some_and(|p| p > 0.0 && p < 1.0),
            "busy: {:?}",
            rr.busy
        );
        let engineer = scene
            .cards
            .iter()
            .find(|c| &*c.name == "race_engineer")
            .unwrap();
        assert_eq!(engineer.busy, None, "the engineer waits, it is not busy");
    }

    #[test]
    fn after_still_after_nothing_moves() {
        // Cut the stream anywhere (mid-stop: messages in flight, wheels gliding, the car
        // driving): if no more events came, the picture would be still from `still_after` on.
        for crew in [CrewKind::Seed, CrewKind::Full] {
            let events = stop(crew);
            let mut cuts = 0;
            for cut in (0..events.len()).step_by(17) {
                let mut model = SceneModel::new();
                for e in &events[..=cut] {
                    model.apply(e);
                }
                let rest = model.still_after();
                assert!(rest >= events[cut].time, "{crew:?} cut {cut}");
                let later = rest + std::time::Duration::from_secs(5);
                let mut at_rest = model.snapshot(rest, Motion::Full);
                let after = model.snapshot(later, Motion::Full);
                at_rest.t_ms = after.t_ms;
                at_rest.stopwatch = after.stopwatch; // it runs while the car stands
                assert_eq!(at_rest, after, "{crew:?}: still from rest on, cut {cut}");
                cuts += 1;
            }
            assert!(cuts > 10);
        }
    }

    #[test]
    fn stopwatch_milliseconds_are_exact_decimals() {
        let d = std::time::Duration::from_micros(2_029_508);
        assert_eq!(millis(d), 2029.508);
        assert_ne!(d.as_secs_f64() * 1000.0, 2029.508, "why `millis` exists");
    }

    #[test]
    fn the_stopwatch_runs_while_the_car_is_stationary() {
        let events = stop(CrewKind::Seed);
        let stopped = when(&events, "car", "stopped");
        let t = ms(stopped, 500);
        let sw = at(&events, t).snapshot(t, Motion::Full).stopwatch;
        assert_eq!(sw.stationary_ms, Some(500.0));
        assert!(!sw.done);
        let released = when(&events, "car", "released");
        let end = ms(released, 2000);
        let sw = at(&events, end).snapshot(end, Motion::Full).stopwatch;
        assert!(sw.done);
        assert_eq!(sw.stationary_ms, Some(millis(released - stopped)));
    }

    #[test]
    fn the_full_crew_shows_its_sub_crew() {
        let events = stop(CrewKind::Full);
        let t = when(&events, "car", "stopped");
        let scene = at(&events, t).snapshot(t, Motion::Full);
        assert_eq!(scene.cards.iter().filter(|c| c.minor).count(), 12);
    }

    #[test]
    fn a_highlighted_message_draws_its_path() {
        let events = stop(CrewKind::Seed);
        let mut model = at(&events, Time::from_millis(5_000));
        model.highlight(Some(0));
        let scene = model.snapshot(Time::from_millis(5_000), Motion::Full);
        let (_, to) = scene.highlight.expect("path");
        assert_eq!(to, layout::post("race_engineer", false).unwrap());
    }
}
