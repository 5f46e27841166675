#![deny(unused_must_use)]

use asyncinfo::async_operation;

// A worker dropped at once abandons its operation: the lint says so, and says that
// `let _ = ...` would do the same.
#[async_operation(output = u8)]
struct Job;

fn main() -> Result<(), asyncinfo::AsyncError> {
    let job = Job { status: Default::default() };
    job.worker()?;
    Ok(())
}
