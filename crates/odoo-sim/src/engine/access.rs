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
    ("res.country", &[(USER, "r")]),
    ("res.country.state", &[(USER, "r")]),
    ("res.currency", &[(USER, "r")]),
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
    (
        "sale.order",
        &[(SALESMAN, "rwc"), (SALE_MANAGER, "rwcu"), (INVOICE, "r")],
    ),
    (
        "sale.order.line",
        &[(SALESMAN, "rwcu"), (SALE_MANAGER, "rwcu"), (INVOICE, "r")],
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
    ("ir.model", &[(USER, "r")]),
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

/// The groups of a user.
pub(crate) fn user_groups(db: &Database, uid: i64) -> Vec<i64> {
    records::row(db, "res.users", uid)
        .and_then(|r| r.get("group_ids"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// Whether the user bypasses ACLs (the superuser, or `base.group_system`).
pub(crate) fn is_admin(db: &Database, uid: i64) -> bool {
    uid == 1 || user_groups(db, uid).contains(&SYSTEM)
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

/// The multi-company record rule of `model`, if it has one.
pub(crate) fn rule_domain(model: &str, companies: &[i64]) -> Option<Node> {
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
    uid: i64,
    model: &str,
    field: &str,
) -> Result<(), Fault> {
    if let Some((_, _, comodel)) = RESTRICTED_FIELDS
        .iter()
        .find(|(m, f, _)| *m == model && *f == field)
        && !allowed(db, uid, comodel, Op::Read)
    {
        let inner = acl_error(reg, comodel, Op::Read);
        return Err(Fault::new(
            FaultKind::AccessError,
            format!("Failed to read field {model}.{field}\n{}", inner.message),
        ));
    }
    Ok(())
}
