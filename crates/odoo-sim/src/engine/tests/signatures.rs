//! Method signatures: positional binding and the arguments that differ between versions.

use super::*;

#[test]
fn bind_positional_follows_signatures() {
    let e = engine();
    let a = e
        .bind_positional(
            "res.partner",
            "search_read",
            vec![json!([]), json!(["name"])],
            named(json!({"limit": 1})),
        )
        .unwrap();
    assert_eq!(a.ids, None);
    assert_eq!(
        Value::Object(a.named),
        json!({"domain": [], "fields": ["name"], "limit": 1})
    );
    let a = e
        .bind_positional(
            "res.partner",
            "write",
            vec![json!([9]), json!({"name": "x"})],
            Map::new(),
        )
        .unwrap();
    assert_eq!(a.ids, Some(vec![9]));
    assert_eq!(a.named["vals"], json!({"name": "x"}));
    let a = e
        .bind_positional(
            "sale.order",
            "read_group",
            vec![json!([]), json!(["amount_total:sum"]), json!(["state"])],
            Map::new(),
        )
        .unwrap();
    assert_eq!(a.named["groupby"], json!(["state"]));
    let a = e
        .bind_positional(
            "res.partner",
            "create",
            vec![json!({"name": "Solo"})],
            Map::new(),
        )
        .unwrap();
    assert!(
        e.call(&env(2, json!({})), "res.partner", "create", a)
            .unwrap()
            .is_i64()
    );
    let a = e
        .bind_positional(
            "res.partner",
            "check_access_rights",
            vec![json!("write")],
            named(json!({"raise_exception": false})),
        )
        .unwrap();
    assert_eq!(
        e.call(&env(2, json!({})), "res.partner", "check_access_rights", a)
            .unwrap(),
        json!(true)
    );
    assert_eq!(
        e.bind_positional("res.partner", "_search", vec![], Map::new())
            .unwrap_err()
            .kind,
        FaultKind::AccessError
    );
    assert_eq!(
        e.bind_positional("nope", "search", vec![], Map::new())
            .unwrap_err()
            .kind,
        FaultKind::NotFound
    );
}

#[test]
fn user_id_finds_active_logins_only() {
    let e = engine();
    assert_eq!(e.user_id("admin"), Some(2));
    assert_eq!(e.user_id("__system__"), None);
    assert_eq!(e.user_id("nobody"), None);
}

fn call_v(
    version: u32,
    model: &str,
    method: &str,
    args: Vec<Value>,
    kwargs: Value,
) -> Result<Value, Fault> {
    let e = Engine::new(version, testdb::build());
    let bound = e.bind_positional(model, method, args, named(kwargs))?;
    e.call(&env(2, json!({})), model, method, bound)
}

#[test]
fn name_search_domain_keyword_is_args_up_to_18_and_domain_from_19() {
    let only_9 = json!([["id", "=", 9]]);
    for v in [17, 18] {
        let r = call_v(
            v,
            "res.partner",
            "name_search",
            vec![json!("")],
            json!({"args": only_9, "limit": 5}),
        )
        .unwrap();
        assert_eq!(r.as_array().unwrap().len(), 1, "v{v}: {r}");
        let f = call_v(
            v,
            "res.partner",
            "name_search",
            vec![json!("")],
            json!({"domain": only_9}),
        )
        .unwrap_err();
        assert_eq!(f.kind, FaultKind::TypeError, "v{v}: {f:?}");
        assert_eq!(
            f.message,
            "BaseModel.name_search() got an unexpected keyword argument 'domain'"
        );
    }
    let r = call_v(
        19,
        "res.partner",
        "name_search",
        vec![json!("")],
        json!({"domain": only_9}),
    )
    .unwrap();
    assert_eq!(r.as_array().unwrap().len(), 1);
    let f = call_v(
        19,
        "res.partner",
        "name_search",
        vec![json!("")],
        json!({"args": only_9}),
    )
    .unwrap_err();
    assert!(f.message.contains("'args'"), "{f:?}");
    // Positionally, the second argument is the domain in every version.
    for v in [17, 18, 19] {
        let r = call_v(
            v,
            "res.partner",
            "name_search",
            vec![json!(""), only_9.clone()],
            json!({}),
        )
        .unwrap();
        assert_eq!(r.as_array().unwrap().len(), 1, "v{v}");
    }
}

#[test]
fn default_get_argument_is_fields_list_up_to_18_and_fields_from_19() {
    let r = call_v(
        18,
        "crm.lead",
        "default_get",
        vec![],
        json!({"fields_list": ["type"]}),
    )
    .unwrap();
    assert_eq!(r, json!({"type": "opportunity"}));
    assert!(
        call_v(
            18,
            "crm.lead",
            "default_get",
            vec![],
            json!({"fields": ["type"]})
        )
        .is_err()
    );
    let r = call_v(
        19,
        "crm.lead",
        "default_get",
        vec![],
        json!({"fields": ["type"]}),
    )
    .unwrap();
    assert_eq!(r, json!({"type": "opportunity"}));
    assert!(
        call_v(
            19,
            "crm.lead",
            "default_get",
            vec![],
            json!({"fields_list": ["type"]})
        )
        .is_err()
    );
    let r = call_v(
        17,
        "crm.lead",
        "default_get",
        vec![json!(["type"])],
        json!({}),
    )
    .unwrap();
    assert_eq!(r, json!({"type": "opportunity"}));
}

#[test]
fn read_group_lazy_and_search_count_limit_exist_in_every_version() {
    for v in [17, 18, 19] {
        let r = call_v(
            v,
            "res.partner",
            "read_group",
            vec![json!([]), json!(["id:count"]), json!(["is_company"])],
            json!({"lazy": false}),
        );
        assert!(r.is_ok(), "v{v}: {r:?}");
        let n = call_v(
            v,
            "res.partner",
            "search_count",
            vec![json!([])],
            json!({"limit": 2}),
        )
        .unwrap();
        assert_eq!(n, json!(2), "v{v}");
    }
}

#[test]
fn execute_kw_arguments_fail_as_a_python_call_does() {
    let e = engine();
    let bind = |model: &str, method: &str, args: Value, kwargs: Value| {
        let Value::Array(args) = args else {
            unreachable!()
        };
        e.bind_positional(model, method, args, named(kwargs))
            .map(|_| ())
            .unwrap_err()
    };
    let cases = [
        (
            bind("res.partner", "search_count", json!([[], 1, 2]), json!({})),
            "BaseModel.search_count() takes from 2 to 3 positional arguments but 4 were given",
        ),
        (
            bind(
                "res.partner",
                "search_count",
                json!([[]]),
                json!({"bogus": 1}),
            ),
            "BaseModel.search_count() got an unexpected keyword argument 'bogus'",
        ),
        (
            bind("res.partner", "write", json!([[3]]), json!({})),
            "ResPartner.write() missing 1 required positional argument: 'vals'",
        ),
        (
            bind("res.partner.category", "write", json!([[3]]), json!({})),
            "BaseModel.write() missing 1 required positional argument: 'vals'",
        ),
        (
            bind("sale.order", "read_group", json!([]), json!({})),
            "BaseModel.read_group() missing 3 required positional arguments: 'domain', 'fields', and 'groupby'",
        ),
        (
            bind("res.partner", "search", json!([[]]), json!({"domain": []})),
            "BaseModel.search() got multiple values for argument 'domain'",
        ),
        (
            bind("sale.order", "action_confirm", json!([[1], 2]), json!({})),
            "SaleOrder.action_confirm() takes 1 positional argument but 2 were given",
        ),
        (
            bind("res.partner", "unlink", json!([[1], 2]), json!({})),
            "BaseModel.unlink() takes 1 positional argument but 2 were given",
        ),
    ];
    for (fault, message) in cases {
        assert_eq!(fault.kind, FaultKind::TypeError, "{message}");
        assert_eq!(fault.message, message);
    }
    // Keywords a method takes through `**kwargs` reach the inner call (and its TypeError).
    let a = e
        .bind_positional(
            "res.partner",
            "search_read",
            vec![json!([])],
            named(json!({"bogus": 1, "context": {"lang": "en_US"}})),
        )
        .unwrap();
    let f = e
        .call(&env(2, json!({})), "res.partner", "search_read", a)
        .unwrap_err();
    assert_eq!(
        f.message,
        "BaseModel._read_format() got an unexpected keyword argument 'bogus'"
    );
}
