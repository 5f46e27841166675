#![deny(warnings)]

// The notification API on a struct with a lifetime and generics (edition 2021): the named
// futures borrow the operation, so no `impl Trait` capture rules get in the way.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use asyncinfo::{async_operation, AsyncStatus, Finished};

#[async_operation(output = &'a str, progress = u32, on_cancel = Self::stop)]
struct Borrowing<'a, T: Send + Sync> {
    text: &'a str,
    extra: T,
}

impl<'a, T: Send + Sync> Borrowing<'a, T> {
    fn stop(&self) {}
}

/// A function that names the future type.
fn finished_of<'o, 'a, T: Send + Sync>(
    op: &'o Borrowing<'a, T>,
) -> Finished<'o> {
    op.finished()
}

async fn drive<'a, T: Send + Sync>(op: &Borrowing<'a, T>) -> AsyncStatus {
    op.start().unwrap();
    op.report_progress(50).unwrap();
    op.complete(op.text).unwrap();
    op.finished().await
}

fn main() {
    let text = String::from("borrowed");
    let op = Borrowing { text: &text, extra: 1u8, status: Default::default() };
    let seen = Arc::new(AtomicU32::new(0));
    {
        let seen = Arc::clone(&seen);
        op.on_progress(move |_, p| seen.store(*p, Ordering::SeqCst)).unwrap();
    }
    op.on_completed(|op, status| assert_eq!(op.status(), status)).unwrap();
    assert_eq!(futures::executor::block_on(drive(&op)), AsyncStatus::Completed);
    assert_eq!(futures::executor::block_on(finished_of(&op)), AsyncStatus::Completed);
    assert_eq!(seen.load(Ordering::SeqCst), 50);
    assert_eq!(op.progress(), Some(50));
    assert_eq!(*op.results().unwrap(), "borrowed");
    assert_eq!(op.wait(), AsyncStatus::Completed);
    assert_eq!(op.extra, 1);
}
