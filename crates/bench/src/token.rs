//! A signed-in citizen for wrk: registration with the demo one-time code read from the portal's
//! log, verification, and a device-key login, as the wallet does them.

use eid_credential::{Signer, SoftwareKey};
use eid_portal_api::account::RegisterRequest;
use eid_portal_client::PortalClient;
use eid_portal_client::Verified;
use std::path::PathBuf;
use std::time::Duration;

/// The citizen of the demo registry with `id_number`: (phone, full name, date of birth).
fn registry_entry(id_number: &str) -> Result<(String, String, String), String> {
    let text = include_str!("../../../assets/registry.json");
    let all: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let who = all
        .iter()
        .find(|c| c["id_number"] == id_number)
        .ok_or_else(|| format!("{id_number} is not in assets/registry.json"))?;
    let field = |name: &str| who[name].as_str().unwrap_or_default().to_owned();
    Ok((field("phone"), field("full_name"), field("date_of_birth")))
}

/// Registers and logs in `id_number`; returns the session token.
pub fn run(portal: &str, logs: &[PathBuf], id_number: &str) -> Result<String, String> {
    let (phone, full_name, date_of_birth) = registry_entry(id_number)?;
    let device = SoftwareKey::generate(&mut rand_core::OsRng);
    let mut client =
        PortalClient::new(portal, Duration::from_secs(10)).map_err(|e| e.to_string())?;
    let registration = client
        .register(&RegisterRequest {
            id_number: id_number.to_owned(),
            phone,
            full_name,
            date_of_birth,
            device_public_key: hex::encode(device.public_key().compressed()),
        })
        .map_err(|e| e.to_string())?;
    let code = crate::logs::code_for(logs, &registration.registration_id)?;
    let account = match client
        .verify_code(&registration.registration_id, &code, None)
        .map_err(|e| e.to_string())?
    {
        Verified::Account(a) => a,
        Verified::MoveWaiting(_) => return Err(format!("{id_number} is already registered")),
    };
    let session = client
        .login(&account.account_id, &device)
        .map_err(|e| e.to_string())?;
    Ok(session.token)
}
