//! Serde helper for lists of typed values (notices) written with a human `message` beside
//! their typed fields, so tools can read either. The message is made by `Display` when
//! writing and ignored when reading back (it is derived, never parsed).
//!
//! Use on a `Vec<T>` field: `#[serde(with = "crate::with_message")]`.

use std::fmt::Display;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize)]
struct Out<'a, T> {
    #[serde(flatten)]
    item: &'a T,
    message: String,
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct In<T> {
    #[serde(flatten)]
    item: T,
    #[serde(default)]
    #[allow(dead_code)]
    message: Option<String>,
}

/// Writes each item's typed fields plus `message` (its `Display` text).
pub(crate) fn serialize<T, S>(v: &[T], s: S) -> Result<S::Ok, S::Error>
where
    T: Serialize + Display,
    S: Serializer,
{
    let out: Vec<Out<'_, T>> = v
        .iter()
        .map(|item| Out {
            item,
            message: item.to_string(),
        })
        .collect();
    out.serialize(s)
}

/// Reads the typed fields back; a `message` is accepted and ignored.
pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<Vec<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let v: Vec<In<T>> = Vec::deserialize(d)?;
    Ok(v.into_iter().map(|x| x.item).collect())
}
