//! Finds out, once, what the server is: its version (`GET /web/version`, falling back to
//! JSON-RPC `common.version`), the protocol to use with it (JSON-2 on 19+ with an API key,
//! else JSON-RPC, unless forced) and, on JSON-RPC, the authenticated uid.

use serde_json::Value;

use super::Transport;
use super::http::{Endpoint, Label};
use super::json2::Json2;
use super::jsonrpc::{self, JsonRpc};
use crate::config::{ProtocolChoice, Settings};
use crate::error::{Error, ErrorKind, Transience};
use crate::retry::{Idempotency, RetryPolicy};
use crate::version::{Capabilities, Protocol, ServerInfo, ServerVersion};

/// What the client knows about an instance after detection: shared by every clone.
#[derive(Debug)]
pub(crate) struct Session {
    /// Version, protocol, database, uid.
    pub(crate) info: ServerInfo,
    /// The version's row of the capability table.
    pub(crate) capabilities: &'static Capabilities,
    /// How calls are sent.
    pub(crate) transport: Transport,
}

/// Detects the version, picks the protocol and authenticates (each step retried as a read).
pub(crate) async fn detect(
    endpoint: &Endpoint,
    settings: &Settings,
    retry: &RetryPolicy,
) -> Result<Session, Error> {
    let version = match settings.assume_version {
        Some(major) => ServerVersion::assumed(major),
        None => {
            retry
                .run(Idempotency::Read, "version", || fetch_version(endpoint))
                .await?
        }
    };
    let capabilities = version.capabilities();
    let protocol = choose(settings, &version, capabilities)?;
    let (transport, uid) = match protocol {
        Protocol::Json2 => {
            let key = settings.api_key.clone().ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "JSON-2 needs an API key: set the api_key option",
                )
            })?;
            (
                Transport::Json2(Json2::new(key, settings.database.clone())),
                None,
            )
        }
        Protocol::JsonRpc => {
            let (database, login, secret) = jsonrpc_credentials(settings, &version)?;
            if capabilities.jsonrpc_deprecated {
                tracing::debug!(version = %version.text, "using JSON-RPC, deprecated on this version");
            }
            let uid = retry
                .run(Idempotency::Read, "authenticate", || {
                    jsonrpc::authenticate(endpoint, database, login, secret)
                })
                .await?;
            let rpc = JsonRpc::new(database.to_owned(), uid, secret.clone());
            (Transport::JsonRpc(rpc), Some(uid))
        }
    };
    tracing::debug!(
        version = %version.text,
        protocol = protocol.as_str(),
        uid,
        "connected to Odoo"
    );
    let info = ServerInfo {
        version,
        protocol,
        database: settings.database.clone(),
        uid,
    };
    Ok(Session {
        info,
        capabilities,
        transport,
    })
}

/// The protocol for this server and configuration.
pub(crate) fn choose(
    settings: &Settings,
    version: &ServerVersion,
    capabilities: &Capabilities,
) -> Result<Protocol, Error> {
    match settings.protocol {
        ProtocolChoice::Json2 if !capabilities.json2 => Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "the JSON-2 protocol was requested but Odoo {} does not offer it (it arrived in 19)",
                version.text
            ),
        )),
        ProtocolChoice::Json2 => Ok(Protocol::Json2),
        ProtocolChoice::JsonRpc => Ok(Protocol::JsonRpc),
        ProtocolChoice::Auto if capabilities.json2 && settings.api_key.is_some() => {
            Ok(Protocol::Json2)
        }
        ProtocolChoice::Auto => Ok(Protocol::JsonRpc),
    }
}

/// The database, login and password JSON-RPC needs, or an error naming the missing option.
fn jsonrpc_credentials<'a>(
    settings: &'a Settings,
    version: &ServerVersion,
) -> Result<(&'a str, &'a str, &'a crate::Secret), Error> {
    let missing = |option: &str| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "Odoo {} is reached over JSON-RPC, which needs the {option} option",
                version.text
            ),
        )
    };
    let database = settings
        .database
        .as_deref()
        .ok_or_else(|| missing("database"))?;
    let login = settings.login.as_deref().ok_or_else(|| missing("login"))?;
    let secret = settings
        .rpc_secret()
        .ok_or_else(|| missing("password (or api_key)"))?;
    Ok((database, login, secret))
}

/// The server's version: `GET /web/version`, else JSON-RPC `common.version`.
pub(crate) async fn fetch_version(endpoint: &Endpoint) -> Result<ServerVersion, Error> {
    let label = Label {
        model: "web",
        method: "version",
        protocol: "http",
    };
    let reply = endpoint.get("/web/version", label).await?;
    if reply.status == 200 {
        let parsed = serde_json::from_slice::<Value>(&reply.body).ok();
        if let Some(version) = parsed.as_ref().and_then(|v| {
            ServerVersion::from_version_info(&v["version_info"], v["version"].as_str())
        }) {
            return Ok(version);
        }
    } else if reply.is_configuration_error()
        || reply.status_error().transience() != Transience::Permanent
    {
        return Err(reply.status_error());
    }
    let result = jsonrpc::version(endpoint).await?;
    ServerVersion::from_version_info(
        &result["server_version_info"],
        result["server_version"].as_str(),
    )
    .ok_or_else(|| {
        Error::new(
            ErrorKind::Decode,
            "the server did not report its version (is it Odoo?)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::settings;

    #[test]
    fn auto_picks_json2_on_19_with_an_api_key() {
        let s = settings(|b| b.api_key("k"));
        let v19 = ServerVersion::assumed(19);
        assert_eq!(
            choose(&s, &v19, v19.capabilities()).unwrap(),
            Protocol::Json2
        );
        let v18 = ServerVersion::assumed(18);
        let s = settings(|b| b.api_key("k").login("admin").database("demo"));
        assert_eq!(
            choose(&s, &v18, v18.capabilities()).unwrap(),
            Protocol::JsonRpc
        );
    }

    #[test]
    fn auto_picks_jsonrpc_with_a_password() {
        let s = settings(|b| b.login("admin").password("admin").database("demo"));
        let v = ServerVersion::assumed(19);
        assert_eq!(choose(&s, &v, v.capabilities()).unwrap(), Protocol::JsonRpc);
    }

    #[test]
    fn forcing_json2_on_an_old_version_fails() {
        let s = settings(|b| b.api_key("k").protocol(ProtocolChoice::Json2));
        let v = ServerVersion::assumed(17);
        let e = choose(&s, &v, v.capabilities()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("17.0"), "{e}");
    }

    #[test]
    fn jsonrpc_without_login_names_the_option() {
        let s = settings(|b| b.api_key("k").database("demo"));
        let e = jsonrpc_credentials(&s, &ServerVersion::assumed(17)).unwrap_err();
        assert!(e.to_string().contains("login"), "{e}");
    }

    #[test]
    fn reads_the_recorded_version_answers() {
        let web = crate::protocol::samples::sample("web_version")["response"]["body"].clone();
        let v = ServerVersion::from_version_info(&web["version_info"], web["version"].as_str());
        assert_eq!(
            v,
            Some(ServerVersion {
                major: 19,
                minor: 0,
                text: "19.0".into()
            })
        );
        let rpc = crate::protocol::samples::sample("jsonrpc_common_version")["response"]["body"]["result"].clone();
        let v = ServerVersion::from_version_info(
            &rpc["server_version_info"],
            rpc["server_version"].as_str(),
        );
        assert_eq!(v.map(|v| v.major), Some(19));
    }
}
