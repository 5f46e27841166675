//! [`AsyncStatus`], the status of an asynchronous operation, and its conversion errors.

use core::fmt;
use core::str::FromStr;

/// The status of an asynchronous operation, with the Windows Runtime's numeric values.
///
/// `Started`, `Completed`, `Canceled` and `Error` have the ABI values of WinRT's
/// `AsyncStatus` (asyncinfo.h); `Created` is WRL's internal "has not started yet" value.
/// Whether an operation is closed is not a status: see `is_closed()`.
///
/// ```
/// use asyncinfo::AsyncStatus;
///
/// assert_eq!(i32::from(AsyncStatus::Completed), 1);
/// assert_eq!(AsyncStatus::try_from(2), Ok(AsyncStatus::Canceled));
/// assert_eq!("cancelled".parse::<AsyncStatus>(), Ok(AsyncStatus::Canceled));
/// assert_eq!(AsyncStatus::Error.to_string(), "Error");
/// assert!(AsyncStatus::Error.is_terminal());
/// assert!(!AsyncStatus::Started.is_terminal());
/// ```
#[repr(i32)]
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum AsyncStatus {
    /// The operation exists but has not started (WRL's internal value, -1).
    Created = -1,
    /// The operation is running (`AsyncStatus::Started`, 0).
    Started = 0,
    /// The operation finished and its result is available (`AsyncStatus::Completed`, 1).
    Completed = 1,
    /// The operation was canceled (`AsyncStatus::Canceled`, 2).
    Canceled = 2,
    /// The operation failed and its error is available (`AsyncStatus::Error`, 3).
    Error = 3,
}

impl AsyncStatus {
    /// Whether the status is final: `Completed`, `Canceled` or `Error`.
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Canceled | Self::Error)
    }

    /// The status's name, as [`Display`](fmt::Display) prints it: `"Created"`, `"Started"`, ...
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Created => "Created",
            Self::Started => "Started",
            Self::Completed => "Completed",
            Self::Canceled => "Canceled",
            Self::Error => "Error",
        }
    }
}

impl fmt::Display for AsyncStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for AsyncStatus {
    type Err = ParseStatusError;

    /// Parses a status name, ignoring ASCII case; both "Canceled" and "Cancelled" are accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const NAMES: [(&str, AsyncStatus); 6] = [
            ("created", AsyncStatus::Created),
            ("started", AsyncStatus::Started),
            ("completed", AsyncStatus::Completed),
            ("canceled", AsyncStatus::Canceled),
            ("cancelled", AsyncStatus::Canceled),
            ("error", AsyncStatus::Error),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map(|&(_, status)| status)
            .ok_or_else(|| ParseStatusError { input: s.into() })
    }
}

impl TryFrom<i32> for AsyncStatus {
    type Error = InvalidStatusValue;

    /// Converts a WinRT `AsyncStatus` value (or WRL's -1 for `Created`).
    fn try_from(value: i32) -> Result<Self, InvalidStatusValue> {
        match value {
            -1 => Ok(Self::Created),
            0 => Ok(Self::Started),
            1 => Ok(Self::Completed),
            2 => Ok(Self::Canceled),
            3 => Ok(Self::Error),
            _ => Err(InvalidStatusValue { value }),
        }
    }
}

impl From<AsyncStatus> for i32 {
    fn from(status: AsyncStatus) -> i32 {
        status as i32
    }
}

/// The error of parsing an [`AsyncStatus`] from a string that names no status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseStatusError {
    input: String,
}

impl ParseStatusError {
    /// The string that was not a status name.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown async status {:?}; expected one of Created, Started, Completed, Canceled (or Cancelled), Error",
            self.input
        )
    }
}

impl std::error::Error for ParseStatusError {}

/// The error of converting an `i32` that is not an [`AsyncStatus`] value (-1 to 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvalidStatusValue {
    value: i32,
}

impl InvalidStatusValue {
    /// The value that was not a status.
    #[must_use]
    pub fn value(&self) -> i32 {
        self.value
    }
}

impl fmt::Display for InvalidStatusValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not an async status value; expected -1 (Created), 0 (Started), 1 (Completed), 2 (Canceled) or 3 (Error)",
            self.value
        )
    }
}

impl std::error::Error for InvalidStatusValue {}

/// As its name (`"Completed"`); parsed as [`FromStr`] parses it (any case, "Cancelled" too).
#[cfg(feature = "serde")]
impl serde::Serialize for AsyncStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for AsyncStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}
