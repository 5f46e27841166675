//! Deadlines: [`cancel_after`] and [`cancel_at`], served by one timer thread.
//!
//! # Why a timer thread
//!
//! A deadline must fire under tokio, under another executor, and with no executor at all, and
//! the runtime must not depend on any executor. One thread, started on the first deadline and
//! shared by all, sleeps until the earliest deadline and cancels that operation with
//! [`CancelReason::Timeout`]. It holds operations weakly, so a deadline keeps no operation
//! alive, and a disarmed deadline is removed at once. The cancel (and so the operation's
//! `on_cancel`, its children's cancels, and its awaiters' wakes) runs on that thread, as a
//! cancel runs on whichever thread calls it.
//!
//! # What a pending deadline holds
//!
//! A weak reference keeps its operation's allocation (though not its value) until the
//! reference is dropped. So the operation holds its deadlines too, as it holds its children
//! (`children.rs`): when it finishes, is canceled or is dropped, it drops them, and each one
//! leaves the timer then, with its weak reference, instead of when it would have passed. A
//! finished operation's memory never waits for a deadline (only a hand-written
//! [`AsyncInfo`], which cannot hold them, keeps the old behaviour).
//!
//! # Disarming a deadline that is firing
//!
//! The timer takes a due deadline out under its lock and cancels after releasing it (the
//! cancel runs user code). A `disarm()` that finds the deadline firing waits until its cancel
//! took effect (the operation shows a terminal status: Canceled by it, or by a cancel or
//! finish that won before it), which the cancel's compare-and-swap does before any user code
//! runs, so the wait never waits for `on_cancel`, a handler or a waker.
//!
//! The alternatives were worse for a library: a future the user supplies would need an
//! executor's timer (tokio's `sleep`, or another), and an optional `tokio` feature would leave
//! threads and other executors without deadlines.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use crate::children::{Child, WeakChild};
use crate::{AsyncInfo, CancelReason};

/// Cancels `operation` with [`CancelReason::Timeout`] once `timeout` has passed, unless it
/// finished first or the returned guard was dropped (or [disarmed](Deadline::disarm)).
///
/// Keep the guard in a named variable for as long as the deadline should hold
/// (`let _deadline = cancel_after(…)`), or [`detach`](Deadline::detach) it: `let _ = …` drops
/// it at once, as a bare statement would, and the deadline is disarmed before it can fire.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use asyncinfo::{async_operation, cancel_after, AsyncStatus, CancelReason};
///
/// #[async_operation(output = u64)]
/// struct Query;
///
/// let query = Arc::new(Query { status: Default::default() });
/// let deadline = cancel_after(&query, Duration::from_millis(10));
/// assert_eq!(query.wait(), AsyncStatus::Canceled);
/// assert_eq!(query.cancel_reason(), Some(CancelReason::Timeout));
/// assert!(!deadline.disarm(), "it had fired");
/// ```
pub fn cancel_after<C>(operation: &Arc<C>, timeout: Duration) -> Deadline
where
    C: ?Sized + AsyncInfo + Send + Sync + 'static,
{
    // A timeout too long to represent never passes.
    match Instant::now().checked_add(timeout) {
        Some(at) => cancel_at(operation, at),
        None => Deadline {
            at: None,
            entry: None,
        },
    }
}

/// As [`cancel_after`], at the instant `at`.
pub fn cancel_at<C>(operation: &Arc<C>, at: Instant) -> Deadline
where
    C: ?Sized + AsyncInfo + Send + Sync + 'static,
{
    let timer = Timer::get();
    let key = (at, timer.next_key.fetch_add(1, Ordering::Relaxed));
    let entry = Arc::new(Entry {
        key,
        state: AtomicU8::new(ARMED),
        operation: Mutex::new(Some(Arc::new(WeakChild(Arc::downgrade(operation))))),
    });
    let mut pending = timer.lock();
    let earliest = pending.keys().next().is_none_or(|first| key < *first);
    pending.insert(key, Arc::clone(&entry));
    drop(pending);
    if earliest {
        timer.changed.notify_one();
    }
    // The operation drops this when it finishes (at once if it has): the entry leaves then.
    let _ = operation.__hold_until_finished(crate::__private::Held(
        crate::__private::Until::Canceled,
        Box::new(Release(Arc::clone(&entry))),
    ));
    Deadline {
        at: Some(at),
        entry: Some(entry),
    }
}

/// A deadline set by [`cancel_after`] or [`cancel_at`]: dropping it disarms the deadline;
/// [`detach`](Self::detach) lets it run without a guard.
#[must_use = "a Deadline disarms when dropped, and `let _ = ...` drops it at once too: bind it to a named variable (`let _deadline = ...`) for as long as it should stay armed, or call `.detach()` to keep it armed without a guard"]
pub struct Deadline {
    at: Option<Instant>,
    /// `None` for a deadline that never passes, or once disarmed or detached.
    entry: Option<Arc<Entry>>,
}

impl Deadline {
    /// Disarms the deadline: `true` if it had not fired, so it never will; `false` if it had.
    ///
    /// `false` means the deadline's cancel has taken effect: the operation is Canceled (with
    /// [`CancelReason::Timeout`], or with the reason of a cancel that won before it) or it had
    /// finished otherwise. If the deadline is firing at this very moment, this waits the few
    /// instructions until its cancel's compare-and-swap (not for `on_cancel`, handlers or
    /// wakers, which run after it). A deadline whose operation finished before it passed
    /// never fires: disarming it returns `true`.
    pub fn disarm(mut self) -> bool {
        self.take()
    }

    /// Keeps the deadline armed, without a guard: it fires when it passes, unless the
    /// operation finished.
    pub fn detach(mut self) {
        self.entry = None;
    }

    /// When the deadline passes (`None` for a timeout too long to represent, or once detached).
    #[must_use]
    pub fn at(&self) -> Option<Instant> {
        self.entry.as_ref().and(self.at)
    }

    fn take(&mut self) -> bool {
        match self.entry.take() {
            Some(entry) => entry.disarm(),
            // Never armed: it never passes.
            None => true,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        self.take();
    }
}

impl fmt::Debug for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deadline").field("at", &self.at()).finish()
    }
}

/// Armed: in the timer, waiting for its instant.
const ARMED: u8 = 0;
/// Taken by the timer, which is canceling the operation.
const FIRING: u8 = 1;
/// Fired: the timer's cancel returned.
const FIRED: u8 = 2;
/// Disarmed by its guard before it fired.
const DISARMED: u8 = 3;
/// Released by its operation, which finished, was canceled or was dropped before it fired.
const RELEASED: u8 = 4;

/// One deadline, shared by the timer, its guard and (through [`Release`]) its operation.
struct Entry {
    key: (Instant, u64),
    /// `ARMED` until one of the timer (`FIRING`), the guard (`DISARMED`) or the operation
    /// (`RELEASED`) takes it, by a compare-and-swap; `FIRING` → `FIRED` after the cancel.
    state: AtomicU8,
    /// The operation, weakly; dropped (with its hold on the allocation) when the entry is
    /// done with.
    operation: Mutex<Option<Arc<dyn Child>>>,
}

impl Entry {
    fn lock_operation(&self) -> MutexGuard<'_, Option<Arc<dyn Child>>> {
        self.operation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the entry from `ARMED` to `to`; `Err` with the state that beat it.
    fn claim(&self, to: u8) -> Result<(), u8> {
        self.state
            .compare_exchange(ARMED, to, Ordering::AcqRel, Ordering::Acquire)
            .map(drop)
    }

    /// Out of the timer, and its operation dropped (outside any lock).
    fn leave(&self) {
        drop(Timer::get().lock().remove(&self.key));
        let operation = self.lock_operation().take();
        drop(operation);
    }

    /// The guard's disarm: `true` if it had not fired.
    fn disarm(&self) -> bool {
        match self.claim(DISARMED) {
            Ok(()) => {
                self.leave();
                true
            }
            Err(RELEASED | DISARMED) => true,
            Err(_) => {
                self.wait_fired();
                false
            }
        }
    }

    /// Waits until the timer's cancel of this entry took effect (see the module docs).
    fn wait_fired(&self) {
        // On the timer's own thread, the cancel is under way below this call (a callback
        // disarms): it took effect before any callback ran.
        if Timer::get().thread.get() == Some(&std::thread::current().id()) {
            return;
        }
        for round in 0u32.. {
            if self.state.load(Ordering::Acquire) == FIRED {
                return;
            }
            let operation = self.lock_operation().clone();
            if operation.is_none_or(|operation| operation.is_settled()) {
                return;
            }
            // The timer thread is between its claim and the cancel's compare-and-swap: a few
            // instructions, unless it was descheduled.
            match round {
                0..64 => core::hint::spin_loop(),
                64..1024 => std::thread::yield_now(),
                _ => std::thread::sleep(Duration::from_micros(50)),
            }
        }
    }

    /// The operation finished (or was canceled, or dropped): the deadline has nothing left to
    /// do, and leaves the timer now rather than when it would have passed.
    fn release(&self) {
        if self.claim(RELEASED).is_ok() {
            self.leave();
        }
    }
}

/// What the operation holds of its deadline: dropped when the operation finishes, is
/// canceled or is dropped, which releases the entry.
struct Release(Arc<Entry>);

impl Child for Release {
    /// The operation was canceled: dropping this link (next) releases the entry.
    fn cancel(&self, _reason: CancelReason) {}

    /// Pruned from the operation's links once the deadline is done with.
    fn is_alive(&self) -> bool {
        matches!(self.0.state.load(Ordering::Acquire), ARMED | FIRING)
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// The pending deadlines, earliest first, and the thread that fires them.
struct Timer {
    pending: Mutex<BTreeMap<(Instant, u64), Arc<Entry>>>,
    /// Notified when a deadline earlier than all others is added.
    changed: Condvar,
    /// Tells apart deadlines at the same instant.
    next_key: AtomicU64,
    /// The timer thread's id, set when it starts.
    thread: OnceLock<ThreadId>,
}

impl Timer {
    /// The timer, and its thread started on first use.
    fn get() -> &'static Self {
        static TIMER: OnceLock<Timer> = OnceLock::new();
        TIMER.get_or_init(|| {
            let thread = OnceLock::new();
            let spawned = std::thread::Builder::new()
                .name("asyncinfo-deadlines".into())
                .spawn(|| Self::get().run())
                .unwrap_or_else(|err| {
                    panic!("asyncinfo could not start its deadline thread: {err}")
                });
            let _ = thread.set(spawned.thread().id());
            Self {
                pending: Mutex::new(BTreeMap::new()),
                changed: Condvar::new(),
                next_key: AtomicU64::new(0),
                thread,
            }
        })
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<(Instant, u64), Arc<Entry>>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Fires each deadline when it passes; never returns.
    fn run(&self) {
        let mut pending = self.lock();
        loop {
            let now = Instant::now();
            let Some(&(at, seq)) = pending.keys().next() else {
                pending = self
                    .changed
                    .wait(pending)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            };
            if at > now {
                pending = self
                    .changed
                    .wait_timeout(pending, at - now)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
                continue;
            }
            let Some(entry) = pending.remove(&(at, seq)) else {
                continue;
            };
            drop(pending);
            if entry.claim(FIRING).is_ok() {
                Self::fire(&entry);
            }
            drop(entry);
            pending = self.lock();
        }
    }

    /// Cancels the entry's operation, outside every lock.
    fn fire(entry: &Entry) {
        let operation = entry.lock_operation().clone();
        if let Some(operation) = operation {
            // The cancel runs user code (`on_cancel`, wakers): a panic there must not stop
            // the other deadlines.
            let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                operation.cancel(CancelReason::Timeout);
            }));
        }
        let operation = entry.lock_operation().take();
        entry.state.store(FIRED, Ordering::Release);
        drop(operation);
    }
}
