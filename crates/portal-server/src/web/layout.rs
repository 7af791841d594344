//! The frame of every page: language, title, the skip link, the navigation of the console or
//! the desk, the language switch, and the notice or error line that screen readers announce.

use crate::web::i18n::Lang;
use maud::{html, Markup, DOCTYPE};

/// Which navigation a page shows.
pub enum Nav<'a> {
    /// None (sign-in and error pages).
    None,
    /// The console's: `active` names the current section; the audit log only for supervisors.
    Officer {
        /// `upgrades`, `applications`, `citizens` or `audit`.
        active: &'a str,
        /// Whether the officer is a supervisor.
        supervisor: bool,
        /// The session's CSRF token (for the sign-out form).
        csrf: &'a str,
        /// Who is signed in.
        who: &'a str,
    },
    /// The public pages' (no one signed in, the citizen's product name).
    Public,
    /// The desk's.
    Desk {
        /// The session's CSRF token.
        csrf: &'a str,
        /// The service's name.
        who: &'a str,
    },
}

fn officer_nav(lang: Lang, active: &str, supervisor: bool, csrf: &str, who: &str) -> Markup {
    let sections: &[&str] = if supervisor {
        &["upgrades", "applications", "citizens", "audit"]
    } else {
        &["upgrades", "applications", "citizens"]
    };
    html! {
        nav aria-label=(lang.t("nav.label")) {
            ul {
                @for s in sections {
                    li {
                        a id={ "nav-" (s) } href={ "/officer/" (s) }
                          aria-current=[(*s == active).then_some("page")] { (lang.t(&format!("nav.{s}"))) }
                    }
                }
            }
            (sign_out(lang, "/officer/sign-out", csrf, who))
        }
    }
}

fn sign_out(lang: Lang, action: &str, csrf: &str, who: &str) -> Markup {
    html! {
        form #sign-out method="post" action=(action) {
            span .who { (lang.tf("nav.signed_in_as", &[("name", who)])) }
            input type="hidden" name="csrf" value=(csrf);
            button #sign-out-submit type="submit" { (lang.t("nav.sign_out")) }
        }
    }
}

/// The language switch's target: this page again (or, for the answer to a form, the part's first
/// page) in `to`.
fn switch_href(to: Lang) -> String {
    crate::web::HERE
        .try_with(|here| {
            let sep = if here.contains('?') { '&' } else { '?' };
            format!("{here}{sep}lang={}", to.tag())
        })
        .unwrap_or_else(|_| format!("?lang={}", to.tag()))
}

/// A whole page.
pub fn page(
    lang: Lang,
    title: &str,
    nav: Nav<'_>,
    notice: Option<&str>,
    error: Option<&str>,
    body: Markup,
) -> Markup {
    let desk = matches!(nav, Nav::Desk { .. });
    let product = match nav {
        Nav::Desk { .. } => "desk.product",
        Nav::Public => "public.product",
        _ => "officer.product",
    };
    let other = lang.other();
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (lang.t(product)) }
                link rel="stylesheet" href="/web/web.css";
                link rel="icon" href="/web/icon.svg" type="image/svg+xml";
                @if desk { script src="/web/desk.js" defer {} }
            }
            body {
                a .skip href="#main" { (lang.t("nav.skip")) }
                header {
                    p .brand { (lang.t(product)) }
                    @match nav {
                        Nav::None | Nav::Public => {},
                        Nav::Officer { active, supervisor, csrf, who } => (officer_nav(lang, active, supervisor, csrf, who)),
                        Nav::Desk { csrf, who } => (sign_out(lang, "/desk/sign-out", csrf, who)),
                    }
                    a #lang-switch href=(switch_href(other)) lang=(other.tag()) hreflang=(other.tag()) {
                        (lang.t("nav.other_language"))
                    }
                }
                main #main tabindex="-1" {
                    h1 { (title) }
                    @if let Some(n) = notice { p #notice role="status" { (n) } }
                    @if let Some(e) = error { p #error role="alert" { (e) } }
                    (body)
                }
            }
        }
    }
}
