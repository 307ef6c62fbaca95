//! The emulator's az extension index: `GET /extensions/index.json` lists a stand-in
//! `aks-preview` and `GET /extensions/<wheel>` serves its wheels, so that `extension add` and
//! `extension update` run their real download → sha256 → unpack path with no network. Neither
//! route needs a token (az fetches both with a plain GET).
//!
//! The stand-in mirrors the one behind the reference transcript: preview-only versions
//! ([`VERSIONS`]), `azext.isPreview: true`, `azext.minCliCoreVersion: 2.73.0`, universal
//! `py2.py3-none-any` wheels holding a dist-info (`METADATA`, `WHEEL`, `RECORD`) and an
//! `azext_aks_preview` package with no commands. Having no stable version, az (and azrs) warn
//! `No stable version of 'aks-preview' to install. Preview versions allowed.` and pick the newest
//! preview. Wheels are built on each request, stored (not deflated) with a fixed 1980-01-01
//! timestamp, so their bytes and the index's `sha256Digest` never change.

use std::io::{Cursor, Write};

use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::Response;
use super::util::{Ctx, Fail, Outcome, ok};

/// The extension the index lists.
pub const EXTENSION_NAME: &str = "aks-preview";
/// The versions served, oldest first; all are previews.
pub const VERSIONS: [&str; 2] = ["19.0.0b1", "19.0.0b2"];

const DIST: &str = "aks_preview";
const PACKAGE: &str = "azext_aks_preview";
const SUMMARY: &str = "Offline stand-in for aks-preview (azrs emulator)";
const HOME: &str = "https://example.invalid/azrs-emulator/aks-preview";
const MIN_CLI_CORE: &str = "2.73.0";

/// The package's `__init__.py`: a command loader that adds nothing, so az loads the extension
/// without a warning. (A literal, not `\` continuations, which would eat the indentation.)
const INIT_PY: &str = r#""""Offline stand-in for the aks-preview extension: it adds no commands."""

from azure.cli.core import AzCommandsLoader


class AksPreviewStandInLoader(AzCommandsLoader):
    def load_command_table(self, args):
        return self.command_table

    def load_arguments(self, command):
        pass


COMMAND_LOADER_CLS = AksPreviewStandInLoader
"#;

pub(crate) fn route(ctx: &Ctx) -> Outcome {
    let file = match ctx.segs.as_slice() {
        [_, file] if ctx.method == "GET" => file.as_str(),
        _ => return Err(not_found(ctx)),
    };
    if file == "index.json" {
        return ok(&index(ctx.base()));
    }
    let version = VERSIONS
        .iter()
        .find(|v| wheel_filename(v) == file)
        .ok_or_else(|| not_found(ctx))?;
    Ok(Response {
        status: 200,
        headers: vec![("Content-Type".into(), "application/octet-stream".into())],
        body: wheel(version),
    })
}

fn not_found(ctx: &Ctx) -> Fail {
    Fail::new(
        404,
        "NotFound",
        format!("The requested path '{}' was not found.", ctx.path),
    )
}

/// The wheel's file name for `version`: `aks_preview-<version>-py2.py3-none-any.whl`.
pub fn wheel_filename(version: &str) -> String {
    format!("{DIST}-{version}-py2.py3-none-any.whl")
}

/// The index document (az's `index.json` format 1) for an emulator at `base`.
pub fn index(base: &str) -> Value {
    let entries: Vec<Value> = VERSIONS
        .iter()
        .map(|v| {
            let filename = wheel_filename(v);
            json!({
                "downloadUrl": format!("{}/extensions/{filename}", base.trim_end_matches('/')),
                "filename": filename,
                "metadata": {
                    "azext.isPreview": true,
                    "azext.minCliCoreVersion": MIN_CLI_CORE,
                    "classifiers": [
                        "Development Status :: 4 - Beta",
                        "License :: OSI Approved :: MIT License"
                    ],
                    "extensions": {"python.details": {"project_urls": {"Home": HOME}}},
                    "generator": "azrs-emulator",
                    "license": "MIT",
                    "metadata_version": "2.0",
                    "name": EXTENSION_NAME,
                    "summary": SUMMARY,
                    "version": v
                },
                "sha256Digest": sha256_hex(&wheel(v))
            })
        })
        .collect();
    json!({
        "extensions": { EXTENSION_NAME: entries },
        "formatVersion": "1"
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stand-in wheel of `version`, byte for byte the same on every call.
pub fn wheel(version: &str) -> Vec<u8> {
    let dist_info = format!("{DIST}-{version}.dist-info");
    let init = INIT_PY;
    let azext =
        format!("{{\"azext.isPreview\": true, \"azext.minCliCoreVersion\": \"{MIN_CLI_CORE}\"}}\n");
    let metadata = format!(
        "Metadata-Version: 2.1\nName: {EXTENSION_NAME}\nVersion: {version}\nSummary: {SUMMARY}\n\
Home-page: {HOME}\nAuthor: azrs\nLicense: MIT\n\
Classifier: Development Status :: 4 - Beta\n\
Classifier: License :: OSI Approved :: MIT License\n\n\
Stand-in wheel served by the azrs emulator's extension index.\n"
    );
    let wheel_file = "Wheel-Version: 1.0\nGenerator: azrs-emulator\nRoot-Is-Purelib: true\n\
Tag: py2-none-any\nTag: py3-none-any\n";
    let mut files: Vec<(String, String)> = vec![
        (format!("{PACKAGE}/__init__.py"), init.to_string()),
        (format!("{PACKAGE}/azext_metadata.json"), azext),
        (format!("{dist_info}/METADATA"), metadata),
        (format!("{dist_info}/WHEEL"), wheel_file.to_string()),
    ];
    let mut record = String::new();
    for (path, content) in &files {
        let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(content.as_bytes()));
        record.push_str(&format!("{path},sha256={digest},{}\n", content.len()));
    }
    let record_path = format!("{dist_info}/RECORD");
    record.push_str(&format!("{record_path},,\n"));
    files.push((record_path, record));

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, content) in &files {
        zip.start_file(path.as_str(), options)
            .and_then(|()| zip.write_all(content.as_bytes()).map_err(Into::into))
            .expect("writing to an in-memory zip cannot fail");
    }
    zip.finish()
        .expect("finishing an in-memory zip cannot fail")
        .into_inner()
}
