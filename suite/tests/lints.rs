//! Generated code is clean under the strictest settings a user crate might have: every
//! warning denied, `missing_docs`, `unsafe_code` forbidden, and clippy's pedantic group (CI runs
//! clippy over this file with `-D warnings`).
#![deny(
    warnings,
    missing_docs,
    clippy::pedantic,
    unreachable_pub,
    unused_qualifications
)]
#![forbid(unsafe_code)]

use asyncinfo::async_operation;

/// A public operation whose generated public methods need docs.
#[async_operation(output = Vec<u8>, error = std::io::Error, progress = u64)]
#[derive(Debug, Default)]
pub struct Download {
    /// Where from.
    pub url: String,
}

/// A public action, none of whose methods is called.
#[async_operation]
pub struct Unused;

/// A public action with a generated constructor that takes nothing.
#[async_operation(new = pub)]
pub struct Built;

/// A public operation with a generated constructor that takes its fields.
#[async_operation(output = u8, new = pub)]
pub struct BuiltFrom<T> {
    /// A field.
    pub first: T,
    /// Configured out.
    #[cfg(any())]
    pub never: T,
    /// Another.
    pub second: u8,
}

/// Generic, with a lifetime, a const parameter and a where clause.
#[async_operation(output = [&'a T; N])]
pub struct Generic<'a, T, const N: usize>
where
    T: Sync,
{
    /// Borrowed.
    pub items: &'a [T],
}

mod private {
    use asyncinfo::async_operation;

    #[async_operation(output = u8)]
    pub(crate) struct Inner;

    pub(crate) fn make() -> Inner {
        Inner {
            status: asyncinfo::OperationState::new(),
        }
    }

    /// Made, but none of its generated methods is called: the expansion carries no
    /// `#[allow(dead_code)]`, and needs none.
    #[async_operation(progress = u16, on_cancel = stop)]
    pub(crate) struct Idle;

    fn stop(_: &Idle) {}

    pub(crate) fn idle() -> Idle {
        Idle {
            status: asyncinfo::OperationState::new(),
        }
    }
}

#[test]
fn lint_clean_operations_work() {
    let download = Download {
        url: "https://example.invalid".into(),
        ..Default::default()
    };
    download.start().unwrap();
    download.complete(vec![1, 2, 3]).unwrap();
    assert_eq!(download.results().unwrap(), &[1, 2, 3]);

    let built = BuiltFrom::new(1_u8, 2);
    assert_eq!(built.first + built.second, 3);

    let inner = private::make();
    assert!(inner.cancel());
    drop(private::idle());
}
