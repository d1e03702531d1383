//! Whistleblowing through the library: a case received with its
//! reporter's identity sealed to the receiver's public key (age, X25519)
//! before anything is stored, and unsealed only with the receiver's
//! private key and a reason, which the store's access log keeps.
//!
//! ```
//! use styring::whistleblowing::{keygen, seal, unseal, Identity};
//! let keys = keygen();
//! let sealed = seal(keys.public(), &Identity::new("Kari Nordmann", Some("kari@example.no"))).unwrap();
//! assert!(!String::from_utf8_lossy(sealed.ciphertext()).contains("Kari"));
//! let back = unseal(keys.secret_file(), "mottak.key", &sealed).unwrap();
//! assert_eq!((back.name(), back.contact()), ("Kari Nordmann", Some("kari@example.no")));
//! let other = keygen();
//! assert!(unseal(other.secret_file(), "annen.key", &sealed).is_err());
//! ```

use crate::{Error, Workspace};
use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};
use std::path::Path;
use styring_core::ids::UnitId;
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::register::{Channel, SealedIdentity, WhistleCase};
use styring_core::store::Store;
use styring_core::text::Text;
use styring_core::{Lang, Localized, Model};

/// A reporter's identity in the clear. It has no `Debug`, `Display` or
/// serde on purpose: it can only be read field by field, where it is to
/// be shown.
pub struct Identity {
    name: String,
    contact: Option<String>,
}

impl Identity {
    /// A reporter's name and, if given, how to reach them.
    pub fn new(name: &str, contact: Option<&str>) -> Identity {
        Identity {
            name: name.trim().to_string(),
            contact: contact
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        }
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How to reach them.
    pub fn contact(&self) -> Option<&str> {
        self.contact.as_deref()
    }
}

/// A receiver's new key pair. No `Debug` either: the secret half goes
/// only into its file.
pub struct KeyPair {
    secret: String,
    public: String,
}

impl KeyPair {
    /// The public key, for the model's `[whistleblowing] recipient`.
    pub fn public(&self) -> &str {
        &self.public
    }

    /// The key file's text (age's identity file: two comments and the
    /// secret key).
    pub fn secret_file(&self) -> &str {
        &self.secret
    }
}

/// Makes a receiver's key pair.
pub fn keygen() -> KeyPair {
    let id = age::x25519::Identity::generate();
    let public = id.to_public().to_string();
    let secret = format!(
        "# Styring: mottakets private nøkkel for varslingssaker. Hold den hemmelig.\n# public key: {public}\n{}\n",
        id.to_string().expose_secret()
    );
    KeyPair { secret, public }
}

fn problem(at: &str, kind: ProblemKind, t: Text) -> Error {
    let mut p = Problems::default();
    p.add_kind(kind, Location::entry(at), t.nb, t.en);
    Error::Core(styring_core::Error::Register(p))
}

/// Seals `identity` to the public key `recipient`.
///
/// # Errors
/// [`styring_core::Error::Register`] when `recipient` is not an age
/// public key.
pub fn seal(recipient: &str, identity: &Identity) -> Result<SealedIdentity, Error> {
    let bad = || {
        problem(
            "[whistleblowing] recipient",
            ProblemKind::Invalid,
            Text::new(
                "modellens offentlige nøkkel for varsling er ikke gyldig; lag et nøkkelpar med `styring whistleblowing keygen --out mottak.key`",
                "the model's public key for whistleblowing is not valid; make a key pair with `styring whistleblowing keygen --out mottak.key`",
            ),
        )
    };
    let to: age::x25519::Recipient = recipient.trim().parse().map_err(|_| bad())?;
    let plain =
        serde_json::json!({ "name": identity.name, "contact": identity.contact }).to_string();
    age::encrypt(&to, plain.as_bytes())
        .map(SealedIdentity::from_ciphertext)
        .map_err(|_| bad())
}

/// Unseals `sealed` with the private key in `key_file` (its text; `file`
/// names it in messages).
///
/// # Errors
/// [`styring_core::Error::Register`] when the text holds no age private
/// key, or the key is not the one the identity was sealed to.
pub fn unseal(key_file: &str, file: &str, sealed: &SealedIdentity) -> Result<Identity, Error> {
    let key = key_file
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .and_then(|l| l.parse::<age::x25519::Identity>().ok())
        .ok_or_else(|| {
            problem(
                "--key",
                ProblemKind::Invalid,
                Text::new(
                    format!("{file} har ingen privat age-nøkkel; bruk filen `styring whistleblowing keygen` skrev"),
                    format!("{file} holds no age private key; use the file `styring whistleblowing keygen` wrote"),
                ),
            )
        })?;
    let wrong = || {
        problem(
            "--key",
            ProblemKind::Invalid,
            Text::new(
                format!(
                    "nøkkelen i {file} passer ikke til denne saken; bruk mottakets private nøkkel"
                ),
                format!("the key in {file} does not fit this case; use the receiver's private key"),
            ),
        )
    };
    let plain = age::decrypt(&key, sealed.ciphertext()).map_err(|_| wrong())?;
    let v: serde_json::Value = serde_json::from_slice(&plain).map_err(|_| wrong())?;
    let name = v
        .get("name")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let contact = v.get("contact").and_then(serde_json::Value::as_str);
    Ok(Identity::new(name, contact))
}

/// What a receiver gives to register a case.
pub struct CaseInput {
    /// Its id; by default the next free `VS-n`.
    pub id: Option<String>,
    /// How it came in.
    pub channel: Channel,
    /// The unit concerned (id or name), if any.
    pub unit: Option<String>,
    /// What it is about.
    pub subject: String,
    /// What was reported.
    pub description: String,
    /// Who handles it.
    pub handler: Option<String>,
    /// The reporter, unless anonymous.
    pub reporter: Option<Identity>,
}

/// Registers a case received at `now` by the store's actor, the reporter's
/// identity sealed to the model's receiver first.
///
/// # Errors
/// Every problem with what was given, each at its option: an unknown unit,
/// an empty subject or description, a reporter's identity when the model
/// has no `[whistleblowing] recipient`, a bad handler name; the store's
/// errors.
pub fn add_case(
    model: &Model,
    store: &mut Store,
    input: CaseInput,
    now: DateTime<Utc>,
) -> Result<WhistleCase, Error> {
    let mut problems = Problems::default();
    let unit: Option<UnitId> = match &input.unit {
        None => None,
        Some(u) => match model.resolve_unit(u) {
            Ok(u) => Some(u.id.clone()),
            Err(e) => {
                problems.add_kind(
                    ProblemKind::UnknownUnit,
                    Location::entry("--unit"),
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        },
    };
    let handler = match &input.handler {
        None => None,
        Some(h) => match styring_core::actor::Actor::new(h) {
            Ok(a) => Some(a),
            Err(e) => {
                problems.add_kind(
                    ProblemKind::BadName,
                    Location::entry("--handler"),
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        },
    };
    let sealed = match (&input.reporter, model.whistleblowing().recipient.as_deref()) {
        (None, _) => None,
        (Some(r), _) if r.name().is_empty() => {
            problems.add_kind(
                ProblemKind::Missing,
                Location::entry("--reporter-name"),
                "navnet er tomt; utelat --reporter-name for et anonymt varsel",
                "the name is empty; leave out --reporter-name for an anonymous report",
            );
            None
        }
        (Some(_), None) => {
            problems.add_kind(
                ProblemKind::Missing,
                Location::entry("[whistleblowing] recipient"),
                "modellen har ingen offentlig nøkkel for varsling, så identiteten kan ikke forsegles; lag et nøkkelpar med `styring whistleblowing keygen --out mottak.key` og sett recipient i [whistleblowing]",
                "the model has no public key for whistleblowing, so the identity cannot be sealed; make a key pair with `styring whistleblowing keygen --out mottak.key` and set recipient in [whistleblowing]",
            );
            None
        }
        (Some(r), Some(key)) => match seal(key, r) {
            Ok(s) => Some(s),
            Err(Error::Core(styring_core::Error::Register(p))) => {
                problems.0.extend(p.0);
                None
            }
            Err(e) => return Err(e),
        },
    };
    let id = match &input.id {
        Some(id) => id.trim().to_string(),
        None => {
            let taken: Vec<String> = store.cases()?.into_iter().map(|c| c.id).collect();
            (taken.len() + 1..)
                .map(|n| format!("VS-{n}"))
                .find(|c| !taken.contains(c))
                .unwrap_or_default()
        }
    };
    let case = WhistleCase::receive(
        &id,
        input.channel,
        now,
        &input.subject,
        &input.description,
        unit,
        sealed,
        store.actor(),
    );
    let mut case = match case {
        Ok(c) if problems.is_empty() => c,
        Ok(_) => return Err(Error::Core(styring_core::Error::Register(problems))),
        Err(t) => {
            problems.add_kind(
                ProblemKind::Missing,
                Location::entry("varslingssak"),
                t.nb,
                t.en,
            );
            return Err(Error::Core(styring_core::Error::Register(problems)));
        }
    };
    case.handler = handler;
    store.add_case(&case)?;
    Ok(case)
}

impl Workspace {
    /// See [`add_case`].
    ///
    /// # Errors
    /// As [`add_case`].
    pub fn add_case(&mut self, input: CaseInput, now: DateTime<Utc>) -> Result<WhistleCase, Error> {
        let (model, store) = self.parts_mut();
        add_case(model, store, input, now)
    }

    /// Unseals case `id`'s reporter with the private key in `key` for
    /// `reason`, recording the unsealing (who, when, why) in the access
    /// log before the identity is given.
    ///
    /// # Errors
    /// An unknown or anonymous case, no reason, a key file that cannot be
    /// read or does not fit; the store's errors.
    pub fn unseal(
        &mut self,
        id: &str,
        key: &Path,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Identity, Error> {
        let case = self.store().case(id)?;
        let refused = |t| problem(&format!("varslingssak {id}"), ProblemKind::NotApplicable, t);
        case.may_unseal(reason).map_err(refused)?;
        // (`may_unseal` refuses an anonymous case.)
        let sealed = case
            .sealed
            .ok_or_else(|| refused(Text::new("anonym", "anonymous")))?;
        let file = key.display().to_string();
        let text = std::fs::read_to_string(key).map_err(|e| {
            problem(
                "--key",
                ProblemKind::Missing,
                Text::new(
                    format!("{file} kan ikke leses ({e})"),
                    format!("{file} cannot be read ({e})"),
                ),
            )
        })?;
        let identity = unseal(&text, &file, &sealed)?;
        self.store_mut().record_unsealing(id, reason, now)?;
        Ok(identity)
    }
}
