use asyncinfo::async_operation;

#[async_operation(output = u8)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    job.start().unwrap();
    job.report_progress(50).unwrap();
}
