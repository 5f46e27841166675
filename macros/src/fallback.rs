//! Stage 5: the closest valid output for an item the attribute could not take: the item as the
//! user wrote it, and the generated methods and trait impls with bodies that only type-check.
//! The user then sees the one error that was reported, not every call to a missing method.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::expand::{api, Body, Context};

/// The item as written, with a stand-in API.
pub(crate) fn expand(item: &DeriveInput, cx: &Context) -> TokenStream {
    let api = api(cx, Body::Stub);
    quote!(#item #api)
}

#[cfg(test)]
mod tests {
    use crate::expand::async_operation;
    use quote::quote;

    #[test]
    fn taken_field_name_keeps_the_struct_unchanged() {
        let out = async_operation(
            quote!(),
            quote!(
                struct Job {
                    status: String,
                }
            ),
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(out.contains("struct Job { status : String , }"), "{out}");
        assert!(out.contains("fn results"));
        assert!(out.contains(":: core :: unreachable ! ()"));
    }

    #[test]
    fn enum_is_emitted_as_written_with_the_api() {
        let out = async_operation(
            quote!(output = u8),
            quote!(
                enum Job {
                    A,
                }
            ),
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(out.contains("enum Job { A , }"));
        assert!(out.contains("fn complete (& self , _ : u8)"), "{out}");
    }

    #[test]
    fn not_a_type_is_emitted_as_written() {
        let out = async_operation(
            quote!(),
            quote!(
                fn job() {}
            ),
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(out.ends_with("fn job () { }"), "{out}");
    }
}
