//! Resource-provider and preview-feature registration (arm.md §7.2–7.3): the seeded catalogues
//! with their states, `register`/`unregister`, and the state machines
//! `NotRegistered → Registering → Registered → Unregistering → Unregistered`, whose transitional
//! states complete on the `registration_reads`-th later read.

use serde_json::{Value, json};

use super::catalog::{self, FEATURES, PROVIDERS, ProviderSeed};
use super::util::{Ctx, Fail, Outcome, list_link, ok, page};
use super::{Registration, State};

/// Counts one read of a registration and completes it when due; returns the state to show.
fn read(
    map: &mut std::collections::BTreeMap<String, Registration>,
    key: &str,
    seed: &str,
) -> String {
    let Some(r) = map.get_mut(key) else {
        return seed.to_string();
    };
    if matches!(r.state.as_str(), "Registering" | "Unregistering") {
        r.reads_left = r.reads_left.saturating_sub(1);
        if r.reads_left == 0 {
            r.state = if r.state == "Registering" {
                "Registered".into()
            } else {
                "Unregistered".into()
            };
        }
    }
    r.state.clone()
}

/// Applies register/unregister to a registration; returns the new state.
fn act(
    map: &mut std::collections::BTreeMap<String, Registration>,
    key: &str,
    seed: &str,
    register: bool,
    reads: u32,
) -> String {
    let current = map.get(key).map_or(seed.to_string(), |r| r.state.clone());
    let next = match (register, current.as_str()) {
        (true, "Registered" | "Registering") => current.clone(),
        (true, _) => "Registering".to_string(),
        (false, "NotRegistered" | "Unregistered" | "Unregistering") => current.clone(),
        (false, _) => "Unregistering".to_string(),
    };
    if next != current {
        let done = if register {
            "Registered"
        } else {
            "Unregistered"
        };
        let (state, reads_left) = if reads == 0 {
            (done.to_string(), 0)
        } else {
            (next, reads)
        };
        map.insert(key.to_string(), Registration { state, reads_left });
    }
    map.get(key).map_or(current, |r| r.state.clone())
}

/// The current state of a provider without counting a read.
pub(crate) fn provider_state(state: &State, ns: &str) -> Option<String> {
    let seed = catalog::provider_seed(ns)?;
    Some(
        state
            .providers
            .get(&ns.to_ascii_lowercase())
            .map_or(seed.state.to_string(), |r| r.state.clone()),
    )
}

fn render_provider(ctx: &Ctx, p: &ProviderSeed, reg: &str) -> Value {
    let locations: Vec<&str> = catalog::LOCATIONS.iter().map(|(_, d, _)| *d).collect();
    let is_aks = p.namespace == "Microsoft.ContainerService";
    let versions: Vec<&str> = if is_aks {
        catalog::ApiClass::Aks.versions().to_vec()
    } else {
        vec!["2024-11-01", "2024-07-01", "2023-07-01"]
    };
    let types: Vec<Value> = p
        .types
        .iter()
        .map(|t| {
            let global = *t == "operations";
            json!({
                "resourceType": t,
                "locations": if global { vec![] } else { locations.clone() },
                "apiVersions": versions,
                "defaultApiVersion": versions.first().copied().unwrap_or_default(),
                "capabilities": if *t == "managedClusters" {
                    "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation"
                } else { "None" }
            })
        })
        .collect();
    let mut o = json!({
        "id": format!("/subscriptions/{}/providers/{}", ctx.settings.subscription_id, p.namespace),
        "namespace": p.namespace,
        "resourceTypes": types,
        "registrationState": reg,
        "registrationPolicy": p.policy,
    });
    if is_aks {
        o["authorizations"] = json!([
            {"applicationId": "7319c514-987d-4e9b-ac3d-d38c4f427f4c",
             "roleDefinitionId": "1b4a0c7f-2217-416f-acfa-cf73452fdc1c",
             "managedByRoleDefinitionId": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"},
            {"applicationId": "6dae42f8-4368-4678-94ff-3960e28e3630",
             "roleDefinitionId": "831388fc-33b1-4dd1-b64c-40fdcaf96654"}
        ]);
    }
    o
}

fn seed_or_404(ns: &str) -> Result<&'static ProviderSeed, Fail> {
    catalog::provider_seed(ns).ok_or_else(|| {
        Fail::new(
            404,
            "InvalidResourceNamespace",
            format!("The resource namespace '{ns}' is invalid."),
        )
    })
}

pub(crate) fn list_providers(state: &mut State, ctx: &Ctx) -> Outcome {
    let items: Vec<Value> = PROVIDERS
        .iter()
        .map(|p| {
            let reg = read(
                &mut state.providers,
                &p.namespace.to_ascii_lowercase(),
                p.state,
            );
            render_provider(ctx, p, &reg)
        })
        .collect();
    let link = list_link(ctx);
    ok(&page(ctx, items, &link, false))
}

pub(crate) fn get_provider(state: &mut State, ctx: &Ctx) -> Outcome {
    let p = seed_or_404(&ctx.segs[3])?;
    let reg = read(
        &mut state.providers,
        &p.namespace.to_ascii_lowercase(),
        p.state,
    );
    ok(&render_provider(ctx, p, &reg))
}

pub(crate) fn provider_action(state: &mut State, ctx: &Ctx, register: bool) -> Outcome {
    let p = seed_or_404(&ctx.segs[3])?;
    let reg = act(
        &mut state.providers,
        &p.namespace.to_ascii_lowercase(),
        p.state,
        register,
        ctx.settings.registration_reads,
    );
    ok(&render_provider(ctx, p, &reg))
}

fn feature_key(ns: &str, name: &str) -> String {
    format!("{ns}/{name}").to_ascii_lowercase()
}

fn render_feature(ctx: &Ctx, ns: &str, name: &str, reg: &str) -> Value {
    json!({
        "properties": {"state": reg},
        "id": format!("/subscriptions/{}/providers/Microsoft.Features/providers/{ns}/features/{name}", ctx.settings.subscription_id),
        "type": "Microsoft.Features/providers/features",
        "name": format!("{ns}/{name}")
    })
}

fn find_feature(
    ns: &str,
    name: &str,
) -> Result<&'static (&'static str, &'static str, &'static str), Fail> {
    FEATURES
        .iter()
        .find(|(n, f, _)| n.eq_ignore_ascii_case(ns) && f.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            Fail::new(
                404,
                "FeatureNotFound",
                format!("The feature '{name}' could not be found in namespace '{ns}'."),
            )
        })
}

pub(crate) fn list_features(state: &mut State, ctx: &Ctx, ns: Option<&str>) -> Outcome {
    let items: Vec<Value> = FEATURES
        .iter()
        .filter(|(n, _, _)| ns.is_none_or(|want| n.eq_ignore_ascii_case(want)))
        .map(|(n, f, seed)| {
            let reg = read(&mut state.features, &feature_key(n, f), seed);
            render_feature(ctx, n, f, &reg)
        })
        .collect();
    let link = list_link(ctx);
    ok(&page(ctx, items, &link, false))
}

pub(crate) fn get_feature(state: &mut State, ctx: &Ctx) -> Outcome {
    let (n, f, seed) = find_feature(&ctx.segs[5], &ctx.segs[7])?;
    let reg = read(&mut state.features, &feature_key(n, f), seed);
    ok(&render_feature(ctx, n, f, &reg))
}

pub(crate) fn feature_action(state: &mut State, ctx: &Ctx, register: bool) -> Outcome {
    let (n, f, seed) = find_feature(&ctx.segs[5], &ctx.segs[7])?;
    let reg = act(
        &mut state.features,
        &feature_key(n, f),
        seed,
        register,
        ctx.settings.registration_reads,
    );
    ok(&render_feature(ctx, n, f, &reg))
}
