//! The long job — counting the primes below a number — and everything that keeps its cost
//! bounded. This is the lesson of the example; every limit is a constant here:
//!
//! - the input is capped ([`MAX_BELOW`]);
//! - at most [`MAX_RUNNING`] jobs run at once, across plain calls and tasks; one more is
//!   refused at once ("busy"), not queued without end;
//! - each job has a deadline ([`DEADLINE`]);
//! - the work is done in chunks on tokio's blocking pool (the async runtime stays free), and
//!   between chunks the job reports progress and stops as soon as it is cancelled.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rmcp::model::{ProgressNotificationParam, ProgressToken};
use rmcp::service::RequestContext;
use rmcp::{Peer, RoleServer};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The largest `below` accepted.
pub(crate) const MAX_BELOW: u64 = 50_000_000;
/// Numbers per chunk: the most work done between two checks for cancellation.
pub(crate) const CHUNK: u64 = 250_000;
/// The most jobs running at once.
pub(crate) const MAX_RUNNING: usize = 2;
/// The longest a job may run.
pub(crate) const DEADLINE: Duration = Duration::from_secs(20);

/// Why a job did not produce a count. The texts are what the model reads.
#[derive(Debug, thiserror::Error)]
pub(crate) enum JobError {
    #[error("`below` must be 2 to {MAX_BELOW}; got {0}")]
    OutOfRange(u64),
    #[error("busy: the server runs at most {0} jobs at once; retry in a few seconds")]
    Busy(usize),
    #[error("cancelled")]
    Cancelled,
    #[error("stopped after {0:?}, the limit per request; ask for a smaller `below`")]
    Deadline(Duration),
    #[error("internal error: a worker failed")]
    Worker,
}

/// The limits shared by all requests.
#[derive(Debug)]
pub(crate) struct Limits {
    max_running: usize,
    running: Arc<Semaphore>,
    deadline: Duration,
}

impl Limits {
    pub(crate) fn new(max_running: usize, deadline: Duration) -> Self {
        Self {
            max_running,
            running: Arc::new(Semaphore::new(max_running)),
            deadline,
        }
    }

    /// Admits a job for `below` now, or says why not. The returned job holds its place until
    /// it is dropped (finished, failed or cancelled).
    pub(crate) fn admit(&self, below: u64) -> Result<Job, JobError> {
        if !(2..=MAX_BELOW).contains(&below) {
            return Err(JobError::OutOfRange(below));
        }
        let permit = self
            .running
            .clone()
            .try_acquire_owned()
            .map_err(|_| JobError::Busy(self.max_running))?;
        Ok(Job {
            below,
            deadline: self.deadline,
            _permit: permit,
        })
    }
}

/// Where progress goes: the client's progress token, if it sent one.
#[derive(Debug)]
pub(crate) struct Progress {
    peer: Peer<RoleServer>,
    token: ProgressToken,
}

impl Progress {
    pub(crate) fn of(context: &RequestContext<RoleServer>) -> Option<Self> {
        let token = context.meta.get_progress_token()?;
        Some(Self {
            peer: context.peer.clone(),
            token,
        })
    }

    async fn report(&self, done: u64, total: u64) {
        #[allow(clippy::cast_precision_loss)] // chunk counts are far below 2^52
        let param = ProgressNotificationParam::new(self.token.clone(), done as f64)
            .with_total(total as f64)
            .with_message(format!("chunk {done} of {total}"));
        // A client that went away is not an error for the job: cancellation will stop it.
        let _ = self.peer.notify_progress(param).await;
    }
}

/// An admitted job.
#[derive(Debug)]
pub(crate) struct Job {
    below: u64,
    deadline: Duration,
    _permit: OwnedSemaphorePermit,
}

impl Job {
    /// Counts the primes below `below`, reporting to `progress` after each chunk, until done,
    /// `stop` resolves (cancellation) or the deadline passes.
    pub(crate) async fn run(
        self,
        progress: Option<Progress>,
        stop: impl Future<Output = ()>,
    ) -> Result<u64, JobError> {
        let deadline = tokio::time::Instant::now() + self.deadline;
        tokio::pin!(stop);
        let chunks = self.below.div_ceil(CHUNK);
        let mut count = 0;
        for i in 0..chunks {
            let (start, end) = (i * CHUNK, ((i + 1) * CHUNK).min(self.below));
            let work =
                tokio::task::spawn_blocking(move || (start..end).filter(|&n| is_prime(n)).count());
            tokio::select! {
                biased;
                () = &mut stop => return Err(JobError::Cancelled),
                () = tokio::time::sleep_until(deadline) => return Err(JobError::Deadline(self.deadline)),
                done = work => count += done.map_err(|_| JobError::Worker)? as u64,
            }
            if let Some(progress) = &progress {
                progress.report(i + 1, chunks).await;
            }
        }
        Ok(count)
    }
}

/// Trial division: slow on purpose, so the job is long enough to watch.
fn is_prime(n: u64) -> bool {
    if n < 4 {
        return n >= 2;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_primes() {
        let limits = Limits::new(1, DEADLINE);
        let job = limits.admit(1_000_000).expect("admitted");
        let count = job.run(None, std::future::pending()).await.expect("done");
        assert_eq!(count, 78_498);
        assert_eq!(
            limits
                .admit(10)
                .expect("admitted")
                .run(None, std::future::pending())
                .await
                .expect("done"),
            4
        );
    }

    #[tokio::test]
    async fn refuses_out_of_range_and_past_capacity() {
        let limits = Limits::new(1, DEADLINE);
        assert!(matches!(limits.admit(1), Err(JobError::OutOfRange(1))));
        assert!(matches!(
            limits.admit(MAX_BELOW + 1),
            Err(JobError::OutOfRange(_))
        ));
        let held = limits.admit(100).expect("admitted");
        assert!(matches!(limits.admit(100), Err(JobError::Busy(1))));
        drop(held);
        assert!(limits.admit(100).is_ok(), "a finished job frees its place");
    }

    #[tokio::test]
    async fn stops_at_the_deadline_and_when_cancelled() {
        let limits = Limits::new(1, Duration::from_millis(200));
        let started = std::time::Instant::now();
        let result = limits
            .admit(MAX_BELOW)
            .expect("admitted")
            .run(None, std::future::pending())
            .await;
        assert!(matches!(result, Err(JobError::Deadline(_))), "{result:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );

        let limits = Limits::new(1, DEADLINE);
        let stop = tokio::time::sleep(Duration::from_millis(100));
        let result = limits
            .admit(MAX_BELOW)
            .expect("admitted")
            .run(None, stop)
            .await;
        assert!(matches!(result, Err(JobError::Cancelled)), "{result:?}");
        assert!(limits.admit(10).is_ok(), "a cancelled job frees its place");
    }
}
