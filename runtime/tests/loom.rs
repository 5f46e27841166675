//! Loom models of the races of the state machine and its notification, one `#[test]` per race.
//! Loom runs each model under every interleaving (bounded where noted) that its memory model
//! allows, and checks the payload cell's accesses and the registry's lock.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p asyncinfo-runtime loom`
#![cfg(loom)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Wake, Waker};

use asyncinfo::{async_operation, AsyncErrorKind, AsyncStatus, CancelReason};
use loom::sync::Arc;
use loom::thread;

#[derive(Debug, PartialEq)]
struct Failure(u32);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failure {}", self.0)
    }
}

impl std::error::Error for Failure {}

#[async_operation(output = Box<u32>, error = Failure, progress = u32)]
struct Op;

fn started() -> Arc<Op> {
    let op = Arc::new(Op {
        status: Default::default(),
    });
    op.start().unwrap();
    op
}

/// Registers a handler that counts its runs in `runs`.
fn count_runs(op: &Op, runs: &std::sync::Arc<AtomicUsize>) {
    let runs = std::sync::Arc::clone(runs);
    op.on_completed(move |op, status| {
        assert!(op.is_finished());
        assert_eq!(op.status(), status);
        runs.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
}

/// Runs `f` under loom with at most `bound` preemptions per execution (`None`: unbounded).
fn model(bound: Option<usize>, f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    // A transition that meets a claim yields until it is published; loom counts each yield
    // as a branch.
    builder.max_branches = 10_000;
    builder.check(f);
}

#[test]
fn loom_complete_vs_cancel() {
    model(None, || {
        let op = started();
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        count_runs(&op, &runs);
        let completer = {
            let op = Arc::clone(&op);
            thread::spawn(move || op.complete(Box::new(7)).map_err(|r| *r.into_inner()))
        };
        let canceled = op.cancel();
        if !canceled {
            // Lost to the complete: the operation already shows it, on this thread.
            assert_eq!(op.status(), AsyncStatus::Completed);
            assert!(op.is_finished());
        }
        let completed = completer.join().unwrap();
        match (completed, canceled) {
            (Ok(()), false) => assert_eq!(**op.results().unwrap(), 7),
            (Err(7), true) => assert_eq!(op.status(), AsyncStatus::Canceled),
            other => panic!("not exactly one winner: {other:?}"),
        }
        assert!(op.is_finished());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn loom_registration_vs_complete() {
    model(None, || {
        let op = started();
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        let registrar = {
            let (op, runs) = (Arc::clone(&op), std::sync::Arc::clone(&runs));
            thread::spawn(move || count_runs(&op, &runs))
        };
        op.complete(Box::new(1)).unwrap();
        registrar.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1, "lost or doubled");
    });
}

// Two registrations racing a complete are checked by shuttle (`tests/shuttle.rs`): each
// registrar that meets the claim waits for its publish, and loom's exhaustive search follows
// schedules in which the two waiters yield to each other for ever.

#[test]
fn loom_fail_vs_error_code_read() {
    model(None, || {
        let op = started();
        let reader = {
            let op = Arc::clone(&op);
            thread::spawn(move || {
                let status = op.status();
                let code = op.error_code();
                if status == AsyncStatus::Error {
                    assert_eq!(code, Some(&Failure(3)), "Error without its error");
                }
                if let Some(code) = code {
                    assert_eq!(code, &Failure(3));
                }
            })
        };
        op.fail(Failure(3)).unwrap();
        reader.join().unwrap();
        assert_eq!(op.error_code(), Some(&Failure(3)));
    });
}

#[test]
fn loom_cancel_vs_acknowledge_vs_close() {
    model(None, || {
        let op = started();
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        count_runs(&op, &runs);
        let canceller = {
            let op = Arc::clone(&op);
            thread::spawn(move || op.cancel())
        };
        let closer = {
            let op = Arc::clone(&op);
            thread::spawn(move || op.close())
        };
        let acknowledged = op.acknowledge_cancel();
        assert!(canceller.join().unwrap(), "cancel from Started always wins");
        let closed = closer.join().unwrap();

        assert_eq!(op.status(), AsyncStatus::Canceled);
        match &acknowledged {
            Ok(()) => assert!(op.is_finished()),
            Err(err) => {
                assert_eq!(err.kind(), AsyncErrorKind::IllegalStateChange);
                assert_eq!(
                    err.status(),
                    AsyncStatus::Started,
                    "refused only before the cancel"
                );
                assert!(!op.is_finished());
            }
        }
        match &closed {
            Ok(()) => assert!(op.is_closed()),
            Err(err) => assert_eq!(err.status(), AsyncStatus::Started),
        }
        assert_eq!(runs.load(Ordering::SeqCst), usize::from(op.is_finished()));
        // Whatever the order, the worker's acknowledgement finishes it now, once.
        op.acknowledge_cancel().unwrap();
        assert!(op.is_finished());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    });
}

/// A waker that counts its wakes.
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn loom_awaiter_dropped_vs_complete() {
    model(None, || {
        let op = started();
        let dropped_counter = std::sync::Arc::new(CountingWaker(AtomicUsize::new(0)));
        let kept_counter = std::sync::Arc::new(CountingWaker(AtomicUsize::new(0)));
        // One awaiter registers and stays; it must be woken exactly once by the finish.
        let kept_waker = Waker::from(std::sync::Arc::clone(&kept_counter));
        let mut kept = Box::pin(op.finished());
        assert!(kept
            .as_mut()
            .poll(&mut Context::from_waker(&kept_waker))
            .is_pending());
        // Another polls and drops its future while the operation finishes.
        let awaiter = {
            let (op, counter) = (Arc::clone(&op), std::sync::Arc::clone(&dropped_counter));
            thread::spawn(move || {
                let waker = Waker::from(counter);
                let mut finished = Box::pin(op.finished());
                let polled = finished.as_mut().poll(&mut Context::from_waker(&waker));
                drop(finished);
                polled
            })
        };
        op.complete(Box::new(2)).unwrap();
        let polled = awaiter.join().unwrap();
        assert_eq!(
            kept_counter.0.load(Ordering::SeqCst),
            1,
            "the kept awaiter is woken once"
        );
        let dropped_wakes = dropped_counter.0.load(Ordering::SeqCst);
        match polled {
            std::task::Poll::Ready(status) => {
                assert_eq!(status, AsyncStatus::Completed);
                assert_eq!(dropped_wakes, 0, "resolved at once: it never registered");
            }
            // Woken only if the finish took its waker before the drop removed it.
            std::task::Poll::Pending => assert!(dropped_wakes <= 1),
        }
        assert_eq!(
            kept.as_mut().poll(&mut Context::from_waker(&kept_waker)),
            std::task::Poll::Ready(AsyncStatus::Completed)
        );
    });
}

/// The first awaiter's node is linked into the operation (no registry). Its future repolls
/// with another waker (unlink, link again) and is dropped while the operation finishes: the
/// finisher takes the node's waker at most once, and never after the drop.
#[test]
fn loom_awaiter_node_repolled_and_dropped_vs_complete() {
    model(None, || {
        let op = started();
        let first = std::sync::Arc::new(CountingWaker(AtomicUsize::new(0)));
        let second = std::sync::Arc::new(CountingWaker(AtomicUsize::new(0)));
        let awaiter = {
            let op = Arc::clone(&op);
            let (first, second) = (
                std::sync::Arc::clone(&first),
                std::sync::Arc::clone(&second),
            );
            thread::spawn(move || {
                let (first, second) = (Waker::from(first), Waker::from(second));
                let mut finished = Box::pin(op.finished());
                let a = finished.as_mut().poll(&mut Context::from_waker(&first));
                let b = finished.as_mut().poll(&mut Context::from_waker(&second));
                drop(finished);
                (a.is_ready(), b.is_ready())
            })
        };
        op.complete(Box::new(3)).unwrap();
        let (a, b) = awaiter.join().unwrap();
        let (first, second) = (
            first.0.load(Ordering::SeqCst),
            second.0.load(Ordering::SeqCst),
        );
        assert!(first + second <= 1, "woken once at most");
        // Ready at once may still see one wake: the node linked, the finisher took it, and the
        // poll saw the finish too (a spurious wake, which a future may always get).
        if a {
            assert!(b, "ready stays ready");
            assert_eq!(second, 0, "the second poll had nothing to register");
        }
        if !b {
            assert_eq!(first, 0, "the replaced waker is not woken");
        }
    });
}

/// The first awaiter's node is linked; a handler that comes next moves it into the registry
/// while the operation finishes: the finish takes it from the field or from the registry,
/// once. (Two registrars racing a finish at once are checked by shuttle: see below.)
#[test]
fn loom_handler_moves_the_awaiter_into_the_registry_vs_complete() {
    model(None, || {
        let op = started();
        let wakes = std::sync::Arc::new(CountingWaker(AtomicUsize::new(0)));
        let waker = Waker::from(std::sync::Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);
        let mut finished = Box::pin(op.finished());
        assert!(finished.as_mut().poll(&mut cx).is_pending());
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        let registrar = {
            let (op, runs) = (Arc::clone(&op), std::sync::Arc::clone(&runs));
            thread::spawn(move || count_runs(&op, &runs))
        };
        op.complete(Box::new(4)).unwrap();
        registrar.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1, "the handler ran once");
        assert_eq!(
            wakes.0.load(Ordering::SeqCst),
            1,
            "the awaiter was woken once"
        );
        assert_eq!(
            finished.as_mut().poll(&mut cx),
            std::task::Poll::Ready(AsyncStatus::Completed)
        );
    });
}

/// DESIGN §8 rule 4: a link racing the parent's cancel is never lost. The child ends canceled
/// with the parent's id, linked before the cancel took the children, or canceled at once.
#[test]
fn loom_link_vs_cancel() {
    model(None, || {
        let parent = started();
        let child = std::sync::Arc::new(Op {
            status: Default::default(),
        });
        child.start().unwrap();
        let linker = {
            let (parent, child) = (Arc::clone(&parent), std::sync::Arc::clone(&child));
            thread::spawn(move || parent.link_child(&child).unwrap())
        };
        assert!(parent.cancel());
        let link = linker.join().unwrap();
        assert!(matches!(
            link,
            asyncinfo::Link::Linked | asyncinfo::Link::CanceledAtOnce
        ));
        assert_eq!(child.status(), AsyncStatus::Canceled, "lost: {link:?}");
        assert_eq!(
            child.cancel_reason(),
            Some(CancelReason::Parent(parent.id()))
        );
    });
}

/// A link racing the parent's complete: linked (and dropped at the finish), or told the parent
/// finished; the child is never canceled.
#[test]
fn loom_link_vs_complete() {
    model(None, || {
        let parent = started();
        let child = std::sync::Arc::new(Op {
            status: Default::default(),
        });
        child.start().unwrap();
        let linker = {
            let (parent, child) = (Arc::clone(&parent), std::sync::Arc::clone(&child));
            thread::spawn(move || parent.link_child(&child).unwrap())
        };
        parent.complete(Box::new(5)).unwrap();
        let link = linker.join().unwrap();
        assert!(matches!(
            link,
            asyncinfo::Link::Linked | asyncinfo::Link::ParentFinished
        ));
        assert_eq!(child.status(), AsyncStatus::Started);
        assert_eq!(
            std::sync::Arc::weak_count(&child),
            0,
            "no link outlives the finish"
        );
    });
}

#[test]
fn loom_progress_report_vs_complete() {
    model(None, || {
        let op = started();
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        {
            let runs = std::sync::Arc::clone(&runs);
            op.on_progress(move |_, value| {
                assert_eq!(*value, 5);
                runs.fetch_add(1, Ordering::SeqCst);
            })
            .unwrap();
        }
        let reporter = {
            let op = Arc::clone(&op);
            thread::spawn(move || {
                // What the reporting thread saw before it reported.
                let before = op.status();
                (before, op.report_progress(5))
            })
        };
        op.complete(Box::new(1)).unwrap();
        let (before, reported) = reporter.join().unwrap();
        match &reported {
            // Accepted: it was Started when the report was decided, and the value is kept.
            Ok(()) => {
                assert_eq!(before, AsyncStatus::Started);
                assert!(runs.load(Ordering::SeqCst) <= 1);
                assert_eq!(op.progress(), Some(5));
            }
            // Refused: nothing stored, no handler started.
            Err(err) => {
                assert_eq!(err.kind(), AsyncErrorKind::IllegalMethodCall);
                assert_eq!(err.status(), AsyncStatus::Completed);
                assert_eq!(runs.load(Ordering::SeqCst), 0);
                assert_eq!(op.progress(), None);
            }
        }
        if before == AsyncStatus::Completed {
            // The reporting thread had seen the finish: no handler may start.
            assert!(reported.is_err());
            assert_eq!(runs.load(Ordering::SeqCst), 0);
        }
    });
}

#[test]
fn loom_wait_vs_complete() {
    model(None, || {
        let op = started();
        let waiter = {
            let op = Arc::clone(&op);
            thread::spawn(move || op.wait())
        };
        op.complete(Box::new(4)).unwrap();
        assert_eq!(waiter.join().unwrap(), AsyncStatus::Completed);
    });
}

#[test]
fn loom_worker_drop_vs_cancel() {
    model(None, || {
        let op = Arc::new(Op {
            status: Default::default(),
        });
        let runs = std::sync::Arc::new(AtomicUsize::new(0));
        count_runs(&op, &runs);
        let worker = op.worker().unwrap();
        let canceller = {
            let op = Arc::clone(&op);
            thread::spawn(move || op.cancel_with(CancelReason::Timeout))
        };
        drop(worker);
        let canceled = canceller.join().unwrap();
        assert!(op.is_finished(), "the worker's drop always finishes it");
        assert_eq!(op.status(), AsyncStatus::Canceled);
        match op.cancel_reason() {
            Some(CancelReason::Timeout) => assert!(canceled, "the cancel won: its reason kept"),
            Some(CancelReason::Abandoned { .. }) => {
                assert!(!canceled, "the worker's own cancel won")
            }
            other => panic!("unexpected reason {other:?}"),
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1, "notified exactly once");
    });
}

#[test]
fn loom_reason_written_vs_read() {
    model(None, || {
        let op = started();
        let reader = {
            let op = Arc::clone(&op);
            thread::spawn(move || {
                // Canceled is never seen without its reason, nor the reason half written.
                if let Some(reason) = op.cancel_reason() {
                    assert!(
                        matches!(&reason, CancelReason::Other(e) if e.to_string() == "failure 7")
                    );
                }
                if op.status() == AsyncStatus::Canceled {
                    assert!(op.cancel_reason().is_some());
                }
            })
        };
        let reason = CancelReason::Other(std::sync::Arc::new(Failure(7)));
        assert!(op.cancel_with(reason));
        reader.join().unwrap();
        op.acknowledge_cancel().unwrap();
        assert!(matches!(op.cancel_reason(), Some(CancelReason::Other(_))));
    });
}

#[test]
fn loom_two_reasons_one_wins() {
    model(None, || {
        let op = started();
        let other = {
            let op = Arc::clone(&op);
            thread::spawn(move || {
                op.cancel_with(CancelReason::Other(std::sync::Arc::new(Failure(1))))
            })
        };
        let parent = Op {
            status: Default::default(),
        };
        let by_parent = op.cancel_with(CancelReason::Parent(parent.id()));
        let by_other = other.join().unwrap();
        assert!(by_parent != by_other, "exactly one cancel wins");
        match op.cancel_reason() {
            Some(CancelReason::Parent(id)) => assert!(by_parent && id == parent.id()),
            Some(CancelReason::Other(_)) => assert!(by_other),
            reason => panic!("unexpected reason {reason:?}"),
        }
    });
}
