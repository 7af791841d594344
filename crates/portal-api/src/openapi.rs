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
        crate::paths::health_live,
        crate::paths::trust,
        crate::paths::register,
        crate::paths::verify_code,
        crate::paths::move_status,
        crate::paths::challenge,
        crate::paths::session,
        crate::paths::end_session,
        crate::paths::account,
        crate::paths::request_upgrade,
        crate::paths::cancel_moves,
        crate::paths::recovery_key,
        crate::paths::revocation_code,
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
        crate::paths::moves,
        crate::paths::decide_move,
        crate::paths::revoke,
        crate::paths::account_documents,
        crate::paths::print_card,
        crate::paths::revoke_card,
        crate::paths::service_login,
        crate::paths::create_share,
        crate::paths::share_result,
        crate::paths::answer_share,
        crate::paths::done_share,
    ),
    components(schemas(
        crate::constraints::IdNumber,
        crate::constraints::Date,
        crate::constraints::FormText,
        crate::constraints::ResourceId,
        crate::constraints::DocTypeName,
        crate::forms::ApplicationKindName,
        crate::error::ErrorBody,
        crate::error::ErrorCode,
        crate::error::FieldError,
        crate::account::RegisterRequest,
        crate::account::RegisterResponse,
        crate::account::VerifyCodeRequest,
        crate::account::AccountView,
        crate::account::UpgradeState,
        crate::account::MoveState,
        crate::account::MoveView,
        crate::account::PendingMove,
        crate::account::RecoveryKeyRequest,
        crate::account::MoveQueueItem,
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
        crate::applications::AccessView,
        crate::revocation::RevocationCodeRequest,
        crate::applications::AccessBy,
        crate::applications::AccessAction,
        crate::applications::FeedPage,
        crate::applications::QueueItem,
        crate::documents::DocumentWire,
        crate::documents::DocumentsResponse,
        crate::documents::RevokeRequest,
        crate::documents::PrintedCardRequest,
        crate::documents::PrintedCardResponse,
        crate::documents::TrustWire,
        crate::meta::HealthView,
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
    let text = ApiDoc::openapi()
        .to_pretty_json()
        .expect("OpenAPI serialises");
    camel_case_links(&text)
}

/// utoipa 5.5 writes a Link Object's `operationId` and `requestBody` in snake case, which no
/// OpenAPI tool reads; those two keys occur nowhere else in this document (a test checks).
fn camel_case_links(text: &str) -> String {
    text.replace("\"operation_id\": ", "\"operationId\": ")
        .replace("\"request_body\": ", "\"requestBody\": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_written_in_camel_case_and_only_links_change() {
        let raw = ApiDoc::openapi().to_pretty_json().unwrap();
        let doc: serde_json::Value = serde_json::from_str(&json()).unwrap();
        let mut links = 0;
        let mut bodies = 0;
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                for response in op["responses"].as_object().unwrap().values() {
                    let Some(map) = response.get("links") else {
                        continue;
                    };
                    for (name, link) in map.as_object().unwrap() {
                        let target = link["operationId"].as_str().unwrap_or_else(|| {
                            panic!("{method} {path}: link {name} has no operationId: {link}")
                        });
                        let to = doc["paths"]
                            .as_object()
                            .unwrap()
                            .values()
                            .flat_map(|o| o.as_object().unwrap().values())
                            .find(|o| o["operationId"] == target)
                            .unwrap_or_else(|| {
                                panic!("{method} {path}: link {name} names no operation")
                            });
                        for parameter in link["parameters"].as_object().into_iter().flatten() {
                            assert!(
                                to["parameters"]
                                    .as_array()
                                    .unwrap()
                                    .iter()
                                    .any(|p| p["name"] == parameter.0.as_str()),
                                "{method} {path}: link {name}: {target} has no {}",
                                parameter.0
                            );
                        }
                        assert!(
                            link.get("operation_id").is_none()
                                && link.get("request_body").is_none()
                        );
                        links += 1;
                        bodies += usize::from(link.get("requestBody").is_some());
                    }
                }
            }
        }
        assert!(links >= 15, "{links} links");
        // The replacement touched exactly the links' keys.
        assert_eq!(raw.matches("\"operation_id\": ").count(), links);
        assert_eq!(raw.matches("\"request_body\": ").count(), bodies);
        assert_eq!(json().matches("\"operation_id\"").count(), 0);
    }
}
