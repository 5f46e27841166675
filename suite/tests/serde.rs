//! The `serde` feature: snapshots, times, statuses, ids and cancel reasons round-trip through
//! JSON in the shapes the docs give.

use std::sync::Arc;

use asyncinfo::{async_operation, AsyncId, AsyncStatus, CancelKind, CancelReason, Snapshot, Times};
use serde_json::json;

#[async_operation(output = u32, error = std::io::Error, progress = u8, timestamps)]
struct Job;

fn job() -> Job {
    Job {
        status: Default::default(),
    }
}

#[test]
fn a_snapshot_round_trips_through_json() {
    let op = job();
    op.start().unwrap();
    op.report_progress(40).unwrap();
    op.fail(std::io::Error::other("disk full")).unwrap();
    let snap = op.snapshot();
    let text = serde_json::to_string(&snap).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["id"], json!(op.id().get()));
    assert_eq!(value["type_name"], "Job");
    assert_eq!(value["status"], "Error");
    assert_eq!(value["finished"], true);
    assert_eq!(value["progress"], 40);
    assert_eq!(value["error"], "disk full");
    assert_eq!(value["cancel_reason"], serde_json::Value::Null);
    let created = value["times"]["created"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.contains('T'), "{created}");
    let back: Snapshot<u8> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, snap);
}

#[test]
fn times_are_rfc_3339_strings() {
    let op = job();
    let times = op.times().unwrap();
    let value = serde_json::to_value(times).unwrap();
    assert!(value["started"].is_null() && value["finished"].is_null());
    let back: Times = serde_json::from_value(value).unwrap();
    assert_eq!(back, times);
    let error = serde_json::from_value::<Times>(
        json!({"created": "yesterday", "started": null, "finished": null}),
    )
    .unwrap_err();
    assert!(error.to_string().contains("RFC 3339"), "{error}");
}

#[test]
fn statuses_ids_and_kinds() {
    assert_eq!(
        serde_json::to_value(AsyncStatus::Canceled).unwrap(),
        "Canceled"
    );
    let status: AsyncStatus = serde_json::from_value(json!("cancelled")).unwrap();
    assert_eq!(status, AsyncStatus::Canceled);
    assert!(serde_json::from_value::<AsyncStatus>(json!("Closed")).is_err());
    let id = job().id();
    assert_eq!(
        serde_json::from_value::<AsyncId>(serde_json::to_value(id).unwrap()).unwrap(),
        id
    );
    assert!(
        serde_json::from_value::<AsyncId>(json!(0)).is_err(),
        "an id is never 0"
    );
    assert_eq!(
        serde_json::to_value(CancelKind::Timeout).unwrap(),
        "Timeout"
    );
}

#[test]
fn cancel_reasons_in_each_shape() {
    let parent = job();
    let reasons = [
        (CancelReason::Requested, json!({"kind": "Requested"})),
        (CancelReason::Timeout, json!({"kind": "Timeout"})),
        (CancelReason::Dropped, json!({"kind": "Dropped"})),
        (
            CancelReason::Parent(parent.id()),
            json!({"kind": "Parent", "parent": parent.id().get()}),
        ),
    ];
    for (reason, shape) in reasons {
        assert_eq!(serde_json::to_value(&reason).unwrap(), shape);
        assert_eq!(
            serde_json::from_value::<CancelReason>(shape).unwrap(),
            reason
        );
    }
    let other = CancelReason::Other(Arc::new(std::io::Error::other("quota")));
    let value = serde_json::to_value(&other).unwrap();
    assert_eq!(value, json!({"kind": "Other", "message": "quota"}));
    let back: CancelReason = serde_json::from_value(value).unwrap();
    assert_eq!(
        (back.kind(), back.to_string()),
        (CancelKind::Other, "quota".to_owned())
    );

    // A worker's panic, serialized and read back: `Panicked` with its message.
    let op = job();
    op.worker()
        .unwrap()
        .run_blocking(|_| panic!("disk on fire"));
    let value = serde_json::to_value(op.cancel_reason().unwrap()).unwrap();
    assert_eq!(
        value,
        json!({"kind": "Panicked", "message": "disk on fire"})
    );
    let panicked: CancelReason = serde_json::from_value(value).unwrap();
    assert_eq!(panicked.panic_message(), Some("disk on fire"));

    // Given to `cancel_with`, it is recorded as `Other` with its text: only a worker records
    // `Panicked` (or `Abandoned`).
    let other_op = job();
    assert!(other_op.cancel_with(panicked));
    let recorded = other_op.cancel_reason().unwrap();
    assert_eq!(recorded.kind(), CancelKind::Other);
    assert_eq!(recorded.to_string(), "the worker panicked: disk on fire");
    let abandoned: CancelReason = serde_json::from_value(json!({"kind": "Abandoned"})).unwrap();
    let op = job();
    op.cancel_with(abandoned);
    assert_eq!(op.cancel_reason().unwrap().kind(), CancelKind::Other);

    for bad in [
        json!({"kind": "Parent"}),
        json!({"kind": "Other"}),
        json!({"kind": "Late"}),
    ] {
        assert!(serde_json::from_value::<CancelReason>(bad).is_err());
    }
}
