//! Messages and fields that differ between the simulated Odoo versions, in tables.
//!
//! Fields ([`FIELD_CHANGES`]): the recorded metadata is Odoo 19's; a row names a field that
//! exists only from `since` to `until`.
//!
//! | message | Odoo 17 | Odoo 18+ |
//! |---|---|---|
//! | field access (`groups=`) | `…access the fields "a,b" on …\n\n(Operation: read)` | `…access the field "a" on …\n\nOperation: read` |
//!
//! | `order` term | Odoo 17–18 | Odoo 19+ |
//! |---|---|---|
//! | a quoted name (`"name" desc`) | taken as the name | `_check_qorder`'s UserError |
//!
//! Odoo 17 (`models.py`, `check_field_access_rights`) lists the refused fields in the plural
//! form with the operation in parentheses; 18 and 19 (`_check_field_access`) name one field
//! and drop the parentheses. `regex_order` accepts `"[a-z0-9_]+"` as a field up to 18
//! (`odoo/models.py`); 19's (`odoo/orm/models.py`) accepts bare names only.

/// A field that exists only in some versions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldChange {
    pub(crate) model: &'static str,
    pub(crate) field: &'static str,
    /// The first version having the field.
    pub(crate) since: u32,
    /// The last version having the field.
    pub(crate) until: u32,
}

/// The fields that some versions lack.
pub(crate) const FIELD_CHANGES: &[FieldChange] = &[
    // Odoo 20 drops `ir.attachment.datas` (base64); the content is read and written as `raw`.
    FieldChange {
        model: "ir.attachment",
        field: "datas",
        since: 0,
        until: 19,
    },
];

/// Whether an `order` may quote a field name.
pub(crate) fn order_takes_quoted_names(version: u32) -> bool {
    version <= 18
}

/// The AccessError message for a field the user's groups may not `operation`.
pub(crate) fn field_access_message(
    version: u32,
    field: &str,
    description: &str,
    model: &str,
    operation: &str,
) -> String {
    if version <= 17 {
        format!(
            "You do not have enough rights to access the fields \"{field}\" on {description} ({model}). Please contact your system administrator.\n\n(Operation: {operation})"
        )
    } else {
        format!(
            "You do not have enough rights to access the field \"{field}\" on {description} ({model}). Please contact your system administrator.\n\nOperation: {operation}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odoo_17_uses_the_plural_and_parentheses() {
        let m17 = field_access_message(17, "credit", "Contact", "res.partner", "read");
        assert_eq!(
            m17,
            "You do not have enough rights to access the fields \"credit\" on Contact (res.partner). Please contact your system administrator.\n\n(Operation: read)"
        );
        for v in [18, 19] {
            let m = field_access_message(v, "credit", "Contact", "res.partner", "write");
            assert!(m.contains("the field \"credit\""), "{m}");
            assert!(m.ends_with("\n\nOperation: write"), "{m}");
        }
    }
}
