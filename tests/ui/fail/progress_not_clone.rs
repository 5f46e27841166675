use asyncinfo::async_operation;

struct Percent(u8);

#[async_operation(progress = Percent)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    job.start().unwrap();
}
