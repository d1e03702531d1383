//! Closed sets with a text form: one definition gives each enum its key,
//! its parsing (the key and its aliases, ignoring case), `Display`, serde
//! through the same text, and the list of all its values.
//!
//! ```
//! use styring_core::store::EntityKind;
//! use styring_core::keyword::Keyword;
//! assert_eq!(EntityKind::Deviation.to_string(), "deviation");
//! assert_eq!("Avvik".parse::<EntityKind>(), Ok(EntityKind::Deviation));
//! assert!(EntityKind::ALL.contains(&EntityKind::Plan));
//! let e = "x".parse::<EntityKind>().unwrap_err();
//! assert_eq!(e.to_string(), "unknown value \"x\" (use one of: period, batch, plan, deviation, whistleblowing, benefit, forecast, kostra)");
//! ```

use crate::lang::Lang;
use crate::text::Localized;
use std::fmt;

/// What every keyword enum can do.
pub trait Keyword: Sized + Copy + 'static {
    /// Every value, in definition order.
    const ALL: &'static [Self];
    /// The canonical text.
    fn key(self) -> &'static str;
    /// Other texts that parse to this value.
    fn aliases(self) -> &'static [&'static str];
}

/// A text that is none of an enum's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordError {
    /// The text given.
    pub text: String,
    /// The keys that would have been accepted.
    pub expected: Vec<&'static str>,
}

impl KeywordError {
    /// The Norwegian message.
    fn nb(&self) -> String {
        format!(
            "ukjent verdi «{}» (bruk en av: {})",
            self.text,
            self.expected.join(", ")
        )
    }
}

impl fmt::Display for KeywordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown value \"{}\" (use one of: {})",
            self.text,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for KeywordError {}

/// Parses `text` as one of `K`'s keys or aliases, ignoring case and
/// surrounding space.
///
/// # Errors
/// [`KeywordError`] listing the keys.
pub fn parse<K: Keyword>(text: &str) -> Result<K, KeywordError> {
    let t = text.trim();
    let lower = t.to_lowercase();
    K::ALL
        .iter()
        .copied()
        .find(|k| {
            // Keys and aliases alike, in any case (also «HØY»).
            k.key().eq_ignore_ascii_case(t)
                || k.key().to_lowercase() == lower
                || k.aliases().iter().any(|a| a.to_lowercase() == lower)
        })
        .ok_or_else(|| KeywordError {
            text: text.to_string(),
            expected: K::ALL.iter().map(|k| k.key()).collect(),
        })
}

/// Defines a keyword enum: `Variant = "key" | "alias" …`.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $crate::keyword::Keyword for $name {
            const ALL: &'static [$name] = &[$($name::$variant),+];
            fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),*]),+ }
            }
        }

        impl $name {
            /// Every value, in definition order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical text.
            pub fn key(self) -> &'static str {
                $crate::keyword::Keyword::key(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.key())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::keyword::KeywordError;
            fn from_str(s: &str) -> Result<$name, $crate::keyword::KeywordError> {
                $crate::keyword::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use keyword_enum;

/// Checks the round trip of every value of `K`: key → parse → the same
/// value, every alias too, serde through the key. For the property test
/// over every keyword enum.
pub fn round_trips<K>() -> bool
where
    K: Keyword + PartialEq + fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    K::ALL.iter().all(|&k| {
        let json = serde_json::to_string(&k).ok();
        parse::<K>(k.key()) == Ok(k)
            && parse::<K>(&k.key().to_uppercase()) == Ok(k)
            && k.aliases().iter().all(|a| parse::<K>(a) == Ok(k))
            && json.as_deref() == Some(&format!("\"{}\"", k.key()))
            && serde_json::from_str::<K>(&format!("\"{}\"", k.key())).ok() == Some(k)
    })
}

impl Localized for KeywordError {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::GoalLevel;
    use crate::indicator::{Direction, MeasureKind, TimeAggregation};
    use crate::period::Frequency;
    use crate::problem::ProblemKind;
    use crate::register::{
        BenefitKind, BenefitStatus, DeviationState, MeasureState, NotificationDuty, RiskLevel,
    };
    use crate::status::Status;
    use crate::store::EntityKind;
    use proptest::prelude::*;

    /// Every keyword enum of the crate, by its parser: `Some(key)` when the
    /// text parses, for the property below.
    fn parse_all(text: &str) -> Vec<Option<&'static str>> {
        fn one<K: Keyword>(t: &str) -> Option<&'static str> {
            parse::<K>(t).ok().map(|k| k.key())
        }
        vec![
            one::<Status>(text),
            one::<MeasureKind>(text),
            one::<Direction>(text),
            one::<TimeAggregation>(text),
            one::<GoalLevel>(text),
            one::<Frequency>(text),
            one::<EntityKind>(text),
            one::<ProblemKind>(text),
            one::<DeviationState>(text),
            one::<MeasureState>(text),
            one::<RiskLevel>(text),
            one::<NotificationDuty>(text),
            one::<BenefitKind>(text),
            one::<BenefitStatus>(text),
        ]
    }

    #[test]
    fn every_keyword_enum_round_trips_through_its_text() {
        assert!(round_trips::<Status>());
        assert!(round_trips::<MeasureKind>());
        assert!(round_trips::<Direction>());
        assert!(round_trips::<TimeAggregation>());
        assert!(round_trips::<GoalLevel>());
        assert!(round_trips::<Frequency>());
        assert!(round_trips::<EntityKind>());
        assert!(round_trips::<ProblemKind>());
        // The order of ALL is the order of definition (Frequency orders
        // finest first, statuses in display order).
        assert_eq!(
            Frequency::ALL,
            [Frequency::Month, Frequency::Tertial, Frequency::Year]
        );
        assert_eq!(Status::ALL[3].key(), "no_data");
        assert_eq!(
            "Økonomiplan".parse::<GoalLevel>(),
            Ok(GoalLevel::Okonomiplan)
        );
    }

    proptest! {
        #[test]
        fn any_text_parses_to_a_value_whose_key_parses_back(t in "\\PC{0,20}") {
            for key in parse_all(&t).into_iter().flatten() {
                prop_assert!(parse_all(key).contains(&Some(key)));
            }
        }
    }
}
