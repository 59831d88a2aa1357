//! Confirmation of writes by a person (`confirm_writes`): asked through the client when it
//! can answer elicitation, otherwise a token bound to the exact call; nothing is written
//! until it is given.

use odoo_mcp::confirm::ConfirmWrites;
use odoo_mcp::confirm::token::ConfirmationKey;
use odoo_mcp::{Instances, OdooServer};
use rmcp::ClientHandler;
use rmcp::model::{
    ClientCapabilities, ClientConfig, ElicitRequestParams, ElicitResult, ElicitationAction,
    Implementation,
};
use rmcp::service::{RequestContext, RoleClient};
use serde_json::{Value, json};

use crate::harness::{
    Era, call, connect, connect_with, instance, ok, records, sim, text, writable,
};

/// Stands in for a person who answers every confirmation the same way.
#[derive(Debug, Clone)]
struct Person {
    approves: bool,
}

impl ClientHandler for Person {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::builder().enable_elicitation().build(),
            Implementation::new("person", "1.0"),
        )
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, rmcp::ErrorData> {
        let ElicitRequestParams::FormElicitationParams { message, .. } = request else {
            return Ok(ElicitResult::new(ElicitationAction::Decline));
        };
        assert!(message.contains("Delete 1 res.partner"), "{message}");
        Ok(ElicitResult::new(ElicitationAction::Accept)
            .with_content(json!({"approve": self.approves})))
    }
}

async fn partner_exists(client: &crate::harness::Client, id: i64) -> bool {
    let (found, _) = ok(
        client,
        "count_records",
        json!({"model": "res.partner", "domain": [["id", "=", id]]}),
    )
    .await;
    found["count"] == json!(1)
}

#[tokio::test]
async fn a_delete_waits_for_a_token_bound_to_the_exact_call() {
    let sim = sim().await;
    let server = OdooServer::new(Instances::single(instance("p", &sim, writable("p"))));
    let client = connect(server, Era::Discover).await;
    let first = call(
        &client,
        "delete_records",
        json!({"model": "res.partner", "ids": [17]}),
    )
    .await;
    assert_eq!(first.is_error, Some(true), "waiting is not success");
    let structured = first.structured_content.clone().expect("structured");
    let token = structured["confirmation"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    assert_eq!(structured["dry_run"]["records"][0]["id"], json!(17));
    assert!(
        text(&first).contains("Confirmation needed"),
        "{}",
        text(&first)
    );
    assert!(partner_exists(&client, 17).await, "nothing deleted yet");

    // The token confirms only the call it was issued for.
    let altered = call(
        &client,
        "delete_records",
        json!({"model": "res.partner", "ids": [18], "confirm": token}),
    )
    .await;
    assert_eq!(altered.is_error, Some(true));
    assert!(
        text(&altered).contains("different operation"),
        "{}",
        text(&altered)
    );
    assert!(partner_exists(&client, 18).await);

    ok(
        &client,
        "delete_records",
        json!({"model": "res.partner", "ids": [17], "confirm": token}),
    )
    .await;
    assert!(!partner_exists(&client, 17).await, "deleted once confirmed");
}

#[tokio::test]
async fn replicas_sharing_a_secret_honour_each_others_tokens() {
    let sim = sim().await;
    let secret = [42u8; 32];
    let replica = |key: Option<ConfirmationKey>| {
        let server = OdooServer::new(Instances::single(instance("p", &sim, writable("p"))));
        match key {
            Some(key) => server.with_confirmation_key(key),
            None => server,
        }
    };
    let key = || ConfirmationKey::from_secret(&secret).expect("key");
    let a = connect(replica(Some(key())), Era::Discover).await;
    let b = connect(replica(Some(key())), Era::Discover).await;
    let stranger = connect(replica(None), Era::Discover).await;
    let args = json!({"model": "res.partner", "ids": [19]});
    let first = call(&a, "delete_records", args.clone()).await;
    let token = first.structured_content.expect("structured")["confirmation"]["token"].clone();
    let mut confirmed = args;
    confirmed["confirm"] = token;
    let refused = call(&stranger, "delete_records", confirmed.clone()).await;
    assert_eq!(refused.is_error, Some(true), "another secret: refused");
    ok(&b, "delete_records", confirmed).await;
}

#[tokio::test]
async fn a_person_asked_through_the_client_decides() {
    for approves in [false, true] {
        let sim = sim().await;
        let server = OdooServer::new(Instances::single(instance("p", &sim, writable("p"))));
        let person = connect_with(server, Era::Initialize, Person { approves }).await;
        let result = call_as(&person, json!({"model": "res.partner", "ids": [20]})).await;
        let observer = connect(
            OdooServer::new(Instances::single(instance("p", &sim, writable("p")))),
            Era::Initialize,
        )
        .await;
        assert_eq!(result.is_error != Some(true), approves, "{result:?}");
        assert_eq!(partner_exists(&observer, 20).await, !approves);
    }
}

async fn call_as(
    client: &rmcp::service::RunningService<RoleClient, Person>,
    args: Value,
) -> rmcp::model::CallToolResult {
    let Value::Object(map) = args else {
        unreachable!()
    };
    client
        .call_tool(rmcp::model::CallToolRequestParams::new("delete_records").with_arguments(map))
        .await
        .expect("tools/call")
}

#[tokio::test]
async fn never_and_always_change_what_needs_confirmation() {
    let sim = sim().await;
    let never = connect(
        OdooServer::new(Instances::single(instance(
            "p",
            &sim,
            writable("p").confirm_writes(ConfirmWrites::Never),
        ))),
        Era::Initialize,
    )
    .await;
    ok(
        &never,
        "delete_records",
        json!({"model": "res.partner", "ids": [21]}),
    )
    .await;
    let always = connect(
        OdooServer::new(Instances::single(instance(
            "p",
            &sim,
            writable("p").confirm_writes(ConfirmWrites::Always),
        ))),
        Era::Initialize,
    )
    .await;
    let create = call(
        &always,
        "create_records",
        json!({"model": "res.partner", "records": [{"name": "Needs a yes"}]}),
    )
    .await;
    assert_eq!(create.is_error, Some(true));
    assert!(
        text(&create).contains("confirm_writes = always"),
        "{}",
        text(&create)
    );
}

#[tokio::test]
async fn in_the_modern_era_the_person_is_asked_through_input_required() {
    for approves in [false, true] {
        let sim = sim().await;
        let server = OdooServer::new(Instances::single(instance("p", &sim, writable("p"))));
        // rmcp's client answers `input_required` through the handler and retries.
        let person = connect_with(server, Era::Discover, Person { approves }).await;
        let result = call_as(&person, json!({"model": "res.partner", "ids": [20]})).await;
        let observer = connect(
            OdooServer::new(Instances::single(instance("p", &sim, writable("p")))),
            Era::Discover,
        )
        .await;
        assert_eq!(result.is_error != Some(true), approves, "{result:?}");
        if !approves {
            assert!(text(&result).contains("declined"), "{}", text(&result));
        }
        assert_eq!(partner_exists(&observer, 20).await, !approves);
    }
}

#[tokio::test]
async fn the_sealed_state_confirms_only_the_call_that_asked() {
    use rmcp::model::{CallToolRequestParams, CallToolResponse, InputResponses};

    let sim = sim().await;
    let server = OdooServer::new(Instances::single(instance("p", &sim, writable("p"))));
    let person = connect_with(server, Era::Discover, Person { approves: true }).await;
    let observer = connect(
        OdooServer::new(Instances::single(instance("p", &sim, writable("p")))),
        Era::Discover,
    )
    .await;
    let params = |ids: Value| {
        let Value::Object(map) = json!({"model": "res.partner", "ids": ids}) else {
            unreachable!()
        };
        CallToolRequestParams::new("delete_records").with_arguments(map)
    };
    let answer = |action: &str, approve: bool| -> InputResponses {
        [(
            "approval".to_owned(),
            json!({"action": action, "content": {"approve": approve}}),
        )]
        .into_iter()
        .collect()
    };
    let first = person
        .call_tool_once(params(json!([22])))
        .await
        .expect("tools/call");
    let CallToolResponse::InputRequired(asked) = first else {
        panic!("expected input_required, got {first:?}")
    };
    let state = asked.request_state.clone().expect("a request state");
    let question = serde_json::to_string(&asked.input_requests).expect("json");
    assert!(question.contains("Delete 1 res.partner"), "{question}");
    assert!(question.contains("(#22)"), "{question}");

    let refused = |response: CallToolResponse| match response {
        CallToolResponse::Complete(r) if r.is_error == Some(true) => text(&r),
        other => panic!("expected a refusal, got {other:?}"),
    };
    // The state of one call does not confirm another.
    let other_call = params(json!([23]))
        .with_request_state(state.clone())
        .with_input_responses(answer("accept", true));
    let why = refused(person.call_tool_once(other_call).await.expect("call"));
    assert!(why.contains("different operation"), "{why}");
    // An altered state is refused.
    let mut altered = state.clone();
    altered.insert(altered.len() / 2, 'x');
    let forged = params(json!([22]))
        .with_request_state(altered)
        .with_input_responses(answer("accept", true));
    let why = refused(person.call_tool_once(forged).await.expect("call"));
    assert!(why.contains("nothing was written"), "{why}");
    // The state without an answer, or with a refusal, writes nothing.
    let unanswered = params(json!([22])).with_request_state(state.clone());
    let why = refused(person.call_tool_once(unanswered).await.expect("call"));
    assert!(why.contains("no answer"), "{why}");
    let declined = params(json!([22]))
        .with_request_state(state.clone())
        .with_input_responses(answer("accept", false));
    let why = refused(person.call_tool_once(declined).await.expect("call"));
    assert!(why.contains("declined"), "{why}");
    assert!(partner_exists(&observer, 22).await);
    assert!(partner_exists(&observer, 23).await);

    let approved = params(json!([22]))
        .with_request_state(state)
        .with_input_responses(answer("accept", true));
    match person.call_tool_once(approved).await.expect("call") {
        CallToolResponse::Complete(r) => assert_ne!(r.is_error, Some(true), "{r:?}"),
        other => panic!("expected the write, got {other:?}"),
    }
    assert!(!partner_exists(&observer, 22).await);
}

#[tokio::test]
async fn nested_deletes_in_an_update_wait_for_confirmation_like_delete_records() {
    let sim = sim().await;
    let server = OdooServer::new(Instances::single(instance("p", &sim, writable("p"))));
    let client = connect(server, Era::Discover).await;
    let (found, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": [["parent_id", "!=", false]], "fields": ["parent_id"], "limit": 1}),
    )
    .await;
    let child = records(&found)[0]["id"].as_i64().expect("a contact");
    let parent = &records(&found)[0]["parent_id"];
    let parent = parent[0]
        .as_i64()
        .or_else(|| parent["id"].as_i64())
        .unwrap_or_else(|| panic!("its company: {found}"));
    for command in [json!([[2, child]]), json!([[5]]), json!([[6, 0, []]])] {
        let result = call(
            &client,
            "update_records",
            json!({"model": "res.partner", "ids": [parent], "values": {"child_ids": command}}),
        )
        .await;
        assert_eq!(result.is_error, Some(true), "{command}: {}", text(&result));
        assert!(
            text(&result).contains("Confirmation needed"),
            "{command}: {}",
            text(&result)
        );
        assert!(
            partner_exists(&client, child).await,
            "{command}: nothing deleted"
        );
    }
    // Linking an existing record deletes nothing: no confirmation.
    let linked = call(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [parent], "values": {"child_ids": [[4, child]]}}),
    )
    .await;
    assert_ne!(linked.is_error, Some(true), "{}", text(&linked));
}
