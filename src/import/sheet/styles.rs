//! What a cell's style says about its value: how much of a date its number format shows
//! (a day, a month, a year), and whether its fill is a red, amber or green RAG colour. Shared
//! by the `.xlsx` and `.ods` readers; each finds the format and the fill in its own XML.

use crate::model::Rag;

/// How much of a date a cell's format shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Day,
    /// Month and year (`mmm-yy`, `mmmm yyyy`), or a month alone: the whole month.
    Month,
    /// The year alone (`yyyy`): the whole year.
    Year,
}

/// The date shown by an Excel built-in number format id, if it is a date format.
pub fn builtin(id: u32) -> Option<Shown> {
    match id {
        // m/d/yyyy (the locale's short date), d-mmm-yy, d-mmm, m/d/yy h:mm
        14 | 15 | 16 | 22 => Some(Shown::Day),
        // mmm-yy
        17 => Some(Shown::Month),
        _ => None,
    }
}

/// How much of a date an Excel format code shows (`mmm-yy` → month, `dd/mm/yyyy` → day,
/// `yyyy` → year); `None` if it shows no date part (a number or a time format). Only the
/// first section counts (the one for positive numbers); quoted text, `\x` escapes, `_x`
/// spacing, `*x` fills and `[...]` (colours, locales, conditions) are not date parts.
pub fn excel_code(code: &str) -> Option<Shown> {
    // `General`, `AM/PM` and `A/P` hold letters that are not date parts.
    let code = code
        .to_lowercase()
        .replace("general", "")
        .replace("am/pm", "")
        .replace("a/p", "");
    let mut letters: Vec<(char, usize)> = Vec::new();
    let mut chars = code.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            quoted = c != '"';
            continue;
        }
        match c {
            '"' => quoted = true,
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            ';' => break,
            'd' | 'm' | 'y' | 'h' | 's' => match letters.last_mut() {
                Some((last, n)) if *last == c => *n += 1,
                _ => letters.push((c, 1)),
            },
            _ => {}
        }
    }
    let mut day = false;
    let mut month = false;
    let mut year = false;
    for (i, &(letter, _)) in letters.iter().enumerate() {
        match letter {
            'd' => day = true,
            'y' => year = true,
            // `m` after an hour or before seconds is minutes.
            'm' => {
                let after_hour = i > 0 && letters[i - 1].0 == 'h';
                let before_seconds = letters.get(i + 1).is_some_and(|l| l.0 == 's');
                month |= !after_hour && !before_seconds;
            }
            _ => {}
        }
    }
    parts(day, month, year)
}

/// The date shown by the parts a format has.
pub fn parts(day: bool, month: bool, year: bool) -> Option<Shown> {
    match (day, month, year) {
        (true, _, _) => Some(Shown::Day),
        (false, true, _) => Some(Shown::Month),
        (false, false, true) => Some(Shown::Year),
        (false, false, false) => None,
    }
}

/// Red, amber or green for a fill colour given as hex (`FF0000`, `FFFF0000` with
/// alpha, `#ff0000`), by hue: red 345°–15°, amber (orange to yellow) 20°–65°, green
/// 70°–170°, and only for a clear colour (not grey, not near white or black).
pub fn rag_colour(hex: &str) -> Option<Rag> {
    rag_colour_tinted(hex, 0.0)
}

/// [`rag_colour`] of a colour lightened (`tint` above 0) or darkened (below 0) as Excel's
/// theme colours are.
pub fn rag_colour_tinted(hex: &str, tint: f64) -> Option<Rag> {
    let hex = hex.trim().trim_start_matches('#');
    let hex = match hex.len() {
        8 => &hex[2..],
        6 => hex,
        _ => return None,
    };
    let value = u32::from_str_radix(hex, 16).ok()?;
    let [r, g, b] = [16, 8, 0].map(|s| f64::from((value >> s) & 0xFF) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let mut lightness = (max + min) / 2.0;
    let mut chroma = max - min;
    if tint != 0.0 && chroma > 0.0 {
        let saturation = chroma / (1.0 - (2.0 * lightness - 1.0).abs());
        lightness = if tint < 0.0 {
            lightness * (1.0 + tint)
        } else {
            lightness * (1.0 - tint) + tint
        };
        chroma = saturation * (1.0 - (2.0 * lightness - 1.0).abs());
    }
    if chroma < 0.15 || !(0.15..=0.92).contains(&lightness) {
        return None;
    }
    let spread = max - min;
    let hue = if max == r {
        60.0 * ((g - b) / spread).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / spread + 2.0)
    } else {
        60.0 * ((r - g) / spread + 4.0)
    };
    match hue {
        h if !(15.0..345.0).contains(&h) => Some(Rag::Red),
        h if (20.0..=65.0).contains(&h) => Some(Rag::Amber),
        h if (70.0..=170.0).contains(&h) => Some(Rag::Green),
        _ => None,
    }
}

/// Excel's legacy indexed colours that are RAG colours (the default palette).
pub fn indexed_colour(index: u32) -> Option<Rag> {
    let rgb = match index {
        2 | 10 => "FF0000",
        3 | 11 => "00FF00",
        5 | 13 => "FFFF00",
        17 => "008000",
        50 => "99CC00",
        51 => "FFCC00",
        52 => "FF9900",
        53 => "FF6600",
        57 => "339966",
        _ => return None,
    };
    rag_colour(rgb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_what_they_show() {
        for (code, want) in [
            ("mmm-yy", Some(Shown::Month)),
            ("mmmm yyyy", Some(Shown::Month)),
            ("mmm yyyy", Some(Shown::Month)),
            ("[$-809]mmmm yyyy;@", Some(Shown::Month)),
            ("mmmm", Some(Shown::Month)),
            ("dd/mm/yyyy", Some(Shown::Day)),
            ("d-mmm-yy", Some(Shown::Day)),
            ("dddd d mmmm yyyy", Some(Shown::Day)),
            ("yyyy", Some(Shown::Year)),
            ("h:mm", None),
            ("[h]:mm:ss", None),
            ("mm:ss", None),
            ("0.00", None),
            ("\"Due \"0", None),
            ("\"day\" mmm yy", Some(Shown::Month)),
            ("General", None),
            ("0.00E+00", None),
            ("h:mm AM/PM", None),
            ("mmm-yy AM/PM", Some(Shown::Month)),
            ("#,##0;[Red]-#,##0", None),
        ] {
            assert_eq!(excel_code(code), want, "{code}");
        }
        assert_eq!(builtin(17), Some(Shown::Month));
        assert_eq!(builtin(14), Some(Shown::Day));
        assert_eq!(builtin(0), None);
    }

    #[test]
    fn fills_by_hue() {
        for (hex, want) in [
            ("FFFF0000", Some(Rag::Red)),
            ("FFC7CE", Some(Rag::Red)),
            ("C00000", Some(Rag::Red)),
            ("FFC000", Some(Rag::Amber)),
            ("FFFF00", Some(Rag::Amber)),
            ("FFBF00", Some(Rag::Amber)),
            ("#ffc000", Some(Rag::Amber)),
            ("00B050", Some(Rag::Green)),
            ("92D050", Some(Rag::Green)),
            ("C6EFCE", Some(Rag::Green)),
            ("FFFFFF", None),
            ("000000", None),
            ("D9D9D9", None),
            ("0070C0", None),
            ("7030A0", None),
            ("zz", None),
        ] {
            assert_eq!(rag_colour(hex), want, "{hex}");
        }
        // Office's accent 6 (green) lightened 40%, and accent 2 (orange) 80%: too pale.
        assert_eq!(rag_colour_tinted("70AD47", 0.4), Some(Rag::Green));
        assert_eq!(rag_colour_tinted("ED7D31", 0.8), None);
        assert_eq!(indexed_colour(10), Some(Rag::Red));
        assert_eq!(indexed_colour(64), None);
    }
}
