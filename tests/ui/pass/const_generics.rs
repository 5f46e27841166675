#![deny(warnings)]

use asyncinfo::{async_operation, AsyncStatus};

/// Reads a fixed number of bytes.
#[async_operation(output = [u8; N])]
struct ReadExact<const N: usize> {
    offset: usize,
}

/// Const generics with a default, after a type parameter.
#[async_operation(output = [T; N], progress = usize)]
struct Fill<T: Copy, const N: usize = 4> {
    value: T,
}

fn main() {
    let read: ReadExact<3> = ReadExact {
        offset: 0,
        status: Default::default(),
    };
    read.start().unwrap();
    read.complete([1, 2, 3]).unwrap();
    assert_eq!(read.results().unwrap(), &[1, 2, 3]);
    assert_eq!(read.offset, 0);

    let fill: Fill<char> = Fill {
        value: 'x',
        status: Default::default(),
    };
    assert!(fill.cancel());
    assert_eq!(fill.status(), AsyncStatus::Canceled);
    assert!(fill.results().is_err());
    assert_eq!(fill.value, 'x');
}
