//! What the wizard models (`sale.advance.payment.inv`, `account.payment.register`,
//! `crm.lead.lost`) share when they act on other models: a call on another model's records
//! by the same user in the same context, a record created there from values, and the
//! currency's two-decimal rounding of the amounts they compute.

use serde_json::{Map, Value};

use crate::engine::methods::{Call, create_one};
use crate::fault::Fault;
use crate::store::Database;

/// A call on `model`'s records `ids` by the same user, in the same context (Odoo's
/// `self.env[model].browse(ids)` inside a wizard's method).
pub(super) fn call_on<'a>(call: &Call<'a>, model: &str, ids: Vec<i64>) -> Result<Call<'a>, Fault> {
    let model = call
        .reg
        .model(model)
        .ok_or_else(|| super::unknown_method(model, "create"))?;
    Ok(Call {
        reg: call.reg,
        model,
        env: call.env,
        version: call.version,
        ids,
        args: Map::new(),
    })
}

/// Creates a `model` record by the caller from `vals`, the empty (`null`) ones left out so
/// the model's defaults apply to them.
pub(super) fn create_from<'k>(
    call: &Call<'_>,
    db: &mut Database,
    model: &str,
    vals: impl IntoIterator<Item = (&'k str, Value)>,
) -> Result<i64, Fault> {
    let vals: Map<String, Value> = vals
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let on = call_on(call, model, Vec::new())?;
    create_one(&on, db, on.model, &vals)
}

/// Rounds to the currency's two decimals.
pub(super) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::round2;

    #[test]
    fn rounds_to_cents() {
        assert_eq!(round2(10.004), 10.0);
        assert_eq!(round2(10.005_1), 10.01);
        assert_eq!(round2(-3.336), -3.34);
    }
}
