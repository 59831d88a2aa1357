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
    (
        "auth_*",
        "authentication models store TOTP devices, passkeys and signup secrets",
    ),
    (
        "change.password.*",
        "password-change wizards set users' passwords",
    ),
    ("res.users.deletion", "it deletes user accounts"),
    (
        "res.device*",
        "devices and their logs are users' sessions (session identifiers, IP addresses)",
    ),
    ("res.users.log", "login history of every user"),
    (
        "bus.*",
        "the message bus carries other users' live notifications",
    ),
    ("ir.module.*", "it installs and uninstalls modules (code)"),
    ("ir.demo*", "it loads demo data into the database"),
    (
        "base.language.install",
        "it installs languages database-wide",
    ),
    (
        "ir.actions.todo",
        "configuration wizards change the whole database",
    ),
    (
        "mail.alias",
        "mail aliases route incoming e-mail to any model",
    ),
    ("sms.api", "the SMS gateway holds an IAP account token"),
    ("google.*", "Google integrations store OAuth tokens"),
    ("microsoft.*", "Microsoft integrations store OAuth tokens"),
    ("payment.token", "saved payment methods of customers"),
    (
        "payment.transaction",
        "payment transactions carry provider references and tokens",
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
    (
        "mail.mail",
        "outgoing e-mails hold password-reset and invitation links",
    ),
    (
        "sms.sms",
        "outgoing text messages hold one-time codes and links",
    ),
    (
        "discuss.channel*",
        "private conversations between users are not business records",
    ),
    (
        "mail.channel*",
        "private conversations between users are not business records",
    ),
    (
        "base.import.*",
        "file imports write many records past the per-call checks",
    ),
    (
        "account.online.*",
        "bank synchronisation stores the bank's access tokens",
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
    (
        "res.company",
        "companies carry the database's legal identity and their users (`user_ids`)",
    ),
    (
        "mail.template",
        "mail templates are rendered server-side and sent to customers",
    ),
    (
        "ir.ui.menu",
        "menus decide which groups see which parts of the interface",
    ),
    (
        "ir.filters",
        "shared filters change what other users see by default",
    ),
    (
        "ir.default",
        "default values apply to every user's new records",
    ),
    (
        "res.lang",
        "languages change date and number formats database-wide",
    ),
    (
        "res.currency.rate",
        "currency rates change every converted amount",
    ),
    (
        "account.journal",
        "journals hold bank accounts and numbering of legal documents",
    ),
    (
        "account.account",
        "the chart of accounts is the ledger's structure",
    ),
    (
        "account.tax*",
        "taxes change every computed amount and tax report",
    ),
    (
        "ir.ui.view",
        "views are templates the server renders: changing them injects code",
    ),
    (
        "ir.asset",
        "assets are scripts and styles every user's browser loads",
    ),
    ("ir.actions.*", "actions decide what buttons and menus do"),
    (
        "ir.model.data",
        "external ids tie records to modules; changing them breaks upgrades",
    ),
    (
        "ir.sequence*",
        "sequences number legal documents (invoices) without gaps",
    ),
];

/// Fields never written by `create_records`/`update_records` (nor through nested x2many
/// commands), whatever the model policy says: `(model glob, field, reason)`. Secret fields
/// (see `secrets.rs`) are refused as well, on every model.
pub(crate) const WRITE_PROTECTED_FIELDS: &[(&str, &str, &str)] = &[
    (
        "res.users",
        "group_ids",
        "changing a user's groups grants rights",
    ),
    (
        "res.users",
        "groups_id",
        "changing a user's groups grants rights",
    ),
    (
        "res.users",
        "all_group_ids",
        "changing a user's groups grants rights",
    ),
    ("res.users", "role", "changing a user's role grants rights"),
    ("res.users", "login", "the login is the user's identity"),
    (
        "res.users",
        "share",
        "it turns a portal user into an internal one",
    ),
    (
        "res.users",
        "company_ids",
        "it gives a user access to other companies",
    ),
    (
        "res.users",
        "company_id",
        "it moves a user to another company",
    ),
    (
        "res.users",
        "active",
        "it enables or disables a user account",
    ),
    (
        "res.users",
        "partner_id",
        "it changes whose identity a user has",
    ),
    (
        "res.groups",
        "user_ids",
        "changing a group's members grants rights",
    ),
    (
        "res.groups",
        "users",
        "changing a group's members grants rights",
    ),
    (
        "res.groups",
        "implied_ids",
        "implied groups grant rights transitively",
    ),
    (
        "res.groups",
        "model_access",
        "access rights are the access-control list",
    ),
    (
        "res.groups",
        "rule_groups",
        "record rules are the access-control layer",
    ),
    (
        "res.company",
        "user_ids",
        "it changes which users belong to a company",
    ),
    (
        "res.partner",
        "user_ids",
        "it changes which user accounts a contact owns",
    ),
    (
        "*",
        "company_ids",
        "it changes which companies may see a record",
    ),
    (
        "*",
        "message_partner_ids",
        "followers receive e-mail about the record",
    ),
    (
        "*",
        "message_follower_ids",
        "followers receive e-mail about the record",
    ),
    (
        "sale.order",
        "state",
        "use call_method with action_confirm, action_cancel or action_draft",
    ),
    (
        "sale.order",
        "invoice_status",
        "it is computed from the order's invoices",
    ),
    (
        "sale.order",
        "locked",
        "use call_method with action_lock or action_unlock",
    ),
    (
        "purchase.order",
        "state",
        "use call_method with button_confirm or button_cancel",
    ),
    (
        "account.move",
        "state",
        "use call_method with action_post, button_draft or button_cancel",
    ),
    (
        "account.move",
        "payment_state",
        "it is computed from the payments",
    ),
    (
        "account.move",
        "name",
        "invoice numbers are assigned by their sequence",
    ),
    (
        "account.payment",
        "state",
        "use call_method with action_post or action_draft",
    ),
    (
        "stock.picking",
        "state",
        "use call_method with action_confirm, button_validate or action_cancel",
    ),
    (
        "crm.lead",
        "probability",
        "use call_method with action_set_won or action_set_lost",
    ),
    (
        "crm.lead",
        "won_status",
        "use call_method with action_set_won or action_set_lost",
    ),
];

/// Odoo's generic ORM methods: `call_method` runs them only when `allowed_methods` names the
/// model and the method exactly (`"res.partner:write"`), never through a glob such as `*` or
/// `*:write`, because each of them does what the dedicated tools do without their checks.
pub(crate) const GENERIC_ORM_METHODS: &[&str] = &[
    "read",
    "search",
    "search_read",
    "search_count",
    "search_fetch",
    "fetch",
    "web_read",
    "web_search_read",
    "web_read_group",
    "read_group",
    "formatted_read_group",
    "read_progress_bar",
    "name_search",
    "name_create",
    "create",
    "write",
    "unlink",
    "copy",
    "copy_data",
    "export_data",
    "load",
    "web_save",
    "onchange",
    "default_get",
    "fields_get",
    "get_views",
    "action_archive",
    "action_unarchive",
    "toggle_active",
];

/// Context keys `call_method` passes to Odoo; every other key is refused, because context keys
/// change what the ORM does (`active_test`, `force_company`, `install_mode`,
/// `tracking_disable`, `mail_notrack`, `no_reset_password`, `default_*` values for records
/// the method creates, `active_ids` that re-target a wizard).
pub(crate) const ALLOWED_CONTEXT_KEYS: &[&str] = &["lang", "tz", "allowed_company_ids"];

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
    ("with_prefetch", "it manipulates the ORM cache"),
    (
        "button_immediate_*",
        "it installs, upgrades or uninstalls modules",
    ),
    ("button_install*", "it installs modules"),
    ("button_uninstall*", "it uninstalls modules"),
    ("button_upgrade*", "it upgrades modules"),
    ("module_uninstall", "it uninstalls modules"),
    ("action_reset_password", "it e-mails a password-reset link"),
    ("reset_password", "it e-mails a password-reset link"),
    (
        "action_send_password_reset*",
        "it e-mails a password-reset link",
    ),
    ("change_password", "it changes a password"),
    ("preference_change_password", "it changes a password"),
    ("change_password*", "it changes a password"),
    ("api_key_*", "it manages API keys"),
    ("action_*_api_key*", "it manages API keys"),
    ("signup*", "it creates or resets accounts"),
    ("action_totp_*", "it changes two-factor authentication"),
    ("totp_*", "it changes two-factor authentication"),
    ("impersonate*", "it acts as another user"),
    ("action_impersonate*", "it acts as another user"),
    (
        "toggle_active",
        "on users it enables or disables accounts; use update_records with `active`",
    ),
    ("message_notify", "it sends e-mail"),
    (
        "message_subscribe*",
        "followers receive e-mail about the record",
    ),
    ("action_send_mail*", "it sends e-mail"),
    ("send_mail*", "it sends e-mail"),
    ("action_quotation_send", "it sends e-mail to the customer"),
    ("action_invoice_sent", "it sends e-mail to the customer"),
    ("action_send_and_print", "it sends e-mail to the customer"),
    (
        "get_access_action",
        "it returns a portal URL with an access token",
    ),
    (
        "get_portal_url",
        "it returns a portal URL with an access token",
    ),
    ("get_base_url", "it exposes the server's internal URL"),
    (
        "action_open_*_settings",
        "settings change the whole database",
    ),
    ("method_direct_trigger", "it runs a scheduled action's code"),
    (
        "update_dict",
        "it rewrites records' data outside the ORM's checks",
    ),
];
