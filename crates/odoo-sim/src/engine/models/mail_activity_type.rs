//! `mail.activity.type`: the kinds of activity (To-Do, Call, Email, Meeting, …) with their
//! default summary, delay and whether done activities are kept. Readable by every internal
//! user, changed by administrators.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl};
use crate::engine::methods::Call;
use crate::store::Database;

pub(super) struct MailActivityType;

impl Behaviour for MailActivityType {
    fn name(&self) -> &'static str {
        "mail.activity.type"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/mail.activity.type.json"))
    }
    fn acl(&self) -> Acl {
        // mail/security/ir.model.access.csv: read for users, everything for the system group.
        &[(access::USER, "r"), (access::SYSTEM, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "sequence, id",
            ..Settings::DEFAULT
        }
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("delay_unit", Value::from("days"));
        set("delay_from", Value::from("previous_activity"));
        set("chaining_type", Value::from("suggest"));
        set("category", Value::from("default"));
        set("keep_done", Value::Bool(false));
    }
}
