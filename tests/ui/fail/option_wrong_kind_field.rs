use asyncinfo::async_operation;

#[async_operation(field = "state")]
pub struct Download {
    url: String,
}

fn main() {}
