//! The one text table of tool output: tab-separated, a header line of column names, then one
//! line per row. Records (`records::table`, cell by cell through [`Writer`]) and groups
//! (`groups::table`) are written by it.

/// Writes `header` and `rows` (each as long as `header`) as tab-separated lines.
pub(crate) fn write<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> String {
    let mut table = Writer::new(header, 0);
    for row in rows {
        table.start_row();
        for cell in row {
            table.cell().push_str(cell.as_ref());
        }
    }
    table.finish()
}

/// A table written cell by cell into one buffer, for callers that format cells in place
/// instead of collecting them first.
pub(crate) struct Writer {
    out: String,
    first_cell: bool,
}

impl Writer {
    /// A table with `header` as its first line; `capacity` bytes reserved for the rows.
    pub(crate) fn new(header: &[&str], capacity: usize) -> Self {
        let mut out =
            String::with_capacity(capacity + header.iter().map(|h| h.len() + 1).sum::<usize>());
        for (n, name) in header.iter().enumerate() {
            if n > 0 {
                out.push('\t');
            }
            out.push_str(name);
        }
        Self {
            out,
            first_cell: true,
        }
    }

    /// Starts the next line.
    pub(crate) fn start_row(&mut self) {
        self.out.push('\n');
        self.first_cell = true;
    }

    /// The buffer to write the next cell of the current line into (the separator is written).
    pub(crate) fn cell(&mut self) -> &mut String {
        if !self.first_cell {
            self.out.push('\t');
        }
        self.first_cell = false;
        &mut self.out
    }

    /// Ends the current line at its last non-empty cell. Cells hold no tabs nor newlines, and
    /// a line's first cell is never empty, so only this line's trailing separators go.
    pub(crate) fn trim_row_end(&mut self) {
        let end = self.out.trim_end_matches('\t').len();
        self.out.truncate(end);
    }

    /// The table's text.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_header_then_one_line_per_row() {
        let rows = vec![vec!["1", "A"], vec!["2", ""]];
        assert_eq!(super::write(&["id", "name"], &rows), "id\tname\n1\tA\n2\t");
        assert_eq!(super::write::<&str>(&["id"], &[]), "id");
    }

    #[test]
    fn a_line_can_end_at_its_last_non_empty_cell() {
        let mut table = super::Writer::new(&["id", "a", "b"], 16);
        for row in [["1", "", ""], ["2", "x", ""]] {
            table.start_row();
            for cell in row {
                table.cell().push_str(cell);
            }
            table.trim_row_end();
        }
        assert_eq!(table.finish(), "id\ta\tb\n1\n2\tx");
    }
}
