//! Workers and their runners (DESIGN §7), cancel reasons (§7.2) and outcomes (§7.1), through
//! the facade.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use asyncinfo::{
    async_operation, AsyncErrorKind, AsyncStatus, CancelReason, Failure, Operation, Outcome, Worker,
};

#[derive(Clone, Debug, PartialEq)]
struct Failed(&'static str);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Failed {}

/// Counts `on_cancel` calls, completion handler runs and the reason seen by `on_cancel`.
#[async_operation(output = u64, error = Failed, progress = u8, on_cancel = Self::stop)]
#[derive(Default)]
struct Job {
    stops: AtomicUsize,
    reason_in_on_cancel: Mutex<Option<String>>,
    handler_runs: Arc<AtomicUsize>,
}

impl Job {
    fn stop(&self) {
        self.stops.fetch_add(1, Ordering::SeqCst);
        *self.reason_in_on_cancel.lock().unwrap() = self.cancel_reason().map(|r| r.to_string());
    }

    /// A job with one completion handler that counts its runs.
    fn watched() -> Self {
        let job = Self::default();
        let runs = Arc::clone(&job.handler_runs);
        job.on_completed(move |_, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        job
    }

    fn runs(&self) -> usize {
        self.handler_runs.load(Ordering::SeqCst)
    }
}

fn reason(job: &Job) -> String {
    job.cancel_reason().expect("canceled").to_string()
}

/// A waker that counts its wakes.
#[derive(Default)]
struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Sets a flag when dropped.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A body that never ends on its own, and records its drop.
async fn forever(dropped: Arc<AtomicBool>) -> Result<u64, Failed> {
    let _flag = DropFlag(dropped);
    std::future::pending::<()>().await;
    Ok(0)
}

// ---- starting ----

#[test]
fn worker_starts_the_operation_once() {
    let job = Job::default();
    let worker = job.worker().unwrap();
    assert_eq!(job.status(), AsyncStatus::Started);
    assert_eq!(worker.operation().id(), job.id());
    let err = job.worker().unwrap_err();
    assert_eq!(err.kind(), AsyncErrorKind::IllegalStateChange);
    assert_eq!(err.method(), "start");
    worker.complete(1).unwrap();

    let canceled = Job::default();
    assert!(canceled.cancel());
    canceled.close().unwrap();
    assert_eq!(
        canceled.worker().unwrap_err().kind(),
        AsyncErrorKind::Closed
    );
}

// ---- rule 1: dropped unfinished ----

#[test]
fn a_worker_dropped_unfinished_abandons_the_operation() {
    let job = Job::watched();
    let worker = job.worker().unwrap();
    assert!(!worker.is_cancel_requested());
    drop(worker);
    assert_eq!(job.status(), AsyncStatus::Canceled);
    assert!(job.is_finished());
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
    assert_eq!(job.runs(), 1, "notified exactly once");
    assert_eq!(
        job.stops.load(Ordering::SeqCst),
        0,
        "on_cancel is for cancels from outside"
    );
    assert_eq!(job.wait(), AsyncStatus::Canceled);
}

#[test]
fn an_early_return_abandons_the_operation() {
    fn produce(job: &Job, fail_early: bool) -> Result<(), Failed> {
        let worker = job.worker().unwrap();
        if fail_early {
            return Err(Failed("early"));
        }
        worker.complete(3).unwrap();
        Ok(())
    }
    let job = Job::watched();
    assert!(produce(&job, true).is_err());
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
    assert_eq!(job.runs(), 1);
    let job = Job::watched();
    produce(&job, false).unwrap();
    assert_eq!(job.results(), Ok(&3));
}

#[test]
fn a_worker_dropped_while_its_thread_panics_records_panicked() {
    let job = Arc::new(Job::watched());
    let worker = Arc::clone(&job).worker_owned().unwrap();
    let thread = thread::spawn(move || {
        let _worker = worker;
        let small: u8 = 255;
        let _ = small.checked_add(1).expect("u8 overflow");
    });
    assert!(thread.join().is_err());
    assert_eq!(job.wait(), AsyncStatus::Canceled);
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Panicked { 0: None, .. })
    ));
    assert_eq!(job.runs(), 1);
}

#[test]
fn a_worker_dropped_after_a_cancel_acknowledges_it_keeping_its_reason() {
    let job = Job::watched();
    let worker = job.worker().unwrap();
    assert!(job.cancel_with(CancelReason::Timeout));
    assert!(worker.is_cancel_requested());
    assert!(!job.is_finished(), "the worker still runs");
    assert_eq!(job.runs(), 0);
    drop(worker);
    assert!(job.is_finished());
    assert!(matches!(job.cancel_reason(), Some(CancelReason::Timeout)));
    assert_eq!(job.runs(), 1);
    assert_eq!(job.stops.load(Ordering::SeqCst), 1);
}

#[test]
fn a_handler_that_panics_during_an_unwinding_finish_is_caught() {
    let job = Arc::new(Job::default());
    let ran = Arc::new(AtomicBool::new(false));
    {
        let ran = Arc::clone(&ran);
        job.on_completed(move |_, _| {
            ran.store(true, Ordering::SeqCst);
            panic!("handler panics too");
        })
        .unwrap();
    }
    let worker = Arc::clone(&job).worker_owned().unwrap();
    let thread = thread::spawn(move || {
        let _worker = worker;
        panic!("the work panics");
    });
    // Resuming the handler's panic while unwinding would abort the whole test binary.
    let payload = thread.join().unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"the work panics"));
    assert!(ran.load(Ordering::SeqCst));
    assert!(job.is_finished());
}

#[test]
fn a_handler_that_panics_when_a_worker_is_dropped_normally_propagates() {
    let job = Job::default();
    job.on_completed(|_, _| panic!("handler")).unwrap();
    let worker = job.worker().unwrap();
    let payload = panic::catch_unwind(AssertUnwindSafe(|| drop(worker))).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"handler"));
    assert!(job.is_finished());
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
}

// ---- finishing ----

#[test]
fn complete_fail_and_finish_consume_the_worker() {
    let job = Job::watched();
    job.worker().unwrap().complete(7).unwrap();
    assert_eq!(job.results(), Ok(&7));
    assert_eq!(job.runs(), 1);

    let job = Job::watched();
    job.worker().unwrap().fail(Failed("no")).unwrap();
    assert_eq!(job.error_code(), Some(&Failed("no")));
    assert_eq!(job.runs(), 1);

    let job = Job::default();
    job.worker().unwrap().finish(Ok(8)).unwrap();
    assert_eq!(job.results(), Ok(&8));
    let job = Job::default();
    job.worker().unwrap().finish(Err(Failed("x"))).unwrap();
    assert_eq!(job.status(), AsyncStatus::Error);
}

#[test]
fn a_value_after_a_cancel_is_given_back_and_the_operation_is_finished() {
    let job = Job::watched();
    let worker = job.worker().unwrap();
    assert!(job.cancel());
    let refused = worker.complete(5).unwrap_err();
    assert_eq!(refused.into_inner(), 5);
    assert!(job.is_finished());
    assert!(matches!(job.cancel_reason(), Some(CancelReason::Requested)));
    assert_eq!(job.runs(), 1);

    let job = Job::default();
    let worker = job.worker().unwrap();
    assert!(job.cancel());
    let refused = worker.finish(Err(Failed("late"))).unwrap_err();
    assert_eq!(refused.into_inner(), Err(Failed("late")));
}

#[test]
fn worker_reports_progress_while_started() {
    let job = Job::default();
    let worker = job.worker().unwrap();
    worker.report_progress(10).unwrap();
    assert_eq!(job.progress(), Some(10));
    assert!(job.cancel());
    assert_eq!(
        worker.report_progress(20).unwrap_err().kind(),
        AsyncErrorKind::IllegalMethodCall
    );
}

#[test]
fn an_action_worker_completes_with_unit() {
    #[async_operation]
    struct Flush;
    let flush = Flush {
        status: Default::default(),
    };
    flush.worker().unwrap().complete(()).unwrap();
    assert_eq!(flush.status(), AsyncStatus::Completed);
}

// ---- run_blocking ----

#[test]
fn run_blocking_finishes_with_the_body_result() {
    let job = Job::watched();
    let status = job.worker().unwrap().run_blocking(|w| {
        w.report_progress(50).unwrap();
        Ok(42)
    });
    assert_eq!(status, AsyncStatus::Completed);
    assert_eq!(job.results(), Ok(&42));
    assert_eq!(job.runs(), 1);

    let job = Job::default();
    let status = job.worker().unwrap().run_blocking(|_| Err(Failed("io")));
    assert_eq!(status, AsyncStatus::Error);
}

#[test]
fn run_blocking_turns_a_panic_into_panicked_with_its_message() {
    let job = Job::watched();
    let status = job
        .worker()
        .unwrap()
        .run_blocking(|_| panic!("index {} out of range", 3));
    assert_eq!(status, AsyncStatus::Canceled);
    match job.cancel_reason() {
        Some(CancelReason::Panicked {
            0: Some(message), ..
        }) => {
            assert_eq!(&*message, "index 3 out of range");
        }
        other => panic!("unexpected reason {other:?}"),
    }
    assert_eq!(reason(&job), "the worker panicked: index 3 out of range");
    assert_eq!(job.runs(), 1);

    let job = Job::default();
    job.worker()
        .unwrap()
        .run_blocking(|_| panic!("static message"));
    assert!(
        matches!(job.cancel_reason(), Some(CancelReason::Panicked { 0: Some(m), .. }) if &*m == "static message")
    );

    let job = Job::default();
    job.worker()
        .unwrap()
        .run_blocking(|_| panic::panic_any(17_u32));
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Panicked { 0: None, .. })
    ));
}

#[test]
fn run_blocking_drops_a_result_made_after_a_cancel() {
    #[async_operation(output = DropFlag)]
    struct Make;
    let make = Make {
        status: Default::default(),
    };
    let dropped = Arc::new(AtomicBool::new(false));
    let status = make.worker().unwrap().run_blocking(|w| {
        assert!(w.operation().cancel());
        assert!(w.is_cancel_requested());
        Ok(DropFlag(Arc::clone(&dropped)))
    });
    assert_eq!(status, AsyncStatus::Canceled);
    assert!(
        dropped.load(Ordering::SeqCst),
        "a canceled operation has no result"
    );
    assert!(matches!(
        make.cancel_reason(),
        Some(CancelReason::Requested)
    ));
}

// ---- run ----

fn block_on<F: Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}

#[test]
fn run_finishes_with_a_ready_body() {
    let job = Job::watched();
    let status = block_on(job.worker().unwrap().run(async { Ok(9) }));
    assert_eq!(status, AsyncStatus::Completed);
    assert_eq!(job.results(), Ok(&9));
    assert_eq!(job.runs(), 1);
}

#[test]
fn run_stops_at_a_cancel_and_drops_the_body() {
    let job = Arc::new(Job::watched());
    let dropped = Arc::new(AtomicBool::new(false));
    let run = Arc::clone(&job)
        .worker_owned()
        .unwrap()
        .run(forever(Arc::clone(&dropped)));
    let canceler = {
        let job = Arc::clone(&job);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(20));
            job.cancel_with(CancelReason::Dropped)
        })
    };
    assert_eq!(block_on(run), AsyncStatus::Canceled);
    assert!(canceler.join().unwrap());
    assert!(dropped.load(Ordering::SeqCst));
    assert!(job.is_finished());
    assert!(matches!(job.cancel_reason(), Some(CancelReason::Dropped)));
    assert_eq!(job.runs(), 1);
}

#[test]
fn run_is_woken_by_a_cancel() {
    let job = Job::default();
    let dropped = Arc::new(AtomicBool::new(false));
    let mut run = pin!(job.worker().unwrap().run(forever(Arc::clone(&dropped))));
    let counter = Arc::new(Counter::default());
    let waker = Waker::from(Arc::clone(&counter));
    let mut cx = Context::from_waker(&waker);
    assert!(run.as_mut().poll(&mut cx).is_pending());
    assert!(run.as_mut().poll(&mut cx).is_pending());
    assert!(job.cancel());
    assert_eq!(
        counter.0.load(Ordering::SeqCst),
        1,
        "woken once by the cancel"
    );
    assert_eq!(
        run.as_mut().poll(&mut cx),
        Poll::Ready(AsyncStatus::Canceled)
    );
    assert!(dropped.load(Ordering::SeqCst));
    assert!(job.is_finished());
}

#[test]
fn run_catches_a_panic_while_polling() {
    let job = Job::watched();
    let status = block_on(job.worker().unwrap().run(async {
        let values: Vec<u64> = Vec::new();
        #[allow(clippy::get_first)]
        Ok(values[0])
    }));
    assert_eq!(status, AsyncStatus::Canceled);
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Panicked { 0: Some(m), .. }) if m.contains("index out of bounds")
    ));
    assert_eq!(job.runs(), 1);
}

#[test]
fn a_run_dropped_before_it_ends_abandons_the_operation() {
    let job = Job::watched();
    let dropped = Arc::new(AtomicBool::new(false));
    {
        let mut run = pin!(job.worker().unwrap().run(forever(Arc::clone(&dropped))));
        let waker = Waker::from(Arc::new(Counter::default()));
        assert!(run
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending());
    }
    assert!(dropped.load(Ordering::SeqCst));
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
    assert_eq!(job.runs(), 1);

    // Never polled at all.
    let job = Job::watched();
    drop(job.worker().unwrap().run(async { Ok(1) }));
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
    assert_eq!(job.runs(), 1);
}

#[test]
fn a_body_whose_drop_panics_records_panicked() {
    struct PanicOnDrop;
    impl Drop for PanicOnDrop {
        fn drop(&mut self) {
            panic!("body drop");
        }
    }
    let job = Job::default();
    let status = block_on(job.worker().unwrap().run(async {
        let guard = PanicOnDrop;
        let _ = &guard;
        Ok(1)
    }));
    assert_eq!(status, AsyncStatus::Canceled);
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Panicked { 0: Some(m), .. }) if &*m == "body drop"
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_spawns_on_tokio() {
    let job = Arc::new(Job::watched());
    let worker = Arc::clone(&job).worker_owned().unwrap();
    let task = tokio::spawn(worker.run(async {
        tokio::time::sleep(Duration::from_millis(5)).await;
        Ok(11)
    }));
    assert_eq!(task.await.unwrap(), AsyncStatus::Completed);
    assert_eq!(
        Arc::clone(&job).finished_owned().await,
        AsyncStatus::Completed
    );
    assert_eq!(job.results(), Ok(&11));

    // A cancel stops a spawned run.
    let job = Arc::new(Job::watched());
    let dropped = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn(
        Arc::clone(&job)
            .worker_owned()
            .unwrap()
            .run(forever(Arc::clone(&dropped))),
    );
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert!(job.cancel());
    assert_eq!(task.await.unwrap(), AsyncStatus::Canceled);
    assert!(dropped.load(Ordering::SeqCst));

    // A task aborted by the runtime drops the run: abandoned, and nothing hangs.
    let job = Arc::new(Job::watched());
    let task = tokio::spawn(
        Arc::clone(&job)
            .worker_owned()
            .unwrap()
            .run(forever(Arc::default())),
    );
    tokio::time::sleep(Duration::from_millis(10)).await;
    task.abort();
    assert_eq!(
        Arc::clone(&job).finished_owned().await,
        AsyncStatus::Canceled
    );
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
}

// ---- run_with ----

/// Generic code that spawns any operation with a `u8` progress on tokio: the body needs the
/// producer side while it runs, and the whole future must be `Send`.
fn spawn_counting<S>(worker: Worker<Arc<S>>) -> tokio::task::JoinHandle<AsyncStatus>
where
    S: Operation<Output = u64, Progress = u8> + Send + Sync + 'static,
    S::Error: Send + Sync,
{
    tokio::spawn(worker.run_with(|cx| async move {
        for step in 1..=4_u8 {
            if cx.is_cancel_requested() {
                break;
            }
            cx.report_progress(step * 25).unwrap();
            tokio::task::yield_now().await;
        }
        Ok(u64::from(
            asyncinfo::AsyncInfo::id(cx.operation()).get() > 0,
        ))
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_with_gives_the_body_the_producer_side() {
    let job = Arc::new(Job::watched());
    let seen = Arc::new(Mutex::new(Vec::new()));
    {
        let seen = Arc::clone(&seen);
        job.on_progress(move |_, p| seen.lock().unwrap().push(*p))
            .unwrap();
    }
    let status = spawn_counting(Arc::clone(&job).worker_owned().unwrap())
        .await
        .unwrap();
    assert_eq!(status, AsyncStatus::Completed);
    assert_eq!(*seen.lock().unwrap(), [25, 50, 75, 100]);
    assert_eq!(job.results(), Ok(&1));
}

#[test]
fn run_with_body_can_race_canceled() {
    let job = Arc::new(Job::default());
    let worker = Arc::clone(&job).worker_owned().unwrap();
    let run = worker.run_with(|cx| async move {
        // The context's own `canceled()` future resolves on the cancel.
        cx.canceled().await;
        assert!(cx.is_cancel_requested());
        Ok(0)
    });
    let canceler = {
        let job = Arc::clone(&job);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(10));
            job.cancel()
        })
    };
    assert_eq!(block_on(run), AsyncStatus::Canceled);
    assert!(canceler.join().unwrap());
    assert!(job.is_finished());
}

#[test]
fn a_run_with_closure_that_panics_finishes_the_operation_and_propagates() {
    let job = Job::default();
    let worker = job.worker().unwrap();
    let payload = panic::catch_unwind(AssertUnwindSafe(|| {
        worker.run_with(|_| -> std::future::Ready<Result<u64, Failed>> { panic!("closure") })
    }))
    .unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"closure"));
    assert!(job.is_finished());
    assert!(matches!(
        job.cancel_reason(),
        Some(CancelReason::Panicked { 0: Some(m), .. }) if &*m == "closure"
    ));
}

// ---- §7.2 cancel reasons ----

#[test]
fn the_first_reason_wins_and_stays_readable_after_close() {
    let job = Job::default();
    assert_eq!(job.cancel_reason().map(|r| r.to_string()), None);
    let other: Arc<dyn std::error::Error + Send + Sync> = Arc::new(Failed("shutting down"));
    assert!(job.cancel_with(CancelReason::Other(Arc::clone(&other))));
    assert!(!job.cancel_with(CancelReason::Timeout));
    assert!(!job.cancel());
    match job.cancel_reason() {
        Some(CancelReason::Other(stored)) => assert!(Arc::ptr_eq(&stored, &other)),
        r => panic!("unexpected {r:?}"),
    }
    assert_eq!(
        *job.reason_in_on_cancel.lock().unwrap(),
        Some("shutting down".to_owned()),
        "the reason is recorded before on_cancel runs"
    );
    job.close().unwrap();
    assert_eq!(reason(&job), "shutting down");
    drop(job);
    assert_eq!(
        Arc::strong_count(&other),
        1,
        "the stored reason is freed with the operation"
    );
}

#[test]
fn every_reason_round_trips() {
    let parent = Job::default();
    let reasons = [
        (CancelReason::Requested, "cancellation was requested"),
        (CancelReason::Timeout, "the deadline passed"),
        (
            CancelReason::Dropped,
            "the handle that owned it was dropped",
        ),
        (
            CancelReason::Parent(parent.id()),
            &*format!("the parent operation {} was canceled", parent.id()),
        ),
    ];
    for (given, text) in reasons {
        for started in [false, true] {
            let job = Job::default();
            let worker = started.then(|| job.worker().unwrap());
            assert!(job.cancel_with(given.clone()));
            assert_eq!(reason(&job), text);
            drop(worker);
            assert_eq!(reason(&job), text, "kept when the worker acknowledges");
        }
    }
}

#[test]
fn cancel_reason_is_some_exactly_when_canceled() {
    let job = Job::default();
    assert!(job.cancel_reason().is_none());
    let worker = job.worker().unwrap();
    assert!(job.cancel_reason().is_none());
    worker.complete(1).unwrap();
    assert!(job.cancel_reason().is_none());
    job.close().unwrap();
    assert!(job.cancel_reason().is_none());
}

// ---- §7.1 outcome ----

#[test]
fn outcome_is_one_match_over_the_end() {
    let job = Job::default();
    assert!(job.outcome().is_none(), "not finished");
    let worker = job.worker().unwrap();
    assert!(job.outcome().is_none());
    worker.complete(4).unwrap();
    assert!(matches!(job.outcome(), Some(Outcome::Completed(4))));
    job.close().unwrap();
    assert!(job.outcome().is_none(), "hidden after close");

    let job = Job::default();
    job.worker().unwrap().fail(Failed("e")).unwrap();
    assert!(matches!(job.outcome(), Some(Outcome::Error(Failed("e")))));

    let job = Job::default();
    let worker = job.worker().unwrap();
    assert!(job.cancel());
    assert!(
        job.outcome().is_none(),
        "canceled, but the worker still runs"
    );
    drop(worker);
    assert!(matches!(
        job.outcome(),
        Some(Outcome::Canceled(CancelReason::Requested))
    ));
}

#[test]
fn into_outcome_moves_the_payload_out_without_sync() {
    #[async_operation(output = std::cell::Cell<u8>, error = std::rc::Rc<u8>)]
    struct Local;
    // `Rc` is not even `Send`: the operation stays on this thread, and that is fine.
    let local = Local {
        status: Default::default(),
    };
    local
        .worker()
        .unwrap()
        .complete(std::cell::Cell::new(3))
        .unwrap();
    match local.into_outcome() {
        Some(Outcome::Completed(cell)) => assert_eq!(cell.get(), 3),
        _ => panic!("completed"),
    }

    let job = Arc::new(Job::default());
    assert!(Arc::clone(&job)
        .worker_owned()
        .unwrap()
        .fail(Failed("f"))
        .is_ok());
    let outcome = Arc::into_inner(job).unwrap().into_outcome();
    assert!(matches!(outcome, Some(Outcome::Error(Failed("f")))));

    let job = Job::default();
    job.worker().unwrap().run_blocking(|_| panic!("p"));
    let outcome = job.into_outcome().unwrap();
    assert_eq!(outcome.status(), AsyncStatus::Canceled);
    assert!(matches!(
        outcome,
        Outcome::Canceled(CancelReason::Panicked { 0: Some(_), .. })
    ));

    let job = Job::default();
    assert!(job.into_outcome().is_none(), "not finished");
}

#[test]
fn outcome_helpers() {
    let done: Outcome<u64, Failed> = Outcome::Completed(2);
    assert!(matches!(done.as_ref(), Outcome::Completed(&2)));
    assert!(matches!(
        done.clone().map(|v| v * 10),
        Outcome::Completed(20)
    ));
    assert_eq!(done.into_result().ok(), Some(2));

    let failed: Outcome<u64, Failed> = Outcome::Error(Failed("disk"));
    let failure = failed.into_result().unwrap_err();
    assert_eq!(failure.to_string(), "disk");
    assert!(std::error::Error::source(&failure).is_some());

    let canceled: Outcome<u64, Failed> = Outcome::Canceled(CancelReason::Timeout);
    let failure = canceled.into_result().unwrap_err();
    assert!(matches!(failure, Failure::Canceled(CancelReason::Timeout)));
    assert_eq!(
        failure.to_string(),
        "the operation was canceled: the deadline passed"
    );
}

#[test]
fn finished_owned_is_static_and_send() {
    fn assert_send_static<F: Future + Send + 'static>(_: &F) {}
    let job = Arc::new(Job::default());
    let finished = Arc::clone(&job).finished_owned();
    assert_send_static(&finished);
    let worker = Arc::clone(&job).worker_owned().unwrap();
    let producer = thread::spawn(move || worker.complete(1).unwrap());
    assert_eq!(block_on(finished), AsyncStatus::Completed);
    producer.join().unwrap();
}
