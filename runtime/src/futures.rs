//! The named futures of an operation: [`Finished`] and [`Canceled`].
//!
//! Both borrow the operation, resolve at once if their event already happened, may be awaited
//! by any number of tasks at once (each future registers its own waker), need no particular
//! executor, and remove their waker when dropped.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::{AsyncStatus, OperationState};

/// The future of `finished()`: resolves to the final status once the operation is finished
/// (terminal, with no worker still running).
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(output = u8)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.start().unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| job.complete(7).unwrap());
///     let status = futures::executor::block_on(job.finished());
///     assert_eq!(status, AsyncStatus::Completed);
/// });
/// ```
#[must_use = "futures do nothing unless awaited"]
pub struct Finished<'a, T, E, P, S> {
    state: &'a OperationState<T, E, P, S>,
    key: Option<u64>,
}

impl<'a, T, E, P, S> Finished<'a, T, E, P, S> {
    pub(crate) fn new(state: &'a OperationState<T, E, P, S>) -> Self {
        Self { state, key: None }
    }
}

impl<T, E, P, S> Future for Finished<'_, T, E, P, S> {
    type Output = AsyncStatus;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AsyncStatus> {
        let this = self.get_mut();
        this.state.poll_finished(&mut this.key, cx.waker())
    }
}

impl<T, E, P, S> Drop for Finished<'_, T, E, P, S> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.state.forget_finished(key);
        }
    }
}

impl<T, E, P, S> fmt::Debug for Finished<'_, T, E, P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finished")
            .field("operation", &self.state.id())
            .field("registered", &self.key.is_some())
            .finish()
    }
}

/// The future of `canceled()`: resolves once cancellation of the operation is requested.
///
/// It stays pending if the operation finishes without a cancel: race it against the work
/// (with `select`) rather than awaiting it alone.
#[must_use = "futures do nothing unless awaited"]
pub struct Canceled<'a, T, E, P, S> {
    state: &'a OperationState<T, E, P, S>,
    key: Option<u64>,
}

impl<'a, T, E, P, S> Canceled<'a, T, E, P, S> {
    pub(crate) fn new(state: &'a OperationState<T, E, P, S>) -> Self {
        Self { state, key: None }
    }
}

impl<T, E, P, S> Future for Canceled<'_, T, E, P, S> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.state
            .poll_canceled(&mut this.key, cx.waker())
            .map(drop)
    }
}

impl<T, E, P, S> Drop for Canceled<'_, T, E, P, S> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.state.forget_canceled(key);
        }
    }
}

impl<T, E, P, S> fmt::Debug for Canceled<'_, T, E, P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Canceled")
            .field("operation", &self.state.id())
            .field("registered", &self.key.is_some())
            .finish()
    }
}
