//! `eid wallet …`: every use case of the citizen's wallet from a terminal, for scripts.
//!
//! Each call is one process: it unlocks the wallet with the PIN, does one thing, and exits
//! (locking it). Secrets never come from arguments (they would show in `ps` and shell history):
//! the PIN from `$EID_PIN` or, with `--stdin`, from the first line of standard input; a new PIN
//! from `$EID_NEW_PIN` or the next line; a backup passphrase from `$EID_PASSPHRASE` or the next
//! line. The wallet lives in `--home` (or `$EID_HOME`). The keystore is the platform's (on Linux,
//! the desktop's Secret Service: GNOME Keyring or KWallet), or with `--keystore keyutils` (or
//! `$EID_KEYSTORE`) the kernel's session keyring, for headless machines: that one is emptied at
//! logout and reboot, and `create`, `restore` and `unlock` say so. The portal commands are in
//! `portal.rs`.

use crate::exit::{self, print_json, refuse};
use eid_wallet::{
    Clock, CounterTrust, Destination, DocType, FixedClock, KeyringKeystore, KeystoreChoice,
    Scanned, SystemClock, Wallet,
};
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

/// Arguments of `eid wallet`.
#[derive(clap::Args)]
pub struct Args {
    /// Where the wallet lives.
    #[arg(long, env = "EID_HOME")]
    home: PathBuf,
    /// Act as at this time (RFC 3339) instead of now.
    #[arg(long)]
    at: Option<String>,
    /// Read secrets (PIN, new PIN, passphrase) from standard input, one per line.
    #[arg(long)]
    stdin: bool,
    /// The portal's address.
    #[arg(long, env = "EID_PORTAL_URL", default_value = "http://127.0.0.1:8080")]
    portal: String,
    /// Seconds one call to the portal may take.
    #[arg(long, default_value_t = 15)]
    timeout: u64,
    /// Where the wallet's key is kept: `platform` (on Linux the Secret Service), or `keyutils`
    /// (the kernel's session keyring: emptied at logout and reboot).
    #[arg(long, env = "EID_KEYSTORE", default_value = "platform")]
    keystore: String,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(clap::Subcommand)]
enum Cmd {
    /// Create a wallet protected by a 6-digit PIN.
    Create,
    /// Check the PIN (counts as a try: wrong PINs are throttled).
    Unlock,
    /// Show which keystore holds the wallet's key and whether it survives a reboot (JSON).
    Keystore,
    /// Change the PIN (new PIN from $EID_NEW_PIN or the next input line).
    ChangePin,
    /// List documents as JSON.
    List,
    /// Show one document's fields as JSON.
    Show {
        /// The document's id (from `list`).
        id: String,
    },
    /// Add an issued document file (document.cbor) bound to this wallet's device key.
    Add {
        /// The file.
        file: PathBuf,
    },
    /// Add the sample issuer's document of a type, bound to this wallet (a demo until the portal
    /// issues real ones).
    AddSample {
        /// citizen_id_card, driving_licence, vehicle_registration or health_insurance.
        #[arg(long = "type")]
        doc_type: String,
        /// The sample world's seed (its trust list is `eid sample --seed N`'s).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Present chosen fields: print the QR text (and write a PNG).
    Present {
        /// The document's id.
        id: String,
        /// Comma-separated field names.
        #[arg(long, value_delimiter = ',', required = true)]
        fields: Vec<String>,
        /// Who it is for (logged).
        #[arg(long)]
        audience: Option<String>,
        /// Also write the QR as a PNG here.
        #[arg(long)]
        png: Option<PathBuf>,
    },
    /// Verify a presentation as a counter and log the result.
    Verify {
        /// The trust bundle (trust-list.cbor).
        #[arg(long, env = "EID_TRUST")]
        trust: PathBuf,
        /// The QR text.
        #[arg(long)]
        text: String,
    },
    /// Print the revocation code that blocks this phone on the portal's /lost-phone page if it
    /// is lost or stolen (made and registered by the first sync after registration).
    RevocationCode,
    /// Print the activity log as JSON (newest first).
    Log {
        /// At most this many entries.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Write the whole activity log as JSON to a file.
    ExportLog {
        /// The file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write an encrypted backup (passphrase from $EID_PASSPHRASE or the next input line).
    Backup {
        /// The backup file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into a new wallet here (passphrase, then the new PIN).
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Wipe the wallet and its keystore entry (the PIN is asked, unless the wallet can no longer
    /// be opened here: locked out, or its keystore secret is gone).
    Reset {
        /// Confirm.
        #[arg(long, required = true)]
        yes: bool,
    },
    #[command(flatten)]
    Portal(crate::portal::PortalCmd),
}

/// Secrets, from the environment or standard input, in order.
struct Secrets {
    lines: Vec<String>,
    next: usize,
}

impl Secrets {
    fn new(stdin: bool) -> Self {
        let lines = if stdin {
            std::io::stdin()
                .lock()
                .lines()
                .map_while(Result::ok)
                .collect()
        } else {
            Vec::new()
        };
        Secrets { lines, next: 0 }
    }

    fn take(&mut self, env: &str, what: &str) -> Result<String, String> {
        if let Ok(v) = std::env::var(env) {
            return Ok(v);
        }
        let line = self.lines.get(self.next).cloned();
        self.next += 1;
        line.map(|l| l.trim_end_matches('\r').to_owned())
            .ok_or_else(|| format!("give the {what} in ${env} or on standard input with --stdin"))
    }
}

/// Says on standard error when the keystore in use is emptied at logout or reboot.
fn warn_if_lost_at_reboot(w: &Wallet) {
    if !w.keystore_info().survives_reboot {
        eprintln!(
            "eid: warning: this wallet's key is in the kernel's session keyring, which is emptied at \
             logout and reboot; after that the wallet cannot be opened. Keep a backup \
             (`eid wallet backup`), or use the desktop's keyring (`--keystore platform`)."
        );
    }
}

/// Runs one wallet command.
pub fn run(args: Args) -> u8 {
    let clock: Arc<dyn Clock> = match &args.at {
        Some(_) => match exit::time_arg(args.at.as_deref()) {
            Ok(t) => Arc::new(FixedClock::new(t)),
            Err(e) => return exit::fail(e),
        },
        None => Arc::new(SystemClock),
    };
    let keystore = match KeystoreChoice::parse(&args.keystore).and_then(KeyringKeystore::chosen) {
        Ok(k) => Arc::new(k),
        Err(e) => return refuse(e.into()),
    };
    let mut w = Wallet::new(
        &args.home,
        keystore,
        clock.clone(),
        Box::new(eid_wallet::OsRng),
    );
    let mut secrets = Secrets::new(args.stdin);
    macro_rules! secret {
        ($env:expr, $what:expr) => {
            match secrets.take($env, $what) {
                Ok(s) => s,
                Err(e) => return exit::fail(e),
            }
        };
    }
    macro_rules! attempt {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(e) => return refuse(e),
            }
        };
    }
    match args.command {
        Cmd::Keystore => return print_json(&w.keystore_info()),
        Cmd::Create => {
            let pin = secret!("EID_PIN", "PIN");
            attempt!(w.create(&pin));
            eprintln!("eid: wallet created in {}", args.home.display());
            warn_if_lost_at_reboot(&w);
            return exit::OK;
        }
        Cmd::Restore { file } => {
            let bytes = match exit::read(&file) {
                Ok(b) => b,
                Err(e) => return exit::fail(e),
            };
            let pass = secret!("EID_PASSPHRASE", "backup passphrase");
            let pin = secret!("EID_PIN", "new PIN");
            let restored = attempt!(w.restore(&bytes, &pass, &pin));
            eprintln!(
                "eid: restored {} documents and {} waiting submissions; the documents must be renewed for this device before they can be shown",
                restored.documents, restored.waiting_submissions
            );
            warn_if_lost_at_reboot(&w);
            return exit::OK;
        }
        Cmd::Reset { .. } => {
            let needs_pin = attempt!(w.reset_needs_pin());
            let pin = if needs_pin {
                Some(secret!("EID_PIN", "PIN"))
            } else {
                None
            };
            attempt!(w.reset(pin.as_deref()));
            eprintln!("eid: wallet wiped");
            return exit::OK;
        }
        Cmd::ChangePin => {
            let old = secret!("EID_PIN", "PIN");
            let new = secret!("EID_NEW_PIN", "new PIN");
            attempt!(w.change_pin(&old, &new));
            eprintln!("eid: PIN changed");
            return exit::OK;
        }
        _ => {}
    }
    let pin = secret!("EID_PIN", "PIN");
    attempt!(w.unlock(&pin));
    match args.command {
        Cmd::Unlock => {
            warn_if_lost_at_reboot(&w);
            exit::OK
        }
        Cmd::List => print_json(&attempt!(w.documents())),
        Cmd::Show { id } => print_json(&attempt!(w.document(&id))),
        Cmd::Add { file } => match exit::read(&file) {
            Ok(bytes) => {
                println!("{}", attempt!(w.add_document(&bytes)));
                exit::OK
            }
            Err(e) => exit::fail(e),
        },
        Cmd::AddSample { doc_type, seed } => match DocType::from_name(&doc_type) {
            Some(t) => {
                println!("{}", attempt!(w.add_sample_document(t, seed)));
                exit::OK
            }
            None => exit::fail(format!("unknown document type {doc_type:?}")),
        },
        Cmd::Present {
            id,
            fields,
            audience,
            png,
        } => {
            let names: Vec<&str> = fields.iter().map(String::as_str).collect();
            let p = attempt!(w.present(&id, &names, None, audience.as_deref()));
            if let Some(path) = png {
                let image = attempt!(p.png(6));
                if let Err(e) = std::fs::write(&path, image) {
                    return exit::fail(format!("cannot write {}: {e}", path.display()));
                }
            }
            println!("{}", p.text);
            exit::OK
        }
        Cmd::Verify { trust, text } => {
            let bundle = match exit::read(&trust) {
                Ok(b) => b,
                Err(e) => return exit::fail(e),
            };
            let report =
                attempt!(w.verify_at_counter(CounterTrust::Bundle(&bundle), Scanned::Text(&text)));
            match print_json(&report) {
                exit::OK if !report.valid => exit::NO,
                code => code,
            }
        }
        Cmd::RevocationCode => {
            match attempt!(w.revocation_code()) {
                Some(code) => {
                    println!("{code}");
                    exit::OK
                }
                None => {
                    eprintln!("eid: no revocation code yet: run `eid wallet sync` once the account exists");
                    exit::NO
                }
            }
        }
        Cmd::Log { limit } => print_json(&attempt!(w.activity(limit))),
        Cmd::ExportLog { out } => {
            attempt!(w.save_activity(Destination::File(&out)));
            exit::OK
        }
        Cmd::Backup { out } => {
            let pass = secret!("EID_PASSPHRASE", "backup passphrase");
            attempt!(w.save_backup(&pin, &pass, Destination::File(&out)));
            exit::OK
        }
        Cmd::Portal(cmd) => crate::portal::run(
            cmd,
            &mut w,
            &args.portal,
            std::time::Duration::from_secs(args.timeout.max(1)),
        ),
        Cmd::Create | Cmd::Keystore | Cmd::Restore { .. } | Cmd::Reset { .. } | Cmd::ChangePin => {
            exit::OK
        }
    }
}
