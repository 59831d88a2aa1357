//! `product.template` and `product.product`: products and their variants — the product
//! defaults (Units of measure), a variant created with each template, `[code] name`
//! display names and the variant's delegation to its template.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::store::{Database, Row};

pub(super) struct ProductTemplate;
pub(super) struct ProductProduct;

/// The defaults shared by templates and variants.
fn product_defaults(db: &Database, set: &mut SetDefault<'_>) {
    set("type", Value::from("consu"));
    set("sale_ok", Value::Bool(true));
    set("purchase_ok", Value::Bool(true));
    // product.template._get_default_uom_id: the "Units" UoM (id 1 in the dataset).
    let unit = db.table("uom.uom").and_then(|t| {
        if t.rows.contains_key(&1) {
            Some(1)
        } else {
            t.rows.keys().next().copied()
        }
    });
    if let Some(unit) = unit {
        set("uom_id", Value::from(unit));
    }
    set("tracking", Value::from("none"));
    set("service_tracking", Value::from("no"));
}

/// "[CODE] Name", or the name.
fn code_and_name(db: &Database, reg: &Registry, model: &Model, id: i64) -> Option<String> {
    let get = |f: &str| {
        records::stored(db, reg, model, id, f)
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let name = get("name").unwrap_or_default();
    Some(match get("default_code") {
        Some(code) => format!("[{code}] {name}"),
        None => name,
    })
}

impl Behaviour for ProductTemplate {
    fn name(&self) -> &'static str {
        "product.template"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/product.template.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::AllowShared
    }
    /// `standard_price`: `groups="base.group_user"` in `product/models/product_template.py`
    /// (17.0–19.0).
    fn field_groups(&self) -> &'static [(&'static str, &'static str)] {
        &[("standard_price", "base.group_user")]
    }
    fn acl(&self) -> Acl {
        &[
            (access::USER, "r"),
            (access::SALE_MANAGER, "rwcu"),
            (access::ACCOUNT_MANAGER, "rwcu"),
            (access::STOCK_MANAGER, "rwcu"),
        ]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "is_favorite desc, name",
            rec_names_search: &["name", "default_code"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, _call: &Call<'_>, db: &Database, set: &mut SetDefault<'_>) {
        product_defaults(db, set);
    }
    /// `_create_variant_ids`: a template without variants gets one.
    fn after_create(&self, _call: &Call<'_>, db: &mut Database, id: i64) {
        let has_variant = db.table("product.product").is_some_and(|t| {
            t.rows
                .values()
                .any(|r| r.get("product_tmpl_id").and_then(Value::as_i64) == Some(id))
        });
        if !has_variant {
            let mut variant = Row::new();
            variant.insert("product_tmpl_id".into(), Value::from(id));
            variant.insert("active".into(), Value::Bool(true));
            db.insert("product.product", variant);
        }
    }
    fn copy_values(&self, row: &Row, vals: &mut Row) {
        super::res_partner::copy_name(row, vals);
    }
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        code_and_name(db, reg, model, id)
    }
}

impl Behaviour for ProductProduct {
    fn name(&self) -> &'static str {
        "product.product"
    }
    /// `product_tmpl_id`: `ondelete='cascade'` (a template takes its variants with it).
    fn cascades(&self) -> &'static [&'static str] {
        &["product_tmpl_id"]
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/product.product.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::AllowShared
    }
    /// `standard_price`: `groups="base.group_user"` in `product/models/product_template.py`
    /// (17.0–19.0).
    fn field_groups(&self) -> &'static [(&'static str, &'static str)] {
        &[("standard_price", "base.group_user")]
    }
    fn acl(&self) -> Acl {
        &[
            (access::USER, "r"),
            (access::SALE_MANAGER, "rwcu"),
            (access::ACCOUNT_MANAGER, "rwcu"),
            (access::STOCK_MANAGER, "rwcu"),
        ]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "default_code, name, id",
            rec_names_search: &["default_code", "name", "barcode"],
            parent: None,
            inherits: Some(("product.template", "product_tmpl_id")),
        }
    }
    fn defaults(&self, _call: &Call<'_>, db: &Database, set: &mut SetDefault<'_>) {
        product_defaults(db, set);
    }
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        code_and_name(db, reg, model, id)
    }
}
