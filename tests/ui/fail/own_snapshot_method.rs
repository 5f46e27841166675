use asyncinfo::async_operation;

// A method of the struct's own named `snapshot` (or `times`) clashes with the generated one:
// the CHANGELOG says so.
#[async_operation(output = u8)]
struct Job;

#[allow(dead_code)]
impl Job {
    fn snapshot(&self) -> u8 {
        0
    }
}

fn main() {}
