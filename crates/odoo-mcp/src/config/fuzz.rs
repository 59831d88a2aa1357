//! Property tests (proptest, stable Rust) over configuration loading: any TOML text, TOML
//! assembled from real keys and hostile values, and any values of the environment variables
//! are loaded or refused with a message — never a panic — and the API key given never appears
//! in the message.
//!
//! Cases: 64 per property (each writes a file); `PROPTEST_CASES=100000 cargo test -p odoo-mcp
//! --lib config::fuzz` for a longer run.

use proptest::prelude::*;

use super::{Config, Env};

const KEY: &str = "fuzz-api-key-4e1d0b";

/// Keys of the file, instance keys and server keys mixed, some misspelt.
fn toml_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        "url",
        "database",
        "username",
        "api_key",
        "password",
        "read_only",
        "max_records",
        "default_limit",
        "allowed_models",
        "denied_models",
        "allowed_methods",
        "confirm_writes",
        "version",
        "protocol",
        "timeout_seconds",
        "max_response_bytes",
        "allow_insecure_http",
        "listen",
        "stateless",
        "max_body_bytes",
        "allowed_origins",
        "default_instance",
        "bogus",
    ];
    let value = prop_oneof![
        Just("\"http://127.0.0.1:1\"".to_owned()),
        Just("\"https://odoo.example.com/web#id=3\"".to_owned()),
        Just("[\"*\", \"res.partner:write\", \"ir.*\"]".to_owned()),
        Just("[\"\\u0000\", \"res.[\"]".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        "\"[ -~]{0,20}\"",
        Just("1e400".to_owned()),
        Just("{ a = 1 }".to_owned()),
    ];
    let line = prop_oneof![
        4 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        // The key only where a secret belongs: a value given as a URL or a version is shown.
        1 => prop_oneof![
            Just(format!("api_key = {KEY:?}")),
            Just(format!("password = {KEY:?}")),
        ],
        1 => prop_oneof![
            Just("[instances.a]".to_owned()),
            Just("[instances.b]".to_owned()),
            Just("[server]".to_owned()),
            Just("[server.auth]".to_owned()),
            Just("[[x]]".to_owned()),
        ],
        1 => any::<String>(),
    ];
    prop::collection::vec(line, 0..14).prop_map(|lines| lines.join("\n"))
}

fn env_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        "ODOO_URL",
        "ODOO_DATABASE",
        "ODOO_USERNAME",
        "ODOO_READ_ONLY",
        "ODOO_MAX_RECORDS",
        "ODOO_ALLOWED_MODELS",
        "ODOO_DENIED_MODELS",
        "ODOO_ALLOWED_METHODS",
        "ODOO_CONFIRM_WRITES",
        "ODOO_VERSION",
        "ODOO_PROTOCOL",
        "ODOO_TIMEOUT_SECONDS",
        "ODOO_MAX_RESPONSE_BYTES",
        "ODOO_INSTANCES_JSON",
        "ODOO_ALLOW_INSECURE_HTTP",
    ];
    let value = prop_oneof![
        Just("http://127.0.0.1:1".to_owned()),
        Just("[[[[[[[[[[".to_owned()),
        "[ -~]{0,24}",
        any::<String>(),
    ];
    let secrets = prop_oneof![
        Just(None),
        Just(Some(("ODOO_API_KEY".to_owned(), KEY.to_owned()))),
        Just(Some((
            "ODOO_INSTANCES_JSON".to_owned(),
            format!(r#"{{"a": {{"url": "http://127.0.0.1:1", "api_key": "{KEY}"}}}}"#),
        ))),
    ];
    (prop::collection::vec((name, value), 0..6), secrets).prop_map(|(mut pairs, secret)| {
        pairs.extend(secret);
        pairs
    })
}

fn load(text: &str, pairs: Vec<(String, String)>, dir: &std::path::Path) -> Result<(), String> {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    let env = Env::from_pairs(
        pairs
            .into_iter()
            .chain([("HOME".to_owned(), dir.display().to_string())]),
    );
    match Config::load(Some(&path), &env) {
        Ok(config) => {
            // Loaded configurations print without their secrets too.
            let shown = format!("{config:?}");
            if shown.contains(KEY) {
                return Err(format!("the key is printed: {shown:.300}"));
            }
            Ok(())
        }
        Err(e) => {
            let message = e.to_string();
            if message.is_empty() {
                return Err("an error without a message".to_owned());
            }
            if message.contains(KEY) {
                return Err(format!("the key is in the error: {message}"));
            }
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn any_file_and_environment_load_or_fail_with_a_message_without_the_key(
        text in toml_text(),
        pairs in env_pairs(),
    ) {
        let dir = std::env::temp_dir().join(format!("odoo-mcp-config-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| TestCaseError::fail(e.to_string()))?;
        load(&text, pairs, &dir).map_err(TestCaseError::fail)?;
    }
}
