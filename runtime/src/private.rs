//! Items for the code that `#[async_operation]` generates. Not a public API: names and
//! signatures here change without notice.
//!
//! `owner` is the struct that holds the state: completion and progress handlers and
//! `on_cancel` receive it.

use core::ops::Deref;
use core::time::Duration;

pub use std::sync::Arc;

/// `T` itself: bounds a type that starts with `<` (a qualified path) in a `where` clause,
/// where a leading `<` would read as generic parameters.
pub type Same<T> = T;

use crate::{
    AsyncError, AsyncStatus, CancelReason, Canceled, Finished, FinishedOwned, Operation,
    OperationState, Outcome, Rejected, Worker,
};

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
    state.cancel_with(owner, CancelReason::Requested, on_cancel)
}

/// Requests cancellation for `reason`, running `on_cancel` if this call did it.
#[inline]
pub fn cancel_with<T, E, P, S>(
    state: &OperationState<T, E, P, S>,
    owner: &S,
    reason: CancelReason,
    on_cancel: Option<fn(&S)>,
) -> bool {
    state.cancel_with(owner, reason, on_cancel)
}

/// Why the operation was canceled.
#[inline]
pub fn cancel_reason<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Option<CancelReason> {
    state.cancel_reason()
}

/// The outcome, borrowed.
#[inline]
pub fn outcome<T, E, P, S>(state: &OperationState<T, E, P, S>) -> Option<Outcome<&T, &E>> {
    state.outcome()
}

/// The outcome, moved out of a struct that is being consumed.
#[inline]
pub fn into_outcome<T, E, P, S>(state: &mut OperationState<T, E, P, S>) -> Option<Outcome<T, E>> {
    state.take_outcome()
}

/// The owning future of the operation's finish.
#[inline]
pub fn finished_owned<S: Operation>(operation: Arc<S>) -> FinishedOwned<S> {
    FinishedOwned::new(operation)
}

/// Starts the operation behind `handle` and returns its worker.
#[inline]
pub fn worker<H>(handle: H) -> Result<Worker<H>, AsyncError>
where
    H: Deref,
    H::Target: Operation,
{
    Worker::start(handle)
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
