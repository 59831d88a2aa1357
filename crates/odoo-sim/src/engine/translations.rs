//! The few French translations the simulator knows: field labels and selection labels that
//! `fields_get` answers in the call's `lang` (as Odoo does from its `.po` files), so that
//! clients can be tested for mixing languages up. Any other language, or a text not listed,
//! stays in English.

/// (English, French) pairs.
const FR_FR: &[(&str, &str)] = &[
    ("Customer", "Client"),
    ("Status", "Statut"),
    ("Order Date", "Date de commande"),
    ("Order Reference", "Référence de la commande"),
    ("Quotation", "Devis"),
    ("Quotation Sent", "Devis envoyé"),
    ("Sales Order", "Bon de commande"),
    ("Cancelled", "Annulé"),
    ("Name", "Nom"),
    ("Email", "E-mail"),
    ("Phone", "Téléphone"),
    ("City", "Ville"),
];

/// `text` in `lang`, if the simulator has that translation.
pub(crate) fn translate(lang: &str, text: &str) -> Option<&'static str> {
    match lang {
        "fr_FR" | "fr_BE" | "fr_CA" => FR_FR.iter().find(|(en, _)| *en == text).map(|(_, fr)| *fr),
        _ => None,
    }
}

/// Translates a `fields_get` entry's `string` and selection labels in place.
pub(crate) fn translate_field(lang: &str, attrs: &mut serde_json::Map<String, serde_json::Value>) {
    use serde_json::Value;
    if let Some(Value::String(label)) = attrs.get_mut("string")
        && let Some(t) = translate(lang, label)
    {
        *label = t.to_owned();
    }
    if let Some(Value::Array(pairs)) = attrs.get_mut("selection") {
        for pair in pairs {
            if let Some(Value::String(label)) = pair.as_array_mut().and_then(|p| p.get_mut(1))
                && let Some(t) = translate(lang, label)
            {
                *label = t.to_owned();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn french_labels_and_selection_values_english_otherwise() {
        let mut attrs =
            json!({"string": "Status", "selection": [["draft", "Quotation"], ["x", "Other"]]})
                .as_object()
                .cloned()
                .unwrap_or_default();
        translate_field("fr_FR", &mut attrs);
        assert_eq!(attrs["string"], "Statut");
        assert_eq!(
            attrs["selection"],
            json!([["draft", "Devis"], ["x", "Other"]])
        );
        assert_eq!(translate("en_US", "Status"), None);
        assert_eq!(translate("nl_BE", "Status"), None);
    }
}
