//! Business actions: sale orders (confirm, cancel, reset to draft), journal entries (post,
//! reset to draft, cancel) and opportunities (won, lost).

use serde_json::Value;

use super::Call;
use crate::engine::access::Op;
use crate::engine::dates;
use crate::engine::records;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

fn set(db: &mut Database, model: &str, id: i64, field: &str, v: Value) {
    if let Some(r) = db.table_mut(model).rows.get_mut(&id) {
        r.insert(field.into(), v);
    }
}

fn state(call: &Call<'_>, db: &Database, id: i64) -> String {
    records::stored(db, call.reg, call.model, id, "state")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn set_lines_state(db: &mut Database, order: i64, state: &str) {
    let t = db.table_mut("sale.order.line");
    for r in t.rows.values_mut() {
        if r.get("order_id").and_then(Value::as_i64) == Some(order) {
            r.insert("state".into(), Value::from(state));
        }
    }
}

/// Runs the business action `method` on `call.ids`.
pub(crate) fn run(call: &Call<'_>, db: &mut Database, method: &str) -> Result<Value, Fault> {
    call.check(db, Op::Write)?;
    let missing: Vec<i64> = call
        .ids
        .iter()
        .copied()
        .filter(|i| !records::exists(db, call.name(), *i))
        .collect();
    if !missing.is_empty() {
        return Err(call.missing(&missing));
    }
    call.check_rules(db, &call.ids, Op::Write)?;
    let model = call.name().to_owned();
    match method {
        "action_confirm" => {
            let bad: Vec<String> = call
                .ids
                .iter()
                .filter(|id| !matches!(state(call, db, **id).as_str(), "draft" | "sent"))
                .map(|id| records::display_name(db, call.reg, &model, *id))
                .collect();
            if !bad.is_empty() {
                return Err(Fault::new(
                    FaultKind::UserError,
                    format!(
                        "The following orders are not in a state requiring confirmation: {}",
                        bad.join(", ")
                    ),
                ));
            }
            for id in &call.ids {
                set(db, &model, *id, "state", Value::from("sale"));
                set(
                    db,
                    &model,
                    *id,
                    "date_order",
                    Value::from(dates::now_string()),
                );
                set_lines_state(db, *id, "sale");
            }
        }
        "action_cancel" => {
            for id in &call.ids {
                set(db, &model, *id, "state", Value::from("cancel"));
                set_lines_state(db, *id, "cancel");
            }
        }
        "action_draft" => {
            for id in &call.ids {
                if matches!(state(call, db, *id).as_str(), "cancel" | "sent") {
                    set(db, &model, *id, "state", Value::from("draft"));
                    set_lines_state(db, *id, "draft");
                }
            }
        }
        "action_post" => {
            for id in &call.ids {
                if state(call, db, *id) != "draft" {
                    return Err(Fault::new(
                        FaultKind::UserError,
                        "Only draft journal entries can be posted.",
                    ));
                }
            }
            for id in &call.ids {
                set(db, &model, *id, "state", Value::from("posted"));
                let name = records::stored(db, call.reg, call.model, *id, "name");
                if name.as_str().is_none_or(|n| n.is_empty() || n == "/") {
                    let date = records::stored(db, call.reg, call.model, *id, "date");
                    let year = date
                        .as_str()
                        .and_then(|d| d.get(..4))
                        .unwrap_or("2026")
                        .to_owned();
                    let count = db.table(&model).map(|t| t.rows.len()).unwrap_or(0);
                    set(
                        db,
                        &model,
                        *id,
                        "name",
                        Value::from(format!("MISC/{year}/{:05}", count)),
                    );
                }
            }
        }
        "button_draft" => {
            for id in &call.ids {
                set(db, &model, *id, "state", Value::from("draft"));
            }
        }
        "button_cancel" => {
            for id in &call.ids {
                set(db, &model, *id, "state", Value::from("cancel"));
            }
        }
        "action_set_won" => {
            let won_stage = db.table("crm.stage").and_then(|t| {
                t.rows
                    .iter()
                    .find(|(_, r)| r.get("is_won").and_then(Value::as_bool) == Some(true))
                    .map(|(k, _)| *k)
            });
            for id in &call.ids {
                set(db, &model, *id, "active", Value::Bool(true));
                set(db, &model, *id, "probability", Value::from(100.0));
                set(db, &model, *id, "won_status", Value::from("won"));
                set(
                    db,
                    &model,
                    *id,
                    "date_closed",
                    Value::from(dates::now_string()),
                );
                if let Some(s) = won_stage {
                    set(db, &model, *id, "stage_id", Value::from(s));
                }
            }
        }
        "action_set_lost" => {
            for id in &call.ids {
                set(db, &model, *id, "active", Value::Bool(false));
                set(db, &model, *id, "probability", Value::from(0.0));
                set(db, &model, *id, "won_status", Value::from("lost"));
                set(
                    db,
                    &model,
                    *id,
                    "date_closed",
                    Value::from(dates::now_string()),
                );
            }
        }
        _ => {
            return Err(Fault::new(
                FaultKind::NotFound,
                format!("The method '{model}.{method}' does not exist"),
            )
            .with_cause(format!(
                "AttributeError: The method '{model}.{method}' does not exist"
            )));
        }
    }
    Ok(Value::Bool(true))
}
