//! Probes of the engine on the generated demo data (`dataset::generate(1)`): for each rule of
//! domains.md (`ruleN_…`) and of the protocol README (`readme_…`), the expected answer is
//! computed independently from the stored rows in plain Rust and compared with what
//! `Engine::call` returns (ids, and order where the rule is about order).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::{Args, Engine, Env};
use crate::fault::{Fault, FaultKind};
use crate::store::Row;

const ADMIN: i64 = 2;
const DEMO: i64 = 5;
const READER: i64 = 7;

/// A read-only engine over the scale-1 dataset, shared by the probes.
fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(19, crate::dataset::generate(1)))
}

/// A private engine for probes that write.
fn fresh_engine() -> Engine {
    Engine::new(19, crate::dataset::generate(1))
}

fn call_on(
    e: &Engine,
    uid: i64,
    model: &str,
    method: &str,
    body: Value,
    ctx: Value,
) -> Result<Value, Fault> {
    let mut named: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    let ids = named.remove("ids").map(|v| {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    });
    let env = Env {
        uid,
        context: ctx.as_object().cloned().unwrap_or_default(),
    };
    e.call(&env, model, method, Args { ids, named })
}

fn call(uid: i64, model: &str, method: &str, body: Value) -> Result<Value, Fault> {
    call_on(engine(), uid, model, method, body, json!({}))
}

fn id_list(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_i64().unwrap_or_else(|| panic!("not an id: {x}")))
        .collect()
}

/// Ids matching `domain` for `uid` with `ctx`, ordered by id.
fn search_as(uid: i64, model: &str, domain: Value, ctx: Value) -> Vec<i64> {
    let r = call_on(
        engine(),
        uid,
        model,
        "search",
        json!({"domain": domain, "order": "id"}),
        ctx,
    )
    .unwrap_or_else(|f| panic!("{model} search {domain:?} failed: {f:?}"));
    id_list(&r)
}

fn search(model: &str, domain: Value) -> Vec<i64> {
    search_as(ADMIN, model, domain, json!({}))
}

fn search_ctx(model: &str, domain: Value, ctx: Value) -> Vec<i64> {
    search_as(ADMIN, model, domain, ctx)
}

/// Ids of `model` in the engine's own order (`order` or the default), with paging.
fn search_paged(model: &str, mut body: Value) -> Vec<i64> {
    if let Some(m) = body.as_object_mut() {
        m.entry("domain").or_insert(json!([]));
    }
    id_list(&call(ADMIN, model, "search", body).unwrap_or_else(|f| panic!("{f:?}")))
}

fn fault(uid: i64, model: &str, method: &str, body: Value) -> Fault {
    call(uid, model, method, body).expect_err("expected a fault")
}

/// All stored rows of `model`, by id.
fn all_rows(model: &str) -> Vec<(i64, Row)> {
    let db = engine()
        .db
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    db.table(model)
        .map(|t| t.rows.iter().map(|(i, r)| (*i, r.clone())).collect())
        .unwrap_or_default()
}

fn row(model: &str, id: i64) -> Row {
    all_rows(model)
        .into_iter()
        .find(|(i, _)| *i == id)
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("{model} {id} missing"))
}

fn is_active(r: &Row) -> bool {
    r.get("active").and_then(Value::as_bool) != Some(false)
}

/// Ids of the rows the admin sees by default (active ones) satisfying `pred`, by id.
fn expect(model: &str, pred: impl Fn(&Row) -> bool) -> Vec<i64> {
    all_rows(model)
        .into_iter()
        .filter(|(_, r)| is_active(r) && pred(r))
        .map(|(i, _)| i)
        .collect()
}

/// Ids of all rows (inactive included) satisfying `pred`.
fn expect_all(model: &str, pred: impl Fn(&Row) -> bool) -> Vec<i64> {
    all_rows(model)
        .into_iter()
        .filter(|(_, r)| pred(r))
        .map(|(i, _)| i)
        .collect()
}

/// The text of a char field; `None` for NULL (and for `''`, which Odoo treats alike).
fn text<'a>(r: &'a Row, f: &str) -> Option<&'a str> {
    r.get(f).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn m2o(r: &Row, f: &str) -> Option<i64> {
    r.get(f).and_then(Value::as_i64).filter(|i| *i != 0)
}

fn m2m(r: &Row, f: &str) -> Vec<i64> {
    r.get(f)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn num(r: &Row, f: &str) -> Option<f64> {
    r.get(f).and_then(Value::as_f64)
}

fn union(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut s: BTreeSet<i64> = a.iter().copied().collect();
    s.extend(b.iter().copied());
    s.into_iter().collect()
}

/// Asserts that `pos` and `neg` partition `all`.
fn assert_partition(what: &str, pos: &[i64], neg: &[i64], all: &[i64]) {
    assert!(!pos.is_empty() && !neg.is_empty(), "{what}: trivial probe");
    let p: BTreeSet<_> = pos.iter().collect();
    assert!(neg.iter().all(|i| !p.contains(i)), "{what}: overlap");
    assert_eq!(union(pos, neg), all, "{what}: not a complement");
}

// ---- domains.md §1 ----

#[test]
fn rule1_negative_operators_are_exact_complements_with_nulls() {
    let all = search("res.partner", json!([]));
    assert_eq!(all, expect("res.partner", |_| true));
    let us = 233;
    let cases = [
        (
            json!(["country_id", "=", us]),
            json!(["country_id", "!=", us]),
        ),
        (
            json!(["email", "ilike", "example"]),
            json!(["email", "not ilike", "example"]),
        ),
        (
            json!(["city", "in", ["Tracy", "Fremont"]]),
            json!(["city", "not in", ["Tracy", "Fremont"]]),
        ),
        (
            json!(["name", "like", "a"]),
            json!(["name", "not like", "a"]),
        ),
        (
            json!(["email", "=like", "%.com"]),
            json!(["email", "not =like", "%.com"]),
        ),
        (
            json!(["phone", "=ilike", "+1%"]),
            json!(["phone", "not =ilike", "+1%"]),
        ),
        (
            json!(["category_id", "any", [["name", "ilike", "a"]]]),
            json!(["category_id", "not any", [["name", "ilike", "a"]]]),
        ),
        (json!(["parent_id", "=", 9]), json!(["parent_id", "<>", 9])),
    ];
    for (p, n) in cases {
        let pos = search("res.partner", json!([p]));
        let neg = search("res.partner", json!([n]));
        assert_partition(&format!("{p} / {n}"), &pos, &neg, &all);
    }
    // Independently: NULL countries and NULL emails are on the negative side.
    assert_eq!(
        search("res.partner", json!([["country_id", "!=", us]])),
        expect("res.partner", |r| m2o(r, "country_id") != Some(us))
    );
    assert_eq!(
        search("res.partner", json!([["email", "not ilike", "example"]])),
        expect("res.partner", |r| !text(r, "email")
            .is_some_and(|e| e.to_lowercase().contains("example")))
    );
}

// ---- §2 ----

#[test]
fn rule2_not_is_a_complement_including_nulls() {
    let d = "2026-06-01 00:00:00";
    let got = search("crm.lead", json!(["!", ["date_closed", "<", d]]));
    let want = expect("crm.lead", |r| {
        text(r, "date_closed").is_none_or(|v| v >= d)
    });
    assert_eq!(got, want);
    assert!(
        want.iter()
            .any(|i| text(&row("crm.lead", *i), "date_closed").is_none()),
        "the probe needs leads without a closing date"
    );
    let all = search("crm.lead", json!([]));
    let pos = search("crm.lead", json!([["date_closed", "<", d]]));
    assert_partition("! date_closed", &pos, &got, &all);
    let d = "2026-06-01";
    let got = search("account.move", json!(["!", ["invoice_date", "<", d]]));
    let want = expect("account.move", |r| {
        text(r, "invoice_date").is_none_or(|v| v >= d)
    });
    assert_eq!(got, want);
    let all = search("account.move", json!([]));
    let pos = search("account.move", json!([["invoice_date", "<", d]]));
    assert_partition("! invoice_date", &pos, &got, &all);
    // `!` over an `|` and over a path.
    let all_p = search("res.partner", json!([]));
    let pos = search(
        "res.partner",
        json!([
            "|",
            ["email", "ilike", "example"],
            ["country_id.code", "=", "US"]
        ]),
    );
    let neg = search(
        "res.partner",
        json!([
            "!",
            "|",
            ["email", "ilike", "example"],
            ["country_id.code", "=", "US"]
        ]),
    );
    assert_partition("! |", &pos, &neg, &all_p);
}

// ---- §3 ----

#[test]
fn rule3_falsy_values_are_null() {
    let empty_email = expect("res.partner", |r| text(r, "email").is_none());
    assert!(!empty_email.is_empty());
    assert_eq!(
        search("res.partner", json!([["email", "=", ""]])),
        empty_email
    );
    assert_eq!(
        search("res.partner", json!([["email", "=", false]])),
        empty_email
    );
    assert_eq!(
        search("res.partner", json!([["email", "!=", false]])),
        expect("res.partner", |r| text(r, "email").is_some())
    );
    let zero_rank = expect("res.partner", |r| {
        num(r, "customer_rank").unwrap_or(0.0) == 0.0
    });
    assert_eq!(
        search("res.partner", json!([["customer_rank", "=", false]])),
        zero_rank
    );
    assert_eq!(
        search("res.partner", json!([["customer_rank", "=", 0]])),
        zero_rank
    );
    assert_eq!(
        search("sale.order", json!([["amount_total", "=", 0]])),
        expect("sale.order", |r| num(r, "amount_total").unwrap_or(0.0)
            == 0.0)
    );
    // Inequalities: NULL text is '' (below 'm'), NULL numbers are 0.
    assert_eq!(
        search("res.partner", json!([["email", "<", "m"]])),
        expect("res.partner", |r| text(r, "email").unwrap_or("") < "m")
    );
    assert_eq!(
        search("res.partner", json!([["customer_rank", "<", 1]])),
        zero_rank
    );
    // Dates have no falsy value.
    assert_eq!(
        search("account.move", json!([["invoice_date", "<", false]])),
        Vec::<i64>::new()
    );
    assert_eq!(
        search("account.move", json!([["invoice_date", "<", "2100-01-01"]])),
        expect("account.move", |r| text(r, "invoice_date").is_some())
    );
}

// ---- §4 ----

#[test]
fn rule4_in_lists_scalars_and_constant_leaves() {
    let all = search("res.partner", json!([]));
    let some_city = all_rows("res.partner")
        .iter()
        .find_map(|(_, r)| text(r, "city").map(str::to_owned))
        .expect("a city");
    let with_null = search("res.partner", json!([["city", "in", [some_city, false]]]));
    assert_eq!(
        with_null,
        expect("res.partner", |r| text(r, "city")
            .is_none_or(|c| c == some_city))
    );
    let not_in = search(
        "res.partner",
        json!([["city", "not in", [some_city, false]]]),
    );
    assert_eq!(
        not_in,
        expect("res.partner", |r| text(r, "city")
            .is_some_and(|c| c != some_city))
    );
    assert_partition("in/not in with False", &with_null, &not_in, &all);
    assert!(search("res.partner", json!([["id", "in", []]])).is_empty());
    assert!(search("res.partner", json!([["city", "in", []]])).is_empty());
    assert_eq!(search("res.partner", json!([["city", "not in", []]])), all);
    assert_eq!(
        search("res.partner", json!([["city", "=", [some_city]]])),
        search("res.partner", json!([["city", "in", some_city]]))
    );
    assert_eq!(search("res.partner", json!([["city", "=?", false]])), all);
    assert_eq!(search("res.partner", json!([["city", "=?", ""]])), all);
    assert_eq!(
        search("res.partner", json!([["city", "=?", some_city]])),
        expect("res.partner", |r| text(r, "city")
            == Some(some_city.as_str()))
    );
    assert_eq!(search("res.partner", json!([[1, "=", 1]])), all);
    assert!(search("res.partner", json!([[0, "=", 1]])).is_empty());
}

// ---- §5 ----

#[test]
fn rule5_booleans_false_is_null_and_active_in_both_is_true() {
    let not_company = expect("res.partner", |r| {
        r.get("is_company").and_then(Value::as_bool) != Some(true)
    });
    assert_eq!(
        search("res.partner", json!([["is_company", "=", false]])),
        not_company
    );
    assert_eq!(
        search("res.partner", json!([["is_company", "!=", true]])),
        not_company
    );
    let everything = expect_all("res.partner", |_| true);
    assert!(everything.len() > search("res.partner", json!([])).len());
    assert_eq!(
        search("res.partner", json!([["active", "in", [true, false]]])),
        everything
    );
    assert_eq!(
        search("res.partner", json!([["active", "=", false]])),
        expect_all("res.partner", |r| !is_active(r))
    );
}

// ---- §6 ----

#[test]
fn rule6_like_wildcards_escape_and_case() {
    // `_` and `%` inside the value stay wildcards.
    let like = |pat: &str, ci: bool| {
        let pat = pat.to_owned();
        expect("res.partner", move |r| {
            text(r, "name").is_some_and(|n| {
                let (n, p) = if ci {
                    (n.to_lowercase(), pat.to_lowercase())
                } else {
                    (n.to_owned(), pat.clone())
                };
                sql_like(&format!("%{p}%"), &n)
            })
        })
    };
    for pat in ["a_e", "o%n", "Ac", "ac", "Gemini", "r_"] {
        assert_eq!(
            search("res.partner", json!([["name", "like", pat]])),
            like(pat, false),
            "like {pat}"
        );
        assert_eq!(
            search("res.partner", json!([["name", "ilike", pat]])),
            like(pat, true),
            "ilike {pat}"
        );
    }
    assert_ne!(like("ac", false), like("ac", true));
    // `\` escapes: `\_` matches a literal underscore only.
    assert_eq!(
        search("res.partner", json!([["email", "like", "\\_"]])),
        expect("res.partner", |r| text(r, "email")
            .is_some_and(|e| e.contains('_')))
    );
    assert_eq!(
        search("res.partner", json!([["email", "like", "@%.com"]])),
        expect("res.partner", |r| text(r, "email")
            .is_some_and(|e| sql_like("%@%.com%", e)))
    );
    // =like uses the value as the whole pattern.
    assert_eq!(
        search("res.partner", json!([["name", "=like", "A%"]])),
        expect("res.partner", |r| text(r, "name")
            .is_some_and(|n| n.starts_with('A')))
    );
    assert_eq!(
        search("res.partner", json!([["name", "=ilike", "a%"]])),
        expect("res.partner", |r| text(r, "name")
            .is_some_and(|n| n.to_lowercase().starts_with('a')))
    );
}

/// SQL LIKE with `%`, `_` and `\` escapes (case-sensitive).
fn sql_like(pat: &str, s: &str) -> bool {
    fn go(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('%') => (0..=s.len()).any(|k| go(&p[1..], &s[k..])),
            Some('_') => !s.is_empty() && go(&p[1..], &s[1..]),
            Some('\\') if p.len() > 1 => s.first() == Some(&p[1]) && go(&p[2..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    let p: Vec<char> = pat.chars().collect();
    let s: Vec<char> = s.chars().collect();
    go(&p, &s)
}

#[test]
fn rule6_non_ascii_casefold_casts_and_empty_patterns() {
    let reunion = expect("res.country", |r| text(r, "name") == Some("Réunion"));
    assert_eq!(reunion.len(), 1);
    assert_eq!(
        search("res.country", json!([["name", "ilike", "RÉUNION"]])),
        reunion
    );
    assert!(search("res.country", json!([["name", "ilike", "reunion"]])).is_empty());
    assert!(search("res.country", json!([["name", "like", "RÉUNION"]])).is_empty());
    // Non-text fields are cast to text.
    assert_eq!(
        search("sale.order", json!([["state", "like", "sal"]])),
        expect("sale.order", |r| text(r, "state") == Some("sale"))
    );
    assert_eq!(
        search("res.country", json!([["phone_code", "like", "7"]])),
        expect("res.country", |r| num(r, "phone_code")
            .is_some_and(|p| format!("{p:.0}").contains('7')))
    );
    // Empty patterns.
    let all = search("res.partner", json!([]));
    assert_eq!(search("res.partner", json!([["email", "like", ""]])), all);
    assert!(search("res.partner", json!([["email", "not like", ""]])).is_empty());
    assert_eq!(
        search("res.partner", json!([["email", "=like", ""]])),
        search("res.partner", json!([["email", "=", false]]))
    );
    assert_eq!(
        search("res.partner", json!([["parent_id", "ilike", ""]])),
        expect("res.partner", |r| m2o(r, "parent_id").is_some())
    );
}

// ---- §7 ----

#[test]
fn rule7_relational_vs_string_is_a_name_search() {
    // An order is found by its customer's email.
    let (pid, email) = all_rows("sale.order")
        .iter()
        .filter_map(|(_, r)| m2o(r, "partner_id"))
        .find_map(|p| text(&row("res.partner", p), "email").map(|e| (p, e.to_owned())))
        .expect("an order whose customer has an email");
    let matching_partners = expect_all("res.partner", |r| {
        ["complete_name", "email", "ref", "vat", "company_registry"]
            .iter()
            .any(|f| text(r, f).is_some_and(|v| v.to_lowercase().contains(&email.to_lowercase())))
    });
    assert!(matching_partners.contains(&pid));
    assert_eq!(
        search("sale.order", json!([["partner_id", "ilike", email]])),
        expect("sale.order", |r| m2o(r, "partner_id")
            .is_some_and(|p| matching_partners.contains(&p)))
    );
    // `in` with strings: exact code or name.
    let be = expect("res.country", |r| text(r, "code") == Some("BE"))[0];
    assert_eq!(
        search(
            "res.partner",
            json!([["country_id", "in", ["US", "Belgium"]]])
        ),
        expect(
            "res.partner",
            |r| matches!(m2o(r, "country_id"), Some(c) if c == 233 || c == be)
        )
    );
    assert!(search("res.partner", json!([["country_id", "=", "united states"]])).is_empty());
    // `!=` with a string is `not any`: empty fields included.
    assert_eq!(
        search(
            "res.partner",
            json!([["country_id", "!=", "United States"]])
        ),
        expect("res.partner", |r| m2o(r, "country_id") != Some(233))
    );
    assert_eq!(
        search(
            "res.partner",
            json!([["country_id", "not ilike", "united"]])
        ),
        expect("res.partner", |r| m2o(r, "country_id").is_none_or(|c| {
            let cr = row("res.country", c);
            !text(&cr, "name").is_some_and(|n| n.to_lowercase().contains("united"))
                && !text(&cr, "code").is_some_and(|n| n.to_lowercase().contains("united"))
        }))
    );
    let e = fault(
        ADMIN,
        "res.partner",
        "search",
        json!({"domain": [["country_id", "<", "B"]]}),
    );
    assert_eq!(e.kind, FaultKind::TypeError);
}

#[test]
fn rule7_rule11_tag_name_match_and_child_of_include_sub_tags() {
    let tags = all_rows("res.partner.category");
    let (parent, pname) = tags
        .iter()
        .find(|(id, _)| tags.iter().any(|(_, r)| m2o(r, "parent_id") == Some(*id)))
        .map(|(id, r)| (*id, text(r, "name").unwrap_or_default().to_owned()))
        .expect("a tag with sub-tags");
    let subtree = descendants(&tags, &[parent]);
    assert!(subtree.len() > 1);
    // Name matches of the parent's name, with their sub-tags.
    let named: Vec<i64> = tags
        .iter()
        .filter(|(_, r)| {
            text(r, "name").is_some_and(|n| n.to_lowercase().contains(&pname.to_lowercase()))
        })
        .map(|(i, _)| *i)
        .collect();
    let named_tree = descendants(&tags, &named);
    let has_tag_in = |set: &BTreeSet<i64>| {
        let set = set.clone();
        move |r: &Row| m2m(r, "category_id").iter().any(|t| set.contains(t))
    };
    assert_eq!(
        search("res.partner", json!([["category_id", "ilike", pname]])),
        expect("res.partner", has_tag_in(&named_tree))
    );
    assert_eq!(
        search("res.partner", json!([["category_id", "child_of", parent]])),
        expect("res.partner", has_tag_in(&subtree))
    );
    let got: BTreeSet<i64> = search_ctx(
        "res.partner.category",
        json!([["id", "child_of", parent]]),
        json!({"active_test": false}),
    )
    .into_iter()
    .collect();
    assert_eq!(got, subtree);
}

fn descendants(rows: &[(i64, Row)], start: &[i64]) -> BTreeSet<i64> {
    let mut set: BTreeSet<i64> = start.iter().copied().collect();
    loop {
        let before = set.len();
        for (id, r) in rows {
            if m2o(r, "parent_id").is_some_and(|p| set.contains(&p)) {
                set.insert(*id);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

// ---- §8 ----

#[test]
fn rule8_paths_are_any_before_the_operator() {
    let lines = all_rows("sale.order.line");
    let product = lines
        .iter()
        .filter_map(|(_, r)| m2o(r, "product_id"))
        .next()
        .expect("a product");
    let lines_of = |o: i64| -> Vec<Row> {
        lines
            .iter()
            .filter(|(_, r)| m2o(r, "order_id") == Some(o))
            .map(|(_, r)| r.clone())
            .collect()
    };
    let orders = all_rows("sale.order");
    let some_other: Vec<i64> = orders
        .iter()
        .filter(|(o, _)| {
            lines_of(*o)
                .iter()
                .any(|l| m2o(l, "product_id") != Some(product))
        })
        .map(|(o, _)| *o)
        .collect();
    assert_eq!(
        search(
            "sale.order",
            json!([["order_line.product_id", "!=", product]])
        ),
        some_other
    );
    let without: Vec<i64> = orders
        .iter()
        .filter(|(o, _)| {
            lines_of(*o)
                .iter()
                .all(|l| m2o(l, "product_id") != Some(product))
        })
        .map(|(o, _)| *o)
        .collect();
    assert_eq!(
        search(
            "sale.order",
            json!([["order_line", "not any", [["product_id", "=", product]]]])
        ),
        without
    );
    assert_ne!(some_other, without);
    // A path excludes records where the relation is empty.
    let code_not_us = search("res.partner", json!([["country_id.code", "!=", "US"]]));
    assert_eq!(
        code_not_us,
        expect("res.partner", |r| m2o(r, "country_id")
            .is_some_and(|c| c != 233))
    );
    assert!(code_not_us.len() < search("res.partner", json!([["country_id", "!=", 233]])).len());
}

// ---- §9 ----

#[test]
fn rule9_active_filter_and_its_exceptions() {
    let everything = expect_all("res.partner", |_| true);
    // A nested condition on `active` disables the implicit filter.
    assert_eq!(
        search(
            "res.partner",
            json!(["|", ["active", "=", false], ["id", "=", 0]])
        ),
        expect_all("res.partner", |r| !is_active(r))
    );
    assert_eq!(
        search("res.partner", json!(["!", ["active", "=", true]])),
        expect_all("res.partner", |r| !is_active(r))
    );
    assert_eq!(
        search_ctx("res.partner", json!([]), json!({"active_test": false})),
        everything
    );
    // many2one sub-searches ignore active: users of an archived partner.
    let archived_partners: BTreeSet<i64> = expect_all("res.partner", |r| !is_active(r))
        .into_iter()
        .collect();
    assert_eq!(
        search_ctx(
            "res.users",
            json!([["partner_id.active", "=", false]]),
            json!({"active_test": false})
        ),
        expect_all("res.users", |r| m2o(r, "partner_id")
            .is_some_and(|p| archived_partners.contains(&p)))
    );
    let public = expect_all("res.users", |r| text(r, "login") == Some("public"));
    let public_name = text(
        &row(
            "res.partner",
            m2o(&row("res.users", public[0]), "partner_id").unwrap_or(0),
        ),
        "name",
    )
    .unwrap_or_default()
    .to_owned();
    assert_eq!(
        search_ctx(
            "res.users",
            json!([["partner_id.name", "=", public_name]]),
            json!({"active_test": false})
        ),
        public
    );
}

#[test]
fn rule9_x2many_sub_searches_follow_the_context() {
    // A lost (archived) opportunity given a customer and a unique name.
    let e = fresh_engine();
    let lost = expect_all("crm.lead", |r| {
        !is_active(r) && text(r, "type") == Some("opportunity")
    });
    let partner = search("res.partner", json!([["is_company", "=", true]]))[0];
    let body =
        json!({"ids": [lost[0]], "vals": {"partner_id": partner, "name": "Probe lost deal"}});
    call_on(
        &e,
        ADMIN,
        "crm.lead",
        "write",
        body,
        json!({"active_test": false}),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    let dom = json!([["opportunity_ids", "any", [["name", "=", "Probe lost deal"]]]]);
    let found = |ctx: Value| {
        id_list(
            &call_on(
                &e,
                ADMIN,
                "res.partner",
                "search",
                json!({"domain": dom}),
                ctx,
            )
            .unwrap_or_else(|f| panic!("{f:?}")),
        )
    };
    assert!(found(json!({})).is_empty(), "invisible by default");
    assert_eq!(found(json!({"active_test": false})), vec![partner]);
    // Compared to ids, the x2many looks at all related records.
    let by_id = call_on(
        &e,
        ADMIN,
        "res.partner",
        "search",
        json!({"domain": [["opportunity_ids", "in", [lost[0]]]]}),
        json!({}),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(id_list(&by_id), vec![partner]);
    let leads = all_rows("crm.lead");
    // Compared to False, an x2many looks at all related records (inactive included).
    let has_opp: BTreeSet<i64> = leads
        .iter()
        .filter(|(_, r)| text(r, "type") == Some("opportunity"))
        .filter_map(|(_, r)| m2o(r, "partner_id"))
        .collect();
    assert_eq!(
        search("res.partner", json!([["opportunity_ids", "!=", false]])),
        expect("res.partner", |r| has_opp
            .contains(&r.get("id").and_then(Value::as_i64).unwrap_or(0)))
    );
}

// ---- §10 ----

#[test]
fn rule10_x2many_values_as_read_exclude_inactive_records() {
    let bot_partner = m2o(&row("res.users", 1), "partner_id").expect("OdooBot's partner");
    let read = call_on(
        engine(),
        ADMIN,
        "res.partner",
        "search_read",
        json!({"domain": [["id", "=", bot_partner]], "fields": ["user_ids"]}),
        json!({"active_test": false}),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(read[0]["user_ids"], json!([]));
    assert_eq!(
        search_ctx(
            "res.partner",
            json!([["user_ids", "!=", false], ["id", "=", bot_partner]]),
            json!({"active_test": false})
        ),
        vec![bot_partner]
    );
}

// ---- §11 ----

#[test]
fn rule11_partner_hierarchy() {
    let partners = all_rows("res.partner");
    let parent = partners
        .iter()
        .find(|(id, _)| {
            partners
                .iter()
                .filter(|(_, r)| m2o(r, "parent_id") == Some(*id))
                .count()
                >= 2
        })
        .map(|(i, _)| *i)
        .expect("a company with contacts");
    let tree = descendants(&partners, &[parent]);
    let active_tree = expect("res.partner", |r| {
        tree.contains(&r.get("id").and_then(Value::as_i64).unwrap_or(0))
    });
    assert_eq!(
        search("res.partner", json!([["id", "child_of", parent]])),
        active_tree
    );
    assert_eq!(
        search("res.partner", json!([["parent_id", "child_of", parent]])),
        active_tree
    );
    let child = *tree.iter().next_back().expect("a child");
    let mut ancestors = vec![child];
    let mut cur = child;
    while let Some(p) = m2o(&row("res.partner", cur), "parent_id") {
        ancestors.push(p);
        cur = p;
    }
    let want = expect("res.partner", |r| {
        ancestors.contains(&r.get("id").and_then(Value::as_i64).unwrap_or(0))
    });
    assert_eq!(
        search("res.partner", json!([["id", "parent_of", child]])),
        want
    );
    // A string value is name-matched.
    let name = text(&row("res.partner", parent), "name")
        .unwrap_or_default()
        .to_owned();
    let by_name = search("res.partner", json!([["id", "child_of", name]]));
    assert!(active_tree.iter().all(|i| by_name.contains(i)));
}

// ---- §12 ----

/// A winter (UTC+1 in Brussels) order date from the data.
fn winter_day() -> String {
    all_rows("sale.order")
        .iter()
        .filter_map(|(_, r)| text(r, "date_order").map(str::to_owned))
        .find(|d| matches!(&d[5..7], "12" | "01" | "02") && &d[8..10] > "02" && &d[8..10] < "27")
        .map(|d| d[..10].to_owned())
        .expect("a winter order")
}

fn shift_day(day: &str, n: i64) -> String {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a date");
    (d + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn rule12_datetime_and_date_only_strings() {
    let day = winter_day();
    // Midnight in Brussels (UTC+1 in winter) is 23:00 UTC the day before.
    let midnight = format!("{} 23:00:00", shift_day(&day, -1));
    let next_midnight = format!("{day} 23:00:00");
    let dt = |r: &Row| text(r, "date_order").map(|s| s[..19].to_owned());
    // (operator, UTC bound, whether the bound itself matches from above).
    let cases = [
        (">=", &midnight, true),
        (">", &next_midnight, true),
        ("<", &midnight, false),
        ("<=", &next_midnight, false),
    ];
    for (op, bound, above) in cases {
        let pred = |v: &str| (v >= bound.as_str()) == above;
        assert_eq!(
            search("sale.order", json!([["date_order", op, day]])),
            expect("sale.order", |r| dt(r).is_some_and(|v| pred(&v))),
            "date_order {op} {day}"
        );
    }
    // With tz UTC, midnight is midnight.
    assert_eq!(
        search_ctx(
            "sale.order",
            json!([["date_order", ">=", day]]),
            json!({"tz": "UTC"})
        ),
        expect("sale.order", |r| dt(r).is_some_and(
            |v| v.as_str() >= format!("{day} 00:00:00").as_str()
        ))
    );
    // Full datetimes are UTC; `=` matches the second, `>` is `>= v+1s`.
    let stamp = all_rows("sale.order")
        .iter()
        .find_map(|(_, r)| dt(r))
        .expect("an order date");
    assert_eq!(
        search("sale.order", json!([["date_order", "=", stamp]])),
        expect("sale.order", |r| dt(r).as_deref() == Some(stamp.as_str()))
    );
    assert_eq!(
        search("sale.order", json!([["date_order", ">", stamp]])),
        expect("sale.order", |r| dt(r).is_some_and(|v| v > stamp))
    );
    // Date fields compare as ISO dates.
    assert_eq!(
        search("account.move", json!([["invoice_date", ">", day]])),
        expect("account.move", |r| text(r, "invoice_date")
            .is_some_and(|v| v > day.as_str()))
    );
}

// ---- §13 ----

fn c_cmp(a: &str, b: &str) -> Ordering {
    a.as_bytes().cmp(b.as_bytes())
}

#[test]
fn rule13_default_orders() {
    // res.partner: complete_name, id desc (C collation).
    let mut want = expect("res.partner", |_| true);
    let name = |i: i64| {
        text(&row("res.partner", i), "complete_name")
            .unwrap_or_default()
            .to_owned()
    };
    let names: std::collections::HashMap<i64, String> =
        want.iter().map(|i| (*i, name(*i))).collect();
    want.sort_by(|a, b| c_cmp(&names[a], &names[b]).then(b.cmp(a)));
    assert_eq!(search_paged("res.partner", json!({})), want);
    // sale.order: date_order desc, id desc.
    let mut orders = all_rows("sale.order");
    orders.sort_by(|(a, ra), (b, rb)| {
        text(rb, "date_order")
            .cmp(&text(ra, "date_order"))
            .then(b.cmp(a))
    });
    let want: Vec<i64> = orders.iter().map(|(i, _)| *i).collect();
    assert_eq!(search_paged("sale.order", json!({})), want);
    // crm.lead: priority desc (NULLs first), id desc.
    let mut leads: Vec<(i64, Row)> = all_rows("crm.lead")
        .into_iter()
        .filter(|(_, r)| is_active(r))
        .collect();
    leads.sort_by(|(a, ra), (b, rb)| {
        let (pa, pb) = (text(ra, "priority"), text(rb, "priority"));
        let o = match (pa, pb) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => c_cmp(y, x),
        };
        o.then(b.cmp(a))
    });
    let want: Vec<i64> = leads.iter().map(|(i, _)| *i).collect();
    assert_eq!(search_paged("crm.lead", json!({})), want);
    // account.move: date desc, name desc, invoice_date desc, id desc.
    let mut moves = all_rows("account.move");
    let desc_nulls_first = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => c_cmp(y, x),
    };
    moves.sort_by(|(a, ra), (b, rb)| {
        desc_nulls_first(text(ra, "date"), text(rb, "date"))
            .then(desc_nulls_first(text(ra, "name"), text(rb, "name")))
            .then(desc_nulls_first(
                text(ra, "invoice_date"),
                text(rb, "invoice_date"),
            ))
            .then(b.cmp(a))
    });
    let want: Vec<i64> = moves.iter().map(|(i, _)| *i).collect();
    assert_eq!(search_paged("account.move", json!({})), want);
    // res.country: name, id.
    let mut countries = all_rows("res.country");
    countries.sort_by(|(a, ra), (b, rb)| {
        c_cmp(
            text(ra, "name").unwrap_or(""),
            text(rb, "name").unwrap_or(""),
        )
        .then(a.cmp(b))
    });
    let want: Vec<i64> = countries.iter().map(|(i, _)| *i).collect();
    assert_eq!(search_paged("res.country", json!({})), want);
}

#[test]
fn rule13_many2one_orders_by_comodel_order_and_desc_reverses_all() {
    let key = |o: i64| -> (String, i64) {
        let p = m2o(&row("sale.order", o), "partner_id").unwrap_or(0);
        (
            text(&row("res.partner", p), "complete_name")
                .unwrap_or_default()
                .to_owned(),
            p,
        )
    };
    let asc = search_paged("sale.order", json!({"order": "partner_id"}));
    let keys: Vec<(String, i64)> = asc.iter().map(|o| key(*o)).collect();
    let mut want = keys.clone();
    want.sort_by(|a, b| c_cmp(&a.0, &b.0).then(b.1.cmp(&a.1)));
    assert_eq!(keys, want, "partner_id → complete_name, id desc");
    let desc = search_paged("sale.order", json!({"order": "partner_id desc"}));
    let keys: Vec<(String, i64)> = desc.iter().map(|o| key(*o)).collect();
    let mut want = keys.clone();
    want.sort_by(|a, b| c_cmp(&b.0, &a.0).then(a.1.cmp(&b.1)));
    assert_eq!(keys, want, "partner_id desc → complete_name desc, id asc");
}

#[test]
fn rule13_nulls_booleans_and_c_collation() {
    let emails = |order: &str| -> Vec<Option<String>> {
        search_paged("res.partner", json!({"order": order}))
            .iter()
            .map(|i| {
                row("res.partner", *i)
                    .get("email")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect()
    };
    let asc = emails("email");
    let n = asc.iter().filter(|e| e.is_none()).count();
    assert!(n > 0);
    assert!(
        asc[asc.len() - n..].iter().all(Option::is_none),
        "NULLs last ascending"
    );
    let desc = emails("email desc");
    assert!(
        desc[..n].iter().all(Option::is_none),
        "NULLs first descending"
    );
    let first = emails("email asc nulls first");
    assert!(first[..n].iter().all(Option::is_none));
    let last = emails("email desc nulls last");
    assert!(last[last.len() - n..].iter().all(Option::is_none));
    let present: Vec<&String> = asc.iter().flatten().collect();
    assert!(
        present
            .windows(2)
            .all(|w| c_cmp(w[0], w[1]) != Ordering::Greater)
    );
    // Booleans sort as COALESCE(x, false): false/NULL first, then true.
    let comp: Vec<bool> = search_paged("res.partner", json!({"order": "is_company, id"}))
        .iter()
        .map(|i| {
            row("res.partner", *i)
                .get("is_company")
                .and_then(Value::as_bool)
                == Some(true)
        })
        .collect();
    let mut sorted = comp.clone();
    sorted.sort();
    assert_eq!(comp, sorted);
    // C collation: uppercase before lowercase.
    let names: Vec<String> = search_paged("res.partner", json!({"order": "name, id"}))
        .iter()
        .map(|i| {
            text(&row("res.partner", *i), "name")
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(
        names
            .windows(2)
            .all(|w| c_cmp(&w[0], &w[1]) != Ordering::Greater)
    );
}

// ---- §14 ----

#[test]
fn rule14_paging() {
    let all = search_paged("res.partner", json!({}));
    assert!(all.len() > 20);
    assert_eq!(
        search_paged("res.partner", json!({"offset": 5, "limit": 7})),
        all[5..12]
    );
    assert_eq!(
        search_paged("res.partner", json!({"offset": all.len() - 3, "limit": 10})),
        all[all.len() - 3..]
    );
    assert!(search_paged("res.partner", json!({"offset": all.len() + 5})).is_empty());
    assert_eq!(search_paged("res.partner", json!({"limit": 0})), all);
    let count =
        call(ADMIN, "res.partner", "search_count", json!({"domain": []})).unwrap_or_default();
    assert_eq!(count, json!(all.len()));
    let r = call(
        ADMIN,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["name"], "offset": 3, "limit": 2}),
    )
    .unwrap_or_default();
    let ids: Vec<i64> = r
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .filter_map(|x| x["id"].as_i64())
        .collect();
    assert_eq!(ids, all[3..5]);
}

// ---- README: semantics worth knowing ----

#[test]
fn readme_read_missing_and_write_missing() {
    let max = all_rows("res.partner")
        .iter()
        .map(|(i, _)| *i)
        .max()
        .unwrap_or(0);
    let r = call(
        ADMIN,
        "res.partner",
        "read",
        json!({"ids": [max + 100], "fields": ["name"]}),
    );
    assert_eq!(r.ok(), Some(json!([])));
    let e = fresh_engine();
    let f = call_on(
        &e,
        ADMIN,
        "res.partner",
        "write",
        json!({"ids": [max + 100], "vals": {"name": "x"}}),
        json!({}),
    )
    .expect_err("missing");
    assert_eq!(f.kind, FaultKind::MissingError);
}

#[test]
fn readme_read_value_shapes() {
    let with_parent = expect("res.partner", |r| {
        m2o(r, "parent_id").is_some() && text(r, "email").is_none()
    })[0];
    let r = call(ADMIN, "res.partner", "read", json!({"ids": [with_parent], "fields": ["parent_id", "email", "category_id", "country_id"]}))
        .unwrap_or_default();
    let p = m2o(&row("res.partner", with_parent), "parent_id").unwrap_or(0);
    let pname = text(&row("res.partner", p), "complete_name")
        .unwrap_or_default()
        .to_owned();
    assert_eq!(r[0]["parent_id"], json!([p, pname]));
    assert_eq!(r[0]["email"], json!(false));
    assert!(r[0]["category_id"].is_array());
    let no_country = expect("res.partner", |r| m2o(r, "country_id").is_none())[0];
    let r = call(
        ADMIN,
        "res.partner",
        "read",
        json!({"ids": [no_country], "fields": ["country_id"]}),
    )
    .unwrap_or_default();
    assert_eq!(r[0]["country_id"], json!(false));
}

#[test]
fn readme_restricted_user_without_fields_fails_on_a_field() {
    let f = fault(
        READER,
        "res.partner",
        "search_read",
        json!({"domain": [], "limit": 1}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    assert!(
        f.message.contains("rtc_session_ids") || f.message.contains("field"),
        "{}",
        f.message
    );
    let ok = call(
        READER,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["name"], "limit": 1}),
    );
    assert!(ok.is_ok());
}

#[test]
fn readme_domain_errors() {
    let f = fault(
        ADMIN,
        "res.partner",
        "search",
        json!({"domain": [["name", "is", "x"]]}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    let f = fault(
        ADMIN,
        "res.partner",
        "search",
        json!({"domain": ["|", ["name", "=", "x"]]}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    assert!(f.message.starts_with("Domain("), "{}", f.message);
    let f = fault(
        ADMIN,
        "res.partner",
        "search",
        json!({"domain": [["customer_rank", "=", "abc"]]}),
    );
    assert_eq!(f.kind, FaultKind::InvalidTextRepresentation);
    let f = fault(
        ADMIN,
        "res.partner",
        "search",
        json!({"domain": [["no_such_field", "=", 1]]}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
}

#[test]
fn readme_grouping_shapes() {
    let r = call(
        ADMIN,
        "sale.order",
        "formatted_read_group",
        json!({"domain": [], "groupby": ["date_order:month"], "aggregates": ["amount_total:sum", "__count"]}),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    let groups = r.as_array().expect("groups");
    let total: i64 = groups
        .iter()
        .map(|g| g["__count"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(total as usize, expect("sale.order", |_| true).len());
    let g = &groups[0];
    assert!(
        g["date_order:month"]
            .as_array()
            .is_some_and(|p| p.len() == 2),
        "{g}"
    );
    assert!(g.get("__extra_domain").is_some() && g.get("amount_total:sum").is_some());
    let r = call(
        ADMIN,
        "sale.order",
        "read_group",
        json!({"domain": [], "fields": ["amount_total:sum"], "groupby": ["date_order:month"]}),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    let g = &r[0];
    assert!(g["date_order:month"].is_string(), "{g}");
    assert!(g.get("date_order_count").is_some() && g.get("__domain").is_some());
}

#[test]
fn readme_access_checks_and_private_methods() {
    let some = search("res.partner", json!([]))[0];
    assert_eq!(
        call(
            READER,
            "res.partner",
            "has_access",
            json!({"ids": [some], "operation": "write"})
        )
        .ok(),
        Some(json!(false))
    );
    assert_eq!(
        call(
            ADMIN,
            "res.partner",
            "has_access",
            json!({"ids": [some], "operation": "write"})
        )
        .ok(),
        Some(json!(true))
    );
    assert_eq!(
        call(
            READER,
            "res.partner",
            "check_access_rights",
            json!({"operation": "unlink", "raise_exception": false})
        )
        .ok(),
        Some(json!(false))
    );
    for m in ["check_access", "exists", "_read"] {
        assert_eq!(
            fault(ADMIN, "res.partner", m, json!({"ids": [some]})).kind,
            FaultKind::AccessError,
            "{m}"
        );
    }
}

#[test]
fn readme_web_search_read_name_search_copy_default_get() {
    let r = call(
        ADMIN,
        "sale.order",
        "web_search_read",
        json!({"domain": [], "specification": {"name": {}, "partner_id": {"fields": {"email": {}}}}, "limit": 3}),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(r["length"], json!(expect("sale.order", |_| true).len()));
    assert_eq!(r["records"].as_array().map(Vec::len), Some(3));
    assert!(r["records"][0]["partner_id"].get("email").is_some());
    let r = call(
        ADMIN,
        "res.partner",
        "name_search",
        json!({"name": "Acme", "limit": 10}),
    )
    .unwrap_or_default();
    let pairs = r.as_array().expect("pairs");
    assert!(!pairs.is_empty() && pairs.iter().all(|p| p[0].is_i64() && p[1].is_string()));
    let e = fresh_engine();
    let some = search("res.partner", json!([]))[0];
    let c = call_on(
        &e,
        ADMIN,
        "res.partner",
        "copy",
        json!({"ids": [some]}),
        json!({}),
    )
    .unwrap_or_default();
    assert!(
        c.as_array().is_some_and(|a| a.len() == 1 && a[0].is_i64()),
        "{c}"
    );
    let d = call(
        ADMIN,
        "res.partner",
        "default_get",
        json!({"fields": ["active", "type"]}),
    )
    .unwrap_or_default();
    assert_eq!(d["active"], json!(true));
}

// ---- README: more observed rules ----

#[test]
fn readme_argument_errors() {
    assert_eq!(
        fault(
            ADMIN,
            "res.partner",
            "search_read",
            json!({"domain": [], "bogus": 1})
        )
        .kind,
        FaultKind::TypeError
    );
    assert_eq!(
        fault(
            ADMIN,
            "res.partner",
            "search_count",
            json!({"domain": [], "bogus": 1})
        )
        .kind,
        FaultKind::Unprocessable
    );
    assert_eq!(
        fault(ADMIN, "res.partner", "search_count", json!({})).kind,
        FaultKind::Unprocessable
    );
    let some = search("res.partner", json!([]))[0];
    assert_eq!(
        fault(ADMIN, "res.partner", "write", json!({"ids": [some]})).kind,
        FaultKind::Unprocessable
    );
    let e = fresh_engine();
    let f = call_on(
        &e,
        ADMIN,
        "res.partner",
        "write",
        json!({"ids": [some], "vals": {"no_such": 1}}),
        json!({}),
    )
    .expect_err("unknown field");
    assert_eq!(f.kind, FaultKind::KeyError);
    let f = call_on(
        &e,
        ADMIN,
        "res.partner",
        "create",
        json!({"vals_list": [{"name": "x", "no_such": 1}]}),
        json!({}),
    )
    .expect_err("unknown field");
    assert_eq!(f.kind, FaultKind::ValueError);
}

// ---- sale / crm "own documents" rules ----

#[test]
fn salesman_sees_own_or_unassigned_orders_and_leads_manager_sees_all() {
    for (model, field) in [
        ("sale.order", "user_id"),
        ("crm.lead", "user_id"),
        ("sale.order.line", "salesman_id"),
    ] {
        let mine = search_as(DEMO, model, json!([]), json!({}));
        let want = expect(model, |r| {
            m2o(r, field).is_none_or(|u| u == DEMO)
                && r.get("company_id")
                    .and_then(Value::as_i64)
                    .is_none_or(|c| c == 1)
        });
        assert_eq!(mine, want, "{model}");
        let everything = search(model, json!([]));
        assert!(
            everything.len() > mine.len(),
            "{model}: the manager sees more"
        );
        assert_eq!(everything, expect(model, |_| true), "{model}");
    }
    // Reading someone else's order is refused.
    let other = expect("sale.order", |r| {
        m2o(r, "user_id").is_some_and(|u| u != DEMO)
    })[0];
    let f = fault(
        DEMO,
        "sale.order",
        "read",
        json!({"ids": [other], "fields": ["name"]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
}
