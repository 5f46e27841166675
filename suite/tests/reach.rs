//! Cancellation that reaches further (DESIGN §8: `link_child`, `CancelOnDrop`, deadlines) and
//! consumers through `dyn` (§9), each rule as a user relies on it.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

use asyncinfo::{
    async_operation, cancel_after, cancel_at, AsyncErrorKind, AsyncInfo, AsyncProgress,
    AsyncStatus, CancelOnDrop, CancelReason, Link,
};

/// What happened, in order, across operations.
type Log = Arc<Mutex<Vec<String>>>;

#[async_operation(output = u32, on_cancel = Self::stopping)]
struct Task {
    name: &'static str,
    log: Log,
    /// Which thread ran `on_cancel`.
    cancel_thread: Mutex<Option<thread::ThreadId>>,
}

impl Task {
    fn new(name: &'static str, log: &Log) -> Arc<Self> {
        Arc::new(Self {
            name,
            log: Arc::clone(log),
            cancel_thread: Mutex::new(None),
            status: Default::default(),
        })
    }

    fn started(name: &'static str, log: &Log) -> Arc<Self> {
        let task = Self::new(name, log);
        task.start().unwrap();
        task
    }

    fn stopping(&self) {
        *self.cancel_thread.lock().unwrap() = Some(thread::current().id());
        self.log
            .lock()
            .unwrap()
            .push(format!("{} on_cancel", self.name));
    }
}

fn log() -> Log {
    Log::default()
}

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

// ---- link_child ----

#[test]
fn a_canceled_parent_cancels_its_child_with_its_id_on_the_canceling_thread() {
    let log = log();
    let (parent, child) = (Task::started("parent", &log), Task::started("child", &log));
    assert_eq!(parent.link_child(&child), Ok(Link::Linked));
    let canceler = thread::spawn({
        let parent = Arc::clone(&parent);
        move || {
            assert!(parent.cancel());
            thread::current().id()
        }
    })
    .join()
    .unwrap();
    assert_eq!(child.status(), AsyncStatus::Canceled);
    assert_eq!(
        child.cancel_reason(),
        Some(CancelReason::Parent(parent.id()))
    );
    assert_eq!(*child.cancel_thread.lock().unwrap(), Some(canceler));
}

#[test]
fn the_cancel_is_transitive_and_never_reaches_up() {
    let log = log();
    let (a, b, c) = (
        Task::started("a", &log),
        Task::started("b", &log),
        Task::started("c", &log),
    );
    a.link_child(&b).unwrap();
    b.link_child(&c).unwrap();
    assert!(c.cancel(), "a child's cancel");
    assert_eq!(
        b.status(),
        AsyncStatus::Started,
        "does not reach its parent"
    );
    assert!(a.cancel_with(CancelReason::Timeout));
    assert_eq!(b.cancel_reason(), Some(CancelReason::Parent(a.id())));
    assert_eq!(
        c.cancel_reason(),
        Some(CancelReason::Requested),
        "the first cancel wins"
    );
    let d = Task::started("d", &log);
    b.link_child(&d).unwrap();
    assert_eq!(d.cancel_reason(), Some(CancelReason::Parent(b.id())));
}

#[test]
fn order_on_the_canceling_thread_is_on_cancel_then_children_then_awaiters_and_handlers() {
    let log = log();
    let (parent, child, grandchild) = (
        Task::started("parent", &log),
        Task::started("child", &log),
        Task::started("grandchild", &log),
    );
    parent.link_child(&child).unwrap();
    child.link_child(&grandchild).unwrap();
    for task in [&parent, &child] {
        let log = Arc::clone(&log);
        task.on_completed(move |task, _| {
            log.lock().unwrap().push(format!("{} handler", task.name))
        })
        .unwrap();
    }
    let wakes = Arc::new(CountingWake::default());
    let waker = Waker::from(Arc::clone(&wakes));
    let mut canceled = pin!(parent.canceled());
    assert!(canceled
        .as_mut()
        .poll(&mut Context::from_waker(&waker))
        .is_pending());
    let seen = Arc::clone(&log);
    wakes.on_wake(move || seen.lock().unwrap().push("parent awaiter".into()));

    assert!(parent.cancel());
    assert_eq!(
        entries(&log),
        [
            "parent on_cancel",
            "child on_cancel",
            "grandchild on_cancel",
            "parent awaiter"
        ]
    );
    // The workers stop; the handlers run at the finish.
    for task in [&grandchild, &child, &parent] {
        task.acknowledge_cancel().unwrap();
    }
    assert_eq!(entries(&log)[4..], ["child handler", "parent handler"]);
}

#[test]
fn a_child_linked_to_a_canceled_parent_is_canceled_at_once() {
    let log = log();
    let parent = Task::new("parent", &log);
    assert!(parent.cancel(), "from Created: finished at once");
    let child = Task::started("child", &log);
    assert_eq!(parent.link_child(&child), Ok(Link::CanceledAtOnce));
    assert_eq!(
        child.cancel_reason(),
        Some(CancelReason::Parent(parent.id()))
    );

    // Canceled while its worker still runs: terminal, not finished; the same.
    let parent = Task::started("parent", &log);
    parent.cancel();
    let child = Task::started("child", &log);
    assert_eq!(parent.link_child(&child), Ok(Link::CanceledAtOnce));
    assert_eq!(child.status(), AsyncStatus::Canceled);
}

#[test]
fn a_parent_that_finished_otherwise_links_nothing_and_a_closed_one_refuses() {
    let log = log();
    let parent = Task::started("parent", &log);
    parent.complete(1).unwrap();
    let child = Task::started("child", &log);
    assert_eq!(parent.link_child(&child), Ok(Link::ParentFinished));
    parent.close().unwrap();
    let err = parent.link_child(&child).unwrap_err();
    assert_eq!(err.kind(), AsyncErrorKind::Closed);
    assert_eq!(child.status(), AsyncStatus::Started, "left alone");

    // Closed after a cancel: still a refusal, and the child is left alone.
    let parent = Task::new("parent", &log);
    parent.cancel();
    parent.close().unwrap();
    assert_eq!(
        parent.link_child(&child).unwrap_err().kind(),
        AsyncErrorKind::Closed
    );
    assert_eq!(child.status(), AsyncStatus::Started);
}

#[test]
fn a_worker_that_panics_or_is_abandoned_cancels_the_children() {
    let log = log();
    let parent = Task::new("parent", &log);
    let child = Task::started("child", &log);
    let worker = parent.worker().unwrap();
    parent.link_child(&child).unwrap();
    drop(worker);
    assert_eq!(
        child.cancel_reason(),
        Some(CancelReason::Parent(parent.id()))
    );

    let parent = Task::new("parent", &log);
    let child = Task::started("child", &log);
    parent.link_child(&child).unwrap();
    let status = parent
        .worker()
        .unwrap()
        .run_blocking(|_| panic!("worker failed"));
    assert_eq!(status, AsyncStatus::Canceled);
    assert_eq!(
        child.cancel_reason(),
        Some(CancelReason::Parent(parent.id()))
    );
}

#[test]
fn the_parent_holds_children_weakly_and_drops_the_links_when_it_finishes() {
    let log = log();
    let parent = Task::started("parent", &log);
    let child = Task::started("child", &log);
    parent.link_child(&child).unwrap();
    assert_eq!(Arc::weak_count(&child), 1, "one weak link");
    assert_eq!(Arc::strong_count(&child), 1, "no strong one");
    parent.complete(7).unwrap();
    assert_eq!(Arc::weak_count(&child), 0, "dropped at the finish");

    // A dropped child is simply gone; the parent's cancel skips it.
    let parent = Task::started("parent", &log);
    let child = Task::started("child", &log);
    parent.link_child(&child).unwrap();
    drop(child);
    assert!(parent.cancel());
}

#[test]
fn links_through_dyn() {
    let log = log();
    let parent = Task::started("parent", &log);
    let child: Arc<dyn AsyncInfo + Send + Sync> = Task::started("child", &log);
    // The generic method takes a `dyn` child; the trait's takes it through a `dyn` parent.
    parent.link_child(&child).unwrap();
    let grandchild: Arc<dyn AsyncInfo + Send + Sync> = Task::started("grandchild", &log);
    let as_dyn: &dyn AsyncInfo = &*child;
    assert_eq!(as_dyn.link_child(&grandchild), Ok(Link::Linked));
    parent.cancel();
    assert_eq!(
        grandchild.cancel_reason(),
        Some(CancelReason::Parent(child.id()))
    );
}

#[test]
fn a_chain_100_000_deep_cancels_without_overflowing_the_stack() {
    // A small stack, so that a recursion of the depth of the chain would overflow.
    thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let log = log();
            let chain: Vec<Arc<Task>> = (0..100_000).map(|_| Task::started("link", &log)).collect();
            for pair in chain.windows(2) {
                pair[0].link_child(&pair[1]).unwrap();
            }
            assert!(chain[0].cancel());
            // Every descendant is canceled when the outermost cancel returns.
            assert!(chain
                .iter()
                .all(|task| task.status() == AsyncStatus::Canceled));
            assert_eq!(
                chain[99_999].cancel_reason(),
                Some(CancelReason::Parent(chain[99_998].id()))
            );
            // Dropping the chain front to back is no recursion either.
            drop(chain);
        })
        .unwrap()
        .join()
        .unwrap();
}

/// Counts drops of the struct it is in.
struct DropCount(Arc<AtomicUsize>);

impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[async_operation]
struct Holder {
    holds: Mutex<Option<Arc<Holder>>>,
    _count: DropCount,
}

#[test]
fn a_child_holding_its_parent_and_a_parent_holding_its_child_leak_nothing() {
    let drops = Arc::new(AtomicUsize::new(0));
    let holder = || {
        Arc::new(Holder {
            holds: Mutex::new(None),
            _count: DropCount(Arc::clone(&drops)),
            status: Default::default(),
        })
    };
    // The child holds its parent.
    let (parent, child) = (holder(), holder());
    parent.link_child(&child).unwrap();
    *child.holds.lock().unwrap() = Some(Arc::clone(&parent));
    drop((parent, child));
    assert_eq!(drops.load(Ordering::SeqCst), 2);
    // The parent holds its child.
    let (parent, child) = (holder(), holder());
    parent.link_child(&child).unwrap();
    *parent.holds.lock().unwrap() = Some(Arc::clone(&child));
    drop((parent, child));
    assert_eq!(drops.load(Ordering::SeqCst), 4);
}

// ---- CancelOnDrop ----

#[test]
fn dropping_the_guard_cancels_even_while_others_hold_the_operation() {
    let log = log();
    let task = Task::started("task", &log);
    let guard = CancelOnDrop::new(Arc::clone(&task));
    assert_eq!(guard.id(), task.id(), "derefs to the handle, and forwards");
    let handle: &Arc<Task> = &guard;
    assert_eq!(handle.name, "task");
    drop(guard);
    assert_eq!(task.cancel_reason(), Some(CancelReason::Dropped));

    // Finished first: a no-op.
    let task = Task::started("task", &log);
    let guard = CancelOnDrop::new(&*task);
    task.complete(3).unwrap();
    drop(guard);
    assert_eq!(task.status(), AsyncStatus::Completed);

    // Detached: the handle comes back, nothing is canceled.
    let task = Task::started("task", &log);
    let handle = CancelOnDrop::new(Arc::clone(&task)).detach();
    assert!(Arc::ptr_eq(&handle, &task));
    assert_eq!(task.status(), AsyncStatus::Started);
}

#[test]
fn the_guard_stands_in_a_list_of_operations() {
    let log = log();
    let task = Task::started("task", &log);
    let guard = CancelOnDrop::new(Arc::clone(&task));
    let list: Vec<&dyn AsyncInfo> = vec![&guard, &*task];
    assert!(list[0].cancel_with(CancelReason::Timeout));
    assert_eq!(list[1].cancel_reason(), Some(CancelReason::Timeout));
    task.acknowledge_cancel().unwrap();
    assert_eq!(list[0].wait(), AsyncStatus::Canceled);
}

// ---- deadlines ----

#[test]
fn a_deadline_cancels_with_timeout_under_plain_threads() {
    let log = log();
    let task = Task::started("task", &log);
    let begun = Instant::now();
    let deadline = cancel_after(&task, Duration::from_millis(30));
    let worker = thread::spawn({
        let task = Arc::clone(&task);
        move || {
            while !task.is_cancel_requested_now() {
                thread::sleep(Duration::from_millis(1));
            }
            task.acknowledge_cancel().unwrap();
        }
    });
    assert_eq!(task.wait(), AsyncStatus::Canceled);
    assert!(begun.elapsed() >= Duration::from_millis(30));
    assert_eq!(task.cancel_reason(), Some(CancelReason::Timeout));
    worker.join().unwrap();
    assert!(!deadline.disarm(), "it had fired");
    assert!(task.cancel_thread.lock().unwrap().is_some());
}

impl Task {
    fn is_cancel_requested_now(&self) -> bool {
        self.status() == AsyncStatus::Canceled
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_deadline_cancels_with_timeout_under_tokio() {
    let log = log();
    let task = Task::new("task", &log);
    let _deadline = cancel_at(&task, Instant::now() + Duration::from_millis(20));
    // Even a single-threaded runtime is woken: the deadline fires on its own thread.
    assert_eq!(task.finished().await, AsyncStatus::Canceled);
    assert_eq!(task.cancel_reason(), Some(CancelReason::Timeout));
}

#[test]
fn a_disarmed_dropped_or_beaten_deadline_does_nothing_and_a_detached_one_fires() {
    let log = log();
    let (disarmed, dropped, finished, detached) = (
        Task::started("disarmed", &log),
        Task::started("dropped", &log),
        Task::started("finished", &log),
        Task::new("detached", &log),
    );
    let soon = Duration::from_millis(20);
    assert!(cancel_after(&disarmed, soon).disarm());
    drop(cancel_after(&dropped, soon));
    let deadline = cancel_after(&finished, soon);
    finished.complete(1).unwrap();
    cancel_after(&detached, soon).detach();
    assert_eq!(detached.wait(), AsyncStatus::Canceled);
    thread::sleep(soon);
    assert_eq!(disarmed.status(), AsyncStatus::Started);
    assert_eq!(dropped.status(), AsyncStatus::Started);
    assert_eq!(finished.status(), AsyncStatus::Completed);
    drop(deadline);
}

#[test]
fn a_deadline_keeps_no_operation_alive() {
    let drops = Arc::new(AtomicUsize::new(0));
    let holder = Arc::new(Holder {
        holds: Mutex::new(None),
        _count: DropCount(Arc::clone(&drops)),
        status: Default::default(),
    });
    cancel_after(&holder, Duration::from_secs(3600)).detach();
    drop(holder);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

// ---- consumers through dyn (§9) ----

#[async_operation(output = String, progress = u8)]
struct Fetch;

#[async_operation]
struct Cleanup;

/// A waker that counts its wakes and may run a callback.
#[derive(Default)]
struct CountingWake {
    wakes: AtomicUsize,
    callback: Mutex<Option<Box<dyn Fn() + Send>>>,
}

impl CountingWake {
    fn on_wake(&self, callback: impl Fn() + Send + 'static) {
        *self.callback.lock().unwrap() = Some(Box::new(callback));
    }
}

impl std::task::Wake for CountingWake {
    fn wake(self: Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        if let Some(callback) = &*self.callback.lock().unwrap() {
            callback();
        }
    }
}

#[test]
fn a_heterogeneous_list_reads_cancels_and_waits_through_dyn() {
    let fetch = Arc::new(Fetch {
        status: Default::default(),
    });
    let cleanup = Arc::new(Cleanup {
        status: Default::default(),
    });
    fetch.start().unwrap();
    fetch.report_progress(40).unwrap();
    let list: Vec<Arc<dyn AsyncInfo + Send + Sync>> = vec![fetch.clone(), cleanup.clone()];
    assert_eq!(list[0].wait_timeout(Duration::from_millis(1)), None);
    assert!(list[1].cancel_with(CancelReason::Timeout));
    assert_eq!(list[1].cancel_reason(), Some(CancelReason::Timeout));
    assert_eq!(list[1].wait(), AsyncStatus::Canceled);
    let progress: &dyn AsyncProgress<Progress = u8> = &*fetch;
    assert_eq!(progress.progress(), Some(40));
    fetch.complete("done".into()).unwrap();
    assert_eq!(list[0].wait(), AsyncStatus::Completed);
    assert_eq!(list[0].cancel_reason(), None);
}

#[tokio::test]
async fn a_task_awaiting_a_dyn_list_spawns_on_tokio() {
    let fetch = Arc::new(Fetch {
        status: Default::default(),
    });
    let cleanup = Arc::new(Cleanup {
        status: Default::default(),
    });
    let list: Vec<Arc<dyn AsyncInfo + Send + Sync>> = vec![fetch.clone(), cleanup.clone()];
    let waiting = tokio::spawn(async move {
        let mut statuses = Vec::new();
        for op in &list {
            statuses.push(op.finished().await);
        }
        statuses
    });
    fetch.start().unwrap();
    fetch.complete("x".into()).unwrap();
    cleanup.cancel();
    assert_eq!(
        waiting.await.unwrap(),
        [AsyncStatus::Completed, AsyncStatus::Canceled]
    );
}

#[test]
fn inherent_and_dyn_finished_are_one_type() {
    fn through_dyn(op: &dyn AsyncInfo) -> asyncinfo::Finished<'_> {
        op.finished()
    }
    let fetch = Fetch {
        status: Default::default(),
    };
    let futures = [fetch.finished(), through_dyn(&fetch)];
    fetch.start().unwrap();
    fetch.complete("y".into()).unwrap();
    for future in futures {
        let mut future = pin!(future);
        assert_eq!(
            future
                .as_mut()
                .poll(&mut Context::from_waker(Waker::noop())),
            Poll::Ready(AsyncStatus::Completed)
        );
    }
}

/// A hand-written implementation: only the six required methods.
struct Manual(AtomicUsize);

impl AsyncInfo for Manual {
    fn id(&self) -> asyncinfo::AsyncId {
        Fetch {
            status: Default::default(),
        }
        .id()
    }
    fn status(&self) -> AsyncStatus {
        AsyncStatus::try_from(self.0.load(Ordering::SeqCst) as i32).unwrap()
    }
    fn cancel(&self) -> bool {
        self.0
            .store(AsyncStatus::Canceled as usize, Ordering::SeqCst);
        true
    }
    fn close(&self) -> Result<(), asyncinfo::AsyncError> {
        Ok(())
    }
    fn is_closed(&self) -> bool {
        false
    }
    fn is_finished(&self) -> bool {
        self.status() != AsyncStatus::Started
    }
}

#[test]
fn a_hand_written_implementation_gets_working_defaults() {
    let manual = Arc::new(Manual(AtomicUsize::new(AsyncStatus::Started as usize)));
    assert_eq!(manual.wait_timeout(Duration::from_millis(5)), None);
    let canceler = thread::spawn({
        let manual = Arc::clone(&manual);
        move || {
            thread::sleep(Duration::from_millis(10));
            manual.cancel_with(CancelReason::Timeout)
        }
    });
    assert_eq!(manual.wait(), AsyncStatus::Canceled);
    assert!(canceler.join().unwrap());
    assert_eq!(manual.cancel_reason(), Some(CancelReason::Requested));
    let mut finished = pin!(manual.finished());
    assert_eq!(
        finished
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop())),
        Poll::Ready(AsyncStatus::Canceled)
    );
    let child: Arc<dyn AsyncInfo + Send + Sync> = Arc::new(Cleanup {
        status: Default::default(),
    });
    assert_eq!(
        manual.link_child(&child).unwrap_err().kind(),
        AsyncErrorKind::IllegalMethodCall
    );
}
