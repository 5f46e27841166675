use asyncinfo::{async_operation, AsyncStatus};

/// Derives above the attribute see the struct as written, without the added field.
#[derive(Debug, Default)]
#[async_operation(output = String)]
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
