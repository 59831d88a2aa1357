//! The configured Odoo instances: one `odoo_client::Client` and one [`Policy`] per name.

use std::sync::Arc;

use crate::config::Config;
use crate::policy::Policy;

/// One Odoo instance the server talks to.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The instance's name (the `instance` argument of every tool).
    pub name: String,
    /// The client for it.
    pub client: odoo_client::Client,
    /// What the tools may do on it.
    pub policy: Policy,
}

impl Instance {
    /// An instance named `name`.
    pub fn new(name: impl Into<String>, client: odoo_client::Client, policy: Policy) -> Self {
        Self {
            name: name.into(),
            client,
            policy,
        }
    }
}

/// A tool named an instance that is not configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown instance {name:?}; configured instances: {known}")]
pub struct UnknownInstance {
    /// The name asked for.
    pub name: String,
    /// The configured names, comma-separated.
    pub known: String,
}

/// Instances could not be built from the configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InstancesError {
    /// No instance at all.
    #[error("no Odoo instance is configured")]
    Empty,
    /// Two instances share a name.
    #[error("instance `{0}` is configured twice")]
    Duplicate(String),
    /// The default instance is not among the instances.
    #[error(transparent)]
    UnknownDefault(#[from] UnknownInstance),
    /// The client of an instance could not be built (bad URL, …).
    #[error("instance `{name}`: {source}")]
    Client {
        /// The instance.
        name: String,
        /// Why.
        #[source]
        source: odoo_client::Error,
    },
    /// A client's restrictions do not make a valid policy on an instance.
    #[error("instance `{name}`, client `{client}`: {source}")]
    ClientPolicy {
        /// The instance.
        name: String,
        /// The client.
        client: String,
        /// Why.
        #[source]
        source: crate::policy::PolicyError,
    },
}

#[derive(Debug)]
struct Inner {
    instances: Vec<Instance>,
    default: usize,
}

/// All configured instances and which one is the default. Cloning is cheap (an `Arc`).
#[derive(Debug, Clone)]
pub struct Instances {
    inner: Arc<Inner>,
}

impl Instances {
    /// Instances from a list, `default` naming the one used when a tool gives no `instance`.
    pub fn new(instances: Vec<Instance>, default: &str) -> Result<Self, InstancesError> {
        if instances.is_empty() {
            return Err(InstancesError::Empty);
        }
        for (i, instance) in instances.iter().enumerate() {
            if instances[..i]
                .iter()
                .any(|other| other.name == instance.name)
            {
                return Err(InstancesError::Duplicate(instance.name.clone()));
            }
        }
        let Some(default) = instances.iter().position(|i| i.name == default) else {
            return Err(InstancesError::UnknownDefault(UnknownInstance {
                name: default.to_owned(),
                known: known_names(&instances),
            }));
        };
        Ok(Self {
            inner: Arc::new(Inner { instances, default }),
        })
    }

    /// A single instance, which is the default.
    pub fn single(instance: Instance) -> Self {
        Self {
            inner: Arc::new(Inner {
                instances: vec![instance],
                default: 0,
            }),
        }
    }

    /// Builds one client per configured instance (no request is sent).
    pub fn from_config(config: &Config) -> Result<Self, InstancesError> {
        let instances = config
            .instances
            .iter()
            .map(|ic| {
                let client = ic.build_client().map_err(|source| InstancesError::Client {
                    name: ic.name.clone(),
                    source,
                })?;
                Ok(Instance::new(ic.name.clone(), client, ic.policy.clone()))
            })
            .collect::<Result<Vec<_>, InstancesError>>()?;
        Self::new(instances, &config.default_instance)
    }

    /// The instance called `name`, or the default one for `None`.
    pub fn get(&self, name: Option<&str>) -> Result<&Instance, UnknownInstance> {
        let Some(name) = name else {
            return Ok(&self.inner.instances[self.inner.default]);
        };
        self.inner
            .instances
            .iter()
            .find(|i| i.name == name)
            .ok_or_else(|| UnknownInstance {
                name: name.to_owned(),
                known: known_names(&self.inner.instances),
            })
    }

    /// The default instance's name.
    pub fn default_name(&self) -> &str {
        &self.inner.instances[self.inner.default].name
    }

    /// Every instance, in configuration order.
    pub fn iter(&self) -> impl Iterator<Item = &Instance> {
        self.inner.instances.iter()
    }

    /// Whether at least one instance is not read-only (write tools are then listed).
    pub fn writes_enabled_anywhere(&self) -> bool {
        self.iter().any(|i| !i.policy.read_only())
    }
}

fn known_names(instances: &[Instance]) -> String {
    instances
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
