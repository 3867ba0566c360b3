//! Dates in facts: a weekday, a month and day, a year, a time of day and a
//! time zone, read with nom over the tokens ("on Friday, July 19, 2024", "19
//! July", "Tuesday AEST", "at 9 p.m. ET Monday", "early Friday", "04:09
//! UTC", "yesterday"), and compared across outlets as moments: the article's
//! date gives the year a date lacks, resolves relative days and picks
//! standard or daylight time for zones that have both.

use std::ops::Range;

use nom::branch::alt;
use nom::combinator::{map, opt};
use nom::{Input, Parser};

use crate::lexicon::{DstRule, Lexicon, TimeWord};
use crate::parse::attribution::WEEKDAYS;
use crate::parse::input::{Cx, PResult, Toks, fold_key, punct, tok, word_in};
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
    /// The time of day, if the phrase gives one.
    pub time: Option<Time>,
    /// `local time`: the zone of the place, which is not known here.
    pub local: bool,
    /// A day given relative to the article's date (`yesterday`, `last
    /// Friday`), resolved by [`resolve`].
    pub rel: Option<Rel>,
}

/// A time of day: minutes after midnight, the earliest and the latest the
/// phrase allows (`9 p.m.`: 1260..=1260; `Friday morning`: 0..=720; a night
/// runs past 1440 into the next day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    pub lo: u16,
    pub hi: u16,
    /// A clock time (`9 p.m.`, `04:09`, `noon`), not a part of the day.
    pub clock: bool,
    /// `early` (-1) or `late` (1) before the day or part.
    pub modifier: i8,
    /// The part of the day named (`morning`), before `early`/`late`.
    pub part: Option<(u16, u16)>,
}

/// How a day is given relative to the article's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rel {
    /// `yesterday` (-1), `today`, `tonight`, `this morning` (0), `tomorrow` (1), `last night` (-1).
    Days(i8),
    /// `last Friday`: the latest such weekday before the article's date.
    Last,
}

/// An article's date (`2024-07-20`, `2024-07-20T08:00:00Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub y: i32,
    pub m: u8,
    pub d: u8,
    /// A UTC timestamp (`2024-07-20T02:00:00Z`) or one without a zone:
    /// the outlet's own date may be the day before or after.
    pub stamp: bool,
}

impl Date {
    pub fn parse(s: Option<&str>) -> Option<Date> {
        let s = s?;
        let y = s.get(..4)?.parse().ok()?;
        let m = s
            .get(5..7)
            .and_then(|m| m.parse().ok())
            .filter(|m| (1..=12).contains(m));
        let d = s
            .get(8..10)
            .and_then(|d| d.parse().ok())
            .filter(|d| (1..=31).contains(d));
        match (m, d) {
            (Some(m), Some(d)) if matches!(s.as_bytes().get(4), Some(b'-' | b'/')) => {
                // `T08:00:00+02:00` is the outlet's local date; `Z` or no
                // zone after a time is not.
                let time = s
                    .get(11..)
                    .filter(|_| matches!(s.as_bytes().get(10), Some(b'T' | b' ')));
                let stamp = time.is_some_and(|t| !t.contains(['+', '-']));
                Some(Date { y, m, d, stamp })
            }
            // A year alone still gives the year.
            _ => Some(Date {
                y,
                m: 0,
                d: 0,
                stamp: false,
            }),
        }
    }
    fn full(&self) -> bool {
        self.m != 0
    }
    fn days(&self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }
    fn from_days(z: i64) -> Date {
        let (y, m, d) = civil_from_days(z);
        Date {
            y,
            m,
            d,
            stamp: false,
        }
    }
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

/// A word of `times.tsv`.
fn time_word<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, TimeWord> {
    move |i: Toks<'a, 'l>| {
        let (rest, k) = tok(|t: &Token| t.is_word())(i)?;
        let t = &i.all[k];
        // Tried at every token: lower-case only words that need it.
        let w = t.text(cx.text);
        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(w.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(w)
        };
        let Some(&tw) = cx.lex.times.get(w.as_ref()) else {
            return crate::parse::input::fail(i);
        };
        // `NBC's Today show`, `The Tonight Show`: a programme, not a day.
        if matches!(tw, TimeWord::Day(..)) && t.has(Token::CAPITALIZED) {
            let after = rest.first().is_some_and(|n| {
                n.is_word()
                    && (n.has(Token::CAPITALIZED) || n.text(cx.text).eq_ignore_ascii_case("show"))
            });
            let before = k > 0
                && matches!(
                    i.all[k - 1].kind,
                    TokenKind::Possessive | TokenKind::Quote(_)
                );
            if after || before {
                return crate::parse::input::fail(i);
            }
        }
        Ok((rest, tw))
    }
}

fn part<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (u16, u16)> {
    move |i| match time_word(cx)(i)? {
        (r, TimeWord::Part(a, b)) => Ok((r, (a, b))),
        _ => crate::parse::input::fail(i),
    }
}

/// `early` (-1) or `late` (1).
fn modifier<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, i8> {
    move |i| match time_word(cx)(i)? {
        (r, TimeWord::Early) => Ok((r, -1)),
        (r, TimeWord::Late) => Ok((r, 1)),
        _ => crate::parse::input::fail(i),
    }
}

/// `a.m.`, `pm`, `AM`: whether after noon.
fn meridiem(w: &str) -> Option<bool> {
    match w.to_ascii_lowercase().as_str() {
        "a.m." | "a.m" | "am" | "am." => Some(false),
        "p.m." | "p.m" | "pm" | "pm." => Some(true),
        _ => None,
    }
}

fn twelve(h: u16, pm: bool) -> u16 {
    (h % 12 + if pm { 12 } else { 0 }) * 60
}

/// A clock time: `9 p.m.`, `9:30 a.m.`, `9pm`, `9.30am`, `04:09` (two-digit
/// hour), `0409` before a zone, `noon`, `midnight`. Minutes after midnight.
fn clock<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, u16> {
    move |i: Toks<'a, 'l>| {
        if let Ok((r, TimeWord::Clock(m))) = time_word(cx)(i) {
            return Ok((r, m));
        }
        let Some(t) = i.first() else {
            return crate::parse::input::fail(i);
        };
        let w = t.text(cx.text);
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return crate::parse::input::fail(i);
        }
        let n: u16 = w[..digits].parse().unwrap_or(u16::MAX);
        let rest = i.take_from(1);
        let glued = |r: &Toks<'a, 'l>| r.first().is_some_and(|x| !x.has(Token::SPACE_BEFORE));
        // `9pm`, `9am`.
        if let Some(pm) = meridiem(&w[digits..]).filter(|_| (1..=12).contains(&n)) {
            return Ok((rest, twelve(n, pm)));
        }
        // `9.30am`, `9.30 a.m.`
        if let Some((h, rest_w)) = w.split_once('.').filter(|(h, _)| h.len() == digits) {
            let md = rest_w.bytes().take_while(u8::is_ascii_digit).count();
            let (h, m): (u16, u16) = (h.parse().unwrap_or(99), rest_w[..md].parse().unwrap_or(99));
            if md == 2 && (1..=12).contains(&h) && m < 60 {
                if let Some(pm) = meridiem(&rest_w[2..]) {
                    return Ok((rest, twelve(h, pm) + m));
                }
                if let Some(pm) = rest
                    .first()
                    .filter(|_| rest_w.len() == 2)
                    .and_then(|x| meridiem(x.text(cx.text)))
                {
                    return Ok((i.take_from(2), twelve(h, pm) + m));
                }
            }
            return crate::parse::input::fail(i);
        }
        if t.kind != TokenKind::Number {
            return crate::parse::input::fail(i);
        }
        // `9:30`, `9:30pm`, `04:09`.
        if rest
            .first()
            .is_some_and(|c| c.kind == TokenKind::Punct(':'))
            && glued(&rest)
        {
            let after = rest.take_from(1);
            if let Some(m) = after.first().filter(|_| glued(&after)) {
                let mw = m.text(cx.text);
                let md = mw.bytes().take_while(u8::is_ascii_digit).count();
                let min: u16 = mw[..md].parse().unwrap_or(99);
                if md != 2 || min >= 60 {
                    return crate::parse::input::fail(i);
                }
                let r = after.take_from(1);
                if let Some(pm) = meridiem(&mw[2..]).filter(|_| (1..=12).contains(&n)) {
                    return Ok((r, twelve(n, pm) + min));
                }
                if md != mw.len() {
                    return crate::parse::input::fail(i);
                }
                if let Some(pm) = r.first().and_then(|x| meridiem(x.text(cx.text))) {
                    if (1..=12).contains(&n) {
                        return Ok((r.take_from(1), twelve(n, pm) + min));
                    }
                    return crate::parse::input::fail(i);
                }
                // A 24-hour time: `04:09`, `16:30`, not `9:30` (a score, a verse).
                if n < 24 && (digits == 2 || n >= 13) {
                    return Ok((r, n * 60 + min));
                }
            }
            return crate::parse::input::fail(i);
        }
        // `9 p.m.`
        if let Some(pm) = rest
            .first()
            .and_then(|x| meridiem(x.text(cx.text)))
            .filter(|_| (1..=12).contains(&n) && digits <= 2)
        {
            return Ok((rest.take_from(1), twelve(n, pm)));
        }
        // `0409 GMT`: four digits only before a zone.
        if digits == 4 && n % 100 < 60 && n / 100 < 24 && zone(cx)(rest).is_ok() {
            return Ok((rest, n / 100 * 60 + n % 100));
        }
        crate::parse::input::fail(i)
    }
}

/// A zone or `local time`, bare or in parentheses: `Some(zone)`, or `None`
/// for local time.
fn zone_or_local<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Option<usize>> {
    move |i: Toks<'a, 'l>| {
        let bare = |i| {
            alt((
                map(zone(cx), Some),
                map((word_in(cx, &["local"]), word_in(cx, &["time"])), |_| None),
            ))
            .parse(i)
        };
        alt((bare, map((punct('('), bare, punct(')')), |(_, z, _)| z))).parse(i)
    }
}

/// A clock time with its zone, and a conversion in parentheses read over
/// (`9 p.m. ET (0100 GMT)`).
fn clock_zoned<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (u16, Option<Option<usize>>)> {
    move |i: Toks<'a, 'l>| {
        let (i, c) = clock(cx)(i)?;
        let (i, z) = opt(zone_or_local(cx)).parse(i)?;
        let (i, _) = opt((punct('('), clock(cx), zone(cx), punct(')'))).parse(i)?;
        Ok((i, (c, z)))
    }
}

/// The day itself: a weekday and date, a date, `yesterday`, `tonight`,
/// `this morning`, `last night`, `last Friday`.
#[allow(clippy::type_complexity)]
fn day_core<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (When, Option<(u16, u16)>)> {
    move |i: Toks<'a, 'l>| {
        let dated = |wd: Option<u8>, md: Option<(u8, u8, Option<i32>)>| When {
            weekday: wd,
            month: md.map(|m| m.0),
            day: md.map(|m| m.1),
            year: md.and_then(|m| m.2),
            ..When::default()
        };
        alt((
            map(
                (
                    weekday(cx),
                    opt(map((opt(punct(',')), month_day(cx)), |(_, md)| md)),
                ),
                move |(w, md)| (dated(Some(w), md), None),
            ),
            map(month_day(cx), move |md| (dated(None, Some(md)), None)),
            |i| match time_word(cx)(i)? {
                (r, TimeWord::Day(n, p)) => Ok((
                    r,
                    (
                        When {
                            rel: Some(Rel::Days(n)),
                            ..When::default()
                        },
                        p,
                    ),
                )),
                _ => crate::parse::input::fail(i),
            },
            map((word_in(cx, &["this"]), part(cx)), |(_, p)| {
                (
                    When {
                        rel: Some(Rel::Days(0)),
                        ..When::default()
                    },
                    Some(p),
                )
            }),
            map((word_in(cx, &["last"]), part(cx)), |(_, p)| {
                (
                    When {
                        rel: Some(Rel::Days(-1)),
                        ..When::default()
                    },
                    Some(p),
                )
            }),
            map((word_in(cx, &["last"]), weekday(cx)), |(_, w)| {
                (
                    When {
                        weekday: Some(w),
                        rel: Some(Rel::Last),
                        ..When::default()
                    },
                    None,
                )
            }),
        ))
        .parse(i)
    }
}

/// `[early|late [on]] DAY [PART] [ZONE]`: the day, its part and zone.
#[allow(clippy::type_complexity)]
fn day_phrase<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (When, Option<(u16, u16)>, i8, Option<Option<usize>>)>
{
    move |i: Toks<'a, 'l>| {
        let (i, m) = opt((modifier(cx), opt(word_in(cx, &["on"])))).parse(i)?;
        // `the morning of July 19`.
        let (i, of) = opt(map(
            (word_in(cx, &["the"]), part(cx), word_in(cx, &["of"])),
            |(_, p, _)| p,
        ))
        .parse(i)?;
        let (i, (w, p0)) = day_core(cx)(i)?;
        let p0 = p0.or(of);
        let (i, p) = if p0.is_none() {
            opt(part(cx)).parse(i)?
        } else {
            (i, p0)
        };
        let (i, z) = opt(zone_or_local(cx)).parse(i)?;
        Ok((i, (w, p, m.map_or(0, |m| m.0), z)))
    }
}

/// The words of the grammar itself that can start a phrase of [`when`]
/// (`on`/`at`, `the morning of`, `this morning`, `last night`); the other
/// first words come from the lexicon.
const START_WORDS: &[&str] = &["on", "at", "the", "this", "last"];

/// The [`fold_key`]s of every word a phrase of [`when`] can start with:
/// [`START_WORDS`], the weekdays, the month words of `months.tsv` and the
/// words of `times.tsv` (parts of the day, `noon`, `yesterday`, `early`),
/// sorted. A phrase can also start with a digit (a day, a year, a clock).
pub(crate) fn start_keys(lex: &Lexicon) -> Vec<u32> {
    let mut keys: Vec<u32> = START_WORDS
        .iter()
        .chain(WEEKDAYS)
        .map(|w| fold_key(w.as_bytes()))
        .chain(lex.months.keys().map(|w| fold_key(w.as_bytes())))
        .chain(lex.times.keys().map(|w| fold_key(w.as_bytes())))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether a phrase of [`when`] can start at `t`: a few comparisons that
/// spare the grammar most tokens (it is tried at every token of a sentence).
/// Never false where [`when`] would match; a key shared by chance only costs
/// the full try.
fn may_start(cx: Cx<'_, '_>, t: &Token) -> bool {
    let w = t.text(cx.text);
    if w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    if !t.is_word() {
        return false;
    }
    let has = |k: u32| cx.lex.when_starts.binary_search(&k).is_ok();
    let key = if t.key != 0 {
        t.key
    } else {
        fold_key(w.as_bytes())
    };
    // `Sept.`: month words are looked up without their period.
    has(key) || (w.ends_with('.') && has(fold_key(w.trim_end_matches('.').as_bytes())))
}

/// A day or time phrase: `on Friday`, `Friday, July 19, 2024`, `on 19 July`,
/// `Tuesday AEST`, `at 9 p.m. ET Monday`, `Friday at 9:30 a.m. local time`,
/// `early Friday`, `Friday morning`, `04:09 UTC`, `at noon`, `yesterday`,
/// `tonight`, `last Friday`. Returns its tokens (from `on`/`at` when
/// present) and the day; relative days still need [`resolve`].
pub fn when<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (Range<usize>, When)> {
    move |i: Toks<'a, 'l>| {
        if !i.first().is_some_and(|t| may_start(cx, t)) {
            return crate::parse::input::fail(i);
        }
        let start = i.pos;
        let (i, _) = opt(word_in(cx, &["on", "at"])).parse(i)?;
        // The day first, a time after it: `Friday at 9 p.m.`
        let day_first = |i| {
            let (i, d) = day_phrase(cx)(i)?;
            let (i, c) = opt(map(
                (opt(punct(',')), opt(word_in(cx, &["at"])), clock_zoned(cx)),
                |(_, _, c)| c,
            ))
            .parse(i)?;
            Ok((i, (Some(d), c)))
        };
        // The time first, a day after it: `9 p.m. ET Monday`, `04:09 UTC`.
        let time_first = |i| {
            let (i, c) = clock_zoned(cx)(i)?;
            let (i, d) = opt(map(
                (opt(punct(',')), opt(word_in(cx, &["on"])), day_phrase(cx)),
                |(_, _, d)| d,
            ))
            .parse(i)?;
            Ok((i, (d, Some(c))))
        };
        let (i, (d, c)) = alt((day_first, time_first)).parse(i)?;
        let (mut w, p, m, dz) = d.unwrap_or_default();
        let mut z = dz;
        if let Some((minutes, cz)) = c {
            w.time = Some(Time {
                lo: minutes,
                hi: minutes,
                clock: true,
                modifier: 0,
                part: None,
            });
            if cz.is_some() {
                z = cz;
            }
        } else if p.is_some() || m != 0 {
            let (lo, hi) = p.unwrap_or((0, 1440));
            let third = (hi - lo) / 3;
            let (lo2, hi2) = match m {
                -1 => (lo, hi - third),
                1 => (lo + third, hi),
                _ => (lo, hi),
            };
            w.time = Some(Time {
                lo: lo2,
                hi: hi2,
                clock: false,
                modifier: m,
                part: p,
            });
        }
        match z {
            Some(Some(z)) => w.zone = Some(z),
            Some(None) => w.local = true,
            None => {}
        }
        Ok((i, (start..i.pos, w)))
    }
}

/// A word before a day or time that makes it a bound of the event, not its
/// moment (`before 9 p.m.`, `until Friday`).
pub fn is_bound(text: &str, t: &Token) -> bool {
    t.is_word()
        && crate::parse::input::in_list(
            t.text(text),
            &[
                "before", "after", "until", "till", "since", "by", "from", "through", "than",
                "between", "ahead",
            ],
        )
}

/// The day a relative phrase names, from the article's date: `yesterday` in
/// an article of 2024-07-20 is July 19, 2024. Without a date a day given
/// only relatively is left out (`None`); `last Friday` keeps its weekday.
pub fn resolve(w: When, article: Option<Date>) -> Option<When> {
    let Some(rel) = w.rel else {
        return Some(w);
    };
    let date = article.filter(Date::full);
    let mut out = w;
    match (rel, date) {
        (Rel::Days(n), Some(d)) => {
            let r = Date::from_days(d.days() + i64::from(n));
            (out.year, out.month, out.day) = (Some(r.y), Some(r.m), Some(r.d));
        }
        (Rel::Days(_), None) => return None,
        (Rel::Last, Some(d)) => {
            let wd = i64::from(w.weekday?);
            let today = (d.days() + 3).rem_euclid(7);
            let back = (today - wd - 1).rem_euclid(7) + 1;
            let r = Date::from_days(d.days() - back);
            (out.year, out.month, out.day) = (Some(r.y), Some(r.m), Some(r.d));
        }
        (Rel::Last, None) => {}
    }
    Some(out)
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

/// The civil date of a day since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// The day of the `n`th Sunday of a month (`n` 0 = the last).
fn sunday(y: i32, m: u8, n: i64) -> i64 {
    if n == 0 {
        let next = if m == 12 {
            days_from_civil(y + 1, 1, 1)
        } else {
            days_from_civil(y, m + 1, 1)
        };
        let last = next - 1;
        return last - (last + 4).rem_euclid(7);
    }
    let first = days_from_civil(y, m, 1);
    // 1970-01-01 was a Thursday: day + 4 is 0 on Sundays.
    first + (7 - (first + 4).rem_euclid(7)).rem_euclid(7) + 7 * (n - 1)
}

/// Whether a region keeps daylight time on a day.
fn daylight(rule: DstRule, date: Date) -> bool {
    let z = date.days();
    let y = date.y;
    match rule {
        DstRule::Us => sunday(y, 3, 2) <= z && z < sunday(y, 11, 1),
        DstRule::Eu => sunday(y, 3, 0) <= z && z < sunday(y, 10, 0),
        DstRule::Au => !(sunday(y, 4, 1) <= z && z < sunday(y, 10, 1)),
    }
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

    /// The day as a reader writes it: `Friday`, `July 19`, `Friday, July
    /// 19, 2024 AEST`, `Monday, 9 p.m. ET`, `early Friday morning`,
    /// `yesterday (July 19, 2024)`.
    pub fn label(&self, lex: &Lexicon) -> String {
        let mut day = String::new();
        if let Some(w) = self.weekday {
            if self.rel == Some(Rel::Last) {
                day.push_str("last ");
            }
            let mut n = WEEKDAYS[w as usize].to_string();
            n[..1].make_ascii_uppercase();
            day.push_str(&n);
        }
        let mut date = String::new();
        if let (Some(m), Some(d)) = (self.month, self.day) {
            date.push_str(&format!("{} {d}", MONTH_NAMES[m as usize - 1]));
            if let Some(y) = self.year {
                date.push_str(&format!(", {y}"));
            }
        }
        let mut out = String::new();
        let part_word = self.time.filter(|t| !t.clock).and_then(|t| {
            let p = t.part?;
            lex.times
                .iter()
                .filter(|(_, tw)| **tw == TimeWord::Part(p.0, p.1))
                .map(|(w, _)| w.as_str())
                .min()
        });
        if let Some(t) = self.time.filter(|t| !t.clock && t.modifier != 0) {
            out.push_str(if t.modifier < 0 { "early " } else { "late " });
        }
        match self.rel {
            Some(Rel::Days(n)) => {
                let word = match (n, part_word) {
                    (0, Some("night")) => "tonight".to_string(),
                    (-1, Some("night")) => "last night".to_string(),
                    (0, Some(p)) => format!("this {p}"),
                    (-1, Some(p)) => format!("yesterday {p}"),
                    (1, Some(p)) => format!("tomorrow {p}"),
                    (-1, None) => "yesterday".into(),
                    (1, None) => "tomorrow".into(),
                    (0, None) => "today".into(),
                    (n, _) => format!("{n:+} days"),
                };
                out.push_str(&word);
                if !date.is_empty() {
                    out.push_str(&format!(" ({date})"));
                }
            }
            _ => {
                out.push_str(&day);
                if !date.is_empty() {
                    if !day.is_empty() {
                        out.push_str(", ");
                    }
                    out.push_str(&date);
                }
                if let Some(p) = part_word {
                    out.push(' ');
                    out.push_str(p);
                }
            }
        }
        if let Some(t) = self.time.filter(|t| t.clock) {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&clock_label(t.lo));
        }
        if let Some(z) = self.zone.and_then(|z| lex.zones.get(z)) {
            out.push(' ');
            out.push_str(&z.name);
        } else if self.local {
            out.push_str(" local time");
        }
        out.trim().to_string()
    }

    /// The date the zone's season is read from: the event's, else the article's.
    fn season(&self, article: Option<Date>) -> Option<Date> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Some(Date {
                y: self.year.or(article.map(|a| a.y))?,
                m,
                d,
                stamp: false,
            }),
            _ => article.filter(Date::full),
        }
    }

    /// The same moment written as another zone's clock: the time moved by
    /// `minutes`, and the day with it.
    fn shifted(&self, minutes: i32) -> When {
        let mut out = *self;
        out.zone = None;
        out.local = false;
        let Some(t) = self.time.filter(|t| t.clock) else {
            return out;
        };
        let m = i32::from(t.lo) + minutes;
        let days = m.div_euclid(1440);
        let clock = m.rem_euclid(1440) as u16;
        out.time = Some(Time {
            lo: clock,
            hi: clock,
            ..t
        });
        if days != 0 {
            out.rel = None;
            out.weekday = self
                .weekday
                .map(|w| (i32::from(w) + days).rem_euclid(7) as u8);
            if let (Some(mo), Some(d)) = (self.month, self.day) {
                let (y, mo, d) = civil_from_days(
                    days_from_civil(self.year.unwrap_or(2001), mo, d) + i64::from(days),
                );
                (out.month, out.day) = (Some(mo), Some(d));
                out.year = self.year.map(|_| y);
            }
        }
        out
    }
}

/// `9 p.m.`, `9:30 a.m.`, `12:09 a.m.`, `noon`, `midnight`.
fn clock_label(m: u16) -> String {
    let m = m % 1440;
    match m {
        0 => return "midnight".into(),
        720 => return "noon".into(),
        _ => {}
    }
    let (h, min) = (m / 60, m % 60);
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let ap = if h < 12 { "a.m." } else { "p.m." };
    if min == 0 {
        format!("{h12} {ap}")
    } else {
        format!("{h12}:{min:02} {ap}")
    }
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

/// A zone as a day is read in: the zone it names, else the reference zone
/// (assumed); its offset on the day, and how the note should say it.
struct ZoneUse<'l> {
    zone: &'l crate::lexicon::Zone,
    offset: i32,
    assumed: bool,
    /// A zone with daylight time and no date to pick by.
    season_unknown: bool,
}

fn zone_use<'l>(lex: &'l Lexicon, w: &When, article: Option<Date>) -> Option<ZoneUse<'l>> {
    let (zone, assumed) = match w.zone.and_then(|z| lex.zones.get(z)) {
        Some(z) => (z, false),
        None => (lex.zones.iter().find(|z| z.reference)?, true),
    };
    let (offset, season_unknown) = match (zone.dst, w.season(article)) {
        (Some((rule, std, day)), Some(d)) => (if daylight(rule, d) { day } else { std }, false),
        (Some(_), None) => (zone.offset, true),
        (None, _) => (zone.offset, false),
    };
    Some(ZoneUse {
        zone,
        offset,
        assumed,
        season_unknown,
    })
}

impl ZoneUse<'_> {
    /// `ET, UTC−4, assumed for a day given without a zone`.
    fn describe(&self, what: &str) -> String {
        let mut s = format!("{}, {}", self.zone.name, utc(self.offset));
        if self.season_unknown {
            s.push_str(" in summer");
        }
        if self.assumed {
            s.push_str(&format!(", assumed for a {what} given without a zone"));
        }
        s
    }
}

/// Why `later` and `earlier` may be one moment: `later` names a zone ahead
/// of `earlier`'s (or of the reference zone assumed for a day given without
/// one), and read in `earlier`'s zone it falls on `earlier`'s day or time.
/// `Tuesday AEST is Monday in the US (ET, UTC−4): AEST is UTC+10, 14 hours
/// ahead`; with clock times the moment converted, `Tuesday, 11 a.m. AEST is
/// Monday, 9 p.m. in the US`.
pub fn zone_explanation(
    lex: &Lexicon,
    earlier: &When,
    de: Option<Date>,
    later: &When,
    dl: Option<Date>,
) -> Option<String> {
    if earlier.zone.is_none() && later.zone.is_none() || earlier.local || later.local {
        return None;
    }
    let behind = zone_use(lex, earlier, de)?;
    let ahead = zone_use(lex, later, dl)?;
    let diff = ahead.offset - behind.offset;
    if diff <= 0 {
        return None;
    }
    let hours = f64::from(diff) / 60.0;
    let hours = if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours}")
    };
    // The later moment on the earlier's clock when it is a clock time, else
    // the earlier's day.
    let there = if later.time.is_some_and(|t| t.clock) {
        later.shifted(-diff)
    } else {
        let mut d = *earlier;
        d.zone = None;
        d.local = false;
        d.time = None;
        d
    };
    let what = if earlier.time.is_some() {
        "time"
    } else {
        "day"
    };
    let mut ahead_desc = utc(ahead.offset);
    if ahead.assumed {
        ahead_desc = ahead.describe(what);
    } else if ahead.season_unknown {
        ahead_desc.push_str(" in summer");
    }
    Some(format!(
        "{} is {} in {} ({}): {} is {ahead_desc}, {hours} hours ahead; one moment in two time zones",
        later.label(lex),
        there.label(lex),
        behind.zone.place,
        behind.describe(what),
        ahead.zone.name,
    ))
}

/// How two outlets' phrases for one event's time compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Moment {
    /// The same day or time, or nothing to tell them apart by.
    Same,
    /// One moment written in two time zones, explained.
    OneMoment(String),
    /// Different days (`b` so many days after `a`) or, both giving clock
    /// times or parts of a day, times that never meet.
    Apart { days: Option<i64>, times: bool },
}

/// Compare two phrases as moments (see [`Moment`]); `da`/`db` are the
/// articles' dates.
pub fn relate(lex: &Lexicon, a: &When, da: Option<Date>, b: &When, db: Option<Date>) -> Moment {
    let ya = da.map(|d| d.y);
    let yb = db.map(|d| d.y);
    let day = a.compare(ya, b, yb);
    // A relative day read from a timestamp in UTC may be the outlet's day
    // before or after: one day apart tells nothing.
    let stamped = |w: &When, d: Option<Date>| w.rel.is_some() && d.is_some_and(|d| d.stamp);
    if (stamped(a, da) || stamped(b, db)) && matches!(day, Cmp::Apart(n) if n.abs() == 1) {
        return Moment::Same;
    }
    let explain = |n: i64| {
        if n > 0 {
            zone_explanation(lex, a, da, b, db)
        } else {
            zone_explanation(lex, b, db, a, da)
        }
    };
    match (a.time, b.time) {
        (Some(ta), Some(tb)) => {
            // Local time against a named zone: the place's zone is not
            // known, so only days more than one apart tell them apart.
            if a.local && b.zone.is_some() || b.local && a.zone.is_some() {
                return match day {
                    Cmp::Apart(n) if n.abs() > 1 => Moment::Apart {
                        days: Some(n),
                        times: false,
                    },
                    _ => Moment::Same,
                };
            }
            let zoned = a.zone.is_some() || b.zone.is_some();
            let (oa, ob) = if zoned {
                match (zone_use(lex, a, da), zone_use(lex, b, db)) {
                    (Some(x), Some(y)) => (x.offset, y.offset),
                    _ => (0, 0),
                }
            } else {
                (0, 0)
            };
            let shifts: &[i64] = match day {
                Cmp::Same => &[0],
                Cmp::Apart(n) if n.abs() <= 3 => &[n],
                Cmp::Apart(_) => &[],
                Cmp::Unknown => &[-1, 0, 1],
            };
            let span = |t: Time, off: i32, day: i64| -> Vec<(i64, i64)> {
                let base = day * 1440 - i64::from(off);
                let mut v = vec![(base + i64::from(t.lo), base + i64::from(t.hi))];
                // Midnight: the start or the end of its day.
                if t.clock && t.lo == 0 {
                    v.push((base + 1440, base + 1440));
                }
                v
            };
            let meet = shifts.iter().any(|&n| {
                span(ta, oa, 0)
                    .iter()
                    .any(|x| span(tb, ob, n).iter().any(|y| x.0 <= y.1 && y.0 <= x.1))
            });
            if !meet {
                return Moment::Apart {
                    days: match day {
                        Cmp::Apart(n) => Some(n),
                        _ => None,
                    },
                    times: true,
                };
            }
            if oa == ob {
                return Moment::Same;
            }
            // One moment in two zones: explained from the zone ahead.
            let ahead_is_b = ob > oa;
            let why = if ahead_is_b {
                zone_explanation(lex, a, da, b, db)
            } else {
                zone_explanation(lex, b, db, a, da)
            };
            why.map_or(Moment::Same, Moment::OneMoment)
        }
        (Some(_), None) | (None, Some(_)) => match day {
            Cmp::Same | Cmp::Unknown => Moment::Same,
            Cmp::Apart(n) => {
                // The timed side read on the other's clock: on the other's day?
                let (timed, dt, other, dother, k) = if a.time.is_some() {
                    (a, da, b, db, -n)
                } else {
                    (b, db, a, da, n)
                };
                let on_day = match (zone_use(lex, timed, dt), zone_use(lex, other, dother)) {
                    (Some(x), Some(y))
                        if !timed.local
                            && !other.local
                            && (timed.zone.is_some() || other.zone.is_some()) =>
                    {
                        let t = timed.time.unwrap_or_default();
                        let off = i64::from(y.offset - x.offset);
                        let lo = k * 1440 + i64::from(t.lo) + off;
                        let hi = k * 1440 + i64::from(t.hi) + off;
                        lo < 1440 && hi >= 0
                    }
                    _ => false,
                };
                match (on_day, n.abs() == 1) {
                    (true, true) => explain(n).map_or(
                        Moment::Apart {
                            days: Some(n),
                            times: false,
                        },
                        Moment::OneMoment,
                    ),
                    _ => Moment::Apart {
                        days: Some(n),
                        times: false,
                    },
                }
            }
        },
        (None, None) => match day {
            Cmp::Same | Cmp::Unknown => Moment::Same,
            Cmp::Apart(n) => match explain(n).filter(|_| n.abs() == 1) {
                Some(why) => Moment::OneMoment(why),
                None => Moment::Apart {
                    days: Some(n),
                    times: false,
                },
            },
        },
    }
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
                "on Friday, July 19, 2024 at noon",
                "Friday, July 19, 2024, noon",
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
        let why = zone_explanation(&lex, &monday, None, &tue, None).unwrap();
        assert!(why.starts_with("Tuesday AEST is Monday in the US"), "{why}");
        assert!(zone_explanation(&lex, &tue, None, &monday, None).is_none());
    }

    #[test]
    fn time_phrases() {
        let lex = Lexicon::builtin();
        for (text, phrase, label) in [
            (
                "at 9 p.m. ET Monday, officials",
                "at 9 p.m. ET Monday",
                "Monday, 9 p.m. ET",
            ),
            (
                "at 9 p.m. Monday ET.",
                "at 9 p.m. Monday ET",
                "Monday, 9 p.m. ET",
            ),
            (
                "9:30 a.m. local time.",
                "9:30 a.m. local time",
                "9:30 a.m. local time",
            ),
            ("at noon, when", "at noon", "noon"),
            ("at midnight.", "at midnight", "midnight"),
            ("early Friday, when", "early Friday", "early Friday"),
            ("early on Friday.", "early on Friday", "early Friday"),
            ("Friday morning.", "Friday morning", "Friday morning"),
            (
                "on the morning of July 19.",
                "on the morning of July 19",
                "July 19 morning",
            ),
            ("on Friday evening.", "on Friday evening", "Friday evening"),
            (
                "late Friday night.",
                "late Friday night",
                "late Friday night",
            ),
            (
                "at 04:09 UTC on Friday",
                "at 04:09 UTC on Friday",
                "Friday, 4:09 a.m. UTC",
            ),
            ("04:09 UTC.", "04:09 UTC", "4:09 a.m. UTC"),
            ("at 0409 GMT.", "at 0409 GMT", "4:09 a.m. GMT"),
            (
                "at 11am AEST Tuesday",
                "at 11am AEST Tuesday",
                "Tuesday, 11 a.m. AEST",
            ),
            ("at 9:45pm.", "at 9:45pm", "9:45 p.m."),
            ("at 9.30am.", "at 9.30am.", "9:30 a.m."),
            (
                "Monday at 9 p.m. ET (0100 GMT).",
                "Monday at 9 p.m. ET (0100 GMT)",
                "Monday, 9 p.m. ET",
            ),
            (
                "on Friday, July 19, at 4 p.m.",
                "on Friday, July 19, at 4 p.m.",
                "Friday, July 19, 4 p.m.",
            ),
            ("yesterday.", "yesterday", "yesterday"),
            ("tonight.", "tonight", "tonight"),
            ("this morning.", "this morning", "this morning"),
            ("last night.", "last night", "last night"),
            ("last Friday.", "last Friday", "last Friday"),
        ] {
            let (p, w) = parse(text).unwrap_or_else(|| panic!("no time in {text:?}"));
            assert_eq!(p, phrase, "{text}");
            assert_eq!(w.label(&lex), label, "{text}");
        }
        let (_, w) = parse("at 9:30 a.m.").unwrap();
        assert_eq!(w.time.map(|t| (t.lo, t.hi)), Some((570, 570)));
        let (_, w) = parse("at 12:09 a.m.").unwrap();
        assert_eq!(w.time.map(|t| t.lo), Some(9));
        // Not times: a bare number, a score, a programme, a bare hour with a colon.
        assert!(parse("at 9 people").is_none());
        assert!(parse("9:30 of the match").is_none());
        assert!(parse("Today show").is_none());
        assert!(parse("Tonight Show").is_none());
        assert!(parse("at 1409 people").is_none());
    }

    #[test]
    fn relative_days_resolve_against_the_article_date() {
        let lex = Lexicon::builtin();
        let date = Date::parse(Some("2024-07-20"));
        let (_, y) = parse("yesterday").unwrap();
        let y = resolve(y, date).unwrap();
        assert_eq!(y.label(&lex), "yesterday (July 19, 2024)");
        let (_, fri) = parse("Friday").unwrap();
        assert_eq!(relate(&lex, &y, date, &fri, None), Moment::Same);
        let (_, thu) = parse("Thursday").unwrap();
        assert!(matches!(
            relate(&lex, &y, date, &thu, None),
            Moment::Apart { .. }
        ));
        // Without an article date a relative day is left out.
        let (_, y2) = parse("yesterday").unwrap();
        assert!(resolve(y2, None).is_none());
        // `last Friday` in an article of Saturday, July 27, 2024: July 26.
        let (_, lf) = parse("last Friday").unwrap();
        let lf = resolve(lf, Date::parse(Some("2024-07-27T10:00:00Z"))).unwrap();
        assert_eq!((lf.month, lf.day), (Some(7), Some(26)));
        // From a UTC timestamp the outlet's day may be one off: no conflict
        // one day apart, a conflict two days apart.
        let stamp = Date::parse(Some("2024-07-20T02:00:00Z"));
        let (_, y3) = parse("yesterday").unwrap();
        let y3 = resolve(y3, stamp).unwrap();
        assert_eq!(relate(&lex, &y3, stamp, &thu, None), Moment::Same);
        let (_, wed) = parse("Wednesday").unwrap();
        assert!(matches!(
            relate(&lex, &y3, stamp, &wed, None),
            Moment::Apart { .. }
        ));
        assert!(
            !Date::parse(Some("2024-07-20T02:00:00-04:00"))
                .unwrap()
                .stamp
        );
        // `tonight` is today's night.
        let (_, t) = parse("tonight").unwrap();
        let t = resolve(t, date).unwrap();
        assert_eq!((t.day, t.time.map(|t| t.lo)), (Some(20), Some(18 * 60)));
    }

    #[test]
    fn moments_across_zones() {
        let lex = Lexicon::builtin();
        let july = Date::parse(Some("2024-07-19"));
        let jan = Date::parse(Some("2024-01-19"));
        let m = |s: &str| parse(s).unwrap().1;
        // 9 p.m. ET Monday = 11 a.m. AEST Tuesday (EDT, UTC−4, in July).
        let why = match relate(
            &lex,
            &m("at 9 p.m. ET Monday"),
            july,
            &m("11 a.m. AEST Tuesday"),
            july,
        ) {
            Moment::OneMoment(w) => w,
            other => panic!("{other:?}"),
        };
        assert!(
            why.starts_with("Tuesday, 11 a.m. AEST is Monday, 9 p.m. in the US (ET, UTC−4)"),
            "{why}"
        );
        // In January ET is UTC−5: 9 p.m. ET is noon AEST, not 11 a.m.
        assert!(matches!(
            relate(
                &lex,
                &m("at 9 p.m. ET Monday"),
                jan,
                &m("11 a.m. AEST Tuesday"),
                jan
            ),
            Moment::Apart { times: true, .. }
        ));
        let why = match relate(&lex, &m("04:09 UTC"), july, &m("12:09 a.m. ET"), july) {
            Moment::OneMoment(w) => w,
            other => panic!("{other:?}"),
        };
        assert!(
            why.starts_with("4:09 a.m. UTC is 12:09 a.m. in the US (ET, UTC−4)"),
            "{why}"
        );
        // Different moments.
        assert!(matches!(
            relate(
                &lex,
                &m("at 9 p.m. Monday"),
                july,
                &m("at 10 p.m. Monday"),
                july
            ),
            Moment::Apart { times: true, .. }
        ));
        // A time only one outlet gives is no conflict; nor are overlapping parts.
        assert_eq!(
            relate(&lex, &m("Friday"), july, &m("early Friday"), july),
            Moment::Same
        );
        assert_eq!(
            relate(&lex, &m("early Friday"), july, &m("Friday morning"), july),
            Moment::Same
        );
        assert_eq!(
            relate(&lex, &m("at 9 p.m."), july, &m("at 21:00"), july),
            Moment::Same
        );
        // Midnight is the start or the end of its day.
        assert_eq!(
            relate(&lex, &m("midnight Friday"), july, &m("Friday night"), july),
            Moment::Same
        );
        // Local time against a named zone: unknown, so no conflict.
        assert_eq!(
            relate(&lex, &m("9 a.m. local time"), july, &m("9 p.m. ET"), july),
            Moment::Same
        );
        // A day with a clock time placed on the other's day in its zone.
        assert!(matches!(
            relate(&lex, &m("Monday"), july, &m("Tuesday 11 a.m. AEST"), july),
            Moment::OneMoment(_)
        ));
        assert!(matches!(
            relate(&lex, &m("Monday"), july, &m("Tuesday 9 p.m. AEST"), july),
            Moment::Apart { .. }
        ));
    }

    #[test]
    fn daylight_rules() {
        let d = |s: &str| Date::parse(Some(s)).unwrap();
        assert!(daylight(DstRule::Us, d("2024-07-19")));
        assert!(!daylight(DstRule::Us, d("2024-03-09")));
        assert!(daylight(DstRule::Us, d("2024-03-10")));
        assert!(!daylight(DstRule::Us, d("2024-11-03")));
        assert!(daylight(DstRule::Eu, d("2024-03-31")));
        assert!(!daylight(DstRule::Eu, d("2024-10-27")));
        assert!(daylight(DstRule::Au, d("2024-01-10")));
        assert!(!daylight(DstRule::Au, d("2024-07-10")));
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }
}
