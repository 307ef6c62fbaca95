//! Long-running operations: finishing by elapsed time, the exact start instant, configurable
//! polls and `Retry-After`, unknown operation ids.

use super::*;

#[test]
fn operations_finish_by_elapsed_time_without_polls() {
    let mut e = Emu::with(|s| {
        s.lro_polls = 3;
        s.retry_after_secs = 5;
    });
    e.register_aks();
    e.group("rg");
    e.create_cluster("rg", "c1");
    e.advance(14);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Creating"
    );
    e.advance(1);
    let v = e.get(&cluster_path("rg", "c1")).json();
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    assert!(v["properties"]["identityProfile"].is_object());
}

// Regression: the elapsed-time rule compared whole seconds, so an operation started at x.99 s
// was already finished when az polled after its 1 s `Retry-After` (one poll fewer than ARM).
#[test]
fn elapsed_time_is_measured_from_the_exact_start() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    e.now += Duration::from_millis(990);
    let r = e.create_cluster("rg", "c1");
    let url = r.header("Azure-AsyncOperation").unwrap().to_string();
    e.now += Duration::from_millis(1050);
    let first = e.follow(&url).json();
    assert_eq!(first["status"], "InProgress");
    // Started at .99 s: ticks as ARM prints them, not nanoseconds.
    assert_eq!(first["startTime"], "2026-09-21T14:13:20.99Z");
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    e.now += Duration::from_millis(990);
    e.create_cluster("rg", "c1");
    e.now += Duration::from_millis(1990);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Creating"
    );
    e.now += Duration::from_millis(10);
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Succeeded"
    );
}

#[test]
fn lro_polls_and_retry_after_are_configurable() {
    let mut e = Emu::with(|s| {
        s.lro_polls = 1;
        s.retry_after_secs = 0;
    });
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    assert_eq!(r.header("Retry-After"), Some("0"));
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 1);
    assert_eq!(polls[0].json()["status"], "Succeeded");
    let mut e = Emu::with(|s| s.lro_polls = 4);
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    assert_eq!(e.finish(&r).len(), 4);
}

#[test]
fn unknown_operation_is_404() {
    let mut e = Emu::new();
    let r = e.get("/subscriptions/{sub}/providers/Microsoft.ContainerService/locations/westus2/operations/nope?api-version=2016-03-30");
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "OperationNotFound")
    );
}
