//! [`Field`]: what the operation's waiter field points to, as a tagged pointer.
//!
//! Most operations that anyone waits on have one waiter: a completion handler, or one
//! `finished()` future. Those need no `Waiters`: the field points straight at a list of handler
//! nodes (one allocation each, the closure inside), or at the waiter node inside the one
//! future (no allocation at all). A second kind of waiter, a blocking `wait()`, progress or
//! `canceled()` moves everything into a [`Waiters`], which then stays until the operation is
//! dropped.
//!
//! | value | meaning | who leaves it |
//! |---|---|---|
//! | [`Field::Empty`] | nobody registered | a registrar (a CAS) |
//! | [`Field::Handlers`] | a stack of handler nodes, newest first | a registrar pushing, a migration (→ `Waiters`), the finisher or a registrar that saw the finish (→ `Sealed`) |
//! | [`Field::Awaiter`] | the node of one `finished()` future | that future unlinking (→ `Empty`), a migration (→ `Waiters`), the finisher (→ `Busy`) |
//! | [`Field::Busy`] | the finisher is taking the waker out of that node | the finisher only (→ `Sealed`): a plain store |
//! | [`Field::Sealed`] | finished: whatever was registered was taken | a migration (→ `Waiters`) |
//! | [`Field::Waiters`] | the `Waiters`, under its mutex | never |
//!
//! The low two bits of the address are the tag: every pointee is aligned to at least 8.

use core::marker::PhantomPinned;
use core::ptr;
use core::task::Waker;

use crate::sync::UnsafeCell;
use crate::waiters::{Panics, Waiters};
use crate::AsyncStatus;

const TAG: usize = 0b11;
const HANDLERS: usize = 0b01;
const AWAITER: usize = 0b10;
const BUSY: usize = 0b11;

/// A decoded value of the waiter field.
pub(super) enum Field<S, P> {
    Empty,
    Sealed,
    Handlers(*mut HandlerNode<S>),
    Awaiter(*const WaiterNode),
    Busy(*const WaiterNode),
    Waiters(*mut Waiters<S, P>),
}

impl<S, P> Field<S, P> {
    /// Decodes a value read from the field.
    #[inline]
    pub(super) fn decode(raw: *mut ()) -> Self {
        let tag = raw.addr() & TAG;
        let address = raw.map_addr(|a| a & !TAG);
        match (tag, address.is_null()) {
            (0, true) => Self::Empty,
            (0, false) => Self::Waiters(address.cast()),
            (HANDLERS, true) => Self::Sealed,
            (HANDLERS, false) => Self::Handlers(address.cast()),
            (AWAITER, _) => Self::Awaiter(address.cast_const().cast()),
            _ => Self::Busy(address.cast_const().cast()),
        }
    }

    /// Whether the field's value `raw` owns nothing to free: `Empty` or `Sealed`.
    #[inline]
    pub(super) fn owns_nothing(raw: *mut ()) -> bool {
        raw.addr() & !HANDLERS == 0
    }

    /// The value to store in the field.
    #[inline]
    pub(super) fn encode(&self) -> *mut () {
        match *self {
            Self::Empty => ptr::null_mut(),
            Self::Sealed => ptr::null_mut::<()>().map_addr(|_| HANDLERS),
            Self::Handlers(head) => head.cast::<()>().map_addr(|a| a | HANDLERS),
            Self::Awaiter(node) => node.cast_mut().cast::<()>().map_addr(|a| a | AWAITER),
            Self::Busy(node) => node.cast_mut().cast::<()>().map_addr(|a| a | BUSY),
            Self::Waiters(waiters) => waiters.cast(),
        }
    }
}

/// The header of a completion handler's node; the closure follows it in the same allocation.
#[repr(C)]
pub(crate) struct HandlerNode<S> {
    /// The node registered before this one.
    next: *mut HandlerNode<S>,
    /// Frees the node, calling the closure with the arguments if there are any.
    consume: for<'a> unsafe fn(*mut HandlerNode<S>, Option<(&'a S, AsyncStatus)>),
}

/// A handler node with its closure.
#[repr(C)]
struct Node<S, F> {
    header: HandlerNode<S>,
    handler: F,
}

impl<S> HandlerNode<S> {
    /// Allocates a node for `handler`: the one allocation a registered handler costs.
    pub(crate) fn new<F>(handler: F) -> *mut Self
    where
        F: FnOnce(&S, AsyncStatus) + Send + 'static,
    {
        let node = Box::new(Node {
            header: HandlerNode {
                next: ptr::null_mut(),
                consume: consume::<S, F>,
            },
            handler,
        });
        Box::into_raw(node).cast()
    }

    /// Frees `node` and calls its closure with `args`, or only drops the closure (`None`).
    ///
    /// # Safety
    ///
    /// `node` came from [`HandlerNode::new`] with this `S`, is owned by the caller, and is
    /// used no more.
    pub(crate) unsafe fn consume(node: *mut Self, args: Option<(&S, AsyncStatus)>) {
        // SAFETY: the caller owns a live node; `consume` was set for its closure's type.
        unsafe { ((*node).consume)(node, args) }
    }
}

/// # Safety
///
/// As [`HandlerNode::consume`], with `F` the type `node` was made for.
unsafe fn consume<S, F: FnOnce(&S, AsyncStatus)>(
    node: *mut HandlerNode<S>,
    args: Option<(&S, AsyncStatus)>,
) {
    // The closure is moved out and the box dropped at the end of the block, which frees the
    // allocation before the call (a partial move out of a box frees it only when the box
    // goes out of scope).
    let handler = {
        // SAFETY: allocated as a `Node<S, F>` by `HandlerNode::new` (whose first field is the
        // header), and owned by the caller.
        let node = unsafe { Box::from_raw(node.cast::<Node<S, F>>()) };
        node.handler
    };
    if let Some((owner, status)) = args {
        handler(owner, status);
    }
}

/// An owned stack of handler nodes, newest first. Dropping it drops the closures uncalled.
pub(crate) struct HandlerList<S> {
    head: *mut HandlerNode<S>,
}

// SAFETY: it owns its nodes, whose closures are `Send`; `S` only appears as the type of the
// reference a closure is given.
unsafe impl<S> Send for HandlerList<S> {}

impl<S> Default for HandlerList<S> {
    fn default() -> Self {
        Self {
            head: ptr::null_mut(),
        }
    }
}

impl<S> HandlerList<S> {
    /// Takes ownership of the stack whose newest node is `head`.
    ///
    /// # Safety
    ///
    /// The caller owns those nodes (it took them out of the field or the `Waiters`).
    pub(super) unsafe fn from_head(head: *mut HandlerNode<S>) -> Self {
        Self { head }
    }

    /// Links `node` (owned by the caller, not yet shared) before `head`.
    ///
    /// # Safety
    ///
    /// As above.
    pub(super) unsafe fn link(node: *mut HandlerNode<S>, head: *mut HandlerNode<S>) {
        // SAFETY: the caller owns `node`, which nobody else can see yet.
        unsafe { (*node).next = head };
    }

    /// Pushes `node`, which the caller owns.
    pub(crate) fn push(&mut self, node: *mut HandlerNode<S>) {
        // SAFETY: the caller hands over a node it owns.
        unsafe { Self::link(node, self.head) };
        self.head = node;
    }

    /// [`Self::run`] as the last thing a notifier does: a single handler is called without
    /// catching its panic (nothing is left to call after it), several as `run` calls them,
    /// resuming the first panic after the last call.
    #[inline]
    pub(crate) fn run_last(mut self, owner: &S, status: AsyncStatus) {
        // SAFETY: the list owns its nodes.
        if !self.head.is_null() && unsafe { (*self.head).next.is_null() } {
            let node = core::mem::replace(&mut self.head, ptr::null_mut());
            // SAFETY: owned by this list, and no longer in it.
            return unsafe { HandlerNode::consume(node, Some((owner, status))) };
        }
        self.run_all_last(owner, status);
    }

    /// [`Self::run_last`] for several handlers (or none): out of line, as it is rare.
    #[inline(never)]
    fn run_all_last(self, owner: &S, status: AsyncStatus) {
        let mut panics = Panics::default();
        self.run(owner, status, &mut panics);
        panics.resume();
    }

    /// Calls every handler, oldest first, each with `owner` and `status`; a panicking handler
    /// stops none of the others (`panics` keeps the first).
    pub(crate) fn run(mut self, owner: &S, status: AsyncStatus, panics: &mut Panics) {
        // Reverse the stack in place, so that handlers run in the order they were registered.
        // (One handler, the usual case, needs no reversing.)
        let mut oldest = ptr::null_mut();
        let mut node = core::mem::replace(&mut self.head, ptr::null_mut());
        while !node.is_null() {
            // SAFETY: the list owns its nodes; each is visited once.
            let next = unsafe { core::mem::replace(&mut (*node).next, oldest) };
            oldest = node;
            node = next;
        }
        // Owned again, so that the handlers not yet called are dropped if this unwinds.
        self.head = oldest;
        while !self.head.is_null() {
            let node = self.head;
            // SAFETY: as above; unlinked before it is consumed.
            self.head = unsafe { (*node).next };
            // SAFETY: owned by this list, and no longer in it.
            panics.run(|| unsafe { HandlerNode::consume(node, Some((owner, status))) });
        }
    }
}

impl<S> Drop for HandlerList<S> {
    fn drop(&mut self) {
        while !self.head.is_null() {
            let node = self.head;
            // SAFETY: the list owns its nodes; each is unlinked, then consumed once.
            self.head = unsafe { (*node).next };
            // SAFETY: as above.
            unsafe { HandlerNode::consume(node, None) };
        }
    }
}

/// The waiter node inside a `finished()` future: the waker of the one future the `Waiters`
/// field can point to without a `Waiters`.
///
/// Its waker is written by its future while the node is unlinked, and otherwise only by
/// whoever holds the node: the finisher after its CAS to [`Field::Busy`], or anyone holding the
/// waiters' mutex once the node moved there. A linked node must not move or be freed: its
/// future is `!Unpin` and unlinks it in `Drop`.
pub(crate) struct WaiterNode {
    waker: UnsafeCell<Option<Waker>>,
    _pinned: PhantomPinned,
}

impl WaiterNode {
    pub(crate) fn new() -> Self {
        Self {
            waker: UnsafeCell::new(None),
            _pinned: PhantomPinned,
        }
    }

    /// Replaces the waker, returning the old one (to drop outside any lock).
    ///
    /// # Safety
    ///
    /// The caller holds the node, as the type's docs say.
    pub(crate) unsafe fn replace(&self, waker: Option<Waker>) -> Option<Waker> {
        // SAFETY: the caller holds the node, so nobody else reads or writes the cell.
        self.waker
            .with_mut(|cell| unsafe { core::mem::replace(&mut *cell, waker) })
    }
}

/// A waiter node held by the `Waiters` (under its mutex), once a migration moved it there.
pub(crate) struct RegisteredAwaiter(pub(crate) *const WaiterNode);

// SAFETY: the node's waker is `Send`; it is reached only under the waiters' mutex.
unsafe impl Send for RegisteredAwaiter {}

impl Default for RegisteredAwaiter {
    fn default() -> Self {
        Self(ptr::null())
    }
}

/// Which task a waker wakes, compared as [`Waker::will_wake`] does, so that a repoll by the
/// same task need not look at the linked node (which the finisher may be taking).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct WakerId(*const (), *const core::task::RawWakerVTable);

// SAFETY: only compared, never dereferenced.
unsafe impl Send for WakerId {}
// SAFETY: as above.
unsafe impl Sync for WakerId {}

impl WakerId {
    pub(crate) fn of(waker: &Waker) -> Self {
        Self(waker.data(), waker.vtable())
    }
}
