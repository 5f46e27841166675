//! Stage 5: the closest valid output for an item the attribute could not take: the item as the
//! user wrote it, and the generated API of `expand::methods` with bodies that only type-check,
//! so that the user sees the one error that was reported, not every call to a missing method.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::expand::{methods, Context};

/// The item as written, with a stand-in API. No `on_cancel` hook: its path may name what the
/// item failed to define.
pub(crate) fn expand(item: &DeriveInput, cx: &Context) -> TokenStream {
    // Not a call the macro makes: the body the stand-in methods get in the user's code, which
    // never runs (the `compile_error!` beside it stops the build).
    let stub = quote!(::core::unreachable!());
    let methods = methods(cx);
    let inherent = cx.inherent_impl(methods.iter().map(|method| method.render(cx, &stub)));
    let operation = cx.operation_impl(&stub, None);
    quote!(#item #inherent #operation)
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
        assert!(!out.contains("__ON_CANCEL"));
    }

    #[test]
    fn enum_is_emitted_as_written_with_the_api() {
        let out = async_operation(
            quote!(output = u8, on_cancel = Self::stop),
            quote!(
                enum Job {
                    A,
                }
            ),
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(out.contains("enum Job { A , }"));
        assert!(out.contains("fn complete (& self , value : u8)"), "{out}");
        assert!(!out.contains("Self :: stop"), "{out}");
    }

    #[test]
    fn a_constructor_asked_for_comes_with_the_stand_ins() {
        let out = async_operation(
            quote!(new = pub),
            quote!(
                struct Job(u8, String);
            ),
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 1);
        assert!(
            out.contains(
                "pub fn new (_0 : u8 , _1 : String) -> Self { :: core :: unreachable ! () }"
            ),
            "{out}"
        );
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
