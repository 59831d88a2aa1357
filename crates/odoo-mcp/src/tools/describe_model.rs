//! `describe_model`: a model's fields (from `fields_get`, cached), compact, filtered by keyword.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, Target, success};
use crate::error::ToolError;
use crate::metadata::{FieldInfo, ModelMeta};
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "describe_model";

const DESCRIPTION: &str = "A model's fields: type, label, required/readonly, relation, selection values. \
Example: {\"model\": \"sale.order\", \"keyword\": \
\"date\"}.";

/// Help texts are shown when at most this many fields are listed.
const HELP_MAX_FIELDS: usize = 25;

super::tool_params! {
    /// Arguments of `describe_model`.
    pub(crate) struct DescribeModelParams {
        @instance,
        @model,
        /// Text in field names or labels.
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) keyword: Option<String>,
        /// Include read-only fields (default true).
        #[serde(default, deserialize_with = "super::lenient::opt_bool")]
        #[schemars(with = "bool")]
        pub(crate) include_readonly: Option<bool>,
        /// Include non-stored fields (default: only with a keyword).
        #[serde(default, deserialize_with = "super::lenient::opt_bool")]
        #[schemars(with = "bool")]
        pub(crate) include_computed: Option<bool>,
    }
}

super::addressed!(DescribeModelParams, model);

/// One field.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct FieldOutput {
    /// Technical name.
    pub(crate) name: String,
    /// Odoo type: char, text, html, integer, float, monetary, boolean, date, datetime,
    /// selection, many2one, one2many, many2many, binary…
    #[serde(rename = "type")]
    pub(crate) ftype: String,
    /// Label.
    pub(crate) string: String,
    /// Required to create a record.
    pub(crate) required: bool,
    /// Cannot be written.
    pub(crate) readonly: bool,
    /// Stored in the database.
    pub(crate) store: bool,
    /// Related model of a relational field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) relation: Option<String>,
    /// Allowed values of a selection field, as `[value, label]` pairs (the first
    /// ones only when many fields are listed: see `selection_count`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) selection: Vec<(String, String)>,
    /// How many values the selection has, when `selection` shows only the first ones
    /// (describe the field alone, with a keyword, to see them all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub(crate) selection_count: Option<u64>,
    /// Help text (only when few fields are listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) help: Option<String>,
}

/// The result of `describe_model`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct DescribeModelOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model described.
    pub(crate) model: String,
    /// Fields of the model in total (secret fields excluded).
    pub(crate) total_fields: u64,
    /// The fields listed, by name.
    pub(crate) fields: Vec<FieldOutput>,
    /// Secret fields of the model, never shown nor returned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) secret_fields: Vec<String>,
}

#[tool_router(router = describe_model_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Describe a model's fields",
        description = DESCRIPTION,
        output_schema = schema_for_output::<DescribeModelOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn describe_model(
        &self,
        Parameters(p): Parameters<DescribeModelParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_describe_model(p)).await
    }
}

/// One text line per field: `name  type[→relation]  label  flags  [selection]`.
pub(crate) fn field_line(f: &FieldOutput) -> String {
    let mut ftype = f.ftype.clone();
    if let Some(rel) = &f.relation {
        ftype.push('→');
        ftype.push_str(rel);
    }
    let mut flags = Vec::new();
    if f.required {
        flags.push("required");
    }
    if f.readonly {
        flags.push("readonly");
    }
    if !f.store {
        flags.push("computed");
    }
    let mut line = format!(
        "{}\t{}\t{}\t{}",
        f.name,
        ftype,
        render::clean_text(&f.string),
        flags.join(",")
    );
    if !f.selection.is_empty() {
        let values: Vec<String> = f
            .selection
            .iter()
            .map(|(v, l)| format!("{v}={l}"))
            .collect();
        line.push('\t');
        line.push_str(&render::clean_text(&values.join("|")));
        if let Some(total) = f.selection_count {
            line.push_str(&format!("|… ({total} values)"));
        }
    }
    if let Some(help) = &f.help {
        line.push_str("\t— ");
        line.push_str(&render::clean_text(help));
    }
    line.trim_end().to_owned()
}

/// Every visible field of a model as text lines (for the `…/fields` resource).
pub(crate) fn describe_field_lines(target: &Target<'_>, meta: &ModelMeta) -> String {
    let policy = &target.instance.policy;
    let visible: Vec<&FieldInfo> = meta
        .fields
        .values()
        .filter(|f| !render::is_withheld(policy, meta, &f.name))
        .collect();
    let mut text = format!(
        "{}: {} fields. Columns: name, type, label, flags, selection values.",
        target.model,
        visible.len()
    );
    for f in visible {
        text.push('\n');
        text.push_str(&field_line(&output(f, false)));
    }
    text
}

/// Selection values shown per field when many fields are listed (`tz` alone has hundreds).
const SELECTION_PREVIEW: usize = 12;

fn output(f: &FieldInfo, with_help: bool) -> FieldOutput {
    // With few fields listed (a keyword search), everything is shown.
    let cut = !with_help && f.selection.len() > SELECTION_PREVIEW;
    FieldOutput {
        name: f.name.clone(),
        ftype: f.ftype.to_string(),
        string: f.string.clone(),
        required: f.required,
        readonly: f.readonly,
        store: f.store,
        relation: f.relation.clone(),
        selection: if cut {
            f.selection[..SELECTION_PREVIEW].to_vec()
        } else {
            f.selection.clone()
        },
        selection_count: cut.then_some(f.selection.len() as u64),
        help: if with_help { f.help.clone() } else { None },
    }
}

impl OdooServer {
    async fn run_describe_model(
        &self,
        p: DescribeModelParams,
    ) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let meta = self.meta(&target).await?;
        let policy = &target.instance.policy;
        let keyword = p.keyword.unwrap_or_default().trim().to_lowercase();
        let include_readonly = p.include_readonly.unwrap_or(true);
        let include_computed = p.include_computed.unwrap_or(!keyword.is_empty());
        let (secret, visible): (Vec<&FieldInfo>, Vec<&FieldInfo>) = meta
            .fields
            .values()
            .partition(|f| render::is_withheld(policy, &meta, &f.name));
        let listed: Vec<&FieldInfo> = visible
            .iter()
            .copied()
            .filter(|f| include_readonly || !f.readonly)
            .filter(|f| include_computed || f.store)
            .filter(|f| {
                keyword.is_empty()
                    || f.name.to_lowercase().contains(&keyword)
                    || f.string.to_lowercase().contains(&keyword)
            })
            .collect();
        let with_help = listed.len() <= HELP_MAX_FIELDS;
        let fields: Vec<FieldOutput> = listed.iter().map(|f| output(f, with_help)).collect();
        let secret_fields: Vec<String> = secret.iter().map(|f| f.name.clone()).collect();

        let filter = if keyword.is_empty() {
            String::new()
        } else {
            format!(" matching {keyword:?}")
        };
        let mut text = format!(
            "{}: {} fields{filter} (of {}). Columns: name, type, label, flags, selection values.",
            target.model,
            fields.len(),
            visible.len()
        );
        let hidden_computed = visible
            .iter()
            .filter(|f| !include_computed && !f.store && (include_readonly || !f.readonly))
            .count();
        if hidden_computed > 0 {
            text.push_str(&format!(
                " {hidden_computed} non-stored (computed) fields left out: pass \
                 include_computed=true or a keyword to see them."
            ));
        }
        if fields.is_empty() && !keyword.is_empty() {
            text.push_str(" Try another keyword, or none to list every field.");
        }
        if !secret_fields.is_empty() {
            text.push_str(&format!(
                " Secret, never returned: {}.",
                secret_fields.join(", ")
            ));
        }
        for f in &fields {
            text.push('\n');
            text.push_str(&field_line(f));
        }
        let out = DescribeModelOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            total_fields: visible.len() as u64,
            fields,
            secret_fields,
        };
        Ok(success(&out, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn field_lines_are_compact() {
        let state = FieldInfo::from_odoo(
            "state",
            &json!({"type": "selection", "string": "Status", "readonly": true,
                    "selection": [["draft", "Quotation"], ["sale", "Sales Order"]]}),
        );
        assert_eq!(
            field_line(&output(&state, false)),
            "state\tselection\tStatus\treadonly\tdraft=Quotation|sale=Sales Order"
        );
        let partner = FieldInfo::from_odoo(
            "partner_id",
            &json!({"type": "many2one", "string": "Customer", "required": true,
                    "relation": "res.partner", "help": "The customer."}),
        );
        assert_eq!(
            field_line(&output(&partner, true)),
            "partner_id\tmany2one→res.partner\tCustomer\trequired\t— The customer."
        );
    }

    #[test]
    fn long_selections_are_previewed_in_long_listings_only() {
        let values: Vec<Value> = (0..30)
            .map(|i| json!([format!("v{i}"), format!("V{i}")]))
            .collect();
        let tz = FieldInfo::from_odoo(
            "tz",
            &json!({"type": "selection", "string": "Timezone", "selection": values}),
        );
        let listed = output(&tz, false);
        assert_eq!(listed.selection.len(), SELECTION_PREVIEW);
        assert_eq!(listed.selection_count, Some(30));
        assert!(field_line(&listed).ends_with("|… (30 values)"));
        let alone = output(&tz, true);
        assert_eq!(alone.selection.len(), 30);
        assert_eq!(alone.selection_count, None);
    }
}
