use asyncinfo::async_operation;

#[async_operation(output = Vec<u8>, field = state)]
pub struct Download {
    url: String,
    state: &'static str,
}

fn main() {}
