//! The sealed state of a confirmation asked in the 2026-07-28 era's multi-round-trip flow.
//!
//! The server answers a write that needs a person's approval with `input_required`: an
//! elicitation for the client to show, and a `requestState` that the client sends back
//! verbatim with the person's answer. The state is rmcp's [`RequestStateCodec`] seal (an
//! HMAC-SHA256 under a key derived from the confirmation secret) bound to the client and the
//! exact operation, with the same lifetime as a confirmation token: a state the client altered,
//! one issued for another call or another client, or an expired one opens to an error. Like the
//! tokens it is stateless, so any replica holding the same secret honours it.

use rmcp::model::{RequestStateCodec, RequestStateError, SealOptions};
use serde_json::Value;

use super::token::{ConfirmationKey, canonical};

/// What the sealed state says: an approval was asked for this operation.
const PAYLOAD: &[u8] = b"odoo-mcp approval v1";

/// Longest state read: ours are about 120 characters.
const MAX_STATE_CHARS: usize = 1024;

/// Why a state sent back was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// Not a state this server seals (altered, truncated, or another secret).
    #[error("the confirmation state sent back is not one this server issued")]
    Forged,
    /// Sealed for another operation or client.
    #[error("the confirmation state was issued for a different operation")]
    Mismatch,
    /// Past its lifetime.
    #[error("the confirmation request has expired")]
    Expired,
    /// No confirmation secret (no random source at start).
    #[error("no confirmation key is available")]
    NoKey,
}

/// Seals the state of an approval asked for `operation` by `client`.
pub fn seal(key: &ConfirmationKey, client: &str, operation: &Value) -> Result<String, StateError> {
    let codec = codec(key)?;
    let bound = binding(client, operation);
    let options = SealOptions::new()
        .associated_data(bound.as_bytes())
        .ttl(key.lifetime());
    Ok(codec.seal_with(PAYLOAD, &options))
}

/// Checks that `state` is the seal of an approval asked for exactly `operation` by `client`,
/// not expired.
pub fn open(
    key: &ConfirmationKey,
    state: &str,
    client: &str,
    operation: &Value,
) -> Result<(), StateError> {
    if state.len() > MAX_STATE_CHARS {
        return Err(StateError::Forged);
    }
    let codec = codec(key)?;
    let bound = binding(client, operation);
    match codec.open_with(state, bound.as_bytes()) {
        Ok(payload) if payload == PAYLOAD => Ok(()),
        Ok(_) => Err(StateError::Forged),
        Err(RequestStateError::Expired) => Err(StateError::Expired),
        // The codec cannot tell an altered state from one bound to other data: both fail the
        // MAC. Say the likelier one for a client that sent back what it was given.
        Err(RequestStateError::IntegrityCheckFailed) => Err(StateError::Mismatch),
        Err(_) => Err(StateError::Forged),
    }
}

fn codec(key: &ConfirmationKey) -> Result<RequestStateCodec, StateError> {
    let derived = key
        .derive("odoo-mcp request state v1")
        .ok_or(StateError::NoKey)?;
    RequestStateCodec::try_new(derived).map_err(|_| StateError::NoKey)
}

fn binding(client: &str, operation: &Value) -> String {
    format!("{client}\n{}", canonical(operation))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key() -> ConfirmationKey {
        ConfirmationKey::from_secret(&[3u8; 32]).expect("key")
    }

    #[test]
    fn a_state_opens_only_for_its_operation_client_and_secret() {
        let op = json!({"tool": "delete_records", "model": "res.partner", "ids": [7]});
        let state = seal(&key(), "alice", &op).expect("sealed");
        assert_eq!(open(&key(), &state, "alice", &op), Ok(()));
        let reordered = json!({"ids": [7], "tool": "delete_records", "model": "res.partner"});
        assert_eq!(open(&key(), &state, "alice", &reordered), Ok(()));
        let other = json!({"tool": "delete_records", "model": "res.partner", "ids": [8]});
        assert!(open(&key(), &state, "alice", &other).is_err());
        assert!(open(&key(), &state, "bob", &op).is_err());
        let other_key = ConfirmationKey::from_secret(&[4u8; 32]).expect("key");
        assert!(open(&other_key, &state, "alice", &op).is_err());
        // A token of the other kind is not a state, and a state is not a token.
        let token = key()
            .issue("alice", &op, std::time::SystemTime::now())
            .expect("token");
        assert!(open(&key(), &token, "alice", &op).is_err());
        assert!(
            key()
                .verify(&state, "alice", &op, std::time::SystemTime::now())
                .is_err()
        );
    }

    #[test]
    fn altered_and_oversized_states_are_refused() {
        let op = json!({"tool": "call_method", "method": "action_confirm", "ids": [1]});
        let state = seal(&key(), "", &op).expect("sealed");
        let mut altered = state.clone().into_bytes();
        let middle = altered.len() / 2;
        altered[middle] = if altered[middle] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).expect("ascii");
        assert!(open(&key(), &altered, "", &op).is_err());
        let doubled = format!("{state}{state}");
        assert!(open(&key(), &doubled, "", &op).is_err(), "{doubled}");
        for junk in ["", "x", "rs1.", &"A".repeat(4096)] {
            assert!(open(&key(), junk, "", &op).is_err(), "{junk:.20}");
        }
    }
}
