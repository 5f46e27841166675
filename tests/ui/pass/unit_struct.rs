#![deny(warnings)]

use asyncinfo::{async_operation, AsyncInfo, AsyncOperation, AsyncStatus};

/// An action: no output, so `complete` takes no value.
#[async_operation]
struct Flush;

/// A unit struct with an output.
#[async_operation(output = u64)]
pub struct Tick;

fn main() {
    let flush = Flush {
        status: Default::default(),
    };
    flush.start().unwrap();
    flush.complete().unwrap();
    assert_eq!(flush.results(), Ok(&()));

    let tick = Tick {
        status: Default::default(),
    };
    tick.start().unwrap();
    tick.complete(42).unwrap();
    assert_eq!(AsyncOperation::results(&tick), Ok(&42));

    let all: [&dyn AsyncInfo; 2] = [&flush, &tick];
    assert!(all.iter().all(|op| op.status() == AsyncStatus::Completed));
    assert_ne!(flush.id(), tick.id());
}
