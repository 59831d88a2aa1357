//! Confirmation of writes by a person before they happen.
//!
//! Each instance says which writes need it ([`ConfirmWrites`]): none, the destructive ones
//! (deletes — nested x2many deletes and unlinks included —, method calls, updates of more than
//! [`MANY_RECORDS`] records: the default), or
//! every write. A write that needs it is confirmed in one of two ways:
//!
//! - the client asks the person (elicitation, when the client declared it; see
//!   `tools::confirmation`): in the 2025-11-25 era as a request to the client during the call,
//!   in the 2026-07-28 era as an `input_required` answer whose sealed [`approval`] state the
//!   client sends back with the person's answer;
//! - or the first call returns the dry run with a [`token`] naming the exact operation, and
//!   the same call repeated with `confirm: "<token>"` runs it.

pub mod approval;
pub mod token;

use std::fmt;
use std::str::FromStr;

/// Updates of more records than this count as destructive.
pub const MANY_RECORDS: usize = 3;

/// Which writes need a person's confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfirmWrites {
    /// None.
    Never,
    /// Deletes (nested x2many deletes included), method calls, wizards and updates of more than
    /// [`MANY_RECORDS`] records (the default).
    #[default]
    Destructive,
    /// Every create, update, delete and method call.
    Always,
}

/// The kind of write, to decide whether it needs confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteKind {
    Create,
    Update {
        records: usize,
    },
    Delete,
    CallMethod,
    /// A create or update whose nested x2many commands delete or unlink related records.
    NestedRemoval,
    /// A wizard's button run on active records (`run_wizard`): a business action.
    Wizard,
}

impl ConfirmWrites {
    /// Whether `kind` needs a person's confirmation under this setting.
    pub(crate) fn requires(self, kind: WriteKind) -> bool {
        match self {
            ConfirmWrites::Never => false,
            ConfirmWrites::Always => true,
            ConfirmWrites::Destructive => match kind {
                WriteKind::Create => false,
                WriteKind::Update { records } => records > MANY_RECORDS,
                WriteKind::Delete
                | WriteKind::CallMethod
                | WriteKind::NestedRemoval
                | WriteKind::Wizard => true,
            },
        }
    }

    /// The setting's name, as written in configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfirmWrites::Never => "never",
            ConfirmWrites::Destructive => "destructive",
            ConfirmWrites::Always => "always",
        }
    }
}

impl fmt::Display for ConfirmWrites {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConfirmWrites {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "never" => Ok(ConfirmWrites::Never),
            "destructive" => Ok(ConfirmWrites::Destructive),
            "always" => Ok(ConfirmWrites::Always),
            other => Err(format!(
                "{other:?} is not a confirm_writes setting: use \"never\", \"destructive\" or \"always\""
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destructive_covers_deletes_calls_and_large_updates() {
        let d = ConfirmWrites::Destructive;
        assert!(d.requires(WriteKind::Delete));
        assert!(d.requires(WriteKind::CallMethod));
        assert!(d.requires(WriteKind::Update { records: 4 }));
        assert!(!d.requires(WriteKind::Update { records: 3 }));
        assert!(!d.requires(WriteKind::Create));
        assert!(d.requires(WriteKind::NestedRemoval));
        assert!(d.requires(WriteKind::Wizard));
        assert!(ConfirmWrites::Always.requires(WriteKind::Create));
        assert!(!ConfirmWrites::Never.requires(WriteKind::Delete));
        assert_eq!("ALWAYS".parse(), Ok(ConfirmWrites::Always));
        assert!("sometimes".parse::<ConfirmWrites>().is_err());
    }
}
