//! Field values of a create or a write, nested x2many commands included, checked against the
//! policy of every model they reach:
//!
//! - each field must exist, must not be withheld (secret, or a relation into a hidden model)
//!   and must not be write-protected;
//! - `[0, _, values]` (create) and `[1, id, values]` (change) need writes on the related model,
//!   and their values are checked the same way, recursively;
//! - `[2, id]` (delete), `[3, id]` (unlink) and `[5]` (clear) count as deletes or unlinks of
//!   the related model; `[4, id]` (link) and `[6, _, ids]` (replace) need writes on it for a
//!   one2many (they re-parent its records) and only reads for a many2many;
//! - every nested command counts towards `max_records`, once per record the values apply to;
//! - a nested delete (`[2, id]`), or a one2many unlink, clear or replace, makes the whole
//!   write destructive: it needs a person's confirmation like `delete_records` does.

use crate::field_type::FieldType;
use std::sync::Arc;

use odoo_client::{FieldName, ModelName};
use serde_json::{Map, Value};

use super::Guard;
use super::paths::{Purpose, short};
use crate::error::ToolError;
use crate::metadata::{FieldInfo, ModelMeta};
use crate::policy::{Refusal, Rule};
use crate::tools::unknown_field;

/// Commands may nest this deep (an order's lines' taxes is two).
pub(crate) const MAX_COMMAND_DEPTH: usize = 4;

/// How many records one write call may touch, nested commands included, and whether those
/// commands delete records of the related model (a destructive write, to be confirmed).
#[derive(Debug)]
pub(crate) struct WriteBudget {
    max: u32,
    used: u64,
    /// Records each nested command counts for: the values of an update apply to every id.
    per_command: u64,
    /// A nested `[2, id]`, or a one2many `[3, id]`, `[5]`, `[6, _, ids]` or `false`.
    removes: bool,
}

impl WriteBudget {
    /// The budget of an update of `ids` records with one set of values.
    pub(crate) fn update(max: u32, ids: usize) -> Self {
        let ids = ids as u64;
        Self {
            max,
            used: ids,
            per_command: ids.max(1),
            removes: false,
        }
    }

    /// The budget of creating `records` records, each with its own values.
    pub(crate) fn create(max: u32, records: usize) -> Self {
        Self {
            max,
            used: records as u64,
            per_command: 1,
            removes: false,
        }
    }

    /// Whether nested commands delete related records (or may, as a one2many unlink does when
    /// the inverse field is required).
    pub(crate) fn removes_records(&self) -> bool {
        self.removes
    }

    fn spend(&mut self, count: u64, location: &str) -> Result<(), ToolError> {
        self.used = self
            .used
            .saturating_add(count.saturating_mul(self.per_command));
        if self.used > u64::from(self.max) {
            return Err(Refusal::new(
                Rule::MaxRecords,
                format!(
                    "{location}: this call would create, change or delete more than \
                     max_records = {} records (nested commands count, once per record they \
                     apply to): split it into smaller calls",
                    self.max
                ),
            )
            .into());
        }
        Ok(())
    }
}

/// The values of nested creates and changes, with the model they are written on.
type NestedValues<'v> = Vec<(ModelName, &'v Map<String, Value>)>;

/// One set of values waiting to be checked.
struct Pending<'v> {
    model: ModelName,
    meta: Arc<ModelMeta>,
    values: &'v Map<String, Value>,
    depth: usize,
    location: String,
}

impl Guard<'_> {
    /// Checks `values` written on `model`, following nested commands into related models.
    pub(crate) async fn check_values(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        values: &Map<String, Value>,
        budget: &mut WriteBudget,
    ) -> Result<(), ToolError> {
        let mut pending = vec![Pending {
            model: model.clone(),
            meta,
            values,
            depth: 0,
            location: format!("values of {model}"),
        }];
        while let Some(item) = pending.pop() {
            for (name, value) in item.values {
                let location = format!("{}, field `{}`", item.location, short(name));
                FieldName::new(name)?;
                let Some(field) = item.meta.field(name) else {
                    return Err(unknown_field(name, &item.model, &item.meta));
                };
                if field.relation.is_some() || self.policy().is_secret_field(name, &field.ftype) {
                    self.resolve_path(&item.model, Arc::clone(&item.meta), name, Purpose::Write)
                        .await
                        .map_err(|e| e.within(&item.location))?;
                }
                self.policy()
                    .check_field_write(&item.model, name)
                    .map_err(|r| r.within(&item.location))?;
                match field.ftype {
                    FieldType::One2many | FieldType::Many2many => {
                        let nested = self.commands(field, value, budget, &location)?;
                        for (comodel, values) in nested {
                            if item.depth + 1 > MAX_COMMAND_DEPTH {
                                return Err(ToolError::invalid(format!(
                                    "{location}: commands nest more than {MAX_COMMAND_DEPTH} \
                                     levels deep; write the related records in separate calls"
                                )));
                            }
                            let meta = self.meta(&comodel).await?;
                            pending.push(Pending {
                                location: format!("{location} → {comodel}"),
                                model: comodel,
                                meta,
                                values,
                                depth: item.depth + 1,
                            });
                        }
                    }
                    FieldType::Reference => self.reference(value, &location)?,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Checks one x2many field's commands; returns the values of nested creates and changes,
    /// with their model, to be checked next.
    fn commands<'v>(
        &self,
        field: &FieldInfo,
        value: &'v Value,
        budget: &mut WriteBudget,
        location: &str,
    ) -> Result<NestedValues<'v>, ToolError> {
        let comodel = ModelName::new(field.relation.as_deref().unwrap_or_default())?;
        let one2many = field.ftype == FieldType::One2many;
        let policy = self.policy();
        let needs_write = |what: &str| {
            policy
                .check_write(&comodel)
                .map_err(|r| r.within(&format!("{location} ({what} {comodel} records)")))
        };
        let items = match value {
            Value::Array(items) => items,
            Value::Bool(false) | Value::Null => {
                needs_write("clearing the relation unlinks")?;
                budget.removes |= one2many;
                return Ok(Vec::new());
            }
            other => return Err(bad_command(location, other)),
        };
        let mut nested = Vec::new();
        for item in items {
            let command = item.as_array().map(Vec::as_slice).unwrap_or_default();
            let code = command.first().and_then(Value::as_u64);
            match (code, command) {
                (Some(0), [_, _, Value::Object(values)]) => {
                    needs_write("creating")?;
                    budget.spend(1, location)?;
                    nested.push((comodel.clone(), values));
                }
                (Some(1), [_, id, Value::Object(values)]) if record_id(id) => {
                    needs_write("changing")?;
                    budget.spend(1, location)?;
                    nested.push((comodel.clone(), values));
                }
                (Some(2), [_, id, ..]) if record_id(id) && command.len() <= 3 => {
                    needs_write("deleting")?;
                    budget.spend(1, location)?;
                    budget.removes = true;
                }
                (Some(3), [_, id, ..]) if record_id(id) && command.len() <= 3 => {
                    needs_write("unlinking")?;
                    budget.spend(1, location)?;
                    budget.removes |= one2many;
                }
                (Some(4), [_, id, ..]) if record_id(id) && command.len() <= 3 => {
                    if one2many {
                        needs_write("re-parenting")?;
                    }
                    budget.spend(1, location)?;
                }
                (Some(5), _) if command.len() <= 3 => {
                    needs_write("clearing the relation unlinks")?;
                    budget.spend(1, location)?;
                    budget.removes |= one2many;
                }
                (Some(6), [_, _, Value::Array(ids)]) if ids.iter().all(record_id) => {
                    if one2many {
                        needs_write("replacing re-parents and unlinks")?;
                        budget.removes = true;
                    }
                    budget.spend(ids.len().max(1) as u64, location)?;
                }
                _ => return Err(bad_command(location, item)),
            }
        }
        Ok(nested)
    }

    /// A reference field's value `"model,id"` must name a model the policy shows.
    fn reference(&self, value: &Value, location: &str) -> Result<(), ToolError> {
        let Some(text) = value.as_str() else {
            return Ok(());
        };
        let model = text.split(',').next().unwrap_or_default().trim();
        let model = ModelName::new(model)?;
        self.policy()
            .check_model(&model)
            .map_err(|r| r.within(location).into())
    }
}

fn record_id(value: &Value) -> bool {
    value.as_i64().is_some_and(|id| id > 0)
}

fn bad_command(location: &str, got: &Value) -> ToolError {
    let mut shown = got.to_string();
    if shown.len() > 200 {
        shown = format!("{}…", short(&shown));
    }
    ToolError::invalid(format!(
        "{location}: {shown} is not an x2many command. Commands are [0, 0, {{values}}] (create), \
         [1, id, {{values}}] (change), [2, id] (delete), [3, id] (unlink), [4, id] (link), [5] \
         (unlink all), [6, 0, [ids]] (replace), with positive integer ids"
    ))
}
