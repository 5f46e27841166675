//! [`Outcome`]: how a finished operation ended, in one value.

use core::fmt;

use crate::{AsyncStatus, CancelReason};

/// How a finished operation ended: its result, its error, or why it was canceled.
///
/// One `match` instead of `status()`, `results()`, `error_code()` and `cancel_reason()`:
///
/// ```
/// use asyncinfo::{async_operation, Outcome};
///
/// #[async_operation(output = u32, error = std::io::Error)]
/// struct Job;
///
/// let job = Job { status: Default::default() };
/// job.worker()?.complete(7).unwrap();
/// match job.outcome() {
///     Some(Outcome::Completed(value)) => assert_eq!(*value, 7),
///     Some(Outcome::Error(error)) => panic!("failed: {error}"),
///     Some(Outcome::Canceled(reason)) => panic!("canceled: {reason}"),
///     None => panic!("not finished, or closed"),
/// }
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
#[derive(Clone, Debug)]
pub enum Outcome<T, E> {
    /// The operation completed with this result.
    Completed(T),
    /// The operation failed with this error.
    Error(E),
    /// The operation was canceled, for this reason.
    Canceled(CancelReason),
}

impl<T, E> Outcome<T, E> {
    /// The outcome with its payload borrowed.
    #[must_use]
    pub fn as_ref(&self) -> Outcome<&T, &E> {
        match self {
            Self::Completed(value) => Outcome::Completed(value),
            Self::Error(error) => Outcome::Error(error),
            Self::Canceled(reason) => Outcome::Canceled(reason.clone()),
        }
    }

    /// Maps the result, leaving an error or a cancel as it is.
    #[must_use]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U, E> {
        match self {
            Self::Completed(value) => Outcome::Completed(f(value)),
            Self::Error(error) => Outcome::Error(error),
            Self::Canceled(reason) => Outcome::Canceled(reason),
        }
    }

    /// The result, or why there is none: the error or the cancel reason, for `?`.
    ///
    /// # Errors
    ///
    /// [`Failure::Error`] for an operation that failed, [`Failure::Canceled`] for one that was
    /// canceled.
    pub fn into_result(self) -> Result<T, Failure<E>> {
        match self {
            Self::Completed(value) => Ok(value),
            Self::Error(error) => Err(Failure::Error(error)),
            Self::Canceled(reason) => Err(Failure::Canceled(reason)),
        }
    }

    /// The terminal status this outcome stands for.
    #[must_use]
    pub fn status(&self) -> AsyncStatus {
        match self {
            Self::Completed(_) => AsyncStatus::Completed,
            Self::Error(_) => AsyncStatus::Error,
            Self::Canceled(_) => AsyncStatus::Canceled,
        }
    }
}

/// Why a finished operation has no result: its error, or the reason it was canceled.
#[derive(Clone, Debug)]
pub enum Failure<E> {
    /// The operation failed with this error.
    Error(E),
    /// The operation was canceled, for this reason.
    Canceled(CancelReason),
}

impl<E: fmt::Display> fmt::Display for Failure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Error(error) => fmt::Display::fmt(error, f),
            Self::Canceled(reason) => write!(f, "the operation was canceled: {reason}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Failure<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Error(error) => Some(error),
            Self::Canceled(CancelReason::Other(reason)) => Some(&**reason),
            Self::Canceled(_) => None,
        }
    }
}
