//! Property tests (proptest, stable Rust) over the XML-RPC request decoder: any text, and text
//! assembled from XML-RPC tags, entities and values at any nesting, is decoded or refused with
//! a message — never a panic — and a call written from decoded values decodes to the same call.
//!
//! Cases: proptest's default (256) per property; `PROPTEST_CASES=100000 cargo test -p odoo-sim
//! --lib fuzz` for a longer run.

use proptest::prelude::*;

use super::codec::decode_call;

/// Pieces of an XML-RPC document, in any order.
fn xmlrpc_tokens() -> impl Strategy<Value = String> {
    let tag = prop_oneof![
        "methodCall",
        "methodName",
        "params",
        "param",
        "value",
        "array",
        "data",
        "struct",
        "member",
        "name",
        "int",
        "i4",
        "i8",
        "string",
        "boolean",
        "double",
        "nil",
        "base64",
        "dateTime.iso8601",
        "bogus",
    ];
    let token = prop_oneof![
        tag.clone().prop_map(|t| format!("<{t}>")),
        tag.clone().prop_map(|t| format!("</{t}>")),
        tag.prop_map(|t| format!("<{t}/>")),
        Just("<?xml version=\"1.0\"?>".to_owned()),
        Just("<!-- c -->".to_owned()),
        Just("<![CDATA[x]]>".to_owned()),
        prop_oneof![
            "&amp;",
            "&lt;",
            "&#65;",
            "&#x10FFFF;",
            "&#xD800;",
            "&bogus;",
            "&"
        ],
        "-?[0-9]{1,25}(\\.[0-9]{0,5})?",
        "[a-zA-Z0-9 _.=+/]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(token, 0..60).prop_map(|parts| parts.concat())
}

/// A well-formed `<value>` and the text it holds, nested a few levels.
fn value_xml() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        any::<i32>().prop_map(|n| format!("<value><int>{n}</int></value>")),
        any::<bool>().prop_map(|b| format!("<value><boolean>{}</boolean></value>", u8::from(b))),
        "[a-zA-Z0-9 ]{0,10}".prop_map(|s| format!("<value><string>{s}</string></value>")),
        Just("<value><nil/></value>".to_owned()),
    ];
    leaf.prop_recursive(5, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|items| format!(
                "<value><array><data>{}</data></array></value>",
                items.concat()
            )),
            prop::collection::vec(("[a-z_]{1,6}", inner), 0..4).prop_map(|members| format!(
                "<value><struct>{}</struct></value>",
                members
                    .into_iter()
                    .map(|(n, v)| format!("<member><name>{n}</name>{v}</member>"))
                    .collect::<String>()
            )),
        ]
    })
}

fn call(params: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>execute_kw</methodName><params>{}</params></methodCall>",
        params
            .iter()
            .map(|p| format!("<param>{p}</param>"))
            .collect::<String>()
    )
}

proptest! {
    #[test]
    fn any_text_is_decoded_or_refused_with_a_message(text in any::<String>()) {
        if let Err(e) = decode_call(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn xmlrpc_shaped_text_is_decoded_or_refused_with_a_message(text in xmlrpc_tokens()) {
        if let Err(e) = decode_call(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn well_formed_calls_decode_and_deep_ones_are_refused(params in prop::collection::vec(value_xml(), 0..4), depth in 0usize..3000) {
        let decoded = decode_call(&call(&params));
        prop_assert!(decoded.is_ok(), "{:?}", decoded);
        prop_assert_eq!(decoded.map(|c| c.params.len()).ok(), Some(params.len()));
        // Nesting far past any real call: refused, not a stack overflow.
        let deep = format!(
            "{}<value><int>1</int></value>{}",
            "<value><array><data>".repeat(depth),
            "</data></array></value>".repeat(depth)
        );
        if let Err(e) = decode_call(&call(&[deep])) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}
