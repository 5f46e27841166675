use asyncinfo::async_operation;

#[async_operation(output: Vec<u8>)]
pub struct Download {
    url: String,
}

fn main() {}
