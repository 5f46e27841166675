use asyncinfo::async_operation;

#[async_operation(output = u32)]
pub enum Download {
    Pending,
    Done(u32),
}

fn main() {}
