//! Typed group labels for the audit: which grouping a label belongs to ([`GroupKey`]).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

/// The kind of a group label: the teacher's school, subject, or any other grouping an
/// embedding program defines.
///
/// In JSON (and in [`Display`](std::fmt::Display)) a key is the plain string `"school"`,
/// `"subject"` or the custom name, so the audit's `groups` object keeps its shape
/// (`{"school": {"S1": {...}}, "subject": {...}}`). Reading back, `"school"` and
/// `"subject"` become [`GroupKey::School`] and [`GroupKey::Subject`] and anything else
/// [`GroupKey::Other`].
///
/// Keys compare, order and hash as their string, so a map keyed by `GroupKey` can be
/// looked up with a `&str` too (`audit.groups["school"]` or
/// `audit.groups[&GroupKey::School]`), and `GroupKey::Other("school".into())` is the
/// same key as [`GroupKey::School`].
///
/// ```
/// use peermatch::fairness::GroupKey;
/// assert_eq!(GroupKey::from("school"), GroupKey::School);
/// assert_eq!(GroupKey::from("region"), GroupKey::Other("region".into()));
/// assert_eq!(GroupKey::Subject.to_string(), "subject");
/// assert_eq!(serde_json::to_string(&GroupKey::School)?, "\"school\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum GroupKey {
    /// The teacher's school id.
    School,
    /// The teacher's (first) subject.
    Subject,
    /// Any other grouping, by name.
    Other(String),
}

/// Group labels of one agent: at most one value per key (e.g. school `"S1"`, subject
/// `"maths"`).
pub type GroupLabels = BTreeMap<GroupKey, String>;

impl GroupKey {
    /// The key as a string (`"school"`, `"subject"`, or the custom name).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            GroupKey::School => "school",
            GroupKey::Subject => "subject",
            GroupKey::Other(s) => s,
        }
    }
}

impl From<&str> for GroupKey {
    fn from(s: &str) -> Self {
        match s {
            "school" => GroupKey::School,
            "subject" => GroupKey::Subject,
            other => GroupKey::Other(other.to_string()),
        }
    }
}

impl From<String> for GroupKey {
    fn from(s: String) -> Self {
        match s.as_str() {
            "school" => GroupKey::School,
            "subject" => GroupKey::Subject,
            _ => GroupKey::Other(s),
        }
    }
}

impl From<GroupKey> for String {
    fn from(k: GroupKey) -> Self {
        match k {
            GroupKey::Other(s) => s,
            k => k.as_str().to_string(),
        }
    }
}

impl std::fmt::Display for GroupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Borrow<str> for GroupKey {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for GroupKey {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for GroupKey {}

impl PartialOrd for GroupKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GroupKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_behave_as_their_strings() {
        let mut m: BTreeMap<GroupKey, u32> = BTreeMap::new();
        m.insert(GroupKey::Subject, 1);
        m.insert(GroupKey::from("region"), 2);
        m.insert(GroupKey::School, 3);
        m.insert(GroupKey::Other("school".into()), 4); // the same key as School
        let keys: Vec<&str> = m.keys().map(GroupKey::as_str).collect();
        assert_eq!(keys, ["region", "school", "subject"]); // string order
        assert_eq!(m["school"], 4);
        assert_eq!(m[&GroupKey::Subject], 1);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"region":2,"school":4,"subject":1}"#);
        let back: BTreeMap<GroupKey, u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(matches!(
            back.keys().next(),
            Some(GroupKey::Other(s)) if s == "region"
        ));
    }
}
