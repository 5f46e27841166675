use asyncinfo::async_operation;

#[async_operation(field = type)]
pub struct Download {
    url: String,
}

fn main() {}
