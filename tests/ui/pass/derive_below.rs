#![deny(warnings)]

use asyncinfo::{async_operation, AsyncStatus};

/// Derives below the attribute see the struct with its field.
#[async_operation(output = String)]
#[derive(Debug, Default)]
pub struct Job {
    name: String,
}

fn main() {
    let job = Job::default();
    assert_eq!(job.status(), AsyncStatus::Created);
    assert!(job.name.is_empty());
    let debug = format!("{job:?}");
    assert!(debug.starts_with("Job { name: \"\", status: "), "{debug}");
    job.start().unwrap();
    job.complete("done".to_owned()).unwrap();
    assert_eq!(job.results().unwrap(), "done");
}
