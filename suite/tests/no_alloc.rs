//! The common path (create, id, start, complete, read results, close, drop) allocates nothing.
//! A counting global allocator sees every allocation of the thread under test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;

use asyncinfo::{async_operation, AsyncInfo, AsyncStatus};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static DEALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the counter is a const-initialised thread local,
// which does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        DEALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn deallocations_in(f: impl FnOnce()) -> usize {
    let before = DEALLOCATIONS.with(Cell::get);
    f();
    DEALLOCATIONS.with(Cell::get) - before
}

#[async_operation(output = u64, error = std::io::Error)]
struct Sum {
    upto: u64,
}

#[async_operation(output = String)]
struct Fetch;

#[test]
fn the_counter_sees_allocations() {
    assert_eq!(allocations_in(|| drop(vec![1u8; 16])), 1);
}

#[test]
fn common_path_does_not_allocate() {
    let allocated = allocations_in(|| {
        let op = Sum {
            upto: 10,
            status: Default::default(),
        };
        let _ = op.id();
        op.start().unwrap();
        op.complete((1..=op.upto).sum()).unwrap();
        assert_eq!(op.results().copied().unwrap(), 55);
        assert_eq!(op.status(), AsyncStatus::Completed);
        op.close().unwrap();
        drop(op);
    });
    assert_eq!(allocated, 0);
}

#[test]
fn cancel_acknowledge_and_errors_do_not_allocate() {
    let allocated = allocations_in(|| {
        let op = Sum {
            upto: 1,
            status: Default::default(),
        };
        assert!(op.complete(1).is_err());
        op.start().unwrap();
        assert!(op.cancel());
        let dyn_op: &dyn AsyncInfo = &op;
        assert!(!dyn_op.is_finished());
        op.acknowledge_cancel().unwrap();
        assert!(op.results().is_err());
        op.close().unwrap();
    });
    assert_eq!(allocated, 0);
}

#[test]
fn a_moved_in_result_is_not_copied() {
    let value = String::from("payload");
    let allocated = allocations_in(move || {
        let op = Fetch {
            status: Default::default(),
        };
        op.start().unwrap();
        op.complete(value).unwrap();
        assert_eq!(op.results().unwrap(), "payload");
    });
    assert_eq!(allocated, 0);
}

#[test]
fn waiting_on_a_finished_operation_does_not_allocate() {
    let op = Sum {
        upto: 3,
        status: Default::default(),
    };
    op.start().unwrap();
    op.complete(6).unwrap();
    let allocated = allocations_in(|| {
        assert_eq!(op.wait(), AsyncStatus::Completed);
        assert_eq!(
            op.wait_timeout(std::time::Duration::ZERO),
            Some(AsyncStatus::Completed)
        );
        let mut finished = std::pin::pin!(op.finished());
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let status = finished.as_mut().poll(&mut cx);
        assert_eq!(status, std::task::Poll::Ready(AsyncStatus::Completed));
    });
    assert_eq!(allocated, 0);
}

#[test]
fn a_handler_allocates_its_node_only() {
    let op = Sum {
        upto: 3,
        status: Default::default(),
    };
    op.start().unwrap();
    let handler = |_: &Sum, _| {};
    // One node per handler, the closure inside it; no registry, no list.
    assert_eq!(allocations_in(|| op.on_completed(handler).unwrap()), 1);
    assert_eq!(allocations_in(|| op.on_completed(handler).unwrap()), 1);
    assert_eq!(allocations_in(|| op.complete(6).unwrap()), 0);
}

#[test]
fn the_first_awaiter_does_not_allocate() {
    let op = Sum {
        upto: 3,
        status: Default::default(),
    };
    op.start().unwrap();
    let allocated = allocations_in(|| {
        let mut finished = std::pin::pin!(op.finished());
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(finished.as_mut().poll(&mut cx).is_pending());
        op.complete(6).unwrap();
        let status = finished.as_mut().poll(&mut cx);
        assert_eq!(status, std::task::Poll::Ready(AsyncStatus::Completed));
    });
    assert_eq!(allocated, 0);
}

#[test]
fn awaiting_through_dyn_does_not_allocate() {
    use asyncinfo::AsyncInfo;
    let op = Sum {
        upto: 3,
        status: Default::default(),
    };
    op.start().unwrap();
    let consumer: &dyn AsyncInfo = &op;
    let allocated = allocations_in(|| {
        let mut finished = std::pin::pin!(consumer.finished());
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(finished.as_mut().poll(&mut cx).is_pending());
        op.complete(6).unwrap();
        let status = finished.as_mut().poll(&mut cx);
        assert_eq!(status, std::task::Poll::Ready(AsyncStatus::Completed));
        assert_eq!(consumer.wait(), AsyncStatus::Completed);
        assert_eq!(consumer.cancel_reason(), None);
    });
    assert_eq!(allocated, 0);
}

#[test]
fn worker_complete_drop_does_not_allocate() {
    let allocated = allocations_in(|| {
        let op = Sum {
            upto: 3,
            status: Default::default(),
        };
        op.worker().unwrap().complete(6).unwrap();
        assert_eq!(op.results().ok(), Some(&6));
        // An abandoned worker, and one that acknowledges a cancel.
        let op = Sum {
            upto: 3,
            status: Default::default(),
        };
        drop(op.worker().unwrap());
        let op = Sum {
            upto: 3,
            status: Default::default(),
        };
        let worker = op.worker().unwrap();
        assert!(op.cancel());
        drop(worker);
        assert!(op.is_finished());
    });
    assert_eq!(allocated, 0);
}

#[test]
fn recording_and_reading_a_built_in_reason_does_not_allocate() {
    use asyncinfo::CancelReason;
    let parent = Fetch {
        status: Default::default(),
    };
    let parent_id = parent.id();
    let allocated = allocations_in(|| {
        for reason in [
            CancelReason::Requested,
            CancelReason::Timeout,
            CancelReason::Dropped,
            CancelReason::Parent(parent_id),
        ] {
            let op = Sum {
                upto: 1,
                status: Default::default(),
            };
            let worker = op.worker().unwrap();
            assert!(op.cancel_with(reason));
            let read = op.cancel_reason();
            assert!(read.is_some());
            drop(worker);
            assert!(op.outcome().is_some());
            op.close().unwrap();
            assert!(op.cancel_reason().is_some());
        }
    });
    assert_eq!(allocated, 0);
}

#[test]
fn run_on_a_ready_body_does_not_allocate() {
    let op = Sum {
        upto: 2,
        status: Default::default(),
    };
    let waker = std::task::Waker::noop();
    let allocated = allocations_in(|| {
        let mut run = std::pin::pin!(op.worker().unwrap().run(async { Ok(4) }));
        let status = run
            .as_mut()
            .poll(&mut std::task::Context::from_waker(waker));
        assert_eq!(status, std::task::Poll::Ready(AsyncStatus::Completed));
    });
    assert_eq!(allocated, 0);
}

#[test]
fn dead_links_are_pruned_as_links_are_added() {
    use std::sync::Arc;
    let parent = Fetch {
        status: Default::default(),
    };
    parent.start().unwrap();
    let dead = || {
        let child = Arc::new(Fetch {
            status: Default::default(),
        });
        parent.link_child(&child).unwrap();
        // Dropped at once: the parent's weak link keeps only the allocation.
        drop(child);
    };
    dead();
    // A prune (once the list has doubled, or reached 16 links) frees each dead link and its
    // child's allocation: of 1,000 dead links, at most the last 32 can still be held.
    let freed = deallocations_in(|| (0..1000).for_each(|_| dead()));
    assert!(
        freed >= 2 * (1000 - 32),
        "{freed} deallocations: dead links pile up"
    );
}

#[test]
fn a_set_of_operations_is_one_allocation() {
    let ops: Vec<Fetch> = (0..16)
        .map(|_| Fetch {
            status: Default::default(),
        })
        .collect();
    for op in &ops {
        op.start().unwrap();
    }
    let waker = std::task::Waker::noop();
    let allocated = allocations_in(|| {
        let mut all = std::pin::pin!(asyncinfo::when_all(&ops));
        let mut cx = std::task::Context::from_waker(waker);
        assert!(all.as_mut().poll(&mut cx).is_pending());
        assert!(all.as_mut().poll(&mut cx).is_pending());
    });
    assert_eq!(
        allocated, 1,
        "the slots; each operation links its future's own node"
    );
}
