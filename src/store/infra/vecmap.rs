//! A small map kept as one sorted slice. Endpoint attribute maps hold a handful of keys; a
//! `BTreeMap` allocates a node of about 500 bytes even for one entry, which made each stored
//! endpoint several kilobytes. Lookups are binary searches; keys are interned ([`IStr`]: names
//! repeat across endpoints) and the entries are one shared slice of exactly their length, so a
//! copy of the map (the copy of an endpoint an update edits) shares it, and a change copies it
//! (copy on write). The empty map allocates nothing. Serialized as a JSON object, like the map it
//! replaces.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::intern::IStr;

/// A sorted map from names to `V`.
#[derive(Clone, PartialEq)]
pub struct VecMap<V>(Option<Arc<[(IStr, V)]>>);

impl<V> VecMap<V> {
    pub fn new() -> Self {
        Self(None)
    }

    fn entries(&self) -> &[(IStr, V)] {
        self.0.as_deref().unwrap_or(&[])
    }

    /// A map of these entries, which must be sorted by key without repeats.
    fn from_sorted(entries: Vec<(IStr, V)>) -> Self {
        Self((!entries.is_empty()).then(|| Arc::from(entries)))
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries().binary_search_by(|(k, _)| (**k).cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries()[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries().iter().map(|(k, v)| (&**k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries().iter().map(|(k, _)| &**k)
    }

    /// Whether the two maps share one slice (a copy not changed since); for tests.
    #[cfg(test)]
    pub fn shares_entries_with(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl<V: Clone> VecMap<V> {
    /// Changes the entries as a vector (a copy: the slice may be shared); the slice is rebuilt
    /// at its exact length.
    fn edit<R>(&mut self, f: impl FnOnce(&mut Vec<(IStr, V)>) -> R) -> R {
        let mut v = self.entries().to_vec();
        let out = f(&mut v);
        *self = Self::from_sorted(v);
        out
    }

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&mut self, key: impl Into<IStr> + AsRef<str>, value: V) -> Option<V> {
        match self.find(key.as_ref()) {
            Ok(i) => self.edit(|v| Some(std::mem::replace(&mut v[i].1, value))),
            Err(i) => {
                self.edit(|v| v.insert(i, (key.into(), value)));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.find(key).ok()?;
        Some(self.edit(|v| v.remove(i).1))
    }

    /// Per-key replace from `sent`, in one copy of the entries; a sent value for which
    /// `removes` holds removes its key instead.
    pub fn merge(&mut self, sent: &VecMap<V>, removes: impl Fn(&V) -> bool) {
        self.edit(|entries| {
            for (k, v) in sent.entries() {
                match (entries.binary_search_by(|(e, _)| (**e).cmp(k)), removes(v)) {
                    (Ok(i), true) => {
                        entries.remove(i);
                    }
                    (Ok(i), false) => entries[i].1 = v.clone(),
                    (Err(i), false) => entries.insert(i, (k.clone(), v.clone())),
                    (Err(_), true) => {}
                }
            }
        });
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut V) -> bool) {
        self.edit(|v| v.retain_mut(|(k, v)| keep(k, v)));
    }
}

impl<V> Default for VecMap<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Into<IStr> + AsRef<str>, V: Clone> Extend<(K, V)> for VecMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.edit(|entries| {
            for (k, v) in iter {
                match entries.binary_search_by(|(e, _)| (**e).cmp(k.as_ref())) {
                    Ok(i) => entries[i].1 = v,
                    Err(i) => entries.insert(i, (k.into(), v)),
                }
            }
        });
    }
}

impl<K: Into<IStr> + AsRef<str>, V: Clone> FromIterator<(K, V)> for VecMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = Self::new();
        m.extend(iter);
        m
    }
}

impl<V: Clone> IntoIterator for VecMap<V> {
    type Item = (IStr, V);
    type IntoIter = std::vec::IntoIter<(IStr, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries().to_vec().into_iter()
    }
}

impl<'a, V> IntoIterator for &'a VecMap<V> {
    type Item = (&'a str, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (IStr, V)>, fn(&'a (IStr, V)) -> (&'a str, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries().iter().map(|(k, v)| (&**k, v))
    }
}

impl<V> std::ops::Index<&str> for VecMap<V> {
    type Output = V;
    fn index(&self, key: &str) -> &V {
        self.get(key).unwrap_or_else(|| panic!("no key {key:?}"))
    }
}

impl<V: fmt::Debug> fmt::Debug for VecMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for VecMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.entries() {
            m.serialize_entry(&**k, v)?;
        }
        m.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for VecMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = VecMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(4);
                while let Some((k, v)) = map.next_entry::<IStr, V>()? {
                    out.push((k, v));
                }
                // A repeated key keeps its last value, as a JSON object read into a map does:
                // reversed, the last one sent sorts first among equal keys and is the one kept.
                out.reverse();
                out.sort_by(|a, b| a.0.cmp(&b.0));
                out.dedup_by(|(later, _), (kept, _)| later == kept);
                Ok(VecMap::from_sorted(out))
            }
        }
        d.deserialize_map(Vis(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;

    #[test]
    fn behaves_like_a_sorted_map() {
        let mut m: VecMap<i32> = VecMap::new();
        assert_eq!(m.insert("b", 2), None);
        assert_eq!(m.insert("a", 1), None);
        assert_eq!(m.insert("b", 3), Some(2));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(m.get("b"), Some(&3));
        assert_eq!(m.remove("a"), Some(1));
        assert!(!m.contains_key("a"));
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"b":3}"#);
        let back: VecMap<i32> = serde_json::from_str(r#"{"z":1,"c":2,"z":5}"#).unwrap();
        assert_eq!(back.iter().collect::<Vec<_>>(), [("c", &2), ("z", &5)]);
    }
}
