//! The runtime's own executor: a FIFO run queue of `futures` tasks on one thread.
//!
//! Why not `wasm_bindgen_futures::spawn_local`? Measured in headless Firefox (see the runtime
//! issue and ../shared/TOOLCHAIN.md): there every wake queues a JavaScript microtask, a burst of
//! them never returns to the event loop (no frame is painted until it ends), and two actors
//! bounce 0.9 M msgs/s, slower than plain JavaScript. A plain FIFO queue pumped from Rust ran
//! 20x faster in the same page, and it lets the host stop between any two polls: that is how
//! the frame loop keeps a time budget and how "step" stops after exactly one handling.
//!
//! The order is strictly first-woken, first-polled, and a task that is already queued is not
//! queued twice. That is all the determinism the runtime needs from an executor: the same
//! wakes in the same order give the same polls in the same order, on every host.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::task::{waker_ref, ArcWake};

/// A task that is not `Send`: actors live on one thread and hold `Rc`s.
pub type LocalTask = Pin<Box<dyn Future<Output = ()>>>;

/// Where actor tasks run. Actor code never names one; the host picks it.
pub trait Spawn {
    /// Starts `task`; it is polled whenever it is woken, by whatever drives this spawner.
    fn spawn(&self, task: LocalTask);
}

/// Task ids in wake order. A `Mutex` only because `Waker` must be `Send + Sync`: there is
/// never a second thread, so it is never contended (on wasm32 it compiles to a plain cell).
#[derive(Default)]
struct ReadyQueue(Mutex<VecDeque<usize>>);

impl ReadyQueue {
    fn push(&self, id: usize) {
        self.lock().push_back(id);
    }

    fn pop(&self) -> Option<usize> {
        self.lock().pop_front()
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<usize>> {
        // A poisoned lock would need a panic while it is held, and nothing in push or pop
        // panics; recover the data rather than add a panic path.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The waker of one task: wakes push the task's slot once until it is polled again.
struct TaskWaker {
    slot: usize,
    /// True while the task sits in the ready queue, and forever once it has finished
    /// (so a stale waker of a finished task can never wake whatever reuses its slot).
    queued: AtomicBool,
    ready: Arc<ReadyQueue>,
}

impl ArcWake for TaskWaker {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        if !arc_self.queued.swap(true, Ordering::AcqRel) {
            arc_self.ready.push(arc_self.slot);
        }
    }
}

struct Slot {
    /// `None` while the task is being polled (it is taken out so that a task may spawn
    /// others during its poll) and once it has finished.
    future: Option<LocalTask>,
    waker: Arc<TaskWaker>,
}

/// The FIFO executor. The host pumps it with [`Executor::poll_next`].
#[derive(Default)]
pub struct Executor {
    slots: RefCell<Vec<Slot>>,
    free: RefCell<Vec<usize>>,
    ready: Arc<ReadyQueue>,
}

impl Executor {
    /// An empty executor.
    pub fn new() -> Executor {
        Executor::default()
    }

    /// Polls the task that was woken first, if any. Returns false when nothing was ready.
    pub fn poll_next(&self) -> bool {
        let Some(slot) = self.ready.pop() else {
            return false;
        };
        let (future, waker) = {
            let mut slots = self.slots.borrow_mut();
            let entry = &mut slots[slot];
            (entry.future.take(), Arc::clone(&entry.waker))
        };
        let Some(mut future) = future else {
            // Finished, or polled re-entrantly: nothing to do (see `TaskWaker::queued`).
            return true;
        };
        // Cleared before the poll, so that a wake during the poll queues the task again.
        waker.queued.store(false, Ordering::Release);
        let waker_handle = waker_ref(&waker);
        let mut cx = Context::from_waker(&waker_handle);
        match future.as_mut().poll(&mut cx) {
            Poll::Pending => self.slots.borrow_mut()[slot].future = Some(future),
            Poll::Ready(()) => {
                waker.queued.store(true, Ordering::Release); // never queue this slot again
                drop(future); // dropped outside any borrow: a drop may spawn or wake
                self.free.borrow_mut().push(slot);
            }
        }
        true
    }

    /// How many tasks are woken and waiting for a poll.
    pub fn ready_len(&self) -> usize {
        self.ready.len()
    }

    /// How many tasks are alive (not finished).
    pub fn live_tasks(&self) -> usize {
        self.slots.borrow().len() - self.free.borrow().len()
    }

    /// Drops every task without polling it again. Tasks hold `Rc`s into the runtime, so this
    /// is how a runtime that is torn down breaks its reference cycles.
    pub fn clear(&self) {
        let slots = std::mem::take(&mut *self.slots.borrow_mut());
        self.free.borrow_mut().clear();
        for slot in &slots {
            slot.waker.queued.store(true, Ordering::Release);
        }
        while self.ready.pop().is_some() {}
        drop(slots); // futures dropped after every borrow is released
    }
}

impl Spawn for Executor {
    fn spawn(&self, task: LocalTask) {
        let reused = self.free.borrow_mut().pop();
        let mut slots = self.slots.borrow_mut();
        let slot = reused.unwrap_or(slots.len());
        let waker = Arc::new(TaskWaker {
            slot,
            queued: AtomicBool::new(true),
            ready: Arc::clone(&self.ready),
        });
        let entry = Slot {
            future: Some(task),
            waker,
        };
        if slot == slots.len() {
            slots.push(entry);
        } else {
            slots[slot] = entry;
        }
        self.ready.push(slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A future that is pending `n` times, waking itself each time.
    struct YieldTimes(u32);
    impl Future for YieldTimes {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn polls_in_wake_order_round_robin() {
        let ex = Executor::new();
        let log = Rc::new(RefCell::new(Vec::new()));
        for name in ["a", "b"] {
            let log = Rc::clone(&log);
            ex.spawn(Box::pin(async move {
                for i in 0..3 {
                    log.borrow_mut().push(format!("{name}{i}"));
                    YieldTimes(1).await;
                }
            }));
        }
        while ex.poll_next() {}
        assert_eq!(log.borrow().join(" "), "a0 b0 a1 b1 a2 b2");
        assert_eq!(ex.live_tasks(), 0);
    }

    #[test]
    fn a_task_can_spawn_during_its_poll_and_slots_are_reused() {
        let ex = Rc::new(Executor::new());
        let hits = Rc::new(RefCell::new(0));
        let (ex2, hits2) = (Rc::clone(&ex), Rc::clone(&hits));
        ex.spawn(Box::pin(async move {
            let hits3 = Rc::clone(&hits2);
            ex2.spawn(Box::pin(async move { *hits3.borrow_mut() += 1 }));
            *hits2.borrow_mut() += 1;
        }));
        while ex.poll_next() {}
        assert_eq!(*hits.borrow(), 2);
        assert_eq!(ex.live_tasks(), 0);
        ex.spawn(Box::pin(async {}));
        assert_eq!(ex.slots.borrow().len(), 2, "a freed slot is reused");
    }

    #[test]
    fn a_stale_waker_does_not_wake_the_task_that_reuses_its_slot() {
        let ex = Executor::new();
        let stolen = Rc::new(RefCell::new(None));
        let s = Rc::clone(&stolen);
        ex.spawn(Box::pin(futures::future::poll_fn(move |cx| {
            *s.borrow_mut() = Some(cx.waker().clone());
            Poll::Ready(())
        })));
        while ex.poll_next() {}
        ex.spawn(Box::pin(futures::future::pending::<()>()));
        while ex.poll_next() {}
        stolen.borrow().as_ref().expect("waker kept").wake_by_ref();
        assert_eq!(ex.ready_len(), 0);
    }

    #[test]
    fn clear_drops_pending_tasks() {
        let ex = Executor::new();
        let alive = Rc::new(());
        let held = Rc::clone(&alive);
        ex.spawn(Box::pin(async move {
            let _keep = held;
            futures::future::pending::<()>().await;
        }));
        while ex.poll_next() {}
        assert_eq!(Rc::strong_count(&alive), 2);
        ex.clear();
        assert_eq!(Rc::strong_count(&alive), 1);
    }
}
