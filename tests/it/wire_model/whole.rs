//! The module of readers for integer members that the generated `src/model.rs` carries.

/// The readers of integer members, written into the generated file.
pub(super) const WHOLE: &str = r#"/// Integer members: a whole number, also when written with a fraction (`5.0`); anything else is
/// serde's own error for the type.
mod whole {
    use serde::de::{Deserializer, Error, Unexpected, Visitor};

    struct Whole(&'static str);

    impl Visitor<'_> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
            // ±2^63: the doubles that are whole numbers of an i64.
            if v.fract() == 0.0 && v.abs() < 9.223_372_036_854_776e18 {
                Ok(v as i64)
            } else {
                Err(E::invalid_type(Unexpected::Float(v), &self))
            }
        }
    }

    /// `null` as absent, anything else a whole number.
    struct Maybe(&'static str);

    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_none<E: Error>(self) -> Result<Option<i64>, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Option<i64>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
            d.deserialize_i64(Whole(self.0)).map(Some)
        }
    }

    pub fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
        match d.deserialize_option(Maybe("i32"))? {
            None => Ok(None),
            Some(v) => i32::try_from(v)
                .map(Some)
                .map_err(|_| D::Error::invalid_value(Unexpected::Signed(v), &"i32")),
        }
    }
}
"#;
