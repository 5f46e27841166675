//! A progress type written as a qualified path, which a `where` clause cannot start with.
use asyncinfo::async_operation;

trait Unit {
    type Progress;
}

impl Unit for () {
    type Progress = u8;
}

#[async_operation(progress = <() as Unit>::Progress)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    let worker = job.worker().unwrap();
    worker.report_progress(3).unwrap();
    assert_eq!(job.progress(), Some(3));
    worker.complete(()).unwrap();
}
