use std::rc::Rc;

use asyncinfo::async_operation;

#[async_operation(output = u8)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    let local = Rc::new(5);
    job.on_completed(move |_, _| drop(local)).unwrap();
}
