//! The keys of an object and the text of a `RawValue`, for the one pass ([`super`]): a key is
//! passed on to the target only when the target reads it as a string, which is how the key is
//! seen (the member it names, or a map key of the model's key shape).

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::{refuse, At, Of};
use crate::protocol::shapes::{Kind, SHAPES};

/// The target's key seed, and where to record the key.
pub(super) struct KeySeed<'k, K> {
    pub(super) seed: K,
    pub(super) of: Of,
    pub(super) per_item: bool,
    pub(super) found: &'k mut Option<Option<usize>>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        self.seed.deserialize(KeyDe {
            inner: d,
            of: self.of,
            per_item: self.per_item,
            found: self.found,
        })
    }
}

struct KeyDe<'k, D> {
    inner: D,
    of: Of,
    per_item: bool,
    found: &'k mut Option<Option<usize>>,
}

macro_rules! as_string {
    ($($method:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method(KeyVisitor {
                visitor,
                of: self.of,
                per_item: self.per_item,
                found: self.found,
            })
        }
    )*};
}

macro_rules! refused {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $(_: $ty,)* _: V) -> Result<V::Value, D::Error> {
            Err(refuse())
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDe<'_, D> {
    type Error = D::Error;

    as_string! {
        deserialize_any; deserialize_str; deserialize_string; deserialize_identifier;
        deserialize_ignored_any;
    }

    refused! {
        deserialize_bool(); deserialize_i8(); deserialize_i16(); deserialize_i32();
        deserialize_i64(); deserialize_i128(); deserialize_u8(); deserialize_u16();
        deserialize_u32(); deserialize_u64(); deserialize_u128(); deserialize_f32();
        deserialize_f64(); deserialize_char(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(n: &'static str);
        deserialize_newtype_struct(n: &'static str); deserialize_seq();
        deserialize_tuple(l: usize); deserialize_tuple_struct(n: &'static str, l: usize);
        deserialize_map(); deserialize_struct(n: &'static str, f: &'static [&'static str]);
        deserialize_enum(n: &'static str, v: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

struct KeyVisitor<'k, V> {
    visitor: V,
    of: Of,
    per_item: bool,
    found: &'k mut Option<Option<usize>>,
}

impl<V> KeyVisitor<'_, V> {
    /// Records the key: the member it names, or a map key checked against the key shape.
    fn record<E: de::Error>(&mut self, key: &str) -> Result<(), E> {
        *self.found = Some(match self.of {
            Of::Structure(_, members) => members.iter().position(|m| m.name == key),
            Of::Map(shape, _) => {
                if let Kind::Enum(values) = SHAPES[usize::from(shape)].kind {
                    if !self.per_item && !values.contains(&key) {
                        return Err(refuse());
                    }
                }
                None
            }
        });
        Ok(())
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<V::Value, E> {
        self.record(v)?;
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<V::Value, E> {
        self.record(v)?;
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(mut self, v: String) -> Result<V::Value, E> {
        self.record(&v)?;
        self.visitor.visit_string(v)
    }
}

/// The one-entry map serde_json gives a `RawValue`: its value is the text, which is walked.
pub(super) struct RawText<'s, A> {
    pub(super) map: A,
    pub(super) at: At,
    pub(super) sent: &'s Cell<bool>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for RawText<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(RawSeed {
            seed,
            at: self.at,
            sent: self.sent,
        })
    }
}

struct RawSeed<'s, T> {
    seed: T,
    at: At,
    sent: &'s Cell<bool>,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for RawSeed<'_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(RawDe {
            inner: d,
            at: self.at,
            sent: self.sent,
        })
    }
}

/// The text's deserializer: a string (what serde_json's `RawValue` asks for), or nothing.
struct RawDe<'s, D> {
    inner: D,
    at: At,
    sent: &'s Cell<bool>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for RawDe<'_, D> {
    type Error = D::Error;

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_str(RawStr {
            visitor,
            at: self.at,
            sent: self.sent,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, D::Error> {
        Err(refuse())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct RawStr<'s, V> {
    visitor: V,
    at: At,
    sent: &'s Cell<bool>,
}

impl<V> RawStr<'_, V> {
    /// Walks the text as [`super::super::check_body`] walks a body.
    fn walk<E: de::Error>(&self, text: &str) -> Result<(), E> {
        let mut de = serde_json::Deserializer::from_str(text);
        match self
            .at
            .walk(&mut de)
            .and_then(|sent| de.end().map(|()| sent))
        {
            Ok(sent) => {
                self.sent.set(sent);
                Ok(())
            }
            Err(_) => Err(refuse()),
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for RawStr<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.walk(v)?;
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.walk(v)?;
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.walk(&v)?;
        self.visitor.visit_string(v)
    }
}
