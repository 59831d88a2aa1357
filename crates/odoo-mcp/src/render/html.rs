//! Odoo's HTML (message bodies, notes) as plain text for a model: tags dropped, paragraphs
//! and line breaks kept as newlines, the common entities decoded. A linear scan of the text,
//! with no parser state beyond "inside a tag", so hostile HTML costs nothing more than its
//! length.

/// Plain text of an HTML fragment.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                let rest = &html[i + 1..];
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = rest[..end.saturating_sub(1)]
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if matches!(
                    tag.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3"
                ) && !out.ends_with('\n')
                    && !out.is_empty()
                {
                    out.push('\n');
                }
                while chars.peek().is_some_and(|&(j, _)| j <= i + end) {
                    chars.next();
                }
            }
            '&' => {
                let rest = &html[i..];
                let entity = [
                    ("&amp;", '&'),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&nbsp;", ' '),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match entity {
                    Some((name, ch)) => {
                        out.push(ch);
                        for _ in 1..name.len() {
                            chars.next();
                        }
                    }
                    None => out.push('&'),
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_paragraphs_stay_entities_decode() {
        assert_eq!(
            html_to_text(
                "<p>Acme wants <b>volume</b> pricing.</p><p>Call &amp; confirm &lt;today&gt;</p>"
            ),
            "Acme wants volume pricing.\nCall & confirm <today>"
        );
        assert_eq!(html_to_text("a<br/>b"), "a\nb");
        assert_eq!(html_to_text("unclosed <tag"), "unclosed");
        assert_eq!(html_to_text("&unknown; é"), "&unknown; é");
        let bomb = "<".repeat(100_000);
        assert_eq!(html_to_text(&bomb), "");
    }
}
