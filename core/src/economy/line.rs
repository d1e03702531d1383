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
