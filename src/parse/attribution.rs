//! Attribution grammar: who said it, with which cue, where.
//!
//! Each construction is one nom parser over a token window ([`Toks`]):
//! speaker mentions ([`speaker_np`]), cues ([`cue`]), venues ([`venue`]),
//! and the frames around a quotation ([`after_quote`], [`before_quote`],
//! [`subject`]). The windows are short (a sentence tail, at most
//! [`WINDOW`] tokens), so the little backtracking `alt` does stays bounded.

use std::cell::RefCell;
use std::ops::Range;

use nom::branch::alt;
use nom::combinator::{eof as nom_eof, map, opt, peek, verify};
use nom::multi::{many_m_n, many0, many0_count};
use nom::sequence::preceded;
use nom::{Input, Parser};

use super::input::{
    Cx, PResult, Toks, WordList, Words, count_m_n, eof, first_match_m_n, here, in_list,
    last_of_m_n, punct, reject, tok, token_in, word_in,
};
use super::tokens::{Token, TokenKind};
use crate::lexicon::Frames;

/// Longest token window any attribution parser is given.
pub const WINDOW: usize = 48;

/// How far past a cue an adjunct may run before its `that` (`said during a
/// taping of a town hall in Buffalo, New York, that`).
const ADJUNCT_WORDS: usize = 16;

/// Auxiliaries that make a clause finite: a stretch of words without one
/// (and without a cue) is a noun phrase, not a clause.
pub const FINITE_AUX: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "has", "have", "had", "can", "could", "should",
    "must", "may", "might", "did", "does", "do",
];

/// A cue found in the text: its tokens and its entry in the lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueMatch {
    pub tokens: Range<usize>,
    pub entry: u16,
}

/// An attribution read around a quotation.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Attr {
    pub speaker: Option<Range<usize>>,
    pub cue: Option<CueMatch>,
    pub venue: Option<Range<usize>>,
    /// First token after the attribution.
    pub end: usize,
}

const FUNCTION_CAPS: &WordList<1024> = &WordList::new(&[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "for",
    "of",
    "to",
    "with",
    "from",
    "by",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "why",
    "how",
    "who",
    "yes",
    "no",
    "so",
    "then",
    "now",
    "also",
    "still",
    "meanwhile",
    "however",
    "although",
    "though",
    "because",
    "since",
    "until",
    "during",
    "despite",
    "asked",
    "speaking",
    "according",
    "last",
    "next",
    "earlier",
    "later",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "mr",
    "not",
    "all",
    "both",
    "even",
    "only",
    "just",
    "like",
    "unlike",
    "about",
    "into",
    "over",
    "under",
    "among",
    "between",
    "without",
    "within",
    "where",
    "which",
    "whose",
    "whom",
    "outside",
    "inside",
    "across",
    "around",
    "near",
    "behind",
    "beyond",
    "along",
    "amid",
    "against",
    "toward",
    "towards",
    "throughout",
    "upon",
    "once",
    "every",
    "each",
    "some",
    "many",
    "most",
    "several",
    "others",
    "another",
    "we",
    "i",
    "you",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "might",
    "let",
    "please",
    "thank",
    "thanks",
    "oh",
    "well",
    "instead",
]);

const DETERMINERS: &WordList<256> = &WordList::new(&[
    "the", "a", "an", "another", "one", "two", "three", "four", "five", "six", "some", "several",
    "many", "most", "other", "his", "her", "their", "its", "our", "both", "all", "these", "those",
    "each", "every", "no", "few", "numerous", "dozens", "hundreds", "my", "your",
]);

/// The days of the week, lower case.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Days and parts of time after `on`, `last`, `this`: `on Monday`, `last week`.
const TIME_NOUNS: &WordList<64> = &WordList::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "month",
    "year",
    "night",
    "morning",
    "evening",
    "afternoon",
]);

/// Parts of a day after a day: `Friday morning`, `on Monday night`.
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];

/// Quantities that stand before `of` or a plural (`some of the`, `dozens of`).
const QUANTIFIERS: &WordList<64> = &WordList::new(&[
    "one",
    "some",
    "many",
    "most",
    "several",
    "two",
    "three",
    "none",
    "each",
    "all",
    "both",
    "few",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
]);

/// Words that head a group of people on their own ("many said", "those who").
const PRONOUN_HEADS: &WordList<64> = &WordList::new(&[
    "those",
    "others",
    "many",
    "most",
    "few",
    "several",
    "both",
    "everyone",
    "everybody",
    "anyone",
    "nobody",
    "people",
    "some",
    "all",
]);

/// Lower-case particles inside personal names ("von der Leyen", "dos Santos");
/// the speaker parser and speaker resolution share this one list.
pub(crate) const PARTICLES: &WordList<128> = &WordList::new(&[
    "von", "van", "der", "den", "de", "da", "del", "della", "di", "du", "dos", "la", "le", "bin",
    "ibn", "al", "el", "ter", "zu", "y",
]);

const ADVERBIALS: &WordList<512> = &WordList::new(&[
    "also",
    "later",
    "then",
    "again",
    "previously",
    "recently",
    "earlier",
    "now",
    "repeatedly",
    "reportedly",
    "further",
    "once",
    "separately",
    "quickly",
    "flatly",
    "simply",
    "has",
    "have",
    "had",
    // (`remains confident that`: the copula before an adjective cue.)
    "remain",
    "remains",
    "remained",
    "would",
    "will",
    "was",
    "is",
    "were",
    "are",
    "did",
    "does",
    "do",
    "could",
    "might",
    "may",
    "should",
    "often",
    "frequently",
    "first",
    "finally",
    "last",
    "initially",
    "subsequently",
    "publicly",
    "privately",
    "angrily",
    "bluntly",
    "openly",
    "tersely",
    "quoted",
    "as",
    "not",
    "never",
    "ever",
    "already",
    "yet",
    "still",
    "just",
    "only",
    "even",
    "today",
    "tonight",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "immediately",
    "since",
    "long",
    "once",
    "emphatically",
    "jokingly",
    "somewhat",
    "glumly",
    "cheerfully",
]);

const OBJECT_WORDS: &WordList<128> = &WordList::new(&[
    "reporters",
    "journalists",
    "lawmakers",
    "supporters",
    "voters",
    "him",
    "her",
    "them",
    "me",
    "us",
    "crowd",
    "audience",
    "viewers",
    "listeners",
    "students",
    "congress",
    "parliament",
    "senators",
    "donors",
    "members",
    "colleagues",
    "officials",
    "staff",
    "employees",
]);

/// Words that open an addressee of several words: `told the Senate panel`.
const OBJECT_DETERMINERS: &[&str] = &["the", "a", "an", "his", "their", "its", "her", "cheering"];

const PARTIAL_LEAD: &WordList<256> = &WordList::new(&[
    "it", "this", "that", "them", "him", "her", "these", "those", "would", "will", "could",
    "might", "be", "was", "is", "were", "are", "been", "being", "a", "an", "the", "not", "only",
    "just", "simply", "as", "what", "his", "its", "their", "her", "still", "now", "also", "had",
    "has", "have", "become", "became",
]);

const PREPOSITIONS: &WordList<64> = &WordList::new(&[
    "on", "in", "during", "at", "to", "via", "through", "with", "over", "from", "after", "before",
]);

/// The window's first token starts a sentence (or a quoted sentence).
fn sentence_initial(i: &Toks) -> bool {
    let mut k = i.pos;
    while k > 0 && i.all[k - 1].is_quote() {
        k -= 1;
    }
    k == 0
        || matches!(
            i.all[k - 1].kind,
            TokenKind::Punct('.' | '!' | '?' | ':') | TokenKind::Dash | TokenKind::Ellipsis
        )
}

/// A word that opens a circumstance of saying: `on Twitter`, `in a
/// statement`, `Monday`, `as he closed out`, `during the debate`.
pub fn is_circumstance_word(text: &str, t: &Token) -> bool {
    let w = t.text(text);
    [
        "on",
        "in",
        "at",
        "to",
        "during",
        "after",
        "before",
        "with",
        "from",
        "into",
        "as",
        "while",
        "outside",
        "inside",
        "via",
        "through",
        "later",
        "earlier",
        "last",
        "this",
        "today",
        "yesterday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "afterward",
        "afterwards",
        "again",
        "too",
        "then",
        "when",
        "adding",
        "noting",
        "referring",
        "speaking",
        "pointing",
        "gesturing",
        "laughing",
        "smiling",
    ]
    .iter()
    .any(|x| w.eq_ignore_ascii_case(x))
}

/// A closed-class word ("and", "the", "to", "was"): never a possessed noun.
#[inline]
pub fn is_function_word(text: &str, t: &Token) -> bool {
    token_in(text, t, FUNCTION_CAPS)
}

#[inline(always)]
fn lower_is<W: Words + ?Sized>(cx: Cx<'_, '_>, t: &Token, words: &W) -> bool {
    token_in(cx.text, t, words)
}

/// A capitalized word that can be part of a name.
#[inline(always)]
fn is_name_word(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.is_word()
        && t.has(Token::CAPITALIZED)
        && !t.starts_cue()
        && !t.is_pronoun()
        && !lower_is(cx, t, FUNCTION_CAPS)
        && !(t.has(Token::ALL_CAPS) && t.text(cx.text).chars().count() > 5)
}

/// A word that can head or end a mention: a name word, a title or a group noun.
#[inline(always)]
fn is_head(cx: Cx<'_, '_>, t: &Token) -> bool {
    is_name_word(cx, t)
        || ((t.is_title() && !t.info.is_some_and(|i| i.modifier)) || t.is_group())
            && !t.starts_cue()
}

/// A word that can open or sit inside a mention without ending it.
#[inline(always)]
fn is_modifier(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.is_word() && (t.info.is_some_and(|i| i.modifier) || is_head(cx, t)) && !t.starts_cue()
}

/// One word of a mention: a head or a qualifying title word.
fn np_word<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let Some(t) = i.first() else { return reject(i) };
        // A role or document noun that is also a cue word ("the report",
        // "his email", "the campaign's post") heads a mention after a
        // determiner or possessive.
        // (The token's own tests first: the word before is looked up only
        // for a group or title word.)
        let cue_noun = || {
            t.is_word() && (t.is_group() || t.is_title()) && i.pos > 0 && {
                let p = &i.all[i.pos - 1];
                p.kind == TokenKind::Possessive || lower_is(cx, p, DETERMINERS)
            }
        };
        if is_modifier(cx, t) || cue_noun() {
            Ok((i.take_from(1), i.pos))
        } else {
            reject(i)
        }
    }
}

/// A word inside a mention after its first: a mention word, or a capitalized
/// cue word that another mention word follows ("Secretary of State Marco Rubio").
fn np_inner<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let cap_cue = map(
            (
                tok(|t: &Token| t.is_word() && t.has(Token::CAPITALIZED) && t.starts_cue()),
                peek(np_word(cx)),
            ),
            |(k, _)| k,
        );
        alt((np_word(cx), cap_cue)).parse(i)
    }
}

/// The [`fold_key`](super::input::fold_key) of `of`: a token whose key
/// differs is no `of`.
const OF_KEY: u32 = super::input::fold_key(b"of");

/// A quantity of a group, up to its `of`: `one of`, `some of`, `a handful
/// of`, `a majority of`, `dozens of`.
fn quantity_of<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, ()> {
    move |i: Toks<'a, 'l>| {
        // Tried at every mention: most have no `of` second or third, which
        // ends the matter before the lists are looked at.
        let of_at = |n: usize| {
            i.get(n)
                .is_some_and(|t| t.key == OF_KEY && token_in(cx.text, t, &["of"]))
        };
        if !of_at(1) && !of_at(2) {
            return reject(i);
        }
        let single = word_in(cx, QUANTIFIERS);
        let collective = (
            word_in(cx, &["a", "the"]),
            word_in(
                cx,
                &[
                    "handful",
                    "number",
                    "majority",
                    "group",
                    "couple",
                    "few",
                    "host",
                    "lot",
                    "pair",
                    "dozen",
                    "minority",
                    "plurality",
                    "score",
                    "variety",
                    "array",
                    "series",
                    "chorus",
                    "slew",
                    "bunch",
                ],
            ),
        );
        let (i, _) = alt((map(single, |_| ()), map(collective, |_| ()))).parse(i)?;
        let (i, _) = word_in(cx, &["of"])(i)?;
        Ok((i, ()))
    }
}

/// A speaker mention: a pronoun, a name with titles ("Secretary of State
/// Marco Rubio"), a role ("the ministry spokeswoman", "a top official") or a
/// group ("European leaders", "Russia's foreign ministry").
pub fn speaker_np<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let start = i.pos;
        // Every form opens on a word (a pronoun, a quantifier, a determiner,
        // a modifier or a head): at a mark or a number none is tried.
        if !i.first().is_some_and(Token::is_word) {
            return reject(i);
        }
        if let Ok((rest, k)) = tok(|t: &Token| t.is_pronoun() && t.is_word())(i) {
            // "he", but not "he's" (a contraction, not a speaker).
            if !rest
                .first()
                .is_some_and(|n| n.kind == TokenKind::Possessive)
            {
                return Ok((rest, k..k + 1));
            }
        }
        // `The fees, many argue, ...`, `..., others said`: a quantifier on
        // its own names the speakers when the cue follows at once.
        // (The cue first: it rules out most words without the list.)
        if i.get(1).is_some_and(Token::starts_cue)
            && lower_is(
                cx,
                &i.all[start],
                &["many", "some", "others", "most", "several"],
            )
        {
            return Ok((i.take_from(1), start..start + 1));
        }
        // `one of them`, `a handful of Democrats`, `some of his aides`.
        // (Only with an `of` second or third, as `quantity_of` asks: the
        // parsers are not built for the others.)
        let of_at = |n: usize| i.get(n).is_some_and(|t| t.key == OF_KEY);
        if of_at(1) || of_at(2) {
            if let Ok((rest, _)) = (
                quantity_of(cx),
                alt((
                    map(word_in(cx, &["them", "us", "those", "these"]), |k| k..k + 1),
                    speaker_np(cx),
                )),
            )
                .parse(i)
            {
                return Ok((rest, start..rest.pos));
            }
        }
        let (i, _) = opt(word_in(cx, DETERMINERS)).parse(i)?;
        // Free lower-case words ("senior", "administration") are allowed only
        // after a determiner and before a head.
        let lower_adj = tok(move |t: &Token| {
            t.is_word()
                && !t.has(Token::CAPITALIZED)
                && !t.starts_cue()
                && !t.is_title()
                && !t.is_group()
                && !t.is_pronoun()
                && !lower_is(cx, t, FUNCTION_CAPS)
        });
        // Lower-case words before the head: `the senior administration
        // official`, `political scientist Dossym Satpayev`, `early returns`.
        let (i, _) = count_m_n(0, 3, lower_adj).parse(i)?;
        let (i, _) = np_word(cx).parse(i)?;
        // (What the link matched is not read: the particles are counted.)
        let link = alt((
            tok(|t: &Token| t.kind == TokenKind::Possessive),
            word_in(cx, &["of", "for"]),
            count_m_n(1, 3, tok(move |t: &Token| lower_is(cx, t, PARTICLES))),
        ));
        // A common noun between name words: `former FBI agent Timothy Gill`,
        // never a verb between two names (`Giuliani trashed Comey`,
        // `Trump attacks Clinton`).
        let noun_in_name = map(
            (
                tok(move |t: &Token| {
                    let w = t.text(cx.text);
                    t.is_word()
                        && !t.has(Token::CAPITALIZED)
                        && !t.starts_cue()
                        && !t.is_pronoun()
                        && !is_function_word(cx.text, t)
                        && !w.ends_with("ed")
                }),
                peek(tok(move |t: &Token| {
                    is_name_word(cx, t) || t.is_title() || t.is_group()
                })),
            ),
            |(k, _)| k,
        );
        let noun_in_name = verify(noun_in_name, move |&k: &usize| {
            let prev = &i.all[k - 1];
            !(i.all[k].text(cx.text).ends_with('s')
                && prev.has(Token::CAPITALIZED)
                && !prev.has(Token::ALL_CAPS)
                && !prev.is_title())
        });
        // Counted, not collected: no Vec per mention tried.
        let mut parts = alt((
            np_inner(cx),
            noun_in_name,
            map(
                (link, opt(word_in(cx, &["the"])), np_inner(cx)),
                |(_, _, k)| k,
            ),
            // `the ad's narrator`, `the campaign's statement`: a possessive and its noun.
            map(
                (
                    tok(|t: &Token| t.kind == TokenKind::Possessive),
                    tok(move |t: &Token| {
                        t.is_word()
                            && !t.has(Token::CAPITALIZED)
                            && !t.starts_cue()
                            && !is_function_word(cx.text, t)
                    }),
                ),
                |(_, k)| k,
            ),
            // A party label: "(R-Ga.)", "(D)".
            map(
                (
                    punct('('),
                    count_m_n(
                        1,
                        4,
                        tok(|t: &Token| {
                            !matches!(t.kind, TokenKind::Punct(')') | TokenKind::Quote(_))
                        }),
                    ),
                    punct(')'),
                ),
                |(_, _, k)| k,
            ),
        ));
        // Each part opens on a word, a possessive or a `(`: any other token
        // (a comma, a quote mark) ends the phrase without trying them.
        // So does a lower-case cue or function word (`said`, `and`, `has`)
        // that is no title, group or modifier word, no particle and no
        // `of`/`for`: no part opens on one (a mention word is no cue or is
        // capitalized, a common noun in a name is no function word, a link
        // is a possessive, `of`, `for` or a particle).
        // (A link inside a name: a particle, `of`, `for`.)
        let link = |t: &Token| lower_is(cx, t, PARTICLES) || lower_is(cx, t, &["of", "for"]);
        let ends_phrase = |t: &Token| {
            t.is_word()
                && !t.has(Token::CAPITALIZED)
                && (t.starts_cue() || is_function_word(cx.text, t))
                && !t.is_title()
                && !t.is_group()
                && !t.info.is_some_and(|f| f.modifier)
                && !link(t)
        };
        // Nor does a lower-case word the lexicon knows nothing of
        // (`nomination`, `harsh`) that no mention word follows: it is no
        // mention word or cue word, no link (`of`, `for`, a particle), and a
        // common noun in a name needs a name, title or group word after it.
        let inert = |j: &Toks<'a, 'l>, t: &Token| {
            t.is_word()
                && t.info.is_none()
                && !t.has(Token::CAPITALIZED)
                && !j
                    .get(1)
                    .is_some_and(|n| n.has(Token::CAPITALIZED) || n.info.is_some())
                && !link(t)
        };
        let (i, _) = many0_count(|j: Toks<'a, 'l>| {
            if j.first().is_some_and(|t| {
                (t.is_word() || matches!(t.kind, TokenKind::Possessive | TokenKind::Punct('(')))
                    && !ends_phrase(t)
                    && !inert(&j, t)
            }) {
                parts.parse(j)
            } else {
                reject(j)
            }
        })
        .parse(i)?;
        // Trim back to the last head word (or a possessed noun).
        let mut end = i.pos;
        while end > start
            && !is_head(cx, &i.all[end - 1])
            && !(end - 1 > start
                && (i.all[end - 1].is_group() || i.all[end - 1].is_title())
                && lower_is(cx, &i.all[end - 2], DETERMINERS))
            && i.all[end - 1].kind != TokenKind::Punct(')')
            && !(end >= 2
                && i.all[end - 2].kind == TokenKind::Possessive
                && i.all[end - 1].is_word())
        {
            end -= 1;
        }
        if end == start {
            return reject(i);
        }
        // `Taking to X, he said`, `Speaking on NBC`: a capitalized participle
        // opening a phrase is not a name (`Xi Jinping` is: a name precedes it).
        let only = &i.all[start];
        let participle = end == start + 1
            && only.has(Token::CAPITALIZED)
            && only.text(cx.text).ends_with("ing")
            && only.text(cx.text).len() > 5
            && i.all
                .get(end)
                .is_some_and(|n| n.is_word() && !n.has(Token::CAPITALIZED) && !n.starts_cue());
        if participle {
            return reject(i);
        }
        Ok((Toks { pos: end, ..i }, start..end))
    }
}

/// `, who also took part in the summit,` / `, 54,` / `, the head of the agency,`.
pub fn apposition<'a, 'l: 'a>(
    _cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let inside = |t: &Token| {
            !matches!(
                t.kind,
                TokenKind::Punct(',' | ';' | '!' | '?' | ':') | TokenKind::Ellipsis
            ) && !(t.kind == TokenKind::Punct('.') && t.has(Token::SPACE_AFTER))
        };
        // One or two appositives: `, 54,` / `, 31, a deckhand who ...,`.
        let (i, a) = punct(',')(i)?;
        let (i, _) = count_m_n(1, 30, tok(inside)).parse(i)?;
        let (i, b) = punct(',')(i)?;
        // A second appositive never holds a cue: `, told CBS News,` is the attribution.
        let inside_no_cue = move |t: &Token| inside(t) && !t.starts_cue();
        let (i, more) = opt((count_m_n(1, 30, tok(inside_no_cue)), punct(','))).parse(i)?;
        Ok((i, a..more.map_or(b, |(_, c)| c) + 1))
    }
}

/// A parenthetical aside after a name: `(R-Ga.)`, `(pictured)`.
fn aside<'a, 'l: 'a>() -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = punct('(')(i)?;
        let (i, _) = count_m_n(
            1,
            8,
            tok(|t: &Token| !matches!(t.kind, TokenKind::Punct(')') | TokenKind::Quote(_))),
        )
        .parse(i)?;
        punct(')')(i)
    }
}

/// Words in `-ly` that are not adverbs (`the assembly said`, `an ally
/// said`, `in reply`).
const LY_NOT_ADVERBS: &WordList<128> = &WordList::new(&[
    "ally", "rally", "reply", "supply", "apply", "rely", "comply", "imply", "family", "assembly",
    "anomaly", "monopoly", "bully", "tally", "belly", "folly", "italy", "july", "only", "early",
    "ugly", "holy", "fly", "jelly", "sully", "dally", "multiply", "oily", "hilly", "silly",
]);

/// A lower-case adverb of manner or frequency in `-ly` (`memorably`,
/// `erroneously`, `bluntly`), never a cue word.
#[inline]
fn ly_adverb(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.is_word()
        && !t.has(Token::CAPITALIZED)
        && !t.starts_cue()
        && t.text(cx.text).len() >= 5
        && t.text(cx.text).ends_with("ly")
        && !lower_is(cx, t, LY_NOT_ADVERBS)
}

/// Adverbs, auxiliaries and days between a speaker and the cue.
pub fn adverbial<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        // Every form opens on a word: tried in loops that mostly end at
        // punctuation, which this ends at once.
        if !i.first().is_some_and(Token::is_word) {
            return reject(i);
        }
        alt((
            // `told KNB News by phone`, `said by email`: how it was said.
            map(
                (
                    word_in(cx, &["by", "over"]),
                    opt(word_in(cx, &["the", "a"])),
                    word_in(
                        cx,
                        &[
                            "phone",
                            "telephone",
                            "email",
                            "e-mail",
                            "text",
                            "video",
                            "videolink",
                            "letter",
                            "satellite",
                            "radio",
                        ],
                    ),
                ),
                |(_, _, k)| k,
            ),
            map(
                (
                    word_in(cx, &["on", "last", "this", "late", "early"]),
                    tok(move |t: &Token| lower_is(cx, t, TIME_NOUNS)),
                    opt(word_in(cx, PARTS_OF_DAY)),
                ),
                |(_, k, p)| p.unwrap_or(k),
            ),
            // `said Friday morning`: a day, and perhaps its part.
            map(
                (
                    tok(move |t: &Token| t.has(Token::CAPITALIZED) && lower_is(cx, t, WEEKDAYS)),
                    opt(word_in(cx, PARTS_OF_DAY)),
                ),
                |(k, p)| p.unwrap_or(k),
            ),
            word_in(cx, ADVERBIALS),
            // `memorably promised`, `erroneously suggested`: any adverb of manner.
            tok(move |t: &Token| ly_adverb(cx, t)),
        ))
        .parse(i)
    }
}

/// A cue of one of the given frames; the longest form that matches.
pub fn cue<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
    frames: Frames,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, CueMatch> {
    move |i: Toks<'a, 'l>| {
        let Some(t) = i.first() else { return reject(i) };
        let Some(info) = t.info else { return reject(i) };
        // A word that begins no cue form of these frames (a title, a
        // pronoun, `said` asked for a noun) matches none: the tests below
        // are not run for it.
        if !info
            .cues
            .iter()
            .any(|&e| entry_allows(cx.lex.cues[e as usize].frames, frames))
        {
            return reject(i);
        }
        // `..., Former White House Doctor Says.`: a title-case headline's last
        // word, after a capitalized word, before the end.
        // (The headline tests only matter for a capitalized word: closures,
        // run only then.)
        let headline_end = || {
            i.pos > 0
                && i.all[i.pos - 1].has(Token::CAPITALIZED)
                && i.all
                    .get(i.pos + 1)
                    .is_none_or(|n| matches!(n.kind, TokenKind::Punct('.' | ':')))
        };
        // `Trump Says He Never Pledged To ...`: a title-case headline's cue
        // between its capitalized subject and a capitalized clause.
        let title_case_word = |n: &Token| {
            n.has(Token::CAPITALIZED)
                || n.is_word() && n.text(cx.text).len() <= 3 && !n.has(Token::ALL_CAPS)
        };
        // (`Donald Trump Praises Breitbart's Editor`, `Blackwell Endorses Ted
        // Cruz.`: two title-case words, a possessive among them, suffice.)
        let lead_word = |n: &&Token| n.is_word() || n.kind == TokenKind::Possessive;
        let headline_lead = || {
            i.pos > 0
                && i.all[i.pos - 1].has(Token::CAPITALIZED)
                && i.all[i.pos + 1..i.end.min(i.pos + 6)]
                    .iter()
                    .take_while(lead_word)
                    .filter(|n| n.kind == TokenKind::Possessive || title_case_word(n))
                    .count()
                    >= 2
                && i.all[i.pos + 1..i.end.min(i.pos + 6)]
                    .iter()
                    .take_while(lead_word)
                    .all(|n| n.kind == TokenKind::Possessive || title_case_word(n))
        };
        if t.has(Token::CAPITALIZED)
            && !t.has(Token::ALL_CAPS)
            && !sentence_initial(&i)
            && !headline_end()
            && !headline_lead()
        {
            // "Secretary of State", "CNN's 'State of the Union'": a name, not a cue.
            return reject(i);
        }
        // (`Asked about the merger, ...`: a participle, not a noun.)
        let headline_noun = || {
            t.has(Token::CAPITALIZED)
                && !t.text(cx.text).ends_with("ed")
                && i.all
                    .get(i.pos + 1)
                    .is_some_and(|n| lower_is(cx, n, &["for", "of", "over", "about"]))
        };
        if !frames.has(Frames::NOUN) && i.pos > 0 && {
            let p = &i.all[i.pos - 1];
            p.kind == TokenKind::Possessive
                || lower_is(
                    cx,
                    p,
                    &[
                        "the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
                        "these", "those",
                    ],
                )
        } {
            // "the reports", "his comments": a noun, not a cue.
            return reject(i);
        }
        let mut best: Option<(usize, u16)> = None;
        for &e in &info.cues {
            let entry = &cx.lex.cues[e as usize];
            if !entry_allows(entry.frames, frames) {
                continue;
            }
            let n = entry.words.len();
            if i.pos + n > i.end {
                continue;
            }
            let all_match = entry.words.iter().enumerate().all(|(k, w)| {
                let tk = &i.all[i.pos + k];
                tk.is_word() && tk.text(cx.text).eq_ignore_ascii_case(w)
            });
            if all_match && best.is_none_or(|(bn, _)| n > bn) {
                best = Some((n, e));
            }
        }
        match best {
            // "Hopes for talks", "Claims of fraud": a headline noun, not a cue
            // (but "According to" is one).
            Some((1, _)) if headline_noun() => reject(i),
            Some((n, e)) => Ok((
                i.take_from(n),
                CueMatch {
                    tokens: i.pos..i.pos + n,
                    entry: e,
                },
            )),
            None => reject(i),
        }
    }
}

/// The entry's frames and the wanted ones share a construction frame (not
/// the `impersonal` or `copular` marks, which qualify a frame).
/// (Written out as one test per frame, which the compiler folds into a mask:
/// this runs for every cue form of every word tried.)
#[inline]
fn entry_allows(have: Frames, want: Frames) -> bool {
    let both = |f: Frames| want.has(f) && have.has(f);
    both(Frames::AFTER)
        || both(Frames::INVERTED)
        || both(Frames::BEFORE)
        || both(Frames::CLAUSE)
        || both(Frames::OBJECT)
        || both(Frames::SOURCE)
        || both(Frames::AS)
        || both(Frames::STANCE)
        || both(Frames::PASSIVE)
        || both(Frames::NOUN)
}

/// A named venue: an outlet or platform from the lexicon, as whole words.
fn venue_name<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        // Tried at every venue slot: a first token that opens no venue name
        // (compared as below: as written, or ignoring case when in capitals)
        // ends the matter before the names are scanned.
        let Some(t0) = i.first() else {
            return reject(i);
        };
        let b0 = cx.text.as_bytes()[t0.start];
        let initials = &cx.lex.venue_initials;
        if !(initials[b0 as usize]
            || t0.has(Token::ALL_CAPS)
                && (initials[b0.to_ascii_lowercase() as usize]
                    || initials[b0.to_ascii_uppercase() as usize]))
        {
            return reject(i);
        }
        // `on X.`: a one-letter name with the sentence's stop reads as an
        // initial; an outlet styled in capitals (`POLITICO`) is the outlet.
        let word_is = |tk: &Token, text: &str, w: &str| {
            text == w
                || tk.has(Token::ABBREVIATION) && text.strip_suffix('.') == Some(w)
                || tk.has(Token::ALL_CAPS) && w.len() > 1 && text.eq_ignore_ascii_case(w)
        };
        // (The first token's text is cut out once, not per name.)
        let t0_text = t0.text(cx.text);
        // The longest name that matches: `NBC News`, not `NBC` then `News`.
        // The lexicon lists the longest names first, so the first that
        // matches is the longest.
        let mut best = 0;
        for (words, _) in &cx.lex.venue_names {
            let n = words.len();
            if n > best
                && i.pos + n <= i.end
                && word_is(t0, t0_text, &words[0])
                && words.iter().enumerate().skip(1).all(|(k, w)| {
                    let tk = &i.all[i.pos + k];
                    word_is(tk, tk.text(cx.text), w)
                })
            {
                best = n;
                break;
            }
        }
        if best > 0 {
            return Ok((i.take_from(best), i.pos + best - 1));
        }
        reject(i)
    }
}

/// A quoted programme title after a possessive outlet: `CNN's 'State of the Union'`.
fn show_title<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = tok(|t: &Token| t.kind == TokenKind::Possessive)(i)?;
        alt((
            map(
                (
                    tok(Token::is_quote),
                    count_m_n(
                        1,
                        6,
                        tok(move |t: &Token| {
                            t.is_word()
                                && (t.has(Token::CAPITALIZED)
                                    || lower_is(
                                        cx,
                                        t,
                                        &["of", "the", "and", "a", "in", "on", "with"],
                                    ))
                        }),
                    ),
                    opt(punct('.')),
                    tok(Token::is_quote),
                ),
                |(_, _, _, k)| k,
            ),
            last_of_m_n(
                1,
                4,
                tok(move |t: &Token| {
                    is_name_word(cx, t)
                        || lower_is(cx, t, &["show", "program", "programme", "podcast"])
                }),
            ),
        ))
        .parse(i)
    }
}

/// An occasion phrase: `a statement`, `an interview with the BBC`, `a news
/// conference in Brussels`, `his Truth Social platform`, `social media`.
fn occasion<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = opt(word_in(
            cx,
            &[
                "a",
                "an",
                "the",
                "his",
                "her",
                "their",
                "its",
                "this",
                "that",
                "one",
                "joint",
                "written",
                "televised",
                "separate",
                "brief",
                "lengthy",
                "exclusive",
                "recent",
                "weekly",
                "sunday",
            ],
        ))
        .parse(i)?;
        let (i, _) = count_m_n(
            0,
            3,
            tok(move |t: &Token| {
                is_name_word(cx, t)
                    || lower_is(
                        cx,
                        t,
                        &[
                            "joint",
                            "written",
                            "televised",
                            "separate",
                            "brief",
                            "exclusive",
                            "recent",
                            "weekly",
                            "radio",
                            "television",
                            "tv",
                            "phone",
                            "telephone",
                            "video",
                            "online",
                            "virtual",
                            "live",
                            "private",
                            "public",
                        ],
                    )
            }),
        )
        .parse(i)?;
        // An occasion head, possibly several words ("news conference").
        let Some(t) = i.first() else { return reject(i) };
        if !t.info.is_some_and(|inf| inf.occasion_start)
            && !lower_is(
                cx,
                t,
                &["platform", "account", "channel", "appearance", "remarks"],
            )
        {
            return reject(i);
        }
        let mut best = i.pos + 1;
        for words in &cx.lex.occasions {
            let n = words.len();
            if i.pos + n <= i.end
                && words.iter().enumerate().all(|(k, w)| {
                    i.all[i.pos + k].is_word()
                        && i.all[i.pos + k].text(cx.text).eq_ignore_ascii_case(w)
                })
            {
                best = best.max(i.pos + n);
            }
        }
        let i = i.take_from(best - i.pos);
        // "with the BBC", "on Telegram", "in Brussels": one trailing phrase.
        let (i, last) = opt(preceded(
            (
                word_in(cx, &["with", "on", "in", "to", "at", "from"]),
                opt(word_in(cx, &["the", "a", "his", "her"])),
            ),
            alt((
                venue_name(cx),
                last_of_m_n(1, 4, tok(move |t: &Token| is_name_word(cx, t))),
            )),
        ))
        .parse(i)?;
        Ok((i, last.unwrap_or(best - 1)))
    }
}

/// A venue phrase: `on NBC's 'Meet the Press'`, `in a statement on Telegram`,
/// `to CNN`, `on his Truth Social platform`. Yields the tokens after the preposition.
pub fn venue<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = word_in(cx, PREPOSITIONS)(i)?;
        venue_object(cx)(i)
    }
}

/// A [`venue`] may open at token `t` (its preposition): a caller trying
/// many tokens builds the parser only there.
pub fn opens_venue(cx: Cx<'_, '_>, t: &Token) -> bool {
    lower_is(cx, t, PREPOSITIONS)
}

/// The venue itself, without a preposition: `CNN's 'State of the Union'`, `Fox News`, `a news conference`.
pub fn venue_object<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let start = i.pos;
        let (i, last) = alt((
            map(
                (
                    opt(word_in(cx, &["the"])),
                    venue_name(cx),
                    opt(show_title(cx)),
                ),
                |(_, a, b)| b.unwrap_or(a),
            ),
            occasion(cx),
        ))
        .parse(i)?;
        Ok((i, start..last + 1))
    }
}

/// The object of `told`: `reporters`, `CNN's 'State of the Union'`, `the BBC`, `him`.
fn object<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Option<Range<usize>>> {
    move |i: Toks<'a, 'l>| {
        // Only cues that take an addressee (`told`, `asked`, `urged`) have one.
        let takes_object = i.pos > 0
            && i.all[i.pos - 1].info.is_some_and(|inf| {
                inf.cues
                    .iter()
                    .any(|&e| cx.lex.cues[e as usize].frames.has(Frames::OBJECT))
            });
        if !takes_object {
            return reject(i);
        }
        alt((
            map(venue_object(cx), Some),
            map(
                alt((
                    (
                        // After a determiner at most two more words, never a
                        // pronoun or a clause opener: `told a reporter he
                        // would` leaves `he would`.
                        word_in(cx, OBJECT_DETERMINERS),
                        many_m_n(
                            0,
                            2,
                            tok(move |t: &Token| {
                                t.is_word()
                                    && !t.starts_cue()
                                    && !t.is_pronoun()
                                    && !lower_is(
                                        cx,
                                        t,
                                        &[
                                            "that", "on", "in", "at", "to", "the", "a", "an",
                                            "this", "these", "their", "his", "her",
                                        ],
                                    )
                            }),
                        ),
                    )
                        .map(|_| ()),
                    // `them`, `reporters` are whole: `told them Clinton has`
                    // leaves `Clinton has`.
                    word_in(cx, OBJECT_WORDS).map(|_| ()),
                )),
                |_| None,
            ),
            map(
                count_m_n(1, 4, tok(move |t: &Token| is_name_word(cx, t))),
                |_| None,
            ),
        ))
        .parse(i)
    }
}

/// A prepositional phrase qualifying a mention: `a narrator in the Clinton ad`.
fn qualifier<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let word = tok(move |t: &Token| {
            t.is_word() && !t.starts_cue() && !lower_is(cx, t, &["who", "which", "that"])
        });
        let (i, (_, _, w)) = (
            word_in(
                cx,
                &["in", "at", "from", "with", "for", "of", "on", "inside"],
            ),
            opt(word_in(cx, DETERMINERS)),
            last_of_m_n(1, 4, word),
        )
            .parse(i)?;
        Ok((i, w))
    }
}

/// `"Q," X said [venue]` / `"Q," said X` / `"Q" — X` / `"Q," according to X`,
/// read from the token right after the closing mark.
pub fn after_quote<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Attr> {
    move |i: Toks<'a, 'l>| {
        let (i, lead) = opt(alt((punct(','), punct(':'), punct(';')))).parse(i)?;
        // Every form but the dash form (`"Q" — X`) holds a cue, and a cue
        // starts at a word the lexicon lists cue forms for: a window with
        // none (most, where this is tried at every comma) fails here.
        // (Only the frames these forms read count: a stance or a noun cue
        // in the window, `criticized`, `claim`, opens none of them.)
        let dash_first = lead.is_none() && i.first().is_some_and(|t| t.kind == TokenKind::Dash);
        let attribution_cue = |t: &Token| {
            t.info.is_some_and(|f| {
                f.cues.iter().any(|&e| {
                    let have = cx.lex.cues[e as usize].frames;
                    have.has(Frames::AFTER)
                        || have.has(Frames::INVERTED)
                        || have.has(Frames::SOURCE)
                })
            })
        };
        // The other forms open on a word: a speaker or a cue.
        if !dash_first
            && (!i.first().is_some_and(Token::is_word)
                || !i.all[i.pos..i.end].iter().any(attribution_cue))
        {
            return reject(i);
        }
        let dash_form = map(
            (
                tok(|t: &Token| t.kind == TokenKind::Dash),
                speaker_np(cx),
                opt(apposition(cx)),
                alt((
                    map(nom_eof, |_| ()),
                    map(punct('.'), |_| ()),
                    map(punct(','), |_| ()),
                )),
            ),
            |(_, s, _, _)| Attr {
                speaker: Some(s),
                ..Attr::default()
            },
        );
        let subject_first = map(
            (
                speaker_np(cx),
                opt(aside()),
                opt(apposition(cx)),
                opt(qualifier(cx)),
                many0_count(adverbial(cx)),
                cue(cx, Frames::AFTER),
                many0_count(adverbial(cx)),
                opt(object(cx)),
                opt(venue(cx)),
                // `said in a televised interview Friday`
                many0_count(adverbial(cx)),
            ),
            |(s, _, _, _, _, c, _, o, v, _)| Attr {
                speaker: Some(s),
                cue: Some(c),
                venue: o.flatten().or(v),
                end: 0,
            },
        );
        let cue_first_raw = move || {
            map(
                (
                    cue(cx, Frames::INVERTED),
                    many0_count(adverbial(cx)),
                    speaker_np(cx),
                    opt(aside()),
                    opt(apposition(cx)),
                    opt(venue(cx)),
                    many0_count(adverbial(cx)),
                ),
                |(c, _, s, _, _, v, _)| Attr {
                    speaker: Some(s),
                    cue: Some(c),
                    venue: v,
                    end: 0,
                },
            )
        };
        // `"disgrace," said he does not believe ...`: a pronoun after the cue
        // opens the cue's clause; `said he.` alone is inverted.
        let cue_first = move |j: Toks<'a, 'l>| {
            let (rest, a) = cue_first_raw().parse(j)?;
            let pronoun_clause = a.speaker.as_ref().is_some_and(|s| {
                s.len() == 1
                    && j.all[s.start].is_pronoun()
                    && s.end == rest.pos
                    && rest.first().is_some_and(|n| n.is_word())
            });
            if pronoun_clause {
                return reject(j);
            }
            Ok((rest, a))
        };
        let source = map((cue(cx, Frames::SOURCE), speaker_np(cx)), |(c, s)| Attr {
            speaker: Some(s),
            cue: Some(c),
            venue: None,
            end: 0,
        });
        let (rest, mut attr) = if lead.is_some() {
            alt((subject_first, cue_first, source)).parse(i)?
        } else {
            alt((dash_form, subject_first, cue_first, source)).parse(i)?
        };
        attr.end = rest.pos;
        Ok((rest, attr))
    }
}

/// How the words between a cue and the opening mark read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lead {
    /// `said:` / `said,` / `said that` / nothing: the quote is the statement.
    Direct,
    /// `said it` / `called it` / `it would be` / `described the plan as`: a partial quote.
    Partial,
}

/// The tail of a sentence from a cue up to an opening mark:
/// `said: ` / `told CNN's 'State of the Union':` / `said it ` / `according to X, `.
pub fn before_quote<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (Attr, Lead)> {
    move |i: Toks<'a, 'l>| {
        let source = map(
            (
                cue(cx, Frames::SOURCE),
                speaker_np(cx),
                opt(punct(',')),
                eof,
            ),
            |(c, s, _, _)| {
                (
                    Attr {
                        speaker: Some(s),
                        cue: Some(c),
                        ..Attr::default()
                    },
                    Lead::Direct,
                )
            },
        );
        let speech = map(
            (
                cue(cx, Frames::BEFORE),
                opt(object(cx)),
                opt((word_in(cx, &["of", "about"]), speaker_np(cx))),
                many0(alt((map(venue(cx), Some), map(adverbial(cx), |_| None)))),
                opt(alt((
                    punct(':'),
                    punct(','),
                    tok(|t: &Token| t.kind == TokenKind::Dash),
                ))),
                opt(word_in(cx, &["that"])),
                here,
                many_m_n(0, 4, word_in(cx, PARTIAL_LEAD)),
                eof,
            ),
            |(c, o, _, vs, p, that, at, lead, _)| {
                // `would ask Washington "to what extent"`: an addressee with no
                // colon, comma or `that` before the quote is not a quotation frame.
                let bare_object = o.is_some() && p.is_none() && that.is_none() && lead.is_empty();
                let at = if bare_object { usize::MAX } else { at };
                let venue = vs.into_iter().flatten().next().or(o.flatten());
                (
                    Attr {
                        speaker: None,
                        cue: Some(c),
                        venue,
                        end: at,
                    },
                    if lead.is_empty() {
                        Lead::Direct
                    } else {
                        Lead::Partial
                    },
                )
            },
        );
        // `called it 'game-changing'`, `described the offer as "a serious proposal"`.
        let naming = map(
            (
                cue(cx, Frames::AS),
                // `called on X to "..."`, `calling out X`: a phrasal verb, not naming.
                // (`called Clinton's use of private email servers "..."`)
                verify(
                    first_match_m_n(
                        0,
                        12,
                        tok(|t: &Token| {
                            t.is_word()
                                || t.kind == TokenKind::Possessive
                                || matches!(t.kind, TokenKind::Number | TokenKind::Punct('/'))
                        }),
                    ),
                    move |first: &Option<usize>| {
                        first.is_none_or(|k| {
                            !lower_is(cx, &i.all[k], &["on", "for", "out", "up", "off", "in"])
                        })
                    },
                ),
                eof,
            ),
            |(c, _, _)| {
                (
                    Attr {
                        cue: Some(c),
                        ..Attr::default()
                    },
                    Lead::Partial,
                )
            },
        );
        // `Said Ellis: "..."`.
        let inverted = map(
            (
                verify(cue(cx, Frames::INVERTED), move |_| sentence_initial(&i)),
                speaker_np(cx),
                opt(apposition(cx)),
                alt((punct(':'), punct(','))),
                eof,
            ),
            |(c, s, _, _, _)| {
                (
                    Attr {
                        speaker: Some(s),
                        cue: Some(c),
                        ..Attr::default()
                    },
                    Lead::Direct,
                )
            },
        );
        let speech = verify(speech, |(a, _): &(Attr, Lead)| a.end != usize::MAX);
        alt((source, speech, naming, inverted)).parse(i)
    }
}

/// The clause frame: `X said (that) CLAUSE` where the clause holds the quote.
/// Yields the cue and the token where the reported clause begins.
pub fn clause_lead<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (Attr, usize)> {
    move |i: Toks<'a, 'l>| {
        let place = map(
            (
                word_in(cx, &["in", "at", "from"]),
                count_m_n(1, 3, tok(move |t: &Token| is_name_word(cx, t))),
            ),
            |_| None,
        );
        let (i, (c, o, vs, _, _, at)) = (
            cue(cx, Frames::CLAUSE),
            opt(object(cx)),
            many0(alt((
                map(venue(cx), Some),
                map(adverbial(cx), |_| None),
                place,
            ))),
            opt(punct(',')),
            opt(word_in(cx, &["that"])),
            here,
        )
            .parse(i)?;
        let venue = vs.into_iter().flatten().next().or(o.flatten());
        Ok((
            i,
            (
                Attr {
                    speaker: None,
                    cue: Some(c),
                    venue,
                    end: at,
                },
                at,
            ),
        ))
    }
}

/// Adverbs and times right after a cue (`said Monday that`, `said
/// repeatedly that`), narrower than [`adverbial`]: `as` and auxiliaries
/// would open a clause here, not qualify the saying.
pub fn post_adverbial<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        let time = &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "today",
            "yesterday",
            "tonight",
            // `said Friday morning`: a part of the day after a day.
            "morning",
            "afternoon",
            "evening",
            "also",
            "again",
            "repeatedly",
            "previously",
            "later",
            "earlier",
            "recently",
            "privately",
            "publicly",
            "once",
            "then",
            "now",
            "often",
        ];
        alt((
            map(
                (
                    word_in(
                        cx,
                        &["on", "last", "this", "late", "early", "earlier", "in"],
                    ),
                    // `on Monday`, `in a statement`, `in an interview`.
                    alt((
                        word_in(cx, TIME_NOUNS),
                        word_in(cx, &["statement", "interview"]),
                    )),
                ),
                |(_, k)| k,
            ),
            // `said Thursday's speeches ...`: a possessive day is the
            // clause's subject, not when it was said.
            verify(word_in(cx, time), move |&k: &usize| {
                i.all
                    .get(k + 1)
                    .is_none_or(|n| n.kind != TokenKind::Possessive)
            }),
            tok(move |t: &Token| {
                t.is_word()
                    && !t.has(Token::CAPITALIZED)
                    && t.text(cx.text).len() > 4
                    && t.text(cx.text).ends_with("ly")
            }),
        ))
        .parse(i)
    }
}

/// Words that can open a reported clause: `said he would`, `said the talks`,
/// `said Russia`, `said 32 people`.
pub fn opens_clause(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.kind == TokenKind::Number
        || t.is_word()
            && (t.has(Token::CAPITALIZED) && !t.starts_cue()
                || lower_is(
                    cx,
                    t,
                    &[
                        "he",
                        "she",
                        "it",
                        "they",
                        "we",
                        "i",
                        "you",
                        "there",
                        "the",
                        "a",
                        "an",
                        "his",
                        "her",
                        "their",
                        "its",
                        "this",
                        "these",
                        "those",
                        "some",
                        "many",
                        "most",
                        "no",
                        "every",
                        "each",
                        "all",
                        "several",
                        "both",
                        "one",
                        "another",
                        "such",
                        "our",
                        "my",
                        "your",
                        "nobody",
                        "everyone",
                        "everybody",
                        "nothing",
                        "none",
                        "any",
                        "anyone",
                        "something",
                        "people",
                    ],
                ))
}

/// After a cue, where the reported clause starts: `said (that) ...`,
/// `told reporters (that) ...`, `asked whether ...`, `urged Congress to ...`,
/// `wants to ...`. Yields the attribution and the clause's first token.
pub fn reported_lead<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, (Attr, usize)> {
    move |i: Toks<'a, 'l>| {
        let (i, c) = alt((
            cue(cx, Frames::CLAUSE),
            cue(cx, Frames::OBJECT),
            cue(cx, Frames::STANCE),
        ))
        .parse(i)?;
        let entry = &cx.lex.cues[c.entry as usize];
        // `criticized the plan`, `called for a boycott`, `endorsed her`: the
        // object is what is reported.
        let stance_object = |i: Toks<'a, 'l>| {
            let first = i.first()?;
            let opens = first.kind == TokenKind::Number
                || first.is_quote()
                || first.is_word()
                    && !lower_is(
                        cx,
                        first,
                        &[
                            "to", "that", "by", "up", "out", "off", "back", "away", "down", "for",
                            "on", "in", "at", "with", "as", "from", "and", "or", "but",
                        ],
                    );
            opens.then(|| Attr {
                speaker: None,
                cue: Some(c.clone()),
                venue: None,
                end: i.pos,
            })
        };
        if entry.frames.has(Frames::STANCE)
            && !entry.frames.has(Frames::CLAUSE)
            && !entry.frames.has(Frames::OBJECT)
        {
            return match stance_object(i) {
                Some(a) => Ok((i, (a, i.pos))),
                None => reject(i),
            };
        }
        let stance_at = i;
        // `announced his candidacy`: a verb that takes a clause too reports
        // its object when no clause follows.
        let fallback = |i: Toks<'a, 'l>| -> PResult<'a, 'l, (Attr, usize)> {
            if entry.frames.has(Frames::STANCE) {
                if let Some(a) = stance_object(stance_at) {
                    return Ok((stance_at, (a, stance_at.pos)));
                }
            }
            reject(i)
        };
        let place = map(
            (
                word_in(cx, &["in", "at", "from"]),
                count_m_n(1, 3, tok(move |t: &Token| is_name_word(cx, t))),
            ),
            |_| None,
        );
        // `said in 2008 that`, `said in '08 that`: a year.
        let year = map(
            (
                word_in(cx, &["in"]),
                opt(tok(Token::is_quote)),
                tok(|t: &Token| t.kind == TokenKind::Number),
            ),
            |_| None,
        );
        let obj_start = i.pos;
        let (i, o) = opt(object(cx)).parse(i)?;
        let (i, vs) = many0(alt((
            map(venue(cx), Some),
            map(post_adverbial(cx), |_| None),
            place,
            year,
        )))
        .parse(i)?;
        let (i, _) = opt(punct(',')).parse(i)?;
        let venue = vs.into_iter().flatten().next().or(o.clone().flatten());
        let attr = |end| Attr {
            speaker: None,
            cue: Some(c.clone()),
            venue: venue.clone(),
            end,
        };
        let Some(first) = i.first() else {
            return fallback(i);
        };
        if lower_is(cx, first, &["that"]) {
            return Ok((i.take_from(1), (attr(i.pos + 1), i.pos + 1)));
        }
        // `said for the first time that`, `said during a taping of a town
        // hall in Buffalo, New York, that`: an adjunct the small grammars
        // above do not know, opened by a preposition, then `that` and a
        // clause (not `that was held`, a relative). Bounded: a few words.
        if entry.frames.has(Frames::CLAUSE)
            && lower_is(
                cx,
                first,
                &[
                    "for",
                    "during",
                    "at",
                    "in",
                    "on",
                    "after",
                    "before",
                    "with",
                    "to",
                    "from",
                    "over",
                    "since",
                    "throughout",
                    "via",
                    "through",
                    "under",
                    "upon",
                ],
            )
        {
            let words = (1..ADJUNCT_WORDS).map_while(|n| i.get(n).map(|t| (n, t)));
            for (n, t) in words {
                if lower_is(cx, t, &["that"]) {
                    let relative = i
                        .get(n + 1)
                        .is_none_or(|m| lower_is(cx, m, FINITE_AUX) || m.starts_cue());
                    if relative {
                        break;
                    }
                    let at = i.pos + n + 1;
                    return Ok((i.take_from(n + 1), (attr(at), at)));
                }
                let plain = t.is_word() && !t.starts_cue() && !lower_is(cx, t, FINITE_AUX)
                    || t.kind == TokenKind::Number
                    || t.kind == TokenKind::Possessive
                    || t.kind == TokenKind::Punct(',');
                if !plain {
                    break;
                }
            }
        }
        if lower_is(
            cx,
            first,
            &[
                "whether", "if", "why", "how", "what", "when", "where", "who",
            ],
        ) && entry.frames.has(Frames::CLAUSE)
        {
            return Ok((i, (attr(i.pos), i.pos)));
        }
        if lower_is(cx, first, &["to"]) {
            // A demand (`urged Congress to act`) or an intention (`wants to run`).
            let intention = entry.class == crate::lexicon::CueClass::Belief
                || matches!(
                    entry.lemma.as_str(),
                    "promise"
                        | "vow"
                        | "pledge"
                        | "agree"
                        | "urge"
                        | "ask"
                        | "tell"
                        | "demand"
                        | "call"
                        | "warn"
                        | "threaten"
                );
            if o.is_some() && entry.frames.has(Frames::OBJECT) {
                return Ok((i, (attr(obj_start), obj_start)));
            }
            if intention && o.is_none() {
                return Ok((i, (attr(i.pos), i.pos)));
            }
            return fallback(i);
        }
        if entry.frames.has(Frames::CLAUSE) && opens_clause(cx, first) {
            return Ok((i, (attr(i.pos), i.pos)));
        }
        // `said investigators were unable`, `says foreign nationals can`: after
        // `say` any word opens the clause but a few objects of saying.
        // `said much of the talk was about`, `said more than 100 people`: a
        // quantity that heads the clause's subject.
        let quantity_subject = lower_is(cx, first, &["much", "more", "less", "little"])
            && i.get(1).is_some_and(|n| lower_is(cx, n, &["of", "than"]));
        if entry.lemma == "say"
            && first.is_word()
            && (quantity_subject
                || !lower_is(
                    cx,
                    first,
                    &[
                        "goodbye",
                        "hello",
                        "hi",
                        "yes",
                        "no",
                        "grace",
                        "thanks",
                        "sorry",
                        "so",
                        "something",
                        "anything",
                        "nothing",
                        "much",
                        "little",
                        "more",
                        "less",
                        "a",
                        "an",
                        "to",
                        "about",
                        "of",
                        "for",
                        "in",
                        "on",
                        "at",
                        "as",
                        "with",
                        "and",
                        "or",
                        "but",
                        "amen",
                        "please",
                        "otherwise",
                        "enough",
                        "farewell",
                        "cheese",
                    ],
                ))
        {
            return Ok((i, (attr(i.pos), i.pos)));
        }
        // `says, win or lose, he's staying`: a comma right after the cue.
        if entry.frames.has(Frames::CLAUSE)
            && i.pos > 0
            && i.all[i.pos - 1].kind == TokenKind::Punct(',')
            && first.is_word()
        {
            return Ok((i, (attr(i.pos), i.pos)));
        }
        // `told delegates at the Republican convention that ...`, `asked the
        // candidate if ...`: a longer object or place before `that`/`if`.
        // `urged both unions to return`: an addressee of a few words, then `to`.
        if entry.frames.has(Frames::OBJECT) && o.is_none() {
            let to = (i.pos + 1..i.end.min(i.pos + 5))
                .take_while(|&k| i.all[k].is_word() && !i.all[k].starts_cue())
                .find(|&k| lower_is(cx, &i.all[k], &["to"]));
            if to.is_some() && !lower_is(cx, first, &["to", "that"]) {
                return Ok((i, (attr(i.pos), i.pos)));
            }
        }
        // Only an addressee (for `told`) or a place or occasion (`said during a
        // news conference on Monday that`) may come between: `joked about a
        // deal that ...` is a relative clause, not a report.
        let through_pp = lower_is(
            cx,
            first,
            &[
                "during", "at", "in", "on", "to", "after", "before", "from", "with", "over",
                "outside", "inside",
            ],
        );
        if !(entry.frames.has(Frames::OBJECT) || through_pp) {
            return fallback(i);
        }
        let mut k = i.pos;
        while k < i.end && k < i.pos + 14 {
            let tk = &i.all[k];
            // `at a campaign stop in Toledo, Ohio, that ...`: a place may hold commas.
            if tk.kind == TokenKind::Punct(',') && k > i.pos {
                k += 1;
                continue;
            }
            if !tk.is_word() || tk.starts_cue() {
                break;
            }
            let lead = if lower_is(cx, tk, &["that"]) {
                Some(k + 1)
            } else if lower_is(cx, tk, &["whether", "if"]) {
                Some(k)
            } else {
                None
            };
            if let Some(from) = lead {
                return Ok((i.take_from(k - i.pos), (attr(from), from)));
            }
            k += 1;
        }
        fallback(i)
    }
}

/// The subject before a cue: a mention, an optional apposition or aside, and
/// adverbs, running exactly up to the cue.
pub fn subject<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    // What follows a head up to the cue (`tail` below) is read once per
    // window for this parser: tried at every start before a cue, heads
    // from neighbouring starts end at the same token. `(pos, end, matched)`.
    let tails: RefCell<Vec<(usize, usize, bool)>> = RefCell::default();
    move |i: Toks<'a, 'l>| {
        // A share (`one in five`, `46 percent`, `about half of them`) turns
        // on a word within four tokens of its start: without one, none of
        // the three share forms is tried.
        let shares = i.all[i.pos..i.end.min(i.pos + 4)]
            .iter()
            .any(|x| share_word(cx, x));
        // `interjected to say`, `went on to say`, `was quick to say`.
        let verb_to = move |j: Toks<'a, 'l>| {
            (
                tok(move |t: &Token| {
                    t.is_word()
                        && !t.has(Token::CAPITALIZED)
                        && !is_function_word(cx.text, t)
                        && !lower_is(
                            cx,
                            t,
                            &["declined", "refused", "failed", "wanted", "wants", "hoped"],
                        )
                }),
                word_in(cx, &["to"]),
            )
                .parse(j)
        };
        // `People briefed on the situation say`, `officials familiar with the
        // talks said`, `aides who spoke on condition of anonymity said`.
        let reduced_relative = move |j: Toks<'a, 'l>| {
            (
                word_in(
                    cx,
                    &[
                        "who",
                        "familiar",
                        "close",
                        "briefed",
                        "involved",
                        "knowledgeable",
                        "speaking",
                        "working",
                        "based",
                        "aware",
                    ],
                ),
                // (`who spoke anonymously to discuss the talks said`: the
                // relative may hold cue words; the window ends at the cue.)
                count_m_n(
                    1,
                    10,
                    tok(|t: &Token| {
                        t.is_word()
                            || t.kind == TokenKind::Number
                            || t.kind == TokenKind::Possessive
                    }),
                ),
            )
                .parse(j)
        };
        // `he and Mr. Allen`, `46 percent`, `Almost half of respondents`.
        let percent = move |j: Toks<'a, 'l>| {
            if !shares {
                return reject(j);
            }
            let from = j.pos;
            let (rest, _) = (
                opt(word_in(
                    cx,
                    &[
                        "almost", "nearly", "about", "some", "only", "just", "roughly", "more",
                        "over",
                    ],
                )),
                opt(word_in(cx, &["than"])),
                tok(|t: &Token| t.kind == TokenKind::Number || t.is_word()),
                word_in(
                    cx,
                    &[
                        "percent",
                        "half",
                        "third",
                        "quarter",
                        "majority",
                        "plurality",
                        "%",
                    ],
                ),
                opt((word_in(cx, &["of"]), speaker_np(cx))),
            )
                .parse(j)?;
            Ok((rest, from..rest.pos))
        };
        // `Six in 10 voters`, `more than 4 in 10`, `nine out of 10 say`.
        let share = move |j: Toks<'a, 'l>| {
            if !shares {
                return reject(j);
            }
            let from = j.pos;
            let (rest, _) = (
                opt(word_in(cx, APPROX)),
                opt(word_in(cx, &["than"])),
                tok(|t: &Token| t.kind == TokenKind::Number || t.is_word()),
                alt((
                    map(word_in(cx, &["in"]), |_| ()),
                    map((word_in(cx, &["out"]), word_in(cx, &["of"])), |_| ()),
                )),
                // `one in five`, `nine out of 10`.
                tok(|t: &Token| {
                    t.kind == TokenKind::Number
                        || lower_is(
                            cx,
                            t,
                            &[
                                "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                "ten", "twenty", "hundred",
                            ],
                        )
                }),
                many_m_n(0, 4, tok(move |t: &Token| noun_word(cx, t))),
            )
                .parse(j)?;
            Ok((rest, from..rest.pos))
        };
        // `Nearly half`, `three-quarters of the voters`, `a third`.
        let fraction = move |j: Toks<'a, 'l>| {
            if !shares {
                return reject(j);
            }
            let from = j.pos;
            let (rest, _) = (
                opt(word_in(cx, APPROX)),
                opt(word_in(cx, &["than"])),
                opt(word_in(cx, &["a", "the"])),
                word_in(cx, FRACTIONS),
                opt((word_in(cx, &["of"]), alt((speaker_np(cx), common_np(cx))))),
            )
                .parse(j)?;
            Ok((rest, from..rest.pos))
        };
        // The noun phrase that opens a compound is the one that stands
        // alone: parsed once for both.
        let np = speaker_np(cx)(i);
        let compound = |_: Toks<'a, 'l>| {
            let (j, a) = np.clone()?;
            let (j, (_, b)) = (word_in(cx, &["and", "or"]), speaker_np(cx)).parse(j)?;
            Ok((j, a.start..b.end))
        };
        // `the experts I interviewed`, `the people we spoke to`.
        // The relative's words hold a verb of meeting or asking and no
        // adverb: `X he also said` is a subject and an adverb, not a relative.
        let contact_relative = move |j: Toks<'a, 'l>| {
            // (Whether a word of meeting or asking is among them, folded as
            // they are read: no `Vec` of the words, no lower-case copies.)
            let meeting = move |k: usize| {
                let w = i.all[k].text(cx.text);
                let b = w.as_bytes();
                b.len() >= 2 && b[b.len() - 2..].eq_ignore_ascii_case(b"ed")
                    || in_list(
                        w,
                        &[
                            "spoke",
                            "met",
                            "saw",
                            "know",
                            "knew",
                            "heard",
                            "talk",
                            "talked",
                            "interview",
                        ],
                    )
            };
            verify(
                (
                    tok(|t: &Token| t.is_pronoun() && t.is_word()),
                    nom::multi::fold_many_m_n(
                        1,
                        3,
                        tok(move |t: &Token| {
                            t.is_word()
                                && !t.has(Token::CAPITALIZED)
                                && !t.starts_cue()
                                && !t.is_pronoun()
                                && !lower_is(cx, t, ADVERBIALS)
                        }),
                        || false,
                        move |seen, k| seen || meeting(k),
                    ),
                ),
                |(_, seen): &(usize, bool)| *seen,
            )
            .parse(j)
        };
        // What may stand between the head and the cue. Each head is tried
        // with it in turn: `The NFL star` is no name (`The NFL`, then
        // `star`) but a common noun phrase, so a head that leaves words
        // before the cue gives way to the next.
        let read_tail = |j: Toks<'a, 'l>| {
            (
                opt(aside()),
                opt(long_qualifier(cx)),
                opt(alt((
                    map(reduced_relative, |_| ()),
                    map(contact_relative, |_| ()),
                ))),
                opt(apposition(cx)),
                many0_count(alt((adverbial(cx), map(venue(cx), |r| r.start)))),
                opt(verb_to),
                opt(punct(',')),
                eof,
            )
                .parse(j)
                .map(|(rest, _)| (rest, ()))
        };
        // (A tail ends at the window's end or not at all.)
        let tail = |j: Toks<'a, 'l>| {
            let known = tails
                .borrow()
                .iter()
                .find(|&&(pos, end, _)| pos == j.pos && end == j.end)
                .map(|&(_, _, matched)| matched);
            let matched = match known {
                Some(matched) => matched,
                None => {
                    let matched = read_tail(j).is_ok();
                    tails.borrow_mut().push((j.pos, j.end, matched));
                    matched
                }
            };
            if matched {
                Ok((Toks { pos: j.end, ..j }, ()))
            } else {
                reject(j)
            }
        };
        let (i, (s, _)) = alt((
            (compound, tail),
            (share, tail),
            (percent, tail),
            (fraction, tail),
            (|_| np.clone(), tail),
            (
                |j: Toks<'a, 'l>| {
                    if common_np_may_start(cx, j) {
                        common_np(cx)(j)
                    } else {
                        reject(j)
                    }
                },
                tail,
            ),
        ))
        .parse(i)?;
        Ok((i, s))
    }
}

/// Whether a [`subject`] may start at token `s` of a window ending at
/// `end`: false only where none of its alternatives can, so a caller trying
/// every start skips the rest without running the grammar there. A subject
/// opens on a number, a possessive or a word; a closed-class word (a cue
/// word or a function word) only when it is a pronoun, a title, a group, a
/// determiner or a quantity, or when a share follows (`some 40 percent`,
/// `one in five`, `about half`: the share's word is within four tokens,
/// after the start unless it is a fraction).
pub fn subject_may_start(cx: Cx<'_, '_>, all: &[Token], s: usize, end: usize) -> bool {
    let t = &all[s];
    match t.kind {
        TokenKind::Number | TokenKind::Possessive => return true,
        TokenKind::Word => {}
        _ => return false,
    }
    let closed = t.starts_cue() || is_function_word(cx.text, t);
    if !closed
        || t.is_pronoun()
        || t.is_title()
        || t.is_group()
        || t.info.is_some_and(|i| i.modifier)
        || lower_is(cx, t, DETERMINERS)
        || lower_is(cx, t, QUANTIFIERS)
        || lower_is(cx, t, PRONOUN_HEADS)
    {
        return true;
    }
    // (A share's `in`, `out` or `percent` follows the word or number it
    // counts: it is never the share's first word. A fraction may be.)
    // (`get`: no tokens after the start when `end` is at most `s + 1`.)
    lower_is(cx, t, FRACTIONS)
        || all
            .get(s + 1..end.min(s + 4))
            .is_some_and(|after| after.iter().any(|x| share_word(cx, x)))
}

/// The words a share turns on (`in`, `out` of `one in five`, `nine out of
/// 10`; `percent`): with [`FRACTION_WORDS`], [`subject_may_start`]'s test.
const SHARE_WORDS: [&str; 4] = ["in", "out", "percent", "%"];

/// The fractions a share names: `about half of them`, `a third`.
const FRACTION_WORDS: [&str; 13] = [
    "half",
    "third",
    "quarter",
    "majority",
    "minority",
    "plurality",
    "two-thirds",
    "three-quarters",
    "three-fourths",
    "one-third",
    "one-quarter",
    "one-half",
    "majorities",
];

const FRACTIONS: &WordList<32> = &WordList::new(&FRACTION_WORDS);

/// `a` then `b`, at compile time (`C` is their lengths' sum).
const fn joined<const A: usize, const B: usize, const C: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; C] {
    assert!(A + B == C);
    let mut out = [""; C];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < C {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

const SHARE_OR_FRACTION_WORDS: [&str; 17] = joined(SHARE_WORDS, FRACTION_WORDS);

/// [`SHARE_WORDS`] and [`FRACTION_WORDS`] in one list: one probe per token.
const SHARE_OR_FRACTION: &WordList<64> = &WordList::new(&SHARE_OR_FRACTION_WORDS);

/// A word a share turns on, or a fraction ([`SHARE_OR_FRACTION`]).
#[inline]
fn share_word(cx: Cx<'_, '_>, t: &Token) -> bool {
    lower_is(cx, t, SHARE_OR_FRACTION)
}

/// Words that round a number or share: `nearly half`, `more than 4 in 10`.
const APPROX: &WordList<128> = &WordList::new(&[
    "almost",
    "nearly",
    "about",
    "some",
    "only",
    "just",
    "roughly",
    "more",
    "over",
    "less",
    "fewer",
    "at",
    "least",
    "around",
    "approximately",
    "barely",
    "fully",
    "exactly",
]);

/// A common noun of a subject: a content word that is not a cue, a pronoun,
/// a function word or a verb form (`-ed`, `-ly`).
#[inline]
fn noun_word(cx: Cx<'_, '_>, t: &Token) -> bool {
    t.is_word() && !t.starts_cue() && !t.is_pronoun() && !is_function_word(cx.text, t) && {
        let w = t.text(cx.text);
        !(w.ends_with("ed") || w.ends_with("ly") || w.ends_with("ing"))
            && w.chars().next().is_some_and(char::is_alphabetic)
    }
}

/// Whether a common-noun subject opening on `first` is determined (a
/// determiner, a quantifier or a pronoun-like head), so that its head need
/// not be plural: [`common_np`]'s test, which [`common_np_may_start`] reads
/// the same way.
fn opens_determined(cx: Cx<'_, '_>, first: &Token) -> bool {
    lower_is(cx, first, DETERMINERS)
        || lower_is(cx, first, QUANTIFIERS)
        || lower_is(cx, first, PRONOUN_HEADS)
}

/// Whether [`common_np`] may match at the start of `i`: false only where it
/// cannot. Unless the phrase opens on a determiner, a quantifier or a
/// pronoun-like head (which may open `quantity_of`, the determiner or the
/// bare head), its head run starts at the first token and its head must end
/// in `s`: a word ending in `s` among the first four tokens of that run is
/// needed. (The run's tokens are possessives, numbers and words that start no
/// cue; those are what is scanned.)
fn common_np_may_start(cx: Cx<'_, '_>, i: Toks<'_, '_>) -> bool {
    let Some(first) = i.first() else { return false };
    if opens_determined(cx, first) {
        return true;
    }
    let bytes = cx.text.as_bytes();
    i.all[i.pos..i.end.min(i.pos + 4)]
        .iter()
        .take_while(|t| match t.kind {
            TokenKind::Possessive | TokenKind::Number => true,
            TokenKind::Word => !t.starts_cue(),
            _ => false,
        })
        .any(|t| t.is_word() && t.end > t.start && bytes[t.end - 1] == b's')
}

/// A subject headed by a common noun, when nothing but the cue follows:
/// `the researchers`, `a number of attendees`, `surveys`, `many in the
/// crowd`, `those close to him`, `few on either side of the debate`.
pub fn common_np<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let start = i.pos;
        // `those`, `many`, `others`: a quantity standing for its group.
        let bare = word_in(cx, PRONOUN_HEADS);
        let headed = (
            opt(quantity_of(cx)),
            opt(word_in(cx, DETERMINERS)),
            count_m_n(
                1,
                4,
                // A noun word (as `noun_word` reads it), a possessive, a
                // number, or a participle before the head (`leaked emails`,
                // `the shipping lines`). (A word's tests that both readings
                // ask, and its text, once.)
                tok(move |t: &Token| match t.kind {
                    TokenKind::Possessive | TokenKind::Number => true,
                    TokenKind::Word => {
                        !t.starts_cue() && !is_function_word(cx.text, t) && {
                            let w = t.text(cx.text);
                            let (ed, ing) = (w.ends_with("ed"), w.ends_with("ing"));
                            !t.is_pronoun()
                                && !(ed || w.ends_with("ly") || ing)
                                && w.chars().next().is_some_and(char::is_alphabetic)
                                || !t.has(Token::CAPITALIZED) && (ed || ing)
                        }
                    }
                    _ => false,
                }),
            ),
        );
        let (i, _) = alt((map(headed, |_| ()), map(bare, |_| ()))).parse(i)?;
        let head = &i.all[i.pos - 1];
        if head.kind == TokenKind::Possessive
            || head.kind == TokenKind::Number
            || !noun_word(cx, head) && !lower_is(cx, head, PRONOUN_HEADS)
            || head.has(Token::CAPITALIZED) && !lower_is(cx, head, PRONOUN_HEADS)
        {
            return reject(i);
        }
        // The head must not be a bare lower-case singular with no
        // determiner (`that question`, `him`): plural or determined only.
        let first = &i.all[start];
        let last = &i.all[i.pos - 1];
        if !opens_determined(cx, first) && !last.text(cx.text).ends_with('s') {
            return reject(i);
        }
        Ok((i, start..i.pos))
    }
}

/// A longer prepositional phrase qualifying a subject: `experts on North
/// Korea and nuclear nonproliferation`, `advocates for stem cell research`,
/// `many in the crowd`, `those close to him`.
fn long_qualifier<'a, 'l: 'a>(cx: Cx<'_, 'l>) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| {
        // Names, nouns and the few function words a noun phrase holds: never
        // a subordinator or a relative (`on Friday after a leaked memo`).
        let word = tok(move |t: &Token| {
            (t.is_word() || t.kind == TokenKind::Number || t.kind == TokenKind::Possessive)
                && !t.starts_cue()
                && (!is_function_word(cx.text, t)
                    || lower_is(
                        cx,
                        t,
                        &[
                            "the", "a", "an", "of", "and", "for", "on", "in", "with", "its",
                            "their", "his", "her", "both", "all", "each", "other", "our",
                        ],
                    ))
                && !lower_is(cx, t, &["than", "either"])
        });
        let (i, (_, _, w)) = (
            opt(word_in(
                cx,
                &["close", "closest", "loyal", "opposed", "sympathetic"],
            )),
            word_in(
                cx,
                &[
                    "in",
                    "at",
                    "from",
                    "with",
                    "for",
                    "of",
                    "on",
                    "inside",
                    "across",
                    "around",
                    "to",
                    "within",
                    "throughout",
                    "among",
                ],
            ),
            last_of_m_n(1, 8, word),
        )
            .parse(i)?;
        Ok((i, w))
    }
}

/// `Zelensky: "..."` at the start of a sentence or headline.
pub fn colon_speaker<'a, 'l: 'a>(
    cx: Cx<'_, 'l>,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Range<usize>> {
    move |i: Toks<'a, 'l>| {
        let (i, (s, _, _)) = (
            verify(speaker_np(cx), |r: &Range<usize>| r.len() <= 6),
            punct(':'),
            eof,
        )
            .parse(i)?;
        Ok((i, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::parse::tokens::tokenize;

    fn toks<'l>(text: &str, lex: &'l Lexicon) -> Vec<Token<'l>> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), lex, &mut out);
        out
    }

    fn span_text(text: &str, t: &[Token], r: Range<usize>) -> String {
        text[t[r.start].start..t[r.end - 1].end].to_string()
    }

    #[test]
    fn a_start_may_open_a_share_subject_with_its_share_word_after_it() {
        // `some 40 percent of voters`, `one in five`, `about half`; never a
        // start on `in` or `out` itself, and no token after the window's end
        // (an empty window included) is read.
        let lex = Lexicon::builtin();
        let text = "in one in five out of 10 half";
        let t = toks(text, &lex);
        let cx = Cx { text, lex: &lex };
        let at = |w: &str| {
            t.iter()
                .position(|x| x.text(text) == w)
                .expect("in the text")
        };
        assert!(subject_may_start(cx, &t, at("one"), t.len()));
        assert!(!subject_may_start(cx, &t, 0, 1));
        assert!(subject_may_start(cx, &t, at("half"), t.len()));
        for s in 0..t.len() {
            let _ = subject_may_start(cx, &t, s, s);
            let _ = subject_may_start(cx, &t, s, s + 1);
        }
    }

    #[test]
    fn mentions_with_titles_and_roles() {
        let lex = Lexicon::builtin();
        for (text, want) in [
            (
                "Secretary of State Marco Rubio said",
                "Secretary of State Marco Rubio",
            ),
            (
                "European Commission chief Ursula von der Leyen said",
                "European Commission chief Ursula von der Leyen",
            ),
            ("Trump's envoy said", "Trump's envoy"),
            (
                "a senior administration official said",
                "a senior administration official",
            ),
            ("he said", "he"),
            (
                "Rep. Marjorie Taylor Greene (R-Ga.) said",
                "Rep. Marjorie Taylor Greene (R-Ga.)",
            ),
            (
                "the former prime minister said",
                "the former prime minister",
            ),
        ] {
            let t = toks(text, &lex);
            let cx = Cx { text, lex: &lex };
            let (_, r) = speaker_np(cx)(Toks::new(&t, 0, t.len())).unwrap();
            assert_eq!(span_text(text, &t, r), want, "{text}");
        }
    }

    #[test]
    fn after_quote_forms() {
        let lex = Lexicon::builtin();
        for (text, speaker, cue_text) in [
            (
                ", Witkoff told CNN's 'State of the Union.'",
                "Witkoff",
                "told",
            ),
            (
                ", said Foreign Minister Ana Ribeiro.",
                "Foreign Minister Ana Ribeiro",
                "said",
            ),
            (", Lopez, 54, said.", "Lopez", "said"),
            (" \u{2014} Mayor Tom Ellery", "Mayor Tom Ellery", ""),
            (
                ", according to the ministry.",
                "the ministry",
                "according to",
            ),
            (
                ", the president said during an Oval Office meeting.",
                "the president",
                "said",
            ),
        ] {
            let t = toks(text, &lex);
            let cx = Cx { text, lex: &lex };
            let (_, a) = after_quote(cx)(Toks::new(&t, 0, t.len()))
                .unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(span_text(text, &t, a.speaker.unwrap()), speaker);
            assert_eq!(
                a.cue
                    .map(|c| span_text(text, &t, c.tokens))
                    .unwrap_or_default(),
                cue_text
            );
        }
    }

    #[test]
    fn venue_of_told() {
        let lex = Lexicon::builtin();
        let text = ", Witkoff told CNN's 'State of the Union.'";
        let t = toks(text, &lex);
        let cx = Cx { text, lex: &lex };
        let (_, a) = after_quote(cx)(Toks::new(&t, 0, t.len())).unwrap();
        assert_eq!(
            span_text(text, &t, a.venue.unwrap()),
            "CNN's 'State of the Union.'"
        );
    }

    #[test]
    fn before_quote_forms() {
        let lex = Lexicon::builtin();
        for (text, lead) in [
            ("said:", Lead::Direct),
            ("told reporters,", Lead::Direct),
            ("said that", Lead::Direct),
            ("said it would be", Lead::Partial),
            ("called it", Lead::Partial),
            ("said on NBC's 'Meet the Press':", Lead::Direct),
        ] {
            let t = toks(text, &lex);
            let cx = Cx { text, lex: &lex };
            let (_, (_, l)) = before_quote(cx)(Toks::new(&t, 0, t.len()))
                .unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(l, lead, "{text}");
        }
    }

    #[test]
    fn subject_with_apposition() {
        let lex = Lexicon::builtin();
        let text = "Rubio, who also took part in the summit, later";
        let t = toks(text, &lex);
        let cx = Cx { text, lex: &lex };
        let (_, s) = subject(cx)(Toks::new(&t, 0, t.len())).unwrap();
        assert_eq!(span_text(text, &t, s), "Rubio");
    }
}
