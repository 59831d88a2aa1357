//! The policy applied to every name a call carries, before anything is sent to Odoo.
//!
//! A tool's model is checked by [`crate::policy::Policy`]; what the caller names *inside* the
//! call — dotted paths in a domain, `any` sub-domains, `order`, `group_by`, aggregates, nested
//! x2many commands, a method's keyword arguments — is checked here, hop by hop against each
//! model's metadata: a secret field at any hop, or a hop into a model the policy hides, is
//! refused with the rule's name, so no condition, sort or grouping can be used as an oracle on
//! what reads never return.
//!
//! - [`paths`]: one dotted path (`partner_id.country_id.code`) resolved hop by hop;
//! - [`domain`]: every condition of a domain, `any`/`not any` sub-domains included;
//! - [`specs`]: `order`, `group_by` and aggregate specifications;
//! - [`values`]: field values of a write, nested x2many commands recursively;
//! - [`method`]: `call_method`'s keyword arguments and the filtering of its result.

mod domain;
mod method;
mod paths;
mod specs;
mod values;

use std::sync::Arc;

use odoo_client::ModelName;

use crate::error::ToolError;
use crate::instance::Instance;
use crate::metadata::{MetadataCache, ModelMeta};
use crate::policy::Policy;

pub(crate) use method::filter_result;
pub(crate) use values::WriteBudget;

/// Checks the names of one call against one instance's policy, fetching (cached) metadata of
/// the models a path walks through.
pub(crate) struct Guard<'a> {
    instance: &'a Instance,
    metadata: &'a MetadataCache,
}

impl<'a> Guard<'a> {
    /// A guard for calls on `instance`.
    pub(crate) fn new(instance: &'a Instance, metadata: &'a MetadataCache) -> Self {
        Self { instance, metadata }
    }

    fn policy(&self) -> &Policy {
        &self.instance.policy
    }

    /// The fields of `model` (cached); only called for models the policy lets be read.
    async fn meta(&self, model: &ModelName) -> Result<Arc<ModelMeta>, ToolError> {
        Ok(self
            .metadata
            .model(&self.instance.name, &self.instance.client, model)
            .await?)
    }
}
