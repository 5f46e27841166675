//! Nothing an operation holds outlives its purpose: handlers and wakers that capture their own
//! operation are released when it finishes, everything is freed even when a user's `Drop`
//! panics, and a waker may call back into the operation from its `clone` and `drop`.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::thread;
use std::time::Duration;

use asyncinfo::{async_operation, AsyncStatus};

/// Counts its drops, so that a test can tell that every copy was freed.
#[derive(Debug)]
struct Counted(Arc<AtomicUsize>);

impl Clone for Counted {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Panics when dropped, unless defused.
#[derive(Debug)]
struct Bomb(bool);

impl Drop for Bomb {
    fn drop(&mut self) {
        assert!(!self.0, "Bomb dropped");
    }
}

#[async_operation(output = Bomb, error = Bomb, progress = Counted)]
struct Job;

fn job() -> Arc<Job> {
    Arc::new(Job {
        status: Default::default(),
    })
}

/// Registers a progress handler that holds `job` itself.
fn hold_self(job: &Arc<Job>) {
    let me = Arc::clone(job);
    job.on_progress(move |_, _| {
        let _ = me.status();
    })
    .unwrap();
}

/// Runs `f` on another thread and fails (instead of hanging) if it does not end in 10 s.
fn within_10_s(f: impl FnOnce() + Send + 'static) {
    let (done, ended) = mpsc::channel();
    let call = thread::spawn(move || {
        f();
        done.send(()).unwrap();
    });
    match ended.recv_timeout(Duration::from_secs(10)) {
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("deadlock: the call did not return in 10 s"),
        _ => {
            if let Err(panic) = call.join() {
                panic::resume_unwind(panic);
            }
        }
    }
}

// ---- progress handlers and wakers do not keep their operation alive ----

#[test]
fn a_progress_handler_holding_its_operation_is_released_on_each_finish() {
    let finishes: [fn(&Job); 4] = [
        |job| job.complete(Bomb(false)).unwrap(),
        |job| job.fail(Bomb(false)).unwrap(),
        |job| {
            assert!(job.cancel());
            job.acknowledge_cancel().unwrap();
        },
        |job| {
            // A worker still running after a cancel may not report: the handler goes now.
            assert!(job.cancel());
        },
    ];
    for finish in finishes {
        let job = job();
        job.start().unwrap();
        hold_self(&job);
        hold_self(&job);
        assert_eq!(Arc::strong_count(&job), 3);
        finish(&job);
        assert_eq!(Arc::strong_count(&job), 1, "handlers released");
        let weak: Weak<Job> = Arc::downgrade(&job);
        drop(job);
        assert!(weak.upgrade().is_none(), "no reference cycle");
    }
}

#[test]
fn a_progress_handler_holding_its_operation_is_released_when_canceled_before_start() {
    let job = job();
    hold_self(&job);
    assert!(job.cancel());
    assert_eq!(job.status(), AsyncStatus::Canceled);
    let weak = Arc::downgrade(&job);
    drop(job);
    assert!(weak.upgrade().is_none());
}

#[test]
fn a_progress_handler_registered_after_the_finish_is_dropped_at_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let job = job();
    job.start().unwrap();
    job.complete(Bomb(false)).unwrap();
    let counted = Counted(Arc::clone(&drops));
    job.on_progress(move |_, _| {
        let _ = &counted;
    })
    .unwrap();
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "dropped without being kept"
    );
    hold_self(&job);
    assert_eq!(Arc::strong_count(&job), 1);
}

#[test]
fn progress_handlers_still_run_while_started() {
    let runs = Arc::new(AtomicUsize::new(0));
    let job = job();
    job.start().unwrap();
    {
        let runs = Arc::clone(&runs);
        job.on_progress(move |_, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    let drops = Arc::new(AtomicUsize::new(0));
    job.report_progress(Counted(Arc::clone(&drops))).unwrap();
    job.report_progress(Counted(Arc::clone(&drops))).unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    job.complete(Bomb(false)).unwrap();
    assert!(job.progress().is_some(), "the latest value stays readable");
}

/// A waker that holds a clone of its operation, and counts its own clones and drops.
struct Probe {
    job: Arc<Job>,
    on_clone: fn(&Job),
    on_drop: fn(&Job),
    clones: AtomicUsize,
    drops: AtomicUsize,
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone_raw, wake_raw, wake_raw, drop_raw);

fn probe_waker(probe: &Arc<Probe>) -> Waker {
    let raw = RawWaker::new(Arc::into_raw(Arc::clone(probe)).cast(), &VTABLE);
    // SAFETY: the vtable below keeps the `Arc<Probe>` contract.
    unsafe { Waker::from_raw(raw) }
}

unsafe fn clone_raw(data: *const ()) -> RawWaker {
    // SAFETY: `data` came from `Arc::into_raw` of an `Arc<Probe>` that is still owned.
    let probe = unsafe { &*data.cast::<Probe>() };
    probe.clones.fetch_add(1, Ordering::SeqCst);
    (probe.on_clone)(&probe.job);
    // SAFETY: as above; this clone owns one more count.
    unsafe { Arc::increment_strong_count(data.cast::<Probe>()) };
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake_raw(data: *const ()) {
    // SAFETY: waking by value consumes the waker: the same as dropping it here.
    unsafe { drop_raw(data) }
}

unsafe fn drop_raw(data: *const ()) {
    // SAFETY: `data` came from `Arc::into_raw`, and this waker owns one count.
    let probe = unsafe { Arc::from_raw(data.cast::<Probe>()) };
    probe.drops.fetch_add(1, Ordering::SeqCst);
    (probe.on_drop)(&probe.job);
}

fn probe(job: &Arc<Job>, on_clone: fn(&Job), on_drop: fn(&Job)) -> Arc<Probe> {
    Arc::new(Probe {
        job: Arc::clone(job),
        on_clone,
        on_drop,
        clones: AtomicUsize::new(0),
        drops: AtomicUsize::new(0),
    })
}

#[test]
fn a_canceled_awaiter_holding_its_operation_is_released_when_it_completes() {
    let job = job();
    job.start().unwrap();
    let probe = probe(&job, |_| {}, |_| {});
    let waker = probe_waker(&probe);
    let mut canceled = pin!(job.canceled());
    let mut cx = Context::from_waker(&waker);
    assert!(canceled.as_mut().poll(&mut cx).is_pending());
    assert_eq!(probe.clones.load(Ordering::SeqCst), 1, "registered a clone");
    job.complete(Bomb(false)).unwrap();
    assert_eq!(
        probe.drops.load(Ordering::SeqCst),
        1,
        "the registered clone is dropped: that future can no longer resolve"
    );
    assert!(canceled.as_mut().poll(&mut cx).is_pending());
    assert_eq!(
        probe.clones.load(Ordering::SeqCst),
        1,
        "not registered again"
    );
}

// ---- wakers may call back into their operation ----

/// Calls that lock the registry: from a waker's `clone` or `drop` they deadlocked while the
/// registry cloned and dropped wakers under its lock.
fn reenter(job: &Job) {
    let _ = job.progress();
    let _ = job.is_finished();
}

#[test]
fn a_waker_may_call_back_into_its_operation_from_clone_and_drop() {
    within_10_s(|| {
        let job = job();
        job.start().unwrap();
        job.report_progress(Counted(Arc::default())).unwrap();
        let first = probe(&job, reenter, reenter);
        let second = probe(&job, reenter, reenter);
        {
            let mut finished = pin!(job.finished());
            let mut canceled = pin!(job.canceled());
            let waker = probe_waker(&first);
            let mut cx = Context::from_waker(&waker);
            // Registration clones.
            assert!(finished.as_mut().poll(&mut cx).is_pending());
            assert!(canceled.as_mut().poll(&mut cx).is_pending());
            // A repoll with the same waker clones nothing; with another it replaces (clone
            // of the new one, drop of the old one).
            assert!(finished.as_mut().poll(&mut cx).is_pending());
            assert_eq!(first.clones.load(Ordering::SeqCst), 2);
            let other = probe_waker(&second);
            assert!(finished
                .as_mut()
                .poll(&mut Context::from_waker(&other))
                .is_pending());
            assert_eq!(first.drops.load(Ordering::SeqCst), 1, "replaced");
        }
        // Both futures dropped: the canceled() one deregistered and dropped its waker (and
        // the waker made here is gone too).
        assert_eq!(first.drops.load(Ordering::SeqCst), 3);
        // A pending awaiter woken by the finish.
        let mut finished = pin!(job.finished());
        let waker = probe_waker(&first);
        assert!(finished
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending());
        job.complete(Bomb(false)).unwrap();
        assert_eq!(
            finished.as_mut().poll(&mut Context::from_waker(&waker)),
            Poll::Ready(AsyncStatus::Completed)
        );
        drop(waker);
        assert_eq!(
            first.clones.load(Ordering::SeqCst) + 2,
            first.drops.load(Ordering::SeqCst),
            "every clone dropped (and the two wakers made here)"
        );
    });
}

// ---- a panicking Drop frees everything else ----

#[test]
fn a_payload_whose_drop_panics_leaks_nothing_else() {
    for fail in [false, true] {
        let drops = Arc::new(AtomicUsize::new(0));
        let job = Job {
            status: Default::default(),
        };
        job.start().unwrap();
        job.report_progress(Counted(Arc::clone(&drops))).unwrap();
        let handler_drops = Counted(Arc::clone(&drops));
        job.on_progress(move |_, _| {
            let _ = &handler_drops;
        })
        .unwrap();
        if fail {
            job.fail(Bomb(true)).unwrap();
        } else {
            job.complete(Bomb(true)).unwrap();
        }
        // The handler was released at the finish; the latest value is still held.
        assert_eq!(
            drops.load(Ordering::SeqCst),
            2,
            "the report's value and the handler"
        );
        assert!(panic::catch_unwind(AssertUnwindSafe(|| drop(job))).is_err());
        assert_eq!(
            drops.load(Ordering::SeqCst),
            3,
            "the latest progress value is freed although the payload's drop panicked"
        );
        assert_eq!(Arc::strong_count(&drops), 1);
    }
}

#[test]
fn a_handler_whose_drop_panics_does_not_keep_the_others() {
    struct PanicOnDrop;
    impl Drop for PanicOnDrop {
        fn drop(&mut self) {
            panic!("handler capture dropped");
        }
    }
    let drops = Arc::new(AtomicUsize::new(0));
    let job = Job {
        status: Default::default(),
    };
    let bomb = PanicOnDrop;
    job.on_completed(move |_, _| {
        let _ = &bomb;
    })
    .unwrap();
    let counted = Counted(Arc::clone(&drops));
    job.on_completed(move |_, _| {
        let _ = &counted;
    })
    .unwrap();
    // Dropped unfinished: the handlers are dropped without running.
    assert!(panic::catch_unwind(AssertUnwindSafe(|| drop(job))).is_err());
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&drops), 1);
}
