//! Every read operation, on JSON-2 (19) and JSON-RPC (19 with a password, 18, 17).

use odoo_client::{
    Aggregate, AggregateFunction, Domain, GroupBy, NameSearch, Onchange, Operation, Rows, Search,
    SearchPage, SearchRead, Total,
};
use serde_json::json;

use crate::support::{fields, model, setups};

#[tokio::test]
async fn server_info_reports_the_protocol_and_user() {
    for s in setups().await {
        let info = s
            .client
            .server_info()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", s.label));
        assert_eq!(info.protocol, s.protocol, "{}", s.label);
        assert_eq!(info.database.as_deref(), Some(s.sim.database()));
        if s.protocol == odoo_client::Protocol::JsonRpc {
            assert_eq!(info.uid, Some(2), "{}", s.label);
        }
    }
}

#[tokio::test]
async fn search_read_returns_the_requested_fields_and_page() {
    let partner = model("res.partner");
    for s in setups().await {
        let query = SearchRead::new(Domain::eq("is_company", true))
            .fields(["name", "is_company"])
            .unwrap()
            .order(odoo_client::Order::parse("id asc").unwrap())
            .limit(3);
        let rows = s.client.search_read(&partner, &query).await.unwrap();
        assert_eq!(rows.len(), 3, "{}", s.label);
        for row in &rows {
            assert!(
                row["id"].is_i64() && row["name"].is_string(),
                "{}: {row:?}",
                s.label
            );
            assert_eq!(row["is_company"], json!(true), "{}", s.label);
            assert!(!row.contains_key("email"), "{}: unrequested field", s.label);
        }
        let next = s
            .client
            .search_read(&partner, &query.clone().offset(1))
            .await
            .unwrap();
        assert_eq!(next[0]["id"], rows[1]["id"], "{}: offset", s.label);
    }
}

#[tokio::test]
async fn search_read_and_count_agree() {
    let partner = model("res.partner");
    for s in setups().await {
        let companies = Domain::eq("is_company", true);
        let search = Search {
            domain: companies.clone(),
            order: Some(odoo_client::Order::parse("id asc").unwrap()),
            ..Search::default()
        };
        let ids = s.client.search(&partner, &search).await.unwrap();
        let count = s.client.search_count(&partner, &companies).await.unwrap();
        assert!(count > 0, "{}", s.label);
        assert_eq!(ids.len() as u64, count, "{}", s.label);
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "{}: order", s.label);
    }
}

#[tokio::test]
async fn read_leaves_out_missing_records() {
    let partner = model("res.partner");
    for s in setups().await {
        let ids = s
            .client
            .search(
                &partner,
                &Search {
                    limit: Some(2),
                    ..Search::default()
                },
            )
            .await
            .unwrap();
        let mut wanted = ids.clone();
        wanted.push(999_999);
        let rows = s
            .client
            .read(&partner, &wanted, &fields(&["name"]))
            .await
            .unwrap();
        let got: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(got, ids, "{}", s.label);
        // As rows: the same records, the missing id left out, many2one values as pairs.
        let names = fields(&["name", "country_id"]);
        let as_rows = s.client.read_rows(&partner, &wanted, &names).await.unwrap();
        let records = s.client.read(&partner, &wanted, &names).await.unwrap();
        assert_eq!(
            as_rows,
            Rows::from_records("read", &names, records).unwrap(),
            "{}",
            s.label
        );
        assert_eq!(as_rows.ids().collect::<Vec<_>>(), ids, "{}", s.label);
    }
}

#[tokio::test]
async fn fields_get_returns_the_requested_attributes() {
    for s in setups().await {
        let meta = s
            .client
            .fields_get(&model("res.partner"), &["type", "string"])
            .await
            .unwrap();
        assert_eq!(meta["name"]["type"], json!("char"), "{}", s.label);
        assert!(meta["name"]["string"].is_string(), "{}", s.label);
    }
}

#[tokio::test]
async fn name_search_finds_display_names() {
    for s in setups().await {
        let query = NameSearch {
            limit: 5,
            ..NameSearch::new("Acme")
        };
        let found = s
            .client
            .name_search(&model("res.partner"), &query)
            .await
            .unwrap();
        assert!(
            !found.is_empty() && found.len() <= 5,
            "{}: {found:?}",
            s.label
        );
        assert!(
            found.iter().all(|(_, name)| name.contains("Acme")),
            "{}: {found:?}",
            s.label
        );
        let companies = NameSearch {
            domain: Domain::eq("is_company", true),
            ..NameSearch::new("Acme")
        };
        let only = s
            .client
            .name_search(&model("res.partner"), &companies)
            .await
            .unwrap();
        assert!(
            !only.is_empty() && only.len() < found.len().max(2),
            "{}: {only:?}",
            s.label
        );
    }
}

#[tokio::test]
async fn read_group_counts_every_record_once() {
    let order = model("sale.order");
    for s in setups().await {
        let query = GroupBy {
            groupby: vec!["state".into()],
            aggregates: vec![Aggregate {
                field: odoo_client::FieldName::new("amount_total").unwrap(),
                function: AggregateFunction::Sum,
            }],
            ..GroupBy::default()
        };
        let groups = s
            .client
            .read_group(&order, &query)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", s.label));
        let total = s
            .client
            .search_count(&order, &Domain::default())
            .await
            .unwrap();
        assert!(!groups.is_empty(), "{}", s.label);
        assert_eq!(
            groups.iter().map(|g| g.count).sum::<u64>(),
            total,
            "{}",
            s.label
        );
        for g in &groups {
            assert!(g.keys["state"].is_string(), "{}: {g:?}", s.label);
            assert!(
                g.aggregates["amount_total:sum"].is_number(),
                "{}: {g:?}",
                s.label
            );
        }
    }
}

#[tokio::test]
async fn two_aggregates_of_one_field_agree_on_every_version() {
    let order = model("sale.order");
    let amount = || odoo_client::FieldName::new("amount_total").unwrap();
    let query = GroupBy {
        groupby: vec!["state".into()],
        aggregates: vec![
            Aggregate {
                field: amount(),
                function: AggregateFunction::Min,
            },
            Aggregate {
                field: amount(),
                function: AggregateFunction::Max,
            },
        ],
        ..GroupBy::default()
    };
    for s in setups().await {
        let groups = s
            .client
            .read_group(&order, &query)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", s.label));
        for g in &groups {
            let (min, max) = (
                g.aggregates["amount_total:min"].as_f64(),
                g.aggregates["amount_total:max"].as_f64(),
            );
            assert!(
                matches!((min, max), (Some(lo), Some(hi)) if lo <= hi),
                "{}: {g:?}",
                s.label
            );
            if g.count > 1 {
                assert_ne!(min, max, "{}: min and max collided: {g:?}", s.label);
            }
        }
    }
}

#[tokio::test]
async fn default_get_returns_defaults() {
    for s in setups().await {
        let defaults = s
            .client
            .default_get(&model("res.partner"), &fields(&["active"]))
            .await
            .unwrap();
        assert_eq!(
            defaults.get("active"),
            Some(&json!(true)),
            "{}: {defaults:?}",
            s.label
        );
    }
}

#[tokio::test]
async fn check_access_answers_for_the_model_and_records() {
    let partner = model("res.partner");
    for s in setups().await {
        let c = &s.client;
        assert!(
            c.check_access(&partner, Operation::Read, None)
                .await
                .unwrap(),
            "{}",
            s.label
        );
        let ids = c
            .search(
                &partner,
                &Search {
                    limit: Some(1),
                    ..Search::default()
                },
            )
            .await
            .unwrap();
        assert!(
            c.check_access(&partner, Operation::Write, Some(&ids))
                .await
                .unwrap(),
            "{}",
            s.label
        );
    }
}

#[tokio::test]
async fn search_page_is_one_request_with_an_honest_total() {
    let partner = model("res.partner");
    for s in setups().await {
        let domain = Domain::eq("is_company", true);
        let count = s.client.search_count(&partner, &domain).await.unwrap();
        assert!(count > 4, "{}: enough companies to page ({count})", s.label);
        let query = SearchRead::new(domain.clone())
            .fields(["name", "country_id"])
            .unwrap()
            .order(odoo_client::Order::parse("id asc").unwrap())
            .limit(3);
        let expected = s.client.search_read(&partner, &query).await.unwrap();
        let expected = Rows::from_records("search_read", &query.fields, expected).unwrap();
        // search_read straight into rows gives the same rows, on every protocol and version.
        let direct = s.client.search_rows(&partner, &query).await.unwrap();
        assert_eq!(direct, expected, "{}", s.label);
        let page = |query: SearchRead, count_limit| SearchPage {
            query,
            many2one: vec![odoo_client::FieldName::new("country_id").unwrap()],
            count_limit,
        };
        let before = |m: &str| s.sim.request_count("res.partner", m);
        let (web, reads, counts) = (
            before("web_search_read"),
            before("search_read"),
            before("search_count"),
        );

        // A full first page: the records search_read gives (many2one as [id, name]) and the
        // exact total, in one request.
        let first = s
            .client
            .search_page(&partner, &page(query.clone(), Some(10_000)))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", s.label));
        assert_eq!(first.rows, expected, "{}", s.label);
        assert_eq!(first.total, Total::Exact(count), "{}", s.label);
        assert_eq!(before("web_search_read"), web + 1, "{}", s.label);
        assert_eq!(before("search_read"), reads, "{}", s.label);
        assert_eq!(before("search_count"), counts, "{}", s.label);

        // The last page: its end is the total.
        let last = s
            .client
            .search_page(&partner, &page(query.clone().offset(count - 2), None))
            .await
            .unwrap();
        assert_eq!(last.rows.len(), 2, "{}", s.label);
        assert_eq!(last.total, Total::Exact(count), "{}", s.label);

        // A count limit below the total: a lower bound, never less than the page's end.
        let capped = s
            .client
            .search_page(&partner, &page(query.clone(), Some(1)))
            .await
            .unwrap();
        assert_eq!(capped.total, Total::AtLeast(4), "{}", s.label);

        // Past the end: counted separately, exact.
        let past = s
            .client
            .search_page(&partner, &page(query.clone().offset(count + 5), None))
            .await
            .unwrap();
        assert!(past.rows.is_empty(), "{}", s.label);
        assert_eq!(past.total, Total::Exact(count), "{}", s.label);
    }
}

#[tokio::test]
async fn onchange_answers_the_consequences_without_writing() {
    for s in setups().await {
        let lines = model("sale.order.line");
        let products = s
            .client
            .search_read(
                &model("product.product"),
                &SearchRead::new(Domain::parse_str(r#"[["list_price", ">", 0]]"#).unwrap())
                    .fields(["list_price"])
                    .unwrap()
                    .limit(1),
            )
            .await
            .unwrap();
        let product = &products[0];
        let values = json!({"product_id": product["id"], "product_uom_qty": 2})
            .as_object()
            .cloned()
            .unwrap();
        let request = Onchange::new(values)
            .unwrap()
            .report(["price_unit", "price_subtotal", "product_uom_qty"])
            .unwrap();
        let answer = s
            .client
            .onchange(&lines, &request)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", s.label));
        let price = product["list_price"].as_f64().unwrap();
        assert_eq!(answer.value["price_unit"], json!(price), "{}", s.label);
        assert_eq!(
            answer.value["price_subtotal"],
            json!(2.0 * price),
            "{}",
            s.label
        );
        // What the caller set is not repeated.
        assert!(answer.value.get("product_uom_qty").is_none(), "{}", s.label);
        assert_eq!(answer.warning, None);
        assert_eq!(s.sim.request_count("sale.order.line", "create"), 0);
        // An unknown field among the values is Odoo's ValueError (among the changed fields,
        // Odoo answers nothing).
        let mut bad = request.clone();
        bad.values.insert("nope".into(), json!(1));
        let e = s.client.onchange(&lines, &bad).await.unwrap_err();
        assert!(
            e.to_string().contains("Invalid field 'nope'"),
            "{}: {e}",
            s.label
        );
    }
}
