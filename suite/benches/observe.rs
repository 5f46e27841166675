//! The cost of observing operations (DESIGN §10), side by side with what a caller would do
//! otherwise, in the same run:
//!
//! - `snapshot()` of a finished operation against `status()`, `results()` and `progress()`;
//! - `when_all` over 1,000 operations that finish one by one, against awaiting each in turn.
//!
//! Run with `cargo bench -p asyncinfo-suite --bench observe`.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use asyncinfo::{async_operation, when_all, AsyncStatus};
use divan::black_box;

fn main() {
    divan::main();
}

#[async_operation(output = u64, error = std::io::Error, progress = u32)]
struct Op;

fn finished() -> Op {
    let op = Op {
        status: Default::default(),
    };
    op.start().unwrap();
    op.report_progress(50).unwrap();
    op.complete(7).unwrap();
    op
}

#[divan::bench_group(
    name = "read a finished operation",
    sample_count = 1000,
    sample_size = 1000
)]
mod read {
    use super::*;

    #[divan::bench]
    fn snapshot(bencher: divan::Bencher) {
        let op = finished();
        bencher.bench_local(|| black_box(&op).snapshot());
    }

    #[divan::bench]
    fn status_results_progress(bencher: divan::Bencher) {
        let op = finished();
        bencher.bench_local(|| {
            let op = black_box(&op);
            (op.status(), op.results().ok().copied(), op.progress())
        });
    }
}

/// How many operations the set holds.
const OPS: usize = 1_000;

/// Started operations, and the finishes to run between polls.
fn started() -> Vec<Op> {
    (0..OPS)
        .map(|_| {
            let op = Op {
                status: Default::default(),
            };
            op.start().unwrap();
            op
        })
        .collect()
}

#[divan::bench_group(name = "1,000 operations finishing one by one", sample_count = 100)]
mod set {
    use super::*;

    /// One `when_all`, polled after each finish (as the task would be woken).
    #[divan::bench]
    fn when_all_of_them(bencher: divan::Bencher) {
        bencher.with_inputs(started).bench_local_values(|ops| {
            let mut cx = Context::from_waker(Waker::noop());
            let mut all = pin!(when_all(&ops));
            assert!(all.as_mut().poll(&mut cx).is_pending());
            for op in &ops {
                op.complete(1).unwrap();
                if let Poll::Ready(statuses) = all.as_mut().poll(&mut cx) {
                    return statuses.len();
                }
            }
            unreachable!("all finished")
        });
    }

    /// Each operation's `finished()` awaited in turn: registered, woken, polled ready.
    #[divan::bench]
    fn each_in_turn(bencher: divan::Bencher) {
        bencher.with_inputs(started).bench_local_values(|ops| {
            let mut cx = Context::from_waker(Waker::noop());
            let mut done = 0;
            for op in &ops {
                let mut finished = pin!(op.finished());
                assert!(finished.as_mut().poll(&mut cx).is_pending());
                op.complete(1).unwrap();
                if finished.as_mut().poll(&mut cx) == Poll::Ready(AsyncStatus::Completed) {
                    done += 1;
                }
            }
            done
        });
    }
}
