//! Who is calling: the [`Caller`] of one MCP request (a name, how it authenticated, and the
//! [`Restrictions`] that narrow what it may do).
//!
//! The HTTP authentication layer puts a `Caller` into the request's extensions; rmcp hands the
//! request's `http::request::Parts` to the handler in `RequestContext.extensions`, where
//! [`Caller::of`] finds it. A request without HTTP parts (stdio, `odoo-mcp call`) is the fixed
//! [`Caller::local`] identity. An OAuth principal maps onto the same shape: its subject is the
//! name, its scopes become restrictions ([`Restrictions::from_scopes`]).

use std::collections::BTreeSet;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rmcp::RoleServer;
use rmcp::service::RequestContext;

use crate::policy::{PatternError, PatternProblem};

/// How a caller proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallerKind {
    /// The process's own user: stdio, or a command line subcommand.
    Local,
    /// HTTP without authentication (loopback, or `--allow-unauthenticated`).
    Anonymous,
    /// A static bearer token (`MCP_AUTH_TOKEN` or `[server.clients.<name>]`).
    StaticToken,
    /// An OAuth access token (its subject).
    OAuth,
}

impl CallerKind {
    /// The kind as written in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Anonymous => "anonymous",
            Self::StaticToken => "token",
            Self::OAuth => "oauth",
        }
    }
}

/// Tool-name globs (`search_*`, `read_records`).
#[derive(Debug, Clone)]
pub struct ToolGlobs {
    texts: Vec<String>,
    set: GlobSet,
}

impl ToolGlobs {
    /// Compiles `patterns`; the error names the bad pattern.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, PatternError> {
        let mut builder = GlobSetBuilder::new();
        let mut texts = Vec::new();
        for p in patterns {
            let p = p.as_ref().trim();
            if p.is_empty() {
                return Err(PatternError::new(p, PatternProblem::Empty));
            }
            if !p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_*?".contains(c))
            {
                return Err(PatternError::new(p, PatternProblem::NotToolNames));
            }
            builder.add(
                Glob::new(p)
                    .map_err(|e| PatternError::new(p, PatternProblem::Glob(Box::new(e))))?,
            );
            texts.push(p.to_owned());
        }
        let set = builder
            .build()
            .map_err(|e| PatternError::new(&texts.join(","), PatternProblem::Glob(Box::new(e))))?;
        Ok(Self { texts, set })
    }

    /// Whether `tool` matches a pattern.
    pub fn matches(&self, tool: &str) -> bool {
        self.set.is_match(tool)
    }

    /// The patterns as written.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }
}

/// What a caller is limited to, on top of each instance's policy. Every restriction narrows;
/// none widens (a read-only instance stays read-only, a denied model stays denied).
#[derive(Debug, Clone, Default)]
pub struct Restrictions {
    /// The instances it may use (`None`: every instance).
    pub instances: Option<BTreeSet<String>>,
    /// The tools it may list and call (`None`: every tool).
    pub tools: Option<ToolGlobs>,
    /// No writes, whatever the instance allows.
    pub read_only: bool,
    /// Model globs it is limited to (empty: the instance's own rules only).
    pub allowed_models: Vec<String>,
    /// Model globs refused to it, besides the instance's.
    pub denied_models: Vec<String>,
}

impl Restrictions {
    /// True when nothing is restricted.
    pub fn is_unrestricted(&self) -> bool {
        self.instances.is_none()
            && self.tools.is_none()
            && !self.read_only
            && self.allowed_models.is_empty()
            && self.denied_models.is_empty()
    }

    /// Whether the caller may use `instance`.
    pub fn allows_instance(&self, instance: &str) -> bool {
        self.instances
            .as_ref()
            .is_none_or(|set| set.contains(instance))
    }

    /// Whether the caller may list and call `tool`.
    pub fn allows_tool(&self, tool: &str) -> bool {
        self.tools.as_ref().is_none_or(|globs| globs.matches(tool))
    }

    /// The restrictions an OAuth token's scopes grant: `write` allows writes (without it the
    /// caller is read-only); `instance:<name>` scopes limit the instances (none: every
    /// instance). `read` and unknown scopes add nothing.
    pub fn from_scopes<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut read_only = true;
        let mut instances = BTreeSet::new();
        for scope in scopes {
            if scope == "write" {
                read_only = false;
            } else if let Some(name) = scope.strip_prefix("instance:") {
                instances.insert(name.to_owned());
            }
        }
        Self {
            instances: (!instances.is_empty()).then_some(instances),
            read_only,
            ..Self::default()
        }
    }
}

/// The identity of one request's caller. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Caller {
    inner: Arc<CallerInner>,
}

#[derive(Debug)]
struct CallerInner {
    name: String,
    kind: CallerKind,
    restrictions: Restrictions,
}

impl Caller {
    /// A caller called `name`.
    pub fn new(name: impl Into<String>, kind: CallerKind, restrictions: Restrictions) -> Self {
        Self {
            inner: Arc::new(CallerInner {
                name: name.into(),
                kind,
                restrictions,
            }),
        }
    }

    /// The process's own user (stdio, `odoo-mcp call`): unrestricted.
    pub fn local() -> Self {
        Self::new("local", CallerKind::Local, Restrictions::default())
    }

    /// An HTTP caller when no authentication is configured: unrestricted.
    pub fn anonymous() -> Self {
        Self::new("anonymous", CallerKind::Anonymous, Restrictions::default())
    }

    /// The caller of the request `context` belongs to: the one the HTTP layer recorded, else
    /// [`Caller::anonymous`] for HTTP without authentication, else [`Caller::local`].
    pub fn of(context: &RequestContext<RoleServer>) -> Self {
        match context.extensions.get::<http::request::Parts>() {
            Some(parts) => parts
                .extensions
                .get::<Caller>()
                .cloned()
                .unwrap_or_else(Self::anonymous),
            None => context
                .extensions
                .get::<Caller>()
                .cloned()
                .unwrap_or_else(Self::local),
        }
    }

    /// The caller's name (a configured client name, an OAuth subject, `local`, `anonymous`).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// How it authenticated.
    pub fn kind(&self) -> CallerKind {
        self.inner.kind
    }

    /// What it is limited to.
    pub fn restrictions(&self) -> &Restrictions {
        &self.inner.restrictions
    }

    /// The key what a caller owns is kept under (its sessions, tasks and exports): kind and
    /// name, so an OAuth subject and a configured client of the same name are not one owner.
    pub(crate) fn owner_key(&self) -> String {
        format!("{}:{}", self.kind().as_str(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_globs_match_names_and_refuse_junk() {
        let globs = ToolGlobs::new(&["search_*", "read_records"]).expect("valid");
        assert!(globs.matches("search_records"));
        assert!(globs.matches("read_records"));
        assert!(!globs.matches("create_records"));
        let err = ToolGlobs::new(&["read/records"]).expect_err("slash");
        assert_eq!(err.problem, PatternProblem::NotToolNames);
        assert!(err.to_string().contains("`read/records`"), "{err}");
        assert!(err.to_string().contains("search_*"), "{err}");
        let empty = ToolGlobs::new(&[""]).expect_err("empty");
        assert_eq!(empty.problem, PatternProblem::Empty);
    }

    #[test]
    fn scopes_map_to_restrictions() {
        let r = Restrictions::from_scopes(["read", "instance:prod"]);
        assert!(r.read_only);
        assert!(r.allows_instance("prod"));
        assert!(!r.allows_instance("test"));
        let r = Restrictions::from_scopes(["read", "write"]);
        assert!(!r.read_only);
        assert!(r.allows_instance("anything"));
    }

    #[test]
    fn defaults_restrict_nothing() {
        let r = Restrictions::default();
        assert!(r.is_unrestricted());
        assert!(r.allows_tool("delete_records"));
        assert!(r.allows_instance("prod"));
        assert_eq!(Caller::local().kind(), CallerKind::Local);
    }
}
