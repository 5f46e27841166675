//! Racing transitions on real threads: of two racing transitions exactly one wins, every time,
//! and a reader never sees a status before its payload.

use std::sync::Barrier;
use std::thread;

use asyncinfo::{async_operation, AsyncErrorKind, AsyncStatus};

const ITERATIONS: usize = 5_000;

#[derive(Debug, PartialEq)]
struct Failure(u64);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failure {}", self.0)
    }
}

impl std::error::Error for Failure {}

#[async_operation(output = Box<u64>, error = Failure)]
struct Op;

fn created() -> Op {
    Op {
        status: Default::default(),
    }
}

fn started() -> Op {
    let op = created();
    op.start().unwrap();
    op
}

/// Runs `a` and `b` on two threads released together by a barrier, `iterations` times, each
/// on a fresh operation, and hands both results to `check`.
fn race<A: Send, B: Send>(
    make: fn() -> Op,
    a: impl Fn(&Op) -> A + Sync,
    b: impl Fn(&Op) -> B + Sync,
    check: impl Fn(&Op, A, B),
) {
    let barrier = Barrier::new(2);
    for _ in 0..ITERATIONS {
        let op = make();
        let (ra, rb) = thread::scope(|s| {
            let other = s.spawn(|| {
                barrier.wait();
                b(&op)
            });
            barrier.wait();
            let ra = a(&op);
            (ra, other.join().unwrap())
        });
        check(&op, ra, rb);
    }
}

#[test]
fn complete_against_cancel_has_one_winner() {
    race(
        started,
        |op| op.complete(Box::new(42)),
        |op| {
            let canceled = op.cancel();
            if !canceled {
                // Lost: the operation already shows why, on this thread.
                assert_eq!(op.status(), AsyncStatus::Completed);
                assert!(op.is_finished());
            }
            canceled
        },
        |op, completed, canceled| match completed {
            Ok(()) => {
                assert!(!canceled, "both won");
                assert_eq!(op.status(), AsyncStatus::Completed);
                assert_eq!(**op.results().unwrap(), 42);
                assert!(op.is_finished());
            }
            Err(rejected) => {
                assert!(canceled, "neither won");
                assert_eq!(rejected.error().kind(), AsyncErrorKind::IllegalStateChange);
                assert_eq!(*rejected.into_inner(), 42, "the value comes back");
                assert_eq!(op.status(), AsyncStatus::Canceled);
                // The refused complete is the worker's word that it stopped.
                assert!(op.is_finished());
            }
        },
    );
}

#[test]
fn complete_against_fail_has_one_winner() {
    race(
        started,
        |op| op.complete(Box::new(1)).is_ok(),
        |op| op.fail(Failure(2)).is_ok(),
        |op, completed, failed| {
            assert!(
                completed != failed,
                "completed {completed}, failed {failed}"
            );
            let expected = if completed {
                AsyncStatus::Completed
            } else {
                AsyncStatus::Error
            };
            assert_eq!(op.status(), expected);
        },
    );
}

#[test]
fn two_completes_have_one_winner() {
    race(
        started,
        |op| op.complete(Box::new(1)).map_err(|r| *r.into_inner()),
        |op| op.complete(Box::new(2)).map_err(|r| *r.into_inner()),
        |op, a, b| {
            let stored = **op.results().unwrap();
            match (a, b) {
                (Ok(()), Err(2)) => assert_eq!(stored, 1),
                (Err(1), Ok(())) => assert_eq!(stored, 2),
                other => panic!("not exactly one winner: {other:?}"),
            }
        },
    );
}

#[test]
fn two_cancels_have_one_winner() {
    for make in [created, started] {
        race(make, Op::cancel, Op::cancel, |op, a, b| {
            assert!(a != b, "cancel returned {a} and {b}");
            assert_eq!(op.status(), AsyncStatus::Canceled);
        });
    }
}

#[test]
fn start_against_cancel_is_consistent() {
    race(created, Op::start, Op::cancel, |op, started, canceled| {
        assert!(canceled, "cancel wins from Created or from Started");
        assert_eq!(op.status(), AsyncStatus::Canceled);
        match started {
            // Started first: the cancel found a running worker.
            Ok(()) => assert!(!op.is_finished()),
            // Canceled first: finished at once, and start was refused.
            Err(err) => {
                assert_eq!(err.status(), AsyncStatus::Canceled);
                assert!(op.is_finished());
            }
        }
    });
}

#[test]
fn close_against_complete_only_closes_a_terminal_operation() {
    race(
        started,
        |op| op.complete(Box::new(5)).is_ok(),
        |op| op.close(),
        |op, completed, closed| {
            assert!(completed);
            match closed {
                Ok(()) => assert!(op.is_closed() && op.results().unwrap_err().is_closed()),
                Err(err) => {
                    assert_eq!(err.status(), AsyncStatus::Started);
                    assert_eq!(**op.results().unwrap(), 5);
                }
            }
        },
    );
}

#[test]
fn error_reader_never_sees_error_without_its_payload() {
    race(
        started,
        |op| op.fail(Failure(7)).unwrap(),
        |op| {
            // Spin until the failure is visible; each time the status says Error, the error
            // must be readable and whole.
            let mut reads = 0u64;
            loop {
                reads += 1;
                let status = op.status();
                let code = op.error_code();
                if status == AsyncStatus::Error {
                    assert_eq!(code, Some(&Failure(7)), "status Error without its error");
                    return reads;
                }
                if let Some(code) = code {
                    // Published between the two loads: it must be whole.
                    assert_eq!(code, &Failure(7));
                }
            }
        },
        |op, (), _reads| assert_eq!(op.error_code(), Some(&Failure(7))),
    );
}

#[test]
fn results_reader_never_sees_completed_without_its_value() {
    race(
        started,
        |op| op.complete(Box::new(99)).unwrap(),
        |op| loop {
            match op.results() {
                Ok(value) => return **value,
                Err(err) => assert_eq!(err.kind(), AsyncErrorKind::IllegalMethodCall),
            }
        },
        |_, (), read| assert_eq!(read, 99),
    );
}

#[test]
fn acknowledge_against_refused_complete_after_cancel() {
    race(
        || {
            let op = started();
            assert!(op.cancel());
            op
        },
        |op| op.acknowledge_cancel(),
        |op| op.complete(Box::new(3)).map_err(|r| *r.into_inner()),
        |op, acknowledged, completed| {
            assert_eq!(acknowledged, Ok(()));
            assert_eq!(completed, Err(3));
            assert!(op.is_finished());
            assert_eq!(op.status(), AsyncStatus::Canceled);
        },
    );
}

#[test]
fn ids_are_unique_across_threads() {
    let ids: Vec<u64> = thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    (0..10_000)
                        .map(|_| created().id().get())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "an id was handed out twice");
    assert!(!sorted.contains(&0));
}
