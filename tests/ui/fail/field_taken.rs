use asyncinfo::async_operation;

#[async_operation(output = Vec<u8>)]
pub struct Download {
    url: String,
    status: u16,
}

fn main() {}
