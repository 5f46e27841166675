//! The messages for bad options, and the values the user most likely meant.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Ident, LitStr, Path, PathArguments};

use super::split::Angles;
use super::{parse_value, Kind, Opt, Value};

/// The value the user most likely meant for `option`, for an option already reported (under
/// a wrong name, or without its `=`).
pub(super) fn value(option: Opt, value: &[TokenTree]) -> Option<Value> {
    if value.is_empty() {
        return None;
    }
    parse_value(option, value).0
}

/// The value in a string literal, and the literal's text, where the literal is the whole
/// value and holds a good value (`crate` takes a string on purpose).
pub(super) fn unquote(option: Opt, value: &[TokenTree]) -> Option<(Value, String)> {
    let [TokenTree::Literal(lit)] = value else {
        return None;
    };
    if option.value() == Kind::Path {
        return None;
    }
    let lit: LitStr = syn::parse2(lit.to_token_stream()).ok()?;
    let contents: TokenStream = lit.parse().ok()?;
    let contents: Vec<TokenTree> = contents.into_iter().collect();
    let (Some(parsed), None) = parse_value(option, &contents) else {
        return None;
    };
    Some((parsed, lit.value()))
}

/// The error for a value that went wrong inside a group: syn's, on the token where it did,
/// or, for a separator of the wrong kind in a type (`[u8, 4]`, `(u8; 3)`, also in the generic
/// arguments of an `on_cancel` path), one that names the right one.
pub(super) fn inside_group(option: Opt, value: &[TokenTree], error: &syn::Error) -> syn::Error {
    let has_types = matches!(option.value(), Kind::Type | Kind::Fn);
    let (span, reason) = match wrong_separator(value).filter(|_| has_types) {
        Some((span, hint)) => (span, hint.to_owned()),
        None => (error.span(), error.to_string()),
    };
    let message = format!("`{}` expects {}: {reason}", option.name(), option.kind());
    syn::Error::new(span, message)
}

/// The first `,` in square brackets that hold no `;` (`[u8, 4]`), or `;` in parentheses
/// (`(u8; 3)`), outside angle brackets, with what to write instead. Neither is in any type or
/// path; the tokens of a macro (`vec![a, b]`) and blocks (`[u8; { N }]`) are not looked in.
fn wrong_separator(tokens: &[TokenTree]) -> Option<(Span, &'static str)> {
    let mut after_bang = false;
    for token in tokens {
        if let TokenTree::Group(group) = token {
            if !after_bang && group.delimiter() != Delimiter::Brace {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                let found = match group.delimiter() {
                    Delimiter::Bracket if first_outside_angles(&inner, ';').is_none() => {
                        first_outside_angles(&inner, ',')
                            .map(|comma| (comma, "expected `;` in array type `[T; N]`"))
                    }
                    Delimiter::Parenthesis => first_outside_angles(&inner, ';').map(|semi| {
                        (
                            semi,
                            "expected `,` in tuple type `(A, B)`; an array type is `[T; N]`",
                        )
                    }),
                    _ => None,
                };
                if let Some(found) = found.or_else(|| wrong_separator(&inner)) {
                    return Some(found);
                }
            }
        }
        after_bang = matches!(token, TokenTree::Punct(p) if p.as_char() == '!');
    }
    None
}

/// The span of the first `punct` outside the angle brackets of a type or path.
fn first_outside_angles(tokens: &[TokenTree], punct: char) -> Option<Span> {
    let mut angles = Angles::default();
    tokens.iter().find_map(|token| {
        let found = match token {
            TokenTree::Punct(p) if p.as_char() == punct && angles.is_outside() => Some(p.span()),
            _ => None,
        };
        angles.step(token);
        found
    })
}

/// The error for an `on_cancel` path that cannot stand where the expansion puts it, in an
/// expression: generic arguments there take `::<` (`stop::<u8>`, not `stop<u8>`), and a path
/// cannot have `(..)` arguments (`Fn(u8)`).
pub(super) fn turbofish(path: &Path) -> Option<syn::Error> {
    let (name, kind) = (Opt::OnCancel.name(), Opt::OnCancel.kind());
    path.segments
        .iter()
        .find_map(|segment| match &segment.arguments {
            PathArguments::None => None,
            PathArguments::AngleBracketed(args) if args.colon2_token.is_some() => None,
            PathArguments::AngleBracketed(args) => Some(syn::Error::new(
                args.lt_token.span,
                format!(
                    "`{name}` expects {kind}: in an expression, generic arguments take `::<`, \
                     as in `{}::<...>`",
                    segment.ident
                ),
            )),
            PathArguments::Parenthesized(args) => Some(syn::Error::new(
                args.paren_token.span.join(),
                format!(
                    "`{name}` expects {kind}, such as `{}`",
                    Opt::OnCancel.example()
                ),
            )),
        })
}

/// "expected one of: `output`, `error`, ...".
pub(super) fn valid() -> String {
    let names: Vec<String> = Opt::ALL.iter().map(|o| format!("`{}`", o.name())).collect();
    format!("expected one of: {}", names.join(", "))
}

/// An option name that is none of them.
pub(super) fn unknown(key: &Ident, name: &str) -> syn::Error {
    let hint = suggestion(name)
        .map(|s| format!(" (did you mean `{}`?)", s.name()))
        .unwrap_or_default();
    syn::Error::new(
        key.span(),
        format!("unknown option `{name}`{hint}; {}", valid()),
    )
}

/// A key with no `=` after it: a known option missing its value, or not an option at all
/// (such as a bare type: `#[async_operation(Vec<u8>)]`).
pub(super) fn missing_eq(key: &Ident, known: Option<Opt>, next: Option<&TokenTree>) -> syn::Error {
    let Some(option) = known else {
        return syn::Error::new(
            key.span(),
            format!(
                "expected `option = value`, such as `output = Vec<u8>`; {}",
                valid()
            ),
        );
    };
    let message = format!("expected `=` after `{key}`, as in `{}`", option.example());
    match next {
        Some(next) => spanned(next, message),
        None => syn::Error::new(key.span(), message),
    }
}

/// The option a misspelt or misremembered name most likely meant.
pub(super) fn suggestion(name: &str) -> Option<Opt> {
    let lower = name.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "result" | "results" | "ok" | "out" | "value" => Some(Opt::Output),
        "err" | "errors" | "error_code" => Some(Opt::Error),
        "krate" | "path" | "facade" => Some(Opt::Crate),
        "name" | "state" | "status" => Some(Opt::Field),
        "on_progress" | "report" => Some(Opt::Progress),
        "cancel" | "oncancel" | "on_canceled" | "on_cancelled" | "cancel_hook" => {
            Some(Opt::OnCancel)
        }
        "constructor" | "ctor" | "new_fn" | "fn_new" => Some(Opt::New),
        "timestamp" | "times" | "timed" | "timing" | "timings" | "clock" => Some(Opt::Timestamps),
        _ => None,
    };
    alias.or_else(|| {
        Opt::ALL
            .into_iter()
            .map(|option| (edit_distance(&lower, option.name()), option))
            .filter(|&(distance, _)| distance <= 2)
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, option)| option)
    })
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // `row[j]`: the distance from the part of `a` read so far to the first `j` chars of `b`.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut left = i.saturating_add(1);
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for ((&cb, &diagonal), &up) in b.iter().zip(&row).zip(row.iter().skip(1)) {
            let substitution = diagonal.saturating_add(usize::from(ca != cb));
            left = substitution
                .min(left.saturating_add(1))
                .min(up.saturating_add(1));
            next.push(left);
        }
        row = next;
    }
    row.last().copied().unwrap_or_default()
}

pub(super) fn spanned(token: &TokenTree, message: String) -> syn::Error {
    syn::Error::new_spanned(token.to_token_stream(), message)
}

/// The error for a facade path with a `Self` in it: the expansion imports the facade with
/// `use`, where `Self` leads nowhere (rustc: "imports cannot refer to `Self`").
pub(super) fn self_crate(path: &Path) -> Option<syn::Error> {
    let segment = path.segments.iter().find(|s| s.ident == "Self")?;
    Some(syn::Error::new(
        segment.ident.span(),
        "`crate` expects a path to the `asyncinfo` crate, such as `::asyncinfo` or \
         `crate::reexport::asyncinfo`; `Self` does not lead to a crate",
    ))
}
