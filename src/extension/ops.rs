//! The operations behind `az extension …`: what each verb reads, fetches, installs or deletes,
//! in az 2.91's order and with its log lines (see `operations.py` in azure-cli-core). Kept apart
//! from the types in `mod.rs` so each verb reads top to bottom.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::index::{self, Chosen, NoCandidates, resolve};
use super::install::{self, info_from_source};
use super::installed::{self, Installed, Kind};
use super::{
    AddArgs, ExtensionError, ExtensionSettings, Extensions, Notice, Progress, dependencies_warning,
    http, update_installs_warning,
};

impl Extensions {
    pub fn new(settings: ExtensionSettings) -> Self {
        Extensions {
            settings,
            client: OnceLock::new(),
            progress: Box::new(|_| {}),
        }
    }

    /// Reports download progress to `f` (the caller draws the bar).
    pub fn with_progress(mut self, f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Box::new(f);
        self
    }

    /// The settings' transport if there is one, else the reqwest client (built once). A zero
    /// index retry delay is the test knob (`AZRS_TEST_NO_DELAY`), so retries wait zero too.
    fn client(&self) -> Result<http::Client, ExtensionError> {
        let zero = self.settings.index_retry_delay.is_zero();
        if let Some(t) = &self.settings.transport {
            return Ok(http::Client::new(t.clone(), zero));
        }
        if let Some(c) = self.client.get() {
            return Ok(http::Client::new(std::sync::Arc::new(c.clone()), zero));
        }
        let built = http::reqwest_client(self.settings.ca_bundle.as_deref())?;
        let c = self.client.get_or_init(|| built).clone();
        Ok(http::Client::new(std::sync::Arc::new(c), zero))
    }

    /// All installed extensions, as az's `get_extensions()`: wheel ones (sorted), then dev ones.
    pub fn installed(&self) -> Vec<Installed> {
        let mut all =
            installed::wheel_extensions(&self.settings.dir, self.settings.sys_dir.as_deref());
        all.extend(installed::dev_extensions(&self.settings.dev_sources));
        all
    }

    fn find(&self, name: &str, wheel_only: bool) -> Option<Installed> {
        self.installed()
            .into_iter()
            .find(|e| e.name == name && (!wheel_only || e.kind == Kind::Wheel))
    }

    /// `extension list`: no network.
    pub fn list(&self) -> Value {
        Value::Array(self.installed().iter().map(Installed::list_entry).collect())
    }

    /// `extension show -n NAME`.
    pub fn show(&self, name: &str) -> Result<Value, ExtensionError> {
        self.find(name, false)
            .map(|e| e.show_entry())
            .ok_or_else(|| ExtensionError::NotInstalled(name.to_string()))
    }

    /// `extension remove -n NAME`: deletes the directory; silent on success.
    pub fn remove(&self, name: &str) -> Result<(), ExtensionError> {
        let ext = self
            .find(name, false)
            .ok_or_else(|| ExtensionError::NotInstalled(name.to_string()))?;
        if ext.kind == Kind::Dev {
            return Err(ExtensionError::DevRemove(name.to_string()));
        }
        let root = ext.path.parent().unwrap_or(Path::new("."));
        install::uninstall(&ext.path, root)
    }

    async fn index(&self, notices: &mut Vec<Notice>) -> Result<Map<String, Value>, ExtensionError> {
        let client = self.client()?;
        index::fetch(
            &client,
            &self.settings.index_url,
            self.settings.index_retry_delay,
            notices,
        )
        .await
    }

    /// `extension list-available [-d]`: the index's newest compatible entries, or with
    /// `show_details` the raw `extensions` object.
    pub async fn list_available(
        &self,
        show_details: bool,
        notices: &mut Vec<Notice>,
    ) -> Result<Value, ExtensionError> {
        let extensions = self.index(notices).await?;
        if show_details {
            return Ok(Value::Object(extensions));
        }
        let wheels =
            installed::wheel_extensions(&self.settings.dir, self.settings.sys_dir.as_deref());
        let lookup = |name: &str| {
            wheels
                .iter()
                .find(|w| w.name == name)
                .map(Installed::version)
        };
        Ok(index::available(&extensions, &lookup))
    }

    fn root(&self, system: bool) -> Result<&Path, ExtensionError> {
        if system {
            self.settings
                .sys_dir
                .as_deref()
                .ok_or(ExtensionError::NoSystemDir)
        } else {
            Ok(&self.settings.dir)
        }
    }

    async fn resolve_from_index(
        &self,
        name: &str,
        cur_version: Option<&str>,
        target_version: Option<&str>,
        allow_preview: Option<bool>,
        notices: &mut Vec<Notice>,
    ) -> Result<Result<Chosen, NoCandidates>, ExtensionError> {
        (self.progress)(Progress::Searching);
        let extensions = self.index(notices).await?;
        Ok(resolve(
            &extensions,
            name,
            cur_version,
            target_version,
            allow_preview,
            notices,
        ))
    }

    /// `extension add`. Success prints nothing; warnings go to `notices`.
    pub async fn add(
        &self,
        args: &AddArgs,
        notices: &mut Vec<Notice>,
    ) -> Result<(), ExtensionError> {
        let (source, sha256) = match (&args.name, &args.source) {
            (Some(name), None) => {
                let target = args.version.as_deref().filter(|v| *v != "latest");
                let chosen = self
                    .resolve_from_index(name, None, target, args.allow_preview, notices)
                    .await?
                    .map_err(|e| ExtensionError::Resolve(e.0))?;
                (chosen.download_url, chosen.sha256)
            }
            (None, Some(source)) => (source.clone(), None),
            _ => return Err(ExtensionError::AddUsage),
        };
        let update_to_latest =
            args.source.is_none() && args.version.as_deref().is_none_or(|v| v == "latest");
        let (ext_name, ext_version) = info_from_source(&source);

        if let Some(existing) = ext_name.as_deref().and_then(|n| self.find(n, false)) {
            if existing.kind == Kind::Wheel {
                let installed_version = existing.version();
                notices.push(Notice::Warning(format!(
                    "Extension '{}' {} is already installed.",
                    existing.name,
                    installed_version.as_deref().unwrap_or("None")
                )));
                if !args.upgrade {
                    return Ok(());
                }
                if ext_version == installed_version {
                    if update_to_latest {
                        notices.push(Notice::Warning(format!(
                            "Latest version of '{}' is already installed.",
                            existing.name
                        )));
                    }
                    return Ok(());
                }
                notices.push(Notice::Warning(format!(
                    "It will be overridden with version {}.",
                    ext_version.as_deref().unwrap_or("None")
                )));
                return self
                    .replace(&existing, &source, sha256.as_deref(), notices)
                    .await;
            }
            notices.push(Notice::Warning(format!(
                "Overriding development version of '{}' with production version.",
                existing.name
            )));
        }

        let root = self.root(args.system)?;
        let staged = self.stage(&source, sha256.as_deref(), root).await?;
        if self.find(&staged.name, true).is_some() {
            return Err(ExtensionError::AlreadyExists(staged.name));
        }
        let name = staged.name.clone();
        let requires = staged.requires_dist.clone();
        install::commit(staged, root)?;
        if !requires.is_empty() {
            notices.push(Notice::Warning(dependencies_warning(&name, &requires)));
        }
        if self.find(&name, false).and_then(|e| e.preview()) == Some(true) {
            notices.push(Notice::Warning(format!(
                "The installed extension '{name}' is in preview."
            )));
        }
        Ok(())
    }

    async fn stage(
        &self,
        source: &str,
        sha256: Option<&str>,
        root: &Path,
    ) -> Result<install::Staged, ExtensionError> {
        let client = || self.client();
        install::stage(
            install::StageRequest {
                source,
                sha256,
                root,
                home: self.settings.home.as_deref(),
                progress: &*self.progress,
            },
            &client,
        )
        .await
    }

    /// az's update install step with its rollback messages: a failure leaves the old version.
    async fn replace(
        &self,
        existing: &Installed,
        source: &str,
        sha256: Option<&str>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), ExtensionError> {
        let root = existing
            .path
            .parent()
            .map_or_else(|| self.settings.dir.clone(), Path::to_path_buf);
        let result = async {
            let staged = self.stage(source, sha256, &root).await?;
            let requires = staged.requires_dist.clone();
            let name = staged.name.clone();
            if name != existing.name {
                return Err(ExtensionError::Invalid(format!(
                    "the wheel is for '{name}', not '{}'",
                    existing.name
                )));
            }
            install::commit(staged, &root)?;
            Ok(requires)
        }
        .await;
        match result {
            Ok(requires) => {
                if !requires.is_empty() {
                    notices.push(Notice::Warning(dependencies_warning(
                        &existing.name,
                        &requires,
                    )));
                }
                Ok(())
            }
            Err(err) => {
                notices.push(Notice::Error("An error occurred whilst updating.".into()));
                notices.push(Notice::Error(err.to_string()));
                Err(ExtensionError::RolledBack {
                    name: existing.name.clone(),
                    version: existing.version().unwrap_or_else(|| "None".into()),
                })
            }
        }
    }

    /// `extension update -n NAME [--allow-preview]`. Resolution problems are warnings (exit 0),
    /// as in az. Not installed: installs it with [`update_installs_warning`] (azrs difference).
    pub async fn update(
        &self,
        name: &str,
        allow_preview: Option<bool>,
        notices: &mut Vec<Notice>,
    ) -> Result<(), ExtensionError> {
        let Some(existing) = self.find(name, true) else {
            notices.push(Notice::Warning(update_installs_warning(name)));
            let args = AddArgs {
                name: Some(name.to_string()),
                allow_preview,
                ..AddArgs::default()
            };
            return self.add(&args, notices).await;
        };
        let cur_version = existing.version();
        let chosen = match self
            .resolve_from_index(name, cur_version.as_deref(), None, allow_preview, notices)
            .await?
        {
            Ok(c) => c,
            Err(NoCandidates(msg)) => {
                notices.push(Notice::Warning(format!(
                    "{msg}\n\nUse --debug for more information"
                )));
                return Ok(());
            }
        };
        self.replace(
            &existing,
            &chosen.download_url,
            chosen.sha256.as_deref(),
            notices,
        )
        .await
    }
}
