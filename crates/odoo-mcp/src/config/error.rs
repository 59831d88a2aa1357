//! Configuration errors: each names where (file or variable) and which key is at fault.

use std::path::{Path, PathBuf};

/// The configuration cannot be used. `Display` names the file or variable and the key, and
/// never shows a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A value is missing or invalid: `origin` is a file or variable, `key` a dotted path.
    #[error("{origin}: {key}: {message}")]
    Invalid {
        /// The file or environment variable.
        origin: String,
        /// The dotted key, e.g. `instances.prod.url`.
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The Odoo client refuses the connection settings: `source` is the rule broken.
    #[error("{origin}: {key}: {message}")]
    Connection {
        /// The file or environment variable.
        origin: String,
        /// The dotted key (or variable) at fault.
        key: String,
        /// What is wrong and how to fix it, in this configuration's key names.
        message: String,
        /// The client's rule.
        #[source]
        source: odoo_client::ConfigError,
    },
    /// A policy value (`allowed_models`, `max_records`, …) cannot be used.
    #[error("{origin}: {key}: {}", source.problem)]
    Policy {
        /// The file or environment variable.
        origin: String,
        /// The dotted key, e.g. `instances.prod.allowed_models`.
        key: String,
        /// The policy's rule.
        #[source]
        source: Box<crate::policy::PolicyError>,
    },
    /// A tool-name glob (`tools_include`, `tools_exclude`) is invalid.
    #[error("{origin}: {key}: {source}")]
    Pattern {
        /// The file or environment variable.
        origin: String,
        /// The key, e.g. `server.tools_include`.
        key: String,
        /// What is wrong with the glob.
        #[source]
        source: Box<crate::policy::PatternError>,
    },
    /// A key that does not exist (a typo, usually).
    #[error("unknown key `{key}` in {table} of {origin} (known keys: {known})")]
    UnknownKey {
        /// The unknown key.
        key: String,
        /// `[instances.prod]`, `[server]` or `the top level`.
        table: String,
        /// The file.
        origin: String,
        /// The keys that would be accepted there.
        known: String,
    },
    /// Keys the configuration does not know, every one of a file or variable at once, each
    /// with the closest known key.
    #[error("{}", unknown_keys_message(origin, found))]
    UnknownKeys {
        /// The file or variable.
        origin: String,
        /// Each unknown key (never empty).
        found: Vec<UnknownKeyAt>,
    },
    /// A file could not be read.
    #[error("{origin}: cannot read {}: {source}", path.display())]
    Read {
        /// Who pointed at the file (`--config`, `ODOO_MCP_CONFIG`, a `*_file` key).
        origin: String,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A syntax error.
    #[error("{origin}: {message}")]
    Syntax {
        /// The file or variable.
        origin: String,
        /// The parser's message (with line and column).
        message: String,
    },
    /// `ODOO_INSTANCES` (or its file) is not a JSON object of named instances.
    #[error(
        "{origin}: {source} (expected a JSON object of named instances, e.g. {{\"prod\": \
         {{\"url\": \"https://odoo.example.com\", \"db\": \"prod\", \"apiKey\": \"…\"}}}})"
    )]
    Json {
        /// The variable (and the file it names).
        origin: String,
        /// serde_json's error (line, column and what was expected; never the text).
        #[source]
        source: serde_json::Error,
    },
    /// Nothing configures an Odoo instance.
    #[error(
        "no Odoo instance is configured: set ODOO_URL with ODOO_API_KEY (or ODOO_USERNAME and \
         ODOO_PASSWORD), or ODOO_INSTANCES, or write a config file ({searched}); \
         try `odoo-mcp demo` to use a simulated Odoo"
    )]
    NoInstance {
        /// The config file locations that were looked at.
        searched: String,
    },
}

/// One unknown key and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKeyAt {
    /// The key as written.
    pub key: String,
    /// `[server]`, `[instances.prod]`, `the top level`, `instance \`prod\``.
    pub table: String,
    /// The closest known key, when one is close.
    pub suggestion: Option<String>,
    /// The known keys of that table, comma-separated.
    pub known: String,
}

fn unknown_keys_message(origin: &str, found: &[UnknownKeyAt]) -> String {
    let hint = |u: &UnknownKeyAt| {
        u.suggestion
            .as_ref()
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default()
    };
    match found {
        [one] => format!(
            "unknown key `{}` in {} of {origin}{} (known keys: {})",
            one.key,
            one.table,
            hint(one),
            one.known
        ),
        several => {
            let list: Vec<String> = several
                .iter()
                .map(|u| format!("`{}` in {}{}", u.key, u.table, hint(u)))
                .collect();
            format!(
                "{} unknown keys in {origin}: {}. Correct or remove each; docs/configuration.md \
                 lists every key",
                several.len(),
                list.join("; ")
            )
        }
    }
}

impl ConfigError {
    /// True when nothing configures an instance (as opposed to a broken configuration).
    pub fn is_no_instance(&self) -> bool {
        matches!(self, Self::NoInstance { .. })
    }

    pub(crate) fn invalid(
        origin: impl Into<String>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::Invalid {
            origin: origin.into(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// Turns a TOML deserialisation error into one naming the key and the file.
    pub(crate) fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        let origin = path.display().to_string();
        let message = err.message().to_owned();
        let (table, key) = match err.span() {
            Some(span) => locate(text, span.start),
            None => (Vec::new(), None),
        };
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let unknown = rest.split('`').next().unwrap_or_default().to_owned();
            let known = message
                .split_once("expected one of ")
                .or_else(|| message.split_once("expected "))
                .map(|(_, k)| k.replace('`', ""))
                .unwrap_or_default();
            // On a header line (`[instance.prod]`), the table is what precedes the unknown part.
            let table = match (&key, table.iter().position(|p| *p == unknown)) {
                (None, Some(at)) => table[..at].to_vec(),
                _ => table,
            };
            let table = if table.is_empty() {
                "the top level".to_owned()
            } else {
                format!("[{}]", table.join("."))
            };
            return Self::UnknownKey {
                key: unknown,
                table,
                origin,
                known,
            };
        }
        let mut path_parts = table;
        path_parts.extend(key);
        let (line, column) = err
            .span()
            .map_or((1, 1), |s| line_and_column(text, s.start));
        if path_parts.is_empty() {
            // Only toml's message: its `Display` quotes the line, which may be a secret.
            return Self::Syntax {
                origin: format!("{origin}:{line}:{column}"),
                message,
            };
        }
        Self::invalid(format!("{origin}:{line}"), path_parts.join("."), message)
    }
}

/// The 1-based line and column (in characters) of `offset` in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The table header and the key of the line holding `offset` in a TOML text.
fn locate(text: &str, offset: usize) -> (Vec<String>, Option<String>) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text.get(line_start..line_end).unwrap_or_default().trim();
    let header_of = |l: &str| -> Option<Vec<String>> {
        let l = l.trim();
        let inner = l.strip_prefix('[')?.split(']').next()?;
        if inner.starts_with('[') {
            return None;
        }
        Some(
            inner
                .split('.')
                .map(|p| p.trim().trim_matches('"').to_owned())
                .collect(),
        )
    };
    if let Some(header) = header_of(line) {
        return (header, None);
    }
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned());
    let table = before[..line_start]
        .lines()
        .rev()
        .find_map(header_of)
        .unwrap_or_default();
    (table, key.filter(|k| !k.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn locates_keys_under_headers() {
        let text = "default_instance = \"a\"\n[instances.prod]\nurl = 1\n";
        let at = text.find("1\n").unwrap();
        assert_eq!(
            locate(text, at),
            (vec!["instances".into(), "prod".into()], Some("url".into()))
        );
        assert_eq!(locate(text, 3), (vec![], Some("default_instance".into())));
    }
}
