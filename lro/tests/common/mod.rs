//! What the tests of both transports share: operations in every state, and the servers
//! started on 127.0.0.1, port 0.

#![allow(dead_code, reason = "each test file uses its part")]

use std::sync::Arc;
use std::time::Duration;

use asyncinfo::{async_operation, cancel_after, CancelReason};
use asyncinfo_lro::Operations;

/// An operation with progress and times.
#[async_operation(output = Vec<u32>, error = std::io::Error, progress = u32, timestamps)]
pub struct Job;

/// An operation without progress or times, and a `String` error.
#[async_operation(output = u8, error = String)]
pub struct Plain;

pub fn job() -> Arc<Job> {
    Arc::new(Job {
        status: Default::default(),
    })
}

pub fn plain() -> Arc<Plain> {
    Arc::new(Plain {
        status: Default::default(),
    })
}

/// One operation in each row of the mapping, by name.
pub struct Fixture {
    pub ops: Operations,
    pub created: String,
    pub running: Arc<Job>,
    pub running_name: String,
    pub cancelling: String,
    pub completed: String,
    pub failed: String,
    pub plain_completed: String,
    pub canceled: Vec<(&'static str, String)>,
}

/// Operations in every state of DESIGN §11's table.
pub fn fixture() -> Fixture {
    let ops = Operations::new();
    let created = ops.insert(job());

    let running = job();
    running.start().unwrap();
    running.report_progress(40).unwrap();
    let running_name = ops.insert(running.clone());

    let stopping = job();
    stopping.start().unwrap();
    stopping.cancel();
    let cancelling = ops.insert(stopping);

    let done = job();
    done.start().unwrap();
    done.complete(vec![1, 2, 3]).unwrap();
    let completed = ops.insert(done);

    let bad = job();
    bad.start().unwrap();
    bad.fail(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        "no such file",
    ))
    .unwrap();
    let failed = ops.insert(bad);

    let small = plain();
    small.start().unwrap();
    small.complete(7).unwrap();
    let plain_completed = ops.insert(small);

    let mut canceled = Vec::new();
    let requested = job();
    requested.cancel();
    canceled.push(("REQUESTED", ops.insert(requested)));
    let timeout = job();
    timeout.cancel_with(CancelReason::Timeout);
    canceled.push(("TIMEOUT", ops.insert(timeout)));
    let parent = job();
    let child = job();
    parent.link_child(&child).unwrap();
    parent.cancel();
    canceled.push(("PARENT", ops.insert(child)));
    let dropped = job();
    drop(asyncinfo::CancelOnDrop::new(Arc::clone(&dropped)));
    canceled.push(("DROPPED", ops.insert(dropped)));
    let abandoned = job();
    drop(abandoned.worker().unwrap());
    canceled.push(("ABANDONED", ops.insert(abandoned)));
    let panicked = job();
    panicked
        .worker()
        .unwrap()
        .run_blocking(|_| panic!("disk on fire"));
    canceled.push(("PANICKED", ops.insert(panicked)));
    let other = job();
    other.cancel_with(CancelReason::Other(Arc::new(std::io::Error::other(
        "quota",
    ))));
    canceled.push(("OTHER", ops.insert(other)));
    let deadline = job();
    cancel_after(&deadline, Duration::ZERO).detach();
    deadline.wait();
    canceled.push(("TIMEOUT", ops.insert(deadline)));

    Fixture {
        ops,
        created,
        running,
        running_name,
        cancelling,
        completed,
        failed,
        plain_completed,
        canceled,
    }
}

/// The code and the `ErrorInfo` reason a client sees for each cancel reason.
pub fn expected_cancel(reason: &str) -> (i32, &'static str) {
    match reason {
        "TIMEOUT" => (4, "DEADLINE_EXCEEDED"),
        "PANICKED" => (13, "INTERNAL"),
        "ABANDONED" => (10, "ABORTED"),
        _ => (1, "CANCELLED"),
    }
}

/// A bound on every request of a test: none hangs.
pub const BOUND: Duration = Duration::from_secs(10);
