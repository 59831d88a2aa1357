//! Hostile multi-round-trip (MRTR) confirmation rounds of the 2026-07-28 era: a write that
//! needs a person's approval answers `input_required` with a sealed `requestState`; here the
//! client sends back forged, oversized and mistyped states, the other flow's token, a state of
//! another call, tool or client, answers of every wrong shape and size, and replays. Nothing
//! is written unless the exact call is approved, every refusal says so, and the server keeps
//! serving.

use odoo_mcp::confirm::ConfirmWrites;
use rmcp::ClientHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, ClientCapabilities, ClientConfig, Implementation,
    InputResponses,
};
use rmcp::service::{RoleClient, RunningService};
use serde_json::{Value, json};

use crate::clients::{ADMIN_TOKEN, READER_TOKEN, TempDir, clients_config};
use crate::harness::{self, Era, connect, connect_with, instance, ok, sim, text, writable};
use crate::hostile_tasks::RawStdio;

/// A client that declares form elicitation and never answers by itself: the test sends every
/// round by hand.
#[derive(Debug, Clone, Default)]
struct Asker;

impl ClientHandler for Asker {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::builder().enable_elicitation().build(),
            Implementation::new("asker", "1"),
        )
    }
}

type Client = RunningService<RoleClient, Asker>;

fn params(tool: &str, args: Value) -> CallToolRequestParams {
    let Value::Object(map) = args else {
        unreachable!()
    };
    CallToolRequestParams::new(tool.to_owned()).with_arguments(map)
}

fn approval(answer: Value) -> InputResponses {
    [("approval".to_owned(), answer)].into_iter().collect()
}

fn accept() -> InputResponses {
    approval(json!({"action": "accept", "content": {"approve": true}}))
}

/// Asks for the approval of `tool` with `args`; returns the sealed state.
async fn ask(client: &Client, tool: &str, args: Value) -> String {
    match client
        .call_tool_once(params(tool, args))
        .await
        .expect("tools/call")
    {
        CallToolResponse::InputRequired(asked) => asked.request_state.expect("a request state"),
        other => panic!("expected input_required, got {other:?}"),
    }
}

/// Sends a round that must be refused; returns the refusal.
async fn refused(client: &Client, request: CallToolRequestParams) -> String {
    match client.call_tool_once(request).await {
        Ok(CallToolResponse::Complete(r)) => {
            let why = text(&r);
            assert_eq!(r.is_error, Some(true), "accepted: {why}");
            assert!(why.contains("nothing was written"), "{why}");
            assert!(
                why.len() < 2048,
                "the refusal echoes the input: {} bytes",
                why.len()
            );
            why
        }
        Ok(other) => panic!("expected a refusal, got {other:?}"),
        Err(e) => e.to_string(),
    }
}

async fn exists(observer: &harness::Client, id: i64) -> bool {
    let (found, _) = ok(
        observer,
        "count_records",
        json!({"model": "res.partner", "domain": [["id", "=", id]]}),
    )
    .await;
    found["count"] == json!(1)
}

#[tokio::test]
async fn forged_mistyped_and_borrowed_states_and_misshapen_answers_write_nothing() {
    let sim = sim().await;
    let server = || {
        odoo_mcp::OdooServer::new(odoo_mcp::Instances::single(instance(
            "p",
            &sim,
            // Every write waits for a person: each tool below needs a state of its own.
            writable("p").confirm_writes(ConfirmWrites::Always),
        )))
    };
    let client = connect_with(server(), Era::Discover, Asker).await;
    let observer = connect(server(), Era::Discover).await;
    let delete = json!({"model": "res.partner", "ids": [21]});
    let state = ask(&client, "delete_records", delete.clone()).await;

    // States that are not the server's.
    let token_client = connect(server(), Era::Discover).await;
    let (held, _) = {
        let r = harness::call(&token_client, "delete_records", delete.clone()).await;
        (r.structured_content.clone().expect("structured"), ())
    };
    let token = held["confirmation"]["token"]
        .as_str()
        .expect("the token flow for a client without elicitation")
        .to_owned();
    let mut flipped = state.clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).expect("ascii");
    for (what, forged) in [
        ("empty", String::new()),
        ("prefix only", "rs1.".to_owned()),
        ("one byte changed", flipped),
        ("the token flow's token", token.clone()),
        ("huge", "A".repeat(1 << 20)),
        ("control characters", format!("{state}\u{0}\u{1b}[2J")),
        ("two states", format!("{state}{state}")),
    ] {
        let round = params("delete_records", delete.clone())
            .with_request_state(forged)
            .with_input_responses(accept());
        let why = refused(&client, round).await;
        assert!(!why.contains('\u{1b}'), "{what}: {why:?}");
    }
    // The state as the other flow's token is no token either.
    let mut confirmed = delete.clone();
    confirmed["confirm"] = json!(state.clone());
    let why = harness::fails(&client, "delete_records", confirmed).await;
    assert!(why.contains("nothing was written"), "{why}");

    // A state of this call confirms no other call, tool or arguments.
    for (tool, args) in [
        (
            "delete_records",
            json!({"model": "res.partner", "ids": [22]}),
        ),
        (
            "delete_records",
            json!({"model": "res.partner", "ids": [21, 22]}),
        ),
        (
            "update_records",
            json!({"model": "res.partner", "ids": [21], "values": {"name": "x"}}),
        ),
        (
            "call_method",
            json!({"model": "sale.order", "method": "action_confirm", "ids": [1]}),
        ),
    ] {
        let round = params(tool, args.clone())
            .with_request_state(state.clone())
            .with_input_responses(accept());
        let why = refused(&client, round).await;
        assert!(why.contains("different operation"), "{tool} {args}: {why}");
    }

    // Answers of the wrong shape or size, with the right state.
    let junk_keys: InputResponses = (0..5_000)
        .map(|i| {
            (
                format!("k{i}"),
                json!({"action": "accept", "content": {"approve": true}}),
            )
        })
        .collect();
    let wrong: Vec<(&str, Option<InputResponses>)> = vec![
        ("no answer", None),
        ("empty", Some(InputResponses::new())),
        ("a string", Some(approval(json!("yes")))),
        ("an array", Some(approval(json!(["accept", true])))),
        ("null", Some(approval(Value::Null))),
        (
            "accept without content",
            Some(approval(json!({"action": "accept"}))),
        ),
        (
            "approve as a string",
            Some(approval(
                json!({"action": "accept", "content": {"approve": "true"}}),
            )),
        ),
        (
            "approve as a number",
            Some(approval(
                json!({"action": "accept", "content": {"approve": 1}}),
            )),
        ),
        (
            "action capitalised",
            Some(approval(
                json!({"action": "ACCEPT", "content": {"approve": true}}),
            )),
        ),
        (
            "action as an array",
            Some(approval(
                json!({"action": ["accept"], "content": {"approve": true}}),
            )),
        ),
        (
            "declined",
            Some(approval(
                json!({"action": "decline", "content": {"approve": true}}),
            )),
        ),
        ("cancelled", Some(approval(json!({"action": "cancel"})))),
        (
            "under another key",
            Some(
                [(
                    "Approval".to_owned(),
                    json!({"action": "accept", "content": {"approve": true}}),
                )]
                .into_iter()
                .collect(),
            ),
        ),
        ("5000 other keys", Some(junk_keys)),
        (
            "a megabyte",
            Some(approval(
                json!({"action": "accept", "content": {"approve": "y".repeat(1 << 20)}}),
            )),
        ),
    ];
    for (what, answer) in wrong {
        let mut round = params("delete_records", delete.clone()).with_request_state(state.clone());
        if let Some(answer) = answer {
            round = round.with_input_responses(answer);
        }
        let why = refused(&client, round).await;
        assert!(!why.contains("yyyyyyyy"), "{what}: echoed");
    }
    assert!(exists(&observer, 21).await, "nothing was deleted");
    assert!(exists(&observer, 22).await);

    // The exact call, approved, runs once; the same round again is refused as used.
    let round = || {
        params("delete_records", delete.clone())
            .with_request_state(state.clone())
            .with_input_responses(accept())
    };
    match client.call_tool_once(round()).await.expect("call") {
        CallToolResponse::Complete(r) => assert_ne!(r.is_error, Some(true), "{}", text(&r)),
        other => panic!("expected the delete, got {other:?}"),
    }
    assert!(!exists(&observer, 21).await);
    let (before, _) = ok(&observer, "count_records", json!({"model": "res.partner"})).await;
    let why = refused(&client, round()).await;
    assert!(why.contains("used already"), "{why}");
    let (after, _) = ok(&observer, "count_records", json!({"model": "res.partner"})).await;
    assert_eq!(before, after, "a replay wrote something");
    assert!(exists(&observer, 22).await);
}

#[tokio::test]
async fn over_http_a_state_issued_to_one_client_confirms_nothing_for_another() {
    use rmcp::ClientServiceExt;
    use rmcp::model::ProtocolVersion;
    use rmcp::transport::StreamableHttpClientTransport;
    use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;

    let sim = sim().await;
    let dir = TempDir::new("hostile-mrtr");
    let config = clients_config(&sim, &dir, "");
    let (url, _stop) = crate::clients::serve(&config).await;
    let connect = |token: &str| {
        let transport = StreamableHttpClientTransport::from_config(
            StreamableHttpClientTransportConfig::with_uri(url.clone()).auth_header(token),
        );
        Asker.serve_with_lifecycle(
            transport,
            rmcp::ClientLifecycleMode::Discover {
                preferred_versions: vec![ProtocolVersion::V_2026_07_28],
            },
        )
    };
    let admin = connect(ADMIN_TOKEN).await.expect("admin connects");
    let reader = connect(READER_TOKEN).await.expect("reader connects");
    let delete = json!({"model": "res.partner", "ids": [23]});
    let state = ask(&admin, "delete_records", delete.clone()).await;
    let stolen = params("delete_records", delete.clone())
        .with_request_state(state.clone())
        .with_input_responses(accept());
    let why = refused(&reader, stolen).await;
    assert!(why.contains("different operation"), "{why}");
    let (found, _) = ok(
        &admin,
        "count_records",
        json!({"model": "res.partner", "domain": [["id", "=", 23]]}),
    )
    .await;
    assert_eq!(found["count"], json!(1), "the other client deleted nothing");
    // The owner's round still works.
    let own = params("delete_records", delete)
        .with_request_state(state)
        .with_input_responses(accept());
    match admin.call_tool_once(own).await.expect("call") {
        CallToolResponse::Complete(r) => assert_ne!(r.is_error, Some(true), "{}", text(&r)),
        other => panic!("expected the delete, got {other:?}"),
    }
}

#[tokio::test]
async fn stdio_mistyped_round_fields_are_invalid_params_not_silence() {
    let sim = sim().await;
    let mut raw = RawStdio::start(&sim, json!({"elicitation": {"form": {}}})).await;
    for extra in [
        json!({"requestState": 42}),
        json!({"requestState": {"state": "x"}}),
        json!({"inputResponses": "yes"}),
        json!({"inputResponses": [{"approval": true}]}),
    ] {
        let mut call =
            json!({"name": "delete_records", "arguments": {"model": "res.partner", "ids": [1]}});
        for (k, v) in extra.as_object().expect("object") {
            call[k] = v.clone();
        }
        let answer = raw.request("tools/call", call).await;
        let error = answer
            .get("error")
            .unwrap_or_else(|| panic!("{extra}: {answer}"));
        assert_eq!(error["code"], -32602, "{extra}: {answer}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(message.contains("tools/call"), "{message}");
    }
    raw.still_serves().await;
}

/// Answers every elicitation (2025-11-25 era) with `content`.
#[derive(Debug, Clone)]
struct Misanswers {
    content: Option<Value>,
}

impl ClientHandler for Misanswers {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::builder().enable_elicitation().build(),
            Implementation::new("misanswers", "1"),
        )
    }

    async fn create_elicitation(
        &self,
        _request: rmcp::model::ElicitRequestParams,
        _context: rmcp::service::RequestContext<RoleClient>,
    ) -> Result<rmcp::model::ElicitResult, rmcp::ErrorData> {
        let accepted = rmcp::model::ElicitResult::new(rmcp::model::ElicitationAction::Accept);
        Ok(match &self.content {
            Some(content) => accepted.with_content(content.clone()),
            None => accepted,
        })
    }
}

#[tokio::test]
async fn elicitation_answers_of_the_wrong_shape_or_size_write_nothing_and_are_not_echoed() {
    let sim = sim().await;
    let server = || {
        odoo_mcp::OdooServer::new(odoo_mcp::Instances::single(instance(
            "p",
            &sim,
            writable("p"),
        )))
    };
    let observer = connect(server(), Era::Initialize).await;
    for content in [
        Some(json!({"approve": "y".repeat(1 << 20)})),
        Some(json!({"approve": "yes"})),
        Some(json!({"approve": 1})),
        Some(json!({})),
        Some(json!({"approve": null})),
        None,
    ] {
        let shown = content
            .as_ref()
            .map(|c| c.to_string().chars().take(40).collect::<String>());
        let client = connect_with(server(), Era::Initialize, Misanswers { content }).await;
        let result = harness::call(
            &client,
            "delete_records",
            json!({"model": "res.partner", "ids": [17]}),
        )
        .await;
        let why = text(&result);
        assert_eq!(result.is_error, Some(true), "{shown:?}: {why}");
        assert!(why.contains("nothing was written"), "{shown:?}: {why}");
        assert!(
            why.len() < 2048,
            "{shown:?}: the answer is echoed ({} bytes)",
            why.len()
        );
        assert!(exists(&observer, 17).await, "{shown:?}: deleted");
    }
}
