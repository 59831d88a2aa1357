//! Every condition of a domain checked: each path hop by hop, and each `any`/`not any`
//! sub-domain against the related model, at any depth (walked with an explicit stack, so a
//! deep domain cannot exhaust the call stack).

use std::sync::Arc;

use odoo_client::ModelName;
use odoo_client::domain::{Domain, Operand};

use super::Guard;
use super::paths::{Purpose, short};
use crate::error::ToolError;
use crate::metadata::ModelMeta;

impl Guard<'_> {
    /// Refuses `domain` on `model` if any condition names a withheld field or goes through a
    /// hidden model.
    pub(crate) async fn check_domain(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        domain: &Domain,
    ) -> Result<(), ToolError> {
        let mut pending: Vec<(ModelName, Arc<ModelMeta>, &Domain)> =
            vec![(model.clone(), meta, domain)];
        while let Some((model, meta, node)) = pending.pop() {
            match node {
                Domain::And(items) | Domain::Or(items) => {
                    for item in items {
                        pending.push((model.clone(), Arc::clone(&meta), item));
                    }
                }
                Domain::Not(inner) => pending.push((model, meta, inner)),
                Domain::True | Domain::False => {}
                Domain::Condition(condition) => {
                    let resolved = self
                        .resolve_path(&model, Arc::clone(&meta), &condition.path, Purpose::Filter)
                        .await?;
                    if let Operand::Domain(sub) = &condition.value {
                        let Some(comodel) = resolved.comodel()? else {
                            return Err(ToolError::invalid(format!(
                                "`{}` is not a relational field, so `{}` cannot take a \
                                 sub-domain",
                                short(&condition.path),
                                condition.operator
                            )));
                        };
                        let comodel_meta = self.meta(&comodel).await?;
                        pending.push((comodel, comodel_meta, sub));
                    }
                }
            }
        }
        Ok(())
    }
}
