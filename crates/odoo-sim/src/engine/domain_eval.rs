//! Evaluation of parsed domains against stored records, following Odoo 19's rules
//! (domains.md §1–§12): conditions are compiled once (paths become `any`, relational
//! sub-searches are resolved to id sets) and then tested on each record.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::date_terms::{self, DomainDate};
use super::dates;
use super::domain::{Leaf, Node};
use super::records;
use super::registry::{Field, FieldType, Model, Registry};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// A normalised scalar: `Null` stands for NULL and for the type's falsy value.
#[derive(Debug, Clone, PartialEq)]
enum Norm {
    Null,
    Num(f64),
    Str(String),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone)]
enum Pat {
    Any,
    One,
    Lit(char),
}

#[derive(Debug, Clone)]
enum Test {
    In {
        vals: Vec<Norm>,
        null: bool,
    },
    Cmp {
        op: CmpOp,
        val: Norm,
        null_as: Option<Norm>,
    },
    Like {
        pat: Vec<Pat>,
        ci: bool,
    },
}

/// A compiled condition.
#[derive(Debug, Clone)]
enum Cond {
    Const(bool),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Id(HashSet<i64>),
    M2o {
        field: String,
        ids: HashSet<i64>,
        null: bool,
    },
    X2m {
        field: String,
        ids: HashSet<i64>,
        empty: bool,
    },
    Scalar {
        field: String,
        ftype: FieldType,
        test: Test,
    },
}

/// Runs searches over one database state.
pub(crate) struct Searcher<'a> {
    pub(crate) db: &'a Database,
    pub(crate) reg: &'static Registry,
    /// The time zone for date-only strings compared to datetimes.
    pub(crate) tz: String,
    /// Companies the record rules allow; `None` = no rules (superuser).
    pub(crate) rule_companies: Option<Vec<i64>>,
    /// The user whose record rules apply (with `rule_companies`).
    pub(crate) rule_uid: i64,
    /// The user whose field access (`groups=`) every condition's field is checked against,
    /// as Odoo 18+'s `_field_to_sql` does; `None`: not checked (sudo).
    pub(crate) field_uid: Option<i64>,
    /// The Odoo major version simulated (for messages).
    pub(crate) version: u32,
}

impl Searcher<'_> {
    /// A date string as Odoo 19+ parses it in domains (`date_terms`), or `None` before 19,
    /// where the text reached PostgreSQL.
    fn odoo_date(&self, s: &str) -> Option<Result<DomainDate, Fault>> {
        (self.version >= 19).then(|| date_terms::parse(s, &self.tz, chrono::Utc::now().naive_utc()))
    }
}

fn invalid_text(ty: &str, v: &str, model: &str, field: &str) -> Fault {
    let table = model.replace('.', "_");
    Fault::new(
        FaultKind::InvalidTextRepresentation,
        format!(
            "invalid input syntax for type {ty}: \"{v}\"\nLINE 1: ...\"{table}\".\"{field}\" IN ('{v}')\n{}^\n",
            " ".repeat(40)
        ),
    )
}

fn is_falsy(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(true) => false,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(false) | Value::Null => String::new(),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            if n.is_f64() && f.fract() == 0.0 {
                format!("{f:.0}")
            } else {
                n.to_string()
            }
        }
        other => other.to_string(),
    }
}

fn compile_pattern(p: &str) -> Vec<Pat> {
    let mut out = Vec::new();
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(Pat::Lit(chars.next().unwrap_or('\\'))),
            '%' => out.push(Pat::Any),
            '_' => out.push(Pat::One),
            c => out.push(Pat::Lit(c)),
        }
    }
    out
}

fn pattern_match(pat: &[Pat], text: &[char]) -> bool {
    // Iterative matcher with backtracking on the last `%`.
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pat.get(p) {
            Some(Pat::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Pat::One) => {
                p += 1;
                t += 1;
            }
            Some(Pat::Lit(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pat[p..].iter().all(|x| matches!(x, Pat::Any))
}

fn falsy_norm(ftype: FieldType) -> Option<Norm> {
    if ftype.is_text() {
        Some(Norm::Str(String::new()))
    } else if ftype.is_number() {
        Some(Norm::Num(0.0))
    } else if ftype == FieldType::Boolean {
        Some(Norm::Bool(false))
    } else {
        None
    }
}

fn record_norm(ftype: FieldType, v: &Value) -> Norm {
    match v {
        Value::Null => Norm::Null,
        Value::Bool(b) => {
            if *b {
                Norm::Bool(true)
            } else {
                Norm::Null
            }
        }
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            if f == 0.0 && (ftype.is_number() || ftype == FieldType::Many2one) {
                Norm::Null
            } else {
                Norm::Num(f)
            }
        }
        Value::String(s) => {
            if s.is_empty() && (ftype.is_text() || ftype == FieldType::Selection) {
                Norm::Null
            } else if ftype == FieldType::Datetime {
                Norm::Str(s.get(..19).unwrap_or(s).to_owned())
            } else {
                Norm::Str(s.clone())
            }
        }
        other => Norm::Str(other.to_string()),
    }
}

fn cmp_norm(a: &Norm, b: &Norm) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Norm::Num(x), Norm::Num(y)) => x.partial_cmp(y),
        (Norm::Str(x), Norm::Str(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Norm::Bool(x), Norm::Bool(y)) => Some(x.cmp(y)),
        (Norm::Num(x), Norm::Str(y)) => y.parse::<f64>().ok().and_then(|y| x.partial_cmp(&y)),
        (Norm::Str(x), Norm::Num(y)) => x.parse::<f64>().ok().and_then(|x| x.partial_cmp(y)),
        _ => None,
    }
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

impl Searcher<'_> {
    /// Ids of `model` matching `node`, ascending; adds the implicit active filter when
    /// `active_test` holds and the domain does not name `active`, and the record rules.
    pub(crate) fn search(
        &self,
        model: &Model,
        node: &Node,
        active_test: bool,
    ) -> Result<Vec<i64>, Fault> {
        let mut parts = vec![node.clone()];
        if active_test && model.has_active() && !node.names_field("active") {
            parts.push(Node::leaf("active", "=", Value::Bool(true)));
        }
        if let Some(companies) = &self.rule_companies
            && let Some(rule) =
                super::access::rule_domain(self.db, self.rule_uid, &model.name, companies)
        {
            parts.push(rule);
        }
        let full = Node::and(parts);
        let cond = self.compile(model, &full, active_test)?;
        Ok(records::all_ids(self.db, &model.name)
            .into_iter()
            .filter(|id| self.eval(model, *id, &cond))
            .collect())
    }

    /// Whether each record of `ids` matches `node` (no active filter, no rules).
    pub(crate) fn filter(
        &self,
        model: &Model,
        ids: &[i64],
        node: &Node,
    ) -> Result<Vec<i64>, Fault> {
        let cond = self.compile(model, node, true)?;
        Ok(ids
            .iter()
            .copied()
            .filter(|id| self.eval(model, *id, &cond))
            .collect())
    }

    fn sub_search(
        &self,
        comodel: &str,
        node: &Node,
        active_test: bool,
    ) -> Result<HashSet<i64>, Fault> {
        let Some(m) = self.reg.model(comodel) else {
            return Ok(HashSet::new());
        };
        // Odoo's `_search` on the comodel checks read access first (unless sudo), so a path
        // through a model the user may not read (`sale_order_ids.amount_total` without sales
        // rights) is that model's AccessError.
        if let Some(uid) = self.field_uid {
            super::access::check_comodel_read(self.db, self.reg, uid, comodel)?;
        }
        Ok(self.search(m, node, active_test)?.into_iter().collect())
    }

    fn compile(&self, model: &Model, node: &Node, ctx_active: bool) -> Result<Cond, Fault> {
        Ok(match node {
            Node::Bool(b) => Cond::Const(*b),
            Node::And(c) => Cond::And(
                c.iter()
                    .map(|n| self.compile(model, n, ctx_active))
                    .collect::<Result<_, _>>()?,
            ),
            Node::Or(c) => Cond::Or(
                c.iter()
                    .map(|n| self.compile(model, n, ctx_active))
                    .collect::<Result<_, _>>()?,
            ),
            Node::Not(c) => Cond::Not(Box::new(self.compile(model, c, ctx_active)?)),
            Node::Leaf(l) => self.leaf(model, l, ctx_active)?,
        })
    }

    fn leaf(&self, model: &Model, leaf: &Leaf, ctx_active: bool) -> Result<Cond, Fault> {
        let (fname, rest) = match leaf.path.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (leaf.path.as_str(), None),
        };
        let Some(field) = model.field(fname) else {
            return Err(leaf
                .error(&format!("Invalid field {}.{}", model.name, fname))
                .with_cause(format!("KeyError: '{fname}'")));
        };
        if let Some(uid) = self.field_uid {
            super::access::check_field_groups(
                self.db,
                self.reg,
                self.version,
                uid,
                &model.name,
                fname,
                super::access::Op::Read,
            )?;
        }
        if let Some(rest) = rest {
            if !field.ftype.is_relational() {
                return Err(leaf.error(&format!("Invalid field {}.{}", model.name, leaf.path)));
            }
            let sub = json!([[rest, leaf.op, leaf.value]]);
            return self.leaf(
                model,
                &Leaf {
                    path: fname.to_owned(),
                    op: "any".into(),
                    value: sub,
                },
                ctx_active,
            );
        }
        if let Some(via) = &field.inherited_via {
            let sub = json!([[leaf.path, leaf.op, leaf.value]]);
            return self.leaf(
                model,
                &Leaf {
                    path: via.clone(),
                    op: "any".into(),
                    value: sub,
                },
                ctx_active,
            );
        }
        // Operator rewrites.
        let mut op = leaf.op.as_str();
        let mut value = leaf.value.clone();
        match op {
            "<>" => op = "!=",
            "==" => op = "=",
            "any!" => op = "any",
            "not any!" => op = "not any",
            "=?" => {
                if is_falsy(&value) {
                    return Ok(Cond::Const(true));
                }
                op = "=";
            }
            _ => {}
        }
        if (op == "=" || op == "!=") && value.is_array() {
            if value.as_array().is_some_and(Vec::is_empty) {
                value = json!([false]);
            }
            op = if op == "=" { "in" } else { "not in" };
        }
        if op == "in" || op == "not in" {
            if !value.is_array() {
                value = json!([value]);
            }
            if value.as_array().is_some_and(Vec::is_empty) {
                return Ok(Cond::Const(op == "not in"));
            }
        }
        let negative = match op {
            "!=" => Some("="),
            "not in" => Some("in"),
            "not like" => Some("like"),
            "not ilike" => Some("ilike"),
            "not =like" => Some("=like"),
            "not =ilike" => Some("=ilike"),
            "not any" => Some("any"),
            _ => None,
        };
        if let Some(pos) = negative {
            let inner = self.positive(model, field, leaf, pos, &value, ctx_active)?;
            return Ok(Cond::Not(Box::new(inner)));
        }
        self.positive(model, field, leaf, op, &value, ctx_active)
    }

    fn positive(
        &self,
        model: &Model,
        field: &Field,
        leaf: &Leaf,
        op: &str,
        value: &Value,
        ctx_active: bool,
    ) -> Result<Cond, Fault> {
        let fname = field.name.as_str();
        if fname == "id" && matches!(op, "=" | "in" | "any" | "child_of" | "parent_of") {
            return self.id_condition(model, leaf, op, value, ctx_active);
        }
        if fname == "display_name"
            || (!field.store && !field.ftype.is_relational() && fname != "id")
        {
            if fname != "display_name" {
                if op == "any" {
                    return Err(leaf.error("Cannot use 'any' with non-relational fields"));
                }
                return Ok(Cond::Const(true));
            }
            return self.display_name_condition(model, leaf, op, value, ctx_active);
        }
        if field.ftype.is_relational() {
            return self.relational(model, field, leaf, op, value, ctx_active);
        }
        let ftype = field.ftype;
        match op {
            "=" | "in" => {
                let mut vals = Vec::new();
                let mut null = false;
                for v in as_list(value) {
                    match self.norm(model, field, &v, None)? {
                        Norm::Null => null = true,
                        n => vals.push(n),
                    }
                }
                Ok(Cond::Scalar {
                    field: fname.into(),
                    ftype,
                    test: Test::In { vals, null },
                })
            }
            "<" | "<=" | ">" | ">=" => {
                let mut cop = match op {
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let null_as = falsy_norm(ftype);
                let mut val = self.norm(model, field, value, Some(&mut cop))?;
                if val == Norm::Null {
                    match &null_as {
                        Some(f) => val = f.clone(),
                        None => return Ok(Cond::Const(false)),
                    }
                }
                Ok(Cond::Scalar {
                    field: fname.into(),
                    ftype,
                    test: Test::Cmp {
                        op: cop,
                        val,
                        null_as,
                    },
                })
            }
            "like" | "ilike" | "=like" | "=ilike" => {
                let text = value_text(value);
                if op == "=like" || op == "=ilike" {
                    if text.is_empty() {
                        return Ok(Cond::Scalar {
                            field: fname.into(),
                            ftype,
                            test: Test::In {
                                vals: vec![],
                                null: true,
                            },
                        });
                    }
                } else if text.is_empty() {
                    return Ok(Cond::Const(true));
                }
                let ci = op.contains("ilike");
                let raw = if op.starts_with('=') {
                    text
                } else {
                    format!("%{text}%")
                };
                let raw = if ci { raw.to_lowercase() } else { raw };
                Ok(Cond::Scalar {
                    field: fname.into(),
                    ftype,
                    test: Test::Like {
                        pat: compile_pattern(&raw),
                        ci,
                    },
                })
            }
            "any" => Err(leaf.error("Cannot use 'any' with non-relational fields")),
            "child_of" | "parent_of" => Ok(Cond::Const(false)),
            _ => Err(leaf.error("Invalid operator")),
        }
    }

    /// Normalises a domain value for a scalar field; `op` is adjusted for date-only strings
    /// compared to datetimes (domains.md §12).
    fn norm(
        &self,
        model: &Model,
        field: &Field,
        v: &Value,
        op: Option<&mut CmpOp>,
    ) -> Result<Norm, Fault> {
        let ftype = field.ftype;
        if matches!(v, Value::Null | Value::Bool(false)) {
            return Ok(Norm::Null);
        }
        Ok(match ftype {
            t if t.is_text() || t == FieldType::Selection => {
                let s = value_text(v);
                if s.is_empty() {
                    Norm::Null
                } else {
                    Norm::Str(s)
                }
            }
            FieldType::Integer | FieldType::Float | FieldType::Monetary | FieldType::Many2one => {
                let f = match v {
                    Value::Number(n) => n.as_f64().unwrap_or_default(),
                    Value::Bool(true) => 1.0,
                    Value::String(s) => match s.trim().parse::<f64>() {
                        Ok(f) if !(ftype == FieldType::Integer && f.fract() != 0.0) => f,
                        _ => {
                            let ty = if ftype == FieldType::Integer || ftype == FieldType::Many2one
                            {
                                "integer"
                            } else {
                                "numeric"
                            };
                            return Err(invalid_text(ty, s, &model.name, &field.name));
                        }
                    },
                    other => {
                        return Err(Fault::new(
                            FaultKind::ValueError,
                            format!(
                                "Invalid value {} for field {}.{}",
                                super::domain::py_repr(other),
                                model.name,
                                field.name
                            ),
                        ));
                    }
                };
                if f == 0.0 { Norm::Null } else { Norm::Num(f) }
            }
            FieldType::Boolean => {
                if is_falsy(v) || v.as_str() == Some("false") {
                    Norm::Null
                } else {
                    Norm::Bool(true)
                }
            }
            FieldType::Date => {
                let s = value_text(v);
                let parsed = dates::parse_date(&s)
                    .or_else(|| dates::parse_datetime(&s).map(|d| d.date()))
                    .map(Ok)
                    .or_else(|| {
                        self.odoo_date(&s).map(|r| {
                            r.map(|d| match d {
                                DomainDate::Date(d) => d,
                                DomainDate::DateTime(dt) => dt.date(),
                            })
                        })
                    });
                match parsed {
                    Some(Ok(d)) => Norm::Str(d.format("%Y-%m-%d").to_string()),
                    Some(Err(fault)) => return Err(fault),
                    None => return Err(invalid_text("date", &s, &model.name, &field.name)),
                }
            }
            FieldType::Datetime => {
                let s = value_text(v);
                // Odoo 19 reads relative expressions (`today`, `now -1d`, …) and raises its
                // own ValueError for text that is no date; before, PostgreSQL refused it.
                let (exact, day) = match (dates::parse_datetime(&s), dates::parse_date(&s)) {
                    (None, None) => match self.odoo_date(&s) {
                        Some(Ok(DomainDate::DateTime(dt))) => (Some(dt), None),
                        Some(Ok(DomainDate::Date(d))) => (None, Some(d)),
                        Some(Err(fault)) => return Err(fault),
                        None => (None, None),
                    },
                    parsed => parsed,
                };
                if let Some(dt) = exact {
                    Norm::Str(dates::fmt_datetime(dt))
                } else if let Some(d) = day {
                    let shift = match op {
                        Some(op) if matches!(*op, CmpOp::Gt | CmpOp::Le) => {
                            *op = if *op == CmpOp::Gt {
                                CmpOp::Ge
                            } else {
                                CmpOp::Lt
                            };
                            1
                        }
                        _ => 0,
                    };
                    let day = d + chrono::Duration::days(shift);
                    Norm::Str(dates::fmt_datetime(dates::local_midnight_utc(
                        &self.tz, day,
                    )))
                } else {
                    return Err(invalid_text(
                        "timestamp without time zone",
                        &s,
                        &model.name,
                        &field.name,
                    ));
                }
            }
            _ => Norm::Str(value_text(v)),
        })
    }

    fn id_condition(
        &self,
        model: &Model,
        leaf: &Leaf,
        op: &str,
        value: &Value,
        ctx_active: bool,
    ) -> Result<Cond, Fault> {
        match op {
            "=" | "in" => {
                let mut ids = HashSet::new();
                for v in as_list(value) {
                    match &v {
                        Value::Number(n) => {
                            if let Some(i) = n.as_i64() {
                                ids.insert(i);
                            }
                        }
                        Value::String(s) => match s.parse::<i64>() {
                            Ok(i) => {
                                ids.insert(i);
                            }
                            Err(_) => return Err(invalid_text("integer", s, &model.name, "id")),
                        },
                        _ => {}
                    }
                }
                Ok(Cond::Id(ids))
            }
            "any" => {
                let node = Node::parse(value)?;
                self.compile(model, &node, ctx_active)
            }
            "child_of" | "parent_of" => {
                let ids = self.hierarchy_ids(&model.name, op, value)?;
                Ok(Cond::Id(ids))
            }
            _ => Err(leaf.error("Invalid operator")),
        }
    }

    fn display_name_condition(
        &self,
        model: &Model,
        leaf: &Leaf,
        op: &str,
        value: &Value,
        ctx_active: bool,
    ) -> Result<Cond, Fault> {
        if op == "any" || op == "child_of" || op == "parent_of" {
            return Err(leaf.error("Invalid operator"));
        }
        let node = name_search_node(model, op, value);
        if model.name == "res.partner.category" && op.contains("like") {
            // A tag's name match also brings its sub-tags (child_of).
            let ids = self.search(model, &node, false)?;
            let all = self.hierarchy_ids(&model.name, "child_of", &Value::from(ids))?;
            return Ok(Cond::Id(all));
        }
        self.compile(model, &node, ctx_active)
    }

    fn relational(
        &self,
        model: &Model,
        field: &Field,
        leaf: &Leaf,
        op: &str,
        value: &Value,
        ctx_active: bool,
    ) -> Result<Cond, Fault> {
        let comodel = field.relation.clone().unwrap_or_default();
        let x2m = field.ftype.is_x2many();
        // Every condition on an x2many field is a subquery on the comodel (`any`), whose
        // `_search` checks read access.
        if x2m && let Some(uid) = self.field_uid {
            super::access::check_comodel_read(self.db, self.reg, uid, &comodel)?;
        }
        let sub_active = if x2m { ctx_active } else { false };
        let make = |ids: HashSet<i64>, null: bool| {
            if x2m {
                Cond::X2m {
                    field: field.name.clone(),
                    ids,
                    empty: null,
                }
            } else {
                Cond::M2o {
                    field: field.name.clone(),
                    ids,
                    null,
                }
            }
        };
        match op {
            "=" | "in" => {
                let mut ids = HashSet::new();
                let mut names = Vec::new();
                let mut null = false;
                for v in as_list(value) {
                    match v {
                        Value::Number(n) => match n.as_i64() {
                            Some(0) | None => null = null || n.as_f64() == Some(0.0),
                            Some(i) => {
                                ids.insert(i);
                            }
                        },
                        Value::Bool(false) | Value::Null => null = true,
                        Value::String(s) => names.push(Value::String(s)),
                        other => {
                            return Err(Fault::new(
                                FaultKind::TypeError,
                                format!(
                                    "Invalid argument to get ids from {comodel}: {}",
                                    super::domain::py_repr(&other)
                                ),
                            ));
                        }
                    }
                }
                if !names.is_empty()
                    && let Some(cm) = self.reg.model(&comodel)
                {
                    let node = name_search_node(cm, "in", &Value::Array(names));
                    ids.extend(self.sub_search(&comodel, &node, sub_active)?);
                }
                Ok(make(ids, null))
            }
            "like" | "ilike" | "=like" | "=ilike" => {
                let text = value_text(value);
                if text.is_empty() && (op == "like" || op == "ilike") {
                    return Ok(Cond::Not(Box::new(make(HashSet::new(), true))));
                }
                let node = Node::leaf("display_name", op, Value::String(text));
                Ok(make(self.sub_search(&comodel, &node, sub_active)?, false))
            }
            "any" => {
                let node = match value {
                    Value::Array(_) => Node::parse(value)?,
                    other => {
                        return Err(Fault::new(
                            FaultKind::ValueError,
                            format!(
                                "Invalid domain value {} in condition {}",
                                super::domain::py_repr(other),
                                leaf.repr()
                            ),
                        ));
                    }
                };
                Ok(make(self.sub_search(&comodel, &node, sub_active)?, false))
            }
            "child_of" | "parent_of" => {
                let ids = self.hierarchy_ids(&comodel, op, value)?;
                let own_parent = comodel == model.name
                    && model.parent_name.as_deref() == Some(field.name.as_str());
                if own_parent && op == "child_of" {
                    return Ok(Cond::Id(ids));
                }
                Ok(make(ids, false))
            }
            "<" | "<=" | ">" | ">=" => {
                if value.is_string() {
                    return Err(Fault::new(
                        FaultKind::TypeError,
                        format!("'{op}' not supported between instances of 'int' and 'str'"),
                    ));
                }
                if x2m {
                    return Ok(Cond::Const(false));
                }
                let mut f = field.clone();
                f.ftype = FieldType::Integer;
                f.relation = None;
                self.positive(model, &f, leaf, op, value, ctx_active)
            }
            _ => Err(leaf.error("Invalid operator")),
        }
    }

    /// The ids a `child_of`/`parent_of` value designates in `comodel`, with their
    /// descendants/ancestors (inactive records included).
    fn hierarchy_ids(&self, comodel: &str, op: &str, value: &Value) -> Result<HashSet<i64>, Fault> {
        let Some(cm) = self.reg.model(comodel) else {
            return Ok(HashSet::new());
        };
        let mut start: HashSet<i64> = HashSet::new();
        let mut names = Vec::new();
        for v in as_list(value) {
            match v {
                Value::Number(n) => {
                    if let Some(i) = n.as_i64() {
                        start.insert(i);
                    }
                }
                Value::String(s) => names.push(s),
                _ => {}
            }
        }
        for name in names {
            let node = Node::leaf("display_name", "ilike", Value::String(name));
            start.extend(self.sub_search(comodel, &node, false)?);
        }
        let Some(parent) = cm.parent_name.clone() else {
            return Ok(start);
        };
        let parent_of = |id: i64| records::m2o_id(self.db, self.reg, cm, id, &parent);
        let mut result = start.clone();
        if op == "child_of" {
            let all = records::all_ids(self.db, comodel);
            loop {
                let before = result.len();
                for id in &all {
                    if let Some(p) = parent_of(*id)
                        && result.contains(&p)
                    {
                        result.insert(*id);
                    }
                }
                if result.len() == before {
                    break;
                }
            }
        } else {
            for id in start {
                let mut cur = parent_of(id);
                let mut guard = 0;
                while let Some(p) = cur {
                    if !result.insert(p) || guard > 100 {
                        break;
                    }
                    guard += 1;
                    cur = parent_of(p);
                }
            }
        }
        Ok(result)
    }

    fn eval(&self, model: &Model, id: i64, cond: &Cond) -> bool {
        match cond {
            Cond::Const(b) => *b,
            Cond::And(c) => c.iter().all(|c| self.eval(model, id, c)),
            Cond::Or(c) => c.iter().any(|c| self.eval(model, id, c)),
            Cond::Not(c) => !self.eval(model, id, c),
            Cond::Id(ids) => ids.contains(&id),
            Cond::M2o { field, ids, null } => {
                match records::m2o_id(self.db, self.reg, model, id, field) {
                    Some(v) => ids.contains(&v),
                    None => *null,
                }
            }
            Cond::X2m { field, ids, empty } => {
                let rel = records::related_ids(self.db, self.reg, model, id, field);
                if rel.is_empty() {
                    *empty
                } else {
                    rel.iter().any(|r| ids.contains(r))
                }
            }
            Cond::Scalar { field, ftype, test } => {
                let raw = records::stored(self.db, self.reg, model, id, field);
                let v = record_norm(*ftype, &raw);
                match test {
                    Test::In { vals, null } => {
                        if v == Norm::Null {
                            *null
                        } else {
                            vals.iter().any(|x| {
                                cmp_norm(&v, x) == Some(std::cmp::Ordering::Equal) || *x == v
                            })
                        }
                    }
                    Test::Cmp { op, val, null_as } => {
                        let v = match (v, null_as) {
                            (Norm::Null, Some(f)) => f.clone(),
                            (Norm::Null, None) => return false,
                            (v, _) => v,
                        };
                        match cmp_norm(&v, val) {
                            Some(o) => match op {
                                CmpOp::Lt => o.is_lt(),
                                CmpOp::Le => o.is_le(),
                                CmpOp::Gt => o.is_gt(),
                                CmpOp::Ge => o.is_ge(),
                            },
                            None => false,
                        }
                    }
                    Test::Like { pat, ci } => {
                        if raw.is_null() {
                            return false;
                        }
                        let text = match &raw {
                            Value::Bool(b) => b.to_string(),
                            other => value_text(other),
                        };
                        let text = if *ci { text.to_lowercase() } else { text };
                        let chars: Vec<char> = text.chars().collect();
                        pattern_match(pat, &chars)
                    }
                }
            }
        }
    }
}

/// The domain a name search with `op`/`value` stands for on `model` (`_rec_names_search`).
pub(crate) fn name_search_node(model: &Model, op: &str, value: &Value) -> Node {
    if model.rec_names_search.is_empty() {
        return Node::Bool(false);
    }
    Node::or(
        model
            .rec_names_search
            .iter()
            .map(|f| Node::leaf(f, op, value.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule6_patterns_wildcards_and_escape() {
        let m =
            |p: &str, t: &str| pattern_match(&compile_pattern(p), &t.chars().collect::<Vec<_>>());
        assert!(!m("%ac_e%", "Acme"));
        assert!(m("%cm_%", "Acme"));
        assert!(m("a\\%b", "a%b"));
        assert!(!m("a\\%b", "axb"));
        assert!(m("%", ""));
        assert!(m("ab%", "abc"));
        assert!(!m("ab", "abc"));
    }
}
