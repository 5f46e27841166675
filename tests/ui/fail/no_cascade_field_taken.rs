use asyncinfo::{async_operation, AsyncInfo, AsyncStatus};

#[async_operation(output = u16)]
pub struct Request {
    url: String,
    status: u16,
}

fn main() {
    let op = Request {
        url: "https://example.com".to_owned(),
        status: 200,
    };
    op.start().unwrap();
    op.complete(op.status).unwrap();
    assert_eq!(*op.results().unwrap(), 200);
    let info: &dyn AsyncInfo = &op;
    assert_eq!(info.status(), AsyncStatus::Completed);
    assert!(!op.url.is_empty());
}
