//! A crate that depends on the facade as `ops`, and re-exports it, the way a framework crate
//! hands `asyncinfo` to its users. `::asyncinfo` does not resolve here.

/// The facade, re-exported under a path of this crate.
pub mod reexport {
    pub use ::ops as facade;
}

/// The facade named by its renamed crate path.
#[ops::async_operation(crate = ::ops, output = u32)]
pub struct ByPath;

/// The facade named through a re-export, in the string form.
#[ops::async_operation(crate = "crate::reexport::facade", error = std::io::Error)]
pub struct ByString;

#[cfg(test)]
mod tests {
    use super::*;
    use ops::{AsyncInfo, AsyncStatus};

    #[test]
    fn renamed_facade_by_path() {
        let op = ByPath {
            status: Default::default(),
        };
        op.start().unwrap();
        op.complete(7).unwrap();
        assert_eq!(op.results(), Ok(&7));
        assert!(::core::any::type_name::<ops::AsyncError>().contains("asyncinfo"));
    }

    #[test]
    fn renamed_facade_through_reexport_string() {
        let op = ByString {
            status: Default::default(),
        };
        op.start().unwrap();
        op.fail(std::io::Error::other("disk full")).unwrap();
        let info: &dyn AsyncInfo = &op;
        assert_eq!(info.status(), AsyncStatus::Error);
        assert_eq!(op.error_code().unwrap().to_string(), "disk full");
    }
}
