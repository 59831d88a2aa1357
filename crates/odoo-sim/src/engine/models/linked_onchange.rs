//! The onchange of a many2one that fills a document from the record it names and warns with
//! that record's own warning text: `sale.order.partner_id` (addresses, terms, … and the
//! partner's `sale_warn_msg`) and `sale.order.line.product_id` (description, price, … and the
//! product's `sale_line_warn_msg`).

use serde_json::Value;

use super::{Warning, set};
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::Model;
use crate::store::{Database, Row};

/// Which many2one triggers the onchange, and where the named record keeps its warning.
pub(super) struct Linked {
    /// The many2one of the document.
    pub(super) field: &'static str,
    /// Its comodel.
    pub(super) comodel: &'static str,
    /// The comodel's field holding the warning shown when the record is chosen.
    pub(super) warning: &'static str,
}

/// At create: the `values` the named record gives, for the fields the caller left empty — the
/// values the onchange sets, so a previewed record matches the one written.
pub(super) fn fill_empty(own: &mut Row, values: Vec<(&'static str, Value)>) {
    for (field, value) in values {
        if own.get(field).is_none_or(Value::is_null) {
            own.insert(field.into(), value);
        }
    }
}

/// Runs the onchange when `linked.field` is among `changed`: sets the `values` the named
/// record gives (the fields the caller changed excepted), then the warning "Warning for
/// <display name>" when the record has a warning text.
pub(super) fn run(
    linked: &Linked,
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    id: i64,
    changed: &[String],
    values: impl FnOnce(&Call<'_>, &Database, Option<i64>) -> Vec<(&'static str, Value)>,
) -> Option<Warning> {
    if !changed.iter().any(|f| f == linked.field) {
        return None;
    }
    let target = records::m2o_id(db, call.reg, model, id, linked.field);
    for (field, value) in values(call, db, target) {
        if !changed.iter().any(|c| c == field) {
            set(db, &model.name, id, field, value);
        }
    }
    let comodel = call.reg.model(linked.comodel)?;
    let target = target?;
    let message = records::stored(db, call.reg, comodel, target, linked.warning);
    let message = message.as_str().filter(|m| !m.is_empty())?;
    Some(Warning {
        title: format!(
            "Warning for {}",
            records::display_name(db, call.reg, linked.comodel, target)
        ),
        message: message.to_owned(),
    })
}
