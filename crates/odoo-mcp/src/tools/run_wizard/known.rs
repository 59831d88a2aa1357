//! The wizards `run_wizard` knows: one row per wizard, with the button it runs, the records it
//! runs on, the state those records must be in and the fields Odoo fills from the context. A
//! known wizard's own button needs no `allowed_methods` entry (writes on the wizard and on the
//! active model are still checked); other wizards run only when `allowed_methods` names them.

/// One known wizard.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownWizard {
    /// The transient model.
    pub(crate) model: &'static str,
    /// Its button: the method the web client calls on the new wizard.
    pub(crate) action: &'static str,
    /// The models whose records it runs on (`active_model`), the usual one first.
    pub(crate) active_models: &'static [&'static str],
    /// What it does, in a few words.
    pub(crate) purpose: &'static str,
    /// The `state` the active records must be in (empty: any), and how to get them there.
    pub(crate) needs_state: (&'static [&'static str], &'static str),
    /// Wizard fields Odoo fills from `active_ids`: given in `values`, they would run the
    /// wizard on other records than the checked ones.
    pub(crate) from_context: &'static [&'static str],
}

/// The wizards of Odoo's sale, account and crm apps that assistants are asked to run.
pub(crate) const KNOWN_WIZARDS: &[KnownWizard] = &[
    KnownWizard {
        model: "sale.advance.payment.inv",
        action: "create_invoices",
        active_models: &["sale.order"],
        purpose: "create the draft invoices of confirmed sale orders",
        needs_state: (&["sale"], "confirm the order first (action_confirm)"),
        from_context: &["sale_order_ids"],
    },
    KnownWizard {
        model: "account.payment.register",
        action: "action_create_payments",
        active_models: &["account.move", "account.move.line"],
        purpose: "register a payment of posted invoices (amount, journal_id, payment_date)",
        needs_state: (&["posted"], "post the invoice first (action_post)"),
        from_context: &["line_ids"],
    },
    KnownWizard {
        model: "crm.lead.lost",
        action: "action_lost_reason_apply",
        active_models: &["crm.lead"],
        purpose: "mark leads or opportunities lost (lost_reason_id, lost_feedback)",
        needs_state: (&[], ""),
        from_context: &["lead_ids"],
    },
];

/// The known wizard `model`, if any.
pub(crate) fn find(model: &str) -> Option<&'static KnownWizard> {
    KNOWN_WIZARDS.iter().find(|w| w.model == model)
}

impl KnownWizard {
    /// Whether `state` (of an active record) is one the wizard accepts.
    pub(crate) fn accepts_state(&self, state: &str) -> bool {
        self.needs_state.0.is_empty() || self.needs_state.0.contains(&state)
    }

    /// One line for errors: "sale.advance.payment.inv (create the draft invoices …): button
    /// create_invoices on sale.order records".
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} ({}): button {} on {} records",
            self.model,
            self.purpose,
            self.action,
            self.active_models.join(" or ")
        )
    }
}

/// Every known wizard, one line each (for error messages).
pub(crate) fn list() -> String {
    KNOWN_WIZARDS
        .iter()
        .map(KnownWizard::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_each_wizard_once_with_a_public_button_on_some_model() {
        for (i, w) in KNOWN_WIZARDS.iter().enumerate() {
            assert!(odoo_client::ModelName::new(w.model).is_ok(), "{}", w.model);
            let action = odoo_client::MethodName::new(w.action).unwrap();
            assert!(!action.is_private(), "{}", w.action);
            assert!(!w.active_models.is_empty(), "{}", w.model);
            assert!(KNOWN_WIZARDS[i + 1..].iter().all(|o| o.model != w.model));
            assert!(w.needs_state.0.is_empty() == w.needs_state.1.is_empty());
        }
        assert_eq!(
            find("crm.lead.lost").map(|w| w.action),
            Some("action_lost_reason_apply")
        );
        assert!(find("res.partner").is_none());
        assert!(list().contains("sale.advance.payment.inv (create the draft invoices"));
    }
}
