//! The option names, in one place (serde's `symbol.rs`): every `match` on an [`Opt`] is
//! exhaustive, so that a new option is parsed, described and exemplified on purpose, never
//! silently as another.

/// An option of the attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Opt {
    Output,
    Error,
    Progress,
    Field,
    Crate,
    OnCancel,
    Producer,
    New,
    Timestamps,
}

impl Opt {
    /// Every option, in the order error messages list them.
    pub(crate) const ALL: [Self; 9] = [
        Self::Output,
        Self::Error,
        Self::Progress,
        Self::Field,
        Self::Crate,
        Self::OnCancel,
        Self::Producer,
        Self::New,
        Self::Timestamps,
    ];

    /// The option with this name.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|option| option.name() == name)
    }

    /// The name the user writes.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Output => "output",
            Self::Error => "error",
            Self::Progress => "progress",
            Self::Field => "field",
            Self::Crate => "crate",
            Self::OnCancel => "on_cancel",
            Self::Producer => "producer",
            Self::New => "new",
            Self::Timestamps => "timestamps",
        }
    }

    /// The option written out with a typical value, for messages.
    pub(crate) const fn example(self) -> &'static str {
        match self {
            Self::Output => "output = Vec<u8>",
            Self::Error => "error = std::io::Error",
            Self::Progress => "progress = u64",
            Self::Field => "field = state",
            Self::Crate => "crate = ::asyncinfo",
            Self::OnCancel => "on_cancel = Self::stop_worker",
            Self::Producer => "producer = pub",
            Self::New => "new = pub",
            Self::Timestamps => "timestamps = true",
        }
    }

    /// What the option takes, for messages.
    pub(crate) const fn kind(self) -> &'static str {
        match self.value() {
            Kind::Type => "a type",
            Kind::Ident => "an identifier",
            Kind::Path => "a path",
            Kind::Fn => "a path to a `fn(&Self)`",
            Kind::Visibility => "a visibility",
            Kind::Flag => "`true` or `false` (or nothing: `timestamps` alone is `true`)",
        }
    }

    /// Whether the option is a flag, which may be given by its name alone.
    pub(crate) fn is_flag(self) -> bool {
        self.value() == Kind::Flag
    }

    /// The kind of value the option takes.
    pub(crate) const fn value(self) -> Kind {
        match self {
            Self::Output | Self::Error | Self::Progress => Kind::Type,
            Self::Field => Kind::Ident,
            Self::Crate => Kind::Path,
            Self::OnCancel => Kind::Fn,
            Self::Producer | Self::New => Kind::Visibility,
            Self::Timestamps => Kind::Flag,
        }
    }
}

/// The kinds of value the options take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A type, without a top-level `+`.
    Type,
    /// An identifier (raw or not, no keyword).
    Ident,
    /// A path in module style, or a string literal holding one.
    Path,
    /// A path as an expression, to a `fn(&Self)`.
    Fn,
    /// A visibility that is written out.
    Visibility,
    /// A flag: nothing (the bare name), or `= true` / `= false`.
    Flag,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_found() {
        for (i, option) in Opt::ALL.into_iter().enumerate() {
            assert_eq!(Opt::from_name(option.name()), Some(option));
            assert!(option
                .example()
                .starts_with(&format!("{} = ", option.name())));
            assert!(Opt::ALL[..i].iter().all(|o| o.name() != option.name()));
        }
        assert_eq!(Opt::from_name("krate"), None);
    }
}
