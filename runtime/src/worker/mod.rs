//! [`Worker`]: the producer side that cannot leave an operation hanging, and its runners.
//!
//! A worker is the one value that can finish a started operation. Whatever way it goes (a
//! `complete`, a `fail`, a runner, or a drop), the operation ends finished and everyone waiting
//! on it is notified exactly once: dropped unfinished, the worker acknowledges a cancel that
//! was requested, or cancels with [`CancelReason::Abandoned`] (or
//! [`CancelReason::Panicked`] while its thread unwinds).

mod run;

use core::fmt;
use core::future::Future;
use core::mem::ManuallyDrop;
use core::ops::Deref;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

pub use self::run::{Run, WorkerContext};
use crate::state::{Owed, Word};
use crate::waiters::Panics;
use crate::{AsyncError, AsyncInfo, AsyncStatus, CancelReason, Canceled, Operation, Rejected};

/// The output of the operation behind a handle `H`.
type Output<H> = <<H as Deref>::Target as Operation>::Output;
/// The error of the operation behind a handle `H`.
type Error<H> = <<H as Deref>::Target as Operation>::Error;
/// The progress type of the operation behind a handle `H`.
type Progress<H> = <<H as Deref>::Target as Operation>::Progress;
/// What the body of a runner ends with.
type BodyResult<H> = Result<Output<H>, Error<H>>;
/// The `canceled()` future of the operation behind a handle `H`.
type CanceledOf<'a, H> = Canceled<
    'a,
    Output<H>,
    Error<H>,
    Progress<H>,
    <H as Deref>::Target,
    <<H as Deref>::Target as Operation>::__Timing,
>;

/// The producer side of a started operation, which finishes it whatever happens.
///
/// Made by the generated `worker()` (holding `&S`) or `worker_owned()` (holding an `Arc<S>`,
/// `Send + 'static` when the struct is `Send + Sync`), which start the operation. Finish it
/// with [`complete`](Self::complete), [`fail`](Self::fail) or [`finish`](Self::finish), or hand
/// the work to a runner: [`run_blocking`](Self::run_blocking), [`run`](Self::run) or
/// [`run_with`](Self::run_with).
///
/// # When a worker stops without finishing
///
/// Dropped without finishing (an early return, a `?`, a panic), a worker finishes the
/// operation itself:
/// - if a cancel was requested, it acknowledges it: the operation is Canceled with that
///   cancel's reason;
/// - otherwise it cancels with [`CancelReason::Abandoned`], or [`CancelReason::Panicked`] when
///   its thread is panicking (`on_cancel` does not run: the worker is already stopping).
///
/// Either way the operation is finished and everyone registered is notified exactly once.
///
/// The guarantee is as strong as `Drop`: `mem::forget` on a worker, a worker kept alive by a
/// cycle through its own operation's handlers, a task that is never polled nor dropped, and
/// `panic = "abort"` all escape it.
///
/// # Letting go of the operation
///
/// However it finishes, an owned worker (`Worker<Arc<S>>`, and the runners that hold one)
/// runs the completion handlers (which are given the operation), then drops its `Arc`, then
/// wakes the awaiters and the threads blocked in `wait()`. So a consumer woken by the finish
/// that holds the only other handle holds the last one, and can take the result by value:
///
/// ```
/// use std::sync::Arc;
/// use asyncinfo::{async_operation, Outcome};
///
/// #[async_operation(output = String)]
/// struct Render;
///
/// let op = Arc::new(Render { status: Default::default() });
/// let worker = Arc::clone(&op).worker_owned()?;
/// let thread = std::thread::spawn(move || worker.run_blocking(|_| Ok("done".to_owned())));
/// op.wait();
/// let op = Arc::into_inner(op).expect("the worker let go before it woke us");
/// assert!(matches!(op.into_outcome(), Some(Outcome::Completed(text)) if text == "done"));
/// # thread.join().unwrap();
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// A consumer that looks at the very moment between the finish and that release (a status
/// read, or a `wait()` that starts then, while the worker's thread is between the two) can
/// still see the worker's handle: no order of two separate atomics (the state word and the
/// `Arc`'s count) rules that out. One that was waiting is woken only after it.
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus, CancelKind};
///
/// #[async_operation(output = u32)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// {
///     let _worker = job.worker()?;
///     // ... returns early, or panics, without finishing.
/// }
/// assert_eq!(job.status(), AsyncStatus::Canceled);
/// assert_eq!(job.cancel_reason().map(|reason| reason.kind()), Some(CancelKind::Abandoned));
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
#[must_use = "a Worker dropped at once abandons its operation (Canceled, reason `Abandoned`), and `let _ = ...` drops it at once too: bind it to a named variable (`let worker = ...`) and finish it (`complete`, `fail`, `finish`), or hand it to a runner (`run_blocking`, `run`, `run_with`)"]
pub struct Worker<H>
where
    H: Deref,
    H::Target: Operation,
{
    /// Taken out by whatever finishes the operation (a consuming method, or `drop`).
    handle: ManuallyDrop<H>,
}

impl<H> Worker<H>
where
    H: Deref,
    H::Target: Operation,
{
    /// Starts the operation (Created → Started) and returns its worker.
    pub(crate) fn start(handle: H) -> Result<Self, AsyncError> {
        handle.__state().start()?;
        Ok(Self {
            handle: ManuallyDrop::new(handle),
        })
    }

    /// The operation this worker drives.
    #[must_use]
    pub fn operation(&self) -> &H::Target {
        &self.handle
    }

    /// Whether a cancel was requested (any reason): the work should stop. Dropping the worker
    /// (or returning from a runner's body) then acknowledges it.
    #[must_use]
    pub fn is_cancel_requested(&self) -> bool {
        self.handle.__state().is_cancel_requested()
    }

    /// A future that resolves once a cancel is requested: race it against the work.
    pub fn canceled(&self) -> CanceledOf<'_, H> {
        Canceled::new(self.handle.__state())
    }

    /// Reports progress, as the struct's `report_progress` (only while Started).
    ///
    /// # Errors
    ///
    /// An illegal method call when the operation is not Started (after a cancel, say).
    #[doc(alias = "FireProgress")]
    ///
    /// `progress` is a value of the operation's progress type (the `progress = P` it was
    /// declared with; the bound admits that type only). On an operation declared without
    /// `progress = P`, a call is one compile error that names the option.
    pub fn report_progress<Q>(&self, progress: Q) -> Result<(), AsyncError>
    where
        Q: crate::__private::ProgressValue<Progress<H>>,
        Progress<H>: Clone,
    {
        self.handle
            .__state()
            .report_progress(&self.handle, progress.into_progress())
    }

    /// Completes the operation with `value` (Started → Completed), as the struct's `complete`.
    ///
    /// # Errors
    ///
    /// After a cancel won, the value is given back in the `Rejected`, and the operation is
    /// finished as Canceled (this call was the worker's acknowledgement).
    pub fn complete(self, value: Output<H>) -> Result<(), Rejected<Output<H>>> {
        let handle = self.into_handle();
        match handle.__state().try_complete_started(value) {
            Ok(word) => {
                notify_releasing(handle, Some(Owed::finished(word)), false);
                Ok(())
            }
            Err(value) => complete_contended(handle, value),
        }
    }

    /// Fails the operation with `error` (Started → Error), as the struct's `fail`.
    ///
    /// # Errors
    ///
    /// After a cancel won, the error is given back in the `Rejected`, and the operation is
    /// finished as Canceled.
    pub fn fail(self, error: Error<H>) -> Result<(), Rejected<Error<H>>> {
        let handle = self.into_handle();
        match handle.__state().try_fail_started(error) {
            Ok(word) => {
                notify_releasing(handle, Some(Owed::finished(word)), false);
                Ok(())
            }
            Err(error) => fail_contended(handle, error),
        }
    }

    /// Completes with `Ok`, fails with `Err`.
    ///
    /// # Errors
    ///
    /// After a cancel won, `result` is given back in the `Rejected`, and the operation is
    /// finished as Canceled.
    pub fn finish(self, result: BodyResult<H>) -> Result<(), Rejected<BodyResult<H>>> {
        match result {
            Ok(value) => self.complete(value).map_err(|refused| refused.map(Ok)),
            Err(error) => self.fail(error).map_err(|refused| refused.map(Err)),
        }
    }

    /// Runs `body` on this thread and finishes the operation with its result; returns the
    /// final status.
    ///
    /// A panic in `body` is caught and cancels the operation with
    /// [`CancelReason::Panicked`] carrying the panic's message; this call then returns
    /// normally (like a task's join error). A result produced after a cancel won is dropped:
    /// a canceled operation has no result. A completion handler that panics during the finish
    /// is not the body's: its panic propagates from here once all were notified.
    pub fn run_blocking(self, body: impl FnOnce(&Self) -> BodyResult<H>) -> AsyncStatus {
        let end = match panic::catch_unwind(AssertUnwindSafe(|| body(&self))) {
            Ok(result) => Ok(result),
            Err(payload) => Err(Some(panicked(payload))),
        };
        self.settle(end)
    }

    /// A future that polls `body` until it ends or a cancel is requested, whichever is first,
    /// then finishes the operation and resolves to its final status. Runtime-agnostic.
    ///
    /// - `body` ends: the operation completes or fails with its result (dropped if a cancel
    ///   won meanwhile).
    /// - a cancel is requested: `body` is dropped and the cancel acknowledged.
    /// - `body` panics (polled or dropped): the panic is caught and the operation canceled with
    ///   [`CancelReason::Panicked`]; the future still resolves.
    /// - the future is dropped before it ends: `body` is dropped and the operation abandoned,
    ///   as when a worker is dropped.
    ///
    /// It is `Send + 'static` when the body and the handle are, so it can be spawned on
    /// tokio. The first time `body` is pending it registers to be woken on a cancel, which
    /// allocates the operation's `Waiters` once.
    ///
    /// Each poll checks for a cancel before it polls `body`, the first poll included: a cancel
    /// requested before the run first runs wins, and `body` is dropped unpolled (where
    /// tokio-util's `run_until_cancelled` favours the future). A body that is ready at its
    /// first poll after a cancel was requested is not polled, so its result is not produced.
    pub fn run<F>(self, body: F) -> Run<H, F>
    where
        F: Future<Output = BodyResult<H>>,
    {
        Run {
            worker: Some(self),
            body: ManuallyDrop::new(body),
            live: true,
            key: None,
        }
    }

    /// As [`run`](Self::run), for a body that needs the producer side while it runs:
    /// `body` is given a [`WorkerContext`], a cheap cloneable handle (`Send + 'static` for an
    /// owned worker) with `operation()`, `is_cancel_requested()`, `canceled()` and
    /// `report_progress()`.
    ///
    /// Unlike an async closure, `body` can be named with a `Send` bound in generic code. If
    /// `body` itself panics before returning its future, the operation is canceled with
    /// [`CancelReason::Panicked`] and the panic continues on this thread.
    pub fn run_with<B, F>(self, body: B) -> Run<H, F>
    where
        H: Clone,
        B: FnOnce(WorkerContext<H>) -> F,
        F: Future<Output = BodyResult<H>>,
    {
        let context = WorkerContext {
            handle: H::clone(&self.handle),
        };
        match panic::catch_unwind(AssertUnwindSafe(|| body(context))) {
            Ok(body) => self.run(body),
            Err(payload) => {
                let reason = CancelReason::panicked(&*payload);
                self.settle(Err(Some(reason)));
                panic::resume_unwind(payload)
            }
        }
    }

    /// Ends the operation: with the body's result, or stopped (for this reason, or the
    /// default one); returns the final status. A refused result is dropped (§7 rule 3).
    #[inline]
    fn settle(self, end: Result<BodyResult<H>, Option<CancelReason>>) -> AsyncStatus {
        let handle = self.into_handle();
        let state = handle.__state();
        let (word, value) = match end {
            Ok(Ok(value)) => match state.try_complete_started(value) {
                Ok(word) => (word, None),
                Err(value) => (Word(0), Some(Ok(value))),
            },
            Ok(Err(error)) => match state.try_fail_started(error) {
                Ok(word) => (word, None),
                Err(error) => (Word(0), Some(Err(error))),
            },
            Err(reason) => return abandon(handle, reason),
        };
        match value {
            // The common case: the status is the word published.
            None => {
                notify_releasing(handle, Some(Owed::finished(word)), false);
                word.status()
            }
            Some(result) => settle_contended(handle, result),
        }
    }

    /// The handle, with the worker's duty done by the caller.
    #[inline]
    fn into_handle(self) -> H {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so the handle is taken exactly once.
        unsafe { ManuallyDrop::take(&mut this.handle) }
    }
}

/// Finishes an operation whose worker stopped without finishing: with `reason`, or
/// `Abandoned` (`Panicked` while the thread unwinds); returns the final status.
fn abandon<H>(handle: H, reason: Option<CancelReason>) -> AsyncStatus
where
    H: Deref,
    H::Target: Operation,
{
    let unwinding = std::thread::panicking();
    let reason = reason.unwrap_or(if unwinding {
        CancelReason::Panicked(None)
    } else {
        CancelReason::Abandoned
    });
    let state = handle.__state();
    let owed = state.abandon_quiet(reason);
    let status = state.status();
    notify_releasing(handle, owed, unwinding);
    status
}

/// [`Worker::complete`] once the operation was not exactly Started: a cancel came first, or
/// it was closed; the general claim decides. Out of line.
#[cold]
#[inline(never)]
fn complete_contended<H>(handle: H, value: Output<H>) -> Result<(), Rejected<Output<H>>>
where
    H: Deref,
    H::Target: Operation,
{
    let mut owed = None;
    let result = handle.__state().complete_quiet(value, &mut owed);
    notify_releasing(handle, owed, false);
    result
}

/// [`Worker::fail`] once the operation was not exactly Started, as [`complete_contended`].
#[cold]
#[inline(never)]
fn fail_contended<H>(handle: H, error: Error<H>) -> Result<(), Rejected<Error<H>>>
where
    H: Deref,
    H::Target: Operation,
{
    let mut owed = None;
    let result = handle.__state().fail_quiet(error, &mut owed);
    notify_releasing(handle, owed, false);
    result
}

/// A runner's finish once the operation was not exactly Started; returns the final status.
/// A refused result is dropped here, while the handle is still held.
#[cold]
#[inline(never)]
fn settle_contended<H>(handle: H, result: BodyResult<H>) -> AsyncStatus
where
    H: Deref,
    H::Target: Operation,
{
    let state = handle.__state();
    let mut owed = None;
    match result {
        Ok(value) => drop(state.complete_quiet(value, &mut owed)),
        Err(error) => drop(state.fail_quiet(error, &mut owed)),
    }
    // Final: a finished operation's status never changes (close keeps it).
    let status = state.status();
    notify_releasing(handle, owed, false);
    status
}

/// Pays the notification a worker's finish owes, letting go of `handle` after the completion
/// handlers ran (they are given the operation) and before the awaiters and blocked waits are
/// woken: a consumer that `wait()`ed or awaited `finished()` holds the last handle but its
/// own when it wakes, so `Arc::into_inner` succeeds. While `unwinding`, a handler's panic is
/// caught and dropped (resuming it would abort the process); otherwise the first is resumed
/// once everyone was notified.
#[inline]
fn notify_releasing<H>(handle: H, owed: Option<Owed>, unwinding: bool)
where
    H: Deref,
    H::Target: Operation,
{
    if let Some(owed) = owed {
        if handle.__state().owes() {
            notify_registered_releasing(handle, owed, unwinding);
        }
    }
}

/// [`notify_releasing`] once someone may be registered.
#[cold]
#[inline(never)]
fn notify_registered_releasing<H>(handle: H, owed: Owed, unwinding: bool)
where
    H: Deref,
    H::Target: Operation,
{
    let mut panics = Panics::default();
    let wakeups = handle.__state().notify(&handle, owed, &mut panics);
    // The operation's own `Drop` may run here (the last handle) and panic: the wakes still
    // happen.
    panics.run(|| drop(handle));
    wakeups.wake(&mut panics);
    if !unwinding {
        panics.resume();
    }
}

/// The reason for a caught panic; its payload is dropped (a panic of that drop is dropped too).
fn panicked(payload: Box<dyn Any + Send>) -> CancelReason {
    let reason = CancelReason::panicked(&*payload);
    drop(panic::catch_unwind(AssertUnwindSafe(|| drop(payload))));
    reason
}

impl<H> Drop for Worker<H>
where
    H: Deref,
    H::Target: Operation,
{
    fn drop(&mut self) {
        // SAFETY: taken once, here; the field is not used again.
        let handle = unsafe { ManuallyDrop::take(&mut self.handle) };
        abandon(handle, None);
    }
}

impl<H> fmt::Debug for Worker<H>
where
    H: Deref,
    H::Target: Operation,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Worker")
            .field("operation", &self.handle.id())
            .field("status", &self.handle.status())
            .finish()
    }
}
