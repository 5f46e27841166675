//! The `tracing` feature: one `debug` event per transition that changed the status (`start`,
//! `finish`, `cancel`), with `id`, `type_name`, `status` and `reason`, and a `trace` event per
//! progress report, all on target `asyncinfo`; captured here by a subscriber of the test's own.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use asyncinfo::CancelReason;
use asyncinfo_traced::Transfer;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// An event as captured: level, target, and every field as text (`message` included).
#[derive(Debug, Clone, PartialEq)]
struct Captured {
    level: Level,
    target: String,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// A subscriber that keeps every event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), value.to_string());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Captured {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// What `f` returns, and the events it emits on this thread. An operation emits only if it
/// was created while a subscriber listened, so each test creates its operations in `f`.
fn events_of<R>(f: impl FnOnce() -> R) -> (R, Vec<Captured>) {
    let capture = Capture::default();
    let result = tracing::subscriber::with_default(capture.clone(), f);
    let events = capture.0.lock().unwrap().clone();
    (result, events)
}

fn messages(events: &[Captured]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e.field("message").unwrap_or(""))
        .collect()
}

#[test]
fn a_life_is_a_start_a_progress_and_a_finish() {
    let (op, events) = events_of(|| {
        let op = Transfer::new("a".into());
        op.start().unwrap();
        op.report_progress(50).unwrap();
        op.complete(3).unwrap();
        op
    });
    assert_eq!(messages(&events), ["start", "progress", "finish"]);
    let id = op.id().get().to_string();
    for event in &events {
        assert_eq!(event.target, "asyncinfo");
        assert_eq!(event.field("id"), Some(id.as_str()));
        assert_eq!(event.field("type_name"), Some("Transfer"));
        assert_eq!(event.field("reason"), None);
    }
    assert_eq!(
        events.iter().map(|e| e.level).collect::<Vec<_>>(),
        [Level::DEBUG, Level::TRACE, Level::DEBUG]
    );
    assert_eq!(events[0].field("status"), Some("Started"));
    assert_eq!(events[1].field("status"), Some("Started"));
    assert!(
        !events[1].fields.contains_key("progress"),
        "no value: P need not be Debug"
    );
    assert_eq!(events[2].field("status"), Some("Completed"));
}

#[test]
fn a_cancel_from_created_is_one_cancel_event() {
    let (_, events) = events_of(|| {
        let op = Transfer::new("b".into());
        assert!(op.cancel_with(CancelReason::Timeout));
        assert!(!op.cancel(), "a cancel that changes nothing is no event");
    });
    assert_eq!(messages(&events), ["cancel"]);
    assert_eq!(events[0].field("status"), Some("Canceled"));
    assert_eq!(events[0].field("reason"), Some("the deadline passed"));
}

#[test]
fn a_cancel_then_the_workers_stop_is_a_cancel_and_a_finish() {
    let (_, events) = events_of(|| {
        let op = Transfer::new("c".into());
        op.start().unwrap();
        assert!(op.cancel());
        op.acknowledge_cancel().unwrap();
        op.acknowledge_cancel().unwrap(); // no-op: no event
    });
    assert_eq!(messages(&events), ["start", "cancel", "finish"]);
    for event in &events[1..] {
        assert_eq!(event.field("status"), Some("Canceled"));
        assert_eq!(event.field("reason"), Some("cancellation was requested"));
    }

    // A refused `complete` after a cancel finishes the operation: a finish event.
    let (_, events) = events_of(|| {
        let op = Transfer::new("d".into());
        op.start().unwrap();
        op.cancel();
        assert!(op.complete(1).is_err());
        assert!(
            op.complete(1).is_err(),
            "refused again: nothing changes, no event"
        );
    });
    assert_eq!(messages(&events), ["start", "cancel", "finish"]);
}

#[test]
fn a_failure_and_an_abandoned_worker() {
    let (_, events) = events_of(|| {
        let op = Transfer::new("e".into());
        let worker = op.worker().unwrap();
        worker.fail(std::io::Error::other("x")).unwrap();
    });
    assert_eq!(messages(&events), ["start", "finish"]);
    assert_eq!(events[1].field("status"), Some("Error"));

    let (_, events) = events_of(|| {
        let op = Transfer::new("f".into());
        drop(op.worker().unwrap());
    });
    assert_eq!(messages(&events), ["start", "cancel"]);
    assert_eq!(
        events[1].field("reason"),
        Some("the worker stopped without finishing")
    );
}

#[test]
fn refused_transitions_are_no_events() {
    let (_, events) = events_of(|| {
        let op = Transfer::new("g".into());
        assert!(op.complete(1).is_err(), "not started");
        assert!(op.report_progress(1).is_err());
        op.start().unwrap();
        assert!(op.start().is_err());
    });
    assert_eq!(messages(&events), ["start"]);
}

#[test]
fn an_operation_created_while_no_subscriber_listens_emits_nothing() {
    let op = Transfer::new("h".into());
    let (_, events) = events_of(|| {
        op.start().unwrap();
        op.complete(1).unwrap();
    });
    assert!(
        events.is_empty(),
        "decided at its creation, as for a span: {events:?}"
    );
}
