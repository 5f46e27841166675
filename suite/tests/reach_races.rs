//! The races of DESIGN §8 on real threads: a parent's cancel against its child's complete, a
//! link against the parent's cancel, and a `CancelOnDrop` dropped against the complete.

use std::sync::{Arc, Barrier};
use std::thread;

use asyncinfo::{async_operation, AsyncStatus, CancelOnDrop, CancelReason, Link};

#[async_operation(output = u32)]
struct Op;

fn started() -> Arc<Op> {
    let op = Arc::new(Op {
        status: Default::default(),
    });
    op.start().unwrap();
    op
}

const ITERATIONS: usize = 2_000;

/// Runs `a` and `b` at once on two threads, released together.
fn race<A, B>(a: A, b: B) -> (A::Output, B::Output)
where
    A: FnOnce0,
    B: FnOnce0,
{
    let barrier = Arc::new(Barrier::new(2));
    let other = {
        let barrier = Arc::clone(&barrier);
        thread::spawn(move || {
            barrier.wait();
            b.call()
        })
    };
    barrier.wait();
    let first = a.call();
    (first, other.join().unwrap())
}

/// A `FnOnce() -> T + Send + 'static`, named so `race` can say what it returns.
trait FnOnce0: Send + 'static {
    type Output: Send + 'static;
    fn call(self) -> Self::Output;
}

impl<F: FnOnce() -> T + Send + 'static, T: Send + 'static> FnOnce0 for F {
    type Output = T;
    fn call(self) -> T {
        self()
    }
}

#[test]
fn parent_cancel_vs_child_complete() {
    let mut canceled = 0;
    for _ in 0..ITERATIONS {
        let (parent, child) = (started(), started());
        parent.link_child(&child).unwrap();
        let (p, c) = (Arc::clone(&parent), Arc::clone(&child));
        let (_, completed) = race(move || p.cancel(), move || c.complete(1).is_ok());
        // Exactly one of them decided the child.
        match child.status() {
            AsyncStatus::Completed => assert!(completed),
            AsyncStatus::Canceled => {
                assert!(!completed);
                assert_eq!(
                    child.cancel_reason(),
                    Some(CancelReason::Parent(parent.id()))
                );
                canceled += 1;
            }
            other => panic!("the child ended {other:?}"),
        }
    }
    eprintln!("the parent's cancel won {canceled} of {ITERATIONS}");
}

#[test]
fn link_vs_parent_cancel_is_never_lost() {
    let mut at_once = 0;
    for _ in 0..ITERATIONS {
        let (parent, child) = (started(), started());
        let (p, c) = (Arc::clone(&parent), Arc::clone(&child));
        let (link, _) = race(move || p.link_child(&c).unwrap(), {
            let p = Arc::clone(&parent);
            move || p.cancel()
        });
        assert_eq!(child.status(), AsyncStatus::Canceled, "{link:?}: lost");
        assert_eq!(
            child.cancel_reason(),
            Some(CancelReason::Parent(parent.id()))
        );
        at_once += usize::from(link == Link::CanceledAtOnce);
    }
    eprintln!("linked after the cancel {at_once} of {ITERATIONS}");
}

#[test]
fn cancel_on_drop_vs_complete() {
    let mut dropped_first = 0;
    for _ in 0..ITERATIONS {
        let op = started();
        let guard = CancelOnDrop::new(Arc::clone(&op));
        let o = Arc::clone(&op);
        let (_, completed) = race(move || drop(guard), move || o.complete(2).is_ok());
        if completed {
            assert_eq!(op.status(), AsyncStatus::Completed);
        } else {
            assert_eq!(op.cancel_reason(), Some(CancelReason::Dropped));
            dropped_first += 1;
        }
    }
    eprintln!("the drop won {dropped_first} of {ITERATIONS}");
}
