//! The `explore_model` prompt: what a model holds, in four tool calls.

use odoo_client::ModelName;
use rmcp::ErrorData;

use super::Args;

/// The prompt's description and text.
pub(crate) fn build(args: &Args<'_>) -> Result<(String, String), ErrorData> {
    let model = args.required("model")?;
    ModelName::new(&model).map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
    let inst = args.instance_json();
    let m = serde_json::Value::String(model.clone());
    let text = format!(
        "Explore the Odoo model {model} and explain what it holds.\n\
         1. Call describe_model with {{\"model\": {m}{inst}}} to learn its fields (types, \
         required fields, relations to other models, selection values).\n\
         2. Call count_records with {{\"model\": {m}{inst}}} to know how many records exist.\n\
         3. Call search_records with {{\"model\": {m}, \"limit\": 5{inst}}} to see typical records.\n\
         4. If the model has a `state` or `stage_id` field, call aggregate_records with \
         {{\"model\": {m}, \"group_by\": [\"state\"]{inst}}} (or [\"stage_id\"]) to see how \
         records are distributed.\n\
         Then summarise in a few lines: what a record represents, the key fields and their \
         meaning, the related models, and two or three useful domain filters for it \
         (in Odoo prefix notation)."
    );
    Ok((format!("Explore the Odoo model {model}"), text))
}
