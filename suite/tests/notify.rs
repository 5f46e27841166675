//! Completion handlers, `on_cancel`, awaitable completion, blocking waits and progress
//! (DESIGN §5 and §6 rules 3 to 6), through the facade.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::{Duration, Instant};

use asyncinfo::{async_operation, AsyncErrorKind, AsyncStatus};
use futures::FutureExt;

#[derive(Debug, PartialEq)]
struct Failure(u8);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failure {}", self.0)
    }
}

impl std::error::Error for Failure {}

/// Counts `on_cancel` calls and records the cancelling thread.
#[async_operation(output = String, error = Failure, progress = u32, on_cancel = Self::stop)]
#[derive(Default)]
struct Job {
    stops: AtomicUsize,
    stopped_on: Mutex<Option<thread::ThreadId>>,
    /// Appended to by handlers and hooks, to check their order.
    log: Mutex<Vec<String>>,
}

impl Job {
    fn stop(&self) {
        self.stops.fetch_add(1, Ordering::SeqCst);
        *self.stopped_on.lock().unwrap() = Some(thread::current().id());
        self.log("on_cancel");
    }

    fn log(&self, entry: &str) {
        self.log.lock().unwrap().push(entry.to_owned());
    }

    fn entries(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn started() -> Job {
    let job = Job::default();
    job.start().unwrap();
    job
}

/// A handler that counts its runs and records what it saw through `&Self`.
fn counting(runs: &Arc<AtomicUsize>) -> impl FnOnce(&Job, AsyncStatus) + Send + 'static {
    let runs = Arc::clone(runs);
    move |job, status| {
        assert_eq!(
            job.status(),
            status,
            "the state is published before handlers run"
        );
        assert!(job.is_finished());
        runs.fetch_add(1, Ordering::SeqCst);
        job.log(&format!("handler {status}"));
    }
}

/// A waker that counts its wakes.
#[derive(Default)]
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl CountingWaker {
    fn new() -> (Arc<Self>, Waker) {
        let counter = Arc::new(Self::default());
        (Arc::clone(&counter), Waker::from(counter))
    }

    fn wakes(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

fn poll_once<F: std::future::Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    future.poll_unpin(&mut Context::from_waker(waker))
}

// ---- completion handlers ----

#[test]
fn every_handler_runs_exactly_once_on_each_finishing_path() {
    /// A name, how to get to the column, the finishing call, and the final status.
    type Path = (&'static str, fn() -> Job, fn(&Job), AsyncStatus);
    let paths: [Path; 6] = [
        (
            "complete",
            started,
            |j| j.complete("x".into()).unwrap(),
            AsyncStatus::Completed,
        ),
        (
            "fail",
            started,
            |j| j.fail(Failure(1)).unwrap(),
            AsyncStatus::Error,
        ),
        (
            "cancel before start",
            Job::default,
            |j| assert!(j.cancel()),
            AsyncStatus::Canceled,
        ),
        (
            "acknowledge after cancel",
            || {
                let j = started();
                assert!(j.cancel());
                j
            },
            |j| j.acknowledge_cancel().unwrap(),
            AsyncStatus::Canceled,
        ),
        (
            "refused complete after cancel",
            || {
                let j = started();
                assert!(j.cancel());
                j
            },
            |j| assert!(j.complete("late".into()).is_err()),
            AsyncStatus::Canceled,
        ),
        (
            "refused fail after cancel",
            || {
                let j = started();
                assert!(j.cancel());
                j
            },
            |j| assert!(j.fail(Failure(2)).is_err()),
            AsyncStatus::Canceled,
        ),
    ];
    for (name, make, finish, expected) in paths {
        let job = make();
        let runs = Arc::new(AtomicUsize::new(0));
        for _ in 0..3 {
            job.on_completed(counting(&runs)).unwrap();
        }
        assert_eq!(
            runs.load(Ordering::SeqCst),
            0,
            "{name}: ran before finishing"
        );
        finish(&job);
        assert_eq!(runs.load(Ordering::SeqCst), 3, "{name}");
        assert_eq!(job.status(), expected, "{name}");
        // Nothing runs twice, whatever happens next.
        let _ = job.acknowledge_cancel();
        let _ = job.complete("again".into());
        job.close().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 3, "{name}: ran twice");
    }
}

#[test]
fn cancel_of_a_running_worker_does_not_finish_yet() {
    let job = started();
    let runs = Arc::new(AtomicUsize::new(0));
    job.on_completed(counting(&runs)).unwrap();
    assert!(job.cancel());
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "the worker is still running"
    );
    job.acknowledge_cancel().unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[test]
fn handlers_run_on_the_finishing_thread_with_the_operation() {
    let job = Arc::new(started());
    let seen = Arc::new(Mutex::new(None));
    {
        let seen = Arc::clone(&seen);
        job.on_completed(move |job, status| {
            *seen.lock().unwrap() = Some((
                thread::current().id(),
                status,
                job.results().unwrap().clone(),
            ));
        })
        .unwrap();
    }
    let worker = {
        let job = Arc::clone(&job);
        thread::spawn(move || {
            job.complete("body".into()).unwrap();
            thread::current().id()
        })
    };
    let worker_id = worker.join().unwrap();
    let (ran_on, status, result) = seen.lock().unwrap().take().expect("the handler ran");
    assert_eq!(ran_on, worker_id);
    assert_eq!(status, AsyncStatus::Completed);
    assert_eq!(result, "body");
}

#[test]
fn handlers_run_outside_any_lock() {
    let job = started();
    let nested = Arc::new(AtomicUsize::new(0));
    {
        let nested = Arc::clone(&nested);
        job.on_completed(move |job, _| {
            // Registering, waiting and reading from a handler would deadlock under a lock.
            let inner = Arc::clone(&nested);
            job.on_completed(move |_, _| {
                inner.fetch_add(1, Ordering::SeqCst);
            })
            .unwrap();
            assert_eq!(job.wait(), AsyncStatus::Completed);
            assert_eq!(job.finished().now_or_never(), Some(AsyncStatus::Completed));
            assert_eq!(job.progress(), Some(7));
            nested.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    job.report_progress(7).unwrap();
    job.complete("done".into()).unwrap();
    assert_eq!(nested.load(Ordering::SeqCst), 2);
}

#[test]
fn a_handler_registered_after_finishing_runs_before_on_completed_returns() {
    let job = started();
    job.complete("done".into()).unwrap();
    let here = thread::current().id();
    let ran = Arc::new(Mutex::new(None));
    {
        let ran = Arc::clone(&ran);
        job.on_completed(move |_, status| {
            *ran.lock().unwrap() = Some((thread::current().id(), status))
        })
        .unwrap();
    }
    assert_eq!(*ran.lock().unwrap(), Some((here, AsyncStatus::Completed)));
}

/// Counts drops, to see that a refused handler is dropped, not kept or run.
struct DropGuard(Arc<AtomicUsize>);

impl Drop for DropGuard {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn on_completed_after_close_is_an_error_and_the_handler_is_dropped() {
    let job = Job::default();
    job.cancel();
    job.close().unwrap();
    let drops = Arc::new(AtomicUsize::new(0));
    let guard = DropGuard(Arc::clone(&drops));
    let err = job
        .on_completed(move |_, _| {
            let _guard = guard;
            panic!("a handler registered after close ran");
        })
        .unwrap_err();
    assert_eq!(err.kind(), AsyncErrorKind::Closed);
    assert_eq!(err.method(), "on_completed");
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn handlers_of_an_operation_dropped_unfinished_are_dropped_without_running() {
    let drops = Arc::new(AtomicUsize::new(0));
    {
        let job = started();
        let guard = DropGuard(Arc::clone(&drops));
        job.on_completed(move |_, _| {
            let _guard = guard;
            panic!("ran");
        })
        .unwrap();
    }
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn closed_while_the_worker_runs_still_notifies_when_it_stops() {
    let job = started();
    let runs = Arc::new(AtomicUsize::new(0));
    job.on_completed(counting(&runs)).unwrap();
    assert!(job.cancel());
    job.close().unwrap();
    assert!(job.on_completed(|_, _| {}).is_err());
    job.acknowledge_cancel().unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[test]
fn a_panicking_handler_stops_neither_handlers_nor_awaiters() {
    let job = started();
    let runs = Arc::new(AtomicUsize::new(0));
    job.on_completed(counting(&runs)).unwrap();
    job.on_completed(|_, _| panic!("handler failed")).unwrap();
    job.on_completed(|_, _| panic!("second failure")).unwrap();
    job.on_completed(counting(&runs)).unwrap();
    let (wakes, waker) = CountingWaker::new();
    let mut awaiter = Box::pin(job.finished());
    assert!(poll_once(&mut awaiter, &waker).is_pending());

    let panic = panic::catch_unwind(AssertUnwindSafe(|| job.complete("done".into()))).unwrap_err();
    assert_eq!(
        panic.downcast_ref::<&str>(),
        Some(&"handler failed"),
        "the first panic resumes"
    );
    assert_eq!(runs.load(Ordering::SeqCst), 2, "the other handlers ran");
    assert_eq!(wakes.wakes(), 1, "the awaiter was woken");
    assert_eq!(
        poll_once(&mut awaiter, &waker),
        Poll::Ready(AsyncStatus::Completed)
    );
    // The state is consistent.
    assert_eq!(job.status(), AsyncStatus::Completed);
    assert_eq!(job.results().unwrap(), "done");
    assert!(job.is_finished());
    job.on_completed(counting(&runs)).unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 3);
    job.close().unwrap();
}

#[test]
fn the_panic_of_a_lone_handler_propagates_from_the_finish_and_leaks_nothing() {
    // One handler and nothing else: the finish calls it last, so its panic needs no catching,
    // but it must still leave the operation finished, its capture dropped, and later
    // registrations working.
    let job = started();
    let capture = Arc::new(());
    let held = Arc::clone(&capture);
    job.on_completed(move |_, _| {
        let _held = held;
        panic!("lone handler failed")
    })
    .unwrap();
    let panic = panic::catch_unwind(AssertUnwindSafe(|| job.complete("done".into()))).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"lone handler failed"));
    assert_eq!(
        Arc::strong_count(&capture),
        1,
        "the handler's capture was dropped"
    );
    assert_eq!(job.status(), AsyncStatus::Completed);
    assert_eq!(job.results().unwrap(), "done");
    let runs = Arc::new(AtomicUsize::new(0));
    job.on_completed(counting(&runs)).unwrap();
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "a later handler runs at once"
    );
}

#[test]
fn the_panic_of_a_lone_awaiters_waker_propagates_from_the_finish() {
    struct Exploding;
    impl Wake for Exploding {
        fn wake(self: Arc<Self>) {
            panic!("waker failed");
        }
    }
    let job = started();
    let waker = Waker::from(Arc::new(Exploding));
    let mut awaiter = Box::pin(job.finished());
    assert!(poll_once(&mut awaiter, &waker).is_pending());
    let panic = panic::catch_unwind(AssertUnwindSafe(|| job.complete("done".into()))).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"waker failed"));
    assert_eq!(job.status(), AsyncStatus::Completed);
    assert_eq!(
        poll_once(&mut awaiter, &waker),
        Poll::Ready(AsyncStatus::Completed),
        "the future still resolves"
    );
}

// ---- on_cancel ----

#[test]
fn on_cancel_runs_once_on_the_cancelling_thread_when_cancel_wins() {
    for make in [Job::default as fn() -> Job, started] {
        let job = Arc::new(make());
        let canceller = {
            let job = Arc::clone(&job);
            thread::spawn(move || {
                assert!(job.cancel());
                assert!(!job.cancel());
                thread::current().id()
            })
        };
        let canceller = canceller.join().unwrap();
        assert_eq!(job.stops.load(Ordering::SeqCst), 1);
        assert_eq!(*job.stopped_on.lock().unwrap(), Some(canceller));
        // Also through the trait object.
        let info: &dyn asyncinfo::AsyncInfo = &*job;
        assert!(!info.cancel());
        assert_eq!(job.stops.load(Ordering::SeqCst), 1);
    }
}

#[test]
fn on_cancel_does_not_run_when_cancel_loses() {
    let job = started();
    job.complete("done".into()).unwrap();
    assert!(!job.cancel());
    assert_eq!(job.stops.load(Ordering::SeqCst), 0);
}

#[test]
fn on_cancel_runs_before_completion_handlers() {
    let job = Job::default();
    job.on_completed(|job, status| job.log(&format!("handler {status}")))
        .unwrap();
    assert!(job.cancel());
    assert_eq!(job.entries(), ["on_cancel", "handler Canceled"]);
}

#[test]
fn a_panicking_on_cancel_still_notifies() {
    #[async_operation(on_cancel = explode)]
    struct Fragile;

    fn explode(_: &Fragile) {
        panic!("on_cancel failed");
    }

    let op = Fragile {
        status: Default::default(),
    };
    let runs = Arc::new(AtomicUsize::new(0));
    {
        let runs = Arc::clone(&runs);
        op.on_completed(move |_, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    let panic = panic::catch_unwind(AssertUnwindSafe(|| op.cancel())).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"on_cancel failed"));
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    assert_eq!(op.status(), AsyncStatus::Canceled);
    assert!(op.is_finished());
}

// ---- futures ----

#[test]
fn finished_resolves_at_once_when_finished() {
    let job = started();
    job.fail(Failure(3)).unwrap();
    assert_eq!(job.finished().now_or_never(), Some(AsyncStatus::Error));
}

#[test]
fn many_awaiters_on_the_futures_executor() {
    let job = started();
    thread::scope(|s| {
        let awaiters: Vec<_> = (0..8)
            .map(|_| s.spawn(|| futures::executor::block_on(job.finished())))
            .collect();
        // And eight more, joined on one thread.
        let joined = s.spawn(|| {
            futures::executor::block_on(futures::future::join_all((0..8).map(|_| job.finished())))
        });
        thread::sleep(Duration::from_millis(20));
        job.complete("done".into()).unwrap();
        for awaiter in awaiters {
            assert_eq!(awaiter.join().unwrap(), AsyncStatus::Completed);
        }
        assert_eq!(joined.join().unwrap(), vec![AsyncStatus::Completed; 8]);
    });
}

#[test]
fn many_awaiters_on_tokio() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let job = Arc::new(started());
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let job = Arc::clone(&job);
            runtime.spawn(async move { job.finished().await })
        })
        .collect();
    let worker = {
        let job = Arc::clone(&job);
        runtime.spawn(async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            assert!(job.cancel());
            job.acknowledge_cancel().unwrap();
        })
    };
    runtime.block_on(async {
        worker.await.unwrap();
        for task in tasks {
            assert_eq!(task.await.unwrap(), AsyncStatus::Canceled);
        }
    });
}

#[test]
fn a_dropped_awaiter_is_not_woken_and_a_repolled_one_wakes_its_latest_waker() {
    let job = started();
    let (dropped_wakes, dropped_waker) = CountingWaker::new();
    let mut dropped = Box::pin(job.finished());
    assert!(poll_once(&mut dropped, &dropped_waker).is_pending());
    drop(dropped);

    let (first_wakes, first) = CountingWaker::new();
    let (second_wakes, second) = CountingWaker::new();
    let mut kept = Box::pin(job.finished());
    assert!(poll_once(&mut kept, &first).is_pending());
    assert!(poll_once(&mut kept, &second).is_pending());

    job.complete("done".into()).unwrap();
    assert_eq!(dropped_wakes.wakes(), 0, "dropped futures deregister");
    assert_eq!(first_wakes.wakes(), 0, "the replaced waker is not woken");
    assert_eq!(second_wakes.wakes(), 1);
    assert_eq!(
        poll_once(&mut kept, &second),
        Poll::Ready(AsyncStatus::Completed)
    );
}

#[test]
fn canceled_resolves_once_cancellation_is_requested() {
    let job = started();
    let (wakes, waker) = CountingWaker::new();
    let mut canceled = job.canceled();
    assert!(poll_once(&mut canceled, &waker).is_pending());
    let mut finished = Box::pin(job.finished());
    assert!(poll_once(&mut finished, &waker).is_pending());
    assert!(job.cancel());
    assert_eq!(
        wakes.wakes(),
        1,
        "only the cancel request is woken; the worker still runs"
    );
    assert_eq!(poll_once(&mut canceled, &waker), Poll::Ready(()));
    assert!(poll_once(&mut finished, &waker).is_pending());
    assert_eq!(
        job.canceled().now_or_never(),
        Some(()),
        "already requested: at once"
    );
    job.acknowledge_cancel().unwrap();
    assert_eq!(wakes.wakes(), 2);
    assert_eq!(
        poll_once(&mut finished, &waker),
        Poll::Ready(AsyncStatus::Canceled)
    );
}

#[test]
fn a_worker_races_its_work_against_canceled() {
    let job = Arc::new(started());
    let worker = {
        let job = Arc::clone(&job);
        thread::spawn(move || {
            futures::executor::block_on(async {
                let work = std::pin::pin!(futures::future::pending::<String>());
                let canceled = std::pin::pin!(job.canceled());
                match futures::future::select(work, canceled).await {
                    futures::future::Either::Left((body, _)) => job.complete(body).unwrap(),
                    futures::future::Either::Right(((), _)) => job.acknowledge_cancel().unwrap(),
                }
            });
        })
    };
    thread::sleep(Duration::from_millis(10));
    assert!(job.cancel());
    worker.join().unwrap();
    assert!(job.is_finished());
}

#[test]
fn canceled_stays_pending_when_the_operation_completes() {
    let job = started();
    let (wakes, waker) = CountingWaker::new();
    let mut canceled = job.canceled();
    assert!(poll_once(&mut canceled, &waker).is_pending());
    job.complete("done".into()).unwrap();
    assert_eq!(wakes.wakes(), 0);
    assert!(poll_once(&mut canceled, &waker).is_pending());
}

// ---- blocking waits ----

#[test]
fn wait_blocks_until_finished() {
    let job = started();
    thread::scope(|s| {
        let waiters: Vec<_> = (0..4).map(|_| s.spawn(|| job.wait())).collect();
        thread::sleep(Duration::from_millis(20));
        assert!(job.cancel());
        thread::sleep(Duration::from_millis(20));
        assert!(!job.is_finished(), "the worker has not stopped");
        job.acknowledge_cancel().unwrap();
        for waiter in waiters {
            assert_eq!(waiter.join().unwrap(), AsyncStatus::Canceled);
        }
    });
}

#[test]
fn wait_timeout_gives_up_or_returns_the_status() {
    let job = started();
    let begun = Instant::now();
    assert_eq!(job.wait_timeout(Duration::from_millis(30)), None);
    assert!(begun.elapsed() >= Duration::from_millis(30));
    assert_eq!(job.wait_timeout(Duration::ZERO), None);
    thread::scope(|s| {
        let waiter = s.spawn(|| job.wait_timeout(Duration::from_secs(60)));
        thread::sleep(Duration::from_millis(10));
        job.complete("done".into()).unwrap();
        assert_eq!(waiter.join().unwrap(), Some(AsyncStatus::Completed));
    });
    assert_eq!(
        job.wait_timeout(Duration::ZERO),
        Some(AsyncStatus::Completed)
    );
    assert_eq!(
        job.wait_timeout(Duration::MAX),
        Some(AsyncStatus::Completed)
    );
}

// ---- progress ----

#[test]
fn progress_is_reported_only_while_started() {
    let job = Job::default();
    let err = job.report_progress(1).unwrap_err();
    assert_eq!(err.kind(), AsyncErrorKind::IllegalMethodCall);
    assert_eq!(
        (err.method(), err.status()),
        ("report_progress", AsyncStatus::Created)
    );
    assert_eq!(err.hresult(), asyncinfo::E_ILLEGAL_METHOD_CALL);
    assert_eq!(job.progress(), None);

    job.start().unwrap();
    job.report_progress(10).unwrap();
    job.report_progress(20).unwrap();
    assert_eq!(job.progress(), Some(20), "the latest value");

    assert!(job.cancel());
    let err = job.report_progress(30).unwrap_err();
    assert_eq!(err.status(), AsyncStatus::Canceled);
    assert_eq!(job.progress(), Some(20));
    job.acknowledge_cancel().unwrap();
    job.close().unwrap();
    assert_eq!(
        job.report_progress(40).unwrap_err().kind(),
        AsyncErrorKind::Closed
    );
    assert_eq!(job.progress(), None, "None after close");
    assert_eq!(
        job.on_progress(|_, _| {}).unwrap_err().kind(),
        AsyncErrorKind::Closed
    );
}

#[test]
fn progress_handlers_run_on_the_reporting_thread() {
    let job = Arc::new(started());
    let seen = Arc::new(Mutex::new(Vec::new()));
    for name in ["a", "b"] {
        let seen = Arc::clone(&seen);
        job.on_progress(move |job, value| {
            assert_eq!(job.status(), AsyncStatus::Started);
            seen.lock()
                .unwrap()
                .push((name, *value, thread::current().id()));
        })
        .unwrap();
    }
    let reporter = {
        let job = Arc::clone(&job);
        thread::spawn(move || {
            job.report_progress(1).unwrap();
            job.report_progress(2).unwrap();
            thread::current().id()
        })
    };
    let reporter = reporter.join().unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("a", 1, reporter),
            ("b", 1, reporter),
            ("a", 2, reporter),
            ("b", 2, reporter)
        ]
    );
}

#[test]
fn no_progress_handler_starts_once_the_reporting_thread_saw_the_finish() {
    let job = started();
    let late = Arc::new(AtomicUsize::new(0));
    // The first handler finishes the operation on the reporting thread ...
    job.on_progress(|job, _| job.complete("done".into()).unwrap())
        .unwrap();
    // ... so the second must not start.
    {
        let late = Arc::clone(&late);
        job.on_progress(move |_, _| {
            late.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    job.report_progress(1).unwrap();
    assert_eq!(job.status(), AsyncStatus::Completed);
    assert_eq!(late.load(Ordering::SeqCst), 0);
}

#[test]
fn a_panicking_progress_handler_stops_no_other() {
    let job = started();
    let runs = Arc::new(AtomicUsize::new(0));
    job.on_progress(|_, _| panic!("progress handler failed"))
        .unwrap();
    {
        let runs = Arc::clone(&runs);
        job.on_progress(move |_, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    let panic = panic::catch_unwind(AssertUnwindSafe(|| job.report_progress(5))).unwrap_err();
    assert_eq!(
        panic.downcast_ref::<&str>(),
        Some(&"progress handler failed")
    );
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    assert_eq!(job.progress(), Some(5));
}

#[test]
fn generic_progress_type_needs_clone_only_where_used() {
    #[async_operation(output = (), progress = T)]
    struct Generic<T: Send + Sync + 'static> {
        _marker: std::marker::PhantomData<T>,
    }

    let op = Generic::<Vec<u8>> {
        _marker: std::marker::PhantomData,
        status: Default::default(),
    };
    op.start().unwrap();
    op.report_progress(vec![1]).unwrap();
    assert_eq!(op.progress(), Some(vec![1]));
}
