//! The lines of the budget statement for operations (bevilgningsoversikt
//! drift, budget regulations § 5-4) that are typed in. The sums between
//! them — and the appropriations, which come from the budget areas' frames
//! — are computed ([`super::Statement`]).

use crate::lang::Lang;

crate::keyword::keyword_enum! {
    /// A typed line of the operating statement. Income is stored with the
    /// statement's sign (negative), expenses and allocations positive, the
    /// use of funds negative.
    pub enum Line {
        /// Rammetilskudd (negative).
        Rammetilskudd = "rammetilskudd",
        /// Inntekts- og formuesskatt (negative).
        Skatt = "skatt" | "inntekts_og_formuesskatt",
        /// Eiendomsskatt (negative).
        Eiendomsskatt = "eiendomsskatt",
        /// Andre generelle driftsinntekter (negative).
        AndreGenerelleInntekter = "andre_generelle_driftsinntekter",
        /// An unspecified saving (uspesifisert / ikke fordelt innsparing):
        /// counted with the appropriations, and a year that leans on one
        /// does not balance.
        UspesifisertInnsparing = "uspesifisert_innsparing" | "ikke_fordelt_innsparing",
        /// Avskrivninger.
        Avskrivninger = "avskrivninger",
        /// Renteinntekter (negative).
        Renteinntekter = "renteinntekter",
        /// Utbytter (negative).
        Utbytter = "utbytter",
        /// Gevinster og tap på finansielle omløpsmidler (a gain negative).
        GevinsterTap = "gevinster_og_tap",
        /// Renteutgifter.
        Renteutgifter = "renteutgifter",
        /// Avdrag på lån.
        Avdrag = "avdrag",
        /// Motpost avskrivninger (negative: it cancels the depreciation).
        MotpostAvskrivninger = "motpost_avskrivninger",
        /// Overføring til investering.
        OverforingInvestering = "overforing_til_investering",
        /// Avsetninger til bundne driftsfond.
        AvsetningBundneFond = "avsetning_bundne_driftsfond",
        /// Bruk av bundne driftsfond (negative).
        BrukBundneFond = "bruk_bundne_driftsfond",
        /// Avsetninger til disposisjonsfond.
        AvsetningDisposisjonsfond = "avsetning_disposisjonsfond",
        /// Bruk av disposisjonsfond (negative).
        BrukDisposisjonsfond = "bruk_disposisjonsfond",
        /// Dekning av tidligere års merforbruk.
        DekningMerforbruk = "dekning_tidligere_ars_merforbruk",
    }
}

/// The part of the statement a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Generelle driftsinntekter.
    GeneralIncome,
    /// Netto driftsutgifter (appropriations and depreciation).
    NetExpenses,
    /// Finansinntekter og finansutgifter.
    Finance,
    /// Motpost avskrivninger.
    Counter,
    /// Disponering eller dekning av netto driftsresultat.
    Disposition,
}

impl Line {
    /// Where the line stands.
    pub fn part(self) -> Part {
        use Line::*;
        match self {
            Rammetilskudd | Skatt | Eiendomsskatt | AndreGenerelleInntekter => Part::GeneralIncome,
            UspesifisertInnsparing | Avskrivninger => Part::NetExpenses,
            Renteinntekter | Utbytter | GevinsterTap | Renteutgifter | Avdrag => Part::Finance,
            MotpostAvskrivninger => Part::Counter,
            OverforingInvestering
            | AvsetningBundneFond
            | BrukBundneFond
            | AvsetningDisposisjonsfond
            | BrukDisposisjonsfond
            | DekningMerforbruk => Part::Disposition,
        }
    }

    /// The line's name as the statement prints it.
    ///
    /// ```
    /// use styring_core::economy::Line;
    /// use styring_core::Lang;
    /// assert_eq!(Line::Skatt.name(Lang::Nb), "Inntekts- og formuesskatt");
    /// assert_eq!("inntekts_og_formuesskatt".parse::<Line>(), Ok(Line::Skatt));
    /// ```
    pub fn name(self, lang: Lang) -> &'static str {
        use Line::*;
        let (nb, en) = match self {
            Rammetilskudd => ("Rammetilskudd", "Block grant"),
            Skatt => ("Inntekts- og formuesskatt", "Income and wealth tax"),
            Eiendomsskatt => ("Eiendomsskatt", "Property tax"),
            AndreGenerelleInntekter => (
                "Andre generelle driftsinntekter",
                "Other general operating income",
            ),
            UspesifisertInnsparing => ("Uspesifisert innsparing", "Unspecified saving"),
            Avskrivninger => ("Avskrivninger", "Depreciation"),
            Renteinntekter => ("Renteinntekter", "Interest income"),
            Utbytter => ("Utbytter", "Dividends"),
            GevinsterTap => (
                "Gevinster og tap på finansielle omløpsmidler",
                "Gains and losses on financial current assets",
            ),
            Renteutgifter => ("Renteutgifter", "Interest expenses"),
            Avdrag => ("Avdrag på lån", "Loan instalments"),
            MotpostAvskrivninger => ("Motpost avskrivninger", "Depreciation counter-entry"),
            OverforingInvestering => ("Overføring til investering", "Transfer to investment"),
            AvsetningBundneFond => (
                "Avsetninger til bundne driftsfond",
                "Allocations to restricted funds",
            ),
            BrukBundneFond => ("Bruk av bundne driftsfond", "Use of restricted funds"),
            AvsetningDisposisjonsfond => (
                "Avsetninger til disposisjonsfond",
                "Allocations to the disposition fund",
            ),
            BrukDisposisjonsfond => ("Bruk av disposisjonsfond", "Use of the disposition fund"),
            DekningMerforbruk => (
                "Dekning av tidligere års merforbruk",
                "Covering earlier years' deficit",
            ),
        };
        lang.pick(nb, en)
    }

    /// The line with this key, alias or printed name (ignoring case), for
    /// workbooks that name lines as the statement does.
    ///
    /// ```
    /// use styring_core::economy::Line;
    /// assert_eq!(Line::find("Avdrag på lån"), Some(Line::Avdrag));
    /// assert_eq!(Line::find(" avdrag "), Some(Line::Avdrag));
    /// assert_eq!(Line::find("Avdrag på lån (netto)"), None);
    /// ```
    pub fn find(text: &str) -> Option<Line> {
        let t = text.trim();
        t.parse().ok().or_else(|| {
            Line::ALL.iter().copied().find(|l| {
                l.name(Lang::Nb).eq_ignore_ascii_case(t) || l.name(Lang::En).eq_ignore_ascii_case(t)
            })
        })
    }
}

/// A sum of the statement: computed, never typed. A workbook that types
/// one has it checked against the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sum {
    /// Sum generelle driftsinntekter.
    GeneralIncome,
    /// Sum bevilgninger drift, netto.
    Appropriations,
    /// Sum netto driftsutgifter.
    NetExpenses,
    /// Brutto driftsresultat.
    GrossResult,
    /// Netto finansutgifter.
    NetFinance,
    /// Netto driftsresultat.
    NetResult,
    /// Sum disponeringer.
    Dispositions,
    /// Fremført til inndekning i senere år.
    CarriedForward,
}

impl Sum {
    /// Every sum, in statement order.
    pub const ALL: [Sum; 8] = [
        Sum::GeneralIncome,
        Sum::Appropriations,
        Sum::NetExpenses,
        Sum::GrossResult,
        Sum::NetFinance,
        Sum::NetResult,
        Sum::Dispositions,
        Sum::CarriedForward,
    ];

    /// The sum's name as the statement prints it.
    pub fn name(self, lang: Lang) -> &'static str {
        let (nb, en) = match self {
            Sum::GeneralIncome => (
                "Sum generelle driftsinntekter",
                "Total general operating income",
            ),
            Sum::Appropriations => ("Sum bevilgninger drift, netto", "Total net appropriations"),
            Sum::NetExpenses => ("Sum netto driftsutgifter", "Total net operating expenses"),
            Sum::GrossResult => ("Brutto driftsresultat", "Gross operating result"),
            Sum::NetFinance => ("Netto finansutgifter", "Net finance costs"),
            Sum::NetResult => ("Netto driftsresultat", "Net operating result"),
            Sum::Dispositions => ("Sum disponeringer", "Total dispositions"),
            Sum::CarriedForward => (
                "Fremført til inndekning i senere år (merforbruk)",
                "Carried forward to later years (deficit)",
            ),
        };
        lang.pick(nb, en)
    }

    /// Its value in `s`.
    pub fn of(self, s: &super::Statement) -> f64 {
        match self {
            Sum::GeneralIncome => s.general_income,
            Sum::Appropriations => s.appropriations,
            Sum::NetExpenses => s.net_expenses,
            Sum::GrossResult => s.gross_result,
            Sum::NetFinance => s.net_finance,
            Sum::NetResult => s.net_result,
            Sum::Dispositions => s.dispositions,
            Sum::CarriedForward => s.carried_forward,
        }
    }

    /// The sum printed as `text` in either language, ignoring case.
    pub fn find(text: &str) -> Option<Sum> {
        let t = text.trim();
        Sum::ALL.iter().copied().find(|s| {
            s.name(Lang::Nb).eq_ignore_ascii_case(t) || s.name(Lang::En).eq_ignore_ascii_case(t)
        })
    }
}

/// The sections of a plan's report, whose titles a workbook's bands carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSection {
    /// The balance in words.
    Balance,
    /// Bevilgningsoversikt drift.
    Statement,
    /// The units' frames.
    Frames,
    /// Key figures.
    Figures,
    /// The financial targets.
    Targets,
}

impl PlanSection {
    /// Every section, in report order.
    pub const ALL: [PlanSection; 5] = [
        PlanSection::Balance,
        PlanSection::Statement,
        PlanSection::Frames,
        PlanSection::Figures,
        PlanSection::Targets,
    ];

    /// The section's title.
    pub fn title(self, lang: Lang) -> &'static str {
        let (nb, en) = match self {
            PlanSection::Balance => ("Balanse", "Balance"),
            PlanSection::Statement => (
                "Bevilgningsoversikt drift",
                "Budget statement for operations",
            ),
            PlanSection::Frames => ("Enhetenes rammer (netto)", "The units' net frames"),
            PlanSection::Figures => ("Nøkkeltall", "Key figures"),
            PlanSection::Targets => ("Finansielle måltall", "Financial targets"),
        };
        lang.pick(nb, en)
    }

    /// The section a band's text names (with or without its light).
    pub fn find(text: &str) -> Option<PlanSection> {
        let t = text.trim();
        PlanSection::ALL.iter().copied().find(|s| {
            [Lang::Nb, Lang::En].iter().any(|l| {
                let title = s.title(*l);
                t.len() >= title.len()
                    && t.get(..title.len())
                        .is_some_and(|x| x.eq_ignore_ascii_case(title))
            })
        })
    }
}
