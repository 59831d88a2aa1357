//! What the chatter tools (`post_message`, `list_activities`, `schedule_activity`,
//! `complete_activity`) share: the models they use, plain text checked and turned into safe
//! HTML, the connected Odoo user, and the ids Odoo's chatter methods return.

use odoo_client::{Client, FieldName, MethodCall, MethodName, ModelName};
use serde_json::Value;

use crate::error::ToolError;

/// Messages and notes.
pub(crate) const MESSAGE_MODEL: &str = "mail.message";
/// Activities.
pub(crate) const ACTIVITY_MODEL: &str = "mail.activity";
/// Activity types.
pub(crate) const ACTIVITY_TYPE_MODEL: &str = "mail.activity.type";

/// Checks a plain-text argument: at most `max` characters, no control characters other than
/// line breaks and tabs; `required` refuses a blank one. Returns it trimmed.
pub(crate) fn checked_text(
    name: &str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<String, ToolError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(ToolError::invalid(format!(
            "`{name}` is empty: give the text to write"
        )));
    }
    let count = text.chars().count();
    if count > max {
        return Err(ToolError::invalid(format!(
            "`{name}` has {count} characters; at most {max} are accepted: shorten it"
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ToolError::invalid(format!(
            "`{name}` contains control characters: send plain text (line breaks are kept)"
        )));
    }
    Ok(text.to_owned())
}

/// Plain text as safe HTML: `&`, `<`, `>`, quotes escaped, each line break a `<br>`. Nothing
/// the caller writes can become markup.
pub(crate) fn text_to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Text with every run of whitespace made one space: how two bodies are compared once Odoo
/// has stored (and possibly re-wrapped) one of them.
pub(crate) fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The id a chatter method returned: a number, or the first of a list (a recordset).
pub(crate) fn returned_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::Array(items) => items.first().and_then(Value::as_i64),
        _ => None,
    }
}

/// The id of the Odoo user this server logs in as: `res.users.context_get()`'s `uid`, or the
/// one the login reported.
pub(crate) async fn my_uid(client: &Client) -> Result<i64, ToolError> {
    let users = ModelName::new("res.users")?;
    let method = MethodName::new("context_get")?;
    let context = client.call(&users, &method, &MethodCall::default()).await?;
    if let Some(uid) = context.get("uid").and_then(Value::as_i64) {
        return Ok(uid);
    }
    client.server_info().await?.uid.ok_or_else(|| {
        ToolError::invalid(
            "Odoo did not say which user this server logs in as (context_get has no uid): \
             pass `user_id` explicitly",
        )
    })
}

/// The partner (contact) of the Odoo user this server logs in as: the author of what it posts.
pub(crate) async fn my_partner(client: &Client) -> Result<Option<i64>, ToolError> {
    let uid = my_uid(client).await?;
    let users = ModelName::new("res.users")?;
    let rows = client
        .read(&users, &[uid], &[FieldName::new("partner_id")?])
        .await?;
    Ok(rows
        .first()
        .and_then(|r| r.get("partner_id"))
        .and_then(|p| match p {
            Value::Array(pair) => pair.first().and_then(Value::as_i64),
            other => other.as_i64(),
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_html_that_cannot_carry_markup() {
        assert_eq!(
            text_to_html("<script>alert('x')</script> & \"co\"\nline 2\r\nline 3"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;<br>line 2<br>line 3"
        );
        // Back to text as list_messages shows it: the same words.
        let back = crate::render::html::html_to_text(&text_to_html("a <b> & c\nd"));
        assert_eq!(normalised(&back), "a <b> & c d");
    }

    #[test]
    fn texts_are_checked() {
        assert!(checked_text("body", "  ", 10, true).is_err());
        assert_eq!(checked_text("note", "  ", 10, false).unwrap(), "");
        let long = checked_text("body", &"x".repeat(11), 10, true).unwrap_err();
        assert!(long.to_string().contains("at most 10"), "{long}");
        assert!(checked_text("body", "a\u{0}b", 10, true).is_err());
        assert_eq!(checked_text("body", " a\nb\t ", 10, true).unwrap(), "a\nb");
    }

    #[test]
    fn returned_ids_come_as_numbers_or_lists_of_them() {
        assert_eq!(returned_id(&serde_json::json!(7)), Some(7));
        assert_eq!(returned_id(&serde_json::json!([8, 9])), Some(8));
        assert_eq!(returned_id(&serde_json::json!(false)), None);
    }
}
