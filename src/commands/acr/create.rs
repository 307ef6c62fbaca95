//! `acr create -n NAME -g RG --sku SKU [-l LOC] [--admin-enabled [BOOL]] [--tags ...]`: az's
//! name checks (lowercase, no dashes; exit 1 before any request), the location from the group
//! when not given, the PUT of the SDK's `Registry` model polled to its end, printed as the
//! model with az's registry table. az 2.91 makes no name-availability call here (that is
//! `acr check-name`); a name taken elsewhere is the RP's conflict.

use serde_json::{Map, Value, json};

use super::{REGISTRY_API, registry_model, registry_path, table};
use crate::arm::api;
use crate::cli::AcrCreateArgs;
use crate::commands::group::group_path;
use crate::commands::{Ctx, Outcome, fail};

pub(crate) async fn run(ctx: &Ctx, args: AcrCreateArgs) -> anyhow::Result<Outcome> {
    let name = &args.registry.name;
    // az's `re.match(r'\w*[A-Z]\w*', name)`: an upper-case letter after a run of word
    // characters from the start.
    if leading_word_has(name, |c| c.is_ascii_uppercase()) {
        return fail("argument error: Registry name must use only lowercase.");
    }
    // `re.match(r'\w*[-]\w*', name)`: a dash after a leading run of word characters.
    if name.chars().find(|c| !is_word(*c)) == Some('-') {
        return fail("argument error: Registry name cannot contain dashes.");
    }
    let arm = ctx.arm()?;
    // az's validator fills the location from the group (a GET) whenever it is not given.
    let location = match args.location.clone().filter(|l| !l.is_empty()) {
        Some(l) => l,
        None => {
            let rg = group_path(&arm.subscription_id, &args.resource_group);
            let group = arm.client.get(&rg, api::RESOURCE_GROUPS).await?;
            group["location"].as_str().unwrap_or_default().to_string()
        }
    };
    let body = create_body(&args, &location);
    let path = registry_path(&arm.subscription_id, &args.resource_group, name);
    let (opts, spinner) = crate::commands::lro_options(ctx, false);
    let result = arm.client.put_lro(&path, REGISTRY_API, body, &opts).await;
    spinner.finish();
    Ok(match result? {
        Some(reg) => Outcome::table(registry_model(&reg), table),
        None => Outcome::none(),
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the leading run of word characters of `name` holds a character with `test`.
fn leading_word_has(name: &str, test: impl Fn(char) -> bool) -> bool {
    name.chars().take_while(|c| is_word(*c)).any(test)
}

/// The SDK's serialisation of `Registry(location, sku, admin_user_enabled, tags)`: unset
/// attributes are left out, `adminUserEnabled` is always sent.
fn create_body(args: &AcrCreateArgs, location: &str) -> Value {
    let mut body = Map::new();
    body.insert("location".into(), json!(location));
    if let Some(tags) = &args.tags {
        let t: Map<String, Value> = crate::py::tags(tags)
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        body.insert("tags".into(), Value::Object(t));
    }
    body.insert("sku".into(), json!({"name": args.sku}));
    let admin = args.admin_enabled.as_deref() == Some("true");
    body.insert("properties".into(), json!({"adminUserEnabled": admin}));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_checks_follow_az_regexes() {
        assert!(leading_word_has("myAcr", |c| c.is_ascii_uppercase()));
        assert!(!leading_word_has("my.Acr", |c| c.is_ascii_uppercase()));
        assert!("my-acr".chars().find(|c| !is_word(*c)) == Some('-'));
        assert!("my.acr-x".chars().find(|c| !is_word(*c)) != Some('-'));
    }
}
