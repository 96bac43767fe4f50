//! The walk of a JSON body against its shape, as a `DeserializeSeed`: nothing is built, and a
//! violation's path is assembled on the way out, so only a refused body allocates.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::protocol::shapes::{id, Kind, Member, ShapeId, TimestampFormat, SHAPES};

/// Structures whose required members the operation checks itself, on the stored result after the
/// merge: an update of a channel may send only what changes (docs/behaviour.md#channel-lifecycle).
pub(super) const REQUIRED_LEFT_TO_HANDLER: &[ShapeId] = &[
    id::ADMChannelRequest,
    id::BaiduChannelRequest,
    id::EmailChannelRequest,
];

/// Structures that PutEvents judges one item at a time (docs/behaviour.md#events-endpoint-failure
/// and #events-validation): inside them only JSON types are checked here, so that a missing or
/// unknown value fails its own item and not the whole request.
pub(super) const JUDGED_PER_ITEM: &[ShapeId] = &[id::PublicEndpoint, id::Event];

/// One step of the path to a violation.
#[derive(Debug)]
enum Step {
    Member(&'static str),
    Index(usize),
    Key(String),
}

/// A violation: what is wrong, and where (innermost step first until [`Failure::message`]).
#[derive(Debug)]
pub(super) struct Failure {
    steps: Vec<Step>,
    what: String,
}

impl Failure {
    pub(super) fn message(mut self, root: ShapeId) -> String {
        self.steps.reverse();
        let mut path = SHAPES[usize::from(root)].name.to_string();
        for step in &self.steps {
            match step {
                Step::Member(m) => {
                    path.push('.');
                    path.push_str(m);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
                Step::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
            }
        }
        format!("Invalid request body at {path}: {}", self.what)
    }
}

/// The walk of one value against one shape; answers whether the value was present (not `null`).
pub(super) struct Walk<'f> {
    shape: ShapeId,
    /// Inside a [`JUDGED_PER_ITEM`] structure: JSON types only.
    per_item: bool,
    failure: &'f mut Option<Failure>,
}

impl<'f> Walk<'f> {
    /// The walk of a whole body of shape `root`.
    pub(super) fn root(root: ShapeId, failure: &'f mut Option<Failure>) -> Self {
        Walk {
            shape: root,
            per_item: false,
            failure,
        }
    }

    /// The walk of one value of shape `shape`, inside a per-item structure or not.
    pub(super) fn at(shape: ShapeId, per_item: bool, failure: &'f mut Option<Failure>) -> Self {
        Walk {
            shape,
            per_item,
            failure,
        }
    }

    fn kind(&self) -> Kind {
        SHAPES[usize::from(self.shape)].kind
    }

    /// Records a violation at this value and stops the walk.
    fn fail<E: de::Error>(self, what: String) -> Result<bool, E> {
        *self.failure = Some(Failure {
            steps: Vec::new(),
            what,
        });
        Err(E::custom("the request does not fit the model"))
    }

    /// The value is of the wrong JSON type.
    fn wrong<E: de::Error>(self) -> Result<bool, E> {
        let want = match self.kind() {
            Kind::String | Kind::Enum(_) | Kind::Blob => "a string",
            Kind::Timestamp(TimestampFormat::Iso8601) => "a date string",
            Kind::Timestamp(TimestampFormat::Unix) => "a number of seconds",
            Kind::Boolean => "a boolean",
            Kind::Integer | Kind::Long => "a whole number",
            Kind::Double => "a number",
            Kind::Structure(_) | Kind::Map(..) => "an object",
            Kind::List(_) => "a list",
        };
        self.fail(format!("expected {want}"))
    }

    fn number<E: de::Error>(self, whole: bool) -> Result<bool, E> {
        match self.kind() {
            Kind::Double | Kind::Timestamp(TimestampFormat::Unix) => Ok(true),
            Kind::Integer | Kind::Long if whole => Ok(true),
            _ => self.wrong(),
        }
    }
}

/// Records the step to a failed value on the way out of the walk.
fn step<'f, E>(
    failure: &'f mut Option<Failure>,
    step: impl FnOnce() -> Step + 'f,
) -> impl FnOnce(E) -> E + 'f {
    move |e| {
        if let Some(f) = failure.as_mut() {
            f.steps.push(step());
        }
        e
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value of the model's shape")
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        match self.kind() {
            Kind::Boolean => Ok(true),
            _ => self.wrong(),
        }
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        self.number(true)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        self.number(true)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.number(v.fract() == 0.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match self.kind() {
            Kind::String | Kind::Blob | Kind::Timestamp(TimestampFormat::Iso8601) => Ok(true),
            Kind::Enum(values) if self.per_item || values.contains(&v) => Ok(true),
            Kind::Enum(values) => self.fail(format!("{v:?} is not one of {}", values.join(", "))),
            _ => self.wrong(),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let Kind::List(member) = self.kind() else {
            return self.wrong();
        };
        let failure = self.failure;
        let mut i = 0;
        while seq
            .next_element_seed(Walk {
                shape: member,
                per_item: self.per_item,
                failure: &mut *failure,
            })
            .map_err(step(failure, || Step::Index(i)))?
            .is_some()
        {
            i += 1;
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        match self.kind() {
            Kind::Structure(members) => {
                let per_item = self.per_item || JUDGED_PER_ITEM.contains(&self.shape);
                structure(self.shape, members, per_item, self.failure, map)
            }
            Kind::Map(key, value) => map_of(key, value, self.per_item, self.failure, map),
            _ => self.wrong(),
        }
    }
}

/// The members of a structure, then its required members.
fn structure<'de, A: MapAccess<'de>>(
    shape: ShapeId,
    members: &'static [Member],
    per_item: bool,
    failure: &mut Option<Failure>,
    mut map: A,
) -> Result<bool, A::Error> {
    let mut present: u64 = 0;
    while let Some(found) = map.next_key_seed(MemberKey(members))? {
        let Some(i) = found else {
            map.next_value::<IgnoredAny>()?;
            continue;
        };
        let member = &members[i];
        let sent = map
            .next_value_seed(Walk {
                shape: member.shape,
                per_item,
                failure: &mut *failure,
            })
            .map_err(step(failure, || Step::Member(member.name)))?;
        if sent {
            present |= 1 << i;
        }
    }
    if per_item || REQUIRED_LEFT_TO_HANDLER.contains(&shape) {
        return Ok(true);
    }
    match members
        .iter()
        .enumerate()
        .find(|(i, m)| m.required && present & (1 << i) == 0)
    {
        None => Ok(true),
        Some((_, m)) => {
            *failure = Some(Failure {
                steps: vec![Step::Member(m.name)],
                what: "missing required member".to_string(),
            });
            Err(de::Error::custom("the request does not fit the model"))
        }
    }
}

/// The entries of a map: each key against the key shape, each value against the value shape.
fn map_of<'de, A: MapAccess<'de>>(
    key: ShapeId,
    value: ShapeId,
    per_item: bool,
    failure: &mut Option<Failure>,
    mut map: A,
) -> Result<bool, A::Error> {
    while let Some(k) = map.next_key_seed(MapKey)? {
        if let Kind::Enum(values) = SHAPES[usize::from(key)].kind {
            if !per_item && !values.contains(&k.as_ref()) {
                *failure = Some(Failure {
                    steps: Vec::new(),
                    what: format!("key {k:?} is not one of {}", values.join(", ")),
                });
                return Err(de::Error::custom("the request does not fit the model"));
            }
        }
        map.next_value_seed(Walk {
            shape: value,
            per_item,
            failure: &mut *failure,
        })
        .map_err(step(failure, || Step::Key(k.into_owned())))?;
    }
    Ok(true)
}

/// A structure's key: the index of the member it names (names are case-sensitive), if any.
struct MemberKey(&'static [Member]);

impl<'de> DeserializeSeed<'de> for MemberKey {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for MemberKey {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|m| m.name == v))
    }
}

/// A map's key, borrowed from the body unless it has escapes.
struct MapKey;

impl<'de> DeserializeSeed<'de> for MapKey {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MapKey {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}
