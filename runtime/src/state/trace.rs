//! The `tracing` feature: an event per transition, on target `asyncinfo` (DESIGN §10).
//!
//! `debug` events for a start, a finish and a cancel (one per call that changed the status;
//! a finish by `acknowledge_cancel` or by a refused `complete`/`fail` is a finish too), with
//! the fields `id`, `type_name`, `status` and `reason`; a `trace` event for a progress report,
//! without the value (the progress type need not be `Debug`). Without the feature nothing of
//! this is compiled: each call below is an empty inline function.
//!
//! Whether an operation emits is decided once, when it is created ([`Word::TRACED`]), as
//! `tracing` decides for a span: an operation created while no subscriber listens at `debug`
//! for target `asyncinfo` emits nothing, and costs one level check, at its creation, over the
//! build without the feature.

use super::{OperationState, Word};
use crate::Operation;

/// What a transition did, as an event names it.
#[derive(Clone, Copy)]
pub(super) enum Traced {
    Start,
    Finish,
    Cancel,
}

impl<T, E, P, S: Operation, M> OperationState<T, E, P, S, M> {
    /// The event of a transition that stored `word`, if the operation is traced
    /// ([`Word::TRACED`], decided when it was created). On the fast paths of an untraced
    /// operation, `word` is a constant without the bit: nothing is left of this call.
    #[inline(always)]
    pub(super) fn trace(&self, what: Traced, word: Word) {
        #[cfg(feature = "tracing")]
        if word.has(Word::TRACED) {
            self.trace_event(what, word);
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (what, word);
    }

    /// The event itself, out of line.
    #[cfg(feature = "tracing")]
    #[cold]
    #[inline(never)]
    fn trace_event(&self, what: Traced, word: Word) {
        let reason = word.is_canceled().then(|| self.reason_of(word)).flatten();
        let reason = reason.as_ref().map(tracing::field::display);
        let (id, type_name, status) = (self.id().get(), S::__TYPE_NAME, word.status().as_str());
        match what {
            Traced::Start => {
                tracing::debug!(target: "asyncinfo", id, type_name, status, reason, "start");
            }
            Traced::Finish => {
                tracing::debug!(target: "asyncinfo", id, type_name, status, reason, "finish");
            }
            Traced::Cancel => {
                tracing::debug!(target: "asyncinfo", id, type_name, status, reason, "cancel");
            }
        }
    }

    /// The event of a progress report, if the operation is traced.
    #[inline(always)]
    pub(super) fn trace_progress(&self) {
        #[cfg(feature = "tracing")]
        if self.load().has(Word::TRACED) {
            tracing::trace!(
                target: "asyncinfo",
                id = self.id().get(),
                type_name = S::__TYPE_NAME,
                status = "Started",
                "progress"
            );
        }
    }
}
