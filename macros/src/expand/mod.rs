//! Stage 4: the expansion: the struct with its injected field, one inherent impl with the
//! generated methods (the table in `api`) and one impl of the runtime's `Operation` trait, which
//! gives the runtime the state, the payload types and the `on_cancel` hook. `AsyncInfo` and
//! `AsyncOperation` come with `Operation`, by blanket impls in the runtime.
//!
//! # Hygiene
//!
//! Paths are absolute: `::core::…` for language items and `#krate::__private::…` for runtime
//! items (`krate` is `::asyncinfo` unless `crate = …` says otherwise), so user items named
//! `Result`, `Option`, `Default` or `Box` change nothing. Inside the block around the inherent
//! impl (below), `use #krate::__private as __ai;` makes that path short, so that most
//! signatures fit on one line: `__private` re-exports the `core` items the methods name
//! (`Result`, `Option`, `bool`, `FnOnce`, `Send`, …). If the user wrote the identifier `__ai`
//! anywhere in the item or the options (naming the struct, a generic parameter or a module so),
//! the alias becomes `__ai_` (or longer), so that it hides none of the user's names. Parameters
//! are named as the words rustdoc shows (`handler`, `timeout`, `value`, `error`, `progress`,
//! `reason`, `child`), with `Span::mixed_site()` so that the user's tokens cannot name them.
//!
//! Mixed-site hygiene covers locals only: items resolve at the call site, so a user's
//! `const handler` in scope would make the parameter `handler` a constant pattern (a
//! "refutable pattern" or "mismatched types" error on the attribute), and `r#handler` resolves
//! the same way. Opaque (`def_site`) hygiene would hide the user's items, but it is unstable.
//! So the inherent impl sits in `const _: () = { ... };`, which imports an empty `fn` of each
//! parameter's name from `__private::params` (and, with `new = …`, defines one for each other
//! field's name): the nearest item of that name is then a function, and a pattern that
//! names a function is a fresh binding (rustc's resolver shadows functions, not constants,
//! statics or unit structs). The cost, which nothing stable avoids: inside that block, the
//! user's own tokens (the option types, the generics) see those functions too, so an array
//! length written `[u8; value()]` with a user's `const fn value` in an option's type would call
//! the empty one and fail to compile; `[u8; VALUE]` and paths (`sizes::value()`) are
//! unaffected.
//!
//! # Attributes on generated code
//!
//! - No `#[allow]`: rustc's `dead_code` and clippy's lints do not report items that another
//!   crate's macro generated (a crate that uses only some of the methods is not warned about
//!   the rest), and what they do report, such as `missing_docs`, the expansion satisfies.
//! - One doc line per method: `missing_docs` reports generated methods too. The contracts are
//!   written once, on the runtime's traits and `OperationState`.
//! - `#[inline]` where `api::Call` says, so that a crate using an operation defined in another
//!   crate pays no call on the common path.
//! - No `#[must_use]`: clippy's pedantic `must_use_candidate` does not look into the
//!   expansions of other crates' macros, and the types that must be used (`Result`, the
//!   futures, `Worker`) say so themselves.
//!
//! `suite/tests/lints.rs` checks that an expansion is clean under `#![deny(warnings)]`,
//! `missing_docs`, `unreachable_pub` and clippy's pedantic group; `tests/expand/` of this crate
//! holds expansions to read.

mod api;
mod fields;
mod method;
mod progress;
#[cfg(test)]
mod tests;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Type};

pub(crate) use self::api::methods;
pub(crate) use self::fields::UserField;
use self::fields::{inject_field, unraw};
use self::method::Param;
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
                expand(&item, &cx)
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

/// The struct, with its field injected, and the generated API.
fn expand(item: &DeriveInput, cx: &Context) -> TokenStream {
    let methods = methods(cx);
    let inherent = cx.inherent_impl(methods.iter().map(|m| m.render(cx, &m.body)));
    let field = &cx.field;
    let operation = cx.operation_impl(&quote!(&self.#field), cx.on_cancel.as_ref());
    quote!(#item #inherent #operation)
}

/// What the expansion needs to know, with the defaults filled in.
pub(crate) struct Context {
    /// The generated methods' path to the runtime's items: `__ai` (see `private_alias`), which
    /// the block around the inherent impl imports as `#krate::__private` (see the module docs).
    pub(crate) private: TokenStream,
    /// `#krate::__private`, for the code outside that block: the field and `Operation`'s impl.
    krate_private: TokenStream,
    /// `Name<params>`, the struct's own type.
    pub(crate) self_ty: TokenStream,
    pub(crate) output: TokenStream,
    /// `output` is absent or `()`: `complete` takes no value.
    pub(crate) is_action: bool,
    /// The error type, as the methods name it (`__ai::BoxError` by default).
    pub(crate) error: TokenStream,
    /// `error = …` was given: `error` is the user's type, the same outside the block.
    error_given: bool,
    /// The progress type, if `progress = P` was given: the progress methods are generated.
    pub(crate) progress: Option<TokenStream>,
    /// `Some(hook)`, the `on_cancel` hook as a `fn(&Self)`, checked where the user wrote it.
    on_cancel: Option<TokenStream>,
    pub(crate) field: Ident,
    /// The visibility of the consumer side: the struct's.
    pub(crate) vis: syn::Visibility,
    /// The visibility of the producer side (`producer = …`, `pub(crate)` by default).
    pub(crate) producer: TokenStream,
    /// The constructor's visibility, if `new = …` was given: `fn new` is generated.
    pub(crate) new: Option<TokenStream>,
    /// The span of the `new` option's key, for the constructor's signature.
    pub(crate) new_span: Span,
    /// The user's fields, in order, as the constructor takes them.
    pub(crate) fields: Vec<UserField>,
    /// `timestamps`: the state records its times (its last parameter is `Timed`).
    pub(crate) timestamps: bool,
    /// The struct's name as written, for snapshots and tracing.
    type_name: String,
    impl_generics: TokenStream,
    where_clause: TokenStream,
}

impl Context {
    pub(crate) fn new(item: &DeriveInput, options: Options) -> Self {
        let private = private_alias(item, &options).into_token_stream();
        let krate = options
            .krate
            .map_or_else(|| quote!(::asyncinfo), |path| path.into_token_stream());
        let krate_private = quote!(#krate::__private);
        let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
        let ident = &item.ident;
        // A typed binding, so that a path of the wrong kind is reported where the user wrote
        // it, as "expected fn pointer `fn(&Job)`".
        let on_cancel = options.on_cancel.as_ref().map(|path| {
            quote_spanned! {path.span()=>
                {
                    let __asyncinfo_on_cancel: fn(&#ident #ty_generics) = #path;
                    ::core::option::Option::Some(__asyncinfo_on_cancel)
                }
            }
        });
        // Where the option is, with the expansion's hygiene, so that the lints that skip
        // generated code skip the constructor too.
        let new_span = options
            .new_span
            .map_or_else(Span::call_site, |key| Span::call_site().located_at(key));
        let is_action = match &options.output {
            None => true,
            Some(Type::Tuple(tuple)) => tuple.elems.is_empty(),
            Some(_) => false,
        };
        Self {
            self_ty: quote!(#ident #ty_generics),
            output: options
                .output
                .map_or_else(|| quote!(()), |ty| ty.into_token_stream()),
            is_action,
            error_given: options.error.is_some(),
            error: options
                .error
                .map_or_else(|| quote!(#private::BoxError), |ty| ty.into_token_stream()),
            progress: options.progress.map(|ty| ty.into_token_stream()),
            on_cancel,
            field: options
                .field
                .unwrap_or_else(|| Ident::new("status", Span::call_site())),
            vis: item.vis.clone(),
            producer: options
                .producer
                .map_or_else(|| quote!(pub(crate)), |vis| vis.into_token_stream()),
            new: options
                .new
                .map(|vis| respan(vis.into_token_stream(), new_span)),
            new_span,
            fields: UserField::all(item),
            timestamps: options.timestamps,
            type_name: unraw(ident),
            impl_generics: impl_generics.into_token_stream(),
            where_clause: where_clause.into_token_stream(),
            private,
            krate_private,
        }
    }

    /// The progress type, `()` without the option.
    fn progress_ty(&self) -> TokenStream {
        self.progress.clone().unwrap_or_else(|| quote!(()))
    }

    /// The error type as code outside the inherent impl's block names it.
    fn error_outside(&self) -> TokenStream {
        let private = &self.krate_private;
        if self.error_given {
            self.error.clone()
        } else {
            quote!(#private::BoxError)
        }
    }

    /// The state's timing, `Timed` with `timestamps` and `Untimed` without, as code outside
    /// the inherent impl's block names it.
    fn timing_outside(&self) -> TokenStream {
        let private = &self.krate_private;
        if self.timestamps {
            quote!(#private::Timed)
        } else {
            quote!(#private::Untimed)
        }
    }

    /// The injected field's type: `Field<Self, Output, Error, Progress, Timing>`, without the
    /// trailing options left at their defaults (`Field<Job>` for a plain struct).
    fn state_ty(&self) -> TokenStream {
        let private = &self.krate_private;
        let self_ty = &self.self_ty;
        let args = [
            (!self.is_action, self.output.clone()),
            (self.error_given, self.error_outside()),
            (self.progress.is_some(), self.progress_ty()),
            (self.timestamps, self.timing_outside()),
        ];
        // Up to the last one given.
        let count = args
            .iter()
            .rposition(|(given, _)| *given)
            .map_or(0, |last| last.saturating_add(1));
        let args = args.iter().take(count).map(|(_, ty)| ty);
        quote!(#private::Field<#self_ty #(, #args)*>)
    }

    /// The one inherent impl, holding `methods`, in a block that imports `__private` as
    /// `__ai` (the methods' paths stay short enough for one line) and shadows the user's items
    /// named as the parameters with functions (see the module docs).
    pub(crate) fn inherent_impl(&self, methods: impl Iterator<Item = TokenStream>) -> TokenStream {
        let Self {
            private,
            krate_private,
            self_ty,
            impl_generics,
            where_clause,
            ..
        } = self;
        let params = Param::ALL.map(Param::ident);
        let mut shadows: Vec<Ident> = Vec::new();
        if self.new.is_some() {
            for field in &self.fields {
                let known = params.iter().chain(&shadows);
                if !known
                    .clone()
                    .any(|known| unraw(known) == unraw(&field.param))
                {
                    shadows.push(field.param.clone());
                }
            }
        }
        quote! {
            const _: () = {
                use #krate_private as #private;
                use #private::params::{#(#params),*};
                #(fn #shadows() {})*
                impl #impl_generics #self_ty #where_clause {
                    #(#methods)*
                }
            };
        }
    }

    /// The impl of `Operation`: the payload types, the hook, and `state` as the body of
    /// `__state`. Without a hook, the trait's default (none) stands.
    pub(crate) fn operation_impl(
        &self,
        state: &TokenStream,
        on_cancel: Option<&TokenStream>,
    ) -> TokenStream {
        let Self {
            krate_private: private,
            self_ty,
            output,
            impl_generics,
            where_clause,
            ..
        } = self;
        let error = self.error_outside();
        let progress = self.progress_ty();
        let on_cancel = on_cancel
            .map(|hook| quote!(const __ON_CANCEL: ::core::option::Option<fn(&Self)> = #hook;));
        // With `progress = P`, progress is readable through `dyn AsyncProgress` too.
        let async_progress = self.progress.as_ref().map(|progress| {
            let is_clone = progress_is_clone(private, progress);
            // The struct's own `where` clause, if any, ends with a comma or a predicate.
            let predicates = if where_clause.is_empty() {
                quote!(where)
            } else if where_clause.to_string().trim_end().ends_with(',') {
                where_clause.clone()
            } else {
                quote!(#where_clause ,)
            };
            quote! {
                impl #impl_generics #private::AsyncProgress for #self_ty
                #predicates #is_clone
                {
                    type Progress = #progress;
                    #[inline]
                    fn progress(&self) -> ::core::option::Option<#progress> {
                        #private::progress(self)
                    }
                }
            }
        });
        let timing = self.timing_outside();
        let type_name = &self.type_name;
        quote! {
            #async_progress
            impl #impl_generics #private::Operation for #self_ty #where_clause {
                type Output = #output;
                type Error = #error;
                type Progress = #progress;
                type __Timing = #timing;
                const __TYPE_NAME: &'static str = #type_name;
                #on_cancel
                // The error's `Display` text where it has one: autoref specialization picks
                // `ViaDisplay` for a `Display` type, `ViaTypeName` (the type's name) otherwise.
                // Outside the block that shadows the parameters' names (see the module docs),
                // so the parameter has a name no user item has.
                fn __error_text(__asyncinfo_error: &Self::Error) -> #private::String {
                    use #private::text::{ViaDisplay as _, ViaTypeName as _};
                    (&#private::text::ErrorText(__asyncinfo_error)).__error_text()
                }
                #[inline]
                fn __state(&self) -> &#private::StateOf<Self> {
                    #state
                }
            }
        }
    }
}

/// The `where` predicate `P: Clone` for `progress = P`, spanned on `P`, with `private` the
/// path to `__private` where it is used. A qualified path is bounded through an identity
/// alias: `where <T>::Assoc: Clone` would read as generic parameters on the `where` clause,
/// which Rust reserves.
pub(crate) fn progress_is_clone(private: &TokenStream, progress: &TokenStream) -> TokenStream {
    let bounded = if progress.to_string().starts_with('<') {
        quote!(#private::Same<#progress>)
    } else {
        progress.clone()
    };
    let clone = quote_spanned!(progress.span()=> ::core::clone::Clone);
    quote!(#bounded: #clone)
}

/// The name the block around the inherent impl imports `__private` as: `__ai`, or, if the
/// user wrote that identifier anywhere in the item or the options (a struct, a generic
/// parameter or a module of that name), `__ai_`, `__ai__`, … : the first one the user did not
/// write, so that the import hides none of the user's names and none hides it.
fn private_alias(item: &DeriveInput, options: &Options) -> Ident {
    let mut written = Vec::new();
    let types = [&options.output, &options.error, &options.progress];
    collect_idents(item.to_token_stream(), &mut written);
    for ty in types.into_iter().flatten() {
        collect_idents(ty.to_token_stream(), &mut written);
    }
    if let Some(krate) = &options.krate {
        collect_idents(krate.to_token_stream(), &mut written);
    }
    let mut alias = String::from("__ai");
    while written.iter().any(|ident| *ident == alias) {
        alias.push('_');
    }
    Ident::new(&alias, Span::call_site())
}

/// Every identifier in `tokens`, groups included.
fn collect_idents(tokens: TokenStream, into: &mut Vec<Ident>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => into.push(ident),
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), into),
            _ => {}
        }
    }
}

/// `tokens`, each with `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut respanned =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                token = respanned.into();
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
