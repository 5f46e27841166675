//! Unit tests of the option parser: each message, and each recovery. Test-only (declared under
//! `#[cfg(test)]` in `attr/mod.rs`): no macro input reaches its `unwrap`s.

use super::recover::edit_distance;
use super::*;
use quote::quote;
use quote::ToTokens;

pub(super) fn parse_ok(args: TokenStream) -> Options {
    let mut errors = Errors::default();
    let options = parse(args, &mut errors);
    assert!(errors.is_empty(), "{:?}", errors.messages());
    options
}

pub(super) fn parse_err(args: TokenStream) -> (Options, Vec<String>) {
    let mut errors = Errors::default();
    let options = parse(args, &mut errors);
    (options, errors.messages())
}

pub(super) fn text<T: ToTokens>(t: &Option<T>) -> String {
    // Test-only (`#[cfg(test)] mod tests`): a test asserting an option it just parsed.
    t.as_ref().unwrap().to_token_stream().to_string()
}

#[test]
fn every_option_in_any_order() {
    let o = parse_ok(quote!(progress = u64, crate = ::my::facade, field = state,
        on_cancel = Self::stop, error = std::io::Error, output = HashMap<String, Vec<u8> >,));
    assert_eq!(text(&o.output), "HashMap < String , Vec < u8 > >");
    assert_eq!(text(&o.error), "std :: io :: Error");
    assert_eq!(text(&o.progress), "u64");
    assert_eq!(text(&o.field), "state");
    assert_eq!(text(&o.krate), ":: my :: facade");
    assert_eq!(text(&o.on_cancel), "Self :: stop");
}

#[test]
fn on_cancel_takes_a_path() {
    let o = parse_ok(quote!(on_cancel = worker::stop::<u8>));
    assert_eq!(text(&o.on_cancel), "worker :: stop :: < u8 >");
    let (o, errors) = parse_err(quote!(on_cancel = |op| stop(op)));
    assert!(o.on_cancel.is_none());
    assert_eq!(
        errors,
        ["`on_cancel` expects a path to a `fn(&Self)`, such as `on_cancel = Self::stop_worker`"]
    );
    let (_, errors) = parse_err(quote!(oncancel = stop));
    assert!(
        errors[0].contains("did you mean `on_cancel`?"),
        "{errors:?}"
    );
}

#[test]
fn no_options() {
    let o = parse_ok(quote!());
    assert!(o.output.is_none() && o.error.is_none() && o.krate.is_none());
}

#[test]
fn crate_as_string_literal() {
    let o = parse_ok(quote!(crate = "::my::facade"));
    assert_eq!(text(&o.krate), ":: my :: facade");
    let (_, errors) = parse_err(quote!(crate = "not a path!"));
    assert_eq!(
        errors,
        ["`crate` expects a path, such as `crate = ::asyncinfo`"]
    );
}

#[test]
fn types_with_arrows_and_commas() {
    let o = parse_ok(quote!(output = Box<dyn Fn(u8, u16) -> Vec<u8> + Send>, error = E));
    assert_eq!(
        text(&o.output),
        "Box < dyn Fn (u8 , u16) -> Vec < u8 > + Send >"
    );
    assert_eq!(text(&o.error), "E");
}

#[test]
fn unknown_option_lists_the_valid_ones_and_suggests() {
    let (_, errors) = parse_err(quote!(outptu = u8));
    assert_eq!(
        errors,
        ["unknown option `outptu` (did you mean `output`?); expected one of: `output`, `error`, `progress`, `field`, `crate`, `on_cancel`, `producer`, `new`, `timestamps`"]
    );
    let (_, errors) = parse_err(quote!(result = u8));
    assert!(errors[0].contains("did you mean `output`?"), "{errors:?}");
    let (_, errors) = parse_err(quote!(zzzzzz = u8));
    assert!(!errors[0].contains("did you mean"), "{errors:?}");
}

#[test]
fn all_errors_at_once_and_good_options_kept() {
    let (o, errors) = parse_err(quote!(
        output = 5,
        bogus = u8,
        error = std::io::Error,
        output = u8,
        field = 1
    ));
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(
        errors[0],
        "`output` expects a type, such as `output = Vec<u8>`"
    );
    assert!(errors[1].starts_with("unknown option `bogus`"));
    assert_eq!(
        errors[2],
        "duplicate option `output`; each option may be given once"
    );
    assert_eq!(
        errors[3],
        "`field` expects an identifier, such as `field = state`"
    );
    assert!(o.output.is_none());
    assert!(o.field.is_none());
    assert_eq!(text(&o.error), "std :: io :: Error");
}

#[test]
fn missing_value_comma_or_equals() {
    let (_, errors) = parse_err(quote!(output));
    assert_eq!(
        errors,
        ["expected `=` after `output`, as in `output = Vec<u8>`"]
    );
    let (_, errors) = parse_err(quote!(output: u8));
    assert_eq!(
        errors,
        ["expected `=` after `output`, as in `output = Vec<u8>`"]
    );
    let (_, errors) = parse_err(quote!(output =));
    assert_eq!(
        errors,
        ["expected a value after `output =`, such as `output = Vec<u8>`"]
    );
    let (_, errors) = parse_err(quote!(output = u8 error = E));
    assert_eq!(
        errors,
        ["expected `,` before `error`; separate options with `,`"]
    );
    let (_, errors) = parse_err(quote!(output = u8,, error = E));
    assert!(
        errors[0].starts_with("expected an option before this `,`"),
        "{errors:?}"
    );
    let (_, errors) = parse_err(quote!(Vec<u8>));
    assert!(
        errors[0].starts_with("expected `option = value`"),
        "{errors:?}"
    );
    let (_, errors) = parse_err(quote!("output" = u8));
    assert!(
        errors[0].starts_with("expected an option name"),
        "{errors:?}"
    );
}

#[test]
fn keyword_is_not_a_field_name() {
    let (o, errors) = parse_err(quote!(field = type));
    assert_eq!(
        errors,
        ["`field` expects an identifier, such as `field = state`"]
    );
    assert!(o.field.is_none());
    let o = parse_ok(quote!(field = r#type));
    assert_eq!(text(&o.field), "r#type");
}

#[test]
fn distance() {
    assert_eq!(edit_distance("output", "output"), 0);
    assert_eq!(edit_distance("outptu", "output"), 2);
    assert_eq!(edit_distance("erorr", "error"), 2);
    assert_eq!(edit_distance("", "crate"), 5);
}

#[test]
fn new_takes_a_visibility() {
    let o = parse_ok(quote!(new = pub(crate)));
    assert_eq!(text(&o.new), "pub (crate)");
    let o = parse_ok(quote!(output = u8, new = pub));
    assert_eq!(text(&o.new), "pub");
    assert!(parse_ok(quote!(output = u8)).new.is_none());
}

#[test]
fn a_bad_new_is_one_error_and_a_pub_constructor() {
    // The user asked for a constructor: it is generated (`pub`, so that no call to it raises
    // a privacy error), and the one error is the value's.
    for (args, message) in [
        (
            quote!(new = public),
            "`new` expects a visibility, such as `new = pub`",
        ),
        (
            quote!(new = 42),
            "`new` expects a visibility, such as `new = pub`",
        ),
        (
            quote!(new =),
            "expected a value after `new =`, such as `new = pub`",
        ),
        (
            quote!(new pub),
            "expected `=` after `new`, as in `new = pub`",
        ),
        (
            quote!(new = "pub"),
            "`new` expects a visibility, not a string; remove the quotes: `new = pub`",
        ),
    ] {
        let (o, errors) = parse_err(args.clone());
        assert_eq!(errors, [message], "{args}");
        assert_eq!(text(&o.new), "pub", "{args}");
    }
    let (o, errors) = parse_err(quote!(new = pub(crate), new = pub));
    assert_eq!(text(&o.new), "pub (crate)");
    assert_eq!(
        errors,
        ["duplicate option `new`; each option may be given once"]
    );
}

#[test]
fn constructor_means_new() {
    let (o, errors) = parse_err(quote!(constructor = pub));
    assert_eq!(text(&o.new), "pub");
    assert!(errors[0].contains("did you mean `new`?"), "{errors:?}");
}

#[test]
fn timestamps_is_a_flag_alone_or_with_a_bool() {
    assert!(!parse_ok(quote!(output = u8)).timestamps);
    assert!(parse_ok(quote!(timestamps)).timestamps);
    assert!(parse_ok(quote!(output = u8, timestamps, progress = u8)).timestamps);
    assert!(parse_ok(quote!(timestamps = true)).timestamps);
    assert!(!parse_ok(quote!(timestamps = false)).timestamps);

    let (_, errors) = parse_err(quote!(timestamps = 3));
    assert_eq!(
        errors,
        ["`timestamps` expects `true` or `false` (or nothing: `timestamps` alone is `true`), such as `timestamps = true`"]
    );
    let (o, errors) = parse_err(quote!(timestamps, timestamps = false));
    assert!(o.timestamps, "the first one stands");
    assert_eq!(
        errors,
        ["duplicate option `timestamps`; each option may be given once"]
    );
    let (o, errors) = parse_err(quote!(timestamp));
    assert!(
        o.timestamps,
        "a misspelt flag is recovered, as a misspelt option is"
    );
    assert!(
        errors[0].contains("did you mean `timestamps`?"),
        "{errors:?}"
    );
    let (o, errors) = parse_err(quote!(timed = true));
    assert!(
        o.timestamps,
        "recovered under the name it most likely meant"
    );
    assert!(
        errors[0].contains("did you mean `timestamps`?"),
        "{errors:?}"
    );
}
