//! The inputs: options and items built from fragments, then mutated token by token.

use std::str::FromStr;

use proc_macro2::{Group, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::sample::Index;

use super::fragments::*;
use crate::attr::{Kind, Opt};

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
        proptest::collection::vec(any::<(bool, Index)>(), Opt::ALL.len()),
        Just(Opt::ALL.to_vec()).prop_shuffle(),
        any::<bool>(),
    )
        .prop_map(|(choices, names, trailing_comma)| {
            let options: Vec<String> = names
                .iter()
                .zip(&choices)
                .filter(|(_, (given, _))| *given)
                .map(|(option, (_, value))| match option.value() {
                    // A flag alone, or with a value.
                    Kind::Flag if value.index(3) == 0 => option.name().to_owned(),
                    _ => format!("{} = {}", option.name(), pick(values_of(*option), value)),
                })
                .collect();
            let comma = if trailing_comma && !options.is_empty() {
                ","
            } else {
                ""
            };
            format!("{}{comma}", options.join(", "))
        })
}

/// Good values of `option`.
fn values_of(option: Opt) -> &'static [&'static str] {
    match option {
        Opt::Output | Opt::Error | Opt::Progress => TYPES,
        Opt::Field => FIELDS,
        Opt::Crate => CRATES,
        Opt::OnCancel => ON_CANCELS,
        Opt::Producer | Opt::New => PRODUCERS,
        Opt::Timestamps => FLAGS,
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
                None => pick(Opt::from_name(name).map_or(TYPES, values_of), &value),
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
pub(super) fn lex(text: &str) -> TokenStream {
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
pub(super) fn args() -> impl Strategy<Value = TokenStream> {
    (
        prop_oneof![2 => good_args(), 1 => noisy_args()],
        prop_oneof![2 => Just(Vec::new()), 1 => mutations(3)],
    )
        .prop_map(|(args, edits)| edits.iter().fold(lex(&args), mutate))
}

/// The item under the attribute: mostly a struct it takes, else any other item; with up to
/// `max_mutations` mutations.
pub(super) fn item(max_mutations: usize) -> impl Strategy<Value = TokenStream> {
    (
        prop_oneof![
            4 => good_struct(),
            1 => proptest::sample::select(OTHER_ITEMS).prop_map(str::to_owned),
        ],
        mutations(max_mutations),
    )
        .prop_map(|(item, edits)| edits.iter().fold(lex(&item), mutate))
}
