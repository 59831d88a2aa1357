//! The lesson of this example: from an untrusted relative path to a file inside the shared
//! folder — or a refusal. Two checks, both needed:
//!
//! 1. **Syntax** ([`check_syntax`]): no `..` or `.` segment, no absolute path, no backslash, NUL
//!    or control character, bounded length and depth. This runs on the *decoded* path, so
//!    `%2e%2e%2f` is caught like `../` (see `uri.rs`).
//! 2. **Where it really leads** ([`Root::resolve`]): the path is canonicalised (every symbolic
//!    link followed) and must still be inside the canonical root. A link inside the folder that
//!    points outside it is refused; one that points inside is fine.
//!
//! Limits of this approach: between `canonicalize` and `open`, someone who can write *inside*
//! the folder could swap a directory for a link. If untrusted parties write there, open relative
//! to a directory handle that refuses to leave it (`openat2` with `RESOLVE_BENEATH`, or the
//! `cap-std` crate).

use std::io::Read;
use std::path::{Path, PathBuf};

/// The longest path accepted, in bytes (after decoding).
pub(crate) const MAX_PATH_BYTES: usize = 1024;
/// The most segments (folders + file name) a path may have; also how deep listing goes.
pub(crate) const MAX_DEPTH: usize = 16;
/// The largest file served.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The most files `resources/list` returns.
pub(crate) const MAX_LISTED: usize = 1000;

/// Why a path was refused. The messages never contain the server's own paths: a client learns
/// nothing about where the folder lives.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refusal {
    #[error("the URI must look like files:///notes/todo.txt")]
    NotOurUri,
    #[error("invalid %-escape in the URI (use %XX with two hex digits, UTF-8)")]
    BadEscape,
    #[error(
        "the path is empty or has an empty segment (`//`): name a file, e.g. files:///notes.txt"
    )]
    Empty,
    #[error("the path is too long: at most {MAX_PATH_BYTES} bytes and {MAX_DEPTH} segments")]
    TooLong,
    #[error("absolute paths are refused: give a path relative to the shared folder")]
    Absolute,
    #[error("`..` and `.` segments are refused: a path may not step out of the shared folder")]
    DotSegment,
    #[error("backslashes, NUL and control characters are refused in paths")]
    BadCharacter,
    #[error("the path leads outside the shared folder (through a symbolic link)")]
    Escapes,
    #[error("no such file in the shared folder")]
    NotFound,
    #[error("not a regular file")]
    NotAFile,
    #[error("the file is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge,
    #[error("the file is not UTF-8 text")]
    NotText,
}

/// Refuses a relative path whose spelling alone is unsafe.
pub(crate) fn check_syntax(path: &str) -> Result<(), Refusal> {
    if path.len() > MAX_PATH_BYTES {
        return Err(Refusal::TooLong);
    }
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(Refusal::BadCharacter);
    }
    if path.starts_with('/') {
        return Err(Refusal::Absolute);
    }
    let mut segments = 0;
    for segment in path.split('/') {
        segments += 1;
        match segment {
            "" => return Err(Refusal::Empty),
            "." | ".." => return Err(Refusal::DotSegment),
            _ => {}
        }
    }
    if segments > MAX_DEPTH {
        return Err(Refusal::TooLong);
    }
    Ok(())
}

/// The shared folder.
#[derive(Debug)]
pub(crate) struct Root {
    canonical: PathBuf,
}

impl Root {
    /// The folder at `dir`, which must exist.
    pub(crate) fn new(dir: &Path) -> std::io::Result<Self> {
        let canonical = dir.canonicalize()?;
        if !canonical.is_dir() {
            return Err(std::io::Error::other("not a directory"));
        }
        Ok(Self { canonical })
    }

    /// The real location of `relative`, if it is a safe path to something inside the folder.
    pub(crate) fn resolve(&self, relative: &str) -> Result<PathBuf, Refusal> {
        check_syntax(relative)?;
        let real = self
            .canonical
            .join(relative)
            .canonicalize()
            .map_err(|_| Refusal::NotFound)?;
        if !real.starts_with(&self.canonical) {
            return Err(Refusal::Escapes);
        }
        Ok(real)
    }

    /// The text of the file at `relative` (at most [`MAX_FILE_BYTES`]).
    pub(crate) fn read_text(&self, relative: &str) -> Result<String, Refusal> {
        let real = self.resolve(relative)?;
        let file = std::fs::File::open(&real).map_err(|_| Refusal::NotFound)?;
        let meta = file.metadata().map_err(|_| Refusal::NotFound)?;
        if !meta.is_file() {
            return Err(Refusal::NotAFile);
        }
        // Read at most one byte more than allowed: the size may change after `metadata`.
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| Refusal::NotFound)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Refusal::TooLarge);
        }
        String::from_utf8(bytes).map_err(|_| Refusal::NotText)
    }

    /// The readable files in the folder, as sorted relative paths (`notes/todo.txt`): at most
    /// [`MAX_LISTED`], at most [`MAX_DEPTH`] deep, and only those [`Root::resolve`] accepts.
    pub(crate) fn list(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut pending = vec![(self.canonical.clone(), String::new(), 1)];
        while let Some((dir, prefix, depth)) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(name) = entry.file_name().into_string() else {
                    continue; // not UTF-8: no URI for it
                };
                let relative = format!("{prefix}{name}");
                let Ok(real) = self.resolve(&relative) else {
                    continue; // an unsafe name, or a link out of the folder
                };
                // Descend into real folders only, not through links (no loops, no repeats).
                let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
                if real.is_dir() && !is_link && depth < MAX_DEPTH {
                    pending.push((real, format!("{relative}/"), depth + 1));
                } else if real.is_file() {
                    found.push(relative);
                }
                if found.len() >= MAX_LISTED {
                    found.sort();
                    return found;
                }
            }
        }
        found.sort();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_spellings_are_refused() {
        let cases = [
            ("", Refusal::Empty),
            ("a//b", Refusal::Empty),
            ("..", Refusal::DotSegment),
            ("../secret", Refusal::DotSegment),
            ("notes/../../secret", Refusal::DotSegment),
            ("./notes", Refusal::DotSegment),
            ("/etc/passwd", Refusal::Absolute),
            ("..\\secret", Refusal::BadCharacter),
            ("a\0b", Refusal::BadCharacter),
            ("a\nb", Refusal::BadCharacter),
        ];
        for (path, expected) in cases {
            assert_eq!(check_syntax(path), Err(expected), "{path:?}");
        }
        assert_eq!(
            check_syntax(&("a/".repeat(MAX_DEPTH) + "b")),
            Err(Refusal::TooLong)
        );
        assert_eq!(
            check_syntax(&"a".repeat(MAX_PATH_BYTES + 1)),
            Err(Refusal::TooLong)
        );
    }

    #[test]
    fn ordinary_names_pass_including_dots_inside_names() {
        for path in [
            "notes.txt",
            "notes/todo.txt",
            "..hidden",
            "a..b/c",
            "résumé.md",
            "a b.txt",
        ] {
            assert_eq!(check_syntax(path), Ok(()), "{path:?}");
        }
    }
}
