//! Existing files and targets: malformed or clusterless files refused and untouched, symlinks
//! refused, modes kept with az's warning, az's target rules, `KUBECONFIG`'s first entry,
//! `-` for stdout, kubelogin device-code credentials flagged, concurrent merges losing nothing.

use super::*;

#[test]
fn malformed_existing_file_is_an_error_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let garbage = "apiVersion: v1\nclusters: [unclosed\n  - :\n";
    fs::write(&path, garbage).expect("write");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&path)).expect_err("malformed");
    assert!(matches!(err, KubeconfigError::Parse { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("Error parsing {} (", path.display())),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), garbage);

    fs::write(&path, b"clusters: \xff\xfe\n").expect("write");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&path)).expect_err("not utf-8");
    assert!(matches!(err, KubeconfigError::Parse { .. }), "{err:?}");
    assert_eq!(fs::read(&path).expect("read"), b"clusters: \xff\xfe\n");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["config"], "no temp or lock file is left");
}

#[test]
fn existing_file_without_clusters_key_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    fs::write(&path, "apiVersion: v1\nkind: Config\n").expect("write");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&path)).expect_err("no clusters");
    assert_eq!(
        err.to_string(),
        "No such key 'clusters' in existing config, please confirm whether it is a valid config file. May back up this config file, delete it and retry the command."
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        "apiVersion: v1\nkind: Config\n"
    );
}

#[test]
fn symlink_target_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real");
    fs::write(&real, "").expect("write");
    let link = dir.path().join("config");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&link)).expect_err("symlink");
    assert_eq!(
        err.to_string(),
        format!(
            "Kubeconfig path \"{}\" is a symbolic link. Refusing to write to prevent symlink-following attacks.",
            link.display()
        )
    );
    assert_eq!(fs::read_to_string(&real).expect("read"), "");
    // A dangling link is refused too, and nothing is created behind it.
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("symlink");
    assert!(matches!(
        merge_credentials(&creds("c1", "rg"), &opts(&dangling)),
        Err(KubeconfigError::Symlink(_))
    ));
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn existing_mode_is_kept_with_az_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("c1", "rg"), &opts(&path)).expect("first");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (_, _, warnings) =
        written(merge_credentials(&creds("c2", "rg"), &opts(&path)).expect("second"));
    assert_eq!(
        warnings,
        vec![
            format!(
                "{} has permissions \"644\".\nIt should be readable and writable only by its owner.",
                path.display()
            ),
            format!("Merged \"c2\" as current context in {}", path.display()),
        ]
    );
    assert_eq!(mode(&path), 0o644);
}

#[test]
fn target_rules_follow_az() {
    let home = Path::new("/home/u");
    let default = PathBuf::from("/home/u/.kube/config");
    let r = resolve_target(None, None, home);
    assert_eq!(r.target, Target::File(default.clone()));
    assert!(r.warnings.is_empty());
    // KUBECONFIG: first entry wins when --file is absent or equal to the default.
    let env = std::ffi::OsString::from("/a/first:/b/second");
    assert_eq!(
        resolve_target(None, Some(&env), home).target,
        Target::File("/a/first".into())
    );
    assert_eq!(
        resolve_target(Some("/home/u/.kube/config"), Some(&env), home).target,
        Target::File("/a/first".into())
    );
    assert_eq!(
        resolve_target(Some("~/.kube/config"), Some(&env), home).target,
        Target::File("/a/first".into())
    );
    assert_eq!(
        resolve_target(Some("/x/own"), Some(&env), home).target,
        Target::File("/x/own".into())
    );
    assert_eq!(
        resolve_target(Some("~/k"), None, home).target,
        Target::File("/home/u/k".into())
    );
    let empty_first = std::ffi::OsString::from(":/b/second");
    let r = resolve_target(None, Some(&empty_first), home);
    assert_eq!(r.target, Target::File(default));
    assert_eq!(r.warnings, ["Invalid path '' defined in KUBECONFIG."]);
    assert_eq!(
        resolve_target(Some("-"), Some(&env), home).target,
        Target::Stdout
    );
    assert_eq!(
        resolve_target(None, Some(&std::ffi::OsString::from("-")), home).target,
        Target::Stdout
    );
}

#[test]
fn kubeconfig_env_first_entry_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    let env = std::env::join_paths([&first, &second]).expect("join");
    let r = resolve_target(None, Some(&env), dir.path());
    let o = MergeOptions {
        target: r.target,
        context_name: None,
        overwrite_existing: false,
    };
    merge_credentials(&creds("c1", "rg"), &o).expect("merge");
    assert!(first.exists());
    assert!(!second.exists());
    assert!(!dir.path().join(".kube").exists());
}

#[test]
fn dash_means_stdout_and_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = MergeOptions {
        target: Target::Stdout,
        context_name: Some("ignored".into()),
        overwrite_existing: false,
    };
    let out = merge_credentials(&creds("c1", "rg"), &o).expect("stdout");
    assert_eq!(
        out,
        MergeOutcome::Stdout(format!("{}\n", creds("c1", "rg")))
    );
    assert_eq!(fs::read_dir(dir.path()).expect("ls").count(), 0);
}

#[test]
fn kubelogin_devicecode_credentials_are_flagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let exec = creds("aad", "rg").replace(
        "  user:\n    client-certificate-data: RkFLRS1DTElFTlQtQ0VSVA==\n    client-key-data: RkFLRS1DTElFTlQtS0VZ\n    token: faketokenaad\n",
        "  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - get-token\n      - --login\n      - devicecode\n      command: kubelogin\n      env: null\n      provideClusterInfo: false\n",
    );
    let MergeOutcome::Written {
        kubelogin_devicecode,
        ..
    } = merge_credentials(&exec, &opts(&path)).expect("merge")
    else {
        panic!("expected a file");
    };
    assert!(kubelogin_devicecode);
    assert_eq!(fs::read_to_string(&path).expect("read"), exec);
    let MergeOutcome::Written {
        kubelogin_devicecode,
        ..
    } = merge_credentials(&creds("c", "rg"), &opts(&path)).expect("merge")
    else {
        panic!("expected a file");
    };
    assert!(!kubelogin_devicecode);
}

#[test]
fn concurrent_merges_into_one_file_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = Arc::new(dir.path().join("config"));
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let path = Arc::clone(&path);
            std::thread::spawn(move || {
                merge_credentials(&creds(&format!("cluster{i:02}"), "rg"), &opts(&path))
                    .expect("merge")
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let d = doc(&path);
    let mut contexts = names(&d, "contexts");
    contexts.sort();
    let expected: Vec<String> = (0..32).map(|i| format!("cluster{i:02}")).collect();
    assert_eq!(contexts, expected);
    assert_eq!(names(&d, "users").len(), 32);
    assert_eq!(names(&d, "clusters").len(), 32);
    assert!(!dir.path().join("config.lock").exists());
    assert!(!dir.path().join("config.azrs.lock").exists());
    assert_eq!(mode(&path), 0o600);
    if let Some((current, mut listed)) = kubectl_check(&path) {
        listed.sort();
        assert_eq!(listed, expected);
        assert_eq!(json!(current), d["current-context"]);
    }
}
