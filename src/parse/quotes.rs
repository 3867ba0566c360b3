//! Quotation grammar: pairs quote marks into quotations, on messy real text.
//!
//! Each quote mark is read by the nom parser [`mark`], which classifies it
//! from its glyph and its neighbours (glued to a word on the left, on the
//! right, or both). The marks of a paragraph are folded through a bounded
//! pushdown ([`MAX_DEPTH`]) that pairs them: one pass, no backtracking, so
//! time is linear in the number of marks whatever the input. Recovery is
//! local to a paragraph: an opener left unclosed either continues into the
//! next paragraph (which reopens with a mark) or, for double marks, quotes
//! the rest of its paragraph; an unclosed single mark is taken for an
//! apostrophe and dropped.

use nom::bytes::complete::take_while;
use nom::multi::fold;
use nom::sequence::preceded;
use nom::{Input, Parser};

use super::input::{Cx, PResult, Toks};
use super::tokens::{Token, TokenKind};
use crate::document::Span;
use crate::lexicon::Family;
use crate::segment::{SegmentKind, Segments};

/// Deepest nesting of quotes tracked; marks beyond it are ignored.
pub const MAX_DEPTH: usize = 4;

/// A paired (or recovered) quotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark; `None` when recovered at a paragraph end.
    pub close: Option<usize>,
    /// Bytes inside the marks, whitespace trimmed.
    pub content: Span,
    /// Tokens strictly inside the marks (they may span paragraphs).
    pub inner: std::ops::Range<usize>,
    /// Paragraph indices of the first and last paragraph the quote covers.
    pub first_paragraph: usize,
    pub last_paragraph: usize,
    /// 0 for a top-level quote, 1 for a quote inside a quote, ...
    pub depth: u8,
    /// Index (into the returned list) of the quote this one is nested in.
    pub parent: Option<usize>,
    /// The closing mark is of another family than the opening one (' ... ").
    pub mismatched: bool,
    /// Token indices of the marks that reopen the quote in later paragraphs.
    pub reopened: Vec<usize>,
}

/// A quote mark as read in context.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    pub tok: usize,
    pub family: Family,
    pub can_open: bool,
    pub can_close: bool,
    /// Glued to a word on the right only: nothing but a closer.
    pub clear_close: bool,
    /// `s'` before a space: a plural possessive unless a single quote is open.
    pub maybe_apostrophe: bool,
    /// Glued to punctuation (`,'` `."`): strong sign of a closer.
    pub after_punct: bool,
    /// Two single marks read as one double (`''`): may instead close two
    /// single quotes at once (`...you did that,'' the president said`).
    pub doubled: bool,
}

fn family_of(c: char) -> Family {
    match c {
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => Family::Single,
        '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}' => Family::Guillemet,
        _ => Family::Double,
    }
}

/// Read the next quote mark of the window (skipping other tokens).
pub fn mark<'a, 'l: 'a>(
    _cx: Cx<'_, 'l>,
    par_start: usize,
    par_end: usize,
) -> impl Fn(Toks<'a, 'l>) -> PResult<'a, 'l, Mark> {
    move |i: Toks<'a, 'l>| {
        let (i, _) = take_while(|t: Token| !t.is_quote()).parse(i)?;
        let Some(t) = i.first() else {
            return super::input::reject(i);
        };
        let k = i.pos;
        let TokenKind::Quote(c) = t.kind else {
            unreachable!("take_while stopped at a quote")
        };
        let prev = (k > par_start).then(|| &i.all[k - 1]);
        let next = (k + 1 < par_end).then(|| &i.all[k + 1]);
        let space_before = prev.is_none() || t.has(Token::SPACE_BEFORE);
        let space_after = next.is_none() || t.has(Token::SPACE_AFTER);
        let prev_opening = prev.is_some_and(|p| {
            matches!(
                p.kind,
                TokenKind::Punct('(')
                    | TokenKind::Punct('[')
                    | TokenKind::Punct('{')
                    | TokenKind::Punct('/')
                    | TokenKind::Dash
                    | TokenKind::Quote(_)
            )
        });
        let next_closing = next.is_some_and(|n| {
            matches!(
                n.kind,
                TokenKind::Punct('.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}')
                    | TokenKind::Dash
                    | TokenKind::Quote(_)
            )
        });
        // Glued to a word on its right (an opener) or on its left (a closer).
        // A mark followed by closing punctuation is never an opener: French
        // guillemets stand apart from the words they enclose (`« Oui »,`).
        let left = !space_after && !next_closing && (space_before || prev_opening);
        let right = (!space_before || next_closing) && (space_after || next_closing);
        let after_punct = !space_before
            && prev.is_some_and(|p| {
                matches!(
                    p.kind,
                    TokenKind::Punct('.' | ',' | '!' | '?' | ';') | TokenKind::Ellipsis
                )
            });
        let clear_open = left && !right;
        let clear_close = right && !left;
        let (can_open, can_close) = match c {
            '"' => (!clear_close, !clear_open),
            '\'' => (clear_open, clear_close),
            '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{2039}' => {
                // An opening glyph closes only when it is clearly a closer
                // (German „...“, or a typo).
                (!clear_close, clear_close)
            }
            '\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{203A}' => (clear_open, !clear_open),
            '\u{201E}' | '\u{201A}' | '\u{201F}' | '\u{201B}' => (true, false),
            _ => (false, false),
        };
        let maybe_apostrophe = t.has(Token::MAYBE_APOSTROPHE);
        Ok((
            i.take_from(1),
            Mark {
                tok: k,
                family: family_of(c),
                can_open: can_open && !maybe_apostrophe,
                can_close,
                clear_close,
                maybe_apostrophe,
                after_punct,
                doubled: c == '"' && t.end - t.start > 1,
            },
        ))
    }
}

#[derive(Clone, Copy)]
struct Open {
    slot: usize,
    family: Family,
}

struct Pairing<'s, 'd, 'l> {
    seg: &'s Segments<'d, 'l>,
    lex: &'s crate::lexicon::Lexicon,
    slots: Vec<Option<Quotation>>,
    stack: Vec<Open>,
}

impl Pairing<'_, '_, '_> {
    fn push(&mut self, m: &Mark, par: usize) {
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        // Straight double quotes do not nest: a clear opener while one is open
        // means the earlier mark was a stray.
        if m.family == Family::Double {
            if let Some(pos) = self.stack.iter().rposition(|o| o.family == Family::Double) {
                let open_tok = self.slots[self.stack[pos].slot].as_ref().map(|q| q.open);
                let straight =
                    open_tok.is_some_and(|t| self.seg.tokens[t].kind == TokenKind::Quote('"'));
                if straight && self.seg.tokens[m.tok].kind == TokenKind::Quote('"') {
                    for o in self.stack.drain(pos..) {
                        self.slots[o.slot] = None;
                    }
                }
            }
        }
        let parent = self.stack.last().map(|o| o.slot);
        let t = &self.seg.tokens[m.tok];
        self.slots.push(Some(Quotation {
            open: m.tok,
            close: None,
            content: Span::new(t.end, t.end),
            inner: m.tok + 1..m.tok + 1,
            first_paragraph: par,
            last_paragraph: par,
            depth: self.stack.len() as u8,
            parent,
            mismatched: false,
            reopened: Vec::new(),
        }));
        self.stack.push(Open {
            slot: self.slots.len() - 1,
            family: m.family,
        });
    }

    /// Close the stack entry at `pos` with the mark at token `close` (or at
    /// the end of paragraph `par` when `close` is `None`).
    fn close_at(&mut self, pos: usize, close: Option<usize>, par: usize, mismatched: bool) {
        for o in self.stack.drain(pos + 1..) {
            self.slots[o.slot] = None;
        }
        let o = self.stack.pop().expect("pos is on the stack");
        let (end_byte, end_tok) = match close {
            Some(c) => (self.seg.tokens[c].start, c),
            None => {
                let p = &self.seg.paragraphs[par];
                (p.span.end, p.tokens.end)
            }
        };
        let text = self.seg.doc.text.as_str();
        let slot = self.slots[o.slot].as_mut().expect("open slots are live");
        let start = self.seg.tokens[slot.open].end;
        let content = trim(text, start, end_byte);
        if content.is_empty() {
            self.slots[o.slot] = None;
            return;
        }
        slot.close = close;
        slot.content = content;
        slot.inner = slot.open + 1..end_tok;
        slot.last_paragraph = par;
        slot.mismatched = mismatched;
    }

    fn step(&mut self, m: Mark, par: usize) {
        if m.doubled && m.can_close && !self.stack.iter().any(|o| o.family == Family::Double) {
            // `''` closing two single quotes: the inner, then the outer.
            if let Some(pos) = self.stack.iter().rposition(|o| o.family == Family::Single) {
                self.close_at(pos, Some(m.tok), par, false);
                if let Some(outer) = self.stack.iter().rposition(|o| o.family == Family::Single) {
                    self.close_at(outer, Some(m.tok), par, false);
                }
                return;
            }
        }
        if m.can_close && !self.stack.is_empty() {
            let same = self.stack.iter().rposition(|o| o.family == m.family);
            if let Some(pos) = same {
                if !m.maybe_apostrophe || self.apostrophe_closes(m.tok) {
                    self.close_at(pos, Some(m.tok), par, false);
                    return;
                }
            } else if m.clear_close && !m.maybe_apostrophe {
                let top = self.stack.len() - 1;
                let top_family = self.stack[top].family;
                // A single mark closes a double quote only right after
                // punctuation ("... step,' she said"); a double mark closes
                // an open single quote whenever it is clearly a closer.
                let ok = match (top_family, m.family) {
                    (Family::Double, Family::Single) | (Family::Guillemet, Family::Single) => {
                        m.after_punct
                    }
                    _ => true,
                };
                if ok {
                    self.close_at(top, Some(m.tok), par, true);
                    return;
                }
            }
        }
        if m.can_open {
            self.push(&m, par);
        }
    }

    /// `s'` closes an open single quote only when what follows cannot be the
    /// possessed noun: punctuation, the paragraph end, or a speaker or a cue
    /// that can follow a quotation (`'...' said`; not `allies' plans`).
    fn apostrophe_closes(&self, k: usize) -> bool {
        let par = self.seg.paragraph_of(k);
        let end = self.seg.paragraphs[par].tokens.end;
        match self.seg.tokens.get(k + 1).filter(|_| k + 1 < end) {
            None => true,
            Some(n) if !n.is_word() => true,
            Some(n) => {
                n.has(Token::CAPITALIZED)
                    || n.is_pronoun()
                    || n.starts_cue()
                        && (n.cue_allows(self.lex, crate::lexicon::Frames::AFTER)
                            || n.cue_allows(self.lex, crate::lexicon::Frames::INVERTED))
                    || super::attribution::is_function_word(&self.seg.doc.text, n)
            }
        }
    }
}

fn trim(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    Span::new(start + lead, start + lead + body.len())
}

/// Pair the quote marks of a whole document.
pub fn pair_quotes(cx: Cx<'_, '_>, seg: &Segments<'_, '_>) -> Vec<Quotation> {
    let mut st = Pairing {
        seg,
        lex: cx.lex,
        slots: Vec::new(),
        stack: Vec::new(),
    };
    let mut skip_first_mark = false;
    for (pi, p) in seg.paragraphs.iter().enumerate() {
        if p.kind == SegmentKind::Boilerplate {
            continue;
        }
        let mut input = Toks::new(&seg.tokens, p.tokens.start, p.tokens.end);
        if skip_first_mark {
            // The mark that reopens a continued quote.
            if let Some(o) = st.stack.first() {
                if let Some(q) = st.slots[o.slot].as_mut() {
                    q.reopened.push(p.tokens.start);
                }
            }
            input = Toks::new(&seg.tokens, p.tokens.start + 1, p.tokens.end);
        }
        let marks = fold(
            0..,
            mark(cx, p.tokens.start, p.tokens.end),
            Vec::new,
            |mut acc: Vec<Mark>, m| {
                acc.push(m);
                acc
            },
        );
        let mut all_marks = preceded(take_while(|_: Token| false), marks);
        let Ok((_, marks)) = all_marks.parse(input) else {
            continue;
        };
        for m in marks {
            st.step(m, pi);
        }
        skip_first_mark = false;
        if st.stack.is_empty() {
            continue;
        }
        // Multi-paragraph quote: the next paragraph of the same part of the
        // page starts with an opening mark of the same family.
        let next = seg.paragraphs.get(pi + 1);
        let bottom = st.stack[0];
        // The reopening mark is the same glyph as the opening one (a page
        // that mixes `"` and `“` is quoting something else).
        let open_glyph = st.slots[bottom.slot]
            .as_ref()
            .map(|q| seg.tokens[q.open].kind);
        let continues = next.is_some_and(|n| {
            // An empty paragraph (a bare "Read more" line) continues nothing.
            let Some(first) = seg
                .tokens
                .get(n.tokens.start)
                .filter(|_| n.tokens.len() > 1)
            else {
                return false;
            };
            n.kind == p.kind
                && first.is_quote()
                && Some(first.kind) == open_glyph
                && !first.has(Token::SPACE_AFTER)
        });
        // A partial quote (opened right after a word: `Kurtz said his
        // company had "been on ... them.`) continued into the next paragraph
        // ends with its paragraph: each stretch is attributed where it
        // stands (`"Many of ...," he said.`). A quote that opens its
        // paragraph or follows a colon runs on as one statement.
        let partial_open = st.slots[bottom.slot]
            .as_ref()
            .is_some_and(|q| q.open > p.tokens.start && seg.tokens[q.open - 1].is_word());
        if continues && partial_open {
            for o in st.stack.drain(1..) {
                st.slots[o.slot] = None;
            }
            st.close_at(0, None, pi, false);
            continue;
        }
        if continues {
            for o in st.stack.drain(1..) {
                st.slots[o.slot] = None;
            }
            skip_first_mark = true;
            continue;
        }
        // Recover: the outermost open quote runs to the end of the paragraph
        // if it is a double mark or opened the paragraph; otherwise it was an
        // apostrophe.
        let open_tok = st.slots[bottom.slot].as_ref().map(|q| q.open).unwrap_or(0);
        let starts_par = open_tok == p.tokens.start
            || st.slots[bottom.slot]
                .as_ref()
                .is_some_and(|q| q.first_paragraph < pi);
        if bottom.family != Family::Single || starts_par {
            st.close_at(0, None, pi, false);
        } else {
            for o in st.stack.drain(..) {
                st.slots[o.slot] = None;
            }
        }
    }
    // Anything still open (last paragraph was a continuation): recover it.
    if !st.stack.is_empty() {
        let last = seg.paragraphs.len() - 1;
        st.close_at(0, None, last, false);
    }
    // Compact, remapping parent slots to list indices.
    let mut index = vec![usize::MAX; st.slots.len()];
    let mut out = Vec::new();
    for (slot, q) in st.slots.into_iter().enumerate() {
        if let Some(mut q) = q {
            if q.close.is_none() && q.content.is_empty() {
                continue;
            }
            q.parent = q
                .parent
                .and_then(|p| (index[p] != usize::MAX).then_some(index[p]));
            if q.parent.is_none() {
                q.depth = 0;
            }
            index[slot] = out.len();
            out.push(q);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::lexicon::Lexicon;
    use crate::segment::segment;

    fn quotes(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let doc = Document::new("t", None, text);
        let seg = segment(&doc, &lex);
        let cx = Cx { text, lex: &lex };
        pair_quotes(cx, &seg)
            .iter()
            .map(|q| q.content.of(text).to_string())
            .collect()
    }

    #[test]
    fn straight_and_curly_pairs() {
        assert_eq!(
            quotes("\"Yes,\" he said. \u{201C}No.\u{201D}"),
            ["Yes,", "No."]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(
            quotes("'Russia's allies' plans aren't clear,' she said of the allies' talks."),
            ["Russia's allies' plans aren't clear,"]
        );
    }

    #[test]
    fn mismatched_pair_is_one_quote() {
        assert_eq!(
            quotes("'We won the concession,\" Witkoff told CNN's 'State of the Union.'"),
            ["We won the concession,", "State of the Union."]
        );
        assert_eq!(
            quotes("\"It was a huge step,' she said."),
            ["It was a huge step,"]
        );
    }

    #[test]
    fn nested_quote() {
        assert_eq!(
            quotes("\"He told me, 'We stay,' and I believed him,\" she said."),
            ["He told me, 'We stay,' and I believed him,", "We stay,"]
        );
        assert_eq!(
            quotes("'The press says, 'he's a dictator.' No, all I want is security,' he said."),
            [
                "The press says, 'he's a dictator.' No, all I want is security,",
                "he's a dictator."
            ]
        );
    }

    #[test]
    fn multi_paragraph_quote() {
        let text = "\u{201C}First part.\n\u{201C}Second part.\n\u{201C}Last part,\u{201D} he said.";
        assert_eq!(
            quotes(text),
            ["First part.\n\u{201C}Second part.\n\u{201C}Last part,"]
        );
    }

    #[test]
    fn unclosed_double_quotes_rest_of_paragraph_only() {
        let text = "He said \"this never ends.\nNext paragraph \"has a pair,\" she said.";
        assert_eq!(quotes(text), ["this never ends.", "has a pair,"]);
    }

    #[test]
    fn other_styles() {
        assert_eq!(
            quotes(
                "\u{00AB}Oui,\u{00BB} dit-il. \u{201E}Ja\u{201C}, sagte er. \u{201A}ja\u{2018} und \u{00BB}nein\u{00AB}"
            ),
            ["Oui,", "Ja", "ja", "nein"]
        );
    }

    #[test]
    fn hostile_runs_of_marks_are_linear_and_do_not_panic() {
        let text = "\"".repeat(100_000) + &"'".repeat(100_000) + &"\u{201C}\u{2018}".repeat(50_000);
        let _ = quotes(&text);
    }
}
