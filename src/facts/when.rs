//! Dates in facts: a weekday, a month and day, a year and a time zone, read
//! with nom over the tokens ("on Friday, July 19, 2024", "19 July", "Tuesday
//! AEST"), and compared across outlets with the article's year when the text
//! gives none.

use std::ops::Range;

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{map, opt};

use crate::lexicon::Lexicon;
use crate::parse::attribution::WEEKDAYS;
use crate::parse::input::{Cx, PResult, Toks, punct, tok, word_in};
use crate::parse::tokens::{Token, TokenKind};

const MONTH_NAMES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day as one phrase gives it; any part may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    /// 0 = Monday, as [`WEEKDAYS`].
    pub weekday: Option<u8>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub year: Option<i32>,
    /// Index into [`Lexicon::zones`].
    pub zone: Option<usize>,
}

fn weekday<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, u8> {
    move |i: Toks<'a, 'l>| {
        let (rest, k) = tok(|t: &Token| t.is_word() && t.has(Token::CAPITALIZED))(i)?;
        let w = i.all[k].text(cx.text).to_ascii_lowercase();
        match WEEKDAYS.iter().position(|d| *d == w) {
            Some(d) => Ok((rest, d as u8)),
            None => crate::parse::input::fail(i),
        }
    }
}

fn month<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, u8> {
    move |i: Toks<'a, 'l>| {
        let (rest, k) = tok(|t: &Token| t.is_word() && t.has(Token::CAPITALIZED))(i)?;
        let w = i.all[k]
            .text(cx.text)
            .trim_end_matches('.')
            .to_ascii_lowercase();
        match cx.lex.months.get(&w) {
            Some(&m) => Ok((rest, m)),
            None => crate::parse::input::fail(i),
        }
    }
}

/// A number token read as `T`, if `ok` accepts it (`19`, `19th`).
fn number<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
    ok: fn(i64, usize) -> bool,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, i64> {
    move |i: Toks<'a, 'l>| {
        let (rest, k) = tok(|t: &Token| matches!(t.kind, TokenKind::Number | TokenKind::Word))(i)?;
        let w = i.all[k].text(cx.text);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let ordinal = suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th");
        match digits.parse::<i64>() {
            Ok(n) if ordinal && !digits.is_empty() && ok(n, digits.len()) => Ok((rest, n)),
            _ => crate::parse::input::fail(i),
        }
    }
}

fn day<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, u8> {
    let p = number(cx, |n, len| (1..=31).contains(&n) && len <= 2);
    move |i| p(i).map(|(r, n)| (r, n as u8))
}

fn year<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, i32> {
    let p = number(cx, |n, len| (1900..=2100).contains(&n) && len == 4);
    move |i| p(i).map(|(r, n)| (r, n as i32))
}

fn zone<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let (rest, k) = tok(|t: &Token| t.is_word())(i)?;
        let w = i.all[k].text(cx.text);
        match cx.lex.zones.iter().position(|z| z.name == w) {
            Some(z) => Ok((rest, z)),
            None => crate::parse::input::fail(i),
        }
    }
}

/// `July 19`, `July 19, 2024`, `19 July`, `19 July 2024`.
fn month_day<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (u8, u8, Option<i32>)> {
    move |i: Toks<'a, 'l>| {
        alt((
            map(
                (month(cx), day(cx), opt((opt(punct(',')), year(cx)))),
                |(m, d, y)| (m, d, y.map(|(_, y)| y)),
            ),
            map((day(cx), month(cx), opt(year(cx))), |(d, m, y)| (m, d, y)),
        ))
        .parse(i)
    }
}

/// A day phrase: `on Friday`, `Friday, July 19, 2024`, `on 19 July`,
/// `Tuesday AEST`. Returns its tokens (from `on` when present) and the day.
pub fn when<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (Range<usize>, When)> {
    move |i: Toks<'a, 'l>| {
        let start = i.pos;
        let (i, _) = opt(word_in(cx, &["on"])).parse(i)?;
        let (i, (wd, md)) = alt((
            map(
                (
                    weekday(cx),
                    opt(map((opt(punct(',')), month_day(cx)), |(_, md)| md)),
                ),
                |(w, md)| (Some(w), md),
            ),
            map(month_day(cx), |md| (None, Some(md))),
        ))
        .parse(i)?;
        // `Tuesday AEST`, `Tuesday (AEST)`.
        let (i, z) = opt(alt((
            zone(cx),
            map((punct('('), zone(cx), punct(')')), |(_, z, _)| z),
        )))
        .parse(i)?;
        let w = When {
            weekday: wd,
            month: md.map(|m| m.0),
            day: md.map(|m| m.1),
            year: md.and_then(|m| m.2),
            zone: z,
        };
        Ok((i, (start..i.pos, w)))
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// How two days compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Same,
    /// Not comparable (a weekday against a date of unknown year).
    Unknown,
    /// `b` is this many days after `a` (a weekday difference folded into -3..=3).
    Apart(i64),
}

impl When {
    /// The weekday, given or computed from a date of known year.
    fn weekday_with(&self, year: Option<i32>) -> Option<u8> {
        self.weekday.or_else(|| {
            let (m, d, y) = (self.month?, self.day?, self.year.or(year)?);
            Some((days_from_civil(y, m, d) + 3).rem_euclid(7) as u8)
        })
    }

    /// Compare with `b`; `ya`/`yb` are the articles' years, used where a
    /// date gives none; with no year on one side, the other side's (two
    /// outlets on one story write in one year).
    pub fn compare(&self, ya: Option<i32>, b: &When, yb: Option<i32>) -> Cmp {
        let ya = self.year.or(ya).or(b.year).or(yb);
        let yb = b.year.or(yb).or(ya);
        if let (Some(ma), Some(da), Some(mb), Some(db)) = (self.month, self.day, b.month, b.day) {
            let y = ya.or(yb).unwrap_or(2001);
            let (ya, yb) = match (ya, yb) {
                (Some(a), Some(b)) => (a, b),
                _ => (y, y),
            };
            let diff = days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
            return if diff == 0 {
                Cmp::Same
            } else {
                Cmp::Apart(diff)
            };
        }
        match (self.weekday_with(ya), b.weekday_with(yb)) {
            (Some(x), Some(y)) if x == y => Cmp::Same,
            (Some(x), Some(y)) => {
                let d = (i64::from(y) - i64::from(x)).rem_euclid(7);
                Cmp::Apart(if d > 3 { d - 7 } else { d })
            }
            _ => Cmp::Unknown,
        }
    }

    /// The day as a reader writes it: `Friday`, `July 19`, `Friday, July 19, 2024 AEST`.
    pub fn label(&self, lex: &Lexicon) -> String {
        let mut out = String::new();
        if let Some(w) = self.weekday {
            let mut n = WEEKDAYS[w as usize].to_string();
            n[..1].make_ascii_uppercase();
            out.push_str(&n);
        }
        if let (Some(m), Some(d)) = (self.month, self.day) {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&format!("{} {d}", MONTH_NAMES[m as usize - 1]));
            if let Some(y) = self.year {
                out.push_str(&format!(", {y}"));
            }
        }
        if let Some(z) = self.zone.and_then(|z| lex.zones.get(z)) {
            out.push(' ');
            out.push_str(&z.name);
        }
        out
    }
}

/// The year of an article's `date` field (`2024-07-19`).
pub fn year_of(date: Option<&str>) -> Option<i32> {
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
}

fn utc(minutes: i32) -> String {
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.abs();
    if m % 60 == 0 {
        format!("UTC{sign}{}", m / 60)
    } else {
        format!("UTC{sign}{}:{:02}", m / 60, m % 60)
    }
}

/// Why `later`, one day after `earlier`, may be the same moment: `later`
/// names a zone ahead of `earlier`'s (or of the reference zone assumed for a
/// day given without one). `Tuesday AEST is Monday in the US (ET, UTC−4):
/// AEST (UTC+10) is 14 hours ahead`.
pub fn zone_explanation(lex: &Lexicon, earlier: &When, later: &When) -> Option<String> {
    if earlier.zone.is_none() && later.zone.is_none() {
        return None;
    }
    let reference = lex.zones.iter().find(|z| z.reference)?;
    let ahead = lex
        .zones
        .get(later.zone.unwrap_or(usize::MAX))
        .unwrap_or(reference);
    let behind = lex
        .zones
        .get(earlier.zone.unwrap_or(usize::MAX))
        .unwrap_or(reference);
    let hours = f64::from(ahead.offset - behind.offset) / 60.0;
    if hours <= 0.0 {
        return None;
    }
    let mut earlier_day = *earlier;
    earlier_day.zone = None;
    let assumed = if earlier.zone.is_none() {
        ", assumed for a day given without a zone"
    } else {
        ""
    };
    let hours = if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours}")
    };
    Some(format!(
        "{} is {} in {} ({}, {}{assumed}): {} is {}, {hours} hours ahead; one moment in two time zones",
        later.label(lex),
        earlier_day.label(lex),
        behind.place,
        behind.name,
        utc(behind.offset),
        ahead.name,
        utc(ahead.offset),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<(String, When)> {
        let lex = Lexicon::builtin();
        let doc = crate::Document::new("t", None, text);
        let seg = crate::segment::segment(&doc, &lex);
        let cx = Cx {
            text: &doc.text,
            lex: &lex,
        };
        let t = Toks::new(&seg.tokens, 0, seg.tokens.len());
        let (_, (r, w)) = when(cx)(t).ok()?;
        let s = seg.tokens[r.start].start;
        let e = seg.tokens[r.end - 1].end;
        Some((text[s..e].to_string(), w))
    }

    #[test]
    fn day_phrases() {
        let lex = Lexicon::builtin();
        for (text, phrase, label) in [
            (
                "on Friday, July 19, 2024 at noon",
                "on Friday, July 19, 2024",
                "Friday, July 19, 2024",
            ),
            ("July 19 was", "July 19", "July 19"),
            ("19 July 2024.", "19 July 2024", "July 19, 2024"),
            ("on Tuesday AEST.", "on Tuesday AEST", "Tuesday AEST"),
            ("Aug. 11, seated", "Aug. 11", "August 11"),
            ("Monday (ET), when", "Monday (ET)", "Monday ET"),
        ] {
            let (p, w) = parse(text).unwrap_or_else(|| panic!("no day in {text:?}"));
            assert_eq!(p, phrase);
            assert_eq!(w.label(&lex), label);
        }
        assert!(parse("May we go").is_none());
        assert!(parse("on 2024").is_none());
    }

    #[test]
    fn comparisons() {
        let lex = Lexicon::builtin();
        let (_, friday) = parse("Friday").unwrap();
        let (_, july19) = parse("July 19").unwrap();
        let (_, july19b) = parse("19 July").unwrap();
        assert_eq!(july19.compare(None, &july19b, None), Cmp::Same);
        // July 19, 2024 was a Friday; without a year nothing is known.
        assert_eq!(friday.compare(None, &july19, Some(2024)), Cmp::Same);
        // July 19, 2025 was a Saturday.
        assert_eq!(friday.compare(None, &july19, Some(2025)), Cmp::Apart(1));
        assert_eq!(friday.compare(None, &july19, None), Cmp::Unknown);
        // The other article's year serves one that gives none.
        assert_eq!(july19.compare(None, &friday, Some(2024)), Cmp::Same);
        let (_, monday) = parse("Monday").unwrap();
        let (_, tue) = parse("Tuesday AEST").unwrap();
        assert_eq!(monday.compare(None, &tue, None), Cmp::Apart(1));
        let why = zone_explanation(&lex, &monday, &tue).unwrap();
        assert!(why.starts_with("Tuesday AEST is Monday in the US"), "{why}");
        assert!(zone_explanation(&lex, &tue, &monday).is_none());
    }
}
