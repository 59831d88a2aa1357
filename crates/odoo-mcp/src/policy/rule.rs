//! [`Rule`]: which policy rule refused a call. Each rule is one row of [`rules!`] — variant,
//! name, description — and the enum, [`Rule::ALL`] and [`Rule::as_str`] are made from the
//! rows, so a new rule cannot be left out of the list that audit names, metrics labels and
//! [`Rule::from_name`] go through.

use std::fmt;

/// Declares [`Rule`] from its rows: `/// doc` then `Variant => "name",`.
macro_rules! rules {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// The policy rule behind a [`super::Refusal`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: [Rule; [$(Rule::$variant),+].len()] = [$(Rule::$variant),+];

            /// The rule's name, as written in configuration and logs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)+
                }
            }
        }
    };
}

rules! {
    /// The instance is read-only.
    ReadOnly => "read_only",
    /// A `denied_models` pattern matched.
    DeniedModels => "denied_models",
    /// The built-in deny list matched.
    BuiltinDeny => "builtin_deny",
    /// `allowed_models` is set and did not match.
    AllowedModels => "allowed_models",
    /// The built-in write protection of models matched.
    BuiltinWriteProtection => "builtin_write_protection",
    /// The built-in write protection of fields matched.
    ProtectedField => "builtin_field_protection",
    /// A secret field was named (to read, filter, sort, group or write).
    SecretField => "secret_field",
    /// The method is private.
    PrivateMethod => "private_method",
    /// The built-in method deny list matched.
    BuiltinMethodDeny => "builtin_method_deny",
    /// `allowed_methods` did not match (or matched a generic ORM method through a glob).
    AllowedMethods => "allowed_methods",
    /// A context key that changes the ORM's behaviour.
    ContextKey => "context_key",
    /// More records than `max_records` in one call (nested creates included).
    MaxRecords => "max_records",
}

impl Rule {
    /// The rule named `name` (its [`Rule::as_str`]).
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.as_str() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn every_rule_is_listed_once_and_found_by_its_name() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.as_str()), Some(rule));
            assert_eq!(rule.to_string(), rule.as_str());
        }
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len(), "two rules share a name");
        assert_eq!(Rule::from_name("no_such_rule"), None);
    }
}
