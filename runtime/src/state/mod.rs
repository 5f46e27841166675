//! [`OperationState`]: the lock-free state machine behind every `#[async_operation]` struct.
//!
//! One concern per file:
//! - `word.rs`: the state word, one documented constant per bit;
//! - `slot.rs`: the payload slot (result, error or cancel reason), and all the `unsafe` that
//!   reads and writes it;
//! - `transition.rs`: the compare-and-swap engine and every transition;
//! - `registry.rs`: the registry of everyone waiting, its one registration protocol, and
//!   notification;
//! - `wait.rs`: completion handlers, futures and blocking waits;
//! - `progress.rs`: progress reports and handlers.

mod progress;
mod registry;
mod slot;
mod transition;
mod wait;
mod word;

use core::fmt;
use core::marker::PhantomData;
use core::ptr;

use crate::notify::Registry;
use crate::sync::{load_ptr_mut, AtomicPtr, AtomicU32, Ordering};
use crate::{AsyncId, AsyncStatus};

use self::slot::PayloadSlot;
pub(crate) use self::word::Word;

/// The state of one asynchronous operation: the field that `#[async_operation]` adds to a
/// struct.
///
/// Users never name this type: the attribute declares the field and generates the methods
/// that drive it. It has no public mutators; its public methods only read. `T` is the
/// operation's output, `E` its error, `P` its progress type and `S` the struct that holds it
/// (so that handlers can be given `&S`).
///
/// It is `Send` when `T`, `E` and `P` are `Send`, and `Sync` when they are `Send + Sync`,
/// whatever `S` is. Creating one allocates nothing and touches no state shared between
/// threads: its [`AsyncId`] comes from a block its thread reserved.
#[doc(alias = "AsyncBase")]
pub struct OperationState<T, E = crate::BoxError, P = (), S = ()> {
    /// The state machine: a [`Word`].
    word: AtomicU32,
    /// Taken at creation; never changes.
    id: AsyncId,
    slot: PayloadSlot<T, E>,
    /// Null until the first registration; owned, freed on drop.
    registry: AtomicPtr<Registry<S, P>>,
    // The slot's contents and the registry are dropped by hand; this tells drop check that
    // they are owned.
    _marker: PhantomData<(T, E, P)>,
}

// SAFETY: the slot holds a `T` or an `E`, moved in by `complete`/`fail`, or a boxed
// `CancelReason` (`Send + Sync`); the registry holds `P`s and handlers and wakers that are
// themselves `Send`. All are dropped with the state, wherever it is.
unsafe impl<T: Send, E: Send, P: Send, S> Send for OperationState<T, E, P, S> {}

// SAFETY: through `&OperationState` a thread can move a `T`/`E`/`P` in (so they must be
// `Send`: they may be dropped on the owning thread) and borrow the stored `T`/`E` or clone
// the latest `P` (so they must be `Sync`). The slot is written only by the one thread holding
// the claim, before the status that makes it readable is published with Release ordering;
// the registry is behind a mutex. `S` is only handed by reference to handlers on a thread
// that already holds that reference.
unsafe impl<T: Send + Sync, E: Send + Sync, P: Send + Sync, S> Sync for OperationState<T, E, P, S> {}

impl<T, E, P, S> OperationState<T, E, P, S> {
    /// A new operation in the Created status, with its id.
    #[inline]
    #[must_use]
    pub fn new() -> Self {
        Self {
            word: AtomicU32::new(Word::CREATED),
            id: AsyncId::next(),
            slot: PayloadSlot::new(),
            registry: AtomicPtr::new(ptr::null_mut()),
            _marker: PhantomData,
        }
    }

    /// The operation's id: unique in the process, never 0, stable.
    #[inline]
    #[must_use]
    pub fn id(&self) -> AsyncId {
        self.id
    }

    /// The state word, with Acquire ordering: pairs with the Release of every transition, so
    /// that whatever the word says was published (a payload, the registry) is visible.
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

impl<T, E, P, S> Default for OperationState<T, E, P, S> {
    /// Same as [`OperationState::new`].
    fn default() -> Self {
        Self::new()
    }
}

/// Shows the id and status, not the payload, so that it is `Debug` whatever the payload types.
impl<T, E, P, S> fmt::Debug for OperationState<T, E, P, S> {
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

impl<T, E, P, S> Drop for OperationState<T, E, P, S> {
    #[inline]
    fn drop(&mut self) {
        // The common case in a few instructions: no registry, and a payload with no drop glue
        // (a `u64` result, say).
        if load_ptr_mut(&mut self.registry).is_null() && !self.payload_needs_drop() {
            return;
        }
        self.drop_all();
    }
}

impl<T, E, P, S> OperationState<T, E, P, S> {
    /// Frees the registry and the payload, out of line.
    #[cold]
    fn drop_all(&mut self) {
        // Owned by a guard before the payload is dropped, so that the registry is freed (with
        // everything it holds) even if the payload's `Drop` unwinds.
        let _registry = RegistryGuard(load_ptr_mut(&mut self.registry));
        self.drop_payload();
    }
}

/// Frees an installed registry when dropped.
struct RegistryGuard<S, P>(*mut Registry<S, P>);

impl<S, P> Drop for RegistryGuard<S, P> {
    #[inline]
    fn drop(&mut self) {
        if !self.0.is_null() {
            free_registry(self.0);
        }
    }
}

/// Frees a registry: out of line, since an operation nobody waited on has none.
#[cold]
fn free_registry<S, P>(registry: *mut Registry<S, P>) {
    // SAFETY: installed by `registry` from a `Box`, and the operation's `&mut self` in `Drop`
    // excludes every other access.
    drop(unsafe { Box::from_raw(registry) });
}
