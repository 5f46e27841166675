//! The registry of everyone waiting on an operation (`notify.rs` holds its contents): how it
//! is installed, the one registration protocol, and notification.
//!
//! # The registration protocol
//!
//! A registrar installs the registry, sets `REGISTRY` in the word, takes the registry's lock
//! and reads the word again ([`OperationState::lock_registered`]); it registers only if its
//! gate still holds on that word. Setting `REGISTRY` waits out a claim, as every transition
//! does. A thread that finishes the operation does so with a compare-and-swap, or a claim and
//! its publish; if the word it wrote has `REGISTRY`, it takes the lock, takes out everything
//! to notify, unlocks, and notifies. Both sides order themselves on the one word, so either
//! the registrar sees the finish or the finisher sees the registration: nothing is notified
//! twice and nothing is lost.

use core::ptr;

use super::{OperationState, Word};
use crate::notify::{Event, Panics, Registry, Waiting};
use crate::sync::{lock, MutexGuard, Ordering};

impl<T, E, P, S> OperationState<T, E, P, S> {
    /// The registry, allocated by the first caller, with `REGISTRY` set in the word.
    fn registry(&self) -> &Registry<S, P> {
        // Acquire pairs with the Release of the CAS that installed it: its contents are
        // initialised before anyone uses them.
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
        self.set_registry_bit();
        // SAFETY: installed once, freed only by `drop`, which `&self` excludes.
        unsafe { &*registry }
    }

    /// Sets `REGISTRY` in the word, waiting out a claim first: a claim's publish is a plain
    /// store, which must not lose a bit set meanwhile.
    fn set_registry_bit(&self) {
        let mut word = self.load();
        while !word.has(Word::REGISTRY) {
            if word.has(Word::CLAIMED) {
                word = self.settled();
                continue;
            }
            // AcqRel: the Release orders the pointer's store before the bit, for a finisher
            // that sees the bit (with Acquire) and then loads the pointer.
            match self.word.compare_exchange_weak(
                word.0,
                word.0 | Word::REGISTRY,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return,
                Err(actual) => word = Word(actual),
            }
        }
    }

    /// The registry, known to exist: a word with `REGISTRY` was read with Acquire, and the
    /// pointer was stored before that bit was set.
    pub(super) fn registry_ref(&self) -> &Registry<S, P> {
        let registry = self.registry.load(Ordering::Acquire);
        debug_assert!(!registry.is_null());
        // SAFETY: as in `registry`.
        unsafe { &*registry }
    }

    /// The registry, if one was installed (for readers that need not install it).
    pub(super) fn registry_if_any(&self) -> Option<&Registry<S, P>> {
        let registry = self.registry.load(Ordering::Acquire);
        // SAFETY: as in `registry`.
        (!registry.is_null()).then(|| unsafe { &*registry })
    }

    /// The registration protocol: installs the registry, sets `REGISTRY`, locks, and reads the
    /// word again under the lock. The caller registers only if its gate holds on that word.
    pub(super) fn lock_registered(&self) -> (&Registry<S, P>, MutexGuard<'_, Waiting<S, P>>, Word) {
        let registry = self.registry();
        let waiting = lock(&registry.waiting);
        (registry, waiting, self.load())
    }

    /// Tells the registered about the transition that produced `word` (always terminal): on a
    /// cancel, the `canceled()` awaiters; when `word` is finished, the `finished()` awaiters,
    /// the threads in `wait()` and the completion handlers, in that order, each once.
    ///
    /// Everything is taken out under the lock and notified after unlocking. What can no longer
    /// be of use is taken out too and dropped here, so that nothing it captured (an `Arc` of
    /// this operation, say) outlives its purpose: progress handlers (no report is accepted
    /// from a terminal status) and, once finished without a cancel, the `canceled()` wakers
    /// (that future can no longer resolve). A panic of any of them is kept in `panics`, for
    /// the caller to resume after all were notified.
    pub(super) fn notify(&self, owner: &S, word: Word, event: Event, panics: &mut Panics) {
        if !word.has(Word::REGISTRY) {
            return;
        }
        let registry = self.registry_ref();
        let finished = word.is_finished();
        let taken = {
            let mut waiting = lock(&registry.waiting);
            if finished && waiting.blocked > 0 {
                registry.finished_cv.notify_all();
            }
            waiting.take_for(finished, matches!(event, Event::Canceled))
        };
        drop(taken.progress_handlers);
        if word.is_canceled() {
            for (_, waker) in taken.canceled {
                panics.run(|| waker.wake());
            }
        } else {
            drop(taken.canceled);
        }
        for (_, waker) in taken.finished {
            panics.run(|| waker.wake());
        }
        let status = word.status();
        for handler in taken.handlers {
            panics.run(|| handler(owner, status));
        }
    }

    /// [`Self::notify`], then resumes the first panic of a handler, if any. Inline for the
    /// common case, where nobody registered.
    #[inline]
    pub(super) fn notify_and_resume(&self, owner: &S, word: Word, event: Event) {
        if word.has(Word::REGISTRY) {
            self.notify_registered_and_resume(owner, word, event);
        }
    }

    #[cold]
    fn notify_registered_and_resume(&self, owner: &S, word: Word, event: Event) {
        let mut panics = Panics::default();
        self.notify(owner, word, event, &mut panics);
        panics.resume();
    }
}
