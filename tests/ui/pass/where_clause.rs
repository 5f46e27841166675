#![deny(warnings)]

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;

use asyncinfo::{async_operation, AsyncInfo};

/// Counts keys; every bound is in the where clause.
#[async_operation(output = HashMap<K, usize>)]
pub struct Count<K>
where
    K: Eq + Hash + Debug,
{
    keys: Vec<K>,
}

fn finish(op: &dyn AsyncInfo) -> bool {
    op.is_finished()
}

fn main() {
    let op = Count {
        keys: vec!["a", "b", "a"],
        status: Default::default(),
    };
    op.start().unwrap();
    let mut counts = HashMap::new();
    for key in &op.keys {
        *counts.entry(*key).or_insert(0) += 1;
    }
    op.complete(counts).unwrap();
    assert_eq!(op.results().unwrap()["a"], 2);
    assert!(finish(&op));
    op.close().unwrap();
    assert!(op.is_closed());
}
