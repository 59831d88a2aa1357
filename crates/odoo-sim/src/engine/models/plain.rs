//! Models whose behaviour is their ORM settings and constant `default=` values only: one
//! [`Plain`] entry each.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl, CompanyRule};
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
    /// The model's ACL.
    pub(crate) acl: Acl,
    /// Required fields Odoo fills itself (`Behaviour::filled_by_odoo`).
    pub(crate) filled: &'static [&'static str],
    /// The multi-company record rule.
    pub(crate) company_rule: CompanyRule,
    /// `Behaviour::metadata`.
    pub(crate) metadata: Option<&'static str>,
}

impl Behaviour for Plain {
    fn name(&self) -> &'static str {
        self.name
    }
    fn settings(&self) -> Settings {
        self.settings
    }
    fn acl(&self) -> Acl {
        self.acl
    }
    fn filled_by_odoo(&self) -> &'static [&'static str] {
        self.filled
    }
    fn company_rule(&self) -> CompanyRule {
        self.company_rule
    }
    fn metadata(&self) -> Option<&'static str> {
        self.metadata
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
        acl: &[],
        filled: &[],
        company_rule: CompanyRule::None,
        metadata: None,
    }
}

pub(super) const RES_COUNTRY: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/res.country.json")),
    // base: res_country / res_country_state: read for all, group_partner_manager 1,1,1,1.
    acl: &[(access::USER, "r"), (access::PARTNER_MANAGER, "rwcu")],
    ..plain("res.country", "name, id", &["name", "code"], None, &[])
};
pub(super) const RES_COUNTRY_STATE: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/res.country.state.json")),
    acl: &[(access::USER, "r"), (access::PARTNER_MANAGER, "rwcu")],
    ..plain(
        "res.country.state",
        "country_id, name, id",
        &["name", "code"],
        None,
        &[],
    )
};
pub(super) const RES_COMPANY: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/res.company.json")),
    // base/models/res_company.py creates the company's partner in `create`.
    filled: &["partner_id"],
    acl: &[(access::USER, "r"), (access::ERP_MANAGER, "rwcu")],
    ..plain(
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
    )
};
pub(super) const RES_CURRENCY: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/res.currency.json")),
    // base: group_system 1,1,1,1; account: group_account_manager 1,1,1,1.
    acl: &[
        (access::USER, "r"),
        (access::SYSTEM, "rwcu"),
        (access::ACCOUNT_MANAGER, "rwcu"),
    ],
    ..plain(
        "res.currency",
        "active desc, name",
        &["name", "full_name"],
        None,
        &[],
    )
};
pub(super) const RES_GROUPS: Plain = Plain {
    acl: &[(access::USER, "r"), (access::ERP_MANAGER, "rwcu")],
    rec_name: Some("full_name"),
    ..plain("res.groups", "name", &["name"], None, &[])
};
pub(super) const IR_CONFIG_PARAMETER: Plain = Plain {
    rec_name: Some("key"),
    ..plain("ir.config_parameter", "id", &[], None, &[])
};
pub(super) const PRODUCT_CATEGORY: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/product.category.json")),
    acl: &[
        (access::USER, "r"),
        (access::SALE_MANAGER, "rwcu"),
        (access::STOCK_MANAGER, "rwcu"),
    ],
    ..plain(
        "product.category",
        "complete_name",
        &["complete_name"],
        Some("parent_id"),
        &[],
    )
};
pub(super) const UOM_UOM: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/uom.uom.json")),
    acl: &[(access::USER, "r"), (access::STOCK_MANAGER, "rwcu")],
    ..plain(
        "uom.uom",
        "sequence, id",
        &["name"],
        None,
        &[("relative_factor", Float(1.0))],
    )
};
pub(super) const ACCOUNT_JOURNAL: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/account.journal.json")),
    company_rule: CompanyRule::AllowShared,
    // account/models/account_journal.py: `code` is computed from the name.
    filled: &["code"],
    acl: &[
        (access::SALESMAN, "r"),
        (access::INVOICE, "r"),
        (access::ACCOUNT_MANAGER, "rwcu"),
    ],
    ..plain(
        "account.journal",
        "sequence, type, code",
        &["name", "code"],
        None,
        &[
            ("invoice_reference_model", Str("odoo")),
            ("invoice_reference_type", Str("invoice")),
        ],
    )
};
pub(super) const ACCOUNT_TAX: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/account.tax.json")),
    company_rule: CompanyRule::AllowShared,
    // account/models/account_tax.py: computed from the company and its tax groups.
    filled: &["country_id", "tax_group_id"],
    acl: &[
        (access::SALESMAN, "r"),
        (access::INVOICE, "r"),
        (access::ACCOUNT_MANAGER, "rwcu"),
    ],
    ..plain(
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
    )
};
pub(super) const ACCOUNT_PAYMENT_TERM: Plain = Plain {
    metadata: Some(include_str!(
        "../../../data/models/account.payment.term.json"
    )),
    acl: &[(access::USER, "r"), (access::ACCOUNT_MANAGER, "rwcu")],
    ..plain(
        "account.payment.term",
        "sequence, id",
        &["name"],
        None,
        &[("sequence", Int(10))],
    )
};
pub(super) const CRM_STAGE: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/crm.stage.json")),
    acl: &[(access::USER, "r"), (access::SALE_MANAGER, "rwcu")],
    ..plain("crm.stage", "sequence, name, id", &["name"], None, &[])
};
// crm/security/ir.model.access.csv: salesmen read the lost reasons, sales managers manage them.
pub(super) const CRM_LOST_REASON: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/crm.lost.reason.json")),
    acl: &[(access::SALESMAN, "r"), (access::SALE_MANAGER, "rwcu")],
    ..plain("crm.lost.reason", "id", &["name"], None, &[])
};
pub(super) const CRM_TEAM: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/crm.team.json")),
    company_rule: CompanyRule::AllowShared,
    // mail.alias.mixin creates the alias in `create`.
    filled: &["alias_id"],
    acl: &[(access::USER, "r"), (access::SALE_MANAGER, "rwcu")],
    ..plain(
        "crm.team",
        "sequence ASC, create_date DESC, id DESC",
        &["name"],
        None,
        &[],
    )
};
pub(super) const STOCK_PICKING: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/stock.picking.json")),
    company_rule: CompanyRule::Strict,
    filled: &["location_id", "location_dest_id"],
    acl: &[
        (access::STOCK_USER, "rwcu"),
        (access::STOCK_MANAGER, "rwcu"),
        (access::SALESMAN, "r"),
    ],
    ..plain(
        "stock.picking",
        "priority desc, scheduled_date asc, id desc",
        &["name", "origin"],
        None,
        &[("move_type", Str("direct"))],
    )
};
pub(super) const STOCK_MOVE: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/stock.move.json")),
    company_rule: CompanyRule::Strict,
    // stock: locations computed from the picking / picking type; uom from the product.
    filled: &["location_id", "location_dest_id", "product_uom"],
    acl: &[
        (access::STOCK_USER, "rwc"),
        (access::STOCK_MANAGER, "rwcu"),
        (access::SALESMAN, "r"),
    ],
    ..plain(
        "stock.move",
        "sequence, id",
        &["reference", "product_id.name"],
        None,
        &[
            ("date", Now),
            ("procure_method", Str("make_to_stock")),
            ("product_uom_qty", Float(0.0)),
        ],
    )
};
pub(super) const STOCK_WAREHOUSE: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/stock.warehouse.json")),
    company_rule: CompanyRule::Strict,
    // stock/models/stock_warehouse.py creates the warehouse's locations in `create`.
    filled: &["lot_stock_id", "view_location_id"],
    acl: &[(access::USER, "r"), (access::STOCK_MANAGER, "rwcu")],
    ..plain(
        "stock.warehouse",
        "sequence,id",
        &["name", "code"],
        None,
        &[
            ("delivery_steps", Str("ship_only")),
            ("reception_steps", Str("one_step")),
        ],
    )
};
pub(super) const MAIL_MESSAGE_SUBTYPE: Plain = Plain {
    metadata: Some(include_str!(
        "../../../data/models/mail.message.subtype.json"
    )),
    // mail/security/ir.model.access.csv: read for users, everything for the system group.
    acl: &[(access::USER, "r"), (access::SYSTEM, "rwcu")],
    ..plain("mail.message.subtype", "sequence, id", &["name"], None, &[])
};
pub(super) const MAIL_MESSAGE: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/mail.message.json")),
    acl: &[(access::USER, "rwc")],
    ..plain(
        "mail.message",
        "id desc",
        &["subject", "record_name"],
        None,
        &[("message_type", Str("comment"))],
    )
};
pub(super) const IR_MODEL: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/ir.model.json")),
    filled: &["order"],
    // Odoo 19 (observed, odoo-protocol notes): `access_ir_model_user` grants
    // nothing, so only `base.group_system` reads `ir.model`; internal users use the web
    // client's `ir.model.display_name_for` / `get_available_models` (read as superuser).
    acl: &[],
    ..plain("ir.model", "model", &["name", "model"], None, &[])
};
pub(super) const IR_MODEL_FIELDS: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/ir.model.fields.json")),
    filled: &["model", "state"],
    acl: &[(access::USER, "r")],
    ..plain(
        "ir.model.fields",
        "name",
        &["name", "field_description"],
        None,
        &[],
    )
};
pub(super) const CRM_TAG: Plain = Plain {
    metadata: Some(include_str!("../../../data/models/crm.tag.json")),
    // sales_team/security/ir.model.access.csv: read for users, salesmen and managers edit.
    acl: &[
        (access::USER, "r"),
        (access::SALESMAN, "rwc"),
        (access::SALE_MANAGER, "rwcu"),
    ],
    ..plain("crm.tag", "id", &[], None, &[])
};
