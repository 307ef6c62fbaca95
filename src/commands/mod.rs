//! Commands, found by their path as in gh: `commands/<noun>/<verb>.rs` holds the verb, the
//! typed ARM requests it sends and the table transformer az registers for it; the noun's
//! `mod.rs` holds its dispatcher and what its verbs share.
//!
//! ```text
//! commands/mod.rs          Ctx, Outcome, CliError, prompts, LRO spinner, dispatch by noun
//! commands/model.rs        az's `todict` over plain SDK models (group, feature, provider)
//! commands/account/        show list set                 (azureProfile.json, no HTTP)
//! commands/cloud/          list show set register unregister (+ metadata fetch)
//! commands/login/          login (mod) logout record
//! commands/group/          create show list delete exists
//! commands/provider/       list show register unregister
//! commands/feature/        list show register unregister
//! commands/extension/      add update remove list show list_available
//! commands/identity/       create show list delete
//! commands/role/           graph (Graph lookups), assignment/ (create list delete)
//! commands/network/      vnet_create vnet_show vnet_list vnet_delete subnet_create
//!                          subnet_show subnet_list (AAZ: flattened output)
//! commands/acr/            create show list delete (SDK Registry model, registry table)
//! commands/aks/            create/ (options validate body identity) show list delete wait
//!                          get_credentials, flatten/ (the printed cluster)
//! ```
//!
//! Each verb takes the [`Ctx`] and its parsed arguments and returns an [`Outcome`] (a value
//! for the renderer plus an optional table transformer); verbs never print results. Warnings,
//! prompts and spinners go through the [`Term`] the context carries ([`Ctx::warn`],
//! [`confirm`], [`lro_options`]), so a test can hand in a buffer.
//!
//! The context hands out the active cloud and an ARM client lazily and at most once, so
//! commands that never touch ARM (`version`, `completion`, `cloud`, `account`, `extension
//! list`) pay nothing for `clouds.config`, TLS, credentials or transports. How that client is
//! built (real cloud or the embedded emulator) is the app's business: commands only see
//! [`ArmContext`] and [`CloudTarget`], and never import `app`.

pub mod account;
pub mod acr;
pub mod aks;
pub mod cloud;
pub mod complete;
pub mod config;
pub mod extension;
pub mod feature;
pub mod group;
pub mod identity;
pub mod login;
pub(crate) mod model;
pub mod network;
pub mod provider;
pub mod role;
pub mod version;
pub mod wait;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use azure_core::http::HttpClient;
use serde_json::Value;

use crate::arm::{
    ArmClient, ClientOptions, LroOptions, LroProgress, PolicyTokenSettings, ProgressHook, WarnHook,
};
use crate::cli::{Command, GlobalArgs};
use crate::config::clouds::{self, CloudTarget};
use crate::config::{ConfigDir, ConfigError, Settings};
use crate::output::TableTransformer;
use crate::term::{Spinner, Term};

/// What a command hands to the renderer.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The result; `None` prints nothing (az's "handler returned None").
    pub value: Option<Value>,
    /// The table transformer az registers for this command (used only without `--query`).
    pub table_transformer: Option<TableTransformer>,
    /// Text printed verbatim instead of a rendered value (completion scripts).
    pub raw: Option<String>,
    /// A long list kept as JSON text per item, printed like `value` would be (`group list`).
    pub list: Option<crate::output::RawList>,
}

impl Outcome {
    /// Nothing to print.
    pub fn none() -> Outcome {
        Outcome::default()
    }

    /// A value printed without a table transformer.
    pub fn value(value: Value) -> Outcome {
        Outcome {
            value: Some(value),
            ..Outcome::default()
        }
    }

    /// A value printed with `transformer` for `-o table`.
    pub fn table(value: Value, transformer: TableTransformer) -> Outcome {
        Outcome {
            value: Some(value),
            table_transformer: Some(transformer),
            ..Outcome::default()
        }
    }

    /// A long list printed with a row-wise `transformer` for `-o table`
    /// ([`crate::output::render_list_to`]).
    pub fn list_table(list: crate::output::RawList, transformer: TableTransformer) -> Outcome {
        Outcome {
            list: Some(list),
            table_transformer: Some(transformer),
            ..Outcome::default()
        }
    }

    /// Text printed as is.
    pub fn raw(text: String) -> Outcome {
        Outcome {
            raw: Some(text),
            ..Outcome::default()
        }
    }
}

/// A user-facing error with az's text and exit code (1 for validation errors, 2 for usage).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    /// The text after `ERROR: `.
    pub message: String,
    /// Process exit code.
    pub exit_code: u8,
}

impl CliError {
    /// An error that exits 1.
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            exit_code: 1,
        }
    }
}

/// Shorthand for returning a [`CliError`] from a command.
pub fn fail<T>(message: impl Into<String>) -> anyhow::Result<T> {
    Err(CliError::new(message).into())
}

/// The ARM side of a command: a client with this command's headers, and its subscription.
pub struct ArmContext {
    /// The client (transport, credential, retry, LRO).
    pub client: ArmClient,
    /// The subscription the command runs against.
    pub subscription_id: String,
}

/// Builds the ARM context on first use (provided by the app).
pub type ArmFactory = Box<dyn Fn(&Ctx) -> anyhow::Result<ArmContext> + Send + Sync>;

/// Builds a bare transport (for login, metadata fetches, extension downloads).
pub type TransportFactory = Box<dyn Fn(&Ctx) -> anyhow::Result<Arc<dyn HttpClient>> + Send + Sync>;

/// Everything a command may consult: settings resolved once by the app.
pub struct Ctx {
    /// Global options as parsed.
    pub global: GlobalArgs,
    /// az's command name (`"group create"`), sent as `CommandName`.
    pub command_name: &'static str,
    /// The option spellings typed, sent as `ParameterSetName`.
    pub parameter_set: String,
    /// A snapshot of the process environment.
    pub env: HashMap<String, String>,
    /// `AZURE_CONFIG_DIR` (default `~/.azure`).
    pub config_dir: ConfigDir,
    /// The `config` INI with az's env overrides.
    pub settings: Settings,
    /// The user's home directory.
    pub home: PathBuf,
    /// The embedded emulator's state dir when `AZRS_EMULATOR` is set.
    pub emulator_dir: Option<PathBuf>,
    /// The embedded emulator's origin (`https://...`) when `AZRS_EMULATOR` is set.
    pub emulator_origin: Option<&'static str>,
    /// The terminal every warning, prompt and spinner of this run goes to.
    pub term: Term,
    arm_factory: ArmFactory,
    transport_factory: TransportFactory,
    cloud: OnceLock<CloudTarget>,
    arm: OnceLock<ArmContext>,
}

/// The parts of a [`Ctx`] the app supplies.
pub struct CtxParts {
    pub global: GlobalArgs,
    pub command_name: &'static str,
    pub parameter_set: String,
    pub env: HashMap<String, String>,
    pub config_dir: ConfigDir,
    pub settings: Settings,
    pub home: PathBuf,
    pub emulator_dir: Option<PathBuf>,
    pub emulator_origin: Option<&'static str>,
    pub term: Term,
    pub arm_factory: ArmFactory,
    pub transport_factory: TransportFactory,
}

impl Ctx {
    /// Assembles a context.
    pub fn new(parts: CtxParts) -> Ctx {
        Ctx {
            global: parts.global,
            command_name: parts.command_name,
            parameter_set: parts.parameter_set,
            env: parts.env,
            config_dir: parts.config_dir,
            settings: parts.settings,
            home: parts.home,
            emulator_dir: parts.emulator_dir,
            emulator_origin: parts.emulator_origin,
            term: parts.term,
            arm_factory: parts.arm_factory,
            transport_factory: parts.transport_factory,
            cloud: OnceLock::new(),
            arm: OnceLock::new(),
        }
    }

    /// The ARM client and subscription, built on first use.
    pub fn arm(&self) -> anyhow::Result<&ArmContext> {
        if let Some(arm) = self.arm.get() {
            return Ok(arm);
        }
        let built = (self.arm_factory)(self)?;
        Ok(self.arm.get_or_init(|| built))
    }

    /// Where this run's ARM and token calls go: the active cloud's endpoints, or the embedded
    /// emulator's under `AZRS_EMULATOR`. Read from `clouds.config` on first use only, so an
    /// unusable cloud fails the commands that need it, as in az, and nothing else.
    pub fn cloud(&self) -> Result<&CloudTarget, ConfigError> {
        if let Some(cloud) = self.cloud.get() {
            return Ok(cloud);
        }
        let resolved = match self.emulator_origin {
            Some(origin) => CloudTarget::emulator(origin),
            None => CloudTarget::active(&self.config_dir, self.env_var("AZURE_CLOUD_NAME"))?,
        };
        Ok(self.cloud.get_or_init(|| resolved))
    }

    /// The cloud whose subscriptions `account` works on: the name `config` gives (registered
    /// or not, as az's `account` verbs take it), or the emulator's under `AZRS_EMULATOR`.
    pub fn active_cloud_name(&self) -> Result<String, ConfigError> {
        if self.emulator_origin.is_some() {
            return Ok(clouds::EMULATOR_CLOUD.to_string());
        }
        clouds::active_cloud_name(&self.config_dir, self.env_var("AZURE_CLOUD_NAME"))
    }

    /// A transport for non-ARM calls (same CA roots, or the embedded emulator).
    pub fn transport(&self) -> anyhow::Result<Arc<dyn HttpClient>> {
        (self.transport_factory)(self)
    }

    /// Prints `WARNING: <msg>` (unless warnings are suppressed).
    pub fn warn(&self, msg: &str) {
        self.term.warn(msg);
    }

    /// Prints `ERROR: <msg>` without failing the command (az's error log lines that precede
    /// a result or another error, e.g. a failed extension update's rollback notes).
    pub fn error_line(&self, msg: &str) {
        self.term.error(msg);
    }

    /// An environment variable, if set and non-empty.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Whether confirmation prompts are disabled (`[core] disable_confirm_prompt`).
    pub fn confirm_disabled(&self) -> bool {
        matches!(
            self.settings.get_bool("core", "disable_confirm_prompt"),
            Ok(Some(true))
        )
    }
}

/// Long-running-operation options with a spinner on stderr (drawn only on a terminal).
/// Call `finish` on the returned spinner when the operation ends.
pub fn lro_options(ctx: &Ctx, no_wait: bool) -> (LroOptions, Spinner) {
    let spinner = Spinner::new(&ctx.term, "Running ..");
    let tick = spinner.clone();
    let progress: ProgressHook = Arc::new(move |_: &LroProgress| tick.tick());
    (
        LroOptions {
            no_wait,
            progress: Some(progress),
        },
        spinner,
    )
}

/// The question az asks before deleting.
pub const CONFIRM_QUESTION: &str = "Are you sure you want to perform this operation?";

/// az's confirmation prompt (commands.md §0.6): skipped by `yes` (`--yes`/`-y`) or
/// `[core] disable_confirm_prompt`; answered "n" cancels; without a terminal it warns and
/// cancels. Nothing is sent before the answer.
pub fn confirm(ctx: &Ctx, question: &str, yes: bool) -> anyhow::Result<()> {
    if yes || ctx.confirm_disabled() {
        return Ok(());
    }
    match ctx.term.confirm(question)? {
        Some(true) => Ok(()),
        Some(false) => fail("Operation cancelled."),
        None => {
            ctx.warn("Unable to prompt for confirmation as no tty available. Use --yes.");
            fail("Operation cancelled.")
        }
    }
}

/// The delay between polls a command makes itself: `default`, or zero under the test-only
/// `AZRS_TEST_NO_DELAY=1` (the same switch the ARM client honours).
pub fn poll_interval(ctx: &Ctx, default: std::time::Duration) -> std::time::Duration {
    if no_delay(ctx) {
        std::time::Duration::ZERO
    } else {
        default
    }
}

/// The ARM client's options for this run: defaults, with zero retry and poll delays under the
/// test-only `AZRS_TEST_NO_DELAY=1` of the run's environment (not the process's, so an
/// in-process run sees only what its caller handed it).
pub fn client_options(ctx: &Ctx) -> ClientOptions {
    ClientOptions {
        zero_delays: no_delay(ctx),
        user_agent_suffix: ctx.env_var("AZURE_HTTP_USER_AGENT").map(str::to_string),
        policy_token: policy_token(&ctx.global),
        warn: Some(warn_hook(&ctx.term)),
        ..ClientOptions::default()
    }
}

/// The ARM client's warnings, printed as az's SDK logs them (`WARNING: ...` on stderr).
fn warn_hook(term: &Term) -> WarnHook {
    let term = term.clone();
    WarnHook(Arc::new(move |msg: &str| term.warn(msg)))
}

/// az turns its policy hook on when either global policy argument is given (a
/// `--change-reference` alone acquires a token too).
fn policy_token(global: &GlobalArgs) -> Option<PolicyTokenSettings> {
    (global.acquire_policy_token || global.change_reference.is_some()).then(|| {
        PolicyTokenSettings {
            change_reference: global.change_reference.clone(),
        }
    })
}

fn no_delay(ctx: &Ctx) -> bool {
    ctx.env_var(crate::arm::NO_DELAY_ENV)
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// Runs one parsed command.
///
/// Each noun's future is boxed: an `async fn` is an enum as large as its largest state, so
/// unboxed this one would be as large as the largest command's (`aks create`'s), moved and
/// probed page by page on the main thread's stack by every run, `version` included; boxed,
/// a run allocates the size of the command it runs.
pub async fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Outcome> {
    warn_unrecognized_subscription(ctx);
    match command {
        Command::Account(ns) => Box::pin(account::run(ctx, ns.command)).await,
        Command::Acr(ns) => Box::pin(acr::run(ctx, ns.command)).await,
        Command::Aks(ns) => Box::pin(aks::run(ctx, ns.command)).await,
        Command::Cloud(ns) => Box::pin(cloud::run(ctx, ns.command)).await,
        Command::Config(ns) => config::run(ctx, ns.command),
        Command::Configure(args) => config::configure(ctx, &args),
        Command::Completion(ns) => Box::pin(completion(ctx, ns.command)).await,
        Command::Extension(ns) => Box::pin(extension::run(ctx, ns.command)).await,
        Command::Feature(ns) => Box::pin(feature::run(ctx, ns.command)).await,
        Command::Group(ns) => Box::pin(group::run(ctx, ns.command)).await,
        Command::Identity(ns) => Box::pin(identity::run(ctx, ns.command)).await,
        Command::Login(args) => Box::pin(login::login(ctx, *args)).await,
        Command::Logout(args) => login::logout::run(ctx, args),
        Command::Network(ns) => Box::pin(network::run(ctx, ns.command)).await,
        Command::Provider(ns) => Box::pin(provider::run(ctx, ns.command)).await,
        Command::Role(ns) => Box::pin(role::run(ctx, ns.command)).await,
        Command::Version(args) if args.text => Ok(Outcome::raw(version::text(ctx))),
        Command::Version(_) => Ok(Outcome::value(version::json(ctx))),
    }
}

/// az resolves the global `--subscription` while parsing and warns when no cached
/// subscription of the active cloud answers to it (then goes on with the value as typed, which
/// the command's subscription lookup refuses in turn). `account show/set` and `login` take
/// `--subscription` as an option of their own and do not warn.
fn warn_unrecognized_subscription(ctx: &Ctx) {
    let Some(value) = ctx.global.subscription.as_deref() else {
        return;
    };
    if matches!(ctx.command_name, "account show" | "account set" | "login") {
        return;
    }
    let Ok(cloud) = ctx.active_cloud_name() else {
        return;
    };
    if let Some(warning) =
        crate::config::subscriptions::unrecognized_warning(&ctx.config_dir, &cloud, value)
    {
        ctx.warn(&warning);
    }
}

/// `azrs completion SHELL`: the script is the result, printed raw (not JSON); `completion
/// names` is the scripts' call back for live names (`complete`).
async fn completion(ctx: &Ctx, command: crate::cli::CompletionCommand) -> anyhow::Result<Outcome> {
    match command {
        crate::cli::CompletionCommand::Names => Ok(complete::run(ctx).await),
        shell => Ok(Outcome::raw(
            String::from_utf8_lossy(&shell.script()).into_owned(),
        )),
    }
}
