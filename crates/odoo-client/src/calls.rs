//! Each operation as a protocol-neutral [`Call`]: which method, which records, which
//! arguments (leading ones positional on JSON-RPC), for a given version's capabilities.

use serde_json::Value;

use crate::domain::Domain;
use crate::names::{FieldName, MethodName, ModelName};
use crate::protocol::Call;
use crate::request::{MethodCall, NameSearch, Operation, Record, Search, SearchRead};
use crate::version::{AccessCheck, Capabilities};

/// `search(domain, offset=, limit=, order=)`.
pub(crate) fn search(model: &ModelName, search: &Search) -> Call {
    paged(
        Call::read(model, "search").arg("domain", search.domain.to_json()),
        search,
    )
}

/// `search_read(domain, fields=, offset=, limit=, order=)`.
pub(crate) fn search_read(model: &ModelName, query: &SearchRead) -> Call {
    let call = Call::read(model, "search_read")
        .arg("domain", query.search.domain.to_json())
        .kwarg_opt("fields", field_list(&query.fields));
    paged(call, &query.search)
}

/// `read(ids, fields=)`.
pub(crate) fn read(model: &ModelName, ids: &[i64], fields: &[FieldName]) -> Call {
    Call::read(model, "read")
        .ids(ids)
        .kwarg_opt("fields", field_list(fields))
}

/// `search_count(domain)`.
pub(crate) fn search_count(model: &ModelName, domain: &Domain) -> Call {
    Call::read(model, "search_count").arg("domain", domain.to_json())
}

/// `fields_get(attributes=)`.
pub(crate) fn fields_get(model: &ModelName, attributes: &[&str]) -> Call {
    let attributes = (!attributes.is_empty()).then(|| attributes.to_vec());
    Call::read(model, "fields_get").kwarg_opt("attributes", attributes)
}

/// `name_search(name, domain, operator=, limit=)`. The domain is a leading argument
/// (positional on JSON-RPC) because its keyword name changed (`args` before 19, `domain`
/// from 19); the operator is left out when it is Odoo's default, `ilike`.
pub(crate) fn name_search(caps: &Capabilities, model: &ModelName, query: &NameSearch) -> Call {
    let operator = (query.operator != DEFAULT_NAME_SEARCH_OPERATOR).then(|| query.operator.clone());
    let mut call = Call::read(model, "name_search").arg("name", query.name.clone());
    if !query.domain.is_empty() {
        call = call.arg(caps.name_search_domain_arg, query.domain.to_json());
    }
    call.kwarg_opt("operator", operator)
        .kwarg("limit", query.limit)
}

/// Odoo's default `name_search` operator.
const DEFAULT_NAME_SEARCH_OPERATOR: &str = "ilike";

/// `create(vals_list)`: always a list, so every version returns a list of ids.
pub(crate) fn create(model: &ModelName, values: &[Record]) -> Call {
    let vals_list: Vec<Value> = values.iter().cloned().map(Value::Object).collect();
    Call::write(model, "create").arg("vals_list", vals_list)
}

/// `write(ids, vals)`.
pub(crate) fn write(model: &ModelName, ids: &[i64], values: &Record) -> Call {
    Call::write(model, "write")
        .ids(ids)
        .arg("vals", Value::Object(values.clone()))
}

/// `unlink(ids)`.
pub(crate) fn unlink(model: &ModelName, ids: &[i64]) -> Call {
    Call::write(model, "unlink").ids(ids)
}

/// `copy(ids, default=)`.
pub(crate) fn copy(model: &ModelName, id: i64, default: Option<&Record>) -> Call {
    Call::write(model, "copy")
        .ids(&[id])
        .kwarg_opt("default", default.map(|d| Value::Object(d.clone())))
}

/// `default_get(fields)` (`fields_list` before 19; positional on JSON-RPC anyway).
pub(crate) fn default_get(caps: &Capabilities, model: &ModelName, fields: &[FieldName]) -> Call {
    let fields: Vec<&str> = fields.iter().map(FieldName::as_str).collect();
    Call::read(model, "default_get").arg(caps.default_get_arg, fields)
}

/// `has_access(ids, operation)` (18+, with ids) or
/// `check_access_rights(operation, raise_exception=False)`.
pub(crate) fn check_access(
    caps: &Capabilities,
    model: &ModelName,
    operation: Operation,
    ids: Option<&[i64]>,
) -> Call {
    match (caps.access_check, ids) {
        (AccessCheck::HasAccess, Some(ids)) => Call::read(model, "has_access")
            .ids(ids)
            .arg("operation", operation.as_str()),
        _ => Call::read(model, "check_access_rights")
            .arg("operation", operation.as_str())
            .kwarg("raise_exception", false),
    }
}

/// Any public method: `ids` when given, keyword arguments as given.
pub(crate) fn method(model: &ModelName, method: &MethodName, call: &MethodCall) -> Call {
    let request = Call::write(model, method.as_str()).kwargs(&call.kwargs);
    match &call.ids {
        Some(ids) => request.ids(ids),
        None => request,
    }
}

/// `offset`, `limit` and `order` of a search, when set.
fn paged(call: Call, search: &Search) -> Call {
    call.kwarg_opt("offset", (search.offset > 0).then_some(search.offset))
        .kwarg_opt("limit", search.limit)
        .kwarg_opt("order", search.order.clone())
}

/// A field list, or nothing when empty.
fn field_list(fields: &[FieldName]) -> Option<Vec<&str>> {
    (!fields.is_empty()).then(|| fields.iter().map(FieldName::as_str).collect())
}
