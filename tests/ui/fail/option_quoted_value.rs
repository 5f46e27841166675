use asyncinfo::async_operation;

#[async_operation(output = "Vec<u8>", field = "state")]
pub struct Download {
    url: String,
}

fn main() {
    let op = Download {
        url: String::new(),
        state: Default::default(),
    };
    op.start().unwrap();
    op.complete(op.url.clone().into_bytes()).unwrap();
}
