//! The worker path against the manual path it is built on, in the same run:
//!
//! - `worker, complete, results, drop` against `start, complete, results, drop` (DESIGN §7
//!   rule 4: the worker must cost no more than the manual calls);
//! - `run` on a body that is ready at once, polled once, against a hand-written start, poll of
//!   the same body, complete.
//!
//! Run with `cargo bench -p asyncinfo-suite --bench workers`.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use asyncinfo::{async_operation, AsyncStatus};
use divan::black_box;

fn main() {
    divan::main();
}

#[async_operation(output = u64, error = std::io::Error)]
struct Op;

fn new_op() -> Op {
    Op {
        status: Default::default(),
    }
}

#[divan::bench_group(
    name = "finish: new, start, complete, results, drop",
    sample_count = 1000,
    sample_size = 1000
)]
mod finish {
    use super::*;

    #[divan::bench]
    fn manual() -> u64 {
        let op = black_box(new_op());
        op.start().unwrap();
        op.complete(black_box(7)).unwrap();
        *op.results().unwrap()
    }

    #[divan::bench]
    fn worker() -> u64 {
        let op = black_box(new_op());
        op.worker().unwrap().complete(black_box(7)).unwrap();
        *op.results().unwrap()
    }
}

#[divan::bench_group(
    name = "run a ready body: new, start, poll, complete, results, drop",
    sample_count = 1000,
    sample_size = 1000
)]
mod ready_body {
    use super::*;

    fn body() -> impl Future<Output = Result<u64, std::io::Error>> {
        let value = black_box(9);
        async move { Ok(value) }
    }

    #[divan::bench]
    fn hand_written() -> u64 {
        let op = black_box(new_op());
        op.start().unwrap();
        let mut cx = Context::from_waker(Waker::noop());
        let Poll::Ready(result) = pin!(body()).poll(&mut cx) else {
            unreachable!("ready at once")
        };
        match result {
            Ok(value) => op.complete(value).unwrap(),
            Err(error) => op.fail(error).unwrap(),
        }
        *op.results().unwrap()
    }

    #[divan::bench]
    fn run() -> u64 {
        let op = black_box(new_op());
        let mut cx = Context::from_waker(Waker::noop());
        let status = pin!(op.worker().unwrap().run(body())).poll(&mut cx);
        assert_eq!(status, Poll::Ready(AsyncStatus::Completed));
        *op.results().unwrap()
    }
}
