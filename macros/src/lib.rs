//! Implementation detail of the `asyncinfo` crate: the `#[async_operation]` attribute.
//!
//! Use it through `asyncinfo`, which documents it. The stages are one file each, as plain
//! functions over `proc_macro2` tokens so that each can be unit-tested without a compiler:
//! `attr` parses the options, `ast` the item, `valid` checks one against the other,
//! `expand` writes the code and `fallback` writes the closest valid code when the input
//! has errors, so that the user sees the errors and nothing else.
//!
//! The macro never panics, on any input: every problem is a `compile_error!`, and clippy
//! refuses, outside tests, each call that can panic on input (`fuzz` feeds it random and
//! mutated inputs).
#![cfg_attr(
    not(test),
    deny(
        clippy::arithmetic_side_effects,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::string_slice,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable,
        clippy::unwrap_used
    )
)]

mod ast;
mod attr;
mod errors;
mod expand;
mod fallback;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod snapshots;
mod valid;

use proc_macro::TokenStream;

/// See `asyncinfo::async_operation`, which documents this attribute.
#[proc_macro_attribute]
pub fn async_operation(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::async_operation(args.into(), input.into()).into()
}
