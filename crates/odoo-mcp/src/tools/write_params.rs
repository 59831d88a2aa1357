//! The shape every write tool's parameters share: `instance` and `model` first, the tool's
//! own fields, then `dry_run` and `confirm` — declared by [`write_params!`] on top of
//! [`super::params::tool_params!`], the home of each shared parameter.

/// Declares a write tool's parameter struct: `instance` and `model` first (the model's
/// description given as `model: "…"`, then optionally `, dry_run: "…"` for a tool whose
/// preview says more than the common one, then `;`), then the tool's own fields (shared ones
/// as `@name,`, see [`super::params::tool_params!`]), then `dry_run` and `confirm`; unknown
/// arguments are refused, and it implements `Addressed`.
macro_rules! write_params {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            model: $model_doc:literal
            $(, dry_run: $dry_run_doc:literal)?;
            $($fields:tt)*
        }
    ) => {
        super::tool_params! {
            $(#[$meta])*
            $vis struct $name {
                @instance,
                #[doc = $model_doc]
                @model,
                $($fields)*
                $(#[doc = $dry_run_doc])?
                @dry_run,
                @confirm,
            }
        }

        super::addressed!($name, model);
    };
}
pub(crate) use write_params;
