//! The client itself: the base URL, the HTTP connection pool with its timeout, the bearer
//! token, and one exchange (request out, typed answer or [`ClientError`] back). The endpoints
//! are in the `citizen`, `officer` and `service` modules.

use crate::error::ClientError;
use eid_portal_api::ErrorBody;
use reqwest::blocking::Client;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// Longest path segment taken from a caller (an id), in bytes.
const MAX_SEGMENT: usize = 128;
/// How much of an unexpected answer's body is kept in [`ClientError::Unexpected`].
const DETAIL_CHARS: usize = 200;

/// A typed, blocking client of the portal. Calls that need a session send
/// `Authorization: Bearer <token>` when a token is set (the login calls set it).
pub struct PortalClient {
    pub(crate) base: Url,
    http: Client,
    token: Option<String>,
}

impl std::fmt::Debug for PortalClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalClient")
            .field("base", &self.base.as_str())
            .field("has_token", &self.token.is_some())
            .finish_non_exhaustive()
    }
}

/// Whether a call sends the session's bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Send it when one is set.
    Session,
    /// Never send it (public endpoints, and URLs outside the portal).
    Anonymous,
}

/// One request to make.
pub(crate) struct Call<'a> {
    /// The HTTP method.
    pub method: Method,
    /// The full URL.
    pub url: Url,
    /// A JSON body, as the exact bytes to send.
    pub body: Option<&'a [u8]>,
    /// An extra header.
    pub header: Option<(HeaderName, HeaderValue)>,
    /// Whether to send the token.
    pub auth: Auth,
    /// The status of success.
    pub ok: u16,
}

impl PortalClient {
    /// A client of the portal at `base_url` (e.g. `http://127.0.0.1:8080`, or with a path
    /// prefix) whose every call gives up after `timeout`. Redirects are not followed. Like every
    /// blocking reqwest client, it must not be made or dropped inside an async runtime.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ClientError> {
        Self::build(base_url, timeout, true)
    }

    /// Like [`PortalClient::new`], but every call opens a fresh connection: for networks where
    /// a kept-alive connection is more often dead than alive, and for fault-injection tests
    /// where each call must meet the network on its own.
    pub fn without_keep_alive(base_url: &str, timeout: Duration) -> Result<Self, ClientError> {
        Self::build(base_url, timeout, false)
    }

    fn build(base_url: &str, timeout: Duration, keep_alive: bool) -> Result<Self, ClientError> {
        let base = http_url(base_url)?;
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ClientError::Invalid(
                "the portal's base URL cannot have a query or fragment".into(),
            ));
        }
        let http = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("eid-wallet/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(if keep_alive { usize::MAX } else { 0 })
            .build()
            .map_err(|e| ClientError::Invalid(format!("the HTTP client cannot start: {e}")))?;
        Ok(PortalClient {
            base,
            http,
            token: None,
        })
    }

    /// Sets or clears the session token.
    pub fn set_token(&mut self, token: Option<String>) {
        self.token = token;
    }

    /// The session token, if one is set.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The URL of a path below the base. Every segment must be 1 to 128 of `A-Z a-z 0-9 _ -`,
    /// so an id from a caller can never change which endpoint is called.
    pub(crate) fn endpoint(&self, segments: &[&str]) -> Result<Url, ClientError> {
        if let Some(bad) = segments.iter().find(|s| !is_segment(s)) {
            return Err(ClientError::Invalid(format!(
                "an id may only hold A-Z, a-z, 0-9, _ and - ({} bytes given)",
                bad.len()
            )));
        }
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| ClientError::Invalid("the base URL cannot take a path".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// `GET` a path with the session token; 200 is success.
    pub(crate) fn get<T: DeserializeOwned>(&self, segments: &[&str]) -> Result<T, ClientError> {
        self.get_url(self.endpoint(segments)?, Auth::Session)
    }

    /// `GET` a URL; 200 is success.
    pub(crate) fn get_url<T: DeserializeOwned>(
        &self,
        url: Url,
        auth: Auth,
    ) -> Result<T, ClientError> {
        let body = self.exchange(Call {
            method: Method::GET,
            url,
            body: None,
            header: None,
            auth,
            ok: 200,
        })?;
        parse(200, &body)
    }

    /// `POST` a JSON body (or none) to a path with the session token; `ok` is success.
    pub(crate) fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: Option<&B>,
        ok: u16,
    ) -> Result<T, ClientError> {
        let bytes = body.map(to_json).transpose()?;
        let answer = self.exchange(Call {
            method: Method::POST,
            url: self.endpoint(segments)?,
            body: bytes.as_deref(),
            header: None,
            auth: Auth::Session,
            ok,
        })?;
        parse(ok, &answer)
    }

    /// `POST` a JSON body (or none) to a path with the session token, answered `204 No Content`.
    pub(crate) fn post_no_content<B: Serialize>(
        &self,
        segments: &[&str],
        body: Option<&B>,
    ) -> Result<(), ClientError> {
        let bytes = body.map(to_json).transpose()?;
        self.exchange(Call {
            method: Method::POST,
            url: self.endpoint(segments)?,
            body: bytes.as_deref(),
            header: None,
            auth: Auth::Session,
            ok: 204,
        })?;
        Ok(())
    }

    /// Sends one request and returns the body of a success answer; any other answer becomes
    /// [`ClientError::Api`] (an error body) or [`ClientError::Unexpected`].
    pub(crate) fn exchange(&self, call: Call<'_>) -> Result<Vec<u8>, ClientError> {
        let ok = call.ok;
        self.exchange_either(call, ok).map(|(_, body)| body)
    }

    /// As [`PortalClient::exchange`], with a second status of success (`call.ok` or `or`):
    /// the status and the body.
    pub(crate) fn exchange_either(
        &self,
        call: Call<'_>,
        or: u16,
    ) -> Result<(u16, Vec<u8>), ClientError> {
        self.exchange_tagged(call, or)
            .map(|(status, body, _)| (status, body))
    }

    /// As [`PortalClient::exchange_either`], with the answer's `ETag` when it has one.
    pub(crate) fn exchange_tagged(
        &self,
        call: Call<'_>,
        or: u16,
    ) -> Result<(u16, Vec<u8>, Option<String>), ClientError> {
        let mut req = self.http.request(call.method, call.url);
        if let (Auth::Session, Some(token)) = (call.auth, &self.token) {
            req = req.bearer_auth(token);
        }
        if let Some(body) = call.body {
            req = req
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        if let Some((name, value)) = call.header {
            req = req.header(name, value);
        }
        let resp = req.send().map_err(transport)?;
        let status = resp.status().as_u16();
        let etag = resp
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // Seconds only: the portal never sends the HTTP-date form.
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = resp.bytes().map_err(transport)?.to_vec();
        if status == call.ok || status == or {
            return Ok((status, body, etag));
        }
        match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(e) => Err(ClientError::Api {
                status,
                code: e.code,
                message: e.message,
                fields: e.fields,
                retry_after,
            }),
            Err(_) => Err(ClientError::Unexpected {
                status,
                detail: snippet(&body),
            }),
        }
    }
}

/// Parses `s` as an absolute `http` or `https` URL.
pub(crate) fn http_url(s: &str) -> Result<Url, ClientError> {
    let url = Url::parse(s).map_err(|e| ClientError::Invalid(format!("not a URL: {e}")))?;
    match url.scheme() {
        "http" | "https" if url.has_host() => Ok(url),
        _ => Err(ClientError::Invalid(
            "only http:// and https:// URLs are used".into(),
        )),
    }
}

/// Whether `s` may be a path segment: 1 to 128 of `A-Z a-z 0-9 _ -`.
fn is_segment(s: &str) -> bool {
    (1..=MAX_SEGMENT).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A value as JSON bytes.
pub(crate) fn to_json<B: Serialize>(body: &B) -> Result<Vec<u8>, ClientError> {
    serde_json::to_vec(body)
        .map_err(|e| ClientError::Invalid(format!("the body cannot be written as JSON: {e}")))
}

/// A success answer's body as `T`.
pub(crate) fn parse<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
    serde_json::from_slice(body).map_err(|e| ClientError::Unexpected {
        status,
        detail: format!(
            "the answer is not the expected JSON ({e}): {}",
            snippet(body)
        ),
    })
}

/// The start of a body, as text.
fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(DETAIL_CHARS)
        .collect()
}

/// A failure to exchange bytes with the portal, with its causes (the URL left out).
fn transport(e: reqwest::Error) -> ClientError {
    if e.is_builder() {
        return ClientError::Invalid(e.without_url().to_string());
    }
    let timed_out = e.is_timeout();
    let e = e.without_url();
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    if timed_out {
        ClientError::TimedOut(detail)
    } else {
        ClientError::Network(detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> PortalClient {
        PortalClient::new(base, Duration::from_secs(1)).unwrap()
    }

    #[test]
    fn endpoints_are_built_below_the_base() {
        let c = client("http://127.0.0.1:8080");
        assert_eq!(
            c.endpoint(&["v1", "applications", "ab-12_Z"])
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8080/v1/applications/ab-12_Z"
        );
        let prefixed = client("https://portal.example/api/");
        assert_eq!(
            prefixed.endpoint(&["v1", "trust"]).unwrap().as_str(),
            "https://portal.example/api/v1/trust"
        );
    }

    #[test]
    fn ids_that_could_change_the_path_are_refused() {
        let c = client("http://127.0.0.1:8080");
        for bad in [
            "",
            "..",
            ".",
            "a/b",
            "a?b",
            "a#b",
            "%2e",
            "é",
            &"a".repeat(129),
        ] {
            let err = c.endpoint(&["v1", "applications", bad]).unwrap_err();
            assert_eq!(err.code(), "invalid_request", "{bad:?}");
        }
    }

    #[test]
    fn only_http_base_urls_are_taken() {
        for bad in [
            "ftp://x",
            "file:///etc",
            "mailto:a@b",
            "127.0.0.1:80",
            "http://h/?q=1",
        ] {
            let err = PortalClient::new(bad, Duration::from_secs(1)).unwrap_err();
            assert_eq!(err.code(), "invalid_request", "{bad}");
        }
    }

    #[test]
    fn debug_does_not_show_the_token() {
        let mut c = client("http://127.0.0.1:8080");
        c.set_token(Some("secret-token".into()));
        assert_eq!(c.token(), Some("secret-token"));
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("has_token: true"), "{shown}");
    }
}
