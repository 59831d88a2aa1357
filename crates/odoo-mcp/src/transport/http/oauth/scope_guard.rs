//! Holds a JSON-RPC request against a token's [`Grants`] before the MCP service sees it:
//! `tools/call` of a tool not known to be read-only needs the write scope, and with
//! `odoo.instance:*` scopes the instance a request names (`tools/call` `arguments.instance`,
//! `resources/read` URI, `completion/complete` context; the default instance when none) must
//! be one of them. Only the fields read here are parsed; a duplicated one, a batch, or a body
//! that is not JSON is refused rather than guessed at.

use serde::Deserialize;
use serde_json::Value;

use super::principal::{Grants, ScopeRefusal};
use crate::config::OAuthConfig;
use crate::resources::OdooUri;

/// Longest tool or instance name echoed back in a refusal.
const MAX_ECHO: usize = 100;

/// What to do with a request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Let it through.
    Allow,
    /// HTTP 403 with the request's id.
    Refuse(ScopeRefusal, Value),
    /// HTTP 400: the body cannot be checked.
    Malformed(String),
}

#[derive(Deserialize)]
struct Head {
    id: Option<Value>,
    method: Option<String>,
}

#[derive(Deserialize)]
struct With<P> {
    params: P,
}

#[derive(Deserialize)]
struct ToolCall {
    name: String,
    arguments: Option<InstanceArg>,
}

#[derive(Deserialize)]
struct InstanceArg {
    instance: Option<Value>,
}

#[derive(Deserialize)]
struct ResourceRead {
    uri: String,
}

#[derive(Deserialize)]
struct Complete {
    context: Option<CompleteContext>,
}

#[derive(Deserialize)]
struct CompleteContext {
    arguments: Option<InstanceArg>,
}

/// Checks `body` (one JSON-RPC message) against `grants`.
pub(crate) fn check(
    body: &[u8],
    grants: &Grants,
    config: &OAuthConfig,
    default_instance: &str,
) -> Verdict {
    let head: Head = match serde_json::from_slice(body) {
        Ok(head) => head,
        Err(e) => return Verdict::Malformed(format!("not one JSON-RPC message ({e})")),
    };
    let id = head.id.unwrap_or(Value::Null);
    let params = |what: &str| format!("{what} params cannot be checked");
    let (tool, instance) = match head.method.as_deref() {
        Some("tools/call") => match serde_json::from_slice::<With<ToolCall>>(body) {
            Ok(w) => (
                Some(w.params.name),
                w.params.arguments.and_then(|a| a.instance),
            ),
            Err(e) => return Verdict::Malformed(format!("{} ({e})", params("tools/call"))),
        },
        Some("resources/read") => match serde_json::from_slice::<With<ResourceRead>>(body) {
            Ok(w) => match OdooUri::parse(&w.params.uri) {
                Ok(
                    OdooUri::Models { instance }
                    | OdooUri::Fields { instance, .. }
                    | OdooUri::Record { instance, .. }
                    | OdooUri::Attachment { instance, .. }
                    | OdooUri::Export { instance, .. }
                    | OdooUri::Report { instance, .. },
                ) => (None, Some(Value::String(instance))),
                // Not one of ours: the server answers with an error, no data.
                Err(_) => return Verdict::Allow,
            },
            Err(e) => return Verdict::Malformed(format!("{} ({e})", params("resources/read"))),
        },
        Some("completion/complete") => match serde_json::from_slice::<With<Complete>>(body) {
            Ok(w) => (
                None,
                w.params
                    .context
                    .and_then(|c| c.arguments)
                    .and_then(|a| a.instance),
            ),
            Err(e) => {
                return Verdict::Malformed(format!("{} ({e})", params("completion/complete")));
            }
        },
        _ => return Verdict::Allow,
    };
    if let Some(tool) = &tool {
        let read_only = crate::tools::is_read_tool(tool);
        if !read_only && !grants.write {
            return Verdict::Refuse(
                ScopeRefusal {
                    needed: vec![config.scope_read.clone(), config.scope_write.clone()],
                    message: format!(
                        "the tool {} changes data and needs the scope {}; this token has only {}",
                        echo(tool),
                        config.scope_write,
                        config.scope_read
                    ),
                },
                id,
            );
        }
    }
    let instance = match instance {
        None | Some(Value::Null) => default_instance.to_owned(),
        Some(Value::String(name)) => name,
        Some(_) => return Verdict::Malformed("`instance` must be a string".to_owned()),
    };
    if !grants.allows_instance(&instance) {
        let mut needed = vec![if grants.write {
            config.scope_write.clone()
        } else {
            config.scope_read.clone()
        }];
        needed.extend(
            grants
                .instances
                .iter()
                .flatten()
                .chain(std::iter::once(&instance))
                .map(|i| format!("{}{}", super::principal::INSTANCE_SCOPE_PREFIX, i)),
        );
        needed.dedup();
        let allowed: Vec<&str> = grants
            .instances
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        return Verdict::Refuse(
            ScopeRefusal {
                message: format!(
                    "this token may use the instances {} only, not {}",
                    allowed.join(", "),
                    echo(&instance)
                ),
                needed: needed
                    .into_iter()
                    .filter(|s| crate::config::is_scope_token(s))
                    .collect(),
            },
            id,
        );
    }
    Verdict::Allow
}

/// A client-given name, shortened for an error message.
fn echo(name: &str) -> String {
    let short: String = name.chars().take(MAX_ECHO).collect();
    format!("{short:?}")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::super::test_issuer::config_for;
    use super::*;

    fn grants(write: bool, instances: Option<&[&str]>) -> Grants {
        Grants {
            write,
            instances: instances
                .map(|i| i.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>()),
        }
    }

    fn run(body: &Value, g: &Grants) -> Verdict {
        check(
            body.to_string().as_bytes(),
            g,
            &config_for("https://login.example.com"),
            "prod",
        )
    }

    fn call(tool: &str, instance: Option<&str>) -> Value {
        let mut args = json!({ "model": "res.partner" });
        if let Some(i) = instance {
            args["instance"] = json!(i);
        }
        json!({ "jsonrpc": "2.0", "id": 7, "method": "tools/call",
                "params": { "name": tool, "arguments": args } })
    }

    #[test]
    fn read_scope_reads_but_cannot_write() {
        let read = grants(false, None);
        assert_eq!(run(&call("search_records", None), &read), Verdict::Allow);
        for tool in [
            "create_records",
            "update_records",
            "delete_records",
            "call_method",
            "new_tool",
        ] {
            let Verdict::Refuse(refusal, id) = run(&call(tool, None), &read) else {
                panic!("{tool} should be refused");
            };
            assert_eq!(id, json!(7));
            assert_eq!(refusal.needed, ["odoo.read", "odoo.write"]);
            assert!(
                refusal.message.contains("odoo.write"),
                "{}",
                refusal.message
            );
        }
        assert_eq!(
            run(&call("create_records", None), &grants(true, None)),
            Verdict::Allow
        );
    }

    #[test]
    fn instance_scopes_hold_for_tools_resources_and_completions() {
        let prod_only = grants(true, Some(&["prod"]));
        assert_eq!(
            run(&call("search_records", Some("prod")), &prod_only),
            Verdict::Allow
        );
        assert_eq!(
            run(&call("search_records", None), &prod_only),
            Verdict::Allow,
            "default is prod"
        );
        let Verdict::Refuse(r, _) = run(&call("search_records", Some("staging")), &prod_only)
        else {
            panic!("staging should be refused");
        };
        assert!(
            r.needed.contains(&"odoo.instance:staging".to_owned()),
            "{r:?}"
        );
        // A hostile instance name never reaches the challenge header.
        let Verdict::Refuse(r, _) = run(&call("search_records", Some("x\" y\r\n")), &prod_only)
        else {
            panic!("a foreign instance should be refused");
        };
        assert!(
            r.needed.iter().all(|s| crate::config::is_scope_token(s)),
            "{r:?}"
        );
        assert_eq!(r.needed, ["odoo.write", "odoo.instance:prod"]);
        let staging_only = grants(false, Some(&["staging"]));
        assert!(matches!(
            run(&call("count_records", None), &staging_only),
            Verdict::Refuse(..)
        ));
        let read = json!({ "jsonrpc": "2.0", "id": 1, "method": "resources/read",
                           "params": { "uri": "odoo://prod/res.partner/1" } });
        assert!(matches!(run(&read, &staging_only), Verdict::Refuse(..)));
        let complete = json!({ "jsonrpc": "2.0", "id": 2, "method": "completion/complete",
            "params": { "ref": { "type": "ref/prompt", "name": "explore_model" },
                        "argument": { "name": "model", "value": "res" },
                        "context": { "arguments": { "instance": "staging" } } } });
        assert_eq!(run(&complete, &staging_only), Verdict::Allow);
        assert!(matches!(run(&complete, &prod_only), Verdict::Refuse(..)));
    }

    #[test]
    fn duplicated_fields_batches_and_garbage_are_refused_not_guessed() {
        let read = grants(false, None);
        let dup = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_records","name":"search_records","arguments":{}}}"#;
        assert!(matches!(
            check(dup, &read, &config_for("https://x"), "prod"),
            Verdict::Malformed(_)
        ));
        let dup_instance = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_records","arguments":{"instance":"prod","instance":"staging"}}}"#;
        let prod_only = grants(false, Some(&["prod"]));
        assert!(matches!(
            check(dup_instance, &prod_only, &config_for("https://x"), "prod"),
            Verdict::Malformed(_)
        ));
        let batch = json!([call("create_records", None)]);
        assert!(matches!(run(&batch, &read), Verdict::Malformed(_)));
        assert!(matches!(
            check(b"not json", &read, &config_for("https://x"), "prod"),
            Verdict::Malformed(_)
        ));
        let mut odd = call("search_records", None);
        odd["params"]["arguments"]["instance"] = json!(["prod"]);
        assert!(matches!(run(&odd, &prod_only), Verdict::Malformed(_)));
    }

    #[test]
    fn other_methods_pass() {
        let read = grants(false, Some(&["prod"]));
        for method in [
            "initialize",
            "tools/list",
            "ping",
            "notifications/initialized",
            "prompts/get",
        ] {
            let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": {} });
            assert_eq!(run(&body, &read), Verdict::Allow, "{method}");
        }
    }
}
