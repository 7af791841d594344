//! Keeps docs/api/openapi.json equal to the generated document.
//! Regenerate with `EID_UPDATE_DOCS=1 cargo test -p eid-portal-api --test openapi_doc`.

#[test]
fn committed_openapi_matches_the_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api/openapi.json");
    let generated = eid_portal_api::openapi::json() + "\n";
    if std::env::var_os("EID_UPDATE_DOCS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/api/openapi.json is stale: run with EID_UPDATE_DOCS=1"
    );
    let v: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(v["components"]["schemas"].as_object().unwrap().len(), 53);
    let paths = v["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 36);
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let secured = op.get("security").is_some();
            let responses = op["responses"].as_object().unwrap();
            assert_eq!(
                responses.contains_key("403"),
                secured,
                "{method} {path}: 403 is documented exactly where a token is needed"
            );
            assert!(
                path.starts_with("/v1/health") || responses.contains_key("500"),
                "{method} {path}"
            );
        }
    }
    assert!(v["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("idempotency_key_reused")));
}
