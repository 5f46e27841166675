//! Waiting for an operation: completion handlers, the futures' registrations and blocking
//! waits. Each registers by the one protocol of `registration.rs`.

use core::task::{Poll, Waker};
use std::time::Duration;

use super::link::{Field, HandlerNode, WaiterNode, WakerId};
use super::registration::Linked;
use super::{OperationState, Word};
use crate::children::{Child, Link};
use crate::error::AsyncError;
use crate::sync::lock;
use crate::waiters::{Event, Panics};
use crate::{AsyncStatus, Finished};

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// Registers a completion handler, or runs it now (on this thread) if the operation is
    /// already finished.
    #[inline]
    pub(crate) fn on_completed<F>(&self, owner: &S, handler: F) -> Result<(), AsyncError>
    where
        F: FnOnce(&S, AsyncStatus) + Send + 'static,
    {
        let word = self.load();
        // One compare for the usual words (Created or Started, maybe claimed); the others
        // decide in full.
        if !word.is_at_most_started() && (word.is_finished() || word.has(Word::CLOSED)) {
            return Self::run_now(owner, word, handler);
        }
        let node = HandlerNode::new(handler);
        // The common case, inline: nobody registered yet, and the operation is not finished
        // when the registrar reads the word after its push.
        if self.link_first_handler(owner, node) {
            return Ok(());
        }
        self.register_handler(owner, node)
    }

    /// Registers `node` (the caller's) in any other case than [`Self::link_first_handler`]'s:
    /// another waiter is there, or the operation finished meanwhile, when the node is run or
    /// refused here. Out of line and not generic over the closure, so that the common case
    /// stays small.
    #[inline(never)]
    fn register_handler(&self, owner: &S, node: *mut HandlerNode<S>) -> Result<(), AsyncError> {
        let word = match self.link_handler(owner, node) {
            Linked::Yes => return Ok(()),
            Linked::Finished(word) => word,
            Linked::NeedsWaiters => {
                let (_, mut waiting, now) = self.lock_registered();
                if !now.is_finished() && !now.has(Word::CLOSED) {
                    waiting.handlers.push(node);
                    return Ok(());
                }
                now
            }
        };
        // Finished, or closed since: the node is this thread's again. Outside any lock.
        let args = (!word.has(Word::CLOSED)).then(|| (owner, word.status()));
        // SAFETY: not linked, so owned here; consumed once.
        unsafe { HandlerNode::consume(node, args) };
        match args {
            Some(_) => Ok(()),
            None => Err(AsyncError::closed("on_completed", word.status())),
        }
    }

    /// Runs a handler registered on a finished operation now, or refuses it once closed.
    fn run_now<F>(owner: &S, word: Word, handler: F) -> Result<(), AsyncError>
    where
        F: FnOnce(&S, AsyncStatus),
    {
        if word.has(Word::CLOSED) {
            return Err(AsyncError::closed("on_completed", word.status()));
        }
        handler(owner, word.status());
        Ok(())
    }

    /// One poll of a `finished()` or `canceled()` future: ready if its event happened,
    /// otherwise its waker is registered (or replaced) under `key`.
    ///
    /// The waker's `clone` and `drop` are user code, so they run outside the waiters' lock:
    /// a new waker is cloned before locking, a replaced one dropped after unlocking. A repoll
    /// with a waker that wakes the same task clones nothing. `fresh` is a clone of `waker`
    /// already made, if any.
    pub(crate) fn poll_event(
        &self,
        awaited: Event,
        key: &mut Option<u64>,
        waker: &Waker,
        mut fresh: Option<Waker>,
    ) -> Poll<AsyncStatus> {
        let happened = |word: Word| match awaited {
            Event::Finished => word.is_finished(),
            Event::Canceled => word.is_canceled(),
        };
        // Finished without a cancel, an operation can no longer be canceled: nothing to wait for.
        let never =
            |word: Word| awaited == Event::Canceled && word.is_finished() && !word.is_canceled();
        let mut word = self.load();
        while !happened(word) {
            if never(word) {
                return Poll::Pending;
            }
            if key.is_none() && fresh.is_none() {
                fresh = Some(waker.clone());
            }
            let (_, mut waiting, now) = self.lock_registered();
            word = now;
            if happened(word) {
                break;
            }
            let wakers = waiting.wakers(awaited);
            if never(word) || wakers.holds(*key, waker) {
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
        // The notifier took (or will take) every waker registered before the event, so there
        // is nothing to deregister.
        *key = None;
        Poll::Ready(word.status())
    }

    /// One poll of a `finished()` future, which carries a waiter `node`: the first such future
    /// links its node into the waiter field (no `Waiters`, no allocation); others, or any
    /// once a `Waiters` exists, register their waker under `key` as [`Self::poll_event`] does.
    /// `linked` says which waker the linked node holds.
    pub(crate) fn poll_finished(
        &self,
        node: &WaiterNode,
        linked: &mut Option<WakerId>,
        key: &mut Option<u64>,
        waker: &Waker,
    ) -> Poll<AsyncStatus> {
        let word = self.load();
        if word.is_finished() {
            self.release_awaiter(node, linked);
            *key = None;
            return Poll::Ready(word.status());
        }
        if let Some(id) = *linked {
            if id == WakerId::of(waker) {
                return Poll::Pending;
            }
            // Another task polls now: unlink, then link again with its waker.
            *linked = None;
            match self.unlink_awaiter(node) {
                Some(old) => drop(old),
                None => return Poll::Ready(self.load().status()),
            }
        }
        // Only while the field is empty can the node link; otherwise the `Waiters` it holds (or
        // will hold) takes the waker.
        if key.is_none() && matches!(self.link(), Field::Empty) {
            // SAFETY (all three calls): not linked, so this future holds its node.
            unsafe { node.replace(Some(waker.clone())) };
            match self.link_awaiter(node) {
                Linked::Yes => {
                    *linked = Some(WakerId::of(waker));
                    return Poll::Pending;
                }
                Linked::Finished(word) => {
                    drop(unsafe { node.replace(None) });
                    return Poll::Ready(word.status());
                }
                Linked::NeedsWaiters => {
                    let fresh = unsafe { node.replace(None) };
                    return self.poll_event(Event::Finished, key, waker, fresh);
                }
            }
        }
        self.poll_event(Event::Finished, key, waker, None)
    }

    /// Unlinks a `finished()` future's node if it is linked, dropping its waker here.
    pub(crate) fn release_awaiter(&self, node: &WaiterNode, linked: &mut Option<WakerId>) {
        // A sealed field holds no node and there is no `Waiters`: the finisher took the node
        // and is done with it (the usual end of a linked future), with nothing to unlink.
        if linked.take().is_some() && !self.signals().is_sealed() {
            drop(self.unlink_awaiter(node));
        }
    }

    /// Removes a dropped future's waker, if the notifier has not taken it, and drops it after
    /// unlocking.
    pub(crate) fn forget(&self, awaited: Event, key: u64) {
        let Some(waiters) = self.waiters_if_any() else {
            return;
        };
        let removed = lock(&waiters.waiting).wakers(awaited).remove(key);
        drop(removed);
    }

    /// Blocks until the operation is finished, or until `timeout` passes (`None`).
    ///
    /// A blocked wait is a `finished()` future polled on this thread, whose waker unparks it:
    /// the first waiter needs no `Waiters` (its node links into the field). Once its poll was
    /// pending, it polls again only after its waker was woken (not on a park's spurious
    /// return): the notifier wakes it with a waker it took out, after the completion handlers
    /// ran and after an owned worker let go of its handle, so a woken wait never sees the
    /// finish before the worker's handle is gone.
    pub(crate) fn wait_timeout(&self, timeout: Option<Duration>) -> Option<AsyncStatus> {
        let word = self.load();
        if word.is_finished() {
            return Some(word.status());
        }
        crate::futures::block_on(Finished::new(self), timeout)
    }
}

impl<T, E, P, S, M> OperationState<T, E, P, S, M> {
    /// Links `child` to this operation (see `crate::children`): registered under the waiters'
    /// lock, by the waiters' protocol, so a link racing a cancel is never lost.
    pub(crate) fn link_child(&self, child: Box<dyn Child>) -> Result<Link, AsyncError> {
        let mut word = self.load();
        if !word.is_terminal() {
            let (_, mut waiting, now) = self.lock_registered();
            word = now;
            if !word.is_terminal() {
                waiting.link_child(child);
                return Ok(Link::Linked);
            }
        }
        if word.has(Word::CLOSED) {
            return Err(AsyncError::closed("link_child", word.status()));
        }
        if !word.is_canceled() {
            return Ok(Link::ParentFinished);
        }
        // Outside the lock: the child's cancel runs its `on_cancel` and its own cascade.
        let mut panics = Panics::default();
        crate::children::cancel_all(self.id(), vec![child], &mut panics);
        panics.resume();
        Ok(Link::CanceledAtOnce)
    }
}
