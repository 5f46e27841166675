use asyncinfo::async_operation;

#[async_operation(output = [u8, 4])]
pub struct Download {
    url: String,
}

fn main() {
    let op = Download {
        url: String::new(),
        status: Default::default(),
    };
    op.start().unwrap();
    assert!(op.results().is_err());
    assert!(op.cancel());
    op.acknowledge_cancel().unwrap();
    op.close().unwrap();
    let _ = (op.url.len(), op.id(), op.status(), op.error_code().is_none());
}
