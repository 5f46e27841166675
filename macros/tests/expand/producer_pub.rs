// The producer side public too, so that another crate can drive the operation.
#[async_operation(producer = pub)]
pub struct Job;
