//! The named futures of an operation: [`Finished`] and [`Canceled`].
//!
//! Both borrow the operation, resolve at once if their event already happened, may be awaited
//! by any number of tasks at once (each future registers its own waker), need no particular
//! executor, and remove their waker when dropped.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use std::sync::Arc;

use crate::notify::Event;
use crate::state::link::{WaiterNode, WakerId};
use crate::{AsyncStatus, Operation, OperationState};

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
///
/// The first future awaiting an operation allocates nothing: its waker lives in the future
/// itself, which is therefore `!Unpin` (`.await` pins it; to poll it by hand, pin it with
/// [`core::pin::pin!`] or `Box::pin`).
#[must_use = "futures do nothing unless awaited"]
pub struct Finished<'a, T, E, P, S> {
    state: &'a OperationState<T, E, P, S>,
    /// Linked into the operation while `linked` says so; never moved then (the future is
    /// pinned and unlinks it in `Drop`).
    node: WaiterNode,
    linked: Option<WakerId>,
    /// The key of the waker registered in the registry instead, if the node could not link.
    key: Option<u64>,
}

impl<'a, T, E, P, S> Finished<'a, T, E, P, S> {
    pub(crate) fn new(state: &'a OperationState<T, E, P, S>) -> Self {
        Self {
            state,
            node: WaiterNode::new(),
            linked: None,
            key: None,
        }
    }
}

impl<T, E, P, S> Future for Finished<'_, T, E, P, S> {
    type Output = AsyncStatus;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AsyncStatus> {
        // SAFETY: the node is never moved out of the pinned future; the other fields are not
        // structurally pinned.
        let this = unsafe { self.get_unchecked_mut() };
        this.state
            .poll_finished(&this.node, &mut this.linked, &mut this.key, cx.waker())
    }
}

impl<T, E, P, S> Drop for Finished<'_, T, E, P, S> {
    fn drop(&mut self) {
        self.state.release_awaiter(&self.node, &mut self.linked);
        if let Some(key) = self.key {
            self.state.forget(Event::Finished, key);
        }
    }
}

impl<T, E, P, S> fmt::Debug for Finished<'_, T, E, P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finished")
            .field("operation", &self.state.id())
            .field("registered", &(self.linked.is_some() || self.key.is_some()))
            .finish()
    }
}

/// The future of `canceled()`: resolves once cancellation of the operation is requested.
///
/// It stays pending if the operation finishes without a cancel: race it against the work
/// (with `select`) rather than awaiting it alone.
#[must_use = "futures do nothing unless awaited"]
pub struct Canceled<'a, T, E, P, S>(Registration<'a, T, E, P, S>);

impl<'a, T, E, P, S> Canceled<'a, T, E, P, S> {
    pub(crate) fn new(state: &'a OperationState<T, E, P, S>) -> Self {
        Self(Registration::new(state, Event::Canceled))
    }
}

impl<T, E, P, S> Future for Canceled<'_, T, E, P, S> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.get_mut().0.poll(cx).map(drop)
    }
}

impl<T, E, P, S> fmt::Debug for Canceled<'_, T, E, P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Canceled").field(&self.0).finish()
    }
}

/// The future of `finished_owned()`: as [`Finished`], but owning an `Arc` of the operation, so
/// it is `'static` (and `Send` when the struct is `Send + Sync`): for `tokio::spawn` and
/// friends.
#[must_use = "futures do nothing unless awaited"]
pub struct FinishedOwned<S: Operation> {
    operation: Arc<S>,
    key: Option<u64>,
}

impl<S: Operation> FinishedOwned<S> {
    pub(crate) fn new(operation: Arc<S>) -> Self {
        Self {
            operation,
            key: None,
        }
    }
}

impl<S: Operation> Future for FinishedOwned<S> {
    type Output = AsyncStatus;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AsyncStatus> {
        let this = self.get_mut();
        this.operation
            .__state()
            .poll_event(Event::Finished, &mut this.key, cx.waker(), None)
    }
}

impl<S: Operation> Drop for FinishedOwned<S> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.operation.__state().forget(Event::Finished, key);
        }
    }
}

impl<S: Operation> fmt::Debug for FinishedOwned<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FinishedOwned")
            .field("operation", &self.operation.__state().id())
            .field("registered", &self.key.is_some())
            .finish()
    }
}

/// A future's place among the operation's waiters: the key of its waker, once registered,
/// removed when the future is dropped.
struct Registration<'a, T, E, P, S> {
    state: &'a OperationState<T, E, P, S>,
    awaited: Event,
    key: Option<u64>,
}

impl<'a, T, E, P, S> Registration<'a, T, E, P, S> {
    fn new(state: &'a OperationState<T, E, P, S>, awaited: Event) -> Self {
        Self {
            state,
            awaited,
            key: None,
        }
    }

    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<AsyncStatus> {
        self.state
            .poll_event(self.awaited, &mut self.key, cx.waker(), None)
    }
}

impl<T, E, P, S> Drop for Registration<'_, T, E, P, S> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.state.forget(self.awaited, key);
        }
    }
}

impl<T, E, P, S> fmt::Debug for Registration<'_, T, E, P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("operation", &self.state.id())
            .field("awaited", &self.awaited)
            .field("registered", &self.key.is_some())
            .finish()
    }
}
