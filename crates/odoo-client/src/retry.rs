//! The retry policy, in one place: only idempotent reads are retried (connect errors, 502,
//! 503, 504 and 429 with `Retry-After`); writes are never resent, and a write that may have
//! reached the server without an answer is reported as "outcome unknown".

use std::future::Future;
use std::time::Duration;

use crate::error::{Error, Transience};

/// The first backoff delay; it doubles on every retry.
const BASE_DELAY: Duration = Duration::from_millis(200);
/// The longest backoff delay.
const MAX_DELAY: Duration = Duration::from_secs(2);
/// The longest wait a `Retry-After` header can impose.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Whether an operation may safely run twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// A read (search, read, count, metadata, version, authentication): retried.
    Read,
    /// A change or an arbitrary method call: never retried.
    Write,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Give up and report the error.
    GiveUp,
}

/// The retry policy of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// How many times a read may be retried after its first attempt.
    pub(crate) max_retries: u32,
}

impl RetryPolicy {
    /// What to do after attempt number `attempt` (0 for the first) failed with `error`.
    pub(crate) fn decide(&self, idempotency: Idempotency, attempt: u32, error: &Error) -> Decision {
        if idempotency == Idempotency::Write || attempt >= self.max_retries {
            return Decision::GiveUp;
        }
        match error.transience() {
            Transience::NotSent | Transience::Unavailable => Decision::RetryAfter(backoff(attempt)),
            Transience::RateLimited(wait) => Decision::RetryAfter(
                wait.map_or_else(|| backoff(attempt), |w| w.min(MAX_RETRY_AFTER)),
            ),
            Transience::Permanent | Transience::NoAnswer => Decision::GiveUp,
        }
    }

    /// Runs `attempt` until it succeeds or the policy gives up; a write whose request may
    /// have reached the server without an answer comes back marked "outcome unknown".
    pub(crate) async fn run<T, F, Fut>(
        &self,
        idempotency: Idempotency,
        what: &str,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut number = 0;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            match self.decide(idempotency, number, &error) {
                Decision::RetryAfter(delay) => {
                    tracing::debug!(
                        what,
                        attempt = number + 1,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        kind = ?error.kind(),
                        "retrying an idempotent read"
                    );
                    tokio::time::sleep(delay).await;
                    number += 1;
                }
                Decision::GiveUp => return Err(finish(idempotency, error)),
            }
        }
    }
}

/// Marks a failed write whose request may have been applied.
fn finish(idempotency: Idempotency, error: Error) -> Error {
    let maybe_applied = matches!(
        error.transience(),
        Transience::NoAnswer | Transience::Unavailable
    );
    if idempotency == Idempotency::Write && maybe_applied {
        error.with_outcome_unknown()
    } else {
        error
    }
}

/// The backoff before retry number `attempt + 1`: 200 ms, 400 ms, 800 ms, ... capped at 2 s.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
    BASE_DELAY.saturating_mul(factor).min(MAX_DELAY)
}

/// Parses a `Retry-After` header given in seconds (an HTTP date is ignored: the backoff
/// applies then).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn failure(t: Transience) -> Error {
        Error::new(ErrorKind::Server, "x").with_transience(t)
    }

    const POLICY: RetryPolicy = RetryPolicy { max_retries: 2 };

    #[test]
    fn reads_are_retried_on_connect_errors_and_gateway_failures() {
        for t in [Transience::NotSent, Transience::Unavailable] {
            assert_eq!(
                POLICY.decide(Idempotency::Read, 0, &failure(t)),
                Decision::RetryAfter(Duration::from_millis(200))
            );
            assert_eq!(
                POLICY.decide(Idempotency::Read, 1, &failure(t)),
                Decision::RetryAfter(Duration::from_millis(400))
            );
            assert_eq!(
                POLICY.decide(Idempotency::Read, 2, &failure(t)),
                Decision::GiveUp
            );
        }
    }

    #[test]
    fn reads_are_not_retried_on_odoo_errors_or_timeouts() {
        for t in [Transience::Permanent, Transience::NoAnswer] {
            assert_eq!(
                POLICY.decide(Idempotency::Read, 0, &failure(t)),
                Decision::GiveUp
            );
        }
    }

    #[test]
    fn writes_are_never_retried() {
        for t in [
            Transience::Permanent,
            Transience::NotSent,
            Transience::NoAnswer,
            Transience::Unavailable,
            Transience::RateLimited(Some(Duration::from_secs(1))),
        ] {
            assert_eq!(
                POLICY.decide(Idempotency::Write, 0, &failure(t)),
                Decision::GiveUp
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let one = failure(Transience::RateLimited(Some(Duration::from_secs(1))));
        assert_eq!(
            POLICY.decide(Idempotency::Read, 0, &one),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        let long = failure(Transience::RateLimited(Some(Duration::from_secs(3600))));
        assert_eq!(
            POLICY.decide(Idempotency::Read, 0, &long),
            Decision::RetryAfter(Duration::from_secs(10))
        );
        let none = failure(Transience::RateLimited(None));
        assert_eq!(
            POLICY.decide(Idempotency::Read, 1, &none),
            Decision::RetryAfter(Duration::from_millis(400))
        );
    }

    #[test]
    fn zero_retries_means_one_attempt() {
        let policy = RetryPolicy { max_retries: 0 };
        assert_eq!(
            policy.decide(Idempotency::Read, 0, &failure(Transience::NotSent)),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_doubles_up_to_two_seconds() {
        let delays: Vec<u128> = (0..6).map(|a| backoff(a).as_millis()).collect();
        assert_eq!(delays, [200, 400, 800, 1600, 2000, 2000]);
        assert_eq!(backoff(40), MAX_DELAY);
    }

    #[test]
    fn parses_retry_after_seconds_only() {
        assert_eq!(parse_retry_after(" 1 "), Some(Duration::from_secs(1)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-3"), None);
    }

    #[test]
    fn only_writes_that_may_have_run_are_outcome_unknown() {
        let f = |t| finish(Idempotency::Write, failure(t)).is_outcome_unknown();
        assert!(f(Transience::NoAnswer));
        assert!(f(Transience::Unavailable));
        assert!(!f(Transience::NotSent));
        assert!(!f(Transience::Permanent));
        assert!(!f(Transience::RateLimited(None)));
        assert!(!finish(Idempotency::Read, failure(Transience::NoAnswer)).is_outcome_unknown());
    }

    #[tokio::test(start_paused = true)]
    async fn run_retries_reads_and_stops_writes() {
        let mut calls = 0;
        let result: Result<u32, Error> = POLICY
            .run(Idempotency::Read, "test", || {
                calls += 1;
                let n = calls;
                async move {
                    if n < 3 {
                        Err(failure(Transience::Unavailable))
                    } else {
                        Ok(n)
                    }
                }
            })
            .await;
        assert_eq!(result.unwrap(), 3);

        let mut calls = 0;
        let result: Result<u32, Error> = POLICY
            .run(Idempotency::Write, "test", || {
                calls += 1;
                async { Err(failure(Transience::Unavailable)) }
            })
            .await;
        assert_eq!(calls, 1);
        assert!(result.unwrap_err().is_outcome_unknown());
    }
}
