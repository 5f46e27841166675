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

mod fragments;
mod gen;
mod oracle;
mod parse;

use std::str::FromStr;

use proc_macro2::TokenStream;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, Reason};
use quote::ToTokens;
use syn::Item;

use self::fragments::*;
use self::gen::{args, item, lex};
use self::oracle::{api_of, is_compile_error, oracle_args, oracle_item, unraw, API};
use self::parse::parse_output;
use crate::expand::async_operation;

/// Cases per run of each property test: 10,000 in all, split so that the two, which the test
/// harness runs in parallel, take about as long (a case of good options on a good struct costs
/// more). `PROPTEST_CASES` does not override them.
const OPTION_CASES: u32 = 4_000;
const ITEM_CASES: u32 = 6_000;

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
    let field = oracle_args(args).filter(|field| oracle_item(&parsed, field));
    prop_assert_eq!(
        errors == 0,
        field.is_some(),
        "errors: {}; input is good: {}{}",
        errors,
        field.is_some(),
        context()
    );
    let emitted = Emitted {
        tokens: &out,
        file: &file,
        methods: &methods,
    };
    item_is_kept(&parsed, item, &emitted, field.as_deref()).map_err(|e| with(e, context))?;
    api_is_whole(&parsed, &emitted).map_err(|e| with(e, context))
}

/// A failure, with the case that failed.
fn with(error: TestCaseError, context: impl Fn() -> String) -> TestCaseError {
    TestCaseError::fail(format!("{error}{}", context()))
}

/// An expansion: its tokens, parsed with the impls' bodies emptied, and the method names of
/// each impl.
struct Emitted<'a> {
    tokens: &'a TokenStream,
    file: &'a syn::File,
    methods: &'a [Vec<String>],
}

/// The item is still there, whatever the errors: a struct under its name (with the field
/// `field`, when the input was good), anything else as written.
fn item_is_kept(
    parsed: &Item,
    item: &TokenStream,
    out: &Emitted,
    field: Option<&str>,
) -> Result<(), TestCaseError> {
    if let Item::Struct(s) = parsed {
        let emitted = out.file.items.iter().find_map(|i| match i {
            Item::Struct(e) if e.ident == s.ident => Some(e),
            _ => None,
        });
        let Some(emitted) = emitted else {
            return Err(TestCaseError::fail("the struct is gone"));
        };
        if let Some(field) = field {
            let injected = emitted
                .fields
                .iter()
                .any(|f| f.ident.as_ref().map(unraw).as_deref() == Some(field));
            prop_assert!(injected, "no field `{}`", field);
        }
        return Ok(());
    }
    // As written: its tokens (an item the macro does not parse), or as syn prints it (an enum
    // or a union, which it parses: `enum A<>` prints as `enum A`). Not from `file`, whose
    // impls are emptied.
    let out = out.tokens.to_string();
    let emitted = [item.to_string(), parsed.to_token_stream().to_string()]
        .iter()
        .any(|written| out.contains(written));
    prop_assert!(emitted, "the item is not emitted as written");
    Ok(())
}

/// A type gets the whole API, so that its uses raise no further errors.
fn api_is_whole(parsed: &Item, out: &Emitted) -> Result<(), TestCaseError> {
    let name = match parsed {
        Item::Struct(s) => &s.ident,
        Item::Enum(e) => &e.ident,
        Item::Union(u) => &u.ident,
        _ => return Ok(()),
    };
    let (methods, traits) = api_of(out.file, out.methods, name);
    for method in API {
        prop_assert!(
            methods.iter().any(|m| m == method),
            "no method `{}`",
            method
        );
    }
    // `AsyncInfo` and `AsyncOperation` come with `Operation`, by the runtime's blanket impls.
    prop_assert!(
        traits.iter().any(|x| x == "Operation"),
        "no impl of `Operation`"
    );
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
        // A facade path with `Self` in it, which the expansion put in a `use`: an
        // output that did not parse (with `=`, and recovered without it).
        ("crate = Self::asyncinfo", "struct Job;"),
        ("field = state, crate Self::asyncinfo,", "struct Job;"),
        ("crate = crate::Self, field = state", "struct Job;"),
    ] {
        check(&lex(args), &lex(item))?;
    }
    Ok(())
}

/// The impls of `items`, with those of the blocks of `const _: () = { ... };` in their place.
fn impls(items: &[Item]) -> Vec<&syn::ItemImpl> {
    let mut impls = Vec::new();
    for item in items {
        match item {
            Item::Impl(imp) => impls.push(imp),
            Item::Const(konst) => {
                if let syn::Expr::Block(block) = &*konst.expr {
                    for stmt in &block.block.stmts {
                        if let syn::Stmt::Item(Item::Impl(imp)) = stmt {
                            impls.push(imp);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    impls
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
                let whole: Vec<Vec<String>> = impls(&whole.items)
                    .into_iter()
                    .map(|imp| {
                        imp.items
                            .iter()
                            .filter_map(|item| match item {
                                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                                _ => None,
                            })
                            .collect()
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
