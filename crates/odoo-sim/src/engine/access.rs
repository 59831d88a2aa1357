//! Access rights: per-group model ACLs (after the `ir.model.access` CSVs of base, sale,
//! account, stock and crm), multi-company record rules, group-restricted fields, and Odoo 19's
//! AccessError messages.

use serde_json::{Map, Value};

use super::domain::Node;
use super::records;
use super::registry::Registry;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// A CRUD operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Read,
    Write,
    Create,
    Unlink,
}

impl Op {
    /// Parses `read`/`write`/`create`/`unlink`.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "create" => Some(Self::Create),
            "unlink" => Some(Self::Unlink),
            _ => None,
        }
    }
    fn letter(self) -> char {
        match self {
            Self::Read => 'r',
            Self::Write => 'w',
            Self::Create => 'c',
            Self::Unlink => 'u',
        }
    }
    fn verb(self) -> &'static str {
        match self {
            Self::Read => "access",
            Self::Write => "modify",
            Self::Create => "create",
            Self::Unlink => "delete",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Create => "create",
            Self::Unlink => "unlink",
        }
    }
}

const USER: i64 = 1;
const SYSTEM: i64 = 2;
const ERP_MANAGER: i64 = 3;
const SALESMAN: i64 = 4;
const SALE_MANAGER: i64 = 5;
const INVOICE: i64 = 6;
const ACCOUNT_MANAGER: i64 = 7;
const PARTNER_MANAGER: i64 = 10;
const STOCK_USER: i64 = 12;
const STOCK_MANAGER: i64 = 13;

fn group_name(g: i64) -> &'static str {
    match g {
        USER => "Role / User",
        SYSTEM => "Role / Administrator",
        ERP_MANAGER => "Access Rights",
        SALESMAN => "Sales / User: Own Documents Only",
        SALE_MANAGER => "Sales / Administrator",
        INVOICE => "Invoicing / Billing",
        ACCOUNT_MANAGER => "Invoicing / Billing Administrator",
        PARTNER_MANAGER => "Contact Creation",
        STOCK_USER => "Inventory / User",
        STOCK_MANAGER => "Inventory / Administrator",
        _ => "Unknown",
    }
}

/// (model, [(group, permissions "rwcu")]). Models absent here: administrators only.
const ACL: &[(&str, &[(i64, &str)])] = &[
    ("res.partner", &[(USER, "r"), (PARTNER_MANAGER, "rwcu")]),
    (
        "res.partner.category",
        &[(USER, "r"), (PARTNER_MANAGER, "rwcu")],
    ),
    // base: res_country / res_country_state: read for all, group_partner_manager 1,1,1,1.
    ("res.country", &[(USER, "r"), (PARTNER_MANAGER, "rwcu")]),
    (
        "res.country.state",
        &[(USER, "r"), (PARTNER_MANAGER, "rwcu")],
    ),
    // base: group_system 1,1,1,1; account: group_account_manager 1,1,1,1.
    (
        "res.currency",
        &[(USER, "r"), (SYSTEM, "rwcu"), (ACCOUNT_MANAGER, "rwcu")],
    ),
    ("res.company", &[(USER, "r"), (ERP_MANAGER, "rwcu")]),
    ("res.users", &[(USER, "r"), (ERP_MANAGER, "rwcu")]),
    ("res.groups", &[(USER, "r"), (ERP_MANAGER, "rwcu")]),
    (
        "product.product",
        &[
            (USER, "r"),
            (SALE_MANAGER, "rwcu"),
            (ACCOUNT_MANAGER, "rwcu"),
            (STOCK_MANAGER, "rwcu"),
        ],
    ),
    (
        "product.template",
        &[
            (USER, "r"),
            (SALE_MANAGER, "rwcu"),
            (ACCOUNT_MANAGER, "rwcu"),
            (STOCK_MANAGER, "rwcu"),
        ],
    ),
    (
        "product.category",
        &[(USER, "r"), (SALE_MANAGER, "rwcu"), (STOCK_MANAGER, "rwcu")],
    ),
    ("uom.uom", &[(USER, "r"), (STOCK_MANAGER, "rwcu")]),
    // sale/security/ir.model.access.csv: access_sale_order(_line)_invoicing_payments gives
    // account.group_account_invoice read and write (1,1,0,0), not create or unlink.
    (
        "sale.order",
        &[(SALESMAN, "rwc"), (SALE_MANAGER, "rwcu"), (INVOICE, "rw")],
    ),
    (
        "sale.order.line",
        &[(SALESMAN, "rwcu"), (SALE_MANAGER, "rwcu"), (INVOICE, "rw")],
    ),
    (
        "account.move",
        &[
            (SALESMAN, "r"),
            (INVOICE, "rwcu"),
            (ACCOUNT_MANAGER, "rwcu"),
        ],
    ),
    (
        "account.move.line",
        &[
            (SALESMAN, "r"),
            (INVOICE, "rwcu"),
            (ACCOUNT_MANAGER, "rwcu"),
        ],
    ),
    (
        "account.journal",
        &[(SALESMAN, "r"), (INVOICE, "r"), (ACCOUNT_MANAGER, "rwcu")],
    ),
    (
        "account.tax",
        &[(SALESMAN, "r"), (INVOICE, "r"), (ACCOUNT_MANAGER, "rwcu")],
    ),
    (
        "account.payment.term",
        &[(USER, "r"), (ACCOUNT_MANAGER, "rwcu")],
    ),
    ("crm.lead", &[(SALESMAN, "rwcu"), (SALE_MANAGER, "rwcu")]),
    ("crm.stage", &[(USER, "r"), (SALE_MANAGER, "rwcu")]),
    ("crm.team", &[(USER, "r"), (SALE_MANAGER, "rwcu")]),
    (
        "stock.picking",
        &[
            (STOCK_USER, "rwcu"),
            (STOCK_MANAGER, "rwcu"),
            (SALESMAN, "r"),
        ],
    ),
    (
        "stock.move",
        &[
            (STOCK_USER, "rwc"),
            (STOCK_MANAGER, "rwcu"),
            (SALESMAN, "r"),
        ],
    ),
    ("stock.warehouse", &[(USER, "r"), (STOCK_MANAGER, "rwcu")]),
    // Odoo 19 (observed, odoo-protocol notes): `access_ir_model_user` grants
    // nothing, so only `base.group_system` reads `ir.model`; internal users use the web
    // client's `ir.model.display_name_for` / `get_available_models` (read as superuser).
    ("ir.model", &[]),
    ("ir.model.fields", &[(USER, "r")]),
    ("ir.attachment", &[(USER, "rwcu")]),
    ("mail.message", &[(USER, "rwc")]),
];

/// Fields whose reading needs access to another model (field, comodel).
const RESTRICTED_FIELDS: &[(&str, &str, &str)] = &[(
    "res.partner",
    "rtc_session_ids",
    "discuss.channel.rtc.session",
)];

/// Fields declared with `groups=`: (model, field, groups as `fields_get` reports them).
/// res.partner's rows are the `groups` attributes of Odoo 19's `fields_get` in the
/// recording `json2_fields_get_partner_full.json`; res.users inherits them (`_inherits`).
/// product.template `standard_price`: `groups="base.group_user"` in
/// `product/models/product_template.py` (17.0–19.0).
const FIELD_GROUPS: &[(&str, &str, &str)] = &[
    ("res.partner", "is_in_call", "base.group_system"),
    ("res.partner", "signup_type", "base.group_erp_manager"),
    ("res.partner", "credit", ACCOUNT_READERS),
    ("res.partner", "credit_to_invoice", ACCOUNT_READERS),
    ("res.partner", "credit_limit", ACCOUNT_READERS),
    ("res.partner", "use_partner_credit_limit", ACCOUNT_READERS),
    ("res.partner", "show_credit_limit", ACCOUNT_READERS),
    ("res.partner", "debit", ACCOUNT_READERS),
    ("res.partner", "total_invoiced", ACCOUNT_READERS),
    ("res.partner", "account_move_count", ACCOUNT_READERS),
    (
        "res.partner",
        "sale_order_count",
        "sales_team.group_sale_salesman",
    ),
    ("res.partner", "message_follower_ids", "base.group_user"),
    ("res.partner", "message_partner_ids", "base.group_user"),
    ("res.partner", "message_attachment_count", "base.group_user"),
    ("res.partner", "is_blacklisted", "base.group_user"),
    ("res.partner", "activity_ids", "base.group_user"),
    ("res.partner", "activity_state", "base.group_user"),
    ("res.partner", "activity_user_id", "base.group_user"),
    ("res.partner", "activity_type_id", "base.group_user"),
    ("res.partner", "activity_date_deadline", "base.group_user"),
    (
        "res.partner",
        "my_activity_date_deadline",
        "base.group_user",
    ),
    ("res.partner", "activity_summary", "base.group_user"),
    (
        "res.partner",
        "phone_sanitized_blacklisted",
        "base.group_user",
    ),
    ("res.partner", "phone_blacklisted", "base.group_user"),
    ("product.template", "standard_price", "base.group_user"),
    ("product.product", "standard_price", "base.group_user"),
];

const ACCOUNT_READERS: &str = "account.group_account_invoice,account.group_account_readonly";

/// The simulator's group id of a group XML id (`None`: a group nobody has here).
fn group_id(xmlid: &str) -> Option<i64> {
    Some(match xmlid {
        "base.group_user" => USER,
        "base.group_system" => SYSTEM,
        "base.group_erp_manager" => ERP_MANAGER,
        "sales_team.group_sale_salesman" => SALESMAN,
        "sales_team.group_sale_manager" => SALE_MANAGER,
        "account.group_account_invoice" => INVOICE,
        "account.group_account_manager" => ACCOUNT_MANAGER,
        "base.group_partner_manager" => PARTNER_MANAGER,
        "stock.group_stock_user" => STOCK_USER,
        "stock.group_stock_manager" => STOCK_MANAGER,
        _ => return None,
    })
}

/// The `groups=` of `model.field`, if restricted (res.users: those of res.partner).
pub(crate) fn field_groups(model: &str, field: &str) -> Option<&'static str> {
    let find = |m: &str| {
        FIELD_GROUPS
            .iter()
            .find(|(fm, f, _)| *fm == m && *f == field)
            .map(|(_, _, g)| *g)
    };
    find(model).or_else(|| {
        (model == "res.users")
            .then(|| find("res.partner"))
            .flatten()
    })
}

/// Whether `uid` passes the `groups=` restriction of `model.field` (always true for
/// unrestricted fields and for the superuser).
pub(crate) fn field_allowed(db: &Database, uid: i64, model: &str, field: &str) -> bool {
    let Some(spec) = field_groups(model, field) else {
        return true;
    };
    if uid == 1 {
        return true;
    }
    let groups = user_groups(db, uid);
    spec.split(',')
        .filter_map(|x| group_id(x.trim()))
        .any(|g| groups.contains(&g))
}

/// Odoo 18+'s `_check_field_access` refusal for a `groups=`-restricted field.
pub(crate) fn check_field_groups(
    db: &Database,
    reg: &Registry,
    version: u32,
    uid: i64,
    model: &str,
    field: &str,
    op: Op,
) -> Result<(), Fault> {
    if field_allowed(db, uid, model, field) {
        return Ok(());
    }
    let description = reg
        .model(model)
        .map(|m| m.description.clone())
        .unwrap_or_else(|| model.to_owned());
    Err(Fault::new(
        FaultKind::AccessError,
        super::version_rules::field_access_message(version, field, &description, model, op.name()),
    ))
}

/// `implied_ids` of the groups (group → groups it implies), after the groups' XML records:
/// base.group_system ⇒ group_erp_manager ⇒ group_user; sales_team.group_sale_manager ⇒
/// group_sale_salesman ⇒ group_user; account.group_account_manager ⇒
/// group_account_invoice ⇒ group_user; stock.group_stock_manager ⇒ group_stock_user ⇒
/// group_user; base.group_partner_manager is standalone.
const IMPLIED: &[(i64, &[i64])] = &[
    (SYSTEM, &[ERP_MANAGER, USER]),
    (ERP_MANAGER, &[USER]),
    (SALE_MANAGER, &[SALESMAN]),
    (SALESMAN, &[USER]),
    (ACCOUNT_MANAGER, &[INVOICE]),
    (INVOICE, &[USER]),
    (STOCK_MANAGER, &[STOCK_USER]),
    (STOCK_USER, &[USER]),
];

/// The groups of a user, with the groups they imply (as `res.users.all_group_ids`).
pub(crate) fn user_groups(db: &Database, uid: i64) -> Vec<i64> {
    let mut groups: Vec<i64> = records::row(db, "res.users", uid)
        .and_then(|r| r.get("group_ids"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    let mut i = 0;
    while let Some(g) = groups.get(i).copied() {
        if let Some((_, implied)) = IMPLIED.iter().find(|(k, _)| *k == g) {
            for x in *implied {
                if !groups.contains(x) {
                    groups.push(*x);
                }
            }
        }
        i += 1;
    }
    groups
}

/// Whether the user bypasses ACLs (the superuser, or `base.group_system`).
pub(crate) fn is_admin(db: &Database, uid: i64) -> bool {
    uid == 1 || user_groups(db, uid).contains(&SYSTEM)
}

/// Whether the user is internal (`base.group_user`), as `res.users._is_internal()`.
pub(crate) fn is_internal(db: &Database, uid: i64) -> bool {
    uid == 1 || user_groups(db, uid).contains(&USER)
}

/// Whether `uid` may perform `op` on `model` (ACL only).
pub(crate) fn allowed(db: &Database, uid: i64, model: &str, op: Op) -> bool {
    if is_admin(db, uid) {
        return true;
    }
    let groups = user_groups(db, uid);
    ACL.iter()
        .find(|(m, _)| *m == model)
        .is_some_and(|(_, rules)| {
            rules
                .iter()
                .any(|(g, perms)| groups.contains(g) && perms.contains(op.letter()))
        })
}

fn acl_error(reg: &Registry, model: &str, op: Op) -> Fault {
    let description = reg
        .model(model)
        .map(|m| m.description.clone())
        .unwrap_or_else(|| model.to_owned());
    let mut groups: Vec<&str> = ACL
        .iter()
        .find(|(m, _)| *m == model)
        .map(|(_, rules)| {
            rules
                .iter()
                .filter(|(_, p)| p.contains(op.letter()))
                .map(|(g, _)| group_name(*g))
                .collect()
        })
        .unwrap_or_default();
    if groups.is_empty() {
        groups.push(group_name(SYSTEM));
    }
    let list: String = groups.iter().map(|g| format!("\n\t- {g}")).collect();
    Fault::new(
        FaultKind::AccessError,
        format!(
            "You are not allowed to {} '{description}' ({model}) records.\n\nThis operation is allowed for the following groups:{list}\n\nContact your administrator to request access if necessary.",
            op.verb()
        ),
    )
}

/// Checks the model ACL, with Odoo's message.
pub(crate) fn check_model(
    db: &Database,
    reg: &Registry,
    uid: i64,
    model: &str,
    op: Op,
) -> Result<(), Fault> {
    if allowed(db, uid, model, op) {
        Ok(())
    } else {
        Err(acl_error(reg, model, op))
    }
}

/// The companies the record rules allow: `allowed_company_ids` from the context (which must
/// be among the user's companies) or all the user's companies.
pub(crate) fn companies(
    db: &Database,
    uid: i64,
    context: &Map<String, Value>,
) -> Result<Vec<i64>, Fault> {
    let row = records::row(db, "res.users", uid);
    let mut mine: Vec<i64> = row
        .and_then(|r| r.get("company_ids"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    if let Some(c) = row
        .and_then(|r| r.get("company_id"))
        .and_then(Value::as_i64)
        && !mine.contains(&c)
    {
        mine.push(c);
    }
    if let Some(Value::Array(wanted)) = context.get("allowed_company_ids") {
        let wanted: Vec<i64> = wanted.iter().filter_map(Value::as_i64).collect();
        if !wanted.is_empty() {
            if uid != 1 && wanted.iter().any(|c| !mine.contains(c)) {
                return Err(Fault::new(
                    FaultKind::AccessError,
                    "Access to unauthorized or invalid companies.",
                ));
            }
            return Ok(wanted);
        }
    }
    Ok(mine)
}

/// The record rules of `model` for `uid`, if it has any: the multi-company rule, and for a
/// user with `sales_team.group_sale_salesman` but not `group_sale_salesman_all_leads`
/// (implied by `group_sale_manager`) the "own documents" rules of sale
/// (`sale_order_personal_rule`, `sale_order_line_personal_rule`) and crm
/// (`crm_rule_personal_lead`): `['|', (user_field, '=', user.id), (user_field, '=', False)]`.
pub(crate) fn rule_domain(db: &Database, uid: i64, model: &str, companies: &[i64]) -> Option<Node> {
    let company = company_rule(model, companies);
    let personal = personal_rule(db, uid, model);
    match (company, personal) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some(a),
        (Some(a), Some(b)) => Some(Node::and(vec![a, b])),
    }
}

/// The field naming a record's salesperson, for models with an "own documents" rule.
fn personal_field(model: &str) -> Option<&'static str> {
    match model {
        "sale.order" | "crm.lead" => Some("user_id"),
        "sale.order.line" => Some("salesman_id"),
        _ => None,
    }
}

fn personal_rule(db: &Database, uid: i64, model: &str) -> Option<Node> {
    let field = personal_field(model)?;
    let groups = user_groups(db, uid);
    if !groups.contains(&SALESMAN) || groups.contains(&SALE_MANAGER) {
        return None;
    }
    Some(Node::or(vec![
        Node::leaf(field, "=", Value::from(uid)),
        Node::leaf(field, "=", Value::Bool(false)),
    ]))
}

fn company_rule(model: &str, companies: &[i64]) -> Option<Node> {
    let ids = Value::from(companies.to_vec());
    match model {
        "res.partner" | "product.template" | "product.product" | "crm.lead" | "crm.team"
        | "account.tax" | "account.journal" => Some(Node::or(vec![
            Node::leaf("company_id", "in", ids),
            Node::leaf("company_id", "=", Value::Bool(false)),
        ])),
        "sale.order" | "sale.order.line" | "account.move" | "account.move.line"
        | "stock.picking" | "stock.move" | "stock.warehouse" => {
            Some(Node::leaf("company_id", "in", ids))
        }
        _ => None,
    }
}

/// The record-rule error for `model`.
pub(crate) fn rule_error(db: &Database, reg: &Registry, uid: i64, model: &str, op: Op) -> Fault {
    let description = reg
        .model(model)
        .map(|m| m.description.clone())
        .unwrap_or_else(|| model.to_owned());
    let user = records::display_name(db, reg, "res.users", uid);
    Fault::new(
        FaultKind::AccessError,
        format!(
            "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, {user} (id={uid}) doesn't have '{}' access to:\n- {description} ({model})\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.",
            op.name()
        ),
    )
}

/// Checks that the user may read `field` of `model` (fields restricted through their comodel).
pub(crate) fn check_field(
    db: &Database,
    reg: &Registry,
    version: u32,
    uid: i64,
    model: &str,
    field: &str,
) -> Result<(), Fault> {
    check_field_groups(db, reg, version, uid, model, field, Op::Read)?;
    if let Some((_, _, comodel)) = RESTRICTED_FIELDS
        .iter()
        .find(|(m, f, _)| *m == model && *f == field)
        && !allowed(db, uid, comodel, Op::Read)
    {
        let inner = acl_error(reg, comodel, Op::Read);
        return Err(Fault::new(
            FaultKind::AccessError,
            format!("Failed to read field {model}.{field}\n{}", inner.message),
        )
        .with_cause(format!(
            "{}: {}",
            FaultKind::AccessError.exception_name(),
            inner.message.lines().next().unwrap_or("")
        )));
    }
    Ok(())
}
