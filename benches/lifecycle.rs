//! The common path of an operation (create, start, complete, read the result, drop) and a
//! status read, side by side with two baselines written by hand in the same run:
//!
//! - `atomic_word`: one `AtomicU8` status and an `UnsafeCell` payload, claimed with a CAS and
//!   published with a Release store: the cheapest sound hand-written design (no id, no close,
//!   no cancel bookkeeping).
//! - `mutex_state`: a `Mutex<State>` enum, the hand-rolled design users replace;
//!   `mutex_handlers` adds a handler list under the same mutex.
//!
//! Run with `cargo bench --bench lifecycle`.

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;

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

mod atomic_word {
    use super::*;

    const CREATED: u8 = 0;
    const STARTED: u8 = 1;
    const CLAIMED: u8 = 2;
    const COMPLETED: u8 = 3;

    pub struct Op {
        status: AtomicU8,
        value: UnsafeCell<MaybeUninit<u64>>,
    }

    // SAFETY: the value is written once under the claim and read after the Acquire of COMPLETED.
    unsafe impl Sync for Op {}

    impl Op {
        pub fn new() -> Self {
            Op {
                status: AtomicU8::new(CREATED),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            }
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
                // SAFETY: published before COMPLETED.
                Ok(unsafe { (*self.value.get()).assume_init_ref() })
            } else {
                Err(())
            }
        }

        pub fn is_completed(&self) -> bool {
            self.status.load(Ordering::Acquire) == COMPLETED
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

    pub struct Op(pub Mutex<State>);

    impl Op {
        pub fn new() -> Self {
            Op(Mutex::new(State::Created))
        }

        pub fn start(&self) -> Result<(), ()> {
            let mut state = self.0.lock().unwrap();
            match *state {
                State::Created => {
                    *state = State::Started;
                    Ok(())
                }
                _ => Err(()),
            }
        }

        pub fn complete(&self, value: u64) -> Result<(), u64> {
            let mut state = self.0.lock().unwrap();
            match *state {
                State::Started => {
                    *state = State::Completed(value);
                    Ok(())
                }
                _ => Err(value),
            }
        }

        pub fn results(&self) -> Result<u64, ()> {
            match *self.0.lock().unwrap() {
                State::Completed(value) => Ok(value),
                _ => Err(()),
            }
        }

        pub fn is_completed(&self) -> bool {
            matches!(*self.0.lock().unwrap(), State::Completed(_))
        }
    }
}

#[divan::bench_group(name = "life: new, start, complete, results, drop")]
mod life {
    use super::*;

    #[divan::bench]
    fn asyncinfo() -> u64 {
        let op = Op {
            status: Default::default(),
        };
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        *op.results().unwrap()
    }

    #[divan::bench]
    fn atomic_word() -> u64 {
        let op = atomic_word::Op::new();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        *op.results().unwrap()
    }

    #[divan::bench]
    fn mutex_state() -> u64 {
        let op = mutex_state::Op::new();
        op.start().unwrap();
        op.complete(black_box(42)).unwrap();
        op.results().unwrap()
    }
}

/// A hand-rolled operation with completion handlers: the state and the handler list under one
/// mutex, handlers taken out and run after unlocking.
mod mutex_handlers {
    use super::*;

    type Handler = Box<dyn FnOnce(u64) + Send>;

    pub struct Op(Mutex<(mutex_state::State, Vec<Handler>)>);

    impl Op {
        pub fn new() -> Self {
            Op(Mutex::new((mutex_state::State::Created, Vec::new())))
        }

        pub fn on_completed(&self, handler: impl FnOnce(u64) + Send + 'static) {
            let mut guard = self.0.lock().unwrap();
            match guard.0 {
                mutex_state::State::Completed(value) => {
                    drop(guard);
                    handler(value);
                }
                _ => guard.1.push(Box::new(handler)),
            }
        }

        pub fn start(&self) {
            self.0.lock().unwrap().0 = mutex_state::State::Started;
        }

        pub fn complete(&self, value: u64) {
            let handlers = {
                let mut guard = self.0.lock().unwrap();
                guard.0 = mutex_state::State::Completed(value);
                std::mem::take(&mut guard.1)
            };
            for handler in handlers {
                handler(value);
            }
        }
    }
}

#[divan::bench_group(name = "life with one completion handler")]
mod life_with_handler {
    use super::*;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    #[divan::bench]
    fn asyncinfo(bencher: divan::Bencher) {
        let seen = Arc::new(AtomicU64::new(0));
        bencher.bench(|| {
            let op = Op {
                status: Default::default(),
            };
            let seen = Arc::clone(&seen);
            op.on_completed(move |op, _| {
                seen.store(*op.results().unwrap(), Ordering::Relaxed);
            })
            .unwrap();
            op.start().unwrap();
            op.complete(black_box(42)).unwrap();
        });
    }

    #[divan::bench]
    fn mutex_handlers(bencher: divan::Bencher) {
        let seen = Arc::new(AtomicU64::new(0));
        bencher.bench(|| {
            let op = mutex_handlers::Op::new();
            let seen = Arc::clone(&seen);
            op.on_completed(move |value| seen.store(value, Ordering::Relaxed));
            op.start();
            op.complete(black_box(42));
        });
    }
}

#[divan::bench_group(name = "status read")]
mod status_read {
    use super::*;

    #[divan::bench]
    fn asyncinfo(bencher: divan::Bencher) {
        let op = Op {
            status: Default::default(),
        };
        op.start().unwrap();
        op.complete(1).unwrap();
        bencher.bench(|| black_box(&op).status() == AsyncStatus::Completed);
    }

    #[divan::bench]
    fn atomic_word(bencher: divan::Bencher) {
        let op = atomic_word::Op::new();
        op.start().unwrap();
        op.complete(1).unwrap();
        bencher.bench(|| black_box(&op).is_completed());
    }

    #[divan::bench]
    fn mutex_state(bencher: divan::Bencher) {
        let op = mutex_state::Op::new();
        op.start().unwrap();
        op.complete(1).unwrap();
        bencher.bench(|| black_box(&op).is_completed());
    }
}
