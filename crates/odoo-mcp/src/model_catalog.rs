//! Common business models and the everyday words users say for them: the fallback list of
//! models for users who may not read `ir.model`, and the synonyms `list_models` searches by.

/// Models most Odoo databases use, asked of `ir.model.display_name_for` when the user may not
/// read `ir.model` and the server has no `get_available_models`.
pub(crate) const COMMON_MODELS: &[&str] = &[
    "account.account",
    "account.analytic.account",
    "account.analytic.line",
    "account.bank.statement",
    "account.bank.statement.line",
    "account.fiscal.position",
    "account.journal",
    "account.move",
    "account.move.line",
    "account.payment",
    "account.payment.term",
    "account.tax",
    "calendar.event",
    "crm.lead",
    "crm.stage",
    "crm.tag",
    "crm.team",
    "event.event",
    "event.registration",
    "fleet.vehicle",
    "helpdesk.team",
    "helpdesk.ticket",
    "hr.applicant",
    "hr.attendance",
    "hr.contract",
    "hr.department",
    "hr.employee",
    "hr.expense",
    "hr.expense.sheet",
    "hr.job",
    "hr.leave",
    "hr.leave.allocation",
    "hr.leave.type",
    "hr.payslip",
    "ir.attachment",
    "mail.activity",
    "mail.activity.type",
    "mail.message",
    "maintenance.equipment",
    "maintenance.request",
    "mrp.bom",
    "mrp.bom.line",
    "mrp.production",
    "mrp.workcenter",
    "pos.order",
    "pos.session",
    "product.attribute",
    "product.category",
    "product.pricelist",
    "product.pricelist.item",
    "product.product",
    "product.supplierinfo",
    "product.template",
    "project.milestone",
    "project.project",
    "project.tags",
    "project.task",
    "project.task.type",
    "purchase.order",
    "purchase.order.line",
    "repair.order",
    "res.bank",
    "res.company",
    "res.country",
    "res.country.state",
    "res.currency",
    "res.partner",
    "res.partner.bank",
    "res.partner.category",
    "res.users",
    "sale.order",
    "sale.order.line",
    "sale.order.template",
    "stock.location",
    "stock.lot",
    "stock.move",
    "stock.move.line",
    "stock.picking",
    "stock.picking.type",
    "stock.quant",
    "stock.warehouse",
    "uom.uom",
];

/// Everyday words and the models they mean (matched against whole words of the keyword).
const BUSINESS_WORDS: &[(&str, &[&str])] = &[
    ("invoice", &["account.move", "account.move.line"]),
    ("bill", &["account.move"]),
    ("credit note", &["account.move"]),
    ("refund", &["account.move"]),
    ("payment", &["account.payment", "account.payment.term"]),
    ("customer", &["res.partner"]),
    ("supplier", &["res.partner"]),
    ("vendor", &["res.partner"]),
    ("client", &["res.partner"]),
    ("company", &["res.company", "res.partner"]),
    ("user", &["res.users"]),
    ("quote", &["sale.order"]),
    ("quotation", &["sale.order"]),
    ("order", &["sale.order", "purchase.order", "pos.order"]),
    ("sales", &["sale.order", "sale.order.line"]),
    ("purchase", &["purchase.order", "purchase.order.line"]),
    ("lead", &["crm.lead"]),
    ("opportunity", &["crm.lead"]),
    ("pipeline", &["crm.lead", "crm.stage"]),
    ("deal", &["crm.lead"]),
    ("product", &["product.product", "product.template"]),
    ("item", &["product.product", "product.template"]),
    ("article", &["product.product", "product.template"]),
    ("price list", &["product.pricelist"]),
    ("pricelist", &["product.pricelist"]),
    ("stock", &["stock.quant", "stock.move", "stock.picking"]),
    ("inventory", &["stock.quant", "stock.move"]),
    ("delivery", &["stock.picking"]),
    ("shipment", &["stock.picking"]),
    ("receipt", &["stock.picking"]),
    ("transfer", &["stock.picking"]),
    ("warehouse", &["stock.warehouse", "stock.location"]),
    ("employee", &["hr.employee"]),
    ("staff", &["hr.employee"]),
    ("department", &["hr.department"]),
    ("leave", &["hr.leave"]),
    ("time off", &["hr.leave"]),
    ("holiday", &["hr.leave"]),
    ("expense", &["hr.expense"]),
    ("timesheet", &["account.analytic.line"]),
    ("project", &["project.project"]),
    ("task", &["project.task"]),
    ("ticket", &["helpdesk.ticket"]),
    ("support", &["helpdesk.ticket"]),
    ("meeting", &["calendar.event"]),
    ("event", &["calendar.event", "event.event"]),
    ("activity", &["mail.activity"]),
    ("message", &["mail.message"]),
    ("attachment", &["ir.attachment"]),
    ("file", &["ir.attachment"]),
    ("document", &["ir.attachment"]),
    ("tax", &["account.tax"]),
    ("journal", &["account.journal"]),
    ("currency", &["res.currency"]),
    ("country", &["res.country"]),
    ("unit", &["uom.uom"]),
    ("manufacturing", &["mrp.production"]),
    ("bom", &["mrp.bom"]),
    ("bill of materials", &["mrp.bom"]),
];

/// The models an everyday word in `keyword` (lowercase) means, e.g. "invoices" → account.move.
pub(crate) fn models_for_words(keyword: &str) -> Vec<&'static str> {
    let words: Vec<&str> = keyword
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let text = words.join(" ");
    let mut out: Vec<&'static str> = Vec::new();
    for (word, models) in BUSINESS_WORDS {
        if mentions(&text, word) {
            for m in *models {
                if !out.contains(m) {
                    out.push(m);
                }
            }
        }
    }
    out
}

/// Whether the words `text` contain `phrase` as whole words, allowing a plural "s"/"es"
/// ("invoices", "taxes").
fn mentions(text: &str, phrase: &str) -> bool {
    let padded = format!(" {text} ");
    [" ", "s ", "es "]
        .iter()
        .any(|end| padded.contains(&format!(" {phrase}{end}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_find_their_models() {
        assert!(models_for_words("invoice").contains(&"account.move"));
        assert!(models_for_words("unpaid invoices").contains(&"account.move"));
        assert_eq!(models_for_words("customer"), vec!["res.partner"]);
        assert_eq!(models_for_words("quotation"), vec!["sale.order"]);
        assert_eq!(models_for_words("quotes"), vec!["sale.order"]);
        assert_eq!(models_for_words("opportunity"), vec!["crm.lead"]);
        assert!(models_for_words("taxes").contains(&"account.tax"));
        assert!(models_for_words("time off").contains(&"hr.leave"));
        assert!(models_for_words("partner").is_empty());
        assert!(models_for_words("leader").is_empty());
    }

    #[test]
    fn every_word_names_a_common_model() {
        for (word, models) in BUSINESS_WORDS {
            for m in *models {
                assert!(COMMON_MODELS.contains(m), "{word} → {m} is not common");
            }
        }
    }

    #[test]
    fn common_models_are_sorted_and_unique() {
        assert!(COMMON_MODELS.windows(2).all(|w| w[0] < w[1]));
    }
}
