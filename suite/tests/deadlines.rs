//! Deadlines at their edges: a `disarm()` racing the timer's fire, and the memory a pending
//! deadline keeps of an operation that is gone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use asyncinfo::{async_operation, cancel_after, cancel_at, AsyncStatus, CancelReason};

/// Counts the bytes allocated and not yet freed, process-wide.
struct Live;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and counts in an atomic, which does not allocate.
unsafe impl GlobalAlloc for Live {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Live = Live;

#[async_operation(output = u32)]
struct Query;

/// An operation with a large field.
#[async_operation(output = u32)]
struct Big {
    buffer: [u8; 64 * 1024],
}

#[test]
fn a_detached_deadline_keeps_no_memory_of_a_finished_dropped_operation() {
    // Start the timer thread (and its allocations) before measuring.
    let warm = Arc::new(Query {
        status: Default::default(),
    });
    cancel_after(&warm, Duration::from_millis(1)).detach();
    assert_eq!(warm.wait(), AsyncStatus::Canceled);
    thread::sleep(Duration::from_millis(20));

    let before = LIVE.load(Ordering::SeqCst);
    for n in 0..1000 {
        let op = Arc::new(Big {
            buffer: [n as u8; 64 * 1024],
            status: Default::default(),
        });
        cancel_after(&op, Duration::from_secs(60)).detach();
        if n % 2 == 0 {
            assert!(op.cancel());
        } else {
            op.start().unwrap();
            op.complete(n).unwrap();
        }
        assert!(op.buffer.iter().all(|b| *b == n as u8));
        drop(op);
    }
    let kept = LIVE.load(Ordering::SeqCst).saturating_sub(before);
    // Before: the timer's weak references kept each 64 KiB allocation (62 MiB in all) until
    // the deadlines passed. Now each finished operation drops its deadline, which leaves the
    // timer with its weak reference. What may remain is the timer's map's own capacity.
    assert!(
        kept < 256 * 1024,
        "{kept} bytes kept after 1,000 finished operations were dropped"
    );
}

#[test]
fn a_pending_deadline_of_an_operation_dropped_unfinished_keeps_no_memory() {
    let before = LIVE.load(Ordering::SeqCst);
    for n in 0..200 {
        let op = Arc::new(Big {
            buffer: [n as u8; 64 * 1024],
            status: Default::default(),
        });
        cancel_at(&op, Instant::now() + Duration::from_secs(60)).detach();
        drop(op); // Created, never finished: dropped with its deadline link.
    }
    let kept = LIVE.load(Ordering::SeqCst).saturating_sub(before);
    assert!(kept < 256 * 1024, "{kept} bytes kept");
}

/// `disarm()` races the timer's fire; the worker completes at once after it. When `disarm()`
/// says the deadline fired, its cancel has taken effect: the worker's `complete` is refused and
/// the operation is Canceled with `Timeout`. When it says it had not, the deadline never fires.
#[test]
fn disarm_returning_false_means_the_cancel_took_effect() {
    const RUNS: usize = 10_000;
    const THREADS: usize = 4;
    let barrier = Arc::new(Barrier::new(THREADS));
    let fired = Arc::new(AtomicUsize::new(0));
    let racers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (barrier, fired) = (Arc::clone(&barrier), Arc::clone(&fired));
            thread::spawn(move || {
                barrier.wait();
                for run in 0..RUNS / THREADS {
                    let op = Arc::new(Query {
                        status: Default::default(),
                    });
                    let worker = Arc::clone(&op).worker_owned().unwrap();
                    let at = Instant::now() + Duration::from_micros(20);
                    let deadline = cancel_at(&op, at);
                    // Disarm around when the timer wakes for it, a little later each run.
                    let disarm_at = at + Duration::from_micros((run * 7 % 150) as u64);
                    while Instant::now() < disarm_at {
                        std::hint::spin_loop();
                    }
                    if deadline.disarm() {
                        worker.complete(1).unwrap();
                        assert_eq!(op.status(), AsyncStatus::Completed);
                    } else {
                        fired.fetch_add(1, Ordering::Relaxed);
                        assert!(
                            worker.complete(1).is_err(),
                            "disarm() said it fired, yet the worker completed"
                        );
                        assert_eq!(op.cancel_reason(), Some(CancelReason::Timeout));
                    }
                    assert!(op.is_finished());
                }
            })
        })
        .collect();
    for racer in racers {
        racer.join().unwrap();
    }
    // Both sides of the race were seen (the deadlines are due when `disarm()` runs).
    assert!(fired.load(Ordering::Relaxed) > 0, "no deadline fired first");
}
