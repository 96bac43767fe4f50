//! What a resource's tags may be (docs/behaviour.md#tags): every resource that takes tags
//! (apps, segments, campaigns, journeys, templates) checks them here. The tags live on the
//! resources themselves; [`super::tags_by_arn`] reads and changes them by ARN.

use std::collections::BTreeMap;

use crate::store::{StoreError, StoreResult};

/// Tags of one resource.
pub type Tags = BTreeMap<String, String>;

/// At most this many tags per resource.
pub const MAX_TAGS: usize = 50;
const MAX_KEY: usize = 128;
const MAX_VALUE: usize = 256;

/// A tag character: a letter, digit, white space or one of `_ . : / = + - @`.
fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// Checks one tag (docs/behaviour.md#tags).
fn check_tag(key: &str, value: &str) -> StoreResult<()> {
    if key.is_empty() || key.chars().count() > MAX_KEY {
        return Err(StoreError::invalid(format!(
            "Invalid tag key {key:?}: 1 to {MAX_KEY} characters"
        )));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(StoreError::invalid(format!(
            "Invalid tag key {key:?}: the aws: prefix is reserved"
        )));
    }
    if value.chars().count() > MAX_VALUE {
        return Err(StoreError::invalid(format!(
            "Invalid value of tag {key:?}: at most {MAX_VALUE} characters"
        )));
    }
    if let Some(c) = key.chars().chain(value.chars()).find(|c| !tag_char(*c)) {
        return Err(StoreError::invalid(format!(
            "Invalid tag {key:?}: {c:?} is not allowed (letters, digits, spaces and _ . : / = + - @)"
        )));
    }
    Ok(())
}

/// Checks a resource's tags as a whole: each tag, and at most 50.
pub fn check_tags(tags: &Tags) -> StoreResult<()> {
    if tags.len() > MAX_TAGS {
        return Err(StoreError::invalid(format!(
            "Too many tags: {} given, a resource holds at most {MAX_TAGS}",
            tags.len()
        )));
    }
    tags.iter().try_for_each(|(k, v)| check_tag(k, v))
}
