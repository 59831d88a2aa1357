//! A timed loop measuring the engine's throughput on the generated demo data (run by hand:
//! `cargo test -p odoo-sim --release --lib engine::bench -- --ignored --nocapture`; figures
//! in BENCHMARKS.md).

use std::time::Instant;

use serde_json::{Map, Value, json};

use super::{Args, Engine, Env};

/// Calls per measured operation.
const N: u32 = 200;

fn args(ids: Option<Vec<i64>>, named: Value) -> Args {
    Args {
        ids,
        named: match named {
            Value::Object(m) => m,
            _ => Map::new(),
        },
    }
}

/// Calls per second of `f`, run `n` times.
fn rate(label: &str, n: u32, mut f: impl FnMut(u32)) {
    let start = Instant::now();
    for i in 0..n {
        f(i);
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{label:<28} {n:>6} calls  {:>10.0} calls/s",
        f64::from(n) / secs
    );
}

#[test]
#[ignore = "a benchmark, run by hand"]
fn throughput() {
    for scale in [1, 3] {
        let started = Instant::now();
        let engine = Engine::new(19, crate::dataset::generate(scale));
        eprintln!(
            "scale {scale}: data set and engine built in {:?}",
            started.elapsed()
        );
        let env = Env {
            uid: 2,
            context: Map::new(),
        };
        eprintln!("scale {scale}:");
        let mut created = Vec::new();
        rate("res.partner create", N, |i| {
            let r = engine.call(
                &env,
                "res.partner",
                "create",
                args(None, json!({"vals_list": [{"name": format!("Bench {i}")}]})),
            );
            created.extend(
                r.ok()
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default(),
            );
        });
        let ids: Vec<i64> = created.iter().filter_map(Value::as_i64).collect();
        assert_eq!(ids.len(), N as usize, "every create succeeded");
        rate("res.partner write", N, |i| {
            let id = ids[i as usize % ids.len()];
            let r = engine.call(
                &env,
                "res.partner",
                "write",
                args(
                    Some(vec![id]),
                    json!({"vals": {"phone": format!("+1 555 {i}")}}),
                ),
            );
            assert!(r.is_ok());
        });
        rate("res.partner failing create", N, |_| {
            let r = engine.call(
                &env,
                "res.partner",
                "create",
                args(None, json!({"vals_list": [{"name": false}]})),
            );
            assert!(r.is_err());
        });
        rate("sale.order search_read", N / 4, |_| {
            let r = engine.call(
                &env,
                "sale.order",
                "search_read",
                args(
                    None,
                    json!({"domain": [["state", "=", "sale"]], "fields": ["name", "amount_total"], "limit": 20}),
                ),
            );
            assert!(r.is_ok());
        });
    }
}
