//! Typed arguments and results of the Odoo operations the client offers.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::Domain;
use crate::names::{FieldName, NameError};
use crate::order::Order;

/// One record as Odoo returns it: field name → value (`id` included). many2one values are
/// `[id, "display name"]` or `false`, x2many values are id lists, empty values are `false`.
pub type Record = Map<String, Value>;

/// The context sent with every call (`lang`, `tz`, `allowed_company_ids`, and any other key).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Context(pub Map<String, Value>);

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the language (e.g. `en_US`).
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.0.insert("lang".into(), Value::String(lang.into()));
        self
    }
    /// Sets the time zone (e.g. `Europe/Brussels`).
    pub fn tz(mut self, tz: impl Into<String>) -> Self {
        self.0.insert("tz".into(), Value::String(tz.into()));
        self
    }
    /// Restricts the call to these companies (the first one is the current company).
    pub fn companies(mut self, ids: &[i64]) -> Self {
        self.0
            .insert("allowed_company_ids".into(), Value::from(ids.to_vec()));
        self
    }
    /// Sets any other context key.
    pub fn set(mut self, key: impl Into<String>, value: Value) -> Self {
        self.0.insert(key.into(), value);
        self
    }
    /// Whether the context has no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Arguments of `search`: a domain with paging and ordering.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Which records.
    pub domain: Domain,
    /// How many matching records to skip.
    pub offset: u64,
    /// At most this many records (`None`: no limit).
    pub limit: Option<u64>,
    /// Odoo ordering, e.g. `"name asc, id desc"` (`None`: the model's default order).
    pub order: Option<Order>,
}

/// Arguments of `search_read`: a search plus the fields to return.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRead {
    /// Which records, in which order, which page.
    pub search: Search,
    /// The fields to return (`id` always comes back). Empty means every field: avoid it.
    pub fields: Vec<FieldName>,
}

impl SearchRead {
    /// A search_read of `domain`, with no field list, offset or limit yet.
    pub fn new(domain: Domain) -> Self {
        Self {
            search: Search {
                domain,
                ..Search::default()
            },
            fields: Vec::new(),
        }
    }
    /// Sets the fields to return; fails on an invalid field name.
    pub fn fields<I, S>(mut self, fields: I) -> Result<Self, NameError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.fields = fields
            .into_iter()
            .map(|f| FieldName::new(f.as_ref()))
            .collect::<Result<_, _>>()?;
        Ok(self)
    }
    /// Sets the limit.
    pub fn limit(mut self, limit: u64) -> Self {
        self.search.limit = Some(limit);
        self
    }
    /// Sets the offset.
    pub fn offset(mut self, offset: u64) -> Self {
        self.search.offset = offset;
        self
    }
    /// Sets the order (parse it with [`Order::parse`]).
    pub fn order(mut self, order: Order) -> Self {
        self.search.order = Some(order);
        self
    }
}

/// One page of a search and how many records match, in as few requests as the version
/// allows (one on Odoo 17+: `web_search_read`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPage {
    /// The search, the page (set a limit) and the fields (name them: every field is costly).
    pub query: SearchRead,
    /// The many2one fields among the query's fields. Odoo 17+ returns them as `[id, "display
    /// name"]` only when told which they are; any other is returned as its bare id.
    pub many2one: Vec<FieldName>,
    /// Stop counting at this many matches (`None`: count them all). A lower bound keeps
    /// paging cheap on large tables; the page itself is never cut by it.
    pub count_limit: Option<u64>,
}

/// How many records match a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Exactly this many.
    Exact(u64),
    /// At least this many: counting stopped at the count limit.
    AtLeast(u64),
}

impl Total {
    /// The number, exact or lower bound.
    pub fn value(self) -> u64 {
        match self {
            Self::Exact(n) | Self::AtLeast(n) => n,
        }
    }
    /// Whether the number is exact.
    pub fn is_exact(self) -> bool {
        matches!(self, Self::Exact(_))
    }
}

/// A page of records and the number of matching records over all pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The records of the page as rows, in the search's order (many2one values
    /// `[id, "name"]`).
    pub rows: crate::Rows,
    /// Matching records over all pages.
    pub total: Total,
}

/// Arguments of `name_search`.
#[derive(Debug, Clone, PartialEq)]
pub struct NameSearch {
    /// The text to look for in the records' display names.
    pub name: String,
    /// An extra domain the records must match.
    pub domain: Domain,
    /// The operator applied to the name (`ilike` by default).
    pub operator: String,
    /// At most this many results (Odoo's default is 100).
    pub limit: u64,
}

impl NameSearch {
    /// A name search with `ilike`, no extra domain and a limit of 100.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            domain: Domain::default(),
            operator: "ilike".into(),
            limit: 100,
        }
    }
}

/// An aggregate function for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateFunction {
    /// Sum of the values.
    Sum,
    /// Average of the values.
    Avg,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// Number of non-empty values.
    Count,
    /// Number of distinct values.
    CountDistinct,
}

impl AggregateFunction {
    /// Odoo's name for the function (`sum`, `avg`, `min`, `max`, `count`, `count_distinct`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::Avg => "avg",
            Self::Min => "min",
            Self::Max => "max",
            Self::Count => "count",
            Self::CountDistinct => "count_distinct",
        }
    }
}

/// One aggregate: a field and a function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Aggregate {
    /// The aggregated field.
    pub field: FieldName,
    /// The function.
    pub function: AggregateFunction,
}

impl Aggregate {
    /// The key under which Odoo 19 reports this aggregate: `"<field>:<function>"`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.field, self.function.as_str())
    }
}

/// Arguments of a grouping (`formatted_read_group` on Odoo 19+, `read_group` before).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupBy {
    /// Which records.
    pub domain: Domain,
    /// Group keys: field names, optionally with a date granularity (`date_order:month`).
    pub groupby: Vec<String>,
    /// The aggregates to compute per group (the record count always comes back).
    pub aggregates: Vec<Aggregate>,
    /// Order of the groups, e.g. `"amount_total:sum desc"` (`None`: by group keys).
    pub order: Option<Order>,
    /// Skip this many groups.
    pub offset: u64,
    /// At most this many groups.
    pub limit: Option<u64>,
}

/// One group of a grouping, the same whatever the Odoo version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Group key (as given in [`GroupBy::groupby`]) → value: `[id, "name"]` for a many2one,
    /// `[value, "label"]` for a date granularity, the plain value otherwise, `false` for none.
    pub keys: Map<String, Value>,
    /// Number of records in the group.
    pub count: u64,
    /// Aggregate key (see [`Aggregate::key`]) → value.
    pub aggregates: Map<String, Value>,
}

/// An access operation, for access checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Read records.
    Read,
    /// Change records.
    Write,
    /// Create records.
    Create,
    /// Delete records.
    Unlink,
}

impl Operation {
    /// Odoo's name of the operation.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Create => "create",
            Self::Unlink => "unlink",
        }
    }
}

/// Arguments of a call to any public model method (e.g. `action_confirm`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MethodCall {
    /// The records the method runs on (`None` for a model method).
    pub ids: Option<Vec<i64>>,
    /// Named arguments.
    pub kwargs: Map<String, Value>,
}
