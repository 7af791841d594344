//! `eid wallet register | verify-code | request-level2 | sync | apply | submissions |
//! read-share | share`: the wallet's use cases that talk to the portal (`--portal` or
//! `$EID_PORTAL_URL`). Each call signs in again with the device key; nothing is remembered
//! between calls except what the encrypted wallet stores.

use crate::exit::{self, print_json, refuse};
use eid_wallet::{ApplicationForm, CodeVerified, PortalClient, Registration, Wallet};
use std::path::PathBuf;
use std::time::Duration;

/// The portal commands of `eid wallet`.
#[derive(clap::Subcommand)]
pub enum PortalCmd {
    /// Register with the portal (level 1): a one-time code goes to the phone. With an existing
    /// account's ID number and phone, this moves the account to this wallet (after a restore).
    Register {
        /// 12-digit ID number.
        #[arg(long)]
        id_number: String,
        /// Phone number.
        #[arg(long)]
        phone: String,
        /// Full name as on the ID card.
        #[arg(long)]
        name: String,
        /// Date of birth, YYYY-MM-DD.
        #[arg(long)]
        dob: String,
    },
    /// Enter the one-time code of a registration. Prints the account; for a level-2 account
    /// moving from another device without the backup's recovery key, `{"move_waiting_until": T}`.
    VerifyCode {
        /// The registration id printed by `register`.
        registration: String,
        /// The six digits.
        code: String,
    },
    /// Ask for level 2 (then visit an office for the in-person check).
    RequestLevel2,
    /// Cancel a move of this account to another device (one you did not ask for).
    CancelMove,
    /// Send waiting submissions, then fetch trust lists, documents and application states.
    Sync {
        /// Try every waiting submission now instead of after its back-off.
        #[arg(long)]
        now: bool,
    },
    /// Queue applications from a JSON file holding one form or an array of forms (works
    /// offline; `sync` sends them). Prints each submission's id.
    Apply {
        /// The form(s) (see docs/api/openapi.json, ApplicationForm).
        file: PathBuf,
        /// Send it now as well.
        #[arg(long)]
        send: bool,
    },
    /// List submissions with their state (waiting, refused, submitted, in review, approved,
    /// rejected).
    Submissions,
    /// Show who asks for what in a service's request QR text (ER1:…).
    ReadShare {
        /// The QR text.
        qr: String,
    },
    /// Share the consented fields of a document with the service that made the request.
    Share {
        /// The QR text (ER1:…).
        qr: String,
        /// The document's id (from `list`).
        #[arg(long)]
        document: String,
        /// Comma-separated field names the citizen consents to share.
        #[arg(long, value_delimiter = ',', required = true)]
        fields: Vec<String>,
    },
}

/// One form or several.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Forms {
    One(Box<ApplicationForm>),
    Many(Vec<ApplicationForm>),
}

/// Runs one portal command on an unlocked wallet, with HTTP calls limited to `timeout`.
pub fn run(cmd: PortalCmd, w: &mut Wallet, portal: &str, timeout: Duration) -> u8 {
    let mut client = match PortalClient::new(portal, timeout) {
        Ok(c) => c,
        Err(e) => return exit::fail(format!("--portal {portal:?}: {e}")),
    };
    let code = run_with(cmd, w, &mut client);
    // Each call is one process: its session ends with it (best effort: offline, it expires).
    let _ = w.sign_out(&mut client);
    code
}

fn run_with(cmd: PortalCmd, w: &mut Wallet, client: &mut PortalClient) -> u8 {
    macro_rules! attempt {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(e) => return refuse(e.into()),
            }
        };
    }
    match cmd {
        PortalCmd::Register {
            id_number,
            phone,
            name,
            dob,
        } => {
            let who = Registration {
                id_number,
                phone,
                full_name: name,
                date_of_birth: dob,
            };
            println!("{}", attempt!(w.register(client, &who)));
            exit::OK
        }
        PortalCmd::VerifyCode { registration, code } => {
            match attempt!(w.verify_code(client, &registration, &code)) {
                CodeVerified::Registered { account } => print_json(&account),
                CodeVerified::MoveWaiting { moves_at } => {
                    eprintln!(
                        "eid: the account moves to this wallet at {} unless its current device \
                         cancels; an officer's in-person check can move it sooner; `sync` follows it",
                        eid_wallet::timefmt::to_rfc3339(moves_at)
                    );
                    print_json(&serde_json::json!({ "move_waiting_until": moves_at }))
                }
            }
        }
        PortalCmd::CancelMove => {
            attempt!(w.cancel_move(client));
            eprintln!("eid: every move of this account to another device is cancelled");
            exit::OK
        }
        PortalCmd::RequestLevel2 => print_json(&attempt!(w.request_level2(client))),
        PortalCmd::Sync { now: true } => print_json(&attempt!(w.retry_now(client))),
        PortalCmd::Sync { now: false } => print_json(&attempt!(w.sync(client))),
        PortalCmd::Apply { file, send } => {
            let text = match exit::read(&file) {
                Ok(b) => b,
                Err(e) => return exit::fail(e),
            };
            let forms = match serde_json::from_slice(&text) {
                Ok(Forms::One(f)) => vec![*f],
                Ok(Forms::Many(f)) => f,
                Err(e) => return exit::fail(format!("{} is not a form: {e}", file.display())),
            };
            for form in &forms {
                println!("{}", attempt!(w.apply(form, None)));
            }
            if send {
                print_json(&attempt!(w.sync(client)))
            } else {
                exit::OK
            }
        }
        PortalCmd::Submissions => print_json(&attempt!(w.submissions())),
        PortalCmd::ReadShare { qr } => print_json(&attempt!(w.read_share_request(&qr))),
        PortalCmd::Share {
            qr,
            document,
            fields,
        } => {
            let names: Vec<&str> = fields.iter().map(String::as_str).collect();
            attempt!(w.share(client, &qr, &document, &names));
            eprintln!("eid: shared {}", names.join(", "));
            exit::OK
        }
    }
}
