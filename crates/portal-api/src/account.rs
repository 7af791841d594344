//! Accounts and sessions: level-1 registration with a one-time code, device-key login, the
//! level-2 upgrade, and officer login.

use crate::constraints::{Date, IdNumber, ResourceId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/registrations`: start a level-1 registration. A one-time code is sent to the phone
/// (in `--demo`, written to the portal's log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// 12-digit personal identification number.
    #[schema(value_type = IdNumber)]
    pub id_number: String,
    /// Phone number, digits only, 10 or 11 digits (e.g. `0912345678`).
    #[schema(
        pattern = "^[0-9]{10,11}$",
        min_length = 10,
        max_length = 11,
        example = "0912345678"
    )]
    pub phone: String,
    /// Full name as on the ID card: at most 100 characters, no control or text-direction
    /// character (`constraints::NAME`). It must match the population registry's, compared after
    /// NFC, case and spacing are folded; the account then carries the registry's spelling.
    #[schema(
        pattern = r"^[^\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff]*[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff][^\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff]*$",
        max_length = 100,
        example = "Nguyễn Văn An"
    )]
    pub full_name: String,
    /// Date of birth, YYYY-MM-DD.
    #[schema(value_type = Date)]
    pub date_of_birth: String,
    /// The wallet's device public key: P-256 as SEC1 bytes in hex, compressed (66 characters,
    /// what the wallet sends); the portal also takes the uncompressed (130) and compact forms.
    #[schema(
        pattern = "^(?:0[235][0-9a-fA-F]{64}|04[0-9a-fA-F]{128})$",
        example = "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    )]
    pub device_public_key: String,
}

/// The answer to a registration: where to send the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegisterResponse {
    /// The pending registration.
    #[schema(value_type = ResourceId)]
    pub registration_id: String,
    /// When the code stops working (Unix seconds).
    pub code_expires_at: u64,
}

/// `POST /v1/registrations/{id}/verify`: the one-time code, and for a level-2 account moving to
/// this device, the recovery proof if the wallet has its recovery key (from a backup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VerifyCodeRequest {
    /// Six digits.
    #[schema(pattern = "^[0-9]{6}$", min_length = 6, max_length = 6)]
    pub code: String,
    /// The account's recovery key's signature (ES256, raw r‖s, hex) over
    /// [`recovery_message`]`(registration id, this registration's device key)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9a-fA-F]{128}$", min_length = 128, max_length = 128)]
    pub recovery_signature: Option<String>,
}

/// The bytes an account's recovery key signs to move the account to a new device at once
/// (`POST /v1/registrations/{id}/verify`): `"eid-portal recover v1:" ‖ registration id ‖ ":" ‖
/// the new device key as registered (lower-case hex)`, UTF-8.
pub fn recovery_message(registration_id: &str, device_key_hex: &str) -> String {
    format!(
        "eid-portal recover v1:{registration_id}:{}",
        device_key_hex.to_lowercase()
    )
}

/// Where moving an account to a new device stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MoveState {
    /// Waiting until `moves_at`: the current device may cancel, an officer may approve earlier.
    Waiting,
    /// Done: the account is on the new device.
    Moved,
    /// Cancelled from the account's current device.
    Cancelled,
    /// Refused by an officer.
    Rejected,
}

/// A move of an account to a new device (`202` from verify, `GET /v1/registrations/{id}/move`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MoveView {
    /// The registration that asked for it (also the move's id).
    #[schema(value_type = ResourceId)]
    pub registration_id: String,
    /// The account being moved.
    #[schema(value_type = ResourceId)]
    pub account_id: String,
    /// Where it stands.
    pub state: MoveState,
    /// When it was asked for (Unix seconds).
    pub requested_at: u64,
    /// When it happens unless cancelled (Unix seconds).
    pub moves_at: u64,
}

/// A move waiting on an account, as its current device sees it (so it can cancel it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PendingMove {
    /// When it was asked for (Unix seconds).
    pub requested_at: u64,
    /// When it happens unless cancelled (Unix seconds).
    pub moves_at: u64,
}

/// `POST /v1/account/recovery-key`: the public half of the wallet's recovery key, kept only in
/// the citizen's encrypted backup, which moves the account to a restored wallet at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecoveryKeyRequest {
    /// P-256, SEC1 hex (as a device key).
    #[schema(pattern = "^(?:0[235][0-9a-fA-F]{64}|04[0-9a-fA-F]{128})$")]
    pub public_key: String,
}

/// A move in the officers' queue (`GET /v1/officer/moves`): for the in-person check that
/// approves it early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MoveQueueItem {
    /// The move.
    pub waiting: MoveView,
    /// The ID number to check against the card in person.
    #[schema(value_type = IdNumber)]
    pub id_number: String,
    /// Full name.
    pub full_name: String,
}

/// An account as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AccountView {
    /// The account's id.
    #[schema(value_type = ResourceId)]
    pub account_id: String,
    /// 1 or 2.
    #[schema(minimum = 1, maximum = 2)]
    pub level: u8,
    /// The ID number.
    #[schema(value_type = IdNumber)]
    pub id_number: String,
    /// Full name.
    pub full_name: String,
    /// The state of a level-2 request, if one was made.
    pub upgrade: Option<UpgradeState>,
    /// A move of this account to another device, waiting (the earliest, if several): this
    /// device may cancel it (`POST /v1/account/moves/cancel`).
    #[serde(default)]
    pub pending_move: Option<PendingMove>,
    /// Whether the account has a recovery key (set by the wallet, `POST /v1/account/recovery-key`).
    #[serde(default)]
    pub recovery_key_set: bool,
}

/// `POST /v1/sessions/challenge`: ask for a challenge to sign with the device key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeRequest {
    /// The account's id.
    #[schema(value_type = ResourceId)]
    pub account_id: String,
}

/// A challenge: 32 random bytes, valid for 60 seconds, usable once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeResponse {
    /// Hex.
    #[schema(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64)]
    pub challenge: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// The bytes a device key signs to log in (`POST /v1/sessions`):
/// `"eid-portal login v1:" ‖ account id ‖ ":" ‖ challenge hex`, UTF-8.
pub fn login_message(account_id: &str, challenge_hex: &str) -> String {
    format!("eid-portal login v1:{account_id}:{challenge_hex}")
}

/// `POST /v1/sessions`: the challenge signed (ES256, raw r‖s, hex) by the registered device key
/// over the bytes `"eid-portal login v1:" ‖ account_id ‖ ":" ‖ challenge hex`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SessionRequest {
    /// The account's id.
    #[schema(value_type = ResourceId)]
    pub account_id: String,
    /// The challenge, hex, as the portal gave it.
    #[schema(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64)]
    pub challenge: String,
    /// The signature, hex (128 characters).
    #[schema(pattern = "^[0-9a-fA-F]{128}$", min_length = 128, max_length = 128)]
    pub signature: String,
}

/// `POST /v1/officer/sessions`: an officer's login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OfficerLoginRequest {
    /// The officer's user name (provisioned by configuration).
    pub username: String,
    /// The password.
    pub password: String,
}

/// A session: a bearer token for `Authorization: Bearer …`, short-lived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SessionResponse {
    /// The token (32 random bytes, hex).
    #[schema(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64)]
    pub token: String,
    /// Unix seconds.
    pub expires_at: u64,
}

/// Where a level-2 request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpgradeState {
    /// Waiting for the in-person check.
    Requested,
    /// Level 2 granted; documents are issued.
    Approved,
    /// Refused (the reason is in the feed).
    Rejected,
}

/// A level-2 request waiting in the officers' queue (`GET /v1/officer/upgrades`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UpgradeQueueItem {
    /// The account asking.
    #[schema(value_type = ResourceId)]
    pub account_id: String,
    /// The ID number to check against the card in person.
    #[schema(value_type = IdNumber)]
    pub id_number: String,
    /// Full name.
    pub full_name: String,
    /// Date of birth, YYYY-MM-DD.
    #[schema(value_type = Date)]
    pub date_of_birth: String,
    /// Unix seconds.
    pub requested_at: u64,
}

/// `POST /v1/service/sessions`: a registered service's login (services are provisioned by
/// configuration, like officers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceLoginRequest {
    /// The service's id, e.g. `clinic-demo`.
    pub service_id: String,
    /// The service's secret.
    pub secret: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_login_message_is_the_documented_one() {
        assert_eq!(
            super::login_message("acc-1", "00ff"),
            "eid-portal login v1:acc-1:00ff"
        );
    }
}
