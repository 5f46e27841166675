#![deny(warnings)]
//! An operation declared without `progress = ...` keeps `progress` free for a method of its
//! own (only `report_progress` and `on_progress` are taken, to explain the option).

use std::sync::atomic::{AtomicU8, Ordering};

use asyncinfo::async_operation;

#[async_operation(output = u8)]
struct Job {
    percent: AtomicU8,
}

impl Job {
    fn progress(&self) -> u8 {
        self.percent.load(Ordering::Relaxed)
    }
}

fn main() {
    let job = Job {
        percent: AtomicU8::new(40),
        status: Default::default(),
    };
    assert_eq!(job.progress(), 40);
}
