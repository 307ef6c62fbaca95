//! `aks get-credentials` through the binary: a new file at the default path, merging into a
//! file with unknown keys, `KUBECONFIG`, conflicts with `--overwrite-existing`, `--context`,
//! `--admin`, `--file -` and `--format`, the public FQDN, and refusing a symlink while keeping
//! a malformed file untouched. The merge rules themselves are in the `kubeconfig` module.

use super::*;

// ---- get-credentials -------------------------------------------------------------------

fn sandbox_with_cluster() -> Azrs {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az
}

fn kubeconfig_yaml(path: &std::path::Path) -> Value {
    azrs::kubeconfig::read(path).expect("kubeconfig parses")
}

#[test]
fn get_credentials_new_file_default_path() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    let path = az.home().join(".kube/config");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Merged \"c1\" as current context in {}\n",
            path.display()
        )
    );
    assert_eq!(run.stdout, "");
    let doc = kubeconfig_yaml(&path);
    assert_eq!(doc["current-context"], "c1");
    assert_eq!(doc["contexts"][0]["name"], "c1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let post = azrs_requests(&az)
        .into_iter()
        .find(|r| {
            r["method"] == "POST"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("/listClusterUserCredential"))
        })
        .expect("credential POST");
    assert_eq!(post["query"]["api-version"], "2026-06-01");
    assert_eq!(post["headers"]["content-length"], "0");
    assert!(post["query"].get("server-fqdn").is_none());
}

#[test]
fn get_credentials_keeps_unknown_keys_and_honours_kubeconfig_env() {
    let mut az = sandbox_with_cluster();
    let file = az.path("kc/config");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://other:443\n  name: other\ncontexts:\n- context:\n    cluster: other\n    user: u\n  name: other\ncurrent-context: other\nusers:\n- name: u\n  user:\n    token: t\npreferences:\n  colors: true\nx-custom-extension:\n  keep: me\n",
    )
    .expect("write");
    az.set_env(
        "KUBECONFIG",
        &format!("{}:/nonexistent/second", file.display()),
    );
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    let doc = kubeconfig_yaml(&file);
    assert_eq!(doc["x-custom-extension"], json!({"keep": "me"}));
    assert_eq!(doc["preferences"], json!({"colors": true}));
    let names: Vec<&str> = doc["contexts"]
        .as_array()
        .expect("contexts")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["other", "c1"]);
    assert_eq!(doc["current-context"], "c1");
    assert!(!az.home().join(".kube/config").exists());
}

#[test]
fn get_credentials_conflict_overwrite_context_admin() {
    let az = sandbox_with_cluster();
    let file = az.path("kubeconfig");
    let f = file.display().to_string();
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", &f])
        .ok();
    // Same credentials again: equal entries are replaced silently.
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", &f])
        .ok();

    let doc = kubeconfig_yaml(&file);
    assert_eq!(doc["clusters"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["contexts"].as_array().map(Vec::len), Some(1));

    // A differing entry of the same name: no TTY, so the answer is no, file untouched.
    let changed = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://changed:443\n  name: c1\ncontexts: []\nusers: []\nkind: Config\n";
    std::fs::write(&file, changed).expect("write");
    let run = az
        .run(&["aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", &f])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: A different object named c1 already exists in clusters in your kubeconfig file.\n"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), changed);

    az.run(&[
        "aks",
        "get-credentials",
        "-g",
        "rg",
        "-n",
        "c1",
        "-f",
        &f,
        "--overwrite-existing",
    ])
    .ok();
    let doc = kubeconfig_yaml(&file);
    assert_ne!(
        doc["clusters"][0]["cluster"]["server"],
        "https://changed:443"
    );

    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &f,
            "--context",
            "dev",
        ])
        .ok();
    assert!(
        run.stderr.contains("Merged \"dev\" as current context"),
        "{run:#?}"
    );

    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &f,
            "--admin",
        ])
        .ok();
    assert!(
        run.stderr
            .contains("Merged \"c1-admin\" as current context"),
        "{run:#?}"
    );
    assert!(azrs_requests(&az).iter().any(|r| {
        r["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("/listClusterAdminCredential"))
    }));
    let doc = kubeconfig_yaml(&file);
    assert_eq!(doc["current-context"], "c1-admin");
}

#[test]
fn get_credentials_stdout_format_and_public_fqdn() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            "-",
            "--public-fqdn",
            "--format",
            "EXEC",
        ])
        .ok();
    assert_eq!(run.stderr, "");
    assert!(run.stdout.starts_with("apiVersion: v1\n") || run.stdout.contains("\nkind: Config"));
    assert!(run.stdout.ends_with('\n'));
    assert!(!az.home().join(".kube").exists());
    let post = azrs_requests(&az)
        .into_iter()
        .rfind(|r| r["method"] == "POST")
        .expect("post");
    assert_eq!(post["query"]["server-fqdn"], "public");
    assert_eq!(post["query"]["format"], "exec");

    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--format",
            "foo",
        ])
        .expect_code(1);
    assert_eq!(run.stderr, "ERROR: --format can only be azure or exec.\n");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--format",
            "azure",
            "--admin",
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: --format can only be specified when requesting clusterUser credential.\n"
    );
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "nope"])
        .expect_code(3);
}

#[cfg(unix)]
#[test]
fn get_credentials_refuses_symlink_and_keeps_malformed_file() {
    let az = sandbox_with_cluster();
    let real = az.path("real-config");
    std::fs::write(&real, "apiVersion: v1\n").expect("write");
    let link = az.path("link-config");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &link.display().to_string(),
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: Kubeconfig path \"{}\" is a symbolic link. Refusing to write to prevent symlink-following attacks.\n",
            link.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&real).expect("read"),
        "apiVersion: v1\n"
    );

    let bad = az.path("bad-config");
    let text = "clusters: [\n  - {name: x\n";
    std::fs::write(&bad, text).expect("write");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &bad.display().to_string(),
        ])
        .expect_code(1);
    assert!(
        run.stderr
            .starts_with(&format!("ERROR: Error parsing {} (", bad.display())),
        "{run:#?}"
    );
    assert_eq!(std::fs::read_to_string(&bad).expect("read"), text);
}
