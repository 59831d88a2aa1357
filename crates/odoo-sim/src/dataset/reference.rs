//! Reference data every Odoo database ships with: currencies, countries, states, units of measure.

use serde_json::json;

use super::ctx::Ctx;

/// (id, code, symbol, full name, unit, subunit, iso numeric, position, active).
type CurrencySpec = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    bool,
);

const CURRENCIES: &[CurrencySpec] = &[
    (
        1,
        "USD",
        "$",
        "United States dollar",
        "Dollars",
        "Cents",
        840,
        "before",
        true,
    ),
    (2, "EUR", "€", "Euro", "Euros", "Cents", 978, "after", true),
    (
        3,
        "GBP",
        "£",
        "Pound sterling",
        "Pounds",
        "Pence",
        826,
        "before",
        false,
    ),
    (
        4,
        "CAD",
        "$",
        "Canadian dollar",
        "Dollars",
        "Cents",
        124,
        "before",
        false,
    ),
    (
        5,
        "INR",
        "₹",
        "Indian rupee",
        "Rupees",
        "Paise",
        356,
        "before",
        false,
    ),
    (
        6,
        "CHF",
        "CHF",
        "Swiss franc",
        "Francs",
        "Centimes",
        756,
        "after",
        false,
    ),
    (
        7,
        "JPY",
        "¥",
        "Japanese yen",
        "Yen",
        "Sen",
        392,
        "before",
        false,
    ),
    (
        8,
        "AUD",
        "$",
        "Australian dollar",
        "Dollars",
        "Cents",
        36,
        "before",
        false,
    ),
    (
        9,
        "SEK",
        "kr",
        "Swedish krona",
        "Kronor",
        "Öre",
        752,
        "after",
        false,
    ),
    (
        10,
        "MXN",
        "$",
        "Mexican peso",
        "Pesos",
        "Centavos",
        484,
        "before",
        false,
    ),
    (
        11,
        "BRL",
        "R$",
        "Brazilian real",
        "Reais",
        "Centavos",
        986,
        "before",
        false,
    ),
    (
        12,
        "CNY",
        "¥",
        "Chinese yuan",
        "Yuan",
        "Fen",
        156,
        "before",
        false,
    ),
];

/// (id, code, name, phone code, currency code). Ids follow Odoo's alphabetical load order.
pub(crate) const COUNTRIES: &[(i64, &str, &str, i64, &str)] = &[
    (10, "AR", "Argentina", 54, "USD"),
    (13, "AT", "Austria", 43, "EUR"),
    (14, "AU", "Australia", 61, "AUD"),
    (21, "BE", "Belgium", 32, "EUR"),
    (31, "BR", "Brazil", 55, "BRL"),
    (38, "CA", "Canada", 1, "CAD"),
    (43, "CH", "Switzerland", 41, "CHF"),
    (48, "CN", "China", 86, "CNY"),
    (56, "DE", "Germany", 49, "EUR"),
    (59, "DK", "Denmark", 45, "EUR"),
    (68, "ES", "Spain", 34, "EUR"),
    (73, "FI", "Finland", 358, "EUR"),
    (75, "FR", "France", 33, "EUR"),
    (77, "GB", "United Kingdom", 44, "GBP"),
    (97, "GR", "Greece", 30, "EUR"),
    (101, "IE", "Ireland", 353, "EUR"),
    (104, "IN", "India", 91, "INR"),
    (110, "IT", "Italy", 39, "EUR"),
    (113, "JP", "Japan", 81, "JPY"),
    (127, "LU", "Luxembourg", 352, "EUR"),
    (157, "MX", "Mexico", 52, "MXN"),
    (166, "NL", "Netherlands", 31, "EUR"),
    (167, "NO", "Norway", 47, "EUR"),
    (171, "NZ", "New Zealand", 64, "AUD"),
    (177, "PL", "Poland", 48, "EUR"),
    (182, "PT", "Portugal", 351, "EUR"),
    (187, "RE", "Réunion", 262, "EUR"),
    (197, "SE", "Sweden", 46, "SEK"),
    (233, "US", "United States", 1, "USD"),
    (247, "ZA", "South Africa", 27, "USD"),
];

/// (country code, state code, name).
pub(crate) const STATES: &[(&str, &str, &str)] = &[
    ("US", "AL", "Alabama"),
    ("US", "AZ", "Arizona"),
    ("US", "CA", "California"),
    ("US", "CO", "Colorado"),
    ("US", "FL", "Florida"),
    ("US", "GA", "Georgia"),
    ("US", "IL", "Illinois"),
    ("US", "MA", "Massachusetts"),
    ("US", "NV", "Nevada"),
    ("US", "NY", "New York"),
    ("US", "OR", "Oregon"),
    ("US", "TX", "Texas"),
    ("US", "WA", "Washington"),
    ("BE", "VAN", "Antwerpen (Anvers)"),
    ("BE", "WBR", "Brabant wallon (Waals-Brabant)"),
    ("BE", "BRU", "Bruxelles (Brussel)"),
    ("BE", "WHT", "Hainaut (Henegouwen)"),
    ("BE", "WLG", "Liège (Luik)"),
    ("BE", "VLI", "Limburg (Limbourg)"),
    ("BE", "WLX", "Luxembourg (Luxemburg)"),
    ("BE", "WNA", "Namur (Namen)"),
    ("BE", "VOV", "Oost-Vlaanderen (Flandre orientale)"),
    ("BE", "VBR", "Vlaams-Brabant (Brabant flamand)"),
    ("BE", "VWV", "West-Vlaanderen (Flandre occidentale)"),
    ("CA", "ON", "Ontario"),
    ("CA", "QC", "Quebec"),
    ("IN", "MH", "Maharashtra"),
    ("IN", "KA", "Karnataka"),
];

/// (id, name, relative factor, relative to, sequence).
const UOMS: &[(i64, &str, f64, Option<i64>, i64)] = &[
    (1, "Units", 1.0, None, 5),
    (2, "Dozens", 12.0, Some(1), 10),
    (3, "kg", 1.0, None, 20),
    (4, "g", 0.001, Some(3), 25),
    (5, "Hours", 1.0, None, 30),
    (6, "Days", 8.0, Some(5), 35),
    (7, "m", 1.0, None, 40),
    (8, "km", 1000.0, Some(7), 45),
    (9, "L", 1.0, None, 50),
    (10, "Pack of 6", 6.0, Some(1), 15),
];

/// The unit "Units".
pub(crate) const UOM_UNITS: i64 = 1;
/// The unit "Dozens".
pub(crate) const UOM_DOZENS: i64 = 2;
/// The unit "kg".
pub(crate) const UOM_KG: i64 = 3;
/// The unit "Hours".
pub(crate) const UOM_HOURS: i64 = 5;

/// Inserts currencies, countries, states and units of measure.
pub(crate) fn generate(ctx: &mut Ctx) {
    for &(id, name, symbol, full, unit, subunit, iso, position, active) in CURRENCIES {
        let decimals = if name == "JPY" { 0 } else { 2 };
        let rounding = if name == "JPY" { 1.0 } else { 0.01 };
        ctx.insert(
            "res.currency",
            json!({"id": id, "name": name, "symbol": symbol, "full_name": full, "currency_unit_label": unit,
                   "currency_subunit_label": subunit, "iso_numeric": iso, "position": position,
                   "rounding": rounding, "decimal_places": decimals, "active": active}),
        );
    }
    for &(id, code, name, phone, currency) in COUNTRIES {
        let currency_id = CURRENCIES.iter().find(|c| c.1 == currency).map(|c| c.0);
        let eu_vat = !matches!(
            code,
            "US" | "CA" | "AU" | "NZ" | "MX" | "AR" | "BR" | "CN" | "JP" | "IN" | "ZA"
        );
        ctx.insert(
            "res.country",
            json!({"id": id, "code": code, "name": name, "phone_code": phone, "currency_id": currency_id,
                   "state_required": matches!(code, "US" | "CA" | "IN"), "zip_required": code != "IE",
                   "vat_label": if eu_vat { "VAT" } else { "Tax ID" }, "name_position": "before"}),
        );
        ctx.pools.country.insert(code, id);
    }
    for &(country, code, name) in STATES {
        let country_id = ctx.country(country);
        let id = ctx.insert(
            "res.country.state",
            json!({"code": code, "name": name, "country_id": country_id}),
        );
        ctx.pools.state.insert((country, code), id);
    }
    for &(id, name, relative, parent, sequence) in UOMS {
        let factor = parent
            .and_then(|p| UOMS.iter().find(|u| u.0 == p))
            .map_or(relative, |p| p.2 * relative);
        let path = parent.map_or(format!("{id}/"), |p| format!("{p}/{id}/"));
        ctx.insert(
            "uom.uom",
            json!({"id": id, "name": name, "relative_factor": relative, "factor": factor, "relative_uom_id": parent,
                   "sequence": sequence, "parent_path": path, "active": true}),
        );
    }
}
