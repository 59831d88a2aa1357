//! The confirmation step shared by the write tools (see [`crate::confirm`]): decides whether a
//! write needs a person's confirmation, asks through the client when it can (elicitation, in
//! the 2025-11-25 era, when the client declared it), and otherwise checks or issues a token.

use std::time::{Duration, SystemTime};

use rmcp::model::CallToolResult;
use rmcp::service::ElicitationError;
use rmcp::{Peer, RoleServer};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Target;
use crate::confirm::WriteKind;
use crate::confirm::token::{TOKEN_LIFETIME, TokenError};
use crate::error::ToolError;
use crate::server::OdooServer;

/// How long the person has to answer a confirmation asked through the client.
const ELICITATION_TIMEOUT: Duration = Duration::from_secs(300);

/// The person's answer, asked through the client.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct Approval {
    /// Approve this change to the Odoo database?
    pub(crate) approve: bool,
}

rmcp::elicit_safe!(Approval);

/// A write waiting for confirmation: repeat the call with `confirm` set to `token`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct ConfirmationRequest {
    /// Pass this as `confirm` in the same call to run it.
    pub(crate) token: String,
    /// Seconds until the token expires.
    pub(crate) expires_in_seconds: u64,
}

/// The outcome of the confirmation step.
#[derive(Debug)]
pub(crate) enum Confirmation {
    /// Go ahead: no confirmation needed, or given.
    Granted,
    /// Ask the person: nothing is written; the result carries the dry run and this request.
    Needed(ConfirmationRequest),
}

/// A result that waits for confirmation is an error result: nothing the caller asked for was
/// done, and a client that ignores the request must not take it for a success.
pub(crate) fn mark_waiting(mut result: CallToolResult, waiting: bool) -> CallToolResult {
    if waiting {
        result.is_error = Some(true);
    }
    result
}

impl ConfirmationRequest {
    /// The text that goes with a dry run when confirmation is needed.
    pub(crate) fn text(&self, setting: &str) -> String {
        format!(
            "\nConfirmation needed (confirm_writes = {setting}): nothing was written. Show this \
             to the person; if they agree, repeat the same call with \"confirm\": \"{}\" \
             (valid {} minutes, for exactly this call).",
            self.token,
            self.expires_in_seconds / 60
        )
    }
}

impl OdooServer {
    /// Runs the confirmation step for `operation` (the call's arguments that define what is
    /// written, as JSON) of `kind` on `target`'s instance.
    pub(crate) async fn confirm_write(
        &self,
        peer: &Peer<RoleServer>,
        target: &Target<'_>,
        kind: WriteKind,
        confirm: Option<&str>,
        operation: &Value,
        summary: &str,
    ) -> Result<Confirmation, ToolError> {
        if !target.instance.policy.confirm_writes().requires(kind) {
            return Ok(Confirmation::Granted);
        }
        let client = "";
        let key = self.confirmation_key();
        if let Some(token) = confirm {
            return match key.verify(token, client, operation, SystemTime::now()) {
                Ok(()) => Ok(Confirmation::Granted),
                Err(e) => Err(ToolError::invalid(format!(
                    "{e}: nothing was written. {}",
                    match e {
                        TokenError::Mismatch => {
                            "A token confirms exactly the call it was issued for (same model, \
                             ids, values, method and arguments); call again without `confirm` \
                             to get a token for this one"
                        }
                        _ => "Call again without `confirm` to get a new token",
                    }
                ))),
            };
        }
        match peer
            .elicit_with_timeout::<Approval>(
                format!(
                    "{summary}\n\nApprove this change to Odoo instance `{}`?",
                    target.instance.name
                ),
                Some(ELICITATION_TIMEOUT),
            )
            .await
        {
            Ok(Some(Approval { approve: true })) => return Ok(Confirmation::Granted),
            Ok(_) | Err(ElicitationError::UserDeclined) => {
                return Err(ToolError::invalid(
                    "the person declined the change: nothing was written",
                ));
            }
            Err(ElicitationError::UserCancelled) => {
                return Err(ToolError::invalid(
                    "the person cancelled the confirmation: nothing was written",
                ));
            }
            Err(ElicitationError::CapabilityNotSupported) => {}
            Err(ElicitationError::Service(e)) if is_era_refusal(&e) => {}
            Err(e) => {
                tracing::warn!(error = %e, "asking for confirmation failed");
                return Err(ToolError::invalid(format!(
                    "the confirmation could not be asked ({e}): nothing was written"
                )));
            }
        }
        let token = key
            .issue(client, operation, SystemTime::now())
            .ok_or_else(|| {
                ToolError::invalid(
                    "no confirmation key is available (no random source): nothing was written",
                )
            })?;
        Ok(Confirmation::Needed(ConfirmationRequest {
            token,
            expires_in_seconds: TOKEN_LIFETIME.as_secs(),
        }))
    }
}

/// Whether rmcp refused the request because the 2026-07-28 era forbids server-to-client
/// requests (then the token flow is used).
fn is_era_refusal(e: &rmcp::service::ServiceError) -> bool {
    e.to_string().contains("2026-07-28")
}
