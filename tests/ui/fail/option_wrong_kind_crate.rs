use asyncinfo::async_operation;

#[async_operation(crate = Vec<u8>)]
pub struct Download {
    url: String,
}

fn main() {}
