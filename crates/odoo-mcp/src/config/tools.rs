//! Which tools `tools/list` offers: `[server] tools` (a profile), `tools_include` and
//! `tools_exclude` (globs over tool names) and `output_schemas`; the environment's
//! `ODOO_MCP_TOOLS`, `ODOO_MCP_TOOLS_INCLUDE`, `ODOO_MCP_TOOLS_EXCLUDE` (comma-separated) and
//! `ODOO_MCP_OUTPUT_SCHEMAS` win over the file.

use super::ConfigError;
use super::env::{Env, parse_bool};
use crate::policy::PatternError;

/// A named set of tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolProfile {
    /// Find a model, learn its fields, search and count: the smallest useful list.
    Minimal,
    /// Every tool that only reads.
    Read,
    /// The read tools and the tools that create, change or delete records (not `call_method`).
    Write,
    /// Every tool, `call_method` included.
    All,
}

impl ToolProfile {
    /// The profile names, as written in the configuration.
    pub const NAMES: &'static str = "\"minimal\", \"read\", \"write\" or \"all\"";

    /// Parses a profile name (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "minimal" => Some(Self::Minimal),
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "all" => Some(Self::All),
            _ => None,
        }
    }
}

/// The tool list's settings, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolSelection {
    /// The profile; `None` (the default) offers the read tools, plus the write tools when
    /// some instance allows writes.
    pub profile: Option<ToolProfile>,
    /// Globs of tools offered besides the profile's (write tools still need an instance that
    /// allows writes).
    pub include: Vec<String>,
    /// Globs of tools never offered (wins over `include`).
    pub exclude: Vec<String>,
    /// Whether tools declare an `outputSchema` (default false: results still carry
    /// `structuredContent`, and the tool list is about half as long).
    pub output_schemas: bool,
}

impl ToolSelection {
    /// The file's keys (`label` names the file in errors), then the environment over them.
    pub(crate) fn load(
        profile: Option<String>,
        include: Option<Vec<String>>,
        exclude: Option<Vec<String>>,
        output_schemas: Option<bool>,
        env: &Env,
        label: &str,
    ) -> Result<Self, ConfigError> {
        let from_file = |key: &str| (label.to_owned(), format!("server.{key}"));
        let profile = match env.get("ODOO_MCP_TOOLS") {
            Some(v) => Some((
                v.to_owned(),
                ("ODOO_MCP_TOOLS".to_owned(), "value".to_owned()),
            )),
            None => profile.map(|p| (p, from_file("tools"))),
        };
        let profile = match profile {
            None => None,
            Some((text, (origin, key))) => Some(ToolProfile::parse(&text).ok_or_else(|| {
                ConfigError::invalid(
                    origin,
                    key,
                    format!("{text:?} is not a tool profile: use {}", ToolProfile::NAMES),
                )
            })?),
        };
        let globs = |var: &str, key: &str, file: Option<Vec<String>>| {
            let (list, (origin, key)) = match env.get(var) {
                Some(v) => (
                    v.split(',').map(|s| s.trim().to_owned()).collect(),
                    (var.to_owned(), "value".to_owned()),
                ),
                None => (file.unwrap_or_default(), from_file(key)),
            };
            let list: Vec<String> = list.into_iter().filter(|s| !s.is_empty()).collect();
            for glob in &list {
                check_glob(glob).map_err(|source| ConfigError::Pattern {
                    origin: origin.clone(),
                    key: key.clone(),
                    source: Box::new(source),
                })?;
            }
            Ok::<_, ConfigError>(list)
        };
        let include = globs("ODOO_MCP_TOOLS_INCLUDE", "tools_include", include)?;
        let exclude = globs("ODOO_MCP_TOOLS_EXCLUDE", "tools_exclude", exclude)?;
        let output_schemas = match env.get("ODOO_MCP_OUTPUT_SCHEMAS") {
            Some(v) => parse_bool("ODOO_MCP_OUTPUT_SCHEMAS", v)?,
            None => output_schemas.unwrap_or(false),
        };
        Ok(Self {
            profile,
            include,
            exclude,
            output_schemas,
        })
    }

    /// The environment's settings alone (for `demo`, which reads no file).
    pub fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Self::load(None, None, None, None, env, "environment")
    }
}

/// A tool-name glob: the model-name glob syntax (`*`, `?`, `[abc]`).
pub(crate) fn check_glob(glob: &str) -> Result<(), PatternError> {
    crate::policy::PatternList::new(&[glob]).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(env: &[(&str, &str)], profile: Option<&str>) -> Result<ToolSelection, ConfigError> {
        ToolSelection::load(
            profile.map(str::to_owned),
            Some(vec!["list_*".to_owned()]),
            None,
            None,
            &Env::from_pairs(env.iter().copied()),
            "config.toml",
        )
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let s = load(&[("ODOO_MCP_TOOLS", "Minimal")], Some("all")).unwrap();
        assert_eq!(s.profile, Some(ToolProfile::Minimal));
        assert_eq!(s.include, ["list_*"]);
        let s = load(
            &[("ODOO_MCP_TOOLS_INCLUDE", "get_*, ,export_records")],
            None,
        )
        .unwrap();
        assert_eq!(s.include, ["get_*", "export_records"]);
        assert_eq!(s.profile, None);
        assert!(!s.output_schemas);
        let s = load(&[("ODOO_MCP_OUTPUT_SCHEMAS", "yes")], None).unwrap();
        assert!(s.output_schemas);
    }

    #[test]
    fn bad_values_name_the_key_and_the_choices() {
        let e = load(&[], Some("everything")).unwrap_err().to_string();
        assert!(
            e.contains("server.tools") && e.contains("\"minimal\""),
            "{e}"
        );
        let e = load(&[("ODOO_MCP_TOOLS", "big")], None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("ODOO_MCP_TOOLS"), "{e}");
        let e = load(&[("ODOO_MCP_TOOLS_EXCLUDE", "list models")], None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ODOO_MCP_TOOLS_EXCLUDE") && e.contains("spaces"),
            "{e}"
        );
    }
}
