//! The whole seed walkthrough — `cloud register`, `login --service-principal`, `extension
//! update`/`list`, feature and provider registration, `group create`, `aks create` (an LRO),
//! `aks get-credentials` — against a standalone `azrs-emulator` over HTTPS that answers 30% of
//! all requests with an injected 429, 503 or a dropped connection. Twenty fixed seeds, so a
//! failure names the seed that reproduces it:
//! `azrs-emulator --fault-rate 0.3 --fault-seed N --fault-kinds 429,503,drop`.
//! Every outbound call of azrs goes through the one retry policy of `crate::http`; a step that
//! fails here is a call that bypasses it.

use super::emulator::Emulator;

const SEEDS: std::ops::RangeInclusive<u64> = 1..=20;

/// Runs the walkthrough for one seed; returns the first failing step with its output.
fn walkthrough(seed: u64) -> Result<(), String> {
    let seed_text = seed.to_string();
    let emu = Emulator::start(&[
        "--fault-rate",
        "0.3",
        "--fault-seed",
        &seed_text,
        "--fault-kinds",
        "429,503,drop",
    ]);
    let az = emu.sandbox();
    let mut steps = emu.login_steps(&format!("Emu{seed}"));
    let query = "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}";
    for step in [
        &["extension", "update", "--name", "aks-preview"][..],
        &["extension", "list"],
        &[
            "feature",
            "register",
            "--name",
            "MSIPreview",
            "--namespace",
            "Microsoft.ContainerService",
        ],
        &["feature", "list", "-o", "table", "--query", query],
        &[
            "provider",
            "register",
            "--namespace",
            "Microsoft.ContainerService",
        ],
        &[
            "group",
            "create",
            "--name",
            "myResourceGroup",
            "--location",
            "westus2",
        ],
        &[
            "aks",
            "create",
            "-g",
            "MyResourceGroup",
            "-n",
            "MyManagedCluster",
            "--enable-managed-identity",
            "--generate-ssh-keys",
        ],
        &[
            "aks",
            "get-credentials",
            "--resource-group",
            "myResourceGroup",
            "--name",
            "MyManagedCluster",
        ],
    ] {
        steps.push(step.iter().map(|s| s.to_string()).collect());
    }
    for step in &steps {
        let args: Vec<&str> = step.iter().map(String::as_str).collect();
        let run = az.run(&args);
        if run.code != 0 {
            return Err(format!(
                "seed {seed}: `azrs {}` failed: {run:#?}",
                step.join(" ")
            ));
        }
    }
    let kubeconfig = std::fs::read_to_string(az.path("kubeconfig"))
        .map_err(|e| format!("seed {seed}: no kubeconfig: {e}"))?;
    if !kubeconfig.contains("current-context: MyManagedCluster") {
        return Err(format!(
            "seed {seed}: kubeconfig without the context:\n{kubeconfig}"
        ));
    }
    let faulted = emu
        .requests_text()
        .lines()
        .filter(|l| l.contains("\"fault\":"))
        .count();
    if faulted == 0 {
        return Err(format!("seed {seed}: no fault was injected"));
    }
    Ok(())
}

#[test]
fn seed_walkthrough_succeeds_20_of_20_under_30_percent_faults() {
    let failures: Vec<String> = SEEDS.filter_map(|seed| walkthrough(seed).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} walkthroughs failed:\n{}",
        failures.len(),
        SEEDS.count(),
        failures.join("\n\n")
    );
}
