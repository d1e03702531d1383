//! A dataset with its computed indicators filled in: the only kind of
//! dataset scorecards, overviews, goals and workbooks accept, so that no
//! caller can forget the step.
//!
//! ```
//! use styring_core::{complete::Complete, example, Model};
//! let model = Model::example();
//! // Without a script engine the computed indicators stay empty; with
//! // one (styring-scripts' `ScriptRules`) they are computed.
//! let data = Complete::new(&model, example::sample_dataset(&model), None);
//! assert!(data.len() > 0);
//! ```

use crate::model::Model;
use crate::observation::Dataset;
use crate::rule::CustomRules;

/// A [`Dataset`] whose computed indicators have been computed (by the
/// engine given to [`Complete::new`]).
#[derive(Debug, Clone)]
pub struct Complete {
    data: Dataset,
}

impl Complete {
    /// Fills `data`'s computed indicators with `engine`. With no engine (a
    /// model without scripts, or a test) they stay empty.
    pub fn new(model: &Model, mut data: Dataset, engine: Option<&dyn CustomRules>) -> Complete {
        if let Some(e) = engine {
            e.compute(model, &mut data);
        }
        Complete { data }
    }

    /// The values.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The values, to change them (they must then be completed again).
    pub fn into_dataset(self) -> Dataset {
        self.data
    }
}

impl std::ops::Deref for Complete {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.data
    }
}
