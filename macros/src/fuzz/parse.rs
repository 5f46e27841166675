//! The expansion parsed as `syn` would parse it whole, in a third of the time.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

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
///
/// The inherent impl comes in `const _: () = { fn handler() {} ... impl ... };`: the block's
/// items are parsed as items of the file, so that its impl is found as the others are.
pub(super) fn parse_output(out: &TokenStream) -> syn::Result<(syn::File, Vec<Vec<String>>)> {
    let tokens = unwrap_blocks(out.clone().into_iter().collect());
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

/// `tokens` with each top-level `const _ : () = { items } ;` replaced by its items.
fn unwrap_blocks(tokens: Vec<TokenTree>) -> Vec<TokenTree> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while at < tokens.len() {
        if let Some(items) = anonymous_block(&tokens[at..]) {
            if starts_item(out.last()) {
                out.extend(items);
                at += 7;
                continue;
            }
        }
        out.push(tokens[at].clone());
        at += 1;
    }
    out
}

/// The items of `const _ : () = { items } ;` at the start of `tokens`.
fn anonymous_block(tokens: &[TokenTree]) -> Option<Vec<TokenTree>> {
    let [TokenTree::Ident(konst), TokenTree::Ident(underscore), TokenTree::Punct(colon), TokenTree::Group(unit), TokenTree::Punct(eq), TokenTree::Group(block), TokenTree::Punct(semi), ..] =
        tokens
    else {
        return None;
    };
    let shape = konst == "const"
        && underscore == "_"
        && colon.as_char() == ':'
        && unit.delimiter() == Delimiter::Parenthesis
        && unit.stream().is_empty()
        && eq.as_char() == '='
        && block.delimiter() == Delimiter::Brace
        && semi.as_char() == ';';
    shape.then(|| block.stream().into_iter().collect())
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
