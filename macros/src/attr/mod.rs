//! Stage 1: the attribute's options, `#[async_operation(output = T, error = E, ...)]`.
//!
//! The options are split on top-level commas first (`split`), so that an error in one option
//! does not hide the errors of the others: every bad option is reported, and the options that
//! parsed are kept (the ones that failed take their defaults). Their names are the [`Opt`]
//! enum's.
//!
//! Where the user's intent is clear, a bad option is recovered as well as reported
//! (`recover`), so that the expansion is the one the user meant and their code that uses it
//! raises no further errors: a misspelt name that has a suggestion (`outptu = Vec<u8>`), a `:`
//! or nothing for the `=` (`output: Vec<u8>`), a missing `,` between two options, a value in
//! quotes (`output = "Vec<u8>"`) and a type with tokens after it (`error = HttpError(u16)`).

mod opt;
mod recover;
mod split;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_recovery;

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Path, Type};

pub(crate) use self::opt::{Kind, Opt};
use self::split::Part;
use crate::errors::Errors;

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
    /// The constructor's visibility (`new = …`); `pub` when the option's value was bad, so
    /// that the calls to `new` raise no further errors.
    pub(crate) new: Option<syn::Visibility>,
    /// The span of the key that asked for the constructor, which the generated `fn new`
    /// carries, so that a duplicate `fn new` is reported on the option.
    pub(crate) new_span: Option<Span>,
    /// `timestamps` (or `timestamps = true`): the operation records its times.
    pub(crate) timestamps: bool,
}

/// Parses the attribute's arguments, recording every error.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Options {
    let parts = split::split_on_commas(args);
    let given = parts
        .iter()
        .filter_map(|part| match part.tokens.first() {
            Some(TokenTree::Ident(key)) => Some(key.to_string()),
            _ => None,
        })
        .collect();
    let mut state = State {
        given,
        seen: Vec::new(),
        options: Options::default(),
        errors,
    };
    for part in parts {
        state.part(part);
    }
    if state.seen.contains(&Opt::New) && state.options.new.is_none() {
        state.options.new = Some(syn::Visibility::Public(Default::default()));
    }
    state.options
}

/// What the parse has found so far.
struct State<'a> {
    /// The names of every option given, right or wrong, in order.
    given: Vec<String>,
    /// The options set (or reported as duplicates) so far.
    seen: Vec<Opt>,
    options: Options,
    errors: &'a mut Errors,
}

impl State<'_> {
    /// One option, `name = value`, or what the user wrote instead.
    fn part(&mut self, part: Part) {
        let Part {
            tokens,
            comma,
            missing_comma,
        } = part;
        if let Some(error) = missing_comma {
            self.errors.push(error);
        }
        let [first, after_key @ ..] = tokens.as_slice() else {
            if let Some(comma) = comma {
                let message = format!("expected an option before this `,`; {}", recover::valid());
                self.errors.push(syn::Error::new(comma, message));
            }
            return;
        };
        let TokenTree::Ident(key) = first else {
            let message = format!(
                "expected an option name, such as `output = Vec<u8>`; {}",
                recover::valid()
            );
            self.errors.push(recover::spanned(first, message));
            return;
        };
        let known = Opt::from_name(&key.to_string());
        if known == Some(Opt::New) && self.options.new_span.is_none() {
            self.options.new_span = Some(key.span());
        }
        match (after_key, known) {
            // A flag alone: `timestamps`; or a misspelt one (`timestamp`).
            ([], Some(option)) if option.value() == Kind::Flag => self.flag(option, key),
            ([], None) if recover::suggestion(&key.to_string()).is_some_and(Opt::is_flag) => {
                self.unknown(key, &[]);
            }
            ([TokenTree::Punct(eq), value @ ..], Some(option)) if is_eq(eq) => {
                self.known(option, key, eq, value);
            }
            ([TokenTree::Punct(eq), value @ ..], None) if is_eq(eq) => self.unknown(key, value),
            _ => self.without_eq(key, known, after_key),
        }
    }

    /// Records `option` as given; a second time, the error on its key instead, and `false`.
    fn first_time(&mut self, option: Opt, key: &Ident) -> bool {
        if self.seen.contains(&option) {
            self.errors.push(syn::Error::new(
                key.span(),
                format!("duplicate option `{key}`; each option may be given once"),
            ));
            return false;
        }
        self.seen.push(option);
        true
    }

    /// A flag given by its name alone.
    fn flag(&mut self, option: Opt, key: &Ident) {
        if self.first_time(option, key) {
            self.options.set(Value::Timestamps(true));
        }
    }

    /// `option = value`.
    fn known(&mut self, option: Opt, key: &Ident, eq: &Punct, value: &[TokenTree]) {
        if !self.first_time(option, key) {
            return;
        }
        if value.is_empty() {
            self.errors.push(syn::Error::new(
                eq.span(),
                format!(
                    "expected a value after `{key} =`, such as `{}`",
                    option.example()
                ),
            ));
            return;
        }
        let (value, error) = parse_value(option, value);
        if let Some(error) = error {
            self.errors.push(error);
        }
        if let Some(value) = value {
            self.options.set(value);
        }
    }

    /// `outptu = Vec<u8>`: reported; the value goes to the option the name most likely meant,
    /// if that option is not given as well.
    fn unknown(&mut self, key: &Ident, value: &[TokenTree]) {
        let name = key.to_string();
        self.errors.push(recover::unknown(key, &name));
        let meant = recover::suggestion(&name).filter(|meant| {
            !self.given.iter().any(|given| given == meant.name()) && !self.seen.contains(meant)
        });
        if let Some(meant) = meant {
            if meant.is_flag() && value.is_empty() {
                self.seen.push(meant);
                self.options.set(Value::Timestamps(true));
            } else if let Some(value) = recover::value(meant, value) {
                self.seen.push(meant);
                self.options.set(value);
                if meant == Opt::New {
                    self.options.new_span = Some(key.span());
                }
            }
        }
    }

    /// `output: Vec<u8>` or `output Vec<u8>`: reported; for a known option given once, the
    /// value is clear enough to use.
    fn without_eq(&mut self, key: &Ident, known: Option<Opt>, after_key: &[TokenTree]) {
        self.errors
            .push(recover::missing_eq(key, known, after_key.first()));
        let Some(option) = known.filter(|option| !self.seen.contains(option)) else {
            return;
        };
        self.seen.push(option);
        let value = match after_key {
            [TokenTree::Punct(colon), value @ ..]
                if colon.as_char() == ':' && colon.spacing() == Spacing::Alone =>
            {
                value
            }
            value => value,
        };
        if let Some(value) = recover::value(option, value) {
            self.options.set(value);
        }
    }
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
    New(syn::Visibility),
    /// `timestamps`, on or off.
    Timestamps(bool),
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
            Value::New(vis) => self.new = Some(vis),
            Value::Timestamps(on) => self.timestamps = on,
        }
    }
}

/// Parses one option's value (not empty), as a value of the option's kind with nothing after
/// it: the value and no error, or an error and the value the user most likely meant, if there
/// is one: the contents of a string literal (`output = "Vec<u8>"`: attributes of other crates
/// take types in quotes), or the type before the unexpected tokens (`error = HttpError(u16)`).
///
/// A value that goes wrong inside brackets (`output = [u8, 4]`, `error = Vec<(String u32)>`)
/// is reported on the token where it does, and not recovered.
fn parse_value(option: Opt, value: &[TokenTree]) -> (Option<Value>, Option<syn::Error>) {
    let tokens: TokenStream = value.iter().cloned().collect();
    let mut parsed = None;
    let parser = |input: ParseStream| {
        parsed = Some(parse_one(option, input));
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
            return (None, Some(recover::inside_group(option, value, &error)));
        }
    };
    match parsed {
        Some(Ok(Value::OnCancel(path))) if rest.is_empty() => match recover::turbofish(&path) {
            None => (Some(Value::OnCancel(path)), None),
            Some(error) => (None, Some(error)),
        },
        Some(Ok(Value::Crate(path))) if rest.is_empty() => match recover::self_crate(&path) {
            None => (Some(Value::Crate(path)), None),
            Some(error) => (None, Some(error)),
        },
        Some(Ok(parsed)) if rest.is_empty() => (Some(parsed), None),
        Some(Ok(parsed)) if option.value() == Kind::Type => {
            let message = format!("unexpected tokens after the type of `{}`", option.name());
            (Some(parsed), Some(syn::Error::new_spanned(rest, message)))
        }
        _ => {
            let (name, kind) = (option.name(), option.kind());
            let (message, recovered) = match recover::unquote(option, value) {
                Some((parsed, text)) => (
                    format!("`{name}` expects {kind}, not a string; remove the quotes: `{name} = {text}`"),
                    Some(parsed),
                ),
                None => (
                    format!("`{name}` expects {kind}, such as `{}`", option.example()),
                    None,
                ),
            };
            (recovered, Some(syn::Error::new_spanned(&tokens, message)))
        }
    }
}

/// The value of `option` at the start of `input`.
fn parse_one(option: Opt, input: ParseStream) -> syn::Result<Value> {
    match option {
        // Not `A + B` (a trait object, never sized): in `&A + B`, where the expansion puts
        // the type, the `+` would be out of place.
        Opt::Output => Type::without_plus(input).map(Value::Output),
        Opt::Error => Type::without_plus(input).map(Value::Error),
        Opt::Progress => Type::without_plus(input).map(Value::Progress),
        Opt::Field => input.parse().map(Value::Field),
        Opt::Crate => parse_crate_path(input).map(Value::Crate),
        Opt::OnCancel => input.parse().map(Value::OnCancel),
        Opt::Producer => parse_visibility(input).map(Value::Producer),
        Opt::New => parse_visibility(input).map(Value::New),
        Opt::Timestamps => input
            .parse::<syn::LitBool>()
            .map(|flag| Value::Timestamps(flag.value)),
    }
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

fn is_eq(p: &Punct) -> bool {
    p.as_char() == '=' && p.spacing() == Spacing::Alone
}
