//! Who attends a meeting and on which day, as each outlet tells it.
//!
//! A meeting is read from one sentence as a frame: its participants (`Trump
//! will meet Putin`, `talks between Zelensky, Trump and European leaders`,
//! `attended by the leaders of France and Germany`, `X joined the call`,
//! `X will not attend`), the meeting noun, and the day when one follows.
//! Frames of different outlets are one meeting when they share two
//! participants (names matched through the speaker entities, so Zelensky and
//! Zelenskyy are one person); a frame naming one participant joins the only
//! meeting that has them. The words that say who attends are
//! `grammar/attendance.tsv`; the meeting nouns the `meeting` class of
//! `grammar/events.tsv`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use nom::Parser;
use nom::combinator::opt;
use nom::multi::many_m_n;

use super::when::{Date, When, is_bound, resolve, when};
use super::{Docs, Fact, FactKind, Status};
use crate::document::Document;
use crate::lexicon::{Attend, Lexicon};
use crate::parse::attribution::WEEKDAYS;
use crate::parse::input::{Cx, PResult, Toks, fail, punct, tok, word_in};
use crate::parse::tokens::{Token, TokenKind};
use crate::segment::SegmentKind;
use crate::speakers::{Entity, EntityKind, surname_key};

/// The class of `events.tsv` whose nouns are meetings.
pub const MEETING: &str = "meeting";

/// One participant as a frame names them.
#[derive(Clone, Debug)]
struct Part {
    /// What aligns them across outlets: the entity, a surname key, or a group's words.
    key: String,
    /// How the report names them.
    name: String,
    person: bool,
    attends: bool,
    /// A person read before the speakers were merged: `key` is the
    /// surname's key and `name` as written, until [`resolve_frames`] names
    /// the entity the key stands for, if any.
    unresolved: Option<Naming>,
}

/// How a person's canonical name stands in a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Naming {
    /// As the entity is named.
    Whole,
    /// Without the titles that lead it (`Secretary-General X`).
    Untitled,
}

/// A meeting as one sentence tells it.
#[derive(Clone, Debug)]
pub(super) struct Frame {
    doc: usize,
    /// Byte span of the phrase that states it.
    span: Range<usize>,
    noun: Option<String>,
    parts: Vec<Part>,
    /// The day and the byte span of the phrase from the trigger to the day.
    day: Option<(When, Range<usize>)>,
    /// A capitalized word right before the noun (`the Washington meeting`).
    place: Option<String>,
    /// The sentence's bytes.
    sentence: Range<usize>,
}

fn role(cx: Cx<'_, '_>, t: &Token) -> Option<Attend> {
    if !t.is_word() {
        return None;
    }
    let w = t.text(cx.text);
    if w.is_ascii() {
        // (Read at every word: no string of its own for most words.)
        return ascii_lower(w, |w| cx.lex.attendance.get(w).copied());
    }
    let w = w.to_lowercase().replace('\u{2019}', "'");
    cx.lex.attendance.get(&w).copied()
}

fn is_meeting_noun(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.is_word()
        && ascii_lower(t.text(cx.text), |w| {
            cx.lex.events.get(w).is_some_and(|c| c == MEETING)
        })
}

/// `f` of `w` in ASCII lower case, in a buffer on the stack when `w` is short.
fn ascii_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    match buf.get_mut(..w.len()) {
        Some(b) => {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            f(std::str::from_utf8(b).expect("ASCII case mapping keeps UTF-8"))
        }
        None => f(&w.to_ascii_lowercase()),
    }
}

fn is_calendar(cx: Cx<'_, '_>, t: &Token) -> bool {
    let w = t.text(cx.text).trim_end_matches('.').to_ascii_lowercase();
    WEEKDAYS.contains(&w.as_str())
        || cx.lex.months.contains_key(&w)
        || cx.lex.zones.iter().any(|z| z.name == t.text(cx.text))
        || cx.lex.times.contains_key(&w)
}

/// A word that may be part of a participant's name or title.
fn name_word(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.is_word()
        && t.has(Token::CAPITALIZED)
        && !t.is_pronoun()
        && !is_calendar(cx, t)
        && role(cx, t).is_none_or(|r| r == Attend::Meet)
        && !crate::parse::input::in_list(
            t.text(cx.text),
            &[
                "The", "A", "An", "But", "And", "On", "In", "At", "After", "Before", "While",
                "When", "Oval", "White", "House",
            ],
        )
}

/// One participant: `US President Donald Trump`, `Secretary of State Marco
/// Rubio`, `major European leaders`, `allies`. Yields its token range.
fn participant<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = opt(word_in(cx, &["the"])).parse(i)?;
        let start = i.pos;
        let lower_adj = tok(move |t: &Token| {
            t.is_word()
                && !t.has(Token::CAPITALIZED)
                && !t.is_group()
                && role(cx, t).is_none()
                && matches!(
                    t.text(cx.text),
                    "major" | "other" | "key" | "senior" | "top"
                )
        });
        // `harbor officials`: any plain word right before a group noun.
        let (i, _) = opt((
            tok(move |t: &Token| {
                t.is_word()
                    && !t.has(Token::CAPITALIZED)
                    && !t.is_group()
                    && role(cx, t).is_none()
                    && !crate::parse::attribution::is_function_word(cx.text, t)
            }),
            nom::combinator::peek(tok(move |t: &Token| {
                t.is_word() && t.is_group() && !t.has(Token::CAPITALIZED)
            })),
        ))
        .parse(i)?;
        let (i, _) = many_m_n(0, 1, lower_adj).parse(i)?;
        // Name and title words, `of` inside a title (`Secretary of State`).
        let (i, names) = many_m_n(
            0,
            6,
            nom::branch::alt((tok(move |t: &Token| name_word(cx, t)), |i: Toks<'a, 'l>| {
                let (r, k) = word_in(cx, &["of"])(i)?;
                // `of` only between a title and a name word.
                let prev_title = k > 0 && i.all[k - 1].is_title();
                match r.first() {
                    Some(n) if prev_title && name_word(cx, n) => Ok((r, k)),
                    _ => fail(i),
                }
            })),
        )
        .parse(i)?;
        let (i, group) = opt(tok(move |t: &Token| {
            t.is_word() && t.is_group() && !t.has(Token::CAPITALIZED)
        }))
        .parse(i)?;
        if names.is_empty() && group.is_none() {
            return fail(i);
        }
        // `President Jonas Tarr of Vesteria`: the country after the name.
        let (i, _) = opt((
            word_in(cx, &["of"]),
            tok(move |t: &Token| name_word(cx, t) && !t.is_title()),
        ))
        .parse(i)?;
        // `Trump's envoy`: the name is not the participant.
        if i.first().is_some_and(|t| t.kind == TokenKind::Possessive) {
            return fail(i);
        }
        Ok((i, start..i.pos))
    }
}

/// `A`, `A and B`, `A, B and C`, `A, B, and C`.
fn participants<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Vec<Range<usize>>> {
    move |i: Toks<'a, 'l>| {
        let (mut i, first) = participant(cx)(i)?;
        let mut out = vec![first];
        while out.len() < 12 {
            let sep = (
                opt(punct(',')),
                opt(word_in(cx, &["and", "&"])),
                participant(cx),
            )
                .parse(i);
            match sep {
                Ok((r, (comma, and, p))) if comma.is_some() || and.is_some() => {
                    out.push(p);
                    i = r;
                    if and.is_some() {
                        break;
                    }
                }
                _ => break,
            }
        }
        Ok((i, out))
    }
}

/// `the leaders of France, Germany and Britain`: one participant each.
fn leaders_of<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Vec<Range<usize>>> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = opt(word_in(cx, &["the"])).parse(i)?;
        let (i, _) = word_in(
            cx,
            &[
                "leaders",
                "heads",
                "presidents",
                "ministers",
                "representatives",
            ],
        )(i)?;
        let (i, _) = word_in(cx, &["of"])(i)?;
        participants(cx)(i)
    }
}

/// Names people through the speaker entities: surname key -> (id, name).
pub(super) struct Names {
    by_key: BTreeMap<String, Option<(String, String)>>,
}

impl Names {
    pub(super) fn new(entities: &[Entity]) -> Names {
        let mut by_key: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
        for e in entities.iter().filter(|e| e.kind == EntityKind::Person) {
            for a in &e.aliases {
                let Some(sn) = a.split_whitespace().last() else {
                    continue;
                };
                let v = (format!("e{}", e.id), e.name.clone());
                by_key
                    .entry(surname_key(sn))
                    .and_modify(|x| {
                        if x.as_ref() != Some(&v) {
                            *x = None;
                        }
                    })
                    .or_insert(Some(v));
            }
        }
        Names { by_key }
    }

    /// The participant over `toks` (a name, a title and name, or a group);
    /// a person is named as written until [`Names::resolve`].
    fn part(cx: Cx<'_, '_>, toks: &[Token], r: &Range<usize>, attends: bool) -> Part {
        let words: Vec<&str> = toks[r.clone()].iter().map(|t| t.text(cx.text)).collect();
        let last = toks[r.end - 1];
        if last.is_group() && !last.has(Token::CAPITALIZED) {
            // `major European leaders` / `Europeans leaders`: the noun and its
            // place word, singular.
            let noun = words.last().unwrap().to_lowercase();
            let place = words
                .iter()
                .rev()
                .nth(1)
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| w.trim_end_matches('s').to_lowercase());
            let key = match place {
                Some(p) => format!("{p} {}", noun.trim_end_matches('s')),
                None => noun.trim_end_matches('s').to_string(),
            };
            return Part {
                key,
                name: words
                    .iter()
                    .filter(|w| !matches!(**w, "major" | "other" | "key" | "senior" | "top"))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
                person: false,
                attends,
                unresolved: None,
            };
        }
        // A person: the last word before `of Vesteria` is the surname;
        // titles before the name go.
        let r = &(r.start
            ..(r.start + 1..r.end)
                .find(|&m| toks[m].text(cx.text) == "of" && !toks[m - 1].is_title())
                .unwrap_or(r.end));
        let last = toks[r.end - 1];
        let surname = last.text(cx.text);
        let key = surname_key(surname);
        // `Secretary-General`: a title written with a hyphen.
        let title = |t: &Token| {
            t.is_title()
                || t.text(cx.text)
                    .split('-')
                    .all(|h| cx.lex.word(&h.to_lowercase()).is_some_and(|i| i.title))
        };
        let first_name = toks[r.start..r.end - 1]
            .iter()
            .rposition(title)
            .map_or(r.start, |p| r.start + p + 1);
        let name: Vec<&str> = toks[first_name..r.end]
            .iter()
            .map(|t| t.text(cx.text))
            .collect();
        Part {
            key,
            name: name.join(" "),
            person: true,
            attends,
            unresolved: Some(Naming::Untitled),
        }
    }

    /// Name the people of `parts` read before the speakers were merged:
    /// the entity a surname's key stands for, where exactly one does.
    fn resolve(&self, lex: &Lexicon, parts: &mut [Part]) {
        for p in parts {
            let Some(naming) = p.unresolved.take() else {
                continue;
            };
            let Some(Some((id, name))) = self.by_key.get(&p.key) else {
                continue;
            };
            p.key = id.clone();
            p.name = match naming {
                Naming::Whole => name.clone(),
                Naming::Untitled => {
                    // A canonical name may keep a hyphenated title (`Secretary-General X`).
                    let words: Vec<&str> = name.split_whitespace().collect();
                    let titles = words
                        .iter()
                        .take(words.len().saturating_sub(1))
                        .take_while(|w| {
                            w.split('-')
                                .all(|h| lex.word(&h.to_lowercase()).is_some_and(|i| i.title))
                        })
                        .count();
                    words[titles..].join(" ")
                }
            };
        }
    }
}

/// Back from `k` over auxiliaries and negations (`are scheduled to`, `will
/// not`): where the subject must end, and whether the verb is negated.
fn aux_back(cx: Cx<'_, '_>, toks: &[Token], from: usize, k: usize) -> (usize, bool) {
    let mut j = k;
    let mut negated = false;
    while j > from {
        let t = &toks[j - 1];
        match role(cx, t) {
            Some(Attend::Aux) => {}
            Some(Attend::Not) => negated = true,
            _ if t.is_word() && t.text(cx.text).ends_with("ly") => {}
            _ => break,
        }
        j -= 1;
    }
    (j, negated)
}

/// The subject list ending right at `end` (`Trump and Zelenskyy` before `are
/// scheduled to meet`), tried from the earliest start within a few tokens.
fn subject_before(cx: Cx<'_, '_>, toks: &[Token], from: usize, end: usize) -> Vec<Range<usize>> {
    // `Rubio, who also took part in the summit`: the name before `, who`.
    if end >= from + 3
        && crate::parse::input::in_list(toks[end - 1].text(cx.text), &["who"])
        && toks[end - 2].kind == TokenKind::Punct(',')
    {
        return subject_before(cx, toks, from, end - 2);
    }
    for st in from.max(end.saturating_sub(16))..end {
        // A list starts a clause: at the sentence start or after punctuation
        // or a conjunction, never inside a name.
        if st > from {
            let prev = &toks[st - 1];
            let opens = !prev.is_word()
                || crate::parse::input::in_list(
                    prev.text(cx.text),
                    &[
                        "and", "but", "as", "while", "when", "after", "before", "that",
                    ],
                );
            if !opens {
                continue;
            }
        }
        if let Ok((rest, list)) = participants(cx)(Toks::new(toks, st, end)) {
            if rest.pos == end {
                return list;
            }
        }
    }
    Vec::new()
}

/// Determiners and modifiers, then a meeting noun: `the call`, `the
/// Washington meeting`, `a video meeting`. Returns the noun's index.
fn meeting_np(cx: Cx<'_, '_>, toks: &[Token], k: usize, end: usize) -> Option<usize> {
    (k..end.min(k + 4))
        .find(|&m| is_meeting_noun(cx, &toks[m]))
        .filter(|&m| {
            (k..m).all(|x| {
                toks[x].is_word() && role(cx, &toks[x]).is_none_or(|r| r == Attend::With && x > k)
            })
        })
}

/// Frames of one sentence `s`, their people named as written (see
/// [`resolve_frames`]).
fn sentence_frames(
    cx: Cx<'_, '_>,
    toks: &[Token],
    s: Range<usize>,
    doc: usize,
    date: Option<Date>,
    out: &mut Vec<Frame>,
) {
    // Places read after `the leaders of`: each is that place's leader.
    let led = std::cell::RefCell::new(Vec::new());
    let list_at = |k: usize| -> Option<(usize, Vec<Range<usize>>)> {
        let i = Toks::new(toks, k, s.end);
        if let Ok((r, l)) = leaders_of(cx)(i) {
            led.borrow_mut().extend(l.iter().map(|p| p.start));
            return Some((r.pos, l));
        }
        participants(cx).parse(i).ok().map(|(r, l)| (r.pos, l))
    };
    let day_after = |k: usize| -> Option<(usize, When)> {
        // Within a few tokens, over `in Alaska`, `at the White House`.
        let mut m = k;
        while m < s.end && m < k + 8 {
            if let Ok((r, (_, w))) = when(cx)(Toks::new(toks, m, s.end)) {
                if m > s.start && is_bound(cx.text, &toks[m - 1]) {
                    return None;
                }
                return resolve(w, date).map(|w| (r.pos, w));
            }
            if !(toks[m].is_word() || toks[m].kind == TokenKind::Possessive) {
                return None;
            }
            m += 1;
        }
        None
    };
    let mut k = s.start;
    while k < s.end {
        let t = &toks[k];
        let r = role(cx, t);
        let noun_here = is_meeting_noun(cx, t)
            && !(r == Some(Attend::Meet)
                && (k == s.start || role(cx, &toks[k - 1]).is_some_and(|x| x == Attend::Aux)));
        let mut parts: Vec<(Range<usize>, bool)> = Vec::new();
        let mut start = k;
        let mut end = k + 1;
        let mut noun = None;
        let mut early = None;
        let mut day_from = None;
        if noun_here {
            // `talks between A and B`, `a meeting with A`, `the A-B talks`.
            noun = Some(k);
            if let Some(n) = toks.get(k + 1).filter(|_| k + 1 < s.end) {
                if role(cx, n) == Some(Attend::With) {
                    if let Some((e, l)) = list_at(k + 2) {
                        parts.extend(l.into_iter().map(|p| (p, true)));
                        end = e;
                    }
                }
            }
            // `Friday's summit`: the day owns the meeting.
            if k >= s.start + 2 && toks[k - 1].kind == TokenKind::Possessive {
                if let Ok((r, (_, w))) = when(cx)(Toks::new(toks, k - 2, k - 1)) {
                    if let Some(w) = resolve(w, date).filter(|_| r.pos == k - 1) {
                        early = Some((k + 1, w));
                        day_from = Some(k - 2);
                    }
                }
            }
            // `Donald Trump's meeting with Putin`, `Trump's summit`.
            if k >= s.start + 2 && toks[k - 1].kind == TokenKind::Possessive {
                let mut a = k - 1;
                while a > s.start && a + 6 > k && name_word(cx, &toks[a - 1]) {
                    a -= 1;
                }
                if a < k - 1 {
                    parts.insert(0, (a..k - 1, true));
                    start = a;
                }
            }
            if k > s.start {
                let prev = toks[k - 1].text(cx.text);
                let halves: Vec<&str> = prev.split('-').collect();
                if toks[k - 1].has(Token::CAPITALIZED)
                    && halves.len() == 2
                    && halves
                        .iter()
                        .all(|h| h.chars().next().is_some_and(char::is_uppercase))
                {
                    // Split later by name: kept as one range, read as two.
                    parts.push((k - 1..k, true));
                    start = k - 1;
                }
            }
        } else if let Some(r) = r {
            let from = s.start;
            match r {
                Attend::Meet => {
                    let (j, negated) = aux_back(cx, toks, from, k);
                    for p in subject_before(cx, toks, from, j) {
                        start = start.min(p.start);
                        parts.push((p, !negated));
                    }
                    let mut m = k + 1;
                    // `meet Monday with Trump`: the day before the object.
                    if let Ok((rr, (_, w))) = when(cx)(Toks::new(toks, m, s.end)) {
                        early = resolve(w, date).map(|w| (rr.pos, w));
                        m = rr.pos;
                    }
                    if m < s.end && role(cx, &toks[m]) == Some(Attend::With) {
                        m += 1;
                    }
                    if let Some((e, l)) = list_at(m) {
                        parts.extend(l.into_iter().map(|p| (p, !negated)));
                        end = e;
                    }
                }
                Attend::Attend | Attend::Absent | Attend::Host | Attend::Join => {
                    let (j, negated) = aux_back(cx, toks, from, k);
                    let attends = !negated && r != Attend::Absent;
                    let mut m = k + 1;
                    let w = t.text(cx.text).to_ascii_lowercase();
                    if w.starts_with("t") {
                        // `take part in`, `took part in`.
                        let ok = toks.get(m).is_some_and(|x| x.text(cx.text) == "part")
                            && toks.get(m + 1).is_some_and(|x| x.text(cx.text) == "in");
                        if !ok {
                            k += 1;
                            continue;
                        }
                        m += 2;
                    } else if m < s.end && toks[m].text(cx.text) == "in" {
                        m += 1;
                    }
                    // The passive: `attended by A and B`, `hosted by A`.
                    if m < s.end
                        && role(cx, &toks[m]) == Some(Attend::By)
                        && matches!(r, Attend::Attend | Attend::Host)
                    {
                        let n = (s.start.max(k.saturating_sub(6))..k)
                            .rev()
                            .find(|&x| is_meeting_noun(cx, &toks[x]));
                        if let (Some(n), Some((e, l))) = (n, list_at(m + 1)) {
                            noun = Some(n);
                            start = n;
                            parts.extend(l.into_iter().map(|p| (p, !negated)));
                            end = e;
                        } else if let (None, Some((e, l))) = (n, list_at(m + 1)) {
                            // `Zelensky will be joined by European leaders`:
                            // the subject and the list meet.
                            let subject = subject_before(cx, toks, from, j);
                            if !subject.is_empty() {
                                for p in subject {
                                    start = start.min(p.start);
                                    parts.push((p, !negated));
                                }
                                parts.extend(l.into_iter().map(|p| (p, !negated)));
                                end = e;
                            }
                        }
                    } else {
                        let subject = subject_before(cx, toks, from, j);
                        // `join Zelensky in talks with Trump`.
                        let mut objects = Vec::new();
                        if r == Attend::Join {
                            if let Some((e, l)) = list_at(m) {
                                if toks.get(e).is_some_and(|x| x.text(cx.text) == "in") {
                                    objects = l;
                                    m = e + 1;
                                }
                            }
                        }
                        // `Moreau will not attend.`: the meeting is the one
                        // the other frames name.
                        let bare = (m >= s.end || matches!(toks[m].kind, TokenKind::Punct(_)))
                            && matches!(r, Attend::Attend | Attend::Absent)
                            && w != "joined";
                        if bare && !subject.is_empty() {
                            for p in subject {
                                start = start.min(p.start);
                                parts.push((p, attends));
                            }
                        } else if let Some(n) = meeting_np(cx, toks, m, s.end) {
                            noun = Some(n);
                            end = n + 1;
                            for p in subject {
                                start = start.min(p.start);
                                parts.push((p, attends));
                            }
                            parts.extend(objects.into_iter().map(|p| (p, attends)));
                            // `a meeting of allies`, `talks with Trump`.
                            if n + 1 < s.end && role(cx, &toks[n + 1]) == Some(Attend::With) {
                                if let Some((e, l)) = list_at(n + 2) {
                                    parts.extend(l.into_iter().map(|p| (p, attends)));
                                    end = e;
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // The day: right after the noun or the list.
        let day = early
            .or_else(|| day_after(end))
            .or_else(|| noun.and_then(|n| day_after(n + 1)));
        if !parts.is_empty() || (noun.is_some() && day.is_some()) {
            let mut read = Vec::new();
            for (p, attends) in &parts {
                let txt = toks[p.start].text(cx.text);
                if p.len() == 1 && txt.contains('-') && toks[p.start].has(Token::CAPITALIZED) {
                    // `Trump-Putin`: two people.
                    for h in txt.split('-') {
                        read.push(Part {
                            key: surname_key(h),
                            name: h.to_string(),
                            person: true,
                            attends: *attends,
                            unresolved: Some(Naming::Whole),
                        });
                    }
                } else if led.borrow().contains(&p.start) {
                    let place: Vec<&str> =
                        toks[p.clone()].iter().map(|t| t.text(cx.text)).collect();
                    let place = place.join(" ");
                    read.push(Part {
                        key: format!("leader of {}", place.to_lowercase()),
                        name: format!("the leader of {place}"),
                        person: false,
                        attends: *attends,
                        unresolved: None,
                    });
                } else {
                    read.push(Names::part(cx, toks, p, *attends));
                }
            }
            let last = day.map_or(end, |(e, _)| e.max(end));
            let phrase_end = if parts.is_empty() {
                last
            } else {
                end.max(k + 1)
            };
            out.push(Frame {
                doc,
                span: toks[start].start..toks[phrase_end - 1].end,
                noun: noun.map(|n| toks[n].text(cx.text).to_ascii_lowercase()),
                parts: read,
                day: day.map(|(e, w)| {
                    let a = day_from.unwrap_or(noun.unwrap_or(k));
                    (w, toks[a].start..toks[e - 1].end)
                }),
                place: noun
                    .filter(|&n| n > s.start)
                    .map(|n| &toks[n - 1])
                    .filter(|t| name_word(cx, t) && !t.text(cx.text).contains('-') && !t.is_title())
                    .map(|t| t.text(cx.text).to_string()),
                sentence: toks[s.start].start..toks[s.end - 1].end,
            });
            k = end.max(k + 1);
        } else {
            k += 1;
        }
    }
}

/// The meeting frames of one document's main text.
#[cfg(test)]
fn frames_in(
    lex: &Lexicon,
    doc: &Document,
    di: usize,
    seg: &crate::segment::Segments<'_, '_>,
    names: &Names,
) -> Vec<Frame> {
    let mut out = read_frames(lex, doc, di, seg);
    resolve_frames(lex, &mut out, names);
    out
}

/// The meeting frames of one document's main text, their people named as
/// written: what can be read before the speakers are merged (then
/// [`resolve_frames`]).
pub(super) fn read_frames(
    lex: &Lexicon,
    doc: &Document,
    di: usize,
    seg: &crate::segment::Segments<'_, '_>,
) -> Vec<Frame> {
    let mut out = Vec::new();
    let cx = Cx {
        text: &doc.text,
        lex,
    };
    for p in seg
        .paragraphs
        .iter()
        .filter(|p| p.kind == SegmentKind::Main)
    {
        for s in &p.sentences {
            sentence_frames(
                cx,
                &seg.tokens,
                s.clone(),
                di,
                Date::parse(doc.date.as_deref()),
                &mut out,
            );
        }
    }
    out
}

/// Name the people of frames from [`read_frames`] by the merged speakers.
pub(super) fn resolve_frames(lex: &Lexicon, frames: &mut [Frame], names: &Names) {
    for f in frames {
        names.resolve(lex, &mut f.parts);
    }
}

/// Frames grouped into meetings: sharing two participants, or one frame's
/// only participant found in exactly one meeting.
fn meetings(docs: &[Document], frames: &[Frame]) -> Vec<Vec<usize>> {
    let n = frames.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    let keys: Vec<BTreeSet<&str>> = frames
        .iter()
        .map(|f| f.parts.iter().map(|p| p.key.as_str()).collect())
        .collect();
    // Frames that share two participants, through an index by pair of keys.
    let mut by_pair: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, ks) in keys.iter().enumerate() {
        let v: Vec<&str> = ks.iter().copied().collect();
        for a in 0..v.len() {
            for b in a + 1..v.len() {
                match by_pair.get(&(v[a], v[b])) {
                    Some(&j) => {
                        let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                        parent[ra] = rb;
                    }
                    None => {
                        by_pair.insert((v[a], v[b]), i);
                    }
                }
            }
        }
    }
    // One-participant frames join the only meeting of two or more that has them.
    let mut holders: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (i, ks) in keys.iter().enumerate().filter(|(_, k)| k.len() >= 2) {
        let r = find(&mut parent, i);
        for k in ks {
            holders.entry(k).or_default().insert(r);
        }
    }
    // A frame that names its meeting by place (`the Washington meeting`)
    // joins only a meeting whose sentences name that place (the words of
    // the first sentences of each meeting, to stay linear).
    let mut words_of: BTreeMap<usize, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for (i, _) in keys.iter().enumerate().filter(|(_, k)| k.len() >= 2) {
        let r = find(&mut parent, i);
        let e = words_of.entry(r).or_default();
        if e.0 < 20 {
            e.0 += 1;
            if let Some(t) = docs[frames[i].doc].text.get(frames[i].sentence.clone()) {
                e.1.extend(
                    t.split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty()),
                );
            }
        }
    }
    for (i, ks) in keys.iter().enumerate().filter(|(_, k)| k.len() == 1) {
        let k = ks.iter().next().unwrap();
        if let Some(rs) = holders.get(k).filter(|rs| rs.len() == 1) {
            let r = *rs.iter().next().unwrap();
            if let Some(p) = &frames[i].place {
                if !words_of
                    .get(&r)
                    .is_some_and(|(_, w)| w.contains(p.as_str()))
                {
                    continue;
                }
            }
            let ri = find(&mut parent, i);
            parent[ri] = r;
        }
    }
    // A dated meeting with no participants joins the only meeting told by
    // two outlets or more; with none, those frames are one meeting.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, _) in keys.iter().enumerate().filter(|(_, k)| !k.is_empty()) {
        groups.entry(find(&mut parent, i)).or_default().push(i);
    }
    let shared: Vec<usize> = groups
        .iter()
        .filter(|(_, m)| {
            m.iter()
                .map(|&i| frames[i].doc)
                .collect::<BTreeSet<_>>()
                .len()
                >= 2
                && m.iter().any(|&i| keys[i].len() >= 2)
        })
        .map(|(r, _)| *r)
        .collect();
    let bare: Vec<usize> = (0..n).filter(|&i| keys[i].is_empty()).collect();
    match shared.as_slice() {
        [one] => groups.get_mut(one).unwrap().extend(bare),
        [] if !bare.is_empty() => {
            groups.insert(usize::MAX, bare);
        }
        _ => {}
    }
    groups.into_values().collect()
}

/// The meeting's name in a topic: its noun and its two most named people.
fn meeting_name(frames: &[Frame], members: &[usize]) -> String {
    let mut nouns: BTreeMap<&str, usize> = BTreeMap::new();
    let mut people: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for &i in members {
        if let Some(n) = &frames[i].noun {
            *nouns.entry(n.as_str()).or_default() += 1;
        }
        for p in frames[i].parts.iter().filter(|p| p.person) {
            let e = people.entry(p.key.as_str()).or_insert((0, p.name.as_str()));
            e.0 += 1;
        }
    }
    let noun = nouns
        .iter()
        .max_by_key(|(n, c)| (**c, std::cmp::Reverse(**n)))
        .map_or("meeting", |(n, _)| n);
    let mut top: Vec<(usize, &str, &str)> = people.iter().map(|(k, (c, n))| (*c, *k, *n)).collect();
    top.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let names: Vec<&str> = top.iter().take(2).map(|x| x.2).collect();
    if names.is_empty() {
        format!("the {noun}")
    } else {
        format!("the {noun} with {}", names.join(" and "))
    }
}

/// Who attends each meeting and on which day, compared across outlets.
pub(super) fn meeting_facts(lex: &Lexicon, docs: &[Document], frames: &[Frame]) -> Vec<Fact> {
    let d = Docs::new(docs);
    let mut out = Vec::new();
    for members in meetings(docs, frames) {
        let docs_of: BTreeSet<usize> = members.iter().map(|&i| frames[i].doc).collect();
        if docs_of.len() < 2 {
            continue;
        }
        let name = meeting_name(frames, &members);
        out.extend(attendance(&d, docs, frames, &members, &name));
        // The day, as the other events' days are compared.
        let days: Vec<(usize, Range<usize>, When)> = members
            .iter()
            .filter_map(|&i| {
                let f = &frames[i];
                f.day.as_ref().map(|(w, r)| (f.doc, r.clone(), *w))
            })
            .collect();
        out.extend(super::day_fact(
            lex,
            docs,
            &d,
            &days,
            &format!("The day of {name}"),
        ));
    }
    out
}

/// Participants by outlet: who attends, who does not; a conflict when one
/// outlet has someone attend that another says stays away, or when two
/// outlets name people neither of whose lists holds the other's.
fn attendance<'f>(
    d: &Docs,
    docs: &[Document],
    frames: &'f [Frame],
    members: &[usize],
    name: &str,
) -> Option<Fact> {
    // doc -> key -> attends
    let mut by_doc: BTreeMap<usize, BTreeMap<&'f str, bool>> = BTreeMap::new();
    let mut names: BTreeMap<&'f str, &'f str> = BTreeMap::new();
    let mut person: BTreeSet<&'f str> = BTreeSet::new();
    for &i in members {
        for p in &frames[i].parts {
            let e = by_doc.entry(frames[i].doc).or_default();
            // Said to attend anywhere in the article wins over a negation
            // of another frame only when no frame negates it.
            let v = e.entry(p.key.as_str()).or_insert(p.attends);
            *v = *v && p.attends;
            names.insert(p.key.as_str(), p.name.as_str());
            if p.person {
                person.insert(p.key.as_str());
            }
        }
    }
    if by_doc.len() < 2 {
        return None;
    }
    let mut notes: Vec<String> = Vec::new();
    // Outlets with the same list compare alike: each list is compared once,
    // named by its first outlet.
    let mut kinds: BTreeMap<&BTreeMap<&'f str, bool>, usize> = BTreeMap::new();
    for (di, a) in &by_doc {
        kinds.entry(a).or_insert(*di);
    }
    let docs_v: Vec<(&usize, &BTreeMap<&str, bool>)> =
        kinds.iter().map(|(a, di)| (di, *a)).collect();
    let outlet = |di: usize| d.outlet(&docs[di].id);
    for (x, (dx, ax)) in docs_v.iter().enumerate() {
        for (dy, ay) in &docs_v[x + 1..] {
            if notes.len() >= 6 {
                break;
            }
            for (k, &att) in ax.iter() {
                if let Some(&other) = ay.get(k) {
                    if other != att {
                        let (yes, no) = if att { (**dx, **dy) } else { (**dy, **dx) };
                        notes.push(format!(
                            "{} has {} attend, {} says {} does not",
                            outlet(yes),
                            names[k],
                            outlet(no),
                            names[k]
                        ));
                    }
                }
            }
            let people = |a: &BTreeMap<&'f str, bool>| -> BTreeSet<&'f str> {
                a.iter()
                    .filter(|(k, v)| **v && person.contains(**k))
                    .map(|(k, _)| *k)
                    .collect()
            };
            // A list holding a group (`Zelensky and European leaders`) is
            // not all the people there: naming others is no conflict.
            let open = |a: &BTreeMap<&'f str, bool>| a.keys().any(|k| !person.contains(k));
            if open(ax) || open(ay) {
                continue;
            }
            let (px, py) = (people(ax), people(ay));
            let only_x: Vec<&str> = px.difference(&py).map(|k| names[k]).collect();
            let only_y: Vec<&str> = py.difference(&px).map(|k| names[k]).collect();
            // A name one outlet lists as absent is already a note.
            let noted = |v: &[&str]| v.iter().all(|n| notes.iter().any(|x| x.contains(n)));
            if !px.is_empty()
                && !py.is_empty()
                && !only_x.is_empty()
                && !only_y.is_empty()
                && !(noted(&only_x) && noted(&only_y))
            {
                notes.push(format!(
                    "{} names {} where {} names {}",
                    outlet(**dx),
                    only_x.join(", "),
                    outlet(**dy),
                    only_y.join(", ")
                ));
            }
        }
    }
    let status = if !notes.is_empty() {
        Status::Conflict
    } else if kinds.len() > 1 {
        Status::Agreement
    } else {
        return None;
    };
    let mut versions = Vec::new();
    for &i in members {
        let f = &frames[i];
        if f.parts.is_empty() {
            continue;
        }
        let value = f
            .parts
            .iter()
            .map(|p| {
                if p.attends {
                    p.name.clone()
                } else {
                    format!("not {}", p.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        versions.extend(d.version(&docs[f.doc].id, f.span.start, f.span.end, &value));
    }
    Some(Fact {
        id: String::new(),
        topic: format!("Who attends {name}"),
        kind: FactKind::Attendance,
        status,
        versions,
        speaker_id: None,
        note: if notes.is_empty() {
            "the shorter lists name only people the longer ones name".into()
        } else {
            notes.join("; ")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each frame of `text`: its phrase, its participants and its day.
    fn read(text: &str) -> Vec<(String, String, String)> {
        let lex = Lexicon::builtin();
        let doc = Document::new("t", None, text);
        let names = Names::new(&[]);
        let seg = crate::segment::segment(&doc, &lex);
        frames_in(&lex, &doc, 0, &seg, &names)
            .into_iter()
            .map(|f| {
                let parts = f
                    .parts
                    .iter()
                    .map(|p| {
                        let n = if p.person {
                            p.name.clone()
                        } else {
                            format!("[{}]", p.name)
                        };
                        if p.attends { n } else { format!("not {n}") }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let day = f.day.map(|(w, _)| w.label(&lex)).unwrap_or_default();
                (text[f.span].to_string(), parts, day)
            })
            .collect()
    }

    #[test]
    fn frames_of_each_construction() {
        let one = |text: &str, phrase: &str, parts: &str, day: &str| {
            let got = read(text);
            assert!(
                got.iter()
                    .any(|(p, a, d)| p == phrase && a == parts && d == day),
                "{text:?}: {got:?}"
            );
        };
        one(
            "Trump will meet Putin in Alaska on Friday.",
            "Trump will meet Putin",
            "Trump, Putin",
            "Friday",
        );
        one(
            "They spoke before talks between Zelensky, Trump and European leaders.",
            "talks between Zelensky, Trump and European leaders",
            "Zelensky, Trump, [European leaders]",
            "",
        );
        one(
            "The summit, attended by the leaders of France, Germany and Britain, ended early.",
            "summit, attended by the leaders of France, Germany and Britain",
            "[the leader of France], [the leader of Germany], [the leader of Britain]",
            "",
        );
        one(
            "Defense Minister Lena Moreau joined the call on Tuesday.",
            "Defense Minister Lena Moreau joined the call",
            "Lena Moreau",
            "Tuesday",
        );
        one(
            "Moreau will not attend.",
            "Moreau will not attend",
            "not Moreau",
            "",
        );
        one(
            "Moreau skipped the summit in Corvo.",
            "Moreau skipped the summit",
            "not Moreau",
            "",
        );
        one(
            "Merz, Macron and Starmer hosted a meeting of allies on Sunday.",
            "Merz, Macron and Starmer hosted a meeting of allies",
            "Merz, Macron, Starmer, [allies]",
            "Sunday",
        );
        one(
            "European leaders said they would join President Volodymyr Zelensky in talks with US President Donald Trump on Monday.",
            "join President Volodymyr Zelensky in talks with US President Donald Trump",
            "Volodymyr Zelensky, Donald Trump",
            "Monday",
        );
        one(
            "Trump and Zelenskyy are scheduled to meet on Tuesday AEST.",
            "Trump and Zelenskyy are scheduled to meet",
            "Trump, Zelenskyy",
            "Tuesday AEST",
        );
        one(
            "Secretary of State Marco Rubio, who also participated in the summit, spoke.",
            "Secretary of State Marco Rubio, who also participated in the summit",
            "Marco Rubio",
            "",
        );
        one(
            "It followed Donald Trump's meeting with Vladimir Putin on Friday.",
            "Donald Trump's meeting with Vladimir Putin",
            "Donald Trump, Vladimir Putin",
            "Friday",
        );
        one(
            "Zelensky will be joined by European leaders on Monday.",
            "Zelensky will be joined by European leaders",
            "Zelensky, [European leaders]",
            "Monday",
        );
        one(
            "Details of Friday's summit with Putin emerged.",
            "summit with Putin",
            "Putin",
            "Friday",
        );
        // Not meetings: a pronoun list, a meeting with no one named and no day.
        assert!(read("He will meet them soon.").is_empty());
        assert!(read("The meeting went well, officials said.").is_empty());
    }

    /// A one-participant frame joins the only meeting that has them, unless
    /// it names another place (`the Washington meeting`).
    #[test]
    fn one_participant_frames_join_by_name_and_place() {
        let lex = Lexicon::builtin();
        let docs = [
            Document::new(
                "a",
                None,
                "Merz, Macron and Starmer hosted a meeting of allies on Sunday.",
            ),
            Document::new(
                "b",
                None,
                "Macron will take part in the Washington meeting.",
            ),
            Document::new("c", None, "Starmer will not attend the meeting."),
        ];
        let names = Names::new(&[]);
        let mut frames = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let seg = crate::segment::segment(d, &lex);
            frames.extend(frames_in(&lex, d, i, &seg, &names));
        }
        let groups: Vec<Vec<usize>> = meetings(&docs, &frames)
            .into_iter()
            .map(|m| m.into_iter().map(|i| frames[i].doc).collect())
            .collect();
        assert!(groups.contains(&vec![0, 2]), "{groups:?}");
        assert!(groups.contains(&vec![1]), "{groups:?}");
    }
}
