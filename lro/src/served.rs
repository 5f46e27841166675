//! [`Served`]: what the server reads of an operation, and [`Operations`], the registry it
//! serves.

use asyncinfo::{AsyncInfo, AsyncOperation, Operation, Registry, Snapshot};
use serde::Serialize;

use crate::status::{Code, Status, ToStatus};

/// An operation the server can serve: implemented for every `#[async_operation]` struct that is
/// `Send + Sync + 'static` and whose output is `Serialize`, progress `Serialize + Clone` (or
/// none) and error [`ToStatus`]. Object-safe, so that one registry ([`Operations`]) serves
/// operations of different types; sealed (only that blanket impl), and the same under every
/// feature.
///
/// It reads the operation through `snapshot_with_progress()`, `results()` and `error_code()`.
pub trait Served: AsyncInfo + Send + Sync + 'static + sealed::Sealed {
    /// The operation at this moment, its progress as JSON.
    fn snapshot_json(&self) -> Snapshot<serde_json::Value>;

    /// How it ended, if it did and was not closed: the output as JSON, or the error as a
    /// [`Status`]. `None` while it runs, once canceled, and after close. An output that does
    /// not serialize is an `INTERNAL` status that says why.
    fn outcome_json(&self) -> Option<Result<serde_json::Value, Status>>;
}

mod sealed {
    /// Sealed: [`Served`](super::Served) has only its blanket impl.
    pub trait Sealed {}

    impl<S> Sealed for S
    where
        S: asyncinfo::Operation + Send + Sync + 'static,
        S::Output: serde::Serialize,
        S::Progress: serde::Serialize + Clone,
        S::Error: crate::ToStatus,
    {
    }
}

impl<S> Served for S
where
    S: Operation + Send + Sync + 'static,
    S::Output: Serialize,
    S::Progress: Serialize + Clone,
    S::Error: ToStatus,
{
    fn snapshot_json(&self) -> Snapshot<serde_json::Value> {
        let snapshot = Operation::snapshot_with_progress(self);
        let progress = snapshot
            .progress
            .as_ref()
            .map(|progress| serde_json::to_value(progress).unwrap_or(serde_json::Value::Null));
        snapshot.with_progress(progress)
    }

    fn outcome_json(&self) -> Option<Result<serde_json::Value, Status>> {
        if let Ok(output) = self.results() {
            return Some(serde_json::to_value(output).map_err(|error| {
                Status::new(
                    Code::Internal,
                    format!("the operation's result could not be written as JSON: {error}"),
                )
            }));
        }
        self.error_code().map(|error| Err(error.to_status()))
    }
}

/// The operations a server serves: a [`Registry`] of any [`Served`] operation. Insert an
/// operation with `insert` (it returns the name clients use); finished ones stay for the
/// registry's retention, then leave it.
pub type Operations = Registry<dyn Served>;
