//! Account- and region-wide books (templates, recommender configurations): one map per scope
//! behind one mutex.

use std::collections::{BTreeMap, HashMap};

use parking_lot::Mutex;

use crate::store::Scope;

/// Every scope's part of a book.
pub type Book<K, V> = Mutex<HashMap<Scope, BTreeMap<K, V>>>;

/// Runs `f` on one scope's part, dropping the part when it ends empty.
pub fn with_scope<K: Ord, V, R>(
    book: &Book<K, V>,
    scope: &Scope,
    f: impl FnOnce(&mut BTreeMap<K, V>) -> R,
) -> R {
    let mut all = book.lock();
    let part = all.entry(scope.clone()).or_default();
    let r = f(part);
    if part.is_empty() {
        all.remove(scope);
    }
    r
}

/// Installs parts built from a state file: replacing the whole book, or adding only the keys
/// not there yet.
pub fn install<K: Ord, V>(book: &Book<K, V>, built: HashMap<Scope, BTreeMap<K, V>>, replace: bool) {
    let mut all = book.lock();
    if replace {
        all.clear();
    }
    for (scope, part) in built {
        let mine = all.entry(scope).or_default();
        for (k, v) in part {
            mine.entry(k).or_insert(v);
        }
    }
}
