//! [`AsyncId`], the identity of an operation.

use core::cell::Cell;
use core::fmt;
use core::num::NonZeroU64;
use core::sync::atomic::{AtomicU64, Ordering};

/// The identity of an asynchronous operation (`IAsyncInfo::Id`).
///
/// Unique in the process: never 0, never given to two operations, stable for the life of the
/// operation. An operation takes its id when it is created, from a block of ids that its
/// thread reserved (so creating one touches no counter shared between threads, except once
/// every 1,024 creations on a thread): ids increase in creation order on each thread, and
/// leave gaps between threads.
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

/// How many ids a thread reserves at once.
const BLOCK: u64 = 1024;

/// The first id of the next block to reserve. A plain (never loom-modelled) atomic: ids need
/// uniqueness only.
static NEXT_BLOCK: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The ids this thread may still hand out: `next..end`. Const-initialised and without a
    /// destructor, so that it works during thread teardown too.
    static RESERVED: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

impl AsyncId {
    /// Hands out a fresh id.
    ///
    /// # Panics
    ///
    /// After 2⁶³ ids (centuries at any real rate), rather than ever reusing one.
    #[inline]
    pub(crate) fn next() -> Self {
        RESERVED.with(|reserved| {
            let (mut next, mut end) = reserved.get();
            if next == end {
                (next, end) = reserve();
            }
            reserved.set((next + 1, end));
            match NonZeroU64::new(next) {
                Some(id) => Self(id),
                None => unreachable!("blocks start at 1"),
            }
        })
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

/// Reserves a fresh block of ids: `start..end`.
#[cold]
fn reserve() -> (u64, u64) {
    let start = NEXT_BLOCK.fetch_add(BLOCK, Ordering::Relaxed);
    assert!(
        start <= i64::MAX as u64,
        "asyncinfo: the process has used up its 2^63 operation ids"
    );
    (start, start + BLOCK)
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

/// As its number.
#[cfg(feature = "serde")]
impl serde::Serialize for AsyncId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.get())
    }
}

/// From its number, which is never 0.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for AsyncId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = <u64 as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_raw(id).ok_or_else(|| serde::de::Error::custom("an operation's id is never 0"))
    }
}
