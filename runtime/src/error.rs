//! The errors of the state machine: [`AsyncError`] and [`Rejected`].

use core::fmt;

use crate::AsyncStatus;

/// The default error type of an operation: any error that can cross threads.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// WinRT's `E_ILLEGAL_STATE_CHANGE` (0x8000000D).
pub const E_ILLEGAL_STATE_CHANGE: i32 = 0x8000_000D_u32 as i32;
/// WinRT's `E_ILLEGAL_METHOD_CALL` (0x8000000E).
pub const E_ILLEGAL_METHOD_CALL: i32 = 0x8000_000E_u32 as i32;

/// What kind of call an [`AsyncError`] refused.
#[non_exhaustive]
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum AsyncErrorKind {
    /// The call would change the status in a way the state machine does not allow, such as
    /// `start` twice or `close` while Started (`E_ILLEGAL_STATE_CHANGE`).
    IllegalStateChange,
    /// The call is not allowed in the current status, such as `results` while Started, or
    /// `report_progress` when not Started (`E_ILLEGAL_METHOD_CALL`).
    IllegalMethodCall,
    /// The operation was closed before the call (`E_ILLEGAL_METHOD_CALL`, as WRL reports it).
    Closed,
}

/// A call that the operation's state machine refused: which call, from which status, and why.
///
/// ```
/// use asyncinfo::{async_operation, AsyncErrorKind, AsyncStatus};
///
/// #[async_operation(output = u32)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.start().unwrap();
/// let err = job.start().unwrap_err();
/// assert_eq!(err.kind(), AsyncErrorKind::IllegalStateChange);
/// assert_eq!(err.method(), "start");
/// assert_eq!(err.status(), AsyncStatus::Started);
/// assert_eq!(err.hresult(), 0x8000_000D_u32 as i32);
/// assert_eq!(err.to_string(), "illegal state change: `start()` while the operation is Started");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsyncError {
    kind: AsyncErrorKind,
    method: &'static str,
    status: AsyncStatus,
}

impl AsyncError {
    /// `method` is not allowed in `status` (`E_ILLEGAL_METHOD_CALL`).
    pub(crate) const fn method_call(method: &'static str, status: AsyncStatus) -> Self {
        Self::new(AsyncErrorKind::IllegalMethodCall, method, status)
    }

    /// `method` would change `status` in a way the state machine does not allow
    /// (`E_ILLEGAL_STATE_CHANGE`).
    pub(crate) const fn state_change(method: &'static str, status: AsyncStatus) -> Self {
        Self::new(AsyncErrorKind::IllegalStateChange, method, status)
    }

    /// `method` was called after `close()`, which left the operation in `status`.
    pub(crate) const fn closed(method: &'static str, status: AsyncStatus) -> Self {
        Self::new(AsyncErrorKind::Closed, method, status)
    }

    pub(crate) const fn new(
        kind: AsyncErrorKind,
        method: &'static str,
        status: AsyncStatus,
    ) -> Self {
        Self {
            kind,
            method,
            status,
        }
    }

    /// Why the call was refused.
    #[must_use]
    pub const fn kind(&self) -> AsyncErrorKind {
        self.kind
    }

    /// The name of the refused method, such as `"start"` or `"results"`.
    #[must_use]
    pub const fn method(&self) -> &'static str {
        self.method
    }

    /// The operation's status when the call was refused.
    #[must_use]
    pub const fn status(&self) -> AsyncStatus {
        self.status
    }

    /// Whether the call was refused because the operation was closed.
    #[must_use]
    pub const fn is_closed(&self) -> bool {
        matches!(self.kind, AsyncErrorKind::Closed)
    }

    /// The WinRT error code: [`E_ILLEGAL_STATE_CHANGE`] (0x8000000D) for an illegal state
    /// change, [`E_ILLEGAL_METHOD_CALL`] (0x8000000E) for an illegal method call and for any
    /// call after close.
    #[must_use]
    pub const fn hresult(&self) -> i32 {
        match self.kind {
            AsyncErrorKind::IllegalStateChange => E_ILLEGAL_STATE_CHANGE,
            AsyncErrorKind::IllegalMethodCall | AsyncErrorKind::Closed => E_ILLEGAL_METHOD_CALL,
        }
    }
}

impl fmt::Display for AsyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = self.method;
        match self.kind {
            AsyncErrorKind::IllegalStateChange => write!(
                f,
                "illegal state change: `{method}()` while the operation is {}",
                self.status
            ),
            AsyncErrorKind::IllegalMethodCall => write!(
                f,
                "illegal method call: `{method}()` while the operation is {}",
                self.status
            ),
            AsyncErrorKind::Closed => write!(
                f,
                "illegal method call: `{method}()` after the operation was closed"
            ),
        }
    }
}

impl std::error::Error for AsyncError {}

/// Lets `?` turn an [`AsyncError`] into an [`io::Error`](std::io::Error), in functions that
/// return [`io::Result`](std::io::Result).
///
/// The kind is [`ErrorKind::Other`](std::io::ErrorKind::Other): the call was refused by the
/// operation's state machine, not by the operating system, and no other kind says that. The
/// `AsyncError` is kept as the inner error: [`get_ref`](std::io::Error::get_ref) and
/// [`downcast`](std::io::Error::downcast) give it back, and the `io::Error` displays as it
/// does.
///
/// ```
/// use std::io;
/// use asyncinfo::{async_operation, AsyncError};
///
/// #[async_operation(output = u32)]
/// struct Job;
///
/// fn run(job: &Job) -> io::Result<u32> {
///     job.start()?;
///     job.complete(7)?;
///     Ok(*job.results()?)
/// }
///
/// let job = Job { status: Default::default() };
/// assert_eq!(run(&job)?, 7);
/// let error = run(&job).unwrap_err(); // started twice
/// assert_eq!(error.kind(), io::ErrorKind::Other);
/// let inner: AsyncError = error.downcast().unwrap();
/// assert_eq!(inner.method(), "start");
/// # Ok::<(), io::Error>(())
/// ```
impl From<AsyncError> for std::io::Error {
    fn from(error: AsyncError) -> Self {
        std::io::Error::other(error)
    }
}

/// A refused `complete` or `fail`: the value handed in, given back, with the reason.
///
/// Nothing handed to an operation is silently dropped: when the state machine refuses a result
/// or an error, the caller gets it back through [`into_inner`](Self::into_inner).
///
/// ```
/// use asyncinfo::async_operation;
///
/// #[async_operation(output = String)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// // Not started yet: the result is refused and handed back.
/// let rejected = job.complete("done".to_string()).unwrap_err();
/// assert_eq!(rejected.error().method(), "complete");
/// assert_eq!(rejected.into_inner(), "done");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Rejected<T> {
    value: T,
    error: AsyncError,
}

impl<T> Rejected<T> {
    pub(crate) const fn new(value: T, error: AsyncError) -> Self {
        Self { value, error }
    }

    /// Why the value was refused.
    #[must_use]
    pub const fn error(&self) -> &AsyncError {
        &self.error
    }

    /// The refused value.
    #[must_use]
    pub const fn value(&self) -> &T {
        &self.value
    }

    /// Takes the refused value back.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Takes the refused value back, with the reason.
    #[must_use]
    pub fn into_parts(self) -> (T, AsyncError) {
        (self.value, self.error)
    }

    /// The same refusal, with the value given back mapped by `f`.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Rejected<U> {
        Rejected::new(f(self.value), self.error)
    }
}

/// Shows the reason only, so that `Rejected<T>` is `Debug` whatever `T` is.
impl<T> fmt::Debug for Rejected<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejected")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Display for Rejected<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<T> std::error::Error for Rejected<T> {}

/// Drops the refused value, keeping the reason: lets `?` turn a `Rejected<T>` into an
/// [`AsyncError`].
impl<T> From<Rejected<T>> for AsyncError {
    fn from(rejected: Rejected<T>) -> AsyncError {
        rejected.error
    }
}

/// Drops the refused value, keeping the reason: lets `?` turn a `Rejected<T>` into an
/// [`io::Error`](std::io::Error) that holds the [`AsyncError`] (kind
/// [`Other`](std::io::ErrorKind::Other), as for an `AsyncError`).
impl<T> From<Rejected<T>> for std::io::Error {
    fn from(rejected: Rejected<T>) -> Self {
        rejected.error.into()
    }
}
