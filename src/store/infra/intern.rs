//! Interned strings for the values that repeat across endpoints: attribute names and values,
//! metric names, and the Demographic and Location fields (platforms, locales, cities, countries,
//! time zones, app versions). A million endpoints that say `"Platform": "ios"` share a few
//! `"ios"`.
//!
//! An [`IStr`] is one pointer (8 bytes, and `Option<IStr>` too) to a reference-counted string.
//! Each thread interns into a set of its own: the thread's most recent strings (at most
//! [`RECENT_MAX`], emptied when full). A string is shared by the values one thread made between
//! two emptyings, and a few copies of each hot value exist (one per thread that parses requests,
//! and one per emptying), instead of one per endpoint. What this buys: the common update, which
//! sends again the values the endpoint has, reads and writes only its own thread's cache lines.
//! A set shared by every thread made both cores write the same reference counts and shard locks
//! on every request (measured in benches/README.md). A string lives as long as a value or a
//! cache holds it, so deleted endpoints and one-off values do not pile up: the caches hold at
//! most [`RECENT_MAX`] strings of at most [`CACHED_LEN`] bytes each per thread.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// An interned string: cheap to clone, compared by pointer first, read as a `&str`.
#[derive(Clone)]
pub struct IStr(Arc<Box<str>>);

/// The cache's key: the string, hashed and compared as a `str` so lookups borrow.
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

type Recent = HashSet<Key, foldhash::fast::RandomState>;

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::default();
}

/// How many strings a thread's set holds before it is emptied.
const RECENT_MAX: usize = 1024;
/// Longer strings are not kept in the set: they are rarely repeated, and they would make a full
/// set large.
const CACHED_LEN: usize = 64;

impl IStr {
    /// The thread's copy of `s`, made if it has none.
    pub fn new(s: &str) -> Self {
        let fresh = || Arc::new(Box::<str>::from(s));
        if s.len() > CACHED_LEN {
            return Self(fresh());
        }
        let interned = RECENT.try_with(|recent| {
            let mut recent = recent.borrow_mut();
            if let Some(hit) = recent.get(s) {
                return Arc::clone(&hit.0);
            }
            if recent.len() >= RECENT_MAX {
                recent.clear();
            }
            let made = fresh();
            recent.insert(Key(Arc::clone(&made)));
            made
        });
        // A thread being torn down has no set any more.
        Self(interned.unwrap_or_else(|_| fresh()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
    fn a_string_nobody_holds_is_freed_once_the_set_is_emptied() {
        let kept = IStr::new("intern-test-kept");
        let weak = Arc::downgrade(&IStr::new("intern-test-dropped").0);
        // The set still holds it; filling the set empties it.
        assert!(weak.upgrade().is_some());
        for i in 0..RECENT_MAX {
            drop(IStr::new(&format!("intern-test-filler-{i}")));
        }
        assert!(weak.upgrade().is_none());
        assert_eq!(kept, "intern-test-kept");
    }

    #[test]
    fn long_strings_are_not_kept() {
        let long = "x".repeat(CACHED_LEN + 1);
        let a = IStr::new(&long);
        let b = IStr::new(&long);
        assert!(!Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, b);
    }

    #[test]
    fn each_thread_has_its_own_copies() {
        let here = IStr::new("intern-test-thread");
        let there = std::thread::spawn(|| IStr::new("intern-test-thread"))
            .join()
            .unwrap();
        assert!(!Arc::ptr_eq(&here.0, &there.0));
        assert_eq!(here, there);
    }
}
