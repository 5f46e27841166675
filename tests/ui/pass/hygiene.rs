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
// The core items the generated signatures name, through the runtime's hidden module.
struct Field;
trait Send {}
trait Sync {}
trait Sized {}
trait Fn {}
trait FnOnce {}
struct Duration;
struct Arc;
fn child() {}
// The name the expansion imports its runtime module under, written by the user: as a module
// an option names, as an operation, and as a generic parameter. The import moves out of the way.
mod __ai {
    pub type Out = ::core::primitive::u8;
}
#[::asyncinfo::async_operation(output = __ai::Out)]
struct NamesTheModule;
mod named {
    #[::asyncinfo::async_operation(new = pub)]
    pub struct __ai;
}
#[::asyncinfo::async_operation]
struct GenericNamed<__ai: ::core::marker::Send + ::core::marker::Sync + 'static> {
    x: __ai,
}

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

    let named = NamesTheModule {
        status: ::core::default::Default::default(),
    };
    named.start().unwrap();
    named.complete(7).unwrap();
    ::core::assert!(*named.results().unwrap() == 7);
    let unit = named::__ai::new();
    ::core::assert!(unit.cancel());
    let generic = GenericNamed {
        x: 1_u8,
        status: ::core::default::Default::default(),
    };
    generic.start().unwrap();
    generic.complete().unwrap();
}
