//! Access rights: per-group model ACLs (after the `ir.model.access` CSVs of base, sale,
//! account, stock and crm), multi-company record rules, group-restricted fields, and Odoo 19's
//! AccessError messages.

use serde_json::{Map, Value};

use super::domain::Node;
use super::models;
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

/// A model's ACL, as each model's behaviour declares it (`engine/models`): (group, permissions
/// "rwcu"), after the `ir.model.access` CSVs of base, sale, account, stock and crm. A model
/// without one is for administrators only.
pub(crate) type Acl = &'static [(i64, &'static str)];

/// The groups the ACLs name (`res.groups` ids of the dataset).
pub(crate) const USER: i64 = 1;
pub(crate) const SYSTEM: i64 = 2;
pub(crate) const ERP_MANAGER: i64 = 3;
pub(crate) const SALESMAN: i64 = 4;
pub(crate) const SALE_MANAGER: i64 = 5;
pub(crate) const INVOICE: i64 = 6;
pub(crate) const ACCOUNT_MANAGER: i64 = 7;
pub(crate) const PARTNER_MANAGER: i64 = 10;
pub(crate) const STOCK_USER: i64 = 12;
pub(crate) const STOCK_MANAGER: i64 = 13;

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

/// x2many fields whose comodel the simulator does not model but an internal user may not read
/// (model, field, comodel); Odoo defines them early, so reading every field fails on them first.
const RESTRICTED_FIELDS: &[(&str, &str, &str)] = &[(
    "res.partner",
    "rtc_session_ids",
    "discuss.channel.rtc.session",
)];

/// The groups of the accounting fields that only invoicing users and auditors read.
pub(crate) const ACCOUNT_READERS: &str =
    "account.group_account_invoice,account.group_account_readonly";

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

/// The `groups=` of `model.field`, if restricted (a delegating model, such as res.users,
/// has those of the fields it inherits).
pub(crate) fn field_groups(model: &str, field: &str) -> Option<&'static str> {
    let behaviour = models::behaviour(model);
    let own = behaviour
        .field_groups()
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, g)| *g);
    own.or_else(|| {
        let (parent, _) = behaviour.settings().inherits?;
        field_groups(parent, field)
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
    models::behaviour(model)
        .acl()
        .iter()
        .any(|(g, perms)| groups.contains(g) && perms.contains(op.letter()))
}

fn acl_error(reg: &Registry, model: &str, op: Op) -> Fault {
    let description = reg
        .model(model)
        .map(|m| m.description.clone())
        .unwrap_or_else(|| model.to_owned());
    let mut groups: Vec<&str> = models::behaviour(model)
        .acl()
        .iter()
        .filter(|(_, p)| p.contains(op.letter()))
        .map(|(g, _)| group_name(*g))
        .collect();
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

/// A model's multi-company record rule (each model's behaviour says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompanyRule {
    /// No company rule.
    None,
    /// `['|', ('company_id', 'in', company_ids), ('company_id', '=', False)]`: shared records
    /// (no company) are visible to every company.
    AllowShared,
    /// `[('company_id', 'in', company_ids)]`.
    Strict,
}

fn personal_rule(db: &Database, uid: i64, model: &str) -> Option<Node> {
    let field = models::behaviour(model).personal_field()?;
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
    match models::behaviour(model).company_rule() {
        CompanyRule::AllowShared => Some(Node::or(vec![
            Node::leaf("company_id", "in", ids),
            Node::leaf("company_id", "=", Value::Bool(false)),
        ])),
        CompanyRule::Strict => Some(Node::leaf("company_id", "in", ids)),
        CompanyRule::None => None,
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

/// Checks that the user may read `field` of `model`: its `groups=`, then, for a stored x2many
/// field, read access to its comodel — Odoo reads the lines with `comodel._search`, which checks
/// the ACL, and wraps the refusal as "Failed to read field …" (`fields_relational.py`). The
/// comodels the simulator does not model are taken as readable, except those of
/// [`RESTRICTED_FIELDS`].
pub(crate) fn check_field(
    db: &Database,
    reg: &Registry,
    version: u32,
    uid: i64,
    model: &str,
    field: &str,
) -> Result<(), Fault> {
    check_field_groups(db, reg, version, uid, model, field, Op::Read)?;
    let restricted = RESTRICTED_FIELDS
        .iter()
        .find(|(m, f, _)| *m == model && *f == field)
        .map(|(_, _, comodel)| *comodel);
    let lines = || {
        let f = reg.model(model)?.field(field)?;
        let comodel = f.relation.as_deref()?;
        (f.ftype.is_x2many() && f.store && acl_known(comodel)).then_some(comodel)
    };
    if let Some(comodel) = restricted.or_else(lines)
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

/// Whether the simulator knows `comodel`'s ACL: the models it models, and the comodels of
/// [`RESTRICTED_FIELDS`]. The others (followers, bank accounts, …) are taken as readable, as they
/// are for an internal user in Odoo.
fn acl_known(comodel: &str) -> bool {
    models::all().any(|b| b.name() == comodel)
        || RESTRICTED_FIELDS.iter().any(|(_, _, c)| *c == comodel)
}

/// The read check of a comodel reached through a relation (`comodel._search` in Odoo), for
/// the comodels whose ACL the simulator knows ([`acl_known`]).
pub(crate) fn check_comodel_read(
    db: &Database,
    reg: &Registry,
    uid: i64,
    comodel: &str,
) -> Result<(), Fault> {
    if acl_known(comodel) {
        check_model(db, reg, uid, comodel, Op::Read)
    } else {
        Ok(())
    }
}

/// Whether Odoo reads `field` of `model` before the fields the simulator's metadata lists
/// first (its definition comes from an early module): checked first when reading every field.
pub(crate) fn read_early(model: &str, field: &str) -> bool {
    RESTRICTED_FIELDS
        .iter()
        .any(|(m, f, _)| *m == model && *f == field)
}
