//! One dotted path (`partner_id.country_id.code`) resolved hop by hop against the models it
//! walks through: every hop must be a known field, none may be withheld (a secret, or a
//! relation into a model the policy hides), and only a relational field leads further.

use crate::field_type::FieldType;
use std::sync::Arc;

use odoo_client::{FieldName, ModelName};

use super::Guard;
use crate::error::ToolError;
use crate::metadata::{FieldInfo, ModelMeta};
use crate::policy::{Refusal, Withheld};
use crate::tools::unknown_field;

/// At most this many hops in one path (Odoo has no limit; nobody needs more).
pub(crate) const MAX_HOPS: usize = 8;

/// Parts of a date a domain may name after a date field (`date_order.month_number`, Odoo 18+).
const DATE_PARTS: &[&str] = &[
    "year_number",
    "quarter_number",
    "month_number",
    "iso_week_number",
    "day_of_week",
    "day_of_month",
    "day_of_year",
    "hour_number",
    "minute_number",
    "second_number",
];

/// What a path is used for; named in refusals ("never lets anyone sort by it").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Filter,
    Sort,
    Group,
    Aggregate,
    Read,
    Write,
}

impl Purpose {
    pub(crate) fn verb(self) -> &'static str {
        match self {
            Purpose::Filter => "filter on",
            Purpose::Sort => "sort by",
            Purpose::Group => "group by",
            Purpose::Aggregate => "aggregate",
            Purpose::Read => "read",
            Purpose::Write => "write",
        }
    }
}

/// The last hop of a resolved path: its field.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) field: FieldInfo,
}

impl Resolved {
    /// The related model of the last field, when it is relational.
    pub(crate) fn comodel(&self) -> Result<Option<ModelName>, ToolError> {
        match &self.field.relation {
            Some(name) => Ok(Some(ModelName::new(name)?)),
            None => Ok(None),
        }
    }
}

impl Guard<'_> {
    /// Resolves `path` from `model` (whose fields are `meta`), refusing it when any hop is
    /// withheld. Models after the first are only fetched once the policy let them be read.
    pub(crate) async fn resolve_path(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        path: &str,
        purpose: Purpose,
    ) -> Result<Resolved, ToolError> {
        let hops: Vec<&str> = path.split('.').collect();
        if hops.len() > MAX_HOPS {
            return Err(ToolError::invalid(format!(
                "path `{}` has {} hops; at most {MAX_HOPS} are followed",
                short(path),
                hops.len()
            )));
        }
        let mut model = model.clone();
        let mut meta = meta;
        for (i, hop) in hops.iter().enumerate() {
            FieldName::new(hop)?;
            let Some(field) = meta.field(hop) else {
                return Err(unknown_field(hop, &model, &meta));
            };
            if let Some(withheld) = self.policy().withheld_field(field) {
                return Err(self.refusal(&model, field, withheld, path, purpose).into());
            }
            let rest = &hops[i + 1..];
            if rest.is_empty() {
                return Ok(Resolved {
                    field: field.clone(),
                });
            }
            match &field.relation {
                Some(comodel) => {
                    model = ModelName::new(comodel)?;
                    meta = self.meta(&model).await?;
                }
                None if ends_in_a_part(field, rest) => {
                    return Ok(Resolved {
                        field: field.clone(),
                    });
                }
                None => {
                    return Err(ToolError::invalid(format!(
                        "`{hop}` of {model} is a {} field, not a relation, so the path `{}` \
                         cannot go through it",
                        field.ftype,
                        short(path)
                    )));
                }
            }
        }
        Err(ToolError::invalid("an empty path names no field"))
    }

    fn refusal(
        &self,
        model: &ModelName,
        field: &FieldInfo,
        withheld: Withheld,
        path: &str,
        purpose: Purpose,
    ) -> Refusal {
        let refusal = match withheld {
            Withheld::Secret => {
                self.policy()
                    .secret_field_refusal(model.as_str(), &field.name, purpose.verb())
            }
            Withheld::HiddenModel {
                model: comodel,
                refusal,
            } => refusal.within(&format!(
                "`{}` of {model} relates to `{comodel}`, which this server never shows (no \
                 condition, sort, grouping or write may go through it)",
                field.name
            )),
        };
        if path.contains('.') {
            refusal.within(&format!("in the path `{}`", short(path)))
        } else {
            refusal
        }
    }
}

/// Whether the hops after a non-relational field name a part of it Odoo understands: a date
/// part after a date, or one property after a properties field.
fn ends_in_a_part(field: &FieldInfo, rest: &[&str]) -> bool {
    match (&field.ftype, rest) {
        (FieldType::Date | FieldType::Datetime, [part]) => DATE_PARTS.contains(part),
        (FieldType::Properties, [_]) => true,
        _ => false,
    }
}

/// A path cut for error messages (a caller may send megabytes).
pub(crate) fn short(path: &str) -> String {
    const MAX: usize = 120;
    if path.len() <= MAX {
        return path.to_owned();
    }
    let mut end = MAX;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &path[..end])
}
