//! The one home of the parameters every write tool shares — `instance`, `model`, `dry_run`
//! and `confirm`, with their schema descriptions — written into each tool's parameter struct
//! by [`write_params!`] (serde's `flatten` cannot be combined with `deny_unknown_fields`).
//! The context arguments (`company_id`, `lang`, `tz`) are taken by `args::Parameters` for
//! every tool.

/// Declares a write tool's parameter struct: `instance` and `model` first (the model's
/// description given as `model: "…"`, optionally `dry_run: "…"` for a tool whose preview says
/// more than the common one), then the tool's own fields, then `dry_run` and
/// `confirm`; unknown arguments are refused, and it implements `Addressed`.
macro_rules! write_params {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            model: $model_doc:literal,
            $($(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty,)*
        }
    ) => {
        super::write_params! {
            $(#[$meta])*
            $vis struct $name {
                model: $model_doc,
                dry_run: "true: preview (current → new values, what Odoo would refuse) without writing.",
                $($(#[$fmeta])* $fvis $field: $ty,)*
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            model: $model_doc:literal,
            dry_run: $dry_run_doc:literal,
            $($(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, ::serde::Deserialize, ::schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(transform = super::drop_null_defaults)]
        $vis struct $name {
            /// Odoo instance to use (optional; default instance when omitted).
            #[serde(default)]
            #[schemars(with = "String")]
            pub(crate) instance: Option<String>,
            #[doc = $model_doc]
            pub(crate) model: String,
            $($(#[$fmeta])* $fvis $field: $ty,)*
            #[doc = $dry_run_doc]
            #[serde(default, deserialize_with = "super::lenient::opt_bool")]
            #[schemars(with = "bool")]
            pub(crate) dry_run: Option<bool>,
            /// Token of an answer that asked for a person's confirmation, once they agreed.
            #[serde(default)]
            #[schemars(with = "String")]
            pub(crate) confirm: Option<String>,
        }

        super::addressed!($name, model);
    };
}
pub(crate) use write_params;
