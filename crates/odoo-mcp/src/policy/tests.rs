//! Policy rules, as a user configuring an instance sees them.

use std::path::PathBuf;

use odoo_client::{MethodName, ModelName};

use super::*;

fn model(name: &str) -> ModelName {
    ModelName::new(name).unwrap()
}

fn method(name: &str) -> MethodName {
    MethodName::new(name).unwrap()
}

fn file_policy() -> PolicyBuilder {
    Policy::builder("prod").source(PolicySource::File(PathBuf::from(
        "/etc/odoo-mcp/config.toml",
    )))
}

#[test]
fn defaults_are_safe() {
    let p = Policy::builder("prod").build().unwrap();
    assert!(p.read_only());
    assert_eq!(p.max_records(), 200);
    assert_eq!(p.default_limit(), 20);
    assert!(p.check_model(&model("res.partner")).is_ok());
    let refusal = p.check_write(&model("res.partner")).unwrap_err();
    assert_eq!(refusal.rule.as_str(), "read_only");
    assert!(
        refusal.message.contains("ODOO_READ_ONLY=false"),
        "{}",
        refusal.message
    );
}

#[test]
fn read_only_refusal_says_where_to_change_it() {
    let p = file_policy().build().unwrap();
    let refusal = p.check_write(&model("res.partner")).unwrap_err();
    assert!(
        refusal.message.contains("read_only = false"),
        "{}",
        refusal.message
    );
    assert!(
        refusal.message.contains("[instances.prod]"),
        "{}",
        refusal.message
    );
    assert!(
        refusal.message.contains("/etc/odoo-mcp/config.toml"),
        "{}",
        refusal.message
    );
    let refusal = p
        .check_method(&model("sale.order"), &method("action_confirm"))
        .unwrap_err();
    assert_eq!(refusal.rule.as_str(), "read_only");
}

#[test]
fn denied_globs_win_over_allowed_globs() {
    let p = file_policy()
        .allowed_models(["account.*", "res.partner"])
        .denied_models(["account.payment*"])
        .build()
        .unwrap();
    assert!(p.check_model(&model("account.move.line")).is_ok());
    assert!(p.check_model(&model("res.partner")).is_ok());
    let refusal = p.check_model(&model("account.payment.term")).unwrap_err();
    assert_eq!(refusal.rule.as_str(), "denied_models");
    assert!(
        refusal.message.contains("`account.payment*`"),
        "{}",
        refusal.message
    );
    assert!(
        refusal.message.contains("instance `prod`"),
        "{}",
        refusal.message
    );
    let refusal = p.check_model(&model("sale.order")).unwrap_err();
    assert_eq!(refusal.rule.as_str(), "allowed_models");
    assert!(
        refusal.message.contains("`account.*`, `res.partner`"),
        "{}",
        refusal.message
    );
    assert!(!p.is_model_visible("sale.order"));
    assert!(p.is_model_visible("account.move"));
    assert!(!p.is_model_visible("not a model"));
}

#[test]
fn builtin_deny_list_covers_secrets_and_code() {
    let p = Policy::builder("prod").build().unwrap();
    for name in [
        "res.users.apikeys",
        "res.users.apikeys.description",
        "ir.config_parameter",
        "ir.model.access",
        "ir.rule",
        "ir.cron",
        "ir.actions.server",
        "base.automation",
        "ir.mail_server",
        "fetchmail.server",
        "auth.totp.device",
        "payment.provider",
        "ir.module.module",
        "ir.attachment",
        "res.users.identitycheck",
        "ir.logging",
    ] {
        let refusal = p.check_model(&model(name)).unwrap_err();
        assert_eq!(refusal.rule.as_str(), "builtin_deny", "{name}");
        assert!(!p.is_model_visible(name), "{name}");
    }
    // Readable but write-protected.
    for name in [
        "res.users",
        "res.groups",
        "ir.model",
        "ir.model.fields",
        "ir.ui.view",
    ] {
        assert!(p.check_model(&model(name)).is_ok(), "{name}");
    }
}

#[test]
fn only_an_exact_allowed_name_lifts_the_builtin_deny() {
    let wildcard = file_policy().allowed_models(["*"]).build().unwrap();
    let refusal = wildcard
        .check_model(&model("ir.config_parameter"))
        .unwrap_err();
    assert_eq!(refusal.rule.as_str(), "builtin_deny");
    assert!(
        refusal
            .message
            .contains("\"ir.config_parameter\" (the exact name"),
        "{}",
        refusal.message
    );

    let exact = file_policy()
        .allowed_models(["ir.attachment", "res.*"])
        .build()
        .unwrap();
    assert!(exact.check_model(&model("ir.attachment")).is_ok());
    assert_eq!(
        exact
            .check_model(&model("ir.cron"))
            .unwrap_err()
            .rule
            .as_str(),
        "builtin_deny"
    );

    // denied_models still wins over an exact allow.
    let both = file_policy()
        .allowed_models(["ir.attachment"])
        .denied_models(["ir.*"])
        .build()
        .unwrap();
    assert_eq!(
        both.check_model(&model("ir.attachment"))
            .unwrap_err()
            .rule
            .as_str(),
        "denied_models"
    );
}

#[test]
fn write_protection_applies_to_writes_only() {
    let p = file_policy().read_only(false).build().unwrap();
    assert!(p.check_write(&model("res.partner")).is_ok());
    assert!(p.check_model(&model("res.users")).is_ok());
    let refusal = p.check_write(&model("res.users")).unwrap_err();
    assert_eq!(refusal.rule.as_str(), "builtin_write_protection");
    assert_eq!(
        p.check_write(&model("res.groups"))
            .unwrap_err()
            .rule
            .as_str(),
        "builtin_write_protection"
    );
    assert_eq!(
        p.check_write(&model("ir.config_parameter"))
            .unwrap_err()
            .rule
            .as_str(),
        "builtin_deny"
    );

    let lifted = file_policy()
        .read_only(false)
        .allowed_models(["res.users", "res.partner"])
        .build()
        .unwrap();
    assert!(lifted.check_write(&model("res.users")).is_ok());
}

#[test]
fn methods_need_an_allowed_methods_entry() {
    let none = file_policy().read_only(false).build().unwrap();
    let refusal = none
        .check_method(&model("sale.order"), &method("action_confirm"))
        .unwrap_err();
    assert_eq!(refusal.rule.as_str(), "allowed_methods");
    assert!(
        refusal.message.contains("\"sale.order:action_confirm\""),
        "{}",
        refusal.message
    );
    assert!(
        refusal.message.contains("it is empty"),
        "{}",
        refusal.message
    );

    let p = file_policy()
        .read_only(false)
        .allowed_methods(["sale.order:action_*", "message_post"])
        .build()
        .unwrap();
    assert!(
        p.check_method(&model("sale.order"), &method("action_confirm"))
            .is_ok()
    );
    assert!(
        p.check_method(&model("res.partner"), &method("message_post"))
            .is_ok()
    );
    assert_eq!(
        p.check_method(&model("purchase.order"), &method("action_confirm"))
            .unwrap_err()
            .rule
            .as_str(),
        "allowed_methods"
    );
    // The model rules still apply to method calls.
    assert_eq!(
        p.check_method(&model("ir.cron"), &method("message_post"))
            .unwrap_err()
            .rule
            .as_str(),
        "builtin_deny"
    );
    assert_eq!(
        p.check_method(&model("res.users"), &method("message_post"))
            .unwrap_err()
            .rule
            .as_str(),
        "builtin_write_protection"
    );
}

#[test]
fn dangerous_methods_are_never_allowed() {
    let p = file_policy()
        .read_only(false)
        .allowed_methods(["*"])
        .build()
        .unwrap();
    assert_eq!(
        p.check_method(&model("res.partner"), &method("sudo"))
            .unwrap_err()
            .rule
            .as_str(),
        "builtin_method_deny"
    );
    assert_eq!(
        p.check_method(&model("res.partner"), &method("_compute_x"))
            .unwrap_err()
            .rule
            .as_str(),
        "private_method"
    );
    // Generic ORM methods are never reached through a wildcard…
    for generic in [
        "write",
        "unlink",
        "read",
        "search_read",
        "web_read",
        "create",
    ] {
        assert_eq!(
            p.check_method(&model("res.partner"), &method(generic))
                .unwrap_err()
                .rule,
            Rule::AllowedMethods,
            "{generic}"
        );
    }
    assert!(
        p.check_method(&model("res.partner"), &method("action_archive_something"))
            .is_ok()
    );
    // …only when named exactly for one model.
    let exact = file_policy()
        .read_only(false)
        .allowed_methods(["res.partner:write"])
        .build()
        .unwrap();
    assert!(
        exact
            .check_method(&model("res.partner"), &method("write"))
            .is_ok()
    );
    assert!(
        exact
            .check_method(&model("res.company"), &method("write"))
            .is_err()
    );
    assert!(!p.warnings().is_empty(), "`*` is warned about");
}

#[test]
fn invalid_settings_name_their_key() {
    let err = Policy::builder("x")
        .allowed_models(["res.[partner"])
        .build()
        .unwrap_err();
    assert_eq!(err.key, "allowed_models");
    let err = Policy::builder("x")
        .allowed_methods(["sale.order:_private"])
        .build()
        .unwrap_err();
    assert_eq!(err.key, "allowed_methods");
    let err = Policy::builder("x")
        .max_records(10)
        .default_limit(50)
        .build()
        .unwrap_err();
    assert_eq!(err.key, "default_limit");
    assert!(Policy::builder("x").max_records(0).build().is_err());
}

#[test]
fn limits_are_capped() {
    let p = Policy::builder("x")
        .max_records(100)
        .default_limit(10)
        .build()
        .unwrap();
    assert_eq!(p.effective_limit(None), 10);
    assert_eq!(p.effective_limit(Some(50)), 50);
    assert_eq!(p.effective_limit(Some(5000)), 100);
    assert_eq!(
        p.effective_limit(Some(0)),
        100,
        "0 means no limit, as in Odoo: the cap"
    );
}

#[test]
fn secret_fields_are_recognised() {
    let p = Policy::builder("x").build().unwrap();
    assert!(p.is_secret_field("password", &FieldType::Char));
    assert!(p.is_secret_field("access_token", &FieldType::Char));
    assert!(p.is_secret_field("totp_secret", &FieldType::Char));
    assert!(p.is_secret_field("anything", &FieldType::Password));
    assert!(!p.is_secret_field("name", &FieldType::Char));
    assert!(!p.is_secret_field("image_1920", &FieldType::Binary));
    // Relations and counts cannot carry a credential, whatever their names say.
    assert!(!p.is_secret_field("payment_token_ids", &FieldType::One2many));
    assert!(!p.is_secret_field("payment_token_count", &FieldType::Integer));
    assert!(p.is_secret_name("payment_token"));
}

#[test]
fn dangerous_configurations_are_warned_about_and_safe_ones_are_not() {
    let warned = |p: &Policy, words: &str| p.warnings().iter().any(|w| w.contains(words));
    let safe = Policy::builder("s").build().unwrap();
    assert!(safe.warnings().is_empty(), "{:?}", safe.warnings());
    let listed = Policy::builder("l")
        .read_only(false)
        .allowed_models(["res.partner"])
        .allowed_methods(["res.partner:action_archive"])
        .build()
        .unwrap();
    assert!(listed.warnings().is_empty(), "{:?}", listed.warnings());

    let star = Policy::builder("m").allowed_methods(["*"]).build().unwrap();
    assert!(warned(&star, "allowed_methods"), "{:?}", star.warnings());
    let no_list = Policy::builder("w").read_only(false).build().unwrap();
    assert!(
        warned(&no_list, "no allowed_models"),
        "{:?}",
        no_list.warnings()
    );
    let never = Policy::builder("n")
        .read_only(false)
        .allowed_models(["res.partner"])
        .confirm_writes(crate::confirm::ConfirmWrites::Never)
        .build()
        .unwrap();
    assert!(warned(&never, "confirm_writes"), "{:?}", never.warnings());
    // Read-only: confirmation and model lists change nothing, so nothing to warn about.
    let read_only = Policy::builder("r")
        .confirm_writes(crate::confirm::ConfirmWrites::Never)
        .build()
        .unwrap();
    assert!(
        read_only.warnings().is_empty(),
        "{:?}",
        read_only.warnings()
    );
}

#[test]
fn a_known_wizard_button_needs_writes_and_any_other_an_allowed_methods_entry() {
    let p = Policy::builder("prod").read_only(false).build().unwrap();
    let wizard = model("crm.lead.lost");
    assert!(
        p.check_wizard_button(&wizard, &method("action_lost_reason_apply"), true)
            .is_ok()
    );
    let r = p
        .check_wizard_button(&wizard, &method("action_lost_reason_apply"), false)
        .unwrap_err();
    assert_eq!(r.rule.as_str(), "allowed_methods");
    for bad in ["_action_lost", "sudo"] {
        assert!(
            p.check_wizard_button(&wizard, &method(bad), true).is_err(),
            "{bad}"
        );
    }
    let r = Policy::builder("prod")
        .build()
        .unwrap()
        .check_wizard_button(&wizard, &method("action_lost_reason_apply"), true)
        .unwrap_err();
    assert_eq!(r.rule.as_str(), "read_only");
    let allowed = Policy::builder("prod")
        .read_only(false)
        .allowed_methods(["crm.merge.opportunity:action_merge"])
        .build()
        .unwrap();
    assert!(
        allowed
            .check_wizard_button(
                &model("crm.merge.opportunity"),
                &method("action_merge"),
                false
            )
            .is_ok()
    );
}
