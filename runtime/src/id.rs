//! [`AsyncId`], the identity of an operation.

use core::fmt;
use core::num::NonZeroU64;
use core::sync::atomic::{AtomicU64, Ordering};

/// The identity of an asynchronous operation (`IAsyncInfo::Id`).
///
/// Unique in the process: never 0, never given to two operations, stable for the life of the
/// operation. An operation takes its id from a process-wide counter the first time it is asked
/// for it (so creating one touches no shared state); ids increase in that order.
///
/// ```
/// use asyncinfo::async_operation;
///
/// #[async_operation]
/// struct Job;
///
/// let a = Job { status: Default::default() };
/// let b = Job { status: Default::default() };
/// assert_ne!(a.id(), b.id());
/// assert!(a.id().get() > 0);
/// assert_eq!(a.id(), a.id());
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsyncId(NonZeroU64);

/// The next id to hand out. A plain (never loom-modelled) atomic: ids need uniqueness only.
static NEXT: AtomicU64 = AtomicU64::new(1);

impl AsyncId {
    /// Hands out a fresh id.
    ///
    /// # Panics
    ///
    /// After 2⁶³ ids (centuries at any real rate), rather than ever reusing one.
    pub(crate) fn next() -> Self {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        match NonZeroU64::new(id) {
            Some(id) if id.get() <= i64::MAX as u64 => Self(id),
            _ => panic!("asyncinfo: the process has used up its 2^63 operation ids"),
        }
    }

    /// The id with this number, if it is not 0.
    pub(crate) fn from_raw(id: u64) -> Option<Self> {
        NonZeroU64::new(id).map(Self)
    }

    /// The id as a number (never 0).
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0.get()
    }
}

impl fmt::Debug for AsyncId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AsyncId").field(&self.0.get()).finish()
    }
}

impl fmt::Display for AsyncId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.get(), f)
    }
}

impl From<AsyncId> for u64 {
    fn from(id: AsyncId) -> u64 {
        id.get()
    }
}
