//! MCP tasks (rmcp's [`TaskManager`]) owned by the caller that started them.
//!
//! rmcp keeps one task table per manager and answers `tasks/get`, `tasks/update` and
//! `tasks/cancel` for any id it holds, whoever asks; its ids are random UUIDs, but an id that
//! leaks (a log, a shared screen, a proxy) would let another client read the result or cancel
//! the work. Here every task remembers its owner — the caller's kind and name: a configured
//! client, an OAuth subject, `local` on stdio, `anonymous` for unauthenticated HTTP (which is
//! one principal: loopback callers share it, as they share everything else) — and a task of
//! another owner, an id that is not a task id at all, or one far longer than ours gets the same
//! "unknown task" answer, so the error is no oracle for another client's ids and never echoes
//! a huge or control-character id back. Tasks survive a reconnect of their owner (the
//! 2026-07-28 era has no sessions), and at most [`MAX_RUNNING_PER_OWNER`] of one owner run at
//! once, so one client cannot take every slot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rmcp::ErrorData;
use rmcp::model::{DetailedTask, Task};
use rmcp::task_manager::{TaskContext, TaskFuture, TaskManager, TaskOptions};

use crate::caller::Caller;

/// Longest task id looked up: ours are 36-character UUIDs.
const MAX_TASK_ID_CHARS: usize = 64;

/// Tasks of one owner running at once.
pub(crate) const MAX_RUNNING_PER_OWNER: usize = 2;

/// Who started which task, and when.
struct Owned {
    owner: String,
    started: Instant,
    /// Longest rmcp keeps the task: its TTL running, then its TTL again once it settled.
    kept: Duration,
}

/// The task table with owners. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Tasks {
    manager: TaskManager,
    owners: Arc<Mutex<HashMap<String, Owned>>>,
}

/// Why a task could not be started.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SpawnRefused {
    /// The server runs its most tasks already.
    #[error("{0} tasks are already running on this server")]
    Full(usize),
    /// The caller runs its most tasks already.
    #[error("{0} of your tasks are already running")]
    Yours(usize),
}

impl Tasks {
    /// Starts `make_future` as a task of `caller`, unless the server already runs `max_total`
    /// tasks or the caller [`MAX_RUNNING_PER_OWNER`].
    pub(crate) fn spawn<F>(
        &self,
        caller: &Caller,
        max_total: usize,
        options: TaskOptions,
        make_future: F,
    ) -> Result<Task, SpawnRefused>
    where
        F: FnOnce(TaskContext) -> TaskFuture,
    {
        if self.manager.running_task_count() >= max_total {
            return Err(SpawnRefused::Full(max_total));
        }
        let owner = caller.owner_key();
        if self.running_of(&owner) >= MAX_RUNNING_PER_OWNER {
            return Err(SpawnRefused::Yours(MAX_RUNNING_PER_OWNER));
        }
        let ttl = options.ttl_ms.map_or(Duration::MAX, Duration::from_millis);
        let task = self.manager.spawn(options, make_future);
        let mut owners = self.lock();
        owners.retain(|_, o| o.started.elapsed() < o.kept);
        owners.insert(
            task.task_id.clone(),
            Owned {
                owner,
                started: Instant::now(),
                kept: ttl.saturating_mul(2),
            },
        );
        Ok(task)
    }

    /// `tasks/get` for `caller`.
    pub(crate) fn get(&self, caller: &Caller, id: &str) -> Result<DetailedTask, ErrorData> {
        self.check(caller, id)?;
        self.manager.get_task(id)
    }

    /// `tasks/update` for `caller`.
    pub(crate) fn update(
        &self,
        caller: &Caller,
        id: &str,
        responses: impl IntoIterator<Item = (String, serde_json::Value)>,
    ) -> Result<(), ErrorData> {
        self.check(caller, id)?;
        self.manager.update_task(id, responses)
    }

    /// `tasks/cancel` for `caller`.
    pub(crate) fn cancel(&self, caller: &Caller, id: &str) -> Result<(), ErrorData> {
        self.check(caller, id)?;
        self.manager.cancel_task(id)
    }

    /// Refuses an id that is not a task of `caller`, the same way whatever the reason.
    fn check(&self, caller: &Caller, id: &str) -> Result<(), ErrorData> {
        let owner = caller.owner_key();
        let mine =
            id.len() <= MAX_TASK_ID_CHARS && self.lock().get(id).is_some_and(|o| o.owner == owner);
        if mine {
            return Ok(());
        }
        if id.len() <= MAX_TASK_ID_CHARS {
            tracing::debug!(owner, "refused a task id the caller does not own");
        }
        Err(unknown_task(id))
    }

    /// The tasks of `owner` not yet finished.
    fn running_of(&self, owner: &str) -> usize {
        let ids: Vec<String> = self
            .lock()
            .iter()
            .filter(|(_, o)| o.owner == owner)
            .map(|(id, _)| id.clone())
            .collect();
        ids.iter()
            .filter(|id| {
                self.manager
                    .get_task(id)
                    .is_ok_and(|t| !t.status().is_terminal())
            })
            .count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Owned>> {
        self.owners.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The answer for an id that is not the caller's task: the id quoted (escaped, cut short).
fn unknown_task(id: &str) -> ErrorData {
    let shown: String = id.chars().take(MAX_TASK_ID_CHARS).collect();
    let cut = if shown.len() < id.len() { "…" } else { "" };
    ErrorData::invalid_params(
        format!(
            "unknown task {shown:?}{cut}: no task of yours has this id (it finished and was \
             forgotten, or was never started by you); start the call again to get a new task"
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    use rmcp::model::CallToolResult;
    use rmcp::task_manager::TaskExit;

    use super::*;
    use crate::caller::{CallerKind, Restrictions};

    fn caller(name: &str, kind: CallerKind) -> Caller {
        Caller::new(name, kind, Restrictions::default())
    }

    /// A task that runs until cancelled.
    fn park(tasks: &Tasks, owner: &Caller) -> Result<Task, SpawnRefused> {
        tasks.spawn(owner, 8, TaskOptions::new(), |context| {
            Box::pin(async move {
                context.cancelled().await;
                Err::<CallToolResult, _>(TaskExit::Cancelled)
            })
        })
    }

    #[tokio::test]
    async fn only_the_owner_sees_updates_or_cancels_its_task() {
        let tasks = Tasks::default();
        let alice = caller("alice", CallerKind::StaticToken);
        let task = park(&tasks, &alice).expect("spawned");
        let id = task.task_id.as_str();
        assert!(tasks.get(&alice, id).is_ok());
        for other in [
            caller("bob", CallerKind::StaticToken),
            // Same name, other kind of principal.
            caller("alice", CallerKind::OAuth),
            Caller::anonymous(),
            Caller::local(),
        ] {
            let refused = tasks.get(&other, id).expect_err("not theirs");
            assert!(refused.message.contains("unknown task"), "{refused:?}");
            assert!(tasks.cancel(&other, id).is_err());
            assert!(tasks.update(&other, id, []).is_err());
        }
        // The refusals left the task running.
        assert!(!tasks.get(&alice, id).expect("own").status().is_terminal());
        tasks.cancel(&alice, id).expect("own cancel");
    }

    #[tokio::test]
    async fn an_unknown_id_answers_like_another_clients_and_is_never_echoed_whole() {
        let tasks = Tasks::default();
        let alice = caller("alice", CallerKind::StaticToken);
        let huge = "a".repeat(1 << 20);
        let refused = tasks.get(&alice, &huge).expect_err("unknown");
        assert!(refused.message.len() < 400, "{}", refused.message.len());
        let control = "id\u{0}\u{1b}[31m\r\nforged: yes";
        let refused = tasks.get(&alice, control).expect_err("unknown");
        assert!(!refused.message.contains('\u{1b}'), "{refused:?}");
        assert!(!refused.message.contains('\n'), "{refused:?}");
    }

    #[tokio::test]
    async fn one_owner_cannot_take_every_slot() {
        let tasks = Tasks::default();
        let alice = caller("alice", CallerKind::StaticToken);
        let mut mine = Vec::new();
        for _ in 0..MAX_RUNNING_PER_OWNER {
            mine.push(park(&tasks, &alice).expect("spawned").task_id);
        }
        assert!(matches!(park(&tasks, &alice), Err(SpawnRefused::Yours(_))));
        let bob = caller("bob", CallerKind::StaticToken);
        assert!(park(&tasks, &bob).is_ok());
        // A finished task frees its slot.
        tasks.cancel(&alice, &mine[0]).expect("cancel");
        for _ in 0..200 {
            if tasks
                .get(&alice, &mine[0])
                .expect("own")
                .status()
                .is_terminal()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(park(&tasks, &alice).is_ok());
    }
}
