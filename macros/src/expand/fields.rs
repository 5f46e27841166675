//! The user's fields: as the constructor takes them, and the state field added after them.

use proc_macro2::Span;
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Type};

use super::Context;

/// A field of the user's struct, as the constructor takes it.
pub(crate) struct UserField {
    /// The field's `#[cfg]` attributes, and the `cfg`s its `#[cfg_attr]`s can expand to, which
    /// the parameter and the initializer carry too: an attribute macro sees them unresolved,
    /// so the field may not exist.
    pub(crate) cfgs: Vec<syn::Attribute>,
    /// The field: its name, or its index in a tuple struct (which only the fallback sees).
    pub(crate) member: syn::Member,
    /// The parameter: the field's name (mixed-site), or `_0`, `_1`, … for a tuple struct.
    pub(crate) param: Ident,
    pub(crate) ty: Type,
}

impl UserField {
    /// The fields of a struct, in order; none for an enum or a union.
    pub(super) fn all(item: &DeriveInput) -> Vec<Self> {
        let syn::Data::Struct(data) = &item.data else {
            return Vec::new();
        };
        data.fields
            .iter()
            .zip(0u32..)
            .map(|(field, index)| {
                let (member, param) = match &field.ident {
                    Some(name) => {
                        let mut param = name.clone();
                        param.set_span(Span::mixed_site());
                        (syn::Member::Named(name.clone()), param)
                    }
                    None => (
                        syn::Member::Unnamed(syn::Index {
                            index,
                            span: field.ty.span(),
                        }),
                        format_ident!("_{}", index, span = Span::mixed_site()),
                    ),
                };
                Self {
                    cfgs: field.attrs.iter().filter_map(cfg_part).collect(),
                    member,
                    param,
                    ty: field.ty.clone(),
                }
            })
            .collect()
    }
}

/// What of a field's attribute can remove the field: a `#[cfg]` as it is, and the `cfg`s a
/// `#[cfg_attr]` can expand to (`#[cfg_attr(feature = "x", cfg(any()))]`), with the other
/// attributes it holds left out, since a parameter takes no attribute but `cfg`, `cfg_attr`
/// and lints. `None` for an attribute that can expand to no `cfg` (another attribute macro,
/// which could, has not run yet when this one sees the field, and is left alone).
fn cfg_part(attr: &syn::Attribute) -> Option<syn::Attribute> {
    if attr.path().is_ident("cfg") {
        return Some(attr.clone());
    }
    let meta = cfg_attr_part(&attr.meta)?;
    Some(syn::Attribute {
        meta,
        ..attr.clone()
    })
}

/// `cfg_attr(predicate, attrs…)` with only the attributes that are, or can expand to, a `cfg`;
/// `None` if none is left (or the attribute is not a well-formed `cfg_attr`, which rustc
/// reports on the field itself).
fn cfg_attr_part(meta: &syn::Meta) -> Option<syn::Meta> {
    let syn::Meta::List(list) = meta else {
        return None;
    };
    if !list.path.is_ident("cfg_attr") {
        return None;
    }
    let parser = |input: syn::parse::ParseStream| {
        let predicate: syn::Meta = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let attrs =
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated(input)?;
        Ok((predicate, attrs))
    };
    let (predicate, attrs) = list.parse_args_with(parser).ok()?;
    let kept: Vec<syn::Meta> = attrs
        .iter()
        .filter_map(|attr| match attr {
            syn::Meta::List(inner) if inner.path.is_ident("cfg") => Some(attr.clone()),
            _ => cfg_attr_part(attr),
        })
        .collect();
    if kept.is_empty() {
        return None;
    }
    Some(syn::Meta::List(syn::MetaList {
        tokens: quote!(#predicate, #(#kept),*),
        ..list.clone()
    }))
}

/// The name without `r#`.
pub(super) fn unraw(ident: &Ident) -> String {
    ident.unraw().to_string()
}

/// Adds the state field (private, so the struct's users cannot touch it) after the user's
/// fields. Fails only on an item `ast::parse` does not give (fields not named), or a field that
/// does not parse (its type is made of parsed paths and types), with the error to report.
pub(super) fn inject_field(item: &mut DeriveInput, cx: &Context) -> syn::Result<()> {
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(fields),
        ..
    }) = &mut item.data
    else {
        return Err(syn::Error::new(
            item.ident.span(),
            "#[async_operation] could not add its field to this struct",
        ));
    };
    let name = &cx.field;
    let ty = cx.state_ty();
    let field = quote! {
        #[doc = " The state of this asynchronous operation, added by `#[async_operation]`."]
        #name: #ty
    };
    fields
        .named
        .push(syn::parse::Parser::parse2(syn::Field::parse_named, field)?);
    Ok(())
}
