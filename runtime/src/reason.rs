//! [`CancelReason`]: why an operation was canceled, and how the state word and the payload slot
//! store it.
//!
//! A reason is kept in two places that cost no extra space: its kind in three bits of the
//! state word, and its data (a parent's id, or a boxed reason) in the payload slot, which a
//! canceled operation does not otherwise use. This module says how a reason is encoded; the
//! state stores it. So a reason without data is recorded by the very
//! compare-and-swap that cancels, and one with data by the same claim, write, publish step as
//! `complete`: a reader never sees Canceled without its reason.

use core::fmt;
use std::sync::Arc;

use crate::AsyncId;

/// Why an operation was canceled: the first cancel wins and its reason is kept, readable with
/// `cancel_reason()` (also after `close()`) and in the operation's `Outcome`.
///
/// Cloning never allocates. Recording `Requested`, `Timeout`, `Parent`, `Dropped`, `Abandoned`
/// and a `Panicked` without a message allocates nothing: the kind goes into the state word and
/// a parent's id into the unused payload slot. A reason that carries a pointer pair (a
/// `Panicked` message, `Other`) does not fit the slot of every operation, so it is recorded in
/// one small box (the message itself is allocated once, when the panic is caught); that keeps
/// the state of an `OperationState<u64, std::io::Error>` at 32 bytes.
///
/// `Abandoned` and `Panicked` cannot be constructed outside this crate: only a
/// [`Worker`](crate::Worker) records them (a `cancel_with` given one, cloned from another
/// operation or deserialized, records it as `Other` with the same text). Being
/// `#[non_exhaustive]` variants, they are matched with braces (`CancelReason::Abandoned { .. }`),
/// or, simpler, through [`kind`](Self::kind): `match reason.kind() { CancelKind::Panicked => … }`,
/// with [`panic_message`](Self::panic_message) for the message.
///
/// ```
/// use asyncinfo::{async_operation, CancelReason};
///
/// #[async_operation(output = u32)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// assert!(job.cancel_with(CancelReason::Timeout));
/// assert!(!job.cancel(), "the first cancel wins");
/// assert!(matches!(job.cancel_reason(), Some(CancelReason::Timeout)));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug)]
pub enum CancelReason {
    /// A plain `cancel()`.
    Requested,
    /// A deadline passed.
    Timeout,
    /// The parent operation with this id was canceled.
    Parent(AsyncId),
    /// A handle that cancels when dropped was dropped.
    Dropped,
    /// The worker stopped without finishing the operation: it was dropped, or its runner was.
    #[non_exhaustive]
    Abandoned,
    /// The worker panicked; the panic's message, where it had one (a `&str` or a `String`).
    #[non_exhaustive]
    Panicked(Option<Arc<str>>),
    /// A reason of the user's own.
    Other(Arc<dyn std::error::Error + Send + Sync + 'static>),
}

/// Which kind of [`CancelReason`] it is, without its data: a fieldless `Copy` enum, so that a
/// `match` needs no braces for the variants that cannot be constructed outside this crate.
///
/// ```
/// use asyncinfo::{async_operation, CancelKind};
///
/// #[async_operation(output = u8)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.worker()?.run_blocking(|_| panic!("disk on fire"));
/// let reason = job.cancel_reason().unwrap();
/// match reason.kind() {
///     CancelKind::Panicked => assert_eq!(reason.panic_message(), Some("disk on fire")),
///     other => panic!("unexpected {other}"),
/// }
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CancelKind {
    /// [`CancelReason::Requested`].
    Requested,
    /// [`CancelReason::Timeout`].
    Timeout,
    /// [`CancelReason::Parent`].
    Parent,
    /// [`CancelReason::Dropped`].
    Dropped,
    /// [`CancelReason::Abandoned`].
    Abandoned,
    /// [`CancelReason::Panicked`].
    Panicked,
    /// [`CancelReason::Other`].
    Other,
}

impl CancelKind {
    /// The kind's name, as the variant is named: `"Requested"`, `"Timeout"`, ...
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "Requested",
            Self::Timeout => "Timeout",
            Self::Parent => "Parent",
            Self::Dropped => "Dropped",
            Self::Abandoned => "Abandoned",
            Self::Panicked => "Panicked",
            Self::Other => "Other",
        }
    }
}

impl fmt::Display for CancelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl CancelReason {
    /// Which kind of reason this is, for a `match` without braces:
    /// `match reason.kind() { CancelKind::Panicked => …, … }`.
    #[must_use]
    pub const fn kind(&self) -> CancelKind {
        match self {
            Self::Requested => CancelKind::Requested,
            Self::Timeout => CancelKind::Timeout,
            Self::Parent(_) => CancelKind::Parent,
            Self::Dropped => CancelKind::Dropped,
            Self::Abandoned => CancelKind::Abandoned,
            Self::Panicked(_) => CancelKind::Panicked,
            Self::Other(_) => CancelKind::Other,
        }
    }

    /// The reason as a cancel from outside a worker records it: `Abandoned` and `Panicked`
    /// (which only a worker records) become `Other` with the same text.
    pub(crate) fn recorded_from_outside(self) -> Self {
        match self {
            Self::Abandoned | Self::Panicked(_) => Self::other_text(self.to_string()),
            reason => reason,
        }
    }

    /// `Other`, holding `text` as its error.
    pub(crate) fn other_text(text: String) -> Self {
        Self::Other(Arc::new(Text(text)))
    }

    /// The message of the worker's panic, for `Panicked` with a message.
    ///
    /// ```
    /// use asyncinfo::{async_operation, CancelKind};
    ///
    /// #[async_operation(output = u8)]
    /// struct Job;
    ///
    /// let job = Job { status: Default::default() };
    /// job.worker()?.run_blocking(|_| panic!("disk on fire"));
    /// let reason = job.cancel_reason().unwrap();
    /// assert_eq!(reason.kind(), CancelKind::Panicked);
    /// assert_eq!(reason.panic_message(), Some("disk on fire"));
    /// # Ok::<(), asyncinfo::AsyncError>(())
    /// ```
    #[must_use]
    pub fn panic_message(&self) -> Option<&str> {
        match self {
            Self::Panicked(Some(message)) => Some(message),
            _ => None,
        }
    }

    /// `Panicked`, with the message of a panic's payload where it has one.
    pub(crate) fn panicked(payload: &(dyn core::any::Any + Send)) -> Self {
        let message = payload
            .downcast_ref::<&'static str>()
            .map(|message| Arc::from(*message))
            .or_else(|| {
                payload
                    .downcast_ref::<String>()
                    .map(|s| Arc::from(s.as_str()))
            });
        Self::Panicked(message)
    }
}

/// An error that is only its text: the `Other` reason of a reason given from outside as
/// `Abandoned` or `Panicked`, or deserialized.
#[derive(Debug)]
struct Text(String);

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Text {}

/// Reasons are equal when they are the same variant with equal data; two `Other` reasons are
/// equal when they are the same error (one `Arc`), since errors have no equality of their own.
impl PartialEq for CancelReason {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Requested, Self::Requested)
            | (Self::Timeout, Self::Timeout)
            | (Self::Dropped, Self::Dropped)
            | (Self::Abandoned, Self::Abandoned) => true,
            (Self::Parent(a), Self::Parent(b)) => a == b,
            (Self::Panicked(a), Self::Panicked(b)) => a == b,
            (Self::Other(a), Self::Other(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for CancelReason {}

impl fmt::Display for CancelReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Requested => f.write_str("cancellation was requested"),
            Self::Timeout => f.write_str("the deadline passed"),
            Self::Parent(id) => write!(f, "the parent operation {id} was canceled"),
            Self::Dropped => f.write_str("the handle that owned it was dropped"),
            Self::Abandoned => f.write_str("the worker stopped without finishing"),
            Self::Panicked(None) => f.write_str("the worker panicked"),
            Self::Panicked(Some(message)) => write!(f, "the worker panicked: {message}"),
            Self::Other(reason) => fmt::Display::fmt(reason, f),
        }
    }
}

// The kinds, as the state word keeps them (shifted into its reason bits by the state).
const REQUESTED: u32 = 0;
const TIMEOUT: u32 = 1;
const DROPPED: u32 = 2;
const ABANDONED: u32 = 3;
const PANICKED: u32 = 4;
/// The payload slot holds the parent's id.
const PARENT: u32 = 5;
/// The payload slot holds a `Box<CancelReason>` (a `Panicked` with its message, or `Other`).
const BOXED: u32 = 6;

/// A reason as the operation stores it: a kind, and data for the slot.
pub(crate) enum Encoded {
    /// A kind without data.
    Kind(u32),
    /// `PARENT`, and the id for the slot.
    Parent(u64),
    /// `BOXED`, and the box for the slot.
    Boxed(Box<CancelReason>),
}

impl Encoded {
    pub(crate) fn new(reason: CancelReason) -> Self {
        match reason {
            CancelReason::Requested => Self::Kind(REQUESTED),
            CancelReason::Timeout => Self::Kind(TIMEOUT),
            CancelReason::Dropped => Self::Kind(DROPPED),
            CancelReason::Abandoned => Self::Kind(ABANDONED),
            CancelReason::Panicked(None) => Self::Kind(PANICKED),
            CancelReason::Parent(id) => Self::Parent(id.get()),
            reason => Self::Boxed(Box::new(reason)),
        }
    }

    /// The kind, for the state word.
    pub(crate) fn kind(&self) -> u32 {
        match self {
            Self::Kind(kind) => *kind,
            Self::Parent(_) => PARENT,
            Self::Boxed(_) => BOXED,
        }
    }
}

/// What the payload slot of a canceled operation holds, by the reason's kind.
pub(crate) enum SlotData {
    Nothing,
    Parent,
    Boxed,
}

/// Which data the slot holds for a reason of this kind.
pub(crate) const fn slot_data(kind: u32) -> SlotData {
    match kind {
        PARENT => SlotData::Parent,
        BOXED => SlotData::Boxed,
        _ => SlotData::Nothing,
    }
}

/// The reason of a kind without slot data (`None` for the kinds that keep data in the slot).
pub(crate) const fn from_kind(kind: u32) -> Option<CancelReason> {
    Some(match kind {
        REQUESTED => CancelReason::Requested,
        TIMEOUT => CancelReason::Timeout,
        DROPPED => CancelReason::Dropped,
        ABANDONED => CancelReason::Abandoned,
        PANICKED => CancelReason::Panicked(None),
        _ => return None,
    })
}

/// A reason as it is serialized: its kind, with the parent's id for `Parent` and the text for
/// `Panicked` (its message, if any) and `Other` (its `Display`).
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Serialized<'a> {
    kind: CancelKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<AsyncId>,
    #[serde(default, borrow, skip_serializing_if = "Option::is_none")]
    message: Option<std::borrow::Cow<'a, str>>,
}

/// As `{"kind": "Timeout"}`, `{"kind": "Parent", "parent": 7}`,
/// `{"kind": "Panicked", "message": "disk on fire"}` or `{"kind": "Other", "message": "…"}`.
#[cfg(feature = "serde")]
impl serde::Serialize for CancelReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (parent, message) = match self {
            Self::Parent(id) => (Some(*id), None),
            Self::Panicked(message) => (None, message.as_deref().map(Into::into)),
            Self::Other(error) => (None, Some(error.to_string().into())),
            _ => (None, None),
        };
        Serialized {
            kind: self.kind(),
            parent,
            message,
        }
        .serialize(serializer)
    }
}

/// From the form it is serialized in. An `Other` comes back as its text (an error whose
/// `Display` is that text); `Abandoned` and `Panicked` come back as themselves, but a
/// `cancel_with` given one records it as `Other` (only a worker records those two).
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for CancelReason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let Serialized {
            kind,
            parent,
            message,
        } = Serialized::deserialize(deserializer)?;
        Ok(match kind {
            CancelKind::Requested => Self::Requested,
            CancelKind::Timeout => Self::Timeout,
            CancelKind::Dropped => Self::Dropped,
            CancelKind::Abandoned => Self::Abandoned,
            CancelKind::Parent => {
                Self::Parent(parent.ok_or_else(|| D::Error::missing_field("parent"))?)
            }
            CancelKind::Panicked => Self::Panicked(message.map(|message| Arc::from(&*message))),
            CancelKind::Other => {
                let message = message.ok_or_else(|| D::Error::missing_field("message"))?;
                Self::other_text(message.into_owned())
            }
        })
    }
}
