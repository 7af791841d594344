//! Property tests: any bytes as a backup file give a typed error, never a panic.

use eid_store::backup;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_backup_are_refused(body in proptest::collection::vec(any::<u8>(), 0..200), magic in any::<bool>()) {
        let mut file = if magic { backup::MAGIC.to_vec() } else { Vec::new() };
        file.extend_from_slice(&body);
        let err = backup::open_backup(&file, "a long enough passphrase").unwrap_err();
        prop_assert!(err.code().starts_with("backup_"));
    }
}
