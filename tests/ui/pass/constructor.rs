#![deny(warnings)]
//! `new = pub`: an operation defined in a private module is built from outside it, without
//! naming the private state field; a field configured out is no parameter.

use asyncinfo::AsyncStatus;

mod ops {
    use asyncinfo::async_operation;

    #[async_operation(output = Vec<T>, new = pub)]
    pub struct Collect<T: Clone> {
        pub item: T,
        #[cfg(any())]
        pub never: u8,
        #[cfg(not(any()))]
        pub count: usize,
    }
}

fn main() {
    let op = ops::Collect::new('x', 3);
    assert_eq!(op.status(), AsyncStatus::Created);
    op.start().unwrap();
    op.complete(vec![op.item; op.count]).unwrap();
    assert_eq!(op.results().unwrap(), &['x', 'x', 'x']);
}
