use asyncinfo::async_operation;

#[async_operation(output = Vec<u8>, error = std::io::Error, output = String)]
pub struct Download {
    url: String,
}

fn main() {}
