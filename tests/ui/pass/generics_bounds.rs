#![deny(warnings)]

use std::fmt::Display;

use asyncinfo::{async_operation, AsyncOperation, AsyncStatus};

/// An operation generic over its input and output, with bounds in the parameter list.
#[async_operation(output = Vec<T>, error = E)]
pub struct Collect<T: Clone + Send + 'static, E: std::error::Error = std::io::Error> {
    item: T,
}

fn describe<O: AsyncOperation>(op: &O) -> usize
where
    O::Output: AsRef<[String]>,
{
    op.results().map(|out| out.as_ref().len()).unwrap_or(0)
}

fn show<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn main() {
    let op: Collect<String> = Collect {
        item: "a".to_owned(),
        status: Default::default(),
    };
    op.start().unwrap();
    op.complete(vec![op.item.clone(); 3]).unwrap();
    assert_eq!(op.status(), AsyncStatus::Completed);
    assert_eq!(describe(&op), 3);
    assert_eq!(show(op.results().unwrap()), "a,a,a");

    let failed: Collect<u8, std::fmt::Error> = Collect {
        item: 1,
        status: Default::default(),
    };
    failed.start().unwrap();
    failed.fail(std::fmt::Error).unwrap();
    assert_eq!(failed.item, 1);
    assert!(failed.error_code().is_some());
    assert!(failed.results().is_err());
}
