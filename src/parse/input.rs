//! A token slice as nom input, and the small token matchers every grammar uses.
//!
//! [`Toks`] is a window `[pos, end)` over a paragraph's tokens that still sees
//! the whole paragraph, so a matcher can look at a token's neighbours (was the
//! mark glued to a word on its left?) and every result is a global token index.

use std::iter::Copied;
use std::iter::Enumerate;
use std::slice::Iter;

use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Input, Needed, Parser};

use super::tokens::{Token, TokenKind};
use crate::lexicon::Lexicon;

/// Token window: `all[pos..end]` is the input; indices are into `all`.
#[derive(Clone, Copy, Debug)]
pub struct Toks<'a, 'l> {
    pub all: &'a [Token<'l>],
    pub pos: usize,
    pub end: usize,
}

impl<'a, 'l> Toks<'a, 'l> {
    pub fn new(all: &'a [Token<'l>], pos: usize, end: usize) -> Self {
        debug_assert!(pos <= end && end <= all.len());
        Toks { all, pos, end }
    }
    pub fn first(&self) -> Option<&'a Token<'l>> {
        (self.pos < self.end).then(|| &self.all[self.pos])
    }
    /// The token `n` places into the window, if the window reaches it.
    pub fn get(&self, n: usize) -> Option<&'a Token<'l>> {
        (self.pos + n < self.end).then(|| &self.all[self.pos + n])
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.end
    }
}

impl<'a, 'l> Input for Toks<'a, 'l> {
    type Item = Token<'l>;
    type Iter = Copied<Iter<'a, Token<'l>>>;
    type IterIndices = Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.end - self.pos
    }
    fn take(&self, index: usize) -> Self {
        Toks {
            end: self.pos + index,
            ..*self
        }
    }
    fn take_from(&self, index: usize) -> Self {
        Toks {
            pos: self.pos + index,
            ..*self
        }
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }
    fn position<P: Fn(Self::Item) -> bool>(&self, predicate: P) -> Option<usize> {
        self.all[self.pos..self.end]
            .iter()
            .position(|t| predicate(*t))
    }
    fn iter_elements(&self) -> Self::Iter {
        self.all[self.pos..self.end].iter().copied()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.input_len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.input_len()))
        }
    }
}

/// Parse result over tokens.
pub type PResult<'a, 'l, O> = IResult<Toks<'a, 'l>, O>;

/// What the grammars need besides the tokens: the source text and the lexicon.
#[derive(Clone, Copy)]
pub struct Cx<'t, 'l> {
    pub text: &'t str,
    pub lex: &'l Lexicon,
}

pub fn fail<'a, 'l, O>(i: Toks<'a, 'l>) -> PResult<'a, 'l, O> {
    Err(nom::Err::Error(nom::error::Error::from_error_kind(
        i,
        ErrorKind::Verify,
    )))
}

/// One token satisfying `pred`; yields its global index.
pub fn tok<'a, 'l: 'a>(
    pred: impl Fn(&Token<'l>) -> bool,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    move |i: Toks<'a, 'l>| match i.first() {
        Some(t) if pred(t) => Ok((i.take_from(1), i.pos)),
        _ => fail(i),
    }
}

/// `w` is one of `words`, ASCII case ignored (as `eq_ignore_ascii_case`),
/// checking length and first byte before the rest: for short lists.
#[inline(always)]
pub fn in_list(w: &str, words: &[&str]) -> bool {
    let wb = w.as_bytes();
    let Some(&b0) = wb.first() else {
        return words.iter().any(|x| x.is_empty());
    };
    let b0 = b0.to_ascii_lowercase();
    words.iter().any(|x| {
        let xb = x.as_bytes();
        xb.len() == wb.len() && xb[0].to_ascii_lowercase() == b0 && wb.eq_ignore_ascii_case(xb)
    })
}

/// A word's key for [`WordList`]: FNV-1a over its bytes, ASCII letters
/// lower-cased (so equal keys for words equal under `eq_ignore_ascii_case`).
/// The tokenizer stores it on every word token ([`Token::key`]).
#[inline]
pub const fn fold_key(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < b.len() {
        h = (h ^ b[i].to_ascii_lowercase() as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

/// A closed word list with its hash table built at compile time: whether a
/// word is in it costs a probe or two (by the word's [`fold_key`]) and one
/// comparison, however long the list. It derefs to the words.
///
/// ```
/// use quotegraph::parse::input::{WordList, fold_key};
/// const DAYS: &WordList<8> = &WordList::new(&["monday", "tuesday"]);
/// assert!(DAYS.contains_word("Monday", fold_key(b"Monday")));
/// assert!(!DAYS.contains_word("May", fold_key(b"May")));
/// assert_eq!(DAYS.len(), 2);
/// ```
pub struct WordList<const N: usize> {
    words: &'static [&'static str],
    /// `(key, index + 1)` by open addressing; 0 marks an empty slot.
    table: [(u32, u16); N],
}

impl<const N: usize> WordList<N> {
    /// `N`, the table size, a power of two at least twice the list's length.
    pub const fn new(words: &'static [&'static str]) -> Self {
        assert!(N.is_power_of_two() && words.len() * 2 <= N && N <= u16::MAX as usize);
        let mut table = [(0u32, 0u16); N];
        let mut i = 0;
        while i < words.len() {
            let h = fold_key(words[i].as_bytes());
            let mut slot = h as usize & (N - 1);
            while table[slot].1 != 0 {
                slot = (slot + 1) & (N - 1);
            }
            table[slot] = (h, (i + 1) as u16);
            i += 1;
        }
        WordList { words, table }
    }

    /// `w` (whose [`fold_key`] is `key`) is in the list, ASCII case ignored.
    #[inline(always)]
    pub fn contains_word(&self, w: &str, key: u32) -> bool {
        let mut slot = key as usize & (N - 1);
        loop {
            let (h, at) = self.table[slot];
            if at == 0 {
                return false;
            }
            if h == key && self.words[at as usize - 1].eq_ignore_ascii_case(w) {
                return true;
            }
            slot = (slot + 1) & (N - 1);
        }
    }

    /// Word token `t` is in the list: [`WordList::contains_word`] with its
    /// key, its text cut out of `text` only where a key matches.
    #[inline(always)]
    pub fn contains_token(&self, text: &str, t: &Token) -> bool {
        let mut slot = t.key as usize & (N - 1);
        loop {
            let (h, at) = self.table[slot];
            if at == 0 {
                return false;
            }
            if h == t.key && self.words[at as usize - 1].eq_ignore_ascii_case(t.text(text)) {
                return true;
            }
            slot = (slot + 1) & (N - 1);
        }
    }
}

impl<const N: usize> std::ops::Deref for WordList<N> {
    type Target = [&'static str];
    fn deref(&self) -> &Self::Target {
        self.words
    }
}

/// A list of words to match a token against: a short slice scanned in
/// order, or a [`WordList`] with its table.
pub trait Words {
    /// `w`, with its [`fold_key`] `key`, is one of the words (ASCII case ignored).
    fn has(&self, w: &str, key: u32) -> bool;
    /// Word token `t` is one of the words: [`Words::has`] of its text,
    /// which a list may leave unread where the key or the length rules the
    /// word out (cutting a token's text out of the source checks its bounds
    /// and char boundaries, and most tokens asked about are in no list).
    #[inline(always)]
    fn has_token(&self, text: &str, t: &Token) -> bool {
        self.has(t.text(text), t.key)
    }
}

/// A short list: no word of the token's length, no match.
#[inline(always)]
fn list_has_token(words: &[&str], text: &str, t: &Token) -> bool {
    let n = t.end - t.start;
    words.iter().any(|x| x.len() == n) && in_list(t.text(text), words)
}

impl Words for [&str] {
    #[inline(always)]
    fn has(&self, w: &str, _key: u32) -> bool {
        in_list(w, self)
    }
    #[inline(always)]
    fn has_token(&self, text: &str, t: &Token) -> bool {
        list_has_token(self, text, t)
    }
}

impl<const M: usize> Words for [&str; M] {
    #[inline(always)]
    fn has(&self, w: &str, _key: u32) -> bool {
        in_list(w, self)
    }
    #[inline(always)]
    fn has_token(&self, text: &str, t: &Token) -> bool {
        list_has_token(self, text, t)
    }
}

impl<const N: usize> Words for WordList<N> {
    #[inline(always)]
    fn has(&self, w: &str, key: u32) -> bool {
        self.contains_word(w, key)
    }
    #[inline(always)]
    fn has_token(&self, text: &str, t: &Token) -> bool {
        self.contains_token(text, t)
    }
}

/// A word token equal to one of `words`, ASCII case ignored.
#[inline(always)]
pub fn token_in<W: Words + ?Sized>(text: &str, t: &Token, words: &W) -> bool {
    t.is_word() && words.has_token(text, t)
}

/// A word equal to one of `words`, case-insensitively.
pub fn word_in<'a, 'l: 'a, 't, W: Words + ?Sized>(
    cx: Cx<'t, 'l>,
    words: &'static W,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    // (Inlined where it is used: a probe and a compare, cheaper than the call.)
    #[inline(always)]
    move |i: Toks<'a, 'l>| match i.first() {
        Some(t) if token_in(cx.text, t, words) => Ok((i.take_from(1), i.pos)),
        _ => fail(i),
    }
}

/// A punctuation character.
pub fn punct<'a, 'l: 'a>(c: char) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    tok(move |t| t.kind == TokenKind::Punct(c))
}

/// [`nom::multi::many_m_n`] when the matches are not wanted, only that
/// they are there: the same parse, counted. `many_m_n` builds a `Vec` at
/// every attempt, even one that fails at its first token.
pub fn count_m_n<I, E, F>(min: usize, max: usize, f: F) -> impl Parser<I, Output = usize, Error = E>
where
    I: Clone + Input,
    E: ParseError<I>,
    F: Parser<I, Error = E>,
{
    nom::multi::fold_many_m_n(min, max, f, || 0, |n, _| n + 1)
}

/// [`nom::multi::many_m_n`] over token matchers, keeping the first match's
/// index only, if there was a match (`min` may be 0).
pub fn first_match_m_n<I, E, F>(
    min: usize,
    max: usize,
    f: F,
) -> impl Parser<I, Output = Option<usize>, Error = E>
where
    I: Clone + Input,
    E: ParseError<I>,
    F: Parser<I, Output = usize, Error = E>,
{
    nom::multi::fold_many_m_n(
        min,
        max,
        f,
        || None,
        |first: Option<usize>, k| first.or(Some(k)),
    )
}

/// [`nom::multi::many_m_n`] over token matchers, keeping the last match's
/// index only (`min` is at least 1, so there is one): the same parse, with
/// no `Vec` (`many_m_n` allocates one at every attempt that reaches it).
pub fn last_of_m_n<I, E, F>(
    min: usize,
    max: usize,
    f: F,
) -> impl Parser<I, Output = usize, Error = E>
where
    I: Clone + Input,
    E: ParseError<I>,
    F: Parser<I, Output = usize, Error = E>,
{
    debug_assert!(min >= 1);
    nom::multi::fold_many_m_n(min, max, f, || 0, |_, k| k)
}

/// End of the window.
pub fn eof<'a, 'l: 'a>(i: Toks<'a, 'l>) -> PResult<'a, 'l, ()> {
    if i.is_empty() { Ok((i, ())) } else { fail(i) }
}

/// Succeeds with the window's start index without consuming: where we are.
pub fn here<'a, 'l: 'a>(i: Toks<'a, 'l>) -> PResult<'a, 'l, usize> {
    Ok((i, i.pos))
}

pub use fail as reject;
