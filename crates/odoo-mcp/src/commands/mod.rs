//! The subcommands: `serve` and `policy` (here), `demo` (in `demo/`), `check`, `tools`, `call`
//! and `healthcheck`.

pub mod call;
pub mod check;
pub mod healthcheck;
pub mod tools;

use std::net::SocketAddr;
use std::process::ExitCode;

use crate::cli::{Cli, Command, ServeArgs, TransportKind};
use crate::config::{Config, ConfigError, Env, ServerConfig};
use crate::confirm::token::ConfirmationKey;
use crate::instance::{Instances, InstancesError};
use crate::server::OdooServer;
use crate::transport::{self, http, stdio};

/// A subcommand failed before doing its job. `Display` says what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The configuration is missing or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A client could not be built from the configuration.
    #[error(transparent)]
    Instances(#[from] InstancesError),
    /// The HTTP listener could not be bound.
    #[error(
        "cannot listen on {addr}: {source} (another process may use this port: try --listen 127.0.0.1:0 or another port)"
    )]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The stdio session failed.
    #[error("server failed: {0}")]
    Stdio(#[from] stdio::StdioError),
    /// The HTTP server failed while serving.
    #[error("server failed: {0}")]
    Http(#[source] std::io::Error),
    /// The audit log cannot be opened.
    #[error(transparent)]
    Audit(#[from] crate::audit::AuditError),
    /// The confirmation secret's file cannot be read.
    #[error("{var}: cannot read {path}: {source}")]
    ReadSecret {
        /// The variable naming the file.
        var: &'static str,
        /// The file, as the variable gives it.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A confirmation key setting cannot be used (`setting` names the variable, and the file).
    #[error("{setting}: {source}")]
    ConfirmationKey {
        /// The variable (with the file it names).
        setting: String,
        /// What is wrong.
        #[source]
        source: crate::confirm::token::KeyError,
    },
    /// `call --args` is not a JSON object.
    #[error(
        "--args must be a JSON object of the tool's arguments ({0}), e.g. --args \
         '{{\"model\": \"res.partner\", \"limit\": 5}}'"
    )]
    Args(#[source] call::BadArgs),
    /// The simulated Odoo of `demo` could not start.
    #[error("the simulated Odoo could not start: {0}")]
    Demo(#[source] std::io::Error),
    /// The demo instance's policy is invalid (a bug: it is written in the code).
    #[error("demo policy: {0}")]
    DemoPolicy(#[source] crate::policy::PolicyError),
    /// `odoo-mcp demo` in a build without the simulator.
    #[error(
        "this odoo-mcp was built without the demo (cargo feature `demo` off, as in the container \
         image): install the full build with `cargo install --path crates/odoo-mcp --locked`, or \
         run `odoo-sim` and point ODOO_URL at it"
    )]
    DemoNotBuilt,
    /// The command line is well-formed but its values are not.
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
}

impl From<serde_json::Error> for CommandError {
    /// Only output is serialised by the commands: a failure is an output failure.
    fn from(e: serde_json::Error) -> Self {
        Self::Output(e.into())
    }
}

/// Maps a write error; a closed pipe (`odoo-mcp tools | head`) is not an error.
pub(crate) fn out(result: std::io::Result<()>) -> Result<(), CommandError> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CommandError::Output(e)),
        _ => Ok(()),
    }
}

/// Runs the command line's subcommand.
pub async fn run(cli: &Cli, env: &Env) -> Result<ExitCode, CommandError> {
    match cli.subcommand() {
        Command::Serve(args) => serve(&args, env).await,
        Command::Demo(args) => crate::demo::run(&args, env).await,
        Command::Check(args) => check::run(&args, env).await,
        Command::Tools(args) => tools::run(&args, env).await,
        Command::Call(args) => call::run(&args, env).await,
        Command::Policy => {
            use std::io::Write;
            out(std::io::stdout()
                .lock()
                .write_all(crate::policy::builtin_lists_markdown().as_bytes()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Healthcheck(args) => healthcheck::run(&args).await,
    }
}

async fn serve(args: &ServeArgs, env: &Env) -> Result<ExitCode, CommandError> {
    let mut config = Config::load(args.config.config.as_deref(), env)?;
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
    if let Some(listen) = args.listen {
        config.server.listen = listen;
    }
    config.server.stateless |= args.stateless;
    config.server.auth.allow_unauthenticated |= args.allow_unauthenticated;
    let instances = Instances::from_config(&config)?;
    for i in instances.iter() {
        tracing::info!(
            instance = %i.name,
            url = %i.client.url(),
            read_only = i.policy.read_only(),
            default = i.name == instances.default_name(),
            "configured Odoo instance"
        );
        for warning in i.policy.warnings() {
            tracing::warn!("{warning}");
        }
    }
    let audit = crate::audit::AuditLog::open(&config.server.audit)?;
    let mut server = OdooServer::with_tools(instances, &config.server.tools)
        .with_export_max_records(config.server.export_max_records)
        .with_clients(&config)?
        .with_audit(audit)
        .with_limits(&config.server);
    if let Some(key) = confirmation_key(env)? {
        server = server.with_confirmation_key(key);
    }
    server.check_connections_at_startup();
    serve_with(server, args.transport, &config.server, |_| ()).await
}

/// The key confirmation tokens are signed with: the secret in
/// `ODOO_MCP_CONFIRMATION_SECRET_FILE` (the same file on every replica, so that each honours the
/// others' tokens), else a random one; valid for `ODOO_MCP_CONFIRMATION_SECONDS` when set.
/// `None`: neither is set, the server's own random key with the default lifetime serves.
pub(crate) fn confirmation_key(env: &Env) -> Result<Option<ConfirmationKey>, CommandError> {
    const SECRET: &str = "ODOO_MCP_CONFIRMATION_SECRET_FILE";
    const SECONDS: &str = "ODOO_MCP_CONFIRMATION_SECONDS";
    let key = match env.get(SECRET) {
        Some(path) => {
            let secret = std::fs::read(path).map_err(|source| CommandError::ReadSecret {
                var: SECRET,
                path: path.to_owned(),
                source,
            })?;
            ConfirmationKey::from_secret(secret.trim_ascii()).map_err(|source| {
                CommandError::ConfirmationKey {
                    setting: format!("{SECRET} ({path})"),
                    source,
                }
            })?
        }
        None if env.get(SECONDS).is_some() => ConfirmationKey::random(),
        None => return Ok(None),
    };
    let Some(seconds) = env.get(SECONDS) else {
        return Ok(Some(key));
    };
    let seconds: u64 = seconds.trim().parse().map_err(|_| {
        CommandError::Usage(format!(
            "{SECONDS}={seconds:?} is not a number of seconds; write e.g. {SECONDS}=600"
        ))
    })?;
    key.with_lifetime_seconds(seconds)
        .map(Some)
        .map_err(|source| CommandError::ConfirmationKey {
            setting: SECONDS.to_owned(),
            source,
        })
}

/// Serves `server` on the transport until the client leaves (stdio) or Ctrl-C/SIGTERM;
/// `on_listening` gets the bound HTTP address before serving starts.
///
/// Over HTTP the first signal drains (see [`http::run`]): exit 0 when every call in flight
/// finished within `[server] shutdown_grace_seconds`, 1 when the grace expired; a second
/// signal exits at once (1).
pub(crate) async fn serve_with(
    server: OdooServer,
    transport: TransportKind,
    config: &ServerConfig,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<ExitCode, CommandError> {
    match transport {
        TransportKind::Stdio => {
            tracing::info!("serving MCP on stdin/stdout");
            stdio::run(server, config.max_body_bytes, transport::shutdown_signal()).await?;
        }
        TransportKind::Http => {
            let listener =
                tokio::net::TcpListener::bind(config.listen)
                    .await
                    .map_err(|source| CommandError::Listen {
                        addr: config.listen,
                        source,
                    })?;
            let addr = listener
                .local_addr()
                .map_err(|source| CommandError::Listen {
                    addr: config.listen,
                    source,
                })?;
            if !addr.ip().is_loopback() && !config.auth.is_enabled() {
                if !config.auth.allow_unauthenticated {
                    return Err(CommandError::Usage(format!(
                        "refusing to serve {addr} beyond loopback without authentication: anyone \
                         who reaches the port could call every tool. Set MCP_AUTH_TOKEN (or \
                         MCP_AUTH_TOKEN_FILE) or [server.oauth], listen on 127.0.0.1, or pass \
                         --allow-unauthenticated if a proxy in front authenticates"
                    )));
                }
                tracing::warn!(
                    %addr,
                    "serving beyond loopback WITHOUT authentication (--allow-unauthenticated): \
                     anyone who reaches this port can call every tool"
                );
            }
            if !addr.ip().is_loopback() && config.allowed_hosts.is_empty() {
                tracing::warn!(
                    %addr,
                    "listening beyond loopback, but only loopback Host names are accepted: \
                     set [server] allowed_hosts to the names clients use"
                );
            }
            tracing::info!(url = %format!("http://{addr}/mcp"), stateless = config.stateless, authenticated = config.auth.is_enabled(), "serving MCP over Streamable HTTP");
            on_listening(addr);
            let signals = transport::Signals::install();
            let serving = http::run(
                listener,
                http::HttpState::new(server, config),
                signals.clone().received(1),
            );
            let stopped = tokio::select! {
                stopped = serving => stopped.map_err(CommandError::Http)?,
                () = signals.received(2) => {
                    tracing::warn!("second signal: exiting without waiting for the calls in flight");
                    return Ok(ExitCode::FAILURE);
                }
            };
            return Ok(match stopped {
                http::Stopped::Drained => {
                    tracing::info!("stopped: every call in flight finished");
                    ExitCode::SUCCESS
                }
                http::Stopped::GraceExpired { abandoned } => {
                    tracing::warn!(
                        abandoned,
                        grace_seconds = config.shutdown_grace.as_secs(),
                        "stopped: the shutdown grace expired with calls still running; they were \
                         cut (raise [server] shutdown_grace_seconds if calls need longer)"
                    );
                    ExitCode::FAILURE
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_confirmation_secret_names_the_variable_and_keeps_the_cause() {
        let env = Env::from_pairs([(
            "ODOO_MCP_CONFIRMATION_SECRET_FILE",
            "/nonexistent/odoo-mcp-secret",
        )]);
        let err = confirmation_key(&env).expect_err("no such file");
        let text = err.to_string();
        assert!(
            text.starts_with("ODOO_MCP_CONFIRMATION_SECRET_FILE: cannot read /nonexistent/"),
            "{text}"
        );
        let source = std::error::Error::source(&err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .expect("the io error is kept");
        assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn a_closed_pipe_is_not_an_output_error_but_other_write_failures_are() {
        use std::io::{Error, ErrorKind};
        assert!(out(Err(Error::from(ErrorKind::BrokenPipe))).is_ok());
        let err = out(Err(Error::from(ErrorKind::StorageFull))).expect_err("disk full");
        assert!(matches!(err, CommandError::Output(ref e) if e.kind() == ErrorKind::StorageFull));
    }
}
