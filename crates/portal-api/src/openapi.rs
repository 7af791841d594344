//! The OpenAPI document of the portal's wire types. The server adds its paths to it; this crate
//! keeps `docs/api/openapi.json` equal to what it generates (see `tests/openapi_doc.rs`).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Adds the bearer-token security scheme.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A session token: citizen, officer or service"))
                    .build(),
            ),
        );
    }
}

/// The schemas of every request and response body.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "eID Portal API",
        version = "1",
        description = "The reference backend of eID Wallet. See docs/api/README.md."
    ),
    modifiers(&BearerScheme),
    paths(
        crate::paths::health,
        crate::paths::trust,
        crate::paths::register,
        crate::paths::verify_code,
        crate::paths::challenge,
        crate::paths::session,
        crate::paths::account,
        crate::paths::request_upgrade,
        crate::paths::documents,
        crate::paths::document,
        crate::paths::submit,
        crate::paths::applications,
        crate::paths::application,
        crate::paths::feed,
        crate::paths::officer_login,
        crate::paths::queue,
        crate::paths::claim,
        crate::paths::decide,
        crate::paths::upgrades,
        crate::paths::decide_upgrade,
        crate::paths::revoke,
        crate::paths::account_documents,
        crate::paths::service_login,
        crate::paths::create_share,
        crate::paths::share_result,
        crate::paths::answer_share,
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
