use asyncinfo::async_operation;

// A worker's `report_progress` given a value that is not the operation's progress type.
#[async_operation(output = u8, progress = u32)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    let worker = job.worker().unwrap();
    worker.report_progress("half").unwrap();
}
