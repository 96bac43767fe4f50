//! Interned strings for the values that repeat across endpoints: attribute names and values,
//! metric names, and the Demographic and Location fields (platforms, locales, cities, countries,
//! time zones, app versions). A million endpoints that say `"Platform": "ios"` share one `"ios"`.
//!
//! An [`IStr`] is one pointer (8 bytes, and `Option<IStr>` too) to a shared, reference-counted
//! string. Interning looks the string up in one global set, sharded so concurrent writers do not
//! wait on one lock. A string nobody holds any more is dropped from the set by a sweep that runs
//! when the set has doubled since the last one, so values that stop being used (deleted
//! endpoints, one-off values) cost at most as much again as the live ones.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use dashmap::mapref::entry::Entry;
use dashmap::DashMap;
use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// An interned string: cheap to clone, compared by pointer first, read as a `&str`.
#[derive(Clone)]
pub struct IStr(Arc<Box<str>>);

/// The set's key: the same string, hashed and compared as a `str` so lookups borrow.
struct Key(Arc<Box<str>>);

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (**self.0).hash(h);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl Eq for Key {}

type Set = DashMap<Key, (), foldhash::fast::RandomState>;

static SET: LazyLock<Set> = LazyLock::new(Set::default);

/// The set size at which the next sweep runs.
static SWEEP_AT: AtomicUsize = AtomicUsize::new(MIN_SWEEP);
const MIN_SWEEP: usize = 4096;

impl IStr {
    /// The shared copy of `s`.
    pub fn new(s: &str) -> Self {
        if let Some(hit) = SET.get(s) {
            return Self(Arc::clone(&hit.key().0));
        }
        let fresh = Arc::new(Box::<str>::from(s));
        let out = match SET.entry(Key(Arc::clone(&fresh))) {
            Entry::Occupied(o) => Self(Arc::clone(&o.key().0)),
            Entry::Vacant(v) => {
                v.insert(());
                Self(fresh)
            }
        };
        if SET.len() >= SWEEP_AT.load(Ordering::Relaxed) {
            sweep();
        }
        out
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Drops the strings only the set still holds. A string's count can only rise through the set,
/// and `retain` holds each shard's write lock, so nothing can take a copy of one being dropped.
fn sweep() {
    SET.retain(|k, _| Arc::strong_count(&k.0) > 1);
    SWEEP_AT.store((SET.len() * 2).max(MIN_SWEEP), Ordering::Relaxed);
}

/// How many distinct strings are interned; for tests.
pub fn interned_count() -> usize {
    SET.len()
}

impl Deref for IStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for IStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for IStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq for IStr {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl Eq for IStr {}

impl PartialEq<str> for IStr {
    fn eq(&self, other: &str) -> bool {
        **self.0 == *other
    }
}

impl PartialEq<&str> for IStr {
    fn eq(&self, other: &&str) -> bool {
        **self.0 == **other
    }
}

impl PartialEq<String> for IStr {
    fn eq(&self, other: &String) -> bool {
        **self.0 == **other
    }
}

impl PartialOrd for IStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for IStr {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl fmt::Debug for IStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for IStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl From<&str> for IStr {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<&String> for IStr {
    fn from(s: &String) -> Self {
        Self::new(s)
    }
}

impl From<String> for IStr {
    fn from(s: String) -> Self {
        Self::new(&s)
    }
}

impl From<Box<str>> for IStr {
    fn from(s: Box<str>) -> Self {
        Self::new(&s)
    }
}

impl From<IStr> for String {
    fn from(s: IStr) -> Self {
        s.as_str().to_string()
    }
}

impl From<&IStr> for serde_json::Value {
    fn from(s: &IStr) -> Self {
        Self::String(s.as_str().to_string())
    }
}

impl From<IStr> for serde_json::Value {
    fn from(s: IStr) -> Self {
        Self::String(s.as_str().to_string())
    }
}

impl Serialize for IStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for IStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis;
        impl Visitor<'_> for Vis {
            type Value = IStr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<IStr, E> {
                Ok(IStr::new(s))
            }
        }
        d.deserialize_str(Vis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pointer_shared_by_equal_strings() {
        assert_eq!(std::mem::size_of::<IStr>(), 8);
        assert_eq!(std::mem::size_of::<Option<IStr>>(), 8);
        let a = IStr::new("intern-test-ios");
        let b = IStr::from(String::from("intern-test-ios"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "intern-test-ios");
        assert_eq!(serde_json::to_string(&a).unwrap(), r#""intern-test-ios""#);
        let c: IStr = serde_json::from_str(r#""intern-test-ios""#).unwrap();
        assert!(Arc::ptr_eq(&a.0, &c.0));
    }

    #[test]
    fn unused_strings_are_swept() {
        let kept = IStr::new("intern-test-kept");
        drop(IStr::new("intern-test-dropped"));
        sweep();
        assert!(SET.get("intern-test-kept").is_some());
        assert!(SET.get("intern-test-dropped").is_none());
        assert!(Arc::ptr_eq(&kept.0, &IStr::new("intern-test-kept").0));
    }
}
