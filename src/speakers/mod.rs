//! Stage 4, speakers: every statement's speaker mention resolved to an entity.
//!
//! Within a document: named mentions found anywhere in the text give people
//! their full names and titles ("White House envoy Steve Witkoff"); short
//! names join the person last named with that surname ("Witkoff"); roles
//! ("the envoy", "Trump's envoy") join the person whose titles hold the
//! role's head word; pronouns join the most recent compatible person among
//! those last speaking and those last named as a sentence's subject, with
//! gender taken from titles ("Mrs.", "spokeswoman") and earlier pronouns.
//! Groups ("European leaders", "the Kremlin") are speakers of their own;
//! unnamed people ("a top official", "sources") stay unnamed.
//!
//! Across documents ([`merge`]): people with the same folded surname (or a
//! near-identical one: Zelensky/Zelenskyy) and compatible first names are one
//! entity; different first names never merge.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Serialize;

use crate::document::Span;
use crate::lexicon::{Gender, WordInfo};
use crate::parse::Statement;
use crate::parse::attribution::{PARTICLES, apposition, speaker_np};
use crate::parse::input::{Cx, Toks, WordList, fold_key};
use crate::parse::tokens::{Token, TokenKind};
use crate::segment::Segments;

mod merge;
pub mod sets;
use merge::CharShape;
pub use merge::{Speakers, merge, merge_owned};
pub use sets::{NameSet, OutletMap};

/// What sort of speaker an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// A person the document knows only by a role ("the president").
    Role,
    /// A group, organisation or document ("European leaders", "the Kremlin").
    Group,
    /// Someone deliberately not named ("a top official", "sources").
    Unnamed,
}

/// One place an entity is mentioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityMention {
    pub doc: String,
    pub span: Span,
    pub text: String,
}

/// Names and titles an outlet used for an entity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutletUsage {
    pub aliases: NameSet,
    pub titles: NameSet,
}

/// A speaker identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: usize,
    pub kind: EntityKind,
    /// The canonical name: the most used full name ("Volodymyr Zelensky"),
    /// the group's name, or the role as written.
    pub name: String,
    /// Every name form seen ("Zelensky", "Zelenskyy", "Volodymyr Zelensky").
    pub aliases: NameSet,
    /// Titles and roles seen ("Ukrainian President", "the envoy").
    pub titles: NameSet,
    pub gender: Option<Gender>,
    /// Names and titles by outlet (`""` when the outlet is unknown).
    pub by_outlet: OutletMap<OutletUsage>,
    pub mentions: Vec<EntityMention>,
}

/// The speakers of one document: entities, and each statement's entity.
#[derive(Clone, Debug, Default)]
pub struct DocSpeakers {
    pub entities: Vec<Entity>,
    /// Aligned with the statements: the entity each is credited to.
    pub statement_entity: Vec<Option<usize>>,
}

/// What a mention says about who it names.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Parsed<'t> {
    kind: EntityKind,
    /// Name words (for people) as written: "Steve", "Witkoff" (borrowed
    /// from the text: no string per word).
    name: Vec<&'t str>,
    /// Title and role words before the name, or the role itself.
    title: String,
    /// The last title word: what a role is ("envoy", "president").
    head: Option<String>,
    gender: Option<Gender>,
    pronoun: Option<(Gender, bool)>,
}

const FEMININE_WORDS: &[&str] = &[
    "mrs",
    "ms",
    "miss",
    "madam",
    "dame",
    "lady",
    "queen",
    "princess",
    "spokeswoman",
    "congresswoman",
    "chairwoman",
    "businesswoman",
    "councilwoman",
    "wife",
    "mother",
    "daughter",
    "sister",
    "grandmother",
    "aunt",
    "woman",
    "girl",
    "she",
    "her",
    "actress",
];
const FEMININE: &WordList<64> = &WordList::new(FEMININE_WORDS);
const MASCULINE_WORDS: &[&str] = &[
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "spokesman",
    "congressman",
    "chairman",
    "businessman",
    "councilman",
    "husband",
    "father",
    "son",
    "brother",
    "grandfather",
    "uncle",
    "man",
    "boy",
    "he",
    "him",
    "his",
    "actor",
];
const MASCULINE: &WordList<64> = &WordList::new(MASCULINE_WORDS);

/// The low bytes of the gendered words' [`fold_key`]s, as a 256-bit set: a
/// word whose key's low byte is not in it is in neither list, and is not
/// looked up (most words are names).
const GENDERED_LOW: [u64; 4] = {
    let mut set = [0u64; 4];
    let lists = [FEMININE_WORDS, MASCULINE_WORDS];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let low = fold_key(lists[l][i].as_bytes()) as u8;
            set[(low >> 6) as usize] |= 1 << (low & 63);
            i += 1;
        }
        l += 1;
    }
    set
};

/// A word with fold key `key` may be in [`FEMININE`] or [`MASCULINE`]
/// (their test compares keys first: a key not in [`GENDERED_LOW`] is in
/// neither).
#[inline]
fn may_be_gendered(key: u32) -> bool {
    let low = key as u8;
    GENDERED_LOW[(low >> 6) as usize] & (1 << (low & 63)) != 0
}

/// Whether `w` (fold key `key`) is on the feminine and on the masculine
/// list: most words are on neither, which the key filter tells first.
/// (The filter inlined at every word, the look-ups called for the few it
/// lets through.)
#[inline(always)]
fn gender_marks(w: &str, key: u32) -> (bool, bool) {
    if !may_be_gendered(key) {
        return (false, false);
    }
    on_gender_lists(w, key)
}

/// [`gender_marks`]' look-ups.
fn on_gender_lists(w: &str, key: u32) -> (bool, bool) {
    (
        FEMININE.contains_word(w, key),
        MASCULINE.contains_word(w, key),
    )
}
const INDEFINITE: &WordList<32> = &WordList::new(&[
    "a", "an", "one", "some", "several", "two", "three", "four", "many", "other", "another",
    "certain", "few",
]);
const UNNAMED_HEADS: &WordList<32> = &WordList::new(&[
    "source",
    "sources",
    "official",
    "officials",
    "person",
    "people",
    "aide",
    "aides",
    "insider",
    "insiders",
]);
/// Words that open a phrase and are no name (`Both Aurell and Pell`).
const NP_DETERMINERS: &WordList<32> = &WordList::new(&[
    "a", "an", "the", "this", "that", "both", "either", "neither", "all", "each",
]);

/// A lower-case word with its [`fold_key`], for [`FoldedWords::is`].
type Keyed = (&'static str, u32);
const fn keyed(w: &'static str) -> Keyed {
    (w, fold_key(w.as_bytes()))
}
const AND: Keyed = keyed("and");
const BOTH: Keyed = keyed("both");
const THE: Keyed = keyed("the");
const A: Keyed = keyed("a");
const AN: Keyed = keyed("an");
const NEWS: Keyed = keyed("news");
const OF: Keyed = keyed("of");
const FOR: Keyed = keyed("for");
const AT: Keyed = keyed("at");

fn fold(s: &str) -> String {
    // Lower case, ASCII-folded for the common Latin accents, apostrophes unified.
    if s.is_ascii() {
        return s.to_ascii_lowercase(); // the same, without the per-char tables
    }
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appended to `out`: many words folded into one buffer.
fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
        return;
    }
    out.extend(s.chars().flat_map(char::to_lowercase).map(|c| match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'š' => 's',
        'ž' => 'z',
        'č' => 'c',
        '\u{2019}' => '\'',
        c => c,
    }));
}

/// `fold(s)` is one of `words` (lower case); `key` is `s`'s
/// [`fold_key`]. An ASCII word is looked up as it is, without building the
/// folded string.
fn fold_in<const N: usize>(s: &str, key: u32, words: &WordList<N>) -> bool {
    if s.is_ascii() {
        words.contains_word(s, key)
    } else {
        words.contains(&fold(s).as_str())
    }
}

/// A surname key that ignores doubled letters and a final y/i
/// (Zelensky/Zelenskyy/Zelenskiy).
/// `FAA` in `the FAA`: a mention that is one word of two to six capitals.
fn acronym(text: &str, toks: &[Token]) -> Option<String> {
    // The first three words at most: no list of them is needed.
    let mut words = toks.iter().filter(|x| x.is_word()).map(|x| x.text(text));
    let w = match (words.next(), words.next(), words.next()) {
        (Some(w), None, None) => w,
        (Some(the), Some(w), None) if the.eq_ignore_ascii_case("the") => w,
        _ => return None,
    };
    (w.len() >= 2 && w.len() <= 6 && w.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| w.to_string())
}

/// The capitals of a name's words, small words left out: `Federal Aviation
/// Administration` -> `FAA`, `Department of Justice` -> `DJ`.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect()
}

pub fn surname_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    surname_key_into(s, &mut out);
    out
}

/// Each ASCII byte's lower case when it is a letter or a digit, else 0.
const KEY_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = (b as u8).to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            t[b] = c;
        }
        b += 1;
    }
    t
};

/// [`surname_key`] into `out` (cleared first), reusing its allocation.
fn surname_key_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        // fold is ASCII lower case here; a byte at a time.
        let mut last = 0u8;
        for &b in s.as_bytes() {
            // The lower-cased letter or digit, 0 for any other byte.
            let c = KEY_BYTE[b as usize];
            if c == 0 || c == last {
                continue;
            }
            last = c;
            out.push(c as char);
        }
    } else {
        let f = fold(s);
        let mut last = None;
        for c in f.chars().filter(|c| c.is_alphanumeric()) {
            if last == Some(c) {
                continue;
            }
            last = Some(c);
            out.push(c);
        }
    }
    while out.len() > 3 && (out.ends_with('y') || out.ends_with('i')) {
        out.pop();
    }
}

/// `surname_key(a) == surname_key(b)`, with two reused buffers.
#[cfg(test)]
fn same_surname_key(a: &str, b: &str, bufs: &mut (String, String)) -> bool {
    surname_key_into(a, &mut bufs.0);
    surname_key_into(b, &mut bufs.1);
    bufs.0 == bufs.1
}

fn gender_of<'w>(words: impl IntoIterator<Item = &'w str>) -> Option<Gender> {
    // The lists are lower case and their test ASCII-case-blind, so a word
    // is looked up as written when it is ASCII (folding it would change
    // nothing the test sees) and folded first otherwise.
    // Each word keyed once, looked up in both lists.
    let (mut feminine, mut masculine) = (false, false);
    let mut buf = String::new();
    for w in words {
        let w = if w.is_ascii() {
            w
        } else {
            buf.clear();
            fold_into(w, &mut buf);
            buf.as_str()
        };
        let w = w.trim_end_matches('.');
        let key = fold_key(w.as_bytes());
        let (f, m) = gender_marks(w, key);
        (feminine, masculine) = (feminine | f, masculine | m);
    }
    one_gender(feminine, masculine)
}

/// [`gender_of`] the tokens' words, with the fold keys the tokenizer
/// worked out for ASCII words (a word token's key is its text's).
fn gender_of_tokens(text: &str, toks: &[Token]) -> Option<Gender> {
    let (mut feminine, mut masculine) = (false, false);
    let mut buf = String::new();
    for x in toks {
        let w = x.text(text);
        let (w, key) = if w.is_ascii() {
            let trimmed = w.trim_end_matches('.');
            let key = if x.kind == TokenKind::Word && trimmed.len() == w.len() {
                debug_assert_eq!(x.key, fold_key(w.as_bytes()));
                x.key
            } else {
                fold_key(trimmed.as_bytes())
            };
            (trimmed, key)
        } else {
            buf.clear();
            fold_into(w, &mut buf);
            let trimmed = buf.trim_end_matches('.');
            (trimmed, fold_key(trimmed.as_bytes()))
        };
        let (f, m) = gender_marks(w, key);
        (feminine, masculine) = (feminine | f, masculine | m);
    }
    one_gender(feminine, masculine)
}

/// A gender when the words named only one.
fn one_gender(feminine: bool, masculine: bool) -> Option<Gender> {
    match (feminine, masculine) {
        (true, false) => Some(Gender::Feminine),
        (false, true) => Some(Gender::Masculine),
        _ => None,
    }
}

/// A mention's words as [`parse_mention_with`] reads them: each word
/// [`fold`]ed up to ASCII case, with its [`fold_key`]. An ASCII word is read where it lies in the text:
/// folding it would only lower its case, which every test of these words
/// ignores (they compare with [`str::eq_ignore_ascii_case`] and case-blind
/// word lists). Only the rare other words are folded, into one buffer
/// reused across mentions.
#[derive(Default)]
struct Folded<'t> {
    buf: String,
    /// Each word: where it lies in the text, or its bytes in `buf`.
    words: Vec<FoldedWord<'t>>,
    keys: Vec<u32>,
}

/// A word of [`Folded`]: an ASCII word as it lies in the text (held as
/// such, not as offsets: no slicing and its checks at every look), or the
/// range of `buf` it was folded into.
#[derive(Clone, Copy)]
enum FoldedWord<'t> {
    Text(&'t str),
    Buf(usize, usize),
}

impl<'t> Folded<'t> {
    fn fill(&mut self, text: &'t str, words: &[&Token]) {
        self.buf.clear();
        self.words.clear();
        self.keys.clear();
        for t in words {
            let word = t.text(text);
            if word.is_ascii() {
                self.words.push(FoldedWord::Text(word));
                // The tokenizer keyed an ASCII word already (fold_key
                // ignores ASCII case).
                debug_assert!(t.kind != TokenKind::Word || t.key == fold_key(word.as_bytes()));
                self.keys.push(if t.kind == TokenKind::Word {
                    t.key
                } else {
                    fold_key(word.as_bytes())
                });
            } else {
                let from = self.buf.len();
                fold_into(word, &mut self.buf);
                self.words.push(FoldedWord::Buf(from, self.buf.len()));
                self.keys.push(fold_key(&self.buf.as_bytes()[from..]));
            }
        }
    }
    /// The words `fill` was given.
    fn view(&self) -> FoldedWords<'_, 't> {
        FoldedWords { f: self }
    }
}

/// [`Folded`] words, read.
#[derive(Clone, Copy)]
struct FoldedWords<'a, 't> {
    f: &'a Folded<'t>,
}

impl<'a, 't: 'a> FoldedWords<'a, 't> {
    /// Word `i` folded, up to ASCII case.
    #[inline(always)]
    fn get(&self, i: usize) -> &'a str {
        match self.f.words[i] {
            FoldedWord::Text(w) => w,
            FoldedWord::Buf(from, to) => &self.f.buf[from..to],
        }
    }
    #[inline]
    fn len(&self) -> usize {
        self.f.words.len()
    }
    #[inline]
    fn key(&self, i: usize) -> u32 {
        self.f.keys[i]
    }
    /// Word `i` folds to `w`: keys compared first, the words only when
    /// they agree.
    #[inline]
    fn is(&self, i: usize, (w, key): Keyed) -> bool {
        self.key(i) == key && self.get(i).eq_ignore_ascii_case(w)
    }
    /// Word `i` folds to one of `list`'s words (looked up by its key; the
    /// list's test ignores ASCII case).
    #[inline]
    fn is_one_of<const N: usize>(&self, i: usize, list: &WordList<N>) -> bool {
        list.contains_word(self.get(i), self.key(i))
    }
    #[inline]
    fn last(&self) -> Option<&'a str> {
        self.len().checked_sub(1).map(|i| self.get(i))
    }
    /// [`gender_of`] the folded words, with the keys worked out in `fill`.
    fn gender(&self) -> Option<Gender> {
        let (mut feminine, mut masculine) = (false, false);
        for i in 0..self.len() {
            let w = self.get(i);
            if matches!(self.f.words[i], FoldedWord::Buf(..)) && !w.is_ascii() {
                // Not ASCII folded: as gender_of reads it.
                match gender_of([w]) {
                    Some(Gender::Feminine) => feminine = true,
                    Some(Gender::Masculine) => masculine = true,
                    _ => {}
                }
                continue;
            }
            // (The lists' test ignores ASCII case; the key is the word's
            // without its final periods, worked out only when it has some.)
            let trimmed = w.trim_end_matches('.');
            let key = if trimmed.len() == w.len() {
                self.key(i)
            } else {
                fold_key(trimmed.as_bytes())
            };
            let (f, m) = gender_marks(trimmed, key);
            (feminine, masculine) = (feminine | f, masculine | m);
        }
        one_gender(feminine, masculine)
    }
}

/// `w`, a word folded up to ASCII case ([`FoldedWords::get`]), folds to a
/// word ending in `suffix` (lower case ASCII).
fn ends_folding_to(w: &str, suffix: &str) -> bool {
    w.len() >= suffix.len()
        && w.as_bytes()[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// A token no phrase holds, to fill [`parse_mention_with`]'s word array.
const PLACEHOLDER: Token<'static> = Token {
    start: 0,
    end: 0,
    kind: TokenKind::Punct(' '),
    flags: 0,
    info: None,
    key: 0,
};

/// Read a mention's tokens.
fn parse_mention<'t>(cx: Cx<'t, '_>, toks: &[Token]) -> Parsed<'t> {
    // (Read for a few appositions only: its own buffers.)
    parse_mention_with(cx, toks, &mut Folded::default(), true, true)
}

/// Read a mention's tokens into `lower`'s buffers. `titles`: a named
/// person's title is built (records name none); `others`: so are the titles
/// and heads of groups and unnamed speakers (step 1 passes them over, and
/// reads only their kind).
fn parse_mention_with<'t>(
    cx: Cx<'t, '_>,
    toks: &[Token],
    lower: &mut Folded<'t>,
    titles: bool,
    others: bool,
) -> Parsed<'t> {
    let text = cx.text;
    // An aside is not part of the name: `George Kurtz (@George_Kurtz)`, `Greene (R-Ga.)`.
    // The words, on the stack for a phrase of up to 16 (almost all), in
    // one pass up to any aside.
    let mut few: [&Token; 16] = [&PLACEHOLDER; 16];
    let mut n = 0;
    let mut many: Vec<&Token> = Vec::new();
    for t in toks.iter().take_while(|t| t.kind != TokenKind::Punct('(')) {
        if t.is_word() || t.kind == TokenKind::Possessive {
            if n < few.len() {
                few[n] = t;
            } else {
                if n == few.len() {
                    many.extend_from_slice(&few);
                }
                many.push(t);
            }
            n += 1;
        }
    }
    let words: &[&Token] = if n <= few.len() { &few[..n] } else { &many };
    if let [only] = words {
        if let Some(pr) = only.info.and_then(|i| i.pronoun) {
            return Parsed {
                kind: if pr.plural {
                    EntityKind::Group
                } else {
                    EntityKind::Person
                },
                name: Vec::new(),
                title: String::new(),
                head: None,
                gender: gender_of([only.text(text)]),
                pronoun: Some((pr.gender, pr.plural)),
            };
        }
    }
    lower.fill(text, words);
    let lower = lower.view();
    let mut p = Parsed {
        kind: EntityKind::Role,
        name: Vec::new(),
        title: String::new(),
        head: None,
        gender: lower.gender(),
        pronoun: None,
    };
    // `both Trump and Putin`, `he and Mr. Allen`: several people speaking together.
    if (0..lower.len()).any(|i| lower.is(i, AND)) {
        p.kind = EntityKind::Group;
        if !others {
            return p;
        }
        let start = usize::from(lower.is(0, BOTH) || lower.is(0, THE));
        p.title = words[start..]
            .iter()
            .map(|t| t.text(text))
            .collect::<Vec<_>>()
            .join(" ");
        p.head = None;
        return p;
    }
    // The name: the last run of capitalized words that are not titles, with
    // particles inside ("Ursula von der Leyen"), after any possessive.
    let last_poss = words.iter().rposition(|t| t.kind == TokenKind::Possessive);
    let scan_from = last_poss.map_or(0, |k| k + 1);
    let mut end = words.len();
    while end > scan_from
        && !(words[end - 1].has(Token::CAPITALIZED)
            && !words[end - 1].is_title()
            && !words[end - 1].is_group())
    {
        end -= 1;
    }
    let mut start = end;
    while start > scan_from {
        let w = words[start - 1];
        // (`Both Aurell and Pell`: `Both` opens the phrase, it is no name.)
        // (Each list looked up only when the answer turns on it.)
        let name_word = w.has(Token::CAPITALIZED)
            && !w.is_title()
            && !w.is_group()
            && !w.has(Token::ALL_CAPS)
            && !lower.is_one_of(start - 1, NP_DETERMINERS)
            || start < end && lower.is_one_of(start - 1, PARTICLES);
        if !name_word {
            break;
        }
        start -= 1;
    }
    let ends_with_name = end == words.len() || words[end..].iter().all(|t| !t.is_word());
    // `the foreign ministry`; `the White House` (a phrase of `groups.txt`).
    let group_head = words.last().is_some_and(|t| {
        t.is_group() || t.info.is_some_and(|i| i.group_phrase_end) && ends_with_phrase(cx, words)
    });
    // (Word 0 is read only when there is one.)
    let first_is = |w: Keyed| !words.is_empty() && lower.is(0, w);
    // `The Crowdstrike`, `A Microsoft`: an article and a bare name is an
    // organisation, not a person; so is a name that opens with an outlet
    // (`NBC News`) or a lone capitalized participle (`Taking`).
    let titled = words[..start].iter().any(|t| t.is_title());
    let article_only = start > 0 && !titled && (first_is(THE) || first_is(A) || first_is(AN));
    let outlet = words
        .first()
        .is_some_and(|w| w.has(Token::ALL_CAPS) && w.text(text).len() <= 5 && !titled)
        || words.len() == 2 && lower.is(1, NEWS);
    let participle = end - start == 1
        && ends_folding_to(lower.get(start), "ing")
        && lower.get(start).len() > 5
        && !titled;
    // `CEO of CrowdStrike`: the name after `of` is the organisation, the
    // mention a role.
    let of_org = start > 0
        && (lower.is(start - 1, OF) || lower.is(start - 1, FOR) || lower.is(start - 1, AT));
    // `Israel disputes ...`, `Moscow said`: a name made only of places
    // (`places.txt`) is a state speaking, not a person; so is a run of
    // them that a page glued together (`in Yemen Israeli airstrikes`).
    let run = &words[start..end];
    let place_of = |t: &&Token| t.info.map_or(0, |i| i.place);
    let place = match run {
        [one] => place_of(one) & WordInfo::PLACE != 0,
        _ => !run.is_empty() && run.iter().all(|t| place_of(t) != 0),
    };
    if start < end && ends_with_name && !group_head && place && !article_only {
        // The place alone names it (`The last time Israel agreed`: `Israel`).
        p.kind = EntityKind::Group;
        if others {
            p.title = join_words(run, text);
        }
        return p;
    }
    if start < end && ends_with_name && !group_head && (article_only || outlet) {
        p.kind = EntityKind::Group;
        if !others {
            return p;
        }
        p.title = words
            .iter()
            .map(|t| t.text(text))
            .collect::<Vec<_>>()
            .join(" ");
        return p;
    }
    if start < end && ends_with_name && !group_head && !participle && !of_org {
        p.kind = EntityKind::Person;
        p.name = words[start..end].iter().map(|t| t.text(text)).collect();
        if titles {
            p.title = join_words(&words[..start], text);
        }
        p.head = words[..start]
            .iter()
            .rev()
            .find(|t| t.is_title() && !t.info.is_some_and(|i| i.modifier))
            .map(|t| {
                // Folded, its final periods cut off in place (no second string).
                let mut h = fold(t.text(text));
                h.truncate(h.trim_end_matches('.').len());
                h
            });
        return p;
    }
    let last = lower.last().unwrap_or_default();
    let indefinite = !words.is_empty() && lower.is_one_of(0, INDEFINITE);
    let unnamed_head = !words.is_empty() && lower.is_one_of(words.len() - 1, UNNAMED_HEADS);
    let bare_plural = words.len() == 1 && unnamed_head;
    if indefinite
        || bare_plural
        || (unnamed_head && !words.iter().any(|t| t.has(Token::CAPITALIZED))) && !first_is(THE)
    {
        p.kind = EntityKind::Unnamed;
    } else if group_head {
        p.kind = EntityKind::Group;
    } else {
        p.kind = EntityKind::Role;
    }
    if !others && p.kind != EntityKind::Role {
        return p;
    }
    p.title = join_words(words, text);
    // The role's head: its last title word (`CEO` in `CEO of CrowdStrike`).
    p.head = Some(
        words
            .iter()
            .rev()
            .find(|t| t.is_title() && !t.info.is_some_and(|i| i.modifier))
            // (`last` is folded but for its ASCII case.)
            .map_or_else(|| last.to_ascii_lowercase(), |t| fold(t.text(text))),
    );
    p
}

/// `words` end with one of the grammar's group phrases (`white house`),
/// ASCII case ignored.
fn ends_with_phrase(cx: Cx<'_, '_>, words: &[&Token]) -> bool {
    cx.lex.group_phrases.iter().any(|phrase| {
        phrase.len() <= words.len()
            && phrase
                .iter()
                .zip(&words[words.len() - phrase.len()..])
                .all(|(p, t)| t.text(cx.text).eq_ignore_ascii_case(p))
    })
}

/// Words as written, one space apart, possessives closed up (`Ukraine's`).
fn join_words(words: &[&Token], text: &str) -> String {
    // One pass: tokens hold no spaces, so `" 's"` only ever appears where a
    // token starting with `'s` would be joined.
    let mut out = String::with_capacity(words.iter().map(|t| t.end - t.start + 1).sum::<usize>());
    for (k, t) in words.iter().enumerate() {
        let w = t.text(text);
        if k > 0 && !(w.starts_with("'s") || w.starts_with("’s")) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
thread_local! {
    /// Buffers for comparing surname keys without allocating per comparison.
    static KEY_BUFS: std::cell::RefCell<(String, String)> = const {
        std::cell::RefCell::new((String::new(), String::new()))
    };
}

/// Whether two names may be one person's: the reference the merge's two
/// halves ([`surnames_agree`], [`GivenProbe::agrees`]) are tested against.
#[cfg(test)]
fn names_agree(a: &[String], b: &[String]) -> bool {
    let (Some(la), Some(lb)) = (a.last(), b.last()) else {
        return false;
    };
    let same_key = KEY_BUFS.with_borrow_mut(|bufs| same_surname_key(la, lb, bufs));
    if !same_key {
        // `News` is not `Newsom`: a misspelling changes a letter or two, it
        // does not cut a name short by a syllable.
        let (fa, fb) = (fold(la), fold(lb));
        let (short, long) = if fa.len() <= fb.len() {
            (&fa, &fb)
        } else {
            (&fb, &fa)
        };
        let cut_short = long.starts_with(short.as_str()) && long.len() - short.len() >= 2;
        if cut_short || strsim::jaro_winkler(&fa, &fb) < 0.93 {
            return false;
        }
    }
    // A leading particle ("dos Santos", "von der Leyen") is part of the
    // surname, not a given name.
    fn given(v: &[String]) -> Option<&String> {
        v.first()
            .filter(|f| v.len() > 1 && !fold_in(f, fold_key(f.as_bytes()), PARTICLES))
    }
    match (given(a), given(b)) {
        (Some(fa), Some(fb)) => {
            let (fa, fb) = (fold(fa), fold(fb));
            fa == fb
                || fa.trim_end_matches('.').len() == 1 && fb.starts_with(fa.trim_end_matches('.'))
                || fb.trim_end_matches('.').len() == 1 && fa.starts_with(fb.trim_end_matches('.'))
                || strsim::jaro_winkler(&fa, &fb) > 0.93
        }
        _ => true,
    }
}

struct Builder<'a> {
    doc: &'a str,
    outlet: String,
    /// Keep only what records name (see [`resolve_for_records`]): no
    /// mentions, aliases, titles or outlet usage.
    records_only: bool,
    entities: Vec<Entity>,
    /// How many words each entity's fullest name has (all that is read of
    /// the name words themselves).
    name_len: Vec<usize>,
    /// Each entity's name form, read once for comparing ([`NameForm`]),
    /// its text kept in `form_text`: one buffer for the document, not three
    /// strings per person.
    forms: Vec<Option<FormAt>>,
    form_text: String,
    heads: Vec<BTreeSet<String>>,
    /// People by surname bucket, and by role head word: lookups, not scans.
    /// (FxHash: short keys, looked up at every named mention, never iterated.)
    /// A bucket is the latest person of its key ([`bucket_key`]), each
    /// person linking to the one before in `key_prev`: a list, newest
    /// first, without a vector or a key string per bucket.
    by_key: rustc_hash::FxHashMap<u128, usize>,
    key_prev: Vec<usize>,
    by_head: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Token positions where each entity is mentioned, ascending.
    seen: Vec<Vec<usize>>,
    /// The form of the name [`Builder::person`] is looking up.
    probe: NameForm,
}

impl Builder<'_> {
    fn new_entity(&mut self, kind: EntityKind, name: String) -> usize {
        let id = self.entities.len();
        self.entities.push(Entity {
            id,
            kind,
            name,
            aliases: NameSet::new(),
            titles: NameSet::new(),
            gender: None,
            by_outlet: OutletMap::new(),
            mentions: Vec::new(),
        });
        self.name_len.push(0);
        self.forms.push(None);
        self.key_prev.push(NONE);
        self.heads.push(BTreeSet::new());
        self.seen.push(Vec::new());
        id
    }

    /// The person named by an apposition after a role (`Okafor's deputy,
    /// Lena Sorvik,`), with the role as one of their titles.
    fn appositive_person(
        &mut self,
        t: &[Token],
        text: &str,
        name_range: &Range<usize>,
        name: &[&str],
        role: &Parsed,
        at: usize,
    ) -> usize {
        let e = self.person(name, at);
        let span = Span::new(t[name_range.start].start, t[name_range.end - 1].end);
        self.note(
            e,
            span,
            span.of(text),
            Some(name.join(" ")),
            &role.title,
            role.head.as_ref(),
            role.gender,
        );
        e
    }

    /// Record that entity `e` is mentioned at token `at`.
    fn seen_at(&mut self, e: usize, at: usize) {
        let v = &mut self.seen[e];
        let k = v.partition_point(|&x| x < at);
        if v.get(k) != Some(&at) {
            v.insert(k, at);
        }
    }

    /// The candidate mentioned last before `at` (else the earliest known).
    fn latest_before(&self, candidates: impl Iterator<Item = usize>, at: usize) -> Option<usize> {
        candidates
            .map(|e| {
                let k = self.seen[e].partition_point(|&x| x < at);
                let last = if k > 0 {
                    Some(self.seen[e][k - 1])
                } else {
                    None
                };
                (last, std::cmp::Reverse(e), e)
            })
            .max()
            .map(|(_, _, e)| e)
    }

    fn note(
        &mut self,
        e: usize,
        span: Span,
        text: &str,
        alias: Option<String>,
        title: &str,
        head: Option<&String>,
        gender: Option<Gender>,
    ) {
        let ent = &mut self.entities[e];
        if self.records_only {
            if ent.gender.is_none() {
                ent.gender = gender;
            }
            if let Some(h) = head {
                self.add_head(e, h);
            }
            return;
        }
        ent.mentions.push(EntityMention {
            doc: self.doc.to_string(),
            span,
            text: text.to_string(),
        });
        // Most mentions repeat a known outlet, alias and title: look up
        // before cloning into the sets.
        let usage = ent.by_outlet.get_or_default(self.outlet.as_str());
        if let Some(a) = alias {
            if !ent.aliases.contains(&a) {
                ent.aliases.insert(a.clone());
            }
            if !usage.aliases.contains(&a) {
                usage.aliases.insert(a);
            }
        }
        let title = title.trim();
        if !title.is_empty() {
            if !ent.titles.contains(title) {
                ent.titles.insert(title.to_string());
            }
            if !usage.titles.contains(title) {
                usage.titles.insert(title.to_string());
            }
        }
        if ent.gender.is_none() {
            ent.gender = gender;
        }
        if let Some(h) = head {
            self.add_head(e, h);
        }
    }

    /// Entity `e` holds the title `head` (`host`, `envoy`): roles find it by it.
    fn add_head(&mut self, e: usize, head: &str) {
        if !self.heads[e].contains(head) {
            self.heads[e].insert(head.to_string());
            self.by_head.entry(head.to_string()).or_default().push(e);
        }
    }

    /// The person a name form stands for: the most recently mentioned one it
    /// agrees with (a new one otherwise). A fuller name replaces a shorter.
    fn person(&mut self, name: &[&str], at: usize) -> usize {
        // The name's keys once, not once per candidate compared, into
        // buffers reused from mention to mention: most mentions name someone
        // known, whose form is kept already, and need no copy of their own.
        let has_form = self.probe.fill(name);
        let probe = self.probe.as_ref();
        let key = if has_form { bucket_key(probe.key) } else { 0 };
        // The most recent few people of the surname bucket: a page naming
        // thousands of Stah... surnames costs no more per mention.
        let newest = self.by_key.get(&key).copied().unwrap_or(NONE);
        let bucket = std::iter::successors((newest != NONE).then_some(newest), |&e| {
            let prev = self.key_prev[e];
            (prev != NONE).then_some(prev)
        });
        let candidates = bucket.take(32).filter(|&e| {
            self.entities[e].kind == EntityKind::Person
                && match &self.forms[e] {
                    Some(a) if has_form => forms_agree(a.get(&self.form_text), probe),
                    _ => false,
                }
        });
        let (e, fresh) = match self.latest_before(candidates, at) {
            Some(e) => (e, false),
            None => {
                let e = self.new_entity(EntityKind::Person, join_name(name));
                self.key_prev[e] = newest;
                self.by_key.insert(key, e);
                (e, true)
            }
        };
        if name.len() > self.name_len[e] {
            self.name_len[e] = name.len();
            self.forms[e] = has_form.then(|| FormAt::push(&self.probe, &mut self.form_text));
            // (A new entity has this name already.)
            if !fresh {
                self.entities[e].name = join_name(name);
            }
        }
        self.seen_at(e, at);
        e
    }
}

/// `s` without its leading `prefix`es (`trim_start_matches`, without the
/// string searcher it builds at every call).
fn without_leading<'s>(mut s: &'s str, prefix: &str) -> &'s str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// A name's words, one space apart (a one-word name copied as it is).
fn join_name(name: &[&str]) -> String {
    match name {
        [one] => one.to_string(),
        _ => name.join(" "),
    }
}

/// No entity: the end of a bucket's list.
const NONE: usize = usize::MAX;

/// A surname bucket: the surname key's first four characters, packed (keys
/// hold letters and digits only, never `\0`, so different prefixes pack
/// differently).
fn bucket_key(key: &str) -> u128 {
    key.chars()
        .take(4)
        .fold(0u128, |acc, c| acc << 32 | u128::from(u32::from(c)))
}

/// A [`NameForm`] as read by [`forms_agree`]: borrowed, from the probe or
/// from a document's kept forms.
#[derive(Clone, Copy)]
struct FormRef<'a> {
    key: &'a str,
    last: &'a str,
    given: Option<&'a str>,
}

/// A kept name form: where its key, folded surname and given name lie, one
/// after the other, in the builder's `form_text`.
#[derive(Clone, Copy, Debug)]
struct FormAt {
    at: usize,
    key_len: usize,
    last_len: usize,
    given_len: Option<usize>,
}

impl FormAt {
    /// Keep `form`, appending its text to `text`.
    fn push(form: &NameForm, text: &mut String) -> FormAt {
        let at = text.len();
        let given = form.as_ref().given;
        text.push_str(&form.key);
        text.push_str(&form.last);
        text.push_str(given.unwrap_or_default());
        FormAt {
            at,
            key_len: form.key.len(),
            last_len: form.last.len(),
            given_len: given.map(str::len),
        }
    }
    fn get<'a>(&self, text: &'a str) -> FormRef<'a> {
        let last = self.at + self.key_len;
        let given = last + self.last_len;
        FormRef {
            key: &text[self.at..last],
            last: &text[last..given],
            given: self.given_len.map(|n| &text[given..given + n]),
        }
    }
}

/// What [`names_agree`] reads of a name form, worked out once per form:
/// its last word's surname key and folding, and its folded given name.
#[derive(Clone, Debug, Default)]
struct NameForm {
    key: String,
    last: String,
    /// The given name when `has_given` (the buffer kept either way).
    given: String,
    has_given: bool,
}

impl NameForm {
    /// The form of the name `v` into `self`, reusing its buffers: its last
    /// word's surname key and folding, and its folded given name (not a
    /// particle). False (and `self` left stale) for an empty name, which has
    /// no form.
    fn fill(&mut self, v: &[&str]) -> bool {
        let Some(last) = v.last() else {
            return false;
        };
        self.last.clear();
        fold_into(last, &mut self.last);
        // The surname key of the folded word is the word's (folding twice
        // changes nothing): no second folding.
        surname_key_into(&self.last, &mut self.key);
        self.given.clear();
        self.has_given = false;
        if let Some(f) = v
            .first()
            .filter(|f| v.len() > 1 && !fold_in(f, fold_key(f.as_bytes()), PARTICLES))
        {
            fold_into(f, &mut self.given);
            self.has_given = true;
        }
        true
    }
}

impl NameForm {
    fn as_ref(&self) -> FormRef<'_> {
        FormRef {
            key: &self.key,
            last: &self.last,
            given: self.has_given.then_some(self.given.as_str()),
        }
    }
}

/// [`names_agree`] on name forms read before.
fn forms_agree(a: FormRef<'_>, b: FormRef<'_>) -> bool {
    if a.key != b.key {
        let (fa, fb) = (a.last, b.last);
        let (short, long) = if fa.len() <= fb.len() {
            (fa, fb)
        } else {
            (fb, fa)
        };
        let cut_short = long.starts_with(short) && long.len() - short.len() >= 2;
        if cut_short || !close(fa, fb) {
            return false;
        }
    }
    match (a.given, b.given) {
        (Some(fa), Some(fb)) => {
            fa == fb
                || fa.trim_end_matches('.').len() == 1 && fb.starts_with(fa.trim_end_matches('.'))
                || fb.trim_end_matches('.').len() == 1 && fa.starts_with(fb.trim_end_matches('.'))
                || CharShape::of(fa).may_reach(&CharShape::of(fb), 0.93)
                    && strsim::jaro_winkler(fa, fb) > 0.93
        }
        _ => true,
    }
}

/// `strsim::jaro_winkler(a, b) >= 0.93`, with the pairs [`CharShape`]'s
/// bound rules out (most different surnames) answered without it.
fn close(a: &str, b: &str) -> bool {
    CharShape::of(a).may_reach(&CharShape::of(b), 0.93) && strsim::jaro_winkler(a, b) >= 0.93
}

/// Events a pronoun or role looks back through, per timeline.
const RECENT: usize = 64;

/// A mention event on the document's timeline.
struct Event {
    at: usize,
    entity: usize,
    /// A person named anywhere else than as a statement's speaker or a
    /// sentence's subject (those are strong): used only when no strong one
    /// is nearer.
    weak: bool,
}

/// The entity of the nearest event before `at` that `wanted` accepts, among
/// the [`RECENT`] last of each timeline (both in text order: walking back
/// from `at`, a long document costs no more per mention than a short one):
/// strong events, and weak ones only within the mention's paragraph (from
/// `par_start`) when no strong one is there (`Among them is Pavel Grint. ...
/// he said:`).
fn latest_recent(
    events: &[Event],
    speak_events: &[Event],
    at: usize,
    par_start: usize,
    wanted: &mut dyn FnMut(usize) -> bool,
) -> Option<usize> {
    let near = |v: &[Event]| {
        let k = v.partition_point(|ev| ev.at < at);
        (k.saturating_sub(RECENT), k)
    };
    let ((a0, a1), (z0, z1)) = (near(events), near(speak_events));
    let (a, z) = (&events[a0..a1], &speak_events[z0..z1]);
    // (Whether a strong one is in the paragraph: asked at the first weak
    // one in it, if any.)
    let mut strong_here = None;
    let mut keep = |x: &Event| {
        !x.weak
            || x.at >= par_start
                && !*strong_here
                    .get_or_insert_with(|| a.iter().chain(z).any(|x| !x.weak && x.at >= par_start))
    };
    // The two runs in text order, ties the first run's first (as the stable
    // sort of the two laid end to end has them), walked newest first: a
    // merge from the ends, no list built. Runs out of order are sorted so.
    let sorted = |v: &[Event]| v.windows(2).all(|w| w[0].at <= w[1].at);
    if !(sorted(a) && sorted(z)) {
        let mut all: Vec<&Event> = a.iter().chain(z).collect();
        all.sort_by_key(|x| x.at);
        return all
            .into_iter()
            .rev()
            .filter(|&x| keep(x))
            .map(|x| x.entity)
            .find(|&e| wanted(e));
    }
    let (mut i, mut j) = (a.len(), z.len());
    while i + j > 0 {
        // (On a tie the second run's goes first, newest first.)
        let x = if i == 0 || j > 0 && z[j - 1].at >= a[i - 1].at {
            j -= 1;
            &z[j]
        } else {
            i -= 1;
            &a[i]
        };
        if keep(x) && wanted(x.entity) {
            return Some(x.entity);
        }
    }
    None
}

/// A paragraph's sentence starts, looked up by binary search.
struct SortedStarts<'s>(&'s [Range<usize>]);

impl SortedStarts<'_> {
    fn contains(&self, k: &usize) -> bool {
        self.0.binary_search_by_key(k, |s| s.start).is_ok()
    }
}

/// Resolve the speakers of one document's statements.
pub fn resolve(cx: Cx<'_, '_>, seg: &Segments<'_, '_>, statements: &[Statement]) -> DocSpeakers {
    resolve_with(cx, seg, statements, false)
}

/// [`resolve`] for what a statement's record names: the same entities, ids,
/// names, kinds and genders, without the mentions, aliases, titles and
/// outlet usage that only comparing documents reads (`extract` skips that
/// bookkeeping at every named mention).
pub fn resolve_for_records(
    cx: Cx<'_, '_>,
    seg: &Segments<'_, '_>,
    statements: &[Statement],
) -> DocSpeakers {
    resolve_with(cx, seg, statements, true)
}

/// Entities a document is given room for before any is found.
const ENTITIES_HINT: usize = 32;

fn resolve_with(
    cx: Cx<'_, '_>,
    seg: &Segments<'_, '_>,
    statements: &[Statement],
    records_only: bool,
) -> DocSpeakers {
    let t = &seg.tokens;
    let text = cx.text;
    let mut b = Builder {
        doc: &seg.doc.id,
        records_only,
        outlet: seg.doc.outlet.clone().unwrap_or_default(),
        // Room for the entities of most documents (a dozen or two): the
        // five lists grow together, not by doubling from one.
        entities: Vec::with_capacity(ENTITIES_HINT),
        name_len: Vec::with_capacity(ENTITIES_HINT),
        forms: Vec::with_capacity(ENTITIES_HINT),
        // (Room for the name forms of most documents.)
        form_text: String::with_capacity(512),
        key_prev: Vec::with_capacity(ENTITIES_HINT),
        heads: Vec::with_capacity(ENTITIES_HINT),
        // (Sized for most documents: no rehashing as the first people come.)
        by_key: rustc_hash::FxHashMap::with_capacity_and_hasher(ENTITIES_HINT, Default::default()),
        by_head: Default::default(),
        seen: Vec::with_capacity(ENTITIES_HINT),
        probe: NameForm::default(),
    };
    let tok_range = |sp: Span| {
        // (A mention is a few tokens: its end is walked to, not searched for.)
        let from = t.partition_point(|x| x.end <= sp.start);
        let to = from + t[from..].iter().take_while(|x| x.start < sp.end).count();
        from..to
    };

    // Names that speak somewhere in the document are people even when given
    // alone ("Kurtz"); names used before a title ("Crowdstrike CEO", "NBC
    // host") are organisations.
    // Each statement's speaker mention is read once, here, for step 2 too.
    let mention_tokens: Vec<Option<Range<usize>>> = statements
        .iter()
        .map(|st| {
            st.speaker
                .as_ref()
                .map(|m| tok_range(m.antecedent.unwrap_or(m.span)))
        })
        .collect();
    // The mentions' folded words, one buffer for the document's mentions
    // (no thread-local look-up per mention).
    let mut lower = Folded::default();
    let mut speaker_parsed: Vec<Option<Parsed>> = mention_tokens
        .iter()
        .map(|r| {
            r.as_ref()
                .map(|r| parse_mention_with(cx, &t[r.clone()], &mut lower, !records_only, true))
        })
        .collect();
    // The statements' mentions by token range: step 1 finds most of them
    // again as noun phrases, and reads them as these were read.
    let mut parsed_at: Vec<(usize, usize, usize)> = mention_tokens
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (r.start, r.end, i)))
        .collect();
    parsed_at.sort_unstable();
    // (A hash set: only asked whether it holds a key.)
    let mut speaking_names: rustc_hash::FxHashSet<String> = Default::default();
    for parsed in speaker_parsed.iter().flatten() {
        if let (EntityKind::Person, Some(last)) = (parsed.kind, parsed.name.last()) {
            speaking_names.insert(surname_key(last));
        }
    }
    // The words that may open a noun phrase or name an organisation, in
    // text order: the capitalized ones and the titles. The three passes
    // below read only these, not every token (the first found them).
    let mut np_words: Vec<u32> = Vec::with_capacity(t.len() / 4);
    np_words.extend(
        t.iter()
            .enumerate()
            .filter(|(_, x)| x.is_word() && (x.has(Token::CAPITALIZED) || x.is_title()))
            .map(|(k, _)| k as u32),
    );
    let mut org_names: BTreeSet<String> = BTreeSet::new();
    // One pass for both tests below (a set: the order of the insertions does
    // not matter). Both need a capitalized word that is no title, before a
    // title or after an organisation noun.
    for &c in &np_words {
        let c = c as usize;
        let x = &t[c];
        if !x.has(Token::CAPITALIZED) || x.is_title() {
            continue;
        }
        if t.get(c + 1)
            .is_some_and(|n| n.is_title() && !n.info.is_some_and(|i| i.modifier))
        {
            org_names.insert(surname_key(x.text(text)));
        }
        // `cybersecurity company CrowdStrike`, `the firm Morvik`: a name after an
        // organisation noun is an organisation too.
        if c > 0 && t[c - 1].is_word() && fold_in(t[c - 1].text(text), t[c - 1].key, ORG_HEADS) {
            org_names.insert(surname_key(x.text(text)));
        }
    }
    // Where each organisation is named, in text order: `the company` and
    // `the security firm` stand for the one named last.
    // A word whose first byte is an ASCII letter or digit has that byte,
    // lower-cased, first in its surname key: only words opening like one of
    // the names' keys need their key worked out.
    let mut org_first = [false; 128];
    for k in &org_names {
        if let Some(&b) = k.as_bytes().first().filter(|b| b.is_ascii()) {
            org_first[b as usize] = true;
        }
    }
    let may_be_org = |w: &str| match w.as_bytes().first() {
        Some(&b) if b.is_ascii_alphanumeric() => org_first[b.to_ascii_lowercase() as usize],
        _ => true,
    };
    // `w`'s surname key (worked out in `key`) is an organisation's.
    let org_name = |w: &str, key: &mut String| {
        may_be_org(w) && {
            surname_key_into(w, key);
            org_names.contains(key.as_str())
        }
    };
    let mut key = String::new();
    // (Read only for a statement's mention that is such a description, which
    // few documents have: worked out then, once.)
    let org_seen: std::cell::OnceCell<Vec<(usize, String)>> = std::cell::OnceCell::new();
    let orgs_named = || {
        org_seen.get_or_init(|| {
            // (No organisation named: no token to look at.)
            let mut seen = Vec::new();
            if org_names.is_empty() {
                return seen;
            }
            let mut key = String::new();
            for &k in &np_words {
                let (k, x) = (k as usize, &t[k as usize]);
                if !x.has(Token::CAPITALIZED) {
                    continue;
                }
                let w = x.text(text);
                if org_name(w, &mut key) {
                    seen.push((k, w.to_string()));
                }
            }
            seen
        })
    };

    // Quoted words (a direct quote's content) are the speaker's, not the
    // narrative's: a name inside them ("That the United States could offer")
    // is no antecedent for the pronouns that follow.
    let mut quoted: Vec<Span> = statements
        .iter()
        .filter(|st| st.kind == crate::parse::Kind::Direct)
        .flat_map(|st| st.parts.iter().copied())
        .collect();
    quoted.sort_by_key(|sp| (sp.start, sp.end));
    // (Asked in text order: the spans starting before are walked past once.)
    let mut opened = 0;
    let mut in_quote = |at: usize| {
        while opened < quoted.len() && quoted[opened].start <= at {
            opened += 1;
        }
        quoted[..opened].iter().rev().take(8).any(|sp| at < sp.end)
    };

    // 1. Named people anywhere in the text, with their titles and appositions.
    // (At most one event per phrase: room for them all at once.)
    let mut events: Vec<Event> = Vec::with_capacity(np_words.len());
    // Organisations and unnamed roles by key, shared with step 2.
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    let (mut next_np, mut next_parsed) = (0, 0);
    for p in &seg.paragraphs {
        if p.kind == crate::segment::SegmentKind::Boilerplate {
            continue;
        }
        // The sentences are in order: their starts are sorted.
        let sentence_starts = SortedStarts(&p.sentences);
        let mut k = p.body.max(p.tokens.start);
        while k < p.tokens.end {
            // Only a capitalized word or a title starts a phrase: on to the
            // next of `np_words` (the paragraphs are in text order, and `k`
            // only grows: a walk on through it, never a search).
            while next_np < np_words.len() && (np_words[next_np] as usize) < k {
                next_np += 1;
            }
            match np_words.get(next_np) {
                Some(&c) if (c as usize) < p.tokens.end => k = c as usize,
                _ => break,
            }
            let starts_np = !(k > p.tokens.start
                && t[k - 1].kind == TokenKind::Word
                && t[k - 1].has(Token::CAPITALIZED)
                && !crate::parse::attribution::is_function_word(text, &t[k - 1]));
            if !starts_np {
                k += 1;
                continue;
            }
            let Ok((rest, r)) = speaker_np(cx)(Toks::new(
                t,
                k,
                p.tokens.end.min(k + crate::parse::attribution::WINDOW),
            )) else {
                k += 1;
                continue;
            };
            // (A statement's mention is borrowed as read, not cloned.) The
            // phrases are found in text order: the statements' mentions
            // starting before this one are passed once, not searched for.
            while next_parsed < parsed_at.len() && parsed_at[next_parsed].0 < r.start {
                next_parsed += 1;
            }
            let same = parsed_at[next_parsed..]
                .iter()
                .take_while(|&&(a, _, _)| a == r.start)
                .find(|&&(_, z, _)| z == r.end);
            let read_here;
            let parsed: &Parsed = match same {
                Some(&(_, _, i)) => speaker_parsed[i]
                    .as_ref()
                    .expect("every statement with a mention is read"),
                None => {
                    // (Only a role's or a person's strings are read here.)
                    read_here =
                        parse_mention_with(cx, &t[r.clone()], &mut lower, !records_only, false);
                    &read_here
                }
            };
            if parsed.kind == EntityKind::Role {
                // `Okafor's deputy, Lena Sorvik,`: the role is the named person's title.
                if let Some((nr, name)) = appositive_name(cx, t, r.end) {
                    let e = b.appositive_person(t, text, &nr, &name, parsed, nr.start);
                    let subject = sentence_starts.contains(&k)
                        || sentence_starts.contains(&(k.saturating_sub(1)))
                        || k > p.tokens.start && t[k - 1].kind == TokenKind::Punct(',');
                    if subject {
                        events.push(Event {
                            at: k,
                            entity: e,
                            weak: false,
                        });
                    }
                    k = nr.end;
                    continue;
                }
                // `CrowdStrike's CEO went on NBC's Today show ... He first
                // stated`: a role no one here holds, as a sentence's subject,
                // is what a later `he` may stand for.
                // (At the sentence start, or after a fronted phrase's comma.)
                let at_start = sentence_starts.contains(&k)
                    || k > p.tokens.start && t[k - 1].kind == TokenKind::Punct(',');
                let verb_next = rest
                    .first()
                    .is_some_and(|n| n.is_word() && !n.has(Token::CAPITALIZED));
                let head = parsed.head.as_deref().unwrap_or_default();
                let held = b
                    .by_head
                    .get(head)
                    .is_some_and(|v| v.iter().any(|&e| b.entities[e].kind == EntityKind::Person));
                if at_start && verb_next && !head.is_empty() && !held && !org_role(&parsed.title) {
                    let e = *groups
                        .entry(format!(
                            "role:{}",
                            without_leading(&fold(&parsed.title), "the ")
                        ))
                        .or_insert_with(|| b.new_entity(EntityKind::Role, parsed.title.clone()));
                    events.push(Event {
                        at: k,
                        entity: e,
                        weak: false,
                    });
                }
            }
            if parsed.kind == EntityKind::Person
                && parsed.pronoun.is_none()
                && !parsed.name.is_empty()
            {
                if let [single] = parsed.name.as_slice() {
                    // (No organisation named: no key to look up.)
                    if parsed.head.is_none()
                        && parsed.gender.is_none()
                        && !org_names.is_empty()
                        && org_name(single, &mut key)
                    {
                        k = r.end.max(k + 1);
                        continue;
                    }
                }
                let e = b.person(&parsed.name, k);
                let span = Span::new(t[r.start].start, t[r.end - 1].end);
                // The title and alias are kept for comparing only (not in
                // records): built only then.
                let mut title = if b.records_only {
                    String::new()
                } else {
                    parsed.title.clone()
                };
                // `Rubio, the secretary of state,` / `Harlan's lawyer, Ruth Okafor,` add titles.
                // Read once: the title below and the subject test after it.
                let appos = apposition(cx)(rest).ok();
                if let Some((_, a)) = appos.clone() {
                    let inner = &t[a.start + 1..a.end - 1];
                    if inner.len() <= 8
                        && inner.iter().any(|x| x.is_title())
                        && inner.first().is_some_and(|x| {
                            matches!(fold(x.text(text)).as_str(), "the" | "a" | "an")
                        })
                    {
                        if !b.records_only {
                            title = format!(
                                "{} {}",
                                title,
                                inner
                                    .iter()
                                    .map(|x| x.text(text))
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            )
                            .trim()
                            .to_string();
                        }
                        if let Some(h) = inner.iter().rev().find(|x| x.is_title()) {
                            b.add_head(e, &fold(h.text(text)));
                        }
                    }
                }
                // `hosts Hoda Kotb and Savannah Guthrie`: a plural title before
                // one or two coordinated names is each one's.
                if let Some(h) = plural_title_before(cx, t, r.start, p.tokens.start) {
                    b.add_head(e, &h);
                }
                // A gender is only read while the entity has none.
                let gender = if b.entities[e].gender.is_none() {
                    gender_of_tokens(text, &t[r.clone()])
                } else {
                    None
                };
                let alias = (!b.records_only).then(|| parsed.name.join(" "));
                b.note(
                    e,
                    span,
                    span.of(text),
                    alias,
                    &title,
                    parsed.head.as_ref(),
                    gender,
                );
                // Only someone known to be a person is a subject pronouns can
                // point back to: a full name, a title or a gendered word
                // (not "Russia" or "Brussels" opening a sentence).
                let person_like = b.name_len[e] > 1
                    || b.heads[e].len() + usize::from(b.entities[e].gender.is_some()) > 0
                    || b.forms[e].is_some_and(|f| {
                        let key = f.get(&b.form_text).key;
                        speaking_names.contains(key) && !org_names.contains(key)
                    });
                // A subject: at the sentence start, or after a fronted
                // phrase's comma and before a verb (`About 6 hours after ...,
                // the CEO of the firm, George Kurtz, spoke`).
                let before_verb = {
                    let mut after = appos.map(|(r2, _)| r2).unwrap_or(rest);
                    // The comma that closes an apposition (`the CEO of the firm, George Kurtz, spoke`).
                    if after
                        .first()
                        .is_some_and(|n| n.kind == TokenKind::Punct(','))
                    {
                        after = Toks::new(t, after.pos + 1, after.end);
                    }
                    after
                        .first()
                        .is_some_and(|n| n.is_word() && !n.has(Token::CAPITALIZED))
                };
                let subject = sentence_starts.contains(&k)
                    || sentence_starts.contains(&(k.saturating_sub(1)))
                    || k > p.tokens.start && t[k - 1].kind == TokenKind::Punct(',') && before_verb;
                if person_like && !in_quote(t[k].start) {
                    events.push(Event {
                        at: k,
                        entity: e,
                        weak: !subject,
                    });
                }
            }
            k = r.end.max(k + 1);
        }
    }

    // 2. Each statement's speaker, in text order.
    let mut idx: Vec<usize> = (0..statements.len()).collect();
    idx.sort_by_key(|&i| {
        statements[i]
            .speaker
            .as_ref()
            .map_or(usize::MAX, |m| m.span.start)
    });
    let mut statement_entity = vec![None; statements.len()];
    let mut speak_events: Vec<Event> = Vec::with_capacity(statements.len());
    for i in idx {
        let Some(m) = &statements[i].speaker else {
            continue;
        };
        // A relative pronoun's speaker is its antecedent (its tokens were
        // found above: `mention_tokens` holds them for every speaker).
        let r = mention_tokens[i]
            .clone()
            .expect("every statement with a mention has its tokens");
        debug_assert_eq!(r, tok_range(m.antecedent.unwrap_or(m.span)));
        if r.is_empty() {
            continue;
        }
        let at = r.start;
        let parsed = speaker_parsed[i].take().expect("read above");
        // Candidates before the mention, nearest last ([`latest_recent`]).
        let par_start = seg.paragraphs[seg.paragraph_of(at)].tokens.start;
        let recent_before = |wanted: &mut dyn FnMut(usize) -> bool| {
            latest_recent(&events, &speak_events, at, par_start, wanted)
        };
        // `the FAA` after `The Federal Aviation Administration (FAA)`: an
        // acronym stands for the body whose name's initials it spells.
        let by_acronym = acronym(text, &t[r.clone()]).and_then(|a| {
            b.entities
                .iter()
                .position(|en| en.kind == EntityKind::Group && initials(&en.name) == a)
        });
        // `A spokeswoman, Anna White, said`: the apposition naming a role
        // (read once, for the test and the arm below).
        let role_named = if by_acronym.is_none()
            && matches!(parsed.kind, EntityKind::Role | EntityKind::Unnamed)
        {
            appositive_name(cx, t, r.end)
        } else {
            None
        };
        let e = match parsed.kind {
            _ if by_acronym.is_some() => {
                let e = by_acronym.expect("checked");
                b.note(e, m.span, &m.text, None, "", None, None);
                Some(e)
            }
            EntityKind::Person if parsed.pronoun.is_some_and(|(g, _)| g == Gender::Neuter) => {
                // `it said`: the company or body last speaking or named.
                let found = recent_before(&mut |e| b.entities[e].kind == EntityKind::Group);
                if let Some(e) = found {
                    b.note(e, m.span, &m.text, None, "", None, None);
                }
                found
            }
            EntityKind::Person if parsed.pronoun.is_some() => {
                let (g, _) = parsed.pronoun.expect("checked");
                let compatible = |e: usize| {
                    let ent = &b.entities[e];
                    matches!(ent.kind, EntityKind::Person | EntityKind::Role)
                        && (ent.gender.is_none() || g == Gender::None || ent.gender == Some(g))
                };
                let found = recent_before(&mut |e| compatible(e));
                match found {
                    Some(e) => {
                        if b.entities[e].gender.is_none()
                            && matches!(g, Gender::Masculine | Gender::Feminine)
                        {
                            b.entities[e].gender = Some(g);
                        }
                        b.note(e, m.span, &m.text, None, "", None, None);
                        Some(e)
                    }
                    None => None,
                }
            }
            EntityKind::Person
                if parsed.name.len() == 1
                    && parsed.head.is_none()
                    && parsed.gender.is_none()
                    && !org_names.is_empty()
                    && org_name(parsed.name[0], &mut key) =>
            {
                // `Crowdstrike said`: the company, named before its titles elsewhere.
                let name = parsed.name[0].to_string();
                let e = *groups
                    .entry(fold(&name))
                    .or_insert_with(|| b.new_entity(EntityKind::Group, name.clone()));
                b.note(e, m.span, &m.text, Some(name), "", None, None);
                Some(e)
            }
            EntityKind::Person => {
                let e = b.person(&parsed.name, at);
                b.note(
                    e,
                    m.span,
                    &m.text,
                    // (Records name no alias: none is built for them.)
                    (!b.records_only).then(|| parsed.name.join(" ")),
                    &parsed.title,
                    parsed.head.as_ref(),
                    parsed.gender,
                );
                Some(e)
            }
            EntityKind::Role | EntityKind::Unnamed if role_named.is_some() => {
                // `The senator's wife, Ruth Kessler, ... said`, `A spokeswoman,
                // Anna White, said`: the apposition names her.
                let (name_range, name) = role_named.expect("checked");
                let e = b.appositive_person(t, text, &name_range, &name, &parsed, at);
                Some(e)
            }
            EntityKind::Role => {
                // `the envoy`, `Trump's envoy`, `the Kremlin leader`: the person
                // last seen with that title in this document.
                let head = parsed.head.as_deref().unwrap_or_default();
                // The nearest speaker or subject holding the title, else the holder
                // mentioned last before (or anywhere in) the document.
                let found = recent_before(&mut |e| {
                    b.entities[e].kind == EntityKind::Person && b.heads[e].contains(head)
                })
                .or_else(|| {
                    let holders: Vec<usize> = b
                        .by_head
                        .get(head)
                        .map(|v| {
                            v.iter()
                                .copied()
                                .filter(|&e| b.entities[e].kind == EntityKind::Person)
                                .collect()
                        })
                        .unwrap_or_default();
                    b.latest_before(holders.into_iter(), at)
                });
                // `the operator`: no person holds it; an organisation named before may.
                let org = || {
                    org_role(&parsed.title)
                        .then(|| {
                            let org_seen = orgs_named();
                            let k = org_seen.partition_point(|(x, _)| *x < at);
                            k.checked_sub(1).map(|k| org_seen[k].1.clone())
                        })
                        .flatten()
                };
                let e = match (found, org()) {
                    (Some(e), _) => e,
                    (None, Some(name)) => *groups
                        .entry(fold(&name))
                        .or_insert_with(|| b.new_entity(EntityKind::Group, name.clone())),
                    (None, None) => *groups
                        .entry(format!(
                            "role:{}",
                            without_leading(&fold(&parsed.title), "the ")
                        ))
                        .or_insert_with(|| b.new_entity(EntityKind::Role, parsed.title.clone())),
                };
                b.note(e, m.span, &m.text, None, &parsed.title, None, parsed.gender);
                Some(e)
            }
            EntityKind::Group => {
                if parsed.pronoun.is_some() {
                    // `they`: the last group speaking or named.
                    recent_before(&mut |e| b.entities[e].kind == EntityKind::Group)
                        .inspect(|&e| b.note(e, m.span, &m.text, None, "", None, None))
                } else if let Some(name) = org_role(&parsed.title)
                    .then(|| {
                        let org_seen = orgs_named();
                        let k = org_seen.partition_point(|(x, _)| *x < at);
                        k.checked_sub(1).map(|k| org_seen[k].1.clone())
                    })
                    .flatten()
                {
                    // `the company`, `the security firm`: the organisation named last.
                    let e = *groups
                        .entry(fold(&name))
                        .or_insert_with(|| b.new_entity(EntityKind::Group, name.clone()));
                    b.note(e, m.span, &m.text, Some(name), "", None, None);
                    Some(e)
                } else {
                    let key = fold(&parsed.title);
                    let key = without_leading(&key, "the ").to_string();
                    let name =
                        without_leading(without_leading(&parsed.title, "the "), "The ").to_string();
                    let e = *groups
                        .entry(key)
                        .or_insert_with(|| b.new_entity(EntityKind::Group, name.clone()));
                    b.note(e, m.span, &m.text, Some(name), "", None, None);
                    Some(e)
                }
            }
            EntityKind::Unnamed => {
                let e = b.new_entity(EntityKind::Unnamed, parsed.title.clone());
                b.note(e, m.span, &m.text, None, &parsed.title, None, parsed.gender);
                Some(e)
            }
        };
        if let Some(e) = e {
            statement_entity[i] = Some(e);
            // Statements are read in text order: this timeline stays sorted.
            speak_events.push(Event {
                at,
                entity: e,
                weak: false,
            });
            b.seen_at(e, at);
        }
    }
    // Keep the speakers and the people the text names as people (a full
    // name, a title, a gender); a lone capitalized word that never speaks
    // ("Vell", "Geneva", "Nobody") is not an entity.
    let mut used = vec![false; b.entities.len()];
    for &e in statement_entity.iter().flatten() {
        used[e] = true;
    }
    let mut remap = vec![usize::MAX; b.entities.len()];
    let mut kept = Vec::new();
    for (i, mut e) in b.entities.into_iter().enumerate() {
        let person_like = e.kind == EntityKind::Person
            && (b.name_len[i] > 1 || !b.heads[i].is_empty() || e.gender.is_some());
        if used[i] || person_like {
            remap[i] = kept.len();
            e.id = kept.len();
            e.mentions.sort_by_key(|m| (m.span.start, m.span.end));
            kept.push(e);
        }
    }
    let statement_entity = statement_entity
        .into_iter()
        .map(|e| e.map(|e| remap[e]))
        .collect();
    DocSpeakers {
        entities: kept,
        statement_entity,
    }
}

/// Nouns that stand for an organisation named elsewhere in the text.
const ORG_HEADS: &WordList<64> = &WordList::new(&[
    "company",
    "firm",
    "corporation",
    "business",
    "startup",
    "manufacturer",
    "maker",
    "provider",
    "vendor",
    "carrier",
    "airline",
    "bank",
    "insurer",
    "retailer",
    "operator",
    "utility",
]);

/// `the company`, `the IT security firm`: a definite description headed by
/// an organisation noun, with no name of its own.
fn org_role(title: &str) -> bool {
    // Two words at least, the first `the` or none capitalized, the last an
    // organisation noun: read word by word, only those two folded (and an
    // ASCII word not even those).
    let mut words = title.split_whitespace();
    let (Some(first), Some(mut last)) = (words.next(), words.next()) else {
        return false;
    };
    let capitalized = |w: &str| w.starts_with(char::is_uppercase);
    let mut none_capitalized = !capitalized(first) && !capitalized(last);
    for w in words {
        none_capitalized &= !capitalized(w);
        last = w;
    }
    let the = if first.is_ascii() {
        first.eq_ignore_ascii_case("the")
    } else {
        fold(first) == "the"
    };
    (the || none_capitalized) && fold_in(last, fold_key(last.as_bytes()), ORG_HEADS)
}

/// The singular of a plural title right before a name at token `k`, or
/// before the first of two names joined by `and` (`hosts Hoda Kotb and
/// Savannah Guthrie`).
fn plural_title_before(cx: Cx<'_, '_>, t: &[Token], k: usize, lo: usize) -> Option<String> {
    let plural = |j: usize| -> Option<String> {
        let text = t[j].text(cx.text);
        // An ASCII word folds to its lower case: it ends in `s` only if it
        // ends in `s` or `S` (no need to fold the others).
        if text.is_ascii() && !text.ends_with(['s', 'S']) {
            return None;
        }
        let w = fold(text);
        let one = w.strip_suffix('s')?;
        (t[j].is_word() && cx.lex.word(one).is_some_and(|i| i.title)).then(|| one.to_string())
    };
    if k <= lo {
        return None;
    }
    if let Some(h) = plural(k - 1) {
        return Some(h);
    }
    let before = t[k - 1].text(cx.text);
    let and = if before.is_ascii() {
        before.eq_ignore_ascii_case("and")
    } else {
        fold(before) == "and"
    };
    if !and {
        return None;
    }
    // Back over the first name (capitalized words) to the title.
    let mut j = k - 1;
    while j > lo && t[j - 1].is_word() && t[j - 1].has(Token::CAPITALIZED) && j + 4 > k {
        j -= 1;
    }
    (j > lo && j < k - 1).then(|| plural(j - 1)).flatten()
}

/// `, Ruth Kessler,` right after a mention: an apposition that is a name.
fn appositive_name<'t>(
    cx: Cx<'t, '_>,
    t: &[Token],
    after: usize,
) -> Option<(Range<usize>, Vec<&'t str>)> {
    // `, Ruth Kessler,` set off by commas, or `said the utility's chief
    // executive, Mara Lind.` closing the sentence.
    let window = Toks::new(t, after, t.len().min(after + 40));
    let (inner, inner_end) = match apposition(cx)(window) {
        Ok((_, a)) => (a.start + 1, a.end - 1),
        Err(_) => {
            if t.get(after).is_none_or(|c| c.kind != TokenKind::Punct(',')) {
                return None;
            }
            let stop = (after + 1..t.len().min(after + 12))
                .find(|&k| matches!(t[k].kind, TokenKind::Punct('.' | '!' | '?')))?;
            (after + 1, stop)
        }
    };
    let (rest, nr) = speaker_np(cx)(Toks::new(t, inner, inner_end)).ok()?;
    // The name is the apposition's first phrase: `, Ruth Kessler, who chairs ...,`.
    let ends_ok = rest.is_empty()
        || rest
            .first()
            .is_some_and(|n| n.kind == TokenKind::Punct(','));
    let parsed = parse_mention(cx, &t[nr.clone()]);
    (ends_ok
        && parsed.kind == EntityKind::Person
        && parsed.pronoun.is_none()
        && !parsed.name.is_empty()
        && parsed.title.is_empty())
    .then_some((nr, parsed.name))
}

/// Token range of a byte span (helper for callers holding segments).
pub fn tokens_of(seg: &Segments<'_, '_>, sp: Span) -> Range<usize> {
    let t = &seg.tokens;
    t.partition_point(|x| x.end <= sp.start)..t.partition_point(|x| x.start < sp.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_keys_absorb_transliteration() {
        assert_eq!(surname_key("Zelensky"), surname_key("Zelenskyy"));
        assert_eq!(surname_key("Zelenskiy"), surname_key("Zelensky"));
        assert_ne!(surname_key("Trump"), surname_key("Truman"));
    }

    #[test]
    fn gendered_words_pass_the_key_filter() {
        for w in FEMININE_WORDS.iter().chain(MASCULINE_WORDS) {
            assert!(may_be_gendered(fold_key(w.as_bytes())), "{w}");
            assert!(
                may_be_gendered(fold_key(w.to_uppercase().as_bytes())),
                "{w}"
            );
        }
        assert_eq!(gender_of(["Spokeswoman"]), Some(Gender::Feminine));
        assert_eq!(gender_of(["Mr."]), Some(Gender::Masculine));
    }

    #[test]
    fn first_names_decide() {
        let v = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert!(names_agree(&v("Steve Witkoff"), &v("Witkoff")));
        assert!(names_agree(
            &v("Volodymyr Zelensky"),
            &v("Volodymyr Zelenskyy")
        ));
        assert!(!names_agree(&v("Donald Trump"), &v("Melania Trump")));
        assert!(!names_agree(&v("E&E News"), &v("Gavin Newsom")));
        assert!(names_agree(&v("Alexander Stubb"), &v("Alexander Stubbs")));
        assert!(names_agree(&v("J. Harmon"), &v("John Harmon")));
    }
}
