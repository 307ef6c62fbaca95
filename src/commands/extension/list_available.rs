//! `extension list-available [--show-details]`: the index's extensions compatible with this
//! CLI, and az's table transformer.

use serde_json::{Map, Value};

use super::extensions;
use crate::cli::ExtensionListAvailableArgs;
use crate::commands::{Ctx, Outcome};
use crate::extension::Notice;
use crate::output::TransformError;

/// `extension list-available`.
pub(crate) async fn run(
    ctx: &Ctx,
    args: ExtensionListAvailableArgs,
    notices: &mut Vec<Notice>,
) -> anyhow::Result<Outcome> {
    let value = extensions(ctx, args.index.as_deref())?
        .list_available(args.show_details, notices)
        .await?;
    Ok(Outcome::table(value, table))
}

/// az's table transformer for `extension list-available`: the `--show-details` object becomes
/// one `Name` row per key; a list passes unchanged (its presence still disables key sorting).
pub fn table(value: &Value) -> Result<Value, TransformError> {
    match value {
        Value::Object(o) => Ok(Value::Array(
            o.keys()
                .map(|k| {
                    let mut m = Map::new();
                    m.insert("Name".into(), Value::String(k.clone()));
                    Value::Object(m)
                })
                .collect(),
        )),
        other => Ok(other.clone()),
    }
}
