//! Validated names of models, fields and methods: they end up in URL paths and in calls, so
//! only Odoo's own alphabet is accepted.

use std::fmt;

/// A name that is not a valid Odoo model, field or method name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} name {name:?}: {reason}")]
pub struct NameError {
    what: &'static str,
    name: String,
    reason: &'static str,
}

const MAX_NAME_LEN: usize = 128;

fn check(what: &'static str, name: &str, allow_dot: bool) -> Result<(), NameError> {
    let fail = |reason| {
        Err(NameError {
            what,
            name: name.chars().take(MAX_NAME_LEN).collect(),
            reason,
        })
    };
    if name.is_empty() {
        return fail("it is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return fail("it is longer than 128 characters");
    }
    let first = name.as_bytes()[0];
    if !(first.is_ascii_lowercase() || first == b'_' || (!allow_dot && first.is_ascii_uppercase()))
    {
        return fail("it must start with a lowercase letter or '_'");
    }
    let ok = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || (allow_dot && b == b'.'));
    if !ok {
        return fail(if allow_dot {
            "only letters, digits, '_' and '.' are allowed"
        } else {
            "only letters, digits and '_' are allowed"
        });
    }
    if allow_dot && (name.ends_with('.') || name.contains("..")) {
        return fail("dots must separate non-empty parts");
    }
    Ok(())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $ty:ident, $what:literal, $dot:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $ty(String);

        impl $ty {
            /// Validates `name`.
            pub fn new(name: impl AsRef<str>) -> Result<Self, NameError> {
                let name = name.as_ref();
                check($what, name, $dot)?;
                Ok(Self(name.to_owned()))
            }
            /// The name as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $ty {
            type Err = NameError;
            fn from_str(s: &str) -> Result<Self, NameError> {
                Self::new(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

name_type!(
    /// A model name such as `res.partner` (lowercase letters, digits, `_`, dot-separated).
    ModelName, "model", true
);
name_type!(
    /// A field name such as `partner_id` (letters, digits, `_`; `x_` custom fields included).
    FieldName, "field", false
);
name_type!(
    /// A method name such as `action_confirm`.
    MethodName, "method", false
);

impl MethodName {
    /// True for names starting with `_`: Odoo refuses them remotely, and so do we, before
    /// sending anything.
    pub fn is_private(&self) -> bool {
        self.0.starts_with('_')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_odoo_names() {
        assert!(ModelName::new("res.partner").is_ok());
        assert!(ModelName::new("x_custom.model_2").is_ok());
        assert!(FieldName::new("partner_id").is_ok());
        assert!(FieldName::new("x_studio_Field").is_ok());
        assert!(MethodName::new("action_confirm").is_ok());
    }

    #[test]
    fn refuses_path_tricks_and_garbage() {
        for bad in [
            "",
            "res/partner",
            "../etc",
            "res..partner",
            "res.partner.",
            ".res",
            "Res.Partner",
            "a b",
        ] {
            let err = ModelName::new(bad).unwrap_err();
            assert!(err.to_string().starts_with("invalid model name"), "{err}");
        }
        assert!(FieldName::new("country_id.code").is_err());
        assert!(MethodName::new("read?x=1").is_err());
        assert!(ModelName::new("a".repeat(200)).is_err());
    }

    #[test]
    fn private_methods_are_recognised() {
        assert!(MethodName::new("_compute_x").unwrap().is_private());
        assert!(!MethodName::new("read").unwrap().is_private());
    }
}
