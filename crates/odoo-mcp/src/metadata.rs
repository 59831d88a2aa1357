//! Per-instance cache of Odoo metadata: each model's fields (one `fields_get` per model) and
//! the list of models (one `ir.model` read, or the `ir.model` helpers of the web client for
//! users who may not read `ir.model`), kept for a TTL (10 minutes by default).
//!
//! Labels, help texts and selection labels are translated into the call's language, and
//! company-dependent answers may differ per company: every entry is keyed by the effective
//! `lang` and `allowed_company_ids` of the client's context as well ([`ContextKey`]), so a
//! `lang = fr_FR` call never gets labels cached for `en_US`. Each map holds at most
//! [`MAX_ENTRIES`] entries; the least recently stored goes first.
//!
//! Concurrent misses for the same key may fetch twice; no lock is held across an Odoo call.

use crate::field_type::FieldType;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use odoo_client::{Client, Domain, MethodCall, MethodName, ModelName, SearchRead};
use serde_json::Value;
use tokio::time::Instant;

use crate::model_catalog::COMMON_MODELS;

/// How long metadata stays fresh.
pub(crate) const DEFAULT_TTL: Duration = Duration::from_secs(600);

/// Entries kept at most per map (fields: model × language × companies; model lists:
/// instance × language × companies).
pub(crate) const MAX_ENTRIES: usize = 512;

/// What in a client's context changes Odoo's metadata answers: the language (labels, help,
/// selection labels) and the allowed companies. Empty strings for "the user's default".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ContextKey {
    lang: String,
    companies: String,
}

impl ContextKey {
    /// The key of `client`'s current context.
    pub(crate) fn of(client: &Client) -> Self {
        let context = &client.context().0;
        Self {
            lang: context
                .get("lang")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            companies: context
                .get("allowed_company_ids")
                .map(Value::to_string)
                .unwrap_or_default(),
        }
    }
}

/// The field attributes asked from `fields_get`.
pub(crate) const FIELD_ATTRIBUTES: &[&str] = &[
    "string",
    "type",
    "required",
    "readonly",
    "relation",
    "selection",
    "help",
    "store",
    "relation_field",
];

/// One field of a model, as `fields_get` describes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldInfo {
    pub(crate) name: String,
    /// Odoo field type (`char`, `many2one`, `monetary`, …).
    pub(crate) ftype: FieldType,
    /// The label.
    pub(crate) string: String,
    pub(crate) required: bool,
    pub(crate) readonly: bool,
    /// Stored in the database (searchable and sortable). Assumed true when Odoo omits it.
    pub(crate) store: bool,
    /// The related model of a relational field.
    pub(crate) relation: Option<String>,
    /// The many2one of the related model a one2many field is the inverse of.
    pub(crate) relation_field: Option<String>,
    /// `(value, label)` pairs of a selection field.
    pub(crate) selection: Vec<(String, String)>,
    pub(crate) help: Option<String>,
}

impl FieldInfo {
    /// Parses one entry of a `fields_get` answer.
    pub(crate) fn from_odoo(name: &str, attrs: &Value) -> Self {
        let s = |k: &str| attrs.get(k).and_then(Value::as_str).map(str::to_owned);
        let b = |k: &str| attrs.get(k).and_then(Value::as_bool);
        let selection = attrs
            .get("selection")
            .and_then(Value::as_array)
            .map(|pairs| {
                pairs
                    .iter()
                    .filter_map(|p| {
                        let p = p.as_array()?;
                        let value = match p.first()? {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        let label = p.get(1).and_then(Value::as_str).unwrap_or_default();
                        Some((value, label.to_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        FieldInfo {
            name: name.to_owned(),
            ftype: FieldType::parse(
                attrs
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown"),
            ),
            string: s("string").unwrap_or_default(),
            required: b("required").unwrap_or(false),
            readonly: b("readonly").unwrap_or(false),
            store: b("store").unwrap_or(true),
            relation: s("relation").filter(|r| !r.is_empty()),
            relation_field: s("relation_field").filter(|r| !r.is_empty()),
            selection,
            help: s("help").filter(|h| !h.is_empty()),
        }
    }
}

/// A model's fields, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ModelMeta {
    pub(crate) fields: BTreeMap<String, FieldInfo>,
}

impl ModelMeta {
    /// Builds the metadata from a `fields_get` answer.
    pub(crate) fn from_fields_get(answer: &serde_json::Map<String, Value>) -> Self {
        let fields = answer
            .iter()
            .map(|(name, attrs)| (name.clone(), FieldInfo::from_odoo(name, attrs)))
            .collect();
        ModelMeta { fields }
    }

    pub(crate) fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.get(name)
    }
}

/// One row of `ir.model`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModelEntry {
    /// Technical name, e.g. `res.partner`.
    pub(crate) model: String,
    /// Label, e.g. `Contact`.
    pub(crate) name: String,
}

/// Where a model list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModelSource {
    /// `ir.model` itself: every model.
    IrModel,
    /// `ir.model.get_available_models`: the models the user may read.
    AvailableModels,
    /// `ir.model.display_name_for` over [`COMMON_MODELS`]: the common models the user may read.
    CommonModels,
}

impl ModelSource {
    /// What a user must know about a list from this source, if anything.
    pub(crate) fn note(self) -> Option<&'static str> {
        match self {
            Self::IrModel => None,
            Self::AvailableModels => Some(
                "this Odoo user may not read ir.model: the list holds only the models the user may read",
            ),
            Self::CommonModels => Some(
                "this Odoo user may not read ir.model: the list is limited to the common business models the user may read (other models may still work by technical name)",
            ),
        }
    }
}

/// The models of an instance and where the list came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModelList {
    /// The models, sorted by technical name.
    pub(crate) entries: Vec<ModelEntry>,
    /// Where the list came from.
    pub(crate) source: ModelSource,
}

/// The models of a user who may not read `ir.model`: `get_available_models` (Odoo 17+ web
/// client), else `display_name_for` over the common models.
async fn fallback_models(
    client: &Client,
    ir_model: &ModelName,
) -> Result<(Vec<odoo_client::Record>, ModelSource), odoo_client::Error> {
    let available = MethodName::new("get_available_models")?;
    let none = MethodCall::default();
    if let Ok(Value::Array(rows)) = client.call(ir_model, &available, &none).await {
        return Ok((objects(rows), ModelSource::AvailableModels));
    }
    let display = MethodName::new("display_name_for")?;
    let mut call = MethodCall::default();
    call.kwargs
        .insert("models".into(), serde_json::json!(COMMON_MODELS));
    match client.call(ir_model, &display, &call).await? {
        Value::Array(rows) => Ok((objects(rows), ModelSource::CommonModels)),
        _ => Ok((Vec::new(), ModelSource::CommonModels)),
    }
}

/// The models of `ir.model` rows (`name`) or helper answers (`display_name`), sorted and
/// deduplicated; `display_name_for`'s answers for missing or unreadable models (labelled
/// with their own technical name) are dropped.
fn entries_from_rows(rows: &[odoo_client::Record], source: ModelSource) -> Vec<ModelEntry> {
    let mut entries: Vec<ModelEntry> = rows
        .iter()
        .filter_map(|r| {
            let model = r.get("model")?.as_str()?.to_owned();
            let name = r
                .get("name")
                .or_else(|| r.get("display_name"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            (source != ModelSource::CommonModels || name != model)
                .then_some(ModelEntry { model, name })
        })
        .collect();
    entries.sort_by(|a, b| a.model.cmp(&b.model));
    entries.dedup_by(|a, b| a.model == b.model);
    entries
}

/// The JSON objects of a list (anything else is dropped).
fn objects(rows: Vec<Value>) -> Vec<odoo_client::Record> {
    rows.into_iter()
        .filter_map(|r| match r {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// When an entry was stored, its place in the storing order (for eviction), and the value.
type Stamped<T> = (Instant, u64, Arc<T>);

/// The storing order of entries: the lowest number is the least recently stored.
static STORED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The cache shared by all tool calls (cheap to share behind the server's `Arc`).
#[derive(Debug)]
pub(crate) struct MetadataCache {
    ttl: Duration,
    fields: Mutex<HashMap<(String, String, ContextKey), Stamped<ModelMeta>>>,
    models: Mutex<HashMap<(String, ContextKey), Stamped<ModelList>>>,
}

impl Default for MetadataCache {
    fn default() -> Self {
        Self::new(DEFAULT_TTL)
    }
}

fn lookup<K: std::hash::Hash + Eq, T>(
    map: &Mutex<HashMap<K, Stamped<T>>>,
    key: &K,
    ttl: Duration,
) -> Option<Arc<T>> {
    let map = map.lock().unwrap_or_else(|p| p.into_inner());
    map.get(key)
        .filter(|(at, _, _)| at.elapsed() < ttl)
        .map(|(_, _, v)| Arc::clone(v))
}

fn store<K: std::hash::Hash + Eq + Clone, T>(
    map: &Mutex<HashMap<K, Stamped<T>>>,
    key: K,
    value: Arc<T>,
) {
    let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
        let oldest = map
            .iter()
            .min_by_key(|(_, (_, order, _))| *order)
            .map(|(k, _)| k.clone());
        if let Some(oldest) = oldest {
            map.remove(&oldest);
        }
    }
    let order = STORED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    map.insert(key, (Instant::now(), order, value));
}

impl MetadataCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            fields: Mutex::default(),
            models: Mutex::default(),
        }
    }

    /// The fields of `model` on the instance `instance`, in the language and companies of
    /// `client`'s context (cached per language and companies).
    pub(crate) async fn model(
        &self,
        instance: &str,
        client: &Client,
        model: &ModelName,
    ) -> Result<Arc<ModelMeta>, odoo_client::Error> {
        let key = (
            instance.to_owned(),
            model.as_str().to_owned(),
            ContextKey::of(client),
        );
        if let Some(meta) = lookup(&self.fields, &key, self.ttl) {
            return Ok(meta);
        }
        let answer = client.fields_get(model, FIELD_ATTRIBUTES).await?;
        let meta = Arc::new(ModelMeta::from_fields_get(&answer));
        store(&self.fields, key, Arc::clone(&meta));
        Ok(meta)
    }

    /// The instance's non-transient models the user may list, sorted by technical name
    /// (cached). Users who may not read `ir.model` (Odoo 17+ internal users) get the models
    /// `ir.model.get_available_models` lists, or else those of the common models
    /// ([`COMMON_MODELS`]) `ir.model.display_name_for` says they may read.
    pub(crate) async fn models(
        &self,
        instance: &str,
        client: &Client,
    ) -> Result<Arc<ModelList>, odoo_client::Error> {
        let key = (instance.to_owned(), ContextKey::of(client));
        if let Some(models) = lookup(&self.models, &key, self.ttl) {
            return Ok(models);
        }
        let ir_model = ModelName::new("ir.model")?;
        let domain = Domain::parse(&serde_json::json!([["transient", "=", false]]))?;
        let query = SearchRead::new(domain)
            .fields(["model", "name"])?
            .order(odoo_client::Order::parse("model asc")?);
        let (rows, source) = match client.search_read(&ir_model, &query).await {
            Ok(rows) => (rows, ModelSource::IrModel),
            // Without the helpers (Odoo < 17), the user's own refusal says most.
            Err(e) if e.is_access_denied() => {
                fallback_models(client, &ir_model).await.map_err(|_| e)?
            }
            Err(e) => return Err(e),
        };
        let entries = entries_from_rows(&rows, source);
        let models = Arc::new(ModelList { entries, source });
        store(&self.models, key, Arc::clone(&models));
        Ok(models)
    }

    /// Forgets everything cached for an instance (e.g. after a schema change).
    #[cfg(test)]
    pub(crate) fn clear(&self) {
        self.fields
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        self.models
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn display_name_for_answers_for_unreadable_models_are_dropped() {
        let rows = objects(vec![
            json!({"model": "sale.order", "display_name": "sale.order"}),
            json!({"model": "res.partner", "display_name": "Contact"}),
            json!({"model": "crm.lead", "display_name": "Lead/Opportunity"}),
            json!("garbage"),
        ]);
        let names: Vec<String> = entries_from_rows(&rows, ModelSource::CommonModels)
            .into_iter()
            .map(|e| e.model)
            .collect();
        assert_eq!(names, ["crm.lead", "res.partner"]);
        assert_eq!(entries_from_rows(&rows, ModelSource::IrModel).len(), 3);
    }

    #[test]
    fn parses_fields_get_entries() {
        let answer = json!({
            "state": {"type": "selection", "string": "Status", "readonly": true, "store": true,
                      "selection": [["draft", "Quotation"], ["sale", "Sales Order"]]},
            "partner_id": {"type": "many2one", "string": "Customer", "required": true,
                           "relation": "res.partner"},
            "display_name": {"type": "char", "string": "Display Name", "store": false, "help": ""}
        });
        let meta = ModelMeta::from_fields_get(answer.as_object().unwrap());
        let state = meta.field("state").unwrap();
        assert_eq!(
            state.selection[1],
            ("sale".to_owned(), "Sales Order".to_owned())
        );
        assert!(state.readonly && state.store);
        let partner = meta.field("partner_id").unwrap();
        assert_eq!(partner.relation.as_deref(), Some("res.partner"));
        assert!(partner.required && partner.store);
        let display = meta.field("display_name").unwrap();
        assert!(!display.store);
        assert_eq!(display.help, None);
    }

    fn key(model: &str, lang: &str) -> (String, String, ContextKey) {
        let key = ContextKey {
            lang: lang.to_owned(),
            companies: String::new(),
        };
        ("demo".to_owned(), model.to_owned(), key)
    }

    #[test]
    fn languages_are_cached_apart_and_the_oldest_entry_goes_when_full() {
        let cache = MetadataCache::new(Duration::from_secs(600));
        let french = Arc::new(ModelMeta::from_fields_get(
            json!({"state": {"type": "char", "string": "Statut"}})
                .as_object()
                .expect("object"),
        ));
        store(
            &cache.fields,
            key("sale.order", "fr_FR"),
            Arc::clone(&french),
        );
        assert!(lookup(&cache.fields, &key("sale.order", "en_US"), cache.ttl).is_none());
        assert!(lookup(&cache.fields, &key("sale.order", ""), cache.ttl).is_none());
        assert_eq!(
            lookup(&cache.fields, &key("sale.order", "fr_FR"), cache.ttl),
            Some(french)
        );
        for i in 0..MAX_ENTRIES {
            store(
                &cache.fields,
                key(&format!("m{i}"), "en_US"),
                Arc::default(),
            );
        }
        let len = cache.fields.lock().map(|m| m.len()).unwrap_or_default();
        assert_eq!(len, MAX_ENTRIES);
        assert!(
            lookup(&cache.fields, &key("sale.order", "fr_FR"), cache.ttl).is_none(),
            "the oldest entry made room"
        );
        assert!(lookup(&cache.fields, &key("m0", "en_US"), cache.ttl).is_some());
    }

    #[test]
    fn the_key_is_the_clients_language_and_companies() {
        let client = Client::builder("localhost:8069")
            .api_key("k")
            .build()
            .expect("client");
        let plain = ContextKey::of(&client);
        let french =
            ContextKey::of(&client.with_context(odoo_client::Context::new().lang("fr_FR")));
        let company =
            ContextKey::of(&client.with_context(odoo_client::Context::new().companies(&[2])));
        assert_ne!(plain, french);
        assert_ne!(plain, company);
        assert_eq!(french.lang, "fr_FR");
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let cache = MetadataCache::new(Duration::from_secs(600));
        let key = key("res.partner", "");
        store(&cache.fields, key.clone(), Arc::new(ModelMeta::default()));
        assert!(lookup(&cache.fields, &key, cache.ttl).is_some());
        assert!(
            lookup(&cache.fields, &key, Duration::ZERO).is_none(),
            "stale entries are refetched"
        );
        cache.clear();
        assert!(lookup(&cache.fields, &key, cache.ttl).is_none());
    }
}
