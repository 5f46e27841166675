use asyncinfo::async_operation;

// A worker's `report_progress`, and a `run_with` context's, on an operation without
// `progress = ...`: each call is one error that names the option.
#[async_operation(output = u8)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    let worker = job.worker().unwrap();
    worker.report_progress(50).unwrap();
    let _run = worker.run_with(|cx| async move {
        cx.report_progress(75).unwrap();
        Ok(1)
    });
}
