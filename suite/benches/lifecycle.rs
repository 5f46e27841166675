//! The cost of an operation, side by side with what a hand-written design pays, in the same run:
//!
//! - `atomic_word`: the floor. An id from a process-wide counter at creation, an `AtomicU8`
//!   status, a CAS to start, a CAS to claim, a Release store to publish, a result slot: the
//!   cheapest sound hand-written design (no cancel, close or notification).
//! - `mutex_state`: a `Mutex<State>` enum with the same id, the hand-rolled design users
//!   replace.
//! - for a handler, boxing and calling the closure; for an awaiter, a futures oneshot; for a
//!   status read, a raw atomic load.
//!
//! Run with `cargo bench -p asyncinfo-suite --bench lifecycle`.

use std::cell::UnsafeCell;
use std::future::Future;
use std::mem::MaybeUninit;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use asyncinfo::{async_operation, AsyncStatus};
use divan::black_box;

fn main() {
    // Memory, side by side: one operation of each kind, u64 output, io::Error error.
    println!(
        "size_of: asyncinfo OperationState {} B, atomic_word {} B, mutex_state {} B",
        std::mem::size_of::<asyncinfo::OperationState<u64, std::io::Error>>(),
        std::mem::size_of::<atomic_word::Op>(),
        std::mem::size_of::<mutex_state::Op>(),
    );
    divan::main();
}

#[async_operation(output = u64, error = std::io::Error)]
struct Op;

fn new_op() -> Op {
    Op {
        status: Default::default(),
    }
}

/// The ids of the hand-written baselines: one process-wide counter.
static IDS: AtomicU64 = AtomicU64::new(1);

mod atomic_word {
    use super::*;

    const CREATED: u8 = 0;
    const STARTED: u8 = 1;
    const CLAIMED: u8 = 2;
    const COMPLETED: u8 = 3;

    pub struct Op {
        id: u64,
        status: AtomicU8,
        value: UnsafeCell<MaybeUninit<u64>>,
    }

    // SAFETY: the value is written once under the claim and read after the Acquire of COMPLETED.
    unsafe impl Sync for Op {}

    impl Op {
        pub fn new() -> Self {
            Op {
                id: IDS.fetch_add(1, Ordering::Relaxed),
                status: AtomicU8::new(CREATED),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            }
        }

        pub fn id(&self) -> u64 {
            self.id
        }

        pub fn start(&self) -> Result<(), ()> {
            self.status
                .compare_exchange(CREATED, STARTED, Ordering::AcqRel, Ordering::Acquire)
                .map(drop)
                .map_err(drop)
        }

        pub fn complete(&self, value: u64) -> Result<(), u64> {
            if self
                .status
                .compare_exchange(STARTED, CLAIMED, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                return Err(value);
            }
            // SAFETY: the claim gives exclusive access.
            unsafe { (*self.value.get()).write(value) };
            self.status.store(COMPLETED, Ordering::Release);
            Ok(())
        }

        pub fn results(&self) -> Result<&u64, ()> {
            if self.status.load(Ordering::Acquire) == COMPLETED {
                // SAFETY: COMPLETED was published after the write.
                Ok(unsafe { (*self.value.get()).assume_init_ref() })
            } else {
                Err(())
            }
        }
    }
}

mod mutex_state {
    use super::*;

    pub enum State {
        Created,
        Started,
        Completed(u64),
    }

    pub struct Op {
        id: u64,
        state: Mutex<State>,
    }

    impl Op {
        pub fn new() -> Self {
            Op {
                id: IDS.fetch_add(1, Ordering::Relaxed),
                state: Mutex::new(State::Created),
            }
        }

        pub fn id(&self) -> u64 {
            self.id
        }

        pub fn start(&self) -> Result<(), ()> {
            let mut state = self.state.lock().unwrap();
            match *state {
                State::Created => {
                    *state = State::Started;
                    Ok(())
                }
                _ => Err(()),
            }
        }

        pub fn complete(&self, value: u64) -> Result<(), u64> {
            let mut state = self.state.lock().unwrap();
            match *state {
                State::Started => {
                    *state = State::Completed(value);
                    Ok(())
                }
                _ => Err(value),
            }
        }

        pub fn results(&self) -> Result<u64, ()> {
            match *self.state.lock().unwrap() {
                State::Completed(value) => Ok(value),
                _ => Err(()),
            }
        }
    }
}

#[divan::bench_group(
    name = "life: new, id, start, complete, results, drop",
    sample_count = 1000,
    sample_size = 1000
)]
mod life {
    use super::*;

    #[divan::bench]
    fn asyncinfo() -> u64 {
        let op = new_op();
        let id = op.id().get();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        *op.results().unwrap() + id
    }

    #[divan::bench]
    fn atomic_word() -> u64 {
        let op = atomic_word::Op::new();
        let id = op.id();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        *op.results().unwrap() + id
    }

    #[divan::bench]
    fn mutex_state() -> u64 {
        let op = mutex_state::Op::new();
        let id = op.id();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        op.results().unwrap() + id
    }
}

#[divan::bench_group(name = "status read", sample_count = 1000, sample_size = 1000)]
mod status_read {
    use super::*;

    /// How many words each benchmark reads, in turn. The loop stores each result in a stack
    /// slot, and a read whose address lies a multiple of 4 KiB from that slot pays a false
    /// dependency on the store; where the stack and the heap fall varies from run to run, so
    /// one word would make either benchmark slow in some runs. Over 64 words 32 bytes apart
    /// (an operation's size), at most one does, in both benchmarks alike.
    const WORDS: usize = 64;

    #[divan::bench]
    fn asyncinfo(bencher: divan::Bencher) {
        let ops: Box<[Op; WORDS]> = Box::new(std::array::from_fn(|_| {
            let op = new_op();
            op.start().unwrap();
            op.complete(1).unwrap();
            op
        }));
        let mut next = 0;
        bencher.bench_local(|| {
            next = (next + 1) % WORDS;
            black_box(&ops[next]).status() == AsyncStatus::Completed
        });
    }

    #[divan::bench]
    fn raw_atomic_load(bencher: divan::Bencher) {
        /// A word with an operation's stride.
        #[repr(align(32))]
        struct Word(AtomicU8);
        let words: Box<[Word; WORDS]> = Box::new(std::array::from_fn(|_| Word(AtomicU8::new(3))));
        let mut next = 0;
        bencher.bench_local(|| {
            next = (next + 1) % WORDS;
            black_box(&words[next]).0.load(Ordering::Acquire) == 3
        });
    }
}

#[divan::bench_group(
    name = "one completion handler",
    sample_count = 1000,
    sample_size = 1000
)]
mod one_handler {
    use super::*;

    /// Where both handlers store what they saw: each closure captures a reference to it, so
    /// both boxes hold the same capture.
    static SEEN: AtomicU64 = AtomicU64::new(0);

    /// The operation's whole life with one handler registered before the finish.
    #[divan::bench]
    fn asyncinfo() -> u64 {
        let op = new_op();
        let seen: &'static AtomicU64 = black_box(&SEEN);
        op.on_completed(move |op, _| seen.store(*op.results().unwrap(), Ordering::Relaxed))
            .unwrap();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        seen.load(Ordering::Relaxed)
    }

    /// The floor's life, plus boxing the same closure and calling it.
    #[divan::bench]
    fn atomic_word_and_boxed_closure() -> u64 {
        let op = atomic_word::Op::new();
        let seen: &'static AtomicU64 = black_box(&SEEN);
        let handler: Box<dyn FnOnce(u64) + Send> =
            Box::new(move |value| seen.store(value, Ordering::Relaxed));
        let handler = black_box(handler);
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        handler(*op.results().unwrap());
        seen.load(Ordering::Relaxed)
    }
}

#[divan::bench_group(
    name = "awaiter: register, complete, poll ready",
    sample_count = 1000,
    sample_size = 1000
)]
mod awaiter {
    use super::*;

    #[divan::bench]
    fn asyncinfo() -> AsyncStatus {
        let op = new_op();
        op.start().unwrap();
        let mut cx = Context::from_waker(Waker::noop());
        let mut finished = pin!(op.finished());
        assert!(finished.as_mut().poll(&mut cx).is_pending());
        op.complete(black_box(42)).unwrap();
        match finished.poll(&mut cx) {
            Poll::Ready(status) => status,
            Poll::Pending => unreachable!("completed"),
        }
    }

    #[divan::bench]
    fn futures_oneshot() -> u64 {
        let (sender, receiver) = futures::channel::oneshot::channel();
        let mut cx = Context::from_waker(Waker::noop());
        let mut receiver = pin!(receiver);
        assert!(receiver.as_mut().poll(&mut cx).is_pending());
        sender.send(black_box(42_u64)).unwrap();
        match receiver.poll(&mut cx) {
            Poll::Ready(value) => value.unwrap(),
            Poll::Pending => unreachable!("sent"),
        }
    }
}

/// Creating and finishing operations on one thread, and on two threads at once: with no
/// counter shared between threads on the common path, each thread keeps its pace.
#[divan::bench_group(name = "scale: 10,000 lives per thread", sample_count = 50)]
mod scale {
    use super::*;

    const LIVES: usize = 10_000;

    fn lives() -> u64 {
        let mut sum = 0;
        for _ in 0..LIVES {
            let op = new_op();
            sum += op.id().get();
            op.start().unwrap();
            op.complete(black_box(1)).unwrap();
            sum += *op.results().unwrap();
        }
        sum
    }

    #[divan::bench]
    fn one_thread() -> u64 {
        lives()
    }

    #[divan::bench]
    fn two_threads() -> u64 {
        std::thread::scope(|s| {
            let other = s.spawn(lives);
            lives() + other.join().unwrap()
        })
    }
}

/// `outcome()` against `results()` on a completed operation: one `match` on the outcome should
/// cost what the result read does. Both read 64 operations in turn, as the status read does.
#[divan::bench_group(
    name = "read a completed result",
    sample_count = 1000,
    sample_size = 1000
)]
mod result_read {
    use super::*;
    use asyncinfo::Outcome;

    const OPS: usize = 64;

    fn completed() -> Box<[Op; OPS]> {
        Box::new(std::array::from_fn(|n| {
            let op = new_op();
            op.start().unwrap();
            op.complete(n as u64).unwrap();
            op
        }))
    }

    /// Out of line, as its twin below, so that `.ci/bench-instructions` can count each.
    #[inline(never)]
    fn read_outcome(op: &Op) -> u64 {
        match op.outcome() {
            Some(Outcome::Completed(value)) => *value,
            _ => 0,
        }
    }

    #[inline(never)]
    fn read_results(op: &Op) -> u64 {
        match op.results() {
            Ok(value) => *value,
            Err(_) => 0,
        }
    }

    #[divan::bench]
    fn outcome(bencher: divan::Bencher) {
        let ops = completed();
        let mut next = 0;
        bencher.bench_local(|| {
            next = (next + 1) % OPS;
            read_outcome(black_box(&ops[next]))
        });
    }

    #[divan::bench]
    fn results(bencher: divan::Bencher) {
        let ops = completed();
        let mut next = 0;
        bencher.bench_local(|| {
            next = (next + 1) % OPS;
            read_results(black_box(&ops[next]))
        });
    }
}

/// The cost of one `link_child` (a child made, linked and dropped, which leaves a dead link)
/// with no other child alive, and with 10,000 live children: pruning the dead links as the list
/// doubles keeps it amortised O(1).
#[divan::bench_group(name = "link_child: per link", sample_count = 200, sample_size = 1000)]
mod link_child {
    use super::*;
    use std::sync::Arc;

    fn links_with(bencher: divan::Bencher, live: usize) {
        let parent = new_op();
        parent.start().unwrap();
        let children: Vec<Arc<Op>> = (0..live).map(|_| Arc::new(new_op())).collect();
        for child in &children {
            parent.link_child(child).unwrap();
        }
        bencher.bench_local(|| {
            let child = Arc::new(new_op());
            parent.link_child(black_box(&child)).unwrap()
        });
        drop(children);
    }

    #[divan::bench]
    fn no_live_children(bencher: divan::Bencher) {
        links_with(bencher, 0);
    }

    #[divan::bench]
    fn ten_thousand_live_children(bencher: divan::Bencher) {
        links_with(bencher, 10_000);
    }
}

/// The common path of an operation declared with `timestamps`, against the plain one plus the
/// three clock reads the timed one makes (created, started, finished): what the option costs
/// beyond reading the clock.
#[divan::bench_group(name = "timestamps: life", sample_count = 1000, sample_size = 1000)]
mod timestamps {
    use super::*;
    use std::time::SystemTime;

    #[async_operation(output = u64, error = std::io::Error, timestamps)]
    struct Timed;

    #[divan::bench]
    fn timed() -> u64 {
        let op = Timed {
            status: Default::default(),
        };
        let id = op.id().get();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        *op.results().unwrap() + id
    }

    #[divan::bench]
    fn plain_and_three_clock_reads() -> u64 {
        let created = black_box(SystemTime::now());
        let op = new_op();
        let id = op.id().get();
        op.start().unwrap();
        let started = black_box(SystemTime::now());
        op.complete(black_box(42)).unwrap();
        let finished = black_box(SystemTime::now());
        black_box((created, started, finished));
        *op.results().unwrap() + id
    }
}
