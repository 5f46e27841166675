//! The runtime of [`asyncinfo`](https://docs.rs/asyncinfo): [`AsyncStatus`], [`AsyncId`],
//! the errors, the [`AsyncInfo`] and [`AsyncOperation`] traits, and [`OperationState`], the
//! lock-free state machine that `#[async_operation]` structs delegate to.
//!
//! Use it through the `asyncinfo` crate, which re-exports everything here together with the
//! attribute.
//!
//! # Loom
//!
//! Compiled with `--cfg loom`, the state machine uses loom's atomics and cells, so a crate that
//! drives operations can model-check its own code with loom (create the operations inside
//! `loom::model`).

#![deny(unsafe_op_in_unsafe_fn)]

mod cancel_on_drop;
mod children;
mod deadline;
mod error;
mod futures;
mod id;
mod outcome;
mod reason;
mod registry;
mod snapshot;
mod state;
mod status;
mod sync;
mod traits;
mod waiters;
mod when;
mod worker;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::cancel_on_drop::CancelOnDrop;
pub use crate::children::Link;
pub use crate::deadline::{cancel_after, cancel_at, Deadline};
pub use crate::error::{
    AsyncError, AsyncErrorKind, BoxError, Rejected, E_ILLEGAL_METHOD_CALL, E_ILLEGAL_STATE_CHANGE,
};
pub use crate::futures::{Canceled, Finished, FinishedOwned};
pub use crate::id::AsyncId;
pub use crate::outcome::{Failure, Outcome};
pub use crate::reason::{CancelKind, CancelReason};
pub use crate::registry::{ListQuery, Page, Registry, RegistryError};
pub use crate::snapshot::{Snapshot, Times};
pub use crate::state::OperationState;
pub use crate::status::{AsyncStatus, InvalidStatusValue, ParseStatusError};
pub use crate::traits::{AsyncInfo, AsyncOperation, AsyncProgress, Operation};
pub use crate::when::{wait_all, wait_any, when_all, when_any, OperationHandle, WhenAll, WhenAny};
pub use crate::worker::{Run, Worker, WorkerContext};
