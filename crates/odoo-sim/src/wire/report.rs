//! `GET /report/pdf/<report_name>/<docids>`: Odoo's web-client report route (`auth='user'`):
//! it opens for a web session cookie from `/web/session/authenticate` only — a bearer API key
//! or no cookie gets the 303 redirect to `/web/login` Odoo answers. The records are read as
//! the session's user (an `AccessError` is a 403, a missing record a 400, an unknown report
//! a 500, as werkzeug renders Odoo's exceptions on HTTP routes), and the answer is a small
//! valid PDF naming them, built in-process.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::engine::{Args, Env};
use crate::fault::FaultKind;
use crate::state::SimState;

/// The reports the simulator prints: `ir.actions.report` rows (report_name, model, name).
pub(crate) const REPORTS: &[(&str, &str, &str)] = &[
    ("sale.report_saleorder", "sale.order", "Quotation / Order"),
    (
        "account.report_invoice_with_payments",
        "account.move",
        "Invoices",
    ),
    (
        "account.report_invoice",
        "account.move",
        "Invoices without Payment",
    ),
];

/// Handles `GET /report/pdf/{report}/{docids}`.
pub(crate) async fn pdf(
    State(state): State<SimState>,
    Path((report, docids)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let started = Instant::now();
    let path = format!("/report/pdf/{report}/{docids}");
    let response = match session_uid(&state, &headers) {
        None => login_redirect(&path),
        Some(uid) => {
            let worker = state.clone();
            let lang = query.as_deref().and_then(context_lang);
            tokio::task::spawn_blocking(move || render(&worker, uid, &report, &docids, lang))
                .await
                .unwrap_or_else(|_| {
                    page(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
                })
        }
    };
    state.count("ir.actions.report", "report_pdf");
    tracing::debug!(
        protocol = "web",
        path = "/report/pdf",
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// The user of the request's `session_id` cookie, if it names a live session.
fn session_uid(state: &SimState, headers: &HeaderMap) -> Option<i64> {
    state.inner.sessions.of_request(headers).map(|s| s.uid)
}

/// The `lang` of the route's `context` query argument (URL-encoded JSON), if any.
fn context_lang(query: &str) -> Option<String> {
    let (_, raw) = url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "context")?;
    let context: Value = serde_json::from_str(&raw).ok()?;
    context.get("lang")?.as_str().map(str::to_owned)
}

fn render(
    state: &SimState,
    uid: i64,
    report: &str,
    docids: &str,
    lang: Option<String>,
) -> Response {
    let Some((_, model, title)) = REPORTS.iter().find(|(name, _, _)| *name == report) else {
        // `env.ref(report_name)` raises ValueError: werkzeug's InternalServerError.
        return page(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    };
    let Ok(ids) = docids
        .split(',')
        .map(|s| s.trim().parse::<i64>())
        .collect::<Result<Vec<i64>, _>>()
    else {
        return page(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    };
    let mut named = Map::new();
    named.insert("fields".into(), json!(["display_name"]));
    let args = Args {
        ids: Some(ids.clone()),
        named,
    };
    let mut context = Map::new();
    if let Some(lang) = lang {
        context.insert("lang".into(), Value::String(lang));
    }
    let env = Env { uid, context };
    let rows = match state.inner.engine.call(&env, model, "read", args) {
        Ok(Value::Array(rows)) => rows,
        Ok(_) => return page(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"),
        Err(fault) if fault.kind == FaultKind::AccessError => {
            return page(StatusCode::FORBIDDEN, "Forbidden");
        }
        Err(_) => return page(StatusCode::BAD_REQUEST, "Bad Request"),
    };
    if rows.len() != ids.len() {
        // MissingError is a UserError: werkzeug's BadRequest.
        return page(StatusCode::BAD_REQUEST, "Bad Request");
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            r.get("display_name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let bytes = pdf_bytes(title, &names);
    let mut response = Response::new(Body::from(bytes.clone()));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    response
}

/// The 303 to the login page Odoo answers an `auth='user'` route without a session.
fn login_redirect(path: &str) -> Response {
    let encoded: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    let mut response = page(StatusCode::SEE_OTHER, "See Other");
    if let Ok(location) = HeaderValue::from_str(&format!("/web/login?redirect={encoded}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

fn page(status: StatusCode, title: &str) -> Response {
    let mut response = Response::new(Body::from(format!(
        "<!doctype html>\n<html lang=en>\n<title>{} {title}</title>\n<h1>{title}</h1>\n",
        status.as_u16()
    )));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// A one-page PDF 1.4 with `title` and one line per record (test data, not a renderer): the
/// objects, then a cross-reference table with their byte offsets, as readers expect.
pub(crate) fn pdf_bytes(title: &str, lines: &[String]) -> Vec<u8> {
    let escape = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .flat_map(|c| match c {
                '(' | ')' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect()
    };
    let mut text = format!("BT /F1 18 Tf 56 780 Td ({}) Tj ET\n", escape(title));
    for (i, line) in lines.iter().take(40).enumerate() {
        let y = 740 - 18 * i as i64;
        text.push_str(&format!(
            "BT /F1 11 Tf 56 {y} Td ({}) Tj ET\n",
            escape(line)
        ));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_has_a_consistent_cross_reference_table() {
        let pdf = pdf_bytes("Quotation (S00001)", &["S00001 \\ x".to_owned()]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!(text.contains("(Quotation \\(S00001\\))"));
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(text[startxref..].starts_with("xref\n0 6\n"));
        for (i, line) in text[startxref..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", i + 1)),
                "{line}"
            );
        }
    }

    #[test]
    fn the_context_argument_gives_the_language() {
        assert_eq!(
            context_lang("context=%7B%22lang%22%3A%22fr_FR%22%7D").as_deref(),
            Some("fr_FR")
        );
        assert_eq!(context_lang("x=1"), None);
        assert_eq!(context_lang("context=not-json"), None);
    }
}
