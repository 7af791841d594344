//! Unlock and list, each beside the alternative it was chosen over, in one run.
//!
//! - `unlock/total`: key file read + keystore read (the keyring mock store; the kernel store
//!   adds microseconds) + Argon2id (19 MiB, t=2) + SQLCipher open with the raw key + first query.
//! - `unlock/argon2id_only`: the KDF alone, to show its share.
//! - `open/raw_key` vs `open/passphrase`: SQLCipher opened with a raw 32-byte key against its
//!   default passphrase path (PBKDF2-HMAC-SHA512, 256,000 iterations), each with a first query.
//! - `list_1000/sqlcipher` vs `list_1000/plain_sqlite`: listing 1,000 documents, encrypted
//!   against the same schema unencrypted.
//!
//! Run: `cargo bench -p eid-store --bench unlock`.

use criterion::{criterion_group, criterion_main, Criterion};
use eid_store::kdf::{self, KdfParams};
use eid_store::keystore::KeyringKeystore;
use eid_store::vault::Vault;
use eid_store::Db;
use rand_chacha::rand_core::SeedableRng;
use std::hint::black_box;

const NOW: u64 = 1_795_336_200;

fn unlock(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let ks = KeyringKeystore::new(keyring_core::mock::Store::new().unwrap());
    let vault = Vault::new(dir.path(), &ks);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    drop(vault.create("123456", &mut rng).unwrap());
    let mut g = c.benchmark_group("unlock");
    g.sample_size(20);
    g.bench_function("total", |b| {
        b.iter(|| {
            let db = vault.unlock("123456", NOW).unwrap();
            black_box(db.documents().unwrap())
        })
    });
    g.bench_function("argon2id_only", |b| {
        b.iter(|| {
            black_box(kdf::derive(
                b"123456",
                &[7u8; 16],
                Some(&[9u8; 32]),
                KdfParams::PIN,
            ))
        })
    });
    g.finish();

    let raw = dir.path().join("raw.db");
    drop(Db::create(&raw, &[5u8; 32]).unwrap());
    let pass = dir.path().join("pass.db");
    {
        let conn = rusqlite::Connection::open(&pass).unwrap();
        conn.execute_batch("PRAGMA key = 'a passphrase'; CREATE TABLE t (x);")
            .unwrap();
    }
    let mut g = c.benchmark_group("open");
    g.sample_size(10);
    g.bench_function("raw_key", |b| {
        b.iter(|| black_box(Db::open(&raw, &[5u8; 32]).unwrap()))
    });
    g.bench_function("passphrase", |b| {
        b.iter(|| {
            let conn = rusqlite::Connection::open(&pass).unwrap();
            conn.execute_batch("PRAGMA key = 'a passphrase';").unwrap();
            black_box(
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
                .unwrap(),
            )
        })
    });
    g.finish();
}

fn fill(db: &mut Db) {
    db.transaction(|db| {
        for i in 0..1000u64 {
            db.put_document(
                &format!("doc-{i:04}"),
                "health_insurance",
                &[i as u8; 700],
                NOW + i,
            )?;
        }
        Ok(())
    })
    .unwrap();
}

fn list(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut enc = Db::create(&dir.path().join("enc.db"), &[5u8; 32]).unwrap();
    fill(&mut enc);
    let plain = rusqlite::Connection::open(dir.path().join("plain.db")).unwrap();
    plain
        .execute_batch(include_str!("../migrations/001_initial.sql"))
        .unwrap();
    plain.execute_batch("BEGIN").unwrap();
    for i in 0..1000u64 {
        plain
            .execute(
                "INSERT INTO documents (id, doc_type, issued_bytes, received_at) VALUES (?1, 'health_insurance', ?2, ?3)",
                rusqlite::params![format!("doc-{i:04}"), vec![i as u8; 700], (NOW + i) as i64],
            )
            .unwrap();
    }
    plain.execute_batch("COMMIT").unwrap();
    assert_eq!(enc.documents().unwrap().len(), 1000);
    let mut g = c.benchmark_group("list_1000");
    g.bench_function("sqlcipher", |b| {
        b.iter(|| black_box(enc.documents().unwrap()))
    });
    g.bench_function("plain_sqlite", |b| {
        b.iter(|| {
            let mut stmt = plain
                .prepare_cached("SELECT id, doc_type, received_at, needs_rebinding FROM documents ORDER BY received_at DESC, id")
                .unwrap();
            let rows: Vec<(String, String, i64, bool)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            black_box(rows)
        })
    });
    g.finish();
}

criterion_group!(benches, unlock, list);
criterion_main!(benches);
