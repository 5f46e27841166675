#![deny(warnings)]

use asyncinfo::{async_operation, AsyncStatus};

/// Another attribute macro before ours, and one after.
#[rustversion::since(1.60)]
#[async_operation(output = u8)]
#[rustversion::attr(since(1.60), derive(Debug))]
struct Versioned {
    n: u8,
}

fn main() {
    let op = Versioned {
        n: 1,
        status: Default::default(),
    };
    op.start().unwrap();
    op.complete(op.n).unwrap();
    assert_eq!(op.status(), AsyncStatus::Completed);
    assert!(format!("{op:?}").starts_with("Versioned { n: 1, status: "));
}
