//! Records as a file: CSV (RFC 4180, UTF-8) or XLSX (`rust_xlsxwriter`), one header row of
//! field names, then one row per record. Values come cleaned (`render::clean`: secrets already
//! removed): a many2one is written as its name, a list of ids as `1,2,3`, empty values as empty
//! cells. Text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) is
//! prefixed with `'`, so an exported file cannot run formulas from Odoo data.

use serde_json::Value;

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableFormat {
    Csv,
    Xlsx,
}

impl TableFormat {
    /// The MIME type.
    pub(crate) fn mime_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// One cell.
enum Cell {
    Text(String),
    /// The value, and its JSON spelling (for CSV: `3`, not `3.0`).
    Number(f64, String),
    Bool(bool),
    Empty,
}

fn cell(value: &Value) -> Cell {
    match value {
        Value::Null | Value::Bool(false) => Cell::Empty,
        Value::Bool(true) => Cell::Bool(true),
        Value::Number(n) => n
            .as_f64()
            .map_or(Cell::Empty, |f| Cell::Number(f, n.to_string())),
        Value::String(s) => Cell::Text(defused(s)),
        Value::Object(map) => match map.get("name") {
            Some(Value::String(name)) => Cell::Text(defused(name)),
            _ => Cell::Text(defused(&value.to_string())),
        },
        Value::Array(items) if items.is_empty() => Cell::Empty,
        Value::Array(items) if items.len() == 2 && items[0].is_i64() && items[1].is_string() => {
            Cell::Text(defused(items[1].as_str().unwrap_or_default()))
        }
        Value::Array(items) => Cell::Text(
            items
                .iter()
                .map(|v| match v {
                    Value::String(s) => defused(s),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

/// Text a spreadsheet would evaluate as a formula, made inert.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The rows (a value per column, in the order of `columns`) as a CSV file.
pub(crate) fn csv(columns: &[String], rows: &[Vec<Value>]) -> Vec<u8> {
    let mut out = String::new();
    let line = |cells: Vec<String>, out: &mut String| {
        let quoted: Vec<String> = cells
            .into_iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(columns.to_vec(), &mut out);
    for row in rows {
        let cells = row
            .iter()
            .map(|v| match cell(v) {
                Cell::Text(t) => t,
                Cell::Number(_, text) => text,
                Cell::Bool(b) => b.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        line(cells, &mut out);
    }
    out.into_bytes()
}

/// The rows as an XLSX workbook (one sheet named after `sheet`).
pub(crate) fn xlsx(
    sheet: &str,
    columns: &[String],
    rows: &[Vec<Value>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    // Sheet names: at most 31 characters, none of []:*?/\.
    let name: String = sheet
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.is_empty() {
        ws.set_name(&name)?;
    }
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, column) in columns.iter().enumerate() {
        ws.write_string_with_format(0, col(c), column, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, value) in row.iter().enumerate() {
            match cell(value) {
                Cell::Text(t) => ws.write_string(r, col(c), t)?,
                Cell::Number(n, _) => ws.write_number(r, col(c), n)?,
                Cell::Bool(b) => ws.write_boolean(r, col(c), b)?,
                Cell::Empty => ws,
            };
        }
    }
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rows() -> (Vec<String>, Vec<Vec<Value>>) {
        let columns = vec![
            "name".to_owned(),
            "partner_id".to_owned(),
            "amount".to_owned(),
        ];
        let rows = vec![
            vec![
                json!("A, \"quoted\"\nline"),
                json!([3, "Acme"]),
                json!(12.5),
            ],
            vec![json!("=HYPERLINK(\"x\")"), Value::Null, json!(3)],
        ];
        (columns, rows)
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let (columns, rows) = rows();
        let text = String::from_utf8(csv(&columns, &rows)).unwrap();
        assert_eq!(
            text,
            "name,partner_id,amount\r\n\"A, \"\"quoted\"\"\nline\",Acme,12.5\r\n\"'=HYPERLINK(\"\"x\"\")\",,3\r\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let (columns, rows) = rows();
        let bytes = xlsx("sale.order", &columns, &rows).unwrap();
        assert!(bytes.starts_with(b"PK"), "a zip archive");
        assert!(bytes.len() > 1000);
    }
}
