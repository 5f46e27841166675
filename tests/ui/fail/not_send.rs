use std::rc::Rc;

use asyncinfo::async_operation;

#[async_operation(output = Rc<u8>)]
struct Shared {
    len: usize,
}

fn main() {
    let op = Shared {
        len: 1,
        status: Default::default(),
    };
    assert_eq!(op.len, 1);
    std::thread::scope(|s| {
        s.spawn(|| op.status());
    });
    std::thread::spawn(move || op.start().is_ok());
}
