//! [`OperationState`]: the lock-free state machine behind every `#[async_operation]` struct.
//!
//! # The state word
//!
//! All of an operation's state lives in one `AtomicU32`:
//!
//! | bits | meaning |
//! |---|---|
//! | 0..3 | the status: `CREATED`, `STARTED`, `COMPLETED`, `CANCELED`, `ERROR` |
//! | 3 | `CLAIMED`: a producer won `complete`/`fail` and is writing the payload |
//! | 4 | `RUNNING`: canceled while Started; the worker has not stopped yet |
//! | 5 | `CLOSED`: `close()` was called |
//!
//! Every transition is decided by one compare-and-swap on the word (of two racing transitions
//! exactly one CAS succeeds). `complete` and `fail` carry a payload: they claim with the CAS
//! (`STARTED` → `STARTED | CLAIMED`; the status others see is still Started, and every other
//! transition is refused while the claim holds), write the payload into the slot, then publish
//! the final status with a Release read-modify-write. Readers load the word with Acquire and
//! read the slot only when it says `COMPLETED` or `ERROR`, so they never see a status whose
//! payload is not fully written.
//!
//! The payload slot is a union of the output and the error; the status word is its
//! discriminant. It is written once, never moved, and dropped with the operation.

use core::fmt;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;

use crate::error::{AsyncError, AsyncErrorKind, Rejected};
use crate::sync::{load_mut, AtomicU32, Ordering, UnsafeCell};
use crate::{AsyncId, AsyncStatus};

const STATUS_MASK: u32 = 0b111;
const CREATED: u32 = 0;
const STARTED: u32 = 1;
const COMPLETED: u32 = 2;
const CANCELED: u32 = 3;
const ERROR: u32 = 4;
const CLAIMED: u32 = 1 << 3;
const RUNNING: u32 = 1 << 4;
const CLOSED: u32 = 1 << 5;

/// The status a state word shows to readers (a claimed word still shows Started).
const fn status_of(word: u32) -> AsyncStatus {
    match word & STATUS_MASK {
        CREATED => AsyncStatus::Created,
        STARTED => AsyncStatus::Started,
        COMPLETED => AsyncStatus::Completed,
        CANCELED => AsyncStatus::Canceled,
        _ => AsyncStatus::Error,
    }
}

const fn is_terminal(word: u32) -> bool {
    matches!(word & STATUS_MASK, COMPLETED | CANCELED | ERROR)
}

const fn is_finished(word: u32) -> bool {
    is_terminal(word) && word & RUNNING == 0
}

/// The payload slot: empty, the output, or the error. The state word says which.
union Slot<T, E> {
    empty: (),
    output: ManuallyDrop<T>,
    error: ManuallyDrop<E>,
}

/// The state of one asynchronous operation: the field that `#[async_operation]` adds to a
/// struct.
///
/// Users never name this type: the attribute declares the field and generates the methods
/// that drive it. It has no public mutators; its public methods only read. `T` is the
/// operation's output, `E` its error, `P` its progress type and `S` the struct that holds it
/// (so that handlers can be given `&S`).
///
/// It is `Send` when `T`, `E` and `P` are `Send`, and `Sync` when they are `Send + Sync`,
/// whatever `S` is. Creating one takes a fresh [`AsyncId`] and allocates nothing.
pub struct OperationState<T, E = crate::BoxError, P = (), S = ()> {
    word: AtomicU32,
    id: AsyncId,
    slot: UnsafeCell<Slot<T, E>>,
    // `fn() -> X` keeps the auto traits and variance of the payload types without owning
    // them for drop check; the slot's contents are dropped by hand.
    _marker: PhantomData<fn() -> (P, S)>,
}

// SAFETY: the slot is the only thing that is not automatically `Send`; it holds a `T` or an
// `E`, moved in by `complete`/`fail` and dropped with the state.
unsafe impl<T: Send, E: Send, P: Send, S> Send for OperationState<T, E, P, S> {}

// SAFETY: through `&OperationState` a thread can move a `T`/`E`/`P` in (so they must be
// `Send`: they may be dropped on the owning thread) and borrow the stored `T`/`E` (so they
// must be `Sync`). The slot is written only by the one producer holding the `CLAIMED` bit,
// before the status that makes it readable is published with Release ordering.
unsafe impl<T: Send + Sync, E: Send + Sync, P: Send + Sync, S> Sync for OperationState<T, E, P, S> {}

/// What a transition decided, from the word it read.
enum Decision<R> {
    /// Store this word (with a CAS from the word that was read) and return `R`.
    Store(u32, R),
    /// Change nothing and return `R`.
    Keep(R),
}

impl<T, E, P, S> OperationState<T, E, P, S> {
    /// A new operation in the Created status, with a fresh id.
    #[must_use]
    pub fn new() -> Self {
        Self {
            word: AtomicU32::new(CREATED),
            id: AsyncId::next(),
            slot: UnsafeCell::new(Slot { empty: () }),
            _marker: PhantomData,
        }
    }

    /// The operation's id: unique in the process, never 0, stable.
    #[inline]
    #[must_use]
    pub fn id(&self) -> AsyncId {
        self.id
    }

    /// The current status: one atomic load, never blocks.
    ///
    /// After close, this is still the status the operation closed in.
    #[inline]
    #[must_use]
    pub fn status(&self) -> AsyncStatus {
        status_of(self.word.load(Ordering::Acquire))
    }

    /// Whether `close()` was called.
    #[inline]
    #[must_use]
    pub fn is_closed(&self) -> bool {
        self.word.load(Ordering::Acquire) & CLOSED != 0
    }

    /// Whether the status is terminal and no worker is still running.
    #[inline]
    #[must_use]
    pub fn is_finished(&self) -> bool {
        is_finished(self.word.load(Ordering::Acquire))
    }

    /// The result (`IAsyncOperation::GetResults`): `Ok` only in Completed, before close.
    ///
    /// # Errors
    ///
    /// An illegal method call in any other status, and a closed error after close.
    #[inline]
    pub fn results(&self) -> Result<&T, AsyncError> {
        let word = self.word.load(Ordering::Acquire);
        if word & CLOSED != 0 {
            Err(closed("results", word))
        } else if word & STATUS_MASK == COMPLETED {
            // SAFETY: COMPLETED was published (Release) after the output was written, and we
            // loaded it with Acquire; the slot is never written again nor dropped while `self`
            // is borrowed.
            Ok(self.slot.with(|slot| unsafe { &*(*slot).output }))
        } else {
            Err(AsyncError::new(
                AsyncErrorKind::IllegalMethodCall,
                "results",
                status_of(word),
            ))
        }
    }

    /// The error: `Some` only in the Error status, before close.
    #[inline]
    #[must_use]
    pub fn error_code(&self) -> Option<&E> {
        let word = self.word.load(Ordering::Acquire);
        if word & (CLOSED | STATUS_MASK) == ERROR {
            // SAFETY: as in `results`, for the error.
            Some(self.slot.with(|slot| unsafe { &*(*slot).error }))
        } else {
            None
        }
    }

    /// Runs one transition: `decide` sees the current word and says what to store; a
    /// compare-and-swap from that exact word makes the decision, or `decide` runs again on the
    /// word that beat it.
    #[inline]
    fn transition<R>(&self, mut decide: impl FnMut(u32) -> Decision<R>) -> R {
        let mut word = self.word.load(Ordering::Acquire);
        loop {
            match decide(word) {
                Decision::Keep(result) => return result,
                Decision::Store(next, result) => {
                    match self.word.compare_exchange_weak(
                        word,
                        next,
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    ) {
                        Ok(_) => return result,
                        Err(actual) => word = actual,
                    }
                }
            }
        }
    }

    /// Created → Started.
    pub(crate) fn start(&self) -> Result<(), AsyncError> {
        self.transition(|word| {
            if word & CLOSED != 0 {
                Decision::Keep(Err(closed("start", word)))
            } else if word & STATUS_MASK == CREATED {
                Decision::Store(STARTED | (word & !STATUS_MASK), Ok(()))
            } else {
                Decision::Keep(Err(state_change("start", word)))
            }
        })
    }

    /// Started → Completed, storing `value`.
    pub(crate) fn complete(&self, value: T) -> Result<(), Rejected<T>> {
        match self.claim("complete") {
            // SAFETY: the claim gives this thread the only access to the empty slot.
            Ok(()) => unsafe {
                self.slot.with_mut(|slot| {
                    slot.write(Slot {
                        output: ManuallyDrop::new(value),
                    });
                });
                self.publish(COMPLETED);
                Ok(())
            },
            Err(error) => Err(Rejected::new(value, error)),
        }
    }

    /// Started → Error, storing `error`.
    pub(crate) fn fail(&self, error: E) -> Result<(), Rejected<E>> {
        match self.claim("fail") {
            // SAFETY: the claim gives this thread the only access to the empty slot.
            Ok(()) => unsafe {
                self.slot.with_mut(|slot| {
                    slot.write(Slot {
                        error: ManuallyDrop::new(error),
                    });
                });
                self.publish(ERROR);
                Ok(())
            },
            Err(refused) => Err(Rejected::new(error, refused)),
        }
    }

    /// The deciding CAS of `complete`/`fail`: Started → Started | CLAIMED.
    ///
    /// When it refuses after a cancel whose worker was still running, the refusal itself is
    /// the worker's "I have stopped": the same CAS clears `RUNNING`, finishing the operation.
    #[inline]
    fn claim(&self, method: &'static str) -> Result<(), AsyncError> {
        self.transition(|word| {
            let refusal = if word & CLOSED != 0 {
                closed(method, word)
            } else if word & (STATUS_MASK | CLAIMED) == STARTED {
                return Decision::Store(word | CLAIMED, Ok(()));
            } else {
                state_change(method, word)
            };
            if word & RUNNING != 0 {
                Decision::Store(word & !RUNNING, Err(refusal))
            } else {
                Decision::Keep(Err(refusal))
            }
        })
    }

    /// Publishes a claimed transition: STARTED | CLAIMED → `status`, with Release ordering so
    /// that the payload written before is visible to whoever loads the new status.
    ///
    /// # Safety
    ///
    /// The caller holds the claim (its `claim` succeeded and it has not published yet).
    #[inline]
    unsafe fn publish(&self, status: u32) {
        // While the claim holds, no other transition changes the status bits or `CLAIMED`, so
        // XOR turns exactly STARTED | CLAIMED into `status` and leaves every other bit alone.
        self.word
            .fetch_xor((STARTED ^ status) | CLAIMED, Ordering::AcqRel);
    }

    /// Requests cancellation: Created → Canceled (finished), Started → Canceled with the
    /// worker still running. `true` if this call did it.
    pub(crate) fn cancel(&self) -> bool {
        self.transition(|word| match word & (STATUS_MASK | CLAIMED | CLOSED) {
            CREATED => Decision::Store(CANCELED | (word & !STATUS_MASK), true),
            STARTED => Decision::Store(CANCELED | RUNNING | (word & !STATUS_MASK), true),
            _ => Decision::Keep(false),
        })
    }

    /// The worker's acknowledgement that it stopped after a cancel.
    pub(crate) fn acknowledge_cancel(&self) -> Result<(), AsyncError> {
        self.transition(|word| {
            if word & RUNNING != 0 {
                Decision::Store(word & !RUNNING, Ok(()))
            } else if is_terminal(word) {
                Decision::Keep(Ok(()))
            } else {
                Decision::Keep(Err(state_change("acknowledge_cancel", word)))
            }
        })
    }

    /// Marks a terminal operation closed; idempotent.
    pub(crate) fn close(&self) -> Result<(), AsyncError> {
        self.transition(|word| {
            if word & CLOSED != 0 {
                Decision::Keep(Ok(()))
            } else if is_terminal(word) {
                Decision::Store(word | CLOSED, Ok(()))
            } else {
                Decision::Keep(Err(state_change("close", word)))
            }
        })
    }
}

fn state_change(method: &'static str, word: u32) -> AsyncError {
    AsyncError::new(AsyncErrorKind::IllegalStateChange, method, status_of(word))
}

fn closed(method: &'static str, word: u32) -> AsyncError {
    AsyncError::new(AsyncErrorKind::Closed, method, status_of(word))
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
        let word = self.word.load(Ordering::Acquire);
        f.debug_struct("OperationState")
            .field("id", &self.id.get())
            .field("status", &status_of(word))
            .field("finished", &is_finished(word))
            .field("closed", &(word & CLOSED != 0))
            .finish_non_exhaustive()
    }
}

impl<T, E, P, S> Drop for OperationState<T, E, P, S> {
    fn drop(&mut self) {
        let word = load_mut(&mut self.word);
        // SAFETY: `&mut self` excludes every other access; the status says which payload (if
        // any) was written, and a claim is always published before `complete`/`fail` return.
        self.slot.with_mut(|slot| unsafe {
            match word & STATUS_MASK {
                COMPLETED => ManuallyDrop::drop(&mut (*slot).output),
                ERROR => ManuallyDrop::drop(&mut (*slot).error),
                _ => {}
            }
        });
    }
}
