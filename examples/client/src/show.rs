//! Everything a server sends is shown through [`for_terminal`]: a server controls that text,
//! and a terminal obeys escape sequences. `ESC ] 52` writes your clipboard, `ESC [ 2 J` clears
//! the screen (hiding what came before), bidirectional overrides make text read differently
//! than it is stored. So control characters (but newline and tab), escape sequences' ESC, C1
//! controls, bidi overrides and zero-width characters are removed, and length is capped.

/// The most characters shown of one text from a server.
pub(crate) const MAX_SHOWN_CHARS: usize = 16 * 1024;

/// `text` safe to print on a terminal, at most `max_chars` characters (a note says how many
/// more there were).
pub(crate) fn for_terminal(text: &str, max_chars: usize) -> String {
    let mut shown = String::new();
    let mut kept = 0;
    let mut dropped = 0;
    for c in text.chars() {
        if !(c == '\n' || c == '\t') && (c.is_control() || is_invisible(c)) {
            continue;
        }
        if kept < max_chars {
            shown.push(c);
            kept += 1;
        } else {
            dropped += 1;
        }
    }
    if dropped > 0 {
        shown.push_str(&format!(" … [{dropped} more characters not shown]"));
    }
    shown
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_invisible_characters_are_removed() {
        let hostile = "sunny\u{1b}[2J\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{9b}31m \u{202E}evil\r\n\tok";
        let shown = for_terminal(hostile, 100);
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{9b}'));
        assert!(!shown.contains('\u{202E}') && !shown.contains('\r'));
        assert!(
            shown.starts_with("sunny") && shown.ends_with("\n\tok"),
            "{shown:?}"
        );
    }

    #[test]
    fn long_text_is_cut_with_a_note() {
        let shown = for_terminal(&"é".repeat(30), 10);
        assert_eq!(
            shown,
            format!("{} … [20 more characters not shown]", "é".repeat(10))
        );
    }
}
