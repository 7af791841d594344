//! Arbitrary bytes as a backup file: a typed refusal, never a panic. The first byte picks
//! between the real magic + version header (to get past the cheap checks) and raw input.
#![no_main]

use eid_store::backup;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = match data.split_first() {
        Some((0, rest)) => [backup::MAGIC.as_slice(), &[0, 1], rest].concat(),
        _ => data.to_vec(),
    };
    if let Err(e) = backup::open_backup(&input, "a fixed fuzzing passphrase") {
        assert!(e.code().starts_with("backup_"));
    }
});
