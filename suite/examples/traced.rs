//! The `tracing` feature's events, printed by `tracing_subscriber::fmt`: an operation's start,
//! its progress reports, its finish, and a cancel with its reason.
//!
//! `cargo run -p asyncinfo-suite --example traced --features tracing`

use std::sync::Arc;
use std::time::Duration;

use asyncinfo::{async_operation, cancel_after, AsyncStatus};

/// A copy that reports how many blocks it copied.
#[async_operation(output = u64, error = std::io::Error, progress = u64)]
struct Copy {
    blocks: u64,
}

fn main() {
    // Every level, so that the `trace` progress events show too.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_target(true)
        .init();

    let copy = Arc::new(Copy {
        blocks: 3,
        status: Default::default(),
    });
    let worker = Arc::clone(&copy)
        .worker_owned()
        .expect("a new operation starts");
    let status = worker.run_blocking(|w| {
        for block in 1..=w.operation().blocks {
            let _ = w.report_progress(block);
        }
        Ok(w.operation().blocks)
    });
    assert_eq!(status, AsyncStatus::Completed);

    // A deadline that passes: a cancel event with the reason, then the worker's finish.
    let slow = Arc::new(Copy {
        blocks: 1_000,
        status: Default::default(),
    });
    let worker = Arc::clone(&slow)
        .worker_owned()
        .expect("a new operation starts");
    let _deadline = cancel_after(&slow, Duration::from_millis(20));
    let status = worker.run_blocking(|w| {
        while !w.is_cancel_requested() {
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(0)
    });
    assert_eq!(status, AsyncStatus::Canceled);
}
