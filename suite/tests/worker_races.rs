//! Races of the worker and of cancel reasons on real threads: whatever wins, the operation
//! ends finished, notified exactly once, with one reason seen by everyone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use asyncinfo::{async_operation, AsyncStatus, CancelReason};

const ITERATIONS: usize = 3_000;

#[async_operation(output = u64)]
struct Op;

fn watched() -> (Arc<Op>, Arc<AtomicUsize>) {
    let op = Arc::new(Op {
        status: Default::default(),
    });
    let runs = Arc::new(AtomicUsize::new(0));
    {
        let runs = Arc::clone(&runs);
        op.on_completed(move |_, _| {
            runs.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
    }
    (op, runs)
}

#[test]
fn worker_drop_against_cancel() {
    let (mut by_cancel, mut by_worker) = (0, 0);
    for _ in 0..ITERATIONS {
        let (op, runs) = watched();
        let worker = Arc::clone(&op).worker_owned().unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let canceller = {
            let (op, barrier) = (Arc::clone(&op), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                op.cancel_with(CancelReason::Timeout)
            })
        };
        barrier.wait();
        drop(worker);
        let canceled = canceller.join().unwrap();
        assert!(op.is_finished());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        match op.cancel_reason() {
            Some(CancelReason::Timeout) if canceled => by_cancel += 1,
            Some(CancelReason::Abandoned { .. }) if !canceled => by_worker += 1,
            other => panic!("canceled: {canceled}, reason {other:?}"),
        }
    }
    println!("worker drop vs cancel: cancel won {by_cancel}, the worker {by_worker}");
}

/// Pending once (waking itself), then ready.
async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if std::mem::replace(&mut yielded, true) {
            std::task::Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await;
}

#[test]
fn run_against_cancel() {
    let (mut completed, mut canceled) = (0, 0);
    for i in 0..ITERATIONS {
        let (op, runs) = watched();
        let worker = Arc::clone(&op).worker_owned().unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let runner = {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                barrier.wait();
                futures::executor::block_on(worker.run(async move {
                    // Sometimes pending once, so that a cancel can also wake the run.
                    if i % 2 == 0 {
                        yield_once().await;
                    }
                    Ok(1)
                }))
            })
        };
        barrier.wait();
        let did_cancel = op.cancel();
        let status = runner.join().unwrap();
        assert_eq!(status, op.status());
        assert!(op.is_finished());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        match status {
            AsyncStatus::Completed => {
                assert!(!did_cancel);
                completed += 1;
            }
            AsyncStatus::Canceled => {
                assert!(did_cancel);
                assert!(matches!(op.cancel_reason(), Some(CancelReason::Requested)));
                canceled += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    println!("run vs cancel: completed {completed}, canceled {canceled}");
}

#[test]
fn two_reasons_one_wins_everywhere() {
    for _ in 0..ITERATIONS {
        let (op, runs) = watched();
        let worker = Arc::clone(&op).worker_owned().unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let other = {
            let (op, barrier) = (Arc::clone(&op), Arc::clone(&barrier));
            thread::spawn(move || {
                barrier.wait();
                let reason: Box<dyn std::error::Error + Send + Sync> = "shutdown".into();
                let won = op.cancel_with(CancelReason::Other(Arc::from(reason)));
                (won, op.cancel_reason().map(|r| r.to_string()))
            })
        };
        barrier.wait();
        let won = op.cancel_with(CancelReason::Dropped);
        let seen_here = op.cancel_reason().map(|r| r.to_string());
        let (other_won, seen_there) = other.join().unwrap();
        assert!(won != other_won, "exactly one cancel wins");
        let expected = if won {
            "the handle that owned it was dropped"
        } else {
            "shutdown"
        };
        assert_eq!(seen_here.as_deref(), Some(expected));
        assert_eq!(seen_there.as_deref(), Some(expected));
        drop(worker);
        assert_eq!(
            op.cancel_reason().map(|r| r.to_string()).as_deref(),
            Some(expected)
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}

/// An owned worker lets go of its `Arc` before it wakes the consumer: right after `wait()` (or
/// the `finished()` future) returns, a consumer that holds the only other handle holds the
/// last one, and takes the result by value.
mod release_before_wake {
    use super::*;
    use asyncinfo::Outcome;

    const RUNS: usize = 10_000;

    #[test]
    fn after_wait() {
        for run in 0..RUNS as u64 {
            let op = Arc::new(Op {
                status: Default::default(),
            });
            let worker = Arc::clone(&op).worker_owned().unwrap();
            // The body ends a moment after the consumer is about to wait, so that the
            // consumer is blocked in `wait()` when it ends, as a consumer that waits is. (One
            // that looks at the very instant between the finish and the worker's release, while
            // the worker's thread is preempted there, can still see its handle: no order of two
            // separate atomics can prevent that.)
            let waiting = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let producer = thread::spawn({
                let waiting = Arc::clone(&waiting);
                move || {
                    worker.run_blocking(|_| {
                        while !waiting.load(Ordering::Acquire) {
                            thread::yield_now();
                        }
                        thread::sleep(std::time::Duration::from_micros(100));
                        Ok(run)
                    })
                }
            });
            waiting.store(true, Ordering::Release);
            assert_eq!(op.wait(), AsyncStatus::Completed);
            let op = Arc::into_inner(op).expect("the worker let go of its handle");
            assert!(matches!(op.into_outcome(), Some(Outcome::Completed(n)) if n == run));
            producer.join().unwrap();
        }
    }

    /// A consumer whose `finished()` future is registered (pending) before the worker
    /// finishes, awaited on an executor that polls only when woken, with a completion handler
    /// too: the handler gets the operation, and the consumer, woken after the worker let go,
    /// holds the last handle. Completed or abandoned.
    #[test]
    fn after_finished_with_a_handler_and_when_abandoned() {
        use std::future::Future;
        for run in 0..RUNS / 2 {
            let op = Arc::new(Op {
                status: Default::default(),
            });
            op.on_completed(|op, status| assert_eq!(op.status(), status))
                .unwrap();
            let worker = Arc::clone(&op).worker_owned().unwrap();
            let registered = Arc::new(Barrier::new(2));
            let producer = thread::spawn({
                let registered = Arc::clone(&registered);
                move || {
                    registered.wait();
                    if run % 2 == 0 {
                        drop(worker.complete(1));
                    } else {
                        drop(worker); // abandoned
                    }
                }
            });
            let status = {
                let mut finished = std::pin::pin!(op.finished());
                let mut first = true;
                futures::executor::block_on(std::future::poll_fn(|cx| {
                    let polled = finished.as_mut().poll(cx);
                    if std::mem::take(&mut first) {
                        assert!(polled.is_pending());
                        registered.wait(); // now the worker finishes
                    }
                    polled
                }))
            };
            let op = Arc::into_inner(op).expect("the worker let go of its handle");
            assert_eq!(op.status(), status);
            assert!(matches!(
                status,
                AsyncStatus::Completed | AsyncStatus::Canceled
            ));
            producer.join().unwrap();
        }
    }
}
