//! The real-az differentials: azrs against the real az 2.91.0 (`target/az-venv`, installed by
//! `.ci/az-conformance.sh --install-only`) on the same emulator state.
//!
//! This binary uses `libtest-mimic` (`harness = false`) rather than libtest because libtest
//! decides `#[ignore]` at compile time: a trial that returns early when az is missing shows as
//! *passed* (on a fresh clone five such "passes" took 0.00 s). Here each oracle trial is marked
//! ignored at run time when its oracle cannot run on this machine, so the summary says
//! `ignored` and the reason is printed first. Under `CI=true` (`.ci/run` installs the venv and
//! runs as root) an oracle that cannot run is a failed trial instead: CI must not lose it
//! silently. The helpers' own unit checks (masking, renaming) always run.
//!
//! Two kinds of oracle: the namespaced one (`az_differential.sh` under `unshare -n`, so root
//! and the venv) for `az_cli`, `aks_create` and `aks_kubelet_identity`, and az alone (the venv)
//! for the extension cross-check, which only reads local files.
//!
//! Support code (sandbox paths, the oracle lookup, wheels) is the `azrs-test-support` crate
//! shared with `tests/it`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod aks_create;
mod aks_update;
mod az_cli;
mod bad_input;
mod colour;
mod config;
mod extension;
mod globals;
mod identity_role;
mod knack_render;
mod kubelet_identity;
mod kubelogin;
mod network_acr;
mod session;
mod token_cache;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use azrs_test_support::oracle;
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let namespaced = oracle::namespaced_python();
    let az = oracle::az_binary()
        .ok_or("no az venv at target/az-venv/bin/az (run .ci/az-conformance.sh --install-only)");
    for why in [namespaced.as_ref().err(), az.as_ref().err()]
        .into_iter()
        .flatten()
    {
        if oracle::required() {
            eprintln!("differential: CI=true but the az oracle cannot run: {why}");
        } else {
            eprintln!("differential: trials that need it are ignored: {why}");
        }
    }

    // Person sign-in needs an emulator with Entra's device-code endpoints as well as az; an
    // emulator without them is not a missing oracle, so the trial is ignored even under CI.
    let signs_people_in =
        token_cache::emulator_signs_people_in(&azrs_test_support::sandbox::emulator_bin());
    if !signs_people_in {
        eprintln!(
            "differential: person-login trials are ignored: this azrs-emulator does not sign people in"
        );
    }
    let python = oracle::az_python().ok_or(
        "no az venv at target/az-venv/bin/python (run .ci/az-conformance.sh --install-only)",
    );
    let trials = vec![
        oracle_trial(
            "az_cli::azrs_prints_what_az_prints_for_the_same_arm_state",
            &namespaced,
            az_cli::azrs_prints_what_az_prints_for_the_same_arm_state,
        ),
        oracle_trial(
            "az_cli::hostile_names_are_one_path_segment_as_in_az",
            &namespaced,
            az_cli::hostile_names_are_one_path_segment_as_in_az,
        ),
        check(
            "az_cli::program_name_swap_touches_only_usage_lines",
            az_cli::program_name_swap_touches_only_usage_lines,
        ),
        check(
            "az_cli::mask_derived_hides_only_name_derived_values",
            az_cli::mask_derived_hides_only_name_derived_values,
        ),
        oracle_trial(
            "bad_input::az_and_azrs_agree_on_bad_input",
            &namespaced,
            bad_input::az_and_azrs_agree_on_bad_input,
        ),
        oracle_trial(
            "aks_create::aks_create_sends_and_prints_what_az_does_for_each_flag_combination",
            &namespaced,
            aks_create::aks_create_sends_and_prints_what_az_does_for_each_flag_combination,
        ),
        check(
            "aks_create::masking_hides_only_name_derived_values",
            aks_create::masking_hides_only_name_derived_values,
        ),
        oracle_trial(
            "aks_update::az_and_azrs_agree_on_update_nodepool_and_subnets",
            &namespaced,
            aks_update::az_and_azrs_agree_on_update_nodepool_and_subnets,
        ),
        oracle_trial(
            "kubelet_identity::az_and_azrs_agree_on_kubelet_identity",
            &namespaced,
            kubelet_identity::az_and_azrs_agree_on_kubelet_identity,
        ),
        oracle_trial(
            "kubelogin::az_and_azrs_agree_on_kubelogin_conversion",
            &namespaced,
            kubelogin::az_and_azrs_agree_on_kubelogin_conversion,
        ),
        oracle_trial(
            "network_acr::az_and_azrs_agree_on_networks_and_registries",
            &namespaced,
            network_acr::az_and_azrs_agree_on_networks_and_registries,
        ),
        check(
            "network_acr::normalising_hides_only_derived_values",
            network_acr::normalising_hides_only_derived_values,
        ),
        oracle_trial(
            "identity_role::az_and_azrs_agree_on_identity_and_role_assignment",
            &namespaced,
            identity_role::az_and_azrs_agree_on_identity_and_role_assignment,
        ),
        check(
            "identity_role::masking_hides_only_what_differs_by_tool",
            identity_role::masking_hides_only_what_differs_by_tool,
        ),
        oracle_trial(
            "extension::az_and_azrs_agree_on_installed_extensions",
            &az,
            |az: &Path| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("tokio runtime")
                    .block_on(extension::az_and_azrs_agree_on_installed_extensions(az));
            },
        ),
        oracle_trial(
            "token_cache::az_and_azrs_use_each_others_service_principal_tokens",
            &namespaced,
            token_cache::az_and_azrs_use_each_others_service_principal_tokens,
        ),
        oracle_trial(
            "token_cache::four_az_and_sixteen_azrs_share_one_cache",
            &namespaced,
            token_cache::four_az_and_sixteen_azrs_share_one_cache,
        ),
        oracle_trial(
            "token_cache::az_and_azrs_use_each_others_person_login",
            &namespaced,
            token_cache::az_and_azrs_use_each_others_person_login,
        )
        .with_ignored_flag(!signs_people_in),
        oracle_trial(
            "token_cache::az_and_azrs_use_each_others_browser_login",
            &namespaced,
            token_cache::az_and_azrs_use_each_others_browser_login,
        )
        .with_ignored_flag(!signs_people_in),
        oracle_trial(
            "config::az_and_azrs_share_the_config_file",
            &namespaced,
            config::az_and_azrs_share_the_config_file,
        ),
        oracle_trial(
            "colour::az_and_azrs_colour_the_same_on_a_terminal",
            &namespaced,
            colour::az_and_azrs_colour_the_same_on_a_terminal,
        ),
        oracle_trial(
            "globals::az_and_azrs_agree_on_global_arguments",
            &namespaced,
            globals::az_and_azrs_agree_on_global_arguments,
        ),
        oracle_trial(
            "knack_render::azrs_renders_what_knack_renders",
            &python,
            knack_render::azrs_renders_what_knack_renders,
        ),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// A trial that needs the oracle at `oracle` (a venv path, or why it is unavailable): run
/// when available, a failure under `CI=true` when not, otherwise ignored.
fn oracle_trial(
    name: &str,
    oracle: &Result<PathBuf, &'static str>,
    body: impl FnOnce(&Path) + Send + 'static,
) -> Trial {
    match oracle {
        Ok(path) => {
            let path = path.clone();
            Trial::test(name, move || catch(|| body(&path)))
        }
        Err(why) if oracle::required() => {
            let why = *why;
            Trial::test(name, move || {
                Err(format!("CI=true but the az oracle cannot run: {why}").into())
            })
        }
        Err(_) => Trial::test(name, || Ok(())).with_ignored_flag(true),
    }
}

/// A trial that always runs (the differentials' own helpers).
fn check(name: &str, body: fn()) -> Trial {
    Trial::test(name, move || catch(body))
}

/// Runs a body written in libtest style (asserts panic) as a trial result.
fn catch(body: impl FnOnce()) -> Result<(), Failed> {
    catch_unwind(AssertUnwindSafe(body)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("panicked");
        Failed::from(message)
    })
}
