//! Removes credentials from text that leaves the client (error messages, log lines): the
//! configured secrets wherever they appear, bearer tokens, and the value after a
//! credential-like key (`api_key=`, `token:`, `"password": "…"`, `session_id=`, …).
//!
//! Text from Odoo, or from a proxy in front of it, is untrusted: it may echo a request
//! header or a URL with a token in it. Every error the client returns goes through here.

/// What replaces a removed credential.
pub const REDACTED: &str = "[redacted]";

/// Key names (lower case, compared on the end of the key) whose value is a credential.
const CREDENTIAL_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "key",
    "session_id",
    "sessionid",
    "sid",
    "authorization",
];

/// Configured secrets shorter than this are not searched for (they would match ordinary
/// words); credential-looking values are still removed by pattern.
const MIN_SECRET_LEN: usize = 4;

/// `text` without `secrets` and without anything that looks like a credential.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        let secret = secret.trim();
        if secret.len() >= MIN_SECRET_LEN && out.contains(secret) {
            out = out.replace(secret, REDACTED);
        }
    }
    let out = redact_after(&out, |word| word.eq_ignore_ascii_case("bearer"), " ");
    redact_after(&out, is_credential_key, "=:")
}

/// Whether a key names a credential (`api_key`, `X-Access-Token`, `db_password`, …).
fn is_credential_key(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    CREDENTIAL_KEYS.iter().any(|k| {
        word == *k
            || word
                .strip_suffix(k)
                .is_some_and(|rest| rest.ends_with(['_', '-', '.']))
    })
}

/// Replaces the value that follows a word matching `is_key` and one of `separators`
/// (with optional quotes and spaces around them).
fn redact_after(text: &str, is_key: impl Fn(&str) -> bool, separators: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !is_word_byte(bytes[i]) || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        let word = &text[start..i];
        if !is_key(word) {
            continue;
        }
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'') {
            j += 1;
        }
        let spaces_then_sep = {
            let mut k = j;
            while k < bytes.len() && bytes[k] == b' ' {
                k += 1;
            }
            if separators == " " {
                (k > j).then_some(k)
            } else if k < bytes.len() && separators.as_bytes().contains(&bytes[k]) {
                Some(k + 1)
            } else {
                None
            }
        };
        let Some(mut v) = spaces_then_sep else {
            continue;
        };
        while v < bytes.len() && matches!(bytes[v], b' ' | b'"' | b'\'') {
            v += 1;
        }
        let value_start = v;
        while v < bytes.len() && is_value_byte(bytes[v]) {
            v += 1;
        }
        if v > value_start && !text[value_start..v].starts_with(REDACTED) {
            out.push_str(&text[copied..value_start]);
            out.push_str(REDACTED);
            copied = v;
        }
        i = v.max(i);
    }
    out.push_str(&text[copied..]);
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// A byte of a credential value: anything printable but quotes, spaces and separators.
fn is_value_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'&' | b',' | b';' | b'}' | b']' | b')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_secrets_are_removed_wherever_they_appear() {
        let text = "proxy said: invalid key 0123456789abcdef for user (0123456789abcdef)";
        let out = redact(text, &["0123456789abcdef", ""]);
        assert!(!out.contains("0123456789abcdef"), "{out}");
        assert_eq!(out.matches(REDACTED).count(), 2, "{out}");
    }

    #[test]
    fn bearer_tokens_and_key_values_are_removed() {
        let cases = [
            ("Authorization: Bearer abcDEF123456.xyz", "abcDEF123456"),
            (
                "GET /x?api_key=deadbeefdeadbeef&limit=5",
                "deadbeefdeadbeef",
            ),
            ("token=Zm9vYmFyYmF6cXV4", "Zm9vYmFyYmF6cXV4"),
            ("{\"password\": \"hunter2hunter2\"}", "hunter2hunter2"),
            ("session_id=4f1c0ab0e8c1d1; path=/", "4f1c0ab0e8c1d1"),
            ("X-Access-Token: s3cr3t-value", "s3cr3t-value"),
            ("db_password = 'pa55word'", "pa55word"),
        ];
        for (text, secret) in cases {
            let out = redact(text, &[]);
            assert!(
                !out.contains(secret) && out.contains(REDACTED),
                "{text} → {out}"
            );
        }
        assert_eq!(
            redact("GET /x?api_key=deadbeef&limit=5", &[]),
            "GET /x?api_key=[redacted]&limit=5"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "Contacts require a name",
            "the field 'partner_id' is required: key of the record",
            "Invalid field 'password' on model 'res.users'",
            "monkey=3 turkey: 4",
            "",
        ] {
            assert_eq!(redact(text, &["ab"]), text);
        }
    }

    #[test]
    fn non_ascii_text_survives() {
        let text = "Ungültiger Schlüssel — token=abc123é and more";
        let out = redact(text, &[]);
        assert!(
            out.starts_with("Ungültiger Schlüssel — token=[redacted]"),
            "{out}"
        );
    }
}
