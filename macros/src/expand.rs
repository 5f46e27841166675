//! Stage 4: the expansion: the struct with its injected field, the generated methods and the
//! trait impls. Every generated method is a one-line delegation into the runtime.
//!
//! # Hygiene
//!
//! Paths are absolute: `::core::…` for language items and `#krate::__private::…` for runtime
//! items (`krate` is `::asyncinfo` unless `crate = …` says otherwise), so user items named
//! `Result`, `Option`, `Default` or `Box` change nothing. Parameters get `Span::mixed_site()`.
//!
//! # Lints
//!
//! The one `#[allow]` applied to generated code is `dead_code` on the inherent impl: the
//! methods exist for the struct's users, and a crate that uses only some of them must not be
//! warned about the rest. Everything else is written to be clean under `#![deny(warnings)]`,
//! `missing_docs` and clippy's pedantic group (each generated public method has a doc comment,
//! with an `# Errors` section where it returns `Result`, and getters are `#[must_use]`);
//! `tests/lints.rs` of the facade checks it.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Type};

use crate::ast::{self, Item};
use crate::attr::{self, Options};
use crate::errors::Errors;
use crate::{fallback, valid};

/// The whole expansion: errors (if any) and the closest valid code.
pub(crate) fn async_operation(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let options = attr::parse(args, &mut errors);
    let code = match ast::parse(input, &mut errors) {
        Item::Struct(mut item) => {
            let cx = Context::new(&item, options);
            if !valid::field_name_is_free(&item, &cx.field, &mut errors) {
                fallback::expand(&item, &cx)
            } else if let Err(error) = inject_field(&mut item, &cx) {
                errors.push(error);
                fallback::expand(&item, &cx)
            } else {
                let api = api(&cx, Body::Real);
                quote!(#item #api)
            }
        }
        Item::Unsupported(item) => {
            let cx = Context::new(&item, options);
            fallback::expand(&item, &cx)
        }
        Item::Other(tokens) => tokens,
    };
    let errors = errors.to_compile_errors();
    quote!(#errors #code)
}

/// What the expansion needs to know, with the defaults filled in.
pub(crate) struct Context {
    /// `#krate::__private`.
    private: TokenStream,
    /// `Name<params>`, the struct's own type.
    self_ty: TokenStream,
    output: TokenStream,
    /// `output` is absent or `()`: `complete` takes no value.
    is_action: bool,
    error: TokenStream,
    progress: TokenStream,
    /// `progress = P` was given: the progress methods are generated.
    has_progress: bool,
    /// `Option<fn(&Self)>`: the `on_cancel` hook, checked where the user wrote the path.
    on_cancel: TokenStream,
    pub(crate) field: Ident,
    vis: syn::Visibility,
    /// The visibility of the producer side (`producer = …`, `pub(crate)` by default).
    producer: TokenStream,
    impl_generics: TokenStream,
    where_clause: TokenStream,
}

impl Context {
    pub(crate) fn new(item: &DeriveInput, options: Options) -> Self {
        let krate = options
            .krate
            .map_or_else(|| quote!(::asyncinfo), |path| path.into_token_stream());
        let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
        let ident = &item.ident;
        let private = quote!(#krate::__private);
        let on_cancel = match &options.on_cancel {
            // A typed binding, so that a path of the wrong kind is reported where the user
            // wrote it, as "expected fn pointer `fn(&Job)`".
            Some(path) => quote_spanned! {path.span()=>
                {
                    let __asyncinfo_on_cancel: fn(&#ident #ty_generics) = #path;
                    ::core::option::Option::Some(__asyncinfo_on_cancel)
                }
            },
            None => quote!(::core::option::Option::None),
        };
        let is_action = match &options.output {
            None => true,
            Some(Type::Tuple(tuple)) => tuple.elems.is_empty(),
            Some(_) => false,
        };
        Self {
            has_progress: options.progress.is_some(),
            on_cancel,
            private,
            self_ty: quote!(#ident #ty_generics),
            output: options
                .output
                .map_or_else(|| quote!(()), |ty| ty.into_token_stream()),
            is_action,
            error: options.error.map_or_else(
                || quote!(#krate::__private::BoxError),
                |ty| ty.into_token_stream(),
            ),
            progress: options
                .progress
                .map_or_else(|| quote!(()), |ty| ty.into_token_stream()),
            field: options
                .field
                .unwrap_or_else(|| Ident::new("status", Span::call_site())),
            vis: item.vis.clone(),
            producer: options
                .producer
                .map_or_else(|| quote!(pub(crate)), |vis| vis.into_token_stream()),
            impl_generics: impl_generics.into_token_stream(),
            where_clause: where_clause.into_token_stream(),
        }
    }

    /// The injected field's type.
    fn state_ty(&self) -> TokenStream {
        let Self {
            private,
            output,
            error,
            progress,
            self_ty,
            ..
        } = self;
        quote!(#private::OperationState<#output, #error, #progress, #self_ty>)
    }
}

/// Adds the state field (private, so the struct's users cannot touch it) after the user's
/// fields. Fails only on an item `ast::parse` does not give (fields not named), or a field that
/// does not parse (its type is made of parsed paths and types), with the error to report.
fn inject_field(item: &mut DeriveInput, cx: &Context) -> syn::Result<()> {
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(fields),
        ..
    }) = &mut item.data
    else {
        return Err(syn::Error::new(
            item.ident.span(),
            "#[async_operation] could not add its field to this struct",
        ));
    };
    let name = &cx.field;
    let ty = cx.state_ty();
    let field = quote! {
        #[doc = " The state of this asynchronous operation, added by `#[async_operation]`."]
        #name: #ty
    };
    fields
        .named
        .push(syn::parse::Parser::parse2(syn::Field::parse_named, field)?);
    Ok(())
}

/// Whether the generated methods do their work or are stand-ins that only type-check (after
/// an error that left the struct without its field).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    Real,
    Stub,
}

/// The inherent methods and the trait impls.
pub(crate) fn api(cx: &Context, body: Body) -> TokenStream {
    let Context {
        private,
        self_ty,
        output,
        is_action,
        error,
        progress,
        has_progress,
        on_cancel,
        field,
        vis,
        producer,
        impl_generics,
        where_clause,
    } = cx;
    // Parameters: named so that no user item can turn them into constant patterns (items
    // resolve at the call site even for mixed-site identifiers); `_` in stand-in bodies.
    let param = |name: &str| {
        let name = if body == Body::Real { name } else { "_" };
        Ident::new(name, Span::mixed_site())
    };
    let value = param("__asyncinfo_value");
    let handler = param("__asyncinfo_handler");
    let timeout = param("__asyncinfo_timeout");
    let report = param("__asyncinfo_progress");
    let reason = param("__asyncinfo_reason");
    let call = |real: TokenStream| match body {
        Body::Real => real,
        Body::Stub => quote!(::core::unreachable!()),
    };
    let state = quote!(&self.#field);
    let result = quote!(::core::result::Result);
    let option = quote!(::core::option::Option);
    let bool_ = quote!(::core::primitive::bool);
    let send = quote!(::core::marker::Send);
    let sync = quote!(::core::marker::Sync);
    let status_ty = quote!(#private::AsyncStatus);
    let async_error = quote!(#private::AsyncError);

    let id = call(quote!(#private::OperationState::id(#state)));
    let status = call(quote!(#private::OperationState::status(#state)));
    let error_code = call(quote!(#private::OperationState::error_code(#state)));
    let results = call(quote!(#private::OperationState::results(#state)));
    let cancel = call(quote!(#private::cancel(#state, self, #on_cancel)));
    let close = call(quote!(#private::close(#state)));
    let is_closed = call(quote!(#private::OperationState::is_closed(#state)));
    let is_finished = call(quote!(#private::OperationState::is_finished(#state)));
    let on_completed = call(quote!(#private::on_completed(#state, self, #handler)));
    let finished = call(quote!(#private::finished(#state)));
    let wait = call(quote!(#private::wait(#state)));
    let wait_timeout = call(quote!(#private::wait_timeout(#state, #timeout)));
    let start = call(quote!(#private::start(#state)));
    let acknowledge_cancel = call(quote!(#private::acknowledge_cancel(#state, self)));
    let fail = call(quote!(#private::fail(#state, self, #value)));
    let canceled = call(quote!(#private::canceled(#state)));
    let cancel_with = call(quote!(#private::cancel_with(#state, self, #reason, #on_cancel)));
    let cancel_reason = call(quote!(#private::cancel_reason(#state)));
    let outcome = call(quote!(#private::outcome(#state)));
    let into_outcome = call(quote!(#private::into_outcome(&mut self.#field)));
    let finished_owned = call(quote!(#private::finished_owned(self)));
    let worker = call(quote!(#private::worker(self)));
    let state_of = call(quote!(&self.#field));
    let state_ty = cx.state_ty();
    let on_cancel_const = match body {
        Body::Real => on_cancel.clone(),
        Body::Stub => quote!(::core::option::Option::None),
    };
    let arc = quote!(#private::Arc);
    let cancel_reason_ty = quote!(#private::CancelReason);
    let outcome_ty = quote!(#private::Outcome);
    // `mut` only where the body moves out of the field.
    let into_outcome_self = match body {
        Body::Real => quote!(mut self),
        Body::Stub => quote!(self),
    };
    let future_params = quote!(<'_, #output, #error, #progress, Self>);

    let complete = if *is_action {
        let body = call(quote!(#private::complete_action(#state, self)));
        quote! {
            #[doc = " Completes the operation (Started → Completed) and notifies its handlers and"]
            #[doc = " awaiters on this thread. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " Refused in any other status. After a `cancel()` whose worker was still"]
            #[doc = " running, the refusal also records that the worker stopped."]
            #[inline]
            #producer fn complete(&self) -> #result<(), #async_error> {
                #body
            }
        }
    } else {
        let body = call(quote!(#private::complete(#state, self, #value)));
        quote! {
            #[doc = " Completes the operation with its result (Started → Completed) and notifies"]
            #[doc = " its handlers and awaiters on this thread. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " Refused in any other status, with the result given back in the `Rejected`."]
            #[doc = " After a `cancel()` whose worker was still running, the refusal also records"]
            #[doc = " that the worker stopped."]
            #[inline]
            #producer fn complete(&self, #value: #output) -> #result<(), #private::Rejected<#output>> {
                #body
            }
        }
    };

    let progress_methods = if *has_progress {
        let clone = quote_spanned!(progress.span()=> ::core::clone::Clone);
        // `where <T>::Assoc: Clone` would read as generic parameters on the `where` clause,
        // which Rust reserves: a qualified path is bounded through an identity alias.
        let bounded = if progress.to_string().starts_with('<') {
            quote!(#private::Same<#progress>)
        } else {
            progress.clone()
        };
        let get = call(quote!(#private::progress(#state)));
        let on_progress = call(quote!(#private::on_progress(#state, #handler)));
        let report_progress = call(quote!(#private::report_progress(#state, self, #report)));
        quote! {
            #[doc = " The latest progress reported, or `None` before the first report and after"]
            #[doc = " `close()`."]
            #[must_use]
            #[inline]
            #vis fn progress(&self) -> #option<#progress>
            where
                #bounded: #clone,
            {
                #get
            }

            #[doc = " Registers a progress handler: it runs on the reporting thread for each"]
            #[doc = " report made while the operation is Started, and never once the reporting"]
            #[doc = " thread can observe that the operation finished."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " A closed error after `close()`."]
            #[inline]
            #vis fn on_progress(
                &self,
                #handler: impl ::core::ops::Fn(&Self, &#progress) + #send + #sync + 'static,
            ) -> #result<(), #async_error> {
                #on_progress
            }

            #[doc = " Reports progress and runs the progress handlers on this thread. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal method call when the operation is not Started; a closed error"]
            #[doc = " after `close()`."]
            #[inline]
            #producer fn report_progress(&self, #report: #progress) -> #result<(), #async_error>
            where
                #bounded: #clone,
            {
                #report_progress
            }
        }
    } else {
        TokenStream::new()
    };

    quote! {
        #[allow(dead_code)]
        impl #impl_generics #self_ty #where_clause {
            #[doc = " The operation's id: unique in the process, never 0, stable for the"]
            #[doc = " operation's life (`IAsyncInfo::Id`)."]
            #[must_use]
            #[inline]
            #vis fn id(&self) -> #private::AsyncId {
                #id
            }

            #[doc = " The operation's current status: one atomic load, never blocks"]
            #[doc = " (`IAsyncInfo::Status`)."]
            #[must_use]
            #[inline]
            #vis fn status(&self) -> #status_ty {
                #status
            }

            #[doc = " The error the operation failed with: `Some` only in the Error status, before"]
            #[doc = " `close()` (`IAsyncInfo::ErrorCode`)."]
            #[must_use]
            #[inline]
            #vis fn error_code(&self) -> #option<&#error> {
                #error_code
            }

            #[doc = " The operation's result: `Ok` only in the Completed status, before `close()`"]
            #[doc = " (`IAsyncOperation::GetResults`)."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal method call in any other status; a closed error after `close()`."]
            #[inline]
            #vis fn results(&self) -> #result<&#output, #async_error> {
                #results
            }

            #[doc = " Requests cancellation (`IAsyncInfo::Cancel`): Created → Canceled, or Started →"]
            #[doc = " Canceled while the worker stops. Returns `true` if this call canceled the"]
            #[doc = " operation; on a finished or closed operation it does nothing and returns `false`."]
            #[inline]
            #vis fn cancel(&self) -> #bool_ {
                #cancel
            }

            #[doc = " Closes the operation (`IAsyncInfo::Close`) once it reached a terminal status;"]
            #[doc = " idempotent. Its result or error can no longer be read afterwards."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal state change while the operation is Created or Started."]
            #[inline]
            #vis fn close(&self) -> #result<(), #async_error> {
                #close
            }

            #[doc = " Whether `close()` was called."]
            #[must_use]
            #[inline]
            #vis fn is_closed(&self) -> #bool_ {
                #is_closed
            }

            #[doc = " Whether the operation reached a terminal status and no worker is still running."]
            #[must_use]
            #[inline]
            #vis fn is_finished(&self) -> #bool_ {
                #is_finished
            }

            #[doc = " Registers a completion handler (`Completed`): it runs once, when the operation"]
            #[doc = " becomes finished, on the finishing thread, outside any lock. If the operation"]
            #[doc = " is already finished, it runs now, before this call returns."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " A closed error after `close()`; the handler is dropped without running."]
            #[inline]
            #vis fn on_completed(
                &self,
                #handler: impl ::core::ops::FnOnce(&Self, #status_ty) + #send + 'static,
            ) -> #result<(), #async_error> {
                #on_completed
            }

            #[doc = " Requests cancellation for `reason`, as `cancel()` does for"]
            #[doc = " `CancelReason::Requested`: the first cancel wins and its reason is kept."]
            #[inline]
            #vis fn cancel_with(&self, #reason: #cancel_reason_ty) -> #bool_ {
                #cancel_with
            }

            #[doc = " Why the operation was canceled: `Some` exactly when the status is Canceled"]
            #[doc = " (also after `close()`)."]
            #[must_use]
            #[inline]
            #vis fn cancel_reason(&self) -> #option<#cancel_reason_ty> {
                #cancel_reason
            }

            #[doc = " How the finished operation ended (its result, its error, or why it was"]
            #[doc = " canceled); `None` until it is finished and after `close()`."]
            #[must_use]
            #[inline]
            #vis fn outcome(&self) -> #option<#outcome_ty<&#output, &#error>> {
                #outcome
            }

            #[doc = " Consumes the operation and moves its outcome out; `None` until it is"]
            #[doc = " finished and after `close()`. For a shared one:"]
            #[doc = " `Arc::into_inner(op)?.into_outcome()`."]
            #[must_use]
            #[inline]
            #vis fn into_outcome(#into_outcome_self) -> #option<#outcome_ty<#output, #error>> {
                #into_outcome
            }

            #[doc = " A future that resolves to the final status once the operation is finished."]
            #[doc = " Any number may be awaited at once, on any executor."]
            #[inline]
            #vis fn finished(&self) -> #private::Finished #future_params {
                #finished
            }

            #[doc = " As `finished()`, owning an `Arc` of the operation: a `'static` future"]
            #[doc = " (`Send` when the struct is `Send + Sync`), for `tokio::spawn` and friends."]
            #[inline]
            #vis fn finished_owned(self: #arc<Self>) -> #private::FinishedOwned<Self> {
                #finished_owned
            }

            #[doc = " Blocks this thread until the operation is finished; returns its status."]
            #[inline]
            #vis fn wait(&self) -> #status_ty {
                #wait
            }

            #[doc = " Blocks this thread until the operation is finished, for at most `timeout`;"]
            #[doc = " `None` if it did not finish in time."]
            #[inline]
            #vis fn wait_timeout(&self, #timeout: ::core::time::Duration) -> #option<#status_ty> {
                #wait_timeout
            }

            #progress_methods

            #[doc = " Starts the operation (Created → Started) and returns the `Worker` that must"]
            #[doc = " finish it: dropped unfinished, the worker cancels it as `Abandoned` (or"]
            #[doc = " `Panicked`), so no consumer is left waiting. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal state change from any other status; a closed error after `close()`."]
            #[inline]
            #producer fn worker(&self) -> #result<#private::Worker<&Self>, #async_error> {
                #worker
            }

            #[doc = " As `worker()`, owning an `Arc` of the operation: the worker is"]
            #[doc = " `Send + 'static` when the struct is `Send + Sync`. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal state change from any other status; a closed error after `close()`."]
            #[inline]
            #producer fn worker_owned(
                self: #arc<Self>,
            ) -> #result<#private::Worker<#arc<Self>>, #async_error> {
                #worker
            }

            #[doc = " Marks the operation Started (Created → Started). Producer side, low level:"]
            #[doc = " prefer `worker()`, which cannot leave the operation unfinished."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal state change from any other status; a closed error after `close()`."]
            #[inline]
            #producer fn start(&self) -> #result<(), #async_error> {
                #start
            }

            #complete

            #[doc = " Fails the operation with an error (Started → Error) and notifies its handlers"]
            #[doc = " and awaiters on this thread. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " Refused in any other status, with the error given back in the `Rejected`."]
            #[doc = " After a `cancel()` whose worker was still running, the refusal also records"]
            #[doc = " that the worker stopped."]
            #[inline]
            #producer fn fail(&self, #value: #error) -> #result<(), #private::Rejected<#error>> {
                #fail
            }

            #[doc = " Records that the worker stopped after a `cancel()`, which finishes the"]
            #[doc = " operation and notifies on this thread; on a finished operation it does"]
            #[doc = " nothing. Producer side."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = " An illegal state change while the operation is Created or Started."]
            #[inline]
            #producer fn acknowledge_cancel(&self) -> #result<(), #async_error> {
                #acknowledge_cancel
            }

            #[doc = " A future that resolves once cancellation is requested. Producer side: race it"]
            #[doc = " against the work; it stays pending if the operation finishes otherwise."]
            #[inline]
            #producer fn canceled(&self) -> #private::Canceled #future_params {
                #canceled
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::Operation for #self_ty #where_clause {
            type Output = #output;
            type Error = #error;
            type Progress = #progress;
            const __ON_CANCEL: #option<fn(&Self)> = #on_cancel_const;
            #[inline]
            fn __state(&self) -> &#state_ty {
                #state_of
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(args: TokenStream, input: TokenStream) -> String {
        async_operation(args, input).to_string()
    }

    #[test]
    fn injects_the_field_after_the_users() {
        let out = expand(
            quote!(output = u32),
            quote!(
                pub struct Job {
                    url: String,
                }
            ),
        );
        assert!(out.starts_with(
            "pub struct Job { url : String , # [doc = \" The state of this asynchronous operation, added by `#[async_operation]`.\"] \
             status : :: asyncinfo :: __private :: OperationState < u32 , :: asyncinfo :: __private :: BoxError , () , Job > }"
        ), "{out}");
        assert!(!out.contains("compile_error"));
    }

    #[test]
    fn unit_struct_with_generics_and_renamed_field_and_crate() {
        let out = expand(
            quote!(field = state, crate = ::facade, error = E),
            quote!(
                struct Job<'a, T: Copy, const N: usize>
                where
                    T: 'a;
            ),
        );
        assert!(out.starts_with(
            "struct Job < 'a , T : Copy , const N : usize > where T : 'a { # [doc = \" The state of this asynchronous operation, added by `#[async_operation]`.\"] \
             state : :: facade :: __private :: OperationState < () , E , () , Job < 'a , T , N > > }"
        ), "{out}");
        assert!(out.contains(
            "impl < 'a , T : Copy , const N : usize > Job < 'a , T , N > where T : 'a {"
        ));
        assert!(
            out.contains("fn complete (& self) ->"),
            "an action's complete takes no value"
        );
        assert!(out.contains(":: facade :: __private :: start (& self . state)"));
        assert!(!out.contains("-> bool"), "bool is a path a user can shadow");
        assert!(!out.contains(":: asyncinfo"));
    }

    #[test]
    fn methods_have_the_struct_visibility_and_producers_are_crate_visible() {
        let out = expand(
            quote!(output = u8),
            quote!(
                pub(super) struct Job {}
            ),
        );
        assert!(out.contains("pub (super) fn status (& self)"));
        assert!(out.contains("pub (crate) fn start (& self)"));
        assert!(out.contains("pub (crate) fn complete (& self , __asyncinfo_value : u8)"));
    }

    #[test]
    fn explicit_unit_output_is_an_action() {
        let out = expand(
            quote!(output = ()),
            quote!(
                struct Job;
            ),
        );
        assert!(out.contains("fn complete (& self) ->"));
    }

    #[test]
    fn only_absolute_paths() {
        let out = expand(
            quote!(),
            quote!(
                struct Job;
            ),
        );
        for name in [
            "Result", "Option", "Default", "Box", "Some", "Ok", "Err", "None",
        ] {
            for (at, _) in out.match_indices(&format!(" {name} ")) {
                assert!(out[..at].ends_with("::"), "unqualified {name} in {out}");
            }
        }
    }

    #[test]
    fn errors_come_with_the_struct_and_api() {
        let out = expand(
            quote!(output = 5, bogus = 1),
            quote!(
                struct Job {
                    x: u8,
                }
            ),
        );
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        assert!(
            out.contains("OperationState < () ,"),
            "bad output falls back to ()"
        );
        assert!(out.contains("fn results"));
        assert!(!out.contains("unreachable"), "{out}");
    }
}
