//! A small timing harness shared by the benches (no criterion): warm-up, N timed iterations
//! recorded into a preallocated buffer, then min / median / p95 / mean / max.
//!
//! Under `cargo bench` (which passes `--bench`) the full plan runs; run any other way (e.g.
//! `cargo test --benches`) a bench makes a quick smoke pass so it still checks it works.

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How many untimed and timed iterations a measurement makes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    pub(crate) warmup: usize,
    pub(crate) iterations: usize,
}

impl Plan {
    /// `warmup` + `iterations` under `cargo bench`; 1 + 3 for a smoke run.
    pub(crate) fn new(warmup: usize, iterations: usize) -> Self {
        if full_run() {
            Self {
                warmup,
                iterations: iterations.max(1),
            }
        } else {
            Self {
                warmup: warmup.min(1),
                iterations: iterations.clamp(1, 3),
            }
        }
    }
}

/// True under `cargo bench` (it passes `--bench` to `harness = false` targets).
pub(crate) fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The distribution of one measurement's timed iterations.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Summary {
    pub(crate) n: usize,
    pub(crate) min: Duration,
    pub(crate) median: Duration,
    pub(crate) p95: Duration,
    pub(crate) mean: Duration,
    pub(crate) max: Duration,
}

impl Summary {
    /// Summarises samples (sorted in place); all zero when there are none.
    fn of(samples: &mut [Duration]) -> Self {
        samples.sort_unstable();
        let n = samples.len();
        let at = |i: usize| samples.get(i).copied().unwrap_or_default();
        let median = if n % 2 == 1 || n == 0 {
            at(n / 2)
        } else {
            (at(n / 2 - 1) + at(n / 2)) / 2
        };
        // Nearest rank: the smallest sample with at least 95 % of the samples at or below it.
        let p95 = at((n * 95).div_ceil(100).saturating_sub(1));
        let total: Duration = samples.iter().sum();
        let mean =
            u32::try_from(n).map_or(Duration::ZERO, |n| total.checked_div(n).unwrap_or_default());
        Self {
            n,
            min: at(0),
            median,
            p95,
            mean,
            max: at(n.saturating_sub(1)),
        }
    }
}

/// Runs `op` `plan.warmup` times untimed, then `plan.iterations` times timed (from the call to
/// the result in hand; dropping the result is not timed). The first error stops the run.
pub(crate) async fn measure<F, Fut, T, E>(plan: Plan, mut op: F) -> Result<Summary, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    for _ in 0..plan.warmup {
        black_box(op().await?);
    }
    let mut samples = Vec::with_capacity(plan.iterations);
    for _ in 0..plan.iterations {
        let start = Instant::now();
        let out = black_box(op().await);
        let elapsed = start.elapsed();
        drop(out?);
        samples.push(elapsed);
    }
    Ok(Summary::of(&mut samples))
}

/// Microseconds with one decimal.
pub(crate) fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

/// The header of [`row`].
pub(crate) fn header(label_width: usize) -> String {
    format!(
        "{:<label_width$} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "measurement", "n", "min µs", "median µs", "p95 µs", "mean µs", "max µs"
    )
}

/// One line of results.
pub(crate) fn row(label: &str, label_width: usize, s: &Summary) -> String {
    format!(
        "{label:<label_width$} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10}",
        s.n,
        micros(s.min),
        micros(s.median),
        micros(s.p95),
        micros(s.mean),
        micros(s.max)
    )
}
