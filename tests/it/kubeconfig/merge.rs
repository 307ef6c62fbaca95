//! How a cluster's entries join a kubeconfig: created 0600 with PyYAML's layout, appended,
//! replaced, conflicts with and without `--overwrite-existing`, `--context`, `--admin`, and
//! unknown keys surviving.

use super::*;

// The exact file az writes for the walkthrough (`commands.md` §8.5), bytes included.
#[test]
fn missing_file_is_created_0600_with_pyyaml_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/.kube/config");
    let (p, ctx, warnings) = written(
        merge_credentials(&creds("MyManagedCluster", "myResourceGroup"), &opts(&path))
            .expect("merge"),
    );
    assert_eq!(p, path);
    assert_eq!(ctx, "MyManagedCluster");
    assert_eq!(
        warnings,
        vec![format!(
            "Merged \"MyManagedCluster\" as current context in {}",
            path.display()
        )]
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        creds("MyManagedCluster", "myResourceGroup")
    );
    assert_eq!(mode(&path), 0o600);
    assert!(
        !dir.path().join("nested/.kube/config.lock").exists(),
        "lock file must be removed"
    );
    assert!(
        !dir.path().join("nested/.kube/config.azrs.lock").exists(),
        "lock file must be removed"
    );
    if let Some((current, contexts)) = kubectl_check(&path) {
        assert_eq!(current, "MyManagedCluster");
        assert_eq!(contexts, vec!["MyManagedCluster"]);
    }
}

#[test]
fn empty_file_is_replaced_wholesale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    fs::write(&path, "# only a comment\n").expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
    let (_, _, warnings) =
        written(merge_credentials(&creds("c1", "rg"), &opts(&path)).expect("merge"));
    assert_eq!(warnings.len(), 1);
    assert_eq!(fs::read_to_string(&path).expect("read"), creds("c1", "rg"));
}

#[test]
fn second_cluster_is_appended_and_becomes_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("first");
    merge_credentials(&creds("two", "rg"), &opts(&path)).expect("second");
    let d = doc(&path);
    assert_eq!(names(&d, "clusters"), ["one", "two"]);
    assert_eq!(
        names(&d, "users"),
        ["clusterUser_rg_one", "clusterUser_rg_two"]
    );
    assert_eq!(names(&d, "contexts"), ["one", "two"]);
    assert_eq!(d["current-context"], "two");
    if let Some((current, contexts)) = kubectl_check(&path) {
        assert_eq!(current, "two");
        assert_eq!(contexts, ["one", "two"]);
    }
}

#[test]
fn identical_entry_is_replaced_and_moves_to_the_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one");
    merge_credentials(&creds("two", "rg"), &opts(&path)).expect("two");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one again, identical");
    let d = doc(&path);
    assert_eq!(names(&d, "clusters"), ["two", "one"]);
    assert_eq!(names(&d, "contexts"), ["two", "one"]);
    assert_eq!(d["current-context"], "one");
}

#[test]
fn conflicting_entry_without_overwrite_is_an_error_and_file_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one");
    let before = fs::read(&path).expect("read");
    let changed = creds("one", "rg").replace("faketokenone", "rotated");
    let err = merge_credentials(&changed, &opts(&path)).expect_err("conflict");
    assert!(matches!(err, KubeconfigError::Conflict { .. }));
    // Clusters and contexts are identical; the user entry is the first that differs.
    assert_eq!(
        err.to_string(),
        "A different object named clusterUser_rg_one already exists in users in your kubeconfig file."
    );
    assert_eq!(fs::read(&path).expect("read"), before);

    // The prompt is asked with az's question; answering yes replaces the entry.
    let mut asked = Vec::new();
    let outcome = kubeconfig::merge_credentials_with_prompt(&changed, &opts(&path), &mut |q| {
        asked.push(q.to_owned());
        true
    });
    written(outcome.expect("confirmed"));
    assert_eq!(
        asked,
        [
            "A different object named clusterUser_rg_one already exists in your kubeconfig file.\nOverwrite?"
        ]
    );
    assert_eq!(doc(&path)["users"][0]["user"]["token"], "rotated");
}

#[test]
fn conflicting_entry_with_overwrite_existing_is_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one");
    merge_credentials(&creds("two", "rg"), &opts(&path)).expect("two");
    let changed = creds("one", "rg").replace("faketokenone", "rotated");
    let o = MergeOptions {
        overwrite_existing: true,
        ..opts(&path)
    };
    merge_credentials(&changed, &o).expect("overwrite");
    let d = doc(&path);
    assert_eq!(
        names(&d, "users"),
        ["clusterUser_rg_two", "clusterUser_rg_one"]
    );
    assert_eq!(d["users"][1]["user"]["token"], "rotated");
    assert_eq!(d["users"].as_array().map(Vec::len), Some(2));
}

#[test]
fn context_flag_renames_context_and_cluster_but_not_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let o = MergeOptions {
        context_name: Some("prod".into()),
        ..opts(&path)
    };
    let (_, ctx, warnings) = written(merge_credentials(&creds("c1", "rg"), &o).expect("merge"));
    assert_eq!(ctx, "prod");
    assert_eq!(
        warnings.last().map(String::as_str),
        Some(format!("Merged \"prod\" as current context in {}", path.display()).as_str())
    );
    let d = doc(&path);
    assert_eq!(names(&d, "clusters"), ["prod"]);
    assert_eq!(names(&d, "contexts"), ["prod"]);
    assert_eq!(d["contexts"][0]["context"]["cluster"], "prod");
    assert_eq!(names(&d, "users"), ["clusterUser_rg_c1"]);
    if let Some((current, _)) = kubectl_check(&path) {
        assert_eq!(current, "prod");
    }
}

#[test]
fn admin_credentials_get_the_admin_suffix_also_with_context() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("c1", "rg"), &opts(&path)).expect("user");
    let (_, ctx, _) = written(
        merge_credentials(&creds_for("c1", "rg", "clusterAdmin"), &opts(&path)).expect_err_or_ok(),
    );
    assert_eq!(ctx, "c1-admin");
    let d = doc(&path);
    assert_eq!(names(&d, "contexts"), ["c1", "c1-admin"]);
    assert_eq!(d["current-context"], "c1-admin");
    if let Some((current, contexts)) = kubectl_check(&path) {
        assert_eq!(current, "c1-admin");
        assert_eq!(contexts, ["c1", "c1-admin"]);
    }
    let o = MergeOptions {
        context_name: Some("foo".into()),
        ..opts(&path)
    };
    let (_, ctx, _) = written(
        merge_credentials(&creds_for("c1", "rg", "clusterAdmin"), &o).expect("renamed admin"),
    );
    assert_eq!(ctx, "foo-admin");
}

// Regression guard: get-credentials must not drop keys azrs does not model.
#[test]
fn unknown_keys_survive_a_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let existing = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://old:443\n    extensions:\n    - name: client.authentication.k8s.io/exec\n      extension:\n        audience: x\n    proxy-url: socks5://localhost:1080\n  name: old\n  x-cluster-note: keep me\ncontexts:\n- context:\n    cluster: old\n    namespace: team-a\n    user: old-user\n  name: old\n  x-context-note: 7\ncurrent-context: old\nkind: Config\npreferences:\n  colors: true\nusers:\n- name: old-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - get-token\n      command: kubelogin\n      env: null\n      provideClusterInfo: false\n  x-user-note: [1, 2]\nx-top-level:\n  nested: {deep: 1.5}\n";
    fs::write(&path, existing).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
    merge_credentials(&creds("new", "rg"), &opts(&path)).expect("merge");
    let d = doc(&path);
    assert_eq!(d["x-top-level"], json!({"nested": {"deep": 1.5}}));
    assert_eq!(d["preferences"], json!({"colors": true}));
    assert_eq!(d["clusters"][0]["x-cluster-note"], "keep me");
    assert_eq!(
        d["clusters"][0]["cluster"]["proxy-url"],
        "socks5://localhost:1080"
    );
    assert_eq!(
        d["clusters"][0]["cluster"]["extensions"][0]["extension"]["audience"],
        "x"
    );
    assert_eq!(d["contexts"][0]["x-context-note"], 7);
    assert_eq!(d["contexts"][0]["context"]["namespace"], "team-a");
    assert_eq!(d["users"][0]["x-user-note"], json!([1, 2]));
    assert_eq!(d["users"][0]["user"]["exec"]["env"], Value::Null);
    assert_eq!(names(&d, "clusters"), ["old", "new"]);
    let text = fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("x-top-level:\n  nested:\n    deep: 1.5\n"),
        "{text}"
    );
    assert!(text.contains("  x-user-note:\n  - 1\n  - 2\n"), "{text}");
    if let Some((current, _)) = kubectl_check(&path) {
        assert_eq!(current, "new");
    }
}
