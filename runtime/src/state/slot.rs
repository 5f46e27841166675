//! The payload slot, and every `unsafe` access to it.
//!
//! The slot is a union of the output, the error and a cancel reason's data; the state word is
//! its discriminant. It is written once, by the thread holding the claim (a [`Claim`], which
//! only the claiming compare-and-swap makes), before the status that makes it readable is
//! published with Release ordering. Readers load the word with Acquire (pairing with that
//! Release) and read the slot only when the word says what it holds. It is never written
//! again, and moved out or dropped only through `&mut`.

use core::mem::ManuallyDrop;

use std::borrow::Cow;

use super::times::Timing;
use super::{OperationState, Word};
use crate::outcome::Outcome;
use crate::reason::{self, SlotData};
use crate::sync::{load_mut, store_mut, UnsafeCell};
use crate::{AsyncError, AsyncId, CancelReason, Snapshot};

/// What the slot holds; the state word says which.
pub(super) union Slot<T, E> {
    empty: (),
    output: ManuallyDrop<T>,
    error: ManuallyDrop<E>,
    /// Canceled with `CancelReason::Parent`: the parent's id.
    parent: u64,
    /// Canceled with a reason that carries more than an id: owned, freed on drop.
    boxed: *mut CancelReason,
}

impl<T, E> Slot<T, E> {
    pub(super) const fn empty() -> Self {
        Self { empty: () }
    }

    pub(super) fn output(value: T) -> Self {
        Self {
            output: ManuallyDrop::new(value),
        }
    }

    pub(super) fn error(error: E) -> Self {
        Self {
            error: ManuallyDrop::new(error),
        }
    }

    pub(super) fn parent(id: u64) -> Self {
        Self { parent: id }
    }

    pub(super) fn boxed(reason: Box<CancelReason>) -> Self {
        Self {
            boxed: Box::into_raw(reason),
        }
    }
}

/// The slot's cell.
pub(super) struct PayloadSlot<T, E>(UnsafeCell<Slot<T, E>>);

impl<T, E> PayloadSlot<T, E> {
    pub(super) fn new() -> Self {
        Self(UnsafeCell::new(Slot::empty()))
    }
}

/// Proof that this thread won a claim: the word its compare-and-swap stored. Made only by
/// that compare-and-swap (`transition.rs`), and consumed by the publish that ends the claim.
pub(super) struct Claim(Word);

impl Claim {
    /// # Safety
    ///
    /// `word` (with `CLAIMED`) was stored by a compare-and-swap of this thread, and no other
    /// `Claim` of it exists.
    pub(super) const unsafe fn new(word: Word) -> Self {
        Self(word)
    }

    /// The word stored by the claim.
    pub(super) const fn word(&self) -> Word {
        self.0
    }
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// Writes the payload of the claim `claim` (before its publish).
    pub(super) fn write_slot(&self, _claim: &Claim, value: Slot<T, E>) {
        // SAFETY: while the claim holds, no other thread reads or writes the slot, and it is
        // empty: only a claim writes it, once, and only from Created or Started.
        self.slot.0.with_mut(|slot| unsafe { slot.write(value) });
    }

    /// The result (`IAsyncOperation::GetResults`): `Ok` only in Completed, before close.
    ///
    /// # Errors
    ///
    /// An illegal method call in any other status, and a closed error after close.
    #[inline]
    pub fn results(&self) -> Result<&T, AsyncError> {
        let word = self.load();
        if word.has(Word::CLOSED) {
            Err(AsyncError::closed("results", word.status()))
        } else if word.bits() == Word::COMPLETED {
            // SAFETY: the Acquire load saw COMPLETED, published after the output was written.
            Ok(self.slot.0.with(|slot| unsafe { &*(*slot).output }))
        } else {
            Err(AsyncError::method_call("results", word.status()))
        }
    }

    /// The error: `Some` only in the Error status, before close.
    #[inline]
    #[must_use]
    pub fn error_code(&self) -> Option<&E> {
        let word = self.load();
        if word.0 & (Word::CLOSED | Word::STATUS) == Word::ERROR {
            // SAFETY: the Acquire load saw ERROR, published after the error was written.
            Some(self.slot.0.with(|slot| unsafe { &*(*slot).error }))
        } else {
            None
        }
    }

    /// Why the operation was canceled: `Some` exactly when the status is Canceled (also after
    /// close).
    pub(crate) fn cancel_reason(&self) -> Option<CancelReason> {
        let word = self.load();
        word.is_canceled().then(|| self.reason_of(word)).flatten()
    }

    /// The reason stored for `word`, which says Canceled and was loaded with Acquire.
    pub(super) fn reason_of(&self, word: Word) -> Option<CancelReason> {
        let kind = (word.0 & Word::REASON) >> Word::REASON_SHIFT;
        match reason::slot_data(kind) {
            SlotData::Nothing => reason::from_kind(kind),
            // SAFETY: the kind says the reason's data was written before Canceled was
            // published; the caller loaded that word with Acquire.
            SlotData::Parent => self
                .slot
                .0
                .with(|slot| AsyncId::from_raw(unsafe { (*slot).parent }))
                .map(CancelReason::Parent),
            // SAFETY: as above; the box is freed only through `&mut self`.
            SlotData::Boxed => Some(self.slot.0.with(|slot| unsafe { (*(*slot).boxed).clone() })),
        }
    }

    /// The outcome, borrowed: `None` until finished and after close.
    ///
    /// Inline, and as cheap as `results()` for a result or an error: one load, one compare
    /// of the status (with `CLOSED`), one branch. A cancel reason is read out of line.
    #[inline]
    pub(crate) fn outcome(&self) -> Option<Outcome<&T, &E>> {
        let word = self.load();
        let status = word.0 & (Word::CLOSED | Word::STATUS);
        if status == Word::COMPLETED {
            // SAFETY: the Acquire load saw COMPLETED, published after the output was written.
            Some(Outcome::Completed(
                self.slot.0.with(|slot| unsafe { &*(*slot).output }),
            ))
        } else if status == Word::ERROR {
            // SAFETY: the Acquire load saw ERROR, published after the error was written.
            Some(Outcome::Error(
                self.slot.0.with(|slot| unsafe { &*(*slot).error }),
            ))
        } else {
            self.canceled_outcome(word).map(Outcome::Canceled)
        }
    }

    /// The reason of [`Self::outcome`] in every other case: canceled and finished, before
    /// close; otherwise `None`.
    #[cold]
    fn canceled_outcome(&self, word: Word) -> Option<CancelReason> {
        if word.has(Word::CLOSED) || !word.is_finished() || !word.is_canceled() {
            return None;
        }
        self.reason_of(word)
    }

    /// The operation at this moment, from one read of the word: its status, flags, cancel
    /// reason, error (as `error_text` makes it, read under the same rules as `error_code`) and
    /// times; then `progress()` for the progress, which may be newer.
    pub(crate) fn snapshot<Q>(
        &self,
        type_name: &'static str,
        error_text: fn(&E) -> String,
        progress: impl FnOnce() -> Option<Q>,
    ) -> Snapshot<Q>
    where
        M: Timing,
    {
        let word = self.load();
        let error = (word.0 & (Word::CLOSED | Word::STATUS) == Word::ERROR).then(|| {
            // SAFETY: the Acquire load saw ERROR, published after the error was written.
            error_text(self.slot.0.with(|slot| unsafe { &*(*slot).error }))
        });
        Snapshot {
            id: self.id(),
            type_name: Cow::Borrowed(type_name),
            status: word.status(),
            finished: word.is_finished(),
            closed: word.has(Word::CLOSED),
            cancel_reason: word.is_canceled().then(|| self.reason_of(word)).flatten(),
            error,
            times: self.times_as_of(word),
            progress: progress(),
        }
    }

    /// Moves the outcome out: `None` until finished and after close. The operation is left
    /// closed and empty (Canceled, kind `Requested`, no data), so nothing is dropped twice.
    pub(crate) fn take_outcome(&mut self) -> Option<Outcome<T, E>> {
        let word = Word(load_mut(&mut self.word));
        if word.has(Word::CLOSED) || !word.is_finished() {
            return None;
        }
        let emptied = (word.0 & !(Word::STATUS | Word::REASON)) | Word::CLOSED | Word::CANCELED;
        store_mut(&mut self.word, emptied);
        let kind = (word.0 & Word::REASON) >> Word::REASON_SHIFT;
        // SAFETY: `&mut self` excludes every other access; `word` says what the slot holds,
        // and the word now says it holds nothing, so it is moved out exactly once.
        self.slot.0.with_mut(|slot| unsafe {
            Some(match word.bits() {
                Word::COMPLETED => Outcome::Completed(ManuallyDrop::take(&mut (*slot).output)),
                Word::ERROR => Outcome::Error(ManuallyDrop::take(&mut (*slot).error)),
                _ => Outcome::Canceled(match reason::slot_data(kind) {
                    SlotData::Boxed => *Box::from_raw((*slot).boxed),
                    SlotData::Parent => CancelReason::Parent(AsyncId::from_raw((*slot).parent)?),
                    SlotData::Nothing => reason::from_kind(kind)?,
                }),
            })
        })
    }

    /// Whether the slot holds something with drop glue, for `Drop`.
    #[inline]
    pub(super) fn payload_needs_drop(&mut self) -> bool {
        let word = Word(load_mut(&mut self.word));
        let kind = (word.0 & Word::REASON) >> Word::REASON_SHIFT;
        match word.bits() {
            Word::COMPLETED => core::mem::needs_drop::<T>(),
            Word::ERROR => core::mem::needs_drop::<E>(),
            Word::CANCELED => matches!(reason::slot_data(kind), SlotData::Boxed),
            _ => false,
        }
    }

    /// Drops whatever the slot holds, for `Drop`.
    pub(super) fn drop_payload(&mut self) {
        let word = Word(load_mut(&mut self.word));
        let kind = (word.0 & Word::REASON) >> Word::REASON_SHIFT;
        // SAFETY: `&mut self` excludes every other access; the word says which payload (if
        // any) was written, and a claim is always published before its call returns.
        self.slot.0.with_mut(|slot| unsafe {
            match word.bits() {
                Word::COMPLETED => ManuallyDrop::drop(&mut (*slot).output),
                Word::ERROR => ManuallyDrop::drop(&mut (*slot).error),
                Word::CANCELED if matches!(reason::slot_data(kind), SlotData::Boxed) => {
                    drop(Box::from_raw((*slot).boxed));
                }
                _ => {}
            }
        });
    }
}
