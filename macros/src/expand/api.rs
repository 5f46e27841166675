//! The generated methods, as data: each is a side, a one-line doc, whether it is inlined, a
//! signature and a body, which is one call into `#krate::__private`. `expand` renders them
//! with these bodies and `fallback` with stand-ins, from this one table.
//!
//! The contracts are the runtime's (`AsyncInfo`, `AsyncOperation`, `OperationState`) and
//! DESIGN §5–§7's; the docs here say in a line what a user of the struct needs at a glance.

use quote::{quote, quote_spanned};

use super::method::{Call, Method, Param, Side};
use super::progress::progress;
use super::Context;
use Call::{Inline, Plain};
use Side::{Constructor, Consumer, Producer};

/// Every generated method, in the order they are emitted.
pub(crate) fn methods(cx: &Context) -> Vec<Method> {
    let mut methods = constructor(cx);
    for more in [
        info,
        operation,
        outcome,
        observe,
        notification,
        progress,
        workers,
        transitions,
    ] {
        methods.extend(more(cx));
    }
    methods
}

/// `new`, with `new = …` only: the user's fields in order, and the state in the Created
/// status, so that code outside the struct's module can build it (the state field is private).
/// Each field's `#[cfg]`s go on its parameter and its initializer, so that the two come and go
/// with the field.
fn constructor(cx: &Context) -> Vec<Method> {
    if cx.new.is_none() {
        return Vec::new();
    }
    // The signature carries the option's span, so that a user's own `fn new` is reported as
    // a duplicate of the option, not of the whole attribute.
    let span = cx.new_span;
    let params = cx.fields.iter().map(|f| {
        let (cfgs, param, ty) = (&f.cfgs, &f.param, &f.ty);
        quote!(#(#cfgs)* #param: #ty)
    });
    let inits = cx.fields.iter().map(|f| {
        let (cfgs, member, param) = (&f.cfgs, &f.member, &f.param);
        quote!(#(#cfgs)* #member: #param)
    });
    let field = &cx.field;
    vec![Method::new(
        Constructor,
        Inline,
        "A new operation, in the Created status, with these fields.",
        quote_spanned!(span=> fn new(#(#params),*) -> Self),
        quote!(Self { #(#inits,)* #field: ::core::default::Default::default() }),
    )]
}

/// `IAsyncInfo` (DESIGN §5): the methods of the `AsyncInfo` trait, inherent too so that no
/// import is needed.
fn info(cx: &Context) -> Vec<Method> {
    let p = &cx.private;
    let bool_ = quote!(#p::bool);
    vec![
        Method::new(
            Consumer,
            Inline,
            "The operation's id: unique in the process, never 0, stable for its life.",
            quote!(fn id(&self) -> #p::AsyncId),
            quote!(#p::id(self)),
        ),
        Method::new(
            Consumer,
            Inline,
            "The current status: one atomic load, never blocks.",
            quote!(fn status(&self) -> #p::AsyncStatus),
            quote!(#p::status(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Requests cancellation; `true` if this call canceled the operation.",
            quote!(fn cancel(&self) -> #bool_),
            quote!(#p::cancel(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Closes the finished operation, hiding its result or error; idempotent.",
            quote!(fn close(&self) -> #p::Result<(), #p::AsyncError>),
            quote!(#p::close(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Whether `close()` was called.",
            quote!(fn is_closed(&self) -> #bool_),
            quote!(#p::is_closed(self)),
        ),
        Method::new(
            Consumer,
            Inline,
            "Whether the status is terminal and no worker is still running.",
            quote!(fn is_finished(&self) -> #bool_),
            quote!(#p::is_finished(self)),
        ),
    ]
}

/// `IAsyncOperation<T>` (DESIGN §5): the methods of the `AsyncOperation` trait.
fn operation(cx: &Context) -> Vec<Method> {
    let Context {
        private: p,
        output,
        error,
        ..
    } = cx;
    vec![
        Method::new(
            Consumer,
            Inline,
            "The result: `Ok` only in the Completed status, before `close()`.",
            quote!(fn results(&self) -> #p::Result<&#output, #p::AsyncError>),
            quote!(#p::results(self)),
        )
        .aliases(&["GetResults"]),
        Method::new(
            Consumer,
            Plain,
            "The error: `Some` only in the Error status, before `close()`.",
            quote!(fn error_code(&self) -> #p::Option<&#error>),
            quote!(#p::error_code(self)),
        )
        .aliases(&["ErrorCode"]),
    ]
}

/// What an operation is at one moment, and when it ran (DESIGN §10).
fn observe(cx: &Context) -> Vec<Method> {
    let p = &cx.private;
    let progress = cx.progress_ty();
    // With progress, the snapshot carries it (and needs it `Clone`, as `progress()` does).
    let (body, bound) = match &cx.progress {
        Some(ty) => {
            let is_clone = super::progress_is_clone(p, ty);
            (quote!(#p::snapshot(self)), quote!(where #is_clone))
        }
        None => (quote!(#p::snapshot_without_progress(self)), quote!()),
    };
    vec![
        Method::new(
            Consumer,
            Plain,
            "The operation at this moment: status, progress, reason, error and times, owned.",
            quote!(fn snapshot(&self) -> #p::Snapshot<#progress> #bound),
            body,
        ),
        Method::new(
            Consumer,
            Plain,
            "When it was created, started and finished; `None` without `timestamps`.",
            quote!(fn times(&self) -> #p::Option<#p::Times>),
            quote!(#p::times(self)),
        ),
    ]
}

/// How an operation ended, and why it was canceled (DESIGN §7.1, §7.2).
fn outcome(cx: &Context) -> Vec<Method> {
    let Context {
        private: p,
        output,
        error,
        field,
        ..
    } = cx;
    let option = quote!(#p::Option);
    let reason = Param::Reason.ident();
    vec![
        Method::new(
            Consumer,
            Plain,
            "Requests cancellation for `reason`; the first cancel wins and its reason is kept.",
            quote!(fn cancel_with(&self, #reason: #p::CancelReason) -> #p::bool),
            quote!(#p::cancel_with(self, #reason)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Why the operation was canceled: `Some` exactly when the status is Canceled.",
            quote!(fn cancel_reason(&self) -> #option<#p::CancelReason>),
            quote!(#p::cancel_reason(self)),
        ),
        // Inline: a hot `ready()`-style check reads it as often as `results()`.
        Method::new(
            Consumer,
            Inline,
            "How the finished operation ended; `None` until it is finished and after `close()`.",
            quote!(fn outcome(&self) -> #option<#p::Outcome<&#output, &#error>>),
            quote!(#p::outcome(self)),
        ),
        // `{ self }` moves the operation into a temporary whose field can be borrowed mutably,
        // without `mut self` (a stand-in body would leave that `mut` unused).
        Method::new(
            Consumer,
            Plain,
            "Consumes the operation and moves its outcome out, as `outcome()` borrows it.",
            quote!(fn into_outcome(self) -> #option<#p::Outcome<#output, #error>>),
            quote!(#p::into_outcome(&mut { self }.#field)),
        ),
    ]
}

/// Completion handlers, futures and blocking waits (DESIGN §6, §7.1).
fn notification(cx: &Context) -> Vec<Method> {
    let p = &cx.private;
    let (handler, timeout, child) = (
        Param::Handler.ident(),
        Param::Timeout.ident(),
        Param::Child.ident(),
    );
    let status = quote!(#p::AsyncStatus);
    vec![
        Method::new(
            Consumer,
            Plain,
            "Runs `handler` once the operation is finished (at once if it is), on the finishing thread.",
            quote!(fn on_completed(
                &self,
                #handler: impl #p::FnOnce(&Self, #status) + #p::Send + 'static,
            ) -> #p::Result<(), #p::AsyncError>),
            quote!(#p::on_completed(self, #handler)),
        )
        .aliases(&["Completed"]),
        Method::new(
            Consumer,
            Plain,
            "A future of the final status, ready once the operation is finished.",
            quote!(fn finished(&self) -> #p::Finished<'_>),
            quote!(#p::finished(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "As `finished()`, owning an `Arc` of the operation: a `'static` future.",
            quote!(fn finished_owned(self: #p::Arc<Self>) -> #p::FinishedOwned<Self>),
            quote!(#p::finished_owned(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Cancels `child` (with `CancelReason::Parent`) when this operation is canceled; see `AsyncInfo::link_child`.",
            quote!(fn link_child<C>(&self, #child: &#p::Arc<C>) -> #p::Result<#p::Link, #p::AsyncError>
            where
                C: ?#p::Sized + #p::AsyncInfo + #p::Send + #p::Sync + 'static),
            quote!(#p::link_child(self, #child)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Blocks this thread until the operation is finished; returns its status.",
            quote!(fn wait(&self) -> #status),
            quote!(#p::wait(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "As `wait()`, for at most `timeout`; `None` if the operation did not finish in time.",
            quote!(fn wait_timeout(&self, #timeout: #p::Duration) -> #p::Option<#status>),
            quote!(#p::wait_timeout(self, #timeout)),
        ),
    ]
}

/// The producer side's workers and cancellation future (DESIGN §7).
fn workers(cx: &Context) -> Vec<Method> {
    let Context {
        private: p,
        output,
        error,
        ..
    } = cx;
    let progress = cx.progress_ty();
    let result = quote!(#p::Result);
    // The state's last parameter, named only when it is not the default.
    let timing = cx.timestamps.then(|| quote!(, #p::Timed));
    vec![
        Method::new(
            Producer,
            Inline,
            "Starts the operation and returns the `Worker` that must finish it.",
            quote!(fn worker(&self) -> #result<#p::Worker<&Self>, #p::AsyncError>),
            quote!(#p::worker(self)),
        ),
        Method::new(
            Producer,
            Plain,
            "As `worker()`, owning an `Arc` of the operation: a `'static` worker.",
            quote!(fn worker_owned(self: #p::Arc<Self>) -> #result<#p::Worker<#p::Arc<Self>>, #p::AsyncError>),
            quote!(#p::worker(self)),
        ),
        Method::new(
            Producer,
            Plain,
            "A future that resolves once cancellation is requested; race it against the work.",
            quote!(fn canceled(&self) -> #p::Canceled<'_, #output, #error, #progress, Self #timing>),
            quote!(#p::canceled(self)),
        ),
    ]
}

/// The producer side's state transitions (DESIGN §5, §6).
fn transitions(cx: &Context) -> Vec<Method> {
    let Context {
        private: p,
        output,
        error,
        ..
    } = cx;
    let (value, error_param) = (Param::Value.ident(), Param::Error.ident());
    let result = quote!(#p::Result);
    let done = quote!(#result<(), #p::AsyncError>);
    let complete = if cx.is_action {
        Method::new(
            Producer,
            Inline,
            "Completes the operation and notifies its handlers and awaiters on this thread.",
            quote!(fn complete(&self) -> #done),
            quote!(#p::complete_action(self)),
        )
        .aliases(&["TryTransitionToCompleted"])
    } else {
        Method::new(
            Producer,
            Inline,
            "Completes the operation with its result and notifies on this thread.",
            quote!(fn complete(&self, #value: #output) -> #result<(), #p::Rejected<#output>>),
            quote!(#p::complete(self, #value)),
        )
        .aliases(&["TryTransitionToCompleted"])
    };
    vec![
        Method::new(
            Producer,
            Inline,
            "Marks the operation Started; prefer `worker()`, which cannot leave it unfinished.",
            quote!(fn start(&self) -> #done),
            quote!(#p::start(self)),
        ),
        complete,
        Method::new(
            Producer,
            Inline,
            "Fails the operation with an error and notifies on this thread.",
            quote!(fn fail(&self, #error_param: #error) -> #result<(), #p::Rejected<#error>>),
            quote!(#p::fail(self, #error_param)),
        )
        .aliases(&["TryTransitionToError"]),
        Method::new(
            Producer,
            Plain,
            "Records that the worker stopped after a cancel, which finishes the operation.",
            quote!(fn acknowledge_cancel(&self) -> #done),
            quote!(#p::acknowledge_cancel(self)),
        ),
    ]
}
