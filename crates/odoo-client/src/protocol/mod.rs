//! The wire: one protocol-neutral [`Call`], and a [`Transport`] that sends it over JSON-2 or
//! JSON-RPC. Nothing outside this module knows which protocol is in use.
//!
//! - `json2`: `POST /json/2/<model>/<method>` with named arguments and a bearer API key;
//! - `jsonrpc`: `POST /jsonrpc` with `common.authenticate` and `object.execute_kw`;
//! - `detect`: finds the server's version once and picks the protocol;
//! - `fault`: maps Odoo exceptions, HTTP statuses and transport failures to [`Error`]s;
//! - `report`: PDF reports over the web client's route (a web session, see the file);
//! - `http`: the one place that sends a request (and logs it, without bodies or secrets).

pub(crate) mod detect;
mod fault;
mod http;
pub(crate) mod json2;
pub(crate) mod jsonrpc;
pub(crate) mod report;
#[cfg(test)]
pub(crate) mod samples;

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::names::ModelName;
use crate::request::Context;
use crate::retry::Idempotency;

pub(crate) use detect::Session;
pub(crate) use http::Endpoint;

/// One model-method call, independent of the protocol.
///
/// `args` are the method's leading arguments: named on JSON-2, positional (in order, after
/// `ids`) on JSON-RPC; `kwargs` are named on both.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    /// The model.
    pub(crate) model: ModelName,
    /// The method name (validated by the caller).
    pub(crate) method: String,
    /// The records a record method runs on.
    pub(crate) ids: Option<Vec<i64>>,
    /// Leading arguments: named on JSON-2, positional on JSON-RPC.
    pub(crate) args: Vec<(&'static str, Value)>,
    /// Keyword arguments.
    pub(crate) kwargs: Map<String, Value>,
    /// Whether the call may be retried.
    pub(crate) idempotency: Idempotency,
}

impl Call {
    /// A read-only call of `method` on `model`, without arguments yet.
    pub(crate) fn read(model: &ModelName, method: impl Into<String>) -> Self {
        Self {
            model: model.clone(),
            method: method.into(),
            ids: None,
            args: Vec::new(),
            kwargs: Map::new(),
            idempotency: Idempotency::Read,
        }
    }
    /// A call that changes data (never retried).
    pub(crate) fn write(model: &ModelName, method: impl Into<String>) -> Self {
        Self {
            idempotency: Idempotency::Write,
            ..Self::read(model, method)
        }
    }
    /// Runs on these records.
    pub(crate) fn ids(mut self, ids: &[i64]) -> Self {
        self.ids = Some(ids.to_vec());
        self
    }
    /// Adds a leading argument.
    pub(crate) fn arg(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.args.push((name, value.into()));
        self
    }
    /// Adds a keyword argument.
    pub(crate) fn kwarg(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.kwargs.insert(name.to_owned(), value.into());
        self
    }
    /// Adds a keyword argument when there is a value.
    pub(crate) fn kwarg_opt(self, name: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.kwarg(name, v),
            None => self,
        }
    }
    /// Adds several keyword arguments.
    pub(crate) fn kwargs(mut self, kwargs: &Map<String, Value>) -> Self {
        self.kwargs
            .extend(kwargs.iter().map(|(k, v)| (k.clone(), v.clone())));
        self
    }
}

/// The keyword arguments of a call with the client's context merged in (the call's own
/// `context` keys win).
pub(crate) fn kwargs_with_context(call: &Call, context: &Context) -> Map<String, Value> {
    let mut kwargs = call.kwargs.clone();
    if context.is_empty() {
        return kwargs;
    }
    let mut merged = context.0.clone();
    if let Some(Value::Object(own)) = kwargs.get("context") {
        merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    kwargs.insert("context".into(), Value::Object(merged));
    kwargs
}

/// How calls reach the server: the protocol chosen at detection, with what it needs.
#[derive(Debug)]
pub(crate) enum Transport {
    /// JSON-2 with a bearer API key.
    Json2(json2::Json2),
    /// JSON-RPC `execute_kw` with a database, uid and password.
    JsonRpc(jsonrpc::JsonRpc),
}

impl Transport {
    /// Sends one call (one attempt) and reads Odoo's result with `seed` (`PhantomData<Value>`
    /// for a plain [`Value`]; `crate::rows`' seeds for records as rows).
    pub(crate) async fn send<S, T>(
        &self,
        endpoint: &Endpoint,
        call: &Call,
        context: &Context,
        seed: S,
    ) -> Result<T, Error>
    where
        S: for<'de> DeserializeSeed<'de, Value = T>,
    {
        match self {
            Self::Json2(t) => t.send(endpoint, call, context, seed).await,
            Self::JsonRpc(t) => t.send(endpoint, call, context, seed).await,
        }
    }
}

/// Reads one JSON value from `body` through `seed`, with nothing but whitespace after it.
/// The body's UTF-8 is checked once, as a whole, rather than string by string.
pub(crate) fn parse_with<'de, S: DeserializeSeed<'de>>(
    body: &'de [u8],
    seed: S,
) -> Result<S::Value, serde_json::Error> {
    match std::str::from_utf8(body) {
        Ok(text) => parse_from(serde_json::Deserializer::from_str(text), seed),
        // serde_json's own error, with the position.
        Err(_) => parse_from(serde_json::Deserializer::from_slice(body), seed),
    }
}

fn parse_from<'de, R, S>(
    mut de: serde_json::Deserializer<R>,
    seed: S,
) -> Result<S::Value, serde_json::Error>
where
    R: serde_json::de::Read<'de>,
    S: DeserializeSeed<'de>,
{
    let value = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}
