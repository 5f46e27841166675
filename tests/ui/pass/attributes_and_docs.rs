#![deny(warnings)]

use asyncinfo::{async_operation, AsyncStatus};

/// A download.
///
/// Doc comments and attributes on the struct and its fields are kept.
#[async_operation(output = Vec<u8>)]
#[allow(clippy::struct_field_names)]
#[repr(C)]
#[must_use]
pub struct Download {
    /// Where from.
    #[allow(dead_code)]
    url_string: String,
    /// Only in some builds: never here.
    #[cfg(any())]
    missing: NoSuchType,
    /// In every build.
    #[cfg(all())]
    retries: u8,
    #[doc = "Attributes written out."]
    #[cfg_attr(all(), allow(unused))]
    timeout_ms: u32,
}

fn main() {
    let op = Download {
        url_string: "https://example.com".to_owned(),
        retries: 3,
        timeout_ms: 100,
        status: Default::default(),
    };
    assert_eq!(op.retries, 3);
    op.start().unwrap();
    op.complete(vec![0xAB]).unwrap();
    assert_eq!(op.status(), AsyncStatus::Completed);
    assert_eq!(op.results().unwrap(), &[0xAB]);
}
