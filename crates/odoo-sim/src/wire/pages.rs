//! The HTML pages Odoo (werkzeug) and a reverse proxy answer where no JSON is spoken.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

/// An HTML response with Odoo's content type.
fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// werkzeug's page for an unknown URL.
pub(crate) fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n\
         <p>The requested URL was not found on the server. If you entered the URL manually please \
         check your spelling and try again.</p>\n"
            .to_owned(),
    )
}

/// Odoo's page for an unknown database in `X-Odoo-Database` (sample json2_error_wrong_db_header.json).
pub(crate) fn no_database() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is \
         selected and the requested URL was not found in the server-wide controllers.</p>\n\
         <p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n\
         <!-- Alternatively, use the X-Odoo-Database header. -->\n\n</html>\n"
            .to_owned(),
    )
}

/// werkzeug's 415 page when a JSON route gets another content type (sample
/// json2_error_no_content_type.json). `route` is Odoo's route pattern, `kind` its type.
pub(crate) fn unsupported_media_type(route: &str, kind: &str) -> Response {
    let route = route.replace('<', "&lt;").replace('>', "&gt;");
    html(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n\
             <h1>Unsupported Media Type</h1>\n<p>Request inferred type is compatible with \
             [&#39;http&#39;] but &#39;{route}&#39; is type=&#39;{kind}&#39;.<br><br>Please \
             verify the Content-Type request header and try again.</p>\n"
        ),
    )
}

/// A reverse proxy's error page (nginx style), used by fault injection.
pub(crate) fn proxy_error(status: StatusCode) -> Response {
    let code = status.as_u16();
    let reason = match code {
        503 => "Service Temporarily Unavailable",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    let mut response = html(
        status,
        format!(
            "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} \
             {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        ),
    );
    if code == 429 {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// werkzeug's generic 500 page.
pub(crate) fn internal_error() -> Response {
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n\
         <h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was \
         unable to complete your request. Either the server is overloaded or there is an error in \
         the application.</p>\n"
            .to_owned(),
    )
}
