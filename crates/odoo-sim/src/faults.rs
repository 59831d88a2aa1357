//! Fault injection: latency, error rates, dropped and hanging connections, forced statuses,
//! and one Odoo method's calls dropped before they run or after (a write committed, its answer
//! lost).
//!
//! [`Faults`] is shared between a [`crate::SimHandle`] and the server task. Every call to a
//! faultable endpoint (`POST /json/2/*`, `POST /jsonrpc`) asks it what to do with
//! [`Faults::next_call`]. Everything is deterministic: an error rate of `r` fails the calls where
//! `floor(n * r)` grows (n = calls since the rate was set), so tests are reproducible.

use std::sync::Mutex;
use std::time::Duration;

/// What the server must do with one call, decided on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Injected {
    /// Answer normally.
    Nothing,
    /// Close the connection without answering.
    Drop,
    /// Never answer (until the server shuts down).
    Hang,
    /// Answer this HTTP status instead of handling the call.
    Status(u16),
}

#[derive(Debug, Default)]
struct State {
    latency: Duration,
    rate: f64,
    rate_status: u16,
    rate_calls: u64,
    drop_next: u32,
    hang_next: u32,
    fail_next: u32,
    fail_status: u16,
    /// Per Odoo method: how many of its next calls are dropped, before running (`false`) or
    /// after (`true`).
    drops: Vec<(String, u32, bool)>,
}

/// Fault injection shared with the server task; every method takes `&self`.
///
/// One call consumes at most one injected fault, in this order: dropped, hanging, forced
/// status (`fail_next`), then the error rate. The latency is added before every answer.
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<State>,
}

impl Faults {
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut guard = match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    /// Adds `d` before every answer (zero to remove it).
    pub fn set_latency(&self, d: Duration) {
        self.with(|s| s.latency = d);
    }

    /// Makes this fraction of calls (0.0–1.0) answer `status` (e.g. 500, or 503 with an HTML
    /// body like a reverse proxy's). Deterministic: with 0.25 every 4th call fails.
    pub fn set_error_rate(&self, rate: f64, status: u16) {
        let rate = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        self.with(|s| {
            s.rate = rate;
            s.rate_status = status;
            s.rate_calls = 0;
        });
    }

    /// The next `n` calls: read the request, count it, then close the connection without
    /// answering.
    pub fn drop_next(&self, n: u32) {
        self.with(|s| s.drop_next = n);
    }

    /// The next `n` calls never answer.
    pub fn hang_next(&self, n: u32) {
        self.with(|s| s.hang_next = n);
    }

    /// The next `n` calls answer `status` (429 carries `Retry-After: 1`).
    pub fn fail_next(&self, n: u32, status: u16) {
        self.with(|s| {
            s.fail_next = n;
            s.fail_status = status;
        });
    }

    /// The next `n` calls of the Odoo method `method` (any model) run — a write commits —
    /// and then their connection is closed without the answer: the client cannot tell whether
    /// the call happened.
    pub fn drop_answer_of(&self, method: &str, n: u32) {
        self.with(|s| s.drops.push((method.to_owned(), n, true)));
    }

    /// The next `n` calls of the Odoo method `method` (any model) are dropped before they run:
    /// the connection closes without an answer and nothing happened.
    pub fn drop_call_of(&self, method: &str, n: u32) {
        self.with(|s| s.drops.push((method.to_owned(), n, false)));
    }

    /// Whether this call of `method` must be dropped now — before it runs (`after` false) or
    /// once it ran (`after` true); consumes one of the calls given to [`Faults::drop_call_of`]
    /// or [`Faults::drop_answer_of`].
    pub(crate) fn take_drop(&self, method: &str, after: bool) -> bool {
        self.with(|s| {
            let found = s
                .drops
                .iter_mut()
                .find(|(m, n, a)| m == method && *n > 0 && *a == after);
            match found {
                Some((_, n, _)) => {
                    *n -= 1;
                    true
                }
                None => false,
            }
        })
    }

    /// Removes every injected fault and the latency.
    pub fn clear(&self) {
        self.with(|s| *s = State::default());
    }

    /// Decides the fate of one arriving call: the latency to add and the fault to inject.
    pub(crate) fn next_call(&self) -> (Duration, Injected) {
        self.with(|s| {
            let injected = if s.drop_next > 0 {
                s.drop_next -= 1;
                Injected::Drop
            } else if s.hang_next > 0 {
                s.hang_next -= 1;
                Injected::Hang
            } else if s.fail_next > 0 {
                s.fail_next -= 1;
                Injected::Status(s.fail_status)
            } else if s.rate > 0.0 {
                let before = s.rate_calls;
                s.rate_calls += 1;
                // Bresenham-like: fail when floor(n * rate) increases.
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
                let grows =
                    (s.rate_calls as f64 * s.rate).floor() > (before as f64 * s.rate).floor();
                if grows {
                    Injected::Status(s.rate_status)
                } else {
                    Injected::Nothing
                }
            } else {
                Injected::Nothing
            };
            (s.latency, injected)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fates(f: &Faults, n: usize) -> Vec<Injected> {
        (0..n).map(|_| f.next_call().1).collect()
    }

    #[test]
    fn error_rate_is_deterministic() {
        let f = Faults::default();
        f.set_error_rate(0.25, 503);
        let got = fates(&f, 8);
        let failed = got.iter().filter(|i| **i == Injected::Status(503)).count();
        assert_eq!(failed, 2);
        assert_eq!(got[3], Injected::Status(503));
        assert_eq!(got[7], Injected::Status(503));
        f.set_error_rate(1.0, 500);
        assert!(fates(&f, 3).iter().all(|i| *i == Injected::Status(500)));
        f.set_error_rate(0.0, 500);
        assert!(fates(&f, 3).iter().all(|i| *i == Injected::Nothing));
    }

    #[test]
    fn one_fault_per_call_in_order() {
        let f = Faults::default();
        f.fail_next(1, 429);
        f.hang_next(1);
        f.drop_next(1);
        let got = fates(&f, 4);
        assert_eq!(
            got,
            vec![
                Injected::Drop,
                Injected::Hang,
                Injected::Status(429),
                Injected::Nothing
            ]
        );
    }

    #[test]
    fn answers_are_dropped_only_for_the_named_method() {
        let f = Faults::default();
        f.drop_answer_of("message_post", 1);
        f.drop_call_of("context_get", 2);
        assert!(!f.take_drop("read", true));
        assert!(!f.take_drop("message_post", false), "after, not before");
        assert!(f.take_drop("message_post", true));
        assert!(!f.take_drop("message_post", true), "only once");
        assert!(f.take_drop("context_get", false));
        assert!(f.take_drop("context_get", false));
        assert!(!f.take_drop("context_get", false));
    }

    #[test]
    fn clear_removes_everything() {
        let f = Faults::default();
        f.set_latency(Duration::from_millis(5));
        f.fail_next(3, 503);
        f.set_error_rate(1.0, 500);
        f.clear();
        assert_eq!(f.next_call(), (Duration::ZERO, Injected::Nothing));
    }
}
