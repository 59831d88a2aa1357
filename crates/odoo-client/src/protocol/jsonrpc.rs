//! JSON-RPC (`POST /jsonrpc`, every Odoo version): `common.authenticate` once for the uid,
//! then `object.execute_kw(db, uid, password, model, method, args, kwargs)`. Always HTTP 200;
//! errors come as `{"error": {"code", "message", "data": {name, message, debug}}}`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::header::HeaderMap;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};

use super::fault::{self, OdooFault};
use super::http::{Endpoint, Label, Reply};
use super::{Call, kwargs_with_context, parse_with};
use crate::error::{Error, ErrorKind};
use crate::request::Context;
use crate::secret::Secret;

/// The JSON-RPC path.
const PATH: &str = "/jsonrpc";

/// The JSON-RPC transport: a database, an authenticated uid and the password (or API key).
#[derive(Debug)]
pub(crate) struct JsonRpc {
    database: String,
    uid: i64,
    password: Secret,
    next_id: AtomicU64,
}

impl JsonRpc {
    /// A transport for `uid` (from [`authenticate`]).
    pub(crate) fn new(database: String, uid: i64, password: Secret) -> Self {
        Self {
            database,
            uid,
            password,
            next_id: AtomicU64::new(1),
        }
    }

    /// Sends one call (one attempt) and reads the `result` with `seed`.
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
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let body = encode_execute_kw(id, &self.database, self.uid, &self.password, call, context);
        let label = Label {
            model: call.model.as_str(),
            method: &call.method,
            protocol: "jsonrpc",
        };
        post_with(endpoint, &body, label, seed).await
    }
}

/// The JSON-RPC envelope of a service call.
pub(crate) fn envelope(id: u64, service: &str, method: &str, args: Vec<Value>) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": "call",
        "id": id,
        "params": {"service": service, "method": method, "args": args},
    })
}

/// The `object.execute_kw` request of a call: positional `[ids?, args...]`, then keyword
/// arguments with `context` (left out when there are none).
pub(crate) fn encode_execute_kw(
    id: u64,
    database: &str,
    uid: i64,
    password: &Secret,
    call: &Call,
    context: &Context,
) -> Value {
    let mut positional: Vec<Value> = Vec::with_capacity(call.args.len() + 1);
    if let Some(ids) = &call.ids {
        positional.push(Value::from(ids.clone()));
    }
    positional.extend(call.args.iter().map(|(_, v)| v.clone()));
    let mut args = vec![
        Value::from(database),
        Value::from(uid),
        Value::from(password.expose()),
        Value::from(call.model.as_str()),
        Value::from(call.method.as_str()),
        Value::Array(positional),
    ];
    let kwargs = kwargs_with_context(call, context);
    if !kwargs.is_empty() {
        args.push(Value::Object(kwargs));
    }
    envelope(id, "object", "execute_kw", args)
}

/// Posts a JSON-RPC request (the body is never logged: it carries the password).
async fn post(endpoint: &Endpoint, body: &Value, label: Label<'_>) -> Result<Value, Error> {
    post_with(endpoint, body, label, PhantomData::<Value>).await
}

/// Posts a JSON-RPC request and reads the `result` with `seed`.
async fn post_with<S, T>(
    endpoint: &Endpoint,
    body: &Value,
    label: Label<'_>,
    seed: S,
) -> Result<T, Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let bytes = serde_json::to_vec(body).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            "the arguments cannot be encoded as JSON",
        )
        .with_source(e)
    })?;
    let reply = endpoint
        .post_json(PATH, HeaderMap::new(), bytes, label)
        .await?;
    decode_with(&reply, seed)
}

/// The `result` of a JSON-RPC answer as a [`Value`], or the error it reports.
pub(crate) fn decode(reply: &Reply) -> Result<Value, Error> {
    decode_with(reply, PhantomData::<Value>)
}

/// The `result` of a JSON-RPC answer read with `seed`, or the error it reports.
pub(crate) fn decode_with<'de, S: DeserializeSeed<'de>>(
    reply: &'de Reply,
    seed: S,
) -> Result<S::Value, Error> {
    let answer = match parse_with(&reply.body, Envelope(seed)) {
        Ok(answer) => answer,
        // The result is JSON of the wrong shape (the seed's error says which).
        Err(e) if e.is_data() && reply.status == 200 => {
            return Err(fault::answer_error("JSON-RPC answer", &reply.body, e));
        }
        Err(_) => Answer::NotAnObject,
    };
    match answer {
        Answer::Error(error) => Err(rpc_error(&error)),
        _ if reply.status != 200 => Err(reply.status_error()),
        Answer::Result(result) => Ok(result),
        Answer::NotAnObject => Err(fault::decode_error("JSON-RPC answer", &reply.body, None)),
        Answer::Neither => Err(fault::decode_error(
            "JSON-RPC answer without result",
            &reply.body,
            None,
        )),
    }
}

/// What a JSON-RPC answer holds.
enum Answer<T> {
    /// `result`, read with the seed.
    Result(T),
    /// `error`.
    Error(Value),
    /// An object with neither.
    Neither,
    /// Not an object (or not JSON).
    NotAnObject,
}

/// Reads a JSON-RPC answer, its `result` with the inner seed (other keys skipped; `error`
/// wins over `result`).
struct Envelope<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Envelope<S> {
    type Value = Answer<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Envelope<S> {
    type Value = Answer<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-RPC answer")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Answer::NotAnObject)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Answer::NotAnObject)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Answer::NotAnObject)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Answer::NotAnObject)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Answer::NotAnObject)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Answer::NotAnObject)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Answer::NotAnObject)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut seed, mut result, mut error) = (Some(self.0), None, None);
        while let Some(key) = map.next_key::<EnvelopeKey>()? {
            match key {
                EnvelopeKey::Result => match seed.take() {
                    Some(seed) => result = Some(map.next_value_seed(seed)?),
                    None => return Err(de::Error::custom("a JSON-RPC answer with two results")),
                },
                EnvelopeKey::Error => error = Some(map.next_value::<Value>()?),
                EnvelopeKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(match (error, result) {
            (Some(error), _) => Answer::Error(error),
            (None, Some(result)) => Answer::Result(result),
            (None, None) => Answer::Neither,
        })
    }
}

/// A key of a JSON-RPC answer.
enum EnvelopeKey {
    Result,
    Error,
    Other,
}

impl<'de> de::Deserialize<'de> for EnvelopeKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = EnvelopeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<EnvelopeKey, E> {
                Ok(match key {
                    "result" => EnvelopeKey::Result,
                    "error" => EnvelopeKey::Error,
                    _ => EnvelopeKey::Other,
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The error of a JSON-RPC error object.
fn rpc_error(error: &Value) -> Error {
    let data = error.get("data");
    let field = |name| data.and_then(|d| d.get(name)).and_then(Value::as_str);
    if let Some(name) = field("name") {
        return OdooFault {
            name,
            message: field("message").unwrap_or(""),
            debug: field("debug"),
            status: None,
        }
        .into_error();
    }
    let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("unknown error");
    let message: String = message.chars().take(500).collect();
    Error::new(
        ErrorKind::Server,
        format!("Odoo JSON-RPC error {code}: {message}"),
    )
}

/// `common.authenticate(db, login, password, {})`: the uid, or an Authentication error when
/// Odoo answers `false`.
pub(crate) async fn authenticate(
    endpoint: &Endpoint,
    database: &str,
    login: &str,
    password: &Secret,
) -> Result<i64, Error> {
    let body = envelope(
        0,
        "common",
        "authenticate",
        vec![
            database.into(),
            login.into(),
            password.expose().into(),
            json!({}),
        ],
    );
    let label = Label {
        model: "common",
        method: "authenticate",
        protocol: "jsonrpc",
    };
    let result = post(endpoint, &body, label).await?;
    decode_uid(&result, database, login)
}

/// The uid in `common.authenticate`'s result.
pub(crate) fn decode_uid(result: &Value, database: &str, login: &str) -> Result<i64, Error> {
    match result {
        Value::Number(n) => n.as_i64().filter(|uid| *uid > 0).ok_or_else(|| {
            Error::new(
                ErrorKind::Decode,
                format!("common.authenticate returned an invalid uid {n}"),
            )
        }),
        Value::Bool(false) | Value::Null => Err(Error::new(
            ErrorKind::Authentication,
            format!("login or password/API key refused for user {login} on database {database}"),
        )),
        other => Err(Error::new(
            ErrorKind::Decode,
            format!("common.authenticate returned {}", kind_of(other)),
        )),
    }
}

/// `common.version()`: `{server_version, server_version_info, ...}`.
pub(crate) async fn version(endpoint: &Endpoint) -> Result<Value, Error> {
    let body = envelope(0, "common", "version", Vec::new());
    let label = Label {
        model: "common",
        method: "version",
        protocol: "jsonrpc",
    };
    post(endpoint, &body, label).await
}

/// `db.list()`: the databases, or an error when the server does not allow listing them.
pub(crate) async fn list_databases(endpoint: &Endpoint) -> Result<Vec<String>, Error> {
    let body = envelope(0, "db", "list", Vec::new());
    let label = Label {
        model: "db",
        method: "list",
        protocol: "jsonrpc",
    };
    match post(endpoint, &body, label).await? {
        Value::Array(names) => Ok(names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()),
        other => Err(Error::new(
            ErrorKind::Decode,
            format!("db.list returned {}", kind_of(&other)),
        )),
    }
}

/// A JSON type's name, for messages that must not quote values.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::calls;
    use crate::domain::Domain;
    use crate::names::{FieldName, ModelName};
    use crate::protocol::samples::{reply, request_body, sample};
    use crate::request::{
        Aggregate, AggregateFunction, GroupBy, NameSearch, Operation, SearchRead,
    };
    use crate::version::capabilities;

    fn model(name: &str) -> ModelName {
        ModelName::new(name).unwrap()
    }

    fn encode(call: &Call, password: &str, uid: i64) -> Value {
        encode_execute_kw(
            1,
            "demo",
            uid,
            &Secret::new(password),
            call,
            &Context::new(),
        )
    }

    #[test]
    fn recorded_answers_decode_into_the_rows_of_their_records() {
        use crate::rows::{Layout, RecordsSeed, Rows};
        for (name, method) in [
            ("jsonrpc_execute_kw_search_read", "search_read"),
            ("jsonrpc_execute_kw_search_read_apikey", "search_read"),
            ("jsonrpc_search_read_relations", "search_read"),
            ("jsonrpc_read_missing_record_returns_empty", "read"),
        ] {
            let kwargs = &request_body(name)["params"]["args"][6];
            let names: Vec<String> = serde_json::from_value(kwargs["fields"].clone()).unwrap();
            let fields: Vec<FieldName> = names.iter().map(|n| FieldName::new(n).unwrap()).collect();
            let layout = Layout::new(method, &fields, &[]);
            let rows = decode_with(&reply(name), RecordsSeed(&layout)).unwrap();
            let records = crate::results::records(method, decode(&reply(name)).unwrap()).unwrap();
            assert_eq!(
                Rows::new(layout.into_fields(), rows),
                Rows::from_records(method, &fields, records).unwrap(),
                "{name}"
            );
        }
    }

    #[test]
    fn the_envelope_reads_results_errors_and_refuses_other_shapes() {
        use crate::rows::{Layout, RecordsSeed};
        let answer = |status: u16, body: &str| Reply {
            status,
            is_json: true,
            retry_after: None,
            body: body.as_bytes().to_vec(),
            redirect: None,
            session_id: None,
        };
        let fields = [FieldName::new("name").unwrap()];
        let layout = Layout::new("search_read", &fields, &[]);
        let read = |status, body| decode_with(&answer(status, body), RecordsSeed(&layout));
        let rows = read(
            200,
            r#"{"id": 1, "result": [{"id": 4, "name": "A"}], "jsonrpc": "2.0"}"#,
        )
        .unwrap();
        assert_eq!(rows, [vec![json!(4), json!("A")]]);
        // A result of the wrong shape: the decoder's message, no value.
        let e = read(200, r#"{"result": [{"id": 4, "nom": "Hidden Name"}]}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().contains("without the field 'name'"), "{e}");
        assert!(!e.to_string().contains("Hidden Name"), "{e}");
        // An error wins, wherever it stands.
        let e = read(200, r#"{"error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "odoo.exceptions.AccessError", "message": "no"}}}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AccessDenied);
        // No result, not an object, not JSON; a failed status with a broken result.
        for (status, body, kind) in [
            (200, r#"{"id": 1}"#, ErrorKind::Decode),
            (200, "[1, 2]", ErrorKind::Decode),
            (200, "<html>", ErrorKind::Decode),
            (502, r#"{"result": 3}"#, ErrorKind::Server),
        ] {
            let e = read(status, body).unwrap_err();
            assert_eq!(e.kind(), kind, "{body}: {e}");
        }
    }

    #[test]
    fn encodes_execute_kw_as_recorded() {
        let partner = model("res.partner");
        let read = SearchRead::new(Domain::default())
            .fields(["name"])
            .unwrap()
            .limit(3);
        assert_eq!(
            encode(&calls::search_read(&partner, &read), "admin", 2),
            request_body("jsonrpc_execute_kw_search_read")
        );
        assert_eq!(
            encode(
                &calls::search_count(&partner, &Domain::default()),
                "admin",
                2
            ),
            request_body("jsonrpc_execute_kw_search_count")
        );
        let name = [FieldName::new("name").unwrap()];
        assert_eq!(
            encode(&calls::read(&partner, &[999999], &name), "admin", 2),
            request_body("jsonrpc_read_missing_record_returns_empty")
        );
        assert_eq!(
            encode(
                &calls::check_access(capabilities(17), &partner, Operation::Write, Some(&[1])),
                "admin",
                2
            ),
            request_body("jsonrpc_check_access_rights")
        );
        let vals = json!({"name": "x"}).as_object().unwrap().clone();
        assert_eq!(
            encode(&calls::write(&partner, &[999999], &vals), "admin", 2),
            request_body("jsonrpc_error_write_missing_record")
        );
        let group = GroupBy {
            groupby: vec!["state".into()],
            aggregates: vec![Aggregate {
                field: FieldName::new("amount_total").unwrap(),
                function: AggregateFunction::Sum,
            }],
            ..GroupBy::default()
        };
        let call = crate::grouping::call(capabilities(19).grouping, &model("sale.order"), &group);
        assert_eq!(
            encode(&call, "admin", 2),
            request_body("jsonrpc_formatted_read_group")
        );
    }

    #[test]
    fn read_group_before_19_is_positional_and_not_lazy() {
        let group = GroupBy {
            groupby: vec!["state".into()],
            aggregates: vec![Aggregate {
                field: FieldName::new("amount_total").unwrap(),
                function: AggregateFunction::Sum,
            }],
            order: Some(crate::Order::parse("amount_total:sum desc").unwrap()),
            ..GroupBy::default()
        };
        let call = crate::grouping::call(capabilities(17).grouping, &model("sale.order"), &group);
        let args = &encode(&call, "admin", 2)["params"]["args"];
        let recorded = &request_body("jsonrpc_execute_kw_read_group_sale")["params"]["args"];
        assert_eq!(args[5], recorded[5]);
        assert_eq!(
            args[6],
            json!({"orderby": "amount_total desc", "lazy": false})
        );
    }

    #[test]
    fn name_search_sends_the_domain_positionally() {
        let query = NameSearch {
            domain: Domain::parse(&json!([["is_company", "=", true]])).unwrap(),
            limit: 5,
            ..NameSearch::new("Acme")
        };
        for major in [17, 18, 19] {
            let call = calls::name_search(capabilities(major), &model("res.partner"), &query);
            let args = &encode(&call, "admin", 2)["params"]["args"];
            assert_eq!(args[5], json!(["Acme", [["is_company", "=", true]]]));
            assert_eq!(args[6], json!({"limit": 5}));
        }
        let plain = NameSearch {
            operator: "=ilike".into(),
            ..NameSearch::new("Acme")
        };
        let call = calls::name_search(capabilities(17), &model("res.partner"), &plain);
        let args = &encode(&call, "admin", 2)["params"]["args"];
        assert_eq!(args[5], json!(["Acme"]));
        assert_eq!(args[6], json!({"operator": "=ilike", "limit": 100}));
    }

    #[test]
    fn the_context_goes_into_kwargs() {
        let call = calls::search_count(&model("res.partner"), &Domain::default());
        let body = encode_execute_kw(
            1,
            "demo",
            2,
            &Secret::new("pw"),
            &call,
            &Context::new().lang("nl_BE"),
        );
        assert_eq!(
            body["params"]["args"][6],
            json!({"context": {"lang": "nl_BE"}})
        );
    }

    #[test]
    fn a_method_call_without_ids_has_no_positional_arguments() {
        let call = calls::method(
            &model("res.partner"),
            &crate::MethodName::new("get_something").unwrap(),
            &crate::MethodCall {
                ids: None,
                kwargs: json!({"x": 1}).as_object().unwrap().clone(),
            },
        );
        let args = &encode(&call, "pw", 2)["params"]["args"];
        assert_eq!(args[5], json!([]));
        assert_eq!(args[6], json!({"x": 1}));
    }

    #[test]
    fn authenticate_envelope_is_as_recorded() {
        let body = envelope(
            1,
            "common",
            "authenticate",
            vec!["demo".into(), "admin".into(), "admin".into(), json!({})],
        );
        assert_eq!(body, request_body("jsonrpc_common_authenticate"));
        assert_eq!(
            decode_uid(
                &decode(&reply("jsonrpc_common_authenticate")).unwrap(),
                "demo",
                "admin"
            )
            .unwrap(),
            2
        );
    }

    #[test]
    fn a_refused_login_names_user_and_database() {
        let result = decode(&reply("jsonrpc_common_login_badpass")).unwrap();
        let e = decode_uid(&result, "demo", "admin").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Authentication);
        assert_eq!(
            e.to_string(),
            "login or password/API key refused for user admin on database demo"
        );
    }

    #[test]
    fn decodes_recorded_results() {
        for name in [
            "jsonrpc_execute_kw_search_read",
            "jsonrpc_execute_kw_search_count",
            "jsonrpc_check_access_rights",
            "jsonrpc_name_search",
            "jsonrpc_read_missing_record_returns_empty",
            "jsonrpc_common_version",
            "jsonrpc_formatted_read_group",
        ] {
            assert_eq!(
                decode(&reply(name)).unwrap(),
                sample(name)["response"]["body"]["result"],
                "{name}"
            );
        }
    }

    #[test]
    fn maps_recorded_errors() {
        use ErrorKind::*;
        let cases = [
            ("jsonrpc_error_bad_password", Authentication),
            ("web_session_authenticate_badpass", Authentication),
            ("jsonrpc_error_bad_db", UnknownDatabase),
            ("jsonrpc_error_access_reader_write_users", AccessDenied),
            ("jsonrpc_error_access_reader_config_param", AccessDenied),
            (
                "jsonrpc_error_access_reader_partner_all_fields",
                AccessDenied,
            ),
            ("jsonrpc_error_private_method", AccessDenied),
            ("jsonrpc_error_write_missing_record", MissingRecord),
            ("jsonrpc_error_missing_parent_on_create", MissingRecord),
            ("jsonrpc_error_create_missing_required", Validation),
            ("jsonrpc_error_validation_dup_login", Validation),
            ("jsonrpc_error_usererror_unlink_confirmed_so", Validation),
            ("jsonrpc_error_nonexistent_model", NotFound),
            ("jsonrpc_error_nonexistent_method", NotFound),
            ("jsonrpc_error_bad_operator", Server),
            ("jsonrpc_error_bad_field", Server),
            ("jsonrpc_error_bad_request_shape", Server),
        ];
        for (name, kind) in cases {
            let e = decode(&reply(name)).unwrap_err();
            assert_eq!(e.kind(), kind, "{name}: {e}");
            let text = format!("{e} {e:?}");
            for banned in ["Traceback", "5432", "frames trimmed"] {
                assert!(!text.contains(banned), "{name} leaks {banned:?}: {text}");
            }
        }
        let e = decode(&reply("jsonrpc_error_usererror_unlink_confirmed_so")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."
        );
    }

    #[test]
    fn non_json_pages_map_to_their_status() {
        let page = Reply {
            status: 503,
            is_json: false,
            retry_after: None,
            body: b"<html>Bad gateway</html>".to_vec(),
            redirect: None,
            session_id: None,
        };
        let e = decode(&page).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server);
        assert!(!e.to_string().contains("<html>"));
        let page = Reply {
            status: 200,
            is_json: false,
            retry_after: None,
            body: b"<html>hello</html>".to_vec(),
            redirect: None,
            session_id: None,
        };
        assert_eq!(decode(&page).unwrap_err().kind(), ErrorKind::Decode);
    }
}
