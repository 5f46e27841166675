use asyncinfo::async_operation;

#[async_operation(output = u8, producer = public)]
pub struct Job;

#[async_operation(output = u8, producer = 42)]
pub struct Other;

fn main() {
    let job = Job { status: Default::default() };
    let _ = job.worker().unwrap().complete(1);
    let other = Other { status: Default::default() };
    let _ = other.status();
}
