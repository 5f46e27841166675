use std::rc::Rc;

use asyncinfo::async_operation;

#[async_operation(output = Rc<u8>)]
struct Shared {
    len: usize,
}

fn main() {
    let op = Shared { len: 1, status: Default::default() };
    std::thread::scope(|s| {
        s.spawn(|| op.len);
    });
    std::thread::spawn(move || {
        op.start().unwrap();
    });
}
