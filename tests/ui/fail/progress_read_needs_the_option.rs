use asyncinfo::async_operation;

// `progress()` on an operation without `progress = ...` stays rustc's "no method" error (a
// generated stand-in would clash with a method of the user's own of that name): one error.
#[async_operation(output = u8)]
struct Job;

fn main() {
    let job = Job { status: Default::default() };
    let _ = job.progress();
}
