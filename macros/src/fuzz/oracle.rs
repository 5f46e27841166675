//! What the expansion should be, decided apart from the macro: whether the options are good
//! (a parser of its own), whether the item takes the field, and which methods came out.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Fields, Ident, Item, LitStr, Path, Token};

use crate::attr::Opt;

/// The injected field's name, if `args` are good options: `name = value`, separated by `,`,
/// each name known and given once, each value of its option's kind.
pub(super) fn oracle_args(args: &TokenStream) -> Option<String> {
    let parser = |input: ParseStream| {
        let mut seen = Vec::new();
        let mut field = "status".to_owned();
        while !input.is_empty() {
            let name = Ident::parse_any(input)?.to_string();
            if seen.contains(&name) || Opt::from_name(&name).is_none() {
                return Err(input.error("not a good option name"));
            }
            // A flag may stand alone: `timestamps`, then the end or a comma.
            if name == "timestamps" && (input.is_empty() || input.peek(Token![,])) {
                seen.push(name);
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
                continue;
            }
            input.parse::<Token![=]>()?;
            match name.as_str() {
                "timestamps" => {
                    input.parse::<syn::LitBool>()?;
                }
                // A trait object `A + B` is never sized: never a good value.
                "output" | "error" | "progress" => {
                    syn::Type::without_plus(input)?;
                }
                "field" => field = unraw(&input.parse::<Ident>()?),
                // A path that a `use` can import: not one with `Self` in it.
                "crate" => {
                    let path = if input.peek(LitStr) {
                        input.parse::<LitStr>()?.parse_with(Path::parse_mod_style)?
                    } else {
                        Path::parse_mod_style(input)?
                    };
                    if path.segments.iter().any(|s| s.ident == "Self") {
                        return Err(input.error("`Self` in a `use`"));
                    }
                }
                "producer" | "new" => {
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
pub(super) fn oracle_item(item: &Item, field: &str) -> bool {
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

pub(super) fn unraw(ident: &Ident) -> String {
    ident.unraw().to_string()
}

pub(super) fn is_compile_error(item: &Item) -> bool {
    matches!(item, Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "compile_error"))
}

/// The generated methods every struct gets, whatever the options.
pub(super) const API: &[&str] = &[
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
pub(super) fn api_of(
    file: &syn::File,
    methods: &[Vec<String>],
    name: &Ident,
) -> (Vec<String>, Vec<String>) {
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
