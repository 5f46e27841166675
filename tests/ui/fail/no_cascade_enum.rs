use asyncinfo::{async_operation, AsyncOperation};

#[async_operation(output = u32)]
pub enum Download {
    Pending,
    Done(u32),
}

fn main() {
    let op = Download::Pending;
    op.start().unwrap();
    op.complete(7).unwrap();
    assert_eq!(AsyncOperation::results(&op).unwrap(), &7);
    if let Download::Done(n) = op {
        assert_eq!(n, 7);
    }
}
