//! When an operation was created, started and finished: the attribute's `timestamps` option.
//!
//! The attribute chooses the state's `M` parameter: [`Untimed`] (zero-sized, so that an
//! operation without the option keeps its size and its common path) or [`Timed`] (three
//! stamps, 24 bytes). A transition stamps right after the compare-and-swap that made it, or,
//! for a claim, before its publish: one clock read at most, and no user code in between. A
//! reader that sees a status whose stamp is not stored yet waits for it, as for a claim's
//! publish, so that the times never disagree with the status they were read with.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{OperationState, Word};
use crate::sync::{AtomicU64, Ordering};
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
            created: now(),
            started: AtomicU64::new(UNSET),
            finished: AtomicU64::new(UNSET),
        })
    }

    #[inline(always)]
    fn __stamps(&self) -> Option<&Stamps> {
        Some(&self.0)
    }
}

/// Not stamped yet.
const UNSET: u64 = 0;
/// Will never be stamped: canceled before it started.
const NEVER: u64 = u64::MAX;

/// Three instants, in nanoseconds since the Unix epoch (within `1..NEVER`).
#[derive(Debug)]
pub struct Stamps {
    created: u64,
    started: AtomicU64,
    finished: AtomicU64,
}

/// Now, in nanoseconds since the Unix epoch, within `1..NEVER` (a clock before the epoch
/// reads as its first nanosecond).
fn now() -> u64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(since.as_nanos()).map_or(NEVER - 1, |nanos| nanos.clamp(1, NEVER - 1))
}

fn instant(nanos: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_nanos(nanos)
}

impl Stamps {
    /// A transition from `from` to `to` won: stamps what it began or ended. Release: a reader
    /// that sees a stamp (with Acquire) sees the transition's word too.
    fn stamp(&self, from: Word, to: Word) {
        let starts = from.bits() == Word::CREATED && to.bits() != Word::CREATED;
        let finishes = !from.is_finished() && to.is_finished();
        if !starts && !finishes {
            return;
        }
        let now = now();
        if starts {
            let started = if to.bits() == Word::STARTED {
                now
            } else {
                NEVER
            };
            self.started.store(started, Ordering::Release);
        }
        if finishes {
            self.finished.store(now, Ordering::Release);
        }
    }

    /// The times as of `word` (loaded with Acquire): a stamp that `word` says was made is
    /// waited for, if its transition has not stored it yet.
    fn read(&self, word: Word) -> Times {
        let settled = |stamp: &AtomicU64| {
            let mut spins = 0;
            loop {
                match stamp.load(Ordering::Acquire) {
                    UNSET => crate::sync::backoff(&mut spins),
                    stamp => return stamp,
                }
            }
        };
        // A claimed Created word still shows Created: nothing has started then.
        let started = (word.bits() != Word::CREATED)
            .then(|| settled(&self.started))
            .filter(|stamp| *stamp != NEVER)
            .map(instant);
        let finished = word.is_finished().then(|| instant(settled(&self.finished)));
        Times {
            created: instant(self.created),
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
