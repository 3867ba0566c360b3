//! The language as data: loads `grammar/` into typed tables.
//!
//! The built-in grammar is compiled in with `include_str!`; a user folder
//! replaces any file it holds and keeps the built-in one for the rest.

// FxHash: every token is looked up here, and the keys are short words, for
// which SipHash costs more than the lookup. Only lookups: no output depends
// on the tables' iteration order.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use crate::error::{DisplayPath, Error, Result};
use crate::parse::input::fold_key;

/// What a cue reports: speech, writing, a belief or intention, or a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CueClass {
    Speech,
    Writing,
    Belief,
    Source,
}

/// The constructions a cue may appear in (see `grammar/ATTRIBUTION.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Frames(u16);

impl Frames {
    pub const AFTER: Frames = Frames(1);
    pub const INVERTED: Frames = Frames(2);
    pub const BEFORE: Frames = Frames(4);
    pub const CLAUSE: Frames = Frames(8);
    pub const OBJECT: Frames = Frames(16);
    pub const SOURCE: Frames = Frames(32);
    pub const AS: Frames = Frames(64);
    pub const STANCE: Frames = Frames(128);
    /// `seems to`, `appears to`: the subject is what the report is about,
    /// not who makes it; the statement has no speaker.
    pub const IMPERSONAL: Frames = Frames(256);
    /// `is widely seen as`, `was known for`: a cue only after a passive
    /// auxiliary (`has seen`, `known him` report nothing).
    pub const PASSIVE: Frames = Frames(512);
    /// `are worried that`, `remains confident that`: an adjective after a
    /// copula, whose subject holds the belief (no passive: the subject
    /// is the speaker).
    pub const COPULAR: Frames = Frames(1024);
    /// `Trump's claim that ...`, `the warning that ...`: a noun and its
    /// `that`; the possessor, if any, is the speaker.
    pub const NOUN: Frames = Frames(2048);
    pub fn has(self, f: Frames) -> bool {
        self.0 & f.0 != 0
    }
}

/// One cue form from `cues.tsv`.
#[derive(Clone, Debug)]
pub struct CueEntry {
    /// The form's words, lower case ("according", "to").
    pub words: Vec<String>,
    pub lemma: String,
    pub class: CueClass,
    pub frames: Frames,
}

/// Gender of a pronoun, for speaker resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Masculine,
    Feminine,
    Neuter,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pronoun {
    pub gender: Gender,
    pub plural: bool,
}

/// Quote-mark families: a closer agrees with an opener of its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Double,
    Single,
    Guillemet,
}

/// Kinds of named venue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VenueKind {
    Outlet,
    Platform,
}

/// A time zone a date may carry (`timezones.tsv`).
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    /// As written ("AEST"); case-sensitive.
    pub name: String,
    /// Offset from UTC in minutes.
    pub offset: i32,
    /// Where it is the time ("eastern Australia", "the US").
    pub place: String,
    /// Assumed for a date given without a zone.
    pub reference: bool,
    /// A generic zone (ET, PT) that is standard time in winter and daylight
    /// time in summer: the region's rule, and the standard and daylight
    /// offsets in minutes (`offset` is the daylight one, assumed when no
    /// date is known).
    pub dst: Option<(DstRule, i32, i32)>,
}

/// When a region keeps daylight time (`timezones.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DstRule {
    /// Second Sunday of March to first Sunday of November.
    Us,
    /// Last Sunday of March to last Sunday of October.
    Eu,
    /// First Sunday of October to first Sunday of April.
    Au,
}

/// A word of `times.tsv`: a part of the day, a time said in words, a
/// modifier, or a day relative to the article's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeWord {
    /// Minutes after midnight, from and to (`to` may pass 1440).
    Part(u16, u16),
    /// Minutes after midnight (`noon`).
    Clock(u16),
    Early,
    Late,
    /// Days from the article's date, and a part of that day (`tonight`).
    Day(i8, Option<(u16, u16)>),
}

/// What a word says about who attends a meeting (`attendance.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attend {
    Meet,
    Attend,
    Absent,
    Host,
    By,
    With,
    Join,
    Aux,
    Not,
}

/// Per-word facts, looked up once per token (lower-cased key).
#[derive(Clone, Debug, Default)]
pub struct WordInfo {
    pub title: bool,
    /// A title word that only qualifies ("prime", "former"): never a mention's last word.
    pub modifier: bool,
    /// A title word naming a government portfolio ("foreign", "defense"):
    /// two different ones for the same office are different facts.
    pub portfolio: bool,
    pub group: bool,
    /// Ends a multi-word group phrase of [`Lexicon::group_phrases`] (`house`
    /// of `white house`): a mention ending here may be a group.
    pub group_phrase_end: bool,
    /// A place that speaks as its government (`places.txt`): [`Self::PLACE`]
    /// on its own (`Israel`, `Ukrainian`), [`Self::PLACE_PART`] as a word
    /// of a longer name (`South` of `South Korea`).
    pub place: u8,
    pub pronoun: Option<Pronoun>,
    /// Indices into [`Lexicon::cues`] of the forms that start with this word.
    pub cues: Vec<u16>,
    /// Starts a non-speech marker phrase or an occasion phrase.
    pub nonspeech_start: bool,
    pub occasion_start: bool,
}

impl WordInfo {
    /// [`WordInfo::place`]: a place on its own.
    pub const PLACE: u8 = 1;
    /// [`WordInfo::place`]: a word of a place of several words.
    pub const PLACE_PART: u8 = 2;
}

/// The loaded grammar.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub cues: Vec<CueEntry>,
    words: WordTable,
    /// Multi-word group phrases ("white house"), lower case.
    pub group_phrases: Vec<Vec<String>>,
    /// Opening mark -> the closers that pair with it.
    pub quote_pairs: Vec<(char, char, Family)>,
    pub nonspeech: Vec<Vec<String>>,
    pub abbreviations: HashSet<String>,
    pub boilerplate_lines: HashSet<String>,
    pub related_markers: Vec<String>,
    pub link_prefixes: Vec<String>,
    pub inline_chrome: Vec<String>,
    /// Page labels before a colon ("Note:", "Update:"), never speakers.
    pub labels: HashSet<String>,
    /// Named venues (case-sensitive words) and their kind.
    pub venue_names: Vec<(Vec<String>, VenueKind)>,
    /// Occasion phrases, lower case ("news conference").
    pub occasions: Vec<Vec<String>>,
    /// Event nouns and their class ("glitch" -> "disruption"), for dating events.
    pub events: HashMap<String, String>,
    /// Time zones (`timezones.tsv`).
    pub zones: Vec<Zone>,
    /// Month words, lower case without a period, and their number.
    pub months: HashMap<String, u8>,
    /// Attendance words, lower case, and what they say.
    pub attendance: HashMap<String, Attend>,
    /// Time-of-day and relative-day words, lower case (`times.tsv`).
    pub times: HashMap<String, TimeWord>,
    /// The [`fold_key`](crate::parse::input::fold_key)s of the words a date
    /// or time phrase can start with, sorted: built from the lists above when
    /// the grammar loads (`facts::when::start_keys`).
    pub(crate) when_starts: Vec<u32>,
    /// The first bytes of the venue names' first words, as written: a
    /// token opening with none of them (in either case, if it is all
    /// capitals) starts no venue name.
    pub(crate) venue_initials: [bool; 256],
}

/// The range of a part of the day already read from `times.tsv`.
fn get_part(times: &HashMap<String, TimeWord>, word: &str) -> Option<(u16, u16)> {
    match times.get(word) {
        Some(TimeWord::Part(a, b)) => Some((*a, *b)),
        _ => None,
    }
}

/// The grammar files, by name, and their built-in text.
const FILES: &[(&str, &str)] = &[
    ("cues.tsv", include_str!("../grammar/cues.tsv")),
    ("titles.txt", include_str!("../grammar/titles.txt")),
    ("groups.txt", include_str!("../grammar/groups.txt")),
    ("places.txt", include_str!("../grammar/places.txt")),
    ("quotes.tsv", include_str!("../grammar/quotes.tsv")),
    ("venues.txt", include_str!("../grammar/venues.txt")),
    ("events.tsv", include_str!("../grammar/events.tsv")),
    ("timezones.tsv", include_str!("../grammar/timezones.tsv")),
    ("months.tsv", include_str!("../grammar/months.tsv")),
    ("times.tsv", include_str!("../grammar/times.tsv")),
    ("attendance.tsv", include_str!("../grammar/attendance.tsv")),
    ("pronouns.tsv", include_str!("../grammar/pronouns.tsv")),
    ("nonspeech.txt", include_str!("../grammar/nonspeech.txt")),
    (
        "abbreviations.txt",
        include_str!("../grammar/abbreviations.txt"),
    ),
    (
        "boilerplate.txt",
        include_str!("../grammar/boilerplate.txt"),
    ),
];

/// The names of the files a grammar folder may hold.
pub fn grammar_files() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(n, _)| *n)
}

/// Data lines of a file: (1-based line number, trimmed line), no comments or blanks.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn words_lower(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::builtin()
    }
}

impl Lexicon {
    /// The grammar compiled into the crate.
    pub fn builtin() -> Lexicon {
        let files: Vec<(&str, String)> = FILES.iter().map(|(n, t)| (*n, t.to_string())).collect();
        Lexicon::from_files(&files).expect("the built-in grammar parses (checked by tests)")
    }

    /// The built-in grammar with every file that `dir` holds put in its place.
    pub fn from_dir(dir: &Path) -> Result<Lexicon> {
        if !dir.is_dir() {
            return Err(Error::Io {
                path: DisplayPath(dir).to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "grammar folder not found",
                ),
            });
        }
        let mut files = Vec::new();
        for (name, builtin) in FILES {
            let path = dir.join(name);
            let text = if path.exists() {
                std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: DisplayPath(&path).to_string(),
                    source,
                })?
            } else {
                builtin.to_string()
            };
            files.push((*name, text));
        }
        Lexicon::from_files(&files)
    }

    fn from_files(files: &[(&str, String)]) -> Result<Lexicon> {
        let get = |name: &str| {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or("")
        };
        let err = |file: &str, line: usize, message: String| Error::Grammar {
            file: file.to_string(),
            line,
            message,
        };
        // Built here, then laid out for look-up by fold key.
        let mut infos: HashMap<String, WordInfo> = HashMap::default();
        let mut lex = Lexicon {
            cues: Vec::new(),
            words: WordTable::default(),
            group_phrases: Vec::new(),
            quote_pairs: Vec::new(),
            nonspeech: Vec::new(),
            abbreviations: HashSet::default(),
            boilerplate_lines: HashSet::default(),
            related_markers: Vec::new(),
            link_prefixes: Vec::new(),
            inline_chrome: Vec::new(),
            labels: HashSet::default(),
            venue_names: Vec::new(),
            occasions: Vec::new(),
            events: HashMap::default(),
            zones: Vec::new(),
            months: HashMap::default(),
            attendance: HashMap::default(),
            times: HashMap::default(),
            when_starts: Vec::new(),
            venue_initials: [false; 256],
        };
        for (n, line) in data_lines(get("cues.tsv")) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 4 {
                return Err(err(
                    "cues.tsv",
                    n,
                    format!("expected 4 tab-separated columns, found {}", cols.len()),
                ));
            }
            let class = match cols[2].trim() {
                "speech" => CueClass::Speech,
                "writing" => CueClass::Writing,
                "belief" => CueClass::Belief,
                "source" => CueClass::Source,
                other => return Err(err("cues.tsv", n, format!("unknown class {other:?}"))),
            };
            let mut frames = Frames::default();
            for f in cols[3].split(',') {
                frames.0 |= match f.trim() {
                    "after" => Frames::AFTER.0,
                    "inverted" => Frames::INVERTED.0,
                    "before" => Frames::BEFORE.0,
                    "clause" => Frames::CLAUSE.0,
                    "object" => Frames::OBJECT.0,
                    "source" => Frames::SOURCE.0,
                    "as" => Frames::AS.0,
                    "stance" => Frames::STANCE.0,
                    "impersonal" => Frames::IMPERSONAL.0,
                    "passive" => Frames::PASSIVE.0,
                    "copular" => Frames::COPULAR.0,
                    "noun" => Frames::NOUN.0,
                    other => return Err(err("cues.tsv", n, format!("unknown frame {other:?}"))),
                };
            }
            let words = words_lower(cols[0]);
            if words.is_empty() {
                return Err(err("cues.tsv", n, "empty cue form".into()));
            }
            let idx = u16::try_from(lex.cues.len())
                .map_err(|_| err("cues.tsv", n, "too many cue forms".into()))?;
            infos.entry(words[0].clone()).or_default().cues.push(idx);
            lex.cues.push(CueEntry {
                words,
                lemma: cols[1].trim().to_string(),
                class,
                frames,
            });
        }
        for (_, line) in data_lines(get("titles.txt")) {
            let (word, tag) = line.split_once('\t').unwrap_or((line, ""));
            let info = infos.entry(word.trim().to_lowercase()).or_default();
            info.title = true;
            info.modifier |= tag.split(',').any(|x| x.trim() == "modifier");
            info.portfolio |= tag.split(',').any(|x| x.trim() == "portfolio");
        }
        for (_, line) in data_lines(get("groups.txt")) {
            let w = words_lower(line);
            if w.len() == 1 {
                infos.entry(w[0].clone()).or_default().group = true;
            } else if let Some(last) = w.last() {
                infos.entry(last.clone()).or_default().group_phrase_end = true;
                lex.group_phrases.push(w);
            }
        }
        for (_, line) in data_lines(get("places.txt")) {
            let w = words_lower(line);
            let part = if w.len() == 1 {
                WordInfo::PLACE
            } else {
                WordInfo::PLACE_PART
            };
            for word in w {
                infos.entry(word).or_default().place |= part;
            }
        }
        for (n, line) in data_lines(get("pronouns.tsv")) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(err(
                    "pronouns.tsv",
                    n,
                    "expected: form, gender, number".into(),
                ));
            }
            let gender = match cols[1].trim() {
                "masculine" => Gender::Masculine,
                "feminine" => Gender::Feminine,
                "neuter" => Gender::Neuter,
                "none" => Gender::None,
                other => return Err(err("pronouns.tsv", n, format!("unknown gender {other:?}"))),
            };
            let plural = match cols[2].trim() {
                "plural" => true,
                "singular" => false,
                other => return Err(err("pronouns.tsv", n, format!("unknown number {other:?}"))),
            };
            infos
                .entry(cols[0].trim().to_lowercase())
                .or_default()
                .pronoun = Some(Pronoun { gender, plural });
        }
        for (n, line) in data_lines(get("quotes.tsv")) {
            let cols: Vec<&str> = line.split('\t').collect();
            let one = |s: &str| {
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => Ok(c),
                    _ => Err(err(
                        "quotes.tsv",
                        n,
                        format!("{s:?} is not a single character"),
                    )),
                }
            };
            if cols.len() != 3 {
                return Err(err("quotes.tsv", n, "expected: open, close, family".into()));
            }
            let family = match cols[2].trim() {
                "double" => Family::Double,
                "single" => Family::Single,
                "guillemet" => Family::Guillemet,
                other => return Err(err("quotes.tsv", n, format!("unknown family {other:?}"))),
            };
            lex.quote_pairs.push((one(cols[0])?, one(cols[1])?, family));
        }
        for (n, line) in data_lines(get("nonspeech.txt")) {
            let w = words_lower(line);
            if w.is_empty() {
                return Err(err("nonspeech.txt", n, "empty phrase".into()));
            }
            infos.entry(w[0].clone()).or_default().nonspeech_start = true;
            lex.nonspeech.push(w);
        }
        for (_, line) in data_lines(get("abbreviations.txt")) {
            lex.abbreviations.insert(line.trim().to_string());
        }
        for (n, line) in data_lines(get("boilerplate.txt")) {
            let Some((kind, text)) = line.split_once('\t') else {
                return Err(err("boilerplate.txt", n, "expected: kind, text".into()));
            };
            let text = text.trim().to_string();
            match kind.trim() {
                "line" => {
                    lex.boilerplate_lines.insert(text);
                }
                "related" => lex.related_markers.push(text),
                "prefix" => lex.link_prefixes.push(text),
                "inline" => lex.inline_chrome.push(text),
                "label" => {
                    lex.labels.insert(text.to_lowercase());
                }
                other => return Err(err("boilerplate.txt", n, format!("unknown kind {other:?}"))),
            }
        }
        for (n, line) in data_lines(get("venues.txt")) {
            let Some((kind, text)) = line.split_once('\t') else {
                return Err(err("venues.txt", n, "expected: kind, text".into()));
            };
            if text.trim().is_empty() {
                return Err(err("venues.txt", n, "empty venue".into()));
            }
            match kind.trim() {
                "outlet" => lex.venue_names.push((
                    text.split_whitespace().map(str::to_string).collect(),
                    VenueKind::Outlet,
                )),
                "platform" => lex.venue_names.push((
                    text.split_whitespace().map(str::to_string).collect(),
                    VenueKind::Platform,
                )),
                "occasion" => {
                    let w = words_lower(text);
                    infos.entry(w[0].clone()).or_default().occasion_start = true;
                    lex.occasions.push(w);
                }
                other => return Err(err("venues.txt", n, format!("unknown kind {other:?}"))),
            }
        }
        for (n, line) in data_lines(get("events.tsv")) {
            let Some((noun, class)) = line.split_once('\t') else {
                return Err(err("events.tsv", n, "expected: noun, class".into()));
            };
            let (noun, class) = (noun.trim().to_lowercase(), class.trim().to_lowercase());
            if noun.is_empty() || class.is_empty() {
                return Err(err("events.tsv", n, "empty noun or class".into()));
            }
            lex.events.insert(noun, class);
        }
        for (n, line) in data_lines(get("timezones.tsv")) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let hours = |o: &str| o.parse::<f64>().ok().map(|h| (h * 60.0).round() as i32);
            // `-5/-4`: standard and daylight offsets of a zone with a rule.
            let offsets = cols.get(1).and_then(|o| match o.split_once('/') {
                Some((a, b)) => Some((hours(a)?, Some(hours(b)?))),
                None => Some((hours(o)?, None)),
            });
            let flags: Vec<&str> = cols
                .get(3)
                .map(|f| f.split_whitespace().collect())
                .unwrap_or_default();
            let rule = flags.iter().find_map(|f| match *f {
                "us" => Some(DstRule::Us),
                "eu" => Some(DstRule::Eu),
                "au" => Some(DstRule::Au),
                _ => None,
            });
            let (Some((offset, daylight)), Some(place)) = (offsets, cols.get(2)) else {
                return Err(err(
                    "timezones.tsv",
                    n,
                    "expected: zone, UTC offset in hours, where".into(),
                ));
            };
            let dst = match (rule, daylight) {
                (Some(r), Some(d)) => Some((r, offset, d)),
                (None, None) => None,
                _ => {
                    return Err(err(
                        "timezones.tsv",
                        n,
                        "a daylight rule (us, eu, au) needs standard/daylight offsets".into(),
                    ));
                }
            };
            lex.zones.push(Zone {
                name: cols[0].to_string(),
                offset: daylight.unwrap_or(offset),
                place: place.to_string(),
                reference: flags.contains(&"reference"),
                dst,
            });
        }
        for (n, line) in data_lines(get("times.tsv")) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let hm = |s: &str| -> Option<u16> {
                let (h, m) = s.split_once(':')?;
                Some(h.parse::<u16>().ok()? * 60 + m.parse::<u16>().ok()?)
            };
            let word = match (cols.get(1).copied(), cols.get(2), cols.get(3)) {
                (Some("part"), Some(a), Some(b)) => {
                    hm(a).zip(hm(b)).map(|(a, b)| TimeWord::Part(a, b))
                }
                (Some("clock"), Some(a), None) => hm(a).map(TimeWord::Clock),
                (Some("early"), None, None) => Some(TimeWord::Early),
                (Some("late"), None, None) => Some(TimeWord::Late),
                (Some("day"), Some(d), None) => {
                    d.parse::<i8>().ok().map(|d| TimeWord::Day(d, None))
                }
                (Some("day"), Some(d), Some(p)) => d
                    .parse::<i8>()
                    .ok()
                    .zip(get_part(&lex.times, p))
                    .map(|(d, r)| TimeWord::Day(d, Some(r))),
                _ => None,
            };
            let Some(word) = word else {
                return Err(err(
                    "times.tsv",
                    n,
                    "expected: word, then part FROM TO, clock HH:MM, early, late, or day N [PART]"
                        .into(),
                ));
            };
            lex.times.insert(cols[0].to_lowercase(), word);
        }
        for (n, line) in data_lines(get("months.tsv")) {
            let month = line
                .split_once('\t')
                .and_then(|(w, m)| Some((w.trim().to_lowercase(), m.trim().parse::<u8>().ok()?)))
                .filter(|(_, m)| (1..=12).contains(m));
            let Some((word, month)) = month else {
                return Err(err("months.tsv", n, "expected: word, month 1-12".into()));
            };
            lex.months.insert(word, month);
        }
        for (n, line) in data_lines(get("attendance.tsv")) {
            let role = match line.split_once('\t').map(|(w, r)| (w.trim(), r.trim())) {
                Some((w, "meet")) => (w, Attend::Meet),
                Some((w, "attend")) => (w, Attend::Attend),
                Some((w, "absent")) => (w, Attend::Absent),
                Some((w, "host")) => (w, Attend::Host),
                Some((w, "by")) => (w, Attend::By),
                Some((w, "with")) => (w, Attend::With),
                Some((w, "join")) => (w, Attend::Join),
                Some((w, "aux")) => (w, Attend::Aux),
                Some((w, "not")) => (w, Attend::Not),
                _ => {
                    return Err(err(
                        "attendance.tsv",
                        n,
                        "expected: word, role (meet, attend, absent, host, by, with, join, aux, not)"
                            .into(),
                    ));
                }
            };
            lex.attendance.insert(role.0.to_lowercase(), role.1);
        }
        // Longest venue names first, so "Fox News" wins over "Fox".
        lex.venue_names
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        lex.occasions
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        lex.words = WordTable::new(infos);
        for (words, _) in &lex.venue_names {
            if let Some(&b) = words.first().and_then(|w| w.as_bytes().first()) {
                lex.venue_initials[b as usize] = true;
            }
        }
        lex.when_starts = crate::facts::when::start_keys(&lex);
        Ok(lex)
    }

    /// Facts about a lower-cased word, if the grammar knows it.
    pub fn word(&self, lower: &str) -> Option<&WordInfo> {
        self.words.get(lower, fold_key(lower.as_bytes()))
    }

    /// [`Lexicon::word`] of `word` lower-cased as ASCII, whose [`fold_key`]
    /// is `key` (the tokenizer works it out as it reads the word): no
    /// hashing and no lower-case copy here. The table's words have no ASCII
    /// capitals, so ignoring ASCII case finds the same entry.
    #[inline]
    pub fn word_folded(&self, word: &str, key: u32) -> Option<&WordInfo> {
        self.word_folded_bytes(word.as_bytes(), key)
    }

    /// [`Lexicon::word_folded`] of a word's bytes: the tokenizer reads an
    /// ASCII word as bytes, and making it a `str` again would check the
    /// character boundaries at both ends for nothing.
    #[inline]
    pub(crate) fn word_folded_bytes(&self, word: &[u8], key: u32) -> Option<&WordInfo> {
        // (`w` has no ASCII capitals: only `word`'s bytes need lowering.)
        // (So `b` lowers to `a` when it is `a`, or a capital whose case bit
        // makes it `a`: most bytes answer at the first comparison, without
        // lowering.)
        self.words.find(key, |w| {
            w.len() == word.len()
                && w.bytes()
                    .zip(word.iter().copied())
                    .all(|(a, b)| a == b || b.is_ascii_uppercase() && a == b | 0x20)
        })
    }
}

/// The per-word facts by lower-cased word, in a table probed by the word's
/// [`fold_key`] (open addressing, at most half full).
#[derive(Clone, Debug, Default)]
struct WordTable {
    entries: Vec<(String, WordInfo)>,
    /// `(fold key, index + 1)` into `entries`; 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    /// `32 - log2(slots.len())`: the slot is the top bits of the mixed key.
    shift: u32,
    /// One bit per value of a key's top [`FILTER_BITS`] bits, set for the
    /// table's words: most words of a text are not in the grammar, and a
    /// clear bit says so without probing the table.
    filter: Vec<u64>,
}

/// The key bits [`WordTable::filter`] is indexed by (a 8 KiB bitmap).
const FILTER_BITS: u32 = 16;

impl WordTable {
    fn new(words: HashMap<String, WordInfo>) -> WordTable {
        let mut entries: Vec<(String, WordInfo)> = words.into_iter().collect();
        // (What `word_folded` relies on: every key is lower-cased.)
        debug_assert!(
            entries
                .iter()
                .all(|(w, _)| !w.bytes().any(|b| b.is_ascii_uppercase()))
        );
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![(0, 0); size],
            shift: 32 - size.trailing_zeros(),
            entries: Vec::new(),
            filter: vec![0; (1 << FILTER_BITS) / 64],
        };
        for (i, (w, _)) in entries.iter().enumerate() {
            let key = fold_key(w.as_bytes());
            let f = (key >> (32 - FILTER_BITS)) as usize;
            table.filter[f / 64] |= 1 << (f % 64);
            let mut slot = table.slot(key);
            while table.slots[slot].1 != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = (key, i as u32 + 1);
        }
        table.entries = entries;
        table
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, lower: &str, key: u32) -> Option<&WordInfo> {
        self.find(key, |w| w == lower)
    }

    /// The entry with fold key `key` whose word `is` accepts. The filter
    /// is read where the tokenizer asks (most words stop there); the probe
    /// is a call.
    #[inline(always)]
    fn find(&self, key: u32, is: impl Fn(&str) -> bool) -> Option<&WordInfo> {
        let f = (key >> (32 - FILTER_BITS)) as usize;
        // (An empty table, `Default`'s, has no filter: nothing is in it.)
        if self
            .filter
            .get(f / 64)
            .is_none_or(|w| w >> (f % 64) & 1 == 0)
        {
            return None;
        }
        self.probe(key, is)
    }

    /// [`WordTable::find`] past the filter: the table's probe.
    #[inline(never)]
    fn probe(&self, key: u32, is: impl Fn(&str) -> bool) -> Option<&WordInfo> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key);
        loop {
            let (h, at) = self.slots[slot];
            if at == 0 {
                return None;
            }
            if h == key {
                let (w, info) = &self.entries[at as usize - 1];
                if is(w) {
                    return Some(info);
                }
            }
            slot = (slot + 1) & mask;
        }
    }
}
