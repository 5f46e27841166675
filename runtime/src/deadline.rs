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
//! The alternatives were worse for a library: a future the user supplies would need an
//! executor's timer (tokio's `sleep`, or another), and an optional `tokio` feature would leave
//! threads and other executors without deadlines.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use crate::children::{Child, WeakChild};
use crate::{AsyncInfo, CancelReason};

/// Cancels `operation` with [`CancelReason::Timeout`] once `timeout` has passed, unless it
/// finished first or the returned guard was dropped (or [disarmed](Deadline::disarm)).
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
        None => Deadline { key: None },
    }
}

/// As [`cancel_after`], at the instant `at`.
pub fn cancel_at<C>(operation: &Arc<C>, at: Instant) -> Deadline
where
    C: ?Sized + AsyncInfo + Send + Sync + 'static,
{
    let timer = Timer::get();
    let key = (at, timer.next_key.fetch_add(1, Ordering::Relaxed));
    let operation: Box<dyn Child> = Box::new(WeakChild(Arc::downgrade(operation)));
    let mut pending = timer.lock();
    let earliest = pending.keys().next().is_none_or(|first| key < *first);
    pending.insert(key, operation);
    drop(pending);
    if earliest {
        timer.changed.notify_one();
    }
    Deadline { key: Some(key) }
}

/// A deadline set by [`cancel_after`] or [`cancel_at`]: dropping it disarms the deadline;
/// [`detach`](Self::detach) lets it run without a guard.
#[must_use = "dropping a Deadline disarms it; call `detach()` to keep it armed"]
pub struct Deadline {
    key: Option<(Instant, u64)>,
}

impl Deadline {
    /// Disarms the deadline; `true` if it had not fired yet.
    pub fn disarm(mut self) -> bool {
        self.take()
    }

    /// Keeps the deadline armed, without a guard: it fires when it passes, unless the
    /// operation finished.
    pub fn detach(mut self) {
        self.key = None;
    }

    /// When the deadline passes (`None` for a timeout too long to represent, or once detached).
    #[must_use]
    pub fn at(&self) -> Option<Instant> {
        self.key.map(|(at, _)| at)
    }

    fn take(&mut self) -> bool {
        self.key
            .take()
            .is_some_and(|key| Timer::get().lock().remove(&key).is_some())
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

/// The pending deadlines, earliest first, and the thread that fires them.
struct Timer {
    pending: Mutex<BTreeMap<(Instant, u64), Box<dyn Child>>>,
    /// Notified when a deadline earlier than all others is added.
    changed: Condvar,
    /// Tells apart deadlines at the same instant.
    next_key: AtomicU64,
}

impl Timer {
    /// The timer, and its thread started on first use.
    fn get() -> &'static Self {
        static TIMER: OnceLock<Timer> = OnceLock::new();
        TIMER.get_or_init(|| {
            std::thread::Builder::new()
                .name("asyncinfo-deadlines".into())
                .spawn(|| Self::get().run())
                .map(drop)
                .unwrap_or_else(|err| {
                    panic!("asyncinfo could not start its deadline thread: {err}")
                });
            Self {
                pending: Mutex::new(BTreeMap::new()),
                changed: Condvar::new(),
                next_key: AtomicU64::new(0),
            }
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<(Instant, u64), Box<dyn Child>>> {
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
            let Some(operation) = pending.remove(&(at, seq)) else {
                continue;
            };
            drop(pending);
            // The cancel runs user code (`on_cancel`, wakers): a panic there must not stop
            // the other deadlines.
            let _ = panic::catch_unwind(AssertUnwindSafe(|| {
                operation.cancel(CancelReason::Timeout);
            }));
            pending = self.lock();
        }
    }
}
