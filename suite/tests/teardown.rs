//! Cancels that run where a panic would abort the process: from a thread-local's destructor
//! (while the thread's other thread-locals are destroyed) and from a destructor that runs while
//! the thread unwinds. Each scenario runs on a thread of its own; the test checks that the
//! thread joins (an abort would take the whole test binary down) and that the cancel, its
//! cascade and every notification still happened.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread;

use asyncinfo::{async_operation, AsyncStatus, CancelOnDrop, CancelReason, Worker};

#[async_operation(output = u32, on_cancel = Self::on_cancel)]
#[derive(Default)]
struct Op {
    /// `on_cancel` panics.
    explode: bool,
}

impl Op {
    fn on_cancel(&self) {
        assert!(!self.explode, "on_cancel exploded");
    }
}

fn op() -> Arc<Op> {
    Arc::new(Op::default())
}

fn started() -> Arc<Op> {
    let op = op();
    op.start().unwrap();
    op
}

/// A chain of `len` started operations below `top`, each the child of the one before.
fn chain_below(top: &Arc<Op>, len: usize) -> Vec<Arc<Op>> {
    let mut chain: Vec<Arc<Op>> = Vec::with_capacity(len);
    for _ in 0..len {
        let child = started();
        chain.last().unwrap_or(top).link_child(&child).unwrap();
        chain.push(child);
    }
    chain
}

/// Makes this thread use the cascade (and its queue, 64 levels down) after the scenario's
/// thread-local was set: thread-locals are destroyed in the reverse order of their first use,
/// so the cascade's own state, had it a destructor, would be gone by the time the scenario's
/// destructor cancels.
fn cascade_once() {
    let top = started();
    let chain = chain_below(&top, 100);
    assert!(top.cancel());
    assert!(chain.iter().all(|op| op.status() == AsyncStatus::Canceled));
}

thread_local! {
    static GUARD: RefCell<Option<CancelOnDrop<Arc<Op>>>> = const { RefCell::new(None) };
    static WORKER: RefCell<Option<Worker<Arc<Op>>>> = const { RefCell::new(None) };
}

#[test]
fn a_cancel_on_drop_in_a_thread_local_cancels_and_cascades_at_thread_exit() {
    let parent = started();
    let chain = chain_below(&parent, 200);
    let scenario = {
        let parent = Arc::clone(&parent);
        thread::spawn(move || {
            GUARD.with(|guard| *guard.borrow_mut() = Some(CancelOnDrop::new(parent)));
            cascade_once();
        })
    };
    scenario.join().expect("the thread joins");
    assert_eq!(parent.cancel_reason(), Some(CancelReason::Dropped));
    let mut above = parent.id();
    for op in &chain {
        assert_eq!(op.cancel_reason(), Some(CancelReason::Parent(above)));
        above = op.id();
    }
}

#[test]
fn a_worker_in_a_thread_local_abandons_and_cascades_at_thread_exit() {
    let parent = op();
    let chain = chain_below(&parent, 200);
    let scenario = {
        let parent = Arc::clone(&parent);
        thread::spawn(move || {
            let worker = parent.worker_owned().unwrap();
            WORKER.with(|slot| *slot.borrow_mut() = Some(worker));
            cascade_once();
        })
    };
    scenario.join().expect("the thread joins");
    assert!(parent.is_finished());
    assert!(matches!(
        parent.cancel_reason(),
        Some(CancelReason::Abandoned { .. })
    ));
    assert!(chain.iter().all(|op| op.status() == AsyncStatus::Canceled));
}

/// Counts its wakes.
#[derive(Default)]
struct Wakes(AtomicUsize);

impl Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A boxed `finished()` future, kept registered.
type Awaiting = Pin<Box<dyn Future<Output = AsyncStatus> + Send>>;

/// Registers an awaiter and two completion handlers on `op`: the first handler panics, the
/// second counts. Returns the awaiter's wakes, the second handler's runs, and the pinned
/// future (to keep it registered).
fn waiters(op: &Arc<Op>) -> (Arc<Wakes>, Arc<AtomicUsize>, Awaiting) {
    let wakes = Arc::new(Wakes::default());
    let mut finished: Awaiting = Box::pin(Arc::clone(op).finished_owned());
    let waker = Waker::from(Arc::clone(&wakes));
    assert!(finished
        .as_mut()
        .poll(&mut Context::from_waker(&waker))
        .is_pending());
    op.on_completed(|_, _| panic!("a handler exploded"))
        .unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    op.on_completed(move |_, _| {
        counted.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
    (wakes, runs, finished)
}

#[test]
fn a_cancel_on_drop_dropped_while_unwinding_survives_a_panicking_handler() {
    // From Created, the cancel finishes the operation: the handlers run in the guard's drop.
    let op = op();
    let (wakes, runs, mut finished) = waiters(&op);
    let scenario = {
        let op = Arc::clone(&op);
        thread::spawn(move || {
            let _guard = CancelOnDrop::new(op);
            panic!("the consumer panicked");
        })
    };
    let panic = scenario
        .join()
        .expect_err("the consumer's own panic, not an abort");
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"the consumer panicked"));
    assert_eq!(op.cancel_reason(), Some(CancelReason::Dropped));
    assert!(op.is_finished());
    assert_eq!(wakes.0.load(Ordering::SeqCst), 1, "the awaiter was woken");
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the other handler ran");
    let waker = Waker::from(wakes);
    assert_eq!(
        finished.as_mut().poll(&mut Context::from_waker(&waker)),
        Poll::Ready(AsyncStatus::Canceled)
    );
}

#[test]
fn a_cancel_on_drop_dropped_while_unwinding_survives_a_panicking_on_cancel() {
    let op = Arc::new(Op {
        explode: true,
        ..Op::default()
    });
    op.start().unwrap();
    let child = started();
    op.link_child(&child).unwrap();
    let scenario = {
        let op = Arc::clone(&op);
        thread::spawn(move || {
            let _guard = CancelOnDrop::new(op);
            panic!("the consumer panicked");
        })
    };
    assert!(scenario.join().is_err());
    assert_eq!(op.cancel_reason(), Some(CancelReason::Dropped));
    assert_eq!(child.cancel_reason(), Some(CancelReason::Parent(op.id())));
    // The worker stops later: the operation finishes then, as usual.
    op.acknowledge_cancel().unwrap();
    assert!(op.is_finished());
}

#[test]
fn a_cancel_on_drop_dropped_normally_still_propagates_a_handler_panic() {
    let op = op();
    let (wakes, runs, _finished) = waiters(&op);
    let guard = CancelOnDrop::new(Arc::clone(&op));
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(guard)))
        .expect_err("the handler's panic reaches the thread that dropped the guard");
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"a handler exploded"));
    assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}
