//! Per-client request rate: a token bucket per client name (refilled at
//! `rate_limit_per_minute`, holding at most `rate_limit_burst`). A request finding the bucket
//! empty gets HTTP 429 with `Retry-After` and a JSON-RPC error body, and an audit line.
//! Runs after authentication, so the bucket is the authenticated client's. Without
//! authentication (loopback, or a proxy that authenticates in front) there is no client to
//! count against, and no rate limit: the proxy is the place for one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::time::Instant;

use crate::audit::{AuditLog, RefusedRequest};
use crate::caller::{Caller, CallerKind};
use crate::config::{ClientConfig, Limits};
use crate::metrics::Metrics;

/// Buckets kept at most; full ones are dropped beyond it.
const MAX_BUCKETS: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Rate {
    per_second: f64,
    burst: f64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The token buckets. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct RateLimiter {
    default: Option<Rate>,
    overrides: Arc<HashMap<String, Option<Rate>>>,
    buckets: Arc<Mutex<HashMap<String, Bucket>>>,
    audit: AuditLog,
    metrics: Metrics,
}

impl RateLimiter {
    pub(crate) fn new(
        limits: &Limits,
        clients: &[ClientConfig],
        audit: AuditLog,
        metrics: Metrics,
    ) -> Self {
        let burst = f64::from(limits.rate_burst.max(1));
        let rate = |per_minute: u32| {
            (per_minute > 0).then(|| Rate {
                per_second: f64::from(per_minute) / 60.0,
                burst,
            })
        };
        Self {
            default: rate(limits.rate_per_minute),
            overrides: Arc::new(
                clients
                    .iter()
                    .filter_map(|c| Some((c.name.clone(), rate(c.rate_per_minute?))))
                    .collect(),
            ),
            buckets: Arc::default(),
            audit,
            metrics,
        }
    }

    /// Takes one token from `client`'s bucket, or says how long until one is there.
    pub(crate) fn check(&self, client: &str) -> Result<(), Duration> {
        let rate = match self.overrides.get(client) {
            Some(rate) => *rate,
            None => self.default,
        };
        let Some(rate) = rate else {
            return Ok(());
        };
        let now = Instant::now();
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(client) {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * rate.per_second < rate.burst
            });
        }
        let bucket = buckets.entry(client.to_owned()).or_insert(Bucket {
            tokens: rate.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * rate.per_second;
        bucket.tokens = (bucket.tokens + refill).min(rate.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / rate.per_second,
            ))
        }
    }
}

/// The middleware: 429 when the caller's bucket is empty.
pub(crate) async fn limit_rate(
    State(limiter): State<RateLimiter>,
    request: Request,
    next: Next,
) -> Response {
    let caller = request
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_else(Caller::anonymous);
    if caller.kind() == CallerKind::Anonymous {
        return next.run(request).await;
    }
    match limiter.check(caller.name()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            tracing::info!(client = caller.name(), "rate limit reached");
            limiter.metrics.rate_limited(caller.name());
            limiter.audit.write(&RefusedRequest::new(
                Some(caller.name()),
                request.method().as_str(),
                request.uri().path(),
                crate::audit::RefusedBy::RateLimit,
            ));
            too_many(wait)
        }
    }
}

fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {
            "code": -32029,
            "message": format!("rate limit reached: retry after {seconds} s"),
        },
    });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_minute: u32, burst: u32) -> RateLimiter {
        let limits = Limits {
            rate_per_minute: per_minute,
            rate_burst: burst,
            ..Limits::default()
        };
        RateLimiter::new(&limits, &[], AuditLog::off(), Metrics::default())
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_passes_then_the_rate_holds_per_client() {
        let limiter = limiter(60, 3);
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
        }
        let wait = limiter.check("a").expect_err("bucket empty");
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        assert!(limiter.check("b").is_ok(), "b has its own bucket");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(limiter.check("a").is_ok(), "one token a second");
        assert!(limiter.check("a").is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn zero_means_no_limit() {
        let limiter = limiter(0, 1);
        for _ in 0..1000 {
            assert!(limiter.check("a").is_ok());
        }
    }

    #[test]
    fn the_429_says_when_to_retry() {
        let response = too_many(Duration::from_millis(1500));
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response.headers().get(header::RETRY_AFTER),
            Some(&HeaderValue::from(2u64))
        );
    }
}
