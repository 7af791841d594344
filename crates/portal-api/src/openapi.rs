//! The OpenAPI document of the portal's wire types. The server adds its paths to it; this crate
//! keeps `docs/api/openapi.json` equal to what it generates (see `tests/openapi_doc.rs`).

use utoipa::OpenApi;

/// The schemas of every request and response body.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "eID Portal API",
        version = "1",
        description = "The reference backend of eID Wallet. See docs/api/README.md."
    ),
    components(schemas(
        crate::error::ErrorBody,
        crate::error::ErrorCode,
        crate::error::FieldError,
        crate::account::RegisterRequest,
        crate::account::RegisterResponse,
        crate::account::VerifyCodeRequest,
        crate::account::AccountView,
        crate::account::UpgradeState,
        crate::account::ChallengeRequest,
        crate::account::ChallengeResponse,
        crate::account::SessionRequest,
        crate::account::SessionResponse,
        crate::account::OfficerLoginRequest,
        crate::account::UpgradeQueueItem,
        crate::account::ServiceLoginRequest,
        crate::forms::Address,
        crate::forms::Host,
        crate::forms::CertificateType,
        crate::forms::ApplicationForm,
        crate::applications::ApplicationState,
        crate::applications::ApplicationView,
        crate::applications::DecisionRequest,
        crate::applications::FeedItem,
        crate::applications::FeedPage,
        crate::applications::QueueItem,
        crate::documents::DocumentWire,
        crate::documents::DocumentsResponse,
        crate::documents::RevokeRequest,
        crate::documents::TrustWire,
        crate::share::ShareRequestCreate,
        crate::share::ShareRequestView,
        crate::share::ShareRequestCreated,
        crate::share::ShareAnswer,
        crate::share::ShareState,
        crate::share::ShareResult,
    ))
)]
pub struct ApiDoc;

/// The document as pretty JSON.
pub fn json() -> String {
    // Serialising utoipa's own types cannot fail.
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("OpenAPI serialises")
}
