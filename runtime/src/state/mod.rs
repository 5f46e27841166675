//! [`OperationState`]: the lock-free state machine behind every `#[async_operation]` struct.
//!
//! One concern per file:
//! - `word.rs`: the state word, one documented constant per bit;
//! - `slot.rs`: the payload slot (result, error or cancel reason), and all the `unsafe` that
//!   reads and writes it;
//! - `transition.rs`: the compare-and-swap engine and every transition;
//! - `link.rs`: what the waiter field holds: nothing, handler nodes, one future's waiter
//!   node, or the `Waiters`;
//! - `registration.rs`: how waiters link themselves, and the one registration protocol;
//! - `notify.rs`: the other side of that protocol, notification;
//! - `wait.rs`: completion handlers, futures and blocking waits (a `finished()` future whose
//!   waker unparks the blocked thread);
//! - `progress.rs`: progress reports and handlers;
//! - `times.rs`: when the operation was created, started and finished (`timestamps`);
//! - `trace.rs`: an event per transition (the `tracing` feature).

pub(crate) mod link;
mod notify;
mod progress;
mod registration;
mod slot;
pub(crate) mod times;
mod trace;
mod transition;
mod wait;
mod word;

use core::fmt;
use core::marker::PhantomData;
use core::ptr;

use crate::sync::{load_ptr_mut, AtomicPtr, AtomicU32, Ordering};
use crate::{AsyncId, AsyncStatus};

use self::link::{Field, HandlerList, WakerId};
pub(crate) use self::notify::Owed;
use self::slot::PayloadSlot;
use self::times::Timing;
pub(crate) use self::word::Word;

/// The state of one asynchronous operation: the field that `#[async_operation]` adds to a
/// struct.
///
/// Users never name this type: the attribute declares the field and generates the methods
/// that drive it. It has no public mutators; its public methods only read. `T` is the
/// operation's output, `E` its error, `P` its progress type and `S` the struct that holds it
/// (so that handlers can be given `&S`). `M` says whether it records when it was created,
/// started and finished (the attribute's `timestamps` option): a zero-sized `Untimed` by
/// default, so that an operation without the option pays nothing for it.
///
/// It is `Send` when `T`, `E` and `P` are `Send`, and `Sync` when they are `Send + Sync`,
/// whatever `S` is. Creating one allocates nothing and touches no state shared between
/// threads: its [`AsyncId`] comes from a block its thread reserved.
#[doc(alias = "AsyncBase")]
pub struct OperationState<T, E = crate::BoxError, P = (), S = (), M = times::Untimed> {
    /// The state machine: a [`Word`].
    word: AtomicU32,
    /// Taken at creation; never changes.
    id: AsyncId,
    slot: PayloadSlot<T, E>,
    /// When the operation was created, started and finished, with `timestamps`.
    times: M,
    /// A tagged pointer ([`Field`]): null until the first registration; what it owns is freed
    /// on drop.
    waiters: AtomicPtr<()>,
    // The slot's contents and the `Waiters` are dropped by hand; this tells drop check that
    // they are owned. The waiters' handlers take `&S` and it stores `P`s: invariant in
    // both, as a typed pointer to it would make the struct.
    _marker: Marker<T, E, P, S>,
}

/// Owns `T`, `E` and `P` for drop check, and is invariant in `S` and `P` without touching the
/// auto traits (a function pointer is `Send`, `Sync`, `Unpin` and unwind-safe).
type Marker<T, E, P, S> = PhantomData<(T, E, P, fn((S, P)) -> (S, P))>;

// SAFETY: the slot holds a `T` or an `E`, moved in by `complete`/`fail`, or a boxed
// `CancelReason` (`Send + Sync`); the `Waiters` holds `P`s and handlers and wakers that are
// themselves `Send`. All are dropped with the state, wherever it is.
unsafe impl<T: Send, E: Send, P: Send, S, M: Send> Send for OperationState<T, E, P, S, M> {}

// SAFETY: through `&OperationState` a thread can move a `T`/`E`/`P` in (so they must be
// `Send`: they may be dropped on the owning thread) and borrow the stored `T`/`E` or clone
// the latest `P` (so they must be `Sync`). The slot is written only by the one thread holding
// the claim, before the status that makes it readable is published with Release ordering;
// the `Waiters` is behind a mutex. `S` is only handed by reference to handlers on a thread
// that already holds that reference.
unsafe impl<T: Send + Sync, E: Send + Sync, P: Send + Sync, S, M: Sync> Sync
    for OperationState<T, E, P, S, M>
{
}

impl<T, E, P, S, M: Timing> OperationState<T, E, P, S, M> {
    /// A new operation in the Created status, with its id.
    #[inline]
    #[must_use]
    pub fn new() -> Self {
        Self {
            word: AtomicU32::new(Word::created()),
            id: AsyncId::next(),
            slot: PayloadSlot::new(),
            times: M::__created(),
            waiters: AtomicPtr::new(ptr::null_mut()),
            _marker: PhantomData,
        }
    }
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// The operation's id: unique in the process, never 0, stable.
    #[inline]
    #[must_use]
    pub fn id(&self) -> AsyncId {
        self.id
    }

    /// The state word, with Acquire ordering: pairs with the Release of every transition, so
    /// that whatever the word says was published (a payload, the `Waiters`) is visible.
    #[inline]
    fn load(&self) -> Word {
        Word(self.word.load(Ordering::Acquire))
    }

    /// The current status: one atomic load, never blocks.
    ///
    /// After close, this is still the status the operation closed in.
    #[inline]
    #[must_use]
    pub fn status(&self) -> AsyncStatus {
        self.load().status()
    }

    /// Whether `close()` was called.
    #[inline]
    #[must_use]
    pub fn is_closed(&self) -> bool {
        self.load().has(Word::CLOSED)
    }

    /// Whether the status is terminal and no worker is still running.
    #[inline]
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.load().is_finished()
    }

    /// Whether a cancel was requested (any reason), whether or not the worker stopped.
    #[inline]
    pub(crate) fn is_cancel_requested(&self) -> bool {
        self.load().is_canceled()
    }
}

/// An operation's word and waiter field, without its types: what a `Finished` future reads
/// on its common path, with no call through `dyn Waitable`.
#[derive(Clone, Copy)]
pub(crate) struct Signals<'a> {
    word: &'a AtomicU32,
    waiters: &'a AtomicPtr<()>,
}

impl Signals<'_> {
    /// Whether the operation is finished (an Acquire load of the word).
    #[inline]
    pub(crate) fn is_finished(self) -> bool {
        Word(self.word.load(Ordering::Acquire)).is_finished()
    }

    /// Whether the waiter field is sealed: no node is in it and there is no `Waiters` (the
    /// finisher took what was linked and is done with it). Acquire: pairs with the finisher's
    /// Release store of `Sealed`, after its last use of a node it took.
    #[inline]
    pub(crate) fn is_sealed(self) -> bool {
        self.waiters.load(Ordering::Acquire) == Field::<(), ()>::Sealed.encode()
    }

    /// The final status, if the operation is finished and a `finished()` future with these
    /// `linked` and `key` has nothing to release (its node, if it was linked, was taken by the
    /// finisher), clearing both; `None` otherwise. A fast path of the finished case of
    /// `OperationState::poll_finished`, which handles every other case.
    #[inline]
    pub(crate) fn ready(
        self,
        linked: &mut Option<WakerId>,
        key: &mut Option<u64>,
    ) -> Option<AsyncStatus> {
        let word = Word(self.word.load(Ordering::Acquire));
        if !word.is_finished() || (linked.is_some() && !self.is_sealed()) {
            return None;
        }
        *linked = None;
        // The notifier took (or will take) every waker registered before the finish: nothing
        // to deregister.
        *key = None;
        Some(word.status())
    }
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// The word and the waiter field, without the types.
    #[inline]
    pub(crate) fn signals(&self) -> Signals<'_> {
        Signals {
            word: &self.word,
            waiters: &self.waiters,
        }
    }
}

/// An operation's state seen only through the word and the waiters (`futures::Waitable`),
/// which never touch a `T`, `E`, `P` or `S` value: what a `Finished` future holds.
#[repr(transparent)]
pub(crate) struct Erased<T, E, P, S, M>(pub(crate) OperationState<T, E, P, S, M>);

// SAFETY: through `Erased`, only the word, the waiter field and the waiters' waker lists
// and waiter node are used: atomics, a mutex, and `Waker`s, which are `Send + Sync`. No output,
// error, progress value or handler is read, written, moved or dropped.
unsafe impl<T, E, P, S, M> Send for Erased<T, E, P, S, M> {}
// SAFETY: as above.
unsafe impl<T, E, P, S, M> Sync for Erased<T, E, P, S, M> {}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// This state, seen only through its thread-safe part.
    pub(crate) fn erased(&self) -> &Erased<T, E, P, S, M> {
        // SAFETY: `Erased` is a `repr(transparent)` wrapper of this type.
        unsafe { &*core::ptr::from_ref(self).cast::<Erased<T, E, P, S, M>>() }
    }
}

impl<T, E, P, S, M: Timing> Default for OperationState<T, E, P, S, M> {
    /// Same as [`OperationState::new`].
    fn default() -> Self {
        Self::new()
    }
}

/// Shows the id and status, not the payload, so that it is `Debug` whatever the payload types.
impl<T, E, P, S, M> fmt::Debug for OperationState<T, E, P, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = self.load();
        f.debug_struct("OperationState")
            .field("id", &self.id().get())
            .field("status", &word.status())
            .field("finished", &word.is_finished())
            .field("closed", &word.has(Word::CLOSED))
            .finish_non_exhaustive()
    }
}

impl<T, E, P, S, M> Drop for OperationState<T, E, P, S, M> {
    #[inline]
    fn drop(&mut self) {
        // The common case in a few instructions: the field owns nothing (nobody registered, or
        // what was registered was notified), and a payload with no drop glue (a `u64` result).
        if Field::<S, P>::owns_nothing(load_ptr_mut(&mut self.waiters))
            && !self.payload_needs_drop()
        {
            return;
        }
        self.drop_all();
    }
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// Frees the `Waiters` and the payload, out of line.
    #[cold]
    fn drop_all(&mut self) {
        // Owned by a guard before the payload is dropped, so that the `Waiters` (or the
        // handlers) are freed with everything they hold even if the payload's `Drop` unwinds.
        let _link = LinkGuard::<S, P>(load_ptr_mut(&mut self.waiters), PhantomData);
        self.drop_payload();
    }
}

/// Frees what the waiter field owns when dropped: handler nodes never run, or the `Waiters`.
/// (A future's node is not the field's: its future, which borrows the operation, is gone or
/// leaked.)
struct LinkGuard<S, P>(*mut (), PhantomData<(S, P)>);

impl<S, P> Drop for LinkGuard<S, P> {
    fn drop(&mut self) {
        match Field::<S, P>::decode(self.0) {
            // SAFETY: the operation's `&mut self` in `Drop` excludes every other access; the
            // field owns the stack.
            Field::Handlers(head) => drop(unsafe { HandlerList::from_head(head) }),
            // SAFETY: installed by `waiters` from a `Box`; exclusive as above.
            Field::Waiters(waiters) => drop(unsafe { Box::from_raw(waiters) }),
            _ => {}
        }
    }
}
