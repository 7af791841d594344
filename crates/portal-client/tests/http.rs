//! The client against a tiny HTTP server on loopback that answers fixed responses and records
//! what it was sent.

use eid_credential::{Signer, SoftwareKey};
use eid_portal_api::account::{SessionRequest, SessionResponse};
use eid_portal_api::applications::{ApplicationState, ApplicationView};
use eid_portal_api::documents::RevokeRequest;
use eid_portal_api::forms::{Address, ApplicationForm, Host};
use eid_portal_api::share::ShareAnswer;
use eid_portal_api::ErrorCode;
use eid_portal_client::{login_message, ClientError, PortalClient};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as the server read it.
#[derive(Debug)]
struct Seen {
    /// E.g. `POST /v1/applications HTTP/1.1`.
    line: String,
    /// Header names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A server that answers each of `answers` (raw HTTP responses) to one connection, in order,
/// and returns what it was sent.
struct Server {
    base: String,
    handle: JoinHandle<Vec<Seen>>,
}

impl Server {
    fn start(answers: Vec<Vec<u8>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            answers
                .into_iter()
                .map(|answer| {
                    let (mut stream, _) = listener.accept().unwrap();
                    let seen = read_request(&mut stream);
                    stream.write_all(&answer).unwrap();
                    seen
                })
                .collect()
        });
        Server { base, handle }
    }

    fn client(&self) -> PortalClient {
        PortalClient::new(&self.base, Duration::from_secs(5)).unwrap()
    }

    fn seen(self) -> Vec<Seen> {
        self.handle.join().unwrap()
    }
}

fn read_request(stream: &mut TcpStream) -> Seen {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':').unwrap();
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let len = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    Seen {
        line: line.trim_end().to_owned(),
        headers,
        body,
    }
}

fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn json(status: &str, body: &impl serde::Serialize) -> Vec<u8> {
    response(
        status,
        "application/json",
        &serde_json::to_string(body).unwrap(),
    )
}

fn form() -> ApplicationForm {
    ApplicationForm::TemporaryResidence {
        address: Address {
            line: "12 Phố Huế".into(),
            ward: "Ngô Thì Nhậm".into(),
            district: "Hai Bà Trưng".into(),
            province: "Hà Nội".into(),
        },
        from: "2026-12-01".into(),
        until: "2027-11-30".into(),
        reason: "work".into(),
        host: Host {
            full_name: "Trần Văn Chủ".into(),
            id_number: "001080000001".into(),
            relationship: "tenant".into(),
        },
    }
}

fn view() -> ApplicationView {
    ApplicationView {
        id: "app-1".into(),
        form: form(),
        state: ApplicationState::Submitted,
        submitted_at: 1_795_336_200,
        updated_at: 1_795_336_200,
        decision_reason: None,
        result_document_id: None,
    }
}

#[test]
fn submit_sends_key_token_and_the_same_bytes_and_reads_the_201() {
    let server = Server::start(vec![
        json("201 Created", &view()),
        json("201 Created", &view()),
    ]);
    let mut client = server.client();
    client.set_token(Some("tok-1".into()));
    assert_eq!(client.submit(&form(), "key-1").unwrap(), view());
    let stored = serde_json::to_vec(&form()).unwrap();
    assert_eq!(client.submit_raw(&stored, "key-1").unwrap(), view());

    let seen = server.seen();
    for s in &seen {
        assert_eq!(s.line, "POST /v1/applications HTTP/1.1");
        assert_eq!(s.header("authorization"), Some("Bearer tok-1"));
        assert_eq!(s.header("idempotency-key"), Some("key-1"));
        assert_eq!(s.header("content-type"), Some("application/json"));
        assert_eq!(s.body, stored);
    }
    assert_eq!(seen.len(), 2);
}

#[test]
fn an_error_body_becomes_api_with_its_fields() {
    let body = r#"{"code":"invalid_fields","message":"some fields are invalid",
        "fields":[{"field":"from","code":"in_the_past","message":"the start date cannot be in the past"}]}"#;
    let server = Server::start(vec![response(
        "422 Unprocessable Entity",
        "application/json",
        body,
    )]);
    let err = server.client().submit(&form(), "key-2").unwrap_err();
    match &err {
        ClientError::Api {
            status,
            code,
            fields,
            ..
        } => {
            assert_eq!((*status, *code), (422, ErrorCode::InvalidFields));
            assert_eq!(fields.len(), 1);
            assert_eq!(
                (fields[0].field.as_str(), fields[0].code.as_str()),
                ("from", "in_the_past")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), "invalid_fields");
    assert!(
        server.seen()[0].header("authorization").is_none(),
        "no token was set"
    );
}

#[test]
fn answers_that_are_not_the_portals_are_unexpected() {
    let server = Server::start(vec![
        response("502 Bad Gateway", "text/html", "<html>bad gateway</html>"),
        response("201 Created", "application/json", r#"{"id":"app-1"}"#),
        json("200 OK", &view()),
    ]);
    let client = server.client();
    let err = client.submit(&form(), "key-3").unwrap_err();
    assert!(
        matches!(&err, ClientError::Unexpected { status: 502, detail } if detail.contains("bad gateway")),
        "{err:?}"
    );
    assert_eq!(err.code(), "unexpected");
    let err = client.submit(&form(), "key-3").unwrap_err();
    assert!(
        matches!(err, ClientError::Unexpected { status: 201, .. }),
        "{err:?}"
    );
    // The right body with a status the endpoint does not send (200, not 201).
    let err = client.submit(&form(), "key-3").unwrap_err();
    assert!(
        matches!(err, ClientError::Unexpected { status: 200, .. }),
        "{err:?}"
    );
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn a_refused_connection_is_a_network_error() {
    let dead = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let client = PortalClient::new(&format!("http://{dead}"), Duration::from_secs(5)).unwrap();
    let err = client.submit(&form(), "key-4").unwrap_err();
    assert!(matches!(err, ClientError::Network(_)), "{err:?}");
    assert_eq!(err.code(), "network");
}

#[test]
fn a_body_cut_short_is_a_network_error() {
    let cut = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"id\":".to_vec();
    let server = Server::start(vec![cut]);
    let err = server.client().submit(&form(), "key-5").unwrap_err();
    assert!(matches!(err, ClientError::Network(_)), "{err:?}");
    server.seen();
}

#[test]
fn a_silent_server_times_out_as_a_network_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let client = PortalClient::new(&base, Duration::from_millis(300)).unwrap();
    let started = std::time::Instant::now();
    let err = client.account().unwrap_err();
    assert!(matches!(err, ClientError::TimedOut(_)), "{err:?}");
    assert_eq!(err.code(), "network");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(listener);
}

#[test]
fn login_signs_the_exact_message_and_keeps_the_token() {
    let key = SoftwareKey::from_seed("t", b"1");
    let challenge = "ab".repeat(32);
    let server = Server::start(vec![
        response(
            "200 OK",
            "application/json",
            &format!(r#"{{"challenge":"{challenge}","expires_at":60}}"#),
        ),
        json(
            "200 OK",
            &SessionResponse {
                token: "tok-9".into(),
                expires_at: 900,
            },
        ),
        response(
            "200 OK",
            "application/json",
            r#"{"account_id":"acc-7","level":1,"id_number":"001099012345","full_name":"An","upgrade":null}"#,
        ),
    ]);
    let mut client = server.client();
    let session = client.login("acc-7", &key).unwrap();
    assert_eq!(session.token, "tok-9");
    assert_eq!(client.token(), Some("tok-9"));
    assert_eq!(client.account().unwrap().account_id, "acc-7");

    let seen = server.seen();
    assert_eq!(seen[0].line, "POST /v1/sessions/challenge HTTP/1.1");
    assert_eq!(seen[0].body, br#"{"account_id":"acc-7"}"#);
    assert_eq!(seen[1].line, "POST /v1/sessions HTTP/1.1");
    let sent: SessionRequest = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(
        (sent.account_id.as_str(), sent.challenge.as_str()),
        ("acc-7", challenge.as_str())
    );
    let signature = hex::decode(&sent.signature).unwrap();
    assert_eq!(signature.len(), 64);
    let message = login_message("acc-7", &challenge);
    assert_eq!(message, format!("eid-portal login v1:acc-7:{challenge}"));
    assert!(key.public_key().verify(message.as_bytes(), &signature));
    assert!(!key
        .public_key()
        .verify(login_message("acc-8", &challenge).as_bytes(), &signature));
    assert_eq!(seen[2].line, "GET /v1/account HTTP/1.1");
    assert_eq!(seen[2].header("authorization"), Some("Bearer tok-9"));
}

#[test]
fn queries_paths_and_anonymous_calls() {
    let trust = r#"{"root_key":"02aa","trust_list":"d2","status_lists":[]}"#;
    let server = Server::start(vec![
        response(
            "200 OK",
            "application/json",
            r#"{"items":[],"cursor":7,"more":false}"#,
        ),
        response("200 OK", "application/json", trust),
        response("200 OK", "application/json", "[]"),
        response("204 No Content", "application/json", ""),
        response("202 Accepted", "application/json", "{}"),
        response("202 Accepted", "application/json", "{}"),
    ]);
    let mut client = server.client();
    client.set_token(Some("tok-2".into()));
    assert_eq!(client.feed(5, 50).unwrap().cursor, 7);
    assert_eq!(client.trust().unwrap().root_key, "02aa");
    assert!(client
        .officer_queue(Some(ApplicationState::InReview))
        .unwrap()
        .is_empty());
    let reason = RevokeRequest {
        reason: "lost".into(),
    };
    client.revoke("doc-1", &reason).unwrap();
    let answer = ShareAnswer {
        presentation: "EP1:XYZ".into(),
    };
    client
        .answer_share(
            &format!("{}/v1/share/requests/r-1/answer", server.base),
            &answer,
        )
        .unwrap();
    // A portal below another base path: an answer URL outside it gets no token.
    let mut prefixed =
        PortalClient::new(&format!("{}/portal", server.base), Duration::from_secs(5)).unwrap();
    prefixed.set_token(Some("tok-9".into()));
    prefixed
        .answer_share(
            &format!("{}/v1/share/requests/r-2/answer", server.base),
            &answer,
        )
        .unwrap();

    let seen = server.seen();
    assert_eq!(seen[0].line, "GET /v1/feed?since=5&limit=50 HTTP/1.1");
    assert_eq!(seen[0].header("authorization"), Some("Bearer tok-2"));
    assert_eq!(seen[1].line, "GET /v1/trust HTTP/1.1");
    assert!(seen[1].header("authorization").is_none(), "trust is public");
    assert_eq!(
        seen[2].line,
        "GET /v1/officer/applications?state=in_review HTTP/1.1"
    );
    assert_eq!(
        seen[3].line,
        "POST /v1/officer/documents/doc-1/revoke HTTP/1.1"
    );
    assert_eq!(seen[3].body, br#"{"reason":"lost"}"#);
    assert_eq!(seen[4].line, "POST /v1/share/requests/r-1/answer HTTP/1.1");
    assert_eq!(
        seen[4].header("authorization"),
        Some("Bearer tok-2"),
        "the citizen's token to its own portal, which takes answers only from the holder"
    );
    assert_eq!(seen[4].body, br#"{"presentation":"EP1:XYZ"}"#);
    assert_eq!(seen[5].line, "POST /v1/share/requests/r-2/answer HTTP/1.1");
    assert!(
        seen[5].header("authorization").is_none(),
        "no token outside the portal's base"
    );
}

#[test]
fn bad_ids_and_urls_are_refused_before_anything_is_sent() {
    let client = PortalClient::new("http://127.0.0.1:9", Duration::from_secs(1)).unwrap();
    for id in ["../account", "a b", ""] {
        let err = client.application(id).unwrap_err();
        assert_eq!(err.code(), "invalid_request", "{id:?}");
    }
    let answer = ShareAnswer {
        presentation: "EP1:XYZ".into(),
    };
    for url in ["ftp://x/answer", "javascript:alert(1)", "/relative"] {
        let err = client.answer_share(url, &answer).unwrap_err();
        assert_eq!(err.code(), "invalid_request", "{url}");
    }
    assert_eq!(
        client.submit(&form(), "has space").unwrap_err().code(),
        "invalid_request"
    );
}
