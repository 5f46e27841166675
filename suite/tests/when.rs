//! `when_all`, `when_any`, `wait_all`, `wait_any` (DESIGN §10): every item shape, input order,
//! the first to finish, empty sets, timeouts, each operation registered once, and operations
//! finishing on other threads in any order.

use std::future::Future;

use futures::executor::block_on;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::thread;
use std::time::Duration;

use asyncinfo::{
    async_operation, wait_all, wait_any, when_all, when_any, AsyncInfo, AsyncStatus, Registry,
};

#[async_operation(output = u32)]
struct Part;

#[async_operation]
struct Flush;

fn part() -> Arc<Part> {
    Arc::new(Part {
        status: Default::default(),
    })
}

fn started() -> Arc<Part> {
    let op = part();
    op.start().unwrap();
    op
}

/// A waker that counts its clones (each registration of a waker clones it) and its wakes.
struct Counts {
    clones: AtomicUsize,
    wakes: AtomicUsize,
}

fn counting_waker(counts: &'static Counts) -> Waker {
    fn clone(data: *const ()) -> RawWaker {
        // SAFETY: `data` is the `&'static Counts` the waker was made with.
        let counts = unsafe { &*data.cast::<Counts>() };
        counts.clones.fetch_add(1, Ordering::SeqCst);
        RawWaker::new(data, &VTABLE)
    }
    fn wake(data: *const ()) {
        // SAFETY: as above.
        let counts = unsafe { &*data.cast::<Counts>() };
        counts.wakes.fetch_add(1, Ordering::SeqCst);
    }
    fn drop(_: *const ()) {}
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake, drop);
    // SAFETY: the vtable's functions keep the contract of a `RawWaker` over a `'static` pointer.
    unsafe { Waker::from_raw(RawWaker::new(std::ptr::from_ref(counts).cast(), &VTABLE)) }
}

fn leak_counts() -> &'static Counts {
    Box::leak(Box::new(Counts {
        clones: AtomicUsize::new(0),
        wakes: AtomicUsize::new(0),
    }))
}

#[test]
fn when_all_gives_every_status_in_input_order() {
    let parts = [started(), started(), part()];
    let counts = leak_counts();
    let waker = counting_waker(counts);
    let mut cx = Context::from_waker(&waker);
    let mut all = pin!(when_all(&parts));
    assert!(all.as_mut().poll(&mut cx).is_pending());
    parts[1].complete(1).unwrap();
    parts[2].cancel();
    assert!(all.as_mut().poll(&mut cx).is_pending());
    parts[0].fail("boom".into()).unwrap();
    assert_eq!(
        all.as_mut().poll(&mut cx),
        Poll::Ready(vec![
            AsyncStatus::Error,
            AsyncStatus::Completed,
            AsyncStatus::Canceled
        ])
    );
    assert_eq!(
        counts.wakes.load(Ordering::SeqCst),
        3,
        "one wake per finish"
    );
    // Each operation registered the task once, however often the set was polled (the set
    // keeps one clone too, to know the waker they registered).
    assert_eq!(counts.clones.load(Ordering::SeqCst), 3 + 1);
}

#[test]
fn a_set_polled_with_another_waker_registers_that_one() {
    let parts = [started(), started()];
    let (first, second) = (leak_counts(), leak_counts());
    let mut all = pin!(when_all(&parts));
    let waker = counting_waker(first);
    assert!(all
        .as_mut()
        .poll(&mut Context::from_waker(&waker))
        .is_pending());
    // The task moved: its new waker must be the one the finishes wake.
    let waker = counting_waker(second);
    assert!(all
        .as_mut()
        .poll(&mut Context::from_waker(&waker))
        .is_pending());
    parts[0].complete(1).unwrap();
    parts[1].complete(2).unwrap();
    assert_eq!(second.wakes.load(Ordering::SeqCst), 2);
    assert_eq!(first.wakes.load(Ordering::SeqCst), 0);
}

#[test]
fn every_item_shape_and_dyn_operations() {
    let (a, b) = (part(), part());
    a.cancel();
    b.cancel();
    let flush = Arc::new(Flush {
        status: Default::default(),
    });
    flush.cancel();
    let list: Vec<Arc<dyn AsyncInfo + Send + Sync>> = vec![a.clone(), flush.clone()];
    assert_eq!(block_on(when_all([&*a, &*b])).len(), 2); // &A
    assert_eq!(block_on(when_all(&[a.clone(), b.clone()])).len(), 2); // &Arc<A>
    assert_eq!(block_on(when_all(vec![a.clone(), b.clone()])).len(), 2); // Arc<A>
    assert_eq!(block_on(when_all(&list)), [AsyncStatus::Canceled; 2]); // &Arc<dyn …>
    assert_eq!(block_on(when_all(list.iter().map(|op| &**op))).len(), 2); // &dyn …
    assert_eq!(block_on(when_any(list)), Some((0, AsyncStatus::Canceled))); // Arc<dyn …>

    let ops: Registry = Registry::new();
    ops.insert(a.clone());
    ops.insert(flush.clone());
    let statuses = block_on(when_all(ops.iter().map(|(_name, op)| op)));
    assert_eq!(statuses, [AsyncStatus::Canceled; 2]);
}

#[test]
fn empty_sets() {
    let none: [Arc<Part>; 0] = [];
    assert_eq!(futures::executor::block_on(when_all(&none)), []);
    assert_eq!(futures::executor::block_on(when_any(&none)), None);
    assert_eq!(wait_all(&none, Some(Duration::ZERO)), Some(vec![]));
    assert_eq!(wait_any(&none, None), None, "an empty set never hangs");
}

#[test]
fn when_any_gives_the_first_to_finish_and_lets_go_of_the_others() {
    let parts = [started(), started(), started()];
    let counts = leak_counts();
    let waker = counting_waker(counts);
    let mut cx = Context::from_waker(&waker);
    let mut any = pin!(when_any(&parts));
    assert!(any.as_mut().poll(&mut cx).is_pending());
    parts[2].complete(3).unwrap();
    assert_eq!(
        any.as_mut().poll(&mut cx),
        Poll::Ready(Some((2, AsyncStatus::Completed)))
    );
    let wakes = counts.wakes.load(Ordering::SeqCst);
    parts[0].complete(1).unwrap();
    parts[1].complete(2).unwrap();
    assert_eq!(
        counts.wakes.load(Ordering::SeqCst),
        wakes,
        "the others were deregistered"
    );

    // Already finished: the lowest index wins at once.
    let parts = [started(), part(), part()];
    parts[2].cancel();
    parts[1].cancel();
    let ready = futures::executor::block_on(when_any(&parts));
    assert_eq!(ready, Some((1, AsyncStatus::Canceled)));
}

#[test]
fn the_blocking_forms_time_out_or_return() {
    let parts = [started(), started()];
    assert_eq!(wait_all(&parts, Some(Duration::from_millis(20))), None);
    assert_eq!(wait_any(&parts, Some(Duration::from_millis(20))), None);
    let finisher = {
        let part = Arc::clone(&parts[1]);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(10));
            part.complete(2).unwrap();
        })
    };
    assert_eq!(wait_any(&parts, None), Some((1, AsyncStatus::Completed)));
    finisher.join().unwrap();
    parts[0].cancel();
    assert!(parts[0].acknowledge_cancel().is_ok());
    assert_eq!(
        wait_all(&parts, Some(Duration::from_secs(5))),
        Some(vec![AsyncStatus::Canceled, AsyncStatus::Completed])
    );
}

#[test]
fn operations_finishing_on_other_threads_in_any_order() {
    for round in 0..200 {
        let parts: Vec<Arc<Part>> = (0..8).map(|_| started()).collect();
        let finishers: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(n, part)| {
                let part = Arc::clone(part);
                thread::spawn(move || {
                    if (n + round) % 3 == 0 {
                        part.cancel();
                        part.acknowledge_cancel().unwrap();
                    } else {
                        part.complete(1).unwrap();
                    }
                })
            })
            .collect();
        let (first, all) = futures::executor::block_on(async {
            let first = when_any(&parts).await;
            (first, when_all(&parts).await)
        });
        let (index, status) = first.unwrap();
        assert_eq!(all[index], status);
        for (n, status) in all.iter().enumerate() {
            let expected = if (n + round) % 3 == 0 {
                AsyncStatus::Canceled
            } else {
                AsyncStatus::Completed
            };
            assert_eq!(*status, expected);
        }
        for finisher in finishers {
            finisher.join().unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_set_spawns_on_tokio() {
    let parts: Vec<Arc<Part>> = (0..4).map(|_| started()).collect();
    let waiting = tokio::spawn({
        let parts = parts.clone();
        async move { when_all(parts).await }
    });
    for part in &parts {
        part.complete(9).unwrap();
    }
    assert_eq!(waiting.await.unwrap(), [AsyncStatus::Completed; 4]);
}
