//! The simulated users' secrets (passwords and API keys) and how a request proves who it is.
//!
//! Secrets are compared in constant time (see [`ct_eq`]) and never printed: `Debug` redacts them.

use std::fmt;

/// One user's login and secrets.
#[derive(Clone)]
pub(crate) struct UserSecrets {
    pub(crate) login: &'static str,
    password: String,
    api_key: String,
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
}

impl Credentials {
    /// The demo users with the given API keys.
    pub(crate) fn new(admin_api_key: &str, reader_api_key: &str) -> Self {
        let user = |login: &'static str, key: &str| UserSecrets {
            login,
            password: login.to_owned(),
            api_key: key.to_owned(),
        };
        Self {
            users: vec![user("admin", admin_api_key), user("reader", reader_api_key)],
        }
    }

    /// The login owning this API key (JSON-2 bearer authentication: API keys only).
    pub(crate) fn login_for_api_key(&self, key: &str) -> Option<&'static str> {
        // Check every user so the time taken does not depend on which one matches.
        let mut found = None;
        for user in &self.users {
            if ct_eq(user.api_key.as_bytes(), key.as_bytes()) {
                found = Some(user.login);
            }
        }
        found
    }

    /// Whether `secret` is this login's password or API key (JSON-RPC: either works).
    pub(crate) fn check_password(&self, login: &str, secret: &str) -> bool {
        self.users
            .iter()
            .filter(|u| u.login == login)
            .fold(false, |ok, u| {
                let by_password = ct_eq(u.password.as_bytes(), secret.as_bytes());
                let by_key = ct_eq(u.api_key.as_bytes(), secret.as_bytes());
                ok | by_password | by_key
            })
    }

    /// Whether `secret` is this login's password: an interactive (web) login, where Odoo
    /// refuses API keys (`res.users._check_credentials` accepts keys only for RPC).
    pub(crate) fn check_interactive_password(&self, login: &str, secret: &str) -> bool {
        self.users
            .iter()
            .filter(|u| u.login == login)
            .fold(false, |ok, u| {
                ok | ct_eq(u.password.as_bytes(), secret.as_bytes())
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
        assert_eq!(c.login_for_api_key("ka"), Some("admin"));
        assert_eq!(c.login_for_api_key("kr"), Some("reader"));
        assert_eq!(
            c.login_for_api_key("admin"),
            None,
            "a password is not an API key"
        );
    }

    #[test]
    fn password_or_key_but_only_the_users_own() {
        let c = Credentials::new("ka", "kr");
        assert!(c.check_password("admin", "admin"));
        assert!(c.check_password("admin", "ka"));
        assert!(!c.check_password("admin", "kr"));
        assert!(!c.check_password("admin", "reader"));
        assert!(!c.check_password("nobody", "admin"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("very-secret-key", "other-secret");
        let shown = format!("{c:?}");
        assert!(!shown.contains("very-secret-key") && !shown.contains("other-secret"));
        assert!(shown.contains("[redacted]"));
    }
}
