//! Resolving what people type for a unit or a scope: one policy for the
//! command line, Python, templates and imports.
//!
//! A scope is the whole municipality (`all`, `alle`, `kommune`, `kommunen`
//! or the municipality's id), a sector or a unit, by id or by name; case
//! and surrounding space do not matter. An unknown text gets a «mente du»
//! suggestion from the ids and names.
//!
//! ```
//! use styring_core::Localized;
//! use styring_core::{Model, unit::Scope, Lang};
//! let m = Model::example();
//! assert_eq!(m.resolve_scope("Kommunen").unwrap(), Scope::Municipality);
//! assert_eq!(m.resolve_scope(m.municipality_id().as_str()).unwrap(), Scope::Municipality);
//! assert_eq!(m.resolve_scope("aurvoll skole").unwrap(), Scope::unit("aurvoll").unwrap());
//! assert_eq!(m.resolve_scope("Oppvekst").unwrap(), Scope::unit("oppvekst").unwrap());
//! let e = m.resolve_scope("aurvol").unwrap_err();
//! assert_eq!(e.render(Lang::Nb), "ukjent enhet «aurvol» — mente du «aurvoll»?");
//! ```

use super::Model;
use crate::error::Error;
use crate::unit::{Scope, Unit};

impl Model {
    /// The scope `text` names.
    ///
    /// # Errors
    /// [`Error::UnknownUnit`] with a suggestion when no unit, sector or
    /// municipality has that id or name.
    pub fn resolve_scope(&self, text: &str) -> Result<Scope, Error> {
        let t = text.trim();
        if Scope::MUNICIPALITY_WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(t))
            || t.eq_ignore_ascii_case(self.municipality_id().as_str())
            || t.to_lowercase() == self.municipality_name().to_lowercase()
        {
            return Ok(Scope::Municipality);
        }
        self.resolve_unit(text).map(|u| Scope::Unit(u.id.clone()))
    }

    /// The unit or sector `text` names, by id or by name.
    ///
    /// # Errors
    /// [`Error::UnknownUnit`] with a suggestion.
    pub fn resolve_unit(&self, text: &str) -> Result<&Unit, Error> {
        let t = text.trim();
        if let Some(u) = self.unit(t) {
            return Ok(u);
        }
        let low = t.to_lowercase();
        self.units()
            .iter()
            .find(|u| u.id.as_str().to_lowercase() == low || u.name.to_lowercase() == low)
            .ok_or_else(|| Error::UnknownUnit {
                unit: t.to_string(),
                suggestion: crate::problem::suggest(
                    t,
                    self.units()
                        .iter()
                        .flat_map(|u| [u.id.as_str(), u.name.as_str()]),
                ),
            })
    }

    /// The service unit (not a sector) `text` names: templates and imports
    /// are for units that report.
    ///
    /// # Errors
    /// [`Error::UnknownUnit`], or [`Error::NotAServiceUnit`] for a sector.
    pub fn resolve_service_unit(&self, text: &str) -> Result<&Unit, Error> {
        let u = self.resolve_unit(text)?;
        if self.is_sector(u.id.as_str()) {
            return Err(Error::NotAServiceUnit {
                unit: u.id.to_string(),
                name: u.name.clone(),
            });
        }
        Ok(u)
    }
}

#[cfg(test)]
mod tests {
    use crate::text::Localized;
    use crate::{Lang, Model};

    #[test]
    fn a_sector_is_not_a_service_unit() {
        let m = Model::example();
        let e = m.resolve_service_unit("oppvekst").unwrap_err();
        assert_eq!(
            e.render(Lang::Nb),
            "«oppvekst» (Oppvekst) er en sektor; velg en av tjenesteenhetene i den"
        );
        assert_eq!(
            m.resolve_service_unit(" AURVOLL ").unwrap().id.as_str(),
            "aurvoll"
        );
    }

    #[test]
    fn a_misspelt_name_suggests_the_name() {
        let m = Model::example();
        let e = m.resolve_scope("Aurvol skole").unwrap_err();
        assert_eq!(
            e.render(Lang::Nb),
            "ukjent enhet «Aurvol skole» — mente du «Aurvoll skole»?"
        );
    }
}
