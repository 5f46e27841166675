//! Cancellation that reaches child operations (DESIGN §8): [`Link`], the weak handles a
//! parent keeps, and the cascade that cancels them.
//!
//! A parent keeps its children in its registry, weakly: a child that holds its parent (an
//! `Arc`), and a parent that holds its child, make no cycle. Dead links are pruned on each new
//! link, and all links are dropped when the parent finishes. When the parent is canceled (for
//! any reason), its children are taken out under the registry's lock, and canceled on the
//! canceling thread after its `on_cancel` and before its awaiters and handlers are notified.
//!
//! The cascade recurses (each child cancels its own children the same way, so the order holds
//! at every level) up to [`DEPTH`] levels; deeper descendants are queued on the thread and
//! canceled by the outermost cancel before it returns, so a chain 100,000 deep does not
//! overflow the stack.

use std::cell::{Cell, RefCell};
use std::sync::Weak;

use crate::notify::Panics;
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

/// An operation held weakly, to be canceled later: a child, or an operation with a deadline.
pub(crate) trait Child: Send + Sync {
    /// Cancels the operation with `reason`, if it is still alive.
    fn cancel(&self, reason: CancelReason);
    /// Whether the operation is still alive.
    fn is_alive(&self) -> bool;
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
}

/// The children of one parent.
pub(crate) type Children = Vec<Box<dyn Child>>;

/// How many levels of a cascade recurse before the rest is queued.
const DEPTH: usize = 64;

thread_local! {
    /// How deep this thread is in a cascade.
    static LEVEL: Cell<usize> = const { Cell::new(0) };
    /// The children this thread's cascade queued, with their parent's id.
    static QUEUED: RefCell<Vec<(AsyncId, Children)>> = const { RefCell::new(Vec::new()) };
}

/// Leaves a level of the cascade, even if a child's cancel unwinds.
struct Level;

impl Level {
    fn enter() -> Self {
        LEVEL.with(|level| level.set(level.get() + 1));
        Self
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        LEVEL.with(|level| level.set(level.get() - 1));
    }
}

/// Cancels `children` of the parent `parent`, on this thread; a panic of one (its
/// `on_cancel`, say) stops none of the others and is kept in `panics`.
pub(crate) fn cancel_all(parent: AsyncId, children: Children, panics: &mut Panics) {
    if children.is_empty() {
        return;
    }
    let level = LEVEL.with(Cell::get);
    if level >= DEPTH {
        QUEUED.with(|queued| queued.borrow_mut().push((parent, children)));
        return;
    }
    cancel_level(parent, children, panics);
    if level == 0 {
        // The outermost cancel: it returns only once every queued descendant is canceled.
        while let Some((parent, children)) = QUEUED.with(|queued| queued.borrow_mut().pop()) {
            cancel_level(parent, children, panics);
        }
    }
}

/// Cancels one parent's children, one level deeper in the cascade.
fn cancel_level(parent: AsyncId, children: Children, panics: &mut Panics) {
    let _level = Level::enter();
    for child in children {
        panics.run(|| child.cancel(CancelReason::Parent(parent)));
    }
}
