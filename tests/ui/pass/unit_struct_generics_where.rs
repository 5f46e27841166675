#![deny(warnings)]

use std::marker::PhantomData;

use asyncinfo::{async_operation, AsyncStatus};

/// A unit struct has nowhere to hold a parameter, so the parameters are used by the output
/// type only; the where clause comes before the `;`.
#[async_operation(output = PhantomData<(T, [u8; N])>)]
struct Marker<T, const N: usize>
where
    T: Default + 'static;

fn main() {
    let op: Marker<String, 2> = Marker {
        status: Default::default(),
    };
    op.start().unwrap();
    op.complete(PhantomData).unwrap();
    assert_eq!(op.status(), AsyncStatus::Completed);
    assert!(op.results().is_ok());
}
