//! [`Snapshot`] and [`Times`]: an operation seen at one moment, owned, for a log, a list or
//! a JSON endpoint (DESIGN §10).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use crate::{AsyncId, AsyncStatus, CancelReason};

/// An operation as it was at one moment: owned, `Clone` and `Debug`, so it outlives the
/// operation and can be logged, listed or (with the `serde` feature) serialised.
///
/// Made by `snapshot()` on every `#[async_operation]` struct (with `P` its progress type, or
/// `()`), by [`AsyncInfo::snapshot`](crate::AsyncInfo::snapshot) through `dyn` (progress
/// `None`), and by [`AsyncProgress::snapshot_with_progress`](crate::AsyncProgress::snapshot_with_progress).
/// The status, `finished`, `closed`, the cancel reason and the error come from one read of
/// the state, so they agree with one another; `progress` is [`progress()`]'s value, read
/// after, so it may be newer.
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(output = u32, error = std::io::Error, progress = u8)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.start()?;
/// job.report_progress(40)?;
/// let snap = job.snapshot();
/// assert_eq!((snap.type_name.as_ref(), snap.status, snap.progress), ("Job", AsyncStatus::Started, Some(40)));
/// job.fail(std::io::Error::other("disk full")).unwrap();
/// assert_eq!(job.snapshot().error.as_deref(), Some("disk full"));
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// [`progress()`]: crate::AsyncProgress::progress
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot<P = ()> {
    /// The operation's id.
    pub id: AsyncId,
    /// The struct's name as written (`"Download"`), borrowed: taking a snapshot allocates no
    /// name. A hand-written [`AsyncInfo`](crate::AsyncInfo) gives its type's path.
    pub type_name: Cow<'static, str>,
    /// The status.
    pub status: AsyncStatus,
    /// Whether the status is terminal and no worker is still running.
    pub finished: bool,
    /// Whether `close()` was called.
    pub closed: bool,
    /// The latest progress reported (`None` before the first report, after close, and for an
    /// operation without progress).
    pub progress: Option<P>,
    /// Why the operation was canceled: `Some` exactly in the Canceled status.
    pub cancel_reason: Option<CancelReason>,
    /// The error, as text: `Some` exactly in the Error status before close. Its `Display`
    /// text, or, for an error type without `Display` (or one that is a generic parameter of
    /// the struct), its type name.
    pub error: Option<String>,
    /// When it was created, started and finished: `Some` with the `timestamps` option.
    pub times: Option<Times>,
}

impl<P> Snapshot<P> {
    /// The same snapshot with another progress value (of another type).
    #[must_use]
    pub fn with_progress<Q>(self, progress: Option<Q>) -> Snapshot<Q> {
        Snapshot {
            id: self.id,
            type_name: self.type_name,
            status: self.status,
            finished: self.finished,
            closed: self.closed,
            progress,
            cancel_reason: self.cancel_reason,
            error: self.error,
            times: self.times,
        }
    }
}

/// When an operation was created, started and finished, as the wall clock read then:
/// recorded by operations declared with `#[async_operation(timestamps)]`, read with `times()`
/// or in a [`Snapshot`].
///
/// ```
/// use asyncinfo::async_operation;
///
/// #[async_operation(output = u32, timestamps)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// assert!(job.times().unwrap().started.is_none());
/// job.start()?;
/// job.complete(1).unwrap();
/// let times = job.times().unwrap();
/// assert!(times.created <= times.started.unwrap());
/// assert!(times.ran().is_some());
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Times {
    /// When the operation was created.
    pub created: SystemTime,
    /// When it started: `None` until then, and for one canceled before it started.
    pub started: Option<SystemTime>,
    /// When it finished (`is_finished()` became true): `None` until then.
    pub finished: Option<SystemTime>,
}

impl Times {
    /// How long it waited to start: `None` until it started (or if it never did).
    #[must_use]
    pub fn queued(&self) -> Option<Duration> {
        // The wall clock may step back: such an interval reads as zero.
        let started = self.started?;
        Some(started.duration_since(self.created).unwrap_or_default())
    }

    /// How long it ran, from its start to its finish: `None` until it finished (or if it never
    /// started).
    #[must_use]
    pub fn ran(&self) -> Option<Duration> {
        let (started, finished) = (self.started?, self.finished?);
        Some(finished.duration_since(started).unwrap_or_default())
    }
}
