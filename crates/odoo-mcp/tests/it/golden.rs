//! The golden file of `tools/list`: any change to a tool's name, description, schema or
//! annotations shows up as a readable diff. Rewrite it with `UPDATE_GOLDEN=1`.

use std::path::PathBuf;

use odoo_mcp::{Instances, OdooServer};
use serde_json::Value;

use crate::harness::{instance, sim, writable};

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/golden")
        .join(name)
}

/// The tools the golden file pins (the demo instance with writes and methods allowed: every
/// tool), each with whether its annotations say it only reads, sorted by name. Tests that
/// need "every tool" or "every read tool" take them from here, so a new tool changes the
/// golden file and nothing else.
pub(crate) fn golden_tools() -> Vec<(String, bool)> {
    let path = golden_path("tools_list.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (create it with UPDATE_GOLDEN=1)", path.display()));
    let tools: Vec<Value> = serde_json::from_str(&text).expect("the golden file is a JSON list");
    let mut tools: Vec<(String, bool)> = tools
        .iter()
        .map(|t| {
            let name = t["name"].as_str().expect("every golden tool has a name");
            let read_only = t["annotations"]["readOnlyHint"]
                .as_bool()
                .unwrap_or_else(|| panic!("{name}: the golden file gives no readOnlyHint"));
            (name.to_owned(), read_only)
        })
        .collect();
    tools.sort();
    assert!(
        tools.iter().any(|(_, r)| *r) && tools.iter().any(|(_, r)| !*r),
        "the golden file holds read and write tools: {tools:?}"
    );
    tools
}

/// Lines of `a` and `b` (pretty JSON) that differ, with their line numbers.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (
            e.get(i).copied().unwrap_or(""),
            a.get(i).copied().unwrap_or(""),
        );
        if x != y {
            out.push_str(&format!("line {}:\n  - {x}\n  + {y}\n", i + 1));
            if out.len() > 4000 {
                out.push_str("…\n");
                break;
            }
        }
    }
    out
}

#[tokio::test]
async fn tools_list_matches_the_golden_file() {
    let sim = sim().await;
    let server = OdooServer::new(Instances::single(instance("demo", &sim, writable("demo"))));
    let actual = serde_json::to_value(server.tools()).expect("tools serialise");
    let actual_text = serde_json::to_string_pretty(&actual).expect("pretty") + "\n";
    let path = golden_path("tools_list.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("golden dir");
        std::fs::write(&path, &actual_text).expect("write golden");
        return;
    }
    let expected_text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (create it with UPDATE_GOLDEN=1)", path.display()));
    let expected: Value = serde_json::from_str(&expected_text).expect("golden is JSON");
    if expected != actual {
        let pretty_expected = serde_json::to_string_pretty(&expected).expect("pretty") + "\n";
        panic!(
            "tools/list differs from {} (UPDATE_GOLDEN=1 to accept):\n{}",
            path.display(),
            diff(&pretty_expected, &actual_text)
        );
    }
}
