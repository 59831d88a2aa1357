//! The confirmation step shared by the write tools (see [`crate::confirm`]): decides whether a
//! write needs a person's confirmation, asks through the client when it can (elicitation when
//! the client declared it: a request during the call in the 2025-11-25 era, an
//! `input_required` answer in the 2026-07-28 era), and otherwise checks or issues a token.
//! An approval sent back in the 2026-07-28 era is used once per process (`SPENT`).

use std::time::{Duration, SystemTime};

use rmcp::handler::server::common::FromContextPart;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolResponse, CallToolResult, ElicitRequest, ElicitRequestParams, ElicitationSchema,
    InputRequest, InputRequests, InputRequiredResult, InputResponses,
};
use rmcp::service::ElicitationError;
use rmcp::{Peer, RoleServer};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Target;
use super::dry_run::Preview;
use crate::confirm::WriteKind;
use crate::confirm::approval::{self, StateError};
use crate::confirm::token::TokenError;
use crate::error::ToolError;
use crate::server::OdooServer;

/// How long the person has to answer a confirmation asked through the client.
const ELICITATION_TIMEOUT: Duration = Duration::from_secs(300);

/// Approvals (sealed states) remembered as used at most; the oldest are forgotten first.
const MAX_SPENT: usize = 10_000;

/// The approvals already used in this process, by SHA-256 of the state, until they expire: an
/// approved round sent again (a client's retry, a replay) is refused instead of writing twice.
/// Per process: a replica that did not see the first use would honour the state again.
static SPENT: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<Vec<u8>, SystemTime>>,
> = std::sync::LazyLock::new(Default::default);

/// Records `state` as used until `until`; false when it was used already.
fn spend(state: &str, until: SystemTime) -> bool {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(state.as_bytes()).to_vec();
    let now = SystemTime::now();
    let mut spent = SPENT.lock().unwrap_or_else(|e| e.into_inner());
    if spent.get(&digest).is_some_and(|expiry| *expiry > now) {
        return false;
    }
    if spent.len() >= MAX_SPENT {
        spent.retain(|_, expiry| *expiry > now);
        while spent.len() >= MAX_SPENT {
            let Some(oldest) = spent
                .iter()
                .min_by_key(|(_, e)| **e)
                .map(|(d, _)| d.clone())
            else {
                break;
            };
            spent.remove(&oldest);
        }
    }
    spent.insert(digest, until);
    true
}

/// The person's answer, asked through the client.
#[derive(Debug, Deserialize, JsonSchema)]
pub(crate) struct Approval {
    /// Approve this change to the Odoo database?
    pub(crate) approve: bool,
}

rmcp::elicit_safe!(Approval);

/// The key of the approval in an `input_required` answer's requests and in the responses the
/// client sends back.
const APPROVAL_KEY: &str = "approval";

/// How a write tool's call can reach the person who approves it: the client, whether it speaks
/// the 2026-07-28 era and declared form elicitation, and what it sent back from an earlier
/// `input_required` round.
pub(crate) struct Approver {
    peer: Peer<RoleServer>,
    /// The 2026-07-28 era: the server asks through an `input_required` answer, never a request.
    modern: bool,
    /// The client declared form elicitation (for this request, or at initialize).
    can_elicit: bool,
    /// `requestState` sent back.
    state: Option<String>,
    /// `inputResponses` sent back.
    responses: Option<InputResponses>,
}

impl<S> FromContextPart<ToolCallContext<'_, S>> for Approver {
    fn from_context_part(context: &mut ToolCallContext<'_, S>) -> Result<Self, rmcp::ErrorData> {
        let request = &context.request_context;
        let modern = request
            .protocol_version()
            .is_some_and(|version| !version.has_initialize());
        let can_elicit = request
            .client_capabilities()
            .and_then(|caps| caps.elicitation)
            .is_some_and(|e| e.form.is_some() || e.url.is_none());
        Ok(Self {
            peer: request.peer.clone(),
            modern,
            can_elicit,
            state: context.request_state.take(),
            responses: context.input_responses.take(),
        })
    }
}

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
    /// Ask the person through the client (2026-07-28 era): nothing is written; the answer is
    /// `input_required` with the dry run in the question and this sealed state.
    Ask { state: String, summary: String },
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
pub(crate) enum Held {
    /// `dry_run: true`.
    DryRun,
    /// Waiting for the call to be repeated with this token.
    Token(ConfirmationRequest),
    /// Waiting for the person's answer through the client (2026-07-28 era).
    Ask { state: String, summary: String },
}

impl Held {
    /// The answer that shows `preview` instead of the write; `output` builds the tool's output
    /// around the outcome.
    pub(crate) fn result<T: Serialize>(
        self,
        preview: Preview,
        headline: &str,
        target: &Target<'_>,
        output: impl FnOnce(WriteOutcome) -> T,
    ) -> CallToolResponse {
        if let Held::Ask { state, summary } = self {
            let question = format!("{summary}{}", preview.details());
            return ask_person(&question, &target.instance.name, state).into();
        }
        let mut text = preview.text(headline);
        let confirmation = match self {
            Held::DryRun => None,
            Held::Token(request) => {
                text.push_str(&request.text(target.instance.policy.confirm_writes().as_str()));
                Some(request)
            }
            Held::Ask { .. } => None,
        };
        let waiting = confirmation.is_some();
        let out = output(WriteOutcome {
            dry_run: Some(preview),
            confirmation,
        });
        mark_waiting(super::success(&out, text), waiting).into()
    }
}

/// The `input_required` answer that asks the person to approve the write `question` describes.
fn ask_person(question: &str, instance: &str, state: String) -> InputRequiredResult {
    let message = format!("{question}\n\nApprove this change to Odoo instance `{instance}`?");
    let mut requests = InputRequests::new();
    match ElicitationSchema::from_type::<Approval>() {
        Ok(requested_schema) => {
            requests.insert(
                APPROVAL_KEY.to_owned(),
                InputRequest::Elicitation(ElicitRequest::new(
                    ElicitRequestParams::FormElicitationParams {
                        meta: None,
                        message,
                        requested_schema,
                    },
                )),
            );
        }
        // The schema is fixed: this cannot happen; without a question the state alone makes
        // the client call again, and the call is refused as unanswered.
        Err(e) => tracing::error!(error = %e, "the approval schema is invalid"),
    }
    InputRequiredResult::new(Some(requests), Some(state))
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
        approver: &Approver,
        target: &Target<'_>,
        request: WriteRequest<'_>,
    ) -> Result<Option<Held>, ToolError> {
        if request.dry_run == Some(true) {
            return Ok(Some(Held::DryRun));
        }
        match self
            .confirm_write(
                approver,
                target,
                request.kind,
                request.confirm,
                &request.operation,
                &request.summary,
            )
            .await?
        {
            Confirmation::Granted => Ok(None),
            Confirmation::Needed(confirmation) => Ok(Some(Held::Token(confirmation))),
            Confirmation::Ask { state, summary } => Ok(Some(Held::Ask { state, summary })),
        }
    }

    /// Runs the confirmation step for `operation` (the call's arguments that define what is
    /// written, as JSON) of `kind` on `target`'s instance.
    async fn confirm_write(
        &self,
        approver: &Approver,
        target: &Target<'_>,
        kind: WriteKind,
        confirm: Option<&str>,
        operation: &Value,
        summary: &str,
    ) -> Result<Confirmation, ToolError> {
        if !target.instance.policy.confirm_writes().requires(kind) {
            return Ok(Confirmation::Granted);
        }
        // Bound to the caller's kind and name: an OAuth subject named like a configured
        // client cannot use that client's token or state.
        let owner = self.caller().owner_key();
        let client = owner.as_str();
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
        if let Some(state) = &approver.state {
            return answered(key, state, approver.responses.as_ref(), client, operation);
        }
        if approver.modern {
            if approver.can_elicit {
                let state = approval::seal(key, client, operation)
                    .map_err(|e| ToolError::invalid(format!("{e}: nothing was written")))?;
                return Ok(Confirmation::Ask {
                    state,
                    summary: summary.to_owned(),
                });
            }
            return self.issue_token(client, operation);
        }
        match approver
            .peer
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
            Err(ElicitationError::ParseError { error, .. }) => {
                // The answer itself is not quoted: it may be huge, and the client has it.
                tracing::warn!(category = ?error.classify(), "a confirmation answer of the wrong shape");
                return Err(ToolError::invalid(
                    "the answer to the confirmation is not {\"approve\": true|false}: nothing was \
                     written",
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
        self.issue_token(client, operation)
    }

    /// A confirmation token for `operation` by `client`.
    fn issue_token(&self, client: &str, operation: &Value) -> Result<Confirmation, ToolError> {
        let key = self.confirmation_key();
        let token = key
            .issue(client, operation, SystemTime::now())
            .ok_or_else(|| {
                ToolError::invalid(
                    "no confirmation key is available (no random source): nothing was written",
                )
            })?;
        Ok(Confirmation::Needed(ConfirmationRequest {
            token,
            expires_in_seconds: key.lifetime().as_secs(),
        }))
    }
}

/// The decision the person sent back (2026-07-28 era) for the approval sealed in `state`.
fn answered(
    key: &crate::confirm::token::ConfirmationKey,
    state: &str,
    responses: Option<&InputResponses>,
    client: &str,
    operation: &Value,
) -> Result<Confirmation, ToolError> {
    approval::open(key, state, client, operation).map_err(|e| {
        let fix = match e {
            StateError::Mismatch => {
                "the arguments must be exactly those of the call that asked; call again without \
                 the request state to be asked for this one"
            }
            _ => "call again without the request state to be asked again",
        };
        ToolError::invalid(format!("{e}: nothing was written. Fix: {fix}"))
    })?;
    let answer = responses.and_then(|r| r.get(APPROVAL_KEY));
    let action = answer.and_then(|a| a.get("action")).and_then(Value::as_str);
    let approved = answer
        .and_then(|a| a.get("content"))
        .and_then(|c| c.get("approve"))
        .and_then(Value::as_bool);
    match (action, approved) {
        (Some("accept"), Some(true)) => {
            if spend(state, SystemTime::now() + key.lifetime()) {
                Ok(Confirmation::Granted)
            } else {
                Err(ToolError::invalid(
                    "this approval was used already: nothing was written again. Fix: call \
                     again without the request state to be asked again",
                ))
            }
        }
        (Some("accept"), _) | (Some("decline"), _) => Err(ToolError::invalid(
            "the person declined the change: nothing was written",
        )),
        (Some("cancel"), _) => Err(ToolError::invalid(
            "the person cancelled the confirmation: nothing was written",
        )),
        _ => Err(ToolError::invalid(format!(
            "the call carries the confirmation state but no answer under `inputResponses.\
             {APPROVAL_KEY}` (an elicitation result: action accept/decline/cancel, content \
             {{\"approve\": true|false}}): nothing was written"
        ))),
    }
}

/// Whether rmcp refused the request because the 2026-07-28 era forbids server-to-client
/// requests (then the token flow is used).
fn is_era_refusal(e: &rmcp::service::ServiceError) -> bool {
    e.to_string().contains("2026-07-28")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_is_spent_once_until_it_expires() {
        let later = SystemTime::now() + Duration::from_secs(60);
        assert!(spend("rs1.spent-once.test", later));
        assert!(!spend("rs1.spent-once.test", later), "used again");
        assert!(spend("rs1.another.test", later));
        // An expired record no longer blocks (the state itself has expired by then).
        let past = SystemTime::now() - Duration::from_secs(1);
        assert!(spend("rs1.expired.test", past));
        assert!(spend("rs1.expired.test", later));
    }
}
