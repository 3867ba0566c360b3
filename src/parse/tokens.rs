//! Tokens: words, numbers, punctuation and quote marks, each with its byte span.
//!
//! Tokenizing happens once per paragraph; every later parser works on the
//! token slice. Apostrophes inside words ("we're", "O'Brien") and the
//! possessive `'s` are decided here, so they never reach the quote pairing.
//! A plural possessive (`allies'`) is ambiguous at this level and is kept as
//! a quote-mark token flagged [`Token::MAYBE_APOSTROPHE`]; pairing decides.

use crate::lexicon::{Lexicon, WordInfo};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// `'s` / `’s` after a word.
    Possessive,
    /// One quotation-mark character.
    Quote(char),
    /// An em or en dash, or a hyphen standing between spaces.
    Dash,
    /// `...` or `…`.
    Ellipsis,
    /// Any other punctuation character.
    Punct(char),
}

/// One token of a paragraph.
#[derive(Clone, Copy, Debug)]
pub struct Token<'l> {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub flags: u16,
    /// What the grammar knows about this word (lower-cased lookup).
    pub info: Option<&'l WordInfo>,
    /// A word's [`fold_key`](super::input::fold_key), for closed word lists
    /// ([`WordList`](super::input::WordList)); 0 for other tokens.
    pub key: u32,
}

impl<'l> Token<'l> {
    /// Whitespace (or the paragraph start) right before the token.
    pub const SPACE_BEFORE: u16 = 1;
    /// Whitespace (or the paragraph end) right after the token.
    pub const SPACE_AFTER: u16 = 2;
    /// A word whose first letter is upper case.
    pub const CAPITALIZED: u16 = 4;
    /// A word with no lower-case letters and at least two letters.
    pub const ALL_CAPS: u16 = 8;
    /// A word that carries its abbreviation period ("Sen.", "U.S.", "W.").
    pub const ABBREVIATION: u16 = 16;
    /// A `'`/`’` right after an `s` and before a space: maybe `allies'`.
    pub const MAYBE_APOSTROPHE: u16 = 32;
    /// A whole cue form starts here (`talks about`, not `talks` alone).
    pub const CUE: u16 = 64;

    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
    pub fn text<'t>(&self, src: &'t str) -> &'t str {
        &src[self.start..self.end]
    }
    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word)
    }
    pub fn is_quote(&self) -> bool {
        matches!(self.kind, TokenKind::Quote(_))
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }
    pub fn is_title(&self) -> bool {
        self.info.is_some_and(|i| i.title)
    }
    pub fn is_group(&self) -> bool {
        self.info.is_some_and(|i| i.group)
    }
    pub fn is_pronoun(&self) -> bool {
        self.info.is_some_and(|i| i.pronoun.is_some())
    }
    pub fn starts_cue(&self) -> bool {
        self.has(Token::CUE)
    }
    /// One of the cue forms this word begins allows frame `f`.
    pub fn cue_allows(&self, lex: &Lexicon, f: crate::lexicon::Frames) -> bool {
        self.info
            .is_some_and(|i| i.cues.iter().any(|&e| lex.cues[e as usize].frames.has(f)))
    }
}

/// All quote-mark characters the tokenizer recognises.
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201E}'
            | '\u{201A}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{201F}'
            | '\u{201B}'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    // Curly quotes, dashes and ellipses (General Punctuation, U+2000 to
    // U+206F) are the common non-ASCII characters of news text, and none
    // is a letter or a digit: answered here without the Unicode tables'
    // slow search (see the test `general_punctuation_is_no_word_char`).
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric() || matches!(c, '\u{00AD}' | '\u{0301}' | '\u{0308}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2014}' | '\u{2013}' | '\u{2012}' | '\u{2015}')
}

/// Lower-case a word into `buf` and look it up.
fn lookup<'l>(lex: &'l Lexicon, word: &str, buf: &mut String) -> Option<&'l WordInfo> {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
        // Curly apostrophes look the same to a reader; key on the straight one.
        if buf.contains('\u{2019}') {
            *buf = buf.replace('\u{2019}', "'");
        }
    }
    let key = buf.trim_end_matches('.');
    lex.word(key)
}

/// Byte classes of ASCII, for the tokenizer's byte-at-a-time paths.
const ALNUM: u8 = 1;
const LOWER: u8 = 2;
const ALPHA: u8 = 4;
/// A digit, `.` or `,`: what a number is made of.
const NUMERIC: u8 = 8;
/// `'`, `-`, `.`, `,`, `&`: a byte that may join two parts of a word.
const JOINER: u8 = 16;
/// An ASCII capital: the bit that lower-cases it (`b | (class & UPPER)`).
const UPPER: u8 = 32;
/// Not ASCII.
const HIGH: u8 = 64;
/// Whitespace as `char::is_whitespace` sees ASCII.
const SPACE: u8 = 128;

const _: () = assert!(UPPER == b'a' - b'A');

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut k = 0;
        if c.is_ascii_alphanumeric() {
            k |= ALNUM;
        }
        if c.is_ascii_lowercase() {
            k |= LOWER;
        }
        if c.is_ascii_alphabetic() {
            k |= ALPHA;
        }
        if c.is_ascii_digit() || c == b'.' || c == b',' {
            k |= NUMERIC;
        }
        if matches!(c, b'\'' | b'-' | b'.' | b',' | b'&') {
            k |= JOINER;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            k |= SPACE;
        }
        if c >= 0x80 {
            k |= HIGH;
        }
        if c.is_ascii_uppercase() {
            k |= UPPER;
        }
        t[b] = k;
        b += 1;
    }
    t
};

/// Each ASCII letter or digit lower-cased, 0 for every other byte: in
/// [`plain_word`]'s loop one table read both ends the run and gives the
/// byte [`fold_key`](super::input::fold_key) hashes.
const FOLDED: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// Longest word the ASCII fast path of [`word_facts`] reads.
const SHORT_WORD: usize = 48;

/// What the tokenizer records about a word token: its flags (capitals),
/// whether it is a number, its lexicon entry and its fold key.
struct WordFacts<'l> {
    all_caps: bool,
    number: bool,
    info: Option<&'l WordInfo>,
    key: u32,
}

/// [`WordFacts`] of `word` (its first character `c`), in one pass over
/// an ASCII word's bytes: lower case for the lexicon, the fold key, and
/// the classes the flags need. Other words take the general path.
#[inline]
fn word_facts<'l>(
    lex: &'l Lexicon,
    word: &str,
    numeric_start: bool,
    buf: &mut String,
) -> WordFacts<'l> {
    let wb = word.as_bytes();
    if wb.len() <= SHORT_WORD {
        let mut low = [0u8; SHORT_WORD];
        let mut any = 0u8;
        let mut all = !0u8;
        // fold_key, over the lower-cased bytes.
        let mut h: u32 = 0x811c_9dc5;
        for (k, &b) in wb.iter().enumerate() {
            let cls = CLASS[b as usize];
            any |= cls;
            all &= cls;
            let l = b.to_ascii_lowercase();
            low[k] = l;
            h = (h ^ l as u32).wrapping_mul(0x0100_0193);
        }
        if any & HIGH == 0 {
            let all_caps =
                any & LOWER == 0 && wb.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2;
            let number = numeric_start && all & NUMERIC != 0;
            let info = if number {
                None
            } else {
                let mut n = wb.len();
                while n > 0 && low[n - 1] == b'.' {
                    n -= 1;
                }
                // (`h` is the whole word's: hash again only without its
                // periods.)
                let fold = if n == wb.len() {
                    h
                } else {
                    super::input::fold_key(&low[..n])
                };
                lex.word_folded_bytes(&wb[..n], fold)
            };
            return WordFacts {
                all_caps,
                number,
                info,
                key: if number { 0 } else { h },
            };
        }
    }
    let all_caps = if word.is_ascii() {
        !wb.iter().any(u8::is_ascii_lowercase)
            && wb.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2
    } else {
        !word.chars().any(char::is_lowercase)
            && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
    };
    let number = numeric_start
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let (info, key) = if number {
        (None, 0)
    } else {
        (lookup(lex, word, buf), super::input::fold_key(wb))
    };
    WordFacts {
        all_caps,
        number,
        info,
        key,
    }
}

/// The common word, read in one pass: a run of ASCII letters and digits
/// starting with one, ending where no joiner follows (a space, most
/// punctuation, or a `,` or `.` that cannot join it), maybe with the period
/// of an abbreviation. `None` for any other token, which the general path
/// reads; `Some` only where that path would give the same token.
#[inline]
fn plain_word<'l>(
    s: &str,
    start: usize,
    tok_start: usize,
    mut flags: u16,
    lex: &'l Lexicon,
) -> Option<Token<'l>> {
    let bytes = s.as_bytes();
    let b0 = bytes[tok_start];
    let c0 = CLASS[b0 as usize];
    if c0 & ALNUM == 0 {
        return None;
    }
    let numeric_start = c0 & ALPHA == 0;
    // fold_key over the lower-cased bytes. (The cases and digits are asked
    // of the run after it: most words answer at their first bytes.)
    let mut h: u32 = 0x811c_9dc5;
    let mut k = tok_start;
    for &b in &bytes[tok_start..] {
        let l = FOLDED[b as usize];
        if l == 0 {
            break;
        }
        h = (h ^ l as u32).wrapping_mul(0x0100_0193);
        k += 1;
    }
    let run_end = k;
    let run = &bytes[tok_start..run_end];
    match bytes.get(k) {
        None => {}
        Some(&b) if CLASS[b as usize] & (HIGH | JOINER) == 0 => {}
        // (The general path: `','` joins digits, `'.'` digits and single
        // letters.)
        Some(b',') if !numeric_start => {}
        Some(b'.') if !numeric_start && run_end - tok_start > 1 => {}
        _ => return None,
    }
    // (The word's key, before an abbreviation's period joins the token's.)
    let word_key = h;
    if bytes.get(k) == Some(&b'.') {
        // The word holds no period: never dotted; an initial is one capital.
        let initial = run_end - tok_start == 1 && c0 & UPPER != 0;
        if initial || lex_abbrev(lex, &s[tok_start..run_end]) {
            k += 1;
            flags |= Token::ABBREVIATION;
            h = (h ^ b'.' as u32).wrapping_mul(0x0100_0193);
        }
    }
    if c0 & UPPER != 0 {
        flags |= Token::CAPITALIZED;
    }
    // A word starting in lower case (most) is neither in capitals nor a
    // number; the others ask the run. (An abbreviation's period is no
    // letter: the run's letters are the token's.)
    let mut number = false;
    if c0 & LOWER == 0 {
        if !run.iter().any(u8::is_ascii_lowercase)
            && run.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2
        {
            flags |= Token::ALL_CAPS;
        }
        // A run of digits (a period after one sends it to the general path).
        number = numeric_start && !run.iter().any(u8::is_ascii_alphabetic);
    }
    let (kind, info, key) = if number {
        (TokenKind::Number, None, 0)
    } else {
        (TokenKind::Word, lex.word_folded_bytes(run, word_key), h)
    };
    Some(Token {
        start: start + tok_start,
        end: start + k,
        kind,
        flags,
        info,
        key,
    })
}

/// The end of a word that starts at `tok_start` with `c` (`numeric_start`
/// when `c` is a digit): letters and digits, joined by inner apostrophes,
/// hyphens and the periods of dotted abbreviations ("U.S.").
#[inline]
fn word_end(s: &str, tok_start: usize, c: char, numeric_start: bool) -> usize {
    let bytes = s.as_bytes();
    let mut tok_end = tok_start + c.len_utf8();
    loop {
        // ASCII letters and digits, a run at a time.
        while tok_end < bytes.len() && CLASS[bytes[tok_end] as usize] & ALNUM != 0 {
            tok_end += 1;
        }
        // Most words end at a space or a plain punctuation mark: an
        // ASCII byte that is no letter, digit or joiner ends the word
        // without decoding what follows.
        match bytes.get(tok_end) {
            None => break,
            Some(&b) if CLASS[b as usize] & (HIGH | JOINER) == 0 => break,
            _ => {}
        }
        let rest = &s[tok_end..];
        let mut chars = rest.chars();
        let Some(n) = chars.next() else { break };
        if is_word_char(n) {
            tok_end += n.len_utf8();
            continue;
        }
        let after = chars.next();
        let joins = match n {
            '\'' | '\u{2019}' => {
                // `'s` followed by a non-letter is a possessive token of its own.
                let is_poss = matches!(after, Some('s') | Some('S'))
                    && !rest[n.len_utf8() + 1..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char);
                !is_poss && after.is_some_and(char::is_alphabetic)
            }
            '-' | '\u{2010}' | '\u{2011}' => after.is_some_and(is_word_char),
            '.' if numeric_start => after.is_some_and(|a| a.is_ascii_digit()),
            ',' if numeric_start => {
                // 1,000,000: a comma followed by exactly three digits.
                let d = &rest.as_bytes()[1..];
                d.len() >= 3
                    && d[..3].iter().all(u8::is_ascii_digit)
                    && !d.get(3).is_some_and(u8::is_ascii_digit)
            }
            '.' => {
                // Dotted abbreviation: U.S. / a.m. (single letters between periods).
                let word = &s[tok_start..tok_end];
                let last_seg = word.rsplit('.').next().unwrap_or(word);
                last_seg.chars().count() == 1 && after.is_some_and(char::is_alphabetic) && {
                    let mut r = rest[1..].chars();
                    r.next();
                    matches!(r.next(), Some('.'))
                }
            }
            '&' => {
                after.is_some_and(|a| a.is_uppercase())
                    && s[tok_start..tok_end].chars().all(char::is_uppercase)
            }
            _ => false,
        };
        if !joins {
            break;
        }
        tok_end += n.len_utf8();
    }
    tok_end
}

/// Tokenize `text[range]` (one paragraph), appending to `out`.
pub fn tokenize<'l>(
    text: &str,
    start: usize,
    end: usize,
    lex: &'l Lexicon,
    out: &mut Vec<Token<'l>>,
) {
    let s = &text[start..end];
    let mut buf = String::new();
    let bytes = s.as_bytes();
    let mut space = true;
    let first = out.len();
    // `i` walks the paragraph; every token ends by moving it to `tok_end`
    // or past the space after it (no second pass over the token's
    // characters).
    let mut i = 0;
    while i < s.len() {
        let cls = CLASS[bytes[i] as usize];
        if cls & SPACE != 0 {
            space = true;
            i += 1;
            continue;
        }
        let mut flags = if space { Token::SPACE_BEFORE } else { 0 };
        // The common word first, from its first byte: nothing the other
        // tokens need is worked out for it.
        if cls & ALNUM != 0 {
            if let Some(t) = plain_word(s, start, i, flags, lex) {
                space = false;
                i = push(out, t, s, start, &mut space);
                continue;
            }
        }
        let c = if cls & HIGH == 0 {
            bytes[i] as char
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                space = true;
                i += c.len_utf8();
                continue;
            }
            c
        };
        let tok_start = i;
        let mut tok_end = i + c.len_utf8();
        space = false;
        let kind;
        if is_word_char(c) || (is_apostrophe(c) && decade_after(&s[tok_end..])) {
            let numeric_start = c.is_ascii_digit();
            tok_end = word_end(s, tok_start, c, numeric_start);
            // Take the period of an abbreviation or an initial.
            if bytes.get(tok_end) == Some(&b'.') {
                let word = &s[tok_start..tok_end];
                // `U.S.` is dotted; `3.5` (no letters) is a number whose next period ends a sentence.
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let dotted = word.contains('.') && (1..=4).contains(&letters);
                let initial = word.chars().count() == 1 && c.is_uppercase();
                if dotted || initial || lex_abbrev(lex, word) {
                    tok_end += 1;
                    flags |= Token::ABBREVIATION;
                }
            }
            let word = &s[tok_start..tok_end];
            if c.is_uppercase() {
                flags |= Token::CAPITALIZED;
            }
            let facts = word_facts(lex, word, numeric_start, &mut buf);
            if facts.all_caps {
                flags |= Token::ALL_CAPS;
            }
            i = push(
                out,
                Token {
                    start: start + tok_start,
                    end: start + tok_end,
                    kind: if facts.number {
                        TokenKind::Number
                    } else {
                        TokenKind::Word
                    },
                    flags,
                    info: facts.info,
                    key: facts.key,
                },
                s,
                start,
                &mut space,
            );
            continue;
        }
        // A possessive `'s` glued to the word before it (some pages print
        // it with a straight double mark: `CrowdStrike"s CEO`).
        // (Asked of a double mark only.)
        let glued_to_word = || {
            out.len() > first
                && out
                    .last()
                    .is_some_and(|p| p.is_word() && p.end == start + tok_start)
        };
        if (is_apostrophe(c) || c == '"' && glued_to_word())
            && !flags_has(flags, Token::SPACE_BEFORE)
        {
            let rest = &s[tok_end..];
            let mut r = rest.chars();
            if matches!(r.next(), Some('s') | Some('S'))
                && !r.next().is_some_and(is_word_char)
                && out.len() > first
            {
                tok_end += 1;
                i = push(
                    out,
                    Token {
                        start: start + tok_start,
                        end: start + tok_end,
                        kind: TokenKind::Possessive,
                        flags,
                        info: None,
                        key: 0,
                    },
                    s,
                    start,
                    &mut space,
                );
                continue;
            }
        }
        if (c == '\'' || c == '\u{2019}' || c == '\u{2018}') && s[tok_end..].starts_with(c) {
            // `''` (NYT style) or `‘‘`: two single marks written for one double mark.
            tok_end += c.len_utf8();
            kind = TokenKind::Quote('"');
        } else if is_quote_char(c) {
            kind = TokenKind::Quote(c);
            if is_apostrophe(c) {
                let prev_s =
                    s[..tok_start].ends_with(['s', 'S']) && !flags_has(flags, Token::SPACE_BEFORE);
                let next_space = s[tok_end..]
                    .chars()
                    .next()
                    .is_none_or(|n| n.is_whitespace());
                if prev_s && next_space {
                    flags |= Token::MAYBE_APOSTROPHE;
                }
            }
        } else if is_dash(c) {
            kind = TokenKind::Dash;
        } else if c == '-'
            && (flags_has(flags, Token::SPACE_BEFORE) || s[tok_end..].starts_with('-'))
        {
            while s[tok_end..].starts_with('-') {
                tok_end += 1;
            }
            kind = TokenKind::Dash;
        } else if c == '\u{2026}' {
            kind = TokenKind::Ellipsis;
        } else if c == '.' && s[tok_end..].starts_with("..") {
            while s[tok_end..].starts_with('.') {
                tok_end += 1;
            }
            kind = TokenKind::Ellipsis;
        } else {
            kind = TokenKind::Punct(c);
        }
        i = push(
            out,
            Token {
                start: start + tok_start,
                end: start + tok_end,
                kind,
                flags,
                info: None,
                key: 0,
            },
            s,
            start,
            &mut space,
        );
    }
    // A cue form of several words (`talks about`, `according to`) starts
    // here only if all its words follow.
    for k in first..out.len() {
        let Some(info) = out[k].info else { continue };
        if info.cues.is_empty() {
            continue;
        }
        let whole = info.cues.iter().any(|&e| {
            let words = &lex.cues[e as usize].words;
            k + words.len() <= out.len()
                && words.iter().enumerate().all(|(j, w)| {
                    let tk = &out[k + j];
                    tk.is_word() && eq_ignore_ascii_case(&text.as_bytes()[tk.start..tk.end], w)
                })
        });
        if whole {
            out[k].flags |= Token::CUE;
        }
    }
}

/// Push `t`, a token of paragraph `s` (which starts at `start` in the
/// text), with its SPACE_AFTER: whitespace follows it (every character
/// that is no whitespace is in a token, so this is the next token's
/// SPACE_BEFORE), or the paragraph ends. Read from the byte after the
/// token as it is pushed, no going back to the token before. Returns where
/// the next token may start, past one ASCII whitespace byte (the common
/// single space), setting `space` for it. (Inlined: outlined, the call
/// costs more than the work.)
#[inline(always)]
fn push<'l>(
    out: &mut Vec<Token<'l>>,
    mut t: Token<'l>,
    s: &str,
    start: usize,
    space: &mut bool,
) -> usize {
    let mut next = t.end - start;
    match s.as_bytes().get(next) {
        None => t.flags |= Token::SPACE_AFTER,
        Some(&b) if CLASS[b as usize] & SPACE != 0 => {
            t.flags |= Token::SPACE_AFTER;
            *space = true;
            next += 1;
        }
        Some(&b) if b >= 0x80 => {
            if s[next..].chars().next().is_some_and(char::is_whitespace) {
                t.flags |= Token::SPACE_AFTER;
            }
        }
        Some(_) => {}
    }
    out.push(t);
    next
}

/// `a.eq_ignore_ascii_case(b)`, answering a pair of equal bytes (most:
/// a text's word in lower case against a lexicon's) without lowering
/// either.
fn eq_ignore_ascii_case(a: &[u8], b: &str) -> bool {
    let b = b.as_bytes();
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(&x, &y)| x == y || x.to_ascii_lowercase() == y.to_ascii_lowercase())
}

fn flags_has(flags: u16, f: u16) -> bool {
    flags & f != 0
}

fn lex_abbrev(lex: &Lexicon, word: &str) -> bool {
    lex.abbreviations.contains(word)
}

/// `'90s`: an apostrophe standing for a century.
fn decade_after(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b's'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, TokenKind)> {
        let lex = Lexicon::builtin();
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &lex, &mut out);
        out.iter()
            .map(|t| (t.text(text).to_string(), t.kind))
            .collect()
    }

    #[test]
    fn apostrophes_stay_in_words() {
        let k = kinds("we're O'Brien don’t");
        assert_eq!(
            k.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            ["we're", "O'Brien", "don’t"]
        );
    }

    #[test]
    fn possessive_is_its_own_token() {
        let k = kinds("Russia's CNN’s");
        assert_eq!(k[1], ("'s".to_string(), TokenKind::Possessive));
        assert_eq!(k[3], ("’s".to_string(), TokenKind::Possessive));
    }

    #[test]
    fn plural_possessive_is_flagged() {
        let lex = Lexicon::builtin();
        let text = "the allies' meeting";
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &lex, &mut out);
        assert!(out[2].has(Token::MAYBE_APOSTROPHE));
    }

    #[test]
    fn abbreviations_keep_their_period() {
        let k = kinds("Sen. Ann Lee of the U.S. and George W. Talbot");
        let words: Vec<&str> = k.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            words,
            [
                "Sen.", "Ann", "Lee", "of", "the", "U.S.", "and", "George", "W.", "Talbot"
            ]
        );
    }

    #[test]
    fn doubled_apostrophes_are_one_double_mark() {
        let k = kinds("''Yes,'' he said.");
        assert_eq!(k[0], ("''".to_string(), TokenKind::Quote('"')));
        assert_eq!(k[3], ("''".to_string(), TokenKind::Quote('"')));
    }

    #[test]
    fn word_keys_are_their_texts_fold_keys() {
        // Words of odd and even lengths, inside the text and at its end.
        let lex = Lexicon::builtin();
        for text in [
            "a",
            "ab",
            "abc",
            "Said",
            "SAID x",
            "He said, Ab abC ABCD abcde.",
            "x Sen. Lee of the U.S. met 12 Abcdefg",
            "Abcdef",
        ] {
            let mut out = Vec::new();
            tokenize(text, 0, text.len(), &lex, &mut out);
            for t in out.iter().filter(|t| t.is_word()) {
                assert_eq!(
                    t.key,
                    super::super::input::fold_key(t.text(text).as_bytes()),
                    "{text:?}: {:?}",
                    t.text(text)
                );
            }
        }
    }

    #[test]
    fn general_punctuation_is_no_word_char() {
        // What `is_word_char`'s shortcut relies on.
        for c in ('\u{2000}'..='\u{206F}').chain(['\u{201C}', '\u{2019}', '\u{2014}']) {
            assert!(!c.is_alphanumeric(), "{c:?}");
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn numbers_and_decades() {
        let k = kinds("1,000 people in the '90s paid 3.5 percent");
        assert_eq!(k[0], ("1,000".to_string(), TokenKind::Number));
        assert_eq!(k[4].0, "'90s");
        assert_eq!(k[6], ("3.5".to_string(), TokenKind::Number));
    }

    #[test]
    fn quote_marks_and_dashes() {
        let k = kinds("\u{201C}Yes,\u{201D} he said \u{2014} 'no' -- fine...");
        assert_eq!(k[0].1, TokenKind::Quote('\u{201C}'));
        assert_eq!(k[3].1, TokenKind::Quote('\u{201D}'));
        assert_eq!(k[6].1, TokenKind::Dash);
        assert_eq!(k[7].1, TokenKind::Quote('\''));
        assert_eq!(k[10].1, TokenKind::Dash);
        assert_eq!(k[12].1, TokenKind::Ellipsis);
    }
}
