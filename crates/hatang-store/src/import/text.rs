//! Reading the values a spreadsheet writes: header names folded for
//! matching, numbers with a decimal comma or thousands separators, dates
//! day-first, yes/no in Vietnamese.

use hatang_core::model::Date;

/// Folds a header or a word for matching: lowercase, Vietnamese
/// diacritics removed (composed or combining), `đ`→`d`, and everything but
/// letters and digits dropped. "Mã trạm", "MA_TRAM" and "ma tram" all fold
/// to "matram".
///
/// ```
/// use hatang_store::import::fold;
/// assert_eq!(fold("Mã trạm"), "matram");
/// assert_eq!(fold("  Độ cao (m) "), "docaom");
/// assert_eq!(fold("Góc phương vị"), "gocphuongvi");
/// assert_eq!(fold("Diện tích (km²)"), "dientichkm2");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if ('\u{0300}'..='\u{036f}').contains(&c) {
            continue;
        }
        let base = match c {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ'
            | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => {
                'e'
            }
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ'
            | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => {
                'u'
            }
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' => 'd',
            '²' => '2',
            '³' => '3',
            c => c,
        };
        if base.is_ascii_alphanumeric() {
            out.push(base);
        }
    }
    out
}

/// Removes the spaces a spreadsheet may put in a number and makes a
/// typographic minus plain.
fn squeeze(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect()
}

/// Whether `s` is digits grouped by threes with `sep` ("1.234.567").
fn grouped(s: &str, sep: char) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut parts = s.split(sep);
    let Some(first) = parts.next() else {
        return false;
    };
    let mut n = 0;
    let ok_first = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    for p in parts {
        n += 1;
        if p.len() != 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    ok_first && n > 0
}

/// Parses a decimal number. With `decimal_comma` (a `;`- or tab-separated
/// file, as a Vietnamese spreadsheet writes it) a comma is the decimal
/// separator and dots group thousands; otherwise a dot is, and commas may
/// only group thousands.
///
/// ```
/// use hatang_store::import::parse_number;
/// assert_eq!(parse_number("21,3227", true).unwrap(), 21.3227);
/// assert_eq!(parse_number("1.234,5", true).unwrap(), 1234.5);
/// assert_eq!(parse_number("21.3227", true).unwrap(), 21.3227);
/// assert_eq!(parse_number("1,234.5", false).unwrap(), 1234.5);
/// assert!(parse_number("21,5", false).is_err());
/// assert!(parse_number("NaN", false).is_err());
/// assert_eq!(parse_number("−3", false).unwrap(), -3.0);
/// ```
pub fn parse_number(raw: &str, decimal_comma: bool) -> Result<f64, String> {
    let s = squeeze(raw);
    if s.is_empty() {
        return Err("is empty".into());
    }
    let t = if decimal_comma && s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if s.contains(',') {
        let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
        if grouped(int, ',') {
            format!(
                "{}{}{frac}",
                int.replace(',', ""),
                if frac.is_empty() { "" } else { "." }
            )
        } else {
            return Err(format!(
                "'{}' has a decimal comma, but this file is comma-separated: write a decimal point",
                raw.trim()
            ));
        }
    } else {
        s
    };
    let ok_chars = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    match t.parse::<f64>() {
        Ok(v) if ok_chars && v.is_finite() => Ok(v),
        _ => Err(format!("'{}' is not a number", raw.trim())),
    }
}

/// Parses a whole number, allowing thousands separators (`.` in a
/// decimal-comma file, `,` otherwise, spaces in both).
///
/// ```
/// use hatang_store::import::parse_whole;
/// assert_eq!(parse_whole("30.000", true).unwrap(), 30_000);
/// assert_eq!(parse_whole("30,000", false).unwrap(), 30_000);
/// assert_eq!(parse_whole("30 000", false).unwrap(), 30_000);
/// assert!(parse_whole("12.5", false).is_err());
/// assert!(parse_whole("-1", false).is_err());
/// ```
pub fn parse_whole(raw: &str, decimal_comma: bool) -> Result<u64, String> {
    let s = squeeze(raw);
    let sep = if decimal_comma { '.' } else { ',' };
    let v = if grouped(&s, sep) {
        s.replace(sep, "")
            .parse::<f64>()
            .map_err(|_| format!("'{}' is not a whole number", raw.trim()))?
    } else {
        parse_number(raw, decimal_comma)?
    };
    if v < 0.0 || v.fract() != 0.0 || v > 9.0e15 {
        return Err(format!(
            "'{}' is not a whole number of 0 or more",
            raw.trim()
        ));
    }
    Ok(v as u64)
}

/// Parses a date: `YYYY-MM-DD` (a time after it is ignored, as a
/// spreadsheet's date-time cell has one) or day first, `DD/MM/YYYY`,
/// `DD-MM-YYYY` or `DD.MM.YYYY`, as written in Vietnam.
///
/// ```
/// use hatang_store::import::parse_date;
/// assert_eq!(parse_date("2025-07-01").unwrap().to_string(), "2025-07-01");
/// assert_eq!(parse_date("1/7/2025").unwrap().to_string(), "2025-07-01");
/// assert_eq!(parse_date("2025-07-01 00:00:00").unwrap().to_string(), "2025-07-01");
/// assert!(parse_date("31/02/2025").is_err());
/// ```
pub fn parse_date(raw: &str) -> Result<Date, String> {
    let s = raw.trim();
    let bad = || format!("'{s}' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
    if let Some(head) = s.get(..10) {
        let rest = &s[10..];
        if head.as_bytes().get(4) == Some(&b'-')
            && (rest.is_empty() || rest.starts_with(' ') || rest.starts_with('T'))
        {
            return head.parse::<Date>().map_err(|_| bad());
        }
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if let [d, m, y] = parts[..] {
        if y.len() == 4 && (1..=2).contains(&d.len()) && (1..=2).contains(&m.len()) {
            let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
                return Err(bad());
            };
            return Date::new(y, m, d).ok_or_else(bad);
        }
    }
    Err(bad())
}

/// Parses yes/no: `true`, `1`, `yes`, `x`, `có`, `đúng` or `false`, `0`,
/// `no`, `không`, `sai`.
///
/// ```
/// use hatang_store::import::parse_bool;
/// assert_eq!(parse_bool("Có"), Ok(true));
/// assert_eq!(parse_bool("không"), Ok(false));
/// assert!(parse_bool("maybe").is_err());
/// ```
pub fn parse_bool(raw: &str) -> Result<bool, String> {
    match fold(raw).as_str() {
        "true" | "1" | "yes" | "y" | "x" | "co" | "c" | "dung" | "t" => Ok(true),
        "false" | "0" | "no" | "n" | "khong" | "k" | "sai" | "f" => Ok(false),
        _ => Err(format!(
            "'{}' is not yes or no (true/false, 1/0, có/không, x)",
            raw.trim()
        )),
    }
}

/// Strips a unit written after a number ("30 m", "17dBi", "1800 MHz"),
/// case-insensitively; returns the number's text and the unit found.
pub(crate) fn split_unit<'a>(
    raw: &'a str,
    units: &[&'static str],
) -> (&'a str, Option<&'static str>) {
    let s = raw.trim();
    for u in units {
        if s.len() > u.len() {
            let cut = s.len() - u.len();
            if s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(u) {
                let head = s[..cut].trim_end();
                if head.ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
                    return (head, Some(u));
                }
            }
        }
    }
    (s, None)
}
