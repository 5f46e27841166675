//! Items for the code that `#[async_operation]` generates. Not a public API: names and
//! signatures here change without notice.
//!
//! `owner` is the struct that holds the state: completion and progress handlers and
//! `on_cancel` receive it.

use core::time::Duration;

use crate::{AsyncError, AsyncStatus, Canceled, Finished, OperationState, Rejected};

/// Created → Started.
#[inline]
pub fn start<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Result<(), AsyncError> {
    state.start()
}

/// Started → Completed with `value`.
#[inline]
pub fn complete<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
    value: T,
) -> Result<(), Rejected<T>> {
    state.complete(owner, value)
}

/// Started → Completed, for an action (output `()`).
#[inline]
pub fn complete_action<E, P, S>(
    state: &OperationState<(), E, P, S>,
    owner: &S,
) -> Result<(), AsyncError> {
    state.complete(owner, ()).map_err(AsyncError::from)
}

/// Started → Error with `error`.
#[inline]
pub fn fail<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
    error: E,
) -> Result<(), Rejected<E>> {
    state.fail(owner, error)
}

/// The worker stopped after a cancel.
#[inline]
pub fn acknowledge_cancel<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
) -> Result<(), AsyncError> {
    state.acknowledge_cancel(owner)
}

/// Requests cancellation, running `on_cancel` if this call did it.
#[inline]
pub fn cancel<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
    on_cancel: Option<fn(&S)>,
) -> bool {
    state.cancel(owner, on_cancel)
}

/// Closes a terminal operation.
#[inline]
pub fn close<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Result<(), AsyncError> {
    state.close()
}

/// Registers a completion handler, or runs it now if the operation is finished.
#[inline]
pub fn on_completed<T, E, P, S, F>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
    handler: F,
) -> Result<(), AsyncError>
where
    F: FnOnce(&S, AsyncStatus) + Send + 'static,
{
    state.on_completed(owner, handler)
}

/// The future of the operation's finish.
#[inline]
pub fn finished<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Finished<'_, T, E, P, S> {
    Finished::new(state)
}

/// The future of a cancellation request.
#[inline]
pub fn canceled<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Canceled<'_, T, E, P, S> {
    Canceled::new(state)
}

/// Blocks until finished.
#[inline]
pub fn wait<T, E, P, S>(state: &OperationState<T, E, P, S>) -> AsyncStatus {
    match state.wait_timeout(None) {
        Some(status) => status,
        None => unreachable!("waiting without a timeout returns only when finished"),
    }
}

/// Blocks until finished or until `timeout` passes.
#[inline]
pub fn wait_timeout<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    timeout: Duration,
) -> Option<AsyncStatus> {
    state.wait_timeout(Some(timeout))
}

/// Reports progress while Started.
#[inline]
pub fn report_progress<T, E, P: Clone, S>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
    progress: P,
) -> Result<(), AsyncError> {
    state.report_progress(owner, progress)
}

/// The latest progress reported.
#[inline]
pub fn progress<T, E, P: Clone, S>(state: &OperationState<T, E, P, S>) -> Option<P> {
    state.progress()
}

/// Registers a progress handler.
#[inline]
pub fn on_progress<T, E, P, S, F>(
    state: &OperationState<T, E, P, S>,
    handler: F,
) -> Result<(), AsyncError>
where
    F: Fn(&S, &P) + Send + Sync + 'static,
{
    state.on_progress(handler)
}
