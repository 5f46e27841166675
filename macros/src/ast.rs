//! Stage 2: the item under the attribute.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::token::Brace;
use syn::{Attribute, Data, DeriveInput, Fields, FieldsNamed, Visibility};

use crate::errors::Errors;

/// What the attribute was put on.
pub(crate) enum Item {
    /// A struct that can take the injected field; a unit struct has been given braces.
    Struct(DeriveInput),
    /// An enum, union or tuple struct (reported): it is emitted as written.
    Unsupported(DeriveInput),
    /// Not a type definition at all (reported): it is emitted as written.
    Other(TokenStream),
}

const APPLIES_TO: &str = "#[async_operation] applies to structs with named fields and unit structs";

/// Sorts the item, reporting the shapes the attribute does not support.
pub(crate) fn parse(input: TokenStream, errors: &mut Errors) -> Item {
    let mut item: DeriveInput = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            errors.push(syn::Error::new(
                item_keyword_span(input.clone()),
                format!("{APPLIES_TO}; it cannot be applied here"),
            ));
            return Item::Other(input);
        }
    };
    let error = match &mut item.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(_) => None,
            Fields::Unit => {
                let span = data
                    .semi_token
                    .map_or_else(Span::call_site, |semi| semi.span);
                data.fields = Fields::Named(empty_braces(span));
                data.semi_token = None;
                None
            }
            Fields::Unnamed(fields) => Some(syn::Error::new(
                fields.paren_token.span.join(),
                format!(
                    "{APPLIES_TO}, not tuple structs; name the fields: `struct {} {{ ... }}`",
                    item.ident
                ),
            )),
        },
        Data::Enum(data) => Some(syn::Error::new(
            data.enum_token.span,
            format!("{APPLIES_TO}, not enums; put the enum in a field of a struct"),
        )),
        Data::Union(data) => Some(syn::Error::new(
            data.union_token.span,
            format!("{APPLIES_TO}, not unions"),
        )),
    };
    match error {
        None => Item::Struct(item),
        Some(error) => {
            errors.push(error);
            Item::Unsupported(item)
        }
    }
}

fn empty_braces(span: Span) -> FieldsNamed {
    FieldsNamed {
        brace_token: Brace(span),
        named: Punctuated::new(),
    }
}

/// The span of the keyword after the attributes and visibility (`fn`, `impl`, `trait`, ...).
fn item_keyword_span(input: TokenStream) -> Span {
    let parser = |input: ParseStream| {
        input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        let keyword: TokenTree = input.parse()?;
        input.parse::<TokenStream>()?;
        Ok(keyword.span())
    };
    parser.parse2(input).unwrap_or_else(|_| Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn sort(input: TokenStream) -> (Item, Vec<String>) {
        let mut errors = Errors::default();
        let item = parse(input, &mut errors);
        (item, errors.messages())
    }

    #[test]
    fn named_struct_is_kept() {
        let (item, errors) = sort(quote!(
            #[derive(Debug)]
            pub struct A<T>
            where
                T: Copy,
            {
                x: T,
            }
        ));
        assert!(errors.is_empty());
        let Item::Struct(item) = item else {
            panic!("not a struct")
        };
        assert_eq!(
            item.to_token_stream().to_string(),
            "# [derive (Debug)] pub struct A < T > where T : Copy , { x : T , }"
        );
    }

    #[test]
    fn unit_struct_gets_braces() {
        let (item, errors) = sort(quote!(
            struct A<T>
            where
                T: Copy;
        ));
        assert!(errors.is_empty());
        let Item::Struct(item) = item else {
            panic!("not a struct")
        };
        assert_eq!(
            item.to_token_stream().to_string(),
            "struct A < T > where T : Copy { }"
        );
    }

    #[test]
    fn unsupported_shapes_are_reported() {
        for (input, message) in [
            (
                quote!(
                    enum A {
                        B,
                    }
                ),
                "not enums; put the enum in a field of a struct",
            ),
            (quote!(union A { b: u8 }), "not unions"),
            (
                quote!(
                    struct A(u8);
                ),
                "not tuple structs; name the fields: `struct A { ... }`",
            ),
        ] {
            let (item, errors) = sort(input);
            assert!(matches!(item, Item::Unsupported(_)));
            assert_eq!(errors.len(), 1);
            assert!(errors[0].ends_with(message), "{errors:?}");
        }
        let (item, errors) = sort(quote!(
            pub fn f() {}
        ));
        assert!(matches!(item, Item::Other(_)));
        assert_eq!(errors, [format!("{APPLIES_TO}; it cannot be applied here")]);
    }
}
