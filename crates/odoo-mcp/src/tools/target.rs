//! Where a tool call goes: the instance and model ([`Target`]) after the policy allowed them,
//! with the guarded domain and order arguments and the model's metadata.

use std::sync::Arc;

use odoo_client::{Domain, ModelName, Order};
use serde_json::Value;

use super::parse_domain;
use crate::error::ToolError;
use crate::guard::Guard;
use crate::instance::Instance;
use crate::metadata::ModelMeta;
use crate::server::OdooServer;

/// The instance and model a tool call is about, after the policy allowed the model.
pub(crate) struct Target<'a> {
    /// The instance, its client carrying the call's context arguments.
    pub(crate) instance: std::borrow::Cow<'a, Instance>,
    pub(crate) model: ModelName,
}

impl OdooServer {
    /// Resolves `instance` and `model` and checks the policy lets the model be read.
    pub(crate) fn target(
        &self,
        instance: Option<&str>,
        model: &str,
    ) -> Result<Target<'_>, ToolError> {
        let instance = self.instance(instance)?;
        let model = ModelName::new(model.trim())?;
        instance.policy.check_model(&model)?;
        Ok(Target { instance, model })
    }

    /// Resolves `instance` and `model` and checks the policy lets records of the model be
    /// created, changed or deleted (read-only mode first).
    pub(crate) fn write_target(
        &self,
        instance: Option<&str>,
        model: &str,
    ) -> Result<Target<'_>, ToolError> {
        let instance = self.instance(instance)?;
        let model = ModelName::new(model.trim())?;
        instance.policy.check_write(&model)?;
        Ok(Target { instance, model })
    }

    /// The guard that checks the names inside a call on `target`'s instance.
    pub(crate) fn guard<'t>(&'t self, target: &'t Target<'_>) -> Guard<'t> {
        Guard::new(&target.instance, self.metadata())
    }

    /// Parses a domain argument and checks every path in it against the policy.
    pub(crate) async fn checked_domain(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        domain: Option<Vec<Value>>,
    ) -> Result<Domain, ToolError> {
        let domain = parse_domain(domain)?;
        self.guard(target)
            .check_domain(&target.model, Arc::clone(meta), &domain)
            .await?;
        Ok(domain)
    }

    /// Like [`Self::checked_domain`], fetching the model's metadata only when there is a
    /// domain to check.
    pub(crate) async fn checked_domain_lazily(
        &self,
        target: &Target<'_>,
        domain: Option<Vec<Value>>,
    ) -> Result<Domain, ToolError> {
        match domain.filter(|d| !d.is_empty()) {
            None => Ok(Domain::default()),
            Some(items) => {
                let meta = self.meta(target).await?;
                self.checked_domain(target, &meta, Some(items)).await
            }
        }
    }

    /// Parses an `order` argument (blank = none) and checks its paths against the policy.
    pub(crate) async fn checked_order(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        order: Option<&str>,
    ) -> Result<Option<Order>, ToolError> {
        let Some(order) = order.filter(|o| !o.trim().is_empty()) else {
            return Ok(None);
        };
        let order = Order::parse(order)?;
        self.guard(target)
            .check_order(&target.model, Arc::clone(meta), &order)
            .await?;
        Ok(Some(order))
    }

    /// The model's field metadata (cached).
    pub(crate) async fn meta(&self, target: &Target<'_>) -> Result<Arc<ModelMeta>, ToolError> {
        Ok(self
            .metadata()
            .model(
                &target.instance.name,
                &target.instance.client,
                &target.model,
            )
            .await?)
    }
}
