//! The Odoo context a call runs with — the company (`allowed_company_ids`), the language
//! (`lang`) and the time zone (`tz`) — validated, whether it comes from an instance's defaults
//! (`company_id`, `lang`, `tz` in its configuration) or from a tool call's arguments.
//!
//! The values travel in URL-free JSON bodies, but they are still bounded: a company is a
//! positive integer, a language a locale code such as `fr_BE` or `sr@latin`, a time zone an
//! IANA name such as `Europe/Brussels` or `UTC`.

use odoo_client::Context;

/// Longest accepted time zone name (the IANA database's longest is 32 characters).
const MAX_TZ_LEN: usize = 64;

/// A company, language and time zone, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallContext {
    /// The company to act as (`allowed_company_ids = [id]`: Odoo shows its records only).
    pub company_id: Option<i64>,
    /// The language of labels and translated values, e.g. `fr_FR`.
    pub lang: Option<String>,
    /// The time zone Odoo uses for dates it formats, e.g. `Europe/Paris`.
    pub tz: Option<String>,
}

impl CallContext {
    /// Checks each value; the message names the key, the problem and an accepted value.
    pub fn new(
        company_id: Option<i64>,
        lang: Option<String>,
        tz: Option<String>,
    ) -> Result<Self, String> {
        if let Some(id) = company_id
            && !(1..=i64::from(i32::MAX)).contains(&id)
        {
            return Err(format!(
                "company_id {id} is not a company id: a positive integer, e.g. 1"
            ));
        }
        let lang = lang.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());
        if let Some(l) = &lang
            && !is_lang(l)
        {
            return Err(format!(
                "lang {:?} is not a language code such as \"fr_FR\", \"en_US\" or \"sr@latin\"",
                clip(l)
            ));
        }
        let tz = tz.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if let Some(t) = &tz
            && !is_tz(t)
        {
            return Err(format!(
                "tz {:?} is not a time zone name such as \"Europe/Paris\" or \"UTC\"",
                clip(t)
            ));
        }
        Ok(Self {
            company_id,
            lang,
            tz,
        })
    }

    /// True when no value is set.
    pub fn is_empty(&self) -> bool {
        self.company_id.is_none() && self.lang.is_none() && self.tz.is_none()
    }

    /// `base` with these values over it.
    pub fn apply(&self, base: &Context) -> Context {
        let mut context = base.clone();
        if let Some(id) = self.company_id {
            context = context.companies(&[id]);
        }
        if let Some(lang) = &self.lang {
            context = context.lang(lang.clone());
        }
        if let Some(tz) = &self.tz {
            context = context.tz(tz.clone());
        }
        context
    }
}

/// `ll`, `lll`, optionally `_CC` (or `_NNN`), optionally `@variant`: `fr`, `fr_BE`,
/// `es_419`, `sr@latin`.
fn is_lang(text: &str) -> bool {
    if text.len() > 16 {
        return false;
    }
    let (main, variant) = match text.split_once('@') {
        Some((m, v)) => (m, Some(v)),
        None => (text, None),
    };
    let (language, region) = match main.split_once('_') {
        Some((l, r)) => (l, Some(r)),
        None => (main, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region.is_none_or(|r| {
        (r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
            || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
    });
    let variant_ok = variant
        .is_none_or(|v| (1..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_lowercase()));
    language_ok && region_ok && variant_ok
}

/// An IANA time zone name: `UTC`, `Europe/Paris`, `America/Argentina/Buenos_Aires`,
/// `Etc/GMT+5`.
fn is_tz(text: &str) -> bool {
    text.len() <= MAX_TZ_LEN
        && text.split('/').count() <= 3
        && text.split('/').all(|part| {
            part.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
        })
}

/// At most 40 characters of a rejected value, for the message.
fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn good_values_pass_and_go_into_the_context() {
        let c = CallContext::new(
            Some(2),
            Some(" fr_BE ".into()),
            Some("Europe/Brussels".into()),
        )
        .unwrap();
        let context = c.apply(&Context::new().lang("en_US"));
        assert_eq!(
            serde_json::to_value(&context).unwrap(),
            json!({"allowed_company_ids": [2], "lang": "fr_BE", "tz": "Europe/Brussels"})
        );
        for lang in ["fr", "es_419", "sr@latin", "fil_PH"] {
            assert!(is_lang(lang), "{lang}");
        }
        for tz in [
            "UTC",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
            "America/Port-au-Prince",
        ] {
            assert!(is_tz(tz), "{tz}");
        }
        assert!(
            CallContext::new(None, Some(" ".into()), None)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn bad_values_are_refused_with_an_example() {
        let e = CallContext::new(Some(0), None, None).unwrap_err();
        assert!(e.contains("company_id 0") && e.contains("e.g. 1"), "{e}");
        for lang in ["french", "fr-FR", "FR_fr", "fr_FR; DROP", &"a".repeat(200)] {
            let e = CallContext::new(None, Some(lang.into()), None).unwrap_err();
            assert!(e.contains("fr_FR") && e.len() < 200, "{e}");
        }
        for tz in [
            "Europe/../etc",
            "/UTC",
            "Paris time",
            "a/b/c/d",
            &"Z".repeat(100),
        ] {
            let e = CallContext::new(None, None, Some(tz.into())).unwrap_err();
            assert!(e.contains("Europe/Paris") && e.len() < 200, "{e}");
        }
    }
}
