//! PDF reports: `GET /report/pdf/<report_name>/<ids>`, the route Odoo's web client prints
//! with. It is an `auth='user'` HTTP route on every version (14–19): it opens for a web
//! session cookie only. A JSON-2 bearer API key is not accepted there (`auth='bearer'` routes
//! only), JSON-RPC credentials are not either, and `ir.actions.report._render_qweb_pdf` is
//! private (not callable over RPC).
//!
//! The session comes from `POST /web/session/authenticate` with the login and **password**:
//! Odoo treats that login as interactive, and `res.users._check_credentials` accepts an API
//! key only for non-interactive (RPC) logins. So a report needs a configured password; with
//! an API key alone the client says so before sending anything. Whether a version's route
//! also accepts a bearer key is a column of the version table (`report_bearer`, false so far).

use std::sync::Mutex;

use reqwest::header::{COOKIE, HeaderMap, HeaderValue};
use serde_json::json;

use super::http::{Endpoint, Label, Reply};
use super::json2::Json2;
use super::jsonrpc;
use crate::config::Settings;
use crate::error::{Error, ErrorKind};
use crate::request::Context;
use crate::secret::Secret;
use crate::version::Capabilities;

/// The login path of the web client.
const LOGIN_PATH: &str = "/web/session/authenticate";

/// The most ids one report request carries (they go into the URL).
pub const MAX_REPORT_IDS: usize = 100;

/// How a report reaches this client.
#[derive(Debug)]
pub(crate) enum ReportRoute<'a> {
    /// A web session opened with the login and password.
    WebSession {
        database: &'a str,
        login: &'a str,
        password: &'a Secret,
    },
    /// The API key as a bearer token (a version whose route accepts it).
    Bearer(Json2),
}

/// The route for this configuration and version, or why there is none (nothing is sent).
pub(crate) fn route<'a>(
    settings: &'a Settings,
    capabilities: &Capabilities,
) -> Result<ReportRoute<'a>, Error> {
    if let (Some(database), Some(login), Some(password)) = (
        settings.database.as_deref(),
        settings.login.as_deref(),
        settings.password.as_ref(),
    ) {
        return Ok(ReportRoute::WebSession {
            database,
            login,
            password,
        });
    }
    if capabilities.report_bearer
        && let Some(key) = &settings.api_key
    {
        return Ok(ReportRoute::Bearer(Json2::new(
            key.clone(),
            settings.database.clone(),
        )));
    }
    let missing = match (settings.login.is_some(), settings.database.is_some()) {
        (false, _) => "login and password",
        (true, false) => "database and password",
        (true, true) => "password",
    };
    Err(Error::new(
        ErrorKind::InvalidInput,
        format!(
            "Odoo serves PDF reports only to a web session (/report/pdf is a web-client route): \
             an API key is not accepted there, and Odoo's web login refuses API keys. Configure \
             the {missing} of an Odoo user for this instance to get reports, or read the PDF \
             Odoo stored when the document was printed or sent (list_attachments on the record)"
        ),
    ))
}

/// Checks a report's technical name (`module.template`): it goes into the URL path.
pub(crate) fn check_report_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name.contains('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.'))
        && !name.starts_with('.')
        && !name.ends_with('.');
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{:?} is not a report name (lowercase `module.template`, e.g. \
                 sale.report_saleorder)",
                name.chars().take(60).collect::<String>()
            ),
        ))
    }
}

/// The path of a report of `ids`, with the client's context (language, companies) as the
/// route's `context` query argument.
pub(crate) fn path(report: &str, ids: &[i64], context: &Context) -> Result<String, Error> {
    check_report_name(report)?;
    if ids.is_empty() || ids.len() > MAX_REPORT_IDS || ids.iter().any(|id| *id <= 0) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("a report is made of 1 to {MAX_REPORT_IDS} records with positive ids"),
        ));
    }
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut path = format!("/report/pdf/{report}/{}", ids.join(","));
    if !context.is_empty() {
        let json = serde_json::Value::Object(context.0.clone()).to_string();
        let encoded: String = url::form_urlencoded::byte_serialize(json.as_bytes()).collect();
        path.push_str("?context=");
        path.push_str(&encoded);
    }
    Ok(path)
}

/// The web session of a client, opened on first use and opened again when Odoo drops it.
#[derive(Debug, Default)]
pub(crate) struct WebSession {
    id: Mutex<Option<Secret>>,
}

impl WebSession {
    fn current(&self) -> Option<Secret> {
        self.id.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    fn set(&self, id: Option<Secret>) {
        *self.id.lock().unwrap_or_else(|p| p.into_inner()) = id;
    }
}

/// Fetches the PDF of `report` for `ids` by `route`.
pub(crate) async fn fetch(
    endpoint: &Endpoint,
    route: &ReportRoute<'_>,
    session: &WebSession,
    report: &str,
    ids: &[i64],
    context: &Context,
) -> Result<Vec<u8>, Error> {
    let path = path(report, ids, context)?;
    let label = Label {
        model: report,
        method: "report_pdf",
        protocol: "http",
    };
    let (database, login, password) = match route {
        ReportRoute::Bearer(json2) => {
            let reply = endpoint.get_with(&path, json2.headers()?, label).await?;
            return decode(report, &reply);
        }
        ReportRoute::WebSession {
            database,
            login,
            password,
        } => (*database, *login, *password),
    };
    // A kept session may have expired: Odoo then redirects to its login page. One new login.
    let kept = session.current();
    let fresh = kept.is_none();
    let id = match kept {
        Some(id) => id,
        None => authenticate(endpoint, database, login, password).await?,
    };
    session.set(Some(id.clone()));
    let reply = endpoint.get_with(&path, cookie(&id)?, label).await?;
    if !is_login_redirect(&reply) {
        return decode(report, &reply);
    }
    if fresh {
        session.set(None);
        return Err(not_logged_in(login));
    }
    let id = authenticate(endpoint, database, login, password).await?;
    session.set(Some(id.clone()));
    let reply = endpoint.get_with(&path, cookie(&id)?, label).await?;
    if is_login_redirect(&reply) {
        session.set(None);
        return Err(not_logged_in(login));
    }
    decode(report, &reply)
}

/// `POST /web/session/authenticate {db, login, password}`: the session id of its cookie.
async fn authenticate(
    endpoint: &Endpoint,
    database: &str,
    login: &str,
    password: &Secret,
) -> Result<Secret, Error> {
    let body = json!({
        "jsonrpc": "2.0",
        "method": "call",
        "id": 0,
        "params": {"db": database, "login": login, "password": password.expose()},
    });
    let bytes = serde_json::to_vec(&body).map_err(|e| {
        Error::new(ErrorKind::InvalidInput, "the login cannot be encoded").with_source(e)
    })?;
    let label = Label {
        model: "web.session",
        method: "authenticate",
        protocol: "http",
    };
    let reply = endpoint
        .post_json(LOGIN_PATH, HeaderMap::new(), bytes, label)
        .await?;
    let refused = || {
        Error::new(
            ErrorKind::Authentication,
            format!(
                "Odoo's web login refused user {login} on database {database} (a web session \
                 needs the user's password; an API key is not accepted there)"
            ),
        )
    };
    match jsonrpc::decode(&reply) {
        Ok(result)
            if result
                .get("uid")
                .and_then(serde_json::Value::as_i64)
                .is_some() => {}
        Ok(_) => return Err(refused()),
        Err(e) if e.is_authentication() || e.is_access_denied() => return Err(refused()),
        Err(e) => return Err(e),
    }
    reply.session_id.ok_or_else(|| {
        Error::new(
            ErrorKind::Decode,
            "Odoo's web login answered without a session cookie",
        )
    })
}

fn cookie(id: &Secret) -> Result<HeaderMap, Error> {
    let mut value = HeaderValue::from_str(&format!("session_id={}", id.expose()))
        .map_err(|_| Error::new(ErrorKind::Decode, "Odoo sent an unusable session cookie"))?;
    value.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(COOKIE, value);
    Ok(headers)
}

/// Whether Odoo sent the request to its login page (no valid session).
fn is_login_redirect(reply: &Reply) -> bool {
    (300..400).contains(&reply.status)
}

fn not_logged_in(login: &str) -> Error {
    Error::new(
        ErrorKind::Authentication,
        format!(
            "Odoo did not let user {login}'s web session print the report (it sent the login \
             page): two-factor authentication on this user blocks web logins by programs; use \
             a user without it for reports"
        ),
    )
}

/// The PDF of a report answer, or the error its status says.
pub(crate) fn decode(report: &str, reply: &Reply) -> Result<Vec<u8>, Error> {
    match reply.status {
        200 if reply.body.starts_with(b"%PDF-") => Ok(reply.body.clone()),
        200 => Err(Error::new(
            ErrorKind::Decode,
            format!(
                "Odoo answered report {report} without a PDF (is wkhtmltopdf installed on the \
                 Odoo server?)"
            ),
        )),
        403 => Err(Error::new(
            ErrorKind::AccessDenied,
            format!(
                "Odoo refused report {report}: the user may not read these records or print \
                 this report"
            ),
        )),
        400 => Err(Error::new(
            ErrorKind::Validation,
            format!(
                "Odoo could not make report {report} for these records (a record may not \
                 exist, or the report is for another kind of record)"
            ),
        )),
        404 => Err(Error::new(
            ErrorKind::NotFound,
            format!("Odoo has no report {report} (its module may not be installed)"),
        )),
        _ => Err(reply.status_error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::settings;
    use crate::version::capabilities;

    fn reply(status: u16, body: &[u8]) -> Reply {
        Reply {
            status,
            is_json: false,
            retry_after: None,
            body: body.to_vec(),
            redirect: None,
            session_id: None,
        }
    }

    #[test]
    fn a_password_opens_a_web_session_on_every_version() {
        let s = settings(|b| b.login("admin").password("pw").database("demo"));
        for major in 14..=20 {
            assert!(matches!(
                route(&s, capabilities(major)),
                Ok(ReportRoute::WebSession { login: "admin", .. })
            ));
        }
    }

    #[test]
    fn an_api_key_alone_gets_no_report_and_the_error_says_what_to_configure() {
        let json2 = settings(|b| b.api_key("k").database("demo"));
        let e = route(&json2, capabilities(19)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let text = e.to_string();
        assert!(text.contains("login and password"), "{text}");
        assert!(text.contains("list_attachments"), "{text}");
        let rpc_with_key = settings(|b| b.api_key("k").login("admin").database("demo"));
        let e = route(&rpc_with_key, capabilities(17)).unwrap_err();
        assert!(e.to_string().contains("the password of"), "{e}");
    }

    #[test]
    fn a_bearer_route_is_a_table_entry() {
        let json2 = settings(|b| b.api_key("k").database("demo"));
        let mut caps = *capabilities(19);
        caps.report_bearer = true;
        assert!(matches!(route(&json2, &caps), Ok(ReportRoute::Bearer(_))));
        assert!((14..=20).all(|v| !capabilities(v).report_bearer));
    }

    #[test]
    fn the_path_carries_checked_names_and_ids() {
        let none = Context::new();
        assert_eq!(
            path("sale.report_saleorder", &[7, 12], &none).unwrap(),
            "/report/pdf/sale.report_saleorder/7,12"
        );
        assert_eq!(
            path("sale.report_saleorder", &[7], &Context::new().lang("fr_FR")).unwrap(),
            "/report/pdf/sale.report_saleorder/7?context=%7B%22lang%22%3A%22fr_FR%22%7D"
        );
        for bad in [
            "",
            "sale",
            "../web",
            "sale.report/x",
            "Sale.Report",
            "a.b?c=1",
            ".x.",
        ] {
            assert!(path(bad, &[1], &none).is_err(), "{bad:?}");
        }
        assert!(path("sale.report_saleorder", &[], &none).is_err());
        assert!(path("sale.report_saleorder", &[0], &none).is_err());
        let many: Vec<i64> = (1..=101).collect();
        assert!(path("sale.report_saleorder", &many, &none).is_err());
    }

    #[test]
    fn statuses_become_errors_a_user_can_act_on() {
        assert_eq!(
            decode("r.x", &reply(200, b"%PDF-1.4 ...")).unwrap(),
            b"%PDF-1.4 ..."
        );
        let kind = |status, body: &[u8]| decode("r.x", &reply(status, body)).unwrap_err().kind();
        assert_eq!(kind(200, b"<html>"), ErrorKind::Decode);
        assert_eq!(kind(403, b""), ErrorKind::AccessDenied);
        assert_eq!(kind(400, b""), ErrorKind::Validation);
        assert_eq!(kind(404, b""), ErrorKind::NotFound);
        assert_eq!(kind(500, b""), ErrorKind::Server);
        assert!(is_login_redirect(&reply(303, b"")));
        assert!(!is_login_redirect(&reply(200, b"%PDF-")));
    }
}
