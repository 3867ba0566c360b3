//! Stage 7, facts: where outlets disagree on a name, a title or a venue, and
//! where they agree in other words.
//!
//! This first slice reads the facts the earlier stages already align across
//! outlets: each person's name as each outlet spells it (a known
//! transliteration step, Zelensky/Zelenskyy, is a `variant`; any other
//! spelling is a `conflict`), each person's title where two outlets give
//! different portfolios for the same office (Foreign/Defense Minister; other
//! wordings of one title are an `agreement`), and the venue of each
//! utterance whose versions place it differently (NBC/ABC).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::output::CodePoints;
use crate::parse::attribution::WEEKDAYS;
use crate::report::{ReportCluster, ReportStatement};
use crate::speakers::{Entity, EntityKind};
use crate::versions::Relation;

mod meetings;
pub(crate) mod when;

use when::When;

/// Whether the outlets agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Conflict,
    Variant,
    Agreement,
}

/// What the fact is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    NameSpelling,
    RoleTitle,
    Venue,
    /// The day or date of an event ("the glitch on Thursday" / "chaos Friday").
    DateTime,
    /// One version of an utterance says it, another says the opposite
    /// ("won't automatically recover" / "to recover automatically").
    Polarity,
    /// A count of something ("38 fishermen" / "Twenty-eight fishermen").
    Number,
    /// Who attends a meeting ("Trump will meet Putin" / "talks between
    /// Zelensky, Trump and European leaders" / "X will not attend").
    Attendance,
}

/// One outlet's version of a fact: the short phrase that states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactVersion {
    pub doc: String,
    pub outlet: Option<String>,
    /// Code points, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The value compared ("Stahle", "defense", "ABC's \"This Week\"").
    pub value: String,
}

/// A fact as the outlets state it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub id: String,
    pub topic: String,
    pub kind: FactKind,
    pub status: Status,
    pub versions: Vec<FactVersion>,
    /// The speaker entity the fact is about (a report speaker id), so
    /// readers can filter facts by speaker.
    pub speaker_id: Option<String>,
    /// Why the status (which spelling differs, which portfolios).
    pub note: String,
}

struct Docs<'a> {
    /// Looked up once per mention and version: hashed, since at a million
    /// statements a B-tree of document ids costs a cache miss per level.
    by_id: rustc_hash::FxHashMap<&'a str, &'a Document>,
}

impl<'a> Docs<'a> {
    fn new(docs: &'a [Document]) -> Docs<'a> {
        Docs {
            by_id: docs.iter().map(|d| (d.id.as_str(), d)).collect(),
        }
    }

    fn version(
        &self,
        doc: &str,
        byte_start: usize,
        byte_end: usize,
        value: &str,
    ) -> Option<FactVersion> {
        let d = self.by_id.get(doc)?;
        let text = d.text.get(byte_start..byte_end)?.to_string();
        let cp = CodePoints::new(&d.text);
        Some(FactVersion {
            doc: doc.to_string(),
            outlet: d.outlet.clone(),
            start: cp.at(byte_start),
            end: cp.at(byte_end),
            text,
            value: value.to_string(),
        })
    }
    /// A version over code points `a..b` of a statement's document.
    fn version_cp(
        &self,
        s: &ReportStatement,
        a: usize,
        b: usize,
        value: String,
    ) -> Option<FactVersion> {
        let d = self.by_id.get(s.record.doc.as_str())?;
        Some(FactVersion {
            doc: s.record.doc.clone(),
            outlet: s.record.outlet.clone(),
            start: a,
            end: b,
            text: d.text.chars().skip(a).take(b - a).collect(),
            value,
        })
    }
    fn outlet(&self, doc: &str) -> String {
        self.by_id
            .get(doc)
            .and_then(|d| d.outlet.clone())
            .unwrap_or_else(|| doc.to_string())
    }
}

/// Byte offset of `word` in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(k, _)| k).find(|&k| {
        let before = text[..k]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[k + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

fn surname_of(alias: &str) -> Option<&str> {
    alias.split_whitespace().last()
}

/// Name spellings of one person across outlets.
fn name_facts(docs: &Docs, e: &Entity) -> Option<Fact> {
    // Outlet -> the surname spellings it uses.
    let mut by_outlet: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // The surnames of the aliases, each once (a merged person's aliases are
    // mostly first names under one surname, dozens of them at a million
    // statements), and each mention's words read once for all of them.
    let surnames: BTreeSet<&str> = e.aliases.iter().filter_map(|a| surname_of(a)).collect();
    // The spellings are some of these: with one, there is nothing to
    // compare (and a place every story names has a mention in each).
    if surnames.len() < 2 {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    for m in &e.mentions {
        words.clear();
        words.extend(m.text.split_whitespace().map(|w| {
            w.trim_end_matches(['\'', '’', 's'])
                .trim_end_matches(['\'', '’'])
        }));
        let mut outlet: Option<String> = None;
        for &sn in &surnames {
            if words.contains(&sn) {
                let outlet = outlet.get_or_insert_with(|| docs.outlet(&m.doc));
                if !by_outlet.contains_key(outlet.as_str()) {
                    by_outlet.insert(outlet.clone(), BTreeSet::new());
                }
                let set = by_outlet.get_mut(outlet.as_str()).expect("inserted above");
                if !set.contains(sn) {
                    set.insert(sn.to_string());
                }
            }
        }
    }
    let spellings: BTreeSet<&String> = by_outlet.values().flatten().collect();
    if spellings.len() < 2 || by_outlet.len() < 2 {
        return None;
    }
    // How many outlets use each spelling: the rarest is the odd one.
    let mut count: BTreeMap<&String, usize> = BTreeMap::new();
    for set in by_outlet.values() {
        for sp in set {
            *count.entry(sp).or_default() += 1;
        }
    }
    let keys: BTreeSet<String> = spellings
        .iter()
        .map(|s| crate::speakers::surname_key(s))
        .collect();
    let status = if keys.len() == 1 {
        Status::Variant
    } else {
        Status::Conflict
    };
    // One version per outlet and spelling: its first mention with that spelling.
    let mut versions = Vec::new();
    let mut done: BTreeSet<(String, String)> = BTreeSet::new();
    for m in &e.mentions {
        let outlet = docs.outlet(&m.doc);
        for sp in &spellings {
            if done.contains(&(outlet.clone(), (*sp).clone())) {
                continue;
            }
            if let Some(k) = find_word(&m.text, sp) {
                let a = m.span.start + k;
                if let Some(v) = docs.version(&m.doc, a, a + sp.len(), sp) {
                    versions.push(v);
                    done.insert((outlet.clone(), (*sp).clone()));
                }
            }
        }
    }
    let fewest = count.values().min().copied().unwrap_or(0);
    let odd: Vec<String> = count
        .iter()
        .filter(|(_, n)| **n == fewest)
        .map(|(s, _)| (*s).clone())
        .collect();
    let note = match status {
        Status::Variant => format!(
            "transliteration variants of one name: {}",
            spellings
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        _ => format!(
            "spelled {} by fewer outlets than the other spelling",
            odd.join(" / ")
        ),
    };
    Some(Fact {
        id: String::new(),
        topic: format!("Spelling of {}'s name", e.name),
        kind: FactKind::NameSpelling,
        status,
        versions,
        speaker_id: Some(format!("e{}", e.id)),
        note,
    })
}

/// Portfolio words in a title ("foreign", "defense").
fn portfolios(lex: &Lexicon, title: &str) -> BTreeSet<String> {
    title
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| lex.word(w).is_some_and(|i| i.portfolio))
        .collect()
}

/// The title words that name the office ("minister", "secretary").
fn office(lex: &Lexicon, title: &str) -> Option<String> {
    title
        .split_whitespace()
        .rev()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find(|w| {
            lex.word(w)
                .is_some_and(|i| i.title && !i.modifier && !i.portfolio)
        })
}

/// A person's title across outlets: different portfolios for one office.
fn title_facts(lex: &Lexicon, docs: &Docs, e: &Entity) -> Option<Fact> {
    // (office) -> portfolio -> outlets; and the mentions that state each.
    let mut seen: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (outlet, usage) in &e.by_outlet {
        for t in &usage.titles {
            let (Some(off), ps) = (office(lex, t), portfolios(lex, t)) else {
                continue;
            };
            for p in ps {
                seen.entry(off.clone())
                    .or_default()
                    .entry(p)
                    .or_default()
                    .insert(outlet.clone());
            }
        }
    }
    let (off, ports) = seen.into_iter().find(|(_, ps)| ps.len() > 1)?;
    let mut versions = Vec::new();
    for m in &e.mentions {
        let ps = portfolios(lex, &m.text);
        let Some(p) = ps.iter().find(|p| ports.contains_key(*p)) else {
            continue;
        };
        if office(lex, &m.text).as_deref() != Some(off.as_str()) {
            continue;
        }
        if versions
            .iter()
            .any(|v: &FactVersion| v.doc == m.doc && v.value == *p)
        {
            continue;
        }
        // The title phrase: from the portfolio word to the office word.
        let lower = m.text.to_lowercase();
        if let (Some(a), Some(b)) = (lower.find(p.as_str()), lower.rfind(off.as_str())) {
            if a < b {
                let s = m.span.start + a;
                let e2 = m.span.start + b + off.len();
                if let Some(v) = docs.version(&m.doc, s, e2, p) {
                    versions.push(v);
                }
            }
        }
    }
    let names: Vec<String> = ports.keys().cloned().collect();
    Some(Fact {
        id: String::new(),
        topic: format!("{}'s title", e.name),
        kind: FactKind::RoleTitle,
        status: Status::Conflict,
        versions,
        speaker_id: Some(format!("e{}", e.id)),
        note: format!("{} given as {}", off, names.join(" / ")),
    })
}

/// What a venue names: outlets and platforms, and whether it is written
/// (statement, post) or spoken (interview, show).
fn venue_key(lex: &Lexicon, venue: &str) -> (BTreeSet<String>, Option<bool>) {
    let words: Vec<&str> = venue
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let outlets: BTreeSet<String> = lex
        .venue_names
        .iter()
        .filter(|(name, _)| {
            words
                .windows(name.len())
                .any(|w| w.iter().zip(name).all(|(a, b)| a == b))
        })
        .map(|(name, _)| name.join(" "))
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let written = lower.iter().any(|w| {
        matches!(
            w.as_str(),
            "statement" | "post" | "letter" | "email" | "release" | "tweet" | "memo" | "blog"
        )
    });
    let spoken = lower.iter().any(|w| {
        matches!(
            w.as_str(),
            "interview"
                | "show"
                | "conference"
                | "briefing"
                | "speech"
                | "rally"
                | "hearing"
                | "podcast"
                | "broadcast"
                | "program"
                | "programme"
        )
    });
    let kind = match (written, spoken) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    };
    (outlets, kind)
}

/// An utterance placed at different venues by different versions.
fn venue_facts(
    lex: &Lexicon,
    docs: &Docs,
    by_id: &StatementsById<'_>,
    c: &ReportCluster,
) -> Option<Fact> {
    let mut versions = Vec::new();
    for id in &c.members {
        let Some(s) = by_id.get(id.as_str()) else {
            continue;
        };
        let (Some(v), Some(a), Some(b)) =
            (&s.record.venue, s.record.venue_start, s.record.venue_end)
        else {
            continue;
        };
        versions.push(docs.version_cp(s, a, b, v.clone())?);
    }
    // Venues conflict when they name different outlets, or when one is
    // written (a statement, a post) and the other spoken (an interview, a
    // show); "a televised interview" and "NBC's Today" agree.
    let kinds: Vec<(BTreeSet<String>, Option<bool>)> =
        versions.iter().map(|v| venue_key(lex, &v.value)).collect();
    let differ = kinds.iter().enumerate().any(|(i, (oa, wa))| {
        kinds[i + 1..].iter().any(|(ob, wb)| {
            !oa.is_empty() && !ob.is_empty() && oa.is_disjoint(ob)
                || matches!((wa, wb), (Some(x), Some(y)) if x != y)
        })
    });
    if !differ
        && !c
            .pairs
            .iter()
            .any(|p| p.relation == Relation::DifferentVenue)
    {
        return None;
    }
    let head = by_id.get(c.members[0].as_str())?;
    let words: Vec<&str> = head.record.text.split_whitespace().take(8).collect();
    Some(Fact {
        id: String::new(),
        topic: format!(
            "Where {} said “{} …”",
            c.speaker.as_deref().unwrap_or("the speaker"),
            words.join(" ")
        ),
        kind: FactKind::Venue,
        status: Status::Conflict,
        versions,
        speaker_id: c.speaker_id.clone(),
        note: "the same words placed at different venues".into(),
    })
}

/// The dated events of one document: class, byte span, day (see [`event_day_facts`]).
fn event_days_in(
    lex: &Lexicon,
    doc: &Document,
    seg: &crate::segment::Segments<'_, '_>,
) -> Vec<(String, std::ops::Range<usize>, When)> {
    let mut found = Vec::new();
    {
        let t = &seg.tokens;
        let text = doc.text.as_str();
        let cx = crate::parse::input::Cx { text, lex };
        let date = when::Date::parse(doc.date.as_deref());
        for p in seg
            .paragraphs
            .iter()
            .filter(|p| p.kind == crate::segment::SegmentKind::Main)
        {
            for s in &p.sentences {
                let mut k = s.start;
                while k < s.end {
                    let Ok((rest, (r, day))) =
                        when::when(cx)(crate::parse::input::Toks::new(t, k, s.end))
                    else {
                        k += 1;
                        continue;
                    };
                    // `before 9 p.m.`, `since Friday`: a bound, not the event's
                    // time; a relative day with no article date: unknown.
                    let bound = k > s.start && when::is_bound(text, &t[k - 1]);
                    let Some(day) = when::resolve(day, date).filter(|_| !bound) else {
                        k = rest.pos.max(k + 1);
                        continue;
                    };
                    // The event noun within a few words before, the day in a
                    // bare or `on` phrase after it.
                    let event = (s.start.max(k.saturating_sub(5))..k).rev().find_map(|j| {
                        let noun = t[j].text(text).to_ascii_lowercase();
                        let class = lex.events.get(&noun)?;
                        let between_ok = (j + 1..k).all(|m| {
                            t[m].is_word()
                                && !WEEKDAYS
                                    .contains(&t[m].text(text).to_ascii_lowercase().as_str())
                        });
                        between_ok.then(|| (j, class.clone()))
                    });
                    // `Friday's outage`: the day owns the event noun after it.
                    let owned = || {
                        let p = rest.pos;
                        (p + 1 < s.end && t[p].kind == crate::parse::tokens::TokenKind::Possessive)
                            .then(|| {
                                (p + 1..s.end.min(p + 3)).find_map(|j| {
                                    let noun = t[j].text(text).to_ascii_lowercase();
                                    lex.events.get(&noun).map(|c| (j, c.clone()))
                                })
                            })
                            .flatten()
                    };
                    if let Some((j, class)) = event.filter(|(_, c)| c != meetings::MEETING) {
                        found.push((class, t[j].start..t[r.end - 1].end, day));
                    } else if let Some((j, class)) = owned().filter(|(_, c)| c != meetings::MEETING)
                    {
                        found.push((class, t[r.start].start..t[j].end, day));
                    }
                    k = rest.pos.max(k + 1);
                }
            }
        }
    }
    found
}

/// Events dated right after their noun (`the glitch on Thursday`, `caused
/// worldwide chaos Friday`, `the vote on 19 July`), per class of event:
/// outlets whose days for one class never meet disagree. Meetings are dated
/// one by one instead (see [`meetings`]): two outlets may speak of two
/// meetings.
fn event_day_facts(
    lex: &Lexicon,
    docs: &[Document],
    found: &[Vec<(String, std::ops::Range<usize>, When)>],
) -> Vec<Fact> {
    // class -> [(doc, byte span, day)]
    let mut seen: BTreeMap<String, Vec<(usize, std::ops::Range<usize>, When)>> = BTreeMap::new();
    for (di, days) in found.iter().enumerate() {
        for (class, r, w) in days {
            seen.entry(class.clone())
                .or_default()
                .push((di, r.clone(), *w));
        }
    }
    let d = Docs::new(docs);
    seen.into_iter()
        .filter_map(|(class, days)| {
            day_fact(lex, docs, &d, &days, &format!("The day of the {class}"))
        })
        .collect()
}

/// The days outlets give one event: a conflict when two outlets' days never
/// meet; a variant when they differ by one day and the later names a time
/// zone ahead of the earlier's (`Tuesday AEST` / `Monday`), which the note
/// explains. A weekday and a date agree when the date falls on that weekday
/// in the year the text or the article's date gives.
fn day_fact(
    lex: &Lexicon,
    docs: &[Document],
    d: &Docs,
    days: &[(usize, std::ops::Range<usize>, When)],
    topic: &str,
) -> Option<Fact> {
    let date = |di: usize| when::Date::parse(docs[di].date.as_deref());
    let mut by_doc: BTreeMap<usize, Vec<&When>> = BTreeMap::new();
    for (di, _, w) in days {
        by_doc.entry(*di).or_default().push(w);
    }
    // Pairs of days from two outlets whose days never meet. Outlets giving
    // the same days on the same date compare alike, so each kind of outlet
    // is compared once (many outlets, few ways to give a day).
    let mut kinds: BTreeSet<(Vec<&When>, Option<when::Date>)> = BTreeSet::new();
    for (di, ws) in &by_doc {
        let mut ws = ws.clone();
        ws.sort();
        ws.dedup();
        kinds.insert((ws, date(*di)));
    }
    let kinds: Vec<(Vec<&When>, Option<when::Date>)> = kinds.into_iter().collect();
    // (a, b, how they differ or the explanation of one moment)
    let mut apart: Vec<(&When, &When, when::Moment)> = Vec::new();
    for (x, (wx, dx)) in kinds.iter().enumerate() {
        for (wy, dy) in &kinds[x + 1..] {
            let mut pairs = Vec::new();
            let mut meet = false;
            for a in wx {
                for b in wy {
                    match when::relate(lex, a, *dx, b, *dy) {
                        when::Moment::Same => meet = true,
                        m => pairs.push((*a, *b, m)),
                    }
                }
            }
            if !meet {
                for p in pairs {
                    if !apart.contains(&p) {
                        apart.push(p);
                    }
                }
            }
        }
    }
    if apart.is_empty() {
        return None;
    }
    let explained: Vec<String> = apart
        .iter()
        .filter_map(|(_, _, m)| match m {
            when::Moment::OneMoment(why) => Some(why.clone()),
            _ => None,
        })
        .collect();
    let zoned = explained.len() == apart.len();
    let adjacent = apart.iter().all(|(_, _, m)| match m {
        when::Moment::Apart { days, times } => !times && days.is_some_and(|n| n.abs() == 1),
        _ => true,
    });
    let times = apart
        .iter()
        .any(|(_, _, m)| matches!(m, when::Moment::Apart { times: true, .. }));
    let mut versions = Vec::new();
    for (di, r, w) in days {
        versions.extend(d.version(&docs[*di].id, r.start, r.end, &w.label(lex)));
    }
    // The days written, those that are one day together (`Friday, March 20
    // = March 20 = Friday`), fullest first.
    let mut all: Vec<(usize, &When)> = days.iter().map(|(di, _, w)| (*di, w)).collect();
    all.sort_by_key(|(_, w)| {
        (
            w.month.is_none(),
            w.month,
            w.day,
            w.weekday.is_none(),
            w.weekday,
            w.year,
            w.time.is_none(),
            w.time,
            w.zone,
        )
    });
    let mut classes: Vec<(usize, &When, Vec<String>)> = Vec::new();
    for (di, w) in all {
        let l = w.label(lex);
        // One moment in two zones is one class too; a local time only with
        // local times (its zone is not known).
        match classes.iter_mut().find(|(dj, v, _)| {
            v.local == w.local
                && matches!(
                    when::relate(lex, v, date(*dj), w, date(di)),
                    when::Moment::Same | when::Moment::OneMoment(_)
                )
        }) {
            Some((_, _, ls)) => {
                if !ls.contains(&l) {
                    ls.push(l);
                }
            }
            None => classes.push((di, w, vec![l])),
        }
    }
    let names: Vec<String> = classes.iter().map(|(_, _, ls)| ls.join(" = ")).collect();
    let note = if zoned {
        // One explanation each, those that assume no zone first chosen.
        let mut e: Vec<String> = Vec::new();
        for x in &explained {
            if !e.contains(x) {
                e.push(x.clone());
            }
        }
        if e.iter().any(|x| !x.contains("assumed")) {
            e.retain(|x| !x.contains("assumed"));
        }
        e.join("; ")
    } else if times {
        format!("{}: different times", names.join(" / "))
    } else if adjacent {
        format!(
            "{}: adjacent days, which may be one moment in two time zones (check the hours the outlets give)",
            names.join(" / ")
        )
    } else {
        format!("{}: different days", names.join(" / "))
    };
    Some(Fact {
        id: String::new(),
        topic: topic.to_string(),
        kind: FactKind::DateTime,
        status: if zoned {
            Status::Variant
        } else {
            Status::Conflict
        },
        versions,
        speaker_id: None,
        note,
    })
}

/// The value of a number word or numeral (`38`, `1,200`, `3.5`, `six`,
/// `Twenty-eight`, `three-and-a-half`), if it is one.
fn number_value(word: &str) -> Option<f64> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let w = word.to_ascii_lowercase();
    if w.chars().next()?.is_ascii_digit() {
        return w.replace(',', "").parse().ok();
    }
    let mut total = 0.0;
    let mut any = false;
    let parts: Vec<&str> = w.split('-').collect();
    let mut k = 0;
    while k < parts.len() {
        let p = parts[k];
        if let Some(u) = UNITS.iter().position(|x| *x == p) {
            total += u as f64;
            any = true;
        } else if let Some(t) = TENS.iter().position(|x| !x.is_empty() && *x == p) {
            total += (t * 10) as f64;
            any = true;
        } else if p == "and" && parts.get(k + 1) == Some(&"a") && parts.get(k + 2) == Some(&"half")
        {
            total += 0.5;
            k += 2;
        } else {
            return None;
        }
        k += 1;
    }
    any.then_some(total)
}

/// A count as one phrase gives it: byte start, byte end, low, high, value.
type Count = (usize, usize, f64, f64, f64);

/// The counted things of one document, by the noun counted (see [`number_facts`]).
fn numbers_in(
    lex: &Lexicon,
    doc: &Document,
    seg: &crate::segment::Segments<'_, '_>,
) -> Vec<(String, Count)> {
    let mut found = Vec::new();
    let counted = |w: &str| -> bool {
        w.len() > 2
            && w.chars().all(|c| c.is_alphabetic())
            && !WEEKDAYS.contains(&w)
            && !matches!(
                w,
                "the"
                    | "a"
                    | "an"
                    | "of"
                    | "and"
                    | "or"
                    | "to"
                    | "in"
                    | "on"
                    | "at"
                    | "for"
                    | "percent"
                    | "per"
                    | "cent"
                    | "times"
                    | "am"
                    | "pm"
                    | "a.m"
                    | "p.m"
                    | "january"
                    | "february"
                    | "march"
                    | "april"
                    | "may"
                    | "june"
                    | "july"
                    | "august"
                    | "september"
                    | "october"
                    | "november"
                    | "december"
                    | "million"
                    | "billion"
                    | "thousand"
                    | "hundred"
            )
    };
    {
        let t = &seg.tokens;
        let text = doc.text.as_str();
        let lower = |k: usize| t[k].text(text).to_ascii_lowercase();
        for p in seg
            .paragraphs
            .iter()
            .filter(|p| p.kind == crate::segment::SegmentKind::Main)
        {
            for s in &p.sentences {
                let mut k = s.start;
                while k < s.end {
                    let tok = t[k].text(text);
                    // `32-member`, `three-and-a-half-year`: a number glued to its noun.
                    let (num_text, glued) = match tok.rsplit_once('-') {
                        Some((a, b))
                            if number_value(a).is_some() && number_value(tok).is_none() =>
                        {
                            (a, Some(b.to_ascii_lowercase()))
                        }
                        _ => (tok, None),
                    };
                    let Some(mut value) = number_value(num_text) else {
                        k += 1;
                        continue;
                    };
                    // A year, a time of day or the day of a date (`March 21
                    // hit`, `21 March`) is not a count.
                    let year = (1900.0..=2100.0).contains(&value) && !tok.contains(',');
                    let clock = t
                        .get(k + 1)
                        .is_some_and(|n| n.kind == crate::parse::tokens::TokenKind::Punct(':'));
                    let month = |m: usize| {
                        lex.months.contains_key(
                            &t[m].text(text).trim_end_matches('.').to_ascii_lowercase(),
                        )
                    };
                    let date = (k > s.start && month(k - 1)) || (k + 1 < s.end && month(k + 1));
                    if year || clock || date {
                        k += 1;
                        continue;
                    }
                    let mut end = k + 1;
                    // `1.2 million`, `three and a half`.
                    if let Some(n) = t.get(end).filter(|_| end < s.end) {
                        match n.text(text).to_ascii_lowercase().as_str() {
                            "million" => {
                                value *= 1e6;
                                end += 1;
                            }
                            "billion" => {
                                value *= 1e9;
                                end += 1;
                            }
                            "thousand" => {
                                value *= 1e3;
                                end += 1;
                            }
                            "hundred" => {
                                value *= 1e2;
                                end += 1;
                            }
                            "and"
                                if end + 2 < s.end
                                    && lower(end + 1) == "a"
                                    && lower(end + 2) == "half" =>
                            {
                                value += 0.5;
                                end += 3;
                            }
                            _ => {}
                        }
                    }
                    // Qualifiers before the number make a range.
                    let before = |n: usize| (k >= s.start + n).then(|| lower(k - n));
                    let (lo, hi) = match (before(2).as_deref(), before(1).as_deref()) {
                        (Some("more"), Some("than")) | (_, Some("over")) | (_, Some("least")) => {
                            (value, f64::INFINITY)
                        }
                        (Some("fewer" | "less"), Some("than"))
                        | (_, Some("nearly" | "almost" | "under")) => (0.0, value),
                        (
                            _,
                            Some(
                                "about" | "around" | "roughly" | "some" | "approximately"
                                | "estimated",
                            ),
                        ) => (value * 0.8, value * 1.2),
                        (_, Some("up")) => (0.0, value),
                        _ => (value, value),
                    };
                    let start_tok = if lo != hi {
                        if before(2).as_deref() == Some("more")
                            || before(2).as_deref() == Some("fewer")
                            || before(2).as_deref() == Some("less")
                        {
                            k - 2
                        } else {
                            k - 1
                        }
                    } else {
                        k
                    };
                    // The counted noun: glued (`32-member alliance` counts
                    // the alliance's members: the noun after), else the first
                    // of the next few words that is one (`38 Caldonian fishermen`).
                    let mut key = None;
                    let mut last = end;
                    if glued.is_some() {
                        // The noun the glued count describes: the last word
                        // of the name or noun phrase after it.
                        // `32-member Northern Maritime Alliance`: the name's
                        // last word; `32-nation alliance mediated`: the noun.
                        let cap = |m: usize| t[m].has(crate::parse::tokens::Token::CAPITALIZED);
                        let mut j = end;
                        if j < s.end && t[j].is_word() && counted(&lower(j)) {
                            j += 1;
                            while cap(end) && j < s.end && j < end + 4 && t[j].is_word() && cap(j) {
                                j += 1;
                            }
                            key = Some(lower(j - 1));
                            last = j;
                        }
                    } else {
                        // The counted noun among the next few words: the first
                        // plural (`38 Caldonian fishermen held`), else the first
                        // lower-case word (`one deal`).
                        let mut j = end;
                        while j < s.end && j < end + 3 && t[j].is_word() && counted(&lower(j)) {
                            j += 1;
                        }
                        let plural = |w: &str| {
                            w.ends_with('s')
                                || w.ends_with("men")
                                || w == "people"
                                || w == "children"
                        };
                        let pick = (end..j).find(|&m| plural(&lower(m))).or_else(|| {
                            (end..j).find(|&m| !t[m].has(crate::parse::tokens::Token::CAPITALIZED))
                        });
                        // A bare span of time (`seven years`) counts nothing named.
                        let time_unit = pick.is_some_and(|m| {
                            matches!(
                                stem(&lower(m)).as_str(),
                                "year"
                                    | "month"
                                    | "week"
                                    | "day"
                                    | "hour"
                                    | "minute"
                                    | "second"
                                    | "decade"
                            )
                        });
                        if let (Some(m), false) = (pick, time_unit) {
                            key = Some(lower(m));
                            last = m + 1;
                        }
                        // `an alliance of 32`: the noun before `of`.
                        if k >= s.start + 2
                            && lower(k - 1) == "of"
                            && t[k - 2].is_word()
                            && counted(&lower(k - 2))
                        {
                            let noun = lower(k - 2);
                            found.push((
                                stem(&noun),
                                (t[k - 2].start, t[end - 1].end, lo, hi, value),
                            ));
                        }
                    }
                    if let Some(noun) = key {
                        found.push((
                            stem(&noun),
                            (t[start_tok].start, t[last - 1].end, lo, hi, value),
                        ));
                    }
                    k = end.max(k + 1);
                }
            }
        }
    }
    found
}

/// Counted things, aligned across outlets by the noun counted: `38
/// Caldonian fishermen`, `an alliance of 32`, `the 32-member alliance`,
/// `three and a half years`. Qualifiers (`more than`, `about`, `nearly`)
/// make a range; outlets conflict when their ranges for one noun never meet,
/// so `about six hours` and `About 6 hours` agree.
fn number_facts(docs: &[Document], found: &[Vec<(String, Count)>]) -> Vec<Fact> {
    // noun -> doc -> [(byte start, byte end, low, high, value)]
    type Seen = Vec<Count>;
    let mut seen: BTreeMap<String, BTreeMap<usize, Seen>> = BTreeMap::new();
    for (di, counts) in found.iter().enumerate() {
        for (noun, c) in counts {
            seen.entry(noun.clone())
                .or_default()
                .entry(di)
                .or_default()
                .push(*c);
        }
    }
    let d = Docs::new(docs);
    let mut out = Vec::new();
    for (noun, by_doc) in seen {
        if by_doc.len() < 2 {
            continue;
        }
        let ranges: Vec<&Seen> = by_doc.values().collect();
        let meets =
            |a: &Seen, b: &Seen| a.iter().any(|x| b.iter().any(|y| x.2 <= y.3 && y.2 <= x.3));
        let apart = ranges
            .iter()
            .enumerate()
            .any(|(i, a)| ranges[i + 1..].iter().any(|b| !meets(a, b)));
        let written: BTreeSet<String> = by_doc
            .iter()
            .flat_map(|(&di, v)| v.iter().map(move |x| (di, x)))
            .filter_map(|(di, x)| docs[di].text.get(x.0..x.1).map(str::to_string))
            .collect();
        let mut versions = Vec::new();
        let mut placed = BTreeSet::new();
        for (&di, hits) in &by_doc {
            for &(a, b, _, _, value) in hits {
                if !placed.insert((di, a)) {
                    continue;
                }
                let v = if value.fract() == 0.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value}")
                };
                versions.extend(d.version(&docs[di].id, a, b, &v));
            }
        }
        if apart {
            let values: BTreeSet<String> = versions.iter().map(|v| v.value.clone()).collect();
            out.push(Fact {
                id: String::new(),
                topic: format!("Count: {noun}"),
                kind: FactKind::Number,
                status: Status::Conflict,
                versions,
                speaker_id: None,
                note: format!(
                    "{} given for the same count",
                    values.into_iter().collect::<Vec<_>>().join(" / ")
                ),
            });
        } else if written.len() > 1 && by_doc.len() >= 2 {
            // The same count written differently (`six` / `6`, `32-member` / `of 32`).
            let values: BTreeSet<&str> = versions.iter().map(|v| v.value.as_str()).collect();
            if values.len() == 1 {
                out.push(Fact {
                    id: String::new(),
                    topic: format!("Count: {noun}"),
                    kind: FactKind::Number,
                    status: Status::Agreement,
                    versions,
                    speaker_id: None,
                    note: "the same count written differently".into(),
                });
            }
        }
    }
    out
}

/// A counted noun's key: plural and singular together.
fn stem(noun: &str) -> String {
    noun.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| {
            noun.strip_suffix("es")
                .filter(|s| s.ends_with("ss") || s.ends_with("sh") || s.ends_with("ch"))
                .map(str::to_string)
        })
        .or_else(|| {
            noun.strip_suffix('s')
                .filter(|s| !s.ends_with('s'))
                .map(str::to_string)
        })
        .unwrap_or_else(|| noun.to_string())
}

/// Words of a statement with their char offsets in its text.
fn char_words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    for (ci, c) in text.chars().enumerate() {
        if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
            if cur.is_empty() {
                start = ci;
            }
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push((start, std::mem::take(&mut cur)));
        }
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out
}

const NEGATORS: &[&str] = &[
    "not",
    "never",
    "no",
    "won't",
    "won’t",
    "can't",
    "can’t",
    "cannot",
    "don't",
    "don’t",
    "doesn't",
    "doesn’t",
    "didn't",
    "didn’t",
    "isn't",
    "isn’t",
    "wasn't",
    "wasn’t",
    "aren't",
    "aren’t",
    "weren't",
    "weren’t",
    "wouldn't",
    "wouldn’t",
    "couldn't",
    "couldn’t",
    "shouldn't",
    "shouldn’t",
    "hasn't",
    "hasn’t",
    "haven't",
    "haven’t",
];

/// The verb a negation governs in `words` (`won't automatically recover`
/// -> `recover`), with the negator's index, for each negation.
fn negated(words: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, (_, w)) in words.iter().enumerate() {
        // `won"t` on a page that prints apostrophes as double marks.
        let neg = NEGATORS.contains(&w.as_str())
            || w == "won" && words.get(i + 1).is_some_and(|(_, n)| n == "t");
        if !neg {
            continue;
        }
        let from = if w == "won" { i + 2 } else { i + 1 };
        if let Some((_, v)) = words[from.min(words.len())..]
            .iter()
            .take(3)
            .find(|(_, v)| {
                !v.ends_with("ly") && v.len() > 2 && !["just", "the", "be"].contains(&v.as_str())
            })
        {
            out.push((i, v.clone()));
        }
    }
    out
}

/// Versions of one utterance where one says a verb is negated and another
/// states it plainly (`some systems that won't automatically recover` /
/// `some systems to recover automatically`).
fn polarity_facts(docs: &Docs, by_id: &StatementsById<'_>, c: &ReportCluster) -> Option<Fact> {
    let members: Vec<&ReportStatement> = c
        .members
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    let words: Vec<Vec<(usize, String)>> =
        members.iter().map(|s| char_words(&s.record.text)).collect();
    let negs: Vec<Vec<(usize, String)>> = words.iter().map(|w| negated(w)).collect();
    // How a version states the verb: only negated, only plainly, or both
    // (`customers impacted ... hosts are not impacted`: no stance).
    let stance = |w: &[(usize, String)], n: &[(usize, String)], v: &str| -> Option<bool> {
        let all = w.iter().filter(|(_, x)| x == v).count();
        let neg = n.iter().filter(|(_, x)| x == v).count();
        match (all, neg) {
            (0, _) => None,
            (a, n) if n == a => Some(true),
            (_, 0) => Some(false),
            _ => None,
        }
    };
    // A verb negated in one version and stated plainly in another.
    let verb = negs.iter().flatten().map(|(_, v)| v).find(|v| {
        let st: BTreeSet<bool> = words
            .iter()
            .zip(&negs)
            .filter_map(|(w, n)| stance(w, n, v))
            .collect();
        st.len() == 2
    })?;
    let mut versions = Vec::new();
    for ((s, w), n) in members.iter().zip(&words).zip(&negs) {
        let Some(negative) = stance(w, n, verb) else {
            continue;
        };
        let Some(vi) = w.iter().position(|(_, x)| x == verb) else {
            continue;
        };
        let from = n
            .iter()
            .find(|(_, x)| x == verb)
            .map_or(vi, |(ni, _)| *ni)
            .min(vi)
            .saturating_sub(3);
        let end_word = &w[(vi + 1).min(w.len() - 1)];
        let last = if vi + 1 < w.len() && end_word.1.ends_with("ly") {
            vi + 1
        } else {
            vi
        };
        let a = s.record.start + w[from].0;
        let b = s.record.start + w[last].0 + w[last].1.chars().count();
        let value = if negative {
            format!("not {verb}")
        } else {
            verb.clone()
        };
        versions.push(docs.version_cp(s, a, b, value)?);
    }
    // The two stances must be about the same thing: a content word near the
    // verb in both (`some systems that won't ... recover` / `some systems to
    // recover`), not two sentences that share a verb (`I want to see` / `I
    // never want to hear`).
    let context = |v: &FactVersion| -> BTreeSet<String> {
        char_words(&v.text)
            .into_iter()
            .map(|(_, w)| w)
            .filter(|w| w.chars().count() >= 4 && w != verb && !NEGATORS.contains(&w.as_str()))
            .collect()
    };
    let same_thing = versions.iter().any(|a| {
        versions
            .iter()
            .any(|b| a.value != b.value && !context(a).is_disjoint(&context(b)))
    });
    let values: BTreeSet<&str> = versions.iter().map(|v| v.value.as_str()).collect();
    if values.len() < 2 || !same_thing {
        return None;
    }
    Some(Fact {
        id: String::new(),
        topic: format!(
            "Whether {} said it would {verb}",
            c.speaker.as_deref().unwrap_or("the speaker")
        ),
        kind: FactKind::Polarity,
        status: Status::Conflict,
        versions,
        speaker_id: c.speaker_id.clone(),
        note: format!("one version negates “{verb}”, another does not"),
    })
}

/// The report's statements by id, for lookups (never iterated).
type StatementsById<'r> = rustc_hash::FxHashMap<&'r str, &'r ReportStatement>;

/// Compare the facts the documents state: conflicts first, then variants, then agreements.
pub fn compare(
    lex: &Lexicon,
    docs: &[Document],
    entities: &[Entity],
    statements: &[ReportStatement],
    clusters: &[ReportCluster],
) -> Vec<Fact> {
    use rayon::prelude::*;
    let read = docs
        .par_iter()
        .enumerate()
        .map(|(di, doc)| read_document(lex, doc, di, &crate::segment::segment(doc, lex)))
        .collect();
    let unclustered = read_unclustered(lex, docs, entities, read);
    compare_read(lex, docs, statements, clusters, unclustered)
}

/// What the facts read from one document's sentences (days, counts and
/// meetings), before the speakers of all documents are merged: see
/// [`read_document`].
pub(crate) struct DocumentFacts {
    days: Vec<(String, std::ops::Range<usize>, When)>,
    counts: Vec<(String, Count)>,
    frames: Vec<meetings::Frame>,
}

/// Read the days, counts and meetings of document `di` from its segments
/// (the ones its statements are read from: each document segmented once).
pub(crate) fn read_document(
    lex: &Lexicon,
    doc: &Document,
    di: usize,
    seg: &crate::segment::Segments<'_, '_>,
) -> DocumentFacts {
    DocumentFacts {
        days: event_days_in(lex, doc, seg),
        counts: numbers_in(lex, doc, seg),
        frames: meetings::read_frames(lex, doc, di, seg),
    }
}

/// The facts that do not read the clusters: the people's names and titles
/// (from the merged speakers' mentions) and the days, counts and meetings of
/// each document (`read`, [`read_document`]'s, in input order). `compare`
/// reads them before it clusters the versions, so that the mentions and
/// what each document's sentences gave can be freed first (at a million
/// statements, 316 MB of the 2 GB live after the speaker merge).
pub(crate) struct Unclustered {
    people: Vec<Fact>,
    days: Vec<Fact>,
    meetings: Vec<Fact>,
    numbers: Vec<Fact>,
}

/// [`Unclustered`]'s facts.
pub(crate) fn read_unclustered(
    lex: &Lexicon,
    docs: &[Document],
    entities: &[Entity],
    read: Vec<DocumentFacts>,
) -> Unclustered {
    let d = Docs::new(docs);
    use rayon::prelude::*;
    let (days, counts, mut frames): (Vec<_>, Vec<_>, Vec<_>) = read.into_iter().fold(
        (Vec::new(), Vec::new(), Vec::new()),
        |(mut a, mut b, mut c), r| {
            a.push(r.days);
            b.push(r.counts);
            c.extend(r.frames);
            (a, b, c)
        },
    );
    // The people (each read on its own, in parallel; the facts keep their
    // order), the days, the meetings and the counts are read side by side:
    // the last three each read all the documents in one pass, on one
    // thread; read after the people, they kept one thread busy and the
    // other idle for a second at a million statements (this step took 2.0
    // to 2.3 s there; now 1.5 s).
    let ((people, days), (meetings, numbers)) = rayon::join(
        || {
            rayon::join(
                || {
                    entities
                        .par_iter()
                        .filter(|e| e.kind == EntityKind::Person)
                        .flat_map_iter(|e| {
                            name_facts(&d, e).into_iter().chain(title_facts(lex, &d, e))
                        })
                        .collect::<Vec<Fact>>()
                },
                || event_day_facts(lex, docs, &days),
            )
        },
        || {
            rayon::join(
                || {
                    // The people of the meetings are named by the merged
                    // speakers.
                    let names = meetings::Names::new(entities);
                    meetings::resolve_frames(lex, &mut frames, &names);
                    meetings::meeting_facts(lex, docs, &frames)
                },
                || number_facts(docs, &counts),
            )
        },
    );
    Unclustered {
        people,
        days,
        meetings,
        numbers,
    }
}

/// [`compare`] with the facts that do not read the clusters read before
/// ([`read_unclustered`]).
pub(crate) fn compare_read(
    lex: &Lexicon,
    docs: &[Document],
    statements: &[ReportStatement],
    clusters: &[ReportCluster],
    unclustered: Unclustered,
) -> Vec<Fact> {
    let d = Docs::new(docs);
    use rayon::prelude::*;
    let Unclustered {
        people,
        days,
        meetings,
        numbers,
    } = unclustered;
    // Gathered in this order (people, clusters, days, meetings, counts),
    // which the sort below keeps among equals.
    let mut facts = people;
    let by_id: StatementsById<'_> = statements.iter().map(|s| (s.id.as_str(), s)).collect();
    // Each cluster is read on its own, in parallel; the facts keep their
    // order.
    facts.par_extend(clusters.par_iter().flat_map_iter(|c| {
        venue_facts(lex, &d, &by_id, c)
            .into_iter()
            .chain(polarity_facts(&d, &by_id, c))
    }));
    facts.extend(days);
    facts.extend(meetings);
    facts.extend(numbers);
    facts.retain(|f| {
        f.versions
            .iter()
            .map(|v| &v.doc)
            .collect::<BTreeSet<_>>()
            .len()
            >= 2
    });
    facts.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.topic.cmp(&b.topic))
    });
    for (i, f) in facts.iter_mut().enumerate() {
        f.id = format!("f{}", i + 1);
    }
    facts
}
