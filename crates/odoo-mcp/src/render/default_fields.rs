//! The fields returned when the caller names none: a small, useful set chosen from the model's
//! metadata, so a search costs a few hundred tokens instead of every column of the model.
//!
//! Well-known business fields (name, state, partner, dates, amounts, contact details); for a
//! model with few of them, required, monetary, many2one, date and selection stored fields. Never binary, html,
//! x2many, JSON/properties, non-stored computed or secret fields, nor audit/chatter noise.

use super::records::is_withheld;
use crate::field_type::FieldType;
use crate::metadata::{FieldInfo, ModelMeta};
use crate::policy::Policy;

/// At most this many default fields (besides `id`).
pub(crate) const MAX_DEFAULT_FIELDS: usize = 10;

/// Well-known fields, in the order they are preferred when the model has them.
const PREFERRED: &[&str] = &[
    "name",
    "state",
    "partner_id",
    "date_order",
    "date",
    "invoice_date",
    "date_deadline",
    "amount_total",
    "amount_residual",
    "email",
    "phone",
    "is_company",
    "city",
    "country_id",
    "product_id",
    "product_uom_qty",
    "quantity",
    "price_unit",
    "price_subtotal",
    "list_price",
    "default_code",
    "stage_id",
    "expected_revenue",
    "move_type",
    "invoice_status",
    "payment_state",
    "user_id",
    "code",
    "ref",
    "parent_id",
];

/// With fewer well-known fields than this, the set is filled from the metadata.
const ENOUGH_PREFERRED: usize = 4;

/// Types never chosen by default (heavy, or many values per record).
const EXCLUDED_TYPES: &[FieldType] = &[
    FieldType::Binary,
    FieldType::Html,
    FieldType::One2many,
    FieldType::Many2many,
    FieldType::Json,
    FieldType::Properties,
    FieldType::PropertiesDefinition,
    FieldType::Text,
    FieldType::Image,
];

/// Names never chosen by default (audit, chatter, technical).
fn is_noise(name: &str) -> bool {
    matches!(
        name,
        "id" | "active"
            | "display_name"
            | "create_uid"
            | "create_date"
            | "write_uid"
            | "write_date"
            | "sequence"
            | "color"
            | "currency_id"
            | "__last_update"
    ) || name.starts_with("message_")
        || name.starts_with("activity_")
        || name.starts_with("website_message")
        || name.starts_with("access_")
        || name.starts_with("x_studio_")
        || name.ends_with("_count")
}

fn eligible(f: &FieldInfo, policy: &Policy, meta: &ModelMeta) -> bool {
    f.store
        && !EXCLUDED_TYPES.contains(&f.ftype)
        && !is_noise(&f.name)
        && !is_withheld(policy, meta, &f.name)
}

/// Chooses the default fields of a model.
pub(crate) fn default_fields(meta: &ModelMeta, policy: &Policy) -> Vec<String> {
    let mut chosen: Vec<String> = Vec::new();
    let take = |name: &str, chosen: &mut Vec<String>| {
        if chosen.len() < MAX_DEFAULT_FIELDS && !chosen.iter().any(|c| c == name) {
            chosen.push(name.to_owned());
        }
    };
    for name in PREFERRED {
        if meta.field(name).is_some_and(|f| eligible(f, policy, meta)) {
            take(name, &mut chosen);
        }
    }
    // No stored `name`: the display name is the next best label.
    if !chosen.iter().any(|c| c == "name") && meta.field("display_name").is_some() {
        chosen.insert(0, "display_name".to_owned());
        chosen.truncate(MAX_DEFAULT_FIELDS);
    }
    if chosen.len() >= ENOUGH_PREFERRED {
        return chosen;
    }
    // A model without well-known fields: in field-name order, required business fields,
    // monetary amounts, many2one links, dates, selections.
    let passes: [&dyn Fn(&FieldInfo) -> bool; 5] = [
        &|f| f.required && !f.readonly,
        &|f| f.ftype == FieldType::Monetary,
        &|f| f.ftype == FieldType::Many2one,
        &|f| f.ftype.is_temporal(),
        &|f| f.ftype == FieldType::Selection,
    ];
    for pass in passes {
        for f in meta.fields.values() {
            if eligible(f, policy, meta) && pass(f) {
                take(&f.name, &mut chosen);
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy() -> Policy {
        Policy::builder("t").build().unwrap()
    }

    #[test]
    fn partner_defaults_are_contact_details() {
        let meta = ModelMeta::from_fields_get(
            json!({
                "name": {"type": "char", "store": true},
                "display_name": {"type": "char", "store": false},
                "email": {"type": "char", "store": true},
                "phone": {"type": "char", "store": true},
                "is_company": {"type": "boolean", "store": true},
                "city": {"type": "char", "store": true},
                "country_id": {"type": "many2one", "store": true, "relation": "res.country"},
                "image_1920": {"type": "binary", "store": true},
                "comment": {"type": "html", "store": true},
                "child_ids": {"type": "one2many", "store": true},
                "category_id": {"type": "many2many", "store": true},
                "total_invoiced": {"type": "monetary", "store": false},
                "signup_token": {"type": "char", "store": true},
                "create_uid": {"type": "many2one", "store": true},
                "message_ids": {"type": "one2many", "store": true},
                "active": {"type": "boolean", "store": true}
            })
            .as_object()
            .unwrap(),
        );
        let fields = default_fields(&meta, &policy());
        assert_eq!(
            fields,
            ["name", "email", "phone", "is_company", "city", "country_id"]
        );
    }

    #[test]
    fn sale_order_defaults_cover_status_customer_date_amount() {
        let meta = ModelMeta::from_fields_get(
            json!({
                "name": {"type": "char", "store": true, "required": true},
                "state": {"type": "selection", "store": true},
                "partner_id": {"type": "many2one", "store": true, "required": true},
                "date_order": {"type": "datetime", "store": true, "required": true},
                "amount_total": {"type": "monetary", "store": true, "readonly": true},
                "amount_untaxed": {"type": "monetary", "store": true, "readonly": true},
                "user_id": {"type": "many2one", "store": true},
                "company_id": {"type": "many2one", "store": true, "required": true},
                "currency_id": {"type": "many2one", "store": true},
                "note": {"type": "html", "store": true},
                "order_line": {"type": "one2many", "store": true},
                "invoice_status": {"type": "selection", "store": true},
                "partner_invoice_id": {"type": "many2one", "store": true, "required": true},
                "pricelist_id": {"type": "many2one", "store": true},
                "access_token": {"type": "char", "store": true},
                "validity_date": {"type": "date", "store": true}
            })
            .as_object()
            .unwrap(),
        );
        let fields = default_fields(&meta, &policy());
        assert_eq!(
            fields,
            [
                "name",
                "state",
                "partner_id",
                "date_order",
                "amount_total",
                "invoice_status",
                "user_id"
            ]
        );
    }

    #[test]
    fn display_name_stands_in_for_a_missing_name() {
        let meta = ModelMeta::from_fields_get(
            json!({
                "display_name": {"type": "char", "store": false},
                "move_id": {"type": "many2one", "store": true, "required": true},
                "debit": {"type": "monetary", "store": true}
            })
            .as_object()
            .unwrap(),
        );
        assert_eq!(
            default_fields(&meta, &policy()),
            ["display_name", "move_id", "debit"]
        );
    }
}
