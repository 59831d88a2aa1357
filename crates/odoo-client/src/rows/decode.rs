//! Decoding a search or read answer straight into rows. The columns are known from the
//! request ([`Layout`]), so each record fills one `Vec` in column order: a key is matched
//! against the column expected next, then by binary search, never hashed, and no map is
//! built per record. Odoo 17+'s many2one objects `{id, display_name}` become `[id, "name"]`
//! as they are read.
//!
//! Every seed reads with `deserialize_any`, so a value of the wrong type reaches a visitor
//! method that names its kind: an error never quotes a value from the answer. A record without
//! its id or one of the fields asked for, or with a field twice, is an error; keys that were
//! not asked for are skipped. Nesting stays under serde_json's recursion limit, and the size
//! under the client's `max_response_bytes`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::names::FieldName;

/// The columns of a search or read, decided before the request: which key fills which cell,
/// and which many2one values come as `{id, display_name}` objects (`web_search_read` with a
/// sub-specification).
#[derive(Debug)]
pub(crate) struct Layout {
    /// The method, for errors.
    method: &'static str,
    /// The columns after `id`.
    fields: Vec<FieldName>,
    /// Per column: a many2one sent as an object.
    objects: Vec<bool>,
    /// Column indexes sorted by name, for keys that come out of order.
    sorted: Vec<usize>,
}

impl Layout {
    /// The layout of `method`'s answer for `fields`; the `many2one_objects` among them come as
    /// `{id, display_name}`.
    pub(crate) fn new(
        method: &'static str,
        fields: &[FieldName],
        many2one_objects: &[FieldName],
    ) -> Layout {
        let fields = Self::columns(fields);
        let objects = fields
            .iter()
            .map(|f| many2one_objects.contains(f))
            .collect();
        let mut sorted: Vec<usize> = (0..fields.len()).collect();
        sorted.sort_unstable_by(|&a, &b| fields[a].cmp(&fields[b]));
        Layout {
            method,
            fields,
            objects,
            sorted,
        }
    }

    /// The columns of a field list: `id` (always the first cell) and repeats left out.
    pub(crate) fn columns(fields: &[FieldName]) -> Vec<FieldName> {
        let mut columns: Vec<FieldName> = Vec::with_capacity(fields.len());
        for field in fields {
            if field.as_str() != "id" && !columns.contains(field) {
                columns.push(field.clone());
            }
        }
        columns
    }

    /// The columns, once the answer is read.
    pub(crate) fn into_fields(self) -> Vec<FieldName> {
        self.fields
    }

    /// The column of `key`; `hint` is the column expected (Odoo sends them in order).
    fn column(&self, key: &str, hint: usize) -> Option<usize> {
        if self.fields.get(hint).is_some_and(|f| f.as_str() == key) {
            return Some(hint);
        }
        self.sorted
            .binary_search_by(|&i| self.fields[i].as_str().cmp(key))
            .ok()
            .map(|at| self.sorted[at])
    }

    /// A data error: `method` returned `what`.
    fn error<E: de::Error>(&self, what: fmt::Arguments<'_>) -> E {
        E::custom(format_args!("{} returned {what}", self.method))
    }
}

/// Visitor methods refusing every JSON type but the one expected, with an error naming the
/// kind that came (never the value): `$self.wrong(kind)` builds it.
macro_rules! refuse_scalars {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(self.wrong("a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(self.wrong("a string"))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(self.wrong("null"))
        }
    };
}

/// A list of records (`search_read`, `read`) → rows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordsSeed<'a>(pub(crate) &'a Layout);

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_> {
    type Value = Vec<Vec<Value>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl RecordsSeed<'_> {
    fn wrong<E: de::Error>(&self, kind: &str) -> E {
        self.0
            .error(format_args!("{kind}, expected a list of records"))
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_> {
    type Value = Vec<Vec<Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }
    refuse_scalars!();
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong("an object"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let layout = self.0;
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        let mut seen = vec![false; layout.fields.len()];
        while let Some(row) = seq.next_element_seed(RecordSeed {
            layout,
            seen: &mut seen,
        })? {
            rows.push(row);
        }
        Ok(rows)
    }
}

/// One record → its row: the id, then a value per column.
struct RecordSeed<'a, 's> {
    layout: &'a Layout,
    /// Which columns this record filled (reused from record to record).
    seen: &'s mut [bool],
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = Vec<Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl RecordSeed<'_, '_> {
    fn wrong<E: de::Error>(&self, kind: &str) -> E {
        self.layout
            .error(format_args!("{kind} in a list of records"))
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = Vec<Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }
    refuse_scalars!();
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let layout = self.layout;
        let width = layout.fields.len();
        // Odoo sends the id, then the fields in the order asked: values are pushed while
        // they come in that order, and set by position once one does not.
        let mut row = Vec::with_capacity(width + 1);
        row.push(Value::Null);
        self.seen.fill(false);
        let (mut has_id, mut filled, mut hint) = (false, 0usize, 0usize);
        while let Some(key) = map.next_key_seed(KeySeed { layout, hint })? {
            match key {
                Key::Id => {
                    let id: Value = map.next_value()?;
                    if has_id {
                        return Err(layout.error(format_args!("a record with two ids")));
                    }
                    if !id.is_i64() {
                        return Err(layout.error(format_args!(
                            "a record whose id is {}, not an integer",
                            crate::protocol::jsonrpc::kind_of(&id)
                        )));
                    }
                    row[0] = id;
                    has_id = true;
                }
                Key::Column(i) => {
                    if self.seen[i] {
                        return Err(layout.error(format_args!(
                            "a record with the field '{}' twice",
                            layout.fields[i]
                        )));
                    }
                    self.seen[i] = true;
                    filled += 1;
                    let value = if layout.objects[i] {
                        map.next_value_seed(Many2oneSeed)?
                    } else {
                        map.next_value()?
                    };
                    if i + 1 == row.len() {
                        row.push(value);
                    } else {
                        row.resize(width + 1, Value::Null);
                        row[i + 1] = value;
                    }
                    hint = i + 1;
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !has_id {
            return Err(layout.error(format_args!("a record without an id")));
        }
        if filled < width {
            let missing = self.seen.iter().position(|seen| !seen).unwrap_or(0);
            return Err(layout.error(format_args!(
                "a record without the field '{}' it was asked for",
                layout.fields[missing]
            )));
        }
        Ok(row)
    }
}

/// What a key of a record is.
enum Key {
    Id,
    Column(usize),
    /// A field not asked for: skipped.
    Other,
}

struct KeySeed<'a> {
    layout: &'a Layout,
    hint: usize,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if key == "id" {
            return Ok(Key::Id);
        }
        Ok(self
            .layout
            .column(key, self.hint)
            .map_or(Key::Other, Key::Column))
    }
}

/// A many2one value of `web_search_read`: `{"id": 7, "display_name": "Azure"}` becomes
/// `[7, "Azure"]` (a missing or non-text name `""`); anything else is kept as it is.
#[derive(Debug, Clone, Copy)]
struct Many2oneSeed;

impl<'de> DeserializeSeed<'de> for Many2oneSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Many2oneSeed {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a many2one value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let (mut id, mut name, mut rest) = (None, None, Vec::new());
        while let Some(key) = map.next_key::<Many2oneKey>()? {
            match key {
                Many2oneKey::Id => id = Some(map.next_value::<Value>()?),
                Many2oneKey::DisplayName => name = Some(map.next_value::<Value>()?),
                Many2oneKey::Other(key) => rest.push((key, map.next_value::<Value>()?)),
            }
        }
        if let Some(id) = id.as_ref().and_then(Value::as_i64) {
            let name = match name {
                Some(Value::String(name)) => name,
                _ => String::new(),
            };
            return Ok(Value::Array(vec![Value::from(id), Value::String(name)]));
        }
        let mut object = Map::with_capacity(rest.len() + 2);
        if let Some(id) = id {
            object.insert("id".to_owned(), id);
        }
        if let Some(name) = name {
            object.insert("display_name".to_owned(), name);
        }
        object.extend(rest);
        Ok(Value::Object(object))
    }
}

/// A key of a many2one object.
enum Many2oneKey {
    Id,
    DisplayName,
    Other(String),
}

impl<'de> de::Deserialize<'de> for Many2oneKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Many2oneKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Many2oneKey, E> {
                Ok(match key {
                    "id" => Many2oneKey::Id,
                    "display_name" => Many2oneKey::DisplayName,
                    other => Many2oneKey::Other(other.to_owned()),
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A `web_search_read` answer as read: `length` when it is a count, the rows when present.
#[derive(Debug, Default)]
pub(crate) struct WebPage {
    /// `length`, when it is a non-negative integer.
    pub(crate) length: Option<u64>,
    /// The records, as rows.
    pub(crate) rows: Option<Vec<Vec<Value>>>,
}

/// `{length, records}` (`web_search_read`, Odoo 17+) → [`WebPage`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct WebPageSeed<'a>(pub(crate) &'a Layout);

impl<'de> DeserializeSeed<'de> for WebPageSeed<'_> {
    type Value = WebPage;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<WebPage, D::Error> {
        d.deserialize_any(self)
    }
}

impl WebPageSeed<'_> {
    fn wrong<E: de::Error>(&self, kind: &str) -> E {
        self.0.error(format_args!("{kind}, expected an object"))
    }
}

impl<'de> Visitor<'de> for WebPageSeed<'_> {
    type Value = WebPage;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object {length, records}")
    }
    refuse_scalars!();
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<WebPage, A::Error> {
        Err(self.wrong("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WebPage, A::Error> {
        let mut page = WebPage::default();
        while let Some(key) = map.next_key::<PageKey>()? {
            match key {
                PageKey::Length => page.length = map.next_value::<Value>()?.as_u64(),
                PageKey::Records if page.rows.is_some() => {
                    return Err(self.0.error(format_args!("two records lists")));
                }
                PageKey::Records => page.rows = Some(map.next_value_seed(RecordsSeed(self.0))?),
                PageKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// A key of a `web_search_read` answer.
enum PageKey {
    Length,
    Records,
    Other,
}

impl<'de> de::Deserialize<'de> for PageKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = PageKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<PageKey, E> {
                Ok(match key {
                    "length" => PageKey::Length,
                    "records" => PageKey::Records,
                    _ => PageKey::Other,
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn layout(method: &'static str, names: &[&str], objects: &[&str]) -> Layout {
        let names: Vec<FieldName> = names.iter().map(|n| FieldName::new(n).unwrap()).collect();
        let objects: Vec<FieldName> = objects.iter().map(|n| FieldName::new(n).unwrap()).collect();
        Layout::new(method, &names, &objects)
    }

    fn rows(layout: &Layout, body: &str) -> Result<Vec<Vec<Value>>, String> {
        let mut de = serde_json::Deserializer::from_str(body);
        RecordsSeed(layout)
            .deserialize(&mut de)
            .and_then(|rows| de.end().map(|()| rows))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn records_fill_rows_in_the_order_asked_whatever_the_key_order() {
        let l = layout("search_read", &["name", "email", "country_id"], &[]);
        let got = rows(
            &l,
            r#"[{"id": 1, "name": "A", "email": false, "country_id": [233, "US"]},
                {"country_id": false, "email": "b@x", "name": "B", "id": 2, "extra": {"a": [1]}}]"#,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                vec![json!(1), json!("A"), json!(false), json!([233, "US"])],
                vec![json!(2), json!("B"), json!("b@x"), json!(false)],
            ]
        );
        assert_eq!(rows(&l, "[]").unwrap(), Vec::<Vec<Value>>::new());
        // In order at first, then not; the id last.
        let l = layout("read", &["a", "b", "c", "d"], &[]);
        let got = rows(&l, r#"[{"a": 1, "c": 3, "b": 2, "d": 4, "id": 9}]"#).unwrap();
        assert_eq!(
            got,
            [vec![json!(9), json!(1), json!(2), json!(3), json!(4)]]
        );
        let e = rows(&l, r#"[{"id": 9, "a": 1, "b": 2, "a": 1, "c": 3, "d": 4}]"#).unwrap_err();
        assert!(
            e.starts_with("read returned a record with the field 'a' twice"),
            "{e}"
        );
    }

    #[test]
    fn many2one_objects_become_pairs_and_other_values_stay() {
        let l = layout("web_search_read", &["partner_id"], &["partner_id"]);
        let got = rows(
            &l,
            r#"[{"id": 1, "partner_id": {"id": 7, "display_name": "Azure"}},
                {"id": 2, "partner_id": {"display_name": false, "id": 8}},
                {"id": 3, "partner_id": false},
                {"id": 4, "partner_id": {"name": "x"}},
                {"id": 5, "partner_id": [9, "Deco"]}]"#,
        )
        .unwrap();
        let cells: Vec<&Value> = got.iter().map(|r| &r[1]).collect();
        assert_eq!(
            cells,
            [
                &json!([7, "Azure"]),
                &json!([8, ""]),
                &json!(false),
                &json!({"name": "x"}),
                &json!([9, "Deco"])
            ]
        );
    }

    #[test]
    fn hostile_answers_are_errors_that_name_the_problem_not_the_values() {
        let l = layout("search_read", &["name", "email"], &[]);
        let cases = [
            (
                r#"{"secret": 1}"#,
                "search_read returned an object, expected a list of records",
            ),
            (
                r#""s3cret""#,
                "search_read returned a string, expected a list of records",
            ),
            (
                r#"["s3cret"]"#,
                "search_read returned a string in a list of records",
            ),
            (
                r#"[[1]]"#,
                "search_read returned a list in a list of records",
            ),
            (
                r#"[{"name": "s3cret", "email": false}]"#,
                "search_read returned a record without an id",
            ),
            (
                r#"[{"id": "s3cret", "name": "a", "email": false}]"#,
                "search_read returned a record whose id is a string, not an integer",
            ),
            (
                r#"[{"id": 1, "name": "s3cret"}]"#,
                "search_read returned a record without the field 'email' it was asked for",
            ),
            (
                r#"[{"id": 1, "name": "a", "email": false, "name": "s3cret"}]"#,
                "search_read returned a record with the field 'name' twice",
            ),
            (
                r#"[{"id": 1, "id": 2, "name": "a", "email": false}]"#,
                "search_read returned a record with two ids",
            ),
        ];
        for (body, expected) in cases {
            let e = rows(&l, body).unwrap_err();
            assert!(e.starts_with(expected), "{body}: {e}");
            assert!(!e.contains("s3cret"), "{body}: {e}");
        }
    }

    #[test]
    fn deep_nesting_and_broken_json_are_errors_not_panics() {
        let l = layout("search_read", &["name"], &[]);
        let deep = format!(
            r#"[{{"id": 1, "name": {}1{}}}]"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(rows(&l, &deep).unwrap_err().contains("recursion limit"));
        let extra = format!(
            r#"[{{"id": 1, "name": "a", "x": {}1{}}}]"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        // A key not asked for is skipped without being built (serde_json skips iteratively,
        // so depth costs no stack), whatever its nesting.
        assert_eq!(rows(&l, &extra).unwrap(), [vec![json!(1), json!("a")]]);
        assert!(rows(&l, r#"[{"id": 1, "name": "a"}"#).is_err());
        assert!(rows(&l, r#"[{"id": 1, "name": "a"}] x"#).is_err());
    }

    #[test]
    fn many_columns_are_found_out_of_order() {
        let names: Vec<String> = (0..50).map(|i| format!("f{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let l = layout("read", &refs, &[]);
        let body: Vec<String> = names
            .iter()
            .rev()
            .map(|n| format!("\"{n}\": \"{n}\""))
            .collect();
        let got = rows(&l, &format!("[{{{}, \"id\": 3}}]", body.join(", "))).unwrap();
        assert_eq!(got[0][0], json!(3));
        assert!(got[0][1..].iter().zip(&names).all(|(v, n)| v == n));
    }

    fn page(body: &str) -> Result<WebPage, String> {
        let l = layout("web_search_read", &["name"], &[]);
        let mut de = serde_json::Deserializer::from_str(body);
        WebPageSeed(&l)
            .deserialize(&mut de)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_web_page_reads_its_length_and_records() {
        let p = page(r#"{"length": 12, "records": [{"id": 1, "name": "a"}], "x": [1]}"#).unwrap();
        assert_eq!((p.length, p.rows.map(|r| r.len())), (Some(12), Some(1)));
        let p = page(r#"{"length": -1}"#).unwrap();
        assert_eq!((p.length, p.rows.is_none()), (None, true));
        assert!(
            page("[]")
                .unwrap_err()
                .starts_with("web_search_read returned a list, expected an object")
        );
        assert!(page(r#"{"records": [], "records": []}"#).is_err());
    }
}
