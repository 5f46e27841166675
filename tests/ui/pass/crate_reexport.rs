#![deny(warnings)]

mod re {
    pub use ::asyncinfo as facade;
}

use crate::re::facade::{async_operation, AsyncInfo, AsyncStatus};

/// The facade through a re-export, as a path.
#[async_operation(crate = crate::re::facade, output = u16)]
struct ByPath;

/// The same, as a string.
#[async_operation(crate = "crate::re::facade", error = std::io::Error)]
struct ByString;

fn main() {
    let by_path = ByPath {
        status: Default::default(),
    };
    by_path.start().unwrap();
    by_path.complete(7).unwrap();
    assert_eq!(by_path.results(), Ok(&7));

    let by_string = ByString {
        status: Default::default(),
    };
    by_string.start().unwrap();
    by_string.fail(std::io::Error::other("disk full")).unwrap();
    assert_eq!(by_string.error_code().unwrap().to_string(), "disk full");

    let all: [&dyn AsyncInfo; 2] = [&by_path, &by_string];
    assert_eq!(all[1].status(), AsyncStatus::Error);
}
