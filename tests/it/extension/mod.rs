//! `az extension …`: the library offline against a loopback wheel server (`install`,
//! `failures`), the verbs through the binary (`commands`), and the emulator's extension index
//! through the in-process transport (`emulator_index`). The cross-check with the real az is in
//! the differential binary.
//!
//! `install` and `failures` share the fixture below: a temp config dir, the wheel server,
//! and an index that tests change between steps.

mod commands;
mod emulator_index;
mod failures;
mod install;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use azrs::extension::{
    AddArgs, ExtensionError, ExtensionSettings, Extensions, Notice, Progress,
    update_installs_warning,
};
use serde_json::{Value, json};

use azrs_test_support::wheels::{Route, Server, WheelSpec, sha256_hex, walk};

// ---------------------------------------------------------------------------------------------
// Fixture: a temp config dir, the server, and an index we can change between steps

struct Fixture {
    server: Server,
    tmp: tempfile::TempDir,
    index: Mutex<serde_json::Map<String, Value>>,
}

impl Fixture {
    async fn new() -> Fixture {
        let server = Server::start().await;
        let tmp = tempfile::tempdir().expect("tmp");
        std::fs::write(tmp.path().join("ca.pem"), &server.ca_pem).expect("ca");
        let f = Fixture {
            server,
            tmp,
            index: Mutex::new(serde_json::Map::new()),
        };
        f.write_index();
        f
    }

    fn ext_dir(&self) -> PathBuf {
        self.tmp.path().join("config").join("cliextensions")
    }

    fn settings(&self) -> ExtensionSettings {
        let mut s =
            ExtensionSettings::new(self.ext_dir(), self.server.url("extensions/index.json"));
        s.ca_bundle = Some(self.tmp.path().join("ca.pem"));
        s.index_retry_delay = Duration::ZERO;
        s
    }

    fn ext(&self) -> Extensions {
        Extensions::new(self.settings())
    }

    fn write_index(&self) {
        let idx = json!({"extensions": Value::Object(self.index.lock().expect("lock").clone()), "formatVersion": "1"});
        self.server.route(
            "extensions/index.json",
            Route::Body(serde_json::to_vec(&idx).expect("json")),
        );
    }

    /// Serves the wheel and lists it in the index with `metadata` (merged over name/version/summary).
    fn publish(&self, spec: &WheelSpec, metadata: Value) -> Vec<u8> {
        let bytes = spec.build();
        self.publish_bytes(
            spec,
            &bytes,
            &sha256_hex(&bytes),
            metadata,
            Route::Body(bytes.clone()),
        );
        bytes
    }

    fn publish_bytes(
        &self,
        spec: &WheelSpec,
        _bytes: &[u8],
        sha: &str,
        metadata: Value,
        route: Route,
    ) {
        let filename = spec.filename();
        self.server.route(&format!("extensions/{filename}"), route);
        let mut meta = json!({"name": spec.name, "version": spec.version, "summary": format!("Test extension {}", spec.name)});
        if let (Some(m), Value::Object(extra)) = (meta.as_object_mut(), metadata) {
            m.extend(extra);
        }
        let entry = json!({
            "downloadUrl": self.server.url(&format!("extensions/{filename}")),
            "filename": filename,
            "metadata": meta,
            "sha256Digest": sha,
        });
        self.index
            .lock()
            .expect("lock")
            .entry(spec.name.clone())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("array")
            .push(entry);
        self.write_index();
    }

    fn write_wheel_file(&self, spec: &WheelSpec) -> PathBuf {
        let p = self.tmp.path().join(spec.filename());
        std::fs::write(&p, spec.build()).expect("write wheel");
        p
    }

    /// Everything below the extension dir, relative, sorted (to prove nothing else was written).
    fn tree(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.ext_dir(), &self.ext_dir(), &mut out);
        out.sort();
        out
    }
}

fn warnings(n: &[Notice]) -> Vec<&str> {
    n.iter()
        .filter_map(|x| match x {
            Notice::Warning(w) => Some(w.as_str()),
            Notice::Error(_) => None,
        })
        .collect()
}

async fn add_name(
    ext: &Extensions,
    name: &str,
    notices: &mut Vec<Notice>,
) -> Result<(), ExtensionError> {
    let args = AddArgs {
        name: Some(name.into()),
        ..AddArgs::default()
    };
    ext.add(&args, notices).await
}
