//! The generation context: the database being filled, the random source, the fixed clock,
//! and the lookups one generator leaves for the next (customers, products, journals, …).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use super::rng::Rng;
use crate::store::{Database, Row};

/// The dataset's fixed "now" (UTC): dates never depend on the real clock.
pub(crate) const NOW: &str = "2026-11-22 15:00:00";
/// When the demo database was "installed": the default creation stamp of reference rows.
pub(crate) const INSTALLED: &str = "2026-11-22 14:47:14";

/// Turns a `json!({...})` object into a [`Row`] (anything else gives an empty row).
pub(crate) fn row(value: Value) -> Row {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The fixed "now" as a timestamp.
pub(crate) fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
}

/// `YYYY-MM-DD`.
pub(crate) fn fmt_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn fmt_datetime(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Adds whole days to a date.
pub(crate) fn plus_days(date: NaiveDate, days: i64) -> NaiveDate {
    date + Duration::days(days)
}

/// A monetary amount in cents as the float Odoo stores.
pub(crate) fn money(cents: i64) -> Value {
    // Amounts stay far below 2^52 cents, so the conversion is exact enough for two decimals.
    #[allow(clippy::cast_precision_loss)]
    let amount = cents as f64 / 100.0;
    Value::from(amount)
}

/// `cents × percent / 100`, rounded half away from zero.
pub(crate) fn percent_of(cents: i64, percent: i64) -> i64 {
    let product = cents * percent;
    if product >= 0 {
        (product + 50) / 100
    } else {
        (product - 50) / 100
    }
}

/// A partner that can be sold to, with the addresses an order uses.
#[derive(Debug, Clone)]
pub(crate) struct Customer {
    pub(crate) id: i64,
    /// The partner's company (`None`: shared between companies).
    pub(crate) company: Option<i64>,
    pub(crate) invoice: i64,
    pub(crate) delivery: i64,
    pub(crate) name: String,
}

/// What later generators need to know about a product.
#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub(crate) id: i64,
    pub(crate) name: &'static str,
    pub(crate) code: &'static str,
    pub(crate) price_cents: i64,
    pub(crate) cost_cents: i64,
    pub(crate) uom: i64,
    pub(crate) service: bool,
    pub(crate) sale_ok: bool,
    pub(crate) purchase_ok: bool,
}

impl Product {
    /// The description Odoo puts on order and invoice lines: `[CODE] Name`.
    pub(crate) fn line_name(&self) -> String {
        if self.code.is_empty() {
            self.name.to_owned()
        } else {
            format!("[{}] {}", self.code, self.name)
        }
    }
}

/// A company's accounting setup.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Books {
    pub(crate) sale_journal: i64,
    pub(crate) purchase_journal: i64,
    pub(crate) sale_tax: i64,
    pub(crate) purchase_tax: i64,
}

/// Lookups shared between generators.
#[derive(Debug, Default)]
pub(crate) struct Pools {
    pub(crate) country: BTreeMap<&'static str, i64>,
    pub(crate) state: BTreeMap<(&'static str, &'static str), i64>,
    pub(crate) customers: Vec<Customer>,
    pub(crate) vendors: Vec<Customer>,
    pub(crate) products: Vec<Product>,
    pub(crate) books: BTreeMap<i64, Books>,
    /// Payment terms: (id, days until due).
    pub(crate) payment_terms: Vec<(i64, i64)>,
}

/// The generation context.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub(crate) db: Database,
    pub(crate) rng: Rng,
    pub(crate) scale: u32,
    pub(crate) pools: Pools,
}

impl Ctx {
    /// A fresh context for `scale`.
    pub(crate) fn new(scale: u32) -> Self {
        Self {
            db: Database::default(),
            rng: Rng::new(0x0D00_5EED),
            scale,
            pools: Pools::default(),
        }
    }

    /// `per_scale × scale`, as a count.
    pub(crate) fn scaled(&self, per_scale: usize) -> usize {
        per_scale * usize::try_from(self.scale).unwrap_or(0)
    }

    /// Inserts a row built with `json!`, returning its id.
    pub(crate) fn insert(&mut self, model: &str, value: Value) -> i64 {
        self.db.insert(model, row(value))
    }

    /// The id of a country by ISO code (`null` when unknown).
    pub(crate) fn country(&self, code: &str) -> Value {
        self.pools
            .country
            .get(code)
            .map_or(Value::Null, |id| Value::from(*id))
    }

    /// The id of a state by country and state code (`null` when unknown).
    pub(crate) fn state(&self, country: &str, code: &str) -> Value {
        self.pools
            .state
            .iter()
            .find(|((c, s), _)| *c == country && *s == code)
            .map_or(Value::Null, |(_, id)| Value::from(*id))
    }

    /// The accounting setup of `company` (company 1's when unknown).
    pub(crate) fn books(&self, company: i64) -> Books {
        self.pools
            .books
            .get(&company)
            .or_else(|| self.pools.books.get(&1))
            .copied()
            .unwrap_or_default()
    }

    /// A random datetime within the last `days` days before [`NOW`], during office hours.
    pub(crate) fn past_datetime(&mut self, min_days: i64, max_days: i64) -> NaiveDateTime {
        let days = self.rng.range(min_days, max_days);
        let minutes = self.rng.range(7 * 60, 17 * 60);
        let seconds = self.rng.range(0, 59);
        let day = (now() - Duration::days(days)).date();
        day.and_hms_opt(0, 0, 0).unwrap_or_default()
            + Duration::minutes(minutes)
            + Duration::seconds(seconds)
    }
}
