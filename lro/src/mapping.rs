//! The mapping of DESIGN §11, once, for both transports: an operation's status and reason to
//! `done`, its metadata, and its `response` or `error` (with a `google.rpc.ErrorInfo` that
//! names the cancel reason). `rest.rs` and `grpc.rs` only write the result in their encoding.

use asyncinfo::{AsyncStatus, CancelKind, CancelReason, Snapshot};
use serde_json::{Map, Value};

use crate::served::Served;
use crate::status::{Code, Status};

/// The `domain` of every `ErrorInfo` this crate writes.
pub(crate) const DOMAIN: &str = "asyncinfo";

/// An operation as `google.longrunning.Operation` shows it.
pub(crate) struct View {
    pub(crate) name: String,
    pub(crate) done: bool,
    /// The fields of the metadata, a `google.protobuf.Struct`.
    pub(crate) metadata: Map<String, Value>,
    /// `response` (the output's JSON) or `error`; `None` while not done.
    pub(crate) result: Option<Result<Value, Failure>>,
}

/// The `error` of a done operation: a `google.rpc.Status`, with an `ErrorInfo` for a cancel.
pub(crate) struct Failure {
    pub(crate) status: Status,
    /// The `reason` of the `ErrorInfo` (domain [`DOMAIN`]), for a canceled operation.
    pub(crate) reason: Option<&'static str>,
}

/// The code and the `ErrorInfo` reason of a cancel, by its kind (DESIGN §11's table).
pub(crate) fn cancel_code(kind: CancelKind) -> (Code, &'static str) {
    match kind {
        CancelKind::Requested => (Code::Cancelled, "REQUESTED"),
        CancelKind::Parent => (Code::Cancelled, "PARENT"),
        CancelKind::Dropped => (Code::Cancelled, "DROPPED"),
        CancelKind::Timeout => (Code::DeadlineExceeded, "TIMEOUT"),
        CancelKind::Panicked => (Code::Internal, "PANICKED"),
        CancelKind::Abandoned => (Code::Aborted, "ABANDONED"),
        // `Other`, and any kind a later version adds.
        _ => (Code::Cancelled, "OTHER"),
    }
}

/// The `state` of the metadata.
fn state(snapshot: &Snapshot<Value>) -> &'static str {
    match snapshot.status {
        AsyncStatus::Created => "PENDING",
        AsyncStatus::Started => "RUNNING",
        AsyncStatus::Canceled if !snapshot.finished => "CANCELLING",
        AsyncStatus::Canceled => "CANCELLED",
        AsyncStatus::Completed => "SUCCEEDED",
        AsyncStatus::Error => "FAILED",
    }
}

/// The error of a canceled operation.
fn canceled(reason: &CancelReason) -> Failure {
    let (code, name) = cancel_code(reason.kind());
    Failure {
        status: Status::new(code, format!("the operation was canceled: {reason}")),
        reason: Some(name),
    }
}

/// The operation named `name` as a client sees it.
pub(crate) fn view(name: &str, operation: &dyn Served) -> View {
    let snapshot = operation.snapshot_json();
    let mut metadata = Map::new();
    metadata.insert("state".into(), state(&snapshot).into());
    if let Some(progress) = &snapshot.progress {
        metadata.insert("progress".into(), progress.clone());
    }
    if let Some(reason) = &snapshot.cancel_reason {
        metadata.insert("cancelReason".into(), cancel_code(reason.kind()).1.into());
    }
    if let Some(times) = snapshot.times {
        if let Ok(Value::Object(times)) = serde_json::to_value(times) {
            for (key, field) in [
                ("created", "createTime"),
                ("started", "startTime"),
                ("finished", "endTime"),
            ] {
                if let Some(Value::String(instant)) = times.get(key) {
                    metadata.insert(field.into(), Value::String(instant.clone()));
                }
            }
        }
    }
    let result = match (snapshot.status, snapshot.finished) {
        (_, false) => None,
        (AsyncStatus::Canceled, true) => Some(Err(snapshot
            .cancel_reason
            .as_ref()
            .map_or_else(|| canceled(&CancelReason::Requested), canceled))),
        (_, true) => Some(match operation.outcome_json() {
            Some(Ok(response)) => Ok(response),
            Some(Err(status)) => Err(Failure {
                status,
                reason: None,
            }),
            // Closed: the result is hidden (or closed between the two reads).
            None => Err(Failure {
                status: Status::new(
                    Code::FailedPrecondition,
                    "the operation was closed: its result is no longer available",
                ),
                reason: None,
            }),
        }),
    };
    View {
        name: name.to_owned(),
        done: snapshot.finished,
        metadata,
        result,
    }
}
