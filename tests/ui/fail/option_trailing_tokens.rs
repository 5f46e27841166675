use asyncinfo::async_operation;

#[derive(Debug)]
pub struct HttpError(u16);

#[async_operation(output = Vec<u8>>, error = HttpError(u16))]
pub struct Download {
    url: String,
}

fn main() {}
