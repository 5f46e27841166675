//! Compile-time behaviour of `#[async_operation]`: every misuse is one error on the offending
//! token (`tests/ui/fail`, with committed `.stderr`), and every supported shape compiles
//! (`tests/ui/pass`).
//!
//! The `.stderr` files are the compiler's output on the toolchain CI uses; regenerate them
//! with `TRYBUILD=overwrite cargo test --test ui` after a deliberate change, and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
