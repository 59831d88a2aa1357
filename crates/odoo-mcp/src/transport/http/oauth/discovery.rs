//! Finds the issuer's `jwks_uri` when `[server.oauth] jwks_uri` is not set: the
//! authorization server metadata (RFC 8414) at the path-inserted well-known URL, then
//! OpenID Connect discovery (inserted, then appended), as MCP clients look for them. The
//! document must name our issuer exactly (RFC 8414 §3.3), and its `jwks_uri` must pass the
//! same https rule as the issuer.

use serde::Deserialize;
use url::Url;

use super::error::FetchError;
use super::fetch::Fetcher;

/// Largest metadata document read.
const MAX_METADATA_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
struct ServerMetadata {
    issuer: String,
    jwks_uri: Option<String>,
}

/// The well-known URLs to try for `issuer`, in order.
pub(crate) fn candidates(issuer: &Url) -> Vec<String> {
    let origin = issuer.origin().ascii_serialization();
    let path = issuer.path().trim_end_matches('/');
    if path.is_empty() {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server"),
            format!("{origin}/.well-known/openid-configuration"),
        ]
    } else {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server{path}"),
            format!("{origin}/.well-known/openid-configuration{path}"),
            format!("{origin}{path}/.well-known/openid-configuration"),
        ]
    }
}

/// The `jwks_uri` the issuer publishes.
pub(crate) async fn jwks_uri(
    fetcher: &Fetcher,
    issuer: &str,
    allow_http: bool,
) -> Result<String, FetchError> {
    let issuer_url = Url::parse(issuer).map_err(|e| FetchError::Invalid {
        url: issuer.to_owned(),
        message: e.to_string(),
    })?;
    let mut last = None;
    for url in candidates(&issuer_url) {
        match fetcher
            .get_json::<ServerMetadata>(&url, MAX_METADATA_BYTES)
            .await
        {
            Ok(meta) => {
                let invalid = |message: String| FetchError::Invalid {
                    url: url.clone(),
                    message,
                };
                if meta.issuer != issuer {
                    return Err(invalid(format!(
                        "the metadata names the issuer {:?}, not {issuer:?}",
                        meta.issuer
                    )));
                }
                let jwks = meta
                    .jwks_uri
                    .ok_or_else(|| invalid("the metadata has no jwks_uri".to_owned()))?;
                crate::config::check_endpoint(&jwks, allow_http).map_err(invalid)?;
                return Ok(jwks);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or(FetchError::Invalid {
        url: issuer.to_owned(),
        message: "no metadata URL".to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_urls_insert_the_issuer_path() {
        let at = |s: &str| candidates(&Url::parse(s).expect("url"));
        assert_eq!(
            at("https://login.example.com"),
            [
                "https://login.example.com/.well-known/oauth-authorization-server",
                "https://login.example.com/.well-known/openid-configuration",
            ]
        );
        assert_eq!(
            at("https://login.example.com/realms/acme/"),
            [
                "https://login.example.com/.well-known/oauth-authorization-server/realms/acme",
                "https://login.example.com/.well-known/openid-configuration/realms/acme",
                "https://login.example.com/realms/acme/.well-known/openid-configuration",
            ]
        );
    }
}
