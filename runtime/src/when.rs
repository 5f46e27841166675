//! [`when_all`], [`when_any`], [`wait_all`] and [`wait_any`]: waiting on a set of operations
//! (DESIGN §10), as C++/WinRT's `when_all`/`when_any` and .NET's `Task.WhenAll`/`WhenAny`/
//! `WaitAll`/`WaitAny` do.
//!
//! # How
//!
//! The set is one allocation (a boxed slice, when the iterator's length is known) of slots,
//! each holding the operation's handle and its `finished()` future. Each future registers the
//! set's task once (a re-poll with the same waker registers nothing), and is polled again only
//! when the task is woken: no busy loop. One waker serves the whole set, so a wake does not say
//! which operation finished, and the set looks at each unfinished one (a load of its state) to
//! find out: a set of n operations that finish one by one costs O(n²) such looks, which for a
//! thousand operations is still well under a millisecond; in return the set allocates once.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::sync::Arc;
use std::time::Duration;

use crate::{AsyncInfo, AsyncStatus, Finished};

/// An item of the sets that [`when_all`], [`when_any`], [`wait_all`] and [`wait_any`] take: a
/// reference to an operation, a reference to an `Arc` of one, or an `Arc` of one (so that a
/// [`Registry`](crate::Registry)'s `iter()`, which yields owned `(name, Arc<O>)` pairs, maps
/// straight in). `A` may be a `dyn AsyncInfo`.
///
/// The three impls do not overlap because an `Arc` never implements [`AsyncInfo`] itself (its
/// contents do): `&Arc<A>` is never also a `&A` of an operation.
pub trait OperationHandle {
    /// The operation's type.
    type Operation: ?Sized + AsyncInfo;

    /// The operation.
    fn operation(&self) -> &Self::Operation;
}

impl<A: ?Sized + AsyncInfo> OperationHandle for &A {
    type Operation = A;

    fn operation(&self) -> &A {
        self
    }
}

impl<A: ?Sized + AsyncInfo> OperationHandle for Arc<A> {
    type Operation = A;

    fn operation(&self) -> &A {
        self
    }
}

impl<A: ?Sized + AsyncInfo> OperationHandle for &Arc<A> {
    type Operation = A;

    fn operation(&self) -> &A {
        self
    }
}

/// One operation of a set: its `finished()` future, its final status once known, its handle.
struct Slot<H> {
    /// Borrows the operation that `handle` reaches, for as long as the slot lives (see
    /// `Set::new`); declared first, so it is dropped (and deregistered) before the handle.
    future: Option<Finished<'static>>,
    status: Option<AsyncStatus>,
    handle: H,
}

/// The slots of a set: never moved once made (a boxed slice), so that a slot's future, which
/// a registered node makes address-sensitive, stays where it was polled.
struct Set<H> {
    slots: Box<[Slot<H>]>,
    /// Slots whose status is known.
    done: usize,
    /// The waker every pending slot registered with: while the task's waker is that one, a slot
    /// whose operation is not finished need not be polled again.
    registered: Option<Waker>,
}

impl<H: OperationHandle> Set<H> {
    fn new(handles: impl IntoIterator<Item = H>) -> Self {
        let handles = handles.into_iter();
        let (low, high) = handles.size_hint();
        let mut slots = Vec::with_capacity(high.unwrap_or(low));
        for handle in handles {
            slots.push(Slot {
                future: None,
                status: None,
                handle,
            });
        }
        // No realloc if the length was known (a `Vec` with `len == capacity`).
        let mut slots = slots.into_boxed_slice();
        for slot in &mut *slots {
            let future = slot.handle.operation().finished();
            slot.future = Some(erase(future));
        }
        Self {
            slots,
            done: 0,
            registered: None,
        }
    }

    /// Polls every slot whose status is not known yet (each one registers the task once);
    /// `stop_at_first` returns at the first that is finished.
    fn poll_pending(&mut self, cx: &mut Context<'_>, stop_at_first: bool) -> Option<usize> {
        // With the waker they registered, the futures of unfinished operations have nothing
        // to say: skipped with one load each, without a call. Another waker (the task moved)
        // is registered by polling them all.
        let same_waker = self
            .registered
            .as_ref()
            .is_some_and(|registered| registered.will_wake(cx.waker()));
        if !same_waker {
            self.registered = Some(cx.waker().clone());
        }
        for (index, slot) in self.slots.iter_mut().enumerate() {
            let Some(future) = slot.future.as_mut() else {
                continue;
            };
            if same_waker && !future.may_be_ready() {
                continue;
            }
            // SAFETY: the slot is never moved (see `Set`), and the future is dropped in place.
            let future = unsafe { Pin::new_unchecked(future) };
            if let Poll::Ready(status) = future.poll(cx) {
                slot.status = Some(status);
                slot.future = None;
                self.done += 1;
                if stop_at_first {
                    return Some(index);
                }
            }
        }
        None
    }
}

/// `Finished<'a>` as `Finished<'static>`, for the future a slot keeps of the operation its
/// handle reaches.
fn erase(future: Finished<'_>) -> Finished<'static> {
    // SAFETY: the same type but the lifetime. The operation is reached through the slot's
    // handle, which outlives the future (declared first, so dropped first): a reference `&'a A`
    // outlives the set (the set's type carries `'a`), and an `Arc`'s contents do not move when
    // the `Arc` does. The future never leaves its slot, so the invented lifetime is never seen
    // outside it.
    unsafe { core::mem::transmute::<Finished<'_>, Finished<'static>>(future) }
}

/// The future of [`when_all`]: every operation's final status, in input order.
#[must_use = "futures do nothing unless awaited"]
pub struct WhenAll<H> {
    set: Set<H>,
}

/// The future of [`when_any`]: the first operation to finish, with its index and status.
#[must_use = "futures do nothing unless awaited"]
pub struct WhenAny<H> {
    set: Set<H>,
}

/// A future of the final status of every operation in `operations`, in input order, ready once
/// all are finished (at once if they are). Each operation is registered once; no polling loop.
///
/// `operations` yields `&A`, `&Arc<A>` or `Arc<A>` for any operation `A`, a `dyn AsyncInfo`
/// included ([`OperationHandle`]): a slice of operations, a `Vec` of `Arc<dyn AsyncInfo + …>`,
/// or a registry's `iter().map(|(_name, op)| op)`.
///
/// ```
/// use std::sync::Arc;
/// use asyncinfo::{async_operation, when_all, AsyncStatus};
///
/// #[async_operation(output = u32)]
/// struct Part;
///
/// let parts: Vec<Arc<Part>> = (0..3).map(|_| Arc::new(Part { status: Default::default() })).collect();
/// let workers: Vec<_> = parts.iter().map(|p| Arc::clone(p).worker_owned().unwrap()).collect();
/// let threads: Vec<_> = workers
///     .into_iter()
///     .enumerate()
///     .map(|(n, w)| std::thread::spawn(move || w.run_blocking(|_| Ok(n as u32))))
///     .collect();
/// let statuses = futures::executor::block_on(when_all(&parts));
/// assert_eq!(statuses, [AsyncStatus::Completed; 3]);
/// # for t in threads { t.join().unwrap(); }
/// ```
pub fn when_all<I>(operations: I) -> WhenAll<I::Item>
where
    I: IntoIterator,
    I::Item: OperationHandle,
{
    WhenAll {
        set: Set::new(operations),
    }
}

/// A future of the first operation in `operations` to finish: `Some((index, status))`, or
/// `None` for an empty set. One that is already finished wins at once (the lowest index
/// first). The others are deregistered when it resolves; nothing is canceled.
pub fn when_any<I>(operations: I) -> WhenAny<I::Item>
where
    I: IntoIterator,
    I::Item: OperationHandle,
{
    WhenAny {
        set: Set::new(operations),
    }
}

impl<H: OperationHandle> Future for WhenAll<H> {
    type Output = Vec<AsyncStatus>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<AsyncStatus>> {
        // SAFETY: nothing is moved out of `self`; the slots are boxed and stay in place.
        let set = unsafe { &mut self.get_unchecked_mut().set };
        set.poll_pending(cx, false);
        if set.done < set.slots.len() {
            return Poll::Pending;
        }
        Poll::Ready(
            set.slots
                .iter()
                .map(|slot| slot.status.unwrap_or(AsyncStatus::Created))
                .collect(),
        )
    }
}

impl<H: OperationHandle> Future for WhenAny<H> {
    type Output = Option<(usize, AsyncStatus)>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<(usize, AsyncStatus)>> {
        // SAFETY: as in `WhenAll::poll`.
        let set = unsafe { &mut self.get_unchecked_mut().set };
        if set.slots.is_empty() {
            return Poll::Ready(None);
        }
        // A status already known (a previous poll saw two at once) wins first.
        if let Some(index) = set.slots.iter().position(|slot| slot.status.is_some()) {
            return Poll::Ready(set.slots[index].status.map(|status| (index, status)));
        }
        match set.poll_pending(cx, true) {
            Some(index) => {
                let ready = set.slots[index].status.map(|status| (index, status));
                // The others are done with: deregistered now rather than when dropped.
                for slot in &mut *set.slots {
                    slot.future = None;
                }
                Poll::Ready(ready)
            }
            None => Poll::Pending,
        }
    }
}

impl<H> fmt::Debug for WhenAll<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WhenAll")
            .field("operations", &self.set.slots.len())
            .field("finished", &self.set.done)
            .finish()
    }
}

impl<H> fmt::Debug for WhenAny<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WhenAny")
            .field("operations", &self.set.slots.len())
            .finish()
    }
}

/// Blocks this thread until every operation in `operations` is finished; their final
/// statuses in input order, or `None` if `timeout` passed first (`None`: no timeout).
pub fn wait_all<I>(operations: I, timeout: Option<Duration>) -> Option<Vec<AsyncStatus>>
where
    I: IntoIterator,
    I::Item: OperationHandle,
{
    crate::futures::block_on(when_all(operations), timeout)
}

/// Blocks this thread until one operation in `operations` is finished: its index and status,
/// or `None` if `timeout` passed first, or for an empty set.
pub fn wait_any<I>(operations: I, timeout: Option<Duration>) -> Option<(usize, AsyncStatus)>
where
    I: IntoIterator,
    I::Item: OperationHandle,
{
    crate::futures::block_on(when_any(operations), timeout).flatten()
}
