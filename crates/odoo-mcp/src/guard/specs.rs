//! `order`, `group_by` and aggregate specifications: each names a field path, optionally
//! followed by `:something` (`date_order:month`, `amount_total:sum`) and, for an order, a
//! direction. The path part is resolved like a domain's.

use std::sync::Arc;

use odoo_client::{ModelName, Order};

use super::Guard;
use super::paths::Purpose;
use crate::error::ToolError;
use crate::metadata::ModelMeta;

impl Guard<'_> {
    /// Checks each field path of an `order` (its syntax is the client's [`Order`]).
    pub(crate) async fn check_order(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        order: &Order,
    ) -> Result<(), ToolError> {
        for term in order.terms() {
            self.check_spec(model, Arc::clone(&meta), term.path(), Purpose::Sort)
                .await?;
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
