use asyncinfo::async_operation;

#[async_operation(output = u32)]
pub union Bits {
    int: u32,
    float: f32,
}

fn main() {}
