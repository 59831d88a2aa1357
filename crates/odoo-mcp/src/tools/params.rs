//! The one home of the parameters several tools share — `instance`, `model`, `domain`,
//! `fields`, `ids`, `limit`, `offset`, `order`, `dry_run` and `confirm`: each one's name, type,
//! lenient deserialiser, schema type and usual description, written into a tool's parameter
//! struct by [`tool_params!`] (serde's `flatten` cannot be combined with
//! `deny_unknown_fields`). The context arguments (`company_id`, `lang`, `tz`) are taken by
//! `args::Parameters` for every tool.

/// Declares a tool's parameter struct (`Deserialize` refusing unknown arguments,
/// `JsonSchema`, null defaults dropped from the schema). In the body, `@name,` stands for a
/// shared parameter and keeps its place in the schema; doc comments written above it replace
/// its usual description (`model`, `ids`, `limit` and `order` have none: their text depends
/// on the tool). Every other field is written as usual, with its visibility:
///
/// ```ignore
/// super::tool_params! {
///     /// Arguments of `count_records`.
///     pub(crate) struct CountRecordsParams {
///         @instance,
///         @model,
///         @domain,
///         /// Records at most.
///         pub(crate) cap: Option<u32>,
///     }
/// }
/// ```
macro_rules! tool_params {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($body:tt)* }
    ) => {
        super::tool_params!(@munch [$(#[$meta])* $vis struct $name] [] $($body)*);
    };

    // `instance`: which configured Odoo.
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])+ @instance, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])+
            #[serde(default)]
            #[schemars(with = "String")]
            pub(crate) instance: Option<String>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($done:tt)*] @instance, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*]
            /// Odoo instance to use (optional; default instance when omitted).
            @instance, $($rest)*);
    };

    // `model`: the technical model name (validated where the call is resolved).
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])* @model, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])*
            pub(crate) model: String,
        ] $($rest)*);
    };

    // `domain`: JSON, or a domain written as text (see `lenient::opt_domain`).
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])+ @domain, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])+
            #[serde(default, deserialize_with = "super::lenient::opt_domain")]
            #[schemars(with = "Vec<super::DomainItem>")]
            pub(crate) domain: Option<Vec<::serde_json::Value>>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($done:tt)*] @domain, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*]
            /// Domain; omit for all records.
            @domain, $($rest)*);
    };

    // `fields`: field names, a list or one comma-separated string.
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])+ @fields, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])+
            #[serde(default, deserialize_with = "super::lenient::opt_names")]
            #[schemars(with = "Vec<String>")]
            pub(crate) fields: Option<Vec<String>>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($done:tt)*] @fields, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*]
            /// Fields to return; omit for a default set.
            @fields, $($rest)*);
    };

    // `limit`: a row or group count (its default and cap depend on the tool).
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])* @limit, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])*
            #[serde(default, deserialize_with = "super::lenient::opt_u32")]
            #[schemars(with = "u32")]
            pub(crate) limit: Option<u32>,
        ] $($rest)*);
    };

    // `offset`: where the next page starts.
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])+ @offset, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])+
            #[serde(default, deserialize_with = "super::lenient::opt_u32")]
            #[schemars(with = "u32")]
            pub(crate) offset: Option<u32>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($done:tt)*] @offset, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*]
            /// The previous page's `next_offset`.
            @offset, $($rest)*);
    };

    // `ids`: record ids, at least one (a list, or one id or a comma-separated string).
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])* @ids, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])*
            #[serde(deserialize_with = "super::lenient::ids")]
            pub(crate) ids: Vec<i64>,
        ] $($rest)*);
    };

    // `order`: Odoo's order text (checked against the model by `guard::specs`).
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])* @order, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])*
            #[serde(default)]
            #[schemars(with = "String")]
            pub(crate) order: Option<String>,
        ] $($rest)*);
    };

    // `dry_run`: preview instead of writing.
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])+ @dry_run, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])+
            #[serde(default, deserialize_with = "super::lenient::opt_bool")]
            #[schemars(with = "bool")]
            pub(crate) dry_run: Option<bool>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($done:tt)*] @dry_run, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*]
            /// true: preview (current → new values, what Odoo would refuse) without writing.
            @dry_run, $($rest)*);
    };

    // `confirm`: the token of a confirmed write.
    (@munch $head:tt [$($done:tt)*] $(#[doc = $doc:literal])+ @confirm, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*
            $(#[doc = $doc])+
            #[serde(default)]
            #[schemars(with = "String")]
            pub(crate) confirm: Option<String>,
        ] $($rest)*);
    };
    (@munch $head:tt [$($done:tt)*] @confirm, $($rest:tt)*) => {
        super::tool_params!(@munch $head [$($done)*]
            /// Token of an answer that asked for a person's confirmation, once they agreed.
            @confirm, $($rest)*);
    };

    // A field of the tool's own.
    (
        @munch $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty, $($rest:tt)*
    ) => {
        super::tool_params!(@munch $head [$($done)* $(#[$fmeta])* $fvis $field: $ty,] $($rest)*);
    };

    // Every field written: the struct.
    (@munch [$(#[$meta:meta])* $vis:vis struct $name:ident] [$($done:tt)*]) => {
        $(#[$meta])*
        #[derive(Debug, ::serde::Deserialize, ::schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(transform = super::drop_null_defaults)]
        $vis struct $name {
            $($done)*
        }
    };
}
pub(crate) use tool_params;
