//! A token bucket per client IP address, as an axum middleware: each address may send `burst`
//! requests at once and `per_second` more each second; past that it gets 429 with
//! `Retry-After`. The table of addresses is bounded ([`MAX_CLIENTS`]), so a flood of source
//! addresses cannot exhaust memory: when it is full, the idlest entries are dropped.
//!
//! It counts every request to `/mcp`, authenticated or not, so password-guessing is slowed too.
//! Behind a reverse proxy every request comes from the proxy's address: limit there instead.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The most client addresses tracked at once.
pub(crate) const MAX_CLIENTS: usize = 10_000;

/// The limiter's settings and state. Shared by all requests.
#[derive(Debug)]
pub(crate) struct RateLimit {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimit {
    pub(crate) fn new(per_second: u32, burst: u32) -> Self {
        Self {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_second.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client` at `now`; `false` when its bucket is empty.
    fn allow(&self, client: IpAddr, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            // Drop the entries that would be full again anyway; if none, the oldest half.
            let full_after = self.burst / self.per_second;
            buckets.retain(|_, b| now.duration_since(b.updated).as_secs_f64() < full_after);
            if buckets.len() >= MAX_CLIENTS {
                let mut ages: Vec<Instant> = buckets.values().map(|b| b.updated).collect();
                ages.sort_unstable();
                let cutoff = ages[ages.len() / 2];
                buckets.retain(|_, b| b.updated > cutoff);
            }
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The middleware. The client's address comes from the connection (`ConnectInfo`), never from
/// a header a client could forge (`X-Forwarded-For`).
pub(crate) async fn limit(
    State(limit): State<Arc<RateLimit>>,
    request: Request,
    next: Next,
) -> Response {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    if limit.allow(client, Instant::now()) {
        return next.run(request).await;
    }
    tracing::info!(%client, "rate limited");
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        "too many requests: slow down and retry after the number of seconds in Retry-After\n",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

    #[test]
    fn a_burst_then_the_steady_rate_per_address() {
        let limit = RateLimit::new(2, 3);
        let t0 = Instant::now();
        let allowed = (0..5).filter(|_| limit.allow(A, t0)).count();
        assert_eq!(allowed, 3, "the burst");
        assert!(limit.allow(B, t0), "another address has its own bucket");
        assert!(!limit.allow(A, t0 + Duration::from_millis(100)));
        assert!(
            limit.allow(A, t0 + Duration::from_millis(600)),
            "refilled at 2/s"
        );
    }

    #[test]
    fn the_table_of_addresses_stays_bounded() {
        let limit = RateLimit::new(1, 1);
        let t0 = Instant::now();
        for i in 0..(MAX_CLIENTS as u32 + 50) {
            let ip = IpAddr::V4(Ipv4Addr::from(i));
            limit.allow(ip, t0 + Duration::from_micros(u64::from(i)));
        }
        let len = limit.buckets.lock().expect("lock").len();
        assert!(len <= MAX_CLIENTS, "{len} entries");
    }
}
