use asyncinfo::async_operation;

// `on_progress` on an operation without `progress = ...`, with a handler that formats the
// progress it is given: the one error names the option, and the handler's code raises none.
#[async_operation(output = u8)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    job.on_progress(|_, percent| println!("{percent}%")).unwrap();
}
