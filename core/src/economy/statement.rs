//! The budget statement for operations with its sums computed: what the
//! council adopts, and what the balance check reads.

use super::line::{Line, Part};
use super::plan::YearBudget;

/// One year's statement: the typed lines summed as § 5-4 sums them. Signs
/// are the statement's: income negative, so a negative net operating
/// result is a surplus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Statement {
    /// Sum generelle driftsinntekter (negative).
    pub general_income: f64,
    /// Sum bevilgninger drift, netto: the budget areas' frames plus any
    /// unspecified saving.
    pub appropriations: f64,
    /// Of which an unspecified saving (negative or zero).
    pub unspecified_saving: f64,
    /// Avskrivninger.
    pub depreciation: f64,
    /// Sum netto driftsutgifter: appropriations and depreciation.
    pub net_expenses: f64,
    /// Brutto driftsresultat: general income and net expenses.
    pub gross_result: f64,
    /// Netto finansutgifter.
    pub net_finance: f64,
    /// Motpost avskrivninger.
    pub counter_depreciation: f64,
    /// Netto driftsresultat (negative: a surplus).
    pub net_result: f64,
    /// Sum disponeringer eller dekning av netto driftsresultat.
    pub dispositions: f64,
    /// Fremført til inndekning i senere år: the net result and its
    /// dispositions together. Positive is a deficit carried forward
    /// (merforbruk), negative a surplus left undisposed; a balanced year
    /// has zero.
    pub carried_forward: f64,
}

impl Statement {
    /// The statement of one year.
    ///
    /// A small year worked out by hand: income −100, frames 90 and an
    /// unspecified saving −2 (appropriations 88), depreciation 5, interest
    /// 3, instalments 4 (net finance 7), counter-entry −5: the net result is
    /// −100 + 88 + 5 + 7 − 5 = −5, a surplus of 5; 5 set aside in the
    /// disposition fund leaves nothing to carry forward.
    ///
    /// ```
    /// use styring_core::economy::{Line, Statement, YearBudget};
    /// use styring_core::ids::UnitId;
    /// let mut y = YearBudget::default();
    /// y.lines.insert(Line::Rammetilskudd, -60.0);
    /// y.lines.insert(Line::Skatt, -40.0);
    /// y.areas.insert(UnitId::new("oppvekst").unwrap(), 90.0);
    /// y.lines.insert(Line::UspesifisertInnsparing, -2.0);
    /// y.lines.insert(Line::Avskrivninger, 5.0);
    /// y.lines.insert(Line::Renteutgifter, 3.0);
    /// y.lines.insert(Line::Avdrag, 4.0);
    /// y.lines.insert(Line::MotpostAvskrivninger, -5.0);
    /// y.lines.insert(Line::AvsetningDisposisjonsfond, 5.0);
    /// let s = Statement::of(&y);
    /// assert_eq!((s.general_income, s.appropriations, s.net_finance), (-100.0, 88.0, 7.0));
    /// assert_eq!((s.gross_result, s.net_result, s.carried_forward), (-7.0, -5.0, 0.0));
    /// ```
    pub fn of(y: &YearBudget) -> Statement {
        let sum_part = |p: Part| -> f64 {
            y.lines
                .iter()
                .filter(|(l, _)| l.part() == p)
                .map(|(_, v)| *v)
                .sum()
        };
        let general_income = sum_part(Part::GeneralIncome);
        let unspecified_saving = y.line(Line::UspesifisertInnsparing);
        let appropriations = y.areas.values().sum::<f64>() + unspecified_saving;
        let depreciation = y.line(Line::Avskrivninger);
        let net_expenses = appropriations + depreciation;
        let gross_result = general_income + net_expenses;
        let net_finance = sum_part(Part::Finance);
        let counter_depreciation = sum_part(Part::Counter);
        let net_result = gross_result + net_finance + counter_depreciation;
        let dispositions = sum_part(Part::Disposition);
        Statement {
            general_income,
            appropriations,
            unspecified_saving,
            depreciation,
            net_expenses,
            gross_result,
            net_finance,
            counter_depreciation,
            net_result,
            dispositions,
            carried_forward: round_kr(net_result + dispositions),
        }
    }

    /// Does the year balance: nothing carried forward, no unspecified
    /// saving?
    pub fn balances(&self) -> bool {
        self.carried_forward == 0.0 && self.unspecified_saving == 0.0
    }
}

/// Whole kroner: sums of typed amounts are compared to the krone, so that
/// float noise in a sum of millions is not a gap.
pub fn round_kr(v: f64) -> f64 {
    let r = v.round();
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
