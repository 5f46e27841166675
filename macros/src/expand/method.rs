//! One generated method, and how it is rendered.

use proc_macro2::{Span, TokenStream};
use quote::{quote_spanned, ToTokens};
use syn::Ident;

use super::Context;

/// Who calls a method, which sets its visibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// Whoever holds the operation: the struct's visibility.
    Consumer,
    /// Whoever drives it: `producer = …`, `pub(crate)` by default.
    Producer,
    /// Whoever builds it: `new = …` (the constructor is generated only with the option).
    Constructor,
}

/// Whether a method is `#[inline]`, its one attribute besides its doc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Call {
    /// `#[inline]`: on the common path (the id, the status, a transition, the result or outcome), so that
    /// a crate using an operation defined in another crate pays no call for it there.
    Inline,
    /// No attribute: generic (instantiated where it is called anyway), off the common path
    /// (close, the cancel reason), or work that dwarfs a call (cancellation, waits,
    /// a future's polls, the methods that take an `Arc`).
    Plain,
}

/// One generated method.
pub(crate) struct Method {
    pub(crate) side: Side,
    /// One line, without the leading space.
    pub(crate) doc: &'static str,
    pub(crate) call: Call,
    /// The WinRT (or WRL) names of the method, as `#[doc(alias = ...)]`s, so that rustdoc's
    /// search finds it under the name a WinRT user knows (`GetResults` finds `results`).
    pub(crate) aliases: &'static [&'static str],
    /// `#[doc(hidden)]`: a method that exists only for its error message.
    pub(crate) hidden: bool,
    /// From `fn` to the end of the where clause.
    pub(crate) sig: TokenStream,
    /// The real body.
    pub(crate) body: TokenStream,
}

impl Method {
    pub(super) fn new(
        side: Side,
        call: Call,
        doc: &'static str,
        sig: TokenStream,
        body: TokenStream,
    ) -> Self {
        Self {
            side,
            doc,
            call,
            aliases: &[],
            hidden: false,
            sig,
            body,
        }
    }

    /// The method, left out of the docs.
    pub(super) fn hidden(self) -> Self {
        Self {
            hidden: true,
            ..self
        }
    }

    /// The method, found by rustdoc's search under `aliases` too.
    pub(super) fn aliases(self, aliases: &'static [&'static str]) -> Self {
        Self { aliases, ..self }
    }

    /// The method, with `body` for body.
    pub(crate) fn render(&self, cx: &Context, body: &TokenStream) -> TokenStream {
        let vis = match self.side {
            Side::Consumer => cx.vis.to_token_stream(),
            Side::Producer => cx.producer.clone(),
            Side::Constructor => cx.new.clone().unwrap_or_default(),
        };
        let span = match self.side {
            Side::Constructor => cx.new_span,
            Side::Consumer | Side::Producer => Span::call_site(),
        };
        // A hidden method has no doc: `missing_docs` skips it, and nobody reads it.
        let doc = (!self.hidden).then(|| {
            let doc = format!(" {}", self.doc);
            quote_spanned!(span=> #[doc = #doc])
        });
        let inline = match self.call {
            Call::Inline => quote_spanned!(span=> #[inline]),
            Call::Plain => TokenStream::new(),
        };
        let sig = &self.sig;
        let aliases = self.aliases;
        let hidden = self.hidden.then(|| quote_spanned!(span=> #[doc(hidden)]));
        quote_spanned! {span=>
            #doc
            #(#[doc(alias = #aliases)])*
            #hidden
            #inline
            #vis #sig {
                #body
            }
        }
    }
}

/// A parameter of a generated method, named as the word rustdoc shows (`handler`, not
/// `__asyncinfo_handler`).
///
/// A plain word is not hygienic by itself: items resolve at the call site even for a
/// mixed-site identifier, so a user's `const handler` in scope would turn the parameter into
/// a constant pattern. `Context::inherent_impl` puts the impl in a block that imports a
/// function of each parameter's name (the runtime's `__private::params`, which must have one
/// for each variant), which shadows the user's constants there (a pattern that names a
/// function is a fresh binding): see the module docs of `expand`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Param {
    Reason,
    Handler,
    Timeout,
    Value,
    Error,
    Progress,
    Child,
}

impl Param {
    /// Every parameter, in the order their shadowing functions are imported.
    pub(crate) const ALL: [Self; 7] = [
        Self::Reason,
        Self::Handler,
        Self::Timeout,
        Self::Value,
        Self::Error,
        Self::Progress,
        Self::Child,
    ];

    /// The parameter's name.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Reason => "reason",
            Self::Handler => "handler",
            Self::Timeout => "timeout",
            Self::Value => "value",
            Self::Error => "error",
            Self::Progress => "progress",
            Self::Child => "child",
        }
    }

    /// The parameter's identifier, mixed-site, so that the user's tokens cannot name it.
    pub(crate) fn ident(self) -> Ident {
        Ident::new(self.name(), Span::mixed_site())
    }
}
