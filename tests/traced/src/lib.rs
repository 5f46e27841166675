//! Operations built with the `tracing` feature, for `tests/tracing.rs`, which captures their
//! events with a subscriber of its own and checks each event's level, message and fields.
//!
//! A member of its own, so that the feature is on here and in `cargo test --workspace`, while
//! `cargo run --example quickstart` and the suite's benchmarks build without it.

use asyncinfo::async_operation;

/// An operation with progress, whose producer side the tests drive from their crate.
#[async_operation(output = u32, error = std::io::Error, progress = u8, producer = pub, new = pub)]
pub struct Transfer {
    /// What is transferred.
    pub name: String,
}
