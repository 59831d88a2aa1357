//! The simulated business objects, one file per model, each implementing [`Behaviour`]: its
//! ORM settings (`_order`, `_rec_names_search`, `_parent_name`, `_inherits`), its ACL, defaults,
//! create/copy hooks, recomputations, constraints, business actions, unlink rules and
//! display name. [`MODELS`] is the one table that registers them; the generic methods in
//! `engine/methods` ask [`behaviour`] for a model's rules and never name a model.
//!
//! Adding a simulated model: its metadata in `data/models/<model>.json` (and its
//! `_ir_model.json` row), one file here implementing [`Behaviour`] (its `metadata` embeds the
//! JSON file) — or one `Plain` entry in `plain.rs` when it has settings, constant defaults
//! and rules only — and one line in [`MODELS`].

mod account_move;
mod account_payment;
mod account_payment_register;
mod crm_lead;
mod crm_lead_lost;
mod ir_attachment;
mod linked_onchange;
pub(crate) mod mail_activity;
mod mail_activity_type;
pub(crate) mod mail_followers;
mod plain;
mod product;
mod res_partner;
mod res_partner_category;
mod res_users;
mod sale_advance_payment_inv;
mod sale_order;
mod sale_order_line;
mod wizard;

use serde_json::{Map, Value};

use super::access::{Acl, CompanyRule};
use super::methods::Call;
use super::records::Required;
use super::registry::{Model, Registry};
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

/// A model's ORM class attributes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// `_order`.
    pub(crate) order: &'static str,
    /// `_rec_names_search` (empty: `name` when the model has it).
    pub(crate) rec_names_search: &'static [&'static str],
    /// `_parent_name` when the model is a hierarchy.
    pub(crate) parent: Option<&'static str>,
    /// `_inherits`: (parent model, delegating many2one).
    pub(crate) inherits: Option<(&'static str, &'static str)>,
}

impl Settings {
    /// Odoo's defaults: `_order = 'id'`, no hierarchy, no delegation.
    pub(crate) const DEFAULT: Self = Self {
        order: "id",
        rec_names_search: &[],
        parent: None,
        inherits: None,
    };
}

/// A warning an onchange returns (`{"title", "message", "type": "dialog"}` on the wire).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Warning {
    pub(crate) title: String,
    pub(crate) message: String,
}

/// Sets a default value (ignored when the model has no such stored field).
pub(crate) type SetDefault<'a> = dyn FnMut(&str, Value) + 'a;

/// What one simulated model does beyond the generic ORM. Every method has the generic
/// behaviour as its default, so a model implements only what differs.
pub(crate) trait Behaviour: Sync {
    /// The model's technical name.
    fn name(&self) -> &'static str;

    /// The model's fields as Odoo 19's `fields_get` reports them (`data/models/<model>.json`,
    /// embedded at build time); `None`: the magic fields and `name` only.
    fn metadata(&self) -> Option<&'static str> {
        None
    }

    /// The ORM class attributes.
    fn settings(&self) -> Settings {
        Settings::DEFAULT
    }

    /// The model's ACL (`ir.model.access`): none means administrators only.
    fn acl(&self) -> Acl {
        &[]
    }

    /// The multi-company record rule.
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::None
    }

    /// The field naming a record's salesperson when the model has sale's and crm's "own
    /// documents" rule (`['|', (field, '=', user.id), (field, '=', False)]` for a salesman
    /// who may not see all documents).
    fn personal_field(&self) -> Option<&'static str> {
        None
    }

    /// Fields declared with `groups=`: (field, groups as `fields_get` reports them).
    fn field_groups(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// Required stored fields Odoo fills itself by means the simulator does not model
    /// (computed from another record, or records created alongside): never reported missing.
    fn filled_by_odoo(&self) -> &'static [&'static str] {
        &[]
    }

    /// The `domain=` of a one2many field, as the one equality it is (it applies to every use
    /// of the field: values as read, comparisons with ids or False, and sub-searches).
    fn one2many_domain(&self, _field: &str) -> Option<(&'static str, Required)> {
        None
    }

    /// Whether a new record's `company_id` defaults to the user's company (res.partner's
    /// does not: contacts are shared unless a company is given).
    fn defaults_to_user_company(&self) -> bool {
        true
    }

    /// The model's own `default=` values (the generic ones — `active`, `company_id`,
    /// the first `state` — are set before).
    fn defaults(&self, _call: &Call<'_>, _db: &Database, _set: &mut SetDefault<'_>) {}

    /// Values Odoo computes while creating, before the row is stored (`own` holds the
    /// values to store).
    fn before_create(&self, _call: &Call<'_>, _db: &Database, _own: &mut Row) {}

    /// Values given to `create` that Odoo stores elsewhere than in a field of their own
    /// (non-stored fields with an inverse, e.g. an attachment's content): `vals` as given,
    /// `own` the values to store.
    fn create_values(&self, _vals: &Map<String, Value>, _own: &mut Row) {}

    /// Records Odoo creates alongside a new record (`id` is stored).
    fn after_create(&self, _call: &Call<'_>, _db: &mut Database, _id: i64) {}

    /// The values `copy` changes (`row` is the original, `vals` the copy's values).
    fn copy_values(&self, _row: &Row, _vals: &mut Row) {}

    /// Records `copy` duplicates with the copy (`new` is the new record of `old`).
    fn after_copy(
        &self,
        _call: &Call<'_>,
        _db: &mut Database,
        _old: i64,
        _new: i64,
    ) -> Result<(), Fault> {
        Ok(())
    }

    /// Stored values derived from others, recomputed after a change of record `id`.
    fn recompute(&self, _call: &Call<'_>, _db: &mut Database, _model: &Model, _id: i64) {}

    /// The `@api.onchange` methods and the computed fields a form recomputes after the fields
    /// `changed` of record `id` changed (inside `onchange`'s throwaway transaction; stored
    /// recomputations follow through [`Behaviour::recompute`]). A field in `changed` was set
    /// by the caller and is left as it is. The warning Odoo shows, if any.
    fn onchange(
        &self,
        _call: &Call<'_>,
        _db: &mut Database,
        _model: &Model,
        _id: i64,
        _changed: &[String],
    ) -> Option<Warning> {
        None
    }

    /// Records depending on `id` recomputed after `written` was written on it.
    fn after_write(
        &self,
        _call: &Call<'_>,
        _db: &mut Database,
        _model: &Model,
        _id: i64,
        _written: &Row,
    ) {
    }

    /// `@api.constrains` and SQL constraints on the stored record `id`.
    fn constraints(
        &self,
        _call: &Call<'_>,
        _db: &Database,
        _model: &Model,
        _id: i64,
    ) -> Result<(), Fault> {
        Ok(())
    }

    /// The public business actions (button methods) the model serves.
    fn actions(&self) -> &'static [&'static str] {
        &[]
    }

    /// Runs the business action `method` on `call.ids` (access, existence and record rules
    /// already checked).
    fn run_action(&self, call: &Call<'_>, _db: &mut Database, method: &str) -> Result<(), Fault> {
        Err(unknown_method(call.name(), method))
    }

    /// Runs the business action `method` like [`Behaviour::run_action`], returning what Odoo's
    /// method returns (`True` unless the model says otherwise, e.g. a wizard's window action).
    fn run_action_value(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        method: &str,
    ) -> Result<Value, Fault> {
        self.run_action(call, db, method)
            .map(|()| Value::Bool(true))
    }

    /// Refuses an `unlink` of `call.ids` the model forbids (`@api.ondelete`).
    fn check_unlink(&self, _call: &Call<'_>, _db: &Database) -> Result<(), Fault> {
        Ok(())
    }

    /// The model's many2one fields declared `ondelete='cascade'`: deleting the target
    /// deletes the record.
    fn cascades(&self) -> &'static [&'static str] {
        &[]
    }

    /// The model's optional many2one fields declared `ondelete='restrict'` (a required
    /// many2one restricts unless it cascades): deleting a target they point at is refused.
    fn restricts(&self) -> &'static [&'static str] {
        &[]
    }

    /// The value of the computed, non-stored field `field` of record `id` as `read` returns
    /// it, when the model computes it (`None`: the generic reading of the field's type).
    fn computed(
        &self,
        _db: &Database,
        _reg: &Registry,
        _model: &Model,
        _id: i64,
        _field: &str,
    ) -> Option<Value> {
        None
    }

    /// `_compute_display_name` when it is not the generic `complete_name`/`name`.
    fn display_name(
        &self,
        _db: &Database,
        _reg: &Registry,
        _model: &Model,
        _id: i64,
    ) -> Option<String> {
        None
    }
}

/// Every simulated model with behaviour of its own: one line per model.
static MODELS: &[&dyn Behaviour] = &[
    &res_partner::ResPartner,
    &res_partner_category::ResPartnerCategory,
    &res_users::ResUsers,
    &sale_order::SaleOrder,
    &sale_order_line::SaleOrderLine,
    &account_move::AccountMove,
    &crm_lead::CrmLead,
    &product::ProductTemplate,
    &product::ProductProduct,
    &plain::RES_COUNTRY,
    &plain::RES_COUNTRY_STATE,
    &plain::RES_COMPANY,
    &plain::RES_CURRENCY,
    &plain::RES_GROUPS,
    &plain::IR_CONFIG_PARAMETER,
    &plain::PRODUCT_CATEGORY,
    &plain::UOM_UOM,
    &account_move::AccountMoveLine,
    &plain::ACCOUNT_JOURNAL,
    &plain::ACCOUNT_TAX,
    &plain::ACCOUNT_PAYMENT_TERM,
    &plain::CRM_STAGE,
    &plain::CRM_TEAM,
    &plain::CRM_TAG,
    &plain::STOCK_PICKING,
    &plain::STOCK_MOVE,
    &plain::STOCK_WAREHOUSE,
    &ir_attachment::IrAttachment,
    &plain::MAIL_MESSAGE,
    &plain::MAIL_MESSAGE_SUBTYPE,
    &mail_activity::MailActivity,
    &mail_activity_type::MailActivityType,
    &plain::IR_MODEL,
    &plain::IR_MODEL_FIELDS,
    &sale_advance_payment_inv::SaleAdvancePaymentInv,
    &account_payment_register::AccountPaymentRegister,
    &account_payment::AccountPayment,
    &crm_lead_lost::CrmLeadLost,
    &plain::CRM_LOST_REASON,
    &mail_followers::MailFollowers,
];

/// A model with the generic behaviour only.
struct Generic;

impl Behaviour for Generic {
    fn name(&self) -> &'static str {
        ""
    }
}

/// The behaviour of `model` (the generic one when the model has none of its own).
pub(crate) fn behaviour(model: &str) -> &'static dyn Behaviour {
    MODELS
        .iter()
        .copied()
        .find(|b| b.name() == model)
        .unwrap_or(&Generic)
}

/// Every simulated model's behaviour.
pub(crate) fn all() -> impl Iterator<Item = &'static dyn Behaviour> {
    MODELS.iter().copied()
}

/// Whether `method` is a business action of some simulated model.
pub(crate) fn is_action(method: &str) -> bool {
    all_actions().any(|a| a == method)
}

/// Every business action of every simulated model.
pub(crate) fn all_actions() -> impl Iterator<Item = &'static str> {
    MODELS.iter().flat_map(|b| b.actions().iter().copied())
}

/// The fault Odoo raises for a method the model does not have.
pub(crate) fn unknown_method(model: &str, method: &str) -> Fault {
    Fault::new(
        FaultKind::NotFound,
        format!("The method '{model}.{method}' does not exist"),
    )
    .with_cause(format!(
        "AttributeError: The method '{model}.{method}' does not exist"
    ))
}

/// Sets `field` of the stored record `model`/`id` to `v`.
pub(crate) fn set(db: &mut Database, model: &str, id: i64, field: &str, v: Value) {
    if let Some(r) = db.row_mut(model, id) {
        r.insert(field.into(), v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_model_is_registered_once_and_exists() {
        let reg = super::super::registry::registry();
        for (i, b) in MODELS.iter().enumerate() {
            assert!(
                reg.model(b.name()).is_some(),
                "{} has no metadata",
                b.name()
            );
            assert!(
                MODELS[i + 1..].iter().all(|o| o.name() != b.name()),
                "{} registered twice",
                b.name()
            );
        }
    }
}
