//! Shuttle models of the races whose waits loom cannot explore.
//!
//! A registrar that reads a claimed word waits for the claim's publish before it decides
//! (the claim's outcome is not known before). With two such registrars, loom's exhaustive
//! search follows schedules in which the two waiters yield to each other for ever and never
//! run the claiming thread, and it gives up ("exceeded maximum number of branches"). Shuttle's
//! randomized and PCT schedulers run those waits to the end. Shuttle treats every atomic as
//! `SeqCst`, so these models check the protocol (nothing lost, nothing doubled); the memory
//! orderings of the same code paths are checked by loom's one-registrar models
//! (`tests/loom.rs`).
//!
//! `RUSTFLAGS="--cfg shuttle" cargo test --release -p asyncinfo-runtime shuttle`
#![cfg(shuttle)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use asyncinfo::{async_operation, AsyncStatus, CancelReason};
use shuttle::thread;

#[async_operation(output = Box<u32>)]
struct Op;

const ITERATIONS: usize = 20_000;

fn started() -> Arc<Op> {
    let op = Arc::new(Op {
        status: Default::default(),
    });
    op.start().unwrap();
    op
}

/// Registers a handler that counts its runs in `runs`.
fn count_runs(op: &Op, runs: &Arc<AtomicUsize>) {
    let runs = Arc::clone(runs);
    op.on_completed(move |op, status| {
        assert!(op.is_finished());
        assert_eq!(op.status(), status);
        runs.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
}

fn two_registrations_vs_complete() {
    let op = started();
    let runs = Arc::new(AtomicUsize::new(0));
    let registrars: Vec<_> = (0..2)
        .map(|_| {
            let (op, runs) = (Arc::clone(&op), Arc::clone(&runs));
            thread::spawn(move || count_runs(&op, &runs))
        })
        .collect();
    op.complete(Box::new(1)).unwrap();
    for registrar in registrars {
        registrar.join().unwrap();
    }
    assert_eq!(runs.load(Ordering::SeqCst), 2, "lost or doubled");
}

#[test]
fn shuttle_two_registrations_vs_complete_random() {
    shuttle::check_random(two_registrations_vs_complete, ITERATIONS);
}

#[test]
fn shuttle_two_registrations_vs_complete_pct() {
    shuttle::check_pct(two_registrations_vs_complete, ITERATIONS, 3);
}

/// Two registrars and a cancel whose reason carries data (so it claims, too) against the
/// worker's complete: one of the two finishes, each handler runs once, the reason is whole.
fn registrations_vs_claiming_cancel_vs_complete() {
    let op = started();
    let runs = Arc::new(AtomicUsize::new(0));
    let registrar = {
        let (op, runs) = (Arc::clone(&op), Arc::clone(&runs));
        thread::spawn(move || count_runs(&op, &runs))
    };
    let canceller = {
        let op = Arc::clone(&op);
        thread::spawn(move || {
            let parent = Op {
                status: Default::default(),
            };
            op.cancel_with(CancelReason::Parent(parent.id()))
        })
    };
    let completed = op.complete(Box::new(2));
    count_runs(&op, &runs);
    registrar.join().unwrap();
    let canceled = canceller.join().unwrap();
    if canceled {
        // The refused complete was the worker's acknowledgement.
        assert!(completed.is_err());
        assert!(matches!(op.cancel_reason(), Some(CancelReason::Parent(_))));
    } else {
        assert!(completed.is_ok());
        assert_eq!(op.status(), AsyncStatus::Completed);
    }
    assert!(op.is_finished());
    assert_eq!(runs.load(Ordering::SeqCst), 2, "lost or doubled");
}

#[test]
fn shuttle_registrations_vs_claiming_cancel_vs_complete_random() {
    shuttle::check_random(registrations_vs_claiming_cancel_vs_complete, ITERATIONS);
}

#[test]
fn shuttle_registrations_vs_claiming_cancel_vs_complete_pct() {
    shuttle::check_pct(registrations_vs_claiming_cancel_vs_complete, ITERATIONS, 3);
}

/// A waker that counts its wakes.
struct CountingWaker(AtomicUsize);

impl std::task::Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A handler and the first awaiter link themselves without a registry, each racing the other
/// (the second moves both into the registry) and the complete: the handler runs once, and the
/// awaiter is woken once if its first poll was pending.
fn handler_and_first_awaiter_vs_complete() {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    let op = started();
    let runs = Arc::new(AtomicUsize::new(0));
    let registrar = {
        let (op, runs) = (Arc::clone(&op), Arc::clone(&runs));
        thread::spawn(move || count_runs(&op, &runs))
    };
    let completer = {
        let op = Arc::clone(&op);
        thread::spawn(move || op.complete(Box::new(2)).unwrap())
    };
    let wakes = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let waker = Waker::from(Arc::clone(&wakes));
    let mut cx = Context::from_waker(&waker);
    let mut finished = Box::pin(op.finished());
    let ready = finished.as_mut().poll(&mut cx).is_ready();
    registrar.join().unwrap();
    completer.join().unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the handler ran once");
    // Pending: woken exactly once. Ready at once: perhaps woken once anyway, when the finish
    // took the node the poll had linked just before it saw the finish (a spurious wake).
    let wakes = wakes.0.load(Ordering::SeqCst);
    assert!(wakes <= 1, "woken {wakes} times");
    assert!(ready || wakes == 1, "pending and never woken");
    assert_eq!(
        finished.as_mut().poll(&mut cx),
        Poll::Ready(AsyncStatus::Completed)
    );
}

#[test]
fn shuttle_handler_and_first_awaiter_vs_complete_random() {
    shuttle::check_random(handler_and_first_awaiter_vs_complete, ITERATIONS);
}

#[test]
fn shuttle_handler_and_first_awaiter_vs_complete_pct() {
    shuttle::check_pct(handler_and_first_awaiter_vs_complete, ITERATIONS, 3);
}

/// A registry's inserts, a list and an operation's finish racing, with a retention of zero:
/// the list sees each operation at most once, the watch of the finished one is taken in, and
/// the registry's next call drops it and keeps the unfinished one.
fn registry_insert_list_finish() {
    use asyncinfo::{ListQuery, Registry};
    use std::collections::HashSet;

    let ops: Registry = Registry::new().with_retention(std::time::Duration::ZERO);
    let (finishing, running) = (started(), started());
    let inserter = {
        let (ops, finishing, running) = (ops.clone(), Arc::clone(&finishing), Arc::clone(&running));
        thread::spawn(move || (ops.insert(finishing), ops.insert(running)))
    };
    let finisher = {
        let finishing = Arc::clone(&finishing);
        thread::spawn(move || finishing.complete(Box::new(1)).unwrap())
    };
    let lister = {
        let ops = ops.clone();
        thread::spawn(move || {
            let page = ops.list(ListQuery::default()).unwrap();
            let names: HashSet<String> = page.operations.into_iter().map(|(n, _)| n).collect();
            names.len()
        })
    };
    let (finished_name, running_name) = inserter.join().unwrap();
    finisher.join().unwrap();
    assert!(lister.join().unwrap() <= 2);
    assert!(
        ops.get(&finished_name).is_none(),
        "finished: dropped at the next call"
    );
    assert!(ops.get(&running_name).is_some(), "unfinished: kept");
}

#[test]
fn shuttle_registry_insert_list_finish_random() {
    shuttle::check_random(registry_insert_list_finish, ITERATIONS);
}

#[test]
fn shuttle_registry_insert_list_finish_pct() {
    shuttle::check_pct(registry_insert_list_finish, ITERATIONS, 3);
}

/// `wait_any` and `wait_all` on two operations that two threads finish: the first is one that
/// finished, the statuses are each operation's, and nobody waits for ever.
fn wait_any_and_all_vs_finishes() {
    use asyncinfo::{wait_all, wait_any};

    let ops = [started(), started()];
    let finishers: Vec<_> = ops
        .iter()
        .enumerate()
        .map(|(n, op)| {
            let op = Arc::clone(op);
            thread::spawn(move || {
                if n == 0 {
                    op.complete(Box::new(1)).unwrap();
                } else {
                    op.cancel();
                    op.acknowledge_cancel().unwrap();
                }
            })
        })
        .collect();
    let (index, status) = wait_any(&ops, None).unwrap();
    assert_eq!(ops[index].status(), status);
    let all = wait_all(&ops, None).unwrap();
    assert_eq!(all, [AsyncStatus::Completed, AsyncStatus::Canceled]);
    for finisher in finishers {
        finisher.join().unwrap();
    }
}

#[test]
fn shuttle_wait_any_and_all_vs_finishes_random() {
    shuttle::check_random(wait_any_and_all_vs_finishes, ITERATIONS);
}

#[test]
fn shuttle_wait_any_and_all_vs_finishes_pct() {
    shuttle::check_pct(wait_any_and_all_vs_finishes, ITERATIONS, 3);
}
