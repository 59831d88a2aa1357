//! The instance's base URL: what a user may write (`mycompany.odoo.com`, a URL copied from
//! the browser) turned into `scheme://host[:port][/prefix]`, or refused with the exact fix.
//!
//! Rules: no scheme means `https://` (plain `http://` for loopback hosts, where Odoo runs
//! without TLS); a plain-HTTP URL to another host is refused unless insecure HTTP is allowed
//! (credentials would cross the network in clear); browser paths (`/odoo`, `/web`,
//! `/odoo/action-…`), queries and fragments are refused with the URL to use instead. Errors
//! never quote a password written in the URL.

use std::net::IpAddr;

use crate::config_error::UrlError;

/// The paths of Odoo's web client: a URL copied from the browser starts with one of them.
const BROWSER_PATHS: &[&str] = &["/odoo", "/web", "/en/odoo", "/my", "/shop"];

/// A checked base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    /// The URL without a trailing `/`.
    pub(crate) text: String,
    /// Whether it is plain HTTP to a host other than this machine.
    pub(crate) insecure_remote: bool,
}

/// Whether a host name or address is this machine (exact names only, never a substring).
pub(crate) fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        url::Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// Normalises a base URL (see the module doc). The error says what to write instead.
pub(crate) fn normalize(raw: &str) -> Result<BaseUrl, UrlError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(UrlError::Empty);
    }
    let explicit_scheme = raw.contains("://");
    let with_scheme = if explicit_scheme {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let mut url = url::Url::parse(&with_scheme).map_err(|e| match e {
        url::ParseError::IdnaError => UrlError::NonAsciiHost,
        e => UrlError::Invalid(e),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::Scheme(url.scheme().chars().take(32).collect()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlError::Credentials);
    }
    let loopback = match url.host() {
        Some(host) if !host.to_string().is_empty() => is_loopback(&host),
        _ => return Err(UrlError::NoHost),
    };
    if !explicit_scheme && loopback {
        // `https` → `http` is always allowed by the url crate.
        url.set_scheme("http").map_err(|()| UrlError::NoHost)?;
    }
    let origin = url.origin().ascii_serialization();
    let path = url.path().trim_end_matches('/').to_owned();
    let browser = BROWSER_PATHS
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")));
    if browser || url.fragment().is_some() || url.query().is_some() {
        let what = if browser {
            format!(
                "the path {:?} of Odoo's web client",
                path.chars().take(100).collect::<String>()
            )
        } else if url.fragment().is_some() {
            "a #fragment".to_owned()
        } else {
            "a ?query".to_owned()
        };
        return Err(UrlError::Browser { what, origin });
    }
    Ok(BaseUrl {
        text: format!("{origin}{path}"),
        insecure_remote: url.scheme() == "http" && !loopback,
    })
}

/// The base URL a redirect points to: `location` resolved against the request URL, with the
/// request's path (`/web/version`, `/jsonrpc`, …) stripped when it ends the target.
pub(crate) fn redirect_base(request_url: &str, request_path: &str, location: &str) -> String {
    let target = url::Url::parse(request_url)
        .and_then(|base| base.join(location))
        .map(|mut u| {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        })
        .unwrap_or_else(|_| location.chars().take(200).collect());
    let target = target.trim_end_matches('/');
    target
        .strip_suffix(request_path.trim_end_matches('/'))
        .filter(|_| !request_path.is_empty())
        .unwrap_or(target)
        .trim_end_matches('/')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        normalize(raw).unwrap_or_else(|e| panic!("{raw}: {e}")).text
    }

    #[test]
    fn no_scheme_means_https_except_on_this_machine() {
        assert_eq!(ok("mycompany.odoo.com"), "https://mycompany.odoo.com");
        assert_eq!(ok("localhost:8069"), "http://localhost:8069");
        assert_eq!(ok("127.0.0.1:8069"), "http://127.0.0.1:8069");
        assert_eq!(ok("[::1]:8069"), "http://[::1]:8069");
        assert_eq!(ok("http://localhost:8069/"), "http://localhost:8069");
        assert_eq!(ok("https://Odoo.Example.com"), "https://odoo.example.com");
        assert_eq!(
            ok("  https://odoo.example.com/erp/ "),
            "https://odoo.example.com/erp"
        );
    }

    #[test]
    fn plain_http_to_another_host_is_flagged() {
        assert!(
            normalize("http://odoo.example.com")
                .unwrap()
                .insecure_remote
        );
        assert!(normalize("http://10.0.0.5:8069").unwrap().insecure_remote);
        assert!(!normalize("http://localhost:8069").unwrap().insecure_remote);
        assert!(!normalize("odoo.example.com").unwrap().insecure_remote);
        // "localhost" as a substring of another name is not this machine.
        assert!(
            normalize("http://localhost.evil.com")
                .unwrap()
                .insecure_remote
        );
    }

    #[test]
    fn browser_urls_are_refused_with_the_address_to_use() {
        for raw in [
            "https://mycompany.odoo.com/odoo",
            "https://mycompany.odoo.com/odoo/action-123",
            "https://mycompany.odoo.com/web#action=12&model=res.partner",
            "https://mycompany.odoo.com/web/login",
            "https://mycompany.odoo.com/#home",
            "https://mycompany.odoo.com/?db=prod",
        ] {
            let e = normalize(raw).unwrap_err().to_string();
            assert!(
                e.contains("copied from the browser") && e.ends_with("https://mycompany.odoo.com"),
                "{raw}: {e}"
            );
        }
    }

    #[test]
    fn an_international_host_name_is_asked_for_in_its_ascii_form() {
        let e = normalize("https://bücher.example").unwrap_err().to_string();
        assert!(e.contains("xn--") && e.contains("ASCII"), "{e}");
        assert_eq!(
            ok("https://xn--bcher-kva.example"),
            "https://xn--bcher-kva.example"
        );
    }

    #[test]
    fn bad_urls_are_refused_without_quoting_credentials() {
        for raw in ["ftp://host", "file:///etc/passwd", "", "http://"] {
            assert!(normalize(raw).is_err(), "{raw}");
        }
        let e = normalize("https://admin:hunter2@odoo.example.com")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("hunter2") && e.contains("credentials"), "{e}");
    }

    #[test]
    fn redirect_targets_become_base_urls() {
        assert_eq!(
            redirect_base(
                "http://odoo.example.com/web/version",
                "/web/version",
                "https://odoo.example.com/web/version"
            ),
            "https://odoo.example.com"
        );
        assert_eq!(
            redirect_base("https://a.example.com/jsonrpc", "/jsonrpc", "/odoo?x=1"),
            "https://a.example.com/odoo"
        );
    }
}
