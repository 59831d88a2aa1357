//! `check_access`: whether an operation on a model (or on records) would be allowed, by this
//! server's policy and by Odoo's access rights, each reported separately.

use odoo_client::Operation;
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, success, validate_ids};
use crate::error::ToolError;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "check_access";

const DESCRIPTION: &str = "Whether read, write, create or unlink is allowed on a model or records, by the policy \
and by Odoo. Example: {\"model\": \"sale.order\", \"operation\": \"write\", \"ids\": \
[12]}.";

super::tool_params! {
    /// Arguments of `check_access`.
    pub(crate) struct CheckAccessParams {
        @instance,
        @model,
        /// `unlink` is delete.
        #[schemars(extend("enum" = ["read", "write", "create", "unlink"]))]
        pub(crate) operation: String,
        /// Records to check; omit for the model-level right.
        #[serde(default, deserialize_with = "super::lenient::opt_ids")]
        #[schemars(with = "Vec<i64>")]
        pub(crate) ids: Option<Vec<i64>>,
    }
}

super::addressed!(CheckAccessParams, model);

/// The result of `check_access`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CheckAccessOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model checked.
    pub(crate) model: String,
    /// The operation checked.
    pub(crate) operation: String,
    /// True when both the policy and Odoo allow it.
    pub(crate) allowed: bool,
    /// Whether this server's policy allows it.
    pub(crate) policy_allowed: bool,
    /// Why the policy refuses, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) policy_message: Option<String>,
    /// Whether the Odoo user has the right (absent when Odoo could not be asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub(crate) odoo_allowed: Option<bool>,
    /// Why Odoo could not be asked, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) odoo_message: Option<String>,
}

#[tool_router(router = check_access_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Check access rights",
        description = DESCRIPTION,
        output_schema = schema_for_output::<CheckAccessOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn check_access(&self, Parameters(p): Parameters<CheckAccessParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_check_access(p)).await
    }
}

fn parse_operation(op: &str) -> Result<Operation, ToolError> {
    match op.trim().to_ascii_lowercase().as_str() {
        "read" => Ok(Operation::Read),
        "write" | "update" => Ok(Operation::Write),
        "create" => Ok(Operation::Create),
        "unlink" | "delete" => Ok(Operation::Unlink),
        other => Err(ToolError::invalid(format!(
            "operation {other:?} is not one of read, write, create, unlink"
        ))),
    }
}

impl OdooServer {
    async fn run_check_access(&self, p: CheckAccessParams) -> Result<CallToolResult, ToolError> {
        let instance = self.instance(p.instance.as_deref())?;
        let model = odoo_client::ModelName::new(p.model.trim())?;
        let operation = parse_operation(&p.operation)?;
        if let Some(ids) = &p.ids {
            validate_ids(ids, instance.policy.max_records())?;
        }
        let verdict = match operation {
            Operation::Read => instance.policy.check_model(&model),
            _ => instance.policy.check_write(&model),
        };
        let policy_message = verdict.err().map(|r| r.message);
        let policy_allowed = policy_message.is_none();
        // Odoo is asked even when the policy refuses: both answers help the user.
        let (odoo_allowed, odoo_message) = match instance
            .client
            .check_access(&model, operation, p.ids.as_deref())
            .await
        {
            Ok(allowed) => (Some(allowed), None),
            Err(e) => (None, Some(ToolError::from(e).message())),
        };
        let op = operation.as_str();
        let on = match &p.ids {
            Some(ids) => format!("{model} records {}", crate::render::id_summary(ids)),
            None => model.to_string(),
        };
        let allowed = policy_allowed && odoo_allowed == Some(true);
        let mut text = format!(
            "{op} on {on}: {}.",
            if allowed { "ALLOWED" } else { "NOT ALLOWED" }
        );
        match &policy_message {
            None => text.push_str(" Server policy: allowed."),
            Some(m) => text.push_str(&format!(" Server policy: refused — {m}.")),
        }
        match (odoo_allowed, &odoo_message) {
            (Some(true), _) => text.push_str(" Odoo user rights: allowed."),
            (Some(false), _) => {
                text.push_str(" Odoo user rights: refused (the Odoo user lacks this right).")
            }
            (None, Some(m)) => text.push_str(&format!(" Odoo user rights: unknown — {m}")),
            (None, None) => {}
        }
        let out = CheckAccessOutput {
            instance: instance.name.clone(),
            model: model.to_string(),
            operation: op.to_owned(),
            allowed,
            policy_allowed,
            policy_message,
            odoo_allowed,
            odoo_message,
        };
        Ok(success(&out, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_accept_common_synonyms() {
        assert_eq!(parse_operation("Write").unwrap(), Operation::Write);
        assert_eq!(parse_operation("delete").unwrap(), Operation::Unlink);
        assert!(
            parse_operation("drop")
                .unwrap_err()
                .message()
                .contains("not one of read")
        );
    }
}
