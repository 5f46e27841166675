use asyncinfo::async_operation;

#[async_operation(output = 1024)]
pub struct Download {
    url: String,
}

fn main() {}
