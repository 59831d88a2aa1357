//! The client: one per Odoo instance, cheap to clone, with typed operations. Each operation
//! builds a protocol-neutral call, sends it through the detected transport (with the retry
//! policy) and decodes the result.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::config::Settings;
use crate::domain::Domain;
use crate::error::ErrorKind;
use crate::names::{FieldName, MethodName, ModelName};
use crate::onchange::{self, Onchange, OnchangeResult};
use crate::protocol::{Call, Endpoint, Session, detect, jsonrpc, report};
use crate::request::{
    Context, Group, GroupBy, MethodCall, NameSearch, Operation, Page, Record, Search, SearchPage,
    SearchRead, Total,
};
use crate::retry::RetryPolicy;
use crate::rows::{Layout, RecordsSeed, Rows};
use crate::secret::Secret;
use crate::version::{Paging, ServerInfo, ServerVersion};
use crate::{ClientBuilder, Error, calls, grouping, paging, results, rows};

/// A client for one Odoo instance. Cloning is cheap and shares the connection pool and the
/// detected version, protocol and session.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    context: Arc<Context>,
}

/// What every clone shares.
struct Inner {
    settings: Settings,
    endpoint: Endpoint,
    retry: RetryPolicy,
    session: OnceCell<Session>,
    /// The web session reports are fetched with (opened on first use).
    web_session: report::WebSession,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.inner.settings;
        f.debug_struct("Client")
            .field("url", &s.url)
            .field("database", &s.database)
            .field("login", &s.login)
            .field("api_key", &s.api_key)
            .field("password", &s.password)
            .field("protocol", &s.protocol)
            .field("session", &self.inner.session.get().map(|s| &s.info))
            .field("context", &self.context)
            .finish()
    }
}

impl Client {
    /// A builder for the instance at `url`.
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(url)
    }

    /// Builds a client from validated settings: one connection pool, gzip on, rustls, no
    /// redirects followed, the extra CA certificates of `ca_file` trusted.
    pub(crate) fn from_settings(settings: Settings) -> Result<Client, Error> {
        let mut http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            .gzip(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("odoo-client/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = &settings.ca_file {
            http = http.tls_certs_merge(read_ca_file(path)?);
        } else if settings.url.starts_with("http://") {
            // A plain-HTTP URL, redirects not followed: no TLS connection is ever opened, so
            // the system's root certificates are not loaded (parsing them was most of the
            // server's start-up; BENCHMARKS.md §1).
            http = http.tls_certs_only([]);
        }
        let http = http.build().map_err(|e| {
            Error::new(ErrorKind::Tls, "could not set up the HTTP client").with_source(e)
        })?;
        let endpoint = Endpoint::new(http, settings.url.clone(), settings.max_response_bytes)?;
        let retry = RetryPolicy {
            max_retries: settings.max_retries,
        };
        let context = Arc::new(settings.context.clone());
        let inner = Inner {
            settings,
            endpoint,
            retry,
            session: OnceCell::new(),
            web_session: report::WebSession::default(),
        };
        Ok(Client {
            inner: Arc::new(inner),
            context,
        })
    }

    /// The same client with another context for its calls (e.g. another language).
    pub fn with_context(&self, context: Context) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            context: Arc::new(context),
        }
    }

    /// The context sent with this client's calls.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// The instance's base URL (never with credentials).
    pub fn url(&self) -> &str {
        self.inner.endpoint.base()
    }

    /// Detects the version and protocol and authenticates, once; later calls reuse the result.
    pub async fn server_info(&self) -> Result<ServerInfo, Error> {
        Ok(self.session().await?.info.clone())
    }

    /// Asks the server for its version now, without retry or cache: a liveness check for
    /// health endpoints (`server_info` answers from its cache once connected).
    pub async fn ping(&self) -> Result<ServerVersion, Error> {
        detect::fetch_version(&self.inner.endpoint)
            .await
            .map_err(|e| self.clean(e))
    }

    /// The databases the server lists (`db.list`), or an error when listing is disabled
    /// (`list_db = False`, as on Odoo Online).
    pub async fn list_databases(&self) -> Result<Vec<String>, Error> {
        jsonrpc::list_databases(&self.inner.endpoint)
            .await
            .map_err(|e| self.clean(e))
    }

    /// Ids of the records matching a search.
    pub async fn search(&self, model: &ModelName, search: &Search) -> Result<Vec<i64>, Error> {
        results::ids("search", self.execute(&calls::search(model, search)).await?)
    }

    /// Records matching a search, with the given fields.
    pub async fn search_read(
        &self,
        model: &ModelName,
        query: &SearchRead,
    ) -> Result<Vec<Record>, Error> {
        results::records(
            "search_read",
            self.execute(&calls::search_read(model, query)).await?,
        )
    }

    /// Records matching a search, as rows of the query's fields (see [`Rows`]): decoded
    /// straight from Odoo's answer, without a map per record.
    pub async fn search_rows(&self, model: &ModelName, query: &SearchRead) -> Result<Rows, Error> {
        let session = self.session().await?;
        let call = calls::search_read(model, query);
        self.rows(session, ("search_read", &call), &query.fields)
            .await
    }

    /// One page of a search, as rows, and the number of matching records: one request on
    /// Odoo 17+ (`web_search_read`, the count stopping at [`SearchPage::count_limit`]);
    /// before, a `search_read` and, only when the page is full, a `search_count`. An empty
    /// page past the end is counted separately, on every version.
    pub async fn search_page(&self, model: &ModelName, page: &SearchPage) -> Result<Page, Error> {
        let session = self.session().await?;
        let web =
            session.capabilities.paging == Paging::WebSearchRead && !page.query.fields.is_empty();
        let (rows, total) = if web {
            let call = paging::web_search_read(model, page);
            let layout = paging::web_layout(page);
            let answer = self
                .send_with(session, &call, rows::WebPageSeed(&layout))
                .await?;
            paging::decode_web(page, layout, answer)?
        } else {
            let call = paging::search_read(model, page);
            let rows = self
                .rows(session, ("search_read", &call), &page.query.fields)
                .await?;
            paging::decode_read(page, rows)
        };
        let total = match total {
            Some(total) => total,
            None => Total::Exact(self.search_count(model, &page.query.search.domain).await?),
        };
        Ok(Page { rows, total })
    }

    /// Records by id (missing ids are left out, as Odoo does).
    pub async fn read(
        &self,
        model: &ModelName,
        ids: &[i64],
        fields: &[FieldName],
    ) -> Result<Vec<Record>, Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        results::records(
            "read",
            self.execute(&calls::read(model, ids, fields)).await?,
        )
    }

    /// Records by id, as rows of `fields` (see [`Rows`]; missing ids are left out, as Odoo
    /// does).
    pub async fn read_rows(
        &self,
        model: &ModelName,
        ids: &[i64],
        fields: &[FieldName],
    ) -> Result<Rows, Error> {
        if ids.is_empty() {
            return Ok(Rows::new(Layout::columns(fields), Vec::new()));
        }
        let session = self.session().await?;
        self.rows(session, ("read", &calls::read(model, ids, fields)), fields)
            .await
    }

    /// Number of records matching a domain.
    pub async fn search_count(&self, model: &ModelName, domain: &Domain) -> Result<u64, Error> {
        results::count(
            "search_count",
            self.execute(&calls::search_count(model, domain)).await?,
        )
    }

    /// Field metadata: field name → attributes (only `attributes` when not empty).
    pub async fn fields_get(
        &self,
        model: &ModelName,
        attributes: &[&str],
    ) -> Result<Map<String, Value>, Error> {
        results::object(
            "fields_get",
            self.execute(&calls::fields_get(model, attributes)).await?,
        )
    }

    /// `[id, display name]` pairs whose name matches.
    pub async fn name_search(
        &self,
        model: &ModelName,
        query: &NameSearch,
    ) -> Result<Vec<(i64, String)>, Error> {
        let session = self.session().await?;
        let call = calls::name_search(session.capabilities, model, query);
        results::pairs("name_search", self.send(session, &call).await?)
    }

    /// Grouped aggregates (`formatted_read_group` on 19+, `read_group` before).
    pub async fn read_group(
        &self,
        model: &ModelName,
        query: &GroupBy,
    ) -> Result<Vec<Group>, Error> {
        let session = self.session().await?;
        let grouping = session.capabilities.grouping;
        let call = grouping::call(grouping, model, query);
        grouping::normalize(grouping, query, self.send(session, &call).await?)
    }

    /// Creates records in one request; their ids in order. Never retried.
    pub async fn create(&self, model: &ModelName, values: &[Record]) -> Result<Vec<i64>, Error> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        results::id_or_ids("create", self.execute(&calls::create(model, values)).await?)
    }

    /// Writes the same values on records. Never retried.
    pub async fn write(
        &self,
        model: &ModelName,
        ids: &[i64],
        values: &Record,
    ) -> Result<(), Error> {
        if ids.is_empty() {
            return Ok(());
        }
        self.execute(&calls::write(model, ids, values))
            .await
            .map(drop)
    }

    /// Deletes records. Never retried.
    pub async fn unlink(&self, model: &ModelName, ids: &[i64]) -> Result<(), Error> {
        if ids.is_empty() {
            return Ok(());
        }
        self.execute(&calls::unlink(model, ids)).await.map(drop)
    }

    /// Duplicates a record, with optional overriding values; the new id. Never retried.
    pub async fn copy(
        &self,
        model: &ModelName,
        id: i64,
        default: Option<&Record>,
    ) -> Result<i64, Error> {
        let ids = results::id_or_ids(
            "copy",
            self.execute(&calls::copy(model, id, default)).await?,
        )?;
        ids.first()
            .copied()
            .ok_or_else(|| Error::new(ErrorKind::Decode, "copy returned no id"))
    }

    /// Default values for new records.
    pub async fn default_get(
        &self,
        model: &ModelName,
        fields: &[FieldName],
    ) -> Result<Record, Error> {
        let session = self.session().await?;
        let call = calls::default_get(session.capabilities, model, fields);
        results::object("default_get", self.send(session, &call).await?)
    }

    /// The values Odoo's onchange methods and recomputations would change after
    /// `request.field_names` are set (Odoo 17+; an older version gives an `Unsupported`
    /// error without a request). Nothing is written.
    pub async fn onchange(
        &self,
        model: &ModelName,
        request: &Onchange,
    ) -> Result<OnchangeResult, Error> {
        let session = self.session().await?;
        if !session.capabilities.onchange {
            return Err(onchange::unsupported(&session.info.version.text));
        }
        onchange::decode(self.send(session, &onchange::call(model, request)).await?)
    }

    /// Whether the user may do `operation` on the model (or on these records, where the
    /// version can tell).
    pub async fn check_access(
        &self,
        model: &ModelName,
        operation: Operation,
        ids: Option<&[i64]>,
    ) -> Result<bool, Error> {
        let session = self.session().await?;
        let call = calls::check_access(session.capabilities, model, operation, ids);
        results::boolean(&call.method, self.send(session, &call).await?)
    }

    /// Whether this configuration can fetch PDF reports from this server: `Err` says why not
    /// and what to configure (nothing is sent besides version detection).
    pub async fn check_report_route(&self) -> Result<(), Error> {
        let session = self.session().await?;
        report::route(&self.inner.settings, session.capabilities)
            .map(drop)
            .map_err(|e| self.clean(e))
    }

    /// The PDF of report `report` (its technical name, e.g. `sale.report_saleorder`) for the
    /// records `ids` (at most [`MAX_REPORT_IDS`](crate::MAX_REPORT_IDS)), rendered in this
    /// client's context. Odoo serves reports only to a web session: the client opens one with
    /// the login and password (kept, and opened again when Odoo drops it); with an API key
    /// alone it fails before sending, saying what to configure.
    pub async fn report_pdf(&self, report: &str, ids: &[i64]) -> Result<Vec<u8>, Error> {
        let session = self.session().await?;
        let inner = &*self.inner;
        let route =
            report::route(&inner.settings, session.capabilities).map_err(|e| self.clean(e))?;
        let result = inner
            .retry
            .run(crate::retry::Idempotency::Read, "report_pdf", || {
                report::fetch(
                    &inner.endpoint,
                    &route,
                    &inner.web_session,
                    report,
                    ids,
                    &self.context,
                )
            })
            .await;
        result.map_err(|e| self.clean(e))
    }

    /// Calls any public method (refused before sending when the name starts with `_`). Never
    /// retried.
    pub async fn call(
        &self,
        model: &ModelName,
        method: &MethodName,
        call: &MethodCall,
    ) -> Result<Value, Error> {
        if method.is_private() {
            return Err(Error::new(
                ErrorKind::AccessDenied,
                format!("private methods (such as '{model}.{method}') cannot be called remotely"),
            ));
        }
        self.execute(&calls::method(model, method, call)).await
    }

    /// The session, detected on first use and shared by every clone.
    async fn session(&self) -> Result<&Session, Error> {
        let inner = &*self.inner;
        let result = inner
            .session
            .get_or_try_init(|| detect::detect(&inner.endpoint, &inner.settings, &inner.retry))
            .await;
        match result {
            Ok(session) => Ok(session),
            Err(e) => Err(self.explain(e).await),
        }
    }

    /// Sends a call with the retry policy.
    async fn execute(&self, call: &Call) -> Result<Value, Error> {
        let session = self.session().await?;
        self.send(session, call).await
    }

    /// Sends a `search_read` or `read` call; its answer as rows of `fields`. Without fields
    /// (Odoo returns them all) the columns are those the records hold.
    async fn rows(
        &self,
        session: &Session,
        (method, call): (&'static str, &Call),
        fields: &[FieldName],
    ) -> Result<Rows, Error> {
        if fields.is_empty() {
            let records = self.send(session, call).await?;
            return Rows::from_records(method, fields, results::records(method, records)?);
        }
        let layout = Layout::new(method, fields, &[]);
        let rows = self.send_with(session, call, RecordsSeed(&layout)).await?;
        Ok(Rows::new(layout.into_fields(), rows))
    }

    /// Sends a call with the retry policy; Odoo's result as a [`Value`].
    async fn send(&self, session: &Session, call: &Call) -> Result<Value, Error> {
        self.send_with(session, call, PhantomData::<Value>).await
    }

    /// Sends a call with the retry policy and reads its result with `seed`.
    async fn send_with<S, T>(&self, session: &Session, call: &Call, seed: S) -> Result<T, Error>
    where
        S: for<'de> DeserializeSeed<'de, Value = T> + Copy,
    {
        let inner = &*self.inner;
        let result = inner
            .retry
            .run(call.idempotency, &call.method, || {
                session
                    .transport
                    .send(&inner.endpoint, call, &self.context, seed)
            })
            .await;
        match result {
            Ok(value) => Ok(value),
            Err(e) => Err(self.explain(e).await),
        }
    }

    /// Completes an error before it leaves the client: an unknown database gets the list
    /// of the server's databases (when it allows listing), and every error is redacted.
    async fn explain(&self, e: Error) -> Error {
        if e.kind() != ErrorKind::UnknownDatabase {
            return self.clean(e);
        }
        let name = self.inner.settings.database.as_deref().unwrap_or_default();
        let listed = match jsonrpc::list_databases(&self.inner.endpoint).await {
            Ok(names) if names.is_empty() => "the server lists no database".to_owned(),
            Ok(names) => format!("the server has: {}", names.join(", ")),
            Err(_) => "the server does not list its databases".to_owned(),
        };
        let message = format!(
            "the database {name:?} does not exist on this server ({listed}); check the \
             database option, the name is case-sensitive"
        );
        self.clean(e.with_message(message))
    }

    /// The error without the configured credentials or anything that looks like one.
    fn clean(&self, e: Error) -> Error {
        let s = &self.inner.settings;
        let secrets: Vec<&str> = [s.api_key.as_ref(), s.password.as_ref()]
            .into_iter()
            .flatten()
            .map(Secret::expose)
            .collect();
        e.redacted(&secrets)
    }
}

/// The certificates of a PEM file (the error names the file, never its content).
fn read_ca_file(path: &std::path::Path) -> Result<Vec<reqwest::Certificate>, Error> {
    let invalid = |what: String| Error::new(ErrorKind::InvalidInput, what);
    let pem = std::fs::read(path).map_err(|e| {
        invalid(format!(
            "the ca_file {} cannot be read: {e}",
            path.display()
        ))
    })?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|_| {
        invalid(format!(
            "the ca_file {} is not a PEM bundle of certificates",
            path.display()
        ))
    })?;
    if certs.is_empty() {
        return Err(invalid(format!(
            "the ca_file {} holds no certificate",
            path.display()
        )));
    }
    Ok(certs)
}
