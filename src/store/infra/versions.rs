//! The numbered versions of a resource: segments, campaigns and templates each keep every
//! version under its number (1, 2, ...), answer the latest or a named one, and list them newest
//! first. Saved as the JSON object of number → version it always was.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::store::{StoreError, StoreResult};

/// Every version of one resource, by number. Never empty once the resource exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Versions<V>(BTreeMap<u32, V>);

impl<V> Versions<V> {
    /// A resource's first version, number 1.
    pub fn first(v: V) -> Self {
        Self(BTreeMap::from([(1, v)]))
    }

    /// No versions (a resource being rebuilt from a state file or an import).
    pub fn none() -> Self {
        Self(BTreeMap::new())
    }

    /// The latest version and its number; `None` only before the first version.
    pub fn newest(&self) -> Option<(u32, &V)> {
        self.0.iter().next_back().map(|(n, v)| (*n, v))
    }

    /// The latest version and its number.
    ///
    /// # Panics
    /// When there is no version: a stored resource always has one.
    pub fn latest(&self) -> (u32, &V) {
        self.newest()
            .expect("a versioned resource has at least one version")
    }

    /// Version `n`; unknown → 404.
    pub fn get(&self, n: u32) -> StoreResult<(u32, &V)> {
        self.0.get(&n).map(|v| (n, v)).ok_or(StoreError::NotFound)
    }

    /// The version a path label or query names: a number the resource has; anything else → 404.
    pub fn labelled(&self, label: &str) -> StoreResult<(u32, &V)> {
        self.get(label.parse().map_err(|_| StoreError::NotFound)?)
    }

    /// The version a reference names (`Some(n)`), or the latest (`None`); unknown → 404.
    pub fn at(&self, n: Option<u32>) -> StoreResult<(u32, &V)> {
        n.map_or_else(|| Ok(self.latest()), |n| self.get(n))
    }

    /// Every version, oldest first.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + '_ {
        self.0.values()
    }

    /// Version `n`, to change in place.
    pub fn get_mut(&mut self, n: u32) -> Option<&mut V> {
        self.0.get_mut(&n)
    }

    /// Adds (or replaces) version `n`.
    pub fn insert(&mut self, n: u32, v: V) {
        self.0.insert(n, v);
    }

    /// Adds the next version after the latest, and gives its number.
    pub fn push(&mut self, v: V) -> u32 {
        let n = self.newest().map_or(1, |(n, _)| n + 1);
        self.0.insert(n, v);
        n
    }

    /// Removes version `n`.
    pub fn remove(&mut self, n: u32) -> Option<V> {
        self.0.remove(&n)
    }

    /// Whether version `n` exists.
    pub fn has(&self, n: u32) -> bool {
        self.0.contains_key(&n)
    }

    /// How many versions there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no version.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The version numbers, newest first (the order of every version listing).
    pub fn newest_first(&self) -> Vec<u32> {
        self.0.keys().rev().copied().collect()
    }

    /// The version numbers, oldest first.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.keys().copied()
    }
}

impl<V> std::ops::Index<u32> for Versions<V> {
    type Output = V;

    /// Version `n`, which the caller knows exists.
    fn index(&self, n: u32) -> &V {
        &self.0[&n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_from_one_and_answer_the_latest_a_number_or_a_label() {
        let mut v = Versions::first("a");
        assert_eq!(v.push("b"), 2);
        assert_eq!(v.latest(), (2, &"b"));
        assert_eq!(v.get(1).unwrap(), (1, &"a"));
        assert_eq!(v.labelled("2").unwrap(), (2, &"b"));
        for bad in ["3", "0", "-1", "x", ""] {
            assert!(
                matches!(v.labelled(bad), Err(StoreError::NotFound)),
                "{bad}"
            );
        }
        assert_eq!(v.newest_first(), [2, 1]);
        v.remove(2);
        assert_eq!(v.push("c"), 2);
    }

    #[test]
    fn versions_are_saved_as_the_object_of_number_to_version_they_always_were() {
        let v: Versions<String> = serde_json::from_str(r#"{"1":"a","3":"c"}"#).unwrap();
        assert_eq!(v.latest(), (3, &"c".to_string()));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"1":"a","3":"c"}"#);
    }
}
