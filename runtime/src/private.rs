//! Items for the code that `#[async_operation]` generates. Not a public API: names and
//! signatures here change without notice.

use crate::{AsyncError, OperationState, Rejected};

/// Created → Started.
#[inline]
pub fn start<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Result<(), AsyncError> {
    state.start()
}

/// Started → Completed with `value`.
#[inline]
pub fn complete<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    value: T,
) -> Result<(), Rejected<T>> {
    state.complete(value)
}

/// Started → Completed, for an action (output `()`).
#[inline]
pub fn complete_action<E, P, S>(state: &OperationState<(), E, P, S>) -> Result<(), AsyncError> {
    state.complete(()).map_err(AsyncError::from)
}

/// Started → Error with `error`.
#[inline]
pub fn fail<T, E, P, S>(state: &OperationState<T, E, P, S>, error: E) -> Result<(), Rejected<E>> {
    state.fail(error)
}

/// The worker stopped after a cancel.
#[inline]
pub fn acknowledge_cancel<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
) -> Result<(), AsyncError> {
    state.acknowledge_cancel()
}

/// Requests cancellation.
#[inline]
pub fn cancel<T, E, P, S>(state: &OperationState<T, E, P, S>) -> bool {
    state.cancel()
}

/// Closes a terminal operation.
#[inline]
pub fn close<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Result<(), AsyncError> {
    state.close()
}
