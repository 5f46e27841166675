//! The waiter field (`link.rs` says what it can hold): how waiters link themselves, and the
//! one registration protocol (`notify.rs` is its other side).
//!
//! # The registration protocol
//!
//! A registrar writes the field (links its node, pushes its handler, or installs the `Waiters`,
//! and registers under its lock), then reads the word. A transition that may notify (a finish
//! or a cancel) writes the word, then reads the field. Both sides use `SeqCst` operations
//! (`crate::sync::seq_cst_fence` says how loom checks them), so at least one of them sees the
//! other:
//!
//! - the registrar reads a word its gate still holds on (not finished, say): then the
//!   transition comes later, and its read of the field sees the registration;
//! - the registrar reads the word the transition wrote: it takes its registration back (a CAS
//!   on the field, or under the waiters' lock) and acts on the word itself (runs its handler,
//!   resolves its future). If the transition saw the registration too, the CAS or the lock
//!   decides which of the two takes it: nothing is notified twice and nothing is lost.
//!
//! A registrar that reads a claimed word waits for the claim's publish (a move of the payload
//! and one store; no user code), since the claim's status is not known before. An operation
//! nobody waits on pays one load of the field after a notifying transition: no registration
//! flag in the word, so `complete` claims with one CAS from the exact word whether or not
//! anyone registered.

use core::task::Waker;

use super::link::{Field, HandlerList, HandlerNode, RegisteredAwaiter, WaiterNode};
use super::{OperationState, Word};
use crate::sync::{lock, MutexGuard, Ordering};
use crate::waiters::{Panics, Waiters, Waiting};

/// Where a waiter that tried to link itself without a `Waiters` ended up.
pub(super) enum Linked {
    /// In the field: the finisher will take it.
    Yes,
    /// The operation is finished (the word is given): the waiter was not linked.
    Finished(Word),
    /// Another waiter is in the field: this one must go through the `Waiters`.
    NeedsWaiters,
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// The field, decoded. SeqCst (see the module docs); its Acquire pairs with the Release of
    /// every CAS or store that wrote the field: what a pointer points to, and what the writer
    /// did before (a finish, before `Sealed`), is visible.
    #[inline]
    pub(super) fn link(&self) -> Field<S, P> {
        Field::decode(self.waiters.load(Ordering::SeqCst))
    }

    /// Replaces `from` with `to` in the field, or returns what is there now. SeqCst: a
    /// registrar's write of the field, ordered before its read of the word (see the module
    /// docs; on x86 and AArch64 the same instructions as AcqRel). Its Release publishes what
    /// `to` points to; the Acquire (also on failure) is as in [`Self::link`].
    #[inline]
    fn swap_link(&self, from: &Field<S, P>, to: &Field<S, P>) -> Result<(), Field<S, P>> {
        self.waiters
            .compare_exchange(
                from.encode(),
                to.encode(),
                Ordering::SeqCst,
                Ordering::Acquire,
            )
            .map(drop)
            .map_err(Field::decode)
    }

    /// The word, read by a registrar after it wrote the field (`SeqCst`: see the module
    /// docs), once no claim holds.
    pub(super) fn registered_word(&self) -> Word {
        crate::sync::seq_cst_fence();
        let word = Word(self.word.load(Ordering::SeqCst));
        if word.has(Word::CLAIMED) {
            self.settled()
        } else {
            word
        }
    }

    /// The `Waiters`, installed by the first caller that needs it (moving into it the handlers
    /// or the future's node that the field held).
    fn waiters(&self) -> &Waiters<S, P> {
        let mut link = self.link();
        let waiters = loop {
            let fresh = match link {
                Field::Waiters(waiters) => break waiters,
                Field::Busy(_) => {
                    // The finisher is taking a waker out of a node: a few instructions.
                    crate::sync::backoff(&mut 0);
                    link = self.link();
                    continue;
                }
                // SAFETY: on success the CAS hands these over to the `Waiters`; on failure
                // they are given back below, unused.
                Field::Handlers(head) => Waiters::new(
                    unsafe { HandlerList::from_head(head) },
                    RegisteredAwaiter::default(),
                ),
                Field::Awaiter(node) => {
                    Waiters::new(HandlerList::default(), RegisteredAwaiter(node))
                }
                Field::Empty | Field::Sealed => {
                    Waiters::new(HandlerList::default(), RegisteredAwaiter::default())
                }
            };
            let fresh = Box::into_raw(Box::new(fresh));
            match self.swap_link(&link, &Field::Waiters(fresh)) {
                Ok(()) => break fresh,
                Err(now) => {
                    // SAFETY: `fresh` was never shared; what it took from the field is not its
                    // own (the field still holds it, or its new owner does).
                    let fresh = unsafe { Box::from_raw(fresh) };
                    core::mem::forget(core::mem::take(&mut lock(&fresh.waiting).handlers));
                    drop(fresh);
                    link = now;
                }
            }
        };
        // SAFETY: installed once, freed only by `drop`, which `&self` excludes.
        unsafe { &*waiters }
    }

    /// The `Waiters`, if one was installed (for readers that need not install it).
    pub(super) fn waiters_if_any(&self) -> Option<&Waiters<S, P>> {
        match self.link() {
            // SAFETY: as in `waiters`.
            Field::Waiters(waiters) => Some(unsafe { &*waiters }),
            _ => None,
        }
    }

    /// The registration protocol of the `Waiters`: installs it, locks, and reads the word under
    /// the lock (waiting out a claim, which needs no lock). The caller registers only if its
    /// gate holds on that word.
    pub(super) fn lock_registered(&self) -> (&Waiters<S, P>, MutexGuard<'_, Waiting<S, P>>, Word) {
        let waiters = self.waiters();
        let waiting = lock(&waiters.waiting);
        (waiters, waiting, self.registered_word())
    }

    /// Links a handler node into the field, without a `Waiters` if the field holds only
    /// handlers: [`Linked::Yes`] once the node is the finisher's to run (or was run here, if the
    /// operation finished meanwhile: see [`Self::take_handlers_back`]). Otherwise the node is
    /// the caller's again.
    pub(super) fn link_handler(&self, owner: &S, node: *mut HandlerNode<S>) -> Linked {
        let mut link = self.link();
        loop {
            let head = match link {
                Field::Empty => core::ptr::null_mut(),
                Field::Handlers(head) => head,
                // Taken by the finisher: finished.
                Field::Sealed | Field::Busy(_) => return Linked::Finished(self.registered_word()),
                Field::Awaiter(_) | Field::Waiters(_) => return Linked::NeedsWaiters,
            };
            // SAFETY: the caller owns `node`, which nobody else sees until the CAS.
            unsafe { HandlerList::link(node, head) };
            match self.swap_link(&link, &Field::Handlers(node)) {
                Ok(()) => break,
                Err(now) => link = now,
            }
        }
        self.handler_linked(owner);
        Linked::Yes
    }

    /// Links `node` (the caller's, fresh from [`HandlerNode::new`], so that its `next` is null)
    /// into an empty field, then reads the word: `true` once the
    /// node is the finisher's (or was run here, if the operation finished meanwhile, as
    /// [`Self::link_handler`] does), `false` if the field was not empty and the node is still
    /// the caller's. The common case, inline: one CAS and one load.
    #[inline]
    pub(super) fn link_first_handler(&self, owner: &S, node: *mut HandlerNode<S>) -> bool {
        // A new node's `next` is null already: it is linked as the only one.
        if self
            .swap_link(&Field::Empty, &Field::Handlers(node))
            .is_err()
        {
            return false;
        }
        crate::sync::seq_cst_fence();
        // SeqCst, as in `registered_word` (see the module docs).
        let word = Word(self.word.load(Ordering::SeqCst));
        // Exactly Created or Started: the finisher will see the node. Anything else (a claim,
        // a cancel, a finish) is decided out of line.
        if word.0 > Word::STARTED {
            self.handler_linked(owner);
        }
        true
    }

    /// A handler node was linked into the field: reads the word (waiting out a claim) and, if
    /// the operation finished meanwhile, takes the handlers back and runs them.
    #[cold]
    fn handler_linked(&self, owner: &S) {
        let word = self.registered_word();
        if word.is_finished() {
            self.take_handlers_back(owner, word);
        }
    }

    /// A handler was pushed, and then the registrar read a finished word: the finisher may have
    /// read the field before the push. Takes every handler still in the field or the `Waiters`
    /// (a CAS or the lock decides against the finisher) and runs them here.
    #[cold]
    fn take_handlers_back(&self, owner: &S, word: Word) {
        let mut panics = Panics::default();
        let mut link = self.link();
        loop {
            match link {
                Field::Handlers(head) => match self.swap_link(&link, &Field::Sealed) {
                    Ok(()) => {
                        // SAFETY: the CAS took the stack out of the field.
                        let handlers = unsafe { HandlerList::from_head(head) };
                        handlers.run(owner, word.status(), &mut panics);
                        break;
                    }
                    Err(now) => link = now,
                },
                Field::Waiters(waiters) => {
                    // SAFETY: as in `waiters`.
                    let waiting = unsafe { &(*waiters).waiting };
                    let handlers = core::mem::take(&mut lock(waiting).handlers);
                    handlers.run(owner, word.status(), &mut panics);
                    break;
                }
                // Taken by the finisher, who runs them.
                _ => break,
            }
        }
        panics.resume();
    }

    /// Links the node of a `finished()` future (its waker already in it) into an empty field.
    /// The node is the future's again unless [`Linked::Yes`].
    pub(super) fn link_awaiter(&self, node: &WaiterNode) -> Linked {
        match self.swap_link(&Field::Empty, &Field::Awaiter(node)) {
            Ok(()) => {}
            Err(Field::Sealed | Field::Busy(_)) => return Linked::Finished(self.registered_word()),
            Err(_) => return Linked::NeedsWaiters,
        }
        let word = self.registered_word();
        if !word.is_finished() {
            return Linked::Yes;
        }
        // Finished meanwhile: take the node back, unless the finisher took it (and woke it).
        if let Some(waker) = self.unlink_awaiter(node) {
            drop(waker);
        }
        Linked::Finished(word)
    }

    /// Unlinks the node of a `finished()` future. Returns its waker if it was still linked
    /// (the future holds its node again), or `None` if the finisher took it (and is done
    /// with the node).
    pub(super) fn unlink_awaiter(&self, node: &WaiterNode) -> Option<Option<Waker>> {
        let mut link = self.link();
        loop {
            match link {
                Field::Awaiter(linked) if core::ptr::eq(linked, node) => {
                    match self.swap_link(&link, &Field::Empty) {
                        // SAFETY: unlinked, so this thread holds the node.
                        Ok(()) => return Some(unsafe { node.replace(None) }),
                        Err(now) => link = now,
                    }
                }
                Field::Busy(linked) if core::ptr::eq(linked, node) => {
                    crate::sync::backoff(&mut 0);
                    link = self.link();
                }
                Field::Waiters(waiters) => {
                    // SAFETY: as in `waiters`.
                    let mut waiting = lock(unsafe { &(*waiters).waiting });
                    if !core::ptr::eq(waiting.awaiter.0, node) {
                        return None;
                    }
                    waiting.awaiter = RegisteredAwaiter::default();
                    // SAFETY: removed under the mutex, so this thread holds the node.
                    return Some(unsafe { node.replace(None) });
                }
                _ => return None,
            }
        }
    }
}
