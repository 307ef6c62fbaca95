//! Extension management through `azrs::extension`, offline: add, update, list, show and remove
//! round trips with real wheels from a loopback HTTPS index, the walkthrough's preview
//! sequence, preview and CLI-core rules, dependencies, `--upgrade`, dev extensions and download
//! progress; the on-disk result checked file by file.

use super::*;

#[tokio::test]
async fn add_update_list_show_remove_round_trip() {
    let f = Fixture::new().await;
    let v1 = WheelSpec::new("demo", "1.0.0");
    let v1_bytes = f.publish(&v1, json!({"azext.minCliCoreVersion": "2.73.0"}));
    let ext = f.ext();
    assert_eq!(ext.list(), json!([]));

    let mut n = Vec::new();
    add_name(&ext, "demo", &mut n).await.expect("add");
    assert!(n.is_empty(), "stable add is silent: {n:?}");

    let path = f.ext_dir().join("demo");
    assert_eq!(
        ext.list(),
        json!([{"experimental": false, "extensionType": "whl", "name": "demo",
                "path": path.to_string_lossy(), "preview": false, "version": "1.0.0"}])
    );
    // The layout pip --target leaves, plus the copied wheel.
    let info = path.join("demo-1.0.0.dist-info");
    for f in [
        "METADATA",
        "WHEEL",
        "RECORD",
        "INSTALLER",
        "REQUESTED",
        "direct_url.json",
        "top_level.txt",
    ] {
        assert!(info.join(f).is_file(), "missing {f}");
    }
    assert_eq!(
        std::fs::read(path.join(v1.filename())).expect("whl copy"),
        v1_bytes
    );
    let record = std::fs::read_to_string(info.join("RECORD")).expect("record");
    let rows: Vec<&str> = record.lines().collect();
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted, "RECORD is sorted");
    assert!(rows.contains(&"demo-1.0.0.dist-info/RECORD,,"));
    assert!(
        rows.iter()
            .any(|r| r.starts_with("demo-1.0.0.dist-info/INSTALLER,sha256="))
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("azext_demo/__init__.py,sha256="))
    );
    let direct: Value =
        serde_json::from_slice(&std::fs::read(info.join("direct_url.json")).expect("du"))
            .expect("json");
    assert_eq!(
        direct["archive_info"]["hashes"]["sha256"],
        sha256_hex(&v1_bytes)
    );
    assert_eq!(
        direct["url"],
        f.server.url(&format!("extensions/{}", v1.filename()))
    );

    let shown = ext.show("demo").expect("show");
    assert_eq!(shown["name"], "demo");
    assert_eq!(shown["version"], "1.0.0");
    assert_eq!(shown["extensionType"], "whl");
    assert_eq!(shown["path"], path.to_string_lossy().as_ref());
    let meta = &shown["metadata"];
    assert_eq!(meta["azext.minCliCoreVersion"], "2.73.0");
    assert_eq!(meta["summary"], "Test extension demo");
    assert_eq!(meta["metadata_version"], "2.1");
    assert_eq!(meta["home_page"], "https://example.invalid/demo");
    assert_eq!(meta["purelib"], true);
    assert_eq!(
        meta["classifiers"][1],
        "License :: OSI Approved :: MIT License"
    );
    assert_eq!(meta["filename"], info.to_string_lossy().as_ref());
    assert_eq!(meta["description"], "Long description.\n");

    // A newer version appears: list-available says so, update takes it.
    f.publish(&WheelSpec::new("demo", "1.1.0"), json!({}));
    let mut n = Vec::new();
    let avail = ext.list_available(false, &mut n).await.expect("available");
    assert_eq!(
        avail,
        json!([{"name": "demo", "version": "1.1.0", "summary": "Test extension demo",
                "preview": false, "experimental": false, "installed": "True (upgrade available)"}])
    );
    let details = ext.list_available(true, &mut n).await.expect("details");
    assert_eq!(details["demo"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        azrs::commands::extension::list_available::table(&details).expect("table"),
        json!([{"Name": "demo"}])
    );

    ext.update("demo", None, &mut n).await.expect("update");
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(ext.show("demo").expect("show")["version"], "1.1.0");
    assert!(
        !path.join("demo-1.0.0.dist-info").exists(),
        "old dist-info gone"
    );
    assert!(!path.join(v1.filename()).exists(), "old wheel copy gone");

    ext.update("demo", None, &mut n)
        .await
        .expect("update again");
    assert_eq!(
        warnings(&n),
        vec!["Latest version of 'demo' is already installed.\n\nUse --debug for more information"]
    );

    let mut n = Vec::new();
    add_name(&ext, "demo", &mut n).await.expect("add again");
    assert_eq!(
        warnings(&n),
        vec!["Extension 'demo' 1.1.0 is already installed."]
    );

    ext.remove("demo").expect("remove");
    assert_eq!(ext.list(), json!([]));
    assert_eq!(f.tree(), Vec::<String>::new(), "no staging leftovers");
    let err = ext.remove("demo").expect_err("gone");
    assert_eq!(
        err.to_string(),
        "The extension demo is not installed. Please install the extension via `az extension add -n demo`."
    );
    assert_eq!(
        ext.show("demo").expect_err("gone").to_string(),
        err.to_string()
    );
}

#[tokio::test]
async fn walkthrough_preview_sequence_matches_az() {
    let f = Fixture::new().await;
    f.publish(
        &WheelSpec::new("aks-preview", "19.0.0b1")
            .azext(json!({"azext.isPreview": true, "azext.minCliCoreVersion": "2.73.0"})),
        json!({"azext.isPreview": true, "azext.minCliCoreVersion": "2.73.0"}),
    );
    let ext = f.ext();
    let mut n = Vec::new();
    add_name(&ext, "aks-preview", &mut n).await.expect("add");
    assert_eq!(
        warnings(&n),
        vec![
            "No stable version of 'aks-preview' to install. Preview versions allowed.",
            "The installed extension 'aks-preview' is in preview.",
        ]
    );
    f.publish(
        &WheelSpec::new("aks-preview", "19.0.0b2"),
        json!({"azext.isPreview": true}),
    );
    let mut n = Vec::new();
    ext.update("aks-preview", None, &mut n)
        .await
        .expect("update");
    assert_eq!(
        warnings(&n),
        vec!["No stable version of 'aks-preview' to install. Preview versions allowed."]
    );
    let mut n = Vec::new();
    ext.update("aks-preview", None, &mut n)
        .await
        .expect("update again");
    assert_eq!(
        warnings(&n),
        vec![
            "No stable version of 'aks-preview' to install. Preview versions allowed.",
            "Latest version of 'aks-preview' is already installed.\n\nUse --debug for more information",
        ]
    );
    let listed = ext.list();
    assert_eq!(listed[0]["version"], "19.0.0b2");
    assert_eq!(listed[0]["preview"], true);
}

#[tokio::test]
async fn preview_needs_allow_preview_when_stable_exists() {
    let f = Fixture::new().await;
    f.publish(&WheelSpec::new("demo", "1.0.0"), json!({}));
    f.publish(&WheelSpec::new("demo", "2.0.0b1"), json!({}));
    let ext = f.ext();
    let mut n = Vec::new();
    add_name(&ext, "demo", &mut n).await.expect("add");
    assert_eq!(
        warnings(&n),
        vec![
            "Extension 'demo' has a later preview version to install, add `--allow-preview True` to try preview version."
        ]
    );
    assert_eq!(ext.show("demo").expect("show")["version"], "1.0.0");

    let mut n = Vec::new();
    ext.update("demo", Some(true), &mut n)
        .await
        .expect("update");
    assert!(n.is_empty(), "{n:?}");
    let listed = ext.list();
    assert_eq!(listed[0]["version"], "2.0.0b1");
    assert_eq!(
        listed[0]["preview"], true,
        "a b-version is preview without metadata flags"
    );

    // --version picks exactly; a missing one is az's error with the debug hint.
    let args = AddArgs {
        name: Some("demo".into()),
        version: Some("9.9.9".into()),
        allow_preview: Some(true),
        ..AddArgs::default()
    };
    let err = ext
        .add(&args, &mut Vec::new())
        .await
        .expect_err("no such version");
    assert_eq!(
        err.to_string(),
        "Version '9.9.9' not found for extension 'demo'\n\nUse --debug for more information"
    );
}

#[tokio::test]
async fn cli_core_compatibility_is_enforced() {
    let f = Fixture::new().await;
    f.publish(
        &WheelSpec::new("demo", "1.0.0"),
        json!({"azext.minCliCoreVersion": "2.50.0"}),
    );
    f.publish(
        &WheelSpec::new("demo", "2.0.0"),
        json!({"azext.maxCliCoreVersion": "2.80.0"}),
    );
    f.publish(
        &WheelSpec::new("demo", "3.0.0"),
        json!({"azext.minCliCoreVersion": "2.99.0"}),
    );
    let ext = f.ext();
    add_name(&ext, "demo", &mut Vec::new()).await.expect("add");
    assert_eq!(ext.show("demo").expect("show")["version"], "1.0.0");
    let mut n = Vec::new();
    ext.update("demo", None, &mut n)
        .await
        .expect("update is a warning");
    assert_eq!(
        warnings(&n),
        vec![
            "The 'demo' extension version 3.0.0 is not compatible with your current CLI core version 2.91.0.\n\
              This extension requires a min of 2.99.0 CLI core.\n\
              Please run 'az upgrade' to upgrade to a compatible version.\n\nUse --debug for more information"
        ]
    );
    assert_eq!(ext.show("demo").expect("show")["version"], "1.0.0");

    // The wheel's own azext_metadata.json is checked too (az validates after download).
    let bad = WheelSpec::new("other", "1.0.0")
        .azext(json!({"name": "other", "version": "1.0.0", "azext.maxCliCoreVersion": "2.80.0"}));
    let path = f.write_wheel_file(&bad);
    let args = AddArgs {
        source: Some(path.to_string_lossy().into_owned()),
        ..AddArgs::default()
    };
    let err = ext
        .add(&args, &mut Vec::new())
        .await
        .expect_err("incompatible");
    assert_eq!(
        err.to_string(),
        "The 'other' extension version 1.0.0 is not compatible with your current CLI core version 2.91.0.\n\
         This extension requires a max of 2.80.0 CLI core.\n\
         Please run 'az extension update -n other' to update the extension."
    );
    let tree = f.tree();
    assert!(
        tree.iter().all(|p| p == "demo" || p.starts_with("demo/")),
        "only demo is installed: {tree:?}"
    );
}

#[tokio::test]
async fn update_of_missing_extension_installs_it_with_warning() {
    let f = Fixture::new().await;
    f.publish(&WheelSpec::new("demo", "1.0.0"), json!({}));
    let ext = f.ext();
    let mut n = Vec::new();
    ext.update("demo", None, &mut n).await.expect("installs");
    assert_eq!(warnings(&n), vec![update_installs_warning("demo").as_str()]);
    assert_eq!(ext.show("demo").expect("show")["version"], "1.0.0");
}

#[tokio::test]
async fn dependencies_and_upgrade_flag() {
    let f = Fixture::new().await;
    let mut spec = WheelSpec::new("demo", "1.0.0");
    spec.requires = vec!["oschmod (>=0.3.12)".into()];
    f.publish(&spec, json!({}));
    let ext = f.ext();
    let mut n = Vec::new();
    add_name(&ext, "demo", &mut n).await.expect("add");
    assert_eq!(
        warnings(&n),
        vec![
            "Extension 'demo' declares Python dependencies that azrs does not install: oschmod (>=0.3.12)"
        ]
    );
    f.publish(&WheelSpec::new("demo", "1.2.0"), json!({}));
    let args = AddArgs {
        name: Some("demo".into()),
        upgrade: true,
        ..AddArgs::default()
    };
    let mut n = Vec::new();
    ext.add(&args, &mut n).await.expect("upgrade");
    assert_eq!(
        warnings(&n),
        vec![
            "Extension 'demo' 1.0.0 is already installed.",
            "It will be overridden with version 1.2.0."
        ]
    );
    assert_eq!(ext.show("demo").expect("show")["version"], "1.2.0");
    let mut n = Vec::new();
    ext.add(&args, &mut n).await.expect("upgrade again");
    assert_eq!(
        warnings(&n),
        vec![
            "Extension 'demo' 1.2.0 is already installed.",
            "Latest version of 'demo' is already installed."
        ]
    );
}

#[tokio::test]
async fn dev_extensions_are_listed_and_not_removed() {
    let f = Fixture::new().await;
    let src = f.tmp.path().join("src");
    let dev = src.join("repo").join("mydev");
    std::fs::create_dir_all(dev.join("mydev.egg-info")).expect("egg");
    std::fs::create_dir_all(dev.join("azext_mydev")).expect("mod");
    std::fs::write(
        dev.join("mydev.egg-info/PKG-INFO"),
        "Metadata-Version: 2.1\nName: mydev\nVersion: 0.0.1a1\nSummary: dev\n",
    )
    .expect("pkg-info");
    let mut s = f.settings();
    s.dev_sources = vec![src];
    let ext = Extensions::new(s);
    assert_eq!(
        ext.list(),
        json!([{"experimental": false, "extensionType": "dev", "name": "mydev",
                "path": dev.to_string_lossy(), "preview": true, "version": "0.0.1a1"}])
    );
    assert_eq!(
        ext.remove("mydev").expect_err("dev").to_string(),
        "Extension 'mydev' was installed in development mode. Remove using `azdev extension remove mydev`"
    );
    assert!(dev.exists());
}

#[tokio::test]
async fn download_progress_is_reported() {
    let f = Fixture::new().await;
    let spec = WheelSpec::new("demo", "1.0.0").entry("azext_demo/data.bin", &[1u8; 100_000]);
    let bytes = f.publish(&spec, json!({}));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let ext = f
        .ext()
        .with_progress(move |p| sink.lock().expect("lock").push(p));
    add_name(&ext, "demo", &mut Vec::new()).await.expect("add");
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.first(), Some(&Progress::Searching));
    let total = Some(bytes.len() as u64);
    assert!(seen.contains(&Progress::Downloading {
        received: bytes.len() as u64,
        total
    }));
    let pos = |p: Progress| seen.iter().position(|x| *x == p).expect("phase reported");
    assert!(pos(Progress::Validating) < pos(Progress::Installing));
}
