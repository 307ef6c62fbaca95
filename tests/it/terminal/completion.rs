//! Tab completion of resource names (`azrs completion names`, called back by the scripts that
//! `azrs completion SHELL` prints): names listed from the emulator through the token cache, a
//! second Tab answered from `completion_cache.json` with no request, nothing at all (no output,
//! exit 0) when azrs cannot list, a server that never answers given up after the budget, and
//! bash really calling back into the binary from the generated script; zsh and fish likewise
//! where they are installed (skipped with a notice otherwise: `.ci/run` does not install them).

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use azrs::cli::WORDS_ENV;
use azrs::commands::complete::{self, NameKind, NameQuery};
use serde_json::Value;

use crate::common::Azrs;

/// A sandbox with groups `alpha`, `beta`, `bravo` and the clusters `c1`, `c2` in `alpha`.
fn sandbox_with_resources(azrs: Azrs) -> Azrs {
    for g in ["alpha", "beta", "bravo"] {
        azrs.run(&["group", "create", "-n", g, "-l", "westus2"])
            .ok();
    }
    for c in ["c2", "c1"] {
        azrs.run(&["aks", "create", "-g", "alpha", "-n", c, "--no-ssh-key"])
            .ok();
    }
    azrs
}

/// `azrs completion names` with `line` (the last word being completed) as a hook sends it:
/// stdout, and the requests the emulator received meanwhile.
fn complete(azrs: &mut Azrs, line: &[&str]) -> (String, Vec<Value>) {
    let before = azrs.requests().len();
    azrs.set_env(WORDS_ENV, &format!("{}\n", line.join("\n")));
    let run = azrs.run(&["completion", "names"]);
    azrs.remove_env(WORDS_ENV);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    (run.stdout, azrs.requests().split_off(before))
}

fn is_token_request(r: &Value) -> bool {
    r["path"].as_str().is_some_and(|p| p.contains("/oauth2/"))
}

#[test]
fn names_come_from_the_subscription_and_a_second_tab_from_the_cache() {
    let mut azrs = sandbox_with_resources(Azrs::new());
    let (out, sent) = complete(&mut azrs, &["group", "show", "-n", ""]);
    assert_eq!(out, "alpha\nbeta\nbravo\n");
    assert_eq!(sent.len(), 1, "one list request: {sent:#?}");
    assert_eq!(sent[0]["method"], "GET");
    assert!(
        sent[0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("/resourcegroups")),
        "{sent:#?}"
    );
    // The token the earlier commands cached was used: no token request.
    assert!(!sent.iter().any(is_token_request), "{sent:#?}");
    assert!(azrs.config_dir().join("completion_cache.json").is_file());

    // Again, with a prefix: from the cache, no request at all.
    let (out, sent) = complete(&mut azrs, &["aks", "list", "-g", "b"]);
    assert_eq!(out, "beta\nbravo\n");
    assert!(sent.is_empty(), "{sent:#?}");

    // Clusters of the group typed earlier on the line.
    // (The emulator pages its cluster lists: every page is fetched.)
    let (out, sent) = complete(&mut azrs, &["aks", "show", "-g", "alpha", "--name", ""]);
    assert_eq!(out, "c1\nc2\n");
    assert!(!sent.is_empty());
    assert!(
        sent.iter().all(|r| r["method"] == "GET"
            && r["path"].as_str().is_some_and(|p| p.ends_with(
                "/resourceGroups/alpha/providers/Microsoft.ContainerService/managedClusters"
            ))),
        "{sent:#?}"
    );
    let (out, sent) = complete(
        &mut azrs,
        &["aks", "nodepool", "list", "--cluster-name", "c"],
    );
    assert_eq!(out, "c1\nc2\n");
    assert!(
        !sent.is_empty(),
        "the subscription-wide list is another key"
    );
    let (_, sent) = complete(&mut azrs, &["aks", "show", "-g", "ALPHA", "-n", ""]);
    assert!(sent.is_empty(), "groups are compared as ARM does");
}

#[test]
fn provider_namespaces_complete_namespace() {
    let mut azrs = Azrs::new();
    let (out, _) = complete(
        &mut azrs,
        &["provider", "register", "--namespace", "Microsoft.Con"],
    );
    assert!(
        out.lines().any(|l| l == "Microsoft.ContainerService"),
        "{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("Microsoft.Con")), "{out}");
}

#[test]
fn nothing_is_printed_when_azrs_cannot_list_or_nothing_is_asked() {
    let mut azrs = Azrs::new();
    // An option azrs does not complete, or a noun whose -n it does not know.
    let (out, sent) = complete(&mut azrs, &["aks", "create", "-l", ""]);
    assert_eq!((out.as_str(), sent.len()), ("", 0));
    let (out, sent) = complete(&mut azrs, &["aks", "nodepool", "show", "-n", ""]);
    assert_eq!((out.as_str(), sent.len()), ("", 0));

    // Not signed in (no emulator, an empty config dir): no output, no error, exit 0.
    let mut azrs = Azrs::new();
    azrs.remove_env("AZRS_EMULATOR");
    azrs.set_env(WORDS_ENV, "group\nshow\n-n\n\n");
    let run = azrs.run(&["completion", "names"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    assert!(!azrs.config_dir().join("completion_cache.json").exists());
}

#[test]
fn a_server_that_never_answers_is_given_up_after_the_budget() {
    // Accepts connections and never says a word (not even the TLS handshake).
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().take(4).flatten() {
            held.push(conn);
        }
        for mut c in held {
            let _ = c.read(&mut [0u8; 1]);
        }
    });
    let transport = azrs::http::build_transport(None).expect("transport");
    let client = azrs::arm::ArmClient::new(azrs::arm::ArmClientConfig {
        transport,
        credential: Arc::new(azrs_test_support::fake_http::StaticCredential {
            token: "t".into(),
            calls: Default::default(),
        }),
        endpoint: format!("https://127.0.0.1:{port}/"),
        scope: "https://management.azure.com/.default".into(),
        command: azrs::arm::CommandHeaders::new(Some("completion names"), None),
        options: azrs::arm::ClientOptions::default(),
    })
    .expect("client");
    let query = NameQuery {
        kind: NameKind::ResourceGroup,
        resource_group: None,
        prefix: String::new(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let started = Instant::now();
    let names = runtime.block_on(complete::list_names(
        &client,
        "sub",
        &query,
        complete::BUDGET,
    ));
    let took = started.elapsed();
    assert_eq!(names, None);
    assert_eq!(complete::BUDGET, Duration::from_secs(2));
    assert!(
        took >= complete::BUDGET && took < complete::BUDGET + Duration::from_secs(1),
        "gave up after {took:?}"
    );
}

/// The four scripts, each with the hook that calls `azrs completion names`.
#[test]
fn every_shell_script_carries_the_live_names_hook() {
    let azrs = Azrs::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = azrs.run(&["completion", shell]).ok().stdout;
        assert!(
            script.contains("completion names") && script.contains(WORDS_ENV),
            "{shell}: no call back into azrs"
        );
        for option in ["--resource-group", "--cluster-name", "--namespace"] {
            assert!(script.contains(option), "{shell}: {option}");
        }
    }
    let zsh = azrs.run(&["completion", "zsh"]).ok().stdout;
    assert!(zsh.contains("compdef _azrs_live azrs"));
    assert!(
        !zsh.contains("compdef _azrs azrs"),
        "clap's registration replaced"
    );
    let ps = azrs.run(&["completion", "powershell"]).ok().stdout;
    assert_eq!(ps.matches("Register-ArgumentCompleter").count(), 1);
    assert!(ps.contains("& $global:AzrsStaticCompleter"));
    for (shell, check) in [("zsh", ["-n"]), ("fish", ["--no-execute"])] {
        let file = azrs.path(&format!("azrs.{shell}"));
        let script = azrs.run(&["completion", shell]).ok().stdout;
        std::fs::write(&file, script).expect("write");
        syntax_check(shell, &check, &file);
    }
}

#[allow(clippy::print_stderr)]
fn syntax_check(shell: &str, args: &[&str], file: &Path) {
    match Command::new(shell).args(args).arg(file).output() {
        Ok(out) => assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("notice: {shell} not installed, its script's syntax is not checked"),
    }
}

/// Runs the generated bash script's completion function for `words` (cursor on the last word)
/// with the sandbox's environment, and returns `COMPREPLY`, one a line.
fn bash_complete(azrs: &Azrs, words: &[&str]) -> String {
    let script = azrs.path("azrs.bash");
    std::fs::write(&script, azrs.run(&["completion", "bash"]).ok().stdout).expect("write");
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let program = azrs_test_support::sandbox::bin();
    let snippet = format!(
        "source '{}'\nCOMP_WORDS=('{}' {})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n_azrs_live \"${{COMP_WORDS[0]}}\" \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        program.display(),
        quoted.join(" "),
        words.len()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(snippet)
        .env_clear()
        .envs(azrs.env().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn bash_completion_calls_back_into_azrs_for_names() {
    // The sourced script runs the real binary (COMP_WORDS[0]) against the same emulator state.
    let azrs = sandbox_with_resources(Azrs::new());
    let before = azrs.requests().len();
    assert_eq!(
        bash_complete(&azrs, &["aks", "show", "-g", "alpha", "-n", ""]),
        "c1\nc2\n"
    );
    let sent = azrs.requests().split_off(before);
    assert!(!sent.is_empty(), "bash did not call azrs");
    assert!(
        sent.iter().all(|r| r["path"].as_str().is_some_and(
            |p| p.ends_with("/alpha/providers/Microsoft.ContainerService/managedClusters")
        )),
        "{sent:#?}"
    );
    assert_eq!(
        bash_complete(&azrs, &["group", "delete", "-n", "b"]),
        "beta\nbravo\n"
    );
    // Anything else is clap's static completion, as before.
    let nouns = bash_complete(&azrs, &["gro"]);
    assert_eq!(nouns, "group\n");
}

/// Runs `shell -c snippet` with the sandbox's environment and the binary's folder first on
/// `PATH` (the fish and zsh hooks call the program by the name typed, `azrs`); `None` when the
/// shell is not installed.
#[allow(clippy::print_stderr)]
fn shell_with_azrs(azrs: &Azrs, shell: &str, flags: &[&str], snippet: &str) -> Option<String> {
    let bin_dir = azrs_test_support::sandbox::bin()
        .parent()
        .expect("binary folder")
        .to_path_buf();
    let path = format!("{}:/usr/bin:/bin", bin_dir.display());
    let out = Command::new(shell)
        .args(flags)
        .arg("-c")
        .arg(snippet)
        .env_clear()
        .envs(azrs.env().iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PATH", path)
        .output();
    match out {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8(out.stdout).expect("utf-8"))
        }
        Err(_) => {
            eprintln!("notice: {shell} not installed, its live completion is not run");
            None
        }
    }
}

#[test]
fn fish_and_zsh_completion_call_back_into_azrs_for_names() {
    let azrs = sandbox_with_resources(Azrs::new());
    for shell in ["fish", "zsh"] {
        let file = azrs.path(&format!("azrs.{shell}"));
        std::fs::write(&file, azrs.run(&["completion", shell]).ok().stdout).expect("write");
    }
    // fish's own completion engine, as at the prompt.
    let fish = format!(
        "source '{}'; complete -C 'azrs aks show -g alpha -n '; echo ---; complete -C 'azrs group show --name b'",
        azrs.path("azrs.fish").display()
    );
    if let Some(out) = shell_with_azrs(&azrs, "fish", &[], &fish) {
        assert_eq!(out, "c1\nc2\n---\nbeta\nbravo\n");
    }
    // zsh's hook with `compadd` standing in for the completion system (`compinit` needs a
    // terminal): what it would offer.
    let zsh = format!(
        "compdef() {{ : }}; source '{}'; compadd() {{ [[ $1 == -a ]] && print -l -- \"${{(@P)2}}\" }}; words=(azrs aks show -g alpha -n ''); CURRENT=7; _azrs_live; echo ---; words=(azrs group show -n b); CURRENT=5; _azrs_live",
        azrs.path("azrs.zsh").display()
    );
    if let Some(out) = shell_with_azrs(&azrs, "zsh", &["-f"], &zsh) {
        assert_eq!(out, "c1\nc2\n---\nbeta\nbravo\n");
    }
}
