//! A page of a search with the number of matches, in as few requests as the version allows.
//!
//! - Odoo 17+: `web_search_read(domain, specification, offset, limit, order, count_limit)`
//!   returns `{length, records}`: Odoo counts only when the page is full, and stops counting
//!   at `count_limit`. One request.
//! - Before: `search_read` of one row more than the page. A short page is the end of the
//!   result, so its total is known; a full one is followed by `search_count`.
//!
//! Either way an empty page past the first (an offset beyond the end) says nothing of the total:
//! the caller counts.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::names::ModelName;
use crate::protocol::Call;
use crate::request::{SearchPage, Total};
use crate::rows::{Layout, Rows, WebPage, decode_error};

/// The method name, for calls and errors.
const WEB_SEARCH_READ: &str = "web_search_read";

/// The `web_search_read` call of a page.
pub(crate) fn web_search_read(model: &ModelName, page: &SearchPage) -> Call {
    let query = &page.query;
    let mut spec = Map::with_capacity(query.fields.len());
    for field in &query.fields {
        let sub = if page.many2one.contains(field) {
            serde_json::json!({"fields": {"display_name": {}}})
        } else {
            Value::Object(Map::new())
        };
        spec.insert(field.as_str().to_owned(), sub);
    }
    let search = &query.search;
    Call::read(model, WEB_SEARCH_READ)
        .arg("domain", search.domain.to_json())
        .arg("specification", Value::Object(spec))
        .kwarg_opt("offset", (search.offset > 0).then_some(search.offset))
        .kwarg_opt("limit", search.limit)
        .kwarg_opt("order", search.order.clone())
        .kwarg_opt("count_limit", count_limit(page))
}

/// The count limit sent: at least one more than the end of the page, so that a full page
/// is always counted (Odoo skips the count when the page already reaches the limit, and the
/// length it then reports would not tell whether more records follow).
fn count_limit(page: &SearchPage) -> Option<u64> {
    let search = &page.query.search;
    let end = search
        .offset
        .saturating_add(search.limit.unwrap_or(0))
        .saturating_add(1);
    page.count_limit.map(|c| c.max(end))
}

/// How a `web_search_read` answer for this page is read: its fields, the many2one ones
/// sent as `{id, display_name}` objects.
pub(crate) fn web_layout(page: &SearchPage) -> Layout {
    Layout::new(WEB_SEARCH_READ, &page.query.fields, &page.many2one)
}

/// The rows and, when the answer tells it, the total of a `web_search_read` result.
pub(crate) fn decode_web(
    page: &SearchPage,
    layout: Layout,
    answer: WebPage,
) -> Result<(Rows, Option<Total>), Error> {
    let rows = answer
        .rows
        .ok_or_else(|| decode_error(WEB_SEARCH_READ, "no records list"))?;
    let length = answer
        .length
        .ok_or_else(|| decode_error(WEB_SEARCH_READ, "no length"))?;
    let total = match seen(page, rows.len()) {
        Seen::Unknown => None,
        Seen::Last(n) => Some(Total::Exact(n)),
        Seen::Full(n) => Some(match count_limit(page) {
            Some(limit) if length >= limit => Total::AtLeast(length),
            _ => Total::Exact(length.max(n)),
        }),
    };
    Ok((Rows::new(layout.into_fields(), rows), total))
}

/// The `search_read` call of a page: one row more than the page, to see whether more follow.
pub(crate) fn search_read(model: &ModelName, page: &SearchPage) -> Call {
    let mut query = page.query.clone();
    query.search.limit = query.search.limit.map(|l| l.saturating_add(1));
    crate::calls::search_read(model, &query)
}

/// The rows of a `search_read` page (the extra row dropped) and, when they tell it, the
/// total.
pub(crate) fn decode_read(page: &SearchPage, mut records: Rows) -> (Rows, Option<Total>) {
    let limit = page.query.search.limit;
    let more = limit.is_some_and(|l| records.len() as u64 > l);
    if let Some(limit) = limit.filter(|_| more) {
        records.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    let total = match seen(page, records.len()) {
        Seen::Last(n) | Seen::Full(n) if !more => Some(Total::Exact(n)),
        _ => None,
    };
    (records, total)
}

/// What a page of `n` records says about the total.
enum Seen {
    /// An empty page past the first: nothing.
    Unknown,
    /// A short (or unlimited) page: the result ends here, with this many records.
    Last(u64),
    /// A full page ending at this many records: more may follow.
    Full(u64),
}

fn seen(page: &SearchPage, n: usize) -> Seen {
    let search = &page.query.search;
    let n = n as u64;
    let end = search.offset.saturating_add(n);
    match search.limit {
        _ if n == 0 && search.offset > 0 => Seen::Unknown,
        Some(limit) if limit > 0 && n >= limit => Seen::Full(end),
        _ => Seen::Last(end),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::Domain;
    use crate::error::ErrorKind;
    use crate::names::FieldName;
    use crate::request::SearchRead;
    use crate::rows::WebPageSeed;

    fn page(offset: u64, limit: u64, count_limit: Option<u64>) -> SearchPage {
        SearchPage {
            query: SearchRead::new(Domain::default())
                .fields(["name", "country_id"])
                .unwrap()
                .offset(offset)
                .limit(limit),
            many2one: vec![FieldName::new("country_id").unwrap()],
            count_limit,
        }
    }

    fn answer(length: u64, ids: std::ops::Range<i64>) -> Value {
        let records: Vec<Value> = ids
            .map(|id| json!({"id": id, "name": "n", "country_id": {"id": 233, "display_name": "United States"}}))
            .collect();
        json!({"length": length, "records": records})
    }

    /// Reads `answer` as the wire would carry it.
    fn decode(page: &SearchPage, answer: Value) -> Result<(Rows, Option<Total>), Error> {
        let layout = web_layout(page);
        let body = answer.to_string();
        let read = crate::protocol::parse_with(body.as_bytes(), WebPageSeed(&layout))
            .map_err(|e| Error::new(ErrorKind::Decode, e.to_string()))?;
        decode_web(page, layout, read)
    }

    #[test]
    fn the_call_names_many2one_fields_and_counts_past_the_page() {
        let call = web_search_read(
            &ModelName::new("res.partner").unwrap(),
            &page(40, 20, Some(50)),
        );
        assert_eq!(call.method, "web_search_read");
        assert_eq!(
            call.args[1].1,
            json!({"name": {}, "country_id": {"fields": {"display_name": {}}}})
        );
        // 50 would stop the count before the end of this page: at least 61 is sent.
        assert_eq!(call.kwargs["count_limit"], json!(61));
        assert_eq!(call.kwargs["offset"], json!(40));
        assert_eq!(call.kwargs["limit"], json!(20));
    }

    #[test]
    fn many2one_values_come_back_as_id_name_pairs() {
        let (rows, _) = decode(&page(0, 5, None), answer(3, 1..4)).unwrap();
        assert_eq!(
            rows.rows()[0],
            [json!(1), json!("n"), json!([233, "United States"])]
        );
        let (rows, _) = decode(
            &page(0, 5, None),
            json!({"length": 1, "records": [{"id": 1, "name": "x", "country_id": false}]}),
        )
        .unwrap();
        assert_eq!(rows.rows()[0][2], json!(false));
    }

    #[test]
    fn totals_are_exact_unless_the_count_stopped() {
        // A short page: the end of the result.
        let (_, total) = decode(&page(20, 20, Some(100)), answer(25, 1..6)).unwrap();
        assert_eq!(total, Some(Total::Exact(25)));
        // A full page counted below the limit.
        let (_, total) = decode(&page(0, 5, Some(100)), answer(42, 1..6)).unwrap();
        assert_eq!(total, Some(Total::Exact(42)));
        // A full page whose count reached the limit.
        let (_, total) = decode(&page(0, 5, Some(100)), answer(100, 1..6)).unwrap();
        assert_eq!(total, Some(Total::AtLeast(100)));
        // Past the end: Odoo says 0, which means nothing; the caller counts.
        let (_, total) = decode(&page(60, 20, Some(100)), answer(0, 0..0)).unwrap();
        assert_eq!(total, None);
        let (_, total) = decode(&page(0, 20, Some(100)), answer(0, 0..0)).unwrap();
        assert_eq!(total, Some(Total::Exact(0)));
    }

    #[test]
    fn malformed_answers_are_decode_errors() {
        for bad in [
            json!([]),
            json!({"length": 1}),
            json!({"records": []}),
            json!({"length": 1, "records": [1]}),
            json!({"length": 1, "records": [{"id": 1, "name": "x"}]}),
        ] {
            let e = decode(&page(0, 5, None), bad.clone()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Decode, "{bad}");
            assert!(e.to_string().starts_with("web_search_read returned"), "{e}");
        }
    }

    #[test]
    fn search_read_asks_one_more_row_and_counts_only_full_pages() {
        let model = ModelName::new("res.partner").unwrap();
        assert_eq!(
            search_read(&model, &page(0, 20, None)).kwargs["limit"],
            json!(21)
        );
        let rows = |n: i64| -> Rows {
            let records = (1..=n)
                .map(|id| json!({"id": id}).as_object().unwrap().clone())
                .collect();
            Rows::from_records("search_read", &[], records).unwrap()
        };
        let (records, total) = decode_read(&page(0, 5, None), rows(6));
        assert_eq!((records.len(), total), (5, None));
        let (records, total) = decode_read(&page(10, 5, None), rows(5));
        assert_eq!((records.len(), total), (5, Some(Total::Exact(15))));
        let (records, total) = decode_read(&page(10, 5, None), rows(2));
        assert_eq!((records.len(), total), (2, Some(Total::Exact(12))));
        assert_eq!(decode_read(&page(10, 5, None), rows(0)).1, None);
    }
}
