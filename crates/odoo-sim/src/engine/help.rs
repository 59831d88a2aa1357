//! `help` texts of fields, as Odoo 19's `fields_get` reports them (the recorded metadata has
//! no `help` attribute). Copied from the recording `json2_fields_get_partner_full.json`;
//! res.users shows the same texts on the fields it inherits from res.partner.

/// (model, field, help text).
const HELP: &[(&str, &str, &str)] = &[
    (
        "res.partner",
        "message_needaction",
        "If checked, new messages require your attention.",
    ),
    (
        "res.partner",
        "message_needaction_counter",
        "Number of messages requiring action",
    ),
    (
        "res.partner",
        "message_has_error",
        "If checked, some messages have a delivery error.",
    ),
    (
        "res.partner",
        "message_has_error_counter",
        "Number of messages with delivery error",
    ),
    (
        "res.partner",
        "website_message_ids",
        "Website communication history",
    ),
    (
        "res.partner",
        "message_has_sms_error",
        "If checked, some messages have a delivery error.",
    ),
    (
        "res.partner",
        "email_normalized",
        "This field is used to search on email address as the primary email field can contain more than strictly an email address.",
    ),
    (
        "res.partner",
        "is_blacklisted",
        "If the email address is on the blacklist, the contact won't receive mass mailing anymore, from any list",
    ),
    (
        "res.partner",
        "message_bounce",
        "Counter of the number of bounced emails for this contact",
    ),
    (
        "res.partner",
        "activity_state",
        "Status based on activities\nOverdue: Due date is already passed\nToday: Activity date is today\nPlanned: Future activities.",
    ),
    (
        "res.partner",
        "activity_type_icon",
        "Font awesome icon e.g. fa-tasks",
    ),
    (
        "res.partner",
        "activity_exception_decoration",
        "Type of the exception activity on record.",
    ),
    (
        "res.partner",
        "activity_exception_icon",
        "Icon to indicate an exception activity.",
    ),
    (
        "res.partner",
        "lang",
        "All the emails and documents sent to this contact will be translated in this language.",
    ),
    (
        "res.partner",
        "tz",
        "When printing documents and exporting/importing data, time values are computed according to this timezone.\nIf the timezone is not set, UTC (Coordinated Universal Time) is used.\nAnywhere else, time values are computed according to the time offset of your web client.",
    ),
    (
        "res.partner",
        "user_id",
        "The internal user in charge of this contact.",
    ),
    (
        "res.partner",
        "vat",
        "The Tax Identification Number. Values here will be validated based on the country format. You can use '/' to indicate that the partner is not subject to tax.",
    ),
    (
        "res.partner",
        "company_registry",
        "The registry number of the company. Use it if it is different from the Tax ID. It must be unique across all partners of a same country",
    ),
    (
        "res.partner",
        "employee",
        "Check this box if this contact is an Employee.",
    ),
    (
        "res.partner",
        "country_code",
        "The ISO country code in two chars. \nYou can use this field for quick search.",
    ),
    (
        "res.partner",
        "email_formatted",
        "Format email address \"Name <email@domain>\"",
    ),
    (
        "res.partner",
        "is_company",
        "Check if the contact is a company, otherwise it is a person",
    ),
    (
        "res.partner",
        "main_user_id",
        "There can be several users related to the same partner. When a single user is needed, this field attempts to find the most appropriate one.",
    ),
    (
        "res.partner",
        "partner_share",
        "Either customer (not a user), either shared user. Indicated the current partner is a customer without access or with a limited access created for sharing data.",
    ),
    (
        "res.partner",
        "barcode",
        "Use a barcode to identify this contact.",
    ),
    (
        "res.partner",
        "phone_sanitized",
        "Field used to store sanitized phone number. Helps speeding up searches and comparisons.",
    ),
    (
        "res.partner",
        "phone_sanitized_blacklisted",
        "If the sanitized phone number is on the blacklist, the contact won't receive mass mailing sms anymore, from any list",
    ),
    (
        "res.partner",
        "phone_blacklisted",
        "Indicates if a blacklisted sanitized phone number is a phone number. Helps distinguish which number is blacklisted             when there is both a mobile and phone field in a model.",
    ),
    (
        "res.partner",
        "property_product_pricelist",
        "Used for sales to the current partner",
    ),
    (
        "res.partner",
        "credit",
        "Total amount this customer owes you.",
    ),
    (
        "res.partner",
        "credit_limit",
        "Credit limit specific to this partner.",
    ),
    (
        "res.partner",
        "use_partner_credit_limit",
        "Set a value greater than 0.0 to activate a credit limit check",
    ),
    (
        "res.partner",
        "days_sales_outstanding",
        "[(Total Receivable/Total Revenue) * number of days since the first invoice] for this customer",
    ),
    (
        "res.partner",
        "debit",
        "Total amount you have to pay to this vendor.",
    ),
    (
        "res.partner",
        "property_account_position_id",
        "The fiscal position determines the taxes/accounts used for this contact.",
    ),
    (
        "res.partner",
        "autopost_bills",
        "Automatically post bills for this trusted partner",
    ),
    (
        "res.partner",
        "property_stock_customer",
        "The stock location used as destination when sending goods to this contact.",
    ),
    (
        "res.partner",
        "property_stock_supplier",
        "The stock location used as source when receiving goods from this contact.",
    ),
    (
        "res.partner",
        "global_location_number",
        "Global Location Number",
    ),
    (
        "res.partner",
        "peppol_endpoint",
        "Unique identifier used by the BIS Billing 3.0 and its derivatives, also known as 'Endpoint ID'.",
    ),
    (
        "res.partner",
        "peppol_eas",
        "Code used to identify the Endpoint for BIS Billing 3.0 and its derivatives.\n             List available at https://docs.peppol.eu/poacc/billing/3.0/codelist/eas/",
    ),
];

/// The `help` text of `model.field` (fields inherited through `_inherits` use the parent's
/// text: pass the parent model).
/// Fields the mixins define (`mail.thread`, `mail.activity.mixin`, `mail.thread.blacklist`,
/// `mail.thread.phone`, sms's `mail.thread`): their help texts (as res.partner's recording
/// shows them) hold on every model that inherits the mixin.
const MIXIN_FIELDS: &[&str] = &[
    "message_needaction",
    "message_needaction_counter",
    "message_has_error",
    "message_has_error_counter",
    "website_message_ids",
    "message_has_sms_error",
    "email_normalized",
    "is_blacklisted",
    "message_bounce",
    "activity_state",
    "activity_type_icon",
    "activity_exception_decoration",
    "activity_exception_icon",
    "phone_sanitized",
    "phone_sanitized_blacklisted",
    "phone_blacklisted",
];

/// The help texts of sale.order's own fields (`addons/sale/models/sale_order.py`).
const SALE_ORDER_HELP: &[(&str, &str)] = &[
    ("locked", "Locked orders cannot be modified."),
    (
        "commitment_date",
        "This is the delivery date promised to the customer. If set, the delivery order will be scheduled based on this date rather than product lead times.",
    ),
    (
        "date_order",
        "Creation date of draft/sent orders,\nConfirmation date of confirmed orders.",
    ),
    (
        "origin",
        "Reference of the document that generated this sales order request",
    ),
    ("reference", "The payment communication of this sale order."),
    (
        "require_signature",
        "Request a online signature from the customer to confirm the order.",
    ),
    (
        "require_payment",
        "Request a online payment from the customer to confirm the order.",
    ),
    (
        "prepayment_percent",
        "The percentage of the amount needed that must be paid by the customer to confirm the order.",
    ),
    (
        "validity_date",
        "Validity of the order, after that you will not able to sign & pay the quotation.",
    ),
    (
        "journal_id",
        "If set, the SO will invoice in this journal; otherwise the sales journal with the lowest sequence is used.",
    ),
    (
        "fiscal_position_id",
        "Fiscal positions are used to adapt taxes and accounts for particular customers or sales orders/invoices.The default value comes from the customer.",
    ),
    (
        "pricelist_id",
        "If you change the pricelist, only newly added lines will be affected.",
    ),
    (
        "amount_paid",
        "Sum of transactions made in through the online payment form that are in the state 'done' or 'authorized' and linked to this order.",
    ),
    (
        "expected_date",
        "Delivery date you can promise to the customer, computed from the minimum lead time of the order lines.",
    ),
];

/// The `help` of `field` on `model`: the model's own text, else the mixin's.
pub(crate) fn help(model: &str, field: &str) -> Option<&'static str> {
    let own = HELP
        .iter()
        .find(|(m, f, _)| *m == model && *f == field)
        .map(|(_, _, h)| *h);
    let sale = || {
        (model == "sale.order")
            .then(|| SALE_ORDER_HELP.iter().find(|(f, _)| *f == field))
            .flatten()
            .map(|(_, h)| *h)
    };
    let mixin = || {
        MIXIN_FIELDS
            .contains(&field)
            .then(|| help("res.partner", field))
            .flatten()
    };
    own.or_else(sale).or_else(mixin)
}

#[cfg(test)]
mod tests {
    #[test]
    fn partner_help_texts_come_from_the_recording() {
        assert_eq!(
            super::help("res.partner", "message_needaction"),
            Some("If checked, new messages require your attention.")
        );
        assert_eq!(super::help("res.partner", "name"), None);
    }

    #[test]
    fn mixin_fields_carry_their_help_on_every_model() {
        assert_eq!(
            super::help("crm.lead", "message_needaction"),
            super::help("res.partner", "message_needaction")
        );
        assert!(super::help("sale.order", "activity_state").is_some());
        assert_eq!(
            super::help("sale.order", "locked"),
            Some("Locked orders cannot be modified.")
        );
        assert_eq!(
            super::help("crm.lead", "vat"),
            None,
            "vat is res.partner's own"
        );
    }
}
