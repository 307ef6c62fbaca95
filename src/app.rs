//! The composition root: turns argv and the environment into one command run and an exit code.
//!
//! In order: the `--only-show-errors`/`--debug` pre-scan az does, the config dir and its INI
//! (cheap: one small file), the az-compatible parser, output settings (flag > env > config >
//! json), logging for `--debug`/`--verbose`, then the command on a current-thread tokio
//! runtime (Ctrl-C, SIGTERM and SIGHUP end it from `platform::signal`), the renderer, and
//! the one error mapper that decides what `ERROR: ` line is printed and which exit code
//! (0/1/2/3) the process ends with.
//!
//! This is also where the transport and the credential are chosen, once per run: with
//! `AZRS_EMULATOR=<state dir>` every ARM and token call goes to the in-process emulator (no
//! socket, no account); otherwise the active cloud's endpoints ([`Ctx::cloud`], read once)
//! over reqwest/rustls with `REQUESTS_CA_BUNDLE` roots. Nothing here runs until a command asks
//! for ARM, so local commands start in a few milliseconds.
//!
//! The entry point is [`run`]: `run(argv, env, &term) -> exit code`. `argv` includes the
//! program name, `env` is the whole environment the run may read (nothing is read from the
//! process environment behind its back), and every byte the run prints goes to `term`
//! ([`Term::from_process`] in the binary's `main`, [`Term::in_memory`] in tests). With
//! `AZRS_EMULATOR=<tmpdir>` in `env` a test runs a command end to end in process against the
//! embedded emulator and asserts stdout, stderr and the exit code from the capture.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use azure_core::http::HttpClient;

use crate::arm::{ArmClient, ArmClientConfig, ArmError, CommandHeaders};
use crate::auth::{self, CredentialRequest, EnvVars, LoginChoice};
use crate::cli::UsagePiece;
use crate::cli::{self, ParseError, ParseOptions};
use crate::commands::{self, ArmContext, CliError, Ctx, CtxParts};
use crate::config::clouds::{CloudTarget, EMULATOR_CLOUD};
use crate::config::{self, ConfigDir, ConfigError, Settings, StoredLogin};
use crate::embedded;
use crate::output::{self, Format, OutputError, RenderOptions};
use crate::term::{Style, Term, Theme, highlight_command};

/// The environment variable that switches azrs to the embedded emulator.
pub const EMULATOR_ENV: &str = "AZRS_EMULATOR";

/// az's first line for an unexpected error (`CLIInternalError` in `azure.cli.core.util`).
/// azrs prints it alone: no traceback, no panic text (which could quote user data).
pub const UNEXPECTED_ERROR: &str =
    "The command failed with an unexpected error. Here is the traceback:";

/// az's report of an unexpected error that azrs can name (a `--query` too deep to parse): its
/// two `ERROR:` lines and its closing pointer, without the Python traceback between them.
fn report_unexpected(term: &Term, detail: &str) {
    term.error(UNEXPECTED_ERROR);
    term.error(detail);
    term.write_stderr(
        "To check existing issues, please visit: https://github.com/Azure/azure-cli/issues\n",
    );
}

/// Set by the panic hook; a panic on any thread makes the exit code 1.
static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Replaces Rust's panic report (exit 101 and a backtrace) with az's one `ERROR:` line for an
/// unexpected failure, printed once however many threads panic. The panic message and place
/// go to the `--debug` log only. The exit code is [`guarded`]'s: the hook does not exit, so
/// the panicking stack still unwinds and drops what it holds (locks, temp files).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        tracing::debug!("panic: {info}");
        if !PANICKED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            use std::io::Write as _;
            // Written straight to fd 2: the hook may run while `term` is mid-write.
            let _ = writeln!(std::io::stderr(), "ERROR: {UNEXPECTED_ERROR}");
        }
    }));
}

/// Runs `body`, turning a panic (caught here, or on another thread and reported by the hook)
/// into exit code 1.
pub fn guarded(body: impl FnOnce() -> u8) -> u8 {
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or(1);
    if PANICKED.load(std::sync::atomic::Ordering::SeqCst) {
        1
    } else {
        code
    }
}

/// Runs one invocation, printing to `term`, and returns its exit code.
pub fn run(argv: Vec<String>, env: HashMap<String, String>, term: &Term) -> u8 {
    // az scans argv for these before parsing (output.md §8.4, G98).
    let args = argv.get(1..).unwrap_or_default();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if has("--only-show-errors") && (has("--debug") || has("--verbose")) {
        let line = "--only-show-errors can't be used together with --debug or --verbose\n";
        term.write_stderr(&format!("{line}{line}"));
        return 1;
    }

    let home = home_dir(&env);
    let config_dir = ConfigDir::from_env_values(
        env.get("AZURE_CONFIG_DIR").map(String::as_str),
        Some(&home.to_string_lossy()),
    );
    let settings = match Settings::load(&config_dir, env.clone()) {
        Ok(s) => s,
        Err(e) => {
            term.write_stderr(&e.stderr_text());
            return 1;
        }
    };
    // az reads azureProfile.json and clouds.config and checks the active cloud before it
    // parses the command line, in this order.
    let cloud_name = settings.get("cloud", "name");
    let startup = config::profile_startup_check(&config_dir).and_then(|profile| {
        let clouds = config::clouds::startup_check(&config_dir, cloud_name.as_deref())?;
        Ok(profile.into_iter().chain(clouds).collect::<Vec<_>>())
    });
    match startup {
        Ok(notices) => notices
            .iter()
            .for_each(|n| term.write_stderr(&format!("{n}\n"))),
        Err(e) => {
            term.write_stderr(&e.stderr_text());
            return 1;
        }
    }
    // knack decides colour when the CLI object is built, before parsing, so parser errors
    // are coloured too.
    let no_color = matches!(settings.get_bool("core", "no_color"), Ok(Some(true)));
    let color = crate::term::should_enable_color(
        no_color,
        term.stdout_is_tty(),
        term.stderr_is_tty(),
        env.contains_key("PYCHARM_HOSTED"),
    )
    .then(|| {
        let theme = settings.get("core", "theme");
        Theme::from_config(theme.as_deref(), env.contains_key("ACC_CLOUD"))
    });
    let term = &term.with_color(color);
    let error_recommendation = settings
        .get("core", "error_recommendation")
        .is_none_or(|v| !v.eq_ignore_ascii_case("off"));

    let default_group = settings.get("defaults", "group").filter(|v| !v.is_empty());
    let default_location = settings
        .get("defaults", "location")
        .filter(|v| !v.is_empty());
    let parse_opts = ParseOptions {
        prog: cli::PROG,
        default_group: default_group.as_deref(),
        default_location: default_location.as_deref(),
    };
    let cli = match cli::parse_with(&parse_opts, &argv) {
        Ok(cli) => cli,
        Err(ParseError::Help(text)) => {
            let _ = term.write_stdout(text.as_bytes());
            return 0;
        }
        Err(ParseError::Unexpected(detail)) => {
            report_unexpected(term, &detail);
            return 1;
        }
        Err(ParseError::Usage(usage)) => {
            if let Some(out) = &usage.stdout {
                let _ = term.write_stdout(out.as_bytes());
            }
            term.write_stderr(&usage_stderr(term, &usage, error_recommendation));
            return cli::UsageError::EXIT_CODE;
        }
    };

    let only_show_errors = cli.global.only_show_errors
        || matches!(
            settings.get_bool("core", "only_show_errors"),
            Ok(Some(true))
        );
    let term = &term.with_only_show_errors(only_show_errors);
    // Held for the whole run: the log goes to this run's terminal and nowhere else.
    let _log =
        (cli.global.debug || cli.global.verbose).then(|| init_logging(cli.global.debug, term));

    // Flag > AZURE_CORE_OUTPUT > [core] output > json. A bad configured value is reported
    // after the command ran, as az does (its traceback becomes one ERROR line here).
    let format = match cli.global.output {
        Some(f) => Ok(f),
        None => match settings.get("core", "output") {
            Some(v) => Format::parse(&v).map_err(|e| e.to_string()),
            None => Ok(Format::Json),
        },
    };

    let emulator_dir = env
        .get(EMULATOR_ENV)
        .filter(|v| !v.is_empty())
        .map(|v| emulator_state_dir(v, &config_dir));
    let command_name = cli.command.name();
    let ctx = Ctx::new(CtxParts {
        global: cli.global.clone(),
        command_name,
        parameter_set: cli.typed_options.join(" "),
        env,
        config_dir,
        settings,
        home,
        emulator_origin: emulator_dir.as_ref().map(|_| embedded::ORIGIN),
        emulator_dir,
        term: term.clone(),
        arm_factory: Box::new(build_arm),
        transport_factory: Box::new(build_transport),
    });

    // The commands that only read and write local files run on a runtime without the I/O
    // and timer drivers: building those (an epoll instance, an eventfd, the signal
    // registry's table, the timer wheel) was a tenth of `azrs version`'s start-up.
    let local_only = matches!(
        cli.command,
        cli::Command::Version(_)
            | cli::Command::Config(_)
            | cli::Command::Configure(_)
            | cli::Command::Logout(_)
    );
    let mut builder = tokio::runtime::Builder::new_current_thread();
    if !local_only {
        builder.enable_all();
    }
    let runtime = match builder.build() {
        Ok(rt) => rt,
        Err(e) => {
            term.error(&format!("cannot start the async runtime: {e}"));
            return 1;
        }
    };
    // Ctrl-C, SIGTERM, SIGHUP: nothing printed, exit 1 (G93), prompts included (see
    // `platform::signal`). `version` and `completion` only read and print. A command with
    // network I/O races its future against the signals on its own runtime, which costs no
    // thread; a prompt or a lock that must be waited for starts the watcher thread as well
    // (either blocks this runtime). The local commands (no I/O driver to race on) get the
    // watcher from the start. Anything that leaves a file behind before this point (a
    // startup check rewriting a bad profile) starts the watcher on registration
    // (`platform::cleanup`), so the cleanup guarantee holds from the first byte.
    let watched = !matches!(
        cli.command,
        cli::Command::Version(_) | cli::Command::Completion(_)
    );
    let signalled = if !watched {
        None
    } else if local_only {
        crate::platform::signal::exit_on_signals();
        None
    } else {
        let _context = runtime.enter();
        match crate::platform::signal::on_this_runtime() {
            Ok(signalled) => Some(signalled),
            Err(e) => {
                tracing::debug!(error = %e, "signals not watched on the runtime");
                crate::platform::signal::exit_on_signals();
                None
            }
        }
    };
    // While the race runs, files registered for removal need no watcher thread.
    let racing = signalled
        .is_some()
        .then(crate::platform::signal::Racing::start);
    let result = runtime.block_on(async {
        match signalled {
            Some(signalled) => tokio::select! {
                result = commands::run(&ctx, cli.command) => result,
                () = signalled => unreachable!("a watched signal ends the process"),
            },
            None => commands::run(&ctx, cli.command).await,
        }
    });
    drop(racing);

    let outcome = match result {
        Ok(outcome) => outcome,
        Err(e) => return report(term, &e),
    };
    if let Some(raw) = outcome.raw {
        return match term.write_stdout(raw.as_bytes()) {
            Ok(_) => 0,
            Err(e) => report(term, &e.into()),
        };
    }
    // az looks the formatter up only for a result that is not None, so a bad configured
    // format does not fail commands that print nothing (knack `CLI.invoke`).
    if outcome.value.is_none() && outcome.list.is_none() {
        return 0;
    }
    let format = match format {
        Ok(f) => f,
        Err(msg) => {
            term.error(&msg);
            return 1;
        }
    };
    let color = matches!(format, Format::Jsonc | Format::Yamlc) && term.color().is_some();
    let opts = RenderOptions {
        format,
        query: ctx.global.query.as_deref(),
        color,
        table_transformer: outcome.table_transformer,
    };
    let stdout = &mut output::TermStdout::new(term);
    let rendered = match (outcome.value, outcome.list) {
        (Some(mut value), _) => {
            output::inject_resource_group(&mut value);
            output::render_owned_to(stdout, value, &opts)
        }
        // The list injects `resourceGroup` item by item as it prints.
        (None, Some(list)) => output::render_list_to(stdout, list, &opts),
        (None, None) => Ok(()),
    };
    match rendered {
        Ok(()) => 0,
        Err(OutputError::Io(e)) => report(term, &e.into()),
        Err(e) => {
            term.write_stderr(&e.stderr_text_with(&|m| term.error_text(m)));
            exit_u8(e.exit_code())
        }
    }
}

/// A parser error's stderr text, styled as az styles it when colour is on.
fn usage_stderr(term: &Term, usage: &cli::UsageError, error_recommendation: bool) -> String {
    if term.color().is_none() {
        return usage.stderr(error_recommendation);
    }
    usage.stderr_with(error_recommendation, &|piece, text| match piece {
        // The record's own line break is added by the layout.
        UsagePiece::Error => term.error_text(text).trim_end_matches('\n').to_string(),
        UsagePiece::ExampleCommand => term.styled(&highlight_command(text)),
        UsagePiece::ExampleDescription | UsagePiece::ReferenceText => {
            term.styled(&[(Style::Secondary, text)])
        }
        UsagePiece::ReferenceLink => term.styled(&[(Style::Hyperlink, text)]),
    })
}

/// The one error mapper: prints `ERROR: ...` as az does and returns the exit code.
fn report(term: &Term, err: &anyhow::Error) -> u8 {
    if let Some(e) = err.downcast_ref::<CliError>() {
        term.error(&e.message);
        return e.exit_code;
    }
    if let Some(e) = err.downcast_ref::<ArmError>() {
        term.error(&e.to_string());
        return exit_u8(e.exit_code());
    }
    if let Some(e) = err.downcast_ref::<OutputError>() {
        term.write_stderr(&e.stderr_text_with(&|m| term.error_text(m)));
        return exit_u8(e.exit_code());
    }
    if let Some(e) = err.downcast_ref::<ConfigError>() {
        match e {
            // az's own text (a Python traceback's last line), not a log record.
            ConfigError::Python(_) => term.write_stderr(&e.stderr_text()),
            other => term.error(&other.to_string()),
        }
        return 1;
    }
    if let Some(e) = err.downcast_ref::<std::io::Error>()
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        return 0;
    }
    term.error(&format!("{err:#}"));
    1
}

fn exit_u8(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(1)
}

fn home_dir(env: &HashMap<String, String>) -> PathBuf {
    env.get("HOME")
        .or_else(|| env.get("USERPROFILE"))
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(crate::platform::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `AZRS_EMULATOR=1` (or `true`) keeps the state under the config dir; any other value is the
/// state directory itself.
fn emulator_state_dir(value: &str, config_dir: &ConfigDir) -> PathBuf {
    if value == "1" || value.eq_ignore_ascii_case("true") {
        config_dir.path().join("emulator")
    } else {
        PathBuf::from(value)
    }
}

/// `--debug` shows every debug record; both it and `--verbose` show every HTTP request and
/// response (method, URL, status, headers, timing), redacted by `http::log`. The subscriber is
/// this thread's default while the returned guard lives (the runtime is current-thread), so
/// the log lands on this run's terminal and two in-process runs never share one.
fn init_logging(debug: bool, term: &Term) -> tracing::subscriber::DefaultGuard {
    let filter = if debug {
        "azrs=debug"
    } else {
        "azrs::http=debug,azrs=info"
    };
    let term = term.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(move || term.log_writer())
        .with_target(false)
        .without_time()
        .finish();
    tracing::subscriber::set_default(subscriber)
}

fn env_vars(ctx: &Ctx) -> EnvVars {
    EnvVars::from_pairs(ctx.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The transport for this invocation: the in-process emulator, or reqwest with extra roots.
fn build_transport(ctx: &Ctx) -> anyhow::Result<Arc<dyn HttpClient>> {
    if let Some(dir) = &ctx.emulator_dir {
        return embedded::transport(dir)
            .with_context(|| format!("cannot open the embedded emulator at {}", dir.display()));
    }
    Ok(auth::transport_from_env(&env_vars(ctx))?)
}

/// Builds the ARM client and picks the subscription, on first use.
fn build_arm(ctx: &Ctx) -> anyhow::Result<ArmContext> {
    let transport = build_transport(ctx)?;
    let env = env_vars(ctx);
    let flag = ctx.global.subscription.as_deref();
    let env_sub = ctx.env_var("AZURE_SUBSCRIPTION_ID");
    let command = CommandHeaders::new(Some(ctx.command_name), Some(&ctx.parameter_set));

    let CloudTarget {
        endpoint,
        authority,
        scope,
        cloud_name,
    } = ctx.cloud()?.clone();

    let (subscription, login) = if ctx.emulator_dir.is_some() {
        emulator_subscription_and_login(ctx, flag, env_sub)?
    } else {
        let sub = match config::subscriptions::resolve_subscription(
            &ctx.config_dir,
            &cloud_name,
            flag,
            env_sub,
        ) {
            Ok(sub) => sub,
            // Pure environment credentials need no profile, but they need a subscription.
            Err(e) if has_env_credential(&env) => {
                return Err(CliError::new(format!(
                    "{e} (with credentials from the environment, set AZURE_SUBSCRIPTION_ID or pass --subscription)"
                ))
                .into());
            }
            Err(e) => return Err(e.into()),
        };
        let login = match &sub.entry {
            Some(entry) => {
                config::subscriptions::stored_login(&ctx.config_dir, entry)?.map(login_choice)
            }
            None => None,
        };
        (sub, login)
    };

    let selected = auth::select_credential(&CredentialRequest {
        env,
        login,
        authority_host: authority,
        transport: transport.clone(),
        token_cache: Some(auth::msal::token_cache_path(ctx.config_dir.path())),
    })?;
    let client = ArmClient::new(ArmClientConfig {
        transport,
        credential: selected.credential,
        endpoint,
        scope,
        command,
        options: commands::client_options(ctx),
    })?;
    Ok(ArmContext {
        client,
        subscription_id: subscription.id,
    })
}

/// Embedded emulator: a profile entry wins when the user ran `azrs login` against it;
/// otherwise the emulator's default subscription and service principal, so a fresh machine
/// works with no setup.
fn emulator_subscription_and_login(
    ctx: &Ctx,
    flag: Option<&str>,
    env_sub: Option<&str>,
) -> anyhow::Result<(config::SubscriptionRef, Option<LoginChoice>)> {
    match config::subscriptions::resolve_subscription(
        &ctx.config_dir,
        EMULATOR_CLOUD,
        flag,
        env_sub,
    ) {
        Ok(sub) => {
            if let Some(entry) = &sub.entry {
                let login =
                    config::subscriptions::stored_login(&ctx.config_dir, entry)?.map(login_choice);
                return Ok((sub, login));
            }
        }
        // After a login, a --subscription the profile does not know is az's error, as on a
        // real cloud; before any login the emulator's defaults below take over.
        Err(ConfigError::User(m)) if m != config::subscriptions::LOGIN_FIRST => {
            return Err(ConfigError::User(m).into());
        }
        Err(_) => {}
    }
    let defaults = embedded::defaults();
    let id = flag
        .or(env_sub)
        .map(str::to_owned)
        .unwrap_or_else(|| defaults.subscription_id.clone());
    let login =
        (!has_env_credential(&env_vars(ctx))).then(|| LoginChoice::ServicePrincipalSecret {
            tenant_id: defaults.tenant_id.clone(),
            client_id: defaults.client_id.clone(),
            secret: defaults.client_secret.clone().into(),
        });
    Ok((
        config::SubscriptionRef {
            id,
            name: Some(defaults.subscription_name.clone()),
            tenant_id: Some(defaults.tenant_id.clone()),
            entry: None,
        },
        login,
    ))
}

fn has_env_credential(env: &EnvVars) -> bool {
    (env.get("AZURE_CLIENT_ID").is_some() && env.get("AZURE_TENANT_ID").is_some())
        && (env.get("AZURE_CLIENT_SECRET").is_some()
            || env.get("AZURE_FEDERATED_TOKEN_FILE").is_some())
        || env.get("ACTIONS_ID_TOKEN_REQUEST_URL").is_some()
}

/// Maps a login stored in the config dir to the credential choice `auth` understands.
fn login_choice(stored: StoredLogin) -> LoginChoice {
    match stored {
        StoredLogin::ServicePrincipal(sp) => {
            if let Some(secret) = sp.client_secret {
                LoginChoice::ServicePrincipalSecret {
                    tenant_id: sp.tenant,
                    client_id: sp.client_id,
                    secret: secret.expose().to_string().into(),
                }
            } else if let Some(token) = sp.client_assertion {
                LoginChoice::FederatedToken {
                    tenant_id: sp.tenant,
                    client_id: sp.client_id,
                    token: token.expose().to_string().into(),
                }
            } else {
                LoginChoice::ServicePrincipalCertificate {
                    tenant_id: sp.tenant,
                    client_id: sp.client_id,
                    certificate_path: sp.certificate.unwrap_or_default().into(),
                }
            }
        }
        StoredLogin::ManagedIdentity { client_id } => LoginChoice::ManagedIdentity { client_id },
        StoredLogin::User {
            tenant_id,
            username,
        } => LoginChoice::User {
            tenant_id: tenant_id.unwrap_or_else(|| "organizations".into()),
            username,
        },
    }
}
