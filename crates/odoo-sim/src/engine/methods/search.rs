//! `search`, `search_count`, `search_read`, `name_search` and `web_search_read`.

use serde_json::{Map, Value};

use super::Call;
use super::read::{field_names, read_records, read_spec};
use crate::engine::access::Op;
use crate::engine::domain::Node;
use crate::engine::records;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// `search(domain, offset, limit, order)` → ids.
pub(crate) fn search(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let node = call.domain("domain")?;
    Ok(Value::from(call.search_ids(db, &node, "order")?))
}

/// `search_count(domain, limit)` → number of matches.
pub(crate) fn search_count(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let node = call.domain("domain")?;
    let ids = call
        .searcher(db)?
        .search(call.model, &node, call.active_test())?;
    let limit = call.int_arg(db, "limit")?;
    let n = match limit.filter(|l| *l > 0) {
        Some(l) => ids.len().min(usize::try_from(l).unwrap_or(usize::MAX)),
        None => ids.len(),
    };
    Ok(Value::from(n))
}

/// `search_read(domain, fields, offset, limit, order)` → records.
pub(crate) fn search_read(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let node = call.domain("domain")?;
    let fields = field_names(call, db, call.arg("fields"))?;
    let ids = call.search_ids(db, &node, "order")?;
    // `search_read` drops the context's `active_test` before reading: x2many values never
    // list inactive lines, whatever the search saw.
    let recs = read_records(call, db, &ids, &fields, true)?;
    Ok(Value::Array(recs.into_iter().map(Value::Object).collect()))
}

/// `name_search(name, domain, operator, limit)` → `[[id, display_name], …]`.
pub(crate) fn name_search(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let name = call
        .arg("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let operator = call
        .arg("operator")
        .and_then(Value::as_str)
        .unwrap_or("ilike")
        .to_owned();
    let limit = call.int_arg(db, "limit")?.unwrap_or(100);
    // The domain parameter is `args` up to Odoo 18, `domain` from 19 (see signature.rs).
    let key = if call.args.contains_key("args") {
        "args"
    } else {
        "domain"
    };
    let mut parts = vec![call.domain(key)?];
    if !(name.is_empty() && operator == "ilike") {
        parts.push(Node::leaf("display_name", &operator, Value::String(name)));
    }
    let node = Node::and(parts);
    let mut sub = Call {
        args: Map::new(),
        ids: Vec::new(),
        ..*call
    };
    sub.args.insert("limit".into(), Value::from(limit));
    let ids = sub.search_ids(db, &node, "order")?;
    Ok(Value::Array(
        ids.into_iter()
            .map(|id| {
                Value::Array(vec![
                    Value::from(id),
                    Value::from(records::display_name(db, call.reg, call.name(), id)),
                ])
            })
            .collect(),
    ))
}

/// `web_search_read(domain, specification, offset, limit, order, count_limit)` →
/// `{length, records}`. As Odoo's `_format_web_search_read_results`: an empty page has length
/// 0 (whatever the offset); a full page is counted, up to `count_limit`, unless the page
/// already reaches `count_limit`; otherwise the length is `offset + len(records)`.
pub(crate) fn web_search_read(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let node = call.domain("domain")?;
    let spec = match call.arg("specification") {
        Some(Value::Object(spec)) => spec.clone(),
        _ => {
            return Err(Fault::new(
                FaultKind::TypeError,
                "specification must be a dict",
            ));
        }
    };
    let ids = call.search_ids(db, &node, "order")?;
    let records = read_spec(call, db, &ids, &spec)?;
    let limit = call.int_arg(db, "limit")?.filter(|l| *l > 0);
    let count_limit = call.int_arg(db, "count_limit")?.filter(|l| *l > 0);
    let offset = call.int_arg(db, "offset")?.unwrap_or(0).max(0);
    let current = offset.saturating_add(records.len() as i64);
    let length = match limit {
        _ if records.is_empty() => 0,
        Some(l) if records.len() as i64 == l && count_limit.is_none_or(|c| c > current) => {
            let all = call
                .searcher(db)?
                .search(call.model, &node, call.active_test())?
                .len() as i64;
            count_limit.map_or(all, |c| all.min(c))
        }
        _ => current,
    };
    let mut out = Map::new();
    out.insert("length".into(), Value::from(length));
    out.insert("records".into(), Value::Array(records));
    Ok(Value::Object(out))
}
