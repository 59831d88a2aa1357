//! Who presented an OAuth token, and what its scopes let it do. [`grants`] is the one place
//! where scopes become capabilities:
//!
//! - `scope_write` (default `odoo.write`): read and write tools;
//! - `scope_read` (default `odoo.read`): read tools only; write tools are refused (HTTP 403
//!   `insufficient_scope` naming the write scope);
//! - `odoo.instance:<name>` (any number): only these instances; without one, every instance;
//! - every `required_scopes` entry must be present, and one of the two above.
//!
//! Capabilities only narrow what the instance's own policy allows (a read-only instance stays
//! read-only whatever the token says).

use std::collections::BTreeSet;

use crate::config::OAuthConfig;

/// The prefix of scopes that name an instance: `odoo.instance:prod`.
pub(crate) const INSTANCE_SCOPE_PREFIX: &str = "odoo.instance:";

/// The holder of a verified access token, put in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthPrincipal {
    /// `sub`: the user (or client, for client-credentials tokens).
    pub(crate) subject: String,
    /// `client_id` (RFC 9068) or `azp`: the application acting for the user.
    pub(crate) client_id: Option<String>,
    /// The granted scopes.
    pub(crate) scopes: BTreeSet<String>,
}

/// What a token allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grants {
    /// The write tools may be called.
    pub(crate) write: bool,
    /// Only these instances (`None`: all).
    pub(crate) instances: Option<BTreeSet<String>>,
}

impl Grants {
    /// True when some request could be refused (a body check is needed).
    pub(crate) fn is_restricted(&self) -> bool {
        !self.write || self.instances.is_some()
    }

    /// Whether `instance` may be used.
    pub(crate) fn allows_instance(&self, instance: &str) -> bool {
        self.instances.as_ref().is_none_or(|s| s.contains(instance))
    }
}

/// A token without the scopes a request needs: HTTP 403 `insufficient_scope`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScopeRefusal {
    /// The scopes to ask for (the `scope` of the challenge).
    pub(crate) needed: Vec<String>,
    /// What was refused and why, for the client.
    pub(crate) message: String,
}

/// The capabilities of `scopes` under `config` (see the module documentation).
pub(crate) fn grants(
    scopes: &BTreeSet<String>,
    config: &OAuthConfig,
) -> Result<Grants, ScopeRefusal> {
    let missing: Vec<String> = config
        .required_scopes
        .iter()
        .filter(|s| !scopes.contains(*s))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(ScopeRefusal {
            message: format!("this server requires the scopes {}", missing.join(" ")),
            needed: config.required_scopes.clone(),
        });
    }
    let write = scopes.contains(&config.scope_write);
    if !write && !scopes.contains(&config.scope_read) {
        let mut needed = config.required_scopes.clone();
        needed.push(config.scope_read.clone());
        return Err(ScopeRefusal {
            message: format!(
                "the token needs the scope {} (read) or {} (read and write)",
                config.scope_read, config.scope_write
            ),
            needed,
        });
    }
    let named: BTreeSet<String> = scopes
        .iter()
        .filter_map(|s| s.strip_prefix(INSTANCE_SCOPE_PREFIX))
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(Grants {
        write,
        instances: (!named.is_empty()).then_some(named),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> OAuthConfig {
        let mut c = super::super::test_issuer::config_for("https://login.example.com");
        c.required_scopes = vec!["mcp".to_owned()];
        c
    }

    fn set(scopes: &[&str]) -> BTreeSet<String> {
        scopes.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn write_implies_read_and_read_alone_cannot_write() {
        let g = grants(&set(&["mcp", "odoo.write"]), &config()).expect("write");
        assert!(g.write && !g.is_restricted());
        let g = grants(&set(&["mcp", "odoo.read"]), &config()).expect("read");
        assert!(!g.write && g.is_restricted());
    }

    #[test]
    fn required_and_capability_scopes_are_named_when_missing() {
        let r = grants(&set(&["odoo.write"]), &config()).expect_err("no mcp");
        assert_eq!(r.needed, ["mcp"]);
        let r = grants(&set(&["mcp", "profile"]), &config()).expect_err("no odoo scope");
        assert_eq!(r.needed, ["mcp", "odoo.read"]);
        assert!(r.message.contains("odoo.write"), "{}", r.message);
    }

    #[test]
    fn instance_scopes_restrict_to_the_named_instances() {
        let g = grants(
            &set(&["mcp", "odoo.write", "odoo.instance:prod", "odoo.instance:"]),
            &config(),
        )
        .expect("grants");
        assert!(g.allows_instance("prod"));
        assert!(!g.allows_instance("staging"));
        assert!(g.is_restricted());
    }
}
