//! [`CancelOnDrop`]: a consumer handle that cancels its operation when dropped.

use core::fmt;
use core::mem::ManuallyDrop;
use core::ops::Deref;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use crate::{
    AsyncError, AsyncId, AsyncInfo, AsyncStatus, CancelReason, Finished, Link, Snapshot, Times,
};

/// A consumer handle that cancels its operation with [`CancelReason::Dropped`] when dropped
/// (a no-op if the operation has finished), even while other owners of the operation live,
/// as C++/WinRT's and tokio's abort-on-drop handles do.
///
/// `H` is any handle that derefs to an operation: `&Op`, `Arc<Op>`,
/// `Arc<dyn AsyncInfo + Send + Sync>`. The guard derefs to `H`, and implements [`AsyncInfo`]
/// by forwarding, so it can stand in a list of operations. [`detach`](Self::detach) gives the
/// handle back without canceling.
///
/// Dropped while its thread unwinds from a panic, it still cancels and every waiter is still
/// notified; a panic of a callback run by that cancel (`on_cancel`, a completion handler) is
/// then caught and dropped, since a second panic during unwinding would abort the process.
///
/// ```
/// use std::sync::Arc;
/// use asyncinfo::{async_operation, AsyncStatus, CancelOnDrop, CancelReason};
///
/// #[async_operation(output = u64)]
/// struct Download;
///
/// let download = Arc::new(Download { status: Default::default() });
/// let worker = Arc::clone(&download).worker_owned()?;
/// let guard = CancelOnDrop::new(Arc::clone(&download));
/// drop(guard); // the consumer lost interest
/// assert_eq!(download.cancel_reason(), Some(CancelReason::Dropped));
/// drop(worker);
/// assert_eq!(download.status(), AsyncStatus::Canceled);
/// # Ok::<(), asyncinfo::AsyncError>(())
/// ```
#[must_use = "dropping a CancelOnDrop cancels its operation at once"]
pub struct CancelOnDrop<H>
where
    H: Deref,
    H::Target: AsyncInfo,
{
    /// Dropped by hand: after the cancel in `Drop`, or never when detached.
    handle: ManuallyDrop<H>,
}

impl<H> CancelOnDrop<H>
where
    H: Deref,
    H::Target: AsyncInfo,
{
    /// Guards `handle`: dropping the guard cancels the operation.
    pub fn new(handle: H) -> Self {
        Self {
            handle: ManuallyDrop::new(handle),
        }
    }

    /// Gives the handle back without canceling.
    pub fn detach(self) -> H {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so the handle is taken exactly once.
        unsafe { ManuallyDrop::take(&mut this.handle) }
    }
}

impl<H> Drop for CancelOnDrop<H>
where
    H: Deref,
    H::Target: AsyncInfo,
{
    fn drop(&mut self) {
        /// Drops the handle even if the cancel unwinds (an `on_cancel` that panics).
        struct Release<'a, H>(&'a mut ManuallyDrop<H>);
        impl<H> Drop for Release<'_, H> {
            fn drop(&mut self) {
                // SAFETY: dropped once, here; the guard is being dropped.
                unsafe { ManuallyDrop::drop(self.0) }
            }
        }
        let handle = Release(&mut self.handle);
        if std::thread::panicking() {
            // Dropped while its thread unwinds: a callback's panic re-raised here would be a
            // second panic, which aborts the process. The cancel still notifies every waiter
            // (it catches each callback's panic and resumes the first only after all ran);
            // that first panic is caught here and dropped.
            let cancel = AssertUnwindSafe(|| handle.0.cancel_with(CancelReason::Dropped));
            if let Err(payload) = panic::catch_unwind(cancel) {
                // The payload's own `Drop` may panic too.
                drop(panic::catch_unwind(AssertUnwindSafe(|| drop(payload))));
            }
        } else {
            handle.0.cancel_with(CancelReason::Dropped);
        }
    }
}

impl<H> Deref for CancelOnDrop<H>
where
    H: Deref,
    H::Target: AsyncInfo,
{
    type Target = H;

    fn deref(&self) -> &H {
        &self.handle
    }
}

impl<H> fmt::Debug for CancelOnDrop<H>
where
    H: Deref,
    H::Target: AsyncInfo,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelOnDrop")
            .field("id", &self.handle.id())
            .field("status", &self.handle.status())
            .finish()
    }
}

/// Forwards to the operation.
impl<H> AsyncInfo for CancelOnDrop<H>
where
    H: Deref,
    H::Target: AsyncInfo,
{
    fn id(&self) -> AsyncId {
        self.handle.id()
    }

    fn status(&self) -> AsyncStatus {
        self.handle.status()
    }

    fn cancel(&self) -> bool {
        self.handle.cancel()
    }

    fn close(&self) -> Result<(), AsyncError> {
        self.handle.close()
    }

    fn is_closed(&self) -> bool {
        self.handle.is_closed()
    }

    fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    fn cancel_with(&self, reason: CancelReason) -> bool {
        self.handle.cancel_with(reason)
    }

    fn cancel_reason(&self) -> Option<CancelReason> {
        self.handle.cancel_reason()
    }

    fn wait(&self) -> AsyncStatus {
        self.handle.wait()
    }

    fn wait_timeout(&self, timeout: Duration) -> Option<AsyncStatus> {
        self.handle.wait_timeout(timeout)
    }

    fn finished(&self) -> Finished<'_> {
        self.handle.finished()
    }

    fn link_child(&self, child: &Arc<dyn AsyncInfo + Send + Sync>) -> Result<Link, AsyncError> {
        self.handle.link_child(child)
    }

    fn snapshot(&self) -> Snapshot {
        self.handle.snapshot()
    }

    fn times(&self) -> Option<Times> {
        self.handle.times()
    }

    fn __hold_until_finished(
        &self,
        held: crate::__private::Held,
    ) -> Result<(), crate::__private::Held> {
        self.handle.__hold_until_finished(held)
    }
}
