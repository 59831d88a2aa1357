//! The built-in protections: models and methods refused unless the configuration says otherwise.
//!
//! Two lists, each entry with the reason a user reads in the refusal:
//! - [`DENIED_MODELS`]: no access at all (not even reads) — they hold credentials, or they are
//!   the security and code-execution machinery of the database;
//! - [`WRITE_PROTECTED_MODELS`]: readable, but never created, changed, deleted or called —
//!   writing them grants privileges or changes the database's schema or code.
//!
//! Either protection is lifted for one model only by naming that model **exactly** in
//! `allowed_models` (a pattern such as `ir.*` or `*` never lifts it).
//!
//! Decisions on the borderline cases:
//! - `ir.attachment` is denied: it is the raw file store (backups, exported reports, web
//!   assets, other models' private files), its content is heavy base64, and writing it can
//!   replace web assets; business files are reachable through their own models' fields.
//! - `res.groups*` and `res.users` are readable but write-protected: reading who has which
//!   role is useful, changing it is privilege escalation.
//! - `ir.model` and `ir.model.fields` stay readable (model discovery) but write-protected.

/// Models refused entirely, with the reason shown in refusals.
pub(crate) const DENIED_MODELS: &[(&str, &str)] = &[
    ("res.users.apikeys*", "it stores users' API keys"),
    (
        "res.users.identitycheck",
        "it is the password re-authentication wizard",
    ),
    (
        "ir.config_parameter",
        "system parameters hold secrets (database.secret, provider keys)",
    ),
    ("ir.model.access", "it is the access-control list itself"),
    (
        "ir.rule",
        "record rules are the access-control layer itself",
    ),
    ("ir.cron", "scheduled actions run server-side code"),
    ("ir.actions.server", "server actions run Python code"),
    ("base.automation", "automation rules run server-side code"),
    (
        "ir.mail_server",
        "outgoing mail servers store SMTP credentials",
    ),
    (
        "fetchmail.server",
        "incoming mail servers store IMAP/POP credentials",
    ),
    (
        "auth.*",
        "authentication models store OAuth secrets, TOTP devices and passkeys",
    ),
    ("payment.provider", "payment providers store API secrets"),
    ("iap.account", "IAP accounts store service tokens"),
    (
        "ir.module.module",
        "it installs and uninstalls modules (code)",
    ),
    (
        "base.module.*",
        "module wizards install, upgrade and uninstall code",
    ),
    (
        "ir.attachment",
        "the raw file store holds backups, assets and other models' private files",
    ),
    (
        "ir.logging",
        "server logs may contain anything, secrets included",
    ),
    (
        "ir.profile",
        "profiling traces may contain anything, secrets included",
    ),
    (
        "res.config.settings",
        "settings expose integration credentials and change the whole database",
    ),
];

/// Models that may be read but never written, with the reason shown in refusals.
pub(crate) const WRITE_PROTECTED_MODELS: &[(&str, &str)] = &[
    (
        "res.users",
        "changing users (logins, passwords, groups) is privilege escalation",
    ),
    (
        "res.groups*",
        "changing group membership or rights is privilege escalation",
    ),
    ("ir.model", "it changes the database schema"),
    ("ir.model.fields*", "it changes the database schema"),
    (
        "ir.model.data",
        "it rewires external identifiers used by modules",
    ),
    (
        "ir.ui.view",
        "views are QWeb code rendered by the server and browsers",
    ),
    (
        "ir.asset",
        "assets are JavaScript and CSS served to every browser",
    ),
    ("ir.actions.*", "actions define what the interface runs"),
    ("ir.sequence", "sequences number legal documents (invoices)"),
];

/// Methods never callable through `call_method`, whatever `allowed_methods` says: they change
/// the calling user or environment, or bypass the ORM's checks.
pub(crate) const DENIED_METHODS: &[(&str, &str)] = &[
    ("sudo", "it bypasses access rights"),
    ("with_user", "it changes the calling user"),
    ("with_env", "it changes the calling environment"),
    (
        "with_company",
        "it changes the current company outside the context",
    ),
    (
        "with_context",
        "it changes the call's context outside the kwargs",
    ),
    ("invalidate_*", "it manipulates the ORM cache"),
    ("flush*", "it manipulates the ORM cache"),
    ("init", "it is a module-installation hook"),
];
