//! Serve `#[async_operation]` structs as `google.longrunning` operations (AIP-151): clients in
//! other processes and on other machines poll, wait on and cancel them with the clients that
//! already speak that interface (Google's REST clients, any gRPC stub generated from
//! `google/longrunning/operations.proto`, the gateways that transcode it).
//!
//! ```no_run
//! use std::sync::Arc;
//! use asyncinfo::async_operation;
//! use asyncinfo_lro::{rest, Operations};
//!
//! /// Any operation whose output is `Serialize` and error `ToStatus` can be served.
//! #[async_operation(output = Vec<String>, error = std::io::Error, progress = u32)]
//! struct Export;
//!
//! # async fn run() -> std::io::Result<()> {
//! let ops = Operations::new();                  // a Registry<dyn Served>
//! let export = Arc::new(Export { status: Default::default() });
//! let name = ops.insert(export.clone());        // "operations/…": what clients ask for
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, rest::router(ops)).await // GET /v1/{name}, POST /v1/{name}:cancel, …
//! # }
//! ```
//!
//! # What a client sees
//!
//! | the operation | `done` | metadata `state` | result |
//! |---|---|---|---|
//! | Created | `false` | `PENDING` | |
//! | Started | `false` | `RUNNING` (with `progress`) | |
//! | Canceled, its worker still running | `false` | `CANCELLING` | |
//! | Completed | `true` | `SUCCEEDED` | `response`: the output's JSON, in a `google.protobuf.Value` |
//! | Error | `true` | `FAILED` | `error`: the error's [`ToStatus`] |
//! | Canceled | `true` | `CANCELLED` | `error`: `CANCELLED` (requested, by a parent, a dropped handle, or another reason), `DEADLINE_EXCEEDED` (a deadline), `INTERNAL` (the worker panicked, with the message), `ABORTED` (the worker stopped without finishing); with a `google.rpc.ErrorInfo { domain: "asyncinfo", reason }` naming the reason in UPPER_SNAKE |
//!
//! The metadata is a `google.protobuf.Struct`: `state`, `progress`, `cancelReason` (the reason,
//! as `ErrorInfo` names it), and, for an operation declared with `timestamps`, `createTime`,
//! `startTime` and `endTime` (RFC 3339). A closed operation, done, has an `error`
//! `FAILED_PRECONDITION` (its result is gone).
//!
//! # The methods
//!
//! - **Get** and **List** (pages, and the filters `done=true` / `done=false`) read the
//!   [`Operations`] registry.
//! - **Cancel** cancels with `CancelReason::Requested`: idempotent, and a success on a finished
//!   operation too.
//! - **Delete** closes and removes a finished operation, and refuses an unfinished one
//!   (`FAILED_PRECONDITION`).
//! - **Wait** resolves when the operation finishes or its timeout passes (30 s by default, 5 min
//!   at most, a negative one refused), by awaiting its `finished()`: no polling loop, and a
//!   client that goes away costs nothing after. The timeout is kept by `asyncinfo`'s deadline
//!   thread, not by the runtime's timers: a runtime built without them serves waits too.
//! - A name that is not `operations/` and `[A-Za-z0-9._~-]` is `INVALID_ARGUMENT`; one never
//!   issued, from an earlier run of the server, or deleted, is `NOT_FOUND`. Names are unique
//!   across runs (the registry's), so an old name never finds another operation.
//! - Over REST, a method the interface does not have (a `PUT`) is `UNIMPLEMENTED`, and a body
//!   that cannot be read (over axum's 2 MiB limit) `INVALID_ARGUMENT`, both in Google's error
//!   envelope as every error is.
//!
//! # Features
//!
// A transport's item is linked where its feature builds it, named where it does not.
#![cfg_attr(
    feature = "rest",
    doc = "- `rest` (default): [`rest::router`], on axum (minimal features)."
)]
#![cfg_attr(
    not(feature = "rest"),
    doc = "- `rest` (default): `rest::router`, on axum (minimal features)."
)]
#![cfg_attr(
    feature = "grpc",
    doc = "- `grpc`: [`grpc::service`], on tonic (its code generated at build time, without `protoc`)."
)]
#![cfg_attr(
    not(feature = "grpc"),
    doc = "- `grpc`: `grpc::service`, on tonic (its code generated at build time, without `protoc`)."
)]
//!
//! [`Served`], [`ToStatus`], [`Status`] and [`Code`] are the same under every feature.

// The mapping and the methods serve the transports: without one, they have no reader.
#[cfg(any(feature = "rest", feature = "grpc"))]
mod mapping;
mod served;
#[cfg(any(feature = "rest", feature = "grpc"))]
mod service;
mod status;

#[cfg(feature = "grpc")]
pub mod grpc;
#[cfg(feature = "rest")]
pub mod rest;

pub use crate::served::{Operations, Served};
pub use crate::status::{Code, Status, ToStatus};

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
