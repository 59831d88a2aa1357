//! `run_wizard`: runs an Odoo wizard (a transient model) the way the web client does, in one
//! call — creates it with `active_model`/`active_ids`/`active_id` in the context, then presses
//! its button on the new record — and reports the records the returned window action shows.
//!
//! Every part goes through the policy: writes on the wizard model and on the active model, the
//! button (a known wizard's own button, else an `allowed_methods` entry; never a private or
//! denied method), the wizard values (unknown, secret and protected fields, nested commands)
//! and the active ids. It is destructive for `confirm_writes`: the dry run shows the active
//! records with their state, the wizard values and the button.

mod known;

use odoo_client::{Domain, MethodCall, MethodName, ModelName, SearchRead};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::dry_run::Preview;
use super::{Parameters, Target, success, validate_ids};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::guard::{WriteBudget, filter_result};
use crate::metadata::ModelSource;
use crate::render;
use crate::server::OdooServer;
use known::KnownWizard;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "run_wizard";

const DESCRIPTION: &str = "Run an Odoo wizard (transient model) on records, as the web client does. \
Known: sale.advance.payment.inv/create_invoices (sale.order), \
account.payment.register/action_create_payments (account.move), \
crm.lead.lost/action_lost_reason_apply (crm.lead). Example: {\"wizard\": \"crm.lead.lost\", \
\"action\": \"action_lost_reason_apply\", \"active_ids\": [7], \"values\": {\"lost_reason_id\": 1}}.";

/// Most records of a returned window action named in the result.
const MAX_OPENED: usize = 20;

/// Longest button result shown as text.
const MAX_RESULT_CHARS: usize = 500;

super::tool_params! {
    /// Arguments of `run_wizard`.
    pub(crate) struct RunWizardParams {
        @instance,
        pub(crate) wizard: String,
        /// Its button.
        pub(crate) action: String,
        /// Model of the records it runs on (default: the known wizard's).
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) active_model: Option<String>,
        /// Records it runs on.
        #[serde(deserialize_with = "super::lenient::ids")]
        pub(crate) active_ids: Vec<i64>,
        /// Wizard fields.
        #[serde(default)]
        #[schemars(with = "Map<String, Value>")]
        pub(crate) values: Option<Map<String, Value>>,
        @dry_run,
        @confirm,
    }
}

impl super::Addressed for RunWizardParams {
    fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }
    fn model(&self) -> Option<&str> {
        Some(&self.wizard)
    }
}

/// The records a wizard's window action shows.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct Opened {
    /// Their model, e.g. `account.move`.
    pub(crate) model: String,
    /// Their ids and display names.
    #[schemars(with = "Vec<super::AnyValue>")]
    pub(crate) records: Vec<Value>,
}

/// The result of `run_wizard`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct RunWizardOutput {
    /// The instance written to.
    pub(crate) instance: String,
    /// The wizard's model.
    pub(crate) wizard: String,
    /// The button run.
    pub(crate) action: String,
    /// The model of the records it ran on.
    pub(crate) active_model: String,
    /// The records it ran on.
    pub(crate) active_ids: Vec<i64>,
    /// The wizard record created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) wizard_id: Option<i64>,
    /// The records the returned window action shows (e.g. the invoice created).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) opened: Option<Opened>,
    /// What the button returned, when it is not a window action (often `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::AnyValue>")]
    pub(crate) result: Option<Value>,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = run_wizard_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Run a wizard",
        description = DESCRIPTION,
        output_schema = schema_for_output::<RunWizardOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    async fn run_wizard(
        &self,
        approver: Approver,
        Parameters(p): Parameters<RunWizardParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_run_wizard(&approver, p)).await
    }
}

/// The checked parts of a call.
struct Checked<'a> {
    wizard: Target<'a>,
    active: Target<'a>,
    action: MethodName,
    known: Option<&'static KnownWizard>,
    values: Map<String, Value>,
    active_ids: Vec<i64>,
}

impl Checked<'_> {
    /// The output around a preview or a run.
    fn output(&self, outcome: WriteOutcome) -> RunWizardOutput {
        RunWizardOutput {
            instance: self.wizard.instance.name.clone(),
            wizard: self.wizard.model.to_string(),
            action: self.action.to_string(),
            active_model: self.active.model.to_string(),
            active_ids: self.active_ids.clone(),
            wizard_id: None,
            opened: None,
            result: None,
            outcome,
        }
    }

    /// One line for the person asked to confirm.
    fn summary(&self) -> String {
        let with = if self.values.is_empty() {
            String::new()
        } else {
            let values = Value::Object(self.values.clone());
            format!(" with {}", render::compact_json(&values, 300))
        };
        format!(
            "Run wizard {}.{} on {} ids {}{with}.",
            self.wizard.model,
            self.action,
            self.active.model,
            render::id_summary(&self.active_ids)
        )
    }
}

impl OdooServer {
    async fn run_run_wizard(
        &self,
        approver: &Approver,
        p: RunWizardParams,
    ) -> Result<CallToolResponse, ToolError> {
        let c = self.check_wizard_call(&p).await?;
        let operation = serde_json::json!({"tool": NAME, "instance": c.wizard.instance.name,
            "wizard": c.wizard.model.as_str(), "action": c.action.as_str(),
            "active_model": c.active.model.as_str(), "active_ids": c.active_ids,
            "values": c.values});
        let request = WriteRequest {
            kind: WriteKind::Wizard,
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary: c.summary(),
        };
        if let Some(held) = self.hold_write(approver, &c.wizard, request).await? {
            let preview = self.wizard_preview(&c).await?;
            let n = c.active_ids.len();
            let headline = format!(
                "would create the wizard {} with the values below (\"new record\") and run its \
                 button {} on {n} {} record{}.",
                c.wizard.model,
                c.action,
                c.active.model,
                if n == 1 { "" } else { "s" }
            );
            return Ok(held.result(preview, &headline, &c.wizard, |o| c.output(o)));
        }
        let (wizard_id, mut result) = self.press(&c).await?;
        let opened = self.opened_records(&c.wizard, &result).await;
        let mut text = format!(
            "Ran {}.{} on {} ids {}",
            c.wizard.model,
            c.action,
            c.active.model,
            render::id_summary(&c.active_ids)
        );
        let mut out = c.output(WriteOutcome::default());
        out.wizard_id = Some(wizard_id);
        match opened {
            Some(o) => {
                let shown: Vec<String> = o.records.iter().map(record_label).collect();
                text.push_str(&format!(": it shows {} {}.", o.model, shown.join(", ")));
                out.opened = Some(o);
            }
            None => {
                filter_result(&c.wizard.instance.policy, &mut result);
                let shown = render::compact_json(&result, MAX_RESULT_CHARS);
                text.push_str(&format!(": done. Result: {shown}"));
                out.result = Some(result);
            }
        }
        Ok(success(&out, text).into())
    }

    /// The dry run: the active records (name, state, and what the known wizard would refuse),
    /// then the wizard's values as a new record.
    async fn wizard_preview(&self, c: &Checked<'_>) -> Result<Preview, ToolError> {
        let active_meta = self.meta(&c.active).await?;
        let mut preview = self
            .preview_records(&c.active, &active_meta, &c.active_ids, false)
            .await?;
        if let Some(known) = c.known {
            for record in &preview.records {
                if let Some(state) = &record.state
                    && !known.accepts_state(state)
                {
                    preview.problems.push(format!(
                        "{} is in state `{state}`: {} runs on {} records in state {} only; {}.",
                        record.name.as_deref().unwrap_or("a record"),
                        known.model,
                        c.active.model,
                        known.needs_state.0.join(" or "),
                        known.needs_state.1
                    ));
                }
            }
        }
        let wizard_meta = self.meta(&c.wizard).await?;
        let form = self
            .preview_create(&c.wizard, &wizard_meta, std::slice::from_ref(&c.values))
            .await?;
        preview.records.extend(form.records);
        preview.problems.extend(form.problems);
        Ok(preview)
    }

    /// What the web client does: creates the wizard with the active records in the context,
    /// then calls its button on it. The new wizard's id and what the button returned.
    async fn press(&self, c: &Checked<'_>) -> Result<(i64, Value), ToolError> {
        let client = &c.wizard.instance.client;
        let first = c
            .active_ids
            .first()
            .map_or(Value::Null, |id| Value::from(*id));
        let context = client
            .context()
            .clone()
            .set("active_model", Value::from(c.active.model.as_str()))
            .set("active_ids", Value::from(c.active_ids.clone()))
            .set("active_id", first);
        let client = client.with_context(context);
        let created = client
            .create(&c.wizard.model, std::slice::from_ref(&c.values))
            .await?;
        let wizard_id = created.first().copied().ok_or_else(|| {
            ToolError::invalid(format!("Odoo created no {} record", c.wizard.model))
        })?;
        let call = MethodCall {
            ids: Some(vec![wizard_id]),
            kwargs: Map::new(),
        };
        let result = client.call(&c.wizard.model, &c.action, &call).await?;
        Ok((wizard_id, result))
    }

    /// Checks every part of the call against the policy and the known wizards.
    async fn check_wizard_call(&self, p: &RunWizardParams) -> Result<Checked<'_>, ToolError> {
        let wizard = self.write_target(p.instance.as_deref(), &p.wizard)?;
        let action = MethodName::new(p.action.trim())?;
        let known = known::find(wizard.model.as_str());
        let active_model = match (p.active_model.as_deref().map(str::trim), known) {
            (Some(m), _) if !m.is_empty() => m.to_owned(),
            (_, Some(k)) => k.active_models[0].to_owned(),
            _ => {
                return Err(ToolError::invalid(format!(
                    "`active_model` is missing: name the model of the records {} runs on \
                     (e.g. \"sale.order\"). Known wizards: {}",
                    wizard.model,
                    known::list()
                )));
            }
        };
        if let Some(k) = known
            && !k.active_models.contains(&active_model.as_str())
        {
            return Err(ToolError::invalid(format!(
                "{} needs active_model {} (the records it runs on), not {active_model}",
                k.model,
                k.active_models.join(" or ")
            )));
        }
        let active = self.write_target(p.instance.as_deref(), &active_model)?;
        let known_button = known.is_some_and(|k| k.action == action.as_str());
        wizard
            .instance
            .policy
            .check_wizard_button(&wizard.model, &action, known_button)
            .map_err(|r| match known.filter(|_| !known_button) {
                Some(k) => ToolError::from(r).within(&format!(
                    "{} is a known wizard whose button is {}; {action} is another method",
                    k.model, k.action
                )),
                None => r.into(),
            })?;
        validate_ids(&p.active_ids, wizard.instance.policy.max_records())?;
        self.check_transient(&wizard).await?;
        let mut values = p.values.clone().unwrap_or_default();
        if let Some(k) = known
            && let Some(field) = values.keys().find(|f| k.from_context.contains(&f.as_str()))
        {
            return Err(ToolError::invalid(format!(
                "`values.{field}` is filled by Odoo from `active_ids`: give the records in \
                 `active_ids` (checked by this server), not in the wizard values"
            )));
        }
        let meta = self.meta(&wizard).await?;
        if !values.is_empty() {
            super::values::prepare(&mut values, &meta, &wizard)?;
        }
        let mut budget = WriteBudget::create(wizard.instance.policy.max_records(), 1);
        self.guard(&wizard)
            .check_values(&wizard.model, meta, &values, &mut budget)
            .await?;
        values.retain(|_, v| !v.is_null());
        Ok(Checked {
            wizard,
            active,
            action,
            known,
            values,
            active_ids: p.active_ids.clone(),
        })
    }

    /// Refuses a model that is not a wizard when the instance's model list (from `ir.model`,
    /// which lists regular models only) names it: use the other write tools for those.
    async fn check_transient(&self, wizard: &Target<'_>) -> Result<(), ToolError> {
        let models = self
            .metadata()
            .models(&wizard.instance.name, &wizard.instance.client)
            .await;
        if let Ok(models) = models
            && models.source == ModelSource::IrModel
            && models
                .entries
                .iter()
                .any(|e| e.model == wizard.model.as_str())
        {
            return Err(ToolError::invalid(format!(
                "{} is a regular model, not a wizard (transient model): use create_records, \
                 update_records or call_method for it. Known wizards: {}",
                wizard.model,
                known::list()
            )));
        }
        Ok(())
    }

    /// The records an `ir.actions.act_window` result shows (`res_id`, or a domain on ids),
    /// with their display names when the policy lets their model be read.
    async fn opened_records(&self, wizard: &Target<'_>, result: &Value) -> Option<Opened> {
        if result.get("type").and_then(Value::as_str) != Some("ir.actions.act_window") {
            return None;
        }
        let model = result.get("res_model").and_then(Value::as_str)?;
        let mut ids: Vec<i64> = match result.get("res_id").and_then(Value::as_i64) {
            Some(id) if id > 0 => vec![id],
            _ => ids_of_domain(result.get("domain")?),
        };
        ids.truncate(MAX_OPENED);
        let names = match ModelName::new(model) {
            Ok(name) if wizard.instance.policy.check_model(&name).is_ok() && !ids.is_empty() => {
                let query = SearchRead::new(Domain::ids(&ids))
                    .fields(["display_name"])
                    .ok()?
                    .limit(ids.len() as u64);
                wizard
                    .instance
                    .client
                    .search_read(&name, &query)
                    .await
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let records = ids
            .iter()
            .map(|id| {
                let name = names
                    .iter()
                    .find(|r| r.get("id").and_then(Value::as_i64) == Some(*id))
                    .and_then(|r| r.get("display_name").cloned());
                match name {
                    Some(name) => serde_json::json!({"id": id, "display_name": name}),
                    None => serde_json::json!({"id": id}),
                }
            })
            .collect();
        Some(Opened {
            model: model.to_owned(),
            records,
        })
    }
}

/// "S00042 (#42)", or "#42" without a name.
fn record_label(record: &Value) -> String {
    match (record.get("id"), record.get("display_name")) {
        (Some(id), Some(Value::String(name))) => format!("{name} (#{id})"),
        (Some(id), _) => format!("#{id}"),
        _ => String::new(),
    }
}

/// The ids of a window action's domain `[("id", "in", ids)]` (or `("id", "=", id)`).
fn ids_of_domain(domain: &Value) -> Vec<i64> {
    domain
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .filter(|c| c.first().and_then(Value::as_str) == Some("id"))
        .flat_map(|c| match (c.get(1).and_then(Value::as_str), c.get(2)) {
            (Some("in"), Some(Value::Array(ids))) => ids.iter().filter_map(Value::as_i64).collect(),
            (Some("="), Some(id)) => id.as_i64().into_iter().collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_ids_of_a_window_action_domain_are_found() {
        assert_eq!(
            ids_of_domain(&json!([["id", "in", [3, 4]], ["state", "=", "draft"]])),
            vec![3, 4]
        );
        assert_eq!(ids_of_domain(&json!([["id", "=", 9]])), vec![9]);
        assert!(ids_of_domain(&json!([["partner_id", "in", [1]]])).is_empty());
        assert!(ids_of_domain(&json!("[('id', 'in', [1])]")).is_empty());
    }

    #[test]
    fn the_description_names_every_known_wizard_with_its_button_and_model() {
        for w in known::KNOWN_WIZARDS {
            let named = format!("{}/{} ({})", w.model, w.action, w.active_models[0]);
            assert!(DESCRIPTION.contains(&named), "{named} missing");
        }
    }
}
