//! `order`, `group_by` and aggregate specifications: each names a field path, optionally
//! followed by `:something` (`date_order:month`, `amount_total:sum`) and, for an order, a
//! direction. The path part is resolved like a domain's.

use std::sync::Arc;

use odoo_client::ModelName;

use super::Guard;
use super::paths::Purpose;
use crate::error::ToolError;
use crate::metadata::ModelMeta;

impl Guard<'_> {
    /// Checks each field path of an `order` already validated by `tools::validate_order`.
    pub(crate) async fn check_order(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        order: &str,
    ) -> Result<(), ToolError> {
        for part in order.split(',') {
            if let Some(spec) = part.split_whitespace().next() {
                self.check_spec(model, Arc::clone(&meta), spec, Purpose::Sort)
                    .await?;
            }
        }
        Ok(())
    }

    /// Checks a `group_by` entry (`partner_id`, `date_order:month`) or an aggregate
    /// (`amount_total:sum`, `__count`).
    pub(crate) async fn check_spec(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        spec: &str,
        purpose: Purpose,
    ) -> Result<(), ToolError> {
        let path = spec.split(':').next().unwrap_or_default().trim();
        if path == "__count" {
            return Ok(());
        }
        self.resolve_path(model, meta, path, purpose).await?;
        Ok(())
    }
}
