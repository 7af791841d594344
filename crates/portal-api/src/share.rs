//! The share inbox (scan to share): a registered service asks for fields, the portal signs the
//! request into a request QR (`ER1:`), the wallet answers with a presentation bound to the
//! request's nonce and the service as audience, and the service fetches the verified answer.

use crate::constraints::{string, DocTypeName, ResourceId, PURPOSE};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Most fields one share request may ask for.
pub use eid_credential::share::MAX_SHARE_FIELDS;

/// The document types a service may ask for, each with its field names in field-id order:
/// `eid_credential::DocType`'s tables (docs/formats.md §3.1), without the display portrait,
/// which no presentation carries.
pub fn shareable() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    eid_credential::DocType::ALL.iter().map(|t| {
        (
            t.name(),
            t.fields()
                .iter()
                .filter(|f| f.presentable())
                .map(|f| f.name)
                .collect(),
        )
    })
}

/// `POST /v1/share/requests` (service token): a service asks for data. Its schema is one shape
/// per document type, so that `fields` lists only that type's field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRequestCreate {
    /// The document type asked for, e.g. `health_insurance`.
    pub doc_type: String,
    /// The field names asked for (1 to 16, each once, of that document type).
    pub fields: Vec<String>,
    /// Why, in words the citizen reads before consenting (1 to 200 characters on one line, no
    /// white space at either end).
    pub purpose: String,
    /// Seconds the request stays open (30 to 3,600).
    pub expires_in: u64,
}

impl PartialSchema for ShareRequestCreate {
    fn schema() -> RefOr<Schema> {
        let variants = shareable().map(|(doc_type, fields)| {
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .title(Some(doc_type))
                .property(
                    "doc_type",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some([doc_type]))
                        .description(Some("The document type asked for.")),
                )
                .required("doc_type")
                .property(
                    "fields",
                    ArrayBuilder::new()
                        .items(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .enum_values(Some(fields.iter().copied())),
                        )
                        .min_items(Some(1))
                        .max_items(Some(MAX_SHARE_FIELDS.min(fields.len())))
                        .unique_items(true)
                        .description(Some("The field names asked for, each once.")),
                )
                .required("fields")
                .property(
                    "purpose",
                    string(PURPOSE).max_length(Some(200)).description(Some(
                        "Why, in words the citizen reads before consenting: 1 to 200 characters \
                         on one line, no white space at either end.",
                    )),
                )
                .required("purpose")
                .property(
                    "expires_in",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(30))
                        .maximum(Some(3600))
                        .description(Some("Seconds the request stays open.")),
                )
                .required("expires_in")
        });
        variants
            .fold(OneOfBuilder::new(), |one_of, v| one_of.item(v))
            .description(Some(
                "A service asks for fields of one document type (one shape per type).",
            ))
            .into()
    }
}

impl ToSchema for ShareRequestCreate {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ShareRequestCreate")
    }
}

/// A share request as the portal stored and signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestView {
    /// The request's id.
    #[schema(value_type = ResourceId)]
    pub id: String,
    /// The service's id; the presentation's audience must equal it.
    pub service_id: String,
    /// The service's registered name (shown to the citizen).
    pub service_name: String,
    /// The document type.
    #[schema(value_type = DocTypeName)]
    pub doc_type: String,
    /// The fields.
    pub fields: Vec<String>,
    /// Why.
    pub purpose: String,
    /// The nonce the presentation must carry, hex (16 bytes).
    #[schema(pattern = "^[0-9a-f]{32}$", min_length = 32, max_length = 32)]
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// The answer to `POST /v1/share/requests`: the request and its QR text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareRequestCreated {
    /// The request.
    pub request: ShareRequestView,
    /// The request QR's text: `ER1:` + base45 of the portal-signed request (docs/formats.md §9).
    pub qr: String,
}

/// `POST /v1/share/requests/{id}/answer`: the wallet's answer (no session needed: the
/// presentation proves itself, and a request takes one answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareAnswer {
    /// The presentation's QR text (`EP1:` envelope), made with the request's nonce and the
    /// service's id as audience. White space around it is ignored.
    #[schema(
        pattern = r"^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*EP1:[0-9A-Z $%*+./:-]*[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub presentation: String,
}

/// Where a share request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    /// Waiting for the citizen.
    Pending,
    /// The wallet answered; the answer verified.
    Answered,
    /// Nobody answered in time.
    Expired,
    /// The service said it was done with the answer: its data is forgotten, only the request's
    /// metadata is kept.
    Done,
}

/// `GET /v1/share/requests/{id}` (the service that made it): the request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShareResult {
    /// The request.
    pub request: ShareRequestView,
    /// Where it stands.
    pub state: ShareState,
    /// The presentation as the wallet sent it (verify it yourself with `GET /v1/trust`).
    pub presentation: Option<String>,
    /// The disclosed fields as the portal verified them, name → text.
    pub disclosed: Option<std::collections::BTreeMap<String, String>>,
    /// Unix seconds of the answer.
    pub answered_at: Option<u64>,
}
