//! `account list-locations [--include-extended-locations [BOOL]]`: the regions ARM offers the
//! current subscription (`GET /subscriptions/{sub}/locations`, api 2022-12-01, one page), printed
//! as az's generated (AAZ) command prints them: only the fields its response schema names, in
//! any nesting, are kept; a field the response lacks is left out rather than shown as null.

use serde_json::{Map, Value};

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::AccountListLocationsArgs;
use crate::commands::{Ctx, Outcome};

/// A schema node: which keys an object keeps, and the schema of each kept value.
enum Schema {
    /// A string, number or anything else kept as it is.
    Leaf,
    /// An object keeping only these keys.
    Object(&'static [(&'static str, Schema)]),
    /// A list of elements of this schema.
    List(&'static Schema),
}

const PAIRED_REGION: Schema = Schema::Object(&[
    ("id", Schema::Leaf),
    ("name", Schema::Leaf),
    ("subscriptionId", Schema::Leaf),
]);

const ZONE_MAPPING: Schema = Schema::Object(&[
    ("logicalZone", Schema::Leaf),
    ("physicalZone", Schema::Leaf),
]);

/// az 2.91's `account list-locations` response schema for one location.
const LOCATION: Schema = Schema::Object(&[
    ("availabilityZoneMappings", Schema::List(&ZONE_MAPPING)),
    ("displayName", Schema::Leaf),
    ("id", Schema::Leaf),
    (
        "metadata",
        Schema::Object(&[
            ("geography", Schema::Leaf),
            ("geographyGroup", Schema::Leaf),
            ("homeLocation", Schema::Leaf),
            ("latitude", Schema::Leaf),
            ("longitude", Schema::Leaf),
            ("pairedRegion", Schema::List(&PAIRED_REGION)),
            ("physicalLocation", Schema::Leaf),
            ("regionCategory", Schema::Leaf),
            ("regionType", Schema::Leaf),
        ]),
    ),
    ("name", Schema::Leaf),
    ("regionalDisplayName", Schema::Leaf),
    ("subscriptionId", Schema::Leaf),
    ("type", Schema::Leaf),
]);

/// `account list-locations`.
pub(crate) async fn run(ctx: &Ctx, args: AccountListLocationsArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = ArmPath::subscription(&arm.subscription_id).lit("locations");
    let mut req = ArmRequest::get(&path, api::SUBSCRIPTIONS);
    if let Some(include) = args.include_extended_locations() {
        req = req.query(
            "includeExtendedLocations",
            if include { "true" } else { "false" },
        );
    }
    let body = arm.client.send(&req).await?.json()?;
    let locations = match body.get("value") {
        Some(Value::Array(items)) => items.iter().map(|l| keep(l, &LOCATION)).collect(),
        _ => Vec::new(),
    };
    Ok(Outcome::value(Value::Array(locations)))
}

/// `value` as the schema keeps it: unknown keys dropped at every level, lists shaped element
/// by element; a value of another JSON type than the schema expects is kept as it came.
fn keep(value: &Value, schema: &Schema) -> Value {
    match (schema, value) {
        (Schema::Object(fields), Value::Object(o)) => {
            let mut out = Map::new();
            for (key, field) in *fields {
                if let Some(v) = o.get(*key) {
                    out.insert((*key).to_owned(), keep(v, field));
                }
            }
            Value::Object(out)
        }
        (Schema::List(element), Value::Array(items)) => {
            Value::Array(items.iter().map(|i| keep(i, element)).collect())
        }
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_schemas_fields_are_kept_at_every_level() {
        let wire = json!({
            "id": "/subscriptions/s/locations/westus2", "name": "westus2", "type": "Region",
            "extra": 1,
            "metadata": {"regionType": "Physical", "unknown": "x", "latitude": "47.233",
                         "pairedRegion": [{"name": "westcentralus", "id": "i", "other": true}]},
            "availabilityZoneMappings": [{"logicalZone": "1", "physicalZone": "westus2-az1", "z": 0}],
            "regionalDisplayName": null
        });
        assert_eq!(
            keep(&wire, &LOCATION),
            json!({
                "availabilityZoneMappings": [{"logicalZone": "1", "physicalZone": "westus2-az1"}],
                "id": "/subscriptions/s/locations/westus2",
                "metadata": {"latitude": "47.233",
                             "pairedRegion": [{"id": "i", "name": "westcentralus"}],
                             "regionType": "Physical"},
                "name": "westus2",
                "regionalDisplayName": null,
                "type": "Region"
            })
        );
    }
}
