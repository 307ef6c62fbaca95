//! Subscription-level read-only routes: the one seeded subscription, its tenant and the regions.

use serde_json::{Value, json};

use super::catalog::LOCATIONS;
use super::util::{Ctx, Outcome, ok};

fn subscription(ctx: &Ctx) -> Value {
    let s = ctx.settings;
    json!({
        "id": format!("/subscriptions/{}", s.subscription_id),
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "subscriptionId": s.subscription_id,
        "tenantId": s.tenant_id,
        "displayName": s.subscription_name,
        "state": "Enabled",
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "PayAsYouGo_2014-09-01",
            "spendingLimit": "Off"
        }
    })
}

pub(crate) fn list(ctx: &Ctx) -> Outcome {
    ok(&json!({"count": {"type": "Total", "value": 1}, "value": [subscription(ctx)]}))
}

pub(crate) fn get(ctx: &Ctx) -> Outcome {
    ok(&subscription(ctx))
}

pub(crate) fn tenants(ctx: &Ctx) -> Outcome {
    let t = &ctx.settings.tenant_id;
    ok(&json!({"value": [{
        "id": format!("/tenants/{t}"),
        "tenantId": t,
        "countryCode": "US",
        "displayName": "Fake Tenant",
        "domains": ["fake.onmicrosoft.com"],
        "tenantCategory": "Home",
        "defaultDomain": "fake.onmicrosoft.com",
        "tenantType": "AAD"
    }]}))
}

pub(crate) fn locations(ctx: &Ctx) -> Outcome {
    let sub = &ctx.settings.subscription_id;
    let value: Vec<Value> = LOCATIONS
        .iter()
        .map(|(name, display, regional)| {
            json!({
                "id": format!("/subscriptions/{sub}/locations/{name}"),
                "name": name,
                "type": "Region",
                "displayName": display,
                "regionalDisplayName": regional,
                "metadata": {"regionType": "Physical", "regionCategory": "Recommended"}
            })
        })
        .collect();
    ok(&json!({ "value": value }))
}
