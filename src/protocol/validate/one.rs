//! One pass over a request body: the model check of [`super::check_body`] made while serde builds
//! the handler's typed input, instead of a walk of its own before the parse.
//!
//! [`De`] wraps serde_json's deserializer at a value whose place in the model is known. Every
//! request of the target type is passed on to serde_json *with the same hint*, so the target sees
//! exactly the calls a plain parse would make; only the visitor is wrapped ([`Check`]), to check
//! each value against its shape before handing it on. Structures are wrapped entry by entry
//! ([`Fields`]: the key names the member, whose value is checked with the member's shape, and the
//! required members are counted), as are lists and maps. A value the target ignores is walked
//! with [`Walk`]; a member the model does not know is given to the target unwrapped.
//!
//! This pass never composes an error: anything it refuses, or anything it cannot follow exactly
//! (bytes, externally tagged enums in object form, keys read as numbers), is an `Err` with no
//! meaning, and [`super::parse_checked`] then answers with the two-step path, which says what is
//! wrong. Its success implies the two-step path's success with the same value.

mod fields;
mod key;

use std::cell::Cell;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use self::fields::{Fields, Items};
use super::walk::{Walk, JUDGED_PER_ITEM};
use crate::protocol::shapes::{Kind, Member, ShapeId, TimestampFormat, SHAPES};

/// serde_json's name for the newtype a `RawValue` asks for.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// What an object is in the model.
#[derive(Clone, Copy)]
pub(super) enum Of {
    /// The structure's shape and its members.
    Structure(ShapeId, &'static [Member]),
    /// The key and value shapes.
    Map(ShapeId, ShapeId),
}

/// The error of this pass: its text is never shown.
pub(super) fn refuse<E: de::Error>() -> E {
    E::custom("refused by the one-pass check")
}

/// Where a value sits in the model.
#[derive(Clone, Copy)]
pub(super) struct At {
    pub(super) shape: ShapeId,
    /// Inside a structure judged one item at a time: JSON types only.
    pub(super) per_item: bool,
}

impl At {
    fn kind(self) -> Kind {
        SHAPES[usize::from(self.shape)].kind
    }

    /// [`Walk`]'s rules for a number.
    fn number(self, whole: bool) -> bool {
        match self.kind() {
            Kind::Double | Kind::Timestamp(TimestampFormat::Unix) => true,
            Kind::Integer | Kind::Long => whole,
            _ => false,
        }
    }

    /// [`Walk`]'s rules for a string.
    fn string(self, v: &str) -> bool {
        match self.kind() {
            Kind::String | Kind::Blob | Kind::Timestamp(TimestampFormat::Iso8601) => true,
            Kind::Enum(values) => self.per_item || values.contains(&v),
            _ => false,
        }
    }

    /// Checks a whole value the target does not read, as the walk would; answers whether it was
    /// present (not `null`).
    pub(super) fn walk<'de, D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        let mut failure = None;
        Walk::at(self.shape, self.per_item, &mut failure).deserialize(d)
    }
}

/// The deserializer of one value of a known place; `sent` is set if it is not `null`.
pub(super) struct De<'s, D> {
    pub(super) inner: D,
    pub(super) at: At,
    pub(super) sent: &'s Cell<bool>,
}

impl<'s, D> De<'s, D> {
    fn check<V>(&self, visitor: V) -> Check<'s, V> {
        Check {
            visitor,
            at: self.at,
            sent: self.sent,
        }
    }
}

macro_rules! same_hint {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* Check { visitor, at: self.at, sent: self.sent })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for De<'_, D> {
    type Error = D::Error;

    same_hint! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_identifier();
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name == RAW_TOKEN {
            let raw = Raw(self.check(visitor));
            return self.inner.deserialize_newtype_struct(name, raw);
        }
        let check = self.check(visitor);
        self.inner.deserialize_newtype_struct(name, check)
    }

    /// A string is the only form followed: serde_json gives a unit variant for it, as here.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let check = self.check(visitor);
        self.inner.deserialize_any(Variant(check))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.sent.set(self.at.walk(self.inner)?);
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The target's visitor behind the check of one value.
pub(super) struct Check<'s, V> {
    visitor: V,
    at: At,
    sent: &'s Cell<bool>,
}

impl<V> Check<'_, V> {
    /// The value is present and of the right type: the target's turn.
    fn pass<E: de::Error>(&self, ok: bool) -> Result<(), E> {
        if ok {
            self.sent.set(true);
            Ok(())
        } else {
            Err(refuse())
        }
    }
}

macro_rules! numbers {
    ($($method:ident($ty:ty) $whole:expr;)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            #[allow(clippy::redundant_closure_call)]
            self.pass(self.at.number(($whole)(v)))?;
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Check<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    numbers! {
        visit_i64(i64) |_| true;
        visit_u64(u64) |_| true;
        visit_i128(i128) |_| true;
        visit_u128(u128) |_| true;
        visit_f64(f64) |v: f64| v.fract() == 0.0;
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.pass(self.at.kind() == Kind::Boolean)?;
        self.visitor.visit_bool(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.pass(self.at.string(v))?;
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.pass(self.at.string(v))?;
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.pass(self.at.string(&v))?;
        self.visitor.visit_string(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(De {
            inner: d,
            at: self.at,
            sent: self.sent,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(De {
            inner: d,
            at: self.at,
            sent: self.sent,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let Kind::List(item) = self.at.kind() else {
            return Err(refuse());
        };
        self.sent.set(true);
        let at = At {
            shape: item,
            per_item: self.at.per_item,
        };
        self.visitor.visit_seq(Items { seq, at })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let mut fields = match self.at.kind() {
            Kind::Structure(members) => Fields {
                map,
                of: Of::Structure(self.at.shape, members),
                per_item: self.at.per_item || JUDGED_PER_ITEM.contains(&self.at.shape),
                key: None,
                present: 0,
                ended: false,
            },
            Kind::Map(key, value) => Fields {
                map,
                of: Of::Map(key, value),
                per_item: self.at.per_item,
                key: None,
                present: 0,
                ended: false,
            },
            _ => return Err(refuse()),
        };
        self.sent.set(true);
        let value = self.visitor.visit_map(&mut fields)?;
        // A target that stopped before the end: what is left must be nothing.
        if !fields.ended && fields.next_key::<IgnoredAny>()?.is_some() {
            return Err(refuse());
        }
        Ok(value)
    }
}

/// A `RawValue`: serde_json hands its text over as a one-entry map; the text is walked.
struct Raw<'s, V>(Check<'s, V>);

impl<'de, V: Visitor<'de>> Visitor<'de> for Raw<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let Check { visitor, at, sent } = self.0;
        visitor.visit_map(key::RawText { map, at, sent })
    }
}

/// A unit variant, from a string checked like any other.
struct Variant<'s, V>(Check<'s, V>);

impl<'de, V: Visitor<'de>> Visitor<'de> for Variant<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.pass(self.0.at.string(v))?;
        self.0.visitor.visit_enum(StrDeserializer::<E>::new(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.0.pass(self.0.at.string(v))?;
        self.0
            .visitor
            .visit_enum(BorrowedStrDeserializer::<E>::new(v))
    }
}

/// The one pass over a body of shape `root`: the target's value, or an error that means only
/// "take the two steps".
pub(super) fn parse<T: DeserializeOwned>(root: ShapeId, bytes: &[u8]) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let sent = Cell::new(false);
    let value = T::deserialize(De {
        inner: &mut de,
        at: At {
            shape: root,
            per_item: false,
        },
        sent: &sent,
    })?;
    de.end()?;
    Ok(value)
}
