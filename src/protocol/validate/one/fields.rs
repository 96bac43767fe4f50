//! The entries of an object and the elements of a list, for the one pass ([`super`]): each
//! value is given to the target behind the check of its member's (or item's) shape, and a
//! structure's required members are counted as they come.

use std::cell::Cell;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess};

use super::super::walk::REQUIRED_LEFT_TO_HANDLER;
use super::{refuse, At, De, Of};

/// The elements of a list.
pub(super) struct Items<A> {
    pub(super) seq: A,
    pub(super) at: At,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let sent = Cell::new(false);
        self.seq.next_element_seed(Seed {
            seed,
            at: self.at,
            sent: &sent,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// A value's seed, given the value's place.
struct Seed<'s, T> {
    seed: T,
    at: At,
    sent: &'s Cell<bool>,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(De {
            inner: d,
            at: self.at,
            sent: self.sent,
        })
    }
}

/// The entries of an object: a structure's members or a map's entries.
pub(super) struct Fields<A> {
    pub(super) map: A,
    pub(super) of: Of,
    pub(super) per_item: bool,
    /// The last key read, as the target read it: `Some(member)` once it was seen as a string
    /// (`Some(None)`: a member the model does not know, or a map's key).
    pub(super) key: Option<Option<usize>>,
    /// The members sent (not `null`), by index.
    pub(super) present: u64,
    pub(super) ended: bool,
}

impl<A> Fields<A> {
    /// The required members, at the end of a structure.
    fn complete(&self) -> bool {
        let Of::Structure(shape, members) = self.of else {
            return true;
        };
        self.per_item
            || REQUIRED_LEFT_TO_HANDLER.contains(&shape)
            || members
                .iter()
                .enumerate()
                .all(|(i, m)| !m.required || self.present & (1 << i) != 0)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.key = None;
        let of = self.of;
        let per_item = self.per_item;
        let key = self.map.next_key_seed(super::key::KeySeed {
            seed,
            of,
            per_item,
            found: &mut self.key,
        })?;
        match key {
            None => {
                self.ended = true;
                if self.complete() {
                    Ok(None)
                } else {
                    Err(refuse())
                }
            }
            Some(_) if self.key.is_none() => Err(refuse()),
            Some(k) => Ok(Some(k)),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let shape = match (self.of, self.key) {
            (Of::Structure(_, members), Some(Some(i))) => members[i].shape,
            (Of::Map(_, value), Some(_)) => value,
            // A member the model does not know: the target's alone, as in the walk.
            (Of::Structure(..), Some(None)) => return self.map.next_value_seed(seed),
            (_, None) => return Err(refuse()),
        };
        let sent = Cell::new(false);
        let value = self.map.next_value_seed(Seed {
            seed,
            at: At {
                shape,
                per_item: self.per_item,
            },
            sent: &sent,
        })?;
        if let (Of::Structure(..), Some(Some(i)), true) = (self.of, self.key, sent.get()) {
            self.present |= 1 << i;
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}
