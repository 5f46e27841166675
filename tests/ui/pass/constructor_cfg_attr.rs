#![deny(warnings)]
//! `new = pub` on a struct whose field is configured out through `cfg_attr` (issue 15): the
//! parameter follows the field, and the field's other attributes stay on the field.

mod ops {
    #[asyncinfo::async_operation(new = pub)]
    pub struct Job {
        #[cfg_attr(all(), cfg(any()))]
        pub gone: u8,
        #[cfg_attr(all(), doc = "Kept, with its doc.", cfg(all()))]
        pub kept: u8,
    }
}

pub fn job() -> ops::Job {
    ops::Job::new(2)
}

fn main() {
    assert_eq!(job().kept, 2);
}
