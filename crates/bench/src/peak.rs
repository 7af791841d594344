//! The evening peak: distinct citizens of a synthetic registry (see [`crate::registry`]) sign in
//! and sync as the wallet does, first at a fixed number of connections (the capacity), then at a
//! fixed rate of twice that capacity (the overload), where the portal must shed.
//!
//! Setup goes through the portal's own API, as citizens and an officer would: registration
//! (each citizen from its own address, passed as `X-Forwarded-For` by a trusted proxy, so the
//! per-address limit counts it alone), the demo one-time code from the portals' logs, the level-2
//! request and the officer's approval, which issues the documents.
//!
//! One sync is the wallet's (`Wallet::sync` for a signed-out wallet with nothing to send): a
//! challenge, the signed session, the trust bundle asked with its `ETag` (a 304), the change feed
//! and the documents. A sync answered `503` anywhere is shed: the citizen waits `Retry-After`, as
//! the wallet's client does, and syncs again from the start.

use crate::logs;
use crossbeam_channel::{Receiver, Sender};
use eid_credential::{Signer, SoftwareKey};
use eid_portal_api::account::{RegisterRequest, RegisterResponse};
use eid_portal_api::applications::DecisionRequest;
use eid_portal_client::outbox::retry_delay_secs;
use eid_portal_client::{ClientError, PortalClient, TrustAnswer, Verified};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BinaryHeap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a run is given (the `eid-bench peak` arguments).
#[derive(clap::Args)]
pub struct Options {
    /// The portal's (or load balancer's) base URL; it must trust this machine as a proxy.
    pub portal: String,
    /// The portals' log files (the demo one-time codes are written there).
    #[arg(required = true)]
    pub logs: Vec<PathBuf>,
    /// The registry's seed, as given to `eid-bench registry`.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How many citizens the registry holds.
    #[arg(long)]
    pub registry_size: u64,
    /// How many of them sign up and sync, spread evenly over the registry.
    #[arg(long, default_value_t = 10_000)]
    pub citizens: usize,
    /// Connections of the capacity phase.
    #[arg(long, default_value_t = 64)]
    pub connections: usize,
    /// Seconds of each phase.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// The overload phase's rate, as a multiple of the capacity measured.
    #[arg(long, default_value_t = 2.0)]
    pub overload: f64,
    /// Threads of the overload phase, each carrying one sync at a time: the most syncs the
    /// portal can see at once.
    #[arg(long, default_value_t = 512)]
    pub overload_threads: usize,
    /// The officer who approves level 2, `USER:PASSWORD`.
    #[arg(long, default_value = "officer:demo-officer-pass")]
    pub officer: String,
    /// The portal's process id: its CPU time per sync is reported (Linux).
    #[arg(long)]
    pub portal_pid: Option<u32>,
}

/// CPU seconds used so far by process `pid` (`self` for this one), from `/proc` (Linux); 0
/// elsewhere. Clock ticks are taken as 100 per second, Linux's value on every common platform.
fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may hold spaces; the fields after its `)` are fixed.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15, the 12th and 13th after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU seconds of the portal (when its pid is known) and of this generator.
fn cpu(o: &Options) -> (f64, f64) {
    let portal = o.portal_pid.map_or(0.0, |p| cpu_seconds(&p.to_string()));
    (portal, cpu_seconds("self"))
}

/// A citizen ready to sync: the account and the device key it signs in with.
struct Citizen {
    account_id: String,
    device: SoftwareKey,
}

const TIMEOUT: Duration = Duration::from_secs(30);
/// How many times a shed citizen tries again before giving up (the wallet's user would tap
/// again later).
const MAX_ATTEMPTS: u32 = 5;

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Runs the setup and both phases; prints a markdown table.
pub fn run(o: &Options) -> Result<(), String> {
    if o.citizens == 0 || o.citizens as u64 > o.registry_size {
        return Err("between 1 and the registry's size of citizens sync".into());
    }
    let started = Instant::now();
    let citizens = set_up(o)?;
    eprintln!(
        "eid-bench: {} citizens registered and at level 2 in {:.1} s",
        citizens.len(),
        started.elapsed().as_secs_f64()
    );
    println!("| phase | offered syncs/s | synced/s | sync p50 | sync p99 | accepted step p99 | shed answers | shed answer p99 | retried, then synced | gave up | other errors | portal CPU per sync | generator CPU per sync |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let before = cpu(o);
    let mut capacity = closed_loop(o, &citizens);
    let after = cpu(o);
    capacity.cpu = (after.0 - before.0, after.1 - before.1);
    let rate = capacity.synced_per_second() * o.overload;
    capacity.print(&format!("capacity, {} connections", o.connections), None);
    let before = cpu(o);
    let mut overload = open_loop(o, &citizens, rate);
    let after = cpu(o);
    overload.cpu = (after.0 - before.0, after.1 - before.1);
    overload.print(
        &format!("{:.0}× capacity, fixed rate", o.overload),
        Some(rate),
    );
    Ok(())
}

/// Registers `o.citizens` citizens, verifies their codes, signs them in, asks for level 2 and
/// has the officer approve it.
fn set_up(o: &Options) -> Result<Vec<Citizen>, String> {
    let stride = o.registry_size / o.citizens as u64;
    let threads = 16;
    let http = reqwest::blocking::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(text)?;
    // Registrations first: their codes are then read from the logs in one pass.
    let next = AtomicUsize::new(0);
    let registered: Mutex<Vec<(usize, String, SoftwareKey)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= o.citizens {
                            return Ok(());
                        }
                        let device = SoftwareKey::generate(&mut rand_core::OsRng);
                        let id = register(&http, o, k as u64 * stride, k, &device)?;
                        registered.lock().map_err(text)?.push((k, id, device));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().map_err(|_| "a setup thread panicked".to_owned())?)
    })?;
    let codes = logs::codes(&o.logs);
    let mut registered = registered.into_inner().map_err(text)?;
    registered.sort_by_key(|(k, _, _)| *k);
    let (user, password) = o
        .officer
        .split_once(':')
        .ok_or("--officer is USER:PASSWORD")?;
    let mut officer = PortalClient::new(&o.portal, TIMEOUT).map_err(text)?;
    officer
        .officer_login(user, password)
        .map_err(|e| format!("officer login: {e}"))?;
    let work = Mutex::new(registered.into_iter());
    let ready: Mutex<Vec<Citizen>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    let mut client = PortalClient::new(&o.portal, TIMEOUT).map_err(text)?;
                    loop {
                        let Some((_, registration, device)) = work.lock().map_err(text)?.next()
                        else {
                            return Ok(());
                        };
                        let code = codes
                            .get(&registration)
                            .ok_or_else(|| format!("no code for {registration} in the logs"))?;
                        let account_id = match client
                            .verify_code(&registration, code, None)
                            .map_err(text)?
                        {
                            Verified::Account(a) => a.account_id,
                            Verified::MoveWaiting(_) => {
                                return Err(
                                    "a citizen was already registered: use a fresh database".into(),
                                )
                            }
                        };
                        client.login(&account_id, &device).map_err(text)?;
                        client.request_upgrade().map_err(text)?;
                        client.sign_out().map_err(text)?;
                        let approve = DecisionRequest {
                            approve: true,
                            reason: None,
                        };
                        officer
                            .decide_upgrade(&account_id, &approve)
                            .map_err(|e| format!("approval: {e}"))?;
                        ready
                            .lock()
                            .map_err(text)?
                            .push(Citizen { account_id, device });
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().map_err(|_| "a setup thread panicked".to_owned())?)
    })?;
    ready.into_inner().map_err(text)
}

/// Registers citizen `index` of the registry from address number `k`; returns the
/// registration's id.
fn register(
    http: &reqwest::blocking::Client,
    o: &Options,
    index: u64,
    k: usize,
    device: &SoftwareKey,
) -> Result<String, String> {
    let c = crate::registry::citizen(o.seed, index);
    let field = |name: &str| c[name].as_str().unwrap_or_default().to_owned();
    let req = RegisterRequest {
        id_number: field("id_number"),
        phone: field("phone"),
        full_name: field("full_name"),
        date_of_birth: field("date_of_birth"),
        device_public_key: hex::encode(device.public_key().compressed()),
    };
    let address = format!("10.{}.{}.{}", (k >> 16) & 255, (k >> 8) & 255, k & 255);
    let answer = http
        .post(format!(
            "{}/v1/registrations",
            o.portal.trim_end_matches('/')
        ))
        .header("x-forwarded-for", address)
        .json(&req)
        .send()
        .map_err(text)?;
    let status = answer.status();
    let body = answer.text().map_err(text)?;
    if status.as_u16() != 201 {
        return Err(format!(
            "registration of {}: {status} {body}",
            req.id_number
        ));
    }
    let r: RegisterResponse = serde_json::from_str(&body).map_err(text)?;
    Ok(r.registration_id)
}

/// How one sync ended.
enum Synced {
    /// Every answer came.
    Done,
    /// A `503`: try again after this many seconds.
    Shed(u64),
    /// Anything else.
    Failed(String),
}

/// One wallet sync of `c` on `client`; `etag` is the trust bundle's tag this device holds.
/// Each step's time to its answer goes to `t`: [`Tally::answers`] when accepted,
/// [`Tally::shed`] when answered `503`.
fn sync(
    client: &mut PortalClient,
    c: &Citizen,
    etag: &mut Option<String>,
    t: &mut Tally,
) -> Synced {
    let mut step = |f: &mut dyn FnMut(&mut PortalClient) -> Result<(), ClientError>| {
        let began = Instant::now();
        let result = f(client);
        match &result {
            Ok(()) => t.answers.push(micros(began)),
            Err(ClientError::Api { status: 503, .. }) => t.shed.push(micros(began)),
            Err(_) => {}
        }
        result
    };
    let result = (|| -> Result<(), ClientError> {
        step(&mut |cl| {
            cl.set_token(None);
            cl.login(&c.account_id, &c.device).map(drop)
        })?;
        step(&mut |cl| {
            if let TrustAnswer::Changed { etag: tag, .. } = cl.trust_if_changed(etag.as_deref())? {
                *etag = tag;
            }
            Ok(())
        })?;
        step(&mut |cl| cl.feed(0, 200).map(drop))?;
        step(&mut |cl| cl.documents().map(drop))
    })();
    match result {
        Ok(()) => Synced::Done,
        Err(e @ ClientError::Api { status: 503, .. }) => Synced::Shed(e.retry_after().unwrap_or(1)),
        Err(e) => Synced::Failed(e.to_string()),
    }
}

/// What one phase measured.
#[derive(Default)]
struct Tally {
    /// Microseconds from each accepted sync's due time (its start, in the capacity phase) to
    /// its last answer.
    synced: Vec<u64>,
    /// Microseconds from each accepted step's request to its answer (the sign-in's two
    /// requests are one step).
    answers: Vec<u64>,
    /// Microseconds from a shed step's request to its `503`.
    shed: Vec<u64>,
    /// Syncs done after at least one `503`.
    retried_then_synced: u64,
    /// Syncs shed [`MAX_ATTEMPTS`] times.
    gave_up: u64,
    /// Other failures, with the first one's text.
    failed: u64,
    first_failure: Option<String>,
    /// The phase's length.
    elapsed: Duration,
    /// CPU seconds the portal and this generator used in the phase.
    cpu: (f64, f64),
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.synced.extend(other.synced);
        self.shed.extend(other.shed);
        self.answers.extend(other.answers);
        self.retried_then_synced += other.retried_then_synced;
        self.gave_up += other.gave_up;
        self.failed += other.failed;
        self.first_failure = self.first_failure.take().or(other.first_failure);
    }

    fn synced_per_second(&self) -> f64 {
        self.synced.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn print(mut self, phase: &str, offered: Option<f64>) {
        let ms = |v: &mut Vec<u64>, q: f64| -> String {
            if v.is_empty() {
                return "–".into();
            }
            v.sort_unstable();
            let i = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1;
            format!("{:.1} ms", v[i] as f64 / 1000.0)
        };
        let rate = self.synced_per_second();
        let synced = self.synced.len().max(1) as f64;
        let per_sync = |seconds: f64| -> String {
            if seconds <= 0.0 {
                return "–".into();
            }
            format!("{:.0} µs", seconds * 1e6 / synced)
        };
        let offered = offered.map_or_else(|| "–".to_owned(), |r| format!("{r:.0}"));
        println!(
            "| {phase} | {offered} | {rate:.0} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            ms(&mut self.synced, 0.5),
            ms(&mut self.synced, 0.99),
            ms(&mut self.answers, 0.99),
            self.shed.len(),
            ms(&mut self.shed, 0.99),
            self.retried_then_synced,
            self.gave_up,
            self.failed,
            per_sync(self.cpu.0),
            per_sync(self.cpu.1),
        );
        if let Some(f) = self.first_failure {
            eprintln!("eid-bench: {phase}: first error: {f}");
        }
    }
}

/// The capacity phase: `o.connections` devices sync back to back for `o.seconds`.
fn closed_loop(o: &Options, citizens: &[Citizen]) -> Tally {
    let next = AtomicUsize::new(0);
    let ready = std::sync::Barrier::new(o.connections + 1);
    let clock = Mutex::new(None::<Instant>);
    let mut total = Tally::default();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..o.connections)
            .map(|_| {
                s.spawn(|| {
                    let mut t = Tally::default();
                    let client = PortalClient::new(&o.portal, TIMEOUT);
                    ready.wait();
                    let end = clock
                        .lock()
                        .ok()
                        .and_then(|c| *c)
                        .unwrap_or_else(Instant::now)
                        + Duration::from_secs(o.seconds);
                    let Ok(mut client) = client else {
                        t.failed += 1;
                        return t;
                    };
                    let mut etag = None;
                    while Instant::now() < end {
                        let c = &citizens[next.fetch_add(1, Ordering::Relaxed) % citizens.len()];
                        let began = Instant::now();
                        match sync(&mut client, c, &mut etag, &mut t) {
                            Synced::Done => t.synced.push(micros(began)),
                            Synced::Shed(after) => {
                                std::thread::sleep(Duration::from_secs(after));
                            }
                            Synced::Failed(e) => {
                                t.failed += 1;
                                t.first_failure.get_or_insert(e);
                            }
                        }
                    }
                    t
                })
            })
            .collect();
        if let Ok(mut c) = clock.lock() {
            *c = Some(Instant::now());
        }
        ready.wait();
        for w in workers {
            if let Ok(t) = w.join() {
                total.merge(t);
            }
        }
    });
    total.elapsed = clock
        .into_inner()
        .ok()
        .flatten()
        .map_or(Duration::ZERO, |c| c.elapsed());
    total
}

fn micros(since: Instant) -> u64 {
    since.elapsed().as_micros() as u64
}

/// A sync to start: when, which citizen, and how many times it was shed before.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Job {
    due: std::cmp::Reverse<Instant>,
    citizen: usize,
    attempt: u32,
}

/// The overload phase: syncs start at `rate` per second for `o.seconds` whether or not the
/// earlier ones were answered (so a slow portal meets the same demand, as at a real peak); a
/// shed sync comes back after its `Retry-After`. Latency counts from when the sync was due, so
/// waiting for a free thread here counts against the portal's figure, never for it.
fn open_loop(o: &Options, citizens: &[Citizen], rate: f64) -> Tally {
    let (jobs_out, jobs_in): (Sender<Job>, Receiver<Job>) = crossbeam_channel::unbounded();
    let (retry_out, retry_in): (Sender<Job>, Receiver<Job>) = crossbeam_channel::unbounded();
    let interval = Duration::from_secs_f64(1.0 / rate.max(1.0));
    let live = AtomicUsize::new(0);
    // Every thread has its client before the clock starts.
    let ready = std::sync::Barrier::new(o.overload_threads + 1);
    let mut start = Instant::now();
    let mut total = Tally::default();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..o.overload_threads)
            .map(|n| {
                let jobs_in = jobs_in.clone();
                let retry_out = retry_out.clone();
                let (live, ready) = (&live, &ready);
                s.spawn(move || {
                    let mut t = Tally::default();
                    let mut rng = ChaCha8Rng::seed_from_u64(o.seed ^ n as u64);
                    let client = PortalClient::new(&o.portal, TIMEOUT);
                    ready.wait();
                    let Ok(mut client) = client else {
                        t.failed += 1;
                        return t;
                    };
                    let mut etag = None;
                    for job in jobs_in.iter() {
                        let due = job.due.0;
                        let mut done = true;
                        match sync(&mut client, &citizens[job.citizen], &mut etag, &mut t) {
                            Synced::Done => {
                                t.synced.push(micros(due));
                                t.retried_then_synced += u64::from(job.attempt > 0);
                            }
                            Synced::Shed(after) => {
                                if job.attempt + 1 >= MAX_ATTEMPTS {
                                    t.gave_up += 1;
                                } else {
                                    done = false;
                                    // The wallet's own policy: its back-off, never sooner
                                    // than the portal's Retry-After.
                                    let jitter = f64::from(rng.next_u32()) / f64::from(u32::MAX);
                                    let wait =
                                        retry_delay_secs(job.attempt + 1, jitter, Some(after));
                                    let again = Job {
                                        due: std::cmp::Reverse(
                                            Instant::now() + Duration::from_secs(wait),
                                        ),
                                        citizen: job.citizen,
                                        attempt: job.attempt + 1,
                                    };
                                    let _ = retry_out.send(again);
                                }
                            }
                            Synced::Failed(e) => {
                                t.failed += 1;
                                t.first_failure.get_or_insert(e);
                            }
                        }
                        if done {
                            live.fetch_sub(1, Ordering::AcqRel);
                        }
                    }
                    t
                })
            })
            .collect();
        drop(jobs_in);
        drop(retry_out);
        ready.wait();
        start = Instant::now();
        let end = start + Duration::from_secs(o.seconds);
        // The scheduler: new syncs on the clock until the end, retries when they are due, until
        // no sync is left anywhere (`live` counts those sent and not yet synced or given up).
        let mut waiting: BinaryHeap<Job> = BinaryHeap::new();
        let mut k = 0usize;
        loop {
            let now = Instant::now();
            while let Ok(job) = retry_in.try_recv() {
                waiting.push(job);
            }
            while waiting.peek().is_some_and(|j| j.due.0 <= now) {
                if let Some(job) = waiting.pop() {
                    let _ = jobs_out.send(job);
                }
            }
            let mut next_new = start + interval.mul_f64(k as f64);
            while next_new <= now && next_new < end {
                live.fetch_add(1, Ordering::AcqRel);
                let job = Job {
                    due: std::cmp::Reverse(next_new),
                    citizen: k % citizens.len(),
                    attempt: 0,
                };
                let _ = jobs_out.send(job);
                k += 1;
                next_new = start + interval.mul_f64(k as f64);
            }
            if next_new >= end && live.load(Ordering::Acquire) == 0 {
                break;
            }
            let wake = waiting
                .peek()
                .map(|j| j.due.0)
                .into_iter()
                .chain((next_new < end).then_some(next_new))
                .min()
                .unwrap_or(now + Duration::from_millis(5));
            let nap = wake.saturating_duration_since(Instant::now());
            if let Ok(job) = retry_in.recv_timeout(nap.min(Duration::from_millis(5))) {
                waiting.push(job);
            }
        }
        drop(jobs_out);
        for w in workers {
            if let Ok(t) = w.join() {
                total.merge(t);
            }
        }
    });
    total.elapsed = start.elapsed();
    total
}
