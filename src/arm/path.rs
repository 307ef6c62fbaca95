//! `ArmPath`: the path of one ARM request below the resource-manager endpoint, built from fixed
//! segments and values, where every value is percent-encoded exactly once, here, as az's SDKs
//! encode URL path parameters (`urllib.parse.quote(value, safe='')`: only `A-Za-z0-9_.-~`
//! stay, everything else, `/ ? # % ( )`, space and each UTF-8 byte of non-ASCII included,
//! becomes `%XX`).
//!
//! Why a sibling of [`ResourceId`] rather than more of it: a `ResourceId` is a resource's
//! identity (subscription, group, provider types and names) compared case-insensitively, while a
//! request path is what goes on the wire: collections (`/resourcegroups`), actions
//! (`/register`, `/listClusterUserCredential`), management-group roots, and the literal casing
//! each SDK spells (`resourcegroups` for groups, `resourceGroups` for clusters). A `ResourceId`
//! becomes a path through [`ArmPath::scope`] / [`ResourceId::to_path`], never by formatting.
//!
//! Fixed segments are `&'static str`, so a value typed by a user can only enter a path through
//! [`ArmPath::seg`]; request builders (`ArmRequest`, `ArmClient`) take an `ArmPath` for relative
//! targets, so no caller can hand them an unencoded string. Absolute URLs from responses (LRO
//! status URLs, `nextLink`s) are not paths and stay verbatim (`request.rs`). Query values are
//! encoded by `request.rs` too, not here.

use std::fmt;

use super::resource_id::ResourceId;

/// A request path: `/`-separated, every value segment already percent-encoded once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArmPath(String);

/// Python's `quote(value, safe='')`: what az's generated SDKs do to every URL path parameter.
pub fn quote(value: &str) -> String {
    encode(value, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~')
    })
}

/// A segment of a scope az passes unquoted (`skip_quote=True`, e.g. the authorization SDK's
/// `{scope}`): the bytes `requests` puts on the wire for it, which keeps the sub-delimiters
/// (`( ) ! $ & ' * + , ; = : @`) as typed. `%`, `?` and `#` are encoded too, so a scope can
/// never end the path or be decoded into another resource; they cannot occur in the ids that
/// reach a scope (the identity was found under that id first).
fn quote_scope_segment(value: &str) -> String {
    encode(value, |b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'_' | b'.'
                    | b'-'
                    | b'~'
                    | b'('
                    | b')'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            )
    })
}

fn encode(value: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

impl ArmPath {
    /// The empty path (the endpoint's root); extend it with [`Self::lit`] and [`Self::seg`].
    pub fn root() -> Self {
        Self(String::new())
    }

    /// `/subscriptions`.
    pub fn subscriptions() -> Self {
        Self::root().lit("subscriptions")
    }

    /// `/subscriptions/{subscription}`.
    pub fn subscription(subscription: &str) -> Self {
        Self::subscriptions().seg(subscription)
    }

    /// Appends fixed segments written in the source (`"providers/Microsoft.Features"` may hold
    /// several). Only `'static` text is accepted, so user input cannot pass through here.
    pub fn lit(mut self, fixed: &'static str) -> Self {
        debug_assert!(
            fixed.split('/').all(|s| !s.is_empty() && quote(s) == s),
            "fixed path text needs no encoding: {fixed}"
        );
        self.0.push('/');
        self.0.push_str(fixed);
        self
    }

    /// Appends one value as exactly one segment, percent-encoded as az encodes it.
    pub fn seg(mut self, value: &str) -> Self {
        self.0.push('/');
        self.0.push_str(&quote(value));
        self
    }

    /// A path from a resource id used as a scope that az's SDK passes unquoted (role
    /// assignments and definitions): `id` split at `/`, each segment encoded as `requests`
    /// sends it (see [`quote_scope_segment`]). The id must start with `/`; callers validate it
    /// with az's rules first.
    pub fn scope(id: &str) -> Self {
        let rest = id.strip_prefix('/').unwrap_or(id);
        let mut out = Self::root();
        for s in rest.split('/') {
            out.0.push('/');
            out.0.push_str(&quote_scope_segment(s));
        }
        out
    }

    /// `/subscriptions/{sub}` of a URL path that is already on the wire (a request just sent),
    /// keeping the segment's encoding as it is instead of encoding it again.
    pub(crate) fn subscription_of_url_path(url_path: &str) -> Option<Self> {
        let mut segs = url_path.trim_start_matches('/').split('/');
        match (segs.next(), segs.next()) {
            (Some(s), Some(id)) if s.eq_ignore_ascii_case("subscriptions") && !id.is_empty() => {
                Some(Self(["/subscriptions/", id].concat()))
            }
            _ => None,
        }
    }

    /// The encoded path text (`/subscriptions/…`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ResourceId {
    /// This id as a request path, every name segment encoded once (fixed segments in the
    /// casing the id was built or parsed with).
    pub fn to_path(&self) -> ArmPath {
        let mut p = ArmPath::root()
            .lit("subscriptions")
            .seg(self.subscription_id());
        if let Some(rg) = self.resource_group_name() {
            p = p.lit("resourceGroups").seg(rg);
        }
        if let Some(ns) = self.namespace() {
            p = p.lit("providers").seg(ns);
            for (t, n) in self.type_pairs() {
                p = p.seg(t).seg(n);
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_python_quote_with_no_safe_characters() {
        // Each hostile character az encodes, as `urllib.parse.quote(c, safe='')` prints it.
        for (raw, want) in [
            ("prod#x", "prod%23x"),
            ("x/../victim", "x%2F..%2Fvictim"),
            ("a?b", "a%3Fb"),
            ("a%2Fb", "a%252Fb"),
            ("my rg", "my%20rg"),
            ("(x)", "%28x%29"),
            ("a+b", "a%2Bb"),
            ("a&b=c;d", "a%26b%3Dc%3Bd"),
            ("a:b@c", "a%3Ab%40c"),
            (
                "'\"<>`{}|\\^[]!$*,",
                "%27%22%3C%3E%60%7B%7D%7C%5C%5E%5B%5D%21%24%2A%2C",
            ),
            ("tab\there\n", "tab%09here%0A"),
            ("Azure_rg.1-x~", "Azure_rg.1-x~"),
            ("..", ".."),
            ("", ""),
        ] {
            assert_eq!(quote(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn non_ascii_is_encoded_byte_by_byte_in_utf8() {
        assert_eq!(quote("開発"), "%E9%96%8B%E7%99%BA");
        assert_eq!(quote("é"), "%C3%A9");
        assert_eq!(quote("😀"), "%F0%9F%98%80");
    }

    #[test]
    fn a_value_is_always_one_segment() {
        let p = ArmPath::subscription("s")
            .lit("resourcegroups")
            .seg("x/../victim");
        assert_eq!(
            p.as_str(),
            "/subscriptions/s/resourcegroups/x%2F..%2Fvictim"
        );
        assert_eq!(p.as_str().split('/').count(), 5);
        // Encoded once: an already-encoded value is encoded again, as az does.
        assert_eq!(
            ArmPath::root().seg("a%2Fb").seg("a%252Fb").as_str(),
            "/a%252Fb/a%25252Fb"
        );
    }

    #[test]
    fn scope_keeps_subdelimiters_but_never_ends_the_path() {
        assert_eq!(
            ArmPath::scope("/subscriptions/s/resourcegroups/my(rg)/providers/microsoft.managedidentity/userassignedidentities/id1").as_str(),
            "/subscriptions/s/resourcegroups/my(rg)/providers/microsoft.managedidentity/userassignedidentities/id1"
        );
        assert_eq!(
            ArmPath::scope("/subscriptions/s/resourcegroups/a#b?c%2F d").as_str(),
            "/subscriptions/s/resourcegroups/a%23b%3Fc%252F%20d"
        );
    }

    #[test]
    fn subscription_of_a_sent_path_keeps_its_encoding() {
        let sent = ArmPath::subscription("a b").lit("resourcegroups").seg("x");
        assert_eq!(
            ArmPath::subscription_of_url_path(sent.as_str()).map(|p| p.0),
            Some("/subscriptions/a%20b".to_owned())
        );
        assert_eq!(ArmPath::subscription_of_url_path("/providers/x"), None);
        assert_eq!(ArmPath::subscription_of_url_path("/subscriptions/"), None);
    }

    #[test]
    fn resource_ids_become_paths_with_each_name_encoded() {
        let id = ResourceId::parse(
            "/subscriptions/s/resourceGroups/開発/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a b",
        )
        .expect("valid id");
        assert_eq!(
            id.to_path().as_str(),
            "/subscriptions/s/resourceGroups/%E9%96%8B%E7%99%BA/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a%20b"
        );
    }
}
