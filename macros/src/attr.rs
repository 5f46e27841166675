//! Stage 1: the attribute's options, `#[async_operation(output = T, error = E, ...)]`.
//!
//! The options are split on top-level commas first, so that an error in one option does not
//! hide the errors of the others: every bad option is reported, and the options that parsed
//! are kept (the ones that failed take their defaults).

use proc_macro2::{Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Path, Type};

use crate::errors::Errors;

/// The option names, in the order error messages list them.
pub(crate) const OPTIONS: [&str; 5] = ["output", "error", "progress", "field", "crate"];

/// The options that parsed; `None` where an option was absent or bad.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) output: Option<Type>,
    pub(crate) error: Option<Type>,
    pub(crate) progress: Option<Type>,
    pub(crate) field: Option<Ident>,
    pub(crate) krate: Option<Path>,
}

/// Parses the attribute's arguments, recording every error.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Options {
    let mut options = Options::default();
    let mut seen: Vec<String> = Vec::new();
    for (tokens, comma) in split_on_commas(args) {
        let Some(first) = tokens.first() else {
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
        let eq = match tokens.get(1) {
            Some(TokenTree::Punct(p)) if p.as_char() == '=' && p.spacing() == Spacing::Alone => p,
            next => {
                errors.push(missing_eq(key, &name, next));
                continue;
            }
        };
        if !OPTIONS.contains(&name.as_str()) {
            errors.push(unknown(key, &name));
            continue;
        }
        if seen.contains(&name) {
            errors.push(syn::Error::new(
                key.span(),
                format!("duplicate option `{name}`; each option may be given once"),
            ));
            continue;
        }
        seen.push(name.clone());
        let value: TokenStream = tokens[2..].iter().cloned().collect();
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
        let parsed = match name.as_str() {
            "output" => parse_value(&name, value, Type::parse).map(|t| options.output = Some(t)),
            "error" => parse_value(&name, value, Type::parse).map(|t| options.error = Some(t)),
            "progress" => {
                parse_value(&name, value, Type::parse).map(|t| options.progress = Some(t))
            }
            "field" => parse_value(&name, value, Ident::parse).map(|i| options.field = Some(i)),
            _ => parse_value(&name, value, parse_crate_path).map(|p| options.krate = Some(p)),
        };
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    options
}

/// `syn`'s parsers, by the name the value kinds are parsed with.
trait ParseValue: Sized {
    fn parse(input: ParseStream) -> syn::Result<Self>;
}

impl ParseValue for Type {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        input.parse()
    }
}

impl ParseValue for Ident {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        input.parse()
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

/// Parses one option's value. A value of the wrong kind gets a message that names the option
/// and shows an example, spanned on the whole value; tokens after a good value are reported
/// where they start.
fn parse_value<T>(
    name: &str,
    value: TokenStream,
    parse: fn(ParseStream) -> syn::Result<T>,
) -> syn::Result<T> {
    let kind = match name {
        "field" => "an identifier",
        "crate" => "a path",
        _ => "a type",
    };
    let wrong_kind = |value: &TokenStream| {
        syn::Error::new_spanned(
            value,
            format!("`{name}` expects {kind}, such as `{}`", example(name)),
        )
    };
    let parser = |input: ParseStream| {
        let Ok(parsed) = parse(input) else {
            input.parse::<TokenStream>()?;
            return Ok(None);
        };
        if !input.is_empty() {
            return Err(input.error(format!(
                "unexpected tokens after the value of `{name}`; separate options with `,`"
            )));
        }
        Ok(Some(parsed))
    };
    match parser.parse2(value.clone()) {
        Ok(Some(parsed)) => Ok(parsed),
        Ok(None) => Err(wrong_kind(&value)),
        Err(error) => Err(error),
    }
}

fn example(name: &str) -> &'static str {
    match name {
        "output" => "output = Vec<u8>",
        "error" => "error = std::io::Error",
        "progress" => "progress = u64",
        "field" => "field = state",
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
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

fn spanned(token: &TokenTree, message: String) -> syn::Error {
    syn::Error::new_spanned(token.to_token_stream(), message)
}

/// Splits the arguments on the commas that separate options: not those inside a group or
/// between the angle brackets of a type (`HashMap<K, V>`). The `>` of `->` and `=>` closes no
/// bracket. Each part comes with the comma that ended it, if any.
fn split_on_commas(args: TokenStream) -> Vec<(Vec<TokenTree>, Option<Span>)> {
    let mut parts = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    let mut after_joint_arrow_start = false;
    for token in args {
        let mut joint_arrow_start = false;
        if let TokenTree::Punct(p) = &token {
            match p.as_char() {
                ',' if depth == 0 => {
                    parts.push((std::mem::take(&mut current), Some(p.span())));
                    continue;
                }
                '<' => depth += 1,
                '>' if !after_joint_arrow_start => depth = depth.saturating_sub(1),
                '-' | '=' => joint_arrow_start = p.spacing() == Spacing::Joint,
                _ => {}
            }
        }
        after_joint_arrow_start = joint_arrow_start;
        current.push(token);
    }
    if !current.is_empty() {
        parts.push((current, None));
    }
    parts
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
            error = std::io::Error, output = HashMap<String, Vec<u8> >,));
        assert_eq!(text(&o.output), "HashMap < String , Vec < u8 > >");
        assert_eq!(text(&o.error), "std :: io :: Error");
        assert_eq!(text(&o.progress), "u64");
        assert_eq!(text(&o.field), "state");
        assert_eq!(text(&o.krate), ":: my :: facade");
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
            ["unknown option `outptu` (did you mean `output`?); expected one of: `output`, `error`, `progress`, `field`, `crate`"]
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
            field = "x"
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
            ["unexpected tokens after the value of `output`; separate options with `,`"]
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
    fn distance() {
        assert_eq!(edit_distance("output", "output"), 0);
        assert_eq!(edit_distance("outptu", "output"), 2);
        assert_eq!(edit_distance("erorr", "error"), 2);
        assert_eq!(edit_distance("", "crate"), 5);
    }
}
