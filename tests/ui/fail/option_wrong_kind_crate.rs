use asyncinfo::async_operation;

#[async_operation(crate = asyncinfo-facade)]
pub struct Download {
    url: String,
}

fn main() {}
