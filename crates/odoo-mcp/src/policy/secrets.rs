//! Secret-bearing fields, recognised by name: they are never returned to a client.
//!
//! A field is secret when one of the `_`-separated words of its name (case-insensitive) is a
//! credential word: `password`, `passwd`, `pwd`, `token`, `secret`, `apikey`, `key`, `totp`,
//! `otp`, `salt`, `credential`, `hash` (plurals included), or when the name contains
//! `api_key`/`apikey`. Matching whole words keeps `footprint` or `monkey_id` visible while
//! catching `access_token`, `totp_secret`, `x_api_key`, `new_password` and `private_key`.
//!
//! This file judges names only. `Policy::is_secret_field` adds the type: a field whose type
//! cannot hold a credential (a relation, a number, a date…) is not secret whatever its name,
//! and a `password` field is secret whatever its name. `binary` fields are heavy, not secret
//! (they are never inlined in results). `signature` fields are not hidden either:
//! `res.users.signature` is the e-mail footer users ask about.

/// Credential words, compared with each word of a field name.
pub(crate) const SECRET_WORDS: &[&str] = &[
    "password",
    "passwords",
    "passwd",
    "pwd",
    "token",
    "tokens",
    "secret",
    "secrets",
    "apikey",
    "apikeys",
    "key",
    "keys",
    "totp",
    "otp",
    "salt",
    "credential",
    "credentials",
    "hash",
];

/// Whether a field of this name must never be returned.
pub(crate) fn is_secret_field_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.contains("api_key") || lower.contains("apikey") {
        return true;
    }
    lower.split('_').any(|word| SECRET_WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::is_secret_field_name;

    #[test]
    fn credential_fields_are_secret() {
        for name in [
            "password",
            "new_password",
            "access_token",
            "totp_secret",
            "x_api_key",
            "apiKey",
            "private_key",
            "signup_token",
            "oauth_access_token",
            "client_secret",
            "smtp_pass_hash",
            "X_Studio_Password",
        ] {
            assert!(is_secret_field_name(name), "{name} should be secret");
        }
    }

    #[test]
    fn ordinary_fields_are_not_secret() {
        for name in [
            "name",
            "footprint",
            "monkey_id",
            "keyboard",
            "signature",
            "partner_id",
            "tokenizer_x",
        ] {
            assert!(!is_secret_field_name(name), "{name} should not be secret");
        }
    }
}
