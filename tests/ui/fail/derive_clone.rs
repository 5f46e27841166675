use asyncinfo::async_operation;

// An operation is shared through `Arc`, not cloned: `Clone` derived below the attribute fails
// on the state field (the README's derive section says so).
#[async_operation(output = u8)]
#[derive(Clone)]
struct Job {
    name: String,
}

fn main() {}
