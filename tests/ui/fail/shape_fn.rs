use asyncinfo::async_operation;

#[async_operation(output = Vec<u8>)]
pub fn download(url: &str) -> Vec<u8> {
    url.as_bytes().to_vec()
}

fn main() {
    let _ = download("https://example.com");
}
