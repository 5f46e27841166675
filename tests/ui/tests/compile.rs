//! Compile-time behaviour of `#[async_operation]`: every misuse is one error on the offending
//! token (`fail/`, with committed `.stderr`), and every supported shape compiles (`pass/`).
//!
//! The `.stderr` files are the compiler's output on the toolchain CI uses; regenerate them
//! with `TRYBUILD=overwrite cargo test -p asyncinfo-ui` after a deliberate change, and read
//! the diff. One case alone: `cargo test -p asyncinfo-ui -- compile trybuild=derive_above`.

#[test]
fn compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("fail/*.rs");
    t.pass("pass/*.rs");
}
