//! The progress methods of the table in `api.rs`: the real ones with `progress = P`, and the
//! hidden stand-ins without it that turn a call into one error naming the option.

use quote::quote;

use super::method::{Call, Method, Param, Side};
use super::{progress_is_clone, Context};
use Call::{Inline, Plain};
use Side::{Consumer, Producer};

/// Progress, with `progress = P` only (DESIGN §6).
pub(super) fn progress(cx: &Context) -> Vec<Method> {
    let Some(progress) = &cx.progress else {
        return no_progress(cx);
    };
    let p = &cx.private;
    let is_clone = progress_is_clone(p, progress);
    let (handler, report) = (Param::Handler.ident(), Param::Progress.ident());
    let result = quote!(#p::Result<(), #p::AsyncError>);
    vec![
        Method::new(
            Consumer,
            Inline,
            "The latest progress reported; `None` before the first report and after `close()`.",
            quote!(fn progress(&self) -> #p::Option<#progress> where #is_clone),
            quote!(#p::progress(self)),
        ),
        Method::new(
            Consumer,
            Plain,
            "Runs `handler` on the reporting thread for each report made while Started.",
            quote!(fn on_progress(
                &self,
                #handler: impl #p::Fn(&Self, &#progress)
                    + #p::Send + #p::Sync + 'static,
            ) -> #result),
            quote!(#p::on_progress(self, #handler)),
        )
        .aliases(&["Progress"]),
        Method::new(
            Producer,
            Inline,
            "Reports progress (only while Started) and runs the progress handlers on this thread.",
            quote!(fn report_progress(&self, #report: #progress) -> #result where #is_clone),
            quote!(#p::report_progress(self, #report)),
        )
        .aliases(&["FireProgress"]),
    ]
}

/// Without `progress = P`: `report_progress` and `on_progress`, hidden, with a bound no type
/// meets, whose message says that the operation needs `progress = …`, so that a call is that
/// one error instead of "no method named `report_progress`". The bound has a lifetime so that
/// rustc checks it at the call, not where the method is defined; the bodies never run (nothing
/// meets the bound) and say so in their type. The values they take are of any type (the
/// handler's progress too), so that a handler's code that uses its progress (`{p}%`) raises
/// no second error: the type stays unknown, and rustc reports no ambiguity in a body that
/// already has an error.
///
/// Not `progress()`: a name that common may be the user's own method (or a trait's) on an
/// operation that reports no progress through this crate, which a generated method would
/// clash with or shadow.
fn no_progress(cx: &Context) -> Vec<Method> {
    let p = &cx.private;
    let result = quote!(#p::Result<(), #p::AsyncError>);
    let bound = quote!(where for<'__asyncinfo> Self: #p::ProgressOption<'__asyncinfo>);
    let never = quote!(match #p::ProgressOption::never(self) {});
    // The doc is not emitted (the methods are hidden); the parameters are `_`, as nothing
    // reads them.
    let hidden = "Needs `progress = …` in `#[async_operation(...)]`.";
    vec![
        Method::new(
            Consumer,
            Plain,
            hidden,
            quote!(fn on_progress<__Progress>(
                &self,
                _: impl #p::Fn(&Self, &__Progress) + #p::Send + #p::Sync + 'static,
            ) -> #result #bound),
            never.clone(),
        )
        .hidden(),
        Method::new(
            Producer,
            Plain,
            hidden,
            quote!(fn report_progress<__Progress>(&self, _: __Progress) -> #result #bound),
            never,
        )
        .hidden(),
    ]
}
