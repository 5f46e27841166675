//! Items for the code that `#[async_operation]` generates. Not a public API: names and
//! signatures here change without notice.
//!
//! Each generated method is one call to the function of the same name here, on the operation
//! itself (`op`): the function reaches the state through `Operation::__state` and the
//! `on_cancel` hook through `Operation::__ON_CANCEL`, so that the expansion names neither and
//! stays one line per body. Contracts are written once, on [`AsyncInfo`](crate::AsyncInfo),
//! [`AsyncOperation`](crate::AsyncOperation) and [`OperationState`]; these only delegate.

use core::ops::Deref;
pub use core::time::Duration;

pub use core::marker::{Send, Sized, Sync};
pub use core::ops::{Fn, FnOnce};
pub use core::option::Option;
pub use core::primitive::bool;
pub use core::result::Result;
pub use std::string::String;
pub use std::sync::Arc;

use crate::{
    AsyncError, AsyncId, AsyncInfo, AsyncStatus, CancelReason, Canceled, Finished, FinishedOwned,
    Link, Operation, OperationState, Outcome, Rejected, Snapshot, Times, Worker,
};

/// Functions named as the generated methods' parameters, which the expansion imports into the
/// block around its inherent impl: a pattern that names a function is a fresh binding, so a
/// user's `const handler` in scope cannot turn the parameter `handler` into a constant pattern.
pub mod params {
    /// Shadows a user's item named `child`.
    pub fn child() {}
    /// Shadows a user's item named `error`.
    pub fn error() {}
    /// Shadows a user's item named `handler`.
    pub fn handler() {}
    /// Shadows a user's item named `progress`.
    pub fn progress() {}
    /// Shadows a user's item named `reason`.
    pub fn reason() {}
    /// Shadows a user's item named `timeout`.
    pub fn timeout() {}
    /// Shadows a user's item named `value`.
    pub fn value() {}
}

/// `T` itself: bounds a type that starts with `<` (a qualified path) in a `where` clause,
/// where a leading `<` would read as generic parameters.
pub type Same<T> = T;

/// The injected field's type, with the options' defaults: the expansion names the types up
/// to the last option given (`Field<Job>` for a plain struct, `Field<Job, (), BoxError, u64>`
/// with only `progress = u64`).
pub type Field<S, T = (), E = crate::BoxError, P = (), M = Untimed> = OperationState<T, E, P, S, M>;

/// The state of `S`, for the return type of `Operation::__state` in the expansion.
pub type StateOf<S> = OperationState<
    <S as Operation>::Output,
    <S as Operation>::Error,
    <S as Operation>::Progress,
    S,
    <S as Operation>::__Timing,
>;

pub use crate::state::times::{Stamps, Timed, Timing, Untimed};

/// The text of an operation's error for its snapshots, chosen by autoref specialization: the
/// expansion calls `(&ErrorText(error)).__error_text()` with both traits in scope. Method
/// lookup tries the receiver `&ErrorText<E>` as it is first, where only [`ViaDisplay`](text::ViaDisplay)'s method
/// (on `ErrorText<E>`, taking `&self`) fits, and only if the (concrete) error type is
/// `Display`; then it adds a `&`, where [`ViaTypeName`](text::ViaTypeName)'s (on `&ErrorText<E>`) fits any type.
/// So no bound is added on the error type.
pub mod text {
    /// An error, to be turned into text.
    pub struct ErrorText<'a, E: ?Sized>(pub &'a E);

    /// The error's `Display` text.
    pub trait ViaDisplay {
        /// The text.
        fn __error_text(&self) -> super::String;
    }

    impl<E: ?Sized + core::fmt::Display> ViaDisplay for ErrorText<'_, E> {
        fn __error_text(&self) -> super::String {
            self.0.to_string()
        }
    }

    /// The error's type name, for a type without `Display`.
    pub trait ViaTypeName {
        /// The text.
        fn __error_text(&self) -> super::String;
    }

    impl<E: ?Sized> ViaTypeName for &ErrorText<'_, E> {
        fn __error_text(&self) -> super::String {
            core::any::type_name::<E>().into()
        }
    }
}

/// The future of a cancellation request on `S`, borrowing it.
type CanceledOf<'a, S> = Canceled<
    'a,
    <S as Operation>::Output,
    <S as Operation>::Error,
    <S as Operation>::Progress,
    S,
    <S as Operation>::__Timing,
>;

/// Something an operation keeps, then drops (`AsyncInfo::__hold_until_finished`): when it
/// finishes, or, as soon as it is canceled for `Until::Canceled` (when a cancel makes what
/// is held moot), or when it is dropped.
pub struct Held(pub(crate) Until, pub(crate) Box<dyn crate::children::Child>);

/// When an operation drops what it [`Held`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Until {
    /// When it finishes (a completion handler that drops it).
    Finished,
    /// When it is canceled (a child link) or finishes.
    Canceled,
}

impl core::fmt::Debug for Held {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Held")
    }
}

/// The id.
#[inline]
pub fn id<S: Operation>(op: &S) -> AsyncId {
    op.__state().id()
}

/// The status.
#[inline]
pub fn status<S: Operation>(op: &S) -> AsyncStatus {
    op.__state().status()
}

/// The stored error.
#[inline]
pub fn error_code<S: Operation>(op: &S) -> Option<&S::Error> {
    op.__state().error_code()
}

/// The result.
#[inline]
pub fn results<S: Operation>(op: &S) -> Result<&S::Output, AsyncError> {
    op.__state().results()
}

/// Requests cancellation, running `on_cancel` if this call did it.
#[inline]
pub fn cancel<S: Operation>(op: &S) -> bool {
    cancel_with(op, CancelReason::Requested)
}

/// Requests cancellation for `reason`, running `on_cancel` if this call did it.
#[inline]
pub fn cancel_with<S: Operation>(op: &S, reason: CancelReason) -> bool {
    op.__state().cancel_with(op, reason, S::__ON_CANCEL)
}

/// Closes a terminal operation.
#[inline]
pub fn close<S: Operation>(op: &S) -> Result<(), AsyncError> {
    op.__state().close()
}

/// Whether `close()` was called.
#[inline]
pub fn is_closed<S: Operation>(op: &S) -> bool {
    op.__state().is_closed()
}

/// Whether the operation is finished.
#[inline]
pub fn is_finished<S: Operation>(op: &S) -> bool {
    op.__state().is_finished()
}

/// Registers a completion handler, or runs it now if the operation is finished.
#[inline]
pub fn on_completed<S, F>(op: &S, handler: F) -> Result<(), AsyncError>
where
    S: Operation,
    F: FnOnce(&S, AsyncStatus) + Send + 'static,
{
    op.__state().on_completed(op, handler)
}

/// Why the operation was canceled.
#[inline]
pub fn cancel_reason<S: Operation>(op: &S) -> Option<CancelReason> {
    op.__state().cancel_reason()
}

/// The outcome, borrowed.
#[inline]
pub fn outcome<S: Operation>(op: &S) -> Option<Outcome<&S::Output, &S::Error>> {
    op.__state().outcome()
}

/// The operation at this moment, with its progress.
#[inline]
pub fn snapshot<S: Operation>(op: &S) -> Snapshot<S::Progress>
where
    S::Progress: Clone,
{
    let state = op.__state();
    state.snapshot(S::__TYPE_NAME, S::__error_text, || state.progress())
}

/// The operation at this moment, for an operation without progress (or through `dyn`).
#[inline]
pub fn snapshot_without_progress<S: Operation, Q>(op: &S) -> Snapshot<Q> {
    op.__state()
        .snapshot(S::__TYPE_NAME, S::__error_text, || None)
}

/// When the operation was created, started and finished.
#[inline]
pub fn times<S: Operation>(op: &S) -> Option<Times> {
    op.__state().times()
}

/// The outcome, moved out of the state of a struct that is being consumed (`Operation` gives
/// the state only by shared reference, so the expansion passes the field).
#[inline]
pub fn into_outcome<T, E, P, S, M>(
    state: &mut OperationState<T, E, P, S, M>,
) -> Option<Outcome<T, E>> {
    state.take_outcome()
}

/// Links `child`, held weakly, to be canceled when `op` is.
#[inline]
pub fn link_child<S, C>(op: &S, child: &Arc<C>) -> Result<Link, AsyncError>
where
    S: Operation,
    C: ?Sized + AsyncInfo + Send + Sync + 'static,
{
    let child = Box::new(crate::children::WeakChild(Arc::downgrade(child)));
    op.__state().link_child(child)
}

/// The future of the operation's finish.
#[inline]
pub fn finished<S: Operation>(op: &S) -> Finished<'_> {
    Finished::new(op.__state())
}

/// The owning future of the operation's finish.
#[inline]
pub fn finished_owned<S: Operation>(op: Arc<S>) -> FinishedOwned<S> {
    FinishedOwned::new(op)
}

/// Blocks until finished.
#[inline]
pub fn wait<S: Operation>(op: &S) -> AsyncStatus {
    match op.__state().wait_timeout(None) {
        Some(status) => status,
        None => unreachable!("waiting without a timeout returns only when finished"),
    }
}

/// Blocks until finished or until `timeout` passes.
#[inline]
pub fn wait_timeout<S: Operation>(op: &S, timeout: Duration) -> Option<AsyncStatus> {
    op.__state().wait_timeout(Some(timeout))
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

/// Created → Started.
#[inline]
pub fn start<S: Operation>(op: &S) -> Result<(), AsyncError> {
    op.__state().start()
}

/// Started → Completed with `value`.
#[inline]
pub fn complete<S: Operation>(op: &S, value: S::Output) -> Result<(), Rejected<S::Output>> {
    op.__state().complete(op, value)
}

/// Started → Completed, for an action (output `()`): nothing to give back on a refusal.
#[inline]
pub fn complete_action<S: Operation<Output = ()>>(op: &S) -> Result<(), AsyncError> {
    op.__state().complete(op, ()).map_err(AsyncError::from)
}

/// Started → Error with `error`.
#[inline]
pub fn fail<S: Operation>(op: &S, error: S::Error) -> Result<(), Rejected<S::Error>> {
    op.__state().fail(op, error)
}

/// The worker stopped after a cancel.
#[inline]
pub fn acknowledge_cancel<S: Operation>(op: &S) -> Result<(), AsyncError> {
    op.__state().acknowledge_cancel(op)
}

/// The future of a cancellation request.
#[inline]
pub fn canceled<S: Operation>(op: &S) -> CanceledOf<'_, S> {
    Canceled::new(op.__state())
}

/// The latest progress reported.
#[inline]
pub fn progress<S: Operation>(op: &S) -> Option<S::Progress>
where
    S::Progress: Clone,
{
    op.__state().progress()
}

/// Registers a progress handler.
#[inline]
pub fn on_progress<S, F>(op: &S, handler: F) -> Result<(), AsyncError>
where
    S: Operation,
    F: Fn(&S, &S::Progress) + Send + Sync + 'static,
{
    op.__state().on_progress(handler)
}

/// Reports progress while Started.
#[inline]
pub fn report_progress<S: Operation>(op: &S, progress: S::Progress) -> Result<(), AsyncError>
where
    S::Progress: Clone,
{
    op.__state().report_progress(op, progress)
}

/// The bound of a worker's `report_progress`: a value is the progress of an operation whose
/// progress type is `P` exactly when it is a `P` (the one impl). The method takes any type
/// under this bound instead of `P` itself so that a report on an operation declared without
/// `progress = P` (whose progress type is `()`) is this one error, which names the option,
/// rather than "mismatched types: expected `()`, found integer". With the one impl, rustc
/// infers a literal's type from `P` as it would for a parameter of type `P`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not this operation's progress type `{P}` (an operation declared without `progress = ...` has no progress API: its progress type is `()`)",
    label = "expected `{P}`",
    note = "an operation's progress type is the `progress = Type` of its `#[async_operation(...)]`"
)]
pub trait ProgressValue<P>: progress_value::Sealed {
    /// The value, as the progress it is.
    fn into_progress(self) -> P;
}

impl<P> ProgressValue<P> for P {
    #[inline]
    fn into_progress(self) -> P {
        self
    }
}

mod progress_value {
    /// Keeps [`ProgressValue`](super::ProgressValue) to its one impl.
    pub trait Sealed {}
    impl<P> Sealed for P {}
}

/// Implemented by no type: the bound of the progress methods an operation declared without
/// `progress = P` gets, so that calling them is an error that names the missing option rather
/// than "no method named `report_progress`". The lifetime makes the bound
/// (`for<'a> Self: ProgressOption<'a>`) one that rustc checks at the call, not where the method
/// is defined.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no progress API: it was declared without `progress = ...`",
    label = "needs `progress = Type` in `#[async_operation(...)]`",
    note = "declare the progress type where the operation is defined, e.g. `#[async_operation(progress = u64)]`; then `report_progress`, `on_progress` and `progress` are generated"
)]
pub trait ProgressOption<'a> {
    /// Never called: no type implements the trait.
    fn never(&self) -> core::convert::Infallible;
}
