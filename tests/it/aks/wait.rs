//! `aks wait`: its decisions and attempt count purely (as az's poller makes them), then
//! `--custom`, `--exists`, timeouts and usage errors through the binary.

use super::*;

// ---------------------------------------------------------------- wait

fn conditions(flags: &str, custom: Option<&str>) -> WaitConditions {
    WaitConditions::new(
        flags.contains('c'),
        flags.contains('u'),
        flags.contains('d'),
        flags.contains('e'),
        custom,
    )
    .expect("valid conditions")
}

#[test]
fn wait_without_a_condition_is_a_usage_error() {
    let err = WaitConditions::new(false, false, false, false, None)
        .err()
        .expect("error");
    assert_eq!(
        err.to_string(),
        "incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH"
    );
    assert!(WaitConditions::new(false, false, false, false, Some("[")).is_err());
}

#[test]
fn wait_decisions_follow_az() {
    use WaitDecision::*;
    use WaitObservation::*;
    let creating = json!({"provisioningState": "Creating"});
    let succeeded = json!({"provisioningState": "Succeeded", "powerState": {"code": "Running"},
                           "agentPoolProfiles": [], "maxAgentPools": 0});
    let failed = json!({"provisioningState": "FAILED"});

    let created = conditions("c", None);
    assert_eq!(created.decide(Found(&creating)), KeepWaiting);
    assert_eq!(created.decide(Found(&succeeded)), Done);
    assert_eq!(created.decide(NotFound), KeepWaiting);
    assert_eq!(created.decide(OtherError), Propagate);
    assert_eq!(
        created.decide(Found(&failed)),
        Fail {
            message: "The operation failed".into(),
            exit_code: 1
        }
    );

    let updated = conditions("u", None);
    assert_eq!(updated.decide(Found(&succeeded)), Done);
    assert_eq!(updated.decide(NotFound), Propagate);

    let deleted = conditions("d", None);
    assert_eq!(deleted.decide(Found(&succeeded)), KeepWaiting);
    assert_eq!(deleted.decide(NotFound), Done);

    let exists = conditions("e", None);
    assert_eq!(
        exists.decide(Found(&failed)),
        Done,
        "--exists is met before the state check"
    );
    assert_eq!(exists.decide(NotFound), KeepWaiting);

    let running = conditions("", Some("powerState.code == 'Running'"));
    assert_eq!(running.decide(Found(&succeeded)), Done);
    assert_eq!(running.decide(Found(&creating)), KeepWaiting);
    assert_eq!(running.decide(NotFound), KeepWaiting);
    // Python bool(): an empty list and 0 are false although JMESPath calls 0 truthy.
    assert_eq!(
        conditions("", Some("agentPoolProfiles")).decide(Found(&succeeded)),
        KeepWaiting
    );
    // Regression: numbers reached JMESPath as objects under serde_json's arbitrary_precision.
    assert_eq!(
        conditions("", Some("maxAgentPools")).decide(Found(&succeeded)),
        KeepWaiting
    );
    assert_eq!(
        conditions("", Some("maxAgentPools == `0`")).decide(Found(&succeeded)),
        Done
    );
}

#[test]
fn wait_reads_a_groups_state_under_properties() {
    use WaitDecision::*;
    use WaitObservation::*;
    // az's `_get_provisioning_state`: the resource's own state, else `properties`'s (a group).
    let group = |state: &str| json!({"name": "rg", "properties": {"provisioningState": state}});
    assert_eq!(
        conditions("c", None).decide(Found(&group("Succeeded"))),
        Done
    );
    assert_eq!(
        conditions("u", None).decide(Found(&group("Deleting"))),
        KeepWaiting
    );
    assert_eq!(
        conditions("c", None).decide(Found(&group("failed"))),
        Fail {
            message: "The operation failed".into(),
            exit_code: 1
        }
    );
    // An empty own state falls through to `properties`, as Python's `if not state` does.
    let both = json!({"provisioningState": "", "properties": {"provisioningState": "Succeeded"}});
    assert_eq!(conditions("c", None).decide(Found(&both)), Done);
}

#[test]
fn wait_attempts_match_python_range() {
    assert_eq!(wait_attempts(3600, 30), Some(120));
    assert_eq!(wait_attempts(10, 3), Some(4));
    assert_eq!(wait_attempts(0, 30), Some(0));
    assert_eq!(wait_attempts(10, 0), None);
}

#[test]
fn wait_custom_exists_timeout_and_usage() {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az.run(&[
        "aks",
        "wait",
        "-g",
        "rg",
        "-n",
        "c1",
        "--custom",
        "provisioningState=='Succeeded'",
    ])
    .ok();
    az.run(&["aks", "wait", "-g", "rg", "-n", "c1", "--exists"])
        .ok();
    // A condition that never holds: az 2.91 prints `{}` after the timeout and exits 0.
    let run = az
        .run(&[
            "aks",
            "wait",
            "-g",
            "rg",
            "-n",
            "c1",
            "--custom",
            "name=='other'",
            "--interval",
            "1",
            "--timeout",
            "3",
        ])
        .ok();
    assert_eq!(run.stdout, "{}\n");
    let gets = azrs_requests(&az)
        .iter()
        .filter(|r| r["headers"]["commandname"] == "aks wait")
        .count();
    assert_eq!(gets, 2 + 3, "ceil(3/1) GETs for the timed-out wait");

    let run = az
        .run(&["aks", "wait", "-g", "rg", "-n", "c1"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH\n"
    );
    // 404 without a condition that waits it out is the GET's error.
    az.run(&["aks", "wait", "-g", "rg", "-n", "gone", "--updated"])
        .expect_code(3);
}
