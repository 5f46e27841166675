//! Notification: what a notifying transition (a finish, or a cancel) does after it wrote the
//! word, the other half of the registration protocol of `registration.rs`: it reads the field,
//! takes out what is registered there (sealing the field on a finish) or locks the `Waiters`,
//! and notifies each waiter once, outside any lock.
//!
//! The completion handlers run first (they are given the operation), then the awaiters and
//! blocked waits are woken ([`Wakeups`]): so an owned worker can let go of its handle in
//! between, and a consumer woken by its finish holds the last handle but its own.

use core::task::Waker;

use super::link::{Field, HandlerList};
use super::{OperationState, Word};
use crate::sync::{lock, Ordering};
use crate::waiters::{Event, List, Panics, Waiters};

/// A notification a transition owes: the word it stored, and what happened.
#[derive(Clone, Copy, Debug)]
#[must_use = "a transition's notification must be paid"]
pub(crate) struct Owed {
    pub(crate) word: Word,
    pub(crate) event: Event,
}

impl Owed {
    /// The notification of a finish (by a result, an error, or a worker that stopped).
    pub(crate) fn finished(word: Word) -> Self {
        Self {
            word,
            event: Event::Finished,
        }
    }

    /// The notification of a cancel that won (which finished the operation too, from Created).
    pub(crate) fn canceled(word: Word) -> Self {
        Self {
            word,
            event: Event::Canceled,
        }
    }
}

/// The wakers a notification took out, to wake after the handlers ran (and after an owned
/// worker let go of its handle): they no longer touch the operation.
#[derive(Default)]
#[must_use = "wakers taken out must be woken"]
pub(crate) struct Wakeups {
    /// The waker of the one `finished()` future whose node was linked in the field.
    awaiter: Option<Waker>,
    /// On a cancel, the `canceled()` awaiters.
    canceled: List<(u64, Waker)>,
    /// On a finish, the `finished()` awaiters and blocked waits in the `Waiters`.
    finished: List<(u64, Waker)>,
}

impl Wakeups {
    /// Wakes each once; a panicking waker stops none of the others (`panics` keeps it).
    pub(crate) fn wake(self, panics: &mut Panics) {
        for (_, waker) in self.canceled {
            panics.run(|| waker.wake());
        }
        if let Some(waker) = self.awaiter {
            panics.run(|| waker.wake());
        }
        for (_, waker) in self.finished {
            panics.run(|| waker.wake());
        }
    }
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// Tells the registered about the transition that produced `word` (always terminal): on a
    /// cancel, the children are canceled (after the caller's `on_cancel`); when `word` is
    /// finished, the completion handlers run. The awaiters to wake are returned: the
    /// `canceled()` ones on a cancel, and when `word` is finished, the `finished()` ones and
    /// the threads in `wait()`.
    ///
    /// Everything is taken out (under the lock, if there is a `Waiters`) and notified after. What
    /// can no longer be of use is taken out too and dropped here, so that nothing it captured
    /// (an `Arc` of this operation, say) outlives its purpose: progress handlers (no report is
    /// accepted from a terminal status) and, once finished without a cancel, the `canceled()`
    /// wakers (that future can no longer resolve). A panic of any of them is kept in `panics`,
    /// for the caller to resume after all were notified.
    pub(crate) fn notify(&self, owner: &S, owed: Owed, panics: &mut Panics) -> Wakeups {
        let Owed { word, event } = owed;
        match self.take_registered(word) {
            Registered::Nobody => Wakeups::default(),
            Registered::Handlers(handlers) => {
                handlers.run(owner, word.status(), panics);
                Wakeups::default()
            }
            Registered::Awaiter(waker) => Wakeups {
                awaiter: Some(waker),
                ..Wakeups::default()
            },
            Registered::Waiters(waiters) => {
                self.notify_waiters(waiters, owner, word, event, panics)
            }
        }
    }

    /// Whether anyone may be registered to hear of a transition this thread just made: one
    /// load of the field, ordered after the transition's write of the word (see the protocol
    /// in `registration.rs`). Inline, for the common case where nobody is.
    #[inline]
    pub(crate) fn owes(&self) -> bool {
        crate::sync::seq_cst_fence();
        // SeqCst: see the protocol in `registration.rs`.
        !Field::<S, P>::owns_nothing(self.waiters.load(Ordering::SeqCst))
    }

    /// Takes out of the field what the transition to `word` notifies: the handlers or the
    /// awaiter's waker (sealing the field), or the `Waiters` (which stays).
    #[inline]
    fn take_registered(&self, word: Word) -> Registered<'_, S, P> {
        crate::sync::seq_cst_fence();
        // SeqCst: see the protocol in `registration.rs`.
        self.take_registered_from(word, self.waiters.load(Ordering::SeqCst))
    }

    /// [`Self::take_registered`], from the field's value `raw` that this thread loaded after
    /// the transition (as [`Self::owes`] does).
    #[inline]
    fn take_registered_from(&self, word: Word, mut raw: *mut ()) -> Registered<'_, S, P> {
        let finished = word.is_finished();
        loop {
            // Without a `Waiters`, only a finish has anyone to notify; taking them seals the
            // field, so that a registrar that comes later sees the finish at once. AcqRel: the
            // CAS decides between this notifier and a registrar taking its registration back
            // (the protocol's ordering is the SeqCst load before it); its Acquire makes the
            // nodes it takes visible, its Release orders this thread's reads before the seal.
            let (to, head) = match Field::<S, P>::decode(raw) {
                // SAFETY: as in `waiters`.
                Field::Waiters(waiters) => return Registered::Waiters(unsafe { &*waiters }),
                _ if !finished => return Registered::Nobody,
                Field::Handlers(head) => (Field::<S, P>::Sealed, head),
                Field::Awaiter(node) => (Field::Busy(node), core::ptr::null_mut()),
                // A registrar that links later sees the finish itself.
                Field::Empty | Field::Sealed | Field::Busy(_) => return Registered::Nobody,
            };
            let swapped = self.waiters.compare_exchange(
                raw,
                to.encode(),
                Ordering::AcqRel,
                Ordering::Acquire,
            );
            match (swapped, to) {
                (Ok(_), Field::Sealed) => {
                    // SAFETY: the CAS to `Sealed` took the stack out of the field.
                    return Registered::Handlers(unsafe { HandlerList::from_head(head) });
                }
                (Ok(_), Field::Busy(node)) => {
                    // SAFETY: the CAS to `Busy` made this thread the node's holder.
                    let waker = unsafe { self.release_busy(node) };
                    return waker.map_or(Registered::Nobody, Registered::Awaiter);
                }
                (Ok(_), _) => return Registered::Nobody,
                (Err(now), _) => raw = now,
            }
        }
    }

    /// Takes the waker out of the node that this thread's CAS to [`Field::Busy`] took from the
    /// field, then seals the field.
    ///
    /// # Safety
    ///
    /// That CAS made this thread the node's holder; its future cannot be dropped (it waits for
    /// `Sealed`) until the store here.
    #[inline]
    unsafe fn release_busy(&self, node: *const super::link::WaiterNode) -> Option<Waker> {
        // SAFETY: the caller holds the node.
        let waker = unsafe { (*node).replace(None) };
        // Release: the future that sees `Sealed` (with Acquire) is done with.
        self.waiters
            .store(Field::<S, P>::Sealed.encode(), Ordering::Release);
        waker
    }

    /// [`Self::notify`] with the `Waiters` installed. Out of line, so that the common case (a
    /// handler or an awaiter in the field) keeps a small frame.
    #[inline(never)]
    fn notify_waiters(
        &self,
        waiters: &Waiters<S, P>,
        owner: &S,
        word: Word,
        event: Event,
        panics: &mut Panics,
    ) -> Wakeups {
        let finished = word.is_finished();
        let taken = lock(&waiters.waiting).take_for(finished, matches!(event, Event::Canceled));
        drop(taken.progress_handlers);
        if matches!(event, Event::Canceled) {
            // After the parent's `on_cancel` (run by the caller), before its awaiters.
            crate::children::cancel_all(self.id(), taken.children, panics);
        } else {
            drop(taken.children);
        }
        taken.handlers.run(owner, word.status(), panics);
        let canceled = if word.is_canceled() {
            taken.canceled
        } else {
            drop(taken.canceled);
            List::default()
        };
        Wakeups {
            awaiter: taken.awaiter,
            canceled,
            finished: taken.finished,
        }
    }

    /// Notifies as [`Self::notify`] and wakes at once, then resumes the first panic of a
    /// handler, if any: what a transition made through `&self` does. Inline for the common
    /// case, where nobody registered: one load of the field.
    #[inline]
    pub(super) fn notify_and_resume(&self, owner: &S, owed: Owed) {
        if self.owes() {
            self.notify_registered_and_resume(owner, owed);
        }
    }

    /// [`Self::notify_and_resume`] once someone may be registered. The common case, one
    /// handler or one awaiter and nothing else, calls it without catching its panic: nothing is
    /// notified after it, so the panic propagates from here as `resume` would propagate it.
    /// (The field is loaded again here rather than passed: an argument more costs the inline
    /// common path two saved registers.)
    #[cold]
    fn notify_registered_and_resume(&self, owner: &S, owed: Owed) {
        // Ordered after the transition by the load in `owes`.
        let raw = self.waiters.load(Ordering::SeqCst);
        // The usual cases first, decoded once: handlers or one awaiter's node in the field,
        // taken by the finish (the CASes as in `take_registered_from`).
        if owed.word.is_finished() {
            let swap = |to: Field<S, P>| {
                self.waiters
                    .compare_exchange(raw, to.encode(), Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            };
            match Field::<S, P>::decode(raw) {
                Field::Handlers(head) if swap(Field::Sealed) => {
                    // SAFETY: the CAS to `Sealed` took the stack out of the field.
                    let handlers = unsafe { HandlerList::from_head(head) };
                    return handlers.run_last(owner, owed.word.status());
                }
                Field::Awaiter(node) if swap(Field::Busy(node)) => {
                    // SAFETY: the CAS to `Busy` made this thread the node's holder.
                    if let Some(waker) = unsafe { self.release_busy(node) } {
                        waker.wake();
                    }
                    return;
                }
                _ => {}
            }
        }
        match self.take_registered_from(owed.word, self.waiters.load(Ordering::SeqCst)) {
            Registered::Nobody => {}
            Registered::Handlers(handlers) => handlers.run_last(owner, owed.word.status()),
            Registered::Awaiter(waker) => waker.wake(),
            Registered::Waiters(waiters) => self.notify_waiters_and_resume(waiters, owner, owed),
        }
    }

    /// [`Self::notify_registered_and_resume`] with the `Waiters` installed: out of line, so
    /// that the field's cases keep a small frame.
    #[inline(never)]
    fn notify_waiters_and_resume(&self, waiters: &Waiters<S, P>, owner: &S, owed: Owed) {
        let mut panics = Panics::default();
        let wakeups = self.notify_waiters(waiters, owner, owed.word, owed.event, &mut panics);
        wakeups.wake(&mut panics);
        panics.resume();
    }
}

/// What a notifying transition took out of the waiter field.
enum Registered<'a, S, P> {
    Nobody,
    Handlers(HandlerList<S>),
    Awaiter(Waker),
    Waiters(&'a Waiters<S, P>),
}
