//! The emulator's az extension index: the routes as az sees them (index shape, digests, wheel
//! contents) and the whole `extension update`/`add`/`list` path of `azrs::extension` running
//! through the in-process transport, with no network.

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use azrs::extension::{
    AddArgs, ExtensionError, ExtensionSettings, Extensions, Notice, Progress, resolve,
    update_installs_warning,
};
use azrs_emulator::core::extensions::{VERSIONS, wheel_filename};
use azrs_emulator::core::{Request, Response, Settings, State, handle};
use azrs_emulator::front::{IN_PROCESS_ORIGIN, InProcessTransport};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const BASE: &str = "https://127.0.0.1:8443";
const NO_STABLE: &str = "No stable version of 'aks-preview' to install. Preview versions allowed.";
const IN_PREVIEW: &str = "The installed extension 'aks-preview' is in preview.";

fn get(path: &str) -> Response {
    let settings = Settings::new(BASE);
    let mut state = State::default();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000);
    handle(&mut state, &settings, now, &Request::new("GET", path))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn warning(text: &str) -> Notice {
    Notice::Warning(text.to_string())
}

#[test]
fn index_lists_preview_only_aks_preview_without_auth() {
    let resp = get("/extensions/index.json");
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let index = resp.json();
    assert_eq!(index["formatVersion"], "1");
    let exts = index["extensions"].as_object().expect("extensions object");
    assert_eq!(exts.keys().collect::<Vec<_>>(), ["aks-preview"]);
    let entries = exts["aks-preview"].as_array().expect("entries");
    let versions: Vec<&str> = entries
        .iter()
        .map(|e| e["metadata"]["version"].as_str().expect("version"))
        .collect();
    assert_eq!(versions, ["19.0.0b1", "19.0.0b2"]);
    for e in entries {
        let v = e["metadata"]["version"].as_str().expect("version");
        let filename = format!("aks_preview-{v}-py2.py3-none-any.whl");
        assert_eq!(e["filename"], filename.as_str());
        assert_eq!(
            e["downloadUrl"],
            format!("{BASE}/extensions/{filename}").as_str()
        );
        let digest = e["sha256Digest"].as_str().expect("digest");
        assert_eq!(digest.len(), 64);
        assert!(
            digest
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        let m = &e["metadata"];
        assert_eq!(m["name"], "aks-preview");
        assert_eq!(m["azext.isPreview"], true);
        assert_eq!(m["azext.minCliCoreVersion"], "2.73.0");
        assert_eq!(m["metadata_version"], "2.0");
        assert!(m["summary"].is_string());
    }
}

#[test]
fn index_resolves_like_the_reference_no_stable_version_then_newest_preview() {
    let index = get("/extensions/index.json").json();
    let exts = index["extensions"].as_object().expect("extensions").clone();
    let mut notices = Vec::new();
    let chosen = resolve(&exts, "aks-preview", None, None, None, &mut notices).expect("chosen");
    assert_eq!(notices, [warning(NO_STABLE)]);
    assert!(
        chosen
            .download_url
            .ends_with("aks_preview-19.0.0b2-py2.py3-none-any.whl")
    );
    // An explicit `--allow-preview false` finds nothing, as az says.
    let mut notices = Vec::new();
    let none = resolve(&exts, "aks-preview", None, None, Some(false), &mut notices);
    assert!(
        none.expect_err("no stable")
            .0
            .starts_with("No suitable stable version of 'aks-preview' to install.")
    );
}

#[test]
fn wheel_digest_matches_served_bytes_and_is_stable() {
    let index = get("/extensions/index.json").json();
    for e in index["extensions"]["aks-preview"]
        .as_array()
        .expect("entries")
    {
        let path = format!("/extensions/{}", e["filename"].as_str().expect("filename"));
        let first = get(&path);
        assert_eq!(first.status, 200);
        assert_eq!(
            first.header("content-type"),
            Some("application/octet-stream")
        );
        assert_eq!(sha256_hex(&first.body), e["sha256Digest"]);
        assert_eq!(
            get(&path).body,
            first.body,
            "wheel bytes must be deterministic"
        );
    }
    // Another origin changes the URLs, never the bytes.
    let other = Settings::new(IN_PROCESS_ORIGIN);
    let mut state = State::default();
    let r = handle(
        &mut state,
        &other,
        SystemTime::now(),
        &Request::new("GET", "/extensions/index.json"),
    );
    assert_eq!(
        r.json()["extensions"]["aks-preview"][1]["sha256Digest"],
        index["extensions"]["aks-preview"][1]["sha256Digest"]
    );
}

#[test]
fn wheel_is_a_zip_with_dist_info_and_azext_package() {
    let v = "19.0.0b2";
    let bytes = get(&format!("/extensions/{}", wheel_filename(v))).body;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("entry name").into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "aks_preview-19.0.0b2.dist-info/METADATA",
            "aks_preview-19.0.0b2.dist-info/RECORD",
            "aks_preview-19.0.0b2.dist-info/WHEEL",
            "azext_aks_preview/__init__.py",
            "azext_aks_preview/azext_metadata.json",
        ]
    );
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .expect("entry")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    };
    let metadata = read("aks_preview-19.0.0b2.dist-info/METADATA");
    assert!(metadata.contains("\nName: aks-preview\n"));
    assert!(metadata.contains("\nVersion: 19.0.0b2\n"));
    let wheel = read("aks_preview-19.0.0b2.dist-info/WHEEL");
    assert!(wheel.contains("Root-Is-Purelib: true"));
    let azext: Value =
        serde_json::from_str(&read("azext_aks_preview/azext_metadata.json")).expect("json");
    assert_eq!(
        azext,
        json!({"azext.isPreview": true, "azext.minCliCoreVersion": "2.73.0"})
    );
    // Regression: `\` line continuations in the Rust literal ate the Python indentation, and az
    // warned "Unable to load extension 'aks-preview: expected an indented block…'".
    let init = read("azext_aks_preview/__init__.py");
    assert!(init.contains("\nclass AksPreviewStandInLoader(AzCommandsLoader):\n    def load_command_table(self, args):\n        return self.command_table\n"));
    assert!(init.ends_with("\nCOMMAND_LOADER_CLS = AksPreviewStandInLoader\n"));
    // RECORD lists every other file with its urlsafe-base64 sha256 and size.
    let record = read("aks_preview-19.0.0b2.dist-info/RECORD");
    let digest = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        Sha256::digest(init.as_bytes()),
    );
    assert!(record.contains(&format!(
        "azext_aks_preview/__init__.py,sha256={digest},{}\n",
        init.len()
    )));
    assert!(record.ends_with("aks_preview-19.0.0b2.dist-info/RECORD,,\n"));
}

#[test]
fn unknown_wheel_and_other_methods_are_not_found() {
    assert_eq!(
        get("/extensions/aks_preview-1.0.0-py3-none-any.whl").status,
        404
    );
    assert_eq!(get("/extensions").status, 404);
    let settings = Settings::new(BASE);
    let r = handle(
        &mut State::default(),
        &settings,
        SystemTime::now(),
        &Request::new("POST", "/extensions/index.json"),
    );
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn served_wheel_installs_from_a_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let whl = tmp.path().join(wheel_filename(VERSIONS[0]));
    std::fs::write(
        &whl,
        get(&format!("/extensions/{}", wheel_filename(VERSIONS[0]))).body,
    )
    .expect("write");
    let ext = Extensions::new(ExtensionSettings::new(
        tmp.path().join("cliextensions"),
        "https://unused.invalid/index.json",
    ));
    let mut notices = Vec::new();
    let args = AddArgs {
        source: Some(whl.to_string_lossy().into_owned()),
        ..AddArgs::default()
    };
    ext.add(&args, &mut notices).await.expect("installed");
    assert_eq!(notices, [warning(IN_PREVIEW)]);
    assert_eq!(ext.list()[0]["version"], "19.0.0b1");
}

/// Extensions whose index and wheels come from the in-process emulator in `state`.
fn in_process(state: &Path, config: &Path, index_url: &str) -> Extensions {
    let transport = InProcessTransport::new(state).expect("transport");
    let mut settings = ExtensionSettings::new(config.join("cliextensions"), index_url);
    settings.transport = Some(Arc::new(transport));
    settings.index_retry_delay = Duration::ZERO;
    Extensions::new(settings)
}

fn index_url() -> String {
    format!("{IN_PROCESS_ORIGIN}/extensions/index.json")
}

#[tokio::test]
async fn update_of_missing_aks_preview_installs_newest_preview_in_process() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (state, config) = (tmp.path().join("state"), tmp.path().join("config"));
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let ext = in_process(&state, &config, &index_url())
        .with_progress(move |p| seen.lock().expect("lock").push(p));

    let mut notices = Vec::new();
    ext.update("aks-preview", None, &mut notices)
        .await
        .expect("update installs");
    assert_eq!(
        notices,
        [
            warning(&update_installs_warning("aks-preview")),
            warning(NO_STABLE),
            warning(IN_PREVIEW),
        ]
    );
    let path = config.join("cliextensions").join("aks-preview");
    assert_eq!(
        ext.list(),
        json!([{
            "experimental": false,
            "extensionType": "whl",
            "name": "aks-preview",
            "path": path.to_string_lossy(),
            "preview": true,
            "version": "19.0.0b2"
        }])
    );
    assert!(path.join("aks_preview-19.0.0b2.dist-info").is_dir());
    assert!(path.join("azext_aks_preview").join("__init__.py").is_file());
    assert!(path.join(wheel_filename("19.0.0b2")).is_file());

    let wheel_len = get(&format!("/extensions/{}", wheel_filename("19.0.0b2")))
        .body
        .len() as u64;
    let events = progress.lock().expect("lock").clone();
    assert_eq!(events.first(), Some(&Progress::Searching));
    assert!(events.iter().any(|p| matches!(
        p,
        Progress::Downloading { received, .. } if *received == wheel_len
    )));
    assert_eq!(events.last(), Some(&Progress::Installing));

    // The requests were plain GETs of the two routes, without credentials.
    let log = std::fs::read_to_string(state.join("requests.jsonl")).expect("request log");
    let entries: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let paths: Vec<&str> = entries
        .iter()
        .map(|e| e["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        [
            "/extensions/index.json".to_string(),
            format!("/extensions/{}", wheel_filename("19.0.0b2"))
        ]
    );
    for e in &entries {
        assert_eq!(e["method"], "GET");
        assert_eq!(e["status"], 200);
        assert!(e["headers"].get("authorization").is_none());
    }

    // Second update: az's "already installed" block, exit 0.
    let mut notices = Vec::new();
    ext.update("aks-preview", None, &mut notices)
        .await
        .expect("no-op update");
    assert_eq!(
        notices,
        [
            warning(NO_STABLE),
            warning(
                "Latest version of 'aks-preview' is already installed.\n\nUse --debug for more information"
            ),
        ]
    );
}

#[tokio::test]
async fn update_moves_b1_to_b2_like_the_reference() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ext = in_process(
        &tmp.path().join("state"),
        &tmp.path().join("config"),
        &index_url(),
    );
    let args = AddArgs {
        name: Some("aks-preview".into()),
        version: Some("19.0.0b1".into()),
        allow_preview: Some(true),
        ..AddArgs::default()
    };
    let mut notices = Vec::new();
    ext.add(&args, &mut notices).await.expect("add b1");
    assert_eq!(notices, [warning(IN_PREVIEW)]);
    assert_eq!(ext.list()[0]["version"], "19.0.0b1");

    let mut notices = Vec::new();
    ext.update("aks-preview", None, &mut notices)
        .await
        .expect("update");
    assert_eq!(notices, [warning(NO_STABLE)]);
    assert_eq!(ext.list()[0]["version"], "19.0.0b2");
    assert_eq!(ext.list()[0]["preview"], true);
}

#[tokio::test]
async fn missing_index_through_transport_reports_status_like_az() {
    let tmp = tempfile::tempdir().expect("tmp");
    let url = format!("{IN_PROCESS_ORIGIN}/extensions/missing.json");
    let ext = in_process(&tmp.path().join("state"), &tmp.path().join("config"), &url);
    let mut notices = Vec::new();
    let err = ext
        .add(
            &AddArgs {
                name: Some("aks-preview".into()),
                ..AddArgs::default()
            },
            &mut notices,
        )
        .await
        .expect_err("no index");
    assert!(matches!(err, ExtensionError::Index(_)));
    assert_eq!(
        err.to_string(),
        format!("Unable to get extension index.\nServer returned status code 404 for {url}")
    );
}
