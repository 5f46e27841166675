//! Notification: what a notifying transition (a finish, or a cancel) does after it wrote the
//! word, the other half of the registration protocol of `registry.rs`: it reads the field,
//! takes out what is registered there (sealing the field on a finish) or locks the registry,
//! and notifies each waiter once, outside any lock.

use core::task::Waker;

use super::link::{Field, HandlerList};
use super::{OperationState, Word};
use crate::notify::{Event, Panics, Registry};
use crate::sync::{lock, Ordering};

impl<T, E, P, S> OperationState<T, E, P, S> {
    /// Tells the registered about the transition that produced `word` (always terminal): on a
    /// cancel, the `canceled()` awaiters; when `word` is finished, the `finished()` awaiters,
    /// the threads in `wait()` and the completion handlers, in that order, each once.
    ///
    /// Everything is taken out (under the lock, if there is a registry) and notified after. What
    /// can no longer be of use is taken out too and dropped here, so that nothing it captured
    /// (an `Arc` of this operation, say) outlives its purpose: progress handlers (no report is
    /// accepted from a terminal status) and, once finished without a cancel, the `canceled()`
    /// wakers (that future can no longer resolve). A panic of any of them is kept in `panics`,
    /// for the caller to resume after all were notified.
    pub(super) fn notify(&self, owner: &S, word: Word, event: Event, panics: &mut Panics) {
        match self.take_registered(word) {
            Registered::Nobody => {}
            Registered::Handlers(handlers) => handlers.run(owner, word.status(), panics),
            Registered::Awaiter(waker) => panics.run(|| waker.wake()),
            Registered::Registry(registry) => {
                self.notify_registry(registry, owner, word, event, panics);
            }
        }
    }

    /// Takes out of the field what the transition to `word` notifies: the handlers or the
    /// awaiter's waker (sealing the field), or the registry (which stays).
    #[inline]
    fn take_registered(&self, word: Word) -> Registered<'_, S, P> {
        crate::sync::seq_cst_fence();
        let finished = word.is_finished();
        // SeqCst: see the protocol in `registry.rs`.
        let mut raw = self.registry.load(Ordering::SeqCst);
        loop {
            // Without a registry, only a finish has anyone to notify; taking them seals the
            // field, so that a registrar that comes later sees the finish at once. AcqRel: the
            // CAS decides between this notifier and a registrar taking its registration back
            // (the protocol's ordering is the SeqCst load above); its Acquire makes the nodes it
            // takes visible, its Release orders this thread's reads before the seal.
            let (to, head) = match Field::<S, P>::decode(raw) {
                // SAFETY: as in `registry`.
                Field::Registry(registry) => return Registered::Registry(unsafe { &*registry }),
                _ if !finished => return Registered::Nobody,
                Field::Handlers(head) => (Field::<S, P>::Sealed, head),
                Field::Awaiter(node) => (Field::Busy(node), core::ptr::null_mut()),
                // A registrar that links later sees the finish itself.
                Field::Empty | Field::Sealed | Field::Busy(_) => return Registered::Nobody,
            };
            let swapped = self.registry.compare_exchange(
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
                    // SAFETY: the CAS to `Busy` made this thread the node's holder; its future
                    // cannot be dropped (it waits for `Sealed`) until the store below.
                    let waker = unsafe { (*node).replace(None) };
                    // Release: the future that sees `Sealed` (with Acquire) is done with.
                    self.registry
                        .store(Field::<S, P>::Sealed.encode(), Ordering::Release);
                    return waker.map_or(Registered::Nobody, Registered::Awaiter);
                }
                (Ok(_), _) => return Registered::Nobody,
                (Err(now), _) => raw = now,
            }
        }
    }

    /// [`Self::notify`] with the registry installed. Out of line, so that the common case (a
    /// handler or an awaiter in the field) keeps a small frame.
    #[inline(never)]
    fn notify_registry(
        &self,
        registry: &Registry<S, P>,
        owner: &S,
        word: Word,
        event: Event,
        panics: &mut Panics,
    ) {
        let finished = word.is_finished();
        let taken = {
            let mut waiting = lock(&registry.waiting);
            if finished && waiting.blocked > 0 {
                registry.finished_cv.notify_all();
            }
            waiting.take_for(finished, matches!(event, Event::Canceled))
        };
        drop(taken.progress_handlers);
        if matches!(event, Event::Canceled) {
            // After the parent's `on_cancel` (run by the caller), before its awaiters.
            crate::children::cancel_all(self.id(), taken.children, panics);
        } else {
            drop(taken.children);
        }
        if word.is_canceled() {
            for (_, waker) in taken.canceled {
                panics.run(|| waker.wake());
            }
        } else {
            drop(taken.canceled);
        }
        if let Some(waker) = taken.awaiter {
            panics.run(|| waker.wake());
        }
        for (_, waker) in taken.finished {
            panics.run(|| waker.wake());
        }
        taken.handlers.run(owner, word.status(), panics);
    }

    /// [`Self::notify`], then resumes the first panic of a handler, if any. Inline for the
    /// common case, where nobody registered: one load of the field.
    #[inline]
    pub(super) fn notify_and_resume(&self, owner: &S, word: Word, event: Event) {
        crate::sync::seq_cst_fence();
        if !Field::<S, P>::owns_nothing(self.registry.load(Ordering::SeqCst)) {
            self.notify_registered_and_resume(owner, word, event);
        }
    }

    /// [`Self::notify`], then resumes the first panic. The common case, one handler or one
    /// awaiter and nothing else, calls it without catching its panic: nothing is notified after
    /// it, so the panic propagates from here as `resume` would propagate it.
    #[cold]
    fn notify_registered_and_resume(&self, owner: &S, word: Word, event: Event) {
        match self.take_registered(word) {
            Registered::Nobody => {}
            Registered::Handlers(handlers) => handlers.run_last(owner, word.status()),
            Registered::Awaiter(waker) => waker.wake(),
            Registered::Registry(registry) => {
                let mut panics = Panics::default();
                self.notify_registry(registry, owner, word, event, &mut panics);
                panics.resume();
            }
        }
    }
}

/// What a notifying transition took out of the registry field.
enum Registered<'a, S, P> {
    Nobody,
    Handlers(HandlerList<S>),
    Awaiter(Waker),
    Registry(&'a Registry<S, P>),
}
