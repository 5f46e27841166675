//! Progress: reports, the latest value and the handlers (DESIGN §6 rule 5).
//!
//! A report checks the status before each handler it starts, so none starts once the
//! reporting thread can observe the finish. Handlers are released when the operation reaches a
//! terminal status (`registration.rs`), so one that holds its own operation is no cycle.

use std::sync::Arc;

use super::{OperationState, Word};
use crate::error::AsyncError;
use crate::sync::lock;
use crate::waiters::{Panics, ProgressHandler};

/// The refusal of a progress report or registration in `word`.
fn refusal(method: &'static str, word: Word) -> AsyncError {
    if word.has(Word::CLOSED) {
        AsyncError::closed(method, word.status())
    } else {
        AsyncError::method_call(method, word.status())
    }
}

impl<T, E, P, S: crate::Operation, M> OperationState<T, E, P, S, M> {
    /// Records a progress report and runs the progress handlers on this thread, each only
    /// while the operation is still Started.
    pub(crate) fn report_progress(&self, owner: &S, progress: P) -> Result<(), AsyncError>
    where
        P: Clone,
    {
        let word = self.load();
        if word.bits() != Word::STARTED {
            return Err(refusal("report_progress", word));
        }
        // The user's `Clone` and `Drop` of `P` run outside the lock.
        let stored = progress.clone();
        let (handlers, previous) = {
            let (_, mut waiting, word) = self.lock_registered();
            if word.bits() != Word::STARTED {
                return Err(refusal("report_progress", word));
            }
            (
                waiting.progress_handlers.clone(),
                waiting.latest.replace(stored),
            )
        };
        drop(previous);
        self.trace_progress();
        let Some(handlers) = handlers else {
            return Ok(());
        };
        let mut panics = Panics::default();
        for handler in handlers.iter() {
            if self.load().bits() != Word::STARTED {
                break;
            }
            panics.run(|| handler(owner, &progress));
        }
        panics.resume();
        Ok(())
    }

    /// The latest progress reported, before close. (The clone is made under the waiters'
    /// lock: a `Clone` of `P` must not call back into the operation.)
    pub(crate) fn progress(&self) -> Option<P>
    where
        P: Clone,
    {
        if self.is_closed() {
            return None;
        }
        lock(&self.waiters_if_any()?.waiting).latest.clone()
    }

    /// Registers a progress handler; on a terminal operation (no report is accepted any more)
    /// it is dropped at once, so that nothing it captured is kept.
    pub(crate) fn on_progress<F>(&self, handler: F) -> Result<(), AsyncError>
    where
        F: Fn(&S, &P) + Send + Sync + 'static,
    {
        let word = self.load();
        if word.has(Word::CLOSED) {
            return Err(refusal("on_progress", word));
        }
        if word.is_terminal() {
            return Ok(());
        }
        let handler: ProgressHandler<S, P> = Arc::new(handler);
        let (_, mut waiting, word) = self.lock_registered();
        if word.has(Word::CLOSED) || word.is_terminal() {
            drop(waiting);
            drop(handler);
            return if word.has(Word::CLOSED) {
                Err(refusal("on_progress", word))
            } else {
                Ok(())
            };
        }
        let handlers: Vec<ProgressHandler<S, P>> = waiting
            .progress_handlers
            .iter()
            .flat_map(|handlers| handlers.iter().cloned())
            .chain([handler])
            .collect();
        let replaced = waiting.progress_handlers.replace(handlers.into());
        drop(waiting);
        drop(replaced);
        Ok(())
    }
}
