//! The READMEs read as plain Markdown where they are shown raw (GitHub, crates.io): no
//! rustdoc-hidden lines in their Rust blocks, a definition for every ``[`Name`]`` link, and
//! the one example the facade's doctests cannot compile kept identical to the copy that
//! `asyncinfo-lro`'s doctests compile.

use std::collections::BTreeSet;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Rust code blocks of a Markdown text: (the line the block starts on, its info string,
/// its lines).
fn rust_blocks(text: &str) -> Vec<(usize, String, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, Vec<&str>)> = None;
    for (n, line) in text.lines().enumerate() {
        match (&mut open, line.trim_start().strip_prefix("```")) {
            (None, Some(info)) => open = Some((n + 1, info.trim().to_owned(), Vec::new())),
            (Some(_), Some(_)) => {
                let (start, info, lines) = open.take().unwrap();
                if info.starts_with("rust") {
                    blocks.push((start, info, lines));
                }
            }
            (Some((_, _, lines)), None) => lines.push(line),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a code block is never closed");
    blocks
}

/// The names used as ``[`Name`]`` (not followed by a link of their own) and the names defined
/// by a line ``[`Name`]: target``.
fn links(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut used, mut defined) = (BTreeSet::new(), BTreeSet::new());
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("[`") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("`]") else { break };
            let name = after[..end].to_owned();
            let tail = &after[end + 2..];
            if start == 0 && rest.len() == line.len() && tail.starts_with(": ") {
                defined.insert(name);
            } else if !tail.starts_with('(') && !tail.starts_with('[') {
                used.insert(name);
            }
            rest = tail;
        }
    }
    (used, defined)
}

const READMES: [&str; 2] = ["README.md", "lro/README.md"];

#[test]
fn rust_blocks_have_no_hidden_lines() {
    for readme in READMES {
        let text = read(readme);
        let blocks = rust_blocks(&text);
        assert!(!blocks.is_empty(), "{readme} has no Rust block");
        for (start, _, lines) in blocks {
            for line in lines {
                let code = line.trim_start();
                assert!(
                    !(code == "#" || code.starts_with("# ")),
                    "{readme}, the block at line {start}: a rustdoc-hidden line `{line}` \
                     (GitHub and crates.io show it as written)"
                );
            }
        }
    }
}

#[test]
fn every_link_is_defined() {
    for readme in READMES {
        let (used, defined) = links(&read(readme));
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(
            missing.is_empty(),
            "{readme}: no definition for {missing:?}"
        );
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "{readme}: defined and never used: {unused:?}"
        );
    }
}

#[test]
fn the_serving_example_is_the_one_lro_compiles() {
    let main = read("README.md");
    let serving = &main[main
        .find("## Serving your operations")
        .expect("the section")..];
    let (_, info, code) = rust_blocks(serving)
        .into_iter()
        .next()
        .expect("its example");
    assert_eq!(info, "rust,ignore");
    let lro = read("lro/README.md");
    let (_, info, compiled) = rust_blocks(&lro).into_iter().next().expect("lro's example");
    // `no_run`: it binds a port and serves until stopped; compiled all the same.
    assert_eq!(info, "rust,no_run");
    assert_eq!(
        code, compiled,
        "README.md's serving example differs from lro/README.md's"
    );
}

#[test]
fn the_checks_find_what_they_look_for() {
    let text = "See [`Alpha`] and [`Beta`](x) and [`Gamma`][g].\n\n\
                ```rust\nlet x = 1;\n# hidden();\n```\n\n[`Alpha`]: https://docs.rs/a\n";
    let (used, defined) = links(text);
    assert_eq!(used, BTreeSet::from(["Alpha".to_owned()]));
    assert_eq!(defined, BTreeSet::from(["Alpha".to_owned()]));
    let blocks = rust_blocks(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].2, ["let x = 1;", "# hidden();"]);
}
