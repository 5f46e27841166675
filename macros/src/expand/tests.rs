//! Unit tests of the expansion, on its text; `tests/expand/` of this crate has whole expansions.

use super::*;

fn expand(args: TokenStream, input: TokenStream) -> String {
    async_operation(args, input).to_string()
}

#[test]
fn injects_the_field_after_the_users() {
    let out = expand(
        quote!(output = u32),
        quote!(
            pub struct Job {
                url: String,
            }
        ),
    );
    assert!(out.starts_with(
        "pub struct Job { url : String , # [doc = \" The state of this asynchronous operation, added by `#[async_operation]`.\"] \
         status : :: asyncinfo :: __private :: Field < Job , u32 > }"
    ), "{out}");
    assert!(!out.contains("compile_error"));
}

#[test]
fn unit_struct_with_generics_and_renamed_field_and_crate() {
    let out = expand(
        quote!(field = state, crate = ::facade, error = E),
        quote!(
            struct Job<'a, T: Copy, const N: usize>
            where
                T: 'a;
        ),
    );
    assert!(out.starts_with(
        "struct Job < 'a , T : Copy , const N : usize > where T : 'a { # [doc = \" The state of this asynchronous operation, added by `#[async_operation]`.\"] \
         state : :: facade :: __private :: Field < Job < 'a , T , N > , () , E > }"
    ), "{out}");
    assert!(
        out.contains("impl < 'a , T : Copy , const N : usize > Job < 'a , T , N > where T : 'a {")
    );
    assert!(
        out.contains("fn complete (& self) ->"),
        "an action's complete takes no value"
    );
    assert!(
        out.contains("use :: facade :: __private as __ai ;"),
        "{out}"
    );
    assert!(out.contains("__ai :: start (self)"));
    assert!(!out.contains("-> bool"), "bool is a path a user can shadow");
    assert!(!out.contains(":: asyncinfo"));
}

#[test]
fn methods_have_the_struct_visibility_and_producers_are_crate_visible() {
    let out = expand(
        quote!(output = u8),
        quote!(
            pub(super) struct Job {}
        ),
    );
    assert!(out.contains("pub (super) fn status (& self)"));
    assert!(out.contains("pub (crate) fn start (& self)"));
    assert!(out.contains("pub (crate) fn complete (& self , value : u8)"));
}

#[test]
fn explicit_unit_output_is_an_action() {
    let out = expand(
        quote!(output = ()),
        quote!(
            struct Job;
        ),
    );
    assert!(out.contains("fn complete (& self) ->"));
}

#[test]
fn only_absolute_paths() {
    let out = expand(
        quote!(),
        quote!(
            struct Job;
        ),
    );
    for name in [
        "Result", "Option", "Default", "Box", "Some", "Ok", "Err", "None",
    ] {
        for (at, _) in out.match_indices(&format!(" {name} ")) {
            assert!(out[..at].ends_with("::"), "unqualified {name} in {out}");
        }
    }
}

#[test]
fn errors_come_with_the_struct_and_api() {
    let out = expand(
        quote!(output = 5, bogus = 1),
        quote!(
            struct Job {
                x: u8,
            }
        ),
    );
    assert_eq!(out.matches("compile_error").count(), 2, "{out}");
    assert!(
        out.contains("Field < Job > }") && out.contains("type Output = () ;"),
        "bad output falls back to (): {out}"
    );
    assert!(out.contains("fn results"));
    assert!(!out.contains("unreachable"), "{out}");
}

#[test]
fn winrt_names_are_doc_aliases() {
    let out = expand(
        quote!(output = u8, progress = u8),
        quote!(
            pub struct Job;
        ),
    );
    // Only the WinRT names that differ from the method's: rustdoc's search ignores case, so
    // `Id`, `Status`, `Cancel`, `Close` and `Start` already find `id` and the rest.
    for (alias, method) in [
        ("GetResults", "results"),
        ("ErrorCode", "error_code"),
        ("Completed", "on_completed"),
        ("Progress", "on_progress"),
        ("FireProgress", "report_progress"),
        ("TryTransitionToCompleted", "complete"),
        ("TryTransitionToError", "fail"),
    ] {
        let attr = format!("# [doc (alias = \"{alias}\")]");
        // Test-only (`#[cfg(test)] mod tests`): the expansion of a fixed input has each method.
        let at = out.find(&format!("fn {method} (")).unwrap();
        let before = &out[..at];
        let attrs = &before[before.rfind("# [doc = ").unwrap()..];
        assert!(attrs.contains(&attr), "{method}: {attrs}");
    }
}

#[test]
fn constructor_only_with_the_option() {
    let out = expand(
        quote!(output = u8),
        quote!(
            pub struct Job {
                id: u32,
            }
        ),
    );
    assert!(!out.contains("fn new"), "{out}");
}

#[test]
fn constructor_takes_the_fields_in_order_with_their_cfgs() {
    let out = expand(
        quote!(new = pub(crate), field = state),
        quote!(
            pub struct Job<T> {
                /// Doc comments stay on the field.
                first: T,
                #[cfg(feature = "x")]
                #[allow(unused)]
                second: u8,
                r#type: &'static str,
            }
        ),
    );
    assert!(
        out.contains(
            "pub (crate) fn new (first : T , # [cfg (feature = \"x\")] second : u8 , r#type : & 'static str) -> Self { \
             Self { first : first , # [cfg (feature = \"x\")] second : second , r#type : r#type , \
             state : :: core :: default :: Default :: default () } }"
        ),
        "{out}"
    );
    assert!(out.contains("fn first () { } fn second () { } fn r#type () { }"));
}

#[test]
fn constructor_of_a_unit_struct_takes_nothing() {
    let out = expand(
        quote!(new = pub),
        quote!(
            struct Job;
        ),
    );
    assert!(
        out.contains(
            "pub fn new () -> Self { Self { status : :: core :: default :: Default :: default () } }"
        ),
        "{out}"
    );
}

#[test]
fn a_field_named_as_a_parameter_is_shadowed_once() {
    let out = expand(
        quote!(new = pub),
        quote!(
            struct Job {
                value: u8,
            }
        ),
    );
    // The runtime's `params::value` shadows it; no function of its own.
    assert!(out.contains("use __ai :: params :: {"), "{out}");
    assert!(!out.contains("fn value ()"), "{out}");
}

#[test]
fn the_runtime_alias_avoids_every_name_the_user_wrote() {
    let plain = expand(
        quote!(),
        quote!(
            pub struct Job;
        ),
    );
    assert!(plain.contains("as __ai ;"), "{plain}");
    let out = expand(
        quote!(output = __ai_::Out),
        quote!(
            pub struct Job<__ai> {
                x: __ai,
            }
        ),
    );
    assert!(out.contains("as __ai__ ;"), "{out}");
    assert!(out.contains("__ai__ :: status (self)"), "{out}");
}
