use asyncinfo::{async_operation, AsyncInfo, AsyncOperation, AsyncStatus};

#[derive(Debug)]
pub struct HttpError(u16);

#[async_operation(outptu = Vec<u8>, error: HttpError progress = 50%)]
pub struct Download {
    url: String,
}

fn fetch(op: &Download) {
    op.start().unwrap();
    if op.url.is_empty() {
        op.fail(HttpError(400)).unwrap();
    } else {
        op.complete(op.url.as_bytes().to_vec()).unwrap();
    }
}

fn main() {
    let op = Download {
        url: "https://example.com".to_owned(),
        status: Default::default(),
    };
    fetch(&op);
    let body: &Vec<u8> = op.results().unwrap();
    assert!(!body.is_empty());
    assert!(op.error_code().is_none());
    let info: &dyn AsyncInfo = &op;
    assert_eq!(info.status(), AsyncStatus::Completed);
    assert_eq!(AsyncOperation::results(&op).unwrap().len(), 19);
    op.close().unwrap();
}
