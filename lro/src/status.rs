//! [`Code`], [`Status`] and [`ToStatus`]: how an operation's error reaches a client, as a
//! `google.rpc.Status`. The same under every feature.

use core::fmt;

/// The canonical error codes of `google.rpc.Code`, with their numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum Code {
    /// Not an error.
    Ok = 0,
    /// The operation was cancelled, typically by the caller.
    Cancelled = 1,
    /// An unknown error.
    Unknown = 2,
    /// The client specified an invalid argument.
    InvalidArgument = 3,
    /// The deadline expired before the operation could complete.
    DeadlineExceeded = 4,
    /// Some requested entity was not found.
    NotFound = 5,
    /// The entity that a client attempted to create already exists.
    AlreadyExists = 6,
    /// The caller does not have permission to execute the operation.
    PermissionDenied = 7,
    /// Some resource has been exhausted.
    ResourceExhausted = 8,
    /// The system is not in a state required for the operation's execution.
    FailedPrecondition = 9,
    /// The operation was aborted.
    Aborted = 10,
    /// The operation was attempted past the valid range.
    OutOfRange = 11,
    /// The operation is not implemented or supported.
    Unimplemented = 12,
    /// An internal error.
    Internal = 13,
    /// The service is currently unavailable.
    Unavailable = 14,
    /// Unrecoverable data loss or corruption.
    DataLoss = 15,
    /// The request does not have valid authentication credentials.
    Unauthenticated = 16,
}

impl Code {
    /// Every code, by number.
    pub const ALL: [Self; 17] = [
        Self::Ok,
        Self::Cancelled,
        Self::Unknown,
        Self::InvalidArgument,
        Self::DeadlineExceeded,
        Self::NotFound,
        Self::AlreadyExists,
        Self::PermissionDenied,
        Self::ResourceExhausted,
        Self::FailedPrecondition,
        Self::Aborted,
        Self::OutOfRange,
        Self::Unimplemented,
        Self::Internal,
        Self::Unavailable,
        Self::DataLoss,
        Self::Unauthenticated,
    ];

    /// The code's number, as `google.rpc.Status.code` carries it.
    #[must_use]
    pub const fn number(self) -> i32 {
        self as i32
    }

    /// The code of this number, if there is one.
    #[must_use]
    pub fn from_number(number: i32) -> Option<Self> {
        usize::try_from(number)
            .ok()
            .and_then(|n| Self::ALL.get(n))
            .copied()
    }

    /// The code's name, as Google's JSON errors spell it in `status`: `"NOT_FOUND"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Cancelled => "CANCELLED",
            Self::Unknown => "UNKNOWN",
            Self::InvalidArgument => "INVALID_ARGUMENT",
            Self::DeadlineExceeded => "DEADLINE_EXCEEDED",
            Self::NotFound => "NOT_FOUND",
            Self::AlreadyExists => "ALREADY_EXISTS",
            Self::PermissionDenied => "PERMISSION_DENIED",
            Self::ResourceExhausted => "RESOURCE_EXHAUSTED",
            Self::FailedPrecondition => "FAILED_PRECONDITION",
            Self::Aborted => "ABORTED",
            Self::OutOfRange => "OUT_OF_RANGE",
            Self::Unimplemented => "UNIMPLEMENTED",
            Self::Internal => "INTERNAL",
            Self::Unavailable => "UNAVAILABLE",
            Self::DataLoss => "DATA_LOSS",
            Self::Unauthenticated => "UNAUTHENTICATED",
        }
    }

    /// The HTTP status that carries the code (google.rpc's mapping: 404 for `NOT_FOUND`, 400
    /// for `INVALID_ARGUMENT` and `FAILED_PRECONDITION`, 499 for `CANCELLED`, ...).
    #[must_use]
    pub const fn http_status(self) -> u16 {
        match self {
            Self::Ok => 200,
            Self::Cancelled => 499,
            Self::Unknown | Self::Internal | Self::DataLoss => 500,
            Self::InvalidArgument | Self::FailedPrecondition | Self::OutOfRange => 400,
            Self::DeadlineExceeded => 504,
            Self::NotFound => 404,
            Self::AlreadyExists | Self::Aborted => 409,
            Self::PermissionDenied => 403,
            Self::ResourceExhausted => 429,
            Self::Unimplemented => 501,
            Self::Unavailable => 503,
            Self::Unauthenticated => 401,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error as a client sees it: a code and a message (`google.rpc.Status`, without details).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The canonical code.
    pub code: Code,
    /// What went wrong, for a person.
    pub message: String,
}

impl Status {
    /// A status of `code` with `message`.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Status {}

/// How an operation's error is told to a client: the `error` of a failed `Operation`.
///
/// Implemented for [`std::io::Error`] (by its kind), [`BoxError`](asyncinfo::BoxError) and
/// `String` (both `UNKNOWN`). There is no blanket impl (an impl for every `Display` type would
/// keep a user from choosing codes for their own error), so implement it for your error types:
///
/// ```
/// use asyncinfo_lro::{Code, Status, ToStatus};
///
/// #[derive(Debug)]
/// enum FetchError {
///     Missing(String),
///     Quota,
/// }
///
/// impl ToStatus for FetchError {
///     fn to_status(&self) -> Status {
///         match self {
///             Self::Missing(url) => Status::new(Code::NotFound, format!("{url} is gone")),
///             Self::Quota => Status::new(Code::ResourceExhausted, "out of quota"),
///         }
///     }
/// }
/// ```
///
/// An error type of another crate goes through `error = BoxError` on the operation, or a
/// newtype of your own that implements this trait.
pub trait ToStatus {
    /// The status a client sees for this error.
    fn to_status(&self) -> Status;
}

/// By kind: `NotFound` → `NOT_FOUND`, `PermissionDenied` → `PERMISSION_DENIED`, `TimedOut` →
/// `DEADLINE_EXCEEDED`, `InvalidInput` and `InvalidData` → `INVALID_ARGUMENT`, `AlreadyExists`
/// → `ALREADY_EXISTS`, anything else → `UNKNOWN`; the message is the error's text.
impl ToStatus for std::io::Error {
    fn to_status(&self) -> Status {
        use std::io::ErrorKind;
        let code = match self.kind() {
            ErrorKind::NotFound => Code::NotFound,
            ErrorKind::PermissionDenied => Code::PermissionDenied,
            ErrorKind::TimedOut => Code::DeadlineExceeded,
            ErrorKind::InvalidInput | ErrorKind::InvalidData => Code::InvalidArgument,
            ErrorKind::AlreadyExists => Code::AlreadyExists,
            _ => Code::Unknown,
        };
        Status::new(code, self.to_string())
    }
}

/// `UNKNOWN`, with the error's text.
impl ToStatus for asyncinfo::BoxError {
    fn to_status(&self) -> Status {
        Status::new(Code::Unknown, self.to_string())
    }
}

/// `UNKNOWN`, with the string.
impl ToStatus for String {
    fn to_status(&self) -> Status {
        Status::new(Code::Unknown, self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_their_numbers_names_and_http_statuses() {
        for (n, code) in Code::ALL.into_iter().enumerate() {
            assert_eq!(code.number(), i32::try_from(n).unwrap());
            assert_eq!(Code::from_number(code.number()), Some(code));
        }
        assert_eq!(Code::from_number(17), None);
        assert_eq!(Code::from_number(-1), None);
        assert_eq!(
            (Code::NotFound.name(), Code::NotFound.http_status()),
            ("NOT_FOUND", 404)
        );
        assert_eq!(Code::FailedPrecondition.http_status(), 400);
        assert_eq!(Code::Cancelled.http_status(), 499);
    }

    #[test]
    fn io_errors_map_by_kind() {
        use std::io::{Error, ErrorKind};
        for (kind, code) in [
            (ErrorKind::NotFound, Code::NotFound),
            (ErrorKind::PermissionDenied, Code::PermissionDenied),
            (ErrorKind::TimedOut, Code::DeadlineExceeded),
            (ErrorKind::InvalidInput, Code::InvalidArgument),
            (ErrorKind::InvalidData, Code::InvalidArgument),
            (ErrorKind::AlreadyExists, Code::AlreadyExists),
            (ErrorKind::BrokenPipe, Code::Unknown),
        ] {
            let status = Error::new(kind, "why").to_status();
            assert_eq!((status.code, status.message.as_str()), (code, "why"));
        }
        let boxed: asyncinfo::BoxError = "boxed".into();
        assert_eq!(boxed.to_status(), Status::new(Code::Unknown, "boxed"));
        assert_eq!("text".to_owned().to_status().code, Code::Unknown);
    }
}
