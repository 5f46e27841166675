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
//! | 6 | `REGISTRY`: someone registered to be notified; the registry pointer is set |
//! | 7..10 | in Canceled, the kind of the [`CancelReason`] (see `reason.rs`) |
//!
//! Every transition is decided by one compare-and-swap on the word (of two racing transitions
//! exactly one CAS succeeds). `complete` and `fail` carry a payload: they claim with the CAS
//! (`STARTED` → `STARTED | CLAIMED`; the status readers see is still Started), write the
//! payload into the slot, then publish the final status with a Release read-modify-write
//! (which keeps a `REGISTRY` bit set meanwhile). Every other transition that meets a claim
//! waits for the publish (a move of the payload and one atomic operation; no user code runs
//! under a claim) and then decides on the published status. So a `cancel()` that
//! loses to a `complete()` returns `false` only once the operation shows Completed. Readers
//! load the word with Acquire and read the slot only when it says `COMPLETED` or `ERROR`, so
//! they never see a status whose payload is not fully written.
//!
//! The payload slot is a union of the output, the error and a cancel reason's data (a parent's
//! id, or a boxed reason); the status word, with the reason's kind bits, is its discriminant.
//! It is written once, by the one claim that decides the final status, never moved, and
//! dropped with the operation. A cancel whose reason carries data claims, writes and
//! publishes like `complete`, so that no reader sees Canceled without its reason.
//!
//! # Notification
//!
//! Handlers, awaiters, blocked threads and progress live in a [`Registry`] that is allocated on
//! the first registration, so an operation nobody waits on allocates nothing. A registrar
//! installs the registry, sets `REGISTRY` in the word, then, under the registry's lock, reads
//! the word: finished means it runs (or resolves) at once, otherwise it registers. A thread
//! that finishes the operation does so with a read-modify-write of the word; if the word it
//! wrote has `REGISTRY`, it takes the lock, takes out
//! everything to notify, unlocks, and notifies. Both sides order themselves on the one word,
//! so either the registrar sees the finish or the finisher sees the registration: nothing is
//! notified twice and nothing is lost.

use core::fmt;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;

use core::ptr;
use core::task::{Poll, Waker};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{AsyncError, AsyncErrorKind, Rejected};
use crate::futures::Awaited;
use crate::notify::{Panics, ProgressHandler, Registry};
use crate::outcome::Outcome;
use crate::reason::{self, Encoded, SlotData};
use crate::sync::{
    load_mut, load_ptr_mut, lock, store_mut, AtomicPtr, AtomicU32, Ordering, UnsafeCell,
};
use crate::{AsyncId, AsyncStatus, CancelReason};

const STATUS_MASK: u32 = 0b111;
const CREATED: u32 = 0;
const STARTED: u32 = 1;
const COMPLETED: u32 = 2;
const CANCELED: u32 = 3;
const ERROR: u32 = 4;
const CLAIMED: u32 = 1 << 3;
const RUNNING: u32 = 1 << 4;
const CLOSED: u32 = 1 << 5;
const REGISTRY: u32 = 1 << 6;

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

const fn is_canceled(word: u32) -> bool {
    word & STATUS_MASK == CANCELED
}

/// The payload slot: empty, the output, the error, or a cancel reason's data. The state word
/// says which.
union Slot<T, E> {
    empty: (),
    output: ManuallyDrop<T>,
    error: ManuallyDrop<E>,
    /// Canceled with `CancelReason::Parent`: the parent's id.
    parent: u64,
    /// Canceled with a reason that carries more than an id: owned, freed on drop.
    boxed: *mut CancelReason,
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
/// whatever `S` is. Creating one allocates nothing and touches no shared state: its
/// [`AsyncId`] is taken on first use.
pub struct OperationState<T, E = crate::BoxError, P = (), S = ()> {
    word: AtomicU32,
    /// 0 until the first `id()`, then the id, forever. Not part of the state machine, so a
    /// plain (never loom-modelled) atomic.
    id: core::sync::atomic::AtomicU64,
    slot: UnsafeCell<Slot<T, E>>,
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
// the latest `P` (so they must be `Sync`). The slot is written only by the one producer
// holding the `CLAIMED` bit, before the status that makes it readable is published with
// Release ordering; the registry is behind a mutex. `S` is only handed by reference to
// handlers on a thread that already holds that reference.
unsafe impl<T: Send + Sync, E: Send + Sync, P: Send + Sync, S> Sync for OperationState<T, E, P, S> {}

/// What a transition decided, from the word it read.
enum Decision<R> {
    /// Store this word (with a CAS from the word that was read) and return `R`.
    Store(u32, R),
    /// Change nothing and return `R`.
    Keep(R),
}

impl<T, E, P, S> OperationState<T, E, P, S> {
    /// A new operation in the Created status (its id is taken the first time it is asked for).
    #[must_use]
    pub fn new() -> Self {
        Self {
            word: AtomicU32::new(CREATED),
            id: core::sync::atomic::AtomicU64::new(0),
            slot: UnsafeCell::new(Slot { empty: () }),
            registry: AtomicPtr::new(ptr::null_mut()),
            _marker: PhantomData,
        }
    }

    /// The operation's id: unique in the process, never 0, stable.
    #[inline]
    #[must_use]
    pub fn id(&self) -> AsyncId {
        match AsyncId::from_raw(self.id.load(core::sync::atomic::Ordering::Relaxed)) {
            Some(id) => id,
            None => self.assign_id(),
        }
    }

    /// Takes a fresh id on the first `id()`, so that creating an operation touches no shared
    /// counter. Of two racing first calls, one id wins and both return it.
    #[cold]
    fn assign_id(&self) -> AsyncId {
        use core::sync::atomic::Ordering::Relaxed;
        let fresh = AsyncId::next();
        match self.id.compare_exchange(0, fresh.get(), Relaxed, Relaxed) {
            Ok(_) => fresh,
            Err(won) => AsyncId::from_raw(won).expect("a stored id is never 0"),
        }
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
    /// word that beat it. Returns the decision's result and, if it stored, the new word.
    ///
    /// A claimed word is waited out first (see [`Self::settled`]), so that no transition
    /// decides on a status that is about to change: `cancel()` returning `false` always means
    /// the operation is terminal.
    #[inline]
    fn transition<R>(&self, mut decide: impl FnMut(u32) -> Decision<R>) -> (R, Option<u32>) {
        let mut word = self.word.load(Ordering::Acquire);
        loop {
            if word & CLAIMED != 0 {
                word = self.settled();
            }
            match decide(word) {
                Decision::Keep(result) => return (result, None),
                Decision::Store(next, result) => {
                    match self.word.compare_exchange_weak(
                        word,
                        next,
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    ) {
                        Ok(_) => return (result, Some(next)),
                        Err(actual) => word = actual,
                    }
                }
            }
        }
    }

    /// Waits until no claim holds, and returns the word then. A claim covers only a move of
    /// the payload into the slot and one atomic operation, never user code, so the wait is a
    /// few nanoseconds unless the claiming thread is descheduled in between; it spins briefly,
    /// then yields.
    #[cold]
    fn settled(&self) -> u32 {
        let mut spins = 0u32;
        loop {
            let word = self.word.load(Ordering::Acquire);
            if word & CLAIMED == 0 {
                return word;
            }
            crate::sync::backoff(&mut spins);
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
        .0
    }

    /// Started → Completed, storing `value`; notifies if it finished the operation.
    pub(crate) fn complete(&self, owner: &S, value: T) -> Result<(), Rejected<T>> {
        self.finish_with(owner, "complete", COMPLETED, value, |value| Slot {
            output: ManuallyDrop::new(value),
        })
    }

    /// Started → Error, storing `error`; notifies if it finished the operation.
    pub(crate) fn fail(&self, owner: &S, error: E) -> Result<(), Rejected<E>> {
        self.finish_with(owner, "fail", ERROR, error, |error| Slot {
            error: ManuallyDrop::new(error),
        })
    }

    /// Claims the transition to `status`, writes `payload` (as `into_slot` makes it) into the
    /// slot, and publishes; or gives `payload` back with the refusal.
    #[inline]
    fn finish_with<V>(
        &self,
        owner: &S,
        method: &'static str,
        status: u32,
        payload: V,
        into_slot: fn(V) -> Slot<T, E>,
    ) -> Result<(), Rejected<V>> {
        let claimed = match self.claim(owner, method) {
            Ok(claimed) => claimed,
            Err(refused) => return Err(Rejected::new(payload, refused)),
        };
        // SAFETY: the claim gives this thread the only access to the empty slot.
        self.slot
            .with_mut(|slot| unsafe { slot.write(into_slot(payload)) });
        // SAFETY: this thread holds the claim `claimed`.
        let word = unsafe { self.publish(claimed, status) };
        self.notify_and_resume(owner, word, Event::Finished);
        Ok(())
    }

    /// The deciding CAS of `complete`/`fail`: Started → Started | CLAIMED.
    ///
    /// When it refuses after a cancel whose worker was still running, the refusal itself is
    /// the worker's "I have stopped": the same CAS clears `RUNNING`, finishing the operation,
    /// and the registered are notified before the refusal is returned.
    #[inline]
    fn claim(&self, owner: &S, method: &'static str) -> Result<u32, AsyncError> {
        let (result, stored) = self.transition(|word| {
            let refusal = if word & CLOSED != 0 {
                closed(method, word)
            } else if word & (STATUS_MASK | CLAIMED) == STARTED {
                return Decision::Store(word | CLAIMED, Ok(word | CLAIMED));
            } else {
                state_change(method, word)
            };
            if word & RUNNING != 0 {
                Decision::Store(word & !RUNNING, Err(refusal))
            } else {
                Decision::Keep(Err(refusal))
            }
        });
        if let (Err(_), Some(word)) = (&result, stored) {
            self.notify_and_resume(owner, word, Event::Finished);
        }
        result
    }

    /// Publishes a claimed transition: `claimed` → `target` (status, `RUNNING` and reason bits),
    /// with Release ordering so that the payload written before is visible to whoever loads the
    /// new status with Acquire. Returns the new word.
    ///
    /// # Safety
    ///
    /// The caller holds the claim: a transition of its stored `claimed` and it has not
    /// published.
    #[inline]
    unsafe fn publish(&self, claimed: u32, target: u32) -> u32 {
        // While a claim holds, every other transition waits it out, so the bits that `flip`
        // covers are still those of `claimed`: XOR turns exactly them into `target`, and leaves
        // alone a `REGISTRY` that a registrar set meanwhile. (A plain store would be cheaper,
        // but then registrars would have to wait out claims too.)
        let flip = (claimed ^ target) & (STATUS_MASK | CLAIMED | RUNNING | reason::MASK);
        self.word.fetch_xor(flip, Ordering::AcqRel) ^ flip
    }

    /// Requests cancellation with `reason`: Created → Canceled (finished), Started → Canceled
    /// with the worker still running. When this call did it (`true`), the reason is recorded,
    /// then `on_cancel` runs, then the registered are notified, on this thread.
    pub(crate) fn cancel_with(
        &self,
        owner: &S,
        reason: CancelReason,
        on_cancel: Option<fn(&S)>,
    ) -> bool {
        let target = |word: u32| match word & (STATUS_MASK | CLAIMED | CLOSED) {
            CREATED => Some(CANCELED),
            STARTED => Some(CANCELED | RUNNING),
            _ => None,
        };
        let Some(word) = self.record_cancel(reason, target) else {
            return false;
        };
        let mut panics = Panics::default();
        if let Some(on_cancel) = on_cancel {
            panics.run(|| on_cancel(owner));
        }
        self.notify(owner, word, Event::Canceled, &mut panics);
        panics.resume();
        true
    }

    /// The worker stopped without finishing: if a cancel was requested meanwhile, this
    /// acknowledges it (keeping its reason); otherwise it cancels with `reason` (`Abandoned` or
    /// `Panicked`) and finishes at once, without `on_cancel` (the worker is already stopping).
    /// On a finished operation it does nothing. While `unwinding`, a handler's panic is caught
    /// and dropped, since resuming it would abort the process.
    pub(crate) fn abandon(&self, owner: &S, reason: CancelReason, unwinding: bool) {
        let mut panics = Panics::default();
        // Started can only be left, never re-entered: if this cancel is refused, the word has
        // moved on (canceled from outside, or finished) and the acknowledgement decides.
        let target =
            |word: u32| (word & (STATUS_MASK | CLAIMED | CLOSED) == STARTED).then_some(CANCELED);
        if let Some(word) = self.record_cancel(reason, target) {
            self.notify(owner, word, Event::Canceled, &mut panics);
        } else if let Some(word) = self.acknowledge() {
            self.notify(owner, word, Event::Finished, &mut panics);
        }
        if !unwinding {
            panics.resume();
        }
    }

    /// Records a cancel with `reason` if `target` (given the current word) says into which
    /// status and `RUNNING` bit; returns the word it published, or `None` if refused.
    ///
    /// A reason without data goes into the word by the deciding CAS. One with data claims
    /// with that CAS, writes the slot and publishes (see [`Self::publish`]).
    fn record_cancel(
        &self,
        reason: CancelReason,
        target: impl Fn(u32) -> Option<u32>,
    ) -> Option<u32> {
        let encoded = Encoded::new(reason);
        let kind = encoded.bits();
        if let Encoded::Bits(_) = encoded {
            return self
                .transition(|word| match target(word) {
                    Some(next) => Decision::Store(next | kind | (word & REGISTRY), ()),
                    None => Decision::Keep(()),
                })
                .1;
        }
        let (claim, _) = self.transition(|word| match target(word) {
            Some(next) => Decision::Store(word | CLAIMED, Some((word | CLAIMED, next | kind))),
            None => Decision::Keep(None),
        });
        let (claimed, target) = claim?;
        let data = match encoded {
            Encoded::Parent(id) => Slot { parent: id },
            Encoded::Boxed(reason) => Slot {
                boxed: Box::into_raw(reason),
            },
            Encoded::Bits(_) => Slot { empty: () },
        };
        // SAFETY: the claim gives this thread the only access to the empty slot.
        self.slot.with_mut(|slot| unsafe { slot.write(data) });
        // SAFETY: this thread holds the claim `claimed`.
        Some(unsafe { self.publish(claimed, target) })
    }

    /// Whether a cancel was requested (any reason), whether or not the worker stopped.
    #[inline]
    pub(crate) fn is_cancel_requested(&self) -> bool {
        is_canceled(self.word.load(Ordering::Acquire))
    }

    /// Why the operation was canceled: `Some` exactly when the status is Canceled (also after
    /// close).
    pub(crate) fn cancel_reason(&self) -> Option<CancelReason> {
        let word = self.word.load(Ordering::Acquire);
        if is_canceled(word) {
            // SAFETY: `word` was loaded with Acquire and says Canceled.
            unsafe { self.reason_of(word) }
        } else {
            None
        }
    }

    /// The reason stored for `word`.
    ///
    /// # Safety
    ///
    /// `word` says Canceled and was loaded with Acquire (or through `&mut self`), so that the
    /// reason's data, written before Canceled was published with Release, is visible. It is
    /// never written again, and freed only through `&mut self`.
    unsafe fn reason_of(&self, word: u32) -> Option<CancelReason> {
        match reason::slot_data(word) {
            SlotData::Nothing => reason::from_bits(word),
            // SAFETY: the caller's contract; the kind bits say which field was written.
            SlotData::Parent => AsyncId::from_raw(self.slot.with(|slot| unsafe { (*slot).parent }))
                .map(CancelReason::Parent),
            SlotData::Boxed => Some(self.slot.with(|slot| unsafe { (*(*slot).boxed).clone() })),
        }
    }

    /// The outcome, borrowed: `None` until finished and after close.
    pub(crate) fn outcome(&self) -> Option<Outcome<&T, &E>> {
        let word = self.word.load(Ordering::Acquire);
        if word & CLOSED != 0 || !is_finished(word) {
            return None;
        }
        // SAFETY: `word` was loaded with Acquire and says which payload was published; the
        // slot is not written again nor dropped while `self` is borrowed.
        match word & STATUS_MASK {
            COMPLETED => Some(Outcome::Completed(
                self.slot.with(|slot| unsafe { &*(*slot).output }),
            )),
            ERROR => Some(Outcome::Error(
                self.slot.with(|slot| unsafe { &*(*slot).error }),
            )),
            _ => unsafe { self.reason_of(word) }.map(Outcome::Canceled),
        }
    }

    /// Moves the outcome out: `None` until finished and after close. The operation is left
    /// closed and empty, so that nothing is dropped twice.
    pub(crate) fn take_outcome(&mut self) -> Option<Outcome<T, E>> {
        let word = load_mut(&mut self.word);
        if word & CLOSED != 0 || !is_finished(word) {
            return None;
        }
        store_mut(
            &mut self.word,
            (word & !(STATUS_MASK | reason::MASK)) | CLOSED | CANCELED,
        );
        // SAFETY: `&mut self` excludes every other access; `word` says what the slot holds,
        // and the word now says it holds nothing (Canceled, `Requested`), so it is moved out
        // exactly once.
        self.slot.with_mut(|slot| unsafe {
            Some(match word & STATUS_MASK {
                COMPLETED => Outcome::Completed(ManuallyDrop::take(&mut (*slot).output)),
                ERROR => Outcome::Error(ManuallyDrop::take(&mut (*slot).error)),
                _ => Outcome::Canceled(match reason::slot_data(word) {
                    SlotData::Boxed => *Box::from_raw((*slot).boxed),
                    SlotData::Parent => CancelReason::Parent(AsyncId::from_raw((*slot).parent)?),
                    SlotData::Nothing => reason::from_bits(word)?,
                }),
            })
        })
    }

    /// The worker's acknowledgement that it stopped after a cancel.
    pub(crate) fn acknowledge_cancel(&self, owner: &S) -> Result<(), AsyncError> {
        let (result, stored) = self.transition(|word| {
            if word & RUNNING != 0 {
                Decision::Store(word & !RUNNING, Ok(()))
            } else if is_terminal(word) {
                Decision::Keep(Ok(()))
            } else {
                Decision::Keep(Err(state_change("acknowledge_cancel", word)))
            }
        });
        if let Some(word) = stored {
            self.notify_and_resume(owner, word, Event::Finished);
        }
        result
    }

    /// Clears `RUNNING` if it is set; returns the word stored then.
    fn acknowledge(&self) -> Option<u32> {
        self.transition(|word| {
            if word & RUNNING != 0 {
                Decision::Store(word & !RUNNING, ())
            } else {
                Decision::Keep(())
            }
        })
        .1
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
        .0
    }

    /// Tells the registered about the transition that produced `word` (always terminal): on a
    /// cancel, the `canceled()` awaiters; when `word` is finished, the `finished()` awaiters,
    /// the threads in `wait()` and the completion handlers, in that order, each once.
    ///
    /// Everything is taken out under the lock and notified after unlocking. What can no longer
    /// be of use is taken out too and dropped here, so that nothing it captured (an `Arc` of
    /// this operation, say) outlives its purpose: progress handlers (no report is accepted
    /// from a terminal status) and, once finished without a cancel, the `canceled()` wakers
    /// (that future can no longer resolve). A panic of any of them (or of `on_cancel`, already
    /// in `panics`) is kept in `panics`, for the caller to resume after all were notified.
    fn notify(&self, owner: &S, word: u32, event: Event, panics: &mut Panics) {
        if word & REGISTRY != 0 {
            let registry = self.registry_ref();
            let finished = is_finished(word);
            let (canceled, awaiters, handlers, progress_handlers) = {
                let mut waiting = lock(&registry.waiting);
                let canceled = if finished || matches!(event, Event::Canceled) {
                    waiting.canceled.take()
                } else {
                    Vec::new()
                };
                let (awaiters, handlers) = if finished {
                    if waiting.blocked > 0 {
                        registry.finished_cv.notify_all();
                    }
                    (
                        waiting.finished.take(),
                        core::mem::take(&mut waiting.handlers),
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                (
                    canceled,
                    awaiters,
                    handlers,
                    waiting.progress_handlers.take(),
                )
            };
            drop(progress_handlers);
            if is_canceled(word) {
                for (_, waker) in canceled {
                    panics.run(|| waker.wake());
                }
            } else {
                drop(canceled);
            }
            for (_, waker) in awaiters {
                panics.run(|| waker.wake());
            }
            let status = status_of(word);
            for handler in handlers {
                panics.run(|| handler(owner, status));
            }
        }
    }

    /// [`Self::notify`], then resumes the first panic of a handler, if any.
    fn notify_and_resume(&self, owner: &S, word: u32, event: Event) {
        let mut panics = Panics::default();
        self.notify(owner, word, event, &mut panics);
        panics.resume();
    }

    /// The registry, allocated by the first caller, with `REGISTRY` set in the word.
    fn registry(&self) -> &Registry<S, P> {
        let mut registry = self.registry.load(Ordering::Acquire);
        if registry.is_null() {
            let fresh = Box::into_raw(Box::new(Registry::new()));
            registry = match self.registry.compare_exchange(
                ptr::null_mut(),
                fresh,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => fresh,
                Err(installed) => {
                    // SAFETY: `fresh` was never shared.
                    drop(unsafe { Box::from_raw(fresh) });
                    installed
                }
            };
        }
        if self.word.load(Ordering::Acquire) & REGISTRY == 0 {
            self.word.fetch_or(REGISTRY, Ordering::AcqRel);
        }
        // SAFETY: installed once, freed only by `drop`, which `&self` excludes.
        unsafe { &*registry }
    }

    /// The registry, known to exist: a word with `REGISTRY` was read with Acquire, and the
    /// pointer was stored before that bit was set.
    fn registry_ref(&self) -> &Registry<S, P> {
        let registry = self.registry.load(Ordering::Acquire);
        debug_assert!(!registry.is_null());
        // SAFETY: as in `registry`.
        unsafe { &*registry }
    }

    /// Registers a completion handler, or runs it now (on this thread) if the operation is
    /// already finished.
    pub(crate) fn on_completed<F>(&self, owner: &S, handler: F) -> Result<(), AsyncError>
    where
        F: FnOnce(&S, AsyncStatus) + Send + 'static,
    {
        let word = self.word.load(Ordering::Acquire);
        if word & CLOSED != 0 {
            return Err(closed("on_completed", word));
        }
        if !is_finished(word) {
            let registry = self.registry();
            let mut waiting = lock(&registry.waiting);
            let word = self.word.load(Ordering::Acquire);
            if word & CLOSED != 0 {
                return Err(closed("on_completed", word));
            }
            if !is_finished(word) {
                waiting.handlers.push(Box::new(handler));
                return Ok(());
            }
        }
        // Finished: run it here, outside the lock.
        handler(owner, status_of(self.word.load(Ordering::Acquire)));
        Ok(())
    }

    /// One poll of a `finished()` or `canceled()` future: ready if its event happened,
    /// otherwise its waker is registered (or replaced) under `key`.
    ///
    /// The waker's `clone` and `drop` are user code, so they run outside the registry's lock:
    /// a new waker is cloned before locking, a replaced one dropped after unlocking. A repoll
    /// with a waker that wakes the same task clones nothing.
    pub(crate) fn poll_event(
        &self,
        awaited: Awaited,
        key: &mut Option<u64>,
        waker: &Waker,
    ) -> Poll<AsyncStatus> {
        let happened = match awaited {
            Awaited::Finished => is_finished,
            Awaited::Canceled => is_canceled,
        };
        // Finished without a cancel, an operation can no longer be canceled: nothing to wait for.
        let never =
            |word: u32| awaited == Awaited::Canceled && is_finished(word) && !is_canceled(word);
        let word = self.word.load(Ordering::Acquire);
        if !happened(word) {
            if never(word) {
                return Poll::Pending;
            }
            let registry = self.registry();
            let mut fresh = key.is_none().then(|| waker.clone());
            loop {
                let mut waiting = lock(&registry.waiting);
                let word = self.word.load(Ordering::Acquire);
                if happened(word) {
                    break;
                }
                if never(word) {
                    return Poll::Pending;
                }
                let wakers = waiting.wakers(awaited);
                if wakers.holds(*key, waker) {
                    return Poll::Pending;
                }
                if let Some(fresh) = fresh.take() {
                    let replaced = wakers.register(key, fresh);
                    drop(waiting);
                    drop(replaced);
                    return Poll::Pending;
                }
                drop(waiting);
                fresh = Some(waker.clone());
            }
        }
        // The notifier took (or will take) every waker registered before the event, so there
        // is nothing to deregister.
        *key = None;
        Poll::Ready(status_of(self.word.load(Ordering::Acquire)))
    }

    /// Removes a dropped future's waker, if the notifier has not taken it, and drops it after
    /// unlocking.
    pub(crate) fn forget(&self, awaited: Awaited, key: u64) {
        let removed = lock(&self.registry_ref().waiting)
            .wakers(awaited)
            .remove(key);
        drop(removed);
    }

    /// Blocks until the operation is finished, or until `timeout` passes (`None`).
    pub(crate) fn wait_timeout(&self, timeout: Option<Duration>) -> Option<AsyncStatus> {
        let word = self.word.load(Ordering::Acquire);
        if is_finished(word) {
            return Some(status_of(word));
        }
        // No timeout, or one too long to represent, waits forever.
        let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
        let registry = self.registry();
        let mut waiting = lock(&registry.waiting);
        loop {
            let word = self.word.load(Ordering::Acquire);
            if is_finished(word) {
                return Some(status_of(word));
            }
            let left = match deadline {
                None => None,
                Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => return None,
                },
            };
            waiting.blocked += 1;
            waiting = match left {
                None => registry
                    .finished_cv
                    .wait(waiting)
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
                Some(left) => {
                    registry
                        .finished_cv
                        .wait_timeout(waiting, left)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0
                }
            };
            waiting.blocked -= 1;
        }
    }

    /// Records a progress report and runs the progress handlers on this thread, each only
    /// while the operation is still Started.
    pub(crate) fn report_progress(&self, owner: &S, progress: P) -> Result<(), AsyncError>
    where
        P: Clone,
    {
        let refuse = |word: u32| {
            if word & CLOSED != 0 {
                closed("report_progress", word)
            } else {
                method_call("report_progress", word)
            }
        };
        let word = self.word.load(Ordering::Acquire);
        if word & STATUS_MASK != STARTED {
            return Err(refuse(word));
        }
        let registry = self.registry();
        // The user's `Clone` and `Drop` of `P` run outside the lock.
        let stored = progress.clone();
        let (handlers, previous) = {
            let mut waiting = lock(&registry.waiting);
            let word = self.word.load(Ordering::Acquire);
            if word & STATUS_MASK != STARTED {
                return Err(refuse(word));
            }
            (
                waiting.progress_handlers.clone(),
                waiting.latest.replace(stored),
            )
        };
        drop(previous);
        let Some(handlers) = handlers else {
            return Ok(());
        };
        let mut panics = Panics::default();
        for handler in handlers.iter() {
            if self.word.load(Ordering::Acquire) & STATUS_MASK != STARTED {
                break;
            }
            panics.run(|| handler(owner, &progress));
        }
        panics.resume();
        Ok(())
    }

    /// The latest progress reported, before close. (The clone is made under the registry's
    /// lock: a `Clone` of `P` must not call back into the operation.)
    pub(crate) fn progress(&self) -> Option<P>
    where
        P: Clone,
    {
        if self.is_closed() {
            return None;
        }
        let registry = self.registry.load(Ordering::Acquire);
        if registry.is_null() {
            return None;
        }
        // SAFETY: as in `registry`.
        let registry = unsafe { &*registry };
        lock(&registry.waiting).latest.clone()
    }

    /// Registers a progress handler.
    pub(crate) fn on_progress<F>(&self, handler: F) -> Result<(), AsyncError>
    where
        F: Fn(&S, &P) + Send + Sync + 'static,
    {
        let word = self.word.load(Ordering::Acquire);
        if word & CLOSED != 0 {
            return Err(closed("on_progress", word));
        }
        if is_terminal(word) {
            // No report is accepted any more: keeping it would only keep its captures alive.
            return Ok(());
        }
        let handler: ProgressHandler<S, P> = Arc::new(handler);
        let registry = self.registry();
        let mut waiting = lock(&registry.waiting);
        let word = self.word.load(Ordering::Acquire);
        if word & CLOSED != 0 {
            return Err(closed("on_progress", word));
        }
        if is_terminal(word) {
            drop(waiting);
            drop(handler);
            return Ok(());
        }
        let handlers: Vec<ProgressHandler<S, P>> = waiting
            .progress_handlers
            .iter()
            .flat_map(|handlers| handlers.iter().cloned())
            .chain([handler])
            .collect();
        let replaced = waiting.progress_handlers.replace(handlers.into());
        drop(waiting);
        drop(replaced);
        Ok(())
    }
}

/// What a notifying transition did.
#[derive(Clone, Copy)]
enum Event {
    /// A cancel won (the operation may or may not be finished by it).
    Canceled,
    /// Anything else that may have finished the operation.
    Finished,
}

fn method_call(method: &'static str, word: u32) -> AsyncError {
    AsyncError::new(AsyncErrorKind::IllegalMethodCall, method, status_of(word))
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
            .field("id", &self.id().get())
            .field("status", &status_of(word))
            .field("finished", &is_finished(word))
            .field("closed", &(word & CLOSED != 0))
            .finish_non_exhaustive()
    }
}

impl<T, E, P, S> Drop for OperationState<T, E, P, S> {
    fn drop(&mut self) {
        let registry = load_ptr_mut(&mut self.registry);
        // SAFETY: installed by `registry` from a `Box`, and `&mut self` excludes every other
        // access. Owned by a local before the payload is dropped, so that it is freed (with
        // everything it holds) even if the payload's `Drop` unwinds.
        let _registry = (!registry.is_null()).then(|| unsafe { Box::from_raw(registry) });
        let word = load_mut(&mut self.word);
        // SAFETY: `&mut self` excludes every other access; the status says which payload (if
        // any) was written, and a claim is always published before `complete`/`fail` return.
        self.slot.with_mut(|slot| unsafe {
            match word & STATUS_MASK {
                COMPLETED => ManuallyDrop::drop(&mut (*slot).output),
                ERROR => ManuallyDrop::drop(&mut (*slot).error),
                CANCELED if matches!(reason::slot_data(word), SlotData::Boxed) => {
                    drop(Box::from_raw((*slot).boxed));
                }
                _ => {}
            }
        });
    }
}
