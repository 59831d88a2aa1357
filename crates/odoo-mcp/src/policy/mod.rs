//! Per-instance policy: what the MCP tools may read, write and call on one Odoo instance.
//!
//! Rules, checked in this order (the first that refuses wins, and its [`Refusal`] names it):
//! 1. `read_only` (default `true`): refuses every create, update, delete and method call;
//! 2. `denied_models` (globs): refuse matching models, even when `allowed_models` matches;
//! 3. the built-in deny list (credentials, access control, code execution — see
//!    `builtin.rs`): lifted for one model only by naming it exactly in `allowed_models`;
//! 4. `allowed_models` (globs, default empty = every model): refuses models that match none;
//! 5. for writes, the built-in write protection (`res.users`, `res.groups*`, `ir.model*`, …),
//!    lifted the same way;
//! 6. for `call_method`: private (`_`) and environment-changing methods (`sudo`, …) are never
//!    allowed; other methods must match an `allowed_methods` entry (default empty: none).
//!    Entries are `method` (any allowed model) or `model:method`, both globs, e.g.
//!    `"sale.order:action_confirm"`, `"sale.order:action_*"`, `"*:message_post"`.
//!
//! Secret fields (`Policy::is_secret_field`) are never returned, and every read is capped
//! at `max_records` (default 200) rows, `default_limit` (default 20) when the caller gives none.

mod builtin;
mod client;
mod patterns;
mod rule;
mod secrets;
mod table;

use std::fmt;
use std::path::PathBuf;
use std::sync::LazyLock;

use odoo_client::{MethodName, ModelName};

use crate::confirm::ConfirmWrites;
use crate::field_type::FieldType;
use crate::metadata::FieldInfo;

use patterns::MethodRule;
pub(crate) use patterns::PatternList;
pub use patterns::{PatternError, PatternProblem};
pub use rule::Rule;
pub use table::builtin_lists_markdown;

/// Default of `max_records`.
pub const DEFAULT_MAX_RECORDS: u32 = 200;
/// Default of `default_limit`.
pub const DEFAULT_LIMIT: u32 = 20;

/// Where an instance's policy was configured: refusals tell the user what to change there.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicySource {
    /// A TOML configuration file.
    File(PathBuf),
    /// Environment variables (`ODOO_URL`, `ODOO_INSTANCES`, …).
    Environment,
    /// The `odoo-mcp demo` command.
    Demo,
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Environment => f.write_str("the environment"),
            Self::Demo => f.write_str("`odoo-mcp demo`"),
        }
    }
}

/// A policy refusal: which rule refused, and a message saying how to change it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    /// The rule that refused.
    pub rule: Rule,
    /// A message for the user or the model: what was refused, by which rule, how to change it.
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(rule: Rule, message: String) -> Self {
        Self { rule, message }
    }

    /// The same refusal, its message prefixed with where the refused name was met (a path in a
    /// domain, a nested command, …).
    pub(crate) fn within(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

/// A policy value that cannot be used; `key` is the configuration key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {problem}")]
pub struct PolicyError {
    /// The configuration key (`allowed_models`, `max_records`, …).
    pub key: &'static str,
    /// What is wrong with it.
    #[source]
    pub problem: PolicyProblem,
}

/// What is wrong with a policy value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyProblem {
    /// A model glob or `allowed_methods` entry is invalid.
    #[error(transparent)]
    Pattern(#[from] PatternError),
    /// A row count of 0.
    #[error("must be at least 1")]
    Zero,
    /// `default_limit` above `max_records`.
    #[error(
        "{default_limit} is larger than max_records ({max_records}): lower it or raise max_records"
    )]
    LimitAboveCap {
        /// The default page size asked for.
        default_limit: u32,
        /// The cap.
        max_records: u32,
    },
}

impl PolicyError {
    fn at(key: &'static str) -> impl Fn(PatternError) -> Self {
        move |e| Self {
            key,
            problem: e.into(),
        }
    }
}

/// Why a field is withheld from every tool (see [`Policy::withheld_field`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Withheld {
    /// Its name marks a credential.
    Secret,
    /// It is a relation into a model the policy refuses.
    HiddenModel {
        /// The related model.
        model: String,
        /// The refusal of that model.
        refusal: Refusal,
    },
}

/// The validated policy of one instance. Cheap enough to clone.
#[derive(Debug, Clone)]
pub struct Policy {
    instance: String,
    source: PolicySource,
    read_only: bool,
    allowed_models: PatternList,
    denied_models: PatternList,
    allowed_methods: Vec<MethodRule>,
    max_records: u32,
    default_limit: u32,
    confirm_writes: ConfirmWrites,
    /// A client's restrictions on top of the instance's (see `client.rs`).
    client: Option<std::sync::Arc<client::ClientNarrowing>>,
}

/// Builds a [`Policy`]; every option starts at its safe default.
#[derive(Debug, Clone)]
pub struct PolicyBuilder {
    instance: String,
    source: PolicySource,
    read_only: bool,
    allowed_models: Vec<String>,
    denied_models: Vec<String>,
    allowed_methods: Vec<String>,
    max_records: u32,
    default_limit: u32,
    confirm_writes: ConfirmWrites,
}

impl PolicyBuilder {
    /// Where the policy comes from (default: the environment), for refusal messages.
    pub fn source(mut self, source: PolicySource) -> Self {
        self.source = source;
        self
    }
    /// Refuse every write and method call (default `true`).
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = read_only;
        self
    }
    /// Only these models (globs); empty (the default) means every model.
    pub fn allowed_models<S: Into<String>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_models = patterns.into_iter().map(Into::into).collect();
        self
    }
    /// Never these models (globs; default none).
    pub fn denied_models<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.denied_models = patterns.into_iter().map(Into::into).collect();
        self
    }
    /// Methods `call_method` may call: `method` or `model:method` globs (default none).
    pub fn allowed_methods<S: Into<String>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_methods = patterns.into_iter().map(Into::into).collect();
        self
    }
    /// Hard cap of rows per call (default 200).
    pub fn max_records(mut self, max: u32) -> Self {
        self.max_records = max;
        self
    }
    /// Rows returned when the caller gives no limit (default 20).
    pub fn default_limit(mut self, limit: u32) -> Self {
        self.default_limit = limit;
        self
    }
    /// Which writes need a person's confirmation (default: the destructive ones).
    pub fn confirm_writes(mut self, confirm: ConfirmWrites) -> Self {
        self.confirm_writes = confirm;
        self
    }
    /// Validates the patterns and limits.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let invalid = PolicyError::at;
        let allowed_models =
            PatternList::new(&self.allowed_models).map_err(invalid("allowed_models"))?;
        let denied_models =
            PatternList::new(&self.denied_models).map_err(invalid("denied_models"))?;
        let allowed_methods = self
            .allowed_methods
            .iter()
            .map(|m| MethodRule::new(m))
            .collect::<Result<Vec<_>, _>>()
            .map_err(invalid("allowed_methods"))?;
        if self.max_records == 0 {
            return Err(PolicyError {
                key: "max_records",
                problem: PolicyProblem::Zero,
            });
        }
        if self.default_limit == 0 {
            return Err(PolicyError {
                key: "default_limit",
                problem: PolicyProblem::Zero,
            });
        }
        if self.default_limit > self.max_records {
            return Err(PolicyError {
                key: "default_limit",
                problem: PolicyProblem::LimitAboveCap {
                    default_limit: self.default_limit,
                    max_records: self.max_records,
                },
            });
        }
        Ok(Policy {
            instance: self.instance,
            source: self.source,
            read_only: self.read_only,
            allowed_models,
            denied_models,
            allowed_methods,
            max_records: self.max_records,
            default_limit: self.default_limit,
            confirm_writes: self.confirm_writes,
            client: None,
        })
    }
}

impl Policy {
    /// A builder for the policy of instance `instance`, with the safe defaults: read-only,
    /// every model but the built-in deny list, no method calls, 200 rows at most, 20 by default.
    pub fn builder(instance: impl Into<String>) -> PolicyBuilder {
        PolicyBuilder {
            instance: instance.into(),
            source: PolicySource::Environment,
            read_only: true,
            allowed_models: Vec::new(),
            denied_models: Vec::new(),
            allowed_methods: Vec::new(),
            max_records: DEFAULT_MAX_RECORDS,
            default_limit: DEFAULT_LIMIT,
            confirm_writes: ConfirmWrites::default(),
        }
    }

    /// The name of the instance this policy belongs to.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Where the policy was configured.
    pub fn source(&self) -> &PolicySource {
        &self.source
    }

    /// Whether writes and method calls are refused.
    pub fn read_only(&self) -> bool {
        self.read_only || self.client.as_ref().is_some_and(|c| c.read_only)
    }

    /// Hard cap of rows per call.
    pub fn max_records(&self) -> u32 {
        self.max_records
    }

    /// Which writes need a person's confirmation.
    pub fn confirm_writes(&self) -> ConfirmWrites {
        self.confirm_writes
    }

    /// Rows returned when the caller gives no limit.
    pub fn default_limit(&self) -> u32 {
        self.default_limit
    }

    /// The `allowed_models` patterns as configured (empty: every model).
    pub fn allowed_models(&self) -> Vec<&str> {
        self.allowed_models.texts()
    }

    /// The `denied_models` patterns as configured.
    pub fn denied_models(&self) -> Vec<&str> {
        self.denied_models.texts()
    }

    /// The `allowed_methods` entries as configured.
    pub fn allowed_methods(&self) -> Vec<&str> {
        self.allowed_methods.iter().map(MethodRule::text).collect()
    }

    /// Whether the model may be accessed at all (reads included).
    pub fn check_model(&self, model: &ModelName) -> Result<(), Refusal> {
        let name = model.as_str();
        if let Some(client) = &self.client {
            client.check_model(&self.instance, name)?;
        }
        if let Some(p) = self.denied_models.first_match(name) {
            return Err(Refusal::new(
                Rule::DeniedModels,
                format!(
                    "model `{name}` is refused by denied_models pattern `{}` of instance `{}` \
                     ({}): remove the pattern to allow it",
                    p.text(),
                    self.instance,
                    self.source
                ),
            ));
        }
        if !self.allowed_models.names_exactly(name)
            && let Some((pattern, reason)) = builtin_match(&DENIED_MODELS, name)
        {
            return Err(Refusal::new(
                Rule::BuiltinDeny,
                format!(
                    "model `{name}` is refused by the built-in deny list (`{pattern}`: {reason}); \
                     to allow it anyway on instance `{}`, {}",
                    self.instance,
                    self.hint_allow_exact(name)
                ),
            ));
        }
        if !self.allowed_models.is_empty() && self.allowed_models.first_match(name).is_none() {
            return Err(Refusal::new(
                Rule::AllowedModels,
                format!(
                    "model `{name}` is not in allowed_models of instance `{}` ({}; allowed: {}): \
                     add it or a matching pattern to allowed_models to allow it",
                    self.instance,
                    self.source,
                    quote_list(&self.allowed_models.texts())
                ),
            ));
        }
        Ok(())
    }

    /// Whether records of the model may be created, changed or deleted: `read_only` first,
    /// then [`check_model`](Self::check_model), then the built-in write protection.
    pub fn check_write(&self, model: &ModelName) -> Result<(), Refusal> {
        if let Some(client) = &self.client {
            client.check_write(&self.instance)?;
        }
        if self.read_only {
            return Err(Refusal::new(
                Rule::ReadOnly,
                format!(
                    "instance `{}` is read-only ({}), so creating, changing, deleting records and \
                     calling methods are refused; {}",
                    self.instance,
                    self.source,
                    self.hint_read_only()
                ),
            ));
        }
        self.check_model(model)?;
        let name = model.as_str();
        if !self.allowed_models.names_exactly(name)
            && let Some((pattern, reason)) = builtin_match(&WRITE_PROTECTED_MODELS, name)
        {
            return Err(Refusal::new(
                Rule::BuiltinWriteProtection,
                format!(
                    "writes to model `{name}` are refused by the built-in write protection \
                     (`{pattern}`: {reason}); it stays readable. To allow writes anyway on \
                     instance `{}`, {}",
                    self.instance,
                    self.hint_allow_exact(name)
                ),
            ));
        }
        Ok(())
    }

    /// Whether `call_method` may call `method` on the model: [`check_write`](Self::check_write)
    /// (a method can change anything), never private or environment-changing methods, and the
    /// method must match an `allowed_methods` entry.
    pub fn check_method(&self, model: &ModelName, method: &MethodName) -> Result<(), Refusal> {
        self.check_callable(method)?;
        let name = method.as_str();
        self.check_write(model)?;
        if builtin::GENERIC_ORM_METHODS.contains(&name) {
            if self
                .allowed_methods
                .iter()
                .any(|r| r.names_exactly(model.as_str(), name))
            {
                return Ok(());
            }
            return Err(Refusal::new(
                Rule::AllowedMethods,
                format!(
                    "method `{name}` is one of Odoo's generic ORM methods, which call_method runs \
                     only when allowed_methods names this model and method exactly \
                     (\"{model}:{name}\"), never through a pattern; use the dedicated tools \
                     (search_records, read_records, create_records, update_records, \
                     delete_records, aggregate_records) instead"
                ),
            ));
        }
        if self
            .allowed_methods
            .iter()
            .any(|r| r.matches(model.as_str(), name))
        {
            return Ok(());
        }
        let current = if self.allowed_methods.is_empty() {
            "it is empty, the default".to_owned()
        } else {
            format!("it has {}", quote_list(&self.allowed_methods()))
        };
        Err(Refusal::new(
            Rule::AllowedMethods,
            format!(
                "method `{name}` on model `{model}` is not in allowed_methods of instance `{}` \
                 ({current}); {}",
                self.instance,
                self.hint_allow_method(model.as_str(), name)
            ),
        ))
    }

    /// Whether `method` may be called remotely at all: never a private method, never one of
    /// the built-in denied methods.
    fn check_callable(&self, method: &MethodName) -> Result<(), Refusal> {
        let name = method.as_str();
        if method.is_private() {
            return Err(Refusal::new(
                Rule::PrivateMethod,
                format!(
                    "method `{name}` is private (it starts with `_`): Odoo never allows calling it remotely"
                ),
            ));
        }
        if let Some((pattern, reason)) = builtin_match(&DENIED_METHODS, name) {
            return Err(Refusal::new(
                Rule::BuiltinMethodDeny,
                format!("method `{name}` is never allowed (`{pattern}`: {reason})"),
            ));
        }
        Ok(())
    }

    /// Whether `run_wizard` may press the button `method` of the wizard `model`: a known
    /// wizard's own button (`known_button`) needs writes on the wizard model (never a private
    /// or denied method); any other button is checked like `call_method`'s methods
    /// ([`check_method`](Self::check_method): it must match `allowed_methods`).
    pub fn check_wizard_button(
        &self,
        model: &ModelName,
        method: &MethodName,
        known_button: bool,
    ) -> Result<(), Refusal> {
        if !known_button {
            return self.check_method(model, method);
        }
        self.check_callable(method)?;
        self.check_write(model)
    }

    /// Whether `field` of `model` may be written (directly or through a nested command): the
    /// built-in field protection, lifted only by naming the model exactly in `allowed_models`.
    /// (Secret fields are refused separately, and never written.)
    pub fn check_field_write(&self, model: &ModelName, field: &str) -> Result<(), Refusal> {
        let name = model.as_str();
        if let Some((pattern, reason)) = protected_field(name, field)
            && !self.allowed_models.names_exactly(name)
        {
            return Err(Refusal::new(
                Rule::ProtectedField,
                format!(
                    "field `{field}` of `{name}` is never written by this server (built-in field \
                     protection `{pattern}.{field}`: {reason})"
                ),
            ));
        }
        Ok(())
    }

    /// The refusal for naming a secret field, for whatever purpose (`"read"`, `"filter on"`…).
    pub fn secret_field_refusal(&self, model: &str, field: &str, purpose: &str) -> Refusal {
        Refusal::new(
            Rule::SecretField,
            format!(
                "`{field}` of `{model}` is a secret field (its name marks a credential): this \
                 server never lets anyone {purpose} it, whatever the configuration"
            ),
        )
    }

    /// Whether a context passed to a method call only holds harmless keys (language, time zone,
    /// companies); other keys change what the ORM does and are refused.
    pub fn check_context_key(&self, key: &str) -> Result<(), Refusal> {
        if builtin::ALLOWED_CONTEXT_KEYS.contains(&key) {
            return Ok(());
        }
        Err(Refusal::new(
            Rule::ContextKey,
            format!(
                "context key `{key}` is refused: context keys change what Odoo's ORM does (e.g. \
                 active_test, force_company, tracking_disable, default_* values, active_ids); \
                 only {} are passed",
                quote_list(builtin::ALLOWED_CONTEXT_KEYS)
            ),
        ))
    }

    /// Configuration choices that weaken the policy, one sentence each (empty when none):
    /// printed by `check` and logged when the server starts.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let wildcards: Vec<&str> = self
            .allowed_methods
            .iter()
            .filter(|r| r.is_wildcard())
            .map(MethodRule::text)
            .collect();
        if !wildcards.is_empty() {
            out.push(format!(
                "instance `{}`: allowed_methods has patterns ({}) that allow methods nobody \
                 reviewed; list the methods by name (`model:method`)",
                self.instance,
                quote_list(&wildcards)
            ));
        }
        if !self.read_only && self.allowed_models.is_empty() {
            out.push(format!(
                "instance `{}` is writable and has no allowed_models: every model not on the \
                 built-in deny lists can be changed; list the models the assistant may write",
                self.instance
            ));
        }
        if !self.read_only && self.allowed_models.texts().contains(&"*") {
            out.push(format!(
                "instance `{}` is writable with allowed_models = [\"*\"]",
                self.instance
            ));
        }
        if !self.read_only && self.confirm_writes == crate::confirm::ConfirmWrites::Never {
            out.push(format!(
                "instance `{}` is writable with confirm_writes = \"never\": deletes and method \
                 calls run without a person's confirmation; use \"destructive\" (the default)",
                self.instance
            ));
        }
        out
    }

    /// Why a field is never returned nor usable in a domain, an order or a grouping, if it is
    /// withheld: a secret field, or a relation into a model this policy hides (its records'
    /// names would leak through the relation).
    pub(crate) fn withheld_field(&self, field: &FieldInfo) -> Option<Withheld> {
        if self.is_secret_field(&field.name, &field.ftype) {
            return Some(Withheld::Secret);
        }
        let comodel = field.relation.as_deref()?;
        let refusal = match ModelName::new(comodel) {
            Ok(m) => self.check_model(&m).err()?,
            Err(_) => return None,
        };
        Some(Withheld::HiddenModel {
            model: comodel.to_owned(),
            refusal,
        })
    }

    /// Whether the model may be listed and read (for `list_models` and resources); invalid
    /// names are not visible.
    pub fn is_model_visible(&self, model: &str) -> bool {
        ModelName::new(model).is_ok_and(|m| self.check_model(&m).is_ok())
    }

    /// Whether a field must never be returned: a `password` field whatever its name, else a
    /// credential name (see `secrets.rs`) on a field whose type can hold one.
    ///
    /// A field whose type cannot hold a credential (a relation, a number, a date, a boolean,
    /// a selection — e.g. `payment_token_ids`, `payment_token_count`) is not secret whatever
    /// its name.
    pub(crate) fn is_secret_field(&self, name: &str, field_type: &FieldType) -> bool {
        use FieldType as T;
        match field_type {
            T::Password => true,
            T::Many2one
            | T::One2many
            | T::Many2many
            | T::Many2oneReference
            | T::Integer
            | T::Float
            | T::Monetary
            | T::Boolean
            | T::Date
            | T::Datetime
            | T::Selection => false,
            _ => self.is_secret_name(name),
        }
    }

    /// Whether a field of unknown type must never be returned: judged by its name alone (see
    /// `secrets.rs`), for names met without their model's metadata.
    pub(crate) fn is_secret_name(&self, name: &str) -> bool {
        secrets::is_secret_field_name(name)
    }

    /// Caps a requested row count: `None` → `default_limit`, else at most `max_records`.
    ///
    /// `Some(0)` means "no limit", as in Odoo, and so becomes `max_records`.
    pub fn effective_limit(&self, requested: Option<u64>) -> u32 {
        match requested {
            None => self.default_limit,
            Some(0) => self.max_records,
            Some(n) => u32::try_from(n)
                .unwrap_or(u32::MAX)
                .clamp(1, self.max_records),
        }
    }

    fn hint_read_only(&self) -> String {
        match &self.source {
            PolicySource::File(path) => format!(
                "to allow writes, set `read_only = false` under [instances.{}] in {}",
                self.instance,
                path.display()
            ),
            PolicySource::Environment => {
                "to allow writes, set ODOO_READ_ONLY=false (or `\"read_only\": false` in this \
                 instance's ODOO_INSTANCES entry)"
                    .to_owned()
            }
            PolicySource::Demo => "restart `odoo-mcp demo` without --read-only".to_owned(),
        }
    }

    fn hint_allow_exact(&self, model: &str) -> String {
        match &self.source {
            PolicySource::File(path) => format!(
                "add \"{model}\" (the exact name, not a pattern) to allowed_models under \
                 [instances.{}] in {}",
                self.instance,
                path.display()
            ),
            _ => format!(
                "add \"{model}\" (the exact name, not a pattern) to its allowed_models (in a TOML \
                 config file given with --config, or in its ODOO_INSTANCES entry)"
            ),
        }
    }

    fn hint_allow_method(&self, model: &str, method: &str) -> String {
        match &self.source {
            PolicySource::File(path) => format!(
                "to allow it, add \"{model}:{method}\" (or a pattern such as \"{model}:action_*\") \
                 to allowed_methods under [instances.{}] in {}",
                self.instance,
                path.display()
            ),
            _ => format!(
                "to allow it, set allowed_methods = [\"{model}:{method}\"] for the instance (in a \
                 TOML config file given with --config, or in its ODOO_INSTANCES entry)"
            ),
        }
    }
}

/// A built-in list compiled once: its entries (pattern text, reason) and one `GlobSet` over
/// them, so a name is matched in one pass rather than against one regex per pattern (16 k
/// instructions per check before, 1 k now, and the first check no longer compiles ~25 M
/// instructions' worth of regexes; BENCHMARKS.md §1).
struct Builtin {
    entries: Vec<(&'static str, &'static str)>,
    set: globset::GlobSet,
}

fn compile(list: &'static [(&'static str, &'static str)]) -> Builtin {
    let mut set = globset::GlobSetBuilder::new();
    let mut entries = Vec::with_capacity(list.len());
    for &(text, reason) in list {
        if let Ok(glob) = patterns::glob(text) {
            set.add(glob);
            entries.push((text, reason));
        }
    }
    Builtin {
        entries,
        set: set.build().unwrap_or_else(|_| globset::GlobSet::empty()),
    }
}

static DENIED_MODELS: LazyLock<Builtin> = LazyLock::new(|| compile(builtin::DENIED_MODELS));
static WRITE_PROTECTED_MODELS: LazyLock<Builtin> =
    LazyLock::new(|| compile(builtin::WRITE_PROTECTED_MODELS));
static DENIED_METHODS: LazyLock<Builtin> = LazyLock::new(|| compile(builtin::DENIED_METHODS));

static PROTECTED_FIELDS: LazyLock<
    Vec<(patterns::Pattern, &'static str, &'static str, &'static str)>,
> = LazyLock::new(|| {
    builtin::WRITE_PROTECTED_FIELDS
        .iter()
        .filter_map(|&(model, field, reason)| {
            patterns::Pattern::new(model)
                .ok()
                .map(|p| (p, model, field, reason))
        })
        .collect()
});

fn protected_field(model: &str, field: &str) -> Option<(&'static str, &'static str)> {
    PROTECTED_FIELDS
        .iter()
        .find(|(p, _, f, _)| *f == field && p.matches(model))
        .map(|&(_, text, _, reason)| (text, reason))
}

/// The first entry of `list` (in its order) whose pattern matches `name`.
fn builtin_match(list: &Builtin, name: &str) -> Option<(&'static str, &'static str)> {
    let first = list.set.matches(name).into_iter().min()?;
    list.entries.get(first).copied()
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
