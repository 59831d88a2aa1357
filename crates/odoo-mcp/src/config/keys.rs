//! Unknown keys, all at once: the keys of a TOML file or of `ODOO_INSTANCES` compared with the
//! fields of the raw shapes (`raw.rs`, the one home of the key names, read through serde), each
//! unknown one reported with its table and the closest known key.

use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::error::UnknownKeyAt;
use super::raw::{JsonInstance, RawFile, RawInstance, RawServer};

/// The field names (aliases included) a `#[derive(Deserialize)]` struct accepts.
pub(crate) fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// The unknown keys of a TOML file, in file order of tables (top level, `[server]`, then each
/// `[instances.<name>]`).
pub(crate) fn unknown_in_toml(file: &toml::Table) -> Vec<UnknownKeyAt> {
    let mut found = unknown_in("the top level", file.keys(), fields_of::<RawFile>());
    if let Some(toml::Value::Table(server)) = file.get("server") {
        found.extend(unknown_in(
            "[server]",
            server.keys(),
            fields_of::<RawServer>(),
        ));
    }
    if let Some(toml::Value::Table(instances)) = file.get("instances") {
        for (name, instance) in instances {
            if let toml::Value::Table(instance) = instance {
                found.extend(unknown_in(
                    &format!("[instances.{name}]"),
                    instance.keys(),
                    fields_of::<RawInstance>(),
                ));
            }
        }
    }
    found
}

/// The unknown keys of the `ODOO_INSTANCES` JSON object (entries that are not objects are left
/// to the typed parse, which says what it expected).
pub(crate) fn unknown_in_json(
    instances: &serde_json::Map<String, serde_json::Value>,
) -> Vec<UnknownKeyAt> {
    let known = fields_of::<JsonInstance>();
    instances
        .iter()
        .filter_map(|(name, v)| v.as_object().map(|o| (name, o)))
        .flat_map(|(name, instance)| {
            unknown_in(&format!("instance `{name}`"), instance.keys(), known)
        })
        .collect()
}

fn unknown_in<'k>(
    table: &str,
    keys: impl Iterator<Item = &'k String>,
    known: &'static [&'static str],
) -> Vec<UnknownKeyAt> {
    keys.filter(|k| !known.contains(&k.as_str()))
        .map(|key| UnknownKeyAt {
            key: key.clone(),
            table: table.to_owned(),
            suggestion: crate::suggest::closest(key, known.iter().copied()).map(str::to_owned),
            known: known.join(", "),
        })
        .collect()
}

/// A deserializer that only records the field list a struct asks for, then stops.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only struct field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only struct field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lists_come_from_the_raw_shapes() {
        assert!(fields_of::<RawServer>().contains(&"shutdown_grace_seconds"));
        assert!(fields_of::<RawInstance>().contains(&"api_key"));
        let json = fields_of::<JsonInstance>();
        assert!(json.contains(&"apiKey") && json.contains(&"db"), "{json:?}");
    }

    #[test]
    fn every_unknown_key_is_found_with_a_suggestion() {
        let file: toml::Table = toml::from_str(
            "instance = 1\n[server]\nstateles = true\n[instances.prod]\nurl = \"x\"\npasword = \"p\"\nzzzz = 1\n",
        )
        .unwrap();
        let found: Vec<(String, String, Option<String>)> = unknown_in_toml(&file)
            .into_iter()
            .map(|u| (u.key, u.table, u.suggestion))
            .collect();
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            found,
            vec![
                ("instance".into(), "the top level".into(), s("instances")),
                ("stateles".into(), "[server]".into(), s("stateless")),
                ("pasword".into(), "[instances.prod]".into(), s("password")),
                ("zzzz".into(), "[instances.prod]".into(), None),
            ]
        );
    }
}
