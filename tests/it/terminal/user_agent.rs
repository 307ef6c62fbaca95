//! `AZURE_HTTP_USER_AGENT` is appended to every ARM request's `User-Agent` after a space, as
//! azure-core's user-agent policy does for az's SDK clients.

use crate::common::*;

#[test]
fn azure_http_user_agent_is_appended_to_the_user_agent() {
    let mut azrs = Azrs::new();
    azrs.set_env("AZURE_HTTP_USER_AGENT", "ci-task/1.2 (pipeline)");
    let (run, reqs) = run_logged(&azrs, &["group", "list"]);
    run.ok();
    assert!(!reqs.is_empty());
    for r in &reqs {
        let ua = header(r, "user-agent");
        assert!(
            ua.starts_with(&format!("azrs/{} (", env!("CARGO_PKG_VERSION")))
                && ua.ends_with(") ci-task/1.2 (pipeline)"),
            "{ua}"
        );
    }
    // Unset (or empty), nothing is appended.
    azrs.set_env("AZURE_HTTP_USER_AGENT", "");
    let (run, reqs) = run_logged(&azrs, &["group", "list"]);
    run.ok();
    assert!(header(&reqs[0], "user-agent").ends_with(')'));
}
