//! `res.partner.category`: contact tags — a hierarchy whose display name is the full path.

use super::{Behaviour, Settings};
use crate::engine::access::{self, Acl};
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::store::{Database, Row};

pub(super) struct ResPartnerCategory;

/// How deep a tag path is followed (a guard against cycles in stored data).
const MAX_DEPTH: usize = 50;

impl Behaviour for ResPartnerCategory {
    fn name(&self) -> &'static str {
        "res.partner.category"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!(
            "../../../data/models/res.partner.category.json"
        ))
    }
    fn acl(&self) -> Acl {
        &[(access::USER, "r"), (access::PARTNER_MANAGER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "name, id",
            rec_names_search: &["name"],
            parent: Some("parent_id"),
            inherits: None,
        }
    }
    fn copy_values(&self, row: &Row, vals: &mut Row) {
        super::res_partner::copy_name(row, vals);
    }
    /// "Parent / Child".
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        let mut names = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let name = records::stored(db, reg, model, c, "name");
            names.push(name.as_str().unwrap_or_default().to_owned());
            cur = records::m2o_id(db, reg, model, c, "parent_id");
            if names.len() > MAX_DEPTH {
                break;
            }
        }
        names.reverse();
        Some(names.join(" / "))
    }
}
