//! [`Waiters`]: everyone waiting on an operation: completion handlers, `finished()` and
//! `canceled()` awaiters (a thread blocked in `wait()` is one), progress handlers and the
//! latest progress value.
//!
//! It is allocated on the first registration (an operation nobody waits on never has one) and
//! lives until the operation is dropped. What is useful only until the finish (completion
//! handlers, awaiters, progress handlers) is taken out when the operation finishes, so a
//! handler that holds its own operation is no reference cycle once the operation finished.
//!
//! A mutex guards it. User code runs outside it: the finishing thread takes what it must
//! notify out of the `Waiters`, unlocks, then calls; a waker is cloned before locking, and
//! whatever is replaced or removed (a waker, a progress value) is dropped after unlocking. The
//! one piece of user code that does run under it is the `Clone` of the progress type, in
//! `progress()`.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::task::Waker;

use crate::children::Children;
use crate::state::link::{HandlerList, RegisteredAwaiter};

/// A progress handler, shared by every report that runs it.
pub(crate) type ProgressHandler<S, P> = Arc<dyn Fn(&S, &P) + Send + Sync + 'static>;

/// The two events of an operation: what a future waits for, and what a transition notifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// The operation is finished (or, for a transition, may have finished by it).
    Finished,
    /// A cancel was requested (for a transition: a cancel won; the operation may or may not
    /// be finished by it).
    Canceled,
}

/// What a notification takes out of the `Waiters`, to notify (or drop) after unlocking.
pub(crate) struct Taken<S, P> {
    pub(crate) canceled: List<(u64, Waker)>,
    pub(crate) finished: List<(u64, Waker)>,
    /// The waker of the future whose node moved here from the waiter field.
    pub(crate) awaiter: Option<Waker>,
    pub(crate) handlers: HandlerList<S>,
    pub(crate) progress_handlers: Option<Arc<[ProgressHandler<S, P>]>>,
    /// On a cancel, the children to cancel; on a finish without one, the links to drop.
    pub(crate) children: Children,
}

/// The waiters' contents, under its mutex.
pub(crate) struct Waiting<S, P> {
    pub(crate) handlers: HandlerList<S>,
    /// The node of the first `finished()` future, if it was linked before the `Waiters` was
    /// installed and is still linked.
    pub(crate) awaiter: RegisteredAwaiter,
    pub(crate) finished: Wakers,
    pub(crate) canceled: Wakers,
    /// Copied on write, so a report clones one `Arc` (no allocation) and runs them unlocked;
    /// `None` until the first is registered.
    pub(crate) progress_handlers: Option<Arc<[ProgressHandler<S, P>]>>,
    pub(crate) latest: Option<P>,
    /// The children linked by `link_child`, held weakly.
    pub(crate) children: Children,
    /// How many links were left after the last prune of the dead ones.
    pub(crate) children_pruned: usize,
}

impl<S, P> Waiting<S, P> {
    /// Takes out what a transition to a terminal word notifies or releases: the `canceled()`
    /// wakers on a cancel or a finish, the `finished()` wakers and the handlers on a finish,
    /// and the progress handlers always (no report is accepted from a terminal status).
    pub(crate) fn take_for(&mut self, finished: bool, canceled: bool) -> Taken<S, P> {
        Taken {
            canceled: if finished || canceled {
                self.canceled.take()
            } else {
                List::default()
            },
            finished: if finished {
                self.finished.take()
            } else {
                List::default()
            },
            awaiter: if finished { self.take_awaiter() } else { None },
            handlers: if finished {
                std::mem::take(&mut self.handlers)
            } else {
                HandlerList::default()
            },
            progress_handlers: self.progress_handlers.take(),
            // A cancel cancels them; a finish without one has no more use for them.
            children: if finished || canceled {
                std::mem::take(&mut self.children)
            } else {
                Vec::new()
            },
        }
    }

    /// Links a child, first pruning the dead links if the list has doubled since the last
    /// prune (and holds more than a few): amortised O(1) per link, where pruning on every link
    /// cost O(live children) each.
    pub(crate) fn link_child(&mut self, child: Box<dyn crate::children::Child>) {
        /// Below this, a list is left as it is: a prune would free next to nothing.
        const SMALL: usize = 16;
        if self.children.len() >= SMALL.max(2 * self.children_pruned) {
            self.children.retain(|child| child.is_alive());
            self.children_pruned = self.children.len();
        }
        self.children.push(child);
    }

    /// Unlinks the node of the first `finished()` future, if it is still here, taking its waker.
    pub(crate) fn take_awaiter(&mut self) -> Option<Waker> {
        let node = core::mem::take(&mut self.awaiter).0;
        // SAFETY: a node in the `Waiters` stays linked (its future alive) until it is removed
        // under this mutex, which the caller holds; removing it makes this thread its holder.
        (!node.is_null())
            .then(|| unsafe { (*node).replace(None) })
            .flatten()
    }

    /// The wakers of the futures awaiting `awaited`.
    pub(crate) fn wakers(&mut self, awaited: Event) -> &mut Wakers {
        match awaited {
            Event::Finished => &mut self.finished,
            Event::Canceled => &mut self.canceled,
        }
    }
}

/// The `Waiters`: its contents, under a mutex. (A blocked `wait()` is a `finished()` future
/// whose waker unparks its thread, so it needs no condition variable.)
pub(crate) struct Waiters<S, P> {
    pub(crate) waiting: crate::sync::Mutex<Waiting<S, P>>,
}

impl<S, P> Waiters<S, P> {
    /// A `Waiters` holding what the waiter field held before it: `handlers` and the node
    /// `awaiter` (null if none).
    pub(crate) fn new(handlers: HandlerList<S>, awaiter: RegisteredAwaiter) -> Self {
        Self {
            waiting: crate::sync::Mutex::new(Waiting {
                handlers,
                awaiter,
                finished: Wakers::default(),
                canceled: Wakers::default(),
                progress_handlers: None,
                latest: None,
                children: Vec::new(),
                children_pruned: 0,
            }),
        }
    }
}

/// The wakers of the futures waiting for one event, each under a key its future keeps so that
/// it can replace its waker on a later poll and remove it when dropped.
#[derive(Default)]
pub(crate) struct Wakers {
    entries: List<(u64, Waker)>,
    next_key: u64,
}

impl Wakers {
    /// Whether the waker stored under `key` would wake the same task as `waker` (no user code:
    /// `will_wake` compares pointers), so that a repoll need not clone it again.
    pub(crate) fn holds(&self, key: Option<u64>, waker: &Waker) -> bool {
        key.is_some_and(|k| {
            self.entries
                .iter()
                .any(|(at, stored)| *at == k && stored.will_wake(waker))
        })
    }

    /// Stores `waker` (a clone made before locking) under `key`, or under a new key written to
    /// `key`. Returns the waker it replaced, to be dropped after unlocking.
    pub(crate) fn register(&mut self, key: &mut Option<u64>, waker: Waker) -> Option<Waker> {
        if let Some(k) = *key {
            if let Some((_, stored)) = self.entries.iter_mut().find(|(at, _)| *at == k) {
                return Some(core::mem::replace(stored, waker));
            }
        }
        let k = self.next_key;
        self.next_key = self.next_key.wrapping_add(1);
        self.entries.push((k, waker));
        *key = Some(k);
        None
    }

    /// Removes the waker under `key`, if it is still here, to be dropped after unlocking.
    pub(crate) fn remove(&mut self, key: u64) -> Option<Waker> {
        self.entries
            .remove_where(|(k, _)| *k == key)
            .map(|(_, waker)| waker)
    }

    /// Takes every waker out (with its key), to be woken after unlocking.
    pub(crate) fn take(&mut self) -> List<(u64, Waker)> {
        std::mem::take(&mut self.entries)
    }
}

/// A list that usually holds one item (one handler, one awaiter): the first is kept inline,
/// so that the first registration allocates no list.
pub(crate) struct List<T> {
    first: Option<T>,
    rest: Vec<T>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self {
            first: None,
            rest: Vec::new(),
        }
    }
}

impl<T> List<T> {
    /// Appends `item`, after every item already here.
    pub(crate) fn push(&mut self, item: T) {
        if self.first.is_none() && self.rest.is_empty() {
            self.first = Some(item);
        } else {
            self.rest.push(item);
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.first.iter().chain(&self.rest)
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.first.iter_mut().chain(&mut self.rest)
    }

    /// Removes the first item that `matches`, if any (the order of the rest may change).
    pub(crate) fn remove_where(&mut self, matches: impl Fn(&T) -> bool) -> Option<T> {
        if self.first.as_ref().is_some_and(&matches) {
            return self.first.take();
        }
        let at = self.rest.iter().position(matches)?;
        Some(self.rest.swap_remove(at))
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = core::iter::Chain<core::option::IntoIter<T>, std::vec::IntoIter<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.first.into_iter().chain(self.rest)
    }
}

/// Runs callbacks so that a panicking one stops none of the others: the first panic is kept
/// and resumed by [`Panics::resume`] once all have run.
#[derive(Default)]
pub(crate) struct Panics(Option<Box<dyn Any + Send + 'static>>);

impl Panics {
    pub(crate) fn run(&mut self, f: impl FnOnce()) {
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(f)) {
            self.0.get_or_insert(payload);
        }
    }

    /// Resumes the first panic, if any.
    pub(crate) fn resume(self) {
        if let Some(payload) = self.0 {
            panic::resume_unwind(payload);
        }
    }
}
