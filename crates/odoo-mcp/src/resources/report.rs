//! PDF reports as MCP resources (`odoo://{instance}/report/{report}/{ids}`): the reports this
//! server knows (one table, [`KNOWN_REPORTS`]), the checks every report access goes through,
//! and the content as a base64 blob (`application/pdf`).
//!
//! `ir.actions.*` stays on the built-in deny list (actions decide what the interface runs), so
//! a report is not looked up in `ir.actions.report`: it must be one of the known reports of
//! its model, the model must be allowed by the policy, and the records must exist and be
//! readable by the Odoo user. How the PDF is fetched (a web session; never with an API key
//! alone) is the client's business (`odoo_client::Client::report_pdf`).

use base64::Engine as _;
use odoo_client::{FieldName, MAX_REPORT_IDS, ModelName};
use rmcp::model::{Resource, ResourceContents};
use serde_json::Value;

use super::{MAX_ATTACHMENT_BYTES, OdooUri};
use crate::error::ToolError;
use crate::instance::Instance;
use crate::server::OdooServer;

/// The MIME type of every report served.
pub(crate) const PDF: &str = "application/pdf";

/// A report this server serves.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct KnownReport {
    /// The short name a caller may use, e.g. `quotation`.
    pub(crate) key: &'static str,
    /// The model whose records it prints.
    pub(crate) model: &'static str,
    /// Odoo's technical name (`ir.actions.report.report_name`), in the URL.
    pub(crate) report_name: &'static str,
    /// What it is, for people.
    pub(crate) title: &'static str,
}

const fn known(
    key: &'static str,
    model: &'static str,
    report_name: &'static str,
    title: &'static str,
) -> KnownReport {
    KnownReport {
        key,
        model,
        report_name,
        title,
    }
}

/// The reports served, the first of each model its default. Standard Odoo (14–19) names.
pub(crate) const KNOWN_REPORTS: &[KnownReport] = &[
    known(
        "quotation",
        "sale.order",
        "sale.report_saleorder",
        "Quotation / Order",
    ),
    known(
        "invoice",
        "account.move",
        "account.report_invoice_with_payments",
        "Invoice",
    ),
    known(
        "invoice_without_payments",
        "account.move",
        "account.report_invoice",
        "Invoice (without payments)",
    ),
    known(
        "delivery_slip",
        "stock.picking",
        "stock.report_deliveryslip",
        "Delivery Slip",
    ),
    known(
        "picking_operations",
        "stock.picking",
        "stock.report_picking",
        "Picking Operations",
    ),
    known(
        "purchase_order",
        "purchase.order",
        "purchase.report_purchaseorder",
        "Purchase Order",
    ),
    known(
        "request_for_quotation",
        "purchase.order",
        "purchase.report_purchasequotation",
        "Request for Quotation",
    ),
];

/// The report `wanted` (a key or a technical name; `None`: the model's default) for `model`,
/// or an error listing what exists.
pub(crate) fn find(model: &str, wanted: Option<&str>) -> Result<&'static KnownReport, ToolError> {
    let of_model: Vec<&KnownReport> = KNOWN_REPORTS.iter().filter(|r| r.model == model).collect();
    let list = |reports: &[&KnownReport]| {
        reports
            .iter()
            .map(|r| format!("{} ({})", r.key, r.report_name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let models = || {
        let mut models: Vec<&str> = KNOWN_REPORTS.iter().map(|r| r.model).collect();
        models.dedup();
        models.join(", ")
    };
    let wanted = wanted.map(str::trim).filter(|w| !w.is_empty());
    let Some(wanted) = wanted else {
        return of_model.first().copied().ok_or_else(|| {
            ToolError::invalid(format!(
                "this server knows no report of {model}; reports exist for: {}",
                models()
            ))
        });
    };
    let lower = wanted.to_ascii_lowercase();
    if let Some(report) = KNOWN_REPORTS
        .iter()
        .find(|r| r.key == lower || r.report_name == lower)
    {
        if report.model == model {
            return Ok(report);
        }
        let others = if of_model.is_empty() {
            format!("this server knows no report of {model}")
        } else {
            format!("reports of {model}: {}", list(&of_model))
        };
        return Err(ToolError::invalid(format!(
            "report {} prints {} records, not {model}; {others}",
            report.key, report.model
        )));
    }
    let shown: String = wanted.chars().take(60).collect();
    Err(ToolError::invalid(if of_model.is_empty() {
        format!(
            "unknown report {shown:?}, and this server knows no report of {model}; reports exist \
             for: {}",
            models()
        )
    } else {
        format!(
            "unknown report {shown:?}; reports of {model}: {}",
            list(&of_model)
        )
    }))
}

/// A report of records the caller may read, checked and ready to fetch.
#[derive(Debug, Clone)]
pub(crate) struct ReportDoc {
    pub(crate) report: &'static KnownReport,
    pub(crate) model: ModelName,
    /// The records, without duplicates, in the order asked.
    pub(crate) ids: Vec<i64>,
    /// Their display names, in the same order.
    pub(crate) names: Vec<String>,
}

impl ReportDoc {
    /// Its resource URI.
    pub(crate) fn uri(&self, instance: &str) -> String {
        OdooUri::Report {
            instance: instance.to_owned(),
            report: self.report.report_name.to_owned(),
            ids: self.ids.clone(),
        }
        .to_string()
    }

    /// A file name for people, e.g. `Quotation / Order - S00012.pdf` without the slash.
    pub(crate) fn file_name(&self) -> String {
        let what = self.report.title.replace(" / ", " - ");
        let name = match self.names.as_slice() {
            [one] => crate::render::clean_text(one),
            many => format!("{} records", many.len()),
        };
        format!("{what} - {name}.pdf").replace(['/', '\\'], "-")
    }

    /// A `resource_link` to the PDF (its size is known only once Odoo made it).
    pub(crate) fn link(&self, instance: &str) -> Resource {
        Resource::new(self.uri(instance), self.file_name()).with_mime_type(PDF)
    }
}

impl OdooServer {
    /// Checks a report request: the model allowed by the policy, the report one of the model's
    /// known reports, the ids valid, the records readable by the Odoo user, and the instance
    /// configured so that Odoo will serve the PDF.
    pub(crate) async fn checked_report(
        &self,
        instance: &Instance,
        model: &str,
        ids: &[i64],
        report: Option<&str>,
    ) -> Result<ReportDoc, ToolError> {
        let model = ModelName::new(model.trim())?;
        instance.policy.check_model(&model)?;
        let report = find(model.as_str(), report)?;
        let max = MAX_REPORT_IDS.min(instance.policy.max_records() as usize);
        crate::tools::validate_ids(ids, u32::try_from(max).unwrap_or(u32::MAX))?;
        let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        instance.client.check_report_route().await?;
        let rows = instance
            .client
            .read(&model, &unique, &[FieldName::new("display_name")?])
            .await?;
        let name_of = |id: i64| {
            rows.iter()
                .find(|r| r.get("id").and_then(Value::as_i64) == Some(id))
                .map(|r| {
                    r.get("display_name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                })
        };
        let missing: Vec<i64> = unique
            .iter()
            .copied()
            .filter(|id| name_of(*id).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(ToolError::invalid(format!(
                "{model} has no record {} that you may read: check the ids (search_records \
                 finds them)",
                crate::render::id_summary(&missing)
            )));
        }
        let names = unique.iter().filter_map(|id| name_of(*id)).collect();
        Ok(ReportDoc {
            report,
            model,
            ids: unique,
            names,
        })
    }

    /// The PDF of a checked report, base64-encoded (at most [`MAX_ATTACHMENT_BYTES`]).
    pub(crate) async fn report_content(
        &self,
        instance: &Instance,
        doc: &ReportDoc,
    ) -> Result<String, ToolError> {
        let pdf = instance
            .client
            .report_pdf(doc.report.report_name, &doc.ids)
            .await?;
        if pdf.len() as u64 > MAX_ATTACHMENT_BYTES {
            return Err(ToolError::invalid(format!(
                "the {} PDF is {} bytes; this server serves files of at most {} MiB: print \
                 fewer records at a time, or open it in Odoo",
                doc.report.title,
                pdf.len(),
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            )));
        }
        Ok(base64::engine::general_purpose::STANDARD.encode(&pdf))
    }
}

/// A report's content as a blob.
pub(crate) async fn read(
    server: &OdooServer,
    instance: &str,
    report_name: &str,
    ids: &[i64],
) -> Result<ResourceContents, ToolError> {
    let instance = server.instance(Some(instance))?;
    let report = KNOWN_REPORTS
        .iter()
        .find(|r| r.report_name == report_name)
        .ok_or_else(|| {
            ToolError::invalid(format!(
                "unknown report {:?}: get_report gives the links of the reports this server serves",
                report_name.chars().take(60).collect::<String>()
            ))
        })?;
    let doc = server
        .checked_report(&instance, report.model, ids, Some(report.report_name))
        .await?;
    let blob = server.report_content(&instance, &doc).await?;
    Ok(ResourceContents::blob(blob, doc.uri(&instance.name)).with_mime_type(PDF))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_model_has_its_reports_and_the_first_is_the_default() {
        assert_eq!(
            find("sale.order", None).unwrap().report_name,
            "sale.report_saleorder"
        );
        assert_eq!(
            find("account.move", Some("invoice")).unwrap().key,
            "invoice"
        );
        assert_eq!(
            find("account.move", Some("account.report_invoice"))
                .unwrap()
                .key,
            "invoice_without_payments"
        );
        assert_eq!(
            find("stock.picking", Some(" Delivery_Slip "))
                .unwrap()
                .model,
            "stock.picking"
        );
    }

    #[test]
    fn a_report_of_another_model_or_an_unknown_one_is_refused_with_the_choices() {
        let e = find("res.partner", Some("invoice")).unwrap_err().message();
        assert!(
            e.contains("prints account.move records, not res.partner"),
            "{e}"
        );
        let e = find("sale.order", Some("nope")).unwrap_err().message();
        assert!(e.contains("quotation (sale.report_saleorder)"), "{e}");
        let e = find("res.partner", None).unwrap_err().message();
        assert!(e.contains("sale.order, account.move, stock.picking"), "{e}");
    }

    #[test]
    fn keys_and_names_are_unique_and_valid() {
        for (i, r) in KNOWN_REPORTS.iter().enumerate() {
            assert!(ModelName::new(r.model).is_ok());
            for other in &KNOWN_REPORTS[i + 1..] {
                assert_ne!(r.key, other.key);
                assert_ne!(r.report_name, other.report_name);
            }
        }
    }
}
