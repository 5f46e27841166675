use asyncinfo::async_operation;

// `on_progress` on an operation without `progress = ...`: the error names the option, and the
// handler's code raises no other.
#[async_operation(output = u8)]
struct Job<'a> {
    name: &'a str,
}

fn main() {
    let job = Job {
        name: "index",
        status: Default::default(),
    };
    job.on_progress(|job, _| println!("{}", job.name)).unwrap();
}
