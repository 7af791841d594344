//! `/v1/health` tells ready from alive: `503` with the reason while the process drains or its
//! database does not answer, the database asked at most once per clock second however many
//! checks come; `/v1/health/live` answers whatever the database does.

mod common;

use common::in_process::InProcess;
use std::sync::atomic::Ordering;

fn check(p: &InProcess, path: &str) -> (u16, serde_json::Value) {
    let r = reqwest::blocking::get(p.url(path)).unwrap();
    (r.status().as_u16(), r.json().unwrap())
}

#[test]
fn readiness_says_what_is_not_ready_and_liveness_only_that_the_process_answers() {
    let p = InProcess::start();
    let (status, view) = check(&p, "/v1/health");
    assert_eq!(status, 200);
    assert_eq!(view["status"], "ready");
    assert_eq!(
        (view["database"].as_bool(), view["draining"].as_bool()),
        (Some(true), Some(false))
    );

    p.state.draining.store(true, Ordering::Release);
    let (status, view) = check(&p, "/v1/health");
    assert_eq!(status, 503);
    assert_eq!(
        (view["ready"].as_bool(), view["draining"].as_bool()),
        (Some(false), Some(true))
    );
    p.state.draining.store(false, Ordering::Release);

    // The database goes away: within the clock second the last probe's answer stands (a flood
    // of checks asks the database once), the next second says so.
    p.rt.block_on(p.state.pool.close());
    let (status, view) = check(&p, "/v1/health");
    assert_eq!((status, view["database"].as_bool()), (200, Some(true)));
    p.clock.fetch_add(1, Ordering::SeqCst);
    let (status, view) = check(&p, "/v1/health");
    assert_eq!(status, 503);
    assert_eq!(
        (view["status"].as_str(), view["database"].as_bool()),
        (Some("not_ready"), Some(false))
    );
    let (status, view) = check(&p, "/v1/health/live");
    assert_eq!((status, view["status"].as_str()), (200, Some("ok")));
}
