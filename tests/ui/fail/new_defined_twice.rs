use asyncinfo::async_operation;

// `new = pub` generates `fn new`; a `new` of the user's own is a duplicate definition.
#[async_operation(output = u8, new = pub)]
pub struct Job {
    id: u32,
}

impl Job {
    pub fn new(id: u32) -> Self {
        Self::new(id)
    }
}

fn main() {
    let _ = Job::new(1);
}
