//! The `sales_summary` prompt: sales over a period, by month, customer, product and salesperson.

use rmcp::ErrorData;

use super::Args;

/// Whether `s` looks like `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The prompt's description and text.
pub(crate) fn build(args: &Args<'_>) -> Result<(String, String), ErrorData> {
    let start = args.required("start")?;
    let end = args.required("end")?;
    for (name, value) in [("start", &start), ("end", &end)] {
        if !is_date(value) {
            return Err(ErrorData::invalid_params(
                format!("sales_summary: `{name}` must be a date YYYY-MM-DD, got {value:?}"),
                None,
            ));
        }
    }
    if start > end {
        return Err(ErrorData::invalid_params(
            format!("sales_summary: start {start} is after end {end}"),
            None,
        ));
    }
    let inst = args.instance_json();
    let period = format!(
        "[\"state\", \"=\", \"sale\"], [\"date_order\", \">=\", \"{start} 00:00:00\"], \
         [\"date_order\", \"<=\", \"{end} 23:59:59\"]"
    );
    let line_period = format!(
        "[\"order_id.state\", \"=\", \"sale\"], [\"order_id.date_order\", \">=\", \"{start} 00:00:00\"], \
         [\"order_id.date_order\", \"<=\", \"{end} 23:59:59\"]"
    );
    let text = format!(
        "Summarise sales from {start} to {end} (confirmed sale orders).\n\
         1. Totals: call aggregate_records with {{\"model\": \"sale.order\", \"domain\": [{period}], \
         \"aggregates\": [\"amount_untaxed:sum\", \"amount_total:sum\"]{inst}}}.\n\
         2. Trend: the same with \"group_by\": [\"date_order:month\"].\n\
         3. Top customers: the same with \"group_by\": [\"partner_id\"], \"order\": \
         \"amount_total:sum desc\", \"limit\": 10.\n\
         4. Salespeople: the same with \"group_by\": [\"user_id\"], \"order\": \"amount_total:sum desc\".\n\
         5. Top products: call aggregate_records with {{\"model\": \"sale.order.line\", \"domain\": \
         [{line_period}], \"group_by\": [\"product_id\"], \"aggregates\": [\"price_subtotal:sum\", \
         \"product_uom_qty:sum\"], \"order\": \"price_subtotal:sum desc\", \"limit\": 10{inst}}}.\n\
         6. Open quotations: call count_records with {{\"model\": \"sale.order\", \"domain\": \
         [[\"state\", \"in\", [\"draft\", \"sent\"]], [\"date_order\", \">=\", \"{start} 00:00:00\"], \
         [\"date_order\", \"<=\", \"{end} 23:59:59\"]]{inst}}}.\n\
         Then report: revenue (untaxed and total) and order count, the monthly trend, the top 5 \
         customers, products and salespeople with their share of revenue, and the open \
         quotations. Use the amounts as returned (the company currency); do not invent numbers."
    );
    Ok((format!("Sales summary {start} to {end}"), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2026-01-31"));
        assert!(!is_date("2026-1-31"));
        assert!(!is_date("yesterday"));
        let map = json!({"start": "2026-04-01", "end": "2026-03-01"})
            .as_object()
            .cloned()
            .unwrap();
        let a = Args {
            prompt: "sales_summary",
            map: Some(&map),
        };
        assert!(build(&a).unwrap_err().message.contains("after end"));
    }
}
