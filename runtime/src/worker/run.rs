//! The future runners of a [`Worker`]: [`Run`], and the [`WorkerContext`] a `run_with` body
//! gets.

use core::fmt;
use core::future::Future;
use core::mem::ManuallyDrop;
use core::ops::Deref;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::panic::{self, AssertUnwindSafe};

use super::{panicked, BodyResult, CanceledOf, Progress, Worker};
use crate::waiters::Event;
use crate::{AsyncError, AsyncInfo, AsyncStatus, CancelReason, Canceled, Operation};

/// The producer side that a [`run_with`](Worker::run_with) body gets: cheap to clone, and
/// `Send + 'static` for an owned worker. It cannot finish the operation: the body's result
/// does.
#[derive(Clone)]
pub struct WorkerContext<H> {
    pub(super) handle: H,
}

impl<H> WorkerContext<H>
where
    H: Deref,
    H::Target: Operation,
{
    /// The operation the run drives.
    #[must_use]
    pub fn operation(&self) -> &H::Target {
        &self.handle
    }

    /// Whether a cancel was requested (any reason). The runner also stops the body on its own.
    #[must_use]
    pub fn is_cancel_requested(&self) -> bool {
        self.handle.__state().is_cancel_requested()
    }

    /// A future that resolves once a cancel is requested.
    pub fn canceled(&self) -> CanceledOf<'_, H> {
        Canceled::new(self.handle.__state())
    }

    /// Reports progress (only while Started).
    ///
    /// # Errors
    ///
    /// An illegal method call when the operation is not Started.
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
}

impl<H> fmt::Debug for WorkerContext<H>
where
    H: Deref,
    H::Target: Operation,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerContext")
            .field("operation", &self.handle.id())
            .finish()
    }
}

/// The future of [`Worker::run`] and [`Worker::run_with`]: resolves to the operation's final
/// status. Dropped before it resolves, it drops the body and abandons the operation.
#[must_use = "futures do nothing unless polled; dropped, this one abandons its operation"]
pub struct Run<H, F>
where
    H: Deref,
    H::Target: Operation,
{
    /// `None` once the run resolved.
    pub(super) worker: Option<Worker<H>>,
    /// Pinned with the run: polled in place and dropped in place, never moved.
    pub(super) body: ManuallyDrop<F>,
    /// Whether `body` is still there to poll and drop.
    pub(super) live: bool,
    /// The key of the waker registered to wake the run on a cancel.
    pub(super) key: Option<u64>,
}

impl<H, F> Run<H, F>
where
    H: Deref,
    H::Target: Operation,
{
    /// Drops the body in place, once; the reason if its drop panicked.
    #[inline]
    fn drop_body(&mut self) -> Option<CancelReason> {
        if !core::mem::replace(&mut self.live, false) {
            return None;
        }
        // SAFETY: `live` was set, so the body is there, and it is dropped in place (as pinning
        // requires) exactly once.
        panic::catch_unwind(AssertUnwindSafe(|| unsafe {
            ManuallyDrop::drop(&mut self.body);
        }))
        .err()
        .map(panicked)
    }

    /// Ends the run: deregisters its waker, drops the body, and finishes the operation with
    /// `end` (a panic of the body's drop turns a result into `Panicked`).
    #[inline]
    fn end(&mut self, end: Result<BodyResult<H>, Option<CancelReason>>) -> AsyncStatus {
        let Some(worker) = self.worker.take() else {
            return AsyncStatus::Canceled;
        };
        if let Some(key) = self.key.take() {
            worker.handle.__state().forget(Event::Canceled, key);
        }
        let end = match (self.drop_body(), end) {
            (Some(panic), Ok(_) | Err(None)) => Err(Some(panic)),
            (_, end) => end,
        };
        worker.settle(end)
    }
}

impl<H, F> Future for Run<H, F>
where
    H: Deref,
    H::Target: Operation,
    F: Future<Output = BodyResult<H>>,
{
    type Output = AsyncStatus;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AsyncStatus> {
        // SAFETY: nothing is moved out of `self`: the body is polled pinned in place and
        // dropped in place.
        let this = unsafe { self.get_unchecked_mut() };
        let Some(worker) = this.worker.as_ref() else {
            panic!("`Run` polled after it resolved");
        };
        let state = worker.handle.__state();
        if state.is_cancel_requested() || !this.live {
            return Poll::Ready(this.end(Err(None)));
        }
        // One unwinding frame covers the poll and, once the body is ready, its drop: a panic of
        // either is the body's.
        let (body, live) = (&mut this.body, &mut this.live);
        let polled = panic::catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: `live`, and pinned in place as above.
            let ready = unsafe { Pin::new_unchecked(&mut **body) }.poll(cx);
            if ready.is_ready() {
                *live = false;
                // SAFETY: dropped in place, once (`live` is now false).
                unsafe { ManuallyDrop::drop(body) };
            }
            ready
        }));
        match polled {
            Ok(Poll::Ready(result)) => {
                // Ready at the first poll (the common case): nothing registered, the body
                // already dropped, so the result goes straight to the worker.
                if this.key.is_none() {
                    if let Some(worker) = this.worker.take() {
                        return Poll::Ready(worker.settle(Ok(result)));
                    }
                }
                return Poll::Ready(this.end(Ok(result)));
            }
            Ok(Poll::Pending) => {}
            Err(payload) => {
                // A panic of the poll leaves the body to drop; one of its drop was the last
                // thing it did (`live` is false then).
                return Poll::Ready(this.end(Err(Some(panicked(payload)))));
            }
        }
        match state.poll_event(Event::Canceled, &mut this.key, cx.waker(), None) {
            Poll::Pending => Poll::Pending,
            // A cancel was requested meanwhile: the body stops here.
            Poll::Ready(_) => Poll::Ready(this.end(Err(None))),
        }
    }
}

impl<H, F> Drop for Run<H, F>
where
    H: Deref,
    H::Target: Operation,
{
    fn drop(&mut self) {
        if self.worker.is_some() {
            self.end(Err(None));
        } else {
            self.drop_body();
        }
    }
}

impl<H, F> fmt::Debug for Run<H, F>
where
    H: Deref,
    H::Target: Operation,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Run")
            .field("worker", &self.worker)
            .field("body_live", &self.live)
            .finish()
    }
}
