#![doc = include_str!("../README.md")]

pub use asyncinfo_macros::async_operation;
pub use asyncinfo_runtime::{
    AsyncError, AsyncErrorKind, AsyncId, AsyncInfo, AsyncOperation, AsyncStatus, BoxError,
    InvalidStatusValue, OperationState, ParseStatusError, Rejected, E_ILLEGAL_METHOD_CALL,
    E_ILLEGAL_STATE_CHANGE,
};

/// Items for the code that `#[async_operation]` generates. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use asyncinfo_runtime::__private::*;
    pub use asyncinfo_runtime::{
        AsyncError, AsyncId, AsyncInfo, AsyncOperation, AsyncStatus, OperationState, Rejected,
    };
}
