//! `res.partner`: contacts — the `complete_name` hierarchy, the name constraint, `(copy)`
//! names and the contact defaults.

use serde_json::{Value, json};

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::methods::Call;
use crate::engine::records::{self, Required};
use crate::engine::registry::{Model, Registry};
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

pub(super) struct ResPartner;

impl Behaviour for ResPartner {
    fn name(&self) -> &'static str {
        "res.partner"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/res.partner.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::AllowShared
    }
    fn acl(&self) -> Acl {
        &[(access::USER, "r"), (access::PARTNER_MANAGER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "complete_name ASC, id DESC",
            rec_names_search: &["complete_name", "email", "ref", "vat", "company_registry"],
            parent: Some("parent_id"),
            inherits: None,
        }
    }
    /// The `groups` attributes of Odoo 19's `fields_get` in the recording
    /// `json2_fields_get_partner_full.json`.
    fn field_groups(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("is_in_call", "base.group_system"),
            ("signup_type", "base.group_erp_manager"),
            ("credit", access::ACCOUNT_READERS),
            ("credit_to_invoice", access::ACCOUNT_READERS),
            ("credit_limit", access::ACCOUNT_READERS),
            ("use_partner_credit_limit", access::ACCOUNT_READERS),
            ("show_credit_limit", access::ACCOUNT_READERS),
            ("debit", access::ACCOUNT_READERS),
            ("total_invoiced", access::ACCOUNT_READERS),
            ("account_move_count", access::ACCOUNT_READERS),
            ("sale_order_count", "sales_team.group_sale_salesman"),
            ("message_follower_ids", "base.group_user"),
            ("message_partner_ids", "base.group_user"),
            ("message_attachment_count", "base.group_user"),
            ("is_blacklisted", "base.group_user"),
            ("activity_ids", "base.group_user"),
            ("activity_state", "base.group_user"),
            ("activity_user_id", "base.group_user"),
            ("activity_type_id", "base.group_user"),
            ("activity_date_deadline", "base.group_user"),
            ("my_activity_date_deadline", "base.group_user"),
            ("activity_summary", "base.group_user"),
            ("phone_sanitized_blacklisted", "base.group_user"),
            ("phone_blacklisted", "base.group_user"),
        ]
    }
    /// crm's `opportunity_ids` (`[('type', '=', 'opportunity')]`) and base's `child_ids`
    /// (`[('active', '=', True)]`).
    fn one2many_domain(&self, field: &str) -> Option<(&'static str, Required)> {
        match field {
            "opportunity_ids" => Some(("type", Required::Text("opportunity"))),
            "child_ids" => Some(("active", Required::Bool(true))),
            _ => None,
        }
    }
    fn defaults_to_user_company(&self) -> bool {
        false
    }
    fn defaults(&self, call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("type", Value::from("contact"));
        set("is_company", Value::Bool(false));
        let lang = call.env.context.get("lang").and_then(Value::as_str);
        set("lang", Value::from(lang.unwrap_or("en_US")));
        set("autopost_bills", Value::from("ask"));
    }
    fn copy_values(&self, row: &Row, vals: &mut Row) {
        copy_name(row, vals);
    }
    /// `_compute_complete_name`: "Company, Contact" for a contact of a company.
    fn recompute(&self, call: &Call<'_>, db: &mut Database, model: &Model, id: i64) {
        let reg = call.reg;
        let name = records::stored(db, reg, model, id, "name")
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let parent = records::m2o_id(db, reg, model, id, "parent_id");
        let is_company = records::stored(db, reg, model, id, "is_company")
            .as_bool()
            .unwrap_or(false);
        let complete = match parent {
            Some(p) if !is_company => {
                let pname = records::display_name(db, reg, self.name(), p);
                if name.is_empty() {
                    pname
                } else {
                    format!("{pname}, {name}")
                }
            }
            _ => name,
        };
        super::set(
            db,
            self.name(),
            id,
            "complete_name",
            if complete.is_empty() {
                Value::Null
            } else {
                Value::from(complete)
            },
        );
    }
    fn after_write(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        model: &Model,
        id: i64,
        written: &Row,
    ) {
        if written.contains_key("name") || written.contains_key("parent_id") {
            for c in records::related_ids(db, call.reg, model, id, "child_ids") {
                self.recompute(call, db, model, c);
            }
        }
    }
    fn computed(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
        field: &str,
    ) -> Option<Value> {
        let count = |m: &str, types: &[&str]| counts(db, reg, model, id, m, types);
        Some(match field {
            "sale_order_count" => Value::from(count("sale.order", &[])),
            "account_move_count" => Value::from(count("account.move", CUSTOMER_MOVES)),
            "supplier_invoice_count" => Value::from(count("account.move", VENDOR_MOVES)),
            // `_compute_application_statistics`: one entry per application with a non-zero
            // count (account, then sale), `false` when there is none.
            "application_statistics" => {
                let mut stats = Vec::new();
                let moves =
                    count("account.move", CUSTOMER_MOVES) + count("account.move", VENDOR_MOVES);
                if moves > 0 {
                    stats.push(json!({"iconClass": "fa-pencil-square-o", "value": moves,
                        "label": "Invoices/Bills/Mandates", "tagClass": "o_tag_color_9"}));
                }
                let orders = count("sale.order", &[]);
                if orders > 0 {
                    stats.push(json!({"iconClass": "fa-usd", "value": orders,
                        "label": "Sale Orders", "tagClass": "o_tag_color_2"}));
                }
                if stats.is_empty() {
                    Value::Bool(false)
                } else {
                    Value::Array(stats)
                }
            }
            // The codes of the country groups of the company's fiscal country (the demo
            // company's one group has no code).
            "fiscal_country_group_codes" => json!([""]),
            // account_edi_ubl_cii's EAS codes (`_get_peppol_eas`'s selection), the same for
            // every contact.
            "available_peppol_eas" => json!(PEPPOL_EAS),
            _ => return None,
        })
    }
    fn constraints(
        &self,
        call: &Call<'_>,
        db: &Database,
        model: &Model,
        id: i64,
    ) -> Result<(), Fault> {
        let get = |f: &str| records::stored(db, call.reg, model, id, f);
        let name = get("name");
        let empty = name.is_null() || name.as_str() == Some("") || name == Value::Bool(false);
        if empty && get("type").as_str().unwrap_or("contact") == "contact" {
            return Err(Fault::new(
                FaultKind::ValidationError,
                "The operation cannot be completed: Contacts require a name",
            ));
        }
        Ok(())
    }
}

/// The move types counted as customer documents, and as vendor bills.
const CUSTOMER_MOVES: &[&str] = &["out_invoice", "out_refund"];
const VENDOR_MOVES: &[&str] = &["in_invoice", "in_refund"];

/// How many records of `of` belong to the contact or its child contacts (by `partner_id`),
/// restricted to the given `move_type`s when any.
fn counts(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    of: &str,
    types: &[&str],
) -> usize {
    let mut partners = records::related_ids(db, reg, model, id, "child_ids");
    partners.push(id);
    db.table(of).map_or(0, |t| {
        t.rows
            .values()
            .filter(|r| {
                r.get("partner_id")
                    .and_then(Value::as_i64)
                    .is_some_and(|p| partners.contains(&p))
            })
            .filter(|r| {
                types.is_empty()
                    || r.get("move_type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| types.contains(&t))
            })
            .count()
    })
}

/// The Peppol electronic address schemes, as Odoo 19 lists them.
const PEPPOL_EAS: &[&str] = &[
    "9923", "9922", "0151", "9914", "9915", "0208", "9925", "9924", "9926", "9934", "9928", "9929",
    "0096", "0184", "0198", "0191", "9931", "0037", "0216", "0213", "0002", "0009", "9957", "0225",
    "0240", "0204", "9930", "9933", "9910", "0196", "9935", "0211", "0097", "0188", "0221", "0218",
    "9939", "9936", "0200", "9937", "9938", "9942", "0230", "9943", "9940", "9941", "0106", "0190",
    "9944", "0192", "9945", "9946", "9947", "9948", "0195", "9949", "9950", "9920", "0007", "9955",
    "9927", "0183", "9952", "0235", "9932", "9959", "0060", "0088", "0130", "0135", "0142", "0193",
    "0199", "0201", "0202", "0209", "0210", "9913", "9918", "9919", "9951", "9953", "AN", "AQ",
    "AS", "AU", "EM",
];

/// `copy_data`'s `"<name> (copy)"`, shared by the models that rename their copies.
pub(super) fn copy_name(row: &Row, vals: &mut Row) {
    if let Some(n) = row.get("name").and_then(Value::as_str) {
        vals.insert("name".into(), Value::from(format!("{n} (copy)")));
    }
}
