//! The public methods' Python signatures: which exist in which version, which are record
//! methods (take `ids`), their parameters in order, which are required, and which accept
//! `**kwargs`; used to bind JSON-RPC positional arguments and to check JSON-2 bodies.

use serde_json::{Map, Value};

use crate::fault::{Fault, FaultKind};

/// One method's signature.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signature {
    pub(crate) name: &'static str,
    /// Record method (called on `ids`).
    pub(crate) record: bool,
    /// Parameters in order: (name, required).
    pub(crate) params: &'static [(&'static str, bool)],
    /// Accepts `**kwargs` (unknown keywords reach an inner call and raise `TypeError`).
    pub(crate) kwargs: bool,
    /// The first Odoo version having this signature.
    pub(crate) since: u32,
    /// The last Odoo version having this signature (`u32::MAX`: still current).
    pub(crate) until: u32,
    /// Restricted to one model (business actions).
    pub(crate) model: Option<&'static str>,
}

const fn model_method(name: &'static str, params: &'static [(&'static str, bool)]) -> Signature {
    Signature {
        name,
        record: false,
        params,
        kwargs: false,
        since: 0,
        until: u32::MAX,
        model: None,
    }
}

const fn record_method(name: &'static str, params: &'static [(&'static str, bool)]) -> Signature {
    Signature {
        name,
        record: true,
        params,
        kwargs: false,
        since: 0,
        until: u32::MAX,
        model: None,
    }
}

/// The signatures of the business actions (`engine/models`): record methods without
/// parameters.
fn actions() -> &'static [Signature] {
    static ACTIONS: std::sync::OnceLock<Vec<Signature>> = std::sync::OnceLock::new();
    ACTIONS.get_or_init(|| {
        super::models::all_actions()
            .map(|name| record_method(name, &[]))
            .collect()
    })
}

/// Every public method the simulator serves.
pub(crate) const METHODS: &[Signature] = &[
    model_method(
        "search",
        &[
            ("domain", true),
            ("offset", false),
            ("limit", false),
            ("order", false),
        ],
    ),
    model_method("search_count", &[("domain", true), ("limit", false)]),
    Signature {
        kwargs: true,
        ..model_method(
            "search_read",
            &[
                ("domain", false),
                ("fields", false),
                ("offset", false),
                ("limit", false),
                ("order", false),
            ],
        )
    },
    Signature {
        kwargs: true,
        ..record_method("read", &[("fields", false), ("load", false)])
    },
    model_method("fields_get", &[("allfields", false), ("attributes", false)]),
    // Odoo ≤ 18 (`odoo/models.py`): `name_search(self, name='', args=None, operator='ilike',
    // limit=100)`; Odoo 19 (`odoo/orm/models.py`) renamed `args` to `domain`.
    Signature {
        until: 18,
        ..model_method(
            "name_search",
            &[
                ("name", false),
                ("args", false),
                ("operator", false),
                ("limit", false),
            ],
        )
    },
    Signature {
        since: 19,
        ..model_method(
            "name_search",
            &[
                ("name", false),
                ("domain", false),
                ("operator", false),
                ("limit", false),
            ],
        )
    },
    // Deprecated in 19 (`@api.deprecated`), removed from the public API in 20 (saas~19.1):
    // `formatted_read_group` replaces it.
    Signature {
        until: 19,
        ..model_method(
            "read_group",
            &[
                ("domain", true),
                ("fields", true),
                ("groupby", true),
                ("offset", false),
                ("limit", false),
                ("orderby", false),
                ("lazy", false),
            ],
        )
    },
    Signature {
        since: 19,
        ..model_method(
            "formatted_read_group",
            &[
                ("domain", false),
                ("groupby", false),
                ("aggregates", false),
                ("having", false),
                ("offset", false),
                ("limit", false),
                ("order", false),
            ],
        )
    },
    Signature {
        since: 17,
        ..model_method(
            "web_search_read",
            &[
                ("domain", true),
                ("specification", true),
                ("offset", false),
                ("limit", false),
                ("order", false),
                ("count_limit", false),
            ],
        )
    },
    Signature {
        since: 17,
        ..record_method("web_read", &[("specification", true)])
    },
    // Odoo 17+ (`addons/web/models/models.py`): `onchange(self, values, field_names,
    // fields_spec)`; Odoo 16 had `onchange(values, field_name, field_onchange)`.
    Signature {
        since: 17,
        ..record_method(
            "onchange",
            &[
                ("values", true),
                ("field_names", true),
                ("fields_spec", true),
            ],
        )
    },
    model_method("create", &[("vals_list", true)]),
    record_method("write", &[("vals", true)]),
    record_method("unlink", &[]),
    record_method("copy", &[("default", false)]),
    // Odoo ≤ 18: `default_get(self, fields_list)`; Odoo 19: `default_get(self, fields)`.
    Signature {
        until: 18,
        ..model_method("default_get", &[("fields_list", true)])
    },
    Signature {
        since: 19,
        ..model_method("default_get", &[("fields", true)])
    },
    Signature {
        since: 18,
        ..record_method("has_access", &[("operation", true)])
    },
    model_method(
        "check_access_rights",
        &[("operation", true), ("raise_exception", false)],
    ),
    model_method("name_create", &[("name", true)]),
    Signature {
        model: Some("res.users"),
        ..model_method("context_get", &[])
    },
    // Odoo 17+ `ir.model` helpers of the web client (`odoo/addons/base/models/ir_model.py`).
    Signature {
        since: 17,
        model: Some("ir.model"),
        ..model_method("display_name_for", &[("models", true)])
    },
    Signature {
        since: 17,
        model: Some("ir.model"),
        ..model_method("get_available_models", &[])
    },
];

/// Methods that are private in the given version although their name has no `_`.
pub(crate) fn is_private(method: &str, version: u32) -> bool {
    method.starts_with('_') || (version >= 19 && matches!(method, "check_access" | "exists"))
}

/// The signature of `method` on `model` in `version`.
/// Business actions are the model's own (`engine/models`).
pub(crate) fn lookup(model: &str, method: &str, version: u32) -> Option<&'static Signature> {
    let found = METHODS.iter().find(|s| {
        s.name == method
            && version >= s.since
            && version <= s.until
            && s.model.is_none_or(|m| m == model)
    });
    found
        .or_else(|| {
            if !super::models::behaviour(model).actions().contains(&method) {
                return None;
            }
            actions().iter().find(|s| s.name == method)
        })
        .or_else(|| super::methods::mail_thread::signature(model, method, version))
}

/// Checks JSON-2 named arguments against the signature: unknown keywords and missing
/// required arguments.
pub(crate) fn check_named(sig: &Signature, named: &Map<String, Value>) -> Result<(), Fault> {
    for key in named.keys() {
        if key == "context" || sig.params.iter().any(|(p, _)| p == key) {
            continue;
        }
        // `search_read(**read_kwargs)` passes them to `_read_format(fnames, load=…)`.
        if sig.kwargs && sig.name == "search_read" && key == "load" {
            continue;
        }
        if sig.kwargs {
            let inner = if sig.name == "read" {
                "BaseModel.read"
            } else {
                "BaseModel._read_format"
            };
            return Err(Fault::new(
                FaultKind::TypeError,
                format!("{inner}() got an unexpected keyword argument '{key}'"),
            ));
        }
        return Err(Fault::new(
            FaultKind::Unprocessable,
            format!("got an unexpected keyword argument '{key}'"),
        ));
    }
    for (p, required) in sig.params {
        if *required && !named.contains_key(*p) {
            return Err(Fault::new(
                FaultKind::Unprocessable,
                format!("missing a required argument: '{p}'"),
            ));
        }
    }
    Ok(())
}

/// Bound arguments: `ids` (record methods) and the named arguments.
pub(crate) type Bound = (Option<Vec<i64>>, Map<String, Value>);

/// Binds positional `args` and `kwargs` (JSON-RPC `execute_kw`) to named arguments, raising
/// what Python raises for `method(recs, *args, **kwargs)` (`odoo/service/model.py` `call_kw`):
/// an unexpected or doubled keyword first, then too many positional arguments, then missing
/// ones — each a TypeError naming the method as `<class>.<method>()`.
pub(crate) fn bind(
    model: &str,
    sig: &Signature,
    args: Vec<Value>,
    kwargs: Map<String, Value>,
) -> Result<Bound, Fault> {
    let qual = qualname(model, sig);
    let type_error = |message: String| Fault::new(FaultKind::TypeError, message);
    let mut args = args.into_iter();
    let ids = if sig.record {
        match args.next() {
            Some(v) => Some(ids_of(&v)?),
            None => Some(Vec::new()),
        }
    } else {
        None
    };
    let positional: Vec<Value> = args.collect();
    for key in kwargs.keys() {
        let index = sig.params.iter().position(|(p, _)| p == key);
        match index {
            Some(i) if i < positional.len() => {
                return Err(type_error(format!(
                    "{qual}() got multiple values for argument '{key}'"
                )));
            }
            None if key != "context" && !sig.kwargs => {
                return Err(type_error(format!(
                    "{qual}() got an unexpected keyword argument '{key}'"
                )));
            }
            _ => {}
        }
    }
    if positional.len() > sig.params.len() {
        // `self` counts in Python's numbers.
        let max = sig.params.len() + 1;
        let min = sig.params.iter().filter(|(_, required)| *required).count() + 1;
        let given = positional.len() + 1;
        let takes = if min == max {
            format!("takes {max} positional argument{}", plural(max))
        } else {
            format!("takes from {min} to {max} positional arguments")
        };
        return Err(type_error(format!(
            "{qual}() {takes} but {given} were given"
        )));
    }
    let mut named = Map::new();
    for ((p, _), value) in sig.params.iter().zip(positional) {
        named.insert((*p).to_owned(), value);
    }
    named.extend(kwargs);
    let missing: Vec<String> = sig
        .params
        .iter()
        .filter(|(p, required)| *required && !named.contains_key(*p))
        .map(|(p, _)| format!("'{p}'"))
        .collect();
    if !missing.is_empty() {
        return Err(type_error(format!(
            "{qual}() missing {} required positional argument{}: {}",
            missing.len(),
            plural(missing.len()),
            python_list(&missing)
        )));
    }
    Ok((ids, named))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` (CPython's `format_missing`).
fn python_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

/// Models whose own class overrides `create` and `write` (so Python names
/// `ResPartner.write`, not `BaseModel.write`).
const OVERRIDE_CREATE_WRITE: &[&str] = &[
    "res.partner",
    "res.users",
    "res.company",
    "sale.order",
    "sale.order.line",
    "account.move",
    "account.move.line",
    "crm.lead",
    "product.template",
    "product.product",
    "ir.attachment",
];

/// The qualified name Python gives the method that runs: the model's class (`SaleOrder`) for
/// its own methods and known overrides, `BaseModel` for the ORM's.
fn qualname(model: &str, sig: &Signature) -> String {
    let own = sig.model.is_some()
        || !METHODS.iter().any(|m| m.name == sig.name)
        || (matches!(sig.name, "create" | "write") && OVERRIDE_CREATE_WRITE.contains(&model));
    if own {
        format!("{}.{}", class_name(model), sig.name)
    } else {
        format!("BaseModel.{}", sig.name)
    }
}

/// `sale.order` → `SaleOrder` (Odoo's class naming convention).
fn class_name(model: &str) -> String {
    model
        .split(['.', '_'])
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// Reads a list of ids (or one id).
pub(crate) fn ids_of(v: &Value) -> Result<Vec<i64>, Fault> {
    match v {
        Value::Number(n) => Ok(n.as_i64().into_iter().collect()),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_i64().ok_or_else(|| {
                    Fault::new(
                        FaultKind::ValueError,
                        format!("Invalid id {}", super::domain::py_repr(i)),
                    )
                })
            })
            .collect(),
        Value::Bool(false) | Value::Null => Ok(Vec::new()),
        other => Err(Fault::new(
            FaultKind::ValueError,
            format!("Invalid ids {}", super::domain::py_repr(other)),
        )),
    }
}
