//! The one text table of tool output: tab-separated, a header line of column names, then one
//! line per row. Records (`records::table`) and groups (`groups::table`) are written by it.

/// Writes `header` and `rows` (each as long as `header`) as tab-separated lines.
pub(crate) fn write<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> String {
    let mut out = header.join("\t");
    for row in rows {
        out.push('\n');
        for (n, cell) in row.iter().enumerate() {
            if n > 0 {
                out.push('\t');
            }
            out.push_str(cell.as_ref());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_header_then_one_line_per_row() {
        let rows = vec![vec!["1", "A"], vec!["2", ""]];
        assert_eq!(super::write(&["id", "name"], &rows), "id\tname\n1\tA\n2\t");
        assert_eq!(super::write::<&str>(&["id"], &[]), "id");
    }
}
