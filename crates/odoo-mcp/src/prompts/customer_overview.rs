//! The `customer_overview` prompt: one customer's details, orders, revenue and open invoices.

use rmcp::ErrorData;
use serde_json::Value;

use super::Args;

/// The prompt's description and text.
pub(crate) fn build(args: &Args<'_>) -> Result<(String, String), ErrorData> {
    let customer = args.required("customer")?;
    let inst = args.instance_json();
    let name = Value::String(customer.clone());
    let text = format!(
        "Give an overview of the customer {name}.\n\
         1. Call name_search with {{\"model\": \"res.partner\", \"name\": {name}, \"limit\": 5{inst}}}. \
         If several partners match, pick the company that best matches (or ask me which one); \
         call its id CUSTOMER_ID below.\n\
         2. Call read_records with {{\"model\": \"res.partner\", \"ids\": [CUSTOMER_ID], \"fields\": \
         [\"name\", \"email\", \"phone\", \"street\", \"city\", \"country_id\", \"vat\", \"user_id\", \
         \"is_company\"]{inst}}}.\n\
         3. Call search_records with {{\"model\": \"sale.order\", \"domain\": [[\"partner_id\", \
         \"child_of\", CUSTOMER_ID]], \"fields\": [\"name\", \"state\", \"date_order\", \
         \"amount_total\"], \"order\": \"date_order desc\", \"limit\": 10{inst}}} for recent orders.\n\
         4. Call aggregate_records with {{\"model\": \"sale.order\", \"domain\": [[\"partner_id\", \
         \"child_of\", CUSTOMER_ID], [\"state\", \"=\", \"sale\"]], \"group_by\": \
         [\"date_order:year\"], \"aggregates\": [\"amount_total:sum\"]{inst}}} for revenue per year.\n\
         5. Call search_records with {{\"model\": \"account.move\", \"domain\": [[\"partner_id\", \
         \"child_of\", CUSTOMER_ID], [\"move_type\", \"=\", \"out_invoice\"], [\"state\", \"=\", \
         \"posted\"], [\"payment_state\", \"not in\", [\"paid\", \"reversed\"]]], \"fields\": \
         [\"name\", \"invoice_date\", \"invoice_date_due\", \"amount_total\", \"amount_residual\", \
         \"payment_state\"]{inst}}} for unpaid invoices.\n\
         Then write a short overview: who the customer is and how to reach them, their order \
         history and revenue trend, what they owe and what is overdue. If a call fails because \
         a model is not installed or not allowed, say so and continue with the others."
    );
    Ok((format!("Overview of customer {customer}"), text))
}
