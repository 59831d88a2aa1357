//! Answering a server's elicitation requests (a server asking the *user* for input mid-call).
//! The server writes the question, so it is untrusted:
//!
//! - a form asking for anything that looks like a credential (password, token, API key, card
//!   number…) is declined without asking: the MCP spec forbids servers to request sensitive
//!   data by form, so a server that does is phishing;
//! - URL-mode requests are declined: this client never opens a link a server hands it;
//! - the question is shown through `show::for_terminal`;
//! - an answer is sent only if it fits the requested schema (known fields, required ones present);
//! - without a person to ask (stdin is not a terminal) and no `--answer`, the request is declined.

use rmcp::model::{
    ClientCapabilities, ClientConfig, ElicitRequestParams, ElicitResult, ElicitationAction,
    ElicitationSchema, Implementation,
};
use rmcp::service::RequestContext;
use rmcp::{ClientHandler, ErrorData, RoleClient};
use serde_json::{Map, Value};

use crate::show::for_terminal;

/// Words that mark a field as sensitive, in its name, title or description.
const SENSITIVE: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "api key",
    "api_key",
    "apikey",
    "private key",
    "credit card",
    "card number",
    "cvv",
    "iban",
    "social security",
    "ssn",
];

/// The client's side of the conversation.
#[derive(Debug, Clone)]
pub(crate) struct Elicitor {
    /// A prepared answer (`--answer`), for scripts.
    pub(crate) answer: Option<Map<String, Value>>,
    /// Whether a person can be asked on the terminal.
    pub(crate) interactive: bool,
}

impl ClientHandler for Elicitor {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::builder().enable_elicitation().build(),
            Implementation::new("client", env!("CARGO_PKG_VERSION")),
        )
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        let ElicitRequestParams::FormElicitationParams {
            message,
            requested_schema,
            ..
        } = request
        else {
            eprintln!("[client] the server asked to open a link: declined (never opened)");
            return Ok(ElicitResult::new(ElicitationAction::Decline));
        };
        eprintln!("[client] the server asks: {}", for_terminal(&message, 500));
        if let Some(field) = sensitive_field(&requested_schema) {
            eprintln!(
                "[client] declined: it asks for {:?}, which looks like a credential",
                for_terminal(&field, 64)
            );
            return Ok(ElicitResult::new(ElicitationAction::Decline));
        }
        let answer = match &self.answer {
            Some(answer) => Some(answer.clone()),
            None if self.interactive => ask(&requested_schema).await,
            None => None,
        };
        let Some(answer) = answer else {
            eprintln!("[client] declined: no answer given");
            return Ok(ElicitResult::new(ElicitationAction::Decline));
        };
        if let Err(problem) = fits(&answer, &requested_schema) {
            eprintln!("[client] declined: the answer does not fit the form ({problem})");
            return Ok(ElicitResult::new(ElicitationAction::Decline));
        }
        Ok(ElicitResult::new(ElicitationAction::Accept).with_content(Value::Object(answer)))
    }
}

/// The first field that looks like a credential, if any.
pub(crate) fn sensitive_field(schema: &ElicitationSchema) -> Option<String> {
    schema.properties.iter().find_map(|(name, definition)| {
        let described = serde_json::to_string(definition).unwrap_or_default();
        let haystack = format!("{name} {described}")
            .to_lowercase()
            .replace(['-', '_'], " ");
        SENSITIVE
            .iter()
            .any(|word| haystack.contains(&word.replace('_', " ")))
            .then(|| name.clone())
    })
}

/// Whether `answer` fills the form: no unknown field, every required one present.
pub(crate) fn fits(answer: &Map<String, Value>, schema: &ElicitationSchema) -> Result<(), String> {
    if let Some(unknown) = answer.keys().find(|k| !schema.properties.contains_key(*k)) {
        return Err(format!("unknown field {unknown:?}"));
    }
    let required = schema.required.iter().flatten();
    if let Some(missing) = required.into_iter().find(|r| !answer.contains_key(*r)) {
        return Err(format!("missing field {missing:?}"));
    }
    Ok(())
}

/// Asks the person at the terminal for a JSON object (empty line: decline).
async fn ask(schema: &ElicitationSchema) -> Option<Map<String, Value>> {
    let fields: Vec<&str> = schema.properties.keys().map(String::as_str).collect();
    eprintln!(
        "[client] answer with a JSON object with the fields {} (empty line to decline):",
        for_terminal(&fields.join(", "), 500)
    );
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    })
    .await
    .ok()?
    .ok()?;
    match serde_json::from_str(line.trim()) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}
