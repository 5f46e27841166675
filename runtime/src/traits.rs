//! The traits every `#[async_operation]` struct implements.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::{AsyncError, AsyncId, AsyncStatus, CancelReason, Finished, Link, Snapshot, Times};

/// The status and control of an asynchronous operation (WinRT's `IAsyncInfo`).
///
/// Object-safe: code that manages operations of several kinds can hold `&dyn AsyncInfo` or
/// `Box<dyn AsyncInfo>`.
///
/// ```
/// use asyncinfo::{async_operation, AsyncInfo, AsyncStatus};
///
/// #[async_operation(output = u64)]
/// struct Download;
/// #[async_operation]
/// struct Cleanup;
///
/// let download = Download { status: Default::default() };
/// let cleanup = Cleanup { status: Default::default() };
/// download.start().unwrap();
/// let all: [&dyn AsyncInfo; 2] = [&download, &cleanup];
/// for op in all {
///     op.cancel();
/// }
/// assert!(all.iter().all(|op| op.status() == AsyncStatus::Canceled));
/// ```
#[doc(alias = "IAsyncInfo")]
pub trait AsyncInfo {
    /// The operation's id: unique in the process, never 0, stable for the operation's life.
    #[doc(alias = "Id")]
    fn id(&self) -> AsyncId;

    /// The current status: one atomic load, never blocks.
    #[doc(alias = "Status")]
    fn status(&self) -> AsyncStatus;

    /// Requests cancellation; `true` if this call did it (only from Created or Started).
    /// Never an error: on a finished or closed operation it does nothing and returns `false`.
    #[doc(alias = "Cancel")]
    fn cancel(&self) -> bool;

    /// Closes a terminal operation; idempotent.
    ///
    /// # Errors
    ///
    /// An illegal state change while Created or Started.
    #[doc(alias = "Close")]
    fn close(&self) -> Result<(), AsyncError>;

    /// Whether `close()` was called.
    fn is_closed(&self) -> bool;

    /// Whether the status is terminal and no worker is still running.
    fn is_finished(&self) -> bool;

    /// Requests cancellation, recording why; `true` if this call did it. The first cancel wins
    /// and its reason is kept.
    ///
    /// The default, for a hand-written implementation, ignores `reason` and calls
    /// [`cancel`](Self::cancel).
    #[doc(alias = "Cancel")]
    fn cancel_with(&self, reason: CancelReason) -> bool {
        let _ = reason;
        self.cancel()
    }

    /// Why the operation was canceled: `Some` exactly when the status is Canceled.
    ///
    /// The default, for a hand-written implementation, says [`CancelReason::Requested`].
    fn cancel_reason(&self) -> Option<CancelReason> {
        (self.status() == AsyncStatus::Canceled).then_some(CancelReason::Requested)
    }

    /// Blocks this thread until the operation is finished; returns its status.
    fn wait(&self) -> AsyncStatus {
        loop {
            if let Some(status) = self.wait_timeout(Duration::from_secs(3600)) {
                return status;
            }
        }
    }

    /// As [`wait`](Self::wait), for at most `timeout`; `None` if the operation did not finish
    /// in time.
    ///
    /// The default, for a hand-written implementation, checks
    /// [`is_finished`](Self::is_finished) at growing intervals (up to 10 ms).
    fn wait_timeout(&self, timeout: Duration) -> Option<AsyncStatus> {
        let deadline = Instant::now().checked_add(timeout);
        let mut pause = Duration::from_micros(50);
        loop {
            if self.is_finished() {
                return Some(self.status());
            }
            let left = match deadline {
                Some(deadline) => deadline.checked_duration_since(Instant::now())?,
                None => pause,
            };
            std::thread::sleep(pause.min(left));
            pause = (pause * 2).min(Duration::from_millis(10));
        }
    }

    /// A future of the final status, ready once the operation is finished. It allocates
    /// nothing, and is `Send` (for an operation that is `Sync`, or a `dyn AsyncInfo + Send +
    /// Sync`), so a task that awaits a list of operations can be spawned on any executor.
    ///
    /// The default, for a hand-written implementation, is ready at once if the operation is
    /// finished, and otherwise never: override it with [`Finished::from_future`] to await
    /// your own implementation.
    #[doc(alias = "Completed")]
    fn finished(&self) -> Finished<'_> {
        Finished::snapshot(self.is_finished().then(|| self.status()))
    }

    /// The object-safe form of the generated `link_child`: when this operation is canceled,
    /// `child` is canceled with [`CancelReason::Parent`], on the canceling thread. See the
    /// generated method for the rules.
    ///
    /// # Errors
    ///
    /// A closed error after close. The default, for a hand-written implementation, which
    /// cannot hold children, is an illegal method call.
    fn link_child(&self, child: &Arc<dyn AsyncInfo + Send + Sync>) -> Result<Link, AsyncError> {
        let _ = child;
        Err(AsyncError::method_call("link_child", self.status()))
    }

    /// The operation at this moment: status, flags, cancel reason, error text and times,
    /// owned (see [`Snapshot`]). Its progress is `None`: through `dyn`, read progress with
    /// [`AsyncProgress::snapshot_with_progress`].
    ///
    /// The default, for a hand-written implementation, builds it from the other methods: its
    /// `type_name` is the type's path, its error text (in the Error status, before close) a
    /// fixed sentence, its times [`times`](Self::times)'s.
    fn snapshot(&self) -> Snapshot {
        let status = self.status();
        let closed = self.is_closed();
        Snapshot {
            id: self.id(),
            type_name: Cow::Borrowed(core::any::type_name::<Self>()),
            status,
            finished: self.is_finished(),
            closed,
            progress: None,
            cancel_reason: self.cancel_reason(),
            error: (status == AsyncStatus::Error && !closed)
                .then(|| "the operation failed".to_owned()),
            times: self.times(),
        }
    }

    /// When the operation was created, started and finished: `Some` for an operation declared
    /// with `#[async_operation(timestamps)]`. The default, for a hand-written implementation,
    /// is `None`.
    fn times(&self) -> Option<Times> {
        None
    }

    /// Not a public API: keeps `held` until this operation finishes (or, as `held` says, is
    /// canceled) or is dropped, then drops it (at once if it has finished). The runtime's
    /// deadlines leave the timer that way, and a `Registry` learns of a finish. The default,
    /// for a hand-written implementation, gives it back.
    #[doc(hidden)]
    fn __hold_until_finished(
        &self,
        held: crate::__private::Held,
    ) -> Result<(), crate::__private::Held> {
        Err(held)
    }
}

/// An operation that reports progress (WinRT's `IAsyncOperationWithProgress`, for reading):
/// implemented by every `#[async_operation(progress = P)]` struct, and object-safe, so a list
/// of `dyn AsyncProgress<Progress = u64>` shows how far each one is.
pub trait AsyncProgress: AsyncInfo {
    /// The progress type.
    type Progress;

    /// The latest progress reported, before close.
    #[doc(alias = "Progress")]
    fn progress(&self) -> Option<Self::Progress>;

    /// [`AsyncInfo::snapshot`] with the progress: what a list of
    /// `dyn AsyncProgress<Progress = P>` shows. (Another name than `snapshot`, so that neither
    /// call is ambiguous on such a `dyn`.)
    fn snapshot_with_progress(&self) -> Snapshot<Self::Progress> {
        let snapshot = self.snapshot();
        snapshot.with_progress(self.progress())
    }
}

/// An operation with a result and an error (WinRT's `IAsyncOperation<T>`).
#[doc(alias = "IAsyncOperation")]
pub trait AsyncOperation: AsyncInfo {
    /// The result type (`()` for an action).
    type Output;
    /// The error type stored in the Error status.
    type Error;

    /// The result (`GetResults`): `Ok` only in Completed, before close.
    ///
    /// # Errors
    ///
    /// An illegal method call in any other status; a closed error after close.
    #[doc(alias = "GetResults")]
    fn results(&self) -> Result<&Self::Output, AsyncError>;

    /// The error: `Some` only in the Error status, before close.
    #[doc(alias = "ErrorCode")]
    fn error_code(&self) -> Option<&Self::Error>;
}

/// An `#[async_operation]` struct: the one trait the attribute implements, and the bound that
/// generic producer code names.
///
/// Its types say what the operation produces; its hidden items give the runtime the state
/// and the `on_cancel` hook. [`AsyncInfo`] and [`AsyncOperation`] are implemented for every
/// `Operation` by the runtime, once, so the attribute copies no method bodies into the user's
/// crate. It is not meant to be implemented by hand; `AsyncInfo` is.
///
/// A pool, an executor or any generic code in another crate drives an operation it was handed
/// through [`Worker`](crate::Worker), whose methods need only this bound:
///
/// ```
/// use std::sync::Arc;
/// use asyncinfo::{AsyncStatus, Operation, Worker};
///
/// /// Runs any operation whose output is a `u64` on a thread of its own.
/// fn spawn<S>(worker: Worker<Arc<S>>) -> std::thread::JoinHandle<AsyncStatus>
/// where
///     S: Operation<Output = u64> + Send + Sync + 'static,
/// {
///     std::thread::spawn(move || worker.run_blocking(|_| Ok(42)))
/// }
///
/// #[asyncinfo::async_operation(output = u64)]
/// struct Answer;
///
/// let op = Arc::new(Answer { status: Default::default() });
/// assert_eq!(spawn(Arc::clone(&op).worker_owned()?).join().unwrap(), AsyncStatus::Completed);
/// assert_eq!(op.results()?, &42);
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
pub trait Operation: Sized {
    /// The result type (`()` for an action).
    type Output;
    /// The error type stored in the Error status.
    type Error;
    /// The progress type (`()` for an operation without progress).
    type Progress;

    #[doc(hidden)]
    const __ON_CANCEL: Option<fn(&Self)> = None;

    /// The struct's name as written, for snapshots and tracing.
    #[doc(hidden)]
    const __TYPE_NAME: &'static str;

    /// Whether the operation keeps its times (`timestamps`).
    #[doc(hidden)]
    type __Timing: crate::__private::Timing;

    /// The text of an error, for snapshots: its `Display` where the attribute found one (by
    /// autoref specialization, for the concrete error type), else its type's name.
    #[doc(hidden)]
    fn __error_text(error: &Self::Error) -> String {
        let _ = error;
        core::any::type_name::<Self::Error>().to_owned()
    }

    #[doc(hidden)]
    fn __state(
        &self,
    ) -> &crate::OperationState<Self::Output, Self::Error, Self::Progress, Self, Self::__Timing>;

    /// The operation at this moment, with its progress (see [`Snapshot`]): for generic code
    /// that drives any operation (a pool, a server) and cannot name the struct's own
    /// `snapshot()`.
    fn snapshot_with_progress(&self) -> Snapshot<Self::Progress>
    where
        Self::Progress: Clone,
    {
        crate::__private::snapshot(self)
    }
}

impl<S: Operation> AsyncInfo for S {
    #[inline]
    fn id(&self) -> AsyncId {
        self.__state().id()
    }

    #[inline]
    fn status(&self) -> AsyncStatus {
        self.__state().status()
    }

    #[inline]
    fn cancel(&self) -> bool {
        self.__state()
            .cancel_with(self, crate::CancelReason::Requested, S::__ON_CANCEL)
    }

    #[inline]
    fn close(&self) -> Result<(), AsyncError> {
        self.__state().close()
    }

    #[inline]
    fn is_closed(&self) -> bool {
        self.__state().is_closed()
    }

    #[inline]
    fn is_finished(&self) -> bool {
        self.__state().is_finished()
    }

    #[inline]
    fn cancel_with(&self, reason: CancelReason) -> bool {
        self.__state().cancel_with(self, reason, S::__ON_CANCEL)
    }

    #[inline]
    fn cancel_reason(&self) -> Option<CancelReason> {
        self.__state().cancel_reason()
    }

    #[inline]
    fn wait(&self) -> AsyncStatus {
        crate::__private::wait(self)
    }

    #[inline]
    fn wait_timeout(&self, timeout: Duration) -> Option<AsyncStatus> {
        self.__state().wait_timeout(Some(timeout))
    }

    #[inline]
    fn finished(&self) -> Finished<'_> {
        Finished::new(self.__state())
    }

    #[inline]
    fn link_child(&self, child: &Arc<dyn AsyncInfo + Send + Sync>) -> Result<Link, AsyncError> {
        crate::__private::link_child(self, child)
    }

    fn snapshot(&self) -> Snapshot {
        crate::__private::snapshot_without_progress(self)
    }

    #[inline]
    fn times(&self) -> Option<Times> {
        self.__state().times()
    }

    fn __hold_until_finished(
        &self,
        held: crate::__private::Held,
    ) -> Result<(), crate::__private::Held> {
        let crate::__private::Held(until, held) = held;
        match until {
            // A completion handler that drops it: run at the finish (at once if finished, and
            // dropped uncalled with the operation or after close).
            crate::__private::Until::Finished => {
                drop(self.__state().on_completed(self, move |_, _| drop(held)));
            }
            // Linked as a child: dropped when the operation is canceled (a cancel "cancels" it,
            // a no-op, then drops it) or finishes, at once if it has, or after close.
            crate::__private::Until::Canceled => drop(self.__state().link_child(held)),
        }
        Ok(())
    }
}

impl<S: Operation> AsyncOperation for S {
    type Output = S::Output;
    type Error = S::Error;

    #[inline]
    fn results(&self) -> Result<&S::Output, AsyncError> {
        self.__state().results()
    }

    #[inline]
    fn error_code(&self) -> Option<&S::Error> {
        self.__state().error_code()
    }
}
