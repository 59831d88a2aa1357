//! Engine tests, one file per subject, over the in-test database (`testdb`) unless a file
//! says otherwise; the helpers below call the engine as a user and unwrap loudly.

use serde_json::{Map, Value, json};

use super::{Args, Engine, Env, testdb};
use crate::fault::{Fault, FaultKind};

fn engine() -> Engine {
    Engine::new(19, testdb::build())
}

fn env(uid: i64, ctx: Value) -> Env {
    Env {
        uid,
        context: ctx.as_object().cloned().unwrap_or_default(),
    }
}

fn named(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn call_as(e: &Engine, uid: i64, model: &str, method: &str, body: Value) -> Result<Value, Fault> {
    let mut named = named(body);
    let ids = named.remove("ids").map(|v| {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    });
    e.call(&env(uid, json!({})), model, method, Args { ids, named })
}

fn admin(e: &Engine, model: &str, method: &str, body: Value) -> Value {
    call_as(e, 2, model, method, body).unwrap_or_else(|f| panic!("{model}.{method} failed: {f:?}"))
}

/// Ids matching `domain` (as admin, ordered by id).
fn ids_ctx(e: &Engine, model: &str, domain: Value, ctx: Value) -> Vec<i64> {
    let r = e
        .call(
            &env(2, ctx),
            model,
            "search",
            Args {
                ids: None,
                named: named(json!({"domain": domain, "order": "id"})),
            },
        )
        .unwrap_or_else(|f| panic!("search failed: {f:?}"));
    r.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

fn ids(e: &Engine, model: &str, domain: Value) -> Vec<i64> {
    ids_ctx(e, model, domain, json!({}))
}

/// `fields` of one record of `model`, read as admin (the record must exist).
fn read_one(e: &Engine, model: &str, id: i64, fields: &[&str]) -> Value {
    let r = admin(e, model, "read", json!({"ids": [id], "fields": fields}));
    r.get(0)
        .cloned()
        .unwrap_or_else(|| panic!("{model} {id} does not exist"))
}

/// The partners matching `domain` (as admin, ordered by id).
fn partners(e: &Engine, domain: Value) -> Vec<i64> {
    ids(e, "res.partner", domain)
}

fn err(e: &Engine, uid: i64, model: &str, method: &str, body: Value) -> Fault {
    call_as(e, uid, model, method, body).expect_err("expected a fault")
}

mod access;
mod chatter;
mod dataset;
mod domains;
mod errors;
mod fidelity;
mod followers;
mod group_order;
mod grouping;
mod internal_user;
mod onchange;
mod ordering;
mod reading;
mod signatures;
mod wizards;
mod writing;
mod x2many_reads;
