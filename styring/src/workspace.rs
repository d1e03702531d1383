//! The workspace: an engine, its store and the as-of time, opened once.

use crate::engine::{CardOptions, Engine};
use crate::Error;
use std::path::Path;
use styring_core::asof::AsOf;
use styring_core::complete::Complete;
use styring_core::store::{OpenOptions, Store};

/// A model (with its scripts compiled), the store its values live in, and
/// the time the numbers are read as of.
///
/// ```
/// use styring::{AsOf, Localized, Workspace};
/// let mut ws = Workspace::example().unwrap();
/// let data = ws.data().unwrap();
/// let scope = ws.model().resolve_scope("Aurvoll skole").unwrap();
/// let card = ws.engine().scorecard(&data, &scope, "2025-T2".parse().unwrap(), &Default::default()).unwrap();
/// assert_eq!(card.scope_name, "Aurvoll skole");
/// ws.set_as_of(AsOf::Reported("2025-T1".parse().unwrap()));
/// assert!(ws.data().is_ok(), "the example reported 2025-T1");
/// ws.set_as_of(AsOf::Reported("2030-T1".parse().unwrap()));
/// let e = ws.data().unwrap_err();
/// assert_eq!(e.render(styring::Lang::Nb), "perioden 2030-T1 er aldri låst som rapportert");
/// ```
#[derive(Debug)]
pub struct Workspace {
    engine: Engine,
    store: Store,
    as_of: AsOf,
}

impl Workspace {
    /// Opens the model at `model` and the store at `store`. A missing store
    /// is created only when `create_store` is set (imports create one;
    /// reading commands should not).
    ///
    /// # Errors
    /// [`Error::NoModel`], [`Error::NoStore`], the model's, scripts' and
    /// store's errors.
    pub fn open(
        model: &Path,
        store: &Path,
        opts: &OpenOptions,
        create_store: bool,
    ) -> Result<Workspace, Error> {
        let engine = Engine::load(model)?;
        if !create_store && !store.exists() {
            return Err(Error::NoStore {
                path: store.display().to_string(),
            });
        }
        let store = Store::open_with(store, opts)?;
        Ok(Workspace {
            engine,
            store,
            as_of: AsOf::Now,
        })
    }

    /// A workspace of `engine` and `store`.
    pub fn new(engine: Engine, store: Store) -> Workspace {
        Workspace {
            engine,
            store,
            as_of: AsOf::Now,
        }
    }

    /// The Øyer kommune example, with its sample data in a store in memory.
    ///
    /// # Errors
    /// None in practice.
    pub fn example() -> Result<Workspace, Error> {
        let engine = Engine::example()?;
        let store = crate::example_store(engine.model())?;
        Ok(Workspace::new(engine, store))
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The model.
    pub fn model(&self) -> &styring_core::Model {
        self.engine.model()
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to write to.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The model and the store, the store to write to.
    pub fn parts_mut(&mut self) -> (&styring_core::Model, &mut Store) {
        (self.engine.model(), &mut self.store)
    }

    /// The time the numbers are read as of.
    pub fn as_of(&self) -> &AsOf {
        &self.as_of
    }

    /// Reads the numbers as of `as_of` from now on.
    pub fn set_as_of(&mut self, as_of: AsOf) {
        self.as_of = as_of;
    }

    /// The store's values as of the workspace's time, with the computed
    /// indicators filled in.
    ///
    /// # Errors
    /// The store's errors.
    pub fn data(&self) -> Result<Complete, Error> {
        self.engine.data(&self.store, &self.as_of)
    }

    /// The scorecard of the scope `text` names (an id, a name, `all`) for
    /// `period`.
    ///
    /// # Errors
    /// An unknown scope; the store's errors.
    pub fn scorecard(
        &self,
        scope: &str,
        period: styring_core::Period,
        card: &CardOptions,
    ) -> Result<styring_core::scorecard::Scorecard, Error> {
        let scope = self.model().resolve_scope(scope)?;
        self.engine.scorecard(&self.data()?, &scope, period, card)
    }
}
