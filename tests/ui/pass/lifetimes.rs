#![deny(warnings)]

use asyncinfo::{async_operation, AsyncStatus};

/// Finds the first word of a borrowed text; the output borrows from the same text.
#[async_operation(output = &'a str)]
struct FirstWord<'a> {
    text: &'a str,
}

/// Two lifetimes, one outliving the other.
#[async_operation(output = (&'a str, &'b str))]
struct Pair<'a, 'b: 'a> {
    left: &'a str,
    right: &'b str,
}

fn run<'a>(op: &FirstWord<'a>) -> &'a str {
    op.start().unwrap();
    op.complete(op.text.split(' ').next().unwrap_or(""))
        .unwrap();
    op.results().unwrap()
}

fn main() {
    let text = String::from("hello async world");
    let op = FirstWord {
        text: &text,
        status: Default::default(),
    };
    assert_eq!(run(&op), "hello");
    assert_eq!(op.status(), AsyncStatus::Completed);

    let right = String::from("right");
    let pair = Pair {
        left: "left",
        right: &right,
        status: Default::default(),
    };
    pair.start().unwrap();
    pair.complete((pair.left, pair.right)).unwrap();
    assert_eq!(pair.results().unwrap(), &("left", "right"));
}
