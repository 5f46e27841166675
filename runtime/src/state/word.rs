//! [`Word`]: the one atomic word that holds an operation's whole state machine.
//!
//! | bits | meaning |
//! |---|---|
//! | 0..8 | the status: [`Word::CREATED`] … [`Word::ERROR`] (a whole byte, see [`Word::STATUS`]) |
//! | 8 | [`Word::CLAIMED`] |
//! | 9 | [`Word::STOPPING`] |
//! | 10 | [`Word::CLOSED`] |
//! | 11..14 | in Canceled, the kind of the cancel reason ([`Word::REASON`]) |
//! | 14 | [`Word::TRACED`] (the `tracing` feature) |
//!
//! Every transition is decided by one compare-and-swap on the word (of two racing transitions
//! exactly one wins); see `transition.rs`.

use crate::AsyncStatus;

/// A value of the state word: the status and the flags, read or about to be stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Word(pub(crate) u32);

impl Word {
    /// The word of a new operation: Created, traced if a subscriber listens (with the
    /// `tracing` feature).
    #[inline]
    pub(crate) fn created() -> u32 {
        // Inline, the global level check only (a load and a compare); the subscriber is asked
        // out of line, and only when that level is on.
        #[cfg(feature = "tracing")]
        if tracing::level_enabled!(tracing::Level::DEBUG) && listening() {
            return Self::CREATED | Self::TRACED;
        }
        Self::CREATED
    }

    /// The bits of the status (one of the five values below, never another): the whole low
    /// byte, with every flag above it, so that `status() == s` compiles to a load and a
    /// compare of that byte, as a raw atomic status byte would, with no mask.
    pub(crate) const STATUS: u32 = 0xff;
    /// Not started. Excludes every flag but `CLAIMED` (a cancel with a reason that carries
    /// data claims from Created).
    pub(crate) const CREATED: u32 = 0;
    /// A worker runs.
    pub(crate) const STARTED: u32 = 1;
    /// Finished with a result. Grants readers (after an Acquire load) the output in the slot.
    pub(crate) const COMPLETED: u32 = 2;
    /// Canceled; the reason's kind is in `REASON`, its data (if any) in the slot, readable
    /// after an Acquire load.
    pub(crate) const CANCELED: u32 = 3;
    /// Finished with an error. Grants readers (after an Acquire load) the error in the slot.
    pub(crate) const ERROR: u32 = 4;

    /// A transition that carries a payload (`complete`, `fail`, a cancel whose reason carries
    /// data) won the CAS and is writing the slot; the status still shows the one it claimed
    /// from (Created or Started). Grants the claiming thread the only access to the empty slot.
    /// While it is set, every other transition and every registrar waits; nothing else writes
    /// the word.
    pub(crate) const CLAIMED: u32 = 1 << 8;
    /// Canceled while Started: the worker has not yet said that it stopped, so the operation
    /// is terminal but not finished. Only with `CANCELED`.
    pub(crate) const STOPPING: u32 = 1 << 9;
    /// `close()` was called. Only with a terminal status; hides the payload from readers.
    pub(crate) const CLOSED: u32 = 1 << 10;
    /// Where the kind of the cancel reason starts.
    pub(crate) const REASON_SHIFT: u32 = 11;
    /// The kind of the cancel reason (`reason.rs`). Meaningful only with `CANCELED`.
    pub(crate) const REASON: u32 = 0b111 << Self::REASON_SHIFT;

    /// The operation was created while a `tracing` subscriber listened (the `tracing` feature):
    /// its transitions emit events. Decided once, at creation, as `tracing` decides for a span:
    /// an operation without it takes the exact-word fast paths (`CREATED`, `STARTED`), which
    /// then compile to what they are without the feature; one with it takes the general paths,
    /// which emit. Every transition keeps it.
    pub(crate) const TRACED: u32 = 1 << 14;

    /// What a claim's publish may change: everything but `CLOSED` and `TRACED`.
    pub(crate) const PUBLISHED: u32 = Self::STATUS | Self::CLAIMED | Self::STOPPING | Self::REASON;

    /// The status bits.
    #[inline]
    pub(crate) const fn bits(self) -> u32 {
        self.0 & Self::STATUS
    }

    /// Whether any of `flags` is set.
    #[inline]
    pub(crate) const fn has(self, flags: u32) -> bool {
        self.0 & flags != 0
    }

    /// The status readers see (a claimed word still shows the status it was claimed from).
    #[inline]
    pub(crate) const fn status(self) -> AsyncStatus {
        match self.bits() {
            Self::CREATED => AsyncStatus::Created,
            Self::STARTED => AsyncStatus::Started,
            Self::COMPLETED => AsyncStatus::Completed,
            Self::CANCELED => AsyncStatus::Canceled,
            _ => AsyncStatus::Error,
        }
    }

    /// Completed, Canceled or Error.
    #[inline]
    pub(crate) const fn is_terminal(self) -> bool {
        matches!(self.bits(), Self::COMPLETED | Self::CANCELED | Self::ERROR)
    }

    /// Terminal, and no worker still running.
    #[inline]
    pub(crate) const fn is_finished(self) -> bool {
        self.is_terminal() && !self.has(Self::STOPPING)
    }

    /// A cancel won.
    #[inline]
    pub(crate) const fn is_canceled(self) -> bool {
        self.bits() == Self::CANCELED
    }

    /// Created or Started, claimed or not, with no other flag: not terminal, not closed.
    #[inline]
    pub(crate) const fn is_at_most_started(self) -> bool {
        self.0 & !Self::CLAIMED <= Self::STARTED
    }

    /// Exactly Started: not claimed, not canceled.
    #[inline]
    pub(crate) const fn is_started(self) -> bool {
        self.0 & (Self::STATUS | Self::CLAIMED) == Self::STARTED
    }
}

/// Whether a subscriber listens at `debug` for target `asyncinfo`.
#[cfg(feature = "tracing")]
#[cold]
#[inline(never)]
fn listening() -> bool {
    tracing::enabled!(target: "asyncinfo", tracing::Level::DEBUG)
}
