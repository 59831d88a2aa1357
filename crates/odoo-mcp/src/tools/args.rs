//! The tool-argument extractor: parses a call's arguments into a tool's parameter struct and,
//! when they do not fit, gives an error the model can act on (which argument, what is wrong,
//! and the arguments the tool takes) as a tool result rather than a protocol error.
//!
//! The `#[tool]` macro takes the input schema of any argument type named `Parameters`, so
//! the tools use this one instead of rmcp's.

use std::any::Any;

use rmcp::ErrorData;
use rmcp::handler::server::common::{FromContextPart, schema_for_type};
use rmcp::handler::server::tool::ToolCallContext;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ToolError;

/// A tool's parsed arguments, or why they could not be parsed (shown to the caller).
#[derive(Debug)]
pub(crate) struct Parameters<P>(pub(crate) Result<P, ToolError>);

impl<P: JsonSchema> JsonSchema for Parameters<P> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        P::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        P::json_schema(generator)
    }
}

impl<S, P> FromContextPart<ToolCallContext<'_, S>> for Parameters<P>
where
    P: DeserializeOwned + JsonSchema + Any,
{
    fn from_context_part(context: &mut ToolCallContext<'_, S>) -> Result<Self, ErrorData> {
        let arguments = context.arguments.take().unwrap_or_default();
        Ok(Parameters(parse::<P>(&context.name, arguments)))
    }
}

/// Parses `arguments` of the tool `tool` into `P`.
pub(crate) fn parse<P>(tool: &str, arguments: Map<String, Value>) -> Result<P, ToolError>
where
    P: DeserializeOwned + JsonSchema + Any,
{
    let schema = schema_for_type::<P>();
    let known = ArgumentList::of(&schema);
    if let Some(unknown) = arguments.keys().find(|k| !known.has(k)) {
        let hint = match suggestion(unknown, &known) {
            Some(s) => format!(" Did you mean `{s}`?"),
            None => String::new(),
        };
        return Err(ToolError::invalid(format!(
            "{tool} has no argument `{unknown}`.{hint} {}",
            known.describe()
        )));
    }
    serde_path_to_error::deserialize(Value::Object(arguments)).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let what = if path == "." || path.is_empty() {
            inner.replace("missing field", "missing argument")
        } else {
            format!("`{path}`: {inner}")
        };
        ToolError::invalid(format!("{tool}: {what}. {}", known.describe()))
    })
}

/// The argument names of a tool, from its input schema.
struct ArgumentList {
    names: Vec<String>,
    required: Vec<String>,
}

impl ArgumentList {
    fn of(schema: &Map<String, Value>) -> Self {
        let names = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Self { names, required }
    }

    fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// "Arguments: model (required), domain, …" — what the caller should send instead.
    fn describe(&self) -> String {
        let list: Vec<String> = self
            .names
            .iter()
            .map(|n| {
                if self.required.contains(n) {
                    format!("{n} (required)")
                } else {
                    n.clone()
                }
            })
            .collect();
        format!("Arguments: {}.", list.join(", "))
    }
}

/// Names models often use for our arguments (our name, their names).
const ALIASES: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "filters",
            "filter",
            "where",
            "domain_filter",
            "conditions",
            "search_domain",
            "criteria",
        ],
    ),
    (
        "fields",
        &[
            "fields_list",
            "field_names",
            "field_list",
            "columns",
            "select",
            "attributes",
        ],
    ),
    (
        "ids",
        &["id", "record_ids", "res_ids", "record_id", "res_id"],
    ),
    ("limit", &["max", "max_results", "page_size", "size", "top"]),
    ("offset", &["skip", "start", "page_offset"]),
    ("order", &["order_by", "sort", "sort_by", "orderby"]),
    ("model", &["model_name", "res_model", "object", "table"]),
    ("group_by", &["groupby", "group", "groups", "grouping"]),
    ("aggregates", &["measures", "aggregations", "aggregate"]),
    ("values", &["vals", "data", "changes", "updates"]),
    ("records", &["vals_list", "values", "data", "record"]),
    ("kwargs", &["args", "params", "arguments", "parameters"]),
    ("name", &["query", "search", "term", "text"]),
    ("keyword", &["query", "search", "filter", "name"]),
    ("operation", &["mode", "access", "permission"]),
];

/// The tool's argument most likely meant by `unknown`.
fn suggestion<'a>(unknown: &str, known: &'a ArgumentList) -> Option<&'a str> {
    let lower = unknown.to_ascii_lowercase();
    let by_alias = ALIASES
        .iter()
        .filter(|(_, others)| others.contains(&lower.as_str()))
        .find_map(|(ours, _)| known.names.iter().find(|n| n == ours));
    let by_case = || known.names.iter().find(|n| **n == lower);
    let by_stem = || {
        known
            .names
            .iter()
            .find(|n| n.len() >= 4 && (lower.starts_with(n.as_str()) || n.starts_with(&lower)))
    };
    by_alias
        .or_else(by_case)
        .or_else(by_stem)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Args {
        model: String,
        #[serde(default)]
        domain: Option<Vec<Value>>,
        #[serde(default)]
        limit: Option<u32>,
    }

    fn message(args: Value) -> String {
        let Value::Object(map) = args else {
            panic!("object")
        };
        parse::<Args>("search_records", map)
            .expect_err("should fail")
            .message()
    }

    #[test]
    fn unknown_arguments_name_the_right_one_and_list_all() {
        for wrong in ["filters", "where", "domain_filter", "Filter"] {
            let m = message(json!({"model": "res.partner", wrong: []}));
            assert!(
                m.contains(&format!("search_records has no argument `{wrong}`"))
                    && m.contains("Did you mean `domain`?")
                    && m.contains("Arguments: model (required), domain, limit."),
                "{m}"
            );
        }
        let m = message(json!({"model": "res.partner", "colour": 1}));
        assert!(!m.contains("Did you mean"), "{m}");
        assert!(m.contains("Arguments: model (required)"), "{m}");
    }

    #[test]
    fn type_errors_name_the_argument() {
        let m = message(json!({"model": "res.partner", "limit": "ten"}));
        assert!(m.contains("`limit`: invalid type: string \"ten\""), "{m}");
        assert!(m.contains("Arguments: model (required)"), "{m}");
        let m = message(json!({"domain": []}));
        assert!(m.contains("missing argument `model`"), "{m}");
    }

    #[test]
    fn good_arguments_parse() {
        let Value::Object(map) = json!({"model": "res.partner", "limit": 3}) else {
            panic!("object")
        };
        let args = parse::<Args>("search_records", map).expect("parses");
        assert_eq!(args.model, "res.partner");
        assert_eq!(args.domain, None);
        assert_eq!(args.limit, Some(3));
    }
}
