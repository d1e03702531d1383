//! Identifiers: validated once where they enter, trusted after.
//!
//! * [`IndicatorCode`] — `M.1.5`, `T.2.1`, `OK.1`: letters, digits, dots,
//!   dashes and underscores, starting with a letter or digit.
//! * [`UnitId`], [`PerspectiveId`], [`FocusAreaId`], [`GoalId`],
//!   [`UnitKind`] — short slugs.
//!
//! ```
//! use styring_core::ids::{IndicatorCode, UnitId};
//! let code: IndicatorCode = "M.1.5".parse().unwrap();
//! assert_eq!(code.as_str(), "M.1.5");
//! assert!("Aurvoll skole".parse::<UnitId>().is_err());
//! assert_eq!("aurvoll".parse::<UnitId>().unwrap().to_string(), "aurvoll");
//! ```

use crate::lang::Lang;
use crate::text::Localized;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// Why a text is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("«{text}» is not a valid {what}: {why}")]
pub struct IdError {
    /// The rejected text.
    pub text: String,
    /// What kind of identifier was expected (`unit id`, `indicator code` …).
    pub what: &'static str,
    /// What is wrong with it.
    pub why: &'static str,
}

impl IdError {
    /// The message in Norwegian bokmål.
    fn nb(&self) -> String {
        let what = match self.what {
            "indicator code" => "indikatorkode",
            "unit id" => "enhets-id",
            "unit kind" => "enhetstype",
            "perspective id" => "perspektiv-id",
            "focus area id" => "fokusområde-id",
            "goal id" => "mål-id",
            other => other,
        };
        let why = match self.why {
            SLUG_WHY => "bruk små bokstaver a–z, sifre, - og _ (maks 40 tegn), og start med en bokstav",
            CODE_WHY => "bruk bokstaver, sifre, punktum, - og _ (maks 40 tegn), og start med en bokstav eller et siffer",
            other => other,
        };
        format!("«{}» er ikke en gyldig {what}: {why}", self.text)
    }
}

const SLUG_WHY: &str =
    "use lower-case a–z, digits, - and _ (at most 40 characters), starting with a letter";
const CODE_WHY: &str =
    "use letters, digits, dots, - and _ (at most 40 characters), starting with a letter or digit";

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.as_bytes()[0].is_ascii_lowercase()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.as_bytes()[0].is_ascii_alphanumeric()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $check:ident, $why:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Validates and wraps `text`.
            ///
            /// # Errors
            /// [`IdError`] when the text has the wrong shape.
            pub fn new(text: &str) -> Result<Self, IdError> {
                if $check(text) {
                    Ok(Self(Arc::from(text)))
                } else {
                    Err(IdError { text: text.to_string(), what: $what, why: $why })
                }
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// An indicator's code, e.g. `M.1.5`.
    IndicatorCode, "indicator code", is_code, CODE_WHY
);
id_type!(
    /// A unit's id: a short lower-case slug such as `aurvoll`.
    UnitId, "unit id", is_slug, SLUG_WHY
);
id_type!(
    /// A perspective's id, e.g. `okonomi`.
    PerspectiveId, "perspective id", is_code, CODE_WHY
);
id_type!(
    /// A focus area's id, e.g. `M.1`.
    FocusAreaId, "focus area id", is_code, CODE_WHY
);
id_type!(
    /// A goal's id in the goal tree, e.g. `KP.1`.
    GoalId, "goal id", is_code, CODE_WHY
);
id_type!(
    /// A unit's kind (`skole`, `barnehage`, `sektor` …), used to say which
    /// indicators apply to which units.
    UnitKind, "unit kind", is_slug, SLUG_WHY
);

impl Localized for IdError {
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

    #[test]
    fn codes_and_slugs() {
        assert!(IndicatorCode::new("M.1.5").is_ok());
        assert!(IndicatorCode::new("5.2").is_ok());
        assert!(IndicatorCode::new(".5").is_err());
        assert!(IndicatorCode::new("M 1").is_err());
        assert!(IndicatorCode::new("").is_err());
        assert!(UnitId::new("hjemmebaserte").is_ok());
        assert!(UnitId::new("Aurvoll").is_err());
        assert!(UnitId::new("1skole").is_err());
        assert!(UnitId::new(&"a".repeat(41)).is_err());
    }

    #[test]
    fn error_messages() {
        let e = UnitId::new("Aurvoll skole").unwrap_err();
        assert_eq!(
            e.to_string(),
            "«Aurvoll skole» is not a valid unit id: use lower-case a–z, digits, - and _ (at most 40 characters), starting with a letter"
        );
        assert_eq!(
            e.render(Lang::Nb),
            "«Aurvoll skole» er ikke en gyldig enhets-id: bruk små bokstaver a–z, sifre, - og _ (maks 40 tegn), og start med en bokstav"
        );
    }

    #[test]
    fn serde_validates() {
        let ok: UnitId = serde_json::from_str("\"solvang\"").unwrap();
        assert_eq!(ok.as_str(), "solvang");
        assert!(serde_json::from_str::<UnitId>("\"Solvang\"").is_err());
    }
}
