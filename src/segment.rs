//! Stage 2, segments: paragraphs and sentences, and which part of the page
//! each paragraph belongs to (the article, page chrome, or a related-article
//! blurb credited to its own outlet).

use std::ops::Range;

use serde::Serialize;

use crate::document::{Document, Span};
use crate::lexicon::Lexicon;
use crate::parse::tokens::{Token, TokenKind, tokenize};

/// Where a paragraph sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// The article itself.
    Main,
    /// A blurb of another article (an aggregator's "Related Articles", a
    /// "Read more" link): credited to the blurb's outlet.
    Related,
    /// Page chrome: no statements are read from it.
    Boilerplate,
}

/// One paragraph (one line of the source).
#[derive(Clone, Debug)]
pub struct Paragraph {
    pub span: Span,
    /// Range into [`Segments::tokens`].
    pub tokens: Range<usize>,
    /// Token ranges of the sentences, in order, covering `tokens`.
    pub sentences: Vec<Range<usize>>,
    pub kind: SegmentKind,
    /// The outlet credited with what this paragraph says: the blurb's own
    /// outlet for related blurbs, the document's outlet otherwise.
    pub outlet: Option<String>,
    /// A short line with no final punctuation: a headline or a subhead.
    pub heading: bool,
    /// First token of the text proper, after a dateline (`SALTMERE, Oskeny (AP) —`).
    pub body: usize,
}

/// A document cut into paragraphs, sentences and tokens.
#[derive(Debug)]
pub struct Segments<'d, 'l> {
    pub doc: &'d Document,
    pub tokens: Vec<Token<'l>>,
    pub paragraphs: Vec<Paragraph>,
}

impl<'d, 'l> Segments<'d, 'l> {
    /// The paragraph holding token `t`.
    pub fn paragraph_of(&self, t: usize) -> usize {
        self.paragraphs.partition_point(|p| p.tokens.end <= t)
    }
}

/// `15 minutes ago`, `a few seconds ago`, `2 hours ago`.
fn is_time_ago(line: &str) -> bool {
    // Asked of every line: most end in neither form, which the bytes tell
    // without building the lower-case copy, and most of those by their
    // last byte alone (no `o` of `ago`, no `w` of `now`, and no
    // whitespace to trim first).
    if let Some(&b) = line.as_bytes().last() {
        if b.is_ascii()
            && !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
            && !matches!(b | 0x20, b'o' | b'w')
        {
            return false;
        }
    }
    let t = line.trim().as_bytes();
    if !(t.len() >= 4 && t[t.len() - 4..].eq_ignore_ascii_case(b" ago")
        || t.eq_ignore_ascii_case(b"just now"))
    {
        return false;
    }
    let l = line.trim().to_ascii_lowercase();
    let Some(rest) = l.strip_suffix(" ago") else {
        return l == "just now";
    };
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    let Some(unit) = words.pop() else {
        return false;
    };
    let unit = unit.trim_end_matches('s');
    if !matches!(
        unit,
        "second" | "minute" | "hour" | "day" | "week" | "month" | "year" | "min" | "hr"
    ) {
        return false;
    }
    let amount = words.join(" ");
    matches!(amount.as_str(), "a" | "an" | "a few" | "few")
        || amount.chars().all(|c| c.is_ascii_digit()) && !amount.is_empty()
}

/// A line that can be an outlet's name over a blurb: short, no final period.
fn could_be_outlet(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() <= 60
        && t.split_whitespace().count() <= 6
        && !t.ends_with(['.', '!', '?', ':', '"'])
}

/// Cut a document into paragraphs, tokens and sentences, and classify each paragraph.
pub fn segment<'d, 'l>(doc: &'d Document, lex: &'l Lexicon) -> Segments<'d, 'l> {
    let text = doc.text.as_str();
    // Lines, with their byte spans (without the newline), blank lines skipped.
    let mut lines: Vec<Span> = Vec::new();
    let mut pos = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
        let mut end = nl;
        if end > pos && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        let line = &text[pos..end];
        let lead = line.len() - line.trim_start().len();
        let trail = line.len() - line.trim_end().len();
        if lead < line.len() {
            lines.push(Span::new(pos + lead, end - trail));
        }
        pos = nl + 1;
    }

    // Room for a token per four bytes, grown at most once per document:
    // real news text runs to about one token per five bytes (PolNeAR:
    // 5.2), and growing the vector copies every token read so far.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
    let mut paragraphs = Vec::with_capacity(lines.len());
    let mut related_mode: Option<Option<String>> = None; // Some(outlet) once blurbs begin
    // A line longer than every boilerplate line is none of them: no need to
    // hash a whole paragraph to find out.
    let boilerplate_max = lex.boilerplate_lines.iter().map(String::len).max();
    // Which lengths up to that the boilerplate lines have: a line of
    // another length is none of them either.
    let mut boilerplate_len = vec![false; boilerplate_max.map_or(0, |m| m + 1)];
    for l in &lex.boilerplate_lines {
        boilerplate_len[l.len()] = true;
    }
    // is_time_ago of the line at an index, remembered: a line is asked as
    // the next line of the one before it, then as itself.
    let mut ago_known: Option<(usize, bool)> = None;
    let mut time_ago = |j: usize| match ago_known {
        Some((k, v)) if k == j => v,
        _ => {
            let v = is_time_ago(lines[j].of(text));
            ago_known = Some((j, v));
            v
        }
    };
    let chrome = chrome_words(lex);
    let mut i = 0;
    while i < lines.len() {
        let span = lines[i];
        let line = span.of(text);
        let mut kind = SegmentKind::Main;
        let mut outlet = doc.outlet.clone();
        // The link prefix the line starts with, if any, asked once (its
        // first byte first: most lines start with none of theirs).
        let link_prefix = lex.link_prefixes.iter().find(|p| {
            p.as_bytes()
                .first()
                .is_none_or(|b| line.as_bytes().first() == Some(b))
                && line.starts_with(p.as_str())
        });
        if boilerplate_len.get(line.len()) == Some(&true) && lex.boilerplate_lines.contains(line) {
            kind = SegmentKind::Boilerplate;
        } else if lex.related_markers.iter().any(|m| line == m) {
            kind = SegmentKind::Boilerplate;
            related_mode = Some(None);
        } else if time_ago(i) {
            kind = SegmentKind::Boilerplate;
        } else if i + 1 < lines.len() && time_ago(i + 1) && could_be_outlet(line) {
            // "<Outlet>" over "15 minutes ago": a blurb header.
            kind = SegmentKind::Boilerplate;
            related_mode = Some(Some(line.trim().to_string()));
        } else if let (Some(Some(current)), Some(name)) = (&related_mode, line.strip_prefix("- ")) {
            if name.trim() == current {
                kind = SegmentKind::Boilerplate;
            } else {
                kind = SegmentKind::Related;
                outlet = Some(current.clone());
            }
        } else if let Some(rm) = &related_mode {
            kind = SegmentKind::Related;
            outlet = rm.clone();
        } else if link_prefix.is_some() {
            // "Read moreHeadline": the host outlet's link to another of its articles.
            kind = SegmentKind::Related;
        }
        // The link text itself is chrome: read the headline after it.
        let mut span = span;
        if let Some(p) = link_prefix {
            let rest = &line[p.len()..];
            span.start += p.len() + (rest.len() - rest.trim_start().len());
        }
        let first_tok = tokens.len();
        tokenize(text, span.start, span.end, lex, &mut tokens);
        let tok_range = first_tok..tokens.len();
        let sentences = split_sentences_with(&tokens, tok_range.clone(), text, lex, &chrome);
        // A heading: short, and not ending like a sentence (a closing quote
        // mark counts by what it closes over).
        let mut end_tok = tok_range.end;
        while end_tok > tok_range.start + 1 && tokens[end_tok - 1].is_quote() {
            end_tok -= 1;
        }
        let last = (end_tok > tok_range.start).then(|| &tokens[end_tok - 1]);
        let heading = tok_range.len() <= 25
            && last.is_some_and(|t| {
                !matches!(t.kind, TokenKind::Punct('.' | ':' | '!' | '?' | ','))
                    && !t.has(Token::ABBREVIATION)
            });
        let body = dateline_end(&tokens, tok_range.clone());
        paragraphs.push(Paragraph {
            span,
            tokens: tok_range,
            sentences,
            kind,
            outlet,
            heading,
            body,
        });
        i += 1;
    }
    Segments {
        doc,
        tokens,
        paragraphs,
    }
}

/// Where a paragraph's text starts after a dateline: a paragraph opening
/// with an all-caps place name and a dash within its first tokens
/// (`WASHINGTON (AP) —`, `PORT SELMA, Valdoria —`).
fn dateline_end(tokens: &[Token], range: Range<usize>) -> usize {
    let Some(first) = tokens.get(range.start).filter(|_| !range.is_empty()) else {
        return range.start;
    };
    if !first.has(Token::ALL_CAPS) {
        return range.start;
    }
    (range.start..range.end.min(range.start + 14))
        .find(|&k| tokens[k].kind == TokenKind::Dash)
        .map_or(range.start, |k| k + 1)
}

/// Tokens of an inline chrome phrase starting at `k`, if one does
/// (`chrome`: each phrase of [`Lexicon::inline_chrome`] cut into words).
fn inline_chrome_at(
    tokens: &[Token],
    k: usize,
    end: usize,
    text: &str,
    chrome: &Chrome,
) -> Option<usize> {
    if !tokens[k].has(Token::CAPITALIZED) {
        return None;
    }
    // Called at every capitalized token: compare word by word, no allocation;
    // the fold key first (a capitalized token is a word, whose key is its
    // text's: a phrase whose first word's key differs starts with another
    // word), then the length and first byte (most words differ in them).
    let key = tokens[k].key;
    if !chrome.may_start(key) {
        return None;
    }
    let first = tokens[k].text(text);
    let differs = |w: &str| {
        w.len() != first.len() || w.as_bytes().first() != first.as_bytes().first() || w != first
    };
    chrome.phrases.iter().find_map(|phrase| {
        if phrase.first().is_some_and(|w| differs(w)) {
            return None;
        }
        let mut n = 0;
        for w in phrase {
            if k + n >= end || tokens[k + n].text(text) != *w {
                return None;
            }
            n += 1;
        }
        Some(n)
    })
}

/// [`Lexicon::inline_chrome`]'s phrases cut into words, once per document,
/// with a filter of their first words' fold keys.
struct Chrome<'l> {
    phrases: Vec<Vec<&'l str>>,
    /// Bit `key % 64` set for each phrase's first word's
    /// [`fold_key`](crate::parse::input::fold_key) (all bits for an empty phrase).
    first_keys: u64,
}

impl Chrome<'_> {
    /// Whether a phrase can start with a word whose fold key is `key`.
    #[inline]
    fn may_start(&self, key: u32) -> bool {
        self.first_keys >> (key % 64) & 1 != 0
    }
}

fn chrome_words(lex: &Lexicon) -> Chrome<'_> {
    let phrases: Vec<Vec<&str>> = lex
        .inline_chrome
        .iter()
        .map(|p| p.split_whitespace().collect())
        .collect();
    let first_keys = phrases.iter().fold(0u64, |bits, p| match p.first() {
        Some(w) => bits | 1 << (crate::parse::input::fold_key(w.as_bytes()) % 64),
        None => !0,
    });
    Chrome {
        phrases,
        first_keys,
    }
}

/// Split a paragraph's tokens into sentences.
///
/// A sentence ends at `.`, `!`, `?` or an ellipsis, plus any closing quote
/// marks or brackets glued to it, when the next token starts after a space
/// with a capital letter, a digit or an opening mark. Abbreviations carry
/// their period inside the word token, so "Sen. Lee" never splits.
pub fn split_sentences(
    tokens: &[Token],
    range: Range<usize>,
    text: &str,
    lex: &Lexicon,
) -> Vec<Range<usize>> {
    split_sentences_with(tokens, range, text, lex, &chrome_words(lex))
}

/// [`split_sentences`] with the chrome phrases' words read before.
fn split_sentences_with(
    tokens: &[Token],
    range: Range<usize>,
    text: &str,
    lex: &Lexicon,
    chrome: &Chrome,
) -> Vec<Range<usize>> {
    // (Room for the first sentences from the start: the vector's first
    // push would ask the allocator for as much, through more code.)
    let mut out = Vec::with_capacity(4);
    let mut start = range.start;
    let mut k = range.start;
    while k < range.end {
        // Most tokens are lower-case words and commas in mid-sentence: no
        // chrome phrase starts at them (it starts capitalized), they carry
        // no abbreviation's period and end no sentence. They are passed in
        // a tight loop.
        k += tokens[k..range.end]
            .iter()
            .take_while(|t| {
                t.flags & (Token::CAPITALIZED | Token::ABBREVIATION) == 0 && !ends_sentence(t.kind)
            })
            .count();
        if k >= range.end {
            break;
        }
        let t = &tokens[k];
        // Page chrome dropped into running text ("Advertisement", a photo
        // credit) ends the sentence before it and after it.
        if let Some(n) = inline_chrome_at(tokens, k, range.end, text, chrome) {
            if k > start {
                out.push(start..k);
            }
            out.push(k..k + n);
            start = k + n;
            k += n;
            continue;
        }
        // `... on X. "Mac and Linux hosts ..."`: a one-letter platform name
        // read as an initial still ends its sentence before a quotation.
        let platform_stop = t.has(Token::ABBREVIATION)
            && tokens
                .get(k + 1)
                .is_some_and(|n| k + 1 < range.end && n.is_quote() && n.has(Token::SPACE_BEFORE))
            && t.text(text).strip_suffix('.').is_some_and(|w| {
                lex.venue_names
                    .iter()
                    .any(|(words, _)| words.len() == 1 && words[0] == w)
            });
        if platform_stop {
            out.push(start..k + 1);
            start = k + 1;
            k += 1;
            continue;
        }
        if ends_sentence(t.kind) {
            let mut e = k + 1;
            while e < range.end
                && !tokens[e].has(Token::SPACE_BEFORE)
                && (tokens[e].is_quote()
                    || matches!(
                        tokens[e].kind,
                        TokenKind::Punct(')') | TokenKind::Punct(']')
                    ))
            {
                e += 1;
            }
            if e < range.end && tokens[e].has(Token::SPACE_BEFORE) {
                let n = &tokens[e];
                let first = n.text(text).chars().next().unwrap_or(' ');
                let opens =
                    n.is_quote() || matches!(n.kind, TokenKind::Punct('(') | TokenKind::Punct('['));
                // `... Ben Gurion Airport. ___ Melzer reported from ...`: a
                // wire story's rule of three or more underscores or
                // asterisks, flattened into the paragraph, is a sentence of
                // its own between two (an italic `_Times_` is no rule).
                let rule = |x: &Token| matches!(x.kind, TokenKind::Punct('_' | '*'));
                let mut j = e;
                while j < range.end && rule(&tokens[j]) {
                    j += 1;
                }
                if j - e >= 3 {
                    out.push(start..e);
                    out.push(e..j);
                    start = j;
                    k = j;
                    continue;
                }
                if first.is_uppercase() || first.is_ascii_digit() || opens {
                    out.push(start..e);
                    start = e;
                }
            }
            k = e;
            continue;
        }
        k += 1;
    }
    if start < range.end || out.is_empty() {
        out.push(start..range.end);
    }
    // No sentence is longer than MAX_SENTENCE tokens: a longer run (a page
    // with no punctuation, hostile input) is cut, so that every scan inside
    // a sentence stays bounded and the whole pipeline linear.
    if out.iter().any(|r| r.len() > MAX_SENTENCE) {
        out = out
            .into_iter()
            .flat_map(|r| {
                let starts: Vec<usize> = (r.start..r.end).step_by(MAX_SENTENCE).collect();
                starts
                    .into_iter()
                    .map(move |a| a..(a + MAX_SENTENCE).min(r.end))
            })
            .collect();
    }
    out
}

/// A token that can end a sentence: `.`, `!`, `?` or an ellipsis.
#[inline]
fn ends_sentence(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Punct('.') | TokenKind::Punct('!') | TokenKind::Punct('?') | TokenKind::Ellipsis
    )
}

/// Longest sentence, in tokens, the segmenter keeps whole.
pub const MAX_SENTENCE: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let doc = Document::new("t", None, text);
        let seg = segment(&doc, &lex);
        let p = &seg.paragraphs[0];
        p.sentences
            .iter()
            .map(|r| text[seg.tokens[r.start].start..seg.tokens[r.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        let s = sentences(
            "Sen. Ann Lee of the U.S. met George W. Talbot at 9 a.m. on Jan. 3. Then they left.",
        );
        assert_eq!(
            s,
            [
                "Sen. Ann Lee of the U.S. met George W. Talbot at 9 a.m. on Jan. 3.",
                "Then they left."
            ]
        );
    }

    #[test]
    fn a_rule_of_underscores_stands_between_two_sentences() {
        let s = sentences(
            "The rebels said they had hit the airport. ___ Lind reported from Oslo. *** More later. _Dagbladet_ had it first.",
        );
        assert_eq!(
            s,
            [
                "The rebels said they had hit the airport.",
                "___",
                "Lind reported from Oslo.",
                "***",
                "More later. _Dagbladet_ had it first."
            ]
        );
    }

    #[test]
    fn quote_ending_a_sentence_splits_after_the_mark() {
        let s = sentences("\"We are ready.\" Then the talks began. \"Are you?\" he asked.");
        assert_eq!(
            s,
            [
                "\"We are ready.\"",
                "Then the talks began.",
                "\"Are you?\" he asked."
            ]
        );
    }

    #[test]
    fn blurbs_are_credited_to_their_outlet() {
        let text = "Main text here.\nRelated Articles\nHarbor Times\n15 minutes ago\n- Harbor Times\nHeadline\nBody says things.\n";
        let lex = Lexicon::builtin();
        let doc = Document::new("t", Some("Host"), text);
        let seg = segment(&doc, &lex);
        let kinds: Vec<_> = seg
            .paragraphs
            .iter()
            .map(|p| (p.kind, p.outlet.clone()))
            .collect();
        assert_eq!(kinds[0], (SegmentKind::Main, Some("Host".into())));
        assert_eq!(kinds[1].0, SegmentKind::Boilerplate);
        assert_eq!(kinds[2].0, SegmentKind::Boilerplate);
        assert_eq!(kinds[4].0, SegmentKind::Boilerplate);
        assert_eq!(
            kinds[5],
            (SegmentKind::Related, Some("Harbor Times".into()))
        );
        assert_eq!(
            kinds[6],
            (SegmentKind::Related, Some("Harbor Times".into()))
        );
    }

    #[test]
    fn time_ago_lines() {
        assert!(is_time_ago("15 minutes ago"));
        assert!(is_time_ago("a few seconds ago"));
        assert!(!is_time_ago("years ago"));
        assert!(is_time_ago(" 2 HOURS AGO\t"));
        assert!(is_time_ago("Just now"));
        assert!(!is_time_ago("He came home 2 hours ago."));
    }
}
