//! `odoo-mcp check`: for each instance, whether it is reachable, its version and protocol, who
//! the credentials authenticate as, what the policy lets the tools do, the tools offered there
//! (the profile and globs of `[server] tools`, then the policy), and warnings about what the
//! connected Odoo user cannot do that an offered tool needs.

use std::io::Write;
use std::process::ExitCode;

use odoo_client::{Client, Domain, ErrorKind, FieldName, ModelName, Protocol, SearchRead};
use serde_json::Value;

use super::{CommandError, out};
use crate::cli::ConfigArgs;
use crate::config::{Config, Env, InstanceConfig, ServerConfig};
use crate::policy::Policy;

/// Runs the check; exit code 1 when any instance fails.
pub async fn run(args: &ConfigArgs, env: &Env) -> Result<ExitCode, CommandError> {
    let config = Config::load(args.config.as_deref(), env)?;
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
    let mut stdout = std::io::stdout().lock();
    if let Some(file) = &config.file {
        out(writeln!(stdout, "configuration: {}", file.display()))?;
    }
    out(writeln!(stdout, "http: {}", http_exposure(&config.server)))?;
    let mut failures = 0;
    let writes_anywhere = config.instances.iter().any(|i| !i.policy.read_only());
    for instance in &config.instances {
        let is_default = instance.name == config.default_instance;
        let offered =
            crate::tools::offered_tools(&config.server.tools, &instance.policy, writes_anywhere);
        let report = check_instance(instance, &offered).await;
        out(writeln!(
            stdout,
            "\ninstance `{}`{}: {}{}",
            instance.name,
            if is_default { " (default)" } else { "" },
            instance.client.url(),
            instance
                .client
                .database()
                .map(|d| format!(", database {d}"))
                .unwrap_or_default()
        ))?;
        for line in &report.lines {
            out(writeln!(stdout, "  {line}"))?;
        }
        if let Some(problem) = &report.problem {
            failures += 1;
            out(writeln!(stdout, "  ✗ {problem}"))?;
        }
        out(writeln!(
            stdout,
            "  policy: {}",
            describe_policy(&instance.policy)
        ))?;
        out(writeln!(
            stdout,
            "  tools ({}): {}",
            crate::tools::profile_label(&config.server.tools),
            offered.join(", ")
        ))?;
        for warning in instance.policy.warnings() {
            out(writeln!(stdout, "  ⚠ {warning}"))?;
        }
    }
    if failures == 0 {
        out(writeln!(
            stdout,
            "\nall {} instance(s) OK",
            config.instances.len()
        ))?;
        Ok(ExitCode::SUCCESS)
    } else {
        out(writeln!(
            stdout,
            "\n{failures} of {} instance(s) failed",
            config.instances.len()
        ))?;
        Ok(ExitCode::FAILURE)
    }
}

struct Report {
    lines: Vec<String>,
    problem: Option<String>,
}

async fn check_instance(instance: &InstanceConfig, offered: &[&str]) -> Report {
    let mut lines = Vec::new();
    let client = match instance.build_client() {
        Ok(c) => c,
        Err(e) => {
            return Report {
                lines,
                problem: Some(format!("invalid settings: {e}")),
            };
        }
    };
    // With a configured version, server_info sends nothing: ask the server first, so that
    // "reachable" is never printed for a server that was not reached.
    if instance.client.assume_version().is_some()
        && let Err(e) = client.ping().await
    {
        return Report {
            lines,
            problem: Some(explain(instance, &e)),
        };
    }
    let info = match client.server_info().await {
        Ok(info) => info,
        Err(e) => {
            return Report {
                lines,
                problem: Some(explain(instance, &e)),
            };
        }
    };
    let protocol = match info.protocol {
        Protocol::Json2 => "JSON-2 (/json/2)",
        Protocol::JsonRpc => "JSON-RPC (/jsonrpc)",
    };
    lines.push(format!(
        "✓ reachable: Odoo {} via {protocol}",
        info.version.text
    ));
    match whoami(&client, instance, info.uid).await {
        Ok(line) => {
            lines.push(line);
            lines.extend(user_limits(&client, offered).await);
            Report {
                lines,
                problem: None,
            }
        }
        Err(e) => Report {
            lines,
            problem: Some(explain(instance, &e)),
        },
    }
}

/// Warnings about what the user (or the credentials) cannot do that the offered tools rely
/// on: reading `ir.model` (list_models), printing reports (get_report needs a password).
async fn user_limits(client: &Client, offered: &[&str]) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Ok(ir_model) = ModelName::new("ir.model") {
        match client
            .check_access(&ir_model, odoo_client::Operation::Read, None)
            .await
        {
            Ok(true) => {}
            Ok(false) => warnings.push(
                "⚠ this user cannot read ir.model: list_models and the models resource show only the models the user may read (or the common ones)".to_owned(),
            ),
            Err(e) => warnings.push(format!("⚠ could not check access to ir.model: {e}")),
        }
    }
    if offered.contains(&crate::tools::GET_REPORT)
        && let Err(e) = client.check_report_route().await
    {
        warnings.push(format!("⚠ get_report cannot print PDFs here: {e}"));
    }
    warnings
}

/// Who the credentials authenticate as (a real call, so refused credentials show up here).
async fn whoami(
    client: &Client,
    instance: &InstanceConfig,
    uid: Option<i64>,
) -> Result<String, odoo_client::Error> {
    let users = ModelName::new("res.users")?;
    let fields = [FieldName::new("name")?, FieldName::new("login")?];
    let mut uid = uid;
    if uid.is_none() {
        // JSON-2 knows the uid only from answers; recent Odoo versions put it in context_get.
        let method = odoo_client::MethodName::new("context_get")?;
        match client
            .call(&users, &method, &odoo_client::MethodCall::default())
            .await
        {
            Ok(ctx) => uid = ctx.get("uid").and_then(Value::as_i64),
            Err(e) if e.is_authentication() || e.is_transport() => return Err(e),
            Err(_) => {}
        }
        if uid.is_none() {
            uid = client.server_info().await?.uid;
        }
    }
    let record = match (uid, instance.client.login()) {
        (Some(uid), _) => client
            .read(&users, &[uid], &fields)
            .await?
            .into_iter()
            .next(),
        (None, Some(login)) => {
            let domain =
                Domain::parse_str(&serde_json::json!([["login", "=", login]]).to_string())?;
            let query = SearchRead::new(domain).fields(["name", "login"])?.limit(1);
            client.search_read(&users, &query).await?.into_iter().next()
        }
        (None, None) => {
            // Proves the credentials work, without knowing whose they are.
            client.search_count(&users, &Domain::default()).await?;
            None
        }
    };
    Ok(match record {
        Some(record) => {
            let text = |k: &str| {
                record
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_owned()
            };
            let uid = record
                .get("id")
                .and_then(Value::as_i64)
                .or(uid)
                .unwrap_or_default();
            format!(
                "✓ authenticated as {} (uid {uid}, login {})",
                text("name"),
                text("login")
            )
        }
        None => "✓ authenticated (set username / ODOO_USERNAME to see as whom)".to_owned(),
    })
}

/// What went wrong and what to change.
fn explain(instance: &InstanceConfig, e: &odoo_client::Error) -> String {
    let url = instance.client.url();
    match e.kind() {
        ErrorKind::Connect => format!(
            "cannot reach {url}: {e}. Check the url (scheme, host, port) and that Odoo is running"
        ),
        ErrorKind::Timeout => format!(
            "no answer from {url} within {} s: check the url, or raise timeout_seconds",
            instance.client.timeout().as_secs()
        ),
        ErrorKind::Tls => {
            format!("TLS failed with {url}: {e}. Check the certificate, or the scheme (http/https)")
        }
        ErrorKind::Authentication => {
            let db = instance
                .client
                .database()
                .map(|d| format!(" (database {d})"))
                .unwrap_or_default();
            if instance.client.has_api_key() {
                format!(
                    "{} is refused by {url}{db}: {e}. Create a new API key in Odoo: Preferences → \
                     Account Security → New API Key{}",
                    key_name(instance),
                    if instance.client.database().is_none() {
                        "; and check whether a database must be set (ODOO_DB / database)"
                    } else {
                        ""
                    }
                )
            } else {
                format!(
                    "login {:?} and its password are refused by {url}{db}: {e}. Check ODOO_USERNAME/ODOO_PASSWORD \
                     (or username/password), and the database name",
                    instance.client.login().unwrap_or_default()
                )
            }
        }
        ErrorKind::AccessDenied => {
            format!("authenticated, but the user may not read res.users on {url}: {e}")
        }
        _ => format!("{url}: {e}"),
    }
}

fn key_name(instance: &InstanceConfig) -> &'static str {
    match instance.source {
        crate::policy::PolicySource::File(_) => "the api_key",
        _ => "ODOO_API_KEY",
    }
}

/// One line describing the policy.
pub(crate) fn describe_policy(policy: &Policy) -> String {
    let mut parts = vec![if policy.read_only() {
        "read-only".to_owned()
    } else {
        "writes enabled".to_owned()
    }];
    let allowed = policy.allowed_models();
    parts.push(if allowed.is_empty() {
        "models: all but the built-in deny list".to_owned()
    } else {
        format!("models: {}", allowed.join(", "))
    });
    let denied = policy.denied_models();
    if !denied.is_empty() {
        parts.push(format!("denied: {}", denied.join(", ")));
    }
    let methods = policy.allowed_methods();
    if !policy.read_only() {
        parts.push(if methods.is_empty() {
            "no method calls (allowed_methods is empty)".to_owned()
        } else {
            format!("methods: {}", methods.join(", "))
        });
    }
    parts.push(format!(
        "at most {} rows per call ({} by default)",
        policy.max_records(),
        policy.default_limit()
    ));
    parts.join("; ")
}
/// What `serve --transport http` would expose with this configuration.
fn http_exposure(server: &ServerConfig) -> String {
    let reach = if server.listen.ip().is_loopback() {
        "this machine only"
    } else {
        "the network"
    };
    let clients: Vec<&str> = server
        .auth
        .clients
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let oauth = server.auth.oauth.as_ref().map(|o| {
        format!(
            "OAuth access tokens of {} for {} accepted",
            o.issuer, o.audience
        )
    });
    let named = format!("bearer token required (clients: {})", clients.join(", "));
    let auth = if let Some(oauth) = oauth {
        if clients.is_empty() {
            format!("authentication required: {oauth}")
        } else {
            format!(
                "authentication required: bearer token (clients: {}) or {oauth}",
                clients.join(", ")
            )
        }
    } else if server.auth.is_enabled() {
        named
    } else if server.listen.ip().is_loopback() {
        "no authentication (set MCP_AUTH_TOKEN before listening beyond loopback)".to_owned()
    } else {
        "NO AUTHENTICATION: serve refuses to start unless MCP_AUTH_TOKEN is set or \
         --allow-unauthenticated is given"
            .to_owned()
    };
    let limits = &server.limits;
    let rate = if limits.rate_per_minute == 0 {
        "no rate limit".to_owned()
    } else {
        format!("{} requests/min per client", limits.rate_per_minute)
    };
    let audit = match &server.audit.sink {
        crate::config::AuditSink::Off => "no audit log".to_owned(),
        crate::config::AuditSink::Stderr => "audit log to stderr".to_owned(),
        crate::config::AuditSink::File(path) => format!("audit log to {}", path.display()),
    };
    format!(
        "{} reachable from {reach}; {auth}; {rate}; {audit}",
        server.listen
    )
}

#[cfg(test)]
mod exposure_tests {
    use super::*;
    use crate::config::{AuthConfig, Env};

    #[test]
    fn exposure_says_when_the_network_can_reach_an_open_server() {
        let open = ServerConfig {
            listen: "0.0.0.0:8787".parse().expect("addr"),
            ..ServerConfig::default()
        };
        assert!(http_exposure(&open).contains("NO AUTHENTICATION"));
        let auth = AuthConfig::from_env(&Env::from_pairs([(
            "MCP_AUTH_TOKEN",
            "check-token-0123456789",
        )]))
        .expect("token");
        let closed = ServerConfig { auth, ..open };
        assert!(http_exposure(&closed).contains("bearer token required (clients: default)"));
        assert!(http_exposure(&ServerConfig::default()).contains("this machine only"));
        let oauth = AuthConfig {
            oauth: Some(crate::config::OAuthConfig {
                issuer: "https://login.example.com".into(),
                audience: "https://mcp.example.com/mcp".into(),
                jwks_uri: None,
                algorithms: crate::config::DEFAULT_ALGORITHMS.to_vec(),
                required_scopes: Vec::new(),
                scope_read: "odoo.read".into(),
                scope_write: "odoo.write".into(),
                introspection: None,
                jwks_cache: std::time::Duration::from_secs(300),
                allow_http_issuer: false,
            }),
            ..AuthConfig::default()
        };
        let text = http_exposure(&ServerConfig {
            auth: oauth,
            ..ServerConfig::default()
        });
        assert!(
            text.contains("OAuth access tokens of https://login.example.com"),
            "{text}"
        );
    }
}
