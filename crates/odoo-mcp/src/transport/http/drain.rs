//! Graceful drain: counts the HTTP requests in flight (until their response body is sent) so
//! that a stop can wait for them — but not for a session's open `GET /mcp` event stream,
//! which never ends by itself.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::watch;

/// The number of requests in flight. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct InFlight {
    count: watch::Sender<usize>,
}

impl Default for InFlight {
    fn default() -> Self {
        Self {
            count: watch::Sender::new(0),
        }
    }
}

impl InFlight {
    /// Counts one request until the guard is dropped.
    fn enter(&self) -> Guard {
        self.count.send_modify(|n| *n += 1);
        Guard(self.clone())
    }

    /// Requests in flight now.
    pub(crate) fn now(&self) -> usize {
        *self.count.borrow()
    }

    /// Waits until no request is in flight, at most `grace`; `true` when none is left.
    pub(crate) async fn settle(&self, grace: Duration) -> bool {
        let mut rx = self.count.subscribe();
        tokio::time::timeout(grace, rx.wait_for(|n| *n == 0))
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

/// One counted request.
#[derive(Debug)]
struct Guard(InFlight);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.count.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// Middleware: counts every request except a `GET` event stream, until its response body
/// has been sent (or dropped with the connection).
pub(crate) async fn track(State(in_flight): State<InFlight>, req: Request, next: Next) -> Response {
    if req.method() == http::Method::GET && req.uri().path().starts_with("/mcp") {
        return next.run(req).await;
    }
    let guard = in_flight.enter();
    let response = next.run(req).await;
    let (parts, body) = response.into_parts();
    Response::from_parts(
        parts,
        Body::new(Tracked {
            inner: body,
            _guard: guard,
        }),
    )
}

/// A response body holding its request's [`Guard`].
struct Tracked {
    inner: Body,
    _guard: Guard,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn settle_waits_for_the_last_request_or_the_grace() {
        let in_flight = InFlight::default();
        assert!(in_flight.settle(Duration::from_millis(10)).await, "idle");
        let first = in_flight.enter();
        let second = in_flight.enter();
        assert_eq!(in_flight.now(), 2);
        assert!(!in_flight.settle(Duration::from_millis(50)).await, "busy");
        drop(first);
        let waiting = tokio::spawn({
            let in_flight = in_flight.clone();
            async move { in_flight.settle(Duration::from_secs(10)).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "one request is still in flight");
        drop(second);
        assert!(waiting.await.unwrap(), "settled when the last one finished");
        assert_eq!(in_flight.now(), 0);
    }
}
