//! The test suite of [`asyncinfo`](https://docs.rs/asyncinfo), in a package of its own so that
//! its heavy dev-dependencies (tokio, futures, divan) are built only for the tests,
//! the benchmarks and the examples that need them, never for `cargo run --example quickstart`.
//!
//! - `tests/`: the contract, rule by rule, through the facade; races and stress on real
//!   threads (the compile-fail and compile-pass cases are the `asyncinfo-ui` package's, in
//!   `tests/ui/`, so that trybuild builds none of this package's dependencies for them);
//! - `benches/`: `cargo bench -p asyncinfo-suite --bench lifecycle`, `--bench workers` and
//!   `--bench observe`,
//!   each against hand-written baselines in the same run;
//! - `examples/tokio_download.rs`: `cargo run -p asyncinfo-suite --example tokio_download`.
//!
//! The README's `cargo test --workspace` runs all of it.
