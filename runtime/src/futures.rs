//! The named futures of an operation: [`Finished`] and [`Canceled`].
//!
//! Both borrow the operation, resolve at once if their event already happened, may be awaited
//! by any number of tasks at once (each future registers its own waker), need no particular
//! executor, and remove their waker when dropped.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::sync::Arc;
use std::task::Wake;
use std::time::{Duration, Instant};

use crate::state::link::{WaiterNode, WakerId};
use crate::state::{Erased, Signals};
use crate::sync::Parker;
use crate::waiters::Event;
use crate::{AsyncId, AsyncStatus, Operation, OperationState};

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
pub struct Finished<'a>(Source<'a>);

/// What a [`Finished`] waits on.
enum Source<'a> {
    /// An `#[async_operation]` struct's state, seen only through its thread-safe part.
    State {
        state: &'a (dyn Waitable + Send + Sync + 'a),
        /// The same state's word and field, for the ready poll without a dynamic call.
        signals: Signals<'a>,
        /// Linked into the operation while `linked` says so; never moved then (the future is
        /// pinned and unlinks it in `Drop`).
        node: Exclusive<WaiterNode>,
        linked: Option<WakerId>,
        /// The key of the waker registered in the `Waiters` instead, if the node could not
        /// link.
        key: Option<u64>,
    },
    /// A hand-written implementation's own future.
    Boxed(Exclusive<Pin<Box<dyn Future<Output = AsyncStatus> + Send + 'a>>>),
    /// A hand-written implementation that does not override `finished()`: ready with the
    /// status it had when created if that was final, pending otherwise.
    Snapshot(Option<AsyncStatus>),
}

impl<'a> Finished<'a> {
    pub(crate) fn new<T: 'a, E: 'a, P: 'a, S: 'a, M: 'a>(
        state: &'a OperationState<T, E, P, S, M>,
    ) -> Self {
        Self(Source::State {
            state: state.erased(),
            signals: state.signals(),
            node: Exclusive(WaiterNode::new()),
            linked: None,
            key: None,
        })
    }

    /// The future of a hand-written [`AsyncInfo`](crate::AsyncInfo) implementation, which
    /// knows how to await its own finish: for an override of `AsyncInfo::finished`. (Boxed
    /// once; the futures of `#[async_operation]` structs never allocate.)
    pub fn from_future(future: impl Future<Output = AsyncStatus> + Send + 'a) -> Self {
        Self(Source::Boxed(Exclusive(Box::pin(future))))
    }

    /// The default of a hand-written implementation: ready at once with `status` if it is
    /// final (`Some`), otherwise pending for ever.
    pub(crate) fn snapshot(status: Option<AsyncStatus>) -> Self {
        Self(Source::Snapshot(status))
    }
}

impl Finished<'_> {
    /// Whether a poll could be ready: `false` only when the future has registered and its
    /// operation is not finished, read without a call (one load). For a set, which polls only
    /// its slots that may be ready.
    #[inline]
    pub(crate) fn may_be_ready(&self) -> bool {
        match &self.0 {
            Source::State {
                signals,
                linked,
                key,
                ..
            } => (linked.is_none() && key.is_none()) || signals.is_finished(),
            Source::Boxed(_) | Source::Snapshot(_) => true,
        }
    }
}

impl Future for Finished<'_> {
    type Output = AsyncStatus;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<AsyncStatus> {
        // SAFETY: the node is never moved out of the pinned future, nor is the boxed future
        // (it is pinned by its box); nothing else is structurally pinned.
        match unsafe { &mut self.get_unchecked_mut().0 } {
            Source::State {
                state,
                signals,
                node,
                linked,
                key,
            } => match signals.ready(linked, key) {
                Some(status) => Poll::Ready(status),
                None => state.poll_finished(node.get_mut(), linked, key, cx.waker()),
            },
            Source::Boxed(future) => future.get_mut().as_mut().poll(cx),
            Source::Snapshot(status) => status.map_or(Poll::Pending, Poll::Ready),
        }
    }
}

impl Drop for Finished<'_> {
    #[inline]
    fn drop(&mut self) {
        if let Source::State {
            state,
            node,
            linked,
            key,
            ..
        } = &mut self.0
        {
            // Most futures end ready, holding nothing: no call into the operation then.
            if linked.is_some() || key.is_some() {
                state.release(node.get_mut(), linked, *key);
            }
        }
    }
}

impl fmt::Debug for Finished<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("Finished");
        match &self.0 {
            Source::State {
                state, linked, key, ..
            } => f
                .field("operation", &state.id())
                .field("registered", &(linked.is_some() || key.is_some())),
            Source::Boxed(_) => f.field("future", &"hand-written"),
            Source::Snapshot(status) => f.field("status", status),
        }
        .finish()
    }
}

/// A value reached only through `&mut`: `Sync` whenever it is `Send`, as std's unstable
/// `Exclusive` is. What makes a [`Finished`] `Sync` although its waiter node (a cell) and a
/// hand-written implementation's boxed future are not: both are only ever used through the
/// future's `Pin<&mut Self>` (in `poll`) or `&mut self` (in `drop`), never through `&self`.
struct Exclusive<T: ?Sized>(T);

// SAFETY: `Sync` lets threads share `&Exclusive<T>`, through which nothing reaches the value:
// the only access is `get_mut`, which takes `&mut self`, and a `&mut` is never had by two
// threads at once. So no two threads touch the value at once, and `T: Send` covers it being
// used on (and dropped by) another thread than the one that made it.
unsafe impl<T: ?Sized + Send> Sync for Exclusive<T> {}

impl<T: ?Sized> Exclusive<T> {
    /// The value, for the holder of the only `&mut`.
    fn get_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// The part of an operation's state that a [`Finished`] uses: the word and the waiters. It
/// reads and writes no output, error or progress value, so a `Finished` is `Send` whatever
/// the operation's types are.
pub(crate) trait Waitable {
    fn id(&self) -> AsyncId;
    fn poll_finished(
        &self,
        node: &WaiterNode,
        linked: &mut Option<WakerId>,
        key: &mut Option<u64>,
        waker: &Waker,
    ) -> Poll<AsyncStatus>;
    fn release(&self, node: &WaiterNode, linked: &mut Option<WakerId>, key: Option<u64>);
}

impl<T, E, P, S, M> Waitable for Erased<T, E, P, S, M> {
    fn id(&self) -> AsyncId {
        self.0.id()
    }

    fn poll_finished(
        &self,
        node: &WaiterNode,
        linked: &mut Option<WakerId>,
        key: &mut Option<u64>,
        waker: &Waker,
    ) -> Poll<AsyncStatus> {
        self.0.poll_finished(node, linked, key, waker)
    }

    fn release(&self, node: &WaiterNode, linked: &mut Option<WakerId>, key: Option<u64>) {
        self.0.release_awaiter(node, linked);
        if let Some(key) = key {
            self.0.forget(Event::Finished, key);
        }
    }
}

/// The future of `canceled()`: resolves once cancellation of the operation is requested.
///
/// It stays pending if the operation finishes without a cancel: race it against the work
/// (with `select`) rather than awaiting it alone.
#[must_use = "futures do nothing unless awaited"]
pub struct Canceled<'a, T, E, P, S, M = crate::__private::Untimed>(Registration<'a, T, E, P, S, M>);

impl<'a, T, E, P, S, M> Canceled<'a, T, E, P, S, M> {
    pub(crate) fn new(state: &'a OperationState<T, E, P, S, M>) -> Self {
        Self(Registration::new(state, Event::Canceled))
    }
}

impl<T, E, P, S, M> Future for Canceled<'_, T, E, P, S, M> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.get_mut().0.poll(cx).map(drop)
    }
}

impl<T, E, P, S, M> fmt::Debug for Canceled<'_, T, E, P, S, M> {
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
struct Registration<'a, T, E, P, S, M> {
    state: &'a OperationState<T, E, P, S, M>,
    awaited: Event,
    key: Option<u64>,
}

impl<'a, T, E, P, S, M> Registration<'a, T, E, P, S, M> {
    fn new(state: &'a OperationState<T, E, P, S, M>, awaited: Event) -> Self {
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

impl<T, E, P, S, M> Drop for Registration<'_, T, E, P, S, M> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.state.forget(self.awaited, key);
        }
    }
}

impl<T, E, P, S, M> fmt::Debug for Registration<'_, T, E, P, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("operation", &self.state.id())
            .field("awaited", &self.awaited)
            .field("registered", &self.key.is_some())
            .finish()
    }
}

/// The waker of a thread blocked in `block_on`: unparks it.
struct Unpark(Parker);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` on this thread until it is ready, or until `timeout` passes (`None`: no
/// timeout), polling again only once woken (not on a park's spurious return): what `wait()`,
/// `wait_all()` and `wait_any()` do.
pub(crate) fn block_on<F: Future>(future: F, timeout: Option<Duration>) -> Option<F::Output> {
    let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
    let parker = Arc::new(Unpark(Parker::new()));
    let waker = Waker::from(Arc::clone(&parker));
    let mut cx = Context::from_waker(&waker);
    let mut future = core::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return Some(output);
        }
        let left = match deadline {
            None => None,
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return None,
            },
        };
        parker.0.park(left);
    }
}
