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
use super::dry_run::Preview;
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
enum Confirmation {
    /// Go ahead: no confirmation needed, or given.
    Granted,
    /// Ask the person: nothing is written; the result carries the dry run and this request.
    Needed(ConfirmationRequest),
}

/// What a write tool's result carries when nothing was written: the preview, and the token to
/// confirm with when the write waits for a person.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub(crate) struct WriteOutcome {
    /// With `dry_run`, or when waiting for confirmation: what the call would do (nothing was
    /// written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dry_run: Option<Preview>,
    /// When the write needs a person's confirmation: nothing was written; repeat the call with
    /// `confirm` set to this token once they agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) confirmation: Option<ConfirmationRequest>,
}

/// A write about to happen, as the confirmation step sees it.
pub(crate) struct WriteRequest<'a> {
    pub(crate) kind: WriteKind,
    pub(crate) dry_run: Option<bool>,
    /// The `confirm` argument.
    pub(crate) confirm: Option<&'a str>,
    /// The arguments that define what is written (what a token is bound to).
    pub(crate) operation: Value,
    /// One line for the person asked.
    pub(crate) summary: String,
}

/// A write held back: its preview is shown instead (a dry run, or waiting for confirmation).
#[derive(Debug)]
pub(crate) struct Held {
    confirmation: Option<ConfirmationRequest>,
}

impl Held {
    /// The result that shows `preview` instead of the write; `output` builds the tool's output
    /// around the outcome.
    pub(crate) fn result<T: Serialize>(
        self,
        preview: Preview,
        headline: &str,
        target: &Target<'_>,
        output: impl FnOnce(WriteOutcome) -> T,
    ) -> CallToolResult {
        let mut text = preview.text(headline);
        let waiting = self.confirmation.is_some();
        if let Some(request) = &self.confirmation {
            text.push_str(&request.text(target.instance.policy.confirm_writes().as_str()));
        }
        let out = output(WriteOutcome {
            dry_run: Some(preview),
            confirmation: self.confirmation,
        });
        mark_waiting(super::success(&out, text), waiting)
    }
}

/// A result that waits for confirmation is an error result: nothing the caller asked for was
/// done, and a client that ignores the request must not take it for a success.
fn mark_waiting(mut result: CallToolResult, waiting: bool) -> CallToolResult {
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
    /// Whether the write may happen now (`None`) or is held back to show its preview: a dry
    /// run, or a write waiting for a person's confirmation.
    pub(crate) async fn hold_write(
        &self,
        peer: &Peer<RoleServer>,
        target: &Target<'_>,
        request: WriteRequest<'_>,
    ) -> Result<Option<Held>, ToolError> {
        if request.dry_run == Some(true) {
            return Ok(Some(Held { confirmation: None }));
        }
        match self
            .confirm_write(
                peer,
                target,
                request.kind,
                request.confirm,
                &request.operation,
                &request.summary,
            )
            .await?
        {
            Confirmation::Granted => Ok(None),
            Confirmation::Needed(confirmation) => Ok(Some(Held {
                confirmation: Some(confirmation),
            })),
        }
    }

    /// Runs the confirmation step for `operation` (the call's arguments that define what is
    /// written, as JSON) of `kind` on `target`'s instance.
    async fn confirm_write(
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
