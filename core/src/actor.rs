//! Who did something: the actor recorded on every batch, lock and event.
//!
//! An actor is a short name (a user name, an e-mail address, `rådmannen`),
//! taken from `--actor`, else the `STYRING_ACTOR` variable, else the
//! operating system's user.
//!
//! ```
//! use styring_core::actor::Actor;
//! let a = Actor::new(" kari.nordmann ").unwrap();
//! assert_eq!(a.as_str(), "kari.nordmann");
//! assert!(Actor::new("").is_err());
//! assert!(Actor::new("a\nb").is_err());
//! assert_eq!(Actor::resolve(Some("per")).unwrap().as_str(), "per");
//! ```

use crate::lang::Lang;
use crate::text::Localized;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest actor name, in characters.
pub const MAX_LEN: usize = 200;

/// A validated actor name: trimmed, not empty, at most [`MAX_LEN`]
/// characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Actor(String);

/// A text that cannot be an actor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.en())]
pub struct ActorError {
    /// The text given.
    pub text: String,
}

impl ActorError {
    /// The Norwegian message.
    fn nb(&self) -> String {
        format!(
            "«{}» kan ikke være en aktør (et navn på 1–{MAX_LEN} tegn uten linjeskift)",
            self.text.escape_debug()
        )
    }

    /// The English message.
    fn en(&self) -> String {
        format!(
            "\"{}\" cannot be an actor (a name of 1–{MAX_LEN} characters without line breaks)",
            self.text.escape_debug()
        )
    }
}

impl Actor {
    /// Checks `name`.
    ///
    /// # Errors
    /// [`ActorError`] when it is empty, too long or holds control characters.
    pub fn new(name: &str) -> Result<Actor, ActorError> {
        let t = name.trim();
        if t.is_empty() || t.chars().count() > MAX_LEN || t.chars().any(char::is_control) {
            return Err(ActorError {
                text: name.to_string(),
            });
        }
        Ok(Actor(t.to_string()))
    }

    /// The actor given, else `STYRING_ACTOR`, else the operating system's
    /// user (`USER`, `USERNAME` or `LOGNAME`), else `ukjent`.
    ///
    /// # Errors
    /// [`ActorError`] when the given name (or `STYRING_ACTOR`) is not a
    /// valid actor; an unusable OS user name falls back to `ukjent`.
    pub fn resolve(given: Option<&str>) -> Result<Actor, ActorError> {
        if let Some(g) = given {
            return Actor::new(g);
        }
        if let Ok(v) = std::env::var("STYRING_ACTOR") {
            return Actor::new(&v);
        }
        Ok(Actor::os_user())
    }

    /// The operating system's user, or `ukjent`.
    pub fn os_user() -> Actor {
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find_map(|v| Actor::new(&v).ok())
            .unwrap_or_else(|| Actor("ukjent".to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Actor {
    type Error = ActorError;
    fn try_from(s: String) -> Result<Actor, ActorError> {
        Actor::new(&s)
    }
}

impl From<Actor> for String {
    fn from(a: Actor) -> String {
        a.0
    }
}

impl std::str::FromStr for Actor {
    type Err = ActorError;
    fn from_str(s: &str) -> Result<Actor, ActorError> {
        Actor::new(s)
    }
}

impl Localized for ActorError {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.en(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_actors_are_named_in_the_message() {
        let e = Actor::new("ola\tnordmann").unwrap_err();
        assert_eq!(
            e.render(Lang::Nb),
            "«ola\\tnordmann» kan ikke være en aktør (et navn på 1–200 tegn uten linjeskift)"
        );
        assert!(Actor::new(&"x".repeat(201)).is_err());
        assert!(Actor::new(&"æ".repeat(200)).is_ok());
    }

    #[test]
    fn serde_goes_through_the_check() {
        let a: Actor = serde_json::from_str("\"kari\"").unwrap();
        assert_eq!(a.as_str(), "kari");
        assert!(serde_json::from_str::<Actor>("\"  \"").is_err());
    }
}
