//! `odoo-mcp demo`: the instance `demo` (its policy: writes enabled on a throwaway company,
//! `--read-only` turns them off) and, with the default cargo feature `demo`, a simulated Odoo 19
//! in this process to serve it (`simulated.rs`). Without the feature (a production build) the
//! subcommand says how to get it; `odoo-mcp tools` still describes the demo instance offline.

#[cfg(feature = "demo")]
mod simulated;

use std::process::ExitCode;

use crate::cli::DemoArgs;
use crate::commands::CommandError;
use crate::instance::{Instance, Instances, InstancesError};
use crate::policy::{Policy, PolicyError, PolicySource};

/// The demo instance's name.
pub const INSTANCE: &str = "demo";

/// Business actions the demo instance lets `call_method` run.
pub const ALLOWED_METHODS: &[&str] = &[
    "sale.order:action_*",
    "account.move:action_*",
    "crm.lead:action_*",
];

/// The demo instance's policy: writes enabled unless `read_only`, a few business actions.
pub fn policy(read_only: bool) -> Result<Policy, PolicyError> {
    Policy::builder(INSTANCE)
        .source(PolicySource::Demo)
        .read_only(read_only)
        .allowed_methods(ALLOWED_METHODS.iter().copied())
        .build()
}

/// The simulator's admin password: with it besides the API key, the demo opens the web session
/// PDF reports need (`get_report`); the other calls use the API key.
const ADMIN_PASSWORD: &str = "admin";

/// The demo instance on a simulator at `url`.
pub fn instance(
    url: &str,
    database: &str,
    api_key: &str,
    read_only: bool,
) -> Result<Instance, CommandError> {
    let client = odoo_client::Client::builder(url)
        .database(database)
        .login("admin")
        .api_key(api_key)
        .password(ADMIN_PASSWORD)
        .build()
        .map_err(|source| InstancesError::Client {
            name: INSTANCE.to_owned(),
            source,
        })?;
    let policy = policy(read_only).map_err(CommandError::DemoPolicy)?;
    Ok(Instance::new(INSTANCE, client, policy))
}

/// The demo instance without a simulator (nothing is contacted): for `odoo-mcp tools`.
pub fn offline_instances() -> Result<Instances, CommandError> {
    Ok(Instances::single(instance(
        "http://127.0.0.1:8069",
        "demo",
        "sim-admin-api-key",
        false,
    )?))
}

/// Starts the simulator, prints the banner and serves until the client leaves or Ctrl-C.
#[cfg(feature = "demo")]
pub async fn run(args: &DemoArgs, env: &crate::config::Env) -> Result<ExitCode, CommandError> {
    simulated::run(args, env).await
}

/// This build has no simulator (cargo feature `demo` off): says how to get one.
#[cfg(not(feature = "demo"))]
pub async fn run(_args: &DemoArgs, _env: &crate::config::Env) -> Result<ExitCode, CommandError> {
    Err(CommandError::DemoNotBuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_policy_allows_writes_and_business_actions() {
        let p = policy(false).unwrap();
        assert!(!p.read_only());
        assert_eq!(p.allowed_methods(), ALLOWED_METHODS);
        let order = odoo_client::ModelName::new("sale.order").unwrap();
        assert!(
            p.check_method(
                &order,
                &odoo_client::MethodName::new("action_confirm").unwrap()
            )
            .is_ok()
        );
        assert!(policy(true).unwrap().read_only());
    }
}
