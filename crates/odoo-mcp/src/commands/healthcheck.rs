//! `odoo-mcp healthcheck`: asks a running HTTP server's `/healthz` and exits 0 when it answers
//! 200, 1 otherwise — the container's `HEALTHCHECK` without a shell or curl in the image.
//!
//! Plain HTTP/1.1 on a TCP socket (the probe targets the server in the same container), one
//! short deadline for the whole exchange, and only the status line is read (at most
//! [`MAX_STATUS_LINE`] bytes): a hostile or broken peer cannot make it hang or allocate.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{CommandError, out};
use crate::cli::HealthcheckArgs;

/// What `--url` defaults to: the default HTTP listen address.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8787/healthz";

/// The longest status line read from the server.
pub const MAX_STATUS_LINE: usize = 1024;

/// Why the server was not found healthy.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HealthError {
    /// `--url` is not a plain `http://host[:port]/path` URL.
    /// The URL is not echoed: it may hold credentials.
    #[error("--url: {why} (expected e.g. {DEFAULT_URL})")]
    BadUrl {
        /// What is wrong with it.
        why: &'static str,
    },
    /// Connecting, writing or reading failed.
    #[error("{url}: {source}")]
    Io {
        /// The URL probed.
        url: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// No full answer within the deadline.
    #[error("{url}: no answer within {} ms", timeout.as_millis())]
    Timeout {
        /// The URL probed.
        url: String,
        /// The deadline.
        timeout: Duration,
    },
    /// The answer does not start with an HTTP status line.
    #[error("{url}: the answer is not HTTP")]
    NotHttp {
        /// The URL probed.
        url: String,
    },
}

/// Probes `args.url`; exit code 0 on 200, 1 on anything else (Docker reserves 2).
pub async fn run(args: &HealthcheckArgs) -> Result<ExitCode, CommandError> {
    let timeout = Duration::from_millis(args.timeout_ms);
    match probe(&args.url, timeout).await {
        Ok(200) => {
            out(writeln!(
                std::io::stdout().lock(),
                "healthy: {} answered 200",
                args.url
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(status) => {
            tracing::error!(url = %args.url, status, "unhealthy");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            tracing::error!(error = %e, "unhealthy");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The HTTP status `url` answers a `GET` with, within `timeout`.
pub async fn probe(url: &str, timeout: Duration) -> Result<u16, HealthError> {
    let target = Target::parse(url)?;
    match tokio::time::timeout(timeout, target.get()).await {
        Ok(Ok(Some(status))) => Ok(status),
        Ok(Ok(None)) => Err(HealthError::NotHttp {
            url: url.to_owned(),
        }),
        Ok(Err(source)) => Err(HealthError::Io {
            url: url.to_owned(),
            source,
        }),
        Err(_) => Err(HealthError::Timeout {
            url: url.to_owned(),
            timeout,
        }),
    }
}

/// Where to connect and what to ask.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    authority: String,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Self, HealthError> {
        let bad = |why| HealthError::BadUrl { why };
        let uri: http::Uri = url.parse().map_err(|_| bad("not a URL"))?;
        if uri.scheme_str() != Some("http") {
            return Err(bad(
                "only http:// is supported (probe the server inside its container)",
            ));
        }
        let authority = uri.authority().ok_or_else(|| bad("no host"))?;
        if authority.as_str().contains('@') {
            return Err(bad("credentials in the URL are not supported"));
        }
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        Ok(Self {
            host: host.to_owned(),
            port: authority.port_u16().unwrap_or(80),
            authority: authority.as_str().to_owned(),
            path: uri.path_and_query().map_or("/", |p| p.as_str()).to_owned(),
        })
    }

    /// Sends the request; the status code, `None` when the answer is not HTTP.
    async fn get(&self) -> std::io::Result<Option<u16>> {
        let mut stream = tokio::net::TcpStream::connect((self.host.as_str(), self.port)).await?;
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: odoo-mcp-healthcheck\r\nConnection: close\r\n\r\n",
            self.path, self.authority
        );
        stream.write_all(request.as_bytes()).await?;
        let mut line = Vec::with_capacity(128);
        let mut buf = [0u8; 256];
        while !line.contains(&b'\n') && line.len() < MAX_STATUS_LINE {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            line.extend_from_slice(&buf[..n]);
        }
        Ok(status_code(&line))
    }
}

/// `HTTP/1.1 200 OK…` → 200.
fn status_code(answer: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(answer.get(..answer.len().min(MAX_STATUS_LINE))?).ok()?;
    let mut parts = text.split(' ');
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use tokio::net::TcpListener;

    use super::*;

    /// A one-shot server that answers the first connection with `answer` (or never).
    async fn server(answer: Option<&'static [u8]>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let n = socket.read(&mut request).await.unwrap();
            assert!(request[..n].starts_with(b"GET /healthz HTTP/1.1\r\n"));
            match answer {
                Some(a) => socket.write_all(a).await.unwrap(),
                None => std::future::pending().await,
            }
        });
        format!("http://{addr}/healthz")
    }

    #[tokio::test]
    async fn healthy_only_on_200() {
        let ok = server(Some(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")).await;
        assert_eq!(probe(&ok, Duration::from_secs(5)).await.unwrap(), 200);
        let down = server(Some(b"HTTP/1.1 503 Service Unavailable\r\n\r\n")).await;
        assert_eq!(probe(&down, Duration::from_secs(5)).await.unwrap(), 503);
    }

    #[tokio::test]
    async fn a_peer_that_is_not_http_or_closed_is_unhealthy() {
        let garbage = server(Some(b"SSH-2.0-OpenSSH\r\n")).await;
        assert!(matches!(
            probe(&garbage, Duration::from_secs(5)).await,
            Err(HealthError::NotHttp { .. })
        ));
        let endless = server(Some(&[b'x'; 4096])).await;
        assert!(matches!(
            probe(&endless, Duration::from_secs(5)).await,
            Err(HealthError::NotHttp { .. })
        ));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let closed = format!("http://{}/healthz", listener.local_addr().unwrap());
        drop(listener);
        assert!(matches!(
            probe(&closed, Duration::from_secs(5)).await,
            Err(HealthError::Io { .. })
        ));
    }

    #[tokio::test]
    async fn a_silent_server_times_out() {
        let silent = server(None).await;
        let err = probe(&silent, Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("no answer within 300 ms"), "{err}");
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(
            Target::parse("http://[::1]:9000/healthz?x=1").unwrap(),
            Target {
                host: "::1".into(),
                port: 9000,
                authority: "[::1]:9000".into(),
                path: "/healthz?x=1".into(),
            }
        );
        assert_eq!(Target::parse("http://localhost").unwrap().port, 80);
        for (url, why) in [
            ("https://127.0.0.1:8787/healthz", "only http://"),
            ("127.0.0.1:8787", "only http://"),
            ("http://u:p@127.0.0.1/", "credentials"),
            ("not a url at all", "not a URL"),
        ] {
            let err = Target::parse(url).unwrap_err().to_string();
            assert!(err.contains(why), "{url}: {err}");
            assert!(!err.contains("u:p"), "the URL is not echoed: {err}");
        }
    }
}
