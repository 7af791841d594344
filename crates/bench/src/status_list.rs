//! The status list at national size: how large the signed list of `documents` documents is and
//! how long it takes to build, compress and sign, with a share of them revoked at random (the
//! worst case for compression: real revocations cluster, by superseded copies and by day).
//! This is the work the portal's trust cache does once per change (`issuer::status_list`); the
//! database's part, reading the revoked indexes, is not in it.

use eid_credential::{SoftwareKey, StatusList, StatusListToken};
use eid_portal_server::issuer::status_entries;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Prints one markdown row per share revoked (in per mille).
pub fn run(documents: u64, revoked_per_mille: &[u64]) -> Result<(), String> {
    let entries = status_entries(documents);
    if entries as usize > eid_credential::status::MAX_ENTRIES {
        return Err(format!(
            "{documents} documents need {entries} entries, past the {} one list holds",
            eid_credential::status::MAX_ENTRIES
        ));
    }
    let root = SoftwareKey::generate(&mut ChaCha8Rng::seed_from_u64(1));
    println!("| documents | entries | revoked | build | compress and sign | signed size |");
    println!("|---|---|---|---|---|---|");
    for &per_mille in revoked_per_mille {
        let mut rng = ChaCha8Rng::seed_from_u64(per_mille);
        let revoked: Vec<u64> = (0..documents * per_mille / 1000)
            .map(|_| rng.next_u64() % documents)
            .collect();
        let began = Instant::now();
        let mut list = StatusList::new(entries as usize);
        for &i in &revoked {
            list.revoke(i);
        }
        let built = began.elapsed();
        let began = Instant::now();
        let token = StatusListToken {
            issuer: eid_credential::Signer::public_key(&root).key_id(),
            issued_at: 1_800_000_000,
            expires_at: 1_800_086_400,
            list,
        };
        let signed = token.sign(&root).map_err(|e| e.to_string())?;
        let signing = began.elapsed();
        println!(
            "| {documents} | {entries} | {:.1} % ({}) | {:.1} ms | {:.0} ms | {:.1} KiB |",
            per_mille as f64 / 10.0,
            revoked.len(),
            built.as_secs_f64() * 1000.0,
            signing.as_secs_f64() * 1000.0,
            signed.len() as f64 / 1024.0
        );
    }
    Ok(())
}
