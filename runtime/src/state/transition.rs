//! The compare-and-swap engine, and every transition of the state machine.
//!
//! One compare-and-swap on the word decides each transition; of two racing transitions exactly
//! one wins. A transition that carries a payload (`complete`, `fail`, a cancel whose reason
//! carries data) claims with that CAS (setting `CLAIMED`; the status readers see does not
//! change yet), writes the slot, then publishes its final word with a Release store. Every
//! other transition that meets a claim, and every registrar, waits for the publish (a move of
//! the payload and one store; no user code runs under a claim), and then decides on the
//! published word: so `cancel()` returning `false` always means the operation is terminal, and
//! the plain store loses no bit.

use super::notify::Owed;
use super::slot::{Claim, Slot};
use super::times::Timing;
use super::trace::Traced;
use super::{OperationState, Word};
use crate::error::{AsyncError, Rejected};
use crate::reason::Encoded;
use crate::sync::Ordering;
use crate::waiters::Panics;
use crate::{CancelReason, Operation};

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// Waits until no claim holds, and returns the word then. The wait is a few nanoseconds
    /// unless the claiming thread is descheduled in between; it spins briefly, then yields.
    #[cold]
    pub(super) fn settled(&self) -> Word {
        let mut spins = 0u32;
        loop {
            let word = self.load();
            if !word.has(Word::CLAIMED) {
                return word;
            }
            crate::sync::backoff(&mut spins);
        }
    }
}

/// What a transition decided, from the word it read.
enum Decision<R> {
    /// Store this word (with a CAS from the word that was read) and return `R`.
    Store(u32, R),
    /// Change nothing and return `R`.
    Keep(R),
}

impl<T, E, P, S: Operation, M: Timing> OperationState<T, E, P, S, M> {
    /// Runs one transition: `decide` sees the current word and says what to store; a
    /// compare-and-swap from that exact word makes the decision, or `decide` runs again on the
    /// word that beat it. Returns the decision's result and, if it stored, the new word.
    #[inline]
    fn transition<R>(&self, mut decide: impl FnMut(Word) -> Decision<R>) -> (R, Option<Word>) {
        let mut word = self.load();
        loop {
            if word.has(Word::CLAIMED) {
                word = self.settled();
            }
            match decide(word) {
                Decision::Keep(result) => return (result, None),
                // SeqCst: its Release publishes this transition to whoever loads the word with
                // Acquire; its Acquire (also on failure) makes the word that beat us, and what it
                // published, visible before `decide` runs again; and it is ordered with the
                // registrars' field writes (`registration.rs`), so a notifying transition and a
                // registrar cannot both miss the other.
                Decision::Store(next, result) => match self.word.compare_exchange_weak(
                    word.0,
                    next,
                    Ordering::SeqCst,
                    Ordering::Acquire,
                ) {
                    Ok(_) => {
                        self.stamp(word, Word(next));
                        return (result, Some(Word(next)));
                    }
                    Err(actual) => word = Word(actual),
                },
            }
        }
    }

    /// Publishes a claim: its word → `target` (status, `STOPPING` and reason bits), with a
    /// Release store that pairs with readers' Acquire loads, so that the payload written under
    /// the claim is visible to whoever sees the new status. Returns the new word.
    ///
    /// A plain store is enough (no read-modify-write): while a claim holds, nothing else
    /// writes the word. Every transition waits it out (`transition`), and so does a registrar
    /// reading the word for its gate (`registration.rs`), so the bits the store does not change are
    /// still those of the claim's word.
    #[inline]
    fn publish(&self, claim: Claim, target: u32) -> Word {
        let word = (claim.word().0 & !Word::PUBLISHED) | target;
        // Before the store: whoever sees the status sees its times.
        self.stamp(claim.word(), Word(word));
        self.word.store(word, Ordering::Release);
        Word(word)
    }

    /// Created → Started.
    #[inline]
    pub(crate) fn start(&self) -> Result<(), AsyncError> {
        // The common case, decided without a decision: exactly Created, no flag set. AcqRel
        // as in `transition` (a start notifies nobody, so it needs no SeqCst).
        match self.word.compare_exchange(
            Word::CREATED,
            Word::STARTED,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => {
                self.stamp(Word(Word::CREATED), Word(Word::STARTED));
                self.trace(Traced::Start, Word(Word::STARTED));
                Ok(())
            }
            Err(_) => self.start_any(),
        }
    }

    /// Created → Started, from any word.
    #[cold]
    fn start_any(&self) -> Result<(), AsyncError> {
        let (result, stored) = self.transition(|word| {
            if word.has(Word::CLOSED) {
                Decision::Keep(Err(AsyncError::closed("start", word.status())))
            } else if word.bits() == Word::CREATED && !word.has(Word::CLAIMED) {
                Decision::Store(Word::STARTED | (word.0 & !Word::STATUS), Ok(()))
            } else {
                Decision::Keep(Err(AsyncError::state_change("start", word.status())))
            }
        });
        if let Some(word) = stored {
            self.trace(Traced::Start, word);
        }
        result
    }

    /// Started → Completed, storing `value`; notifies if it finished the operation.
    #[inline]
    pub(crate) fn complete(&self, owner: &S, value: T) -> Result<(), Rejected<T>> {
        self.finish_with(owner, "complete", Word::COMPLETED, value, Slot::output)
    }

    /// Started → Error, storing `error`; notifies if it finished the operation.
    #[inline]
    pub(crate) fn fail(&self, owner: &S, error: E) -> Result<(), Rejected<E>> {
        self.finish_with(owner, "fail", Word::ERROR, error, Slot::error)
    }

    /// [`Self::complete`] without the notification, which it leaves in `owed` (`None` if the
    /// call finished nothing): for a worker, which lets go of its handle in the middle of it.
    #[inline]
    pub(crate) fn complete_quiet(
        &self,
        value: T,
        owed: &mut Option<Owed>,
    ) -> Result<(), Rejected<T>> {
        self.finish_quiet("complete", Word::COMPLETED, value, Slot::output, owed)
    }

    /// [`Self::fail`] without the notification, as [`Self::complete_quiet`].
    #[inline]
    pub(crate) fn fail_quiet(&self, error: E, owed: &mut Option<Owed>) -> Result<(), Rejected<E>> {
        self.finish_quiet("fail", Word::ERROR, error, Slot::error, owed)
    }

    /// The common case of [`Self::complete_quiet`], for a worker: from exactly Started, claims,
    /// writes `value` and publishes, returning the word published (which the worker notifies
    /// with, if [`Self::owes`]); in any other case gives `value` back at once, untouched.
    #[inline]
    pub(crate) fn try_complete_started(&self, value: T) -> Result<Word, T> {
        match self.claim_started() {
            Some(claim) => {
                self.write_slot(&claim, Slot::output(value));
                let word = self.publish(claim, Word::COMPLETED);
                self.trace(Traced::Finish, word);
                Ok(word)
            }
            None => Err(value),
        }
    }

    /// [`Self::try_complete_started`] for `fail`.
    #[inline]
    pub(crate) fn try_fail_started(&self, error: E) -> Result<Word, E> {
        match self.claim_started() {
            Some(claim) => {
                self.write_slot(&claim, Slot::error(error));
                let word = self.publish(claim, Word::ERROR);
                self.trace(Traced::Finish, word);
                Ok(word)
            }
            None => Err(error),
        }
    }

    /// Claims the transition to `status`, writes `payload` (as `into_slot` makes it),
    /// publishes and notifies; or gives `payload` back with the refusal.
    #[inline]
    fn finish_with<V>(
        &self,
        owner: &S,
        method: &'static str,
        status: u32,
        payload: V,
        into_slot: fn(V) -> Slot<T, E>,
    ) -> Result<(), Rejected<V>> {
        let claim = match self.claim_started() {
            Some(claim) => claim,
            None => match self.claim_finish(owner, method) {
                Ok(claim) => claim,
                Err(refused) => return Err(Rejected::new(payload, refused)),
            },
        };
        self.write_slot(&claim, into_slot(payload));
        let word = self.publish(claim, status);
        self.trace(Traced::Finish, word);
        self.notify_and_resume(owner, Owed::finished(word));
        Ok(())
    }

    /// [`Self::finish_with`], leaving the notification owed in `owed` instead.
    #[inline]
    fn finish_quiet<V>(
        &self,
        method: &'static str,
        status: u32,
        payload: V,
        into_slot: fn(V) -> Slot<T, E>,
        owed: &mut Option<Owed>,
    ) -> Result<(), Rejected<V>> {
        let claim = match self.claim_started() {
            Some(claim) => claim,
            None => match self.claim_decide(method) {
                // SAFETY: this thread's CAS stored `word`, with `CLAIMED`.
                (Ok(()), Some(word)) => unsafe { Claim::new(word) },
                (result, stored) => {
                    *owed = stored.map(Owed::finished);
                    let refused = result
                        .err()
                        .unwrap_or_else(|| AsyncError::state_change(method, self.status()));
                    return Err(Rejected::new(payload, refused));
                }
            },
        };
        self.write_slot(&claim, into_slot(payload));
        let word = self.publish(claim, status);
        self.trace(Traced::Finish, word);
        *owed = Some(Owed::finished(word));
        Ok(())
    }

    /// The common case of a finish's claim: exactly Started, no flag set (SeqCst as in
    /// `transition`). The claim's word is then known, and so is the word its publish stores.
    #[inline]
    fn claim_started(&self) -> Option<Claim> {
        match self.word.compare_exchange(
            Word::STARTED,
            Word::STARTED | Word::CLAIMED,
            Ordering::SeqCst,
            Ordering::Acquire,
        ) {
            // SAFETY: this thread's CAS stored exactly this word.
            Ok(_) => Some(unsafe { Claim::new(Word(Word::STARTED | Word::CLAIMED)) }),
            Err(_) => None,
        }
    }

    /// The deciding CAS of `complete`/`fail` from any word, notifying (on this thread) a finish
    /// that a refusal made; see [`Self::claim_decide`].
    #[cold]
    fn claim_finish(&self, owner: &S, method: &'static str) -> Result<Claim, AsyncError> {
        match self.claim_decide(method) {
            // SAFETY: this thread's CAS stored `word`, with `CLAIMED`.
            (Ok(()), Some(word)) => Ok(unsafe { Claim::new(word) }),
            (Err(refused), Some(word)) => {
                self.notify_and_resume(owner, Owed::finished(word));
                Err(refused)
            }
            (Err(refused), None) => Err(refused),
            (Ok(()), None) => Err(AsyncError::state_change(method, self.status())),
        }
    }

    /// The deciding CAS of `complete`/`fail`: Started → Started | CLAIMED. Returns the
    /// decision and, if it stored, the word (with `CLAIMED` when it claimed).
    ///
    /// When it refuses after a cancel whose worker was still running, the refusal itself is
    /// the worker's "I have stopped": the same CAS clears `STOPPING`, finishing the operation,
    /// and the word stored is returned with the refusal, for the caller to notify.
    #[cold]
    fn claim_decide(&self, method: &'static str) -> (Result<(), AsyncError>, Option<Word>) {
        let decided = self.transition(|word| {
            let refusal = if word.has(Word::CLOSED) {
                AsyncError::closed(method, word.status())
            } else if word.is_started() {
                return Decision::Store(word.0 | Word::CLAIMED, Ok(()));
            } else {
                AsyncError::state_change(method, word.status())
            };
            if word.has(Word::STOPPING) {
                Decision::Store(word.0 & !Word::STOPPING, Err(refusal))
            } else {
                Decision::Keep(Err(refusal))
            }
        });
        if let (Err(_), Some(word)) = &decided {
            self.trace(Traced::Finish, *word);
        }
        decided
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
        let target = |word: Word| match word.0 & (Word::STATUS | Word::CLAIMED | Word::CLOSED) {
            Word::CREATED => Some(Word::CANCELED),
            Word::STARTED => Some(Word::CANCELED | Word::STOPPING),
            _ => None,
        };
        // Only a worker records `Abandoned` and `Panicked` (`abandon_quiet`).
        let Some(word) = self.record_cancel(reason.recorded_from_outside(), target) else {
            return false;
        };
        self.trace(Traced::Cancel, word);
        let mut panics = Panics::default();
        if let Some(on_cancel) = on_cancel {
            panics.run(|| on_cancel(owner));
        }
        let wakeups = self.notify(owner, Owed::canceled(word), &mut panics);
        wakeups.wake(&mut panics);
        panics.resume();
        true
    }

    /// The worker stopped without finishing: if a cancel was requested meanwhile, this
    /// acknowledges it (keeping its reason); otherwise it cancels with `reason` (`Abandoned` or
    /// `Panicked`) and finishes at once, without `on_cancel` (the worker is already stopping).
    /// On a finished operation it does nothing. Returns the notification owed, which the
    /// worker pays once it let go of its handle.
    pub(crate) fn abandon_quiet(&self, reason: CancelReason) -> Option<Owed> {
        // Started can only be left, never re-entered: if this cancel is refused, the word has
        // moved on (canceled from outside, or finished) and the acknowledgement decides.
        let target = |word: Word| word.is_started().then_some(Word::CANCELED);
        if let Some(word) = self.record_cancel(reason, target) {
            self.trace(Traced::Cancel, word);
            return Some(Owed::canceled(word));
        }
        let word = self.acknowledge()?;
        self.trace(Traced::Finish, word);
        Some(Owed::finished(word))
    }

    /// Records a cancel with `reason` if `target` (given the current word) says into which
    /// status and `STOPPING` bit; returns the word stored, or `None` if refused.
    ///
    /// A reason without data goes into the word by the deciding CAS. One with data claims
    /// with that CAS, writes the slot and publishes, as `complete` does.
    fn record_cancel(
        &self,
        reason: CancelReason,
        target: impl Fn(Word) -> Option<u32>,
    ) -> Option<Word> {
        let encoded = Encoded::new(reason);
        let kind = encoded.kind() << Word::REASON_SHIFT;
        if let Encoded::Kind(_) = encoded {
            return self
                .transition(|word| match target(word) {
                    Some(next) => Decision::Store(next | kind | (word.0 & Word::TRACED), ()),
                    None => Decision::Keep(()),
                })
                .1;
        }
        let (next, stored) = self.transition(|word| match target(word) {
            Some(next) => Decision::Store(word.0 | Word::CLAIMED, Some(next | kind)),
            None => Decision::Keep(None),
        });
        // Refused: the reason (and its box) is dropped here.
        let (Some(next), Some(word)) = (next, stored) else {
            return None;
        };
        // SAFETY: this thread's CAS stored `word`, with `CLAIMED`.
        let claim = unsafe { Claim::new(word) };
        let data = match encoded {
            Encoded::Parent(id) => Slot::parent(id),
            Encoded::Boxed(reason) => Slot::boxed(reason),
            Encoded::Kind(_) => Slot::empty(),
        };
        self.write_slot(&claim, data);
        Some(self.publish(claim, next))
    }

    /// The worker's acknowledgement that it stopped after a cancel.
    pub(crate) fn acknowledge_cancel(&self, owner: &S) -> Result<(), AsyncError> {
        let (result, stored) = self.transition(|word| {
            if word.has(Word::STOPPING) {
                Decision::Store(word.0 & !Word::STOPPING, Ok(()))
            } else if word.is_terminal() {
                Decision::Keep(Ok(()))
            } else {
                Decision::Keep(Err(AsyncError::state_change(
                    "acknowledge_cancel",
                    word.status(),
                )))
            }
        });
        if let Some(word) = stored {
            self.trace(Traced::Finish, word);
            self.notify_and_resume(owner, Owed::finished(word));
        }
        result
    }

    /// Clears `STOPPING` if it is set; returns the word stored then.
    fn acknowledge(&self) -> Option<Word> {
        self.transition(|word| {
            if word.has(Word::STOPPING) {
                Decision::Store(word.0 & !Word::STOPPING, ())
            } else {
                Decision::Keep(())
            }
        })
        .1
    }

    /// Marks a terminal operation closed; idempotent.
    pub(crate) fn close(&self) -> Result<(), AsyncError> {
        self.transition(|word| {
            if word.has(Word::CLOSED) {
                Decision::Keep(Ok(()))
            } else if word.is_terminal() {
                Decision::Store(word.0 | Word::CLOSED, Ok(()))
            } else {
                Decision::Keep(Err(AsyncError::state_change("close", word.status())))
            }
        })
        .0
    }
}
