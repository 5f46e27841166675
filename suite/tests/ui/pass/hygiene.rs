#![deny(warnings)]
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    dead_code,
    unused_macros
)]

// Items with the names of the prelude's and the generated code's, in the same module as the
// operation. The expansion must not pick any of them up.
struct Result;
struct Option;
trait Default {}
struct Box;
fn Some() {}
fn Ok() {}
fn Err() {}
fn drop() {}
struct String;
mod core {}
mod std {}
mod asyncinfo {}
struct AsyncError;
struct AsyncId;
struct AsyncStatus;
struct OperationState;
struct Rejected;
trait AsyncInfo {}
trait AsyncOperation {}
macro_rules! unreachable {
    () => {
        compile_error!("the user's unreachable! was used")
    };
}
static status: u8 = 0;
struct bool;
// Constants named as the generated methods' parameters: a parameter is a pattern, and a
// pattern that names a constant in scope would match it instead of binding.
const value: u8 = 0;
const __value: u8 = 0;
const handler: u8 = 0;
const timeout: ::std::time::Duration = ::std::time::Duration::ZERO;
static error: u8 = 0;
const progress: u8 = 0;
struct reason;
struct u32;

use ::asyncinfo::async_operation;

#[async_operation(output = ::core::primitive::u32, error = ::std::io::Error)]
struct Job {
    id: ::core::primitive::u32,
}

#[async_operation]
struct Action;

#[async_operation(output = ::core::primitive::u8, progress = ::core::primitive::u8)]
struct Progressing;

fn main() {
    let job = Job {
        id: 5,
        status: ::core::default::Default::default(),
    };
    job.start().unwrap();
    job.complete(job.id).unwrap();
    ::core::assert!(*job.results().unwrap() == 5);
    assert!(job.error_code().is_none());

    let action = Action {
        status: ::asyncinfo::OperationState::new(),
    };
    assert!(action.cancel());
    assert!(action.is_finished());
    action.close().unwrap();
    assert!(<Action as ::asyncinfo::AsyncInfo>::is_closed(&action));

    // Every method that takes a parameter, with the constants above in scope.
    let op = Progressing {
        status: ::asyncinfo::OperationState::new(),
    };
    op.on_completed(|_, _| {}).unwrap();
    op.on_progress(|_, _| {}).unwrap();
    op.start().unwrap();
    op.report_progress(3).unwrap();
    assert!(op.wait_timeout(::std::time::Duration::ZERO).is_none());
    op.complete(value).unwrap();
    assert!(!op.cancel_with(::asyncinfo::CancelReason::Requested));
    let failing = Job {
        id: 1,
        status: ::core::default::Default::default(),
    };
    failing.start().unwrap();
    failing.fail(::std::io::Error::other("x")).unwrap();
    let _ = (handler, timeout, error, progress, reason);
}
