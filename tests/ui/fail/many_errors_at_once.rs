use asyncinfo::async_operation;

#[async_operation(outptu = Vec<u8>, error = 404, progress: u64, output = String, output = u8)]
pub struct Download {
    url: String,
    status: u16,
}

fn main() {}
