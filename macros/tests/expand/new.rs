// `new = …`: a constructor that takes the user's fields in order and starts the operation in
// the Created status. A field's `#[cfg]` goes on its parameter and its initializer, and so do
// the `cfg`s its `#[cfg_attr]` can expand to (without the attributes a parameter cannot take); a field
// named as a parameter of the other methods (`value`) is shadowed by the runtime's function
// of that name, which the block imports; the others get one each.
#[async_operation(output = Vec<u8>, new = pub)]
pub struct Download<'a, T: Clone> {
    url: &'a str,
    #[cfg(feature = "retries")]
    retries: u8,
    #[cfg_attr(not(feature = "mirrors"), cfg(any()), allow(dead_code))]
    mirrors: u8,
    r#type: T,
    value: u8,
}

// A unit struct: `new()` takes nothing.
#[async_operation(new = pub(crate))]
pub struct Flush;
