//! The client: one per Odoo instance, cheap to clone, with typed operations.
//!
//! TODO(client helper): implement; keep these signatures.

use serde_json::{Map, Value};

use crate::domain::Domain;
use crate::names::{FieldName, MethodName, ModelName};
use crate::request::{
    Context, Group, GroupBy, MethodCall, NameSearch, Operation, Record, Search, SearchRead,
};
use crate::version::ServerInfo;
use crate::{ClientBuilder, Error};

/// A client for one Odoo instance. Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    _todo: (),
}

#[allow(clippy::todo, unused_variables, missing_docs)]
impl Client {
    /// A builder for the instance at `url`.
    pub fn builder(url: impl Into<String>) -> ClientBuilder { ClientBuilder::new(url) }
    /// The same client with another context for its calls (e.g. another language).
    pub fn with_context(&self, context: Context) -> Client { todo!() }
    /// The instance's base URL (never with credentials).
    pub fn url(&self) -> &str { todo!() }
    /// Detects the version and protocol and authenticates, once; later calls reuse the result.
    pub async fn server_info(&self) -> Result<ServerInfo, Error> { todo!() }
    /// Ids of the records matching a search.
    pub async fn search(&self, model: &ModelName, search: &Search) -> Result<Vec<i64>, Error> { todo!() }
    /// Records matching a search, with the given fields.
    pub async fn search_read(&self, model: &ModelName, query: &SearchRead) -> Result<Vec<Record>, Error> { todo!() }
    /// Records by id (missing ids are left out, as Odoo does).
    pub async fn read(&self, model: &ModelName, ids: &[i64], fields: &[FieldName]) -> Result<Vec<Record>, Error> { todo!() }
    /// Number of records matching a domain.
    pub async fn search_count(&self, model: &ModelName, domain: &Domain) -> Result<u64, Error> { todo!() }
    /// Field metadata: field name → attributes (only `attributes` when not empty).
    pub async fn fields_get(&self, model: &ModelName, attributes: &[&str]) -> Result<Map<String, Value>, Error> { todo!() }
    /// `[id, display name]` pairs whose name matches.
    pub async fn name_search(&self, model: &ModelName, query: &NameSearch) -> Result<Vec<(i64, String)>, Error> { todo!() }
    /// Grouped aggregates (`formatted_read_group` on 19+, `read_group` before).
    pub async fn read_group(&self, model: &ModelName, query: &GroupBy) -> Result<Vec<Group>, Error> { todo!() }
    /// Creates records in one request; their ids in order. Never retried.
    pub async fn create(&self, model: &ModelName, values: &[Record]) -> Result<Vec<i64>, Error> { todo!() }
    /// Writes the same values on records. Never retried.
    pub async fn write(&self, model: &ModelName, ids: &[i64], values: &Record) -> Result<(), Error> { todo!() }
    /// Deletes records. Never retried.
    pub async fn unlink(&self, model: &ModelName, ids: &[i64]) -> Result<(), Error> { todo!() }
    /// Duplicates a record, with optional overriding values; the new id. Never retried.
    pub async fn copy(&self, model: &ModelName, id: i64, default: Option<&Record>) -> Result<i64, Error> { todo!() }
    /// Default values for new records.
    pub async fn default_get(&self, model: &ModelName, fields: &[FieldName]) -> Result<Record, Error> { todo!() }
    /// Whether the user may do `operation` on the model (or on these records, where the
    /// version can tell).
    pub async fn check_access(&self, model: &ModelName, operation: Operation, ids: Option<&[i64]>) -> Result<bool, Error> { todo!() }
    /// Calls any public method (refused before sending when the name starts with `_`). Never
    /// retried.
    pub async fn call(&self, model: &ModelName, method: &MethodName, call: &MethodCall) -> Result<Value, Error> { todo!() }
}
