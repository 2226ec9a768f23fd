//! The virtual clock and its timers.
//!
//! The host moves time forward; nothing else does. A timer is either a sleeping task to wake
//! or a message in transit to drop into a mailbox. Timers fire in (deadline, creation order),
//! so two messages sent in order to the same actor with the same latency arrive in order.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::Time;

/// What a timer does when its deadline comes.
pub(crate) enum TimerAction {
    /// Wake a task that sleeps.
    Wake(Waker),
    /// Run a deferred step of the runtime (a message arriving after its transit time).
    Run(Box<dyn FnOnce()>),
}

struct Timer {
    deadline: Time,
    order: u64,
    action: TimerAction,
    /// Set when the timer is cancelled: it is skipped, and it no longer counts as work
    /// waiting to happen (so a cancelled watchdog does not keep a finished run alive).
    cancelled: Option<Rc<Cell<bool>>>,
}

impl Timer {
    fn is_cancelled(&self) -> bool {
        self.cancelled.as_ref().is_some_and(|c| c.get())
    }
}

/// Cancels the timer it was returned for.
#[derive(Clone, Debug, Default)]
pub struct TimerHandle(Rc<Cell<bool>>);

impl TimerHandle {
    pub fn cancel(&self) {
        self.0.set(true);
    }
}

// `BinaryHeap` is a max-heap: reverse the order so the earliest (deadline, order) is on top.
impl Ord for Timer {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.deadline, other.order).cmp(&(self.deadline, self.order))
    }
}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        (self.deadline, self.order) == (other.deadline, other.order)
    }
}
impl Eq for Timer {}

/// The virtual clock: the current time and the timers waiting for later times.
#[derive(Default)]
pub(crate) struct Clock {
    now: Cell<Time>,
    timers: RefCell<BinaryHeap<Timer>>,
    next_order: Cell<u64>,
}

impl Clock {
    pub(crate) fn now(&self) -> Time {
        self.now.get()
    }

    /// Sets the time. Never backwards: the host only moves time forward.
    pub(crate) fn set(&self, t: Time) {
        debug_assert!(t >= self.now.get(), "virtual time never goes back");
        self.now.set(t.max(self.now.get()));
    }

    pub(crate) fn schedule(&self, deadline: Time, action: TimerAction) {
        self.push(deadline, action, None);
    }

    /// Schedules a timer that can be cancelled through the returned handle.
    pub(crate) fn schedule_cancellable(&self, deadline: Time, action: TimerAction) -> TimerHandle {
        let handle = TimerHandle::default();
        self.push(deadline, action, Some(Rc::clone(&handle.0)));
        handle
    }

    fn push(&self, deadline: Time, action: TimerAction, cancelled: Option<Rc<Cell<bool>>>) {
        let order = self.next_order.get();
        self.next_order.set(order + 1);
        self.timers.borrow_mut().push(Timer {
            deadline,
            order,
            action,
            cancelled,
        });
    }

    /// The earliest deadline still waiting, if any (cancelled timers do not count).
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        let mut timers = self.timers.borrow_mut();
        while timers.peek().is_some_and(Timer::is_cancelled) {
            timers.pop();
        }
        timers.peek().map(|t| t.deadline)
    }

    /// Moves the clock to the earliest deadline, if it is at most `limit`, and fires every
    /// timer due at that instant, in order. Returns false if no timer is due by `limit`.
    pub(crate) fn fire_next(&self, limit: Time) -> bool {
        let Some(deadline) = self.next_deadline().filter(|d| *d <= limit) else {
            return false;
        };
        self.set(deadline);
        loop {
            let timer = {
                let mut timers = self.timers.borrow_mut();
                match timers.peek() {
                    Some(t) if t.deadline <= deadline => timers.pop(),
                    _ => None,
                }
            };
            // Fired outside the borrow: a delivery may schedule more timers.
            match timer.filter(|t| !t.is_cancelled()).map(|t| t.action) {
                None if self
                    .timers
                    .borrow()
                    .peek()
                    .is_some_and(|t| t.deadline <= deadline) => {}
                Some(TimerAction::Wake(waker)) => waker.wake(),
                Some(TimerAction::Run(step)) => step(),
                None => return true,
            }
        }
    }

    /// Drops every timer (they may hold `Rc`s into the runtime).
    pub(crate) fn clear(&self) {
        let timers = std::mem::take(&mut *self.timers.borrow_mut());
        drop(timers);
    }
}

/// A future that completes once the virtual clock reaches `deadline`.
pub struct Sleep {
    clock: Rc<Clock>,
    deadline: Time,
    registered: bool,
}

impl Sleep {
    pub(crate) fn new(clock: Rc<Clock>, deadline: Time) -> Sleep {
        Sleep {
            clock,
            deadline,
            registered: false,
        }
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.clock.now() >= self.deadline {
            return Poll::Ready(());
        }
        // Register once: a sleeping actor is only polled again when its timer fires
        // (each actor task awaits one thing at a time).
        if !self.registered {
            self.registered = true;
            self.clock
                .schedule(self.deadline, TimerAction::Wake(cx.waker().clone()));
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_fire_by_deadline_then_creation_order() {
        let clock = Clock::default();
        let log = Rc::new(RefCell::new(Vec::new()));
        for (at, name) in [(30, "c"), (10, "a1"), (20, "b"), (10, "a2")] {
            let log = Rc::clone(&log);
            clock.schedule(
                Time::from_millis(at),
                TimerAction::Run(Box::new(move || log.borrow_mut().push(name))),
            );
        }
        assert!(clock.fire_next(Time::from_millis(100)));
        assert_eq!(clock.now(), Time::from_millis(10));
        assert_eq!(*log.borrow(), ["a1", "a2"]);
        assert!(
            !clock.fire_next(Time::from_millis(15)),
            "nothing due by 15 ms"
        );
        while clock.fire_next(Time::from_millis(100)) {}
        assert_eq!(*log.borrow(), ["a1", "a2", "b", "c"]);
        assert_eq!(clock.now(), Time::from_millis(30));
    }
}
