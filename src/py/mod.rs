//! Python compatibility, once. az is a Python program, so many of the bytes it writes are
//! Python's spelling of a value: `json.dumps` with the options each call site uses ([`json`]),
//! `repr`/`str` ([`repr`]), `bool()` ([`truthy`]), `datetime.isoformat()` ([`isoformat`]),
//! knack's `to_camel_case` ([`camel_case`]), az's `--tags` validator ([`tags`]), the value model
//! that keeps Python's int/float and dict/OrderedDict distinctions ([`value`]) and Pygments'
//! terminal colouring ([`pygments`]). Everything here is pure string building over values;
//! which option a site needs is decided by the caller (`arm`, `config`, `extension`,
//! `output`, `yaml`), and nothing here does I/O.

pub mod json;
pub mod pygments;
pub mod repr;
pub mod value;

mod datetime;
mod guid;

pub use datetime::isoformat;
pub use guid::is_guid;
pub use value::{PyNum, PyValue};

use serde_json::Value;

/// Python `bool(x)` of a value after `json.loads`: `None`, `False`, `0`, `0.0`, `""`, `[]` and
/// `{}` are false. (JMESPath's own truthiness differs: `0` is true there; see
/// [`PyValue::jmespath_truthy`].)
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => match value::py_num(n) {
            PyNum::Int(i) => i != 0,
            PyNum::Float(f) => f != 0.0,
        },
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// knack's `to_camel_case`: every `_` followed by an ASCII letter, except at the very start,
/// becomes that letter upper-cased (`re.sub('(?!^)_([a-zA-Z])', ...)`); anything else is kept.
/// This is how az prints SDK attribute names (`enable_rbac` → `enableRbac`,
/// `effective_outbound_i_ps` → `effectiveOutboundIPs`).
pub fn camel_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '_'
            && i > 0
            && let Some(&(_, next)) = chars.peek()
            && next.is_ascii_alphabetic()
        {
            out.push(next.to_ascii_uppercase());
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// az's `validate_tags` for `--tags k=v ...`: a Python dict updated item by item. Each item
/// splits on its first `=`; an item without `=` is a key with value `""`; empty items are
/// skipped; a repeated key keeps its first position and takes the last value.
pub fn tags(items: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for item in items.iter().filter(|i| !i.is_empty()) {
        let (k, v) = item.split_once('=').unwrap_or((item.as_str(), ""));
        match out.iter_mut().find(|(key, _)| key == k) {
            Some(slot) => slot.1 = v.to_owned(),
            None => out.push((k.to_owned(), v.to_owned())),
        }
    }
    out
}

/// Python's `os.path.expanduser` for `~` and `~/...` against `home` (not `~user`, which az
/// never sees in the paths it expands). Every `~` az expands goes through here.
pub fn expanduser(path: &str, home: &std::path::Path) -> std::path::PathBuf {
    if path == "~" {
        home.to_path_buf()
    } else if let Some(rest) = path.strip_prefix("~/") {
        home.join(rest)
    } else {
        std::path::PathBuf::from(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truthy_is_python_bool() {
        // bool(json.loads(x)) for each x.
        for (v, want) in [
            (json!(null), false),
            (json!(false), false),
            (json!(true), true),
            (json!(0), false),
            (json!(0.0), false),
            (json!(-0.0), false),
            (json!(2), true),
            (json!(0.5), true),
            (json!(""), false),
            (json!("0"), true),
            (json!([]), false),
            (json!([0]), true),
            (json!({}), false),
            (json!({"a": null}), true),
        ] {
            assert_eq!(truthy(&v), want, "{v}");
        }
        let huge: Value =
            serde_json::from_str("100000000000000000000000000000000000000000").expect("number");
        assert!(truthy(&huge));
    }

    #[test]
    fn camel_case_is_knacks_regex() {
        // knack.util.to_camel_case(x) for each x.
        for (s, want) in [
            ("enable_rbac", "enableRbac"),
            ("effective_outbound_i_ps", "effectiveOutboundIPs"),
            ("admin_group_object_i_ds", "adminGroupObjectIDs"),
            ("count_ipv6", "countIpv6"),
            ("e_tag", "eTag"),
            ("os_disk_size_gb", "osDiskSizeGb"),
            (
                "active_directory_data_lake_resource_id",
                "activeDirectoryDataLakeResourceId",
            ),
            ("portal", "portal"),
            ("_private", "_private"),
            ("a__b", "a_B"),
            ("x_1", "x_1"),
            ("trailing_", "trailing_"),
            ("kebab-case", "kebab-case"),
            ("mixedCase_x", "mixedCaseX"),
            ("", ""),
            ("é_é", "é_é"),
        ] {
            assert_eq!(camel_case(s), want, "{s}");
        }
    }

    #[test]
    fn tags_follow_validate_tags() {
        let items: Vec<String> = ["a=1", "", "b", "a=2", "c=x=y", "=v"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            tags(&items),
            vec![
                ("a".to_owned(), "2".to_owned()),
                ("b".to_owned(), String::new()),
                ("c".to_owned(), "x=y".to_owned()),
                (String::new(), "v".to_owned()),
            ]
        );
    }

    #[test]
    fn expanduser_is_os_path_expanduser_for_tilde_and_tilde_slash() {
        let home = std::path::Path::new("/home/u");
        assert_eq!(super::expanduser("~", home), home);
        assert_eq!(super::expanduser("~/a/b", home), home.join("a/b"));
        assert_eq!(
            super::expanduser("~x/a", home),
            std::path::Path::new("~x/a")
        );
        assert_eq!(
            super::expanduser("/abs/~/", home),
            std::path::Path::new("/abs/~/")
        );
    }
}
