use asyncinfo::async_operation;

// A bad value is one error; `new` is still generated (`pub`), so its calls raise no other.
#[async_operation(output = u8, new = public)]
pub struct Job {
    id: u32,
}

#[async_operation(new = "pub(crate)")]
pub struct Quoted;

fn main() {
    let job = Job::new(1);
    assert_eq!(job.id, 1);
    let _ = Quoted::new();
}
