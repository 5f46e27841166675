//! Notification under real races, 10,000 operations per test: a completion handler and two
//! awaiters raced by a `complete` and a `cancel`; registrations racing the finish; and the first
//! awaiter (whose waker lives in its future) and a handler linking themselves while the
//! operation finishes. Every handler runs exactly once, and every awaiter that was pending is
//! woken once.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

use asyncinfo::{async_operation, AsyncStatus};

const ITERATIONS: usize = 10_000;

#[async_operation(output = u64)]
struct Op;

/// Fails the run instead of hanging if a notification is ever lost.
fn watchdog(done: Arc<AtomicBool>) {
    thread::spawn(move || {
        for _ in 0..600 {
            if done.load(Ordering::SeqCst) {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
        eprintln!("stress: no progress for 60 s: a notification was lost");
        std::process::exit(1);
    });
}

#[test]
fn complete_against_cancel_with_a_handler_and_two_awaiters() {
    let done = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&done));
    let barrier = Barrier::new(4);
    let (mut completed, mut canceled) = (0, 0);
    for i in 0..ITERATIONS {
        let op = Op {
            status: Default::default(),
        };
        op.start().unwrap();
        let handler_runs = Arc::new(AtomicUsize::new(0));
        let handler_saw = Arc::new(Mutex::new(None));
        {
            let (runs, saw) = (Arc::clone(&handler_runs), Arc::clone(&handler_saw));
            op.on_completed(move |op, status| {
                runs.fetch_add(1, Ordering::SeqCst);
                assert!(op.is_finished());
                *saw.lock().unwrap() = Some(status);
            })
            .unwrap();
        }
        let (awaited, completion, cancel) = thread::scope(|s| {
            let awaiters: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        futures::executor::block_on(op.finished())
                    })
                })
                .collect();
            let completer = s.spawn(|| {
                barrier.wait();
                op.complete(i as u64)
                    .map_err(|rejected| rejected.into_inner())
            });
            barrier.wait();
            let cancel = op.cancel();
            let completion = completer.join().unwrap();
            let awaited: Vec<AsyncStatus> =
                awaiters.into_iter().map(|a| a.join().unwrap()).collect();
            (awaited, completion, cancel)
        });
        let status = op.status();
        match (completion, cancel) {
            (Ok(()), false) => {
                completed += 1;
                assert_eq!(status, AsyncStatus::Completed);
                assert_eq!(op.results(), Ok(&(i as u64)));
            }
            (Err(value), true) => {
                canceled += 1;
                assert_eq!(value, i as u64, "the refused value comes back");
                assert_eq!(status, AsyncStatus::Canceled);
            }
            other => panic!("iteration {i}: not exactly one winner: {other:?}"),
        }
        assert!(op.is_finished(), "iteration {i}");
        assert_eq!(
            handler_runs.load(Ordering::SeqCst),
            1,
            "iteration {i}: handler runs"
        );
        assert_eq!(*handler_saw.lock().unwrap(), Some(status), "iteration {i}");
        assert_eq!(awaited, [status, status], "iteration {i}: awaiters");
    }
    done.store(true, Ordering::SeqCst);
    assert_eq!(completed + canceled, ITERATIONS);
    println!("stress: {ITERATIONS} iterations, complete won {completed}, cancel won {canceled}");
}

#[test]
fn registration_against_finish_never_loses_or_doubles_a_handler() {
    let done = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&done));
    let barrier = Barrier::new(2);
    for i in 0..ITERATIONS {
        let op = Op {
            status: Default::default(),
        };
        op.start().unwrap();
        let runs = Arc::new(AtomicUsize::new(0));
        thread::scope(|s| {
            s.spawn(|| {
                barrier.wait();
                for _ in 0..2 {
                    let runs = Arc::clone(&runs);
                    op.on_completed(move |_, _| {
                        runs.fetch_add(1, Ordering::SeqCst);
                    })
                    .unwrap();
                }
            });
            barrier.wait();
            op.complete(1).unwrap();
        });
        assert_eq!(runs.load(Ordering::SeqCst), 2, "iteration {i}");
    }
    done.store(true, Ordering::SeqCst);
}

/// A waker that counts its wakes.
struct Wakes(AtomicUsize);

impl std::task::Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn the_first_awaiter_and_a_handler_racing_the_finish_are_each_notified_once() {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    let done = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&done));
    let barrier = Barrier::new(3);
    let (mut pending, mut spurious) = (0, 0);
    for i in 0..ITERATIONS {
        let op = Op {
            status: Default::default(),
        };
        op.start().unwrap();
        let runs = Arc::new(AtomicUsize::new(0));
        let wakes = Arc::new(Wakes(AtomicUsize::new(0)));
        let first_pending = thread::scope(|s| {
            // The handler links itself, or moves the future's node into the registry.
            s.spawn(|| {
                barrier.wait();
                let runs = Arc::clone(&runs);
                op.on_completed(move |_, _| {
                    runs.fetch_add(1, Ordering::SeqCst);
                })
                .unwrap();
            });
            let awaiter = s.spawn(|| {
                let waker = Waker::from(Arc::clone(&wakes));
                let mut finished = Box::pin(op.finished());
                barrier.wait();
                let first = finished.as_mut().poll(&mut Context::from_waker(&waker));
                (first.is_pending(), finished)
            });
            barrier.wait();
            op.complete(1).unwrap();
            awaiter.join().unwrap()
        });
        let (first_pending, mut finished) = first_pending;
        // The finish is over (`complete` returned), and the future was not polled again.
        assert_eq!(runs.load(Ordering::SeqCst), 1, "iteration {i}: the handler");
        let woken = wakes.0.load(Ordering::SeqCst);
        assert!(woken <= 1, "iteration {i}: woken {woken} times");
        if first_pending {
            pending += 1;
            assert_eq!(woken, 1, "iteration {i}: a pending awaiter was never woken");
        } else {
            spurious += woken;
        }
        let waker = Waker::from(Arc::new(Wakes(AtomicUsize::new(0))));
        assert_eq!(
            finished.as_mut().poll(&mut Context::from_waker(&waker)),
            Poll::Ready(AsyncStatus::Completed)
        );
    }
    done.store(true, Ordering::SeqCst);
    eprintln!("pending at the first poll {pending} of {ITERATIONS}; spurious wakes {spurious}");
}
