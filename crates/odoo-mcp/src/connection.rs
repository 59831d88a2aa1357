//! The start-up connection check of `serve`: each instance is tried once in the background
//! (version, protocol and one authenticated call). A problem is logged on stderr with its
//! fix and never stops the start; until it is fixed every tool call on that instance returns
//! the same error with the same guidance (the client detects again on each call).

use odoo_client::{Domain, ModelName};

use crate::instance::{Instance, Instances};

/// Starts the check of every instance (returns at once; results go to the log).
pub(crate) fn check_at_startup(instances: &Instances) {
    for instance in instances.iter() {
        let instance = instance.clone();
        tokio::spawn(async move { check(&instance).await });
    }
}

/// Checks one instance and logs the outcome.
async fn check(instance: &Instance) {
    match probe(instance).await {
        Ok(version) => tracing::info!(
            instance = %instance.name,
            url = %instance.client.url(),
            version = %version,
            "connected to Odoo"
        ),
        Err(e) => tracing::error!(
            instance = %instance.name,
            url = %instance.client.url(),
            kind = ?e.kind(),
            configuration = e.is_configuration(),
            "cannot use this Odoo instance: {e}. Tool calls on it will fail until the \
             configuration is fixed (run `odoo-mcp check` for details)"
        ),
    }
}

/// The server's version after one authenticated call; a refusal of access to the probed
/// model still proves the credentials work.
async fn probe(instance: &Instance) -> Result<String, odoo_client::Error> {
    let info = instance.client.server_info().await?;
    let users = ModelName::new("res.users")?;
    match instance
        .client
        .search_count(&users, &Domain::default())
        .await
    {
        Ok(_) => Ok(info.version.text),
        Err(e) if e.is_access_denied() => Ok(info.version.text),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn instance(url: &str, key: &str) -> Instance {
        let client = odoo_client::Client::builder(url)
            .api_key(key)
            .max_retries(0)
            .build()
            .unwrap();
        Instance::new("t", client, Policy::builder("t").build().unwrap())
    }

    #[tokio::test]
    async fn a_closed_port_is_a_configuration_problem() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let e = probe(&instance(&format!("http://{addr}"), "k"))
            .await
            .unwrap_err();
        assert!(e.is_configuration(), "{e}");
    }

    #[tokio::test]
    async fn a_wrong_api_key_is_found_at_start_and_a_right_one_passes() {
        let sim = odoo_sim::spawn(odoo_sim::SimConfig::new().odoo_version(19))
            .await
            .unwrap();
        let e = probe(&instance(&sim.url(), "wrong-key-0123456789"))
            .await
            .unwrap_err();
        assert!(e.is_authentication(), "{e}");
        let version = probe(&instance(&sim.url(), sim.admin_api_key()))
            .await
            .unwrap();
        assert_eq!(version, "19.0");
    }
}
