//! Extension management when things go wrong: checksum mismatches and interrupted downloads
//! roll back, unsafe wheel entries are refused before writing, `--source` rules and usage
//! errors, and index failures with az's messages and bounded retries.

use super::*;

#[tokio::test]
async fn checksum_mismatch_installs_nothing_and_rolls_back_updates() {
    let f = Fixture::new().await;
    let spec = WheelSpec::new("demo", "1.0.0");
    let bytes = spec.build();
    f.publish_bytes(
        &spec,
        &bytes,
        &"0".repeat(64),
        json!({}),
        Route::Body(bytes.clone()),
    );
    let ext = f.ext();
    let err = add_name(&ext, "demo", &mut Vec::new())
        .await
        .expect_err("checksum");
    assert_eq!(
        err.to_string(),
        "The checksum of the extension does not match the expected value. Use --debug for more information."
    );
    assert_eq!(
        f.tree(),
        Vec::<String>::new(),
        "nothing installed, no staging left"
    );

    // Install a good 1.0.1, then an update with a bad digest keeps it.
    f.publish(&WheelSpec::new("demo", "1.0.1"), json!({}));
    add_name(&ext, "demo", &mut Vec::new()).await.expect("add");
    let before = f.tree();
    let spec2 = WheelSpec::new("demo", "1.0.2");
    let b2 = spec2.build();
    f.publish_bytes(
        &spec2,
        &b2,
        &sha256_hex(b"other"),
        json!({}),
        Route::Body(b2.clone()),
    );
    let mut n = Vec::new();
    let err = ext
        .update("demo", None, &mut n)
        .await
        .expect_err("rolled back");
    assert_eq!(
        err.to_string(),
        "Failed to update. Rolled demo back to 1.0.1."
    );
    assert_eq!(
        n,
        vec![
            Notice::Error("An error occurred whilst updating.".into()),
            Notice::Error("The checksum of the extension does not match the expected value. Use --debug for more information.".into()),
        ]
    );
    assert_eq!(f.tree(), before, "old version intact");
}

#[tokio::test]
async fn interrupted_download_keeps_old_version() {
    let f = Fixture::new().await;
    f.publish(&WheelSpec::new("demo", "1.0.0"), json!({}));
    let ext = f.ext();
    add_name(&ext, "demo", &mut Vec::new()).await.expect("add");
    let before = f.tree();
    let spec = WheelSpec::new("demo", "1.1.0").entry("azext_demo/big.bin", &vec![7u8; 256 * 1024]);
    let bytes = spec.build();
    f.publish_bytes(
        &spec,
        &bytes,
        &sha256_hex(&bytes),
        json!({}),
        Route::Truncate(bytes.clone()),
    );
    let mut n = Vec::new();
    let err = ext.update("demo", None, &mut n).await.expect_err("dropped");
    assert_eq!(
        err.to_string(),
        "Failed to update. Rolled demo back to 1.0.0."
    );
    match &n[..] {
        [Notice::Error(a), Notice::Error(b)] => {
            assert_eq!(a, "An error occurred whilst updating.");
            assert!(
                b.starts_with("Please ensure you have network connection. Error detail: "),
                "{b}"
            );
        }
        other => panic!("unexpected notices {other:?}"),
    }
    assert_eq!(f.tree(), before);
    assert_eq!(ext.show("demo").expect("show")["version"], "1.0.0");
}

#[tokio::test]
async fn unsafe_wheel_entries_are_refused_before_writing() {
    let f = Fixture::new().await;
    let ext = f.ext();
    let outside = f.tmp.path().join("config").join("evil.txt");
    let cases = [
        WheelSpec::new("dotdot", "1.0.0").entry("../evil.txt", b"x"),
        WheelSpec::new("deeper", "1.0.0").entry("azext_deeper/../../evil.txt", b"x"),
        WheelSpec::new("absolute", "1.0.0").entry(&outside.to_string_lossy(), b"x"),
        {
            let mut s = WheelSpec::new("linked", "1.0.0");
            s.symlink = Some(("azext_linked/escape".into(), "../../../..".into()));
            s
        },
    ];
    for spec in cases {
        let path = f.write_wheel_file(&spec);
        let args = AddArgs {
            source: Some(path.to_string_lossy().into_owned()),
            ..AddArgs::default()
        };
        let err = ext.add(&args, &mut Vec::new()).await.expect_err(&spec.name);
        match &err {
            ExtensionError::Invalid(detail) => assert!(
                detail.contains("unsafe entry") || detail.contains("symbolic link"),
                "{}: refused for another reason: {detail}",
                spec.name
            ),
            other => panic!("{}: {other:?}", spec.name),
        }
        assert_eq!(
            err.to_string(),
            "The extension is invalid. Use --debug for more information."
        );
        assert!(!outside.exists(), "{}: wrote outside", spec.name);
        assert_eq!(f.tree(), Vec::<String>::new(), "{}: left files", spec.name);
    }
}

#[tokio::test]
async fn source_rules_and_usage_errors() {
    let f = Fixture::new().await;
    let ext = f.ext();
    let add = |source: Option<&str>, name: Option<&str>| AddArgs {
        source: source.map(str::to_string),
        name: name.map(str::to_string),
        ..AddArgs::default()
    };
    let usage = "usage error: --name NAME | --source SOURCE";
    assert_eq!(
        ext.add(&add(None, None), &mut Vec::new())
            .await
            .expect_err("none")
            .to_string(),
        usage
    );
    assert_eq!(
        ext.add(&add(Some("a.whl"), Some("a")), &mut Vec::new())
            .await
            .expect_err("both")
            .to_string(),
        usage
    );
    assert_eq!(
        ext.add(&add(Some("/x/ext.tar.gz"), None), &mut Vec::new())
            .await
            .expect_err("tgz")
            .to_string(),
        "Unknown extension type. Only Python wheels are supported."
    );
    assert_eq!(
        ext.add(
            &add(Some("/nonexistent/demo-1.0.0-py3-none-any.whl"), None),
            &mut Vec::new()
        )
        .await
        .expect_err("missing")
        .to_string(),
        "File /nonexistent/demo-1.0.0-py3-none-any.whl not found."
    );
    let insecure = ext
        .add(
            &add(Some("http://127.0.0.1:1/demo-1.0.0-py3-none-any.whl"), None),
            &mut Vec::new(),
        )
        .await
        .expect_err("http");
    assert!(
        matches!(insecure, ExtensionError::InsecureUrl(_)),
        "{insecure:?}"
    );

    // https and file:// sources work; the wheel name gives the extension name.
    let spec = WheelSpec::new("from-url", "0.1.0");
    f.server.route(
        "direct/from_url-0.1.0-py2.py3-none-any.whl",
        Route::Body(spec.build()),
    );
    ext.add(
        &add(
            Some(&f.server.url("direct/from_url-0.1.0-py2.py3-none-any.whl")),
            None,
        ),
        &mut Vec::new(),
    )
    .await
    .expect("https source");
    let local = f.write_wheel_file(&WheelSpec::new("from-file", "0.2.0"));
    let file_url = format!("file://{}", local.display());
    let mut n = Vec::new();
    ext.add(&add(Some(&file_url), None), &mut n)
        .await
        .expect("file source");
    let names: Vec<Value> = ext
        .list()
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("from-file"), json!("from-url")]);
    assert_eq!(
        f.server.requests(),
        vec!["/direct/from_url-0.1.0-py2.py3-none-any.whl"],
        "no index fetch for --source"
    );
}

#[tokio::test]
async fn index_failures_use_az_messages_and_bounded_retries() {
    let f = Fixture::new().await;
    let ext = f.ext();
    f.server.route("extensions/index.json", Route::Status(503));
    let err = add_name(&ext, "demo", &mut Vec::new())
        .await
        .expect_err("503");
    assert_eq!(
        err.to_string(),
        format!(
            "Unable to get extension index.\nServer returned status code 503 for {}",
            f.server.url("extensions/index.json")
        )
    );
    // Issue 10 item 6: a 5xx is retried by the one bounded policy (the first try and
    // `max_retries` more), then az's message for the last answer.
    let tries = 1 + azrs::arm::RetrySettings::default().max_retries as usize;
    assert_eq!(
        f.server.requests().len(),
        tries,
        "a 503 is retried, boundedly"
    );

    f.server
        .route("extensions/index.json", Route::Body(b"<html>".to_vec()));
    let err = ext
        .list_available(false, &mut Vec::new())
        .await
        .expect_err("bad json");
    assert!(err.to_string().starts_with("Unable to get extension index.\nResponse body does not contain valid json. Error detail: "), "{err}");
    assert_eq!(
        f.server.requests().len(),
        tries + 3,
        "three attempts for bad json"
    );

    // Nothing listens on a port we bound and released.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = dead.local_addr().expect("addr").port();
    drop(dead);
    let mut s = f.settings();
    s.index_url = format!("https://127.0.0.1:{port}/index.json");
    let err = Extensions::new(s)
        .list_available(false, &mut Vec::new())
        .await
        .expect_err("refused");
    assert!(err.to_string().starts_with("Unable to get extension index.\nPlease ensure you have network connection. Error detail: "), "{err}");

    f.write_index();
    let err = add_name(&ext, "nope", &mut Vec::new())
        .await
        .expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "No extension found with name 'nope'\n\nUse --debug for more information"
    );
}
