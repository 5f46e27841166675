//! Property tests of the whole expansion: on any arguments and any item, the macro does not
//! panic; its output parses as Rust items; it reports an error exactly when the input has one,
//! as decided by a parser of the options written apart from the macro's (`oracle_args`); and
//! whatever the errors, the item is still emitted with the whole generated API (DESIGN §4).
//!
//! The inputs are built from fragments (good and bad options, good and bad items) and then
//! mutated token by token: tokens deleted, inserted, swapped, duplicated or replaced, and
//! streams cut short, at any depth of groups, so that stray punctuation lands inside
//! parentheses, brackets, braces and angle brackets. Mutations keep the delimiters balanced:
//! unbalanced input cannot reach an attribute.

use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, Reason};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Fields, Ident, Item, LitStr, Path, Token};

use crate::attr::OPTIONS;
use crate::expand::async_operation;

/// Cases per run of each property test: 10,000 in all, split so that the two, which the test
/// harness runs in parallel, take about as long (a case of good options on a good struct costs
/// more). `PROPTEST_CASES` does not override them.
const OPTION_CASES: u32 = 4_000;
const ITEM_CASES: u32 = 6_000;

const TYPES: &[&str] = &[
    "u8",
    "()",
    "Vec<u8>",
    "HashMap<String, Vec<u8> >",
    "[u8; 4]",
    "[u8; N]",
    "[u8; { N + 1 }]",
    "(u8, String)",
    "(u8,)",
    "&'static str",
    "Box<dyn Fn(u8, u16) -> Vec<u8> + Send>",
    "Box<dyn Iterator<Item = u8> >",
    "<T as Iterator>::Item",
    "fn(u8) -> u8",
    "Option<T>",
    "std::io::Error",
    "::core::fmt::Error",
    "r#type",
    "Self",
    "!",
    "[T]",
    "*const u8",
    "PhantomData<&'a T>",
];
const FIELDS: &[&str] = &["state", "op", "r#type", "inner_state"];
const CRATES: &[&str] = &[
    "::asyncinfo",
    "asyncinfo",
    "crate::facade",
    "self::facade",
    "\"::my::facade\"",
    "\"asyncinfo\"",
];
const ON_CANCELS: &[&str] = &["Self::stop", "stop", "worker::stop::<u8>", "Job::<T>::stop"];
const PRODUCERS: &[&str] = &[
    "pub",
    "pub(crate)",
    "pub(super)",
    "pub(self)",
    "pub(in crate::a)",
];
/// Values of no option, among them those that once made the macro panic.
const BAD_VALUES: &[&str] = &[
    "[u8, 4]",
    "(u8; 3)",
    "Vec<(String u32)>",
    "fn(u8 u8)",
    "\"(u8 u8)\"",
    "stop::<(u8 u8)>",
    "(,)",
    "[u8;]",
    "[;]",
    "(u8 u8)",
    "Vec<u8 u8>",
    "Vec<u8>>",
    "HttpError(u16)",
    "5",
    "-1",
    "&",
    "\"not a type!\"",
    "\"\"",
    "b\"u8\"",
    "'c'",
    "|op| stop(op)",
    "type",
    "self",
    "crate",
    "_",
    "<u8>",
    "dyn",
    "impl",
    "'a",
    "...",
    "#[cfg(test)] u8",
    "{ u8 }",
    "u8; u8",
    "my-state",
];
const NAMES: &[&str] = &[
    "output",
    "error",
    "progress",
    "field",
    "crate",
    "on_cancel",
    "producer",
    "outptu",
    "eror",
    "result",
    "state",
    "zzzzzz",
    "r#output",
    "Output",
    "\"output\"",
    "5",
    "::output",
];
const EQUALS: &[&str] = &["=", ":", "", "==", "= =", "=>"];
const COMMAS: &[&str] = &[",", ";", "", ",,", "=", ":"];
/// What the mutations insert.
const FRAGMENTS: &[&str] = &[
    ",",
    ";",
    "=",
    ":",
    "::",
    "<",
    ">",
    "->",
    "=>",
    "&",
    "'a",
    "'static",
    "!",
    "#",
    "?",
    "+",
    "*",
    "@",
    ".",
    "..",
    "$",
    "_",
    "5",
    "-1",
    "1.5",
    "'c'",
    "\"u8\"",
    "\"(u8 u8)\"",
    "\"::x\"",
    "b\"x\"",
    "()",
    "[]",
    "{}",
    "(,)",
    "(u8 u8)",
    "[u8, 4]",
    "(u8; 3)",
    "<T>",
    "fn",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "dyn",
    "impl",
    "where",
    "struct",
    "enum",
    "union",
    "mut",
    "async",
    "unsafe",
    "r#type",
    "r#fn",
    "output",
    "error",
    "progress",
    "field",
    "on_cancel",
    "status",
    "u8",
    "Vec<u8>",
    "#[cfg(test)]",
    "/// Docs.",
    "#[doc = \"x\"]",
    "pub",
    "const N: usize",
    "output =",
    "error = E",
    ", output = u8",
    "for<'a>",
    "?Sized",
];

/// Items the attribute does not take, or does not take with every option.
const OTHER_ITEMS: &[&str] = &[
    "enum Job { A, B(u8) }",
    "pub enum Job<T> where T: Copy { A(T) }",
    "union Job { a: u8, b: u16 }",
    "struct Job(u8, String);",
    "pub(crate) struct Job<'a, T>(&'a T) where T: 'a;",
    "fn job() {}",
    "impl Job {}",
    "trait Job {}",
    "mod job {}",
    "type Job = u8;",
    "const JOB: u8 = 1;",
    "struct Job { status: u8, state: u8, op: u8, r#type: u8, inner_state: u8 }",
    "struct Job { #[cfg(test)] r#status: u8, #[cfg(not(test))] status: u16, state: (), op: (), \
     r#type: (), inner_state: () }",
    "",
    "struct",
    "struct Job",
    "#[derive(Debug)]",
    "+ + x",
];

const ITEM_ATTRS: &[&str] = &[
    "/// Docs.",
    "#[derive(Debug)]",
    "#[derive(Default, Clone)]",
    "#[allow(dead_code)]",
    "#[doc = \"x\"]",
    "#[must_use]",
    "#[cfg_attr(test, derive(PartialEq))]",
];
const VISIBILITIES: &[&str] = &["", "pub", "pub(crate)", "pub(super)", "pub(in crate::a)"];
const ITEM_NAMES: &[&str] = &["Job", "r#Job", "Download", "J"];
const LIFETIMES: &[&str] = &["'a", "'b: 'a", "'c: 'static"];
const PARAMS: &[&str] = &[
    "T",
    "T: Clone + 'static",
    "U = u8",
    "const N: usize",
    "const M: u8 = 3",
    "V: ?Sized",
];
const WHERE_CLAUSES: &[&str] = &[
    "",
    "where T: Copy",
    "where T: Copy, 'a: 'static,",
    "where [u8; N]: Sized",
    "where for<'x> &'x T: Send",
];
const FIELD_ATTRS: &[&str] = &[
    "#[cfg(test)]",
    "#[cfg(not(test))]",
    "/// A field.",
    "#[allow(unused)]",
    "#[doc = \"x\"]",
];
const FIELD_NAMES: &[&str] = &["url", "count", "r#match", "data", "x"];
const FIELD_TYPES: &[&str] = &[
    "String",
    "u8",
    "Vec<T>",
    "&'a str",
    "[u8; N]",
    "Option<Box<dyn Fn() + Send>>",
    "PhantomData<&'a T>",
    "fn(u8) -> u8",
];

fn pick<'a>(list: &[&'a str], index: &Index) -> &'a str {
    list[index.index(list.len())]
}

/// A subset of `list`, in order.
fn some_of(list: &'static [&'static str]) -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(list.to_vec(), 0..=list.len())
}

/// Options that are all good: distinct names, `=`, values of the right kind.
fn good_args() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(any::<(bool, Index)>(), OPTIONS.len()),
        Just(OPTIONS.to_vec()).prop_shuffle(),
        any::<bool>(),
    )
        .prop_map(|(choices, names, trailing_comma)| {
            let options: Vec<String> = names
                .iter()
                .zip(&choices)
                .filter(|(_, (given, _))| *given)
                .map(|(name, (_, value))| format!("{name} = {}", pick(values_of(name), value)))
                .collect();
            let comma = if trailing_comma && !options.is_empty() {
                ","
            } else {
                ""
            };
            format!("{}{comma}", options.join(", "))
        })
}

fn values_of(name: &str) -> &'static [&'static str] {
    match name {
        "field" => FIELDS,
        "crate" => CRATES,
        "on_cancel" => ON_CANCELS,
        "producer" => PRODUCERS,
        _ => TYPES,
    }
}

/// Options of any name, joined by anything, with values of any kind.
fn noisy_args() -> impl Strategy<Value = String> {
    let option = (
        any::<Index>(),
        prop::bool::weighted(0.7),
        any::<Index>(),
        prop_oneof![3 => Just(None), 1 => any::<Index>().prop_map(Some)],
        any::<Index>(),
    )
        .prop_map(|(name, with_eq, eq, bad_value, value)| {
            let name = pick(NAMES, &name);
            let eq = if with_eq { "=" } else { pick(EQUALS, &eq) };
            let value = match bad_value {
                Some(bad) => pick(BAD_VALUES, &bad),
                None => pick(values_of(name), &value),
            };
            format!("{name} {eq} {value}")
        });
    (
        proptest::collection::vec((option, prop::bool::weighted(0.8), any::<Index>()), 0..=4),
        any::<bool>(),
    )
        .prop_map(|(options, trailing_comma)| {
            let mut args = String::new();
            for (i, (option, plain_comma, comma)) in options.iter().enumerate() {
                if i > 0 {
                    args.push_str(if *plain_comma {
                        ","
                    } else {
                        pick(COMMAS, comma)
                    });
                    args.push(' ');
                }
                args.push_str(option);
            }
            if trailing_comma {
                args.push(',');
            }
            args
        })
}

/// A struct the attribute takes: named fields or a unit struct, with any attributes,
/// visibility, generics and where clause.
fn good_struct() -> impl Strategy<Value = String> {
    let field = (
        some_of(FIELD_ATTRS),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
    );
    (
        (
            some_of(ITEM_ATTRS),
            any::<Index>(),
            any::<Index>(),
            some_of(LIFETIMES),
            some_of(PARAMS),
            any::<Index>(),
        ),
        proptest::option::of(proptest::collection::vec(field, 0..=4)),
    )
        .prop_map(
            |((attrs, vis, name, lifetimes, params, where_clause), fields)| {
                let generics: Vec<&str> = lifetimes.into_iter().chain(params).collect();
                let generics = if generics.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", generics.join(", "))
                };
                // Line breaks end the doc comments.
                let head = format!(
                    "{}\n{} struct {}{generics} {}",
                    attrs.join("\n"),
                    pick(VISIBILITIES, &vis),
                    pick(ITEM_NAMES, &name),
                    pick(WHERE_CLAUSES, &where_clause),
                );
                match fields {
                    None => format!("{head};"),
                    Some(fields) => {
                        let fields: Vec<String> = fields
                            .iter()
                            .enumerate()
                            .map(|(i, (attrs, vis, name, ty))| {
                                format!(
                                    "{}\n{} {}{i}: {}",
                                    attrs.join("\n"),
                                    pick(&["", "pub", "pub(crate)"], vis),
                                    pick(FIELD_NAMES, name),
                                    pick(FIELD_TYPES, ty),
                                )
                            })
                            .collect();
                        format!("{head} {{ {} }}", fields.join(",\n"))
                    }
                }
            },
        )
}

/// One token-level edit, at the `target`th stream (the top level, then each group's, in
/// order).
#[derive(Clone, Debug)]
struct Mutation {
    target: Index,
    at: Index,
    edit: Edit,
}

#[derive(Clone, Debug)]
enum Edit {
    Delete,
    Insert(Index),
    Replace(Index),
    Swap,
    Duplicate,
    Truncate,
}

/// Up to `max` mutations.
fn mutations(max: usize) -> impl Strategy<Value = Vec<Mutation>> {
    let edit = prop_oneof![
        Just(Edit::Delete),
        any::<Index>().prop_map(Edit::Insert),
        any::<Index>().prop_map(Edit::Replace),
        Just(Edit::Swap),
        Just(Edit::Duplicate),
        Just(Edit::Truncate),
    ];
    let mutation = (any::<Index>(), any::<Index>(), edit).prop_map(|(target, at, edit)| Mutation {
        target,
        at,
        edit,
    });
    proptest::collection::vec(mutation, 0..=max)
}

/// The tokens of a fragment (each lexes: [`every_fragment_lexes`]).
fn lex(text: &str) -> TokenStream {
    TokenStream::from_str(text).unwrap_or_default()
}

fn count_streams(stream: &TokenStream) -> usize {
    1 + stream
        .clone()
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => count_streams(&group.stream()),
            _ => 0,
        })
        .sum::<usize>()
}

fn mutate(stream: TokenStream, mutation: &Mutation) -> TokenStream {
    let target = mutation.target.index(count_streams(&stream));
    let mutated = rewrite(stream.clone(), &mut 0, target, mutation);
    // What a compiler could hand the macro: the mutated tokens as they lex again (a `'` cut
    // from its lifetime, say, does not), or else the tokens before the mutation.
    TokenStream::from_str(&mutated.to_string()).unwrap_or(stream)
}

fn rewrite(
    stream: TokenStream,
    next_id: &mut usize,
    target: usize,
    mutation: &Mutation,
) -> TokenStream {
    let id = *next_id;
    *next_id += 1;
    let mut tokens: Vec<TokenTree> = stream.into_iter().collect();
    if id == target {
        edit(&mut tokens, mutation);
        return tokens.into_iter().collect();
    }
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut new = Group::new(
                    group.delimiter(),
                    rewrite(group.stream(), next_id, target, mutation),
                );
                new.set_span(group.span());
                TokenTree::Group(new)
            }
            token => token,
        })
        .collect()
}

fn edit(tokens: &mut Vec<TokenTree>, mutation: &Mutation) {
    let len = tokens.len();
    let at = mutation.at.index(len.max(1));
    match &mutation.edit {
        Edit::Insert(fragment) => {
            let at = mutation.at.index(len + 1);
            let fragment = lex(pick(FRAGMENTS, fragment));
            tokens.splice(at..at, fragment);
        }
        Edit::Truncate => tokens.truncate(mutation.at.index(len + 1)),
        _ if len == 0 => {}
        Edit::Delete => {
            tokens.remove(at);
        }
        Edit::Replace(fragment) => {
            let fragment = lex(pick(FRAGMENTS, fragment));
            tokens.splice(at..=at, fragment);
        }
        Edit::Swap if len >= 2 => tokens.swap(at.min(len - 2), at.min(len - 2) + 1),
        Edit::Swap => {}
        Edit::Duplicate => tokens.insert(at, tokens[at].clone()),
    }
}

/// The attribute's arguments: good options, or options of any name and value joined by
/// anything; a third of them mutated.
fn args() -> impl Strategy<Value = TokenStream> {
    (
        prop_oneof![2 => good_args(), 1 => noisy_args()],
        prop_oneof![2 => Just(Vec::new()), 1 => mutations(3)],
    )
        .prop_map(|(args, edits)| edits.iter().fold(lex(&args), mutate))
}

/// The item under the attribute: mostly a struct it takes, else any other item; with up to
/// `max_mutations` mutations.
fn item(max_mutations: usize) -> impl Strategy<Value = TokenStream> {
    (
        prop_oneof![
            4 => good_struct(),
            1 => proptest::sample::select(OTHER_ITEMS).prop_map(str::to_owned),
        ],
        mutations(max_mutations),
    )
        .prop_map(|(item, edits)| edits.iter().fold(lex(&item), mutate))
}

/// The injected field's name, if `args` are good options: `name = value`, separated by `,`,
/// each name known and given once, each value of its option's kind.
fn oracle_args(args: &TokenStream) -> Option<String> {
    let parser = |input: ParseStream| {
        let mut seen = Vec::new();
        let mut field = "status".to_owned();
        while !input.is_empty() {
            let name = Ident::parse_any(input)?.to_string();
            if seen.contains(&name) || !OPTIONS.contains(&name.as_str()) {
                return Err(input.error("not a good option name"));
            }
            input.parse::<Token![=]>()?;
            match name.as_str() {
                // A trait object `A + B` is never sized: never a good value.
                "output" | "error" | "progress" => {
                    syn::Type::without_plus(input)?;
                }
                "field" => field = unraw(&input.parse::<Ident>()?),
                "crate" if input.peek(LitStr) => {
                    input.parse::<LitStr>()?.parse_with(Path::parse_mod_style)?;
                }
                "crate" => {
                    Path::parse_mod_style(input)?;
                }
                "producer" => {
                    if let syn::Visibility::Inherited = input.parse()? {
                        return Err(input.error("no visibility"));
                    }
                }
                // A path as an expression: `stop::<u8>`, not `stop<u8>`.
                "on_cancel" => {
                    let path: syn::ExprPath = input.parse()?;
                    if !path.attrs.is_empty() || path.qself.is_some() {
                        return Err(input.error("not a plain path"));
                    }
                }
                // An option this oracle does not know yet: teach it.
                _ => return Err(input.error("unknown to the oracle")),
            }
            seen.push(name);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(field)
    };
    parser.parse2(args.clone()).ok()
}

/// Whether the attribute takes `item` with the injected field named `field`.
fn oracle_item(item: &Item, field: &str) -> bool {
    match item {
        Item::Struct(item) => match &item.fields {
            Fields::Named(fields) => fields
                .named
                .iter()
                .all(|f| f.ident.as_ref().map(unraw).as_deref() != Some(field)),
            Fields::Unit => true,
            Fields::Unnamed(_) => false,
        },
        _ => false,
    }
}

fn unraw(ident: &Ident) -> String {
    ident.unraw().to_string()
}

fn is_compile_error(item: &Item) -> bool {
    matches!(item, Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "compile_error"))
}

/// The generated methods every struct gets, whatever the options.
const API: &[&str] = &[
    "id",
    "status",
    "error_code",
    "results",
    "cancel",
    "close",
    "is_closed",
    "is_finished",
    "on_completed",
    "finished",
    "wait",
    "wait_timeout",
    "start",
    "complete",
    "fail",
    "acknowledge_cancel",
    "canceled",
    "cancel_with",
    "cancel_reason",
    "outcome",
    "into_outcome",
    "finished_owned",
    "worker",
    "worker_owned",
];

/// The names of the methods of the inherent impl of `name` in `file`, and the traits it
/// implements; `methods` has the method names of each impl of `file`, in order.
fn api_of(file: &syn::File, methods: &[Vec<String>], name: &Ident) -> (Vec<String>, Vec<String>) {
    let mut inherent = Vec::new();
    let mut traits = Vec::new();
    let impls = file.items.iter().filter_map(|item| match item {
        Item::Impl(imp) => Some(imp),
        _ => None,
    });
    for (imp, methods) in impls.zip(methods) {
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        if ty.path.segments.last().map(|s| &s.ident) != Some(name) {
            continue;
        }
        match &imp.trait_ {
            Some((path, _)) => traits.extend(path.segments.last().map(|s| s.ident.to_string())),
            None => inherent.extend(methods.iter().cloned()),
        }
    }
    (inherent, traits)
}

thread_local! {
    /// The texts of the impl items and method bodies that parsed, with the names of the
    /// methods. Most repeat from case to case, and parsing them is most of what a case would
    /// cost in a debug build.
    static PARSED: RefCell<HashMap<String, Option<String>>> = RefCell::default();
}

/// The expansion parsed as a file, with the bodies of its impls emptied, and the names of the
/// methods of each impl, in order; an error where any of it does not parse. Each impl's body
/// is cut into items, each parsed on its own as an impl item (or found among those that
/// parsed before): a body of items that each parse is a body that parses, so this is the same
/// check as parsing the whole expansion, in a third of the time.
fn parse_output(out: &TokenStream) -> syn::Result<(syn::File, Vec<Vec<String>>)> {
    let tokens: Vec<TokenTree> = out.clone().into_iter().collect();
    let mut hollow: Vec<TokenTree> = Vec::new();
    let mut methods = Vec::new();
    let mut in_impl_header = false;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "impl" && starts_item(hollow.last()) => {
                in_impl_header = true;
            }
            // The body: the brace group the next item or the end comes after (not the
            // `{ N }` of `where Foo<{ N }>: Sized`).
            TokenTree::Group(group)
                if in_impl_header
                    && group.delimiter() == Delimiter::Brace
                    && next_starts_item(tokens.get(i + 1)) =>
            {
                in_impl_header = false;
                methods.push(impl_items(group.stream())?);
                let mut empty = Group::new(Delimiter::Brace, TokenStream::new());
                empty.set_span(group.span());
                hollow.push(TokenTree::Group(empty));
                continue;
            }
            _ => {}
        }
        hollow.push(token.clone());
    }
    Ok((syn::parse2(hollow.into_iter().collect())?, methods))
}

/// Whether an item can start after `previous` (an attribute, the body of an item, `;`).
fn starts_item(previous: Option<&TokenTree>) -> bool {
    match previous {
        None | Some(TokenTree::Group(_)) => true,
        Some(TokenTree::Punct(p)) => p.as_char() == ';',
        Some(TokenTree::Ident(ident)) => ident == "unsafe",
        Some(TokenTree::Literal(_)) => false,
    }
}

/// Whether `next` can start an item (or an impl item), or is the end.
fn next_starts_item(next: Option<&TokenTree>) -> bool {
    match next {
        None => true,
        Some(TokenTree::Punct(p)) => matches!(p.as_char(), '#' | ':'),
        Some(TokenTree::Ident(ident)) => [
            "impl", "struct", "enum", "union", "fn", "pub", "const", "type", "mod", "trait", "use",
            "static", "unsafe", "extern", "async", "default",
        ]
        .iter()
        .any(|keyword| ident == keyword),
        Some(_) => false,
    }
}

/// The names of the methods of an impl's body; an error where an item does not parse.
fn impl_items(body: TokenStream) -> syn::Result<Vec<String>> {
    let tokens: Vec<TokenTree> = body.into_iter().collect();
    let mut names = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        let ends_item = match token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace && next_starts_item(tokens.get(i + 1))
            }
            _ => false,
        } || i + 1 == tokens.len();
        if !ends_item {
            continue;
        }
        let mut item: Vec<TokenTree> = tokens[start..=i].to_vec();
        start = i + 1;
        // A method's body apart: bodies repeat far more than signatures do. An item with an
        // empty body that parses, and a body that parses as a block, make an item that parses.
        if let Some(TokenTree::Group(body)) = item.last_mut() {
            if body.delimiter() == Delimiter::Brace && !body.stream().is_empty() {
                let block =
                    std::mem::replace(body, Group::new(Delimiter::Brace, TokenStream::new()));
                parse_once(TokenTree::Group(block).into(), |tokens| {
                    syn::parse2::<syn::Block>(tokens).map(|_| None)
                })?;
            }
        }
        names.extend(parse_once(item.into_iter().collect(), |tokens| {
            Ok(match syn::parse2::<syn::ImplItem>(tokens)? {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
        })?);
    }
    Ok(names)
}

/// `parse(tokens)`, or what it gave the first time it parsed the same text.
fn parse_once(
    tokens: TokenStream,
    parse: impl FnOnce(TokenStream) -> syn::Result<Option<String>>,
) -> syn::Result<Option<String>> {
    let key = tokens.to_string();
    if let Some(known) = PARSED.with(|parsed| parsed.borrow().get(&key).cloned()) {
        return Ok(known);
    }
    let name = parse(tokens)?;
    PARSED.with(|parsed| parsed.borrow_mut().insert(key, name.clone()));
    Ok(name)
}

fn check(args: &TokenStream, item: &TokenStream) -> Result<(), TestCaseError> {
    let out = async_operation(args.clone(), item.clone());
    let context = || format!("\n  args: {args}\n  item: {item}\n  output: {out}");
    let Ok(parsed) = syn::parse2::<Item>(item.clone()) else {
        // Not an item: no compiler hands the macro this, but it still must not pass silently.
        prop_assert!(
            out.to_string().contains("compile_error"),
            "no error{}",
            context()
        );
        return Ok(());
    };
    let (file, methods) = parse_output(&out)
        .map_err(|e| TestCaseError::fail(format!("the output does not parse: {e}{}", context())))?;
    let errors = file.items.iter().filter(|i| is_compile_error(i)).count();
    let field = oracle_args(args);
    let good = field
        .as_deref()
        .is_some_and(|field| oracle_item(&parsed, field));
    prop_assert_eq!(
        errors == 0,
        good,
        "errors: {}; input is good: {}{}",
        errors,
        good,
        context()
    );
    // The item is still there, whatever the errors: a struct under its name (with the field
    // when it could take it), anything else as written.
    let name = match &parsed {
        Item::Struct(s) => Some(&s.ident),
        Item::Enum(e) => Some(&e.ident),
        Item::Union(u) => Some(&u.ident),
        _ => None,
    };
    match &parsed {
        Item::Struct(s) => {
            let emitted = file.items.iter().find_map(|i| match i {
                Item::Struct(e) if e.ident == s.ident => Some(e),
                _ => None,
            });
            prop_assert!(emitted.is_some(), "the struct is gone{}", context());
            if let (true, Some(emitted), Some(field)) = (good, emitted, &field) {
                let injected = emitted
                    .fields
                    .iter()
                    .any(|f| f.ident.as_ref().map(unraw).as_deref() == Some(field.as_str()));
                prop_assert!(injected, "no field `{}`{}", field, context());
            }
        }
        _ => {
            // As written: its tokens (an item the macro does not parse), or as syn prints it
            // (an enum or a union, which it parses: `enum A<>` prints as `enum A`). Not
            // from `file`, whose impls are emptied.
            let out = out.to_string();
            let emitted = [item.to_string(), parsed.to_token_stream().to_string()]
                .iter()
                .any(|written| out.contains(written));
            prop_assert!(emitted, "the item is not emitted as written{}", context());
        }
    }
    // A type gets the whole API, so that its uses raise no further errors.
    if let Some(name) = name {
        let (methods, traits) = api_of(&file, &methods, name);
        for method in API {
            prop_assert!(
                methods.iter().any(|m| m == method),
                "no method `{}`{}",
                method,
                context()
            );
        }
        // `AsyncInfo` and `AsyncOperation` come with `Operation`, by the runtime's blanket impls.
        prop_assert!(
            traits.iter().any(|x| x == "Operation"),
            "no impl of `Operation`{}",
            context()
        );
    }
    Ok(())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(OPTION_CASES))]

    /// Options of any shape on the items a compiler hands an attribute.
    #[test]
    fn options_of_any_shape(args in args(), item in item(0)) {
        check(&args, &item)?;
    }
}

proptest! {
    #![proptest_config(config(ITEM_CASES))]

    /// Items of any shape, mutated or not, as well.
    #[test]
    fn items_of_any_shape(args in args(), item in item(2)) {
        check(&args, &item)?;
    }
}

/// The inputs that made the macro panic (issue 6): each gives one error, and the struct with
/// its whole API.
#[test]
fn former_panics_give_one_error_and_the_api() -> Result<(), TestCaseError> {
    let item = lex("pub struct Download { url: String }");
    for args in [
        "output = [u8, 4]",
        "output = (u8; 3)",
        "error = Vec<(String u32)>",
        "output = fn(u8 u8)",
        "output = \"(u8 u8)\"",
        "outptu = (u8 u8)",
        "on_cancel = stop::<(u8 u8)>",
        "error (,)",
    ] {
        let args = lex(args);
        assert!(!args.is_empty());
        let out = async_operation(args.clone(), item.clone());
        let file: syn::File = syn::parse2(out.clone())?;
        let errors = file.items.iter().filter(|i| is_compile_error(i)).count();
        assert_eq!(errors, 1, "{args}: {out}");
        check(&args, &item)?;
    }
    Ok(())
}

/// Inputs the property tests once failed on.
#[test]
fn found_by_the_property_tests() -> Result<(), TestCaseError> {
    for (args, item) in [
        // A type with `+ Send` after it, which syn takes as a trait object and which the
        // expansion then put in `&T`: an output that did not parse, and no error.
        (
            "output = Box<dyn Fn(u8, u16) -> Vec<u8>> + Send>",
            "struct Job;",
        ),
        // A path with generic arguments and no `::`, put in an expression.
        ("on_cancel = Self::Vec<u8>", "struct Job;"),
        // Empty generics, which syn does not print (the test's check was wrong).
        ("", "pub enum Job<> where T: Copy { A(T) }"),
    ] {
        check(&lex(args), &lex(item))?;
    }
    Ok(())
}

/// [`parse_output`] parses an expansion in parts: it finds what parsing it whole finds.
#[test]
fn parsing_in_parts_is_parsing_whole() -> Result<(), Reason> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut parses, mut fails) = (0, 0);
    for max_mutations in [0, 2, 4] {
        let strategy = (args(), item(max_mutations));
        for _ in 0..150 {
            let (args, item) = strategy.new_tree(&mut runner)?.current();
            let out = async_operation(args, item);
            let whole = syn::parse2::<syn::File>(out.clone());
            let parts = parse_output(&out);
            assert_eq!(whole.is_ok(), parts.is_ok(), "{out}");
            if let (Ok(whole), Ok((_, methods))) = (whole, parts) {
                parses += 1;
                let whole: Vec<Vec<String>> = whole
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Impl(imp) => Some(
                            imp.items
                                .iter()
                                .filter_map(|item| match item {
                                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                                    _ => None,
                                })
                                .collect(),
                        ),
                        _ => None,
                    })
                    .collect();
                assert_eq!(whole, methods, "{out}");
            } else {
                fails += 1;
            }
        }
    }
    // Outputs that do not parse come from items that do not (a compiler never hands one over).
    assert!(
        parses > 200 && fails > 50,
        "parses: {parses}, fails: {fails}"
    );
    Ok(())
}

/// The property tests would find little in runs that never see an error, or never a good
/// input: the generators give both.
#[test]
fn generators_give_good_and_bad_inputs() -> Result<(), Reason> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for max_mutations in [0, 2] {
        let strategy = (args(), item(max_mutations));
        let (mut good, mut bad) = (0, 0);
        for _ in 0..500 {
            let (args, item) = strategy.new_tree(&mut runner)?.current();
            let is_good = syn::parse2::<Item>(item).is_ok_and(|item| {
                oracle_args(&args).is_some_and(|field| oracle_item(&item, &field))
            });
            if is_good {
                good += 1;
            } else {
                bad += 1;
            }
        }
        assert!(
            good > 100 && bad > 100,
            "mutations: {max_mutations}, good: {good}, bad: {bad}"
        );
    }
    Ok(())
}

#[test]
fn every_fragment_lexes() {
    let lists = [
        TYPES,
        FIELDS,
        CRATES,
        ON_CANCELS,
        PRODUCERS,
        BAD_VALUES,
        NAMES,
        EQUALS,
        COMMAS,
        FRAGMENTS,
        OTHER_ITEMS,
        ITEM_ATTRS,
        VISIBILITIES,
        ITEM_NAMES,
        LIFETIMES,
        PARAMS,
        WHERE_CLAUSES,
        FIELD_ATTRS,
        FIELD_NAMES,
        FIELD_TYPES,
    ];
    for fragment in lists.iter().flat_map(|list| list.iter()) {
        assert!(TokenStream::from_str(fragment).is_ok(), "{fragment}");
    }
}
