//! When an operation was created, started and finished: the attribute's `timestamps` option.
//!
//! The attribute chooses the state's `M` parameter: [`Untimed`] (zero-sized, so that an
//! operation without the option keeps its size and its common path) or [`Timed`] (three
//! instants and two flags). A transition stamps right after the compare-and-swap that made it, or,
//! for a claim, before its publish: one clock read at most, and no user code in between. A
//! reader that sees a status whose stamp is not stored yet waits for it, as for a claim's
//! publish, so that the times never disagree with the status they were read with.

use std::time::SystemTime;

use super::{OperationState, Word};
use crate::sync::{AtomicU8, Ordering, UnsafeCell};
use crate::Times;

/// How an operation keeps its times: [`Untimed`] or [`Timed`], as `#[async_operation]`'s
/// `timestamps` option chooses. Sealed: not a public API.
pub trait Timing: sealed::Sealed + Send + Sync + 'static {
    /// The times of a new operation.
    #[doc(hidden)]
    fn __created() -> Self;

    /// The stamps, if this operation keeps them.
    #[doc(hidden)]
    fn __stamps(&self) -> Option<&Stamps>;
}

mod sealed {
    pub trait Sealed {}
}

/// An operation without `timestamps`: keeps no times, costs nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Untimed;

impl sealed::Sealed for Untimed {}

impl Timing for Untimed {
    #[inline(always)]
    fn __created() -> Self {
        Self
    }

    #[inline(always)]
    fn __stamps(&self) -> Option<&Stamps> {
        None
    }
}

/// An operation with `timestamps`: keeps when it was created, started and finished.
#[derive(Debug)]
pub struct Timed(Stamps);

impl sealed::Sealed for Timed {}

impl Timing for Timed {
    #[inline]
    fn __created() -> Self {
        Self(Stamps {
            created: SystemTime::now(),
            started: Stamp::new(),
            finished: Stamp::new(),
        })
    }

    #[inline(always)]
    fn __stamps(&self) -> Option<&Stamps> {
        Some(&self.0)
    }
}

/// The three instants. The creation's is written before the operation is shared; each of the
/// other two is written once, by the one transition that starts or finishes the operation.
#[derive(Debug)]
pub struct Stamps {
    created: SystemTime,
    started: Stamp,
    finished: Stamp,
}

/// Not stamped yet.
const UNSET: u8 = 0;
/// Stamped: the instant is written.
const SET: u8 = 1;
/// Will never be stamped: canceled before it started.
const NEVER: u8 = 2;

/// An instant written once, then published by its state (a Release store that readers pair
/// with an Acquire load): the clock's own value, converted only when read, so that a
/// transition pays the clock read and two stores.
#[derive(Debug)]
struct Stamp {
    state: AtomicU8,
    instant: UnsafeCell<SystemTime>,
}

// SAFETY: the instant is written by one thread (the transition that won the CAS) before its
// state says `SET` with Release, and read only after an Acquire load saw `SET`.
unsafe impl Sync for Stamp {}

impl Stamp {
    fn new() -> Self {
        Self {
            state: AtomicU8::new(UNSET),
            instant: UnsafeCell::new(SystemTime::UNIX_EPOCH),
        }
    }

    /// Writes the instant (or that there will be none) and publishes it.
    ///
    /// # Safety
    ///
    /// Called once, by the transition whose compare-and-swap made what this stamp records.
    #[inline]
    unsafe fn set(&self, instant: Option<SystemTime>) {
        let state = match instant {
            Some(instant) => {
                // SAFETY: no other thread writes it (the caller's CAS decided), and none reads
                // it before the store below.
                self.instant.with_mut(|cell| unsafe { *cell = instant });
                SET
            }
            None => NEVER,
        };
        self.state.store(state, Ordering::Release);
    }

    /// The instant, once its transition stored it (waited for: a few instructions at most).
    fn get(&self) -> Option<SystemTime> {
        let mut spins = 0;
        loop {
            match self.state.load(Ordering::Acquire) {
                UNSET => crate::sync::backoff(&mut spins),
                // SAFETY: the Acquire load saw `SET`: the write is done and never redone.
                SET => return Some(self.instant.with(|cell| unsafe { *cell })),
                _ => return None,
            }
        }
    }
}

impl Stamps {
    /// A transition from `from` to `to` won: stamps what it began or ended, with one clock
    /// read. Inline: at the exact-word fast paths `from` and `to` are constants, so only the
    /// stamp they make is left.
    #[inline]
    fn stamp(&self, from: Word, to: Word) {
        let starts = from.bits() == Word::CREATED && to.bits() != Word::CREATED;
        let finishes = !from.is_finished() && to.is_finished();
        if !starts && !finishes {
            return;
        }
        let now = SystemTime::now();
        // SAFETY: the caller's compare-and-swap made this transition, which is the only one
        // that leaves Created, or the only one that finishes.
        unsafe {
            if starts {
                self.started
                    .set((to.bits() == Word::STARTED).then_some(now));
            }
            if finishes {
                self.finished.set(Some(now));
            }
        }
    }

    /// The times as of `word` (loaded with Acquire): a stamp that `word` says was made is
    /// waited for, if its transition has not stored it yet.
    fn read(&self, word: Word) -> Times {
        // A claimed Created word still shows Created: nothing has started then.
        let started = (word.bits() != Word::CREATED)
            .then(|| self.started.get())
            .flatten();
        let finished = word.is_finished().then(|| self.finished.get()).flatten();
        Times {
            created: self.created,
            started,
            finished,
        }
    }
}

impl<T, E, P, S, M: Timing> OperationState<T, E, P, S, M> {
    /// Stamps the transition from `from` to `to` that this thread's compare-and-swap made (or
    /// the claim it is about to publish). Nothing without `timestamps`.
    #[inline(always)]
    pub(super) fn stamp(&self, from: Word, to: Word) {
        if let Some(stamps) = self.times.__stamps() {
            stamps.stamp(from, to);
        }
    }

    /// When the operation was created, started and finished: `None` without `timestamps`.
    #[inline]
    pub(crate) fn times(&self) -> Option<Times> {
        let stamps = self.times.__stamps()?;
        Some(stamps.read(self.load()))
    }

    /// [`Self::times`] as of `word`, which the caller loaded (a snapshot's one status read).
    #[inline]
    pub(crate) fn times_as_of(&self, word: Word) -> Option<Times> {
        Some(self.times.__stamps()?.read(word))
    }
}
