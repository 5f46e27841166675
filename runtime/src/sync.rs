//! The synchronisation primitives the state machine is built from.
//!
//! Under `--cfg loom` these are loom's instrumented types, so that loom can explore every
//! interleaving of the state machine, and so that a user crate compiled with `--cfg loom` can
//! model-check its own code that drives an operation. Otherwise they are the standard library's
//! (with the cell wrapped to offer loom's closure-based API). Under `--cfg shuttle` the atomics,
//! locks and yields are shuttle's, for the models loom cannot explore (`tests/shuttle.rs`).

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicPtr, AtomicU32, AtomicU8, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};

#[cfg(all(shuttle, not(loom)))]
pub(crate) use shuttle::sync::atomic::{AtomicPtr, AtomicU32, AtomicU8, Ordering};
#[cfg(all(shuttle, not(loom)))]
pub(crate) use shuttle::sync::{Condvar, Mutex, MutexGuard};

#[cfg(not(any(loom, shuttle)))]
pub(crate) use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU8, Ordering};
#[cfg(not(any(loom, shuttle)))]
pub(crate) use std::sync::{Mutex, MutexGuard};

/// A thread's parking spot, for a blocked `wait()`: [`Parker::park`] blocks until
/// [`Parker::unpark`] was called since the last park (a token, as std's thread parking).
///
/// On real threads it is std's `thread::park` with a flag (a park may return spuriously; the
/// flag says whether the unpark came). Under loom and shuttle it is a mutex and a condition
/// variable, which the model checkers see block and wake: loom's own park loses a token in some
/// schedules (tokio-rs/loom#249, reported as a deadlock that std cannot have), and a park
/// made of yields makes loom explore every spin.
pub(crate) struct Parker {
    #[cfg(not(any(loom, shuttle)))]
    thread: std::thread::Thread,
    #[cfg(not(any(loom, shuttle)))]
    token: AtomicBool,
    #[cfg(any(loom, shuttle))]
    token: Mutex<bool>,
    #[cfg(any(loom, shuttle))]
    unparked: Condvar,
}

impl Parker {
    /// The parking spot of the current thread.
    pub(crate) fn new() -> Self {
        Self {
            #[cfg(not(any(loom, shuttle)))]
            thread: std::thread::current(),
            #[cfg(not(any(loom, shuttle)))]
            token: AtomicBool::new(false),
            #[cfg(any(loom, shuttle))]
            token: Mutex::new(false),
            #[cfg(any(loom, shuttle))]
            unparked: Condvar::new(),
        }
    }

    /// Makes the token available and wakes the parked thread, if it parks. Release: what this
    /// thread did before is visible to the thread once its park returns.
    pub(crate) fn unpark(&self) {
        #[cfg(not(any(loom, shuttle)))]
        {
            self.token.store(true, Ordering::Release);
            self.thread.unpark();
        }
        #[cfg(any(loom, shuttle))]
        {
            *lock(&self.token) = true;
            self.unparked.notify_one();
        }
    }

    /// Blocks the thread that made this parker until the token is available (at once if it
    /// is), then takes it; or until `timeout` passes (`false`, the token left as it is).
    pub(crate) fn park(&self, timeout: Option<std::time::Duration>) -> bool {
        #[cfg(not(any(loom, shuttle)))]
        {
            let deadline =
                timeout.and_then(|timeout| std::time::Instant::now().checked_add(timeout));
            // Acquire: pairs with `unpark`'s Release.
            while !self.token.swap(false, Ordering::Acquire) {
                match deadline {
                    None => std::thread::park(),
                    Some(deadline) => {
                        match deadline.checked_duration_since(std::time::Instant::now()) {
                            Some(left) if !left.is_zero() => std::thread::park_timeout(left),
                            _ => return false,
                        }
                    }
                }
            }
            true
        }
        #[cfg(any(loom, shuttle))]
        {
            let mut token = lock(&self.token);
            while !*token {
                if timeout.is_some() {
                    // The models have no clock: a timed park times out at once unless the
                    // token is there.
                    return false;
                }
                token = self
                    .unparked
                    .wait(token)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            *token = false;
            true
        }
    }
}

/// Orders a registrar's write to the waiter field before its read of the state word, and a
/// transition's write of the word before its read of the field (`state/registration.rs`).
///
/// The code itself does both with `SeqCst` operations, which forbid the two reads from both
/// missing the other thread's write, at no cost on x86 (a locked instruction and a plain load)
/// nor on AArch64 (`ldar`/`stlr`). Loom treats `SeqCst` operations as `AcqRel`, which would
/// allow it; it does model `SeqCst` fences, which give the same guarantee. So under loom this
/// is such a fence, and otherwise nothing.
#[inline(always)]
pub(crate) fn seq_cst_fence() {
    #[cfg(loom)]
    loom::sync::atomic::fence(Ordering::SeqCst);
}

/// Locks `mutex`, ignoring poison: the data it guards is kept consistent by code that does
/// not panic while holding it (user callbacks always run outside it).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `core::cell::UnsafeCell` with the closure-based access API of `loom::cell::UnsafeCell`.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(core::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(core::cell::UnsafeCell::new(value))
    }

    /// Gives a shared pointer to the contents; the caller guarantees no concurrent writer.
    #[inline(always)]
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Gives a unique pointer to the contents; the caller guarantees exclusive access.
    #[inline(always)]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

/// Reads an atomic through `&mut`, which needs no synchronisation.
#[inline(always)]
pub(crate) fn load_mut(atomic: &mut AtomicU32) -> u32 {
    #[cfg(loom)]
    {
        // SAFETY: `&mut` proves there is no concurrent access.
        unsafe { atomic.unsync_load() }
    }
    #[cfg(not(loom))]
    {
        *atomic.get_mut()
    }
}

/// Writes an atomic through `&mut`, which needs no synchronisation.
#[inline(always)]
pub(crate) fn store_mut(atomic: &mut AtomicU32, value: u32) {
    #[cfg(loom)]
    {
        atomic.with_mut(|word| *word = value);
    }
    #[cfg(not(loom))]
    {
        *atomic.get_mut() = value;
    }
}

/// Reads an atomic pointer through `&mut`, which needs no synchronisation.
#[inline(always)]
pub(crate) fn load_ptr_mut<T>(atomic: &mut AtomicPtr<T>) -> *mut T {
    #[cfg(loom)]
    {
        atomic.with_mut(|ptr| *ptr)
    }
    #[cfg(not(loom))]
    {
        *atomic.get_mut()
    }
}

/// One step of waiting for another thread: a few spins, then yielding the processor. Under
/// loom or shuttle, a yield, so that the model lets the other thread run.
#[inline]
pub(crate) fn backoff(spins: &mut u32) {
    #[cfg(loom)]
    {
        let _ = spins;
        loom::thread::yield_now();
    }
    #[cfg(all(shuttle, not(loom)))]
    {
        let _ = spins;
        shuttle::thread::yield_now();
    }
    #[cfg(not(any(loom, shuttle)))]
    {
        if *spins < 6 {
            for _ in 0..1u32 << *spins {
                core::hint::spin_loop();
            }
            *spins += 1;
        } else {
            std::thread::yield_now();
        }
    }
}
