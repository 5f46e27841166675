#![doc = include_str!("../README.md")]
//!
//! ## Equivalent code without the macro
//!
//! For
//!
//! ```rust,ignore
//! #[async_operation(output = Vec<u8>, error = std::io::Error)]
//! pub struct Download<'a> {
//!     url: &'a str,
//! }
//! ```
//!
//! the attribute writes the following, abridged: the block imports the facade's hidden
//! `__private` module as `__ai` (or, if the user wrote that name, `__ai_`) and every path goes
//! through it or `::core::…` (the user's items named `Result`, `Option` or `bool` change
//! nothing), every public method has a one-line doc comment (and a `#[doc(alias)]` with its
//! WinRT name, where that differs from the method's) and the ones on the common path are
//! `#[inline]`. Two hidden stand-ins, `on_progress` and `report_progress` without
//! `progress = …`, exist only to turn a call into an error that names the option.
//! The repository's `macros/tests/expand/` holds whole expansions, and
//! [`example_generated::ExampleOperation`] shows every generated method with its docs.
//!
//! ```rust,ignore
//! pub struct Download<'a> {
//!     url: &'a str,
//!     /// The state of this asynchronous operation, added by `#[async_operation]`.
//!     // `__private::Field<Download<'a>, Vec<u8>, std::io::Error>`, an alias of:
//!     status: OperationState<Vec<u8>, std::io::Error, (), Download<'a>>,
//! }
//!
//! const _: () = {
//! use ::asyncinfo::__private as __ai;
//! // Functions named as the parameters: they keep a constant of the user's named `handler`
//! // (say) from turning the parameter `handler` into a constant pattern.
//! use __ai::params::{reason, handler, timeout, value, error, progress, child};
//!
//! // Every body is one call into the runtime, which reaches the state through `Operation`.
//! impl<'a> Download<'a> {
//!     // Consumer side, with the struct's visibility.
//!     pub fn id(&self) -> AsyncId { __ai::id(self) }
//!     pub fn status(&self) -> AsyncStatus { __ai::status(self) }
//!     pub fn cancel(&self) -> bool { __ai::cancel(self) }
//!     pub fn close(&self) -> Result<(), AsyncError> { /* ... */ }
//!     pub fn is_closed(&self) -> bool { /* ... */ }
//!     pub fn is_finished(&self) -> bool { /* ... */ }
//!     pub fn results(&self) -> Result<&Vec<u8>, AsyncError> { /* ... */ }
//!     pub fn error_code(&self) -> Option<&std::io::Error> { /* ... */ }
//!     pub fn cancel_with(&self, reason: CancelReason) -> bool { /* ... */ }
//!     pub fn cancel_reason(&self) -> Option<CancelReason> { /* ... */ }
//!     pub fn outcome(&self) -> Option<Outcome<&Vec<u8>, &std::io::Error>> { /* ... */ }
//!     pub fn into_outcome(self) -> Option<Outcome<Vec<u8>, std::io::Error>> { /* ... */ }
//!     pub fn on_completed(&self, handler: impl FnOnce(&Self, AsyncStatus) + Send + 'static)
//!         -> Result<(), AsyncError> { /* ... */ }
//!     pub fn finished(&self) -> Finished<'_> { /* ... */ }
//!     pub fn link_child<C>(&self, child: &Arc<C>) -> Result<Link, AsyncError>
//!         where C: ?Sized + AsyncInfo + Send + Sync + 'static { /* ... */ }
//!     pub fn finished_owned(self: Arc<Self>) -> FinishedOwned<Self> { /* ... */ }
//!     pub fn wait(&self) -> AsyncStatus { /* ... */ }
//!     pub fn wait_timeout(&self, timeout: Duration) -> Option<AsyncStatus> { /* ... */ }
//!     // With `progress = P`: `progress()`, `on_progress()`, and `report_progress()` below.
//!
//!     // Producer side, `pub(crate)` unless `producer = ...` says otherwise.
//!     pub(crate) fn worker(&self) -> Result<Worker<&Self>, AsyncError> { /* ... */ }
//!     pub(crate) fn worker_owned(self: Arc<Self>) -> Result<Worker<Arc<Self>>, AsyncError> { /* ... */ }
//!     pub(crate) fn canceled(&self) -> Canceled<'_, Vec<u8>, std::io::Error, (), Self> { /* ... */ }
//!     pub(crate) fn start(&self) -> Result<(), AsyncError> { /* ... */ }
//!     pub(crate) fn complete(&self, value: Vec<u8>) -> Result<(), Rejected<Vec<u8>>> { /* ... */ }
//!     pub(crate) fn fail(&self, error: std::io::Error) -> Result<(), Rejected<std::io::Error>> { /* ... */ }
//!     pub(crate) fn acknowledge_cancel(&self) -> Result<(), AsyncError> { /* ... */ }
//! }
//! };
//!
//! // The one trait impl. `AsyncInfo` and `AsyncOperation` come with it, by the runtime's
//! // blanket impls, so no method body is copied for them.
//! impl<'a> Operation for Download<'a> {
//!     type Output = Vec<u8>;
//!     type Error = std::io::Error;
//!     type Progress = ();
//!     // With `on_cancel = path`: const __ON_CANCEL: Option<fn(&Self)> = Some(path);
//!     fn __state(&self) -> &OperationState<Vec<u8>, std::io::Error, (), Self> { &self.status }
//! }
//! ```

/// Makes a struct an asynchronous operation: adds the state field, the status, transition and
/// `IAsyncInfo`-like methods, and impls of [`AsyncInfo`] and [`AsyncOperation`].
///
/// See the [crate documentation](crate) for the state machine. Options, each optional and
/// given at most once, in any order:
///
/// # `output = Type`
///
/// The result type (`IAsyncOperation<T>`), read with `results()` by reference. Without it (or
/// with `output = ()`) the operation is an action and `complete()` takes no value.
///
/// ```
/// use asyncinfo::async_operation;
///
/// #[async_operation(output = u64)]
/// struct Count;
///
/// #[async_operation]
/// struct Flush;
///
/// let count = Count { status: Default::default() };
/// count.start()?;
/// count.complete(3).unwrap();
/// assert_eq!(count.results()?, &3);
///
/// let flush = Flush { status: Default::default() };
/// flush.start()?;
/// flush.complete()?;
/// assert_eq!(flush.results()?, &());
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// # `error = Type`
///
/// The error stored in the Error status and read with `error_code()`. The default is
/// [`BoxError`].
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus, BoxError};
///
/// #[async_operation(error = std::io::Error)]
/// struct Write;
///
/// #[async_operation]
/// struct Anything;
///
/// let write = Write { status: Default::default() };
/// write.start()?;
/// write.fail(std::io::Error::other("disk full")).unwrap();
/// assert_eq!(write.status(), AsyncStatus::Error);
/// assert_eq!(write.error_code().unwrap().to_string(), "disk full");
///
/// let anything = Anything { status: Default::default() };
/// anything.start()?;
/// let error: BoxError = "any error".into();
/// anything.fail(error).unwrap();
/// assert_eq!(anything.error_code().unwrap().to_string(), "any error");
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// # `progress = Type`
///
/// Enables the progress API with this progress type, which must be `Clone`:
/// `report_progress` (producer side, only while Started), `progress()` (the latest value) and
/// `on_progress` (handlers that run on the reporting thread).
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
/// use asyncinfo::async_operation;
///
/// #[async_operation(output = Vec<u8>, progress = u64)]
/// struct Download;
///
/// let op = Download { status: Default::default() };
/// let seen = Arc::new(AtomicU64::new(0));
/// let handler_seen = Arc::clone(&seen);
/// op.on_progress(move |_, bytes| handler_seen.store(*bytes, Ordering::SeqCst))?;
/// assert!(op.report_progress(1).is_err(), "not started");
/// op.start()?;
/// op.report_progress(512)?;
/// op.report_progress(1024)?;
/// assert_eq!(op.progress(), Some(1024));
/// assert_eq!(seen.load(Ordering::SeqCst), 1024);
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// Without the option, calling `report_progress` or `on_progress` is one error that names it:
/// "`Job` has no progress API: it was declared without `progress = ...`"; a worker's
/// `report_progress` is one error that says so too. `progress()` is rustc's "no method named
/// `progress`" (a generated stand-in would clash with a `progress` method of the struct's own).
///
/// ```compile_fail,E0277
/// #[asyncinfo::async_operation(output = u8)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.start().unwrap();
/// job.report_progress(50).unwrap(); // error: `Job` has no progress API
/// ```
///
/// # `field = ident`
///
/// The name of the injected field, when the struct needs `status` for itself.
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(field = state)]
/// struct Http {
///     status: u16,
/// }
///
/// let op = Http { status: 200, state: Default::default() };
/// assert_eq!(op.status(), AsyncStatus::Created);
/// assert_eq!(op.status, 200);
/// ```
///
/// # `crate = path`
///
/// The path to this crate when it is renamed or re-exported (as a path, or a string literal
/// holding one); generated code names nothing else.
///
/// ```
/// mod framework {
///     pub(crate) use ::asyncinfo as ops;
/// }
///
/// #[framework::ops::async_operation(crate = crate::framework::ops, output = u8)]
/// struct Job;
///
/// #[framework::ops::async_operation(crate = "crate::framework::ops")]
/// struct Other;
///
/// fn main() {
///     let job = Job { status: Default::default() };
///     job.start().unwrap();
///     assert!(Other { status: Default::default() }.cancel());
/// }
/// ```
///
/// # `on_cancel = path`
///
/// A `fn(&Self)` (a function or a method path) called once, on the cancelling thread, when
/// `cancel()` wins (in Created or Started), before completion handlers run: the place to tell
/// the worker to stop.
///
/// ```
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(output = u32, on_cancel = Self::abort_io)]
/// struct Read {
///     aborted: AtomicBool,
/// }
///
/// impl Read {
///     fn abort_io(&self) {
///         self.aborted.store(true, Ordering::SeqCst);
///     }
/// }
///
/// let op = Read { aborted: AtomicBool::new(false), status: Default::default() };
/// op.start()?;
/// assert!(op.cancel());
/// assert!(op.aborted.load(Ordering::SeqCst));
/// assert!(!op.cancel(), "only the winning cancel runs it");
/// op.acknowledge_cancel()?;
/// assert_eq!(op.wait(), AsyncStatus::Canceled);
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// # `new = visibility`
///
/// Generates a constructor with this visibility (`pub`, `pub(crate)`, `pub(super)`, …):
/// `fn new(field1: T1, field2: T2, …) -> Self` takes the struct's fields in the order they are
/// declared (none for a unit struct) and puts the operation in the Created status. The state
/// field is private, so without it code outside the struct's module cannot build the struct
/// (`status: Default::default()` there is error E0451, "field `status` is private").
///
/// A field's `#[cfg(...)]` goes on its parameter too, and so do the `cfg`s its `#[cfg_attr(...)]`
/// can expand to: a field configured out is no parameter.
/// Generic structs get a generic `new`. If the struct already has a `fn new`, the two are
/// "duplicate definitions with name `new`": drop the option, or rename one of them.
///
/// ```
/// mod ops {
///     #[asyncinfo::async_operation(output = Vec<u8>, new = pub)]
///     pub struct Download {
///         pub url: String,
///         #[cfg(any())] // configured out: `new` does not take it
///         pub proxy: String,
///         pub retries: u8,
///     }
///
///     #[asyncinfo::async_operation(new = pub(crate))]
///     pub struct Flush;
/// }
///
/// // Outside the module: no access to the state field is needed.
/// let op = ops::Download::new("https://example.com/a".to_owned(), 3);
/// assert_eq!(op.status(), asyncinfo::AsyncStatus::Created);
/// assert_eq!((op.url.as_str(), op.retries), ("https://example.com/a", 3));
/// let flush = ops::Flush::new();
/// assert!(flush.cancel());
/// ```
///
/// # `timestamps`
///
/// A flag (`timestamps`, or `timestamps = true` / `false`): the operation records when it was
/// created, started and finished (when `is_finished()` became true), read with `times()` and
/// in its [`Snapshot`]. Each transition that starts or finishes it reads the clock once. The
/// field's type carries the choice as its last type parameter, so `status: Default::default()`
/// keeps working; without the flag the field keeps its size and the common path its
/// instructions.
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(output = u32, timestamps)]
/// struct Render;
///
/// let op = Render { status: Default::default() };
/// op.start()?;
/// op.complete(1).unwrap();
/// let times = op.times().expect("declared with `timestamps`");
/// assert!(times.queued().is_some() && times.ran().is_some());
/// assert_eq!(op.snapshot().times, Some(times));
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
///
/// # Derives go below the attribute
///
/// `#[derive(Debug, Default, ...)]` works *below* `#[async_operation]`, where it sees the added
/// field. A derive *above* it is expanded first, on the struct without the field, and is gone
/// from what the attribute is given, so the attribute cannot report it: `Default` or `Clone`
/// there fails with "missing field `status` in initializer" (E0063) on the derive, and `Debug`
/// there leaves the state out. Move the derive below the attribute.
///
/// ```
/// use asyncinfo::{async_operation, AsyncStatus};
///
/// #[async_operation(output = String)]
/// #[derive(Debug, Default)]
/// pub struct Job {
///     name: String,
/// }
///
/// let job = Job::default();
/// assert_eq!(job.status(), AsyncStatus::Created);
/// assert!(format!("{job:?}").contains("status"));
/// ```
///
/// ```compile_fail,E0063
/// use asyncinfo::async_operation;
///
/// #[derive(Default)] // error[E0063]: missing field `status`: move it below the attribute
/// #[async_operation(output = String)]
/// pub struct Job {
///     name: String,
/// }
/// ```
///
/// # Misuse
///
/// Each misuse is one compile error on the offending token, all reported at once; the struct
/// still gets its field and methods, so no other error follows:
///
/// ```compile_fail
/// use asyncinfo::async_operation;
///
/// #[async_operation(output = u8, output = u16)] // error: duplicate option `output`
/// struct Job;
/// ```
///
/// ```compile_fail
/// use asyncinfo::async_operation;
///
/// #[async_operation] // error: applies to structs with named fields and unit structs, not enums
/// enum Job { A }
/// ```
///
/// ```compile_fail
/// use asyncinfo::async_operation;
///
/// #[async_operation]
/// struct Job {
///     status: u8, // error: field `status` is taken by #[async_operation]
/// }
/// ```
pub use asyncinfo_macros::async_operation;

pub use asyncinfo_runtime::{
    cancel_after, cancel_at, AsyncError, AsyncErrorKind, AsyncId, AsyncInfo, AsyncOperation,
    AsyncProgress, AsyncStatus, BoxError, CancelKind, CancelOnDrop, CancelReason, Canceled,
    Deadline, Failure, Finished, FinishedOwned, InvalidStatusValue, Link, ListQuery, Operation,
    OperationState, Outcome, Page, ParseStatusError, Registry, RegistryError, Rejected, Run,
    Snapshot, Times, Worker, WorkerContext, E_ILLEGAL_METHOD_CALL, E_ILLEGAL_STATE_CHANGE,
};
pub use asyncinfo_runtime::{
    wait_all, wait_any, when_all, when_any, OperationHandle, WhenAll, WhenAny,
};

/// What `#[async_operation]` generates, shown on an example. This module exists only in the
/// API documentation (`cfg(doc)`) and in this crate's own test build, which checks that it
/// compiles; it does not exist in normal builds, so code cannot use it.
///
/// [`ExampleOperation`](example_generated::ExampleOperation) is declared as a user declares
/// an operation (here with `crate = crate`, because it is inside this crate):
///
/// ```rust,ignore
/// #[async_operation(output = Vec<u8>, error = std::io::Error, progress = u32, producer = pub, new = pub)]
/// pub struct ExampleOperation {
///     pub url: String,
///     pub retries: u8,
/// }
/// ```
///
/// Its page lists every method the attribute generates, with its one-line doc; search finds
/// them under their WinRT names too (`GetResults` finds `results`). Without `progress = P`
/// there is no `progress`, `on_progress` nor `report_progress`, without `new = <vis>` no
/// `new`, and the producer methods are `pub(crate)` unless `producer = <vis>` says otherwise.
#[cfg(any(doc, test))]
pub mod example_generated {
    use crate::async_operation;

    /// An example operation, downloading `url`: its methods are the ones `#[async_operation]`
    /// generates for every struct declared with `output = Vec<u8>, error = std::io::Error,
    /// progress = u32, producer = pub, new = pub, timestamps`.
    #[async_operation(
        crate = crate,
        output = Vec<u8>,
        error = std::io::Error,
        progress = u32,
        producer = pub,
        new = pub,
        timestamps
    )]
    pub struct ExampleOperation {
        /// A field of the user's: the address to download.
        pub url: String,
        /// Another field of the user's: how many times to try again.
        pub retries: u8,
    }
}

/// Items for the code that `#[async_operation]` generates. Not a public API: anything here may
/// change in any release.
#[doc(hidden)]
pub mod __private {
    pub use asyncinfo_runtime::__private::*;
    pub use asyncinfo_runtime::{
        AsyncError, AsyncId, AsyncInfo, AsyncOperation, AsyncProgress, AsyncStatus, BoxError,
        CancelReason, Canceled, Finished, FinishedOwned, Link, Operation, OperationState, Outcome,
        Rejected, Snapshot, Times, Worker,
    };
}
