//! Resource URIs (`files:///notes/todo.txt`) to relative paths and back. The path in a URI is
//! %-encoded; it is decoded exactly **once**, and every check in `paths.rs` runs on the decoded
//! text, so `files:///%2e%2e%2fsecret` is refused like `files:///../secret`, and a double-encoded
//! `%252e%252e` stays the literal name `%2e%2e`.

use crate::paths::Refusal;

/// What every URI of this server starts with.
pub(crate) const PREFIX: &str = "files:///";
/// The resource template (RFC 6570): `path` is the argument clients complete.
pub(crate) const TEMPLATE: &str = "files:///{path}";

/// The URI of a relative path: bytes outside `A-Z a-z 0-9 - . _ ~ /` are %-encoded.
pub(crate) fn to_uri(relative: &str) -> String {
    let mut uri = String::from(PREFIX);
    for b in relative.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The relative path a URI names (decoded, not yet checked).
pub(crate) fn path_of(uri: &str) -> Result<String, Refusal> {
    let encoded = uri.strip_prefix(PREFIX).ok_or(Refusal::NotOurUri)?;
    if encoded.contains(['?', '#']) {
        return Err(Refusal::NotOurUri);
    }
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadEscape)?;
            decoded.push(u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadEscape)?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| Refusal::BadEscape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once() {
        assert_eq!(path_of("files:///a%20b.txt").as_deref(), Ok("a b.txt"));
        assert_eq!(
            path_of("files:///%2e%2e%2fsecret").as_deref(),
            Ok("../secret")
        );
        assert_eq!(path_of("files:///%252e%252e").as_deref(), Ok("%2e%2e"));
    }

    #[test]
    fn refuses_other_uris_and_broken_escapes() {
        for uri in [
            "file:///etc/passwd",
            "files://host/x",
            "files:///a?b",
            "files:///%2",
            "files:///%zz",
            "files:///%ff",
        ] {
            assert!(path_of(uri).is_err(), "{uri}");
        }
    }

    #[test]
    fn round_trips() {
        for path in ["notes/todo.txt", "a b/ü%.txt"] {
            assert_eq!(path_of(&to_uri(path)).as_deref(), Ok(path));
        }
    }
}
