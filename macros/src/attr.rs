//! Stage 1: the attribute's options, `#[async_operation(output = T, error = E, ...)]`.
//!
//! The options are split on top-level commas first, so that an error in one option does not
//! hide the errors of the others: every bad option is reported, and the options that parsed
//! are kept (the ones that failed take their defaults).
//!
//! Where the user's intent is clear, a bad option is recovered as well as reported, so that
//! the expansion is the one the user meant and their code that uses it raises no further
//! errors: a misspelt name that has a suggestion (`outptu = Vec<u8>`), a `:` or nothing for
//! the `=` (`output: Vec<u8>`), a missing `,` between two options, a value in quotes
//! (`output = "Vec<u8>"`) and a type with tokens after it (`error = HttpError(u16)`).

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Path, PathArguments, Type};

use crate::errors::Errors;

/// The option names, in the order error messages list them.
pub(crate) const OPTIONS: [&str; 7] = [
    "output",
    "error",
    "progress",
    "field",
    "crate",
    "on_cancel",
    "producer",
];

/// The options that parsed or were recovered; `None` where an option was absent or bad.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) output: Option<Type>,
    pub(crate) error: Option<Type>,
    pub(crate) progress: Option<Type>,
    pub(crate) field: Option<Ident>,
    pub(crate) krate: Option<Path>,
    pub(crate) on_cancel: Option<Path>,
    pub(crate) producer: Option<syn::Visibility>,
}

/// Parses the attribute's arguments, recording every error.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Options {
    let parts = split_on_commas(args);
    let given: Vec<String> = parts
        .iter()
        .filter_map(|part| match part.tokens.first() {
            Some(TokenTree::Ident(key)) => Some(key.to_string()),
            _ => None,
        })
        .collect();
    let mut options = Options::default();
    let mut seen: Vec<&'static str> = Vec::new();
    for Part {
        tokens,
        comma,
        missing_comma,
    } in parts
    {
        if let Some(error) = missing_comma {
            errors.push(error);
        }
        let [first, after_key @ ..] = tokens.as_slice() else {
            if let Some(comma) = comma {
                errors.push(syn::Error::new(
                    comma,
                    format!("expected an option before this `,`; {}", valid_list()),
                ));
            }
            continue;
        };
        let TokenTree::Ident(key) = first else {
            errors.push(spanned(
                first,
                format!(
                    "expected an option name, such as `output = Vec<u8>`; {}",
                    valid_list()
                ),
            ));
            continue;
        };
        let name = key.to_string();
        let known = OPTIONS.iter().copied().find(|option| *option == name);
        let (eq, value) = match after_key {
            [TokenTree::Punct(eq), value @ ..] if is_eq(eq) => (eq, value),
            _ => {
                errors.push(missing_eq(key, &name, after_key.first()));
                // `output: Vec<u8>` or `output Vec<u8>`: the value is clear enough to use.
                if let Some(option) = known.filter(|option| !seen.contains(option)) {
                    seen.push(option);
                    let value = match after_key {
                        [TokenTree::Punct(colon), value @ ..]
                            if colon.as_char() == ':' && colon.spacing() == Spacing::Alone =>
                        {
                            value
                        }
                        value => value,
                    };
                    if let Some(value) = recover(option, value) {
                        options.set(value);
                    }
                }
                continue;
            }
        };
        let Some(option) = known else {
            errors.push(unknown(key, &name));
            // `outptu = Vec<u8>`: the value goes to the option the name most likely meant, if
            // that option is not given as well.
            let meant = suggestion(&name)
                .filter(|meant| !given.iter().any(|g| g == meant) && !seen.contains(meant));
            if let Some(meant) = meant {
                if let Some(value) = recover(meant, value) {
                    seen.push(meant);
                    options.set(value);
                }
            }
            continue;
        };
        if seen.contains(&option) {
            errors.push(syn::Error::new(
                key.span(),
                format!("duplicate option `{name}`; each option may be given once"),
            ));
            continue;
        }
        seen.push(option);
        if value.is_empty() {
            errors.push(syn::Error::new(
                eq.span(),
                format!(
                    "expected a value after `{name} =`, such as `{}`",
                    example(&name)
                ),
            ));
            continue;
        }
        let (value, error) = parse_value(option, value);
        if let Some(error) = error {
            errors.push(error);
        }
        if let Some(value) = value {
            options.set(value);
        }
    }
    options
}

/// One option's value.
enum Value {
    Output(Type),
    Error(Type),
    Progress(Type),
    Field(Ident),
    Crate(Path),
    OnCancel(Path),
    Producer(syn::Visibility),
}

impl Options {
    fn set(&mut self, value: Value) {
        match value {
            Value::Output(ty) => self.output = Some(ty),
            Value::Error(ty) => self.error = Some(ty),
            Value::Progress(ty) => self.progress = Some(ty),
            Value::Field(ident) => self.field = Some(ident),
            Value::Crate(path) => self.krate = Some(path),
            Value::OnCancel(path) => self.on_cancel = Some(path),
            Value::Producer(vis) => self.producer = Some(vis),
        }
    }
}

/// The value the user most likely meant for `option`, for an option already reported (under
/// a wrong name, or without its `=`).
fn recover(option: &'static str, value: &[TokenTree]) -> Option<Value> {
    if value.is_empty() {
        return None;
    }
    parse_value(option, value).0
}

/// A visibility that is written out (`pub`, `pub(crate)`, `pub(super)`, `pub(in path)`): an
/// empty one would parse as inherited without taking a token.
fn parse_visibility(input: ParseStream) -> syn::Result<syn::Visibility> {
    match input.parse()? {
        syn::Visibility::Inherited => Err(input.error("expected a visibility")),
        vis => Ok(vis),
    }
}

/// A path to the facade, written as a path or as a string literal holding one.
fn parse_crate_path(input: ParseStream) -> syn::Result<Path> {
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        lit.parse_with(Path::parse_mod_style)
    } else {
        Path::parse_mod_style(input)
    }
}

/// Parses one option's value (not empty), as a value of the option's kind with nothing after
/// it: the value and no error, or an error and the value the user most likely meant, if there
/// is one: the contents of a string literal (`output = "Vec<u8>"`: attributes of other crates
/// take types in quotes), or the type before the unexpected tokens (`error = HttpError(u16)`).
///
/// A value that goes wrong inside brackets (`output = [u8, 4]`, `error = Vec<(String u32)>`)
/// is reported on the token where it does, and not recovered.
fn parse_value(option: &'static str, value: &[TokenTree]) -> (Option<Value>, Option<syn::Error>) {
    let tokens: TokenStream = value.iter().cloned().collect();
    let mut parsed = None;
    let parser = |input: ParseStream| {
        parsed = Some(match option {
            // Not `A + B` (a trait object, never sized): in `&A + B`, where the expansion
            // puts the type, the `+` would be out of place.
            "output" => Type::without_plus(input).map(Value::Output),
            "error" => Type::without_plus(input).map(Value::Error),
            "progress" => Type::without_plus(input).map(Value::Progress),
            "field" => input.parse().map(Value::Field),
            "on_cancel" => input.parse().map(Value::OnCancel),
            "producer" => parse_visibility(input).map(Value::Producer),
            _ => parse_crate_path(input).map(Value::Crate),
        });
        input.parse::<TokenStream>()
    };
    // The parser takes every token it is given, so an error here is syn's check that each
    // group was read to its end: the value went wrong inside one, where the error points.
    let rest = match parser.parse2(tokens.clone()) {
        Ok(rest) => rest,
        Err(unexpected) => {
            let error = match parsed {
                Some(Err(error)) => error,
                _ => unexpected,
            };
            return (None, Some(inside_group(option, value, &error)));
        }
    };
    let is_type = !matches!(option, "field" | "crate" | "on_cancel" | "producer");
    match parsed {
        Some(Ok(Value::OnCancel(path))) if rest.is_empty() => match turbofish_missing(&path) {
            None => (Some(Value::OnCancel(path)), None),
            Some(error) => (None, Some(error)),
        },
        Some(Ok(parsed)) if rest.is_empty() => (Some(parsed), None),
        Some(Ok(parsed)) if is_type => (
            Some(parsed),
            Some(syn::Error::new_spanned(
                rest,
                format!("unexpected tokens after the type of `{option}`"),
            )),
        ),
        _ => {
            let kind = kind(option);
            let (message, recovered) = match unquote(option, value) {
                Some((parsed, text)) => (
                    format!("`{option}` expects {kind}, not a string; remove the quotes: `{option} = {text}`"),
                    Some(parsed),
                ),
                None => (
                    format!("`{option}` expects {kind}, such as `{}`", example(option)),
                    None,
                ),
            };
            (recovered, Some(syn::Error::new_spanned(&tokens, message)))
        }
    }
}

/// What an option takes, for messages.
fn kind(option: &str) -> &'static str {
    match option {
        "field" => "an identifier",
        "crate" => "a path",
        "on_cancel" => "a path to a `fn(&Self)`",
        "producer" => "a visibility",
        _ => "a type",
    }
}

/// The error for a value that went wrong inside a group: syn's, on the token where it did,
/// or, for a separator of the wrong kind in a type (`[u8, 4]`, `(u8; 3)`, also in the generic
/// arguments of an `on_cancel` path), one that names the right one.
fn inside_group(option: &str, value: &[TokenTree], error: &syn::Error) -> syn::Error {
    let has_types = matches!(option, "output" | "error" | "progress" | "on_cancel");
    let (span, reason) = match wrong_separator(value).filter(|_| has_types) {
        Some((span, hint)) => (span, hint.to_owned()),
        None => (error.span(), error.to_string()),
    };
    syn::Error::new(
        span,
        format!("`{option}` expects {}: {reason}", kind(option)),
    )
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
fn turbofish_missing(path: &Path) -> Option<syn::Error> {
    path.segments
        .iter()
        .find_map(|segment| match &segment.arguments {
            PathArguments::None => None,
            PathArguments::AngleBracketed(args) if args.colon2_token.is_some() => None,
            PathArguments::AngleBracketed(args) => Some(syn::Error::new(
                args.lt_token.span,
                format!(
                    "`on_cancel` expects {}: in an expression, generic arguments take `::<`, \
                     as in `{}::<...>`",
                    kind("on_cancel"),
                    segment.ident
                ),
            )),
            PathArguments::Parenthesized(args) => Some(syn::Error::new(
                args.paren_token.span.join(),
                format!(
                    "`on_cancel` expects {}, such as `{}`",
                    kind("on_cancel"),
                    example("on_cancel")
                ),
            )),
        })
}

/// The value in a string literal, and the literal's text, where the literal is the whole
/// value and holds a good value (`crate` takes a string on purpose).
fn unquote(option: &'static str, value: &[TokenTree]) -> Option<(Value, String)> {
    let [TokenTree::Literal(lit)] = value else {
        return None;
    };
    if option == "crate" {
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

fn is_eq(p: &proc_macro2::Punct) -> bool {
    p.as_char() == '=' && p.spacing() == Spacing::Alone
}

fn example(name: &str) -> &'static str {
    match name {
        "output" => "output = Vec<u8>",
        "error" => "error = std::io::Error",
        "progress" => "progress = u64",
        "field" => "field = state",
        "on_cancel" => "on_cancel = Self::stop_worker",
        "producer" => "producer = pub",
        _ => "crate = ::asyncinfo",
    }
}

fn valid_list() -> String {
    let names: Vec<String> = OPTIONS.iter().map(|o| format!("`{o}`")).collect();
    format!("expected one of: {}", names.join(", "))
}

fn unknown(key: &Ident, name: &str) -> syn::Error {
    let hint = suggestion(name)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    syn::Error::new(
        key.span(),
        format!("unknown option `{name}`{hint}; {}", valid_list()),
    )
}

/// A key with no `=` after it: a known option missing its value, or not an option at all
/// (such as a bare type: `#[async_operation(Vec<u8>)]`).
fn missing_eq(key: &Ident, name: &str, next: Option<&TokenTree>) -> syn::Error {
    if !OPTIONS.contains(&name) {
        return syn::Error::new(
            key.span(),
            format!(
                "expected `option = value`, such as `output = Vec<u8>`; {}",
                valid_list()
            ),
        );
    }
    let message = format!("expected `=` after `{name}`, as in `{}`", example(name));
    match next {
        Some(next) => spanned(next, message),
        None => syn::Error::new(key.span(), message),
    }
}

/// The option a misspelt or misremembered name most likely meant.
fn suggestion(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "result" | "results" | "ok" | "out" | "value" => Some("output"),
        "err" | "errors" | "error_code" => Some("error"),
        "krate" | "path" | "facade" => Some("crate"),
        "name" | "state" | "status" => Some("field"),
        "on_progress" | "report" => Some("progress"),
        "cancel" | "oncancel" | "on_canceled" | "on_cancelled" | "cancel_hook" => Some("on_cancel"),
        _ => None,
    };
    alias.or_else(|| {
        OPTIONS
            .iter()
            .copied()
            .map(|option| (edit_distance(&lower, option), option))
            .filter(|&(distance, _)| distance <= 2)
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, option)| option)
    })
}

fn edit_distance(a: &str, b: &str) -> usize {
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

fn spanned(token: &TokenTree, message: String) -> syn::Error {
    syn::Error::new_spanned(token.to_token_stream(), message)
}

/// One option's tokens, as split by [`split_on_commas`].
struct Part {
    tokens: Vec<TokenTree>,
    /// The `,` after the option.
    comma: Option<Span>,
    /// The error for a `,` missing before the option.
    missing_comma: Option<syn::Error>,
}

/// Splits the arguments on the commas that separate options: not those inside a group or
/// between the angle brackets of a type (`HashMap<K, V>`). The `>` of `->` and `=>` closes no
/// bracket. Each part comes with the comma that ended it, if any.
///
/// An option that starts where a value should go on (`output = Vec<u8> error = E`: an
/// identifier and a lone `=` outside brackets, which no type or path contains) is split off as
/// if the comma were there, with the error to report before its own.
fn split_on_commas(args: TokenStream) -> Vec<Part> {
    let eq_at = |token: Option<&TokenTree>| matches!(token, Some(TokenTree::Punct(p)) if is_eq(p));
    let mut parts = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut missing_comma = None;
    let mut angles = Angles::default();
    let mut tokens = args.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if angles.is_outside() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == ',' => {
                    parts.push(Part {
                        tokens: std::mem::take(&mut current),
                        comma: Some(p.span()),
                        missing_comma: missing_comma.take(),
                    });
                    continue;
                }
                TokenTree::Ident(next_key)
                    if current.len() >= 2 && !eq_at(current.last()) && eq_at(tokens.peek()) =>
                {
                    parts.push(Part {
                        tokens: std::mem::take(&mut current),
                        comma: None,
                        missing_comma: missing_comma.take(),
                    });
                    missing_comma = Some(syn::Error::new(
                        next_key.span(),
                        format!("expected `,` before `{next_key}`; separate options with `,`"),
                    ));
                }
                _ => {}
            }
        }
        angles.step(&token);
        current.push(token);
    }
    if !current.is_empty() {
        parts.push(Part {
            tokens: current,
            comma: None,
            missing_comma,
        });
    }
    parts
}

/// The angle brackets of types and paths (`HashMap<K, V>`) open at a point of a run of tokens.
/// The `>` of `->` and `=>` closes none.
#[derive(Default)]
struct Angles {
    depth: usize,
    after_joint_arrow_start: bool,
}

impl Angles {
    /// Whether the next token is outside any angle brackets.
    fn is_outside(&self) -> bool {
        self.depth == 0
    }

    /// Moves past `token`.
    fn step(&mut self, token: &TokenTree) {
        let mut joint_arrow_start = false;
        if let TokenTree::Punct(p) = token {
            match p.as_char() {
                '<' => self.depth = self.depth.saturating_add(1),
                '>' if !self.after_joint_arrow_start => {
                    self.depth = self.depth.saturating_sub(1);
                }
                '-' | '=' => joint_arrow_start = p.spacing() == Spacing::Joint,
                _ => {}
            }
        }
        self.after_joint_arrow_start = joint_arrow_start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse_ok(args: TokenStream) -> Options {
        let mut errors = Errors::default();
        let options = parse(args, &mut errors);
        assert!(errors.is_empty(), "{:?}", errors.messages());
        options
    }

    fn parse_err(args: TokenStream) -> (Options, Vec<String>) {
        let mut errors = Errors::default();
        let options = parse(args, &mut errors);
        (options, errors.messages())
    }

    fn text<T: ToTokens>(t: &Option<T>) -> String {
        t.as_ref().unwrap().to_token_stream().to_string()
    }

    #[test]
    fn every_option_in_any_order() {
        let o = parse_ok(quote!(progress = u64, crate = ::my::facade, field = state,
            on_cancel = Self::stop, error = std::io::Error, output = HashMap<String, Vec<u8> >,));
        assert_eq!(text(&o.output), "HashMap < String , Vec < u8 > >");
        assert_eq!(text(&o.error), "std :: io :: Error");
        assert_eq!(text(&o.progress), "u64");
        assert_eq!(text(&o.field), "state");
        assert_eq!(text(&o.krate), ":: my :: facade");
        assert_eq!(text(&o.on_cancel), "Self :: stop");
    }

    #[test]
    fn on_cancel_takes_a_path() {
        let o = parse_ok(quote!(on_cancel = worker::stop::<u8>));
        assert_eq!(text(&o.on_cancel), "worker :: stop :: < u8 >");
        let (o, errors) = parse_err(quote!(on_cancel = |op| stop(op)));
        assert!(o.on_cancel.is_none());
        assert_eq!(errors, ["`on_cancel` expects a path to a `fn(&Self)`, such as `on_cancel = Self::stop_worker`"]);
        let (_, errors) = parse_err(quote!(oncancel = stop));
        assert!(
            errors[0].contains("did you mean `on_cancel`?"),
            "{errors:?}"
        );
    }

    #[test]
    fn no_options() {
        let o = parse_ok(quote!());
        assert!(o.output.is_none() && o.error.is_none() && o.krate.is_none());
    }

    #[test]
    fn crate_as_string_literal() {
        let o = parse_ok(quote!(crate = "::my::facade"));
        assert_eq!(text(&o.krate), ":: my :: facade");
        let (_, errors) = parse_err(quote!(crate = "not a path!"));
        assert_eq!(
            errors,
            ["`crate` expects a path, such as `crate = ::asyncinfo`"]
        );
    }

    #[test]
    fn types_with_arrows_and_commas() {
        let o = parse_ok(quote!(output = Box<dyn Fn(u8, u16) -> Vec<u8> + Send>, error = E));
        assert_eq!(
            text(&o.output),
            "Box < dyn Fn (u8 , u16) -> Vec < u8 > + Send >"
        );
        assert_eq!(text(&o.error), "E");
    }

    #[test]
    fn unknown_option_lists_the_valid_ones_and_suggests() {
        let (_, errors) = parse_err(quote!(outptu = u8));
        assert_eq!(
            errors,
            ["unknown option `outptu` (did you mean `output`?); expected one of: `output`, `error`, `progress`, `field`, `crate`, `on_cancel`, `producer`"]
        );
        let (_, errors) = parse_err(quote!(result = u8));
        assert!(errors[0].contains("did you mean `output`?"), "{errors:?}");
        let (_, errors) = parse_err(quote!(zzzzzz = u8));
        assert!(!errors[0].contains("did you mean"), "{errors:?}");
    }

    #[test]
    fn all_errors_at_once_and_good_options_kept() {
        let (o, errors) = parse_err(quote!(
            output = 5,
            bogus = u8,
            error = std::io::Error,
            output = u8,
            field = 1
        ));
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert_eq!(
            errors[0],
            "`output` expects a type, such as `output = Vec<u8>`"
        );
        assert!(errors[1].starts_with("unknown option `bogus`"));
        assert_eq!(
            errors[2],
            "duplicate option `output`; each option may be given once"
        );
        assert_eq!(
            errors[3],
            "`field` expects an identifier, such as `field = state`"
        );
        assert!(o.output.is_none());
        assert!(o.field.is_none());
        assert_eq!(text(&o.error), "std :: io :: Error");
    }

    #[test]
    fn missing_value_comma_or_equals() {
        let (_, errors) = parse_err(quote!(output));
        assert_eq!(
            errors,
            ["expected `=` after `output`, as in `output = Vec<u8>`"]
        );
        let (_, errors) = parse_err(quote!(output: u8));
        assert_eq!(
            errors,
            ["expected `=` after `output`, as in `output = Vec<u8>`"]
        );
        let (_, errors) = parse_err(quote!(output =));
        assert_eq!(
            errors,
            ["expected a value after `output =`, such as `output = Vec<u8>`"]
        );
        let (_, errors) = parse_err(quote!(output = u8 error = E));
        assert_eq!(
            errors,
            ["expected `,` before `error`; separate options with `,`"]
        );
        let (_, errors) = parse_err(quote!(output = u8,, error = E));
        assert!(
            errors[0].starts_with("expected an option before this `,`"),
            "{errors:?}"
        );
        let (_, errors) = parse_err(quote!(Vec<u8>));
        assert!(
            errors[0].starts_with("expected `option = value`"),
            "{errors:?}"
        );
        let (_, errors) = parse_err(quote!("output" = u8));
        assert!(
            errors[0].starts_with("expected an option name"),
            "{errors:?}"
        );
    }

    #[test]
    fn keyword_is_not_a_field_name() {
        let (o, errors) = parse_err(quote!(field = type));
        assert_eq!(
            errors,
            ["`field` expects an identifier, such as `field = state`"]
        );
        assert!(o.field.is_none());
        let o = parse_ok(quote!(field = r#type));
        assert_eq!(text(&o.field), "r#type");
    }

    #[test]
    fn misspelt_name_with_a_suggestion_is_recovered() {
        let (o, errors) = parse_err(quote!(outptu = Vec<u8>, eror = E, feild = state));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(text(&o.output), "Vec < u8 >");
        assert_eq!(text(&o.error), "E");
        assert_eq!(text(&o.field), "state");
        // Not when the meant option is given too, whatever the order, nor twice.
        let (o, _) = parse_err(quote!(outptu = Vec<u8>, output = u8, result = String));
        assert_eq!(text(&o.output), "u8");
        let (o, _) = parse_err(quote!(outptu = Vec<u8>, result = String));
        assert_eq!(text(&o.output), "Vec < u8 >");
        // Nor without a suggestion, nor with a value of the wrong kind.
        let (o, _) = parse_err(quote!(zzzzzz = u8, outptu = 5));
        assert!(o.output.is_none());
    }

    #[test]
    fn missing_equals_is_recovered() {
        let (o, errors) = parse_err(quote!(output: Vec<u8>, error std::io::Error, field));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(text(&o.output), "Vec < u8 >");
        assert_eq!(text(&o.error), "std :: io :: Error");
        assert!(o.field.is_none());
    }

    #[test]
    fn missing_comma_is_recovered() {
        let (o, errors) = parse_err(quote!(output = HashMap<K, V> error = E progress = u8));
        assert_eq!(
            errors,
            [
                "expected `,` before `error`; separate options with `,`",
                "expected `,` before `progress`; separate options with `,`",
            ]
        );
        assert_eq!(text(&o.output), "HashMap < K , V >");
        assert_eq!(text(&o.error), "E");
        assert_eq!(text(&o.progress), "u8");
        // Reported in the order of the source.
        let (_, errors) = parse_err(quote!(outptu = u8 error = E));
        assert!(
            errors[0].starts_with("unknown option `outptu`"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("expected `,` before `error`"),
            "{errors:?}"
        );
        // `=` in a type's brackets starts no option.
        let o = parse_ok(quote!(output = Box<dyn Iterator<Item = u8> >, error = E));
        assert_eq!(text(&o.output), "Box < dyn Iterator < Item = u8 > >");
    }

    #[test]
    fn quoted_value_is_recovered() {
        let (o, errors) = parse_err(quote!(output = "Vec<u8>", field = "state"));
        assert_eq!(
            errors,
            [
                "`output` expects a type, not a string; remove the quotes: `output = Vec<u8>`",
                "`field` expects an identifier, not a string; remove the quotes: `field = state`",
            ]
        );
        assert_eq!(text(&o.output), "Vec < u8 >");
        assert_eq!(text(&o.field), "state");
        let (o, errors) = parse_err(quote!(output = "not a type!"));
        assert_eq!(
            errors,
            ["`output` expects a type, such as `output = Vec<u8>`"]
        );
        assert!(o.output.is_none());
    }

    #[test]
    fn tokens_after_a_type_are_reported_and_the_type_kept() {
        let (o, errors) = parse_err(quote!(output = Vec<u8>>, error = E(u16)));
        assert_eq!(
            errors,
            [
                "unexpected tokens after the type of `output`",
                "unexpected tokens after the type of `error`",
            ]
        );
        assert_eq!(text(&o.output), "Vec < u8 >");
        assert_eq!(text(&o.error), "E");
        // After a path or an identifier, they make the whole value of the wrong kind.
        let (o, errors) = parse_err(quote!(crate = Vec<u8>, field = my-state));
        assert_eq!(
            errors,
            [
                "`crate` expects a path, such as `crate = ::asyncinfo`",
                "`field` expects an identifier, such as `field = state`",
            ]
        );
        assert!(o.krate.is_none() && o.field.is_none());
    }

    /// Values that go wrong inside brackets once made the macro panic (issue 6). Each is one
    /// error, on the token where it goes wrong where it has one, and no value; the options
    /// around it are kept.
    #[test]
    fn value_wrong_inside_brackets_is_one_error() {
        let unknown = format!(
            "unknown option `outptu` (did you mean `output`?); {}",
            valid_list()
        );
        for (args, message) in [
            (
                quote!(output = [u8, 4]),
                "`output` expects a type: expected `;` in array type `[T; N]`",
            ),
            (
                quote!(output = (u8; 3)),
                "`output` expects a type: expected `,` in tuple type `(A, B)`; an array type is `[T; N]`",
            ),
            (
                quote!(error = Vec<(String u32)>),
                "`error` expects a type: unexpected token, expected `)`",
            ),
            (
                quote!(output = fn(u8 u8)),
                "`output` expects a type: expected `,`",
            ),
            (
                quote!(output = "(u8 u8)"),
                "`output` expects a type, such as `output = Vec<u8>`",
            ),
            (quote!(outptu = (u8 u8)), unknown.as_str()),
            (
                quote!(on_cancel = stop::<(u8 u8)>),
                "`on_cancel` expects a path to a `fn(&Self)`: unexpected token, expected `)`",
            ),
            (
                quote!(error (,)),
                "expected `=` after `error`, as in `error = std::io::Error`",
            ),
        ] {
            let (o, errors) = parse_err(quote!(progress = u16, #args, field = state));
            assert_eq!(errors, [message], "{args}");
            assert!(
                o.output.is_none() && o.error.is_none() && o.on_cancel.is_none(),
                "{args}: a value was recovered"
            );
            assert_eq!(text(&o.progress), "u16");
            assert_eq!(text(&o.field), "state");
        }
    }

    #[test]
    fn separator_hints_only_where_the_separator_is_wrong() {
        // Deep in a type, and in angle brackets.
        let (_, errors) = parse_err(quote!(output = Vec<Option<[u8, 4]> >));
        assert_eq!(
            errors,
            ["`output` expects a type: expected `;` in array type `[T; N]`"]
        );
        // Not for the commas of a type in brackets, nor the tokens of a macro or a block:
        // syn's message then.
        for args in [
            quote!(output = ([HashMap<K, V>; 2], u8 u8)),
            quote!(output = (m![a, b], u8 u8)),
            quote!(output = ([u8; { f(a, b) }], u8 u8)),
        ] {
            let (_, errors) = parse_err(args.clone());
            assert_eq!(errors, ["`output` expects a type: expected `,`"], "{args}");
        }
        // In a path's generic arguments too, but not in a visibility's path.
        let (_, errors) = parse_err(quote!(on_cancel = stop::<[u8, 4]>));
        assert_eq!(
            errors,
            ["`on_cancel` expects a path to a `fn(&Self)`: expected `;` in array type `[T; N]`"]
        );
        let (o, errors) = parse_err(quote!(producer = pub(in a; b)));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("`producer` expects a visibility")
                && !errors[0].contains("tuple"),
            "{errors:?}"
        );
        assert!(o.producer.is_none());
        let o = parse_ok(quote!(output = ([HashMap<K, V>; 2], [u8], m![a, b])));
        assert_eq!(
            text(&o.output),
            "([HashMap < K , V > ; 2] , [u8] , m ! [a , b])"
        );
    }

    #[test]
    fn on_cancel_generics_take_a_turbofish() {
        let (o, errors) = parse_err(quote!(on_cancel = worker::stop<u8>));
        assert_eq!(
            errors,
            ["`on_cancel` expects a path to a `fn(&Self)`: in an expression, generic arguments take `::<`, as in `stop::<...>`"]
        );
        assert!(o.on_cancel.is_none());
        let (_, errors) = parse_err(quote!(on_cancel = Fn(u8)));
        assert_eq!(
            errors,
            ["`on_cancel` expects a path to a `fn(&Self)`, such as `on_cancel = Self::stop_worker`"]
        );
    }

    #[test]
    fn plus_after_a_type_is_not_part_of_it() {
        // `Box<u8> + Send` would be a trait object, never sized, and out of place in `&T`.
        let (o, errors) = parse_err(quote!(output = Box<u8> + Send));
        assert_eq!(errors, ["unexpected tokens after the type of `output`"]);
        assert_eq!(text(&o.output), "Box < u8 >");
        let o = parse_ok(quote!(output = Box<dyn Error + Send>));
        assert_eq!(text(&o.output), "Box < dyn Error + Send >");
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("output", "output"), 0);
        assert_eq!(edit_distance("outptu", "output"), 2);
        assert_eq!(edit_distance("erorr", "error"), 2);
        assert_eq!(edit_distance("", "crate"), 5);
    }
}
