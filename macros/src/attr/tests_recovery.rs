//! Unit tests of how the option parser recovers from a mistake: the struct keeps its API, and
//! the one error says what to write. Test-only (declared under `#[cfg(test)]` in
//! `attr/mod.rs`): no macro input reaches its `unwrap`s.

use super::recover::valid;
use super::tests::{parse_err, parse_ok, text};
use quote::quote;

#[test]
fn misspelt_name_with_a_suggestion_is_recovered() {
    let (o, errors) = parse_err(quote!(outptu = Vec<u8>, eror = E, feild = state));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(text(&o.output), "Vec < u8 >");
    assert_eq!(text(&o.error), "E");
    assert_eq!(text(&o.field), "state");
    // Not when the meant option is given too, whatever the order, nor twice.
    let (o, _) = parse_err(quote!(outptu = Vec<u8>, output = u8, result = String));
    assert_eq!(text(&o.output), "u8");
    let (o, _) = parse_err(quote!(outptu = Vec<u8>, result = String));
    assert_eq!(text(&o.output), "Vec < u8 >");
    // Nor without a suggestion, nor with a value of the wrong kind.
    let (o, _) = parse_err(quote!(zzzzzz = u8, outptu = 5));
    assert!(o.output.is_none());
}

#[test]
fn missing_equals_is_recovered() {
    let (o, errors) = parse_err(quote!(output: Vec<u8>, error std::io::Error, field));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(text(&o.output), "Vec < u8 >");
    assert_eq!(text(&o.error), "std :: io :: Error");
    assert!(o.field.is_none());
}

#[test]
fn missing_comma_is_recovered() {
    let (o, errors) = parse_err(quote!(output = HashMap<K, V> error = E progress = u8));
    assert_eq!(
        errors,
        [
            "expected `,` before `error`; separate options with `,`",
            "expected `,` before `progress`; separate options with `,`",
        ]
    );
    assert_eq!(text(&o.output), "HashMap < K , V >");
    assert_eq!(text(&o.error), "E");
    assert_eq!(text(&o.progress), "u8");
    // Reported in the order of the source.
    let (_, errors) = parse_err(quote!(outptu = u8 error = E));
    assert!(
        errors[0].starts_with("unknown option `outptu`"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("expected `,` before `error`"),
        "{errors:?}"
    );
    // `=` in a type's brackets starts no option.
    let o = parse_ok(quote!(output = Box<dyn Iterator<Item = u8> >, error = E));
    assert_eq!(text(&o.output), "Box < dyn Iterator < Item = u8 > >");
}

#[test]
fn quoted_value_is_recovered() {
    let (o, errors) = parse_err(quote!(output = "Vec<u8>", field = "state"));
    assert_eq!(
        errors,
        [
            "`output` expects a type, not a string; remove the quotes: `output = Vec<u8>`",
            "`field` expects an identifier, not a string; remove the quotes: `field = state`",
        ]
    );
    assert_eq!(text(&o.output), "Vec < u8 >");
    assert_eq!(text(&o.field), "state");
    let (o, errors) = parse_err(quote!(output = "not a type!"));
    assert_eq!(
        errors,
        ["`output` expects a type, such as `output = Vec<u8>`"]
    );
    assert!(o.output.is_none());
}

#[test]
fn tokens_after_a_type_are_reported_and_the_type_kept() {
    let (o, errors) = parse_err(quote!(output = Vec<u8>>, error = E(u16)));
    assert_eq!(
        errors,
        [
            "unexpected tokens after the type of `output`",
            "unexpected tokens after the type of `error`",
        ]
    );
    assert_eq!(text(&o.output), "Vec < u8 >");
    assert_eq!(text(&o.error), "E");
    // After a path or an identifier, they make the whole value of the wrong kind.
    let (o, errors) = parse_err(quote!(crate = Vec<u8>, field = my-state));
    assert_eq!(
        errors,
        [
            "`crate` expects a path, such as `crate = ::asyncinfo`",
            "`field` expects an identifier, such as `field = state`",
        ]
    );
    assert!(o.krate.is_none() && o.field.is_none());
}

/// Values that go wrong inside brackets once made the macro panic (issue 6). Each is one
/// error, on the token where it goes wrong where it has one, and no value; the options
/// around it are kept.
#[test]
fn value_wrong_inside_brackets_is_one_error() {
    let unknown = format!(
        "unknown option `outptu` (did you mean `output`?); {}",
        valid()
    );
    for (args, message) in [
        (
            quote!(output = [u8, 4]),
            "`output` expects a type: expected `;` in array type `[T; N]`",
        ),
        (
            quote!(output = (u8; 3)),
            "`output` expects a type: expected `,` in tuple type `(A, B)`; an array type is `[T; N]`",
        ),
        (
            quote!(error = Vec<(String u32)>),
            "`error` expects a type: unexpected token, expected `)`",
        ),
        (
            quote!(output = fn(u8 u8)),
            "`output` expects a type: expected `,`",
        ),
        (
            quote!(output = "(u8 u8)"),
            "`output` expects a type, such as `output = Vec<u8>`",
        ),
        (quote!(outptu = (u8 u8)), unknown.as_str()),
        (
            quote!(on_cancel = stop::<(u8 u8)>),
            "`on_cancel` expects a path to a `fn(&Self)`: unexpected token, expected `)`",
        ),
        (
            quote!(error (,)),
            "expected `=` after `error`, as in `error = std::io::Error`",
        ),
    ] {
        let (o, errors) = parse_err(quote!(progress = u16, #args, field = state));
        assert_eq!(errors, [message], "{args}");
        assert!(
            o.output.is_none() && o.error.is_none() && o.on_cancel.is_none(),
            "{args}: a value was recovered"
        );
        assert_eq!(text(&o.progress), "u16");
        assert_eq!(text(&o.field), "state");
    }
}

#[test]
fn separator_hints_only_where_the_separator_is_wrong() {
    // Deep in a type, and in angle brackets.
    let (_, errors) = parse_err(quote!(output = Vec<Option<[u8, 4]> >));
    assert_eq!(
        errors,
        ["`output` expects a type: expected `;` in array type `[T; N]`"]
    );
    // Not for the commas of a type in brackets, nor the tokens of a macro or a block:
    // syn's message then.
    for args in [
        quote!(output = ([HashMap<K, V>; 2], u8 u8)),
        quote!(output = (m![a, b], u8 u8)),
        quote!(output = ([u8; { f(a, b) }], u8 u8)),
    ] {
        let (_, errors) = parse_err(args.clone());
        assert_eq!(errors, ["`output` expects a type: expected `,`"], "{args}");
    }
    // In a path's generic arguments too, but not in a visibility's path.
    let (_, errors) = parse_err(quote!(on_cancel = stop::<[u8, 4]>));
    assert_eq!(
        errors,
        ["`on_cancel` expects a path to a `fn(&Self)`: expected `;` in array type `[T; N]`"]
    );
    let (o, errors) = parse_err(quote!(producer = pub(in a; b)));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("`producer` expects a visibility") && !errors[0].contains("tuple"),
        "{errors:?}"
    );
    assert!(o.producer.is_none());
    let o = parse_ok(quote!(output = ([HashMap<K, V>; 2], [u8], m![a, b])));
    assert_eq!(
        text(&o.output),
        "([HashMap < K , V > ; 2] , [u8] , m ! [a , b])"
    );
}

#[test]
fn on_cancel_generics_take_a_turbofish() {
    let (o, errors) = parse_err(quote!(on_cancel = worker::stop<u8>));
    assert_eq!(
        errors,
        ["`on_cancel` expects a path to a `fn(&Self)`: in an expression, generic arguments take `::<`, as in `stop::<...>`"]
    );
    assert!(o.on_cancel.is_none());
    let (_, errors) = parse_err(quote!(on_cancel = Fn(u8)));
    assert_eq!(
        errors,
        ["`on_cancel` expects a path to a `fn(&Self)`, such as `on_cancel = Self::stop_worker`"]
    );
}

#[test]
fn plus_after_a_type_is_not_part_of_it() {
    // `Box<u8> + Send` would be a trait object, never sized, and out of place in `&T`.
    let (o, errors) = parse_err(quote!(output = Box<u8> + Send));
    assert_eq!(errors, ["unexpected tokens after the type of `output`"]);
    assert_eq!(text(&o.output), "Box < u8 >");
    let o = parse_ok(quote!(output = Box<dyn Error + Send>));
    assert_eq!(text(&o.output), "Box < dyn Error + Send >");
}
