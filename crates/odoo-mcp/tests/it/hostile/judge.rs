//! What counts as a failure: the wrong class of answer, an error without a message, a leaked
//! secret, and changes to the simulator's data that the configuration forbids.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::MAX_RECORDS;
use super::catalogue::{Entry, Outcome};

/// Models no tool call may change, writes enabled or not.
const PROTECTED_MODELS: &[&str] = &[
    "res.users",
    "res.groups",
    "res.company",
    "res.users.apikeys",
    "ir.attachment",
    "ir.config_parameter",
    "ir.model",
    "ir.model.fields",
    "sale.order.line", // denied by the run's configuration
];

/// What went wrong with one entry's answer, if anything.
pub(super) fn answer(
    entry: &Entry,
    replies: &[Value],
    secrets: &[String],
    writes: bool,
) -> Option<String> {
    let all = serde_json::to_string(replies).unwrap_or_default();
    if let Some(s) = secrets.iter().find(|s| all.contains(s.as_str())) {
        let shown = all.replace(s.as_str(), "[the secret]");
        return Some(format!(
            "leaked a secret ({} chars) in {shown:.300}",
            s.len()
        ));
    }
    let got = match replies.first() {
        None => Outcome::NoReply,
        Some(r) if r.get("error").is_some() => Outcome::ProtocolError,
        Some(r) if r["result"]["isError"] == true => Outcome::ToolError,
        Some(_) => Outcome::Ok,
    };
    // With writes disabled, a write attack is refused before it reaches its target: the
    // write tools are not listed ("tool not found") or the tool says the instance is read-only.
    let refused_read_only =
        !writes && entry.writes && matches!(got, Outcome::ProtocolError | Outcome::ToolError);
    if refused_read_only {
        return None;
    }
    if got != entry.expect && !entry.also.contains(&got) {
        return Some(format!(
            "expected {:?}, got {got:?}: {all:.300}",
            entry.expect
        ));
    }
    let text = all.to_lowercase();
    if got == Outcome::ToolError && !text.contains("\"text\"") {
        return Some(format!("an error result without a message: {all:.300}"));
    }
    if got == Outcome::ProtocolError && !text.contains("message") && !text.contains("\"text\"") {
        return Some(format!("a protocol error without a message: {all:.300}"));
    }
    if let Some(m) = entry
        .mentions
        .iter()
        .find(|m| !text.contains(&m.to_lowercase()))
    {
        return Some(format!("the answer does not mention {m:?}: {all:.300}"));
    }
    None
}

pub(super) type Snapshot = BTreeMap<String, BTreeMap<i64, Map<String, Value>>>;

fn is_secret_name(field: &str) -> bool {
    let f = field.to_ascii_lowercase();
    ["password", "token", "secret", "api_key", "totp"]
        .iter()
        .any(|w| f.contains(w))
}

/// Whether a protected model changed: the database is tainted for the entries that follow.
pub(super) fn tainted(before: &Snapshot, after: &Snapshot) -> bool {
    PROTECTED_MODELS
        .iter()
        .any(|m| before.get(*m) != after.get(*m))
}

/// The forbidden changes between two snapshots of the simulator's database.
pub(super) fn forbidden_writes(
    before: &Snapshot,
    after: &Snapshot,
    writes: bool,
) -> Option<String> {
    if before == after {
        return None;
    }
    if !writes {
        let changed: BTreeSet<&String> = after
            .keys()
            .chain(before.keys())
            .filter(|m| before.get(*m) != after.get(*m))
            .collect();
        return Some(format!("writes are disabled, yet {changed:?} changed"));
    }
    let empty = BTreeMap::new();
    let mut problems = Vec::new();
    let mut created = 0;
    for model in before.keys().chain(after.keys()).collect::<BTreeSet<_>>() {
        let (b, a) = (
            before.get(model).unwrap_or(&empty),
            after.get(model).unwrap_or(&empty),
        );
        if b == a {
            continue;
        }
        if PROTECTED_MODELS.contains(&model.as_str()) {
            problems.push(format!("protected model {model} changed"));
        }
        created += a.keys().filter(|id| !b.contains_key(id)).count();
        for (id, row) in a {
            let old = b.get(id);
            for (field, value) in row {
                if is_secret_name(field) && old.and_then(|o| o.get(field)) != Some(value) {
                    problems.push(format!("secret field {model}.{field} of {id} written"));
                }
            }
        }
    }
    if created > MAX_RECORDS {
        problems.push(format!(
            "{created} records created, max_records is {MAX_RECORDS}"
        ));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}
