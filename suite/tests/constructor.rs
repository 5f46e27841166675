//! `new = <visibility>`: a generated `fn new(fields…) -> Self`, so that code outside the
//! struct's module can build an operation (the injected state field is private).

use std::marker::PhantomData;

use asyncinfo::{AsyncInfo, AsyncStatus};

mod ops {
    use std::marker::PhantomData;

    use asyncinfo::async_operation;

    /// Defined in a private module, built from outside it.
    #[async_operation(output = Vec<u8>, error = std::io::Error, new = pub)]
    pub struct Download {
        pub url: String,
        pub retries: u8,
    }

    /// Generic, with a lifetime and a const parameter; `PhantomData` is a field like any other.
    #[async_operation(output = [T; N], new = pub)]
    pub struct Fill<'a, T: Copy, const N: usize> {
        pub seed: &'a T,
        pub marker: PhantomData<T>,
    }

    /// A unit struct: `new()` takes nothing.
    #[async_operation(new = pub(crate))]
    pub struct Flush;

    /// A field whose `#[cfg]` is off is no parameter; one whose `#[cfg]` is on is.
    #[async_operation(output = u32, new = pub)]
    pub struct Configured {
        #[cfg(any())]
        pub never: String,
        #[cfg(not(any()))]
        pub always: u32,
        pub last: u32,
    }

    /// A field configured out through `cfg_attr` is no parameter either; the other attributes
    /// a `cfg_attr` holds stay on the field (a parameter could not take them).
    #[async_operation(output = u32, new = pub)]
    pub struct ConfiguredAttr {
        #[cfg_attr(all(), cfg(any()))]
        pub gone: u8,
        #[cfg_attr(all(), allow(dead_code), cfg_attr(all(), cfg(any())))]
        pub nested: u8,
        #[cfg_attr(any(), cfg(any()))]
        pub kept: u8,
        #[cfg_attr(all(), doc = "kept, documented")]
        #[cfg_attr(all(), allow(unused), cfg(all()))]
        pub also_kept: u8,
    }

    /// Fields named as the other methods' parameters, and a raw identifier.
    #[async_operation(output = u8, new = pub)]
    pub struct Named {
        pub value: u8,
        pub handler: u8,
        pub r#type: &'static str,
    }

    pub mod nested {
        /// `new = pub(super)`: the parent module builds it.
        #[asyncinfo::async_operation(new = pub(super))]
        pub struct Inner {
            pub depth: u8,
        }
    }

    pub fn inner() -> nested::Inner {
        nested::Inner::new(2)
    }
}

#[test]
fn new_builds_an_operation_outside_its_module() {
    let op = ops::Download::new("https://example.invalid".to_owned(), 3);
    assert_eq!(op.url, "https://example.invalid");
    assert_eq!(op.retries, 3);
    assert_eq!(op.status(), AsyncStatus::Created);
    assert!(!op.is_finished());
    assert!(op.cancel());
    assert_eq!(op.status(), AsyncStatus::Canceled);
}

#[test]
fn each_new_operation_has_its_own_state() {
    let a = ops::Download::new(String::new(), 0);
    let b = ops::Download::new(String::new(), 0);
    assert_ne!(a.id(), b.id());
    a.cancel();
    assert_eq!(b.status(), AsyncStatus::Created);
}

#[test]
fn generic_operations() {
    let seed = 7_u16;
    let op = ops::Fill::<'_, u16, 3>::new(&seed, PhantomData);
    assert_eq!(*op.seed, 7);
    assert_eq!(op.status(), AsyncStatus::Created);
    let worker = op.worker().unwrap();
    assert_eq!(
        worker.run_blocking(|w| Ok([*w.operation().seed; 3])),
        AsyncStatus::Completed
    );
    assert_eq!(op.results().unwrap(), &[7, 7, 7]);
}

#[test]
fn unit_struct_and_restricted_visibility() {
    let op = ops::Flush::new();
    op.start().unwrap();
    op.complete().unwrap();
    assert_eq!(op.wait(), AsyncStatus::Completed);
    assert_eq!(ops::inner().depth, 2);
}

#[test]
fn cfg_on_fields_follows_the_field() {
    // `never` is configured out: `new` takes `always` and `last` only.
    let op = ops::Configured::new(1, 2);
    assert_eq!((op.always, op.last), (1, 2));
    let dyn_op: &dyn AsyncInfo = &op;
    assert_eq!(dyn_op.status(), AsyncStatus::Created);
}

#[test]
fn cfg_attr_on_fields_follows_the_field() {
    // `gone` and `nested` are configured out through `cfg_attr`: `new` takes the other two.
    let op = ops::ConfiguredAttr::new(3, 4);
    assert_eq!((op.kept, op.also_kept), (3, 4));
    assert_eq!(op.status(), AsyncStatus::Created);
}

#[test]
fn fields_named_as_parameters() {
    let op = ops::Named::new(1, 2, "raw");
    assert_eq!((op.value, op.handler, op.r#type), (1, 2, "raw"));
    op.start().unwrap();
    op.complete(op.value + op.handler).unwrap();
    assert_eq!(op.results().unwrap(), &3);
}
