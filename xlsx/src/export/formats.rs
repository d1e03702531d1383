//! Cell formats shared by the workbooks we write: colours that print in
//! black and white too, Norwegian number formats, headers.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};
use styring_core::indicator::{Measure, MeasureKind};
use styring_core::Status;

/// Fill and font colours of a status: light fills with dark text, so the
/// symbol and word stay readable in grey-scale print.
/// They are the core's [`Status::look`].
pub fn status_colors(s: Status) -> (u32, u32) {
    let l = s.look();
    (l.fill.0, l.text.0)
}

/// The Excel number format for a measure, e.g. `0.0 %` (shown as `5,3 %`
/// in a Norwegian Excel or LibreOffice).
pub fn number_format(m: &Measure) -> String {
    let dec = if m.decimals == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(m.decimals as usize))
    };
    match m.kind {
        MeasureKind::Percent => format!("0{dec} %"),
        // Whole kroner with the minus sign written out: formats with
        // conditions (the millions we once shrank to `18,0 mill. kr`) drop
        // the sign of a negative deviation in LibreOffice.
        MeasureKind::Nok => format!("#,##0{dec} \"kr\";\"−\"#,##0{dec} \"kr\""),
        MeasureKind::Count => format!("#,##0{dec}"),
        MeasureKind::Number | MeasureKind::Score => format!("0{dec}"),
    }
}

/// Frequently used formats.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) subtitle: Format,
    pub(crate) header: Format,
    pub(crate) perspective: Format,
    pub(crate) focus_area: Format,
    pub(crate) text: Format,
    pub(crate) text_wrap: Format,
    pub(crate) code: Format,
    pub(crate) muted: Format,
    pub(crate) muted_plain: Format,
    pub(crate) bold: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F3864)),
            subtitle: Format::new()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x595959)),
            header: border(
                Format::new()
                    .set_bold()
                    .set_font_color(Color::White)
                    .set_background_color(Color::RGB(0x1F3864))
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_text_wrap(),
            ),
            perspective: border(
                Format::new()
                    .set_bold()
                    .set_font_size(12)
                    .set_background_color(Color::RGB(0xD9E1F2)),
            ),
            focus_area: border(
                Format::new()
                    .set_italic()
                    .set_bold()
                    .set_background_color(Color::RGB(0xF2F2F2)),
            ),
            text: border(Format::new().set_align(FormatAlign::Top)),
            text_wrap: border(
                Format::new()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top)
                    .set_font_size(9),
            ),
            code: border(
                Format::new()
                    .set_align(FormatAlign::Top)
                    .set_font_color(Color::RGB(0x404040)),
            ),
            muted: border(
                Format::new()
                    .set_font_color(Color::RGB(0x7F7F7F))
                    .set_align(FormatAlign::Top),
            ),
            muted_plain: Format::new()
                .set_font_color(Color::RGB(0x7F7F7F))
                .set_font_size(9),
            bold: Format::new().set_bold(),
        }
    }

    /// A bordered number cell in the measure's format.
    pub(crate) fn number(&self, m: &Measure) -> Format {
        Format::new()
            .set_num_format(number_format(m))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::Top)
    }

    /// A number cell filled by status.
    pub(crate) fn number_status(&self, m: &Measure, s: Status) -> Format {
        let (fill, font) = status_colors(s);
        self.number(m)
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(font))
    }

    /// The status cell: fill, bold dark text, centred.
    pub(crate) fn status(&self, s: Status) -> Format {
        let (fill, font) = status_colors(s);
        Format::new()
            .set_bold()
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(font))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::Top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(
            number_format(&Measure::new(MeasureKind::Percent, 1)),
            "0.0 %"
        );
        assert_eq!(
            number_format(&Measure::new(MeasureKind::Nok, 0)),
            "#,##0 \"kr\";\"−\"#,##0 \"kr\""
        );
        assert_eq!(number_format(&Measure::new(MeasureKind::Score, 2)), "0.00");
        assert_eq!(number_format(&Measure::new(MeasureKind::Count, 0)), "#,##0");
    }
}
