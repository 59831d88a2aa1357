//! JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>`, named arguments in a JSON body,
//! `Authorization: bearer <API key>`, `X-Odoo-Database` when a database is configured.
//! Errors come back as an HTTP status with `{name, message, debug, ...}`.

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use super::fault::{self, OdooFault};
use super::http::{Endpoint, Label, Reply};
use super::{Call, kwargs_with_context, parse_with};
use crate::error::{Error, ErrorKind};
use crate::request::Context;
use crate::secret::Secret;

/// The `X-Odoo-Database` header.
const DATABASE_HEADER: &str = "x-odoo-database";

/// The JSON-2 transport: an API key and an optional database.
#[derive(Debug, Clone)]
pub(crate) struct Json2 {
    api_key: Secret,
    database: Option<String>,
}

impl Json2 {
    /// A transport authenticating with `api_key` on `database` (or the server's default).
    pub(crate) fn new(api_key: Secret, database: Option<String>) -> Self {
        Self { api_key, database }
    }

    /// The headers of every request (the Authorization value is marked sensitive).
    pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        let mut auth = HeaderValue::from_str(&format!("bearer {}", self.api_key.expose()))
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "the API key cannot be sent in an HTTP header",
                )
            })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        if let Some(db) = &self.database {
            let value = HeaderValue::from_str(db).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "the database name cannot be sent in an HTTP header",
                )
            })?;
            headers.insert(HeaderName::from_static(DATABASE_HEADER), value);
        }
        Ok(headers)
    }

    /// Sends one call (one attempt) and reads the result with `seed`.
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
        let (path, body) = encode(call, context);
        let body = serde_json::to_vec(&body).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                "the arguments cannot be encoded as JSON",
            )
            .with_source(e)
        })?;
        let label = Label {
            model: call.model.as_str(),
            method: &call.method,
            protocol: "json2",
        };
        let reply = endpoint
            .post_json(&path, self.headers()?, body, label)
            .await?;
        decode_with(&reply, seed)
    }
}

/// The path and body of a call: `ids`, the named arguments, the keyword arguments, `context`.
pub(crate) fn encode(call: &Call, context: &Context) -> (String, Value) {
    let path = format!("/json/2/{}/{}", call.model, call.method);
    let mut body = Map::new();
    if let Some(ids) = &call.ids {
        body.insert("ids".into(), Value::from(ids.clone()));
    }
    for (name, value) in &call.args {
        body.insert((*name).to_owned(), value.clone());
    }
    body.extend(kwargs_with_context(call, context));
    (path, Value::Object(body))
}

/// Odoo's result as a [`Value`], or the error its status and body describe.
#[cfg(test)]
pub(crate) fn decode(reply: &Reply) -> Result<Value, Error> {
    decode_with(reply, std::marker::PhantomData::<Value>)
}

/// Odoo's result read with `seed`, or the error its status and body describe.
pub(crate) fn decode_with<'de, S: DeserializeSeed<'de>>(
    reply: &'de Reply,
    seed: S,
) -> Result<S::Value, Error> {
    if reply.status == 200 {
        return parse_with(&reply.body, seed)
            .map_err(|e| fault::answer_error("JSON-2 result", &reply.body, e));
    }
    let parsed = reply
        .is_json
        .then(|| serde_json::from_slice::<Value>(&reply.body).ok())
        .flatten();
    if let Some(Value::Object(body)) = &parsed
        && let Some(name) = body.get("name").and_then(Value::as_str)
    {
        let fault = OdooFault {
            name,
            message: body.get("message").and_then(Value::as_str).unwrap_or(""),
            debug: body.get("debug").and_then(Value::as_str),
            status: Some(reply.status),
        };
        let transience = reply.status_error().transience();
        return Err(fault.into_error().with_transience(transience));
    }
    Err(reply.status_error())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

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
    fn fields(names: &[&str]) -> Vec<FieldName> {
        names.iter().map(|n| FieldName::new(n).unwrap()).collect()
    }
    fn record(v: Value) -> crate::Record {
        v.as_object().unwrap().clone()
    }

    /// The call encodes to exactly the recorded path and body.
    fn assert_encodes(name: &str, call: &Call, context: &Context) {
        let (path, body) = encode(call, context);
        assert_eq!(
            path,
            sample(name)["request"]["path"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(body, request_body(name), "{name}");
    }

    #[test]
    fn encodes_every_operation_as_recorded() {
        let partner = model("res.partner");
        let caps = capabilities(19);
        let none = Context::new();
        let read = SearchRead::new(Domain::default())
            .fields(["name"])
            .unwrap()
            .limit(3);
        assert_encodes(
            "json2_search_read",
            &calls::search_read(&partner, &read),
            &none,
        );
        let sale = SearchRead::new(Domain::default())
            .fields([
                "name",
                "partner_id",
                "state",
                "amount_total",
                "date_order",
                "order_line",
                "currency_id",
                "user_id",
            ])
            .unwrap()
            .limit(3)
            .offset(2);
        assert_encodes(
            "json2_search_read_sale_order",
            &calls::search_read(&model("sale.order"), &sale),
            &none,
        );
        let companies = Domain::parse(&json!([["is_company", "=", true]])).unwrap();
        assert_encodes(
            "json2_search_count",
            &calls::search_count(&partner, &companies),
            &none,
        );
        assert_encodes(
            "json2_read_with_ids",
            &calls::read(&partner, &[1, 3], &fields(&["name", "email"])),
            &none,
        );
        let vals = [
            record(json!({"name": "Capture Test A"})),
            record(json!({"name": "Capture Test B", "email": "b@example.com"})),
        ];
        assert_encodes(
            "json2_create_partner_vals_list",
            &calls::create(&partner, &vals),
            &none,
        );
        let write = request_body("json2_write");
        let ids: Vec<i64> = write["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert_encodes(
            "json2_write",
            &calls::write(&partner, &ids, &record(write["vals"].clone())),
            &none,
        );
        assert_encodes("json2_unlink", &calls::unlink(&partner, &[]), &none);
        assert_encodes("json2_copy", &calls::copy(&partner, 9, None), &none);
        let defaults = fields(&["is_company", "active", "lang", "type"]);
        assert_encodes(
            "json2_default_get",
            &calls::default_get(caps, &partner, &defaults),
            &none,
        );
        assert_encodes(
            "json2_has_access",
            &calls::check_access(caps, &partner, Operation::Write, Some(&[1])),
            &none,
        );
        assert_encodes(
            "json2_check_access_rights",
            &calls::check_access(caps, &partner, Operation::Write, None),
            &none,
        );
        let acme = NameSearch {
            limit: 5,
            ..NameSearch::new("Acme")
        };
        assert_encodes(
            "json2_name_search",
            &calls::name_search(caps, &partner, &acme),
            &none,
        );
        let lang = Context::new().lang("en_US");
        let one = SearchRead::new(Domain::default())
            .fields(["name"])
            .unwrap()
            .limit(1);
        assert_encodes(
            "json2_context_lang",
            &calls::search_read(&partner, &one),
            &lang,
        );
        let group = GroupBy {
            groupby: vec!["state".into()],
            aggregates: vec![Aggregate {
                field: FieldName::new("amount_total").unwrap(),
                function: AggregateFunction::Sum,
            }],
            ..GroupBy::default()
        };
        let call = crate::grouping::call(caps.grouping, &model("sale.order"), &group);
        assert_encodes("json2_formatted_read_group", &call, &none);
    }

    #[test]
    fn a_method_call_sends_ids_and_keyword_arguments() {
        let call = calls::method(
            &model("sale.order"),
            &crate::MethodName::new("action_confirm").unwrap(),
            &crate::MethodCall {
                ids: Some(vec![4]),
                kwargs: record(json!({"force": true})),
            },
        );
        let (path, body) = encode(&call, &Context::new().lang("fr_FR"));
        assert_eq!(path, "/json/2/sale.order/action_confirm");
        assert_eq!(
            body,
            json!({"ids": [4], "force": true, "context": {"lang": "fr_FR"}})
        );
    }

    #[test]
    fn name_search_names_its_domain_argument() {
        let query = NameSearch {
            domain: Domain::parse(&json!([["is_company", "=", true]])).unwrap(),
            operator: "=ilike".into(),
            ..NameSearch::new("Acme")
        };
        let call = calls::name_search(capabilities(19), &model("res.partner"), &query);
        let (_, body) = encode(&call, &Context::new());
        assert_eq!(
            body,
            json!({"name": "Acme", "domain": [["is_company", "=", true]], "operator": "=ilike", "limit": 100})
        );
    }

    #[test]
    fn headers_carry_the_key_and_database_and_hide_the_key() {
        let headers = Json2::new("sekret".into(), Some("demo".into()))
            .headers()
            .unwrap();
        let auth = headers.get(AUTHORIZATION).unwrap();
        assert_eq!(auth.to_str().unwrap(), "bearer sekret");
        assert!(auth.is_sensitive());
        assert!(!format!("{headers:?}").contains("sekret"));
        assert_eq!(headers.get(DATABASE_HEADER).unwrap(), "demo");
        let headers = Json2::new("sekret".into(), None).headers().unwrap();
        assert!(headers.get(DATABASE_HEADER).is_none());
    }

    #[test]
    fn decodes_recorded_results() {
        for name in [
            "json2_search_read",
            "json2_search_count",
            "json2_read_with_ids",
            "json2_read_missing_record_returns_empty",
            "json2_create",
            "json2_copy",
            "json2_write",
            "json2_unlink",
            "json2_name_search",
            "json2_default_get",
            "json2_fields_get",
            "json2_has_access",
            "json2_formatted_read_group",
        ] {
            assert_eq!(
                decode(&reply(name)).unwrap(),
                sample(name)["response"]["body"],
                "{name}"
            );
        }
    }

    /// The `fields` a recorded request asked for.
    fn asked(name: &str) -> Vec<FieldName> {
        let names = request_body(name)["fields"].clone();
        let names: Vec<String> = serde_json::from_value(names).unwrap();
        fields(&names.iter().map(String::as_str).collect::<Vec<_>>())
    }

    #[test]
    fn recorded_answers_decode_into_the_rows_of_their_records() {
        use crate::rows::{Layout, RecordsSeed, Rows};
        for (name, method) in [
            ("json2_search_read", "search_read"),
            ("json2_search_read_sale_order", "search_read"),
            ("json2_search_read_partner_relations", "search_read"),
            ("json2_reader_search_read", "search_read"),
            ("json2_read_with_ids", "read"),
            ("json2_read_missing_record_returns_empty", "read"),
        ] {
            let fields = asked(name);
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
    fn a_recorded_web_search_read_gives_many2one_pairs() {
        use crate::rows::{Layout, WebPageSeed};
        let fields = fields(&["name", "country_id", "child_ids"]);
        let layout = Layout::new("web_search_read", &fields, &fields[1..2]);
        let page = decode_with(&reply("json2_web_search_read"), WebPageSeed(&layout)).unwrap();
        assert_eq!(page.length, Some(12));
        let rows = page.rows.unwrap();
        assert_eq!(
            rows[0][..3],
            [
                json!(9),
                json!("Acme Corporation"),
                json!([233, "United States"])
            ]
        );
        // Not a many2one: kept as Odoo sent it.
        assert_eq!(rows[0][3][0], json!({"id": 36, "name": "Addison Olson"}));
    }

    #[test]
    fn an_answer_of_the_wrong_shape_is_a_decode_error_without_values() {
        use crate::rows::{Layout, RecordsSeed};
        let layout = Layout::new("search_read", &fields(&["name", "email"]), &[]);
        let reply = Reply {
            status: 200,
            is_json: true,
            retry_after: None,
            body: br#"[{"id": 1, "name": "Top Secret Ltd"}]"#.to_vec(),
            redirect: None,
            session_id: None,
        };
        let e = decode_with(&reply, RecordsSeed(&layout)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(
            e.to_string()
                .starts_with("search_read returned a record without the field 'email'"),
            "{e}"
        );
        assert!(!format!("{e} {e:?}").contains("Top Secret"), "{e:?}");
    }

    #[test]
    fn maps_recorded_errors() {
        use ErrorKind::*;
        let cases = [
            ("json2_error_bad_key", Authentication),
            ("json2_error_no_auth", Authentication),
            ("json2_error_access_reader_write_users", AccessDenied),
            ("json2_error_access_reader_model", AccessDenied),
            ("json2_error_access_reader_partner_all_fields", AccessDenied),
            ("json2_check_access_reader_users_write", AccessDenied),
            ("json2_error_private_method", AccessDenied),
            ("json2_error_write_missing_record", MissingRecord),
            ("json2_error_create_missing_required", Validation),
            ("json2_error_usererror_unlink_confirmed_so", Validation),
            ("json2_error_validation_dup_login", Validation),
            ("json2_error_nonexistent_model", NotFound),
            ("json2_error_nonexistent_method", NotFound),
            ("json2_error_model_only_path", NotFound),
            ("json2_error_get_method", NotFound),
            ("json2_error_wrong_db_header", UnknownDatabase),
            ("json2_error_ids_on_model_method", BadRequest),
            ("json2_error_invalid_json", BadRequest),
            ("json2_error_unexpected_kwarg", BadRequest),
            ("json2_error_no_content_type", BadRequest),
            ("json2_error_bad_operator", Server),
            ("json2_error_bad_field", Server),
            ("json2_error_bad_field_in_fields", Server),
            ("json2_error_selection_invalid", Server),
            ("json2_error_limit_string", Server),
        ];
        for (name, kind) in cases {
            let e = decode(&reply(name)).unwrap_err();
            assert_eq!(e.kind(), kind, "{name}: {e}");
            let text = format!("{e} {e:?}");
            for banned in [
                "Traceback",
                "<html",
                "<!doctype",
                "<!DOCTYPE",
                "LIMIT",
                "bigint",
                "frames trimmed",
            ] {
                assert!(!text.contains(banned), "{name} leaks {banned:?}: {text}");
            }
        }
    }

    #[test]
    fn keeps_odoo_messages_meant_for_users() {
        let e = decode(&reply("json2_error_create_missing_required")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The operation cannot be completed: Contacts require a name"
        );
        assert_eq!(e.exception(), Some("odoo.exceptions.ValidationError"));
        let e = decode(&reply("json2_error_bad_operator")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Odoo raised ValueError: Invalid operator in condition ('name', 'equals', 'x')"
        );
        let e = decode(&reply("json2_error_limit_string")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the database rejected the request (psycopg2.errors.InvalidTextRepresentation): a value has the wrong type for its field"
        );
        let e = decode(&reply("json2_error_no_content_type")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the server rejected the request (HTTP 415 Unsupported Media Type)"
        );
    }

    #[test]
    fn a_non_json_success_is_a_decode_error_with_an_excerpt() {
        let reply = Reply {
            status: 200,
            is_json: false,
            retry_after: None,
            body: b"<html>login</html>".to_vec(),
            redirect: None,
            session_id: None,
        };
        let e = decode(&reply).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().contains("login"), "{e}");
    }
}
