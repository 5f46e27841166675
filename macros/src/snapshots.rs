//! Expansion snapshots, as pin-project's `tests/expand/`: each `tests/expand/<name>.rs` is
//! expanded (every item under `#[async_operation]`, the others as written), formatted with
//! prettyplease and compared with `tests/expand/<name>.expanded.rs`, so that a reviewer sees
//! what users get, and any change to it shows in the diff.
//!
//! Test-only (declared under `#[cfg(test)]` in `lib.rs`): no macro input reaches its `expect`s.
//!
//! `ASYNCINFO_BLESS=1 cargo test -p asyncinfo-macros snapshots` rewrites the expanded files;
//! read their diff before committing it.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Item, Meta};

use crate::expand::async_operation;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/expand");
const EXPANDED: &str = ".expanded.rs";

/// `source` with its `#[async_operation]` items expanded, formatted.
fn expand_file(source: &str) -> syn::Result<String> {
    let file: syn::File = syn::parse_str(source)?;
    let mut items = Vec::new();
    for mut item in file.items {
        let Some(args) = take_attribute(&mut item) else {
            items.push(item);
            continue;
        };
        let expanded = async_operation(args, item.into_token_stream());
        items.extend(syn::parse2::<syn::File>(expanded)?.items);
    }
    Ok(prettyplease::unparse(&syn::File { items, ..file }))
}

/// Removes the item's first `#[async_operation(...)]` and gives its arguments.
fn take_attribute(item: &mut Item) -> Option<TokenStream> {
    let attrs = match item {
        Item::Struct(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::Union(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        _ => return None,
    };
    let at = attrs
        .iter()
        .position(|attr| attr.path().is_ident("async_operation"))?;
    Some(match attrs.remove(at).meta {
        Meta::List(list) => list.tokens,
        Meta::Path(_) | Meta::NameValue(_) => TokenStream::new(),
    })
}

/// The inputs, sorted.
fn inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = fs::read_dir(DIR)
        .expect("tests/expand exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| {
            let name = path.to_string_lossy();
            name.ends_with(".rs") && !name.ends_with(EXPANDED)
        })
        .collect();
    inputs.sort();
    inputs
}

fn expanded_path(input: &Path) -> PathBuf {
    input.with_extension("expanded.rs")
}

/// The first line where `actual` and `expected` differ, with its neighbours.
fn first_difference(actual: &str, expected: &str) -> String {
    let (actual, expected): (Vec<&str>, Vec<&str>) =
        (actual.lines().collect(), expected.lines().collect());
    let at = (0..actual.len().max(expected.len()))
        .find(|&i| actual.get(i) != expected.get(i))
        .unwrap_or(0);
    let mut text = String::new();
    for i in at.saturating_sub(2)..at + 3 {
        let (a, e) = (
            actual.get(i).unwrap_or(&"<end>"),
            expected.get(i).unwrap_or(&"<end>"),
        );
        let mark = if a == e { ' ' } else { '!' };
        let _ = writeln!(
            text,
            "{mark} {:>4} expected: {e}\n{mark} {:>4}   actual: {a}",
            i + 1,
            i + 1
        );
    }
    text
}

#[test]
fn expansions_match_the_snapshots() {
    let bless = std::env::var_os("ASYNCINFO_BLESS").is_some_and(|v| v == "1");
    let inputs = inputs();
    assert!(inputs.len() >= 8, "inputs missing from {DIR}");
    let mut failures = Vec::new();
    // Test-only (`#[cfg(test)] mod snapshots`): these read and write this crate's own files,
    // never a macro input, and a failure is the test's failure.
    for input in &inputs {
        let source = fs::read_to_string(input).expect("a readable input");
        let actual = expand_file(&source).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let path = expanded_path(input);
        if bless {
            fs::write(&path, &actual).expect("a writable snapshot");
            continue;
        }
        match fs::read_to_string(&path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{} differs:\n{}",
                path.display(),
                first_difference(&actual, &expected)
            )),
            Err(_) => failures.push(format!("{} is missing", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nthe expansion changed: if on purpose, run `ASYNCINFO_BLESS=1 cargo test -p \
         asyncinfo-macros snapshots` and read the diff of tests/expand",
        failures.join("\n")
    );
}

/// A snapshot whose input is gone is an error too, so that none goes stale.
#[test]
fn every_snapshot_has_its_input() {
    let inputs = inputs();
    // Test-only, as above: this crate's own directory.
    for entry in fs::read_dir(DIR).expect("tests/expand exists") {
        let path = entry.expect("a readable entry").path();
        if path.to_string_lossy().ends_with(EXPANDED) {
            assert!(
                inputs.iter().any(|input| expanded_path(input) == path),
                "{} has no input",
                path.display()
            );
        }
    }
}

/// The comparison sees any change, down to one character.
#[test]
fn any_difference_fails() {
    let source = "#[async_operation] pub struct Job;";
    let expanded = expand_file(source).expect("expands");
    assert!(expanded.contains("pub fn status(&self)"), "{expanded}");
    let changed = expand_file("#[async_operation] pub(crate) struct Job;").expect("expands");
    assert_ne!(expanded, changed);
    assert!(first_difference(&changed, &expanded).contains('!'));
}
