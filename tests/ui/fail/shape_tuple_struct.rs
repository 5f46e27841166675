use asyncinfo::async_operation;

#[async_operation(output = Vec<u8>)]
pub struct Download(String, u16);

fn main() {}
