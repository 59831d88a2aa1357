//! The simulated users' secrets (passwords and API keys) and how a request proves who it is.
//!
//! Secrets are compared in constant time (see [`ct_eq`]) and never printed: `Debug` redacts them.
//!
//! Which secret a login accepts follows `res.users._check_credentials` (base/models/res_users.py):
//! an interactive login (`/web/session/authenticate`) takes the password only; an RPC login
//! (`common.login`, `execute_kw`, JSON-2's bearer) also takes an API key usable for the `rpc`
//! scope. Up to Odoo 19 a key without scope (`NULL`) counts as `rpc` (`scope IS NULL OR scope =
//! 'rpc'`); Odoo 20 requires the `rpc` scope itself ([`KeyScope`]).

use std::fmt;

/// One user's login and secrets.
#[derive(Clone)]
pub(crate) struct UserSecrets {
    pub(crate) login: &'static str,
    password: String,
    api_key: String,
}

/// The scope stored with the users' API keys (`res.users.apikeys.scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyScope {
    /// `scope = 'rpc'`: usable for RPC on every version.
    Rpc,
    /// `scope IS NULL` (a key made without scope): RPC up to Odoo 19, refused by Odoo 20.
    Unscoped,
}

/// How a secret is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Login {
    /// A browser login (`/web/session/authenticate`): passwords only, never API keys.
    Interactive,
    /// An RPC login; `scope_required` when only keys of scope `rpc` count (Odoo 20).
    Rpc { scope_required: bool },
}

impl fmt::Debug for UserSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserSecrets")
            .field("login", &self.login)
            .field("password", &"[redacted]")
            .field("api_key", &"[redacted]")
            .finish()
    }
}

/// The users that can authenticate: `admin`/`admin` and `reader`/`reader`, each with an API key.
#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    users: Vec<UserSecrets>,
    key_scope: KeyScope,
}

impl Credentials {
    /// The demo users with the given API keys, of scope `rpc`.
    #[cfg(test)]
    pub(crate) fn new(admin_api_key: &str, reader_api_key: &str) -> Self {
        Self::with_scope(admin_api_key, reader_api_key, KeyScope::Rpc)
    }

    /// The demo users with the given API keys, stored with `key_scope`.
    pub(crate) fn with_scope(
        admin_api_key: &str,
        reader_api_key: &str,
        key_scope: KeyScope,
    ) -> Self {
        let user = |login: &'static str, key: &str| UserSecrets {
            login,
            password: login.to_owned(),
            api_key: key.to_owned(),
        };
        Self {
            users: vec![user("admin", admin_api_key), user("reader", reader_api_key)],
            key_scope,
        }
    }

    /// Whether the keys count for an RPC login of this kind.
    fn keys_usable(&self, how: Login) -> bool {
        match how {
            Login::Interactive => false,
            Login::Rpc { scope_required } => !scope_required || self.key_scope == KeyScope::Rpc,
        }
    }

    /// The login owning this API key (JSON-2 bearer authentication: API keys only), if the key
    /// is usable for `how`.
    pub(crate) fn login_for_api_key(&self, key: &str, how: Login) -> Option<&'static str> {
        if !self.keys_usable(how) {
            return None;
        }
        // Check every user so the time taken does not depend on which one matches.
        let mut found = None;
        for user in &self.users {
            if ct_eq(user.api_key.as_bytes(), key.as_bytes()) {
                found = Some(user.login);
            }
        }
        found
    }

    /// Whether `secret` is this login's password, or (RPC logins) an API key usable for `how`.
    pub(crate) fn check_password(&self, login: &str, secret: &str, how: Login) -> bool {
        let keys = self.keys_usable(how);
        self.users
            .iter()
            .filter(|u| u.login == login)
            .fold(false, |ok, u| {
                let by_password = ct_eq(u.password.as_bytes(), secret.as_bytes());
                let by_key = ct_eq(u.api_key.as_bytes(), secret.as_bytes());
                ok | by_password | (by_key & keys)
            })
    }

    /// The logins that can authenticate.
    pub(crate) fn logins(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.users.iter().map(|u| u.login)
    }
}

/// Compares two secrets in time that depends only on the longer length, not on where they differ.
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    let len = a.len().max(b.len());
    let mut diff = u8::from(a.len() != b.len());
    for i in 0..len {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const RPC: Login = Login::Rpc {
        scope_required: false,
    };

    #[test]
    fn ct_eq_compares_content_and_length() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"abc\0"));
        assert!(!ct_eq(b"", b"a"));
        assert!(ct_eq(b"", b""));
    }

    #[test]
    fn api_keys_identify_their_user() {
        let c = Credentials::new("ka", "kr");
        assert_eq!(c.login_for_api_key("ka", RPC), Some("admin"));
        assert_eq!(c.login_for_api_key("kr", RPC), Some("reader"));
        assert_eq!(
            c.login_for_api_key("admin", RPC),
            None,
            "a password is not an API key"
        );
    }

    #[test]
    fn password_or_key_but_only_the_users_own() {
        let c = Credentials::new("ka", "kr");
        assert!(c.check_password("admin", "admin", RPC));
        assert!(c.check_password("admin", "ka", RPC));
        assert!(!c.check_password("admin", "kr", RPC));
        assert!(!c.check_password("admin", "reader", RPC));
        assert!(!c.check_password("nobody", "admin", RPC));
    }

    #[test]
    fn an_interactive_login_takes_the_password_but_not_a_key() {
        let c = Credentials::new("ka", "kr");
        assert!(c.check_password("admin", "admin", Login::Interactive));
        assert!(!c.check_password("admin", "ka", Login::Interactive));
        assert_eq!(c.login_for_api_key("ka", Login::Interactive), None);
    }

    #[test]
    fn unscoped_keys_work_until_the_rpc_scope_is_required() {
        let c = Credentials::with_scope("ka", "kr", KeyScope::Unscoped);
        let strict = Login::Rpc {
            scope_required: true,
        };
        assert!(c.check_password("admin", "ka", RPC));
        assert_eq!(c.login_for_api_key("ka", RPC), Some("admin"));
        assert!(!c.check_password("admin", "ka", strict));
        assert_eq!(c.login_for_api_key("ka", strict), None);
        assert!(
            c.check_password("admin", "admin", strict),
            "passwords still work"
        );
        let scoped = Credentials::with_scope("ka", "kr", KeyScope::Rpc);
        assert_eq!(scoped.login_for_api_key("ka", strict), Some("admin"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("very-secret-key", "other-secret");
        let shown = format!("{c:?}");
        assert!(!shown.contains("very-secret-key") && !shown.contains("other-secret"));
        assert!(shown.contains("[redacted]"));
    }
}
