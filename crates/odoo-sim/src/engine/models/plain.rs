//! Models whose behaviour is their ORM settings and constant `default=` values only: one
//! [`Plain`] entry each.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::dates;
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::store::Database;

/// A constant default value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum StaticValue {
    Str(&'static str),
    Int(i64),
    Float(f64),
    /// The current date and time (`fields.Datetime.now`).
    Now,
}

impl StaticValue {
    fn value(self) -> Value {
        match self {
            Self::Str(s) => Value::from(s),
            Self::Int(i) => Value::from(i),
            Self::Float(f) => Value::from(f),
            Self::Now => Value::from(dates::now_string()),
        }
    }
}

/// A model with settings and constant defaults.
#[derive(Debug)]
pub(crate) struct Plain {
    pub(crate) name: &'static str,
    pub(crate) settings: Settings,
    pub(crate) defaults: &'static [(&'static str, StaticValue)],
    /// `_rec_name` when it is not `name` (the display name; an empty value falls back to
    /// the generic display name).
    pub(crate) rec_name: Option<&'static str>,
}

impl Behaviour for Plain {
    fn name(&self) -> &'static str {
        self.name
    }
    fn settings(&self) -> Settings {
        self.settings
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        for (k, v) in self.defaults {
            set(k, v.value());
        }
    }
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        let field = self.rec_name?;
        records::stored(db, reg, model, id, field)
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }
}

use StaticValue::{Float, Int, Now, Str};

const fn plain(
    name: &'static str,
    order: &'static str,
    rec_names_search: &'static [&'static str],
    parent: Option<&'static str>,
    defaults: &'static [(&'static str, StaticValue)],
) -> Plain {
    Plain {
        name,
        settings: Settings {
            order,
            rec_names_search,
            parent,
            inherits: None,
        },
        defaults,
        rec_name: None,
    }
}

pub(super) const RES_COUNTRY: Plain =
    plain("res.country", "name, id", &["name", "code"], None, &[]);
pub(super) const RES_COUNTRY_STATE: Plain = plain(
    "res.country.state",
    "country_id, name, id",
    &["name", "code"],
    None,
    &[],
);
pub(super) const RES_COMPANY: Plain = plain(
    "res.company",
    "sequence, name",
    &["name"],
    Some("parent_id"),
    &[
        ("account_price_include", Str("tax_excluded")),
        ("cost_method", Str("standard")),
        ("fiscalyear_last_day", Int(31)),
        ("fiscalyear_last_month", Str("12")),
        ("horizon_days", Float(365.0)),
        ("inventory_period", Str("manual")),
        ("layout_background", Str("Blank")),
        ("security_lead", Float(0.0)),
    ],
);
pub(super) const RES_CURRENCY: Plain = plain(
    "res.currency",
    "active desc, name",
    &["name", "full_name"],
    None,
    &[],
);
pub(super) const RES_GROUPS: Plain = Plain {
    rec_name: Some("full_name"),
    ..plain("res.groups", "name", &["name"], None, &[])
};
pub(super) const IR_CONFIG_PARAMETER: Plain = Plain {
    rec_name: Some("key"),
    ..plain("ir.config_parameter", "id", &[], None, &[])
};
pub(super) const PRODUCT_CATEGORY: Plain = plain(
    "product.category",
    "complete_name",
    &["complete_name"],
    Some("parent_id"),
    &[],
);
pub(super) const UOM_UOM: Plain = plain(
    "uom.uom",
    "sequence, id",
    &["name"],
    None,
    &[("relative_factor", Float(1.0))],
);
pub(super) const ACCOUNT_JOURNAL: Plain = plain(
    "account.journal",
    "sequence, type, code",
    &["name", "code"],
    None,
    &[
        ("invoice_reference_model", Str("odoo")),
        ("invoice_reference_type", Str("invoice")),
    ],
);
pub(super) const ACCOUNT_TAX: Plain = plain(
    "account.tax",
    "sequence, id",
    &["name"],
    None,
    &[
        ("amount", Float(0.0)),
        ("amount_type", Str("percent")),
        ("sequence", Int(1)),
        ("type_tax_use", Str("sale")),
    ],
);
pub(super) const ACCOUNT_PAYMENT_TERM: Plain = plain(
    "account.payment.term",
    "sequence, id",
    &["name"],
    None,
    &[("sequence", Int(10))],
);
pub(super) const CRM_STAGE: Plain = plain("crm.stage", "sequence, name, id", &["name"], None, &[]);
pub(super) const CRM_TEAM: Plain = plain(
    "crm.team",
    "sequence ASC, create_date DESC, id DESC",
    &["name"],
    None,
    &[],
);
pub(super) const STOCK_PICKING: Plain = plain(
    "stock.picking",
    "priority desc, scheduled_date asc, id desc",
    &["name", "origin"],
    None,
    &[("move_type", Str("direct"))],
);
pub(super) const STOCK_MOVE: Plain = plain(
    "stock.move",
    "sequence, id",
    &["reference", "product_id.name"],
    None,
    &[
        ("date", Now),
        ("procure_method", Str("make_to_stock")),
        ("product_uom_qty", Float(0.0)),
    ],
);
pub(super) const STOCK_WAREHOUSE: Plain = plain(
    "stock.warehouse",
    "sequence,id",
    &["name", "code"],
    None,
    &[
        ("delivery_steps", Str("ship_only")),
        ("reception_steps", Str("one_step")),
    ],
);
pub(super) const IR_ATTACHMENT: Plain = plain(
    "ir.attachment",
    "id desc",
    &["name"],
    None,
    &[("type", Str("binary"))],
);
pub(super) const MAIL_MESSAGE: Plain = plain(
    "mail.message",
    "id desc",
    &["subject", "record_name"],
    None,
    &[("message_type", Str("comment"))],
);
pub(super) const IR_MODEL: Plain = plain("ir.model", "model", &["name", "model"], None, &[]);
pub(super) const IR_MODEL_FIELDS: Plain = plain(
    "ir.model.fields",
    "name",
    &["name", "field_description"],
    None,
    &[],
);
