//! The pages' languages: Vietnamese (the default) and English. The catalogues are the pages'
//! own (`web/i18n/{vi,en}.json`) plus the app's names of document types, fields, application
//! kinds and states and form labels (`ui/src/i18n`), so a field is called the same on the phone
//! and at the counter. A test checks both catalogues hold every key the pages use.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A page language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

/// The language cookie's name.
pub const LANG_COOKIE: &str = "eid_lang";

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The other language (for the switch link).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language asked for by `lang=` in a query string.
    pub fn from_query(query: Option<&str>) -> Option<Lang> {
        form_urlencoded::parse(query?.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_tag(&v))
    }

    /// The `Set-Cookie` value that remembers this language for a year.
    pub fn cookie(self) -> String {
        cookie::Cookie::build((LANG_COOKIE, self.tag()))
            .path("/")
            .same_site(cookie::SameSite::Strict)
            .http_only(true)
            .max_age(cookie::time::Duration::days(365))
            .build()
            .to_string()
    }

    /// The text of `key`; the key itself when a catalogue lacks it (the test forbids that).
    pub fn t(self, key: &str) -> String {
        catalogue(self)
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.t(key), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let from_cookie = || {
            crate::web::session::cookie_value(&parts.headers, LANG_COOKIE)
                .and_then(|v| Lang::from_tag(&v))
        };
        Ok(Lang::from_query(parts.uri.query())
            .or_else(from_cookie)
            .unwrap_or(Lang::Vi))
    }
}

/// The sections of the app's catalogue the pages use too.
pub const APP_SECTIONS: [&str; 8] = [
    "doc_type",
    "field",
    "kind",
    "state",
    "form",
    "field_error",
    "sex",
    "common",
];

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut HashMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        _ => {}
    }
}

/// A catalogue: the page keys as they are, the app's under `app.` (`app.field.full_name`).
pub fn build(web: &str, app: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = serde_json::from_str(web).unwrap_or_default();
    let app: serde_json::Value = serde_json::from_str(app).unwrap_or_default();
    for section in APP_SECTIONS {
        if let Some(v) = app.get(section) {
            flatten(&format!("app.{section}"), v, &mut out);
        }
    }
    out
}

/// The built-in catalogue of `lang`.
pub fn catalogue(lang: Lang) -> &'static HashMap<String, String> {
    static VI: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| {
            build(
                include_str!("i18n/vi.json"),
                include_str!("../../../../ui/src/i18n/vi.json"),
            )
        }),
        Lang::En => EN.get_or_init(|| {
            build(
                include_str!("i18n/en.json"),
                include_str!("../../../../ui/src/i18n/en.json"),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditAction;
    use eid_credential::DocType;
    use eid_portal_api::forms::ApplicationKind;
    use eid_portal_api::{ErrorCode, FieldCode};
    use strum::VariantArray;

    /// Every key the pages name literally (`t("…")`, `tf("…"`) in their sources.
    fn literal_keys() -> Vec<String> {
        let mut keys = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/web"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for start in ["t(\"", "tf(\""] {
                        for (at, _) in text.match_indices(start) {
                            let rest = &text[at + start.len()..];
                            let key = &rest[..rest.find('"').unwrap()];
                            if !key.contains('{') && key.contains('.') {
                                keys.push(key.to_owned());
                            }
                        }
                    }
                }
            }
        }
        keys
    }

    /// Every key built from an enum or a list at run time.
    fn family_keys() -> Vec<String> {
        let mut keys = Vec::new();
        let mut add = |prefix: &str, names: Vec<String>| {
            keys.extend(names.into_iter().map(|n| format!("{prefix}.{n}")));
        };
        add(
            "notice",
            crate::web::page::NOTICES.map(String::from).to_vec(),
        );
        add(
            "api_error",
            ErrorCode::ALL.map(crate::web::page::error_code).to_vec(),
        );
        add(
            "audit.actions",
            AuditAction::ALL.map(|a| a.code().to_owned()).to_vec(),
        );
        add(
            "app.kind",
            ApplicationKind::VARIANTS
                .iter()
                .map(|k| <&str>::from(*k).to_owned())
                .collect(),
        );
        add(
            "app.field_error",
            FieldCode::VARIANTS
                .iter()
                .map(|k| <&str>::from(*k).to_owned())
                .collect(),
        );
        add(
            "app.doc_type",
            DocType::ALL.iter().map(|d| d.name().to_owned()).collect(),
        );
        add(
            "app.field",
            DocType::ALL
                .iter()
                .flat_map(|d| d.fields().iter().map(|f| f.name.to_owned()))
                .collect(),
        );
        let list = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        add(
            "applications.states",
            list(&["open", "submitted", "in_review", "approved", "rejected"]),
        );
        add(
            "citizens.states",
            list(&["current", "superseded", "revoked", "blocked"]),
        );
        add(
            "upgrades.state",
            list(&["requested", "approved", "rejected"]),
        );
        add(
            "nav",
            list(&["upgrades", "applications", "citizens", "audit"]),
        );
        let sign_in = list(&["title", "intro", "name", "secret", "submit"]);
        add("officer.sign_in", sign_in.clone());
        add("desk.sign_in", sign_in);
        add(
            "field_name",
            list(&[
                "reason",
                "kind",
                "id_number",
                "doc_type",
                "fields",
                "purpose",
                "expires_in",
                "presentation",
            ]),
        );
        add("citizens", list(&["level_1", "level_2"]));
        keys
    }

    #[test]
    fn both_catalogues_hold_every_key_the_pages_use() {
        let used: Vec<String> = literal_keys().into_iter().chain(family_keys()).collect();
        assert!(used.len() > 250, "{}", used.len());
        for lang in [Lang::Vi, Lang::En] {
            let missing: Vec<&String> = used
                .iter()
                .filter(|k| !catalogue(lang).contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn the_page_catalogues_have_the_same_keys_and_no_empty_text() {
        let vi: HashMap<String, String> =
            serde_json::from_str(include_str!("i18n/vi.json")).unwrap();
        let en: HashMap<String, String> =
            serde_json::from_str(include_str!("i18n/en.json")).unwrap();
        let mut only: Vec<&String> = vi
            .keys()
            .filter(|k| !en.contains_key(*k))
            .chain(en.keys().filter(|k| !vi.contains_key(*k)))
            .collect();
        only.sort();
        assert!(only.is_empty(), "in one catalogue only: {only:?}");
        assert!(vi.values().chain(en.values()).all(|v| !v.trim().is_empty()));
        // Vietnamese pages are in Vietnamese: no text is the English one, except names.
        let same: Vec<&String> = vi
            .iter()
            .filter(|(k, v)| en.get(*k) == Some(v) && v.chars().any(char::is_lowercase))
            .map(|(k, _)| k)
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn placeholders_are_filled_and_the_language_is_read_from_the_query() {
        assert_eq!(Lang::En.tf("applications.page", &[("n", "3")]), "Page 3");
        assert_eq!(Lang::Vi.tf("applications.page", &[("n", "3")]), "Trang 3");
        assert_eq!(Lang::from_query(Some("a=1&lang=en")), Some(Lang::En));
        assert_eq!(Lang::from_query(Some("lang=fr")), None);
        assert_eq!(Lang::Vi.t("no.such.key"), "no.such.key");
    }
}
