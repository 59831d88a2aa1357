//! The `odoo://` resource URIs, parsed and printed.

use std::fmt;

/// A resource URI of this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OdooUri {
    /// `odoo://{instance}/models`
    Models { instance: String },
    /// `odoo://{instance}/{model}/fields`
    Fields { instance: String, model: String },
    /// `odoo://{instance}/attachment/{id}`: a file's content.
    Attachment { instance: String, id: i64 },
    /// `odoo://{instance}/export/{id}`: a finished export (kept in memory).
    Export { instance: String, id: u64 },
    /// `odoo://{instance}/report/{report}/{ids}`: a PDF report of records (ids comma-separated).
    Report {
        instance: String,
        report: String,
        ids: Vec<i64>,
    },
    /// `odoo://{instance}/{model}/{id}`
    Record {
        instance: String,
        model: String,
        id: i64,
    },
}

/// Why a URI is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not an odoo-mcp resource ({0}); expected odoo://{{instance}}/models, \
     odoo://{{instance}}/{{model}}/fields, odoo://{{instance}}/{{model}}/{{id}}, \
     odoo://{{instance}}/attachment/{{id}} or odoo://{{instance}}/report/{{report}}/{{ids}}"
)]
pub(crate) struct UriError(&'static str);

impl OdooUri {
    pub(crate) fn parse(uri: &str) -> Result<Self, UriError> {
        let rest = uri
            .strip_prefix("odoo://")
            .ok_or(UriError("the scheme must be odoo://"))?;
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(UriError("empty path segment"));
        }
        let owned = |s: &str| s.to_owned();
        match parts.as_slice() {
            [instance, "models"] => Ok(OdooUri::Models {
                instance: owned(instance),
            }),
            [instance, model, "fields"] => Ok(OdooUri::Fields {
                instance: owned(instance),
                model: owned(model),
            }),
            [instance, "export", id] => Ok(OdooUri::Export {
                instance: owned(instance),
                id: id
                    .parse()
                    .map_err(|_| UriError("the export id must be a number"))?,
            }),
            [instance, "attachment", id] => Ok(OdooUri::Attachment {
                instance: owned(instance),
                id: positive(id)?,
            }),
            [instance, "report", report, ids] => Ok(OdooUri::Report {
                instance: owned(instance),
                report: owned(report),
                ids: id_list(ids)?,
            }),
            [instance, model, id] => {
                let id = positive(id)?;
                Ok(OdooUri::Record {
                    instance: owned(instance),
                    model: owned(model),
                    id,
                })
            }
            _ => Err(UriError("wrong number of path segments")),
        }
    }
}

/// A record id in a URI.
fn positive(id: &str) -> Result<i64, UriError> {
    let id: i64 = id
        .parse()
        .map_err(|_| UriError("the record id must be a number"))?;
    if id <= 0 {
        return Err(UriError("the record id must be positive"));
    }
    Ok(id)
}

/// A comma-separated list of record ids in a URI (at most 100).
fn id_list(ids: &str) -> Result<Vec<i64>, UriError> {
    let ids = ids
        .split(',')
        .map(positive)
        .collect::<Result<Vec<_>, _>>()?;
    if ids.len() > odoo_client::MAX_REPORT_IDS {
        return Err(UriError("a report URI holds at most 100 ids"));
    }
    Ok(ids)
}

impl fmt::Display for OdooUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OdooUri::Models { instance } => write!(f, "odoo://{instance}/models"),
            OdooUri::Fields { instance, model } => write!(f, "odoo://{instance}/{model}/fields"),
            OdooUri::Attachment { instance, id } => write!(f, "odoo://{instance}/attachment/{id}"),
            OdooUri::Export { instance, id } => write!(f, "odoo://{instance}/export/{id}"),
            OdooUri::Report {
                instance,
                report,
                ids,
            } => {
                let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
                write!(f, "odoo://{instance}/report/{report}/{}", ids.join(","))
            }
            OdooUri::Record {
                instance,
                model,
                id,
            } => write!(f, "odoo://{instance}/{model}/{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_three_shapes() {
        for uri in [
            "odoo://demo/models",
            "odoo://demo/res.partner/fields",
            "odoo://demo/res.partner/7",
            "odoo://demo/attachment/3",
            "odoo://demo/export/18446744073709551615",
            "odoo://demo/report/sale.report_saleorder/7",
            "odoo://demo/report/sale.report_saleorder/7,12",
        ] {
            assert_eq!(OdooUri::parse(uri).unwrap().to_string(), uri);
        }
        assert_eq!(
            OdooUri::parse("odoo://prod/sale.order/12").unwrap(),
            OdooUri::Record {
                instance: "prod".into(),
                model: "sale.order".into(),
                id: 12
            }
        );
    }

    #[test]
    fn refuses_other_uris() {
        for bad in [
            "http://demo/models",
            "odoo://demo",
            "odoo://demo/res.partner/x",
            "odoo://demo//7",
            "odoo://a/b/c/d",
            "odoo://demo/res.partner/-1",
            "odoo://demo/report/sale.report_saleorder/7,,8",
            "odoo://demo/report/sale.report_saleorder/0",
            "odoo://demo/report/sale.report_saleorder/1,x",
        ] {
            assert!(OdooUri::parse(bad).is_err(), "{bad}");
        }
    }
}
