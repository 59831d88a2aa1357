//! A client's restrictions applied to an instance's policy: [`Policy::narrowed_for`] gives the
//! policy one named client gets. The client's rules are checked before the instance's and can
//! only refuse more: its `allowed_models` never lifts the built-in deny list, its `read_only`
//! holds on a writable instance.

use std::sync::Arc;

use super::patterns::PatternList;
use super::{Policy, PolicyError, Refusal, Rule};
use crate::caller::Restrictions;

/// The part of a client's restrictions that is about models and writes.
#[derive(Debug)]
pub(crate) struct ClientNarrowing {
    name: String,
    pub(crate) read_only: bool,
    allowed: PatternList,
    denied: PatternList,
}

impl ClientNarrowing {
    pub(crate) fn check_model(&self, instance: &str, model: &str) -> Result<(), Refusal> {
        if let Some(p) = self.denied.first_match(model) {
            return Err(Refusal::new(
                Rule::DeniedModels,
                format!(
                    "model `{model}` is refused to client `{}` by its denied_models pattern `{}` \
                     (instance `{instance}`); an administrator can change [server.clients.{}]",
                    self.name,
                    p.text(),
                    self.name
                ),
            ));
        }
        if !self.allowed.is_empty() && self.allowed.first_match(model).is_none() {
            return Err(Refusal::new(
                Rule::AllowedModels,
                format!(
                    "model `{model}` is not in the allowed_models of client `{}` (instance \
                     `{instance}`; allowed: {}); an administrator can change \
                     [server.clients.{}]",
                    self.name,
                    self.allowed.texts().join(", "),
                    self.name
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn check_write(&self, instance: &str) -> Result<(), Refusal> {
        if self.read_only {
            return Err(Refusal::new(
                Rule::ReadOnly,
                format!(
                    "client `{}` is read-only on instance `{instance}`, so creating, changing, \
                     deleting records and calling methods are refused; an administrator can \
                     change [server.clients.{}]",
                    self.name, self.name
                ),
            ));
        }
        Ok(())
    }
}

impl Policy {
    /// This policy as client `client` with `restrictions` gets it: narrower, never wider.
    pub fn narrowed_for(
        &self,
        client: &str,
        restrictions: &Restrictions,
    ) -> Result<Policy, PolicyError> {
        let invalid = PolicyError::at;
        let narrowing = ClientNarrowing {
            name: client.to_owned(),
            read_only: restrictions.read_only,
            allowed: PatternList::new(&restrictions.allowed_models)
                .map_err(invalid("allowed_models"))?,
            denied: PatternList::new(&restrictions.denied_models)
                .map_err(invalid("denied_models"))?,
        };
        let mut policy = self.clone();
        policy.client = Some(Arc::new(narrowing));
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use odoo_client::ModelName;

    use super::*;

    fn model(name: &str) -> ModelName {
        ModelName::new(name).expect("model name")
    }

    fn writable() -> Policy {
        Policy::builder("prod")
            .read_only(false)
            .denied_models(["hr.*"])
            .build()
            .expect("policy")
    }

    #[test]
    fn a_client_narrows_models_and_writes() {
        let restrictions = Restrictions {
            read_only: true,
            allowed_models: vec!["res.partner".into(), "sale.*".into()],
            denied_models: vec!["sale.report".into()],
            ..Restrictions::default()
        };
        let p = writable()
            .narrowed_for("alice", &restrictions)
            .expect("valid");
        assert!(p.read_only());
        assert!(p.check_model(&model("sale.order")).is_ok());
        let refused = p
            .check_model(&model("account.move"))
            .expect_err("not allowed");
        assert_eq!(refused.rule, Rule::AllowedModels);
        assert!(
            refused.message.contains("client `alice`"),
            "{}",
            refused.message
        );
        let refused = p.check_model(&model("sale.report")).expect_err("denied");
        assert_eq!(refused.rule, Rule::DeniedModels);
        let refused = p.check_write(&model("res.partner")).expect_err("read-only");
        assert_eq!(refused.rule, Rule::ReadOnly);
        assert!(
            refused.message.contains("client `alice`"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_client_never_widens_the_instance() {
        let restrictions = Restrictions {
            allowed_models: vec!["hr.employee".into(), "ir.cron".into()],
            ..Restrictions::default()
        };
        let read_only = Policy::builder("prod").build().expect("policy");
        let p = read_only.narrowed_for("bob", &restrictions).expect("valid");
        assert!(p.read_only(), "the instance stays read-only");
        let p = writable()
            .narrowed_for("bob", &restrictions)
            .expect("valid");
        assert_eq!(
            p.check_model(&model("hr.employee"))
                .expect_err("instance denies")
                .rule,
            Rule::DeniedModels
        );
        assert_eq!(
            p.check_model(&model("ir.cron"))
                .expect_err("built-in deny list")
                .rule,
            Rule::BuiltinDeny
        );
    }
}
