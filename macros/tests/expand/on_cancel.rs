// A cancel hook: checked as a `fn(&Self)` where the user wrote it, and handed to the runtime.
#[async_operation(output = u32, on_cancel = Self::abort_io)]
pub struct Read {
    aborted: AtomicBool,
}
