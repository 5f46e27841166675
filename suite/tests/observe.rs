//! Observable operations (DESIGN §10): snapshots and times, through the struct, through `dyn`
//! and in generic code, in every status, and consistent when read while the operation moves.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, SystemTime};

use asyncinfo::{
    async_operation, AsyncInfo, AsyncProgress, AsyncStatus, CancelReason, Operation, Snapshot,
    Times,
};

#[async_operation(output = Vec<u8>, error = std::io::Error, progress = u32, timestamps)]
struct Download;

fn download() -> Download {
    Download {
        status: Default::default(),
    }
}

/// An error without `Display`.
#[derive(Debug)]
struct Opaque;

#[async_operation(output = u8, error = Opaque)]
struct Plain;

/// An error type that is a generic parameter of the struct.
#[async_operation(output = u8, error = E)]
struct Generic<E: Send + Sync + 'static> {
    _marker: std::marker::PhantomData<E>,
}

#[test]
fn a_snapshot_in_each_status() {
    let op = download();
    let snap = op.snapshot();
    assert_eq!(snap.id, op.id());
    assert_eq!(snap.type_name, "Download");
    assert_eq!(snap.status, AsyncStatus::Created);
    assert!(!snap.finished && !snap.closed);
    assert_eq!(
        (snap.progress, snap.cancel_reason, snap.error),
        (None, None, None)
    );

    op.start().unwrap();
    op.report_progress(30).unwrap();
    let snap = op.snapshot();
    assert_eq!(
        (snap.status, snap.progress),
        (AsyncStatus::Started, Some(30))
    );

    op.fail(std::io::Error::other("connection reset")).unwrap();
    let snap = op.snapshot();
    assert_eq!(snap.status, AsyncStatus::Error);
    assert!(snap.finished);
    assert_eq!(snap.error.as_deref(), Some("connection reset"));
    assert_eq!(
        snap.progress,
        Some(30),
        "progress() still answers until close"
    );

    op.close().unwrap();
    let snap = op.snapshot();
    assert!(snap.closed);
    assert_eq!(snap.status, AsyncStatus::Error, "the status stays readable");
    assert_eq!(snap.error, None, "close hides the error");
    assert_eq!(snap.progress, None, "and the progress, as progress() does");
}

#[test]
fn a_snapshot_of_a_canceled_and_of_a_completed_operation() {
    let op = download();
    op.start().unwrap();
    assert!(op.cancel_with(CancelReason::Timeout));
    let snap = op.snapshot();
    assert_eq!(snap.status, AsyncStatus::Canceled);
    assert!(!snap.finished, "the worker has not stopped yet");
    assert_eq!(snap.cancel_reason, Some(CancelReason::Timeout));
    assert_eq!(snap.error, None);
    op.acknowledge_cancel().unwrap();
    assert!(op.snapshot().finished);

    let op = download();
    op.start().unwrap();
    op.complete(vec![1, 2]).unwrap();
    let snap = op.snapshot();
    assert_eq!((snap.status, snap.finished), (AsyncStatus::Completed, true));
    assert_eq!((snap.cancel_reason, snap.error), (None, None));
}

#[test]
fn an_error_without_display_snapshots_as_its_type_name() {
    let op = Plain {
        status: Default::default(),
    };
    op.start().unwrap();
    op.fail(Opaque).unwrap();
    let snap = op.snapshot();
    assert_eq!(snap.type_name, "Plain");
    assert!(snap.error.unwrap().ends_with("Opaque"));

    let op = Generic::<std::io::Error> {
        _marker: std::marker::PhantomData,
        status: Default::default(),
    };
    op.start().unwrap();
    op.fail(std::io::Error::other("x")).unwrap();
    let snap = op.snapshot();
    assert_eq!(
        snap.type_name, "Generic",
        "the name as written, without parameters"
    );
    assert!(
        snap.error.unwrap().contains("io::error::Error"),
        "a generic error's type name"
    );
}

#[test]
fn snapshots_through_dyn_and_in_generic_code() {
    let op = Arc::new(download());
    op.start().unwrap();
    op.report_progress(7).unwrap();
    let info: Arc<dyn AsyncInfo + Send + Sync> = op.clone();
    let snap: Snapshot = info.snapshot();
    assert_eq!(
        (snap.type_name.as_ref(), snap.status, snap.progress),
        ("Download", AsyncStatus::Started, None)
    );
    assert!(snap.times.is_some());

    let progress: &dyn AsyncProgress<Progress = u32> = &*op;
    assert_eq!(progress.snapshot_with_progress().progress, Some(7));

    fn generic<S: Operation>(op: &S) -> Snapshot<S::Progress>
    where
        S::Progress: Clone,
    {
        op.snapshot_with_progress()
    }
    assert_eq!(generic(&*op).progress, Some(7));
}

/// A hand-written operation: the trait's defaults.
struct Manual(AtomicBool);

impl AsyncInfo for Manual {
    fn id(&self) -> asyncinfo::AsyncId {
        download().id()
    }
    fn status(&self) -> AsyncStatus {
        if self.0.load(Ordering::SeqCst) {
            AsyncStatus::Error
        } else {
            AsyncStatus::Started
        }
    }
    fn cancel(&self) -> bool {
        false
    }
    fn close(&self) -> Result<(), asyncinfo::AsyncError> {
        Ok(())
    }
    fn is_closed(&self) -> bool {
        false
    }
    fn is_finished(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[test]
fn a_hand_written_operation_snapshots_through_the_defaults() {
    let manual = Manual(AtomicBool::new(false));
    let snap = manual.snapshot();
    assert!(snap.type_name.ends_with("Manual"));
    assert_eq!(
        (snap.status, snap.error, snap.times),
        (AsyncStatus::Started, None, None)
    );
    manual.0.store(true, Ordering::SeqCst);
    let snap = manual.snapshot();
    assert!(
        snap.finished && snap.error.is_some(),
        "Some exactly in Error before close"
    );
}

#[test]
fn times_without_and_with_the_flag() {
    let plain = Plain {
        status: Default::default(),
    };
    assert_eq!(plain.times(), None);
    assert_eq!(plain.snapshot().times, None);

    let before = SystemTime::now();
    let op = download();
    let times = op.times().unwrap();
    assert!(times.created >= before && times.created <= SystemTime::now());
    assert_eq!((times.started, times.finished), (None, None));
    assert_eq!((times.queued(), times.ran()), (None, None));

    thread::sleep(Duration::from_millis(5));
    op.start().unwrap();
    let times = op.times().unwrap();
    assert!(times.queued().unwrap() >= Duration::from_millis(5));
    assert_eq!(times.finished, None);
    assert_eq!(times.ran(), None);

    thread::sleep(Duration::from_millis(5));
    op.complete(vec![]).unwrap();
    let times = op.times().unwrap();
    assert!(times.ran().unwrap() >= Duration::from_millis(5));
    assert!(times.finished.unwrap() <= SystemTime::now());
    assert_eq!(op.snapshot().times, Some(times));
    op.close().unwrap();
    assert_eq!(op.times(), Some(times), "close changes no time");
}

#[test]
fn times_of_a_cancel_before_start_and_of_a_cancel_that_waits_for_its_worker() {
    let op = download();
    assert!(op.cancel());
    let times = op.times().unwrap();
    assert_eq!(times.started, None, "it never started");
    assert!(times.finished.is_some());
    assert_eq!((times.queued(), times.ran()), (None, None));

    let op = download();
    let worker = op.worker().unwrap();
    assert!(op.cancel());
    let times = op.times().unwrap();
    assert!(times.started.is_some());
    assert_eq!(times.finished, None, "Canceled, but the worker still runs");
    drop(worker);
    assert!(op.times().unwrap().finished.is_some());
}

/// A reader snapshots while another thread starts and finishes the operation: the times it
/// sees always agree with the status it read with them.
#[test]
fn times_agree_with_the_status_under_races() {
    for _ in 0..2_000 {
        let op = Arc::new(download());
        let reader = {
            let op = Arc::clone(&op);
            thread::spawn(move || loop {
                let snap = op.snapshot();
                let times: Times = snap.times.unwrap();
                assert_eq!(snap.status != AsyncStatus::Created, times.started.is_some());
                assert_eq!(snap.finished, times.finished.is_some());
                if snap.finished {
                    break;
                }
            })
        };
        op.start().unwrap();
        op.complete(vec![]).unwrap();
        reader.join().unwrap();
    }
}

#[test]
fn a_cancel_on_drop_forwards_snapshots_and_times() {
    let op = Arc::new(download());
    let guard = asyncinfo::CancelOnDrop::new(Arc::clone(&op));
    let through: &dyn AsyncInfo = &guard;
    assert_eq!(through.snapshot().type_name, "Download");
    assert!(through.times().is_some());
    drop(guard);
    assert_eq!(op.snapshot().cancel_reason, Some(CancelReason::Dropped));
}
