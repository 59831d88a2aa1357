//! Configuration loading: file, environment overlay, JSON instances, secret files, and the
//! messages a user gets for each mistake.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::*;

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "odoo-mcp-config-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn no_env() -> Env {
    Env::from_pairs([("HOME", "/nonexistent-home-for-tests")])
}

fn load_file(text: &str) -> Result<Config, ConfigError> {
    let dir = TempDir::new();
    let path = dir.write("config.toml", text);
    Config::load(Some(&path), &no_env())
}

fn load_err(text: &str) -> String {
    load_file(text).unwrap_err().to_string()
}

const FULL: &str = r#"
default_instance = "prod"

[server]
listen = "0.0.0.0:9000"
stateless = true
max_body_bytes = 2048

[instances.prod]
url = "https://odoo.example.com/"
database = "prod"
username = "bot@example.com"
api_key = "prod-secret-key"
version = "18.0"
protocol = "jsonrpc"
timeout_seconds = 12
read_only = false
allowed_models = ["res.partner", "sale.*"]
denied_models = ["sale.report"]
allowed_methods = ["sale.order:action_confirm"]
max_records = 50
default_limit = 5

[instances.staging]
url = "http://localhost:8069"
api_key = "staging-key"
"#;

#[test]
fn a_full_file_is_read() {
    let config = load_file(FULL).unwrap();
    assert_eq!(config.default_instance, "prod");
    assert_eq!(config.server.listen.to_string(), "0.0.0.0:9000");
    assert!(config.server.stateless);
    assert_eq!(config.server.max_body_bytes, 2048);
    assert_eq!(config.instances.len(), 2);
    let prod = config.instance("prod").unwrap();
    assert_eq!(prod.client.url(), "https://odoo.example.com");
    assert_eq!(prod.client.database(), Some("prod"));
    assert_eq!(prod.client.login(), Some("bot@example.com"));
    assert_eq!(prod.client.api_key().unwrap().expose(), "prod-secret-key");
    assert_eq!(prod.client.assume_version(), Some(18));
    assert_eq!(prod.client.protocol(), odoo_client::ProtocolChoice::JsonRpc);
    assert_eq!(prod.client.timeout(), Duration::from_secs(12));
    assert!(!prod.policy.read_only());
    assert_eq!(prod.policy.max_records(), 50);
    assert_eq!(prod.policy.default_limit(), 5);
    assert!(prod.policy.is_model_visible("sale.order"));
    assert!(!prod.policy.is_model_visible("sale.report"));
    let staging = config.instance("staging").unwrap();
    assert!(staging.policy.read_only(), "read_only defaults to true");
    assert_eq!(staging.client.timeout(), Duration::from_secs(30));
}

#[test]
fn debug_output_never_shows_secrets() {
    let config = load_file(FULL).unwrap();
    let debug = format!("{config:?}");
    assert!(!debug.contains("prod-secret-key"), "{debug}");
    assert!(!debug.contains("staging-key"), "{debug}");
    assert!(debug.contains("[redacted]"));
    let env = Env::from_pairs([("ODOO_API_KEY", "env-secret")]);
    assert!(!format!("{env:?}").contains("env-secret"));
}

#[test]
fn unknown_keys_name_the_table_the_file_and_the_known_keys() {
    let text = "[instances.prod]\nurl = \"https://x\"\npasword = \"x\"\n";
    let dir = TempDir::new();
    let path = dir.write("config.toml", text);
    let err = Config::load(Some(&path), &no_env())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("unknown key `pasword` in [instances.prod] of "),
        "{err}"
    );
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        err.contains("known keys: url, database, username, api_key"),
        "{err}"
    );

    let err = load_err("[server]\nlisten_on = \"x\"\n");
    assert!(
        err.starts_with("unknown key `listen_on` in [server] of "),
        "{err}"
    );
    let err = load_err("[instance.prod]\nurl = \"x\"\n");
    assert!(
        err.starts_with("unknown key `instance` in the top level of "),
        "{err}"
    );
}

#[test]
fn type_errors_name_the_key_and_the_file() {
    let err = load_err(
        "[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\nmax_records = \"many\"\n",
    );
    assert!(
        err.contains("config.toml:4: instances.prod.max_records: "),
        "{err}"
    );
    let err =
        load_err("[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\nprotocol = \"soap\"\n");
    assert!(err.contains("instances.prod.protocol"), "{err}");
    let err =
        load_err("[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\nversion = \"abc\"\n");
    assert!(
        err.contains("instances.prod.version") && err.contains("major version"),
        "{err}"
    );
    let err = load_err("this is not toml");
    assert!(err.contains("config.toml"), "{err}");
}

#[test]
fn validation_errors_name_the_key_and_the_file() {
    let cases = [
        (
            "[instances.prod]\napi_key = \"k\"\n",
            "instances.prod.url: missing",
        ),
        (
            "[instances.prod]\nurl = \"ftp://x\"\napi_key = \"k\"\n",
            "instances.prod.url:",
        ),
        (
            "[instances.prod]\nurl = \"https://x\"\n",
            "instances.prod.api_key: missing credentials",
        ),
        (
            "[instances.prod]\nurl = \"https://x\"\npassword = \"p\"\n",
            "instances.prod.username: missing",
        ),
        (
            "[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\napi_key_file = \"f\"\n",
            "instances.prod.api_key_file: set either api_key or api_key_file",
        ),
        (
            "[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\ntimeout_seconds = 0\n",
            "instances.prod.timeout_seconds",
        ),
        (
            "[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\nallowed_models = [\"res.[x\"]\n",
            "instances.prod.allowed_models: invalid pattern",
        ),
        (
            "[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\nmax_records = 5\n",
            "instances.prod.default_limit: 20 is larger than max_records (5)",
        ),
        (
            "[instances.a]\nurl = \"https://x\"\napi_key = \"k\"\n[instances.b]\nurl = \"https://y\"\napi_key = \"k\"\n",
            "default_instance: missing",
        ),
        (
            "default_instance = \"c\"\n[instances.a]\nurl = \"https://x\"\napi_key = \"k\"\n",
            "default_instance: no instance is called \"c\" (configured: a)",
        ),
        (
            "[server]\nlisten = \"localhost\"\n[instances.a]\nurl = \"https://x\"\napi_key = \"k\"\n",
            "server.listen",
        ),
    ];
    for (text, expected) in cases {
        let err = load_err(text);
        assert!(
            err.contains("config.toml: ") || err.contains("config.toml:"),
            "{err}"
        );
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn secrets_can_come_from_files_relative_to_the_config() {
    let dir = TempDir::new();
    dir.write("key.txt", "file-secret-key\n");
    let path = dir.write(
        "config.toml",
        "[instances.prod]\nurl = \"https://x\"\nusername = \"u\"\napi_key_file = \"key.txt\"\npassword_file = \"missing.txt\"\n",
    );
    let err = Config::load(Some(&path), &no_env())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("instances.prod.password_file") && err.contains("missing.txt"),
        "{err}"
    );

    let path = dir.write(
        "config.toml",
        "[instances.prod]\nurl = \"https://x\"\napi_key_file = \"key.txt\"\n",
    );
    let config = Config::load(Some(&path), &no_env()).unwrap();
    assert_eq!(
        config.instances[0].client.api_key().unwrap().expose(),
        "file-secret-key"
    );
}

#[test]
fn single_instance_environment_variables() {
    let env = Env::from_pairs([
        ("ODOO_URL", "https://mycompany.odoo.com"),
        ("ODOO_DB", "mycompany"),
        ("ODOO_USER", "me@example.com"),
        ("ODOO_PASSWORD", "pw"),
        ("ODOO_VERSION", "17.0"),
        ("ODOO_PROTOCOL", "jsonrpc"),
        ("HOME", "/nonexistent-home-for-tests"),
    ]);
    let config = Config::load(None, &env).unwrap();
    assert_eq!(config.default_instance, "default");
    let i = &config.instances[0];
    assert_eq!(i.client.url(), "https://mycompany.odoo.com");
    assert_eq!(i.client.database(), Some("mycompany"));
    assert_eq!(i.client.login(), Some("me@example.com"));
    assert_eq!(i.client.password().unwrap().expose(), "pw");
    assert_eq!(i.client.assume_version(), Some(17));
    assert!(i.policy.read_only());
    assert_eq!(i.source, PolicySource::Environment);

    let err = Config::load(
        None,
        &Env::from_pairs([("ODOO_URL", "https://x"), ("ODOO_VERSION", "x")]),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("ODOO_VERSION: "), "{err}");
    let err = Config::load(None, &Env::from_pairs([("ODOO_URL", "https://x")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("ODOO_API_KEY: missing credentials"), "{err}");
    let err = Config::load(None, &Env::from_pairs([("ODOO_API_KEY", "k")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("ODOO_URL"), "{err}");
}

#[test]
fn nothing_configured_is_its_own_error() {
    let err = Config::load(None, &no_env()).unwrap_err();
    assert!(err.is_no_instance());
    assert!(err.to_string().contains("odoo-mcp demo"), "{err}");
    let err = Config::load(Some(Path::new("/nonexistent/config.toml")), &no_env()).unwrap_err();
    assert!(!err.is_no_instance());
    assert!(
        err.to_string()
            .starts_with("--config: cannot read /nonexistent/config.toml"),
        "{err}"
    );
}

#[test]
fn config_file_locations() {
    let dir = TempDir::new();
    std::fs::create_dir_all(dir.0.join("odoo-mcp")).unwrap();
    dir.write(
        "odoo-mcp/config.toml",
        "[instances.xdg]\nurl = \"https://x\"\napi_key = \"k\"\n",
    );
    let env = Env::from_pairs([("XDG_CONFIG_HOME", dir.0.display().to_string())]);
    assert_eq!(Config::load(None, &env).unwrap().default_instance, "xdg");

    let other = dir.write(
        "other.toml",
        "[instances.named]\nurl = \"https://x\"\napi_key = \"k\"\n",
    );
    let env = Env::from_pairs([
        ("XDG_CONFIG_HOME", dir.0.display().to_string()),
        ("ODOO_MCP_CONFIG", other.display().to_string()),
    ]);
    let config = Config::load(None, &env).unwrap();
    assert_eq!(config.default_instance, "named");
    assert_eq!(config.file.as_deref(), Some(other.as_path()));
}

#[test]
fn environment_fills_what_the_file_leaves_unset() {
    let dir = TempDir::new();
    let path = dir.write(
        "config.toml",
        "[instances.prod]\nurl = \"https://odoo.example.com\"\nread_only = true\n",
    );
    let env = Env::from_pairs([("ODOO_API_KEY", "from-env"), ("ODOO_READ_ONLY", "false")]);
    let config = Config::load(Some(&path), &env).unwrap();
    let prod = &config.instances[0];
    assert_eq!(prod.client.api_key().unwrap().expose(), "from-env");
    assert!(
        prod.policy.read_only(),
        "the file's explicit read_only wins over ODOO_READ_ONLY=false"
    );

    let path = dir.write("config.toml", "[instances.prod]\nurl = \"https://odoo.example.com\"\nread_only = false\napi_key = \"k\"\n");
    let env = Env::from_pairs([("ODOO_MCP_READ_ONLY", "1")]);
    assert!(
        Config::load(Some(&path), &env).unwrap().instances[0]
            .policy
            .read_only(),
        "true forces read-only"
    );
    let with_password = dir.write(
        "password.toml",
        "[instances.prod]\nurl = \"https://odoo.example.com\"\ndatabase = \"d\"\nusername = \"u\"\npassword = \"p\"\n",
    );
    let config = Config::load(
        Some(&with_password),
        &Env::from_pairs([("ODOO_API_KEY", "from-env")]),
    )
    .unwrap();
    assert!(
        config.instances[0].client.api_key().is_none(),
        "an instance with a password gets no env API key"
    );
    assert!(
        Config::load(Some(&path), &env).unwrap().instances[0]
            .policy
            .read_only(),
        "true forces read-only"
    );
    let env = Env::from_pairs([("ODOO_READ_ONLY", "maybe")]);
    let err = Config::load(Some(&path), &env).unwrap_err().to_string();
    assert!(err.starts_with("ODOO_READ_ONLY: "), "{err}");
}

#[test]
fn odoo_instances_json_accepts_other_servers_spellings() {
    let json = r#"{
        "prod": {"url": "https://odoo.example.com", "db": "prod", "apiKey": "json-key", "version": "19", "timeout_ms": 1500, "readOnly": false},
        "legacy": {"url": "https://old:8069", "database": "old", "user": "admin", "password": "admin", "version": 16}
    }"#;
    let env = Env::from_pairs([
        ("ODOO_INSTANCES", json),
        ("ODOO_MCP_DEFAULT_INSTANCE", "prod"),
    ]);
    let config = Config::load(None, &env).unwrap();
    assert_eq!(config.default_instance, "prod");
    let prod = config.instance("prod").unwrap();
    assert_eq!(prod.client.database(), Some("prod"));
    assert_eq!(prod.client.api_key().unwrap().expose(), "json-key");
    assert_eq!(prod.client.assume_version(), Some(19));
    assert_eq!(prod.client.timeout(), Duration::from_secs(2));
    assert!(!prod.policy.read_only());
    let legacy = config.instance("legacy").unwrap();
    assert_eq!(legacy.client.login(), Some("admin"));
    assert_eq!(legacy.client.assume_version(), Some(16));
    assert!(legacy.policy.read_only());

    let err = Config::load(None, &Env::from_pairs([("ODOO_INSTANCES", "[1]")]))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("ODOO_INSTANCES: "), "{err}");
    let err = Config::load(
        None,
        &Env::from_pairs([("ODOO_INSTANCES", r#"{"p": {"db": "x", "apiKey": "k"}}"#)]),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("ODOO_INSTANCES: p.url: missing"), "{err}");
}

#[test]
fn unknown_keys_of_odoo_instances_are_errors_all_named_with_the_closest_key() {
    let json = r#"{"prod": {"url": "https://odoo.example.com", "apiKye": "k", "readOnyl": false, "custom": 1}}"#;
    let err = Config::load(None, &Env::from_pairs([("ODOO_INSTANCES", json)]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "3 unknown keys in ODOO_INSTANCES: `apiKye` in instance `prod` (did you mean `apiKey`?); \
         `readOnyl` in instance `prod` (did you mean `readOnly`?); `custom` in instance `prod`. \
         Correct or remove each; docs/configuration.md lists every key"
    );
}

#[test]
fn every_unknown_key_of_a_file_is_reported_at_once() {
    let err =
        load_err("[server]\nstateles = true\n[instances.prod]\nurl = \"x\"\napi_kee = \"k\"\n");
    assert!(
        err.starts_with("2 unknown keys in ")
            && err.contains(": `stateles` in [server] (did you mean `stateless`?); `api_kee` in [instances.prod] (did you mean `api_key`?)."),
        "{err}"
    );
    let err = load_err("[server]\nlisten_on = \"x\"\n");
    assert!(err.contains("(did you mean `listen`?)"), "{err}");
}

#[test]
fn odoo_instances_json_file_and_overlay_on_file_instances() {
    let dir = TempDir::new();
    let json = dir.write(
        "instances.json",
        r#"{"prod": {"apiKey": "json-key"}, "extra": {"url": "https://e.example.com", "apiKey": "e"}}"#,
    );
    let path = dir.write("config.toml", "default_instance = \"prod\"\n[instances.prod]\nurl = \"p.example.com\"\napi_key = \"file-key\"\n");
    let env = Env::from_pairs([("ODOO_INSTANCES_JSON", json.display().to_string())]);
    let config = Config::load(Some(&path), &env).unwrap();
    assert_eq!(
        config
            .instance("prod")
            .unwrap()
            .client
            .api_key()
            .unwrap()
            .expose(),
        "json-key"
    );
    assert_eq!(
        config.instance("prod").unwrap().client.url(),
        "https://p.example.com"
    );
    assert!(config.instance("extra").is_some());
}

fn load_env(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut all = vec![("HOME", "/nonexistent-home-for-tests")];
    all.extend_from_slice(pairs);
    Config::load(None, &Env::from_pairs(all))
}

#[test]
fn policy_lists_and_connection_safety_come_from_the_environment() {
    let config = load_env(&[
        ("ODOO_URL", "mycompany.odoo.com"),
        ("ODOO_API_KEY", "k"),
        ("ODOO_ALLOWED_MODELS", "res.partner, sale.*,"),
        ("ODOO_DENIED_MODELS", "hr.*"),
        ("ODOO_MAX_RESPONSE_BYTES", "1048576"),
    ])
    .unwrap();
    let i = &config.instances[0];
    assert_eq!(i.policy.allowed_models(), ["res.partner", "sale.*"]);
    assert!(i.policy.denied_models().contains(&"hr.*"));
    assert_eq!(i.client.max_response_bytes(), 1_048_576);
    // No scheme: https, and the client builds.
    assert_eq!(i.client.url(), "https://mycompany.odoo.com");
    assert!(i.build_client().is_ok());
}

#[test]
fn plain_http_to_another_host_needs_the_explicit_switch() {
    let env = [
        ("ODOO_URL", "http://odoo.example.com"),
        ("ODOO_API_KEY", "k"),
    ];
    // Refused at load, naming the variable at fault and the one that would allow it.
    let e = load_env(&env).unwrap_err().to_string();
    assert!(
        e.starts_with("environment: ODOO_URL: uses plain http://")
            && e.contains("use https://odoo.example.com")
            && e.contains("ODOO_ALLOW_INSECURE_HTTP"),
        "{e}"
    );
    let mut with_switch = env.to_vec();
    with_switch.push(("ODOO_ALLOW_INSECURE_HTTP", "true"));
    let config = load_env(&with_switch).unwrap();
    assert!(config.instances[0].build_client().is_ok());
}

#[test]
fn out_of_range_response_cap_is_refused() {
    let e = load_env(&[
        ("ODOO_URL", "https://odoo.example.com"),
        ("ODOO_API_KEY", "k"),
        ("ODOO_MAX_RESPONSE_BYTES", "10"),
    ])
    .unwrap_err();
    assert!(e.to_string().contains("ODOO_MAX_RESPONSE_BYTES"), "{e}");
}

#[test]
fn an_old_version_without_username_names_the_variable_the_user_writes() {
    let e = load_env(&[
        ("ODOO_URL", "https://odoo.example.com"),
        ("ODOO_API_KEY", "k"),
        ("ODOO_DB", "prod"),
        ("ODOO_VERSION", "17"),
    ])
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("ODOO_USERNAME") && !text.contains("login option"),
        "{text}"
    );
}

#[test]
fn context_defaults_are_checked_and_reach_the_client() {
    let config = load_file(
        "[instances.a]\nurl = \"https://a.example.com\"\napi_key = \"k\"\ncompany_id = 2\n\
         lang = \"fr_BE\"\ntz = \"Europe/Brussels\"\n",
    )
    .unwrap();
    let context = config.instances[0].build_client().unwrap();
    assert_eq!(
        serde_json::to_value(context.context()).unwrap(),
        serde_json::json!({"allowed_company_ids": [2], "lang": "fr_BE", "tz": "Europe/Brussels"})
    );
    let e = load_file(
        "[instances.a]\nurl = \"https://a.example.com\"\napi_key = \"k\"\nlang = \"French\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("instances.a.lang") && e.contains("fr_FR"), "{e}");
    let env = Env::from_pairs([
        ("HOME", "/nonexistent"),
        ("ODOO_URL", "https://a.example.com"),
        ("ODOO_API_KEY", "k"),
        ("ODOO_COMPANY_ID", "two"),
    ]);
    let e = Config::load(None, &env).unwrap_err().to_string();
    assert!(e.contains("ODOO_COMPANY_ID"), "{e}");
}

#[test]
fn inline_json_in_the_file_variable_is_refused_without_echoing_its_keys() {
    // Found by config/fuzz.rs: the "cannot read <path>" error printed the whole value.
    let env = Env::from_pairs([(
        "ODOO_INSTANCES_JSON",
        r#"{"a": {"url": "https://odoo.example.com", "api_key": "inline-secret-91c2"}}"#,
    )]);
    let message = Config::load(None, &env).expect_err("refused").to_string();
    assert!(message.contains("ODOO_INSTANCES"), "{message}");
    assert!(!message.contains("inline-secret-91c2"), "{message}");
}

#[test]
fn connection_rules_are_the_clients_told_in_this_files_key_names() {
    use std::error::Error as _;
    let e = load_file("[instances.prod]\nurl = \"https://x\"\n").unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains(
            "instances.prod.api_key: missing credentials: set api_key (or api_key_file), or \
             username with password (or password_file)"
        ),
        "{text}"
    );
    let source = e
        .source()
        .and_then(|s| s.downcast_ref::<odoo_client::ConfigError>());
    assert_eq!(source, Some(&odoo_client::ConfigError::NoCredentials));
    let e = load_env(&[("ODOO_URL", "https://x"), ("ODOO_PASSWORD", "p")])
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("environment: ODOO_USERNAME: missing"), "{e}");
    let e = load_file("[instances.prod]\nurl = \"https://admin:hunter2@x\"\napi_key = \"k\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("instances.prod.url: must not contain credentials") && !e.contains("hunter2"),
        "{e}"
    );
}

#[test]
fn an_invalid_pattern_keeps_its_cause() {
    let dir = TempDir::new();
    let path = dir.write(
        "config.toml",
        "[instances.prod]\nurl = \"https://x\"\napi_key = \"k\"\nallowed_models = [\"res.[x\"]\n",
    );
    let err = Config::load(Some(&path), &no_env()).unwrap_err();
    assert!(matches!(err, ConfigError::Policy { .. }), "{err:?}");
    let mut chain = Vec::new();
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&err);
    while let Some(e) = cause {
        chain.push(e.to_string());
        cause = e.source();
    }
    // The policy's key, the pattern, and globset's own error at the end of the chain.
    assert_eq!(chain.len(), 4, "{chain:#?}");
    assert!(
        chain[0].starts_with("allowed_models: invalid pattern `res.[x`"),
        "{chain:#?}"
    );
    assert!(
        chain[3].contains("res.[x") && chain[3].contains("unclosed"),
        "{chain:#?}"
    );
}

#[test]
fn a_syntax_error_never_quotes_the_line() {
    // A key pasted on a line of its own, an unclosed string, a number where a secret string
    // belongs: neither toml's text (it quotes the line) nor serde's (it quotes the value).
    for text in [
        "sk-live-0123456789abcdef\n[instances.prod]\nurl = \"https://x\"\n",
        "[instances.prod]\nurl = \"https://x\"\napi_key = \"sk-live-0123456789abcdef\n",
        "[instances.prod]\nurl = \"https://x\"\napi_key = 0123456789\n",
        "[instances.prod]\nurl = \"https://x\"\nusername = \"a\"\npassword = 987654321\n",
    ] {
        let err = load_err(text);
        assert!(
            !err.contains("sk-live") && !err.contains("123456789") && !err.contains("987654321"),
            "{err}"
        );
        assert!(err.contains("config.toml:"), "{err}");
    }
}

#[test]
fn the_per_client_session_cap_defaults_to_a_quarter_and_stays_under_the_server_cap() {
    let instance = "[instances.a]\nurl = \"https://x\"\napi_key = \"k\"\n";
    let config = load_file(&format!("[server]\nmax_sessions = 100\n{instance}")).unwrap();
    assert_eq!(config.server.max_sessions_per_client, 25);
    let config = load_file(&format!("[server]\nmax_sessions = 2\n{instance}")).unwrap();
    assert_eq!(config.server.max_sessions_per_client, 1, "never zero");
    let config = load_file(&format!(
        "[server]\nmax_sessions = 10\nmax_sessions_per_client = 10\n{instance}"
    ))
    .unwrap();
    assert_eq!(config.server.max_sessions_per_client, 10);
    for n in [0, 11] {
        let err = load_err(&format!(
            "[server]\nmax_sessions = 10\nmax_sessions_per_client = {n}\n{instance}"
        ));
        assert!(
            err.contains(&format!(
                "server.max_sessions_per_client: {n} is out of range 1..=10 (at most max_sessions)"
            )),
            "{err}"
        );
    }
}
