//! The options' tokens, split apart before any is parsed.

use proc_macro2::{Spacing, Span, TokenStream, TokenTree};

use super::is_eq;

/// One option's tokens, as split by [`split_on_commas`].
pub(super) struct Part {
    pub(super) tokens: Vec<TokenTree>,
    /// The `,` after the option.
    pub(super) comma: Option<Span>,
    /// The error for a `,` missing before the option.
    pub(super) missing_comma: Option<syn::Error>,
}

/// Splits the arguments on the commas that separate options: not those inside a group or
/// between the angle brackets of a type (`HashMap<K, V>`). The `>` of `->` and `=>` closes no
/// bracket. Each part comes with the comma that ended it, if any.
///
/// An option that starts where a value should go on (`output = Vec<u8> error = E`: an
/// identifier and a lone `=` outside brackets, which no type or path contains) is split off as
/// if the comma were there, with the error to report before its own.
pub(super) fn split_on_commas(args: TokenStream) -> Vec<Part> {
    let eq_at = |token: Option<&TokenTree>| matches!(token, Some(TokenTree::Punct(p)) if is_eq(p));
    let mut parts = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut missing_comma = None;
    let mut angles = Angles::default();
    let mut tokens = args.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if angles.is_outside() {
            match &token {
                TokenTree::Punct(p) if p.as_char() == ',' => {
                    parts.push(Part {
                        tokens: std::mem::take(&mut current),
                        comma: Some(p.span()),
                        missing_comma: missing_comma.take(),
                    });
                    continue;
                }
                TokenTree::Ident(next_key)
                    if current.len() >= 2 && !eq_at(current.last()) && eq_at(tokens.peek()) =>
                {
                    parts.push(Part {
                        tokens: std::mem::take(&mut current),
                        comma: None,
                        missing_comma: missing_comma.take(),
                    });
                    missing_comma = Some(syn::Error::new(
                        next_key.span(),
                        format!("expected `,` before `{next_key}`; separate options with `,`"),
                    ));
                }
                _ => {}
            }
        }
        angles.step(&token);
        current.push(token);
    }
    if !current.is_empty() {
        parts.push(Part {
            tokens: current,
            comma: None,
            missing_comma,
        });
    }
    parts
}

/// The angle brackets of types and paths (`HashMap<K, V>`) open at a point of a run of tokens.
/// The `>` of `->` and `=>` closes none.
#[derive(Default)]
pub(super) struct Angles {
    depth: usize,
    after_joint_arrow_start: bool,
}

impl Angles {
    /// Whether the next token is outside any angle brackets.
    pub(super) fn is_outside(&self) -> bool {
        self.depth == 0
    }

    /// Moves past `token`.
    pub(super) fn step(&mut self, token: &TokenTree) {
        let mut joint_arrow_start = false;
        if let TokenTree::Punct(p) = token {
            match p.as_char() {
                '<' => self.depth = self.depth.saturating_add(1),
                '>' if !self.after_joint_arrow_start => {
                    self.depth = self.depth.saturating_sub(1);
                }
                '-' | '=' => joint_arrow_start = p.spacing() == Spacing::Joint,
                _ => {}
            }
        }
        self.after_joint_arrow_start = joint_arrow_start;
    }
}
