//! The endpoints, declared for the OpenAPI document: method, path, parameters, body, answers.
//! The functions are never called; the server's router (crates/portal-server/src/lib.rs) maps the
//! same paths to handlers, and a server test checks that both list the same routes.

#![allow(dead_code)]

use crate::account::*;
use crate::applications::*;
use crate::constraints::ResourceId;
use crate::documents::*;
use crate::error::ErrorBody;
use crate::forms::ApplicationForm;
use crate::meta::HealthView;
use crate::share::*;
use utoipa::IntoResponses;

/// Errors of endpoints anyone may call.
#[derive(IntoResponses)]
pub enum PublicErrors {
    /// `malformed_body`, `idempotency_key_missing`.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// `unauthenticated`, `bad_signature` (logins, sessions).
    #[response(status = 401)]
    Unauthenticated(ErrorBody),
    /// `not_found`.
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// `wrong_state`, `already_registered`.
    #[response(status = 409)]
    Conflict(ErrorBody),
    /// `expired`.
    #[response(status = 410)]
    Gone(ErrorBody),
    /// `invalid_fields`, `wrong_code`.
    #[response(status = 422)]
    Unprocessable(ErrorBody),
    /// `rate_limited`, with `Retry-After`.
    #[response(status = 429)]
    TooMany(ErrorBody),
    /// `internal`.
    #[response(status = 500)]
    Internal(ErrorBody),
    /// `busy`: a queue is full (password checks); with `Retry-After`.
    #[response(status = 503)]
    Busy(ErrorBody),
    /// `request_timeout`: the body did not arrive in time.
    #[response(status = 408)]
    TooSlow(ErrorBody),
}

/// Errors of endpoints that need a bearer token.
#[derive(IntoResponses)]
pub enum AuthedErrors {
    /// `malformed_body`, `idempotency_key_missing`.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// `unauthenticated`: no, an unknown, an expired or a forged token.
    #[response(status = 401)]
    Unauthenticated(ErrorBody),
    /// `forbidden` (a token of another kind), `level_too_low`.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// `not_found`, also for another account's objects.
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// `wrong_state`, `idempotency_conflict`.
    #[response(status = 409)]
    Conflict(ErrorBody),
    /// `invalid_fields`, `idempotency_key_reused`.
    #[response(status = 422)]
    Unprocessable(ErrorBody),
    /// `rate_limited`, with `Retry-After`.
    #[response(status = 429)]
    TooMany(ErrorBody),
    /// `internal`.
    #[response(status = 500)]
    Internal(ErrorBody),
    /// `busy`: a queue is full (password checks); with `Retry-After`.
    #[response(status = 503)]
    Busy(ErrorBody),
    /// `request_timeout`: the body did not arrive in time.
    #[response(status = 408)]
    TooSlow(ErrorBody),
}

/// Readiness, for load balancers.
#[utoipa::path(get, path = "/v1/health", tag = "meta", responses((status = 200, description = "Ready: the database answers, the submission writer runs, not shutting down", body = HealthView), (status = 503, description = "Not ready (the fields say why): send traffic elsewhere", body = HealthView)))]
fn health() {}

/// Liveness: the process answers HTTP (whether or not it is ready).
#[utoipa::path(get, path = "/v1/health/live", tag = "meta", responses((status = 200, description = "The process runs", body = serde_json::Value)))]
fn health_live() {}

/// The root key, the signed trust list and the current signed status list (docs/formats.md §6).
/// Signed once per change (and at least hourly), so the same bytes and `ETag` are served until
/// then; send the last `ETag` as `If-None-Match` to get `304` without a body when nothing changed.
#[utoipa::path(get, path = "/v1/trust", tag = "trust", params(("If-None-Match" = Option<String>, Header, description = "The `ETag` of the bundle the caller holds")), responses((status = 200, description = "The current signed lists", body = TrustWire, headers(("ETag" = String, description = "Tag of this bundle"), ("Cache-Control" = String, description = "`public, max-age=60`"))), (status = 304, description = "The bundle named by `If-None-Match` is still current", headers(("ETag" = String, description = "Tag of the current bundle"))), PublicErrors))]
fn trust() {}

/// Start a level-1 registration; a one-time code goes to the phone. With an ID number and phone
/// that already have an account, verifying the code moves the account to this device key (a
/// restore) and re-issues its documents.
#[utoipa::path(post, path = "/v1/registrations", tag = "account", request_body = RegisterRequest, responses((status = 201, description = "Code sent", body = RegisterResponse, links(
    ("verify" = (operation_id = "verify_code", parameters(("id" = "$response.body#/registration_id")), description = "The code sent for this registration proves the phone"))
)), PublicErrors))]
fn register() {}

/// Prove the phone with the code: creates the account, or moves an existing one to this device
/// (at once for level 1 or with the recovery key's signature; else after a wait, 202).
#[utoipa::path(post, path = "/v1/registrations/{id}/verify", tag = "account", params(("id" = ResourceId, Path, description = "The registration id")), request_body = VerifyCodeRequest, responses((status = 200, description = "The account", body = AccountView, links(
    ("challenge" = (operation_id = "challenge", request_body = json!({"account_id": "$response.body#/account_id"}), description = "Sign in to the new account"))
)), (status = 202, description = "A level-2 account moves to this device after a wait, unless its current device cancels or an officer decides first", body = MoveView, links(
    ("move" = (operation_id = "move_status", parameters(("id" = "$request.path.id")), description = "Follow the move"))
)), PublicErrors))]
fn verify_code() {}

/// The move this registration asked for; completes it once it is due.
#[utoipa::path(get, path = "/v1/registrations/{id}/move", tag = "account", params(("id" = ResourceId, Path, description = "The registration id")), responses((status = 200, description = "The move", body = MoveView), PublicErrors))]
fn move_status() {}

/// Cancel every move of this account that is waiting (from its current device).
#[utoipa::path(post, path = "/v1/account/moves/cancel", tag = "citizen", security(("bearer" = [])), responses((status = 200, description = "The account, with no move waiting", body = AccountView), AuthedErrors))]
fn cancel_moves() {}

/// Register the wallet's recovery key (its private half lives only in the encrypted backup).
#[utoipa::path(post, path = "/v1/account/recovery-key", tag = "citizen", security(("bearer" = [])), request_body = RecoveryKeyRequest, responses((status = 204, description = "Kept"), AuthedErrors))]
fn recovery_key() {}

/// Register the hash of the wallet's revocation code (typed on the public `/lost-phone` page to
/// block this phone; a new hash replaces the old).
#[utoipa::path(post, path = "/v1/account/revocation-code", tag = "citizen", security(("bearer" = [])), request_body = crate::revocation::RevocationCodeRequest, responses((status = 204, description = "Kept"), AuthedErrors))]
fn revocation_code() {}

/// A sealed one-use challenge for the device key to sign (stored nowhere; 60 seconds).
#[utoipa::path(post, path = "/v1/sessions/challenge", tag = "account", request_body = ChallengeRequest, responses((status = 200, description = "The challenge", body = ChallengeResponse, links(
    ("session" = (operation_id = "session", request_body = json!({"account_id": "$request.body#/account_id", "challenge": "$response.body#/challenge"}), description = "Sign the challenge with the device key"))
)), PublicErrors))]
fn challenge() {}

/// The signed challenge in, a citizen token (15 minutes) out.
#[utoipa::path(post, path = "/v1/sessions", tag = "account", request_body = SessionRequest, responses((status = 200, description = "A citizen token", body = SessionResponse), PublicErrors))]
fn session() {}

/// Sign out: the session of the token sent ends now (citizen, officer or service).
#[utoipa::path(post, path = "/v1/sessions/end", tag = "account", security(("bearer" = [])), responses((status = 204, description = "Signed out"), AuthedErrors))]
fn end_session() {}

/// The signed-in citizen's account.
#[utoipa::path(get, path = "/v1/account", tag = "citizen", security(("bearer" = [])), responses((status = 200, description = "The account", body = AccountView, links(
    ("documents" = (operation_id = "account_documents", parameters(("account_id" = "$response.body#/account_id")), description = "An officer reads its documents"))
)), AuthedErrors))]
fn account() {}

/// Ask for level 2 (then go to an office for the in-person check).
#[utoipa::path(post, path = "/v1/account/upgrade", tag = "citizen", security(("bearer" = [])), responses((status = 202, description = "Requested", body = AccountView, links(
    ("decide" = (operation_id = "decide_upgrade", parameters(("account_id" = "$response.body#/account_id")), description = "An officer decides after the in-person check"))
)), AuthedErrors))]
fn request_upgrade() {}

/// The citizen's current documents, issued to the account's device key.
#[utoipa::path(get, path = "/v1/documents", tag = "citizen", security(("bearer" = [])), responses((status = 200, description = "Documents", body = DocumentsResponse, links(
    ("document" = (operation_id = "document", parameters(("id" = "$response.body#/documents/0/id")), description = "The first document")),
    ("revoke" = (operation_id = "revoke", parameters(("id" = "$response.body#/documents/0/id")), description = "An officer revokes the first document"))
)), AuthedErrors))]
fn documents() {}

/// One of the citizen's current documents.
#[utoipa::path(get, path = "/v1/documents/{id}", tag = "citizen", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Document id")), responses((status = 200, description = "The document", body = DocumentWire, links(
    ("revoke" = (operation_id = "revoke", parameters(("id" = "$response.body#/id")), description = "An officer revokes it"))
)), AuthedErrors))]
fn document() {}

/// Submit an application, exactly once (see docs/api/README.md, "Idempotency").
#[utoipa::path(post, path = "/v1/applications", tag = "citizen", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, unique per submission", pattern = "^[!-~]{1,255}$", min_length = 1, max_length = 255)),
    request_body = ApplicationForm,
    responses((status = 201, description = "Created (or the stored answer again, with `Idempotent-Replayed: true`)", body = ApplicationView, links(
        ("application" = (operation_id = "application", parameters(("id" = "$response.body#/id")), description = "Read it back")),
        ("claim" = (operation_id = "claim", parameters(("id" = "$response.body#/id")), description = "An officer claims it"))
    )), AuthedErrors))]
fn submit() {}

/// The citizen's own applications, newest first.
#[utoipa::path(get, path = "/v1/applications", tag = "citizen", security(("bearer" = [])), responses((status = 200, description = "Applications", body = Vec<ApplicationView>, links(
    ("application" = (operation_id = "application", parameters(("id" = "$response.body#/0/id")), description = "The newest one"))
)), AuthedErrors))]
fn applications() {}

/// One of the citizen's applications.
#[utoipa::path(get, path = "/v1/applications/{id}", tag = "citizen", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Application id")), responses((status = 200, description = "The application", body = ApplicationView, links(
    ("claim" = (operation_id = "claim", parameters(("id" = "$response.body#/id")), description = "An officer claims it"))
)), AuthedErrors))]
fn application() {}

/// What changed since the cursor, oldest first.
#[utoipa::path(get, path = "/v1/feed", tag = "citizen", security(("bearer" = [])),
    params(
        ("since" = Option<u64>, Query, description = "The cursor of the last page (0 at first)", format = "uint64", minimum = 0, maximum = 18446744073709551615_u64),
        ("limit" = Option<u32>, Query, description = "Items per page, 1–500 (default 100); a value outside that range is clamped into it", format = "uint32", minimum = 0, maximum = 4294967295_u64)
    ),
    responses((status = 200, description = "A page", body = FeedPage), AuthedErrors))]
fn feed() {}

/// An officer's login (five failures in 15 minutes lock the name for the window).
#[utoipa::path(post, path = "/v1/officer/sessions", tag = "officer", request_body = OfficerLoginRequest, responses((status = 200, description = "An officer token", body = SessionResponse), PublicErrors))]
fn officer_login() {}

/// Applications waiting (submitted and in review), oldest first, or those in one state or of one
/// kind; 50 per page (`page` from 0: ask for the next page until one has fewer than 50).
#[utoipa::path(get, path = "/v1/officer/applications", tag = "officer", security(("bearer" = [])), params(("state" = Option<ApplicationState>, Query, description = "Only this state"), ("kind" = Option<crate::forms::ApplicationKindName>, Query, description = "Only this kind"), ("page" = Option<u32>, Query, description = "The page, from 0")), responses((status = 200, description = "The queue", body = Vec<QueueItem>), AuthedErrors))]
fn queue() {}

/// Claim an application: submitted → in review, by this officer.
#[utoipa::path(post, path = "/v1/officer/applications/{id}/claim", tag = "officer", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Application id")), responses((status = 200, description = "Claimed", body = ApplicationView, links(
    ("decide" = (operation_id = "decide", parameters(("id" = "$request.path.id")), description = "Decide what was claimed"))
)), AuthedErrors))]
fn claim() {}

/// Approve (issuing the result document) or reject with a reason; only the claiming officer.
#[utoipa::path(post, path = "/v1/officer/applications/{id}/decision", tag = "officer", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Application id")), request_body = DecisionRequest, responses((status = 200, description = "Decided", body = ApplicationView), AuthedErrors))]
fn decide() {}

/// Level-2 requests waiting for the in-person check.
#[utoipa::path(get, path = "/v1/officer/upgrades", tag = "officer", security(("bearer" = [])), responses((status = 200, description = "Requests", body = Vec<UpgradeQueueItem>), AuthedErrors))]
fn upgrades() {}

/// Decide a level-2 request; approval issues the citizen's documents from the registry.
#[utoipa::path(post, path = "/v1/officer/upgrades/{account_id}/decision", tag = "officer", security(("bearer" = [])), params(("account_id" = ResourceId, Path, description = "Account id")), request_body = DecisionRequest, responses((status = 200, description = "Decided", body = AccountView, links(
    ("documents" = (operation_id = "account_documents", parameters(("account_id" = "$request.path.account_id")), description = "The documents issued on approval"))
)), AuthedErrors))]
fn decide_upgrade() {}

/// Moves to a new device waiting, for the in-person check that approves one early.
#[utoipa::path(get, path = "/v1/officer/moves", tag = "officer", security(("bearer" = [])), responses((status = 200, description = "Waiting moves", body = Vec<MoveQueueItem>), AuthedErrors))]
fn moves() {}

/// After the in-person check: move the account now, or refuse the move (with a reason).
#[utoipa::path(post, path = "/v1/officer/moves/{id}/decision", tag = "officer", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "The move's (registration's) id")), request_body = DecisionRequest, responses((status = 200, description = "Decided", body = MoveView), AuthedErrors))]
fn decide_move() {}

/// Revoke a document: its bit is set in every status list signed from now on.
#[utoipa::path(post, path = "/v1/officer/documents/{id}/revoke", tag = "officer", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Document id")), request_body = RevokeRequest, responses((status = 204, description = "Revoked"), AuthedErrors))]
fn revoke() {}

/// An account's current documents (to find the one to revoke).
#[utoipa::path(get, path = "/v1/officer/accounts/{account_id}/documents", tag = "officer", security(("bearer" = [])), params(("account_id" = ResourceId, Path, description = "Account id")), responses((status = 200, description = "Documents", body = DocumentsResponse), AuthedErrors))]
fn account_documents() {}

/// Print a card for a citizen without a smartphone: an issuer-signed QR with the counter
/// portrait and a few fields, bound to no phone, valid ten years, revocable.
#[utoipa::path(post, path = "/v1/officer/printed-cards", tag = "officer", security(("bearer" = [])), request_body = PrintedCardRequest, responses((status = 201, description = "The card", body = PrintedCardResponse, links(
    ("revoke" = (operation_id = "revoke_card", parameters(("id" = "$response.body#/id")), description = "Revoke it"))
)), AuthedErrors))]
fn print_card() {}

/// Revoke a printed card (lost or stolen): its bit is set in every status list from now on.
#[utoipa::path(post, path = "/v1/officer/printed-cards/{id}/revoke", tag = "officer", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Printed card id")), request_body = RevokeRequest, responses((status = 204, description = "Revoked"), AuthedErrors))]
fn revoke_card() {}

/// A registered service's login.
#[utoipa::path(post, path = "/v1/service/sessions", tag = "share", request_body = ServiceLoginRequest, responses((status = 200, description = "A service token", body = SessionResponse), PublicErrors))]
fn service_login() {}

/// Ask citizens for data: the answer carries the signed request QR text (`ER1:`).
#[utoipa::path(post, path = "/v1/share/requests", tag = "share", security(("bearer" = [])), request_body = ShareRequestCreate, responses((status = 201, description = "Created", body = ShareRequestCreated, links(
    ("result" = (operation_id = "share_result", parameters(("id" = "$response.body#/request/id")), description = "Read the request and its answer")),
    ("answer" = (operation_id = "answer_share", parameters(("id" = "$response.body#/request/id")), description = "The wallet answers it"))
)), AuthedErrors))]
fn create_share() {}

/// A request and its verified answer (only the service that made it).
#[utoipa::path(get, path = "/v1/share/requests/{id}", tag = "share", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Request id")), responses((status = 200, description = "The request", body = ShareResult, links(
    ("answer" = (operation_id = "answer_share", parameters(("id" = "$response.body#/request/id")), description = "The wallet answers it"))
)), AuthedErrors))]
fn share_result() {}

/// The wallet's answer: one per request, verified before it is stored.
#[utoipa::path(post, path = "/v1/share/requests/{id}/answer", tag = "share", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Request id")), request_body = ShareAnswer, responses((status = 202, description = "Accepted", links(
    ("result" = (operation_id = "share_result", parameters(("id" = "$request.path.id")), description = "The service reads the verified answer"))
)), AuthedErrors))]
fn answer_share() {}

/// The service is done with a request: its answer (presentation and disclosed data) is
/// forgotten at once and the request takes no answer any more; only its metadata is kept.
#[utoipa::path(post, path = "/v1/share/requests/{id}/done", tag = "share", security(("bearer" = [])), params(("id" = ResourceId, Path, description = "Request id")), responses((status = 204, description = "Forgotten (also when it was already)"), AuthedErrors))]
fn done_share() {}
