//! Business actions (button methods such as `action_confirm`): the shared access, existence
//! and record-rule step, then the model's own action (`engine/models`).

use serde_json::Value;

use super::Call;
use crate::engine::access::Op;
use crate::engine::models;
use crate::fault::Fault;
use crate::store::Database;

/// Runs the business action `method` on `call.ids`.
pub(crate) fn run(call: &Call<'_>, db: &mut Database, method: &str) -> Result<Value, Fault> {
    let behaviour = models::behaviour(call.name());
    if !behaviour.actions().contains(&method) {
        return Err(models::unknown_method(call.name(), method));
    }
    call.check_records(db, Op::Write, Op::Write)?;
    behaviour.run_action_value(call, db, method)
}
