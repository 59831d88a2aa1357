//! `crm.lead.lost`: the "Mark Lost" wizard — the leads from the context's `active_ids`, and
//! `action_lost_reason_apply`, which marks them lost (archived, probability 0) with the
//! reason.

use serde_json::Value;

use super::wizard::call_on;
use super::{Behaviour, SetDefault, set};
use crate::engine::access::{self, Acl, Op};
use crate::engine::methods::Call;
use crate::engine::records;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

pub(super) struct CrmLeadLost;

const LEAD: &str = "crm.lead";

impl Behaviour for CrmLeadLost {
    fn name(&self) -> &'static str {
        "crm.lead.lost"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/crm.lead.lost.json"))
    }
    // crm/security/ir.model.access.csv: salesmen run the wizard.
    fn acl(&self) -> Acl {
        &[(access::SALESMAN, "rwc")]
    }
    /// `lead_ids` defaults to the context's `active_ids`.
    fn defaults(&self, call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        if let Some(Value::Array(ids)) = call.env.context.get("active_ids") {
            let ids: Vec<Value> = ids.iter().filter(|i| i.is_i64()).cloned().collect();
            set("lead_ids", Value::Array(ids));
        }
    }
    fn actions(&self) -> &'static [&'static str] {
        &["action_lost_reason_apply"]
    }
    /// `lead_ids.action_set_lost(lost_reason_id=…)`, as the user.
    fn run_action(&self, call: &Call<'_>, db: &mut Database, method: &str) -> Result<(), Fault> {
        if method != "action_lost_reason_apply" {
            return Err(super::unknown_method(self.name(), method));
        }
        let [wizard] = call.ids.as_slice() else {
            return Err(Fault::new(
                FaultKind::ValueError,
                format!("Expected singleton: {}{:?}", self.name(), call.ids),
            ));
        };
        let leads = records::related_ids(db, call.reg, call.model, *wizard, "lead_ids");
        let reason = records::stored(db, call.reg, call.model, *wizard, "lost_reason_id");
        let lead_call = call_on(call, LEAD, leads)?;
        lead_call.check_records(db, Op::Write, Op::Write)?;
        super::behaviour(LEAD).run_action(&lead_call, db, "action_set_lost")?;
        for lead in &lead_call.ids {
            set(db, LEAD, *lead, "lost_reason_id", reason.clone());
        }
        Ok(())
    }
}
