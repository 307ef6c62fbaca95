//! `azrs extension …` as the real binary: the index and wheels are served by a loopback HTTPS
//! server with a throw-away CA (`azrs_test_support::wheels`), trusted through `REQUESTS_CA_BUNDLE`,
//! and found through `AZURE_EXTENSION_INDEX_URL` — the walkthrough's extension sequence end to
//! end, with exact stdout/stderr/exit codes.

use azrs_test_support::wheels;

use std::sync::Mutex;

use crate::common::{Azrs, Run};
use serde_json::{Value, json};
use wheels::{Route, Server, WheelSpec, sha256_hex};

const NO_STABLE: &str =
    "WARNING: No stable version of 'aks-preview' to install. Preview versions allowed.\n";

/// The sandbox plus the server and the index it serves.
struct Fixture {
    az: Azrs,
    server: Server,
    index: Mutex<serde_json::Map<String, Value>>,
}

impl Fixture {
    async fn new() -> Fixture {
        let server = Server::start().await;
        let mut az = Azrs::new();
        // Extension commands never need ARM; run them as on a plain machine.
        az.remove_env("AZRS_EMULATOR");
        let ca = az.path("ca.pem");
        std::fs::write(&ca, &server.ca_pem).expect("ca");
        az.set_env("REQUESTS_CA_BUNDLE", &ca.display().to_string());
        az.set_env(
            "AZURE_EXTENSION_INDEX_URL",
            &server.url("extensions/index.json"),
        );
        let f = Fixture {
            az,
            server,
            index: Mutex::new(serde_json::Map::new()),
        };
        f.write_index();
        f
    }

    fn write_index(&self) {
        let idx = json!({"extensions": Value::Object(self.index.lock().expect("lock").clone()), "formatVersion": "1"});
        self.server.route(
            "extensions/index.json",
            Route::Body(serde_json::to_vec(&idx).expect("json")),
        );
    }

    /// Serves a preview `aks-preview` wheel at `version` and lists it in the index.
    fn publish_preview(&self, version: &str) {
        let spec = WheelSpec::new("aks-preview", version)
            .azext(json!({"azext.isPreview": true, "azext.minCliCoreVersion": "2.73.0"}));
        let bytes = spec.build();
        let filename = spec.filename();
        self.server.route(
            &format!("extensions/{filename}"),
            Route::Body(bytes.clone()),
        );
        let entry = json!({
            "downloadUrl": self.server.url(&format!("extensions/{filename}")),
            "filename": filename,
            "metadata": {"name": "aks-preview", "version": version, "summary": "Provides a preview for upcoming AKS features",
                         "azext.isPreview": true, "azext.minCliCoreVersion": "2.73.0"},
            "sha256Digest": sha256_hex(&bytes),
        });
        self.index
            .lock()
            .expect("lock")
            .entry("aks-preview".to_string())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("array")
            .push(entry);
        self.write_index();
    }

    /// Runs azrs off the async worker (the server runs on the other worker threads).
    async fn run(&self, args: &[&str]) -> Run {
        tokio::task::block_in_place(|| self.az.run(args))
    }

    fn ext_path(&self) -> String {
        self.az
            .config_dir()
            .join("cliextensions")
            .join("aks-preview")
            .display()
            .to_string()
    }
}

fn quiet(run: &Run) -> (&str, &str) {
    (run.stdout.as_str(), run.stderr.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walkthrough_extension_sequence_update_list_show_remove() {
    let f = Fixture::new().await;
    f.publish_preview("19.0.0b1");

    // Not installed: azrs installs it (deliberate difference from az), saying so.
    let run = f
        .run(&["extension", "update", "--name", "aks-preview"])
        .await
        .ok();
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: {}\n{NO_STABLE}WARNING: The installed extension 'aks-preview' is in preview.\n",
            azrs::extension::update_installs_warning("aks-preview")
        )
    );
    assert_eq!(run.stdout, "");

    let list = f.run(&["extension", "list"]).await.ok();
    assert_eq!(
        list.json(),
        json!([{"experimental": false, "extensionType": "whl", "name": "aks-preview",
                "path": f.ext_path(), "preview": true, "version": "19.0.0b1"}])
    );

    // A newer preview: updated silently apart from az's warning.
    f.publish_preview("19.0.0b2");
    let run = f
        .run(&["extension", "update", "--name", "aks-preview"])
        .await
        .ok();
    assert_eq!(quiet(&run), ("", NO_STABLE));

    // Already the newest: az's two-warning block, exit 0.
    let run = f
        .run(&["extension", "update", "--name", "aks-preview"])
        .await
        .ok();
    assert_eq!(
        quiet(&run),
        (
            "",
            "WARNING: No stable version of 'aks-preview' to install. Preview versions allowed.\n\
             WARNING: Latest version of 'aks-preview' is already installed.\n\
             \n\
             Use --debug for more information\n"
        )
    );

    // `extension list -o table`, as in the transcript (Path column sized to the real path).
    let table = f.run(&["extension", "list", "-o", "table"]).await.ok();
    let path = f.ext_path();
    let w = path.chars().count().max(6);
    assert_eq!(
        table.stdout,
        format!(
            "Experimental    ExtensionType    Name         {:<w$}  Preview    Version\n\
             --------------  ---------------  -----------  {}  ---------  ---------\n\
             False           whl              aks-preview  {:<w$}  True       19.0.0b2\n",
            "Path",
            "-".repeat(w),
            path
        )
    );

    let show = f
        .run(&["extension", "show", "-n", "aks-preview"])
        .await
        .ok()
        .json();
    assert_eq!(show["name"], "aks-preview");
    assert_eq!(show["version"], "19.0.0b2");
    assert_eq!(show["extensionType"], "whl");
    assert_eq!(show["path"], f.ext_path());
    assert_eq!(show["metadata"]["azext.isPreview"], true);

    // list-available: newest entry per name, previews included, installed state.
    let avail = f.run(&["extension", "list-available"]).await.ok();
    assert_eq!(
        avail.json(),
        json!([{"experimental": false, "installed": true, "name": "aks-preview", "preview": true,
                "summary": "Provides a preview for upcoming AKS features", "version": "19.0.0b2"}])
    );
    let avail_table = f
        .run(&["extension", "list-available", "-o", "table"])
        .await
        .ok();
    let header = avail_table
        .stdout
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let columns: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        columns,
        [
            "Name",
            "Version",
            "Summary",
            "Preview",
            "Experimental",
            "Installed"
        ]
    );

    // remove: silent, then gone; a second remove / show is az's "not installed" error.
    let run = f
        .run(&["extension", "remove", "-n", "aks-preview"])
        .await
        .ok();
    assert_eq!(quiet(&run), ("", ""));
    assert!(!std::path::Path::new(&f.ext_path()).exists());
    assert_eq!(f.run(&["extension", "list"]).await.ok().stdout, "[]\n");
    let not_installed = "ERROR: The extension aks-preview is not installed. Please install the extension via `az extension add -n aks-preview`.\n";
    for verb in ["remove", "show"] {
        let run = f
            .run(&["extension", verb, "-n", "aks-preview"])
            .await
            .expect_code(1);
        assert_eq!(quiet(&run), ("", not_installed), "{verb}");
    }

    // Everything went through the loopback server: the index and the two wheels.
    let reqs = f.server.requests();
    assert!(
        reqs.iter()
            .any(|p| p.ends_with("aks_preview-19.0.0b1-py2.py3-none-any.whl"))
    );
    assert!(
        reqs.iter()
            .any(|p| p.ends_with("aks_preview-19.0.0b2-py2.py3-none-any.whl"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extension_dir_env_and_hidden_index_flag_are_honoured() {
    let mut f = Fixture::new().await;
    f.publish_preview("19.0.0b1");
    let dir = f.az.path("my-extensions");
    f.az.set_env("AZURE_EXTENSION_DIR", &dir.display().to_string());
    // A broken configured index: `--index` must win over it.
    f.az.set_env(
        "AZURE_EXTENSION_INDEX_URL",
        &f.server.url("missing/index.json"),
    );
    f.run(&[
        "extension",
        "add",
        "-n",
        "aks-preview",
        "--index",
        &f.server.url("extensions/index.json"),
    ])
    .await
    .ok();
    assert!(dir.join("aks-preview").is_dir());
    assert!(!f.az.config_dir().join("cliextensions").exists());
    let list = f.run(&["extension", "list"]).await.ok().json();
    assert_eq!(
        list[0]["path"],
        dir.join("aks-preview").display().to_string()
    );

    // Without --index the configured (broken) URL is used: az's two-line error.
    let run = f
        .run(&["extension", "update", "-n", "aks-preview"])
        .await
        .expect_code(1);
    assert_eq!(
        quiet(&run),
        (
            "",
            format!(
                "ERROR: Unable to get extension index.\nServer returned status code 404 for {}\n",
                f.server.url("missing/index.json")
            )
            .as_str()
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_from_source_needs_confirmation_without_a_terminal() {
    let f = Fixture::new().await;
    let spec = WheelSpec::new("demo-ext", "1.0.0");
    let wheel = f.az.path(&spec.filename());
    std::fs::write(&wheel, spec.build()).expect("wheel");
    let wheel = wheel.display().to_string();

    let run = f
        .run(&["extension", "add", "--source", &wheel])
        .await
        .expect_code(1);
    assert_eq!(
        quiet(&run),
        (
            "",
            "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\n\
             ERROR: Operation cancelled.\n"
        )
    );
    assert!(!f.az.config_dir().join("cliextensions").exists());

    let run = f
        .run(&["extension", "add", "--source", &wheel, "-y"])
        .await
        .ok();
    assert_eq!(quiet(&run), ("", ""));
    let list = f.run(&["extension", "list"]).await.ok().json();
    assert_eq!(list[0]["name"], "demo-ext");
    assert_eq!(list[0]["version"], "1.0.0");
    assert_eq!(list[0]["preview"], false);

    let usage = f
        .run(&[
            "extension",
            "add",
            "-n",
            "demo-ext",
            "--source",
            &wheel,
            "-y",
        ])
        .await
        .expect_code(1);
    assert_eq!(
        usage.stderr,
        "ERROR: usage error: --name NAME | --source SOURCE\n"
    );
    assert!(
        f.server.requests().is_empty(),
        "no network for --source files"
    );
}
