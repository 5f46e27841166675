//! Cancellation that reaches child operations (DESIGN §8): [`Link`], the weak handles a
//! parent keeps, and the cascade that cancels them.
//!
//! A parent keeps its children in its `Waiters`, weakly: a child that holds its parent (an
//! `Arc`), and a parent that holds its child, make no cycle. Dead links are pruned when the
//! list has doubled since the last prune (amortised O(1) per link), and all links are dropped when the parent finishes. When the parent is canceled (for
//! any reason), its children are taken out under the waiters' lock, and canceled on the
//! canceling thread after its `on_cancel` and before its awaiters and handlers are notified.
//!
//! The cascade recurses (each child cancels its own children the same way, so the order holds
//! at every level) up to [`DEPTH`] levels; deeper descendants are queued on the thread and
//! canceled by the outermost cancel before it returns, so a chain 100,000 deep does not
//! overflow the stack.

use std::cell::Cell;
use std::sync::Weak;

use crate::waiters::Panics;
use crate::{AsyncId, AsyncInfo, CancelReason};

/// What `link_child` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Link {
    /// The child is linked: a cancel of the parent will cancel it.
    Linked,
    /// The parent was already canceled: the child was canceled at once (with
    /// [`CancelReason::Parent`]), on this thread.
    CanceledAtOnce,
    /// The parent finished without a cancel: nothing was linked, and the child is left alone.
    ParentFinished,
}

/// An operation held weakly, to be canceled later (a child, or an operation with a deadline),
/// or something an operation holds like a child and drops when it finishes (a deadline's
/// `Release`).
pub(crate) trait Child: Send + Sync {
    /// Cancels the operation with `reason`, if it is still alive.
    fn cancel(&self, reason: CancelReason);
    /// Whether the operation is still alive.
    fn is_alive(&self) -> bool;
    /// Whether the operation is gone or shows a terminal status (a cancel took effect, or it
    /// finished).
    fn is_settled(&self) -> bool {
        !self.is_alive()
    }
}

/// A weak handle to a child of any type, even a `dyn AsyncInfo`.
pub(crate) struct WeakChild<C: ?Sized>(pub(crate) Weak<C>);

impl<C: ?Sized + AsyncInfo + Send + Sync> Child for WeakChild<C> {
    fn cancel(&self, reason: CancelReason) {
        if let Some(child) = self.0.upgrade() {
            child.cancel_with(reason);
        }
    }

    fn is_alive(&self) -> bool {
        self.0.strong_count() > 0
    }

    fn is_settled(&self) -> bool {
        self.0
            .upgrade()
            .is_none_or(|child| child.status().is_terminal())
    }
}

/// The children of one parent.
pub(crate) type Children = Vec<Box<dyn Child>>;

/// How many levels of a cascade recurse before the rest is queued.
const DEPTH: usize = 64;

/// Children that a cascade queued, with their parent's id: a node of this thread's stack.
struct Queued {
    parent: AsyncId,
    children: Children,
    below: *mut Queued,
}

thread_local! {
    /// How deep this thread is in a cascade.
    static LEVEL: Cell<usize> = const { Cell::new(0) };
    /// The top of the stack of children this thread's cascade queued (null when empty).
    ///
    /// Both are const-initialised and have no drop glue, so that no destructor is registered
    /// for them and they stay usable while the thread's other thread-locals are destroyed:
    /// a `CancelOnDrop` or a `Worker` held in a thread-local cancels (and cascades) from its
    /// destructor. A `RefCell<Vec<_>>` here was destroyed first, and touching it then aborted
    /// the process. The stack is empty whenever no cascade runs (the outermost one drains it
    /// before it returns), so nothing is left on it for the thread's end to free.
    static QUEUED: Cell<*mut Queued> = const { Cell::new(core::ptr::null_mut()) };
}

/// Leaves a level of the cascade, even if a child's cancel unwinds.
struct Level;

impl Level {
    fn enter() -> Self {
        // `try_with`: where a platform's thread-locals are gone at the thread's end, the
        // cascade goes on untracked (recursing) rather than aborting.
        let _ = LEVEL.try_with(|level| level.set(level.get() + 1));
        Self
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        let _ = LEVEL.try_with(|level| level.set(level.get() - 1));
    }
}

/// Cancels `children` of the parent `parent`, on this thread; a panic of one (its
/// `on_cancel`, say) stops none of the others and is kept in `panics`.
pub(crate) fn cancel_all(parent: AsyncId, children: Children, panics: &mut Panics) {
    if children.is_empty() {
        return;
    }
    let level = LEVEL.try_with(Cell::get).unwrap_or(0);
    if level >= DEPTH {
        let node = Box::into_raw(Box::new(Queued {
            parent,
            children,
            below: core::ptr::null_mut(),
        }));
        let pushed = QUEUED.try_with(|top| {
            // SAFETY: `node` is this thread's, fresh from the box.
            unsafe { (*node).below = top.replace(node) };
        });
        match pushed {
            Ok(()) => return,
            Err(_) => {
                // SAFETY: not pushed, so still this thread's own box.
                let node = unsafe { Box::from_raw(node) };
                return cancel_level(node.parent, node.children, panics);
            }
        }
    }
    cancel_level(parent, children, panics);
    if level == 0 {
        // The outermost cancel: it returns only once every queued descendant is canceled.
        while let Some(node) = pop() {
            cancel_level(node.parent, node.children, panics);
        }
    }
}

/// The children queued last, if any.
fn pop() -> Option<Box<Queued>> {
    let top = QUEUED
        .try_with(|top| {
            let node = top.get();
            if !node.is_null() {
                // SAFETY: a node on the stack is a box that only this thread pushed.
                top.set(unsafe { (*node).below });
            }
            node
        })
        .ok()?;
    // SAFETY: unlinked above, so owned here.
    (!top.is_null()).then(|| unsafe { Box::from_raw(top) })
}

/// Cancels one parent's children, one level deeper in the cascade.
fn cancel_level(parent: AsyncId, children: Children, panics: &mut Panics) {
    let _level = Level::enter();
    for child in children {
        panics.run(|| child.cancel(CancelReason::Parent(parent)));
    }
}
