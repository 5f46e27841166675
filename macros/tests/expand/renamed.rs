// The injected field renamed (the struct has a `status` of its own) and the facade reached
// through a re-export.
#[async_operation(field = state, crate = crate::framework::ops)]
struct Http {
    status: u16,
}
