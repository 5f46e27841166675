//! The public value types: `AsyncStatus`, `AsyncId`, `AsyncError`, `Rejected`.

use std::collections::HashSet;
use std::error::Error;

use asyncinfo::{
    async_operation, AsyncError, AsyncErrorKind, AsyncStatus, InvalidStatusValue, OperationState,
    ParseStatusError, Rejected, E_ILLEGAL_METHOD_CALL, E_ILLEGAL_STATE_CHANGE,
};

const ALL: [AsyncStatus; 5] = [
    AsyncStatus::Created,
    AsyncStatus::Started,
    AsyncStatus::Completed,
    AsyncStatus::Canceled,
    AsyncStatus::Error,
];

#[test]
fn status_has_the_winrt_values() {
    let values: Vec<i32> = ALL.iter().map(|&s| i32::from(s)).collect();
    assert_eq!(values, [-1, 0, 1, 2, 3]);
    assert_eq!(AsyncStatus::Completed as i32, 1);
    assert_eq!(std::mem::size_of::<AsyncStatus>(), 4, "repr(i32)");
    for status in ALL {
        assert_eq!(AsyncStatus::try_from(i32::from(status)), Ok(status));
    }
}

#[test]
fn status_rejects_other_values() {
    for value in [-2, 4, i32::MIN, i32::MAX] {
        let err: InvalidStatusValue = AsyncStatus::try_from(value).unwrap_err();
        assert_eq!(err.value(), value);
        assert!(err
            .to_string()
            .starts_with(&format!("{value} is not an async status value")));
        let _: &dyn Error = &err;
    }
}

#[test]
fn status_display_and_parse_round_trip() {
    let names: Vec<String> = ALL.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        ["Created", "Started", "Completed", "Canceled", "Error"]
    );
    for status in ALL {
        assert_eq!(status.to_string().parse::<AsyncStatus>(), Ok(status));
        assert_eq!(
            status.to_string().to_uppercase().parse::<AsyncStatus>(),
            Ok(status)
        );
        assert_eq!(
            status.to_string().to_lowercase().parse::<AsyncStatus>(),
            Ok(status)
        );
    }
    assert_eq!(
        "Cancelled".parse::<AsyncStatus>(),
        Ok(AsyncStatus::Canceled)
    );
    assert_eq!(
        "CANCELLED".parse::<AsyncStatus>(),
        Ok(AsyncStatus::Canceled)
    );
    assert_eq!(
        format!("{:>9}|", AsyncStatus::Error),
        "    Error|",
        "honours padding"
    );
}

#[test]
fn status_parse_errors_say_what_was_wrong() {
    for input in ["", "Done", "Closed", " Started", "Starte"] {
        let err: ParseStatusError = input.parse::<AsyncStatus>().unwrap_err();
        assert_eq!(err.input(), input);
        assert!(err.to_string().contains(&format!("{input:?}")), "{err}");
        let _: Box<dyn Error + Send + Sync> = Box::new(err);
    }
}

#[test]
fn status_is_terminal() {
    let terminal: Vec<AsyncStatus> = ALL.into_iter().filter(|s| s.is_terminal()).collect();
    assert_eq!(
        terminal,
        [
            AsyncStatus::Completed,
            AsyncStatus::Canceled,
            AsyncStatus::Error
        ]
    );
    let set: HashSet<AsyncStatus> = ALL.into_iter().collect();
    assert_eq!(set.len(), 5);
}

#[async_operation(output = Vec<u8>)]
struct Job;

fn job() -> Job {
    Job {
        status: Default::default(),
    }
}

#[test]
fn ids_are_unique_nonzero_ordered_and_stable() {
    let jobs: Vec<Job> = (0..100).map(|_| job()).collect();
    let ids: Vec<_> = jobs.iter().map(Job::id).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "increasing in creation order"
    );
    assert!(ids.iter().all(|id| id.get() != 0));
    jobs[0].start().unwrap();
    jobs[0].complete(vec![1]).unwrap();
    jobs[0].close().unwrap();
    assert_eq!(jobs[0].id(), ids[0], "stable through the operation's life");
    assert_eq!(ids[3].to_string(), ids[3].get().to_string());
    assert_eq!(
        format!("{:?}", ids[3]),
        format!("AsyncId({})", ids[3].get())
    );
    assert_eq!(u64::from(ids[3]), ids[3].get());
    let set: HashSet<_> = ids.iter().collect();
    assert_eq!(set.len(), ids.len());
}

#[test]
fn async_error_display_names_call_and_status() {
    let op = job();
    let change = op.close().unwrap_err();
    assert_eq!(
        change.to_string(),
        "illegal state change: `close()` while the operation is Created"
    );
    assert_eq!(change.hresult(), E_ILLEGAL_STATE_CHANGE);
    assert_eq!(E_ILLEGAL_STATE_CHANGE as u32, 0x8000_000D);

    let call = op.results().unwrap_err();
    assert_eq!(
        call.to_string(),
        "illegal method call: `results()` while the operation is Created"
    );
    assert_eq!(call.kind(), AsyncErrorKind::IllegalMethodCall);
    assert_eq!(call.hresult(), E_ILLEGAL_METHOD_CALL);
    assert_eq!(E_ILLEGAL_METHOD_CALL as u32, 0x8000_000E);

    op.cancel();
    op.close().unwrap();
    let closed = op.start().unwrap_err();
    assert_eq!(
        closed.to_string(),
        "illegal method call: `start()` after the operation was closed"
    );
    assert!(closed.is_closed());
    assert_eq!(closed.hresult(), E_ILLEGAL_METHOD_CALL);
    assert_eq!(closed.status(), AsyncStatus::Canceled);

    assert_ne!(change, call);
    assert_eq!(change.clone(), change);
    let boxed: Box<dyn Error + Send + Sync> = Box::new(change);
    assert!(boxed.source().is_none());
}

/// A value that is neither `Debug` nor `Clone`.
struct Opaque(u8);

#[async_operation(output = Opaque)]
struct OpaqueJob;

#[test]
fn rejected_gives_the_value_back_and_is_an_error_for_any_type() {
    let op = OpaqueJob {
        status: Default::default(),
    };
    let rejected: Rejected<Opaque> = op.complete(Opaque(9)).unwrap_err();
    assert_eq!(rejected.value().0, 9);
    assert_eq!(
        format!("{rejected:?}"),
        "Rejected { error: AsyncError { kind: IllegalStateChange, method: \"complete\", status: Created }, .. }"
    );
    assert_eq!(rejected.to_string(), rejected.error().to_string());
    let error: &dyn Error = &rejected;
    assert!(error.to_string().contains("`complete()`"));
    let (value, reason) = rejected.into_parts();
    assert_eq!(value.0, 9);
    assert_eq!(reason.method(), "complete");
}

#[test]
fn rejected_converts_into_async_error_with_question_mark() {
    fn drive(op: &Job) -> Result<(), AsyncError> {
        op.complete(vec![1, 2])?;
        Ok(())
    }
    let err = drive(&job()).unwrap_err();
    assert_eq!(err.method(), "complete");
    let boxed: Box<dyn Error + Send + Sync> = job().complete(vec![]).unwrap_err().into();
    assert!(boxed.to_string().starts_with("illegal state change"));
}

#[test]
fn operation_state_debug_default_and_size() {
    let state: OperationState<u64, std::io::Error> = OperationState::default();
    let text = format!("{state:?}");
    assert!(
        text.starts_with(&format!(
            "OperationState {{ id: {}, status: Created",
            state.id().get()
        )),
        "{text}"
    );
    let op = job();
    op.start().unwrap();
    op.complete(vec![1]).unwrap();
    op.close().unwrap();
    let text = format!("{:?}", op.status);
    assert!(
        text.contains("status: Completed, finished: true, closed: true"),
        "{text}"
    );
    // The state word, the id, the payload slot and the (lazily allocated) registry pointer.
    assert_eq!(
        std::mem::size_of::<OperationState<u64, std::io::Error>>(),
        32
    );
}

#[test]
fn ids_follow_creation_order_on_each_thread_across_blocks() {
    // More than one block of ids per thread, on four threads at once.
    let per_thread: Vec<Vec<u64>> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..4)
            .map(|_| s.spawn(|| (0..3000).map(|_| job().id().get()).collect::<Vec<_>>()))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for ids in &per_thread {
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "increasing on its thread"
        );
    }
    let all: HashSet<u64> = per_thread.iter().flatten().copied().collect();
    assert_eq!(all.len(), 4 * 3000, "unique across threads");
    assert!(!all.contains(&0));
}
