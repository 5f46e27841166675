#![deny(unused_must_use)]

use std::sync::Arc;
use std::time::Duration;

use asyncinfo::{async_operation, cancel_after};

// A deadline whose guard is dropped at once is disarmed at once: the lint says so, and says
// that `let _ = ...` would do the same.
#[async_operation(output = u8)]
struct Job;

fn main() {
    let job = Arc::new(Job { status: Default::default() });
    cancel_after(&job, Duration::from_secs(1));
}
