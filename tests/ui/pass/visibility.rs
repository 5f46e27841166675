#![deny(warnings)]

use asyncinfo::{async_operation, AsyncStatus};

mod api {
    use asyncinfo::async_operation;

    /// A public operation: its consumer methods are public.
    #[async_operation(output = u32)]
    pub struct Public {
        pub id: u32,
    }

    /// A crate-visible operation.
    #[async_operation]
    pub(crate) struct CrateWide;

    impl Public {
        pub fn new(id: u32) -> Self {
            Public {
                id,
                status: Default::default(),
            }
        }

        /// Producer methods are usable from anywhere in the crate; here, from the module.
        pub fn run(&self) {
            self.start().unwrap();
            self.complete(self.id * 2).unwrap();
        }
    }

    impl CrateWide {
        pub(crate) fn new() -> Self {
            CrateWide {
                status: Default::default(),
            }
        }
    }
}

mod internal {
    use asyncinfo::async_operation;

    /// A private operation, used only inside its module.
    #[async_operation(output = &'static str)]
    struct Hidden;

    pub fn run() -> &'static str {
        let op = Hidden {
            status: Default::default(),
        };
        op.start().unwrap();
        op.complete("hidden").unwrap();
        let out = *op.results().unwrap();
        op.close().unwrap();
        assert!(op.is_closed());
        out
    }
}

/// A private operation at the crate root.
#[async_operation]
struct Root;

fn main() {
    let public = api::Public::new(21);
    public.run();
    assert_eq!(public.results(), Ok(&42));

    let crate_wide = api::CrateWide::new();
    crate_wide.start().unwrap();
    assert!(crate_wide.cancel());
    crate_wide.acknowledge_cancel().unwrap();
    assert!(crate_wide.is_finished());

    assert_eq!(internal::run(), "hidden");

    let root = Root {
        status: Default::default(),
    };
    assert_eq!(root.status(), AsyncStatus::Created);
    assert!(root.id().get() > 0);
}
