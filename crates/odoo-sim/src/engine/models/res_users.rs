//! `res.users`: users — delegation to their contact (`_inherits`), the user defaults and
//! the unique, required login.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl};
use crate::engine::methods::{Call, user_company, validation::not_null};
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

pub(super) struct ResUsers;

impl Behaviour for ResUsers {
    fn name(&self) -> &'static str {
        "res.users"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/res.users.json"))
    }
    fn acl(&self) -> Acl {
        &[(access::USER, "r"), (access::ERP_MANAGER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "name, login",
            rec_names_search: &["name", "login"],
            parent: None,
            inherits: Some(("res.partner", "partner_id")),
        }
    }
    fn defaults(&self, call: &Call<'_>, db: &Database, set: &mut SetDefault<'_>) {
        let company = user_company(db, call.env.uid);
        set("share", Value::Bool(false));
        set("notification_type", Value::from("email"));
        set("group_ids", Value::from(vec![1]));
        set("company_id", Value::from(company));
        set("company_ids", Value::from(vec![company]));
        set("lang", Value::from("en_US"));
        set("type", Value::from("contact"));
        set("autopost_bills", Value::from("ask"));
    }
    fn constraints(
        &self,
        call: &Call<'_>,
        db: &Database,
        model: &Model,
        id: i64,
    ) -> Result<(), Fault> {
        let login = records::stored(db, call.reg, model, id, "login");
        if login.is_null() || login.as_str() == Some("") || login == Value::Bool(false) {
            return Err(not_null(model, "login"));
        }
        let dup = db.table(self.name()).is_some_and(|t| {
            t.rows
                .iter()
                .any(|(k, r)| *k != id && r.get("login") == Some(&login))
        });
        if dup {
            return Err(Fault::new(
                FaultKind::ValidationError,
                "The operation cannot be completed: You can not have two users with the same login!",
            ));
        }
        Ok(())
    }
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        let name = records::stored(db, reg, model, id, "name");
        Some(name.as_str().unwrap_or_default().to_owned())
    }
}
