//! The compile-time behaviour of `#[async_operation]`, tested in `tests/compile.rs`: every
//! misuse is one error on the offending token (`fail/`, each with the compiler's `.stderr`),
//! and every supported shape compiles (`pass/`).
