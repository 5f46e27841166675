use asyncinfo::async_operation;

fn stop_worker(_: u32) {}

#[async_operation(on_cancel = stop_worker)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    job.cancel();
}
