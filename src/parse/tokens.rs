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
    // (no second pass over the token's characters).
    let mut i = 0;
    while i < s.len() {
        let c = if bytes[i] < 0x80 {
            bytes[i] as char
        } else {
            s[i..].chars().next().unwrap_or(' ')
        };
        if c.is_whitespace() {
            space = true;
            if out.len() > first {
                if let Some(last) = out.last_mut() {
                    last.flags |= Token::SPACE_AFTER;
                }
            }
            i += c.len_utf8();
            continue;
        }
        let tok_start = i;
        let mut tok_end = i + c.len_utf8();
        let mut flags = if space { Token::SPACE_BEFORE } else { 0 };
        space = false;
        let kind;
        if is_word_char(c) || (is_apostrophe(c) && decade_after(&s[tok_end..])) {
            // A word: letters and digits, joined by inner apostrophes, hyphens
            // and the periods of dotted abbreviations ("U.S.").
            let numeric_start = c.is_ascii_digit();
            loop {
                // ASCII letters and digits, a run at a time.
                let run = bytes[tok_end..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if run > 0 {
                    tok_end += run;
                    continue;
                }
                // Most words end at a space or a plain punctuation mark: an
                // ASCII byte that is no letter, digit or joiner ends the word
                // without decoding what follows.
                match bytes.get(tok_end) {
                    None => break,
                    Some(&b) if b < 0x80 && !matches!(b, b'\'' | b'-' | b'.' | b',' | b'&') => {
                        break;
                    }
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
                        let d: Vec<char> = rest[1..].chars().take(4).collect();
                        d.len() >= 3
                            && d[..3].iter().all(|x| x.is_ascii_digit())
                            && !d.get(3).is_some_and(|x| x.is_ascii_digit())
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
            let word = &s[tok_start..tok_end];
            // Take the period of an abbreviation or an initial.
            if s[tok_end..].starts_with('.') {
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
            let all_caps = if word.is_ascii() {
                let w = word.as_bytes();
                !w.iter().any(u8::is_ascii_lowercase)
                    && w.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2
            } else {
                !word.chars().any(char::is_lowercase)
                    && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            };
            if all_caps {
                flags |= Token::ALL_CAPS;
            }
            kind = if numeric_start
                && word
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            i = tok_end;
            let (info, key) = if kind == TokenKind::Word {
                (
                    lookup(lex, word, &mut buf),
                    super::input::fold_key(word.as_bytes()),
                )
            } else {
                (None, 0)
            };
            out.push(Token {
                start: start + tok_start,
                end: start + tok_end,
                kind,
                flags,
                info,
                key,
            });
            continue;
        }
        // A possessive `'s` glued to the word before it (some pages print
        // it with a straight double mark: `CrowdStrike"s CEO`).
        let glued_to_word = out.len() > first
            && out
                .last()
                .is_some_and(|p| p.is_word() && p.end == start + tok_start);
        if (is_apostrophe(c) || c == '"' && glued_to_word) && !flags_has(flags, Token::SPACE_BEFORE)
        {
            let rest = &s[tok_end..];
            let mut r = rest.chars();
            if matches!(r.next(), Some('s') | Some('S'))
                && !r.next().is_some_and(is_word_char)
                && out.len() > first
            {
                tok_end += 1;
                i = tok_end;
                out.push(Token {
                    start: start + tok_start,
                    end: start + tok_end,
                    kind: TokenKind::Possessive,
                    flags,
                    info: None,
                    key: 0,
                });
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
        i = tok_end;
        out.push(Token {
            start: start + tok_start,
            end: start + tok_end,
            kind,
            flags,
            info: None,
            key: 0,
        });
    }
    if out.len() > first {
        if let Some(last) = out.last_mut() {
            last.flags |= Token::SPACE_AFTER;
        }
    }
    // A cue form of several words (`talks about`, `according to`) starts
    // here only if all its words follow.
    for k in first..out.len() {
        let Some(info) = out[k].info else { continue };
        let whole = info.cues.iter().any(|&e| {
            let words = &lex.cues[e as usize].words;
            k + words.len() <= out.len()
                && words.iter().enumerate().all(|(j, w)| {
                    let tk = &out[k + j];
                    tk.is_word() && tk.text(text).eq_ignore_ascii_case(w)
                })
        });
        if whole {
            out[k].flags |= Token::CUE;
        }
    }
    // SPACE_AFTER for tokens followed directly by whitespace was set above;
    // derive it for tokens followed by another token's leading space too.
    for k in first..out.len().saturating_sub(1) {
        if out[k + 1].has(Token::SPACE_BEFORE) {
            out[k].flags |= Token::SPACE_AFTER;
        }
    }
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
