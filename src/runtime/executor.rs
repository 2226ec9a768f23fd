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

use std::cell::{Cell, RefCell, UnsafeCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Waker};

use futures::task::{waker, ArcWake};

/// A task that is not `Send`: actors live on one thread and hold `Rc`s.
pub type LocalTask = Pin<Box<dyn Future<Output = ()>>>;

/// Where actor tasks run. Actor code never names one; the host picks it.
pub trait Spawn {
    /// Starts `task`; it is polled whenever it is woken, by whatever drives this spawner.
    fn spawn(&self, task: LocalTask);
}

/// A task in the ready queue: its slot, and which task in that slot (slots are reused, and a
/// task woken during its last poll leaves its entry behind: the generation tells a stale
/// entry from the task that now lives in the slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TaskRef {
    slot: usize,
    generation: u32,
}

/// Tasks in wake order.
///
/// Wakers must be `Send + Sync`, so the queue must be too, although there is never a second
/// thread (the browser has one; native hosts run a system on one). A `std::sync::Mutex` cost
/// a fifth of the ping-pong time natively (two read-modify-writes per lock, plus poison
/// bookkeeping); this spin lock costs one, and is never contended.
#[derive(Default)]
struct ReadyQueue {
    locked: AtomicBool,
    ids: UnsafeCell<Vec<TaskRef>>,
}

// SAFETY: `ids` is only reached through `with`, which holds `locked` for the whole access.
unsafe impl Sync for ReadyQueue {}

impl ReadyQueue {
    fn with<R>(&self, f: impl FnOnce(&mut Vec<TaskRef>) -> R) -> R {
        while self.locked.swap(true, Ordering::Acquire) {
            std::hint::spin_loop();
        }
        // SAFETY: the lock is held until the store below, so this is the only reference.
        // `f` is a single Vec call that cannot re-enter the queue.
        let result = f(unsafe { &mut *self.ids.get() });
        self.locked.store(false, Ordering::Release);
        result
    }

    fn push(&self, id: TaskRef) {
        self.with(|ids| ids.push(id));
    }

    /// Hands every queued id over to `batch` (which must be spent), in order, under one
    /// lock: popping one at a time would take the lock once per poll. The two swap their
    /// buffers: with the one or two ids a ping-pong queues per poll, copying them cost more
    /// than the ids.
    fn take_into(&self, batch: &mut Batch) {
        batch.ids.clear();
        batch.next = 0;
        self.with(|ids| std::mem::swap(&mut batch.ids, ids));
    }

    fn len(&self) -> usize {
        self.with(|ids| ids.len())
    }
}

/// The ids taken from the ready queue, polled from the front: a plain `Vec` and an index. A
/// `VecDeque`'s wrap-around is bookkeeping that a queue only ever emptied before it is
/// refilled does not need (without it the ping-pong ran 7 % faster in Firefox).
#[derive(Default)]
struct Batch {
    ids: Vec<TaskRef>,
    next: usize,
}

impl Batch {
    fn pop(&mut self) -> Option<TaskRef> {
        let id = self.ids.get(self.next).copied();
        self.next += usize::from(id.is_some());
        id
    }

    fn len(&self) -> usize {
        self.ids.len() - self.next
    }
}

/// The waker of one task: wakes push the task's slot once until it is polled again.
struct TaskWaker {
    task: TaskRef,
    /// True while the task sits in the ready queue, and forever once it has finished
    /// (so a stale waker of a finished task can never wake whatever reuses its slot).
    queued: AtomicBool,
    ready: Arc<ReadyQueue>,
}

impl ArcWake for TaskWaker {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        if !arc_self.queued.swap(true, Ordering::AcqRel) {
            arc_self.ready.push(arc_self.task);
        }
    }
}

/// One spawned task. Shared (`Rc`) so that the executor can poll it without holding a borrow
/// of the slot table: a task may spawn others during its poll, which grows the table, or tear
/// the whole runtime down ([`Executor::clear`]). It used to be taken out of its slot for each
/// poll and put back after: more moves and a second look-up, 11 % of the ping-pong in Firefox.
struct TaskCell {
    /// `None` once the task has finished. Borrowed only while the task is polled.
    future: RefCell<Option<LocalTask>>,
    /// Made once per task: building or cloning one per poll would cost two atomic
    /// reference-count updates.
    waker: Waker,
    task: Arc<TaskWaker>,
    /// Its turn came while it was being polled (see [`Executor::poll_next`]).
    woken_while_polled: Cell<bool>,
}

/// The FIFO executor. The host pumps it with [`Executor::poll_next`].
///
/// Woken ids land in the shared `ready` queue; the executor moves them in batches into its
/// own `batch` and polls from its front. Wakes only ever append at the back, so the order is
/// the same as popping the shared queue one id at a time.
#[derive(Default)]
pub struct Executor {
    slots: RefCell<Vec<Rc<TaskCell>>>,
    free: RefCell<Vec<usize>>,
    ready: Arc<ReadyQueue>,
    batch: RefCell<Batch>,
}

impl Executor {
    /// An empty executor.
    pub fn new() -> Executor {
        Executor::default()
    }

    /// Polls the task that was woken first, if any. Returns false when nothing was ready.
    pub fn poll_next(&self) -> bool {
        let Some(task) = self.next_ready() else {
            return false;
        };
        let cell = match self.slots.borrow().get(task.slot) {
            // An entry left behind by a task that finished (woken during its last poll),
            // perhaps for a slot another task has taken since: not this task's turn.
            Some(cell) if cell.task.task == task => Rc::clone(cell),
            _ => return true,
        };
        // Busy only if a poll reached the executor again from inside this very task, which
        // no host does. Polling it again inside itself cannot be done (and must not panic),
        // and dropping its turn would lose the wake that queued it: it takes its turn again
        // once the poll it is in returns.
        let Ok(mut future) = cell.future.try_borrow_mut() else {
            cell.woken_while_polled.set(true);
            return true;
        };
        let Some(running) = future.as_mut() else {
            return true; // finished
        };
        // Cleared before the poll, so that a wake during the poll queues the task again.
        cell.task.queued.store(false, Ordering::Release);
        let poll = running.as_mut().poll(&mut Context::from_waker(&cell.waker));
        if poll.is_pending() {
            if cell.woken_while_polled.take() {
                self.ready.push(task); // still marked queued: its entry was taken inside
            }
            return true;
        }
        cell.task.queued.store(true, Ordering::Release); // never queue this slot again
        let finished = future.take();
        drop(future);
        drop(finished); // dropped outside any borrow: a drop may spawn or wake
                        // The slot is free unless the runtime was cleared meanwhile (by the task, or by
                        // its drop): then the table may be empty, or hold a task spawned since.
        let still_here = self
            .slots
            .borrow()
            .get(task.slot)
            .is_some_and(|c| Rc::ptr_eq(c, &cell));
        if still_here {
            self.free.borrow_mut().push(task.slot);
        }
        true
    }

    fn next_ready(&self) -> Option<TaskRef> {
        let mut batch = self.batch.borrow_mut();
        batch.pop().or_else(|| {
            self.ready.take_into(&mut batch);
            batch.pop()
        })
    }

    /// How many tasks are woken and waiting for a poll.
    pub fn ready_len(&self) -> usize {
        self.batch.borrow().len() + self.ready.len()
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
            slot.task.queued.store(true, Ordering::Release);
        }
        let mut batch = self.batch.borrow_mut();
        self.ready.take_into(&mut batch);
        *batch = Batch::default();
        drop(batch);
        drop(slots); // futures dropped after every borrow is released
    }
}

impl Spawn for Executor {
    fn spawn(&self, task: LocalTask) {
        let reused = self.free.borrow_mut().pop();
        let mut slots = self.slots.borrow_mut();
        let slot = reused.unwrap_or(slots.len());
        let generation = slots
            .get(slot)
            .map_or(0, |old| old.task.task.generation.wrapping_add(1));
        let me = TaskRef { slot, generation };
        let task_waker = Arc::new(TaskWaker {
            task: me,
            queued: AtomicBool::new(true),
            ready: Arc::clone(&self.ready),
        });
        let entry = Rc::new(TaskCell {
            future: RefCell::new(Some(task)),
            waker: waker(Arc::clone(&task_waker)),
            task: task_waker,
            woken_while_polled: Cell::new(false),
        });
        if slot == slots.len() {
            slots.push(entry);
        } else {
            slots[slot] = entry;
        }
        self.ready.push(me);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::task::Poll;

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

    /// A task woken during its last poll leaves an entry behind; neither that entry nor the
    /// finished task's waker may touch the task that reuses the slot.
    #[test]
    fn a_task_woken_as_it_finishes_leaves_no_trace() {
        let ex = Executor::new();
        let stolen = Rc::new(RefCell::new(None));
        let s = Rc::clone(&stolen);
        ex.spawn(Box::pin(futures::future::poll_fn(move |cx| {
            *s.borrow_mut() = Some(cx.waker().clone());
            cx.waker().wake_by_ref(); // woken during its final poll
            Poll::Ready(())
        })));
        assert!(ex.poll_next()); // finishes; its slot is free, its entry still queued
        let polls = Rc::new(RefCell::new(0));
        let p = Rc::clone(&polls);
        ex.spawn(Box::pin(futures::future::poll_fn(move |_| {
            *p.borrow_mut() += 1;
            Poll::<()>::Pending
        })));
        while ex.poll_next() {}
        assert_eq!(
            *polls.borrow(),
            1,
            "the new task is polled once, in its turn"
        );
        stolen.borrow().as_ref().expect("waker kept").wake_by_ref();
        assert_eq!(
            ex.ready_len(),
            0,
            "the finished task's waker queues nothing"
        );
    }

    /// A runtime torn down from inside a task (a page's `destroy()` in an event handler)
    /// clears the executor while that task is being polled: the task finishes its poll and
    /// is dropped after it, and nothing is polled again.
    #[test]
    fn clear_during_a_poll_drops_the_task_after_its_poll() {
        let ex = Rc::new(Executor::new());
        let alive = Rc::new(());
        let (ex2, held) = (Rc::clone(&ex), Rc::clone(&alive));
        ex.spawn(Box::pin(async move {
            let _keep = held;
            ex2.clear();
            YieldTimes(1).await; // pending, waking itself: must not be polled again
            unreachable!("polled after clear");
        }));
        assert!(ex.poll_next());
        assert_eq!(
            Rc::strong_count(&alive),
            1,
            "dropped once its poll returned"
        );
        assert!(!ex.poll_next(), "nothing left to poll");
        assert_eq!(ex.live_tasks(), 0);
    }

    /// Cleared by a task that then finishes, or that spawns and then finishes: the
    /// finished task's slot is not handed out again (the table is empty, or the slot holds
    /// the task spawned since).
    #[test]
    fn a_task_that_clears_the_runtime_and_finishes_frees_no_slot_it_does_not_hold() {
        for spawn_after in [false, true] {
            let ex = Rc::new(Executor::new());
            for _ in 0..3 {
                ex.spawn(Box::pin(futures::future::pending::<()>()));
            }
            let polls = Rc::new(Cell::new(0));
            let (ex2, p) = (Rc::clone(&ex), Rc::clone(&polls));
            ex.spawn(Box::pin(async move {
                ex2.clear();
                if spawn_after {
                    let p = Rc::clone(&p);
                    ex2.spawn(Box::pin(futures::future::poll_fn(move |_| {
                        p.set(p.get() + 1);
                        Poll::<()>::Pending
                    })));
                }
            }));
            while ex.poll_next() {}
            assert_eq!(ex.live_tasks(), usize::from(spawn_after), "{spawn_after}");
            ex.spawn(Box::pin(futures::future::pending::<()>())); // must not panic
            while ex.poll_next() {}
            assert_eq!(ex.live_tasks(), 1 + usize::from(spawn_after));
            assert_eq!(
                polls.get(),
                usize::from(spawn_after),
                "the spawned task lives on"
            );
        }
    }

    /// A task that pumps the executor from inside its own poll (no host does) meets its own
    /// turn there: it is not lost, it is polled again after.
    #[test]
    fn a_turn_met_inside_its_own_poll_is_taken_after_it() {
        let ex = Rc::new(Executor::new());
        let polls = Rc::new(Cell::new(0));
        let (ex2, p) = (Rc::clone(&ex), Rc::clone(&polls));
        ex.spawn(Box::pin(futures::future::poll_fn(move |cx| {
            p.set(p.get() + 1);
            if p.get() == 1 {
                cx.waker().wake_by_ref();
                while ex2.poll_next() {} // meets its own turn
                return Poll::Pending;
            }
            Poll::Ready(())
        })));
        while ex.poll_next() {}
        assert_eq!(polls.get(), 2);
        assert_eq!(ex.live_tasks(), 0);
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
