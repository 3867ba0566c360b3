//! Stage 3, parsers: quotations and their attribution, read from segments
//! into [`Statement`]s.
//!
//! `tokens` lexes a paragraph, `quotes` pairs quote marks, `attribution`
//! holds the nom grammar of speakers, cues and venues. This module applies
//! them to each quotation in turn: the attribution after the quote, then
//! before it, then the sentence's own tail, then the context (a quote that
//! continues the previous speaker, or a speaker named in the paragraph
//! before). A quoted span that none of these attribute, and that is not a
//! whole sentence, is a name, a title or a scare quote, and is not reported.

pub mod attribution;
pub mod input;
pub mod quotes;
pub mod reported;
pub mod tokens;

use std::ops::Range;

use nom::Parser;
use serde::Serialize;

use self::attribution::{
    Attr, Lead, WINDOW, after_quote, before_quote, clause_lead, colon_speaker, speaker_np, subject,
};
use self::input::{Cx, Toks, in_list};
use self::quotes::{Quotation, pair_quotes};
use self::tokens::{Token, TokenKind};
use crate::document::Span;
use crate::lexicon::CueClass;
use crate::segment::{SegmentKind, Segments};

/// How a statement is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Words in quote marks.
    Direct,
    /// A reported clause that holds quoted words.
    Mixed,
    /// A reported clause with no quote marks.
    Indirect,
}

/// Which construction attributed a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// `"Q," X said.` / `"Q," said X.` / `"Q" — X`
    After,
    /// `X said: "Q"` / `X said that "Q"`
    Before,
    /// `X said it "was ..."` / `X called it "Q"`
    Partial,
    /// `X said (that) ... "Q" ...` or `... "Q" ..., X said.`
    Clause,
    /// `X: "Q"`, or a headline `X "Q"`.
    Colon,
    /// A quote with no cue right after a quote of a known speaker.
    Continuation,
    /// A quote whose speaker is named in the paragraph before.
    Context,
    /// A whole-sentence quote with no speaker found.
    Unattributed,
    /// `which he said would fail`, `a deal that Trump once backed`, `who is
    /// expected to run`: the content is the relative pronoun, standing for
    /// the noun phrase before it (PolNeAR's convention).
    Relative,
}

/// Words before a participle cue that tie it to the sentence's subject:
/// `responded by saying`, `..., before insisting`, `upon saying`.
pub(crate) const PARTICIPLE_LEADS: &[&str] = &["by", "before", "after", "while", "when", "upon"];

/// A speaker mention as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub span: Span,
    pub text: String,
    /// For a relative pronoun (`Barkley, who said ...`: the mention is
    /// `who`), the noun phrase it stands for, which names the speaker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<Span>,
}

/// The cue of an attribution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cue {
    pub span: Span,
    pub text: String,
    pub lemma: String,
    pub class: CueClass,
}

/// Where a statement was made, as written ("CNN's 'State of the Union'").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Venue {
    pub span: Span,
    pub text: String,
}

/// One statement: who said what, where, as one document reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The content: one span, or several for a quote interrupted by its
    /// attribution (`"A," he said, "B."`). Byte ranges into the document.
    pub parts: Vec<Span>,
    pub kind: Kind,
    /// The quoted stretches (inside the marks); for a direct statement the parts.
    pub quotes: Vec<Span>,
    pub speaker: Option<Mention>,
    pub cue: Option<Cue>,
    pub venue: Option<Venue>,
    pub segment: SegmentKind,
    /// The outlet credited: the document's, or a related blurb's own.
    pub outlet: Option<String>,
    /// Index of the paragraph where the statement starts.
    pub paragraph: usize,
    /// A quote inside another quote (`"He told me, 'We stay,'" she said`).
    pub nested: bool,
    pub frame: Frame,
}

impl Statement {
    /// From the start of the first part to the end of the last.
    pub fn span(&self) -> Span {
        Span::new(self.parts[0].start, self.parts[self.parts.len() - 1].end)
    }
}

/// [`after_quote`]'s readings by the window's first token: `by_start[k]`
/// is the index in `found` of the last window read from `k`, with its end
/// and what was read (where the reading ended, and the attribution).
/// (A map, not a slot per token: a document reads a few windows, and a
/// zeroed slot per token was most of this memo's cost.)
#[derive(Default)]
struct AfterQuotes {
    by_start: rustc_hash::FxHashMap<u32, u32>,
    found: Vec<(u32, Option<(u32, Attr)>)>,
}

struct Reader<'s, 'd, 'l, 't> {
    cx: Cx<'t, 'l>,
    seg: &'s Segments<'d, 'l>,
    quotes: Vec<Quotation>,
    used: Vec<bool>,
    out: Vec<Statement>,
    /// Token index where the last statement's attribution or content ended.
    last_end: usize,
    /// Tokens that name a quotation's speaker (filled when reported speech is read).
    speaker_tokens: Vec<bool>,
    /// [`after_quote`]'s readings of windows already read: the same
    /// window is read again by several frames (the sentence's tail, a
    /// clause's end, `CLAUSE, X said`), and the parser reads nothing but the
    /// tokens. See [`AfterQuotes`].
    after_quotes: std::cell::RefCell<AfterQuotes>,
}

impl<'s, 'd, 'l, 't> Reader<'s, 'd, 'l, 't> {
    fn toks(&self) -> &'s [Token<'l>] {
        &self.seg.tokens
    }

    /// [`after_quote`] over tokens `[from, to)`, read once per window.
    fn after_quote_at(&self, from: usize, to: usize) -> Option<(Toks<'s, 'l>, Attr)> {
        let t = self.toks();
        let mut memo = self.after_quotes.borrow_mut();
        if let Some(&at) = memo.by_start.get(&(from as u32)) {
            let (end, found) = &memo.found[at as usize];
            if *end as usize == to {
                return found
                    .as_ref()
                    .map(|(pos, a)| (Toks::new(t, *pos as usize, to), a.clone()));
            }
        }
        let found = after_quote(self.cx)(Toks::new(t, from, to)).ok();
        memo.found.push((
            to as u32,
            found.as_ref().map(|(rest, a)| (rest.pos as u32, a.clone())),
        ));
        let at = memo.found.len() as u32 - 1;
        memo.by_start.insert(from as u32, at);
        found
    }

    fn sentence_of(&self, t: usize) -> Range<usize> {
        let pi = self.seg.paragraph_of(t).min(self.seg.paragraphs.len() - 1);
        let p = &self.seg.paragraphs[pi];
        let k = p.sentences.partition_point(|s| s.end <= t);
        p.sentences.get(k).cloned().unwrap_or(p.tokens.clone())
    }

    fn span_of(&self, r: &Range<usize>) -> Span {
        let t = self.toks();
        Span::new(t[r.start].start, t[r.end - 1].end)
    }

    fn mention(&self, r: &Range<usize>) -> Mention {
        let t = self.toks();
        // `Barkley, who`: the relative pronoun is the subject as written;
        // the noun phrase before it is what it stands for.
        let who = r.end - 1;
        if r.len() > 1 && t[who].text(self.cx.text).eq_ignore_ascii_case("who") {
            let mut end = who;
            while end > r.start && t[end - 1].kind == TokenKind::Punct(',') {
                end -= 1;
            }
            let span = self.span_of(&(who..who + 1));
            return Mention {
                span,
                text: span.of(self.cx.text).to_string(),
                antecedent: (end > r.start).then(|| self.span_of(&(r.start..end))),
            };
        }
        let span = self.span_of(r);
        Mention {
            span,
            text: span.of(self.cx.text).to_string(),
            antecedent: None,
        }
    }

    fn cue(&self, a: &Attr) -> Option<Cue> {
        a.cue.as_ref().map(|c| {
            let span = self.span_of(&c.tokens);
            let e = &self.cx.lex.cues[c.entry as usize];
            Cue {
                span,
                text: span.of(self.cx.text).to_string(),
                lemma: e.lemma.clone(),
                class: e.class,
            }
        })
    }

    fn venue(&self, a: &Attr) -> Option<Venue> {
        a.venue.as_ref().filter(|r| !r.is_empty()).map(|r| {
            let span = self.span_of(r);
            // `CNN's 'State of the Union.'`: the sentence's period is not the venue's.
            let raw = span.of(self.cx.text).trim_end_matches(['.', ',']);
            let text = match raw.char_indices().last() {
                Some((k, c))
                    if crate::parse::tokens::is_quote_char(c) && raw[..k].ends_with('.') =>
                {
                    format!("{}{c}", &raw[..k - 1])
                }
                _ => raw.to_string(),
            };
            Venue {
                span: Span::new(span.start, span.start + raw.len()),
                text,
            }
        })
    }

    /// The quote whose opening mark is token `t`, if it is still free.
    fn quote_opening_at(&self, t: usize) -> Option<usize> {
        let k = self.quotes.partition_point(|q| q.open < t);
        (k < self.quotes.len() && self.quotes[k].open == t && !self.used[k]).then_some(k)
    }

    /// Mark every quote that opens inside token range `r` as used.
    fn use_quotes_in(&mut self, r: Range<usize>) {
        let k = self.quotes.partition_point(|q| q.open < r.start);
        for j in k..self.quotes.len() {
            if self.quotes[j].open >= r.end {
                break;
            }
            self.used[j] = true;
        }
    }

    /// `"A," X told supporters in the capital, "B."`: the quote that resumes
    /// after an attribution, reached over words with no quote mark or
    /// sentence end, right after a comma or colon.
    fn resumed_quote(&self, from: usize, hi: usize) -> Option<usize> {
        let t = self.toks();
        let mut k = from;
        while k < hi.min(from + 12) {
            if t[k].is_quote() {
                let glued = k > from && matches!(t[k - 1].kind, TokenKind::Punct(',' | ':'));
                return (glued || k == from)
                    .then(|| self.quote_opening_at(k))
                    .flatten();
            }
            if matches!(t[k].kind, TokenKind::Punct('.' | '!' | '?' | ';')) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Words right before the opening mark that make the quote a name or a
    /// title: `so-called "..."`, `the word "..."`, `CNN's 'State of the Union'`,
    /// `John "Bull" Harmon`.
    fn is_name_or_title(&self, q: &Quotation) -> bool {
        let t = self.toks();
        let par = &self.seg.paragraphs[q.first_paragraph];
        let titled = title_case(self.cx.text, &t[q.inner.clone()]);
        // A quoted title-case line of its own: a section heading.
        let whole_line =
            q.open == par.tokens.start && q.close.is_some_and(|c| c + 2 >= par.tokens.end);
        if titled && whole_line {
            return true;
        }
        if q.open == par.tokens.start {
            return false;
        }
        let prev = &t[q.open - 1];
        if prev.kind == TokenKind::Possessive && titled {
            return true;
        }
        // A title-case phrase inside running text: a title or a name
        // ("The Crown", "Clean Harbors Act"), not words someone said.
        let s = self.sentence_of(q.open);
        // A naming cue: `was called "..."` names a thing (below); `called
        // Cruz the "ultimate hypocrite"`, `called Merkel "The Chancellor of
        // the Free World"` report what someone called it (PolNeAR's
        // convention: the object and its quoted name are the content).
        // `called on X to "..."`, `calling out X for his "lies"`: not naming.
        let naming_cue = |k: usize| {
            let phrasal = t.get(k + 1).is_some_and(|n| {
                n.is_word()
                    && matches!(
                        n.text(self.cx.text),
                        "on" | "for" | "out" | "up" | "off" | "in"
                    )
            });
            !phrasal && t[k].cue_allows(self.cx.lex, crate::lexicon::Frames::AS)
        };
        let passive_at = |c: usize| {
            c > 0
                && t[c - 1].is_word()
                && in_list(
                    t[c - 1].text(self.cx.text),
                    &["was", "were", "is", "are", "been", "be", "being"],
                )
        };
        let lo = s.start.max(q.open.saturating_sub(6));
        if titled
            && q.inner.len() >= 2
            && q.open > s.start
            && !matches!(prev.kind, TokenKind::Punct(':' | ','))
            && !prev.starts_cue()
            && !(lo..q.open).any(|k| naming_cue(k) && !passive_at(k))
        {
            return true;
        }
        // `was called "..."`: a passive naming has no speaker.
        if (lo..q.open)
            .rev()
            .find(|&k| naming_cue(k))
            .is_some_and(passive_at)
        {
            return true;
        }
        if let Some(close) = q.close {
            let next = t.get(close + 1).filter(|_| close + 1 < par.tokens.end);
            if prev.is_word()
                && prev.has(Token::CAPITALIZED)
                && next.is_some_and(|n| n.is_word() && n.has(Token::CAPITALIZED))
                && q.inner.len() <= 3
            {
                return true;
            }
        }
        // A marker phrase ending right before the mark.
        for phrase in &self.cx.lex.nonspeech {
            let n = phrase.len();
            if q.open < par.tokens.start + n {
                continue;
            }
            if phrase.iter().enumerate().all(|(k, w)| {
                let tk = &t[q.open - n + k];
                tk.is_word() && tk.text(self.cx.text).eq_ignore_ascii_case(w)
            }) {
                return true;
            }
        }
        false
    }

    /// Whether the quote opens its clause: at the sentence start, after a
    /// colon or dash, or right after the previous statement.
    fn opens_clause(&self, q: &Quotation) -> bool {
        let s = self.sentence_of(q.open);
        if q.open == s.start || self.last_end >= q.open && self.last_end > s.start {
            return true;
        }
        let t = self.toks();
        let prev = &t[q.open - 1];
        // `In terms of recovering from the outage, 'it could be ...,' Kurtz
        // said`: a fronted phrase of the writer's sets the scene; the quote
        // after its comma is all the speaker's.
        let framed = prev.kind == TokenKind::Punct(',')
            && t[s.start].is_word()
            && in_list(
                t[s.start].text(self.cx.text),
                &["in", "on", "as", "regarding", "asked", "about", "of", "for"],
            )
            && !(s.start..q.open - 1)
                .any(|k| t[k].kind == TokenKind::Punct(',') || t[k].starts_cue());
        framed
            || matches!(
                prev.kind,
                TokenKind::Punct(':' | '(') | TokenKind::Dash | TokenKind::Quote(_)
            )
    }

    /// The quote fills its sentence(s): nothing but punctuation around it.
    fn is_whole_sentence(&self, q: &Quotation) -> bool {
        let t = self.toks();
        let s = self.sentence_of(q.open);
        let lead_ok =
            (s.start..q.open).all(|k| matches!(t[k].kind, TokenKind::Dash | TokenKind::Quote(_)));
        let Some(close) = q.close else { return lead_ok };
        lead_ok && self.ends_sentence(close)
    }

    /// Nothing but punctuation follows the closing mark `close` in its sentence.
    fn ends_sentence(&self, close: usize) -> bool {
        let t = self.toks();
        let e = self.sentence_of(close);
        (close + 1..e.end).all(|k| !t[k].is_word() && t[k].kind != TokenKind::Number)
    }

    /// The subject of the cue at token `cue`: the leftmost mention that runs
    /// up to the cue, searched from `lo`.
    fn find_subject(&self, lo: usize, cue: usize) -> Option<Range<usize>> {
        let lo = lo.max(cue.saturating_sub(WINDOW));
        let t = self.toks();
        // (Most starts are punctuation or closed-class words no subject
        // opens with: the cheap test skips them.)
        // (One parser for the window: it keeps what it read after the heads.)
        let before = |end: usize| {
            let subject = subject(self.cx);
            // Cheap bounds on where a subject running up to `end` may start
            // (read off `subject`'s parts): outside parentheses it crosses a
            // comma only in an apposition (`Ruiz, 54, said`: two or three
            // commas) or with one comma right before the cue, and never
            // crosses `;`, `:`, `!`, `?` or an ellipsis (no part takes them;
            // no venue name is such a mark). `After the talks, Ruiz said`: the
            // starts before the comma are not tried.
            let is_comma = |k: usize| t[k].kind == TokenKind::Punct(',');
            // (The last `(`, barrier and comma, and the commas, in one pass.)
            let (mut last_paren, mut last_barrier, mut last_comma) = (None, None, None);
            // Commas in `s..end`, kept as `s` moves right.
            let mut commas = 0;
            for (k, tk) in t.iter().enumerate().take(end).skip(lo) {
                match tk.kind {
                    TokenKind::Punct('(') => last_paren = Some(k),
                    TokenKind::Punct(';' | ':' | '!' | '?') | TokenKind::Ellipsis => {
                        last_barrier = Some(k)
                    }
                    TokenKind::Punct(',') => {
                        last_comma = Some(k);
                        commas += 1;
                    }
                    _ => {}
                }
            }
            for s in lo..end {
                if s > lo && is_comma(s - 1) {
                    commas -= 1;
                }
                if last_paren.is_none_or(|p| p < s)
                    && (last_barrier.is_some_and(|b| b >= s)
                        || commas == 1 && last_comma != Some(end - 1)
                        || commas > 4)
                {
                    continue;
                }
                if !attribution::subject_may_start(self.cx, t, s, end) {
                    continue;
                }
                if let Ok((_, r)) = subject(Toks::new(t, s, end)) {
                    return Some(r);
                }
            }
            None
        };
        before(cue).or_else(|| {
            // `Murphy — after a knock-on-wood gesture — told me ...`: the
            // subject before an aside set off by dashes.
            let close = cue
                .checked_sub(1)
                .filter(|&k| k > lo && t[k].kind == TokenKind::Dash)?;
            let open = (lo..close).rev().find(|&k| t[k].kind == TokenKind::Dash)?;
            before(open)
        })
    }

    /// Where the reported clause that holds quote `q` ends (exclusive token):
    /// before a trailing `, X said`, else before the sentence's final punctuation.
    fn clause_end(&self, from: usize) -> usize {
        let t = self.toks();
        if from >= t.len() || from == 0 {
            return from;
        }
        // The sentence of the token before `from`: a clause never runs into
        // the next sentence or paragraph.
        let s = self.sentence_of(from - 1);
        if from >= s.end {
            return from;
        }
        self.reported_end(from, s.end).max(from)
    }

    fn push(&mut self, st: Statement, end_tok: usize) {
        self.last_end = self.last_end.max(end_tok);
        self.out.push(st);
    }

    /// A quote's content, one part per paragraph when the quote runs on
    /// into later paragraphs (each reopened with a mark).
    fn paragraph_parts(&self, q: &Quotation) -> Vec<Span> {
        let t = self.toks();
        if q.reopened.is_empty() {
            return vec![q.content];
        }
        let mut parts = Vec::new();
        let mut start = q.content.start;
        for &r in &q.reopened {
            if r == 0 || r >= t.len() || t[r].start <= start || t[r].start >= q.content.end {
                continue;
            }
            let end = t[r - 1].end.max(start);
            if end > start {
                parts.push(Span::new(start, end));
            }
            start = t
                .get(r + 1)
                .map_or(t[r].end, |n| n.start)
                .min(q.content.end);
        }
        if q.content.end > start {
            parts.push(Span::new(start, q.content.end));
        }
        if parts.is_empty() {
            parts.push(q.content);
        }
        parts
    }

    fn base(&self, q: &Quotation, kind: Kind, frame: Frame) -> Statement {
        let p = &self.seg.paragraphs[q.first_paragraph];
        Statement {
            parts: self.paragraph_parts(q),
            kind,
            quotes: vec![q.content],
            speaker: None,
            cue: None,
            venue: None,
            segment: p.kind,
            outlet: p.outlet.clone(),
            paragraph: q.first_paragraph,
            nested: q.depth > 0,
            frame,
        }
    }

    /// The reported clause around a quote whose cue at token `c` comes
    /// before it, when the clause holds words outside the marks: from the
    /// end of the attribution (`said it was`, `called`, `said that`) to the
    /// clause's end. None when the quote is the whole clause (`said: "Q"`,
    /// `said "Q."`) or is introduced by a colon.
    fn clause_around(&self, q: &Quotation, c: usize, attr: &Attr) -> Option<(usize, usize)> {
        let t = self.toks();
        let close = q.close?;
        // `according to X, "Q"`: the source frame names its speaker; the quote is the statement.
        if q.depth > 0
            || q.open == 0
            || attr.speaker.is_some()
            || t[q.open - 1].kind == TokenKind::Punct(':')
        {
            return None;
        }
        let cue_end = attr.cue.as_ref().map_or(c + 1, |cm| cm.tokens.end);
        let from = if attr.end > c && attr.end <= q.open {
            attr.end
        } else {
            cue_end
        };
        let wordy = |r: Range<usize>| {
            r.into_iter()
                .any(|k| t[k].is_word() || t[k].kind == TokenKind::Number)
        };
        // A quote ending in its own stop or comma (`said, "... ahead of us,"
        // warning`, `chanted "Jobs, jobs!" while`) closes the clause.
        let closed = close > q.inner.start
            && matches!(
                t[close - 1].kind,
                TokenKind::Punct('.' | ',' | '!' | '?' | ';')
            );
        let to = if closed {
            close + 1
        } else {
            self.clause_end(close + 1)
        };
        // `declared "BIG PROGRESS ON RUSSIA" in a social media update but
        // did not ...`: the quote is the cue's whole object; what follows is
        // where it was said and what else the speaker did.
        let whole_object = !wordy(from..q.open)
            && t.get(close + 1).is_some_and(|n| {
                n.is_word()
                    && (attribution::is_circumstance_word(self.cx.text, n)
                        || matches!(n.text(self.cx.text), "but" | "and" | "then"))
            });
        (!whole_object && (wordy(from..q.open) || wordy(close + 1..to))).then_some((from, to))
    }

    /// The speech or writing cue, between `lo` and cue `c`, whose reported
    /// clause (no `that`, or with it) opens with the subject of `c`:
    /// `said both leaders had agreed` for `agreed`. The outermost one wins.
    fn outer_cue(&self, c: usize, lo: usize) -> Option<usize> {
        let t = self.toks();
        let mut found = None;
        let mut inner = c;
        for c2 in (lo..inner).rev() {
            if c2 >= inner || !t[c2].starts_cue() {
                continue;
            }
            // Only the words of one clause lie between: no comma, colon,
            // dash or quote mark, and a few words at most.
            let between = |from: usize| {
                from < inner
                    && inner - from <= 6
                    && (from..inner).all(|k| t[k].is_word() || t[k].kind == TokenKind::Possessive)
            };
            let Ok((_, (attr, at))) = attribution::clause_lead(self.cx)(Toks::new(t, c2, inner))
            else {
                continue;
            };
            let speech = attr.cue.as_ref().is_some_and(|cm| {
                matches!(
                    self.cx.lex.cues[cm.entry as usize].class,
                    crate::lexicon::CueClass::Speech | crate::lexicon::CueClass::Writing
                )
            });
            // `As Guthrie noted, the company admitted ...`: an aside, not a report.
            let aside = (c2..at).any(|k| t[k].kind == TokenKind::Punct(','));
            if speech && !aside && between(at) {
                found = Some(c2);
                inner = c2;
            }
        }
        found
    }

    /// `The golf industry, she said, is "doing much better"`: the words
    /// before a parenthetical attribution (a speaker set off by commas, from
    /// the sentence start) open the statement the attribution reports.
    fn parenthetical_lead(
        &self,
        speaker: Option<&Range<usize>>,
        attr: &Attr,
        s_lo: usize,
    ) -> Option<Range<usize>> {
        let t = self.toks();
        let r = speaker?;
        let comma = r.start.checked_sub(1)?;
        let lo = s_lo.max(self.last_end);
        // The attribution closes with a comma too: `, she said, is ...`.
        let cue_end = attr.cue.as_ref()?.tokens.end;
        let closed = r.end <= cue_end
            && (cue_end..(cue_end + 6).min(t.len()))
                .find(|&k| !t[k].is_word() || t[k].kind == TokenKind::Number)
                .is_some_and(|k| t[k].kind == TokenKind::Punct(','));
        (closed
            && comma > lo
            && t[comma].kind == TokenKind::Punct(',')
            && (lo..comma).any(|k| t[k].is_word())
            && (lo..comma).all(|k| !t[k].is_quote() && !t[k].starts_cue()))
        .then_some(lo..comma)
    }

    /// `But`, `Of course`, `Furthermore`: words that join the sentence to
    /// the one before, which report nothing.
    fn connective_only(&self, r: &Range<usize>) -> bool {
        let t = self.toks();
        r.clone().filter(|&k| t[k].is_word()).all(|k| {
            // (Compared in place, the suffix ignoring case as the list does.)
            let w = t[k].text(self.cx.text).as_bytes();
            w.len() >= 2 && w[w.len() - 2..].eq_ignore_ascii_case(b"ly")
                || in_list(t[k].text(self.cx.text), reported::CONNECTIVES)
        })
    }

    /// `In an interview on Tuesday`, `At a rally`, `Just last week`: where
    /// or when it was said, which is no part of what was said.
    fn venue_or_time(&self, r: &Range<usize>) -> bool {
        let t = self.toks();
        let cx = self.cx;
        // A word or two may lead in (`Later in the piece`, `Just last week`).
        (r.start..(r.start + 3).min(r.end)).any(|from| {
            let read = nom::multi::many1(nom::branch::alt((
                nom::combinator::map(attribution::venue(cx), |_| ()),
                nom::combinator::map(attribution::post_adverbial(cx), |_| ()),
            )));
            nom::Parser::parse(&mut { read }, Toks::new(t, from, r.end))
                .is_ok_and(|(rest, _)| rest.is_empty())
        })
    }

    /// Words before a parenthetical attribution that set the scene or
    /// name the speaker rather than report: a prepositional phrase (`In
    /// the excerpt`, `At a rally`), a participle (`Holding open a book`),
    /// or a name (`John Dickey, the chief executive, told ...`).
    fn frames_the_speaker(&self, r: &Range<usize>) -> bool {
        let t = self.toks();
        let text = self.cx.text;
        let Some(first) = r.clone().find(|&k| t[k].is_word()) else {
            return true;
        };
        let w = t[first].text(text).to_ascii_lowercase();
        matches!(w.as_str(), "in" | "at" | "on" | "during" | "from" | "with")
            || w.ends_with("ing")
            || r.clone()
                .filter(|&k| t[k].is_word())
                .all(|k| t[k].has(tokens::Token::CAPITALIZED))
    }

    /// Puts `lead` before the first part of the statement pushed at `n`.
    fn lead_part(&mut self, n: usize, lead: Option<Range<usize>>) {
        if let (Some(lead), true) = (lead, n < self.out.len()) {
            let span = self.span_of(&lead);
            let st = &mut self.out[n];
            if span.end <= st.parts[0].start {
                st.parts.insert(0, span);
            }
        }
    }

    /// A mixed statement over tokens `[from, to)`, holding the quotes there.
    fn mixed(
        &mut self,
        q: &Quotation,
        from: usize,
        to: usize,
        attr: &Attr,
        speaker: Option<Range<usize>>,
    ) {
        let (mut from, mut to) = (from, to);
        // A loop, not recursion: `and that ... and that ...` may run long.
        loop {
            if from >= to || to > self.toks().len() {
                return;
            }
            let span = self.span_of(&(from..to));
            let k = self.quotes.partition_point(|x| x.open < from);
            let quoted: Vec<Span> = self.quotes[k..]
                .iter()
                .take_while(|x| x.open < to)
                .filter(|x| x.depth == q.depth)
                .map(|x| x.content)
                .collect();
            self.use_quotes_in(from..to);
            let kind = if quoted.is_empty() {
                Kind::Indirect
            } else {
                Kind::Mixed
            };
            let mut st = self.base(q, kind, Frame::Clause);
            st.parts = vec![span];
            st.quotes = quoted;
            st.speaker = speaker.clone().map(|r| self.mention(&r));
            st.cue = self.cue(attr);
            st.venue = self.venue(attr);
            let end = attr.end.max(to);
            self.push(st, end);
            // `says that the company has "resolved the issue" and that it is
            // "working with ..."`: the same cue governs the next clause.
            let t = self.toks();
            let and_that = to + 2 < t.len()
                && t[to].is_word()
                && matches!(t[to].text(self.cx.text), "and" | "but")
                && t[to + 1].is_word()
                && t[to + 1].text(self.cx.text) == "that"
                && self.sentence_of(to).contains(&(to + 2));
            if !and_that {
                return;
            }
            from = to + 2;
            to = self.clause_end(from);
        }
    }

    fn read_quote(&mut self, qi: usize) {
        let q = self.quotes[qi].clone();
        let t = self.toks();
        let par = &self.seg.paragraphs[q.first_paragraph];
        if par.kind == SegmentKind::Boilerplate {
            return;
        }
        // Windows stay inside the parent quote for nested quotes.
        let (lo, hi) = match q.parent {
            Some(p) => (self.quotes[p].inner.start, self.quotes[p].inner.end),
            None => (
                par.tokens.start,
                self.seg.paragraphs[q.last_paragraph].tokens.end,
            ),
        };
        if self.is_name_or_title(&q) {
            return;
        }
        self.used[qi] = true;
        let open_sentence = self.sentence_of(q.open);
        let s_lo = open_sentence.start.max(lo);

        // 1. After the quote: `"Q," X said.`
        if let Some(close) = q.close {
            let from = close + 1;
            // The attribution is in the quote's own sentence, or, after a
            // quote that ends its sentence (`"Are you?" Trump asked.`), is the
            // whole of the next one.
            let own_end = self.sentence_of(close).end.max(from);
            let to = hi.min(from + WINDOW).min(own_end);
            let own = (from < to).then(|| self.after_quote_at(from, to)).flatten();
            let next = || {
                if own_end != from || from >= hi {
                    return None;
                }
                let next_end = self.sentence_of(from).end.min(hi);
                let (rest, attr) = self.after_quote_at(from, next_end.min(from + WINDOW))?;
                // `Miller said pleasantly into the phone.` is the quote's
                // attribution; `He did not say when ...` is a new sentence.
                let cue = attr.cue.as_ref()?.tokens.start;
                let negated = (from..cue).any(|k| {
                    t[k].is_word()
                        && matches!(
                            t[k].text(self.cx.text),
                            "not" | "never" | "didn't" | "doesn't" | "won't" | "wouldn't"
                        )
                });
                let complement = rest.first().is_some_and(|n| {
                    n.is_word()
                        && matches!(
                            n.text(self.cx.text),
                            "that" | "when" | "whether" | "if" | "what" | "how" | "why" | "who"
                        )
                });
                let only_punct = (rest.pos..next_end).all(|k| !t[k].is_word());
                // What may follow the cue: where, when or how it was said,
                // never a reported clause (`She said she expected ...`).
                let circumstance = rest.first().is_some_and(|n| {
                    !n.is_word()
                        || n.text(self.cx.text).ends_with("ly")
                        || attribution::is_circumstance_word(self.cx.text, n)
                });
                let ok = only_punct
                    || !negated
                        && !complement
                        && circumstance
                        && !(rest.pos..next_end).any(|k| t[k].is_quote());
                ok.then_some(((), attr))
            };
            if from < hi {
                if let Some((_, attr)) = own.map(|(_, a)| ((), a)).or_else(next) {
                    if q.depth > 0 || self.opens_clause(&q) {
                        let mut st = self.base(&q, Kind::Direct, Frame::After);
                        st.speaker = attr.speaker.as_ref().map(|r| self.mention(r));
                        st.cue = self.cue(&attr);
                        st.venue = self
                            .venue(&attr)
                            .or_else(|| self.venue_before(s_lo, q.open));
                        // `"A," he said, "B."`: the second part of one statement.
                        let mut end = attr.end;
                        if let Some(next) = self.resumed_quote(attr.end, hi) {
                            let nq = self.quotes[next].clone();
                            if nq.depth == q.depth {
                                self.used[next] = true;
                                st.parts.push(nq.content);
                                st.quotes.push(nq.content);
                                end = nq.close.unwrap_or(nq.inner.end);
                            }
                        }
                        self.push(st, end);
                    } else {
                        let from = self.last_end.max(s_lo).min(q.open);
                        let to = close + 1;
                        self.mixed(&q, from, to, &attr, attr.speaker.clone());
                    }
                    return;
                }
            }
        }

        // 2. Before the quote: `X said: "Q"`, `X said it "Q"`, `X said (that) ... "Q"`.
        let cue_lo = if q.depth > 0 {
            s_lo.max(q.open.saturating_sub(WINDOW))
        } else {
            s_lo.max(q.open.saturating_sub(WINDOW))
                .max(self.last_end.min(q.open))
        };
        for c in (cue_lo..q.open).rev() {
            if !t[c].starts_cue() {
                continue;
            }
            // `Witkoff said both leaders had agreed to provide "robust ..."`:
            // the report that holds the nearer cue's clause is the statement.
            let c = self.outer_cue(c, cue_lo).unwrap_or(c);
            let win = Toks::new(t, c, q.open);
            if let Ok((_, (attr, lead))) = before_quote(self.cx)(win) {
                // `saying the 'blues-screen of death' was caused by ...`: a
                // quoted noun phrase that opens a reported clause, not a
                // partial quote (`called it a "..."` is one).
                let article_before = q.open > 0
                    && t[q.open - 1].is_word()
                    && in_list(t[q.open - 1].text(self.cx.text), &["the", "a", "an"]);
                let naming = attr.cue.as_ref().is_some_and(|c| {
                    self.cx.lex.cues[c.entry as usize]
                        .frames
                        .has(crate::lexicon::Frames::AS)
                });
                if lead == Lead::Partial
                    && article_before
                    && !naming
                    && clause_lead(self.cx)(win).is_ok()
                {
                    let (_, (cattr, clause_at)) = clause_lead(self.cx)(win).expect("checked");
                    let speaker = self
                        .coordinated_subject(c, s_lo)
                        .or_else(|| self.find_subject(s_lo, c))
                        .or_else(|| self.participle_subject(c, s_lo));
                    let to = self.clause_end(q.close.map_or(q.inner.end, |c| c + 1));
                    self.mixed(
                        &q,
                        clause_at,
                        to.max(q.close.map_or(q.inner.end, |c| c + 1)),
                        &cattr,
                        speaker,
                    );
                    return;
                }
                let speaker = attr
                    .speaker
                    .clone()
                    .or_else(|| self.participle_subject(c, s_lo))
                    .or_else(|| self.coordinated_subject(c, s_lo))
                    .or_else(|| self.find_subject(s_lo, c));
                // `said it was "absolutely clear" that ...`, `called the speech
                // a "critical moment" for Trump`: quoted words inside the
                // clause the cue governs make one mixed statement of it.
                if let Some((from, to)) = self.clause_around(&q, c, &attr) {
                    let speaker = speaker.or_else(|| self.relative_that(c, s_lo, from));
                    let lead = self.parenthetical_lead(speaker.as_ref(), &attr, s_lo);
                    let n = self.out.len();
                    self.mixed(&q, from, to, &attr, speaker);
                    self.lead_part(n, lead);
                    return;
                }
                let frame = if lead == Lead::Partial {
                    Frame::Partial
                } else {
                    Frame::Before
                };
                // `As Freddy stumbled, Mr. Trump said, "I watched him."`: the
                // words before a parenthetical attribution are the report's
                // first part, in the writer's words (PolNeAR's convention).
                let lead = (frame == Frame::Before)
                    .then(|| self.parenthetical_lead(speaker.as_ref(), &attr, s_lo))
                    .flatten()
                    .filter(|r| {
                        !self.connective_only(r)
                            && !self.venue_or_time(r)
                            && !self.frames_the_speaker(r)
                            // (`..., saying "..."`: the participle's sentence
                            // is the writer's.)
                            && !attr
                                .cue
                                .as_ref()
                                .is_some_and(|cm| t[cm.tokens.end - 1].text(self.cx.text).ends_with("ing"))
                    });
                let mut st = self.base(&q, Kind::Direct, frame);
                st.speaker = speaker.map(|r| self.mention(&r));
                st.cue = self.cue(&attr);
                st.venue = self
                    .venue(&attr)
                    .or_else(|| self.venue_after(&q, hi))
                    .or_else(|| self.venue_before(s_lo, c));
                let end = q.close.unwrap_or(q.inner.end);
                let n = self.out.len();
                if lead.is_some() {
                    st.kind = Kind::Mixed;
                }
                self.push(st, end);
                self.lead_part(n, lead);
                return;
            }
            if let Ok((_, (attr, clause_at))) = clause_lead(self.cx)(win) {
                if clause_at < q.open && q.depth == 0 && q.open - c <= 20 {
                    let speaker = self
                        .participle_subject(c, s_lo)
                        .or_else(|| self.coordinated_subject(c, s_lo))
                        .or_else(|| self.find_subject(s_lo, c))
                        .or_else(|| self.relative_that(c, s_lo, clause_at));
                    // `pointed out that she was "sure it's been a long day,"
                    // but the damage was done`: a quote ending in its own
                    // comma, then `but`, closes the clause.
                    let comma_but = q.close.is_some_and(|cl| {
                        cl > q.inner.start
                            && t[cl - 1].kind == TokenKind::Punct(',')
                            && t.get(cl + 1).is_some_and(|n| {
                                n.is_word() && matches!(n.text(self.cx.text), "but" | "while")
                            })
                    });
                    let to = match q.close {
                        Some(cl) if comma_but => cl + 1,
                        _ => self.clause_end(q.close.map_or(q.inner.end, |c| c + 1)),
                    };
                    let lead = self.parenthetical_lead(speaker.as_ref(), &attr, s_lo);
                    let n = self.out.len();
                    self.mixed(
                        &q,
                        clause_at,
                        to.max(q.close.map_or(q.inner.end, |c| c + 1)),
                        &attr,
                        speaker,
                    );
                    self.lead_part(n, lead);
                    return;
                }
            }
        }

        // 2b. `CEO @George_Kurtz speaks on TODAY about the outages that
        // started earlier today: "..."`: a long lead with a speech cue, then
        // a colon, introduces the quote.
        if q.depth == 0 && q.open > s_lo + 2 && t[q.open - 1].kind == TokenKind::Punct(':') {
            let colon = q.open - 1;
            let found = (s_lo.max(self.last_end.min(colon))..colon)
                .filter(|&c| t[c].starts_cue())
                .find_map(|c| {
                    let (_, cm) = attribution::cue(self.cx, crate::lexicon::Frames::BEFORE)(
                        Toks::new(t, c, colon),
                    )
                    .ok()?;
                    let class = self.cx.lex.cues[cm.entry as usize].class;
                    if !matches!(
                        class,
                        crate::lexicon::CueClass::Speech | crate::lexicon::CueClass::Writing
                    ) {
                        return None;
                    }
                    let who = self.find_subject(s_lo, c)?;
                    Some((cm, who))
                });
            if let Some((cm, who)) = found {
                let attr = Attr {
                    cue: Some(cm),
                    speaker: Some(who.clone()),
                    ..Attr::default()
                };
                let mut st = self.base(&q, Kind::Direct, Frame::Colon);
                st.speaker = Some(self.mention(&who));
                st.cue = self.cue(&attr);
                let end = q.close.unwrap_or(q.inner.end);
                self.push(st, end);
                return;
            }
        }

        // 3. `Zelensky: "..."`, or a headline `CEO 'deeply sorry' after ...`.
        if q.depth == 0 && q.open > s_lo {
            let lead = Toks::new(t, s_lo, q.open);
            let by_colon = colon_speaker(self.cx)(lead).ok().map(|(_, r)| r);
            let by_heading = par
                .heading
                .then(|| {
                    nom::sequence::terminated(speaker_np(self.cx), input::eof)
                        .parse(lead)
                        .ok()
                        .map(|(_, r)| r)
                })
                .flatten();
            if let Some(r) = by_colon.or(by_heading) {
                let mut st = self.base(&q, Kind::Direct, Frame::Colon);
                st.speaker = Some(self.mention(&r));
                let end = q.close.unwrap_or(q.inner.end);
                self.push(st, end);
                return;
            }
        }

        // 4. The sentence's own tail: `... "Q" ..., she said.`
        if q.depth == 0 {
            if let Some(close) = q.close {
                let s = self.sentence_of(close);
                for k in close + 1..s.end {
                    if t[k].is_quote() {
                        break;
                    }
                    if t[k].kind != TokenKind::Punct(',') {
                        continue;
                    }
                    if let Some((rest, attr)) = self.after_quote_at(k, s.end.min(k + WINDOW)) {
                        let tail_ok = (rest.pos..s.end).all(|j| !t[j].is_word());
                        if tail_ok {
                            let from = self.last_end.max(s_lo).min(q.open);
                            self.mixed(&q, from, k, &attr, attr.speaker.clone());
                            return;
                        }
                    }
                }
            }
        }

        // 5. Context: a whole-sentence quote continues the last speaker or
        //    takes one named in the paragraph before.
        if q.depth == 0 && self.is_whole_sentence(&q) {
            let end = q.close.unwrap_or(q.inner.end);
            if let Some(st) = self.from_context(&q) {
                self.push(st, end);
                return;
            }
            if q.content.of(self.cx.text).split_whitespace().count() >= 3 {
                let st = self.base(&q, Kind::Direct, Frame::Unattributed);
                self.push(st, end);
                return;
            }
        }
        // 6. `Kasich resisted: "..."`, `From the report: "..."`: a quote after
        //    a colon that runs to its sentence's end is someone's words,
        //    even where no cue before the colon is known.
        if q.depth == 0 && q.open > 0 && t[q.open - 1].kind == TokenKind::Punct(':') {
            if let Some(close) = q.close {
                if self.ends_sentence(close)
                    && q.content.of(self.cx.text).split_whitespace().count() >= 4
                {
                    let mut st = self.base(&q, Kind::Direct, Frame::Unattributed);
                    // (`Kasich resisted:`: the sentence's subject, if one
                    // reads up to a verb before the colon.)
                    {
                        let s = self.sentence_of(q.open);
                        if let Some(r) = (s.start + 1..q.open - 1)
                            .find(|&v| t[v].is_word() && !t[v].has(Token::CAPITALIZED))
                            .and_then(|v| self.find_subject(s.start, v))
                            .filter(|r| r.start == s.start)
                        {
                            st.speaker = Some(self.mention(&r));
                        }
                    }
                    self.push(st, close);
                    return;
                }
            }
        }
        self.used[qi] = false;
    }

    /// `He went out with Rep. Greene in D.C., joking, "..."`: a participle cue
    /// after a comma shares the subject at the start of its sentence.
    fn participle_subject(&self, cue: usize, s_lo: usize) -> Option<Range<usize>> {
        let t = self.toks();
        let after_comma = cue > s_lo && t[cue - 1].kind == TokenKind::Punct(',');
        if !t[cue].text(self.cx.text).ends_with("ing") {
            return None;
        }
        // `Zucker responded by saying ...`, `..., before insisting ...`: a
        // participle after a preposition of manner or time shares the
        // sentence's subject.
        let after_preposition =
            cue > s_lo && in_list(t[cue - 1].text(self.cx.text), PARTICIPLE_LEADS);
        if after_preposition {
            let k = cue - 1;
            let lo = if k > s_lo && t[k - 1].kind == TokenKind::Punct(',') {
                k - 1
            } else {
                k
            };
            return self.sentence_subject(s_lo, lo);
        }
        if !after_comma {
            return None;
        }
        // `..., Kurtz clarified, saying ...`: the attribution right before
        // the participle names its speaker.
        let comma = cue - 1;
        let attributed = (s_lo..comma)
            .rev()
            .take(WINDOW)
            .filter(|&k| t[k].kind == TokenKind::Punct(','))
            .find_map(|k| {
                let (rest, attr) = self.after_quote_at(k, comma)?;
                rest.is_empty().then_some(attr.speaker).flatten()
            });
        attributed.or_else(|| self.sentence_subject(s_lo, cue))
    }

    /// `said Mr. Ekovich, who noted that prices had "cratered"`: the
    /// antecedent of a relative pronoun before the cue, when the cue opens a
    /// clause with `that` (`who has argued his case on CNN` reports nothing).
    fn relative_that(&self, c: usize, s_lo: usize, from: usize) -> Option<Range<usize>> {
        let t = self.toks();
        let that = from > 0 && t[from - 1].text(self.cx.text).eq_ignore_ascii_case("that");
        that.then(|| self.relative_subject(c, s_lo)).flatten()
    }

    /// The subject of a sentence's main clause: a mention (with an optional
    /// apposition) followed by a verb, at the sentence start or after a
    /// fronted phrase and its comma (`Appearing before supporters, Suu Kyi,
    /// 70, said ...`).
    fn sentence_subject(&self, s_lo: usize, limit: usize) -> Option<Range<usize>> {
        let t = self.toks();
        let starts = std::iter::once(s_lo).chain(
            (s_lo..limit)
                .filter(|&k| t[k].kind == TokenKind::Punct(','))
                .map(|k| k + 1),
        );
        for st in starts.take(4) {
            if st >= limit {
                break;
            }
            // `Carson, Fiorina and Huckabee have all characterized ...`: a
            // compound subject, else one mention.
            let compound = nom::combinator::map(
                (
                    speaker_np(self.cx),
                    nom::multi::many0((
                        nom::combinator::opt(input::punct(',')),
                        speaker_np(self.cx),
                    )),
                    input::word_in(self.cx, &["and", "or"]),
                    speaker_np(self.cx),
                ),
                |(a, _, _, b)| a.start..b.end,
            );
            let parsed = (
                nom::branch::alt((compound, speaker_np(self.cx))),
                nom::combinator::opt(attribution::apposition(self.cx)),
            )
                .parse(Toks::new(t, st, limit));
            if let Ok((rest, (r, _))) = parsed {
                let verb = |rest: Toks<'_, '_>| {
                    rest.first().is_some_and(|n| {
                        n.is_word()
                            && !n.has(Token::CAPITALIZED)
                            && !attribution::is_function_word(self.cx.text, n)
                    }) || rest.first().is_some_and(|n| {
                        n.is_word()
                            && matches!(
                                n.text(self.cx.text),
                                "has"
                                    | "had"
                                    | "have"
                                    | "was"
                                    | "were"
                                    | "is"
                                    | "are"
                                    | "also"
                                    | "then"
                                    | "later"
                            )
                    })
                };
                // `Joan Ellery on Sunday hailed`: times and adverbs before the
                // verb (the adverbials include auxiliaries: `Obama has been
                // on the sidelines` is read at `has`).
                let after = nom::multi::many0(attribution::adverbial(self.cx))
                    .parse(rest)
                    .map(|(r, _)| r)
                    .unwrap_or(rest);
                if verb(rest) || verb(after) {
                    return Some(r);
                }
            }
        }
        None
    }

    /// `X said A and called it "Q"`: a cue after `and`/`but` shares the
    /// subject of the statement before it in the sentence.
    fn coordinated_subject(&self, cue: usize, s_lo: usize) -> Option<Range<usize>> {
        let t = self.toks();
        let mut k = cue;
        while k > s_lo && attribution::adverbial(self.cx)(Toks::new(t, k - 1, cue)).is_ok() {
            k -= 1;
        }
        // `and said`, `but said`, `paused, then said`.
        let joined = k > s_lo
            && (t[k - 1].is_word()
                && matches!(t[k - 1].text(self.cx.text), "and" | "but" | "then")
                || t[k - 1].kind == TokenKind::Punct(',')
                    && k < cue
                    && t[k].text(self.cx.text) == "then");
        if !joined {
            return None;
        }
        // The subject at the start of the sentence: `The manager stood ... and said`.
        if let Some(r) = self.sentence_subject(s_lo, k) {
            return Some(r);
        }
        // Else the speaker of the last statement whose cue is in this sentence, before this cue.
        let prev = self
            .out
            .iter()
            .rev()
            .take(16)
            .filter(|st| {
                st.cue
                    .as_ref()
                    .is_some_and(|cu| cu.span.start >= t[s_lo].start && cu.span.end <= t[cue].start)
            })
            .max_by_key(|st| st.cue.as_ref().map(|cu| cu.span.start))?;
        let sp = prev.speaker.as_ref()?;
        (sp.span.start >= t[s_lo].start).then(|| {
            let a = t.partition_point(|x| x.start < sp.span.start);
            let b = t.partition_point(|x| x.end <= sp.span.end);
            a..b.max(a + 1)
        })
    }

    /// A venue in the part of the sentence before the attribution:
    /// `Speaking on NBC's Today, Kurtz said:`, `Issuing a statement, ...`.
    fn venue_before(&self, from: usize, to: usize) -> Option<Venue> {
        let t = self.toks();
        let to = to.min(from + WINDOW);
        (from..to).find_map(|k| {
            let after_participle =
                k > from && t[k - 1].is_word() && t[k - 1].text(self.cx.text).ends_with("ing");
            let found = attribution::venue(self.cx)(Toks::new(t, k, to))
                .ok()
                .or_else(|| {
                    after_participle
                        .then(|| attribution::venue_object(self.cx)(Toks::new(t, k, to)).ok())
                        .flatten()
                });
            found.map(|(_, r)| {
                let span = self.span_of(&r);
                Venue {
                    span,
                    text: span.of(self.cx.text).to_string(),
                }
            })
        })
    }

    /// A venue phrase after a partial quote: `called that an "abject lie" in a statement on Telegram`.
    fn venue_after(&self, q: &Quotation, hi: usize) -> Option<Venue> {
        let close = q.close?;
        let s = self.sentence_of(close);
        let to = s.end.min(hi);
        (close + 1..to)
            .find_map(|k| attribution::venue(self.cx)(Toks::new(self.toks(), k, to)).ok())
            .map(|(_, r)| {
                let span = self.span_of(&r);
                Venue {
                    span,
                    text: span.of(self.cx.text).to_string(),
                }
            })
    }

    /// A named person as the subject of a sentence: a mention with a capitalized
    /// name, an optional apposition (`, 61,` / `, Ruth Okafor,`), then a verb.
    fn named_subject(&self, sentence: Range<usize>) -> Option<Range<usize>> {
        let t = self.toks();
        let (rest, (r, appos)) = (
            speaker_np(self.cx),
            nom::combinator::opt(attribution::apposition(self.cx)),
        )
            .parse(Toks::new(t, sentence.start, sentence.end))
            .ok()?;
        let verb_next = rest
            .first()
            .is_some_and(|n| n.is_word() && !n.has(Token::CAPITALIZED) && !n.is_pronoun());
        if !verb_next {
            return None;
        }
        // `Harlan's lawyer, Ruth Okafor,`: the apposition names the person.
        if let Some(a) = appos {
            if let Ok((inner, name)) = speaker_np(self.cx)(Toks::new(t, a.start + 1, a.end - 1)) {
                let named = t[name.clone()]
                    .iter()
                    .any(|x| x.has(Token::CAPITALIZED) && !x.is_title());
                if inner.is_empty()
                    && named
                    && !t[r.clone()].iter().any(|x| {
                        x.has(Token::CAPITALIZED)
                            && !x.is_title()
                            && x.kind == TokenKind::Word
                            && r.len() == 1
                    })
                {
                    return Some(name);
                }
            }
        }
        let named = t[r.clone()]
            .iter()
            .any(|x| x.has(Token::CAPITALIZED) && !x.is_title());
        named.then_some(r)
    }

    fn from_context(&self, q: &Quotation) -> Option<Statement> {
        let t = self.toks();
        let par = &self.seg.paragraphs[q.first_paragraph];
        // A person named as the subject of the sentence just before, in the
        // same paragraph, when that sentence reports nothing itself:
        // `Harlan's lawyer, Ruth Okafor, was more combative. "..."`.
        let s = self.sentence_of(q.open);
        if s.start > par.tokens.start {
            let before = self.sentence_of(s.start - 1);
            // Only recent statements can overlap the sentence just before.
            let reported = self.out.iter().rev().take(16).any(|st| {
                let sp = st.span();
                sp.start < t[before.end - 1].end && sp.end > t[before.start].start
            });
            if !reported {
                if let Some(r) = self.named_subject(before.clone()) {
                    let mut st = self.base(q, Kind::Direct, Frame::Context);
                    st.speaker = Some(self.mention(&r));
                    return Some(st);
                }
            }
        }
        // Continuation of the previous statement's speaker.
        if let Some(prev) = self.out.iter().rev().find(|s| !s.nested) {
            let close_enough = prev.paragraph + 1 >= q.first_paragraph || {
                let prev_end = self.seg.paragraph_of(
                    t.partition_point(|x| x.end <= prev.span().end)
                        .min(t.len() - 1),
                );
                prev_end + 1 >= q.first_paragraph
            };
            if close_enough && prev.segment == par.kind && prev.speaker.is_some() {
                let mut st = self.base(q, Kind::Direct, Frame::Continuation);
                st.speaker = prev.speaker.clone();
                st.cue = prev.cue.clone();
                st.venue = prev.venue.clone();
                return Some(st);
            }
        }
        // A speaker named in the paragraph before: `X told reporters:` or `X spoke ...`.
        if q.open != par.tokens.start {
            return None;
        }
        let pi = q.first_paragraph.checked_sub(1)?;
        let prev_par = &self.seg.paragraphs[pi];
        if prev_par.kind != par.kind || prev_par.tokens.is_empty() {
            return None;
        }
        let last_sentence = prev_par.sentences.last()?.clone();
        let ends_colon = t[last_sentence.end - 1].kind == TokenKind::Punct(':');
        if ends_colon {
            for c in (last_sentence.start..last_sentence.end).rev() {
                if !t[c].starts_cue() {
                    continue;
                }
                if let Ok((_, (attr, Lead::Direct))) =
                    before_quote(self.cx)(Toks::new(t, c, last_sentence.end))
                {
                    let speaker = attr
                        .speaker
                        .clone()
                        .or_else(|| self.find_subject(last_sentence.start, c))?;
                    let mut st = self.base(q, Kind::Direct, Frame::Before);
                    st.speaker = Some(self.mention(&speaker));
                    st.cue = self.cue(&attr);
                    st.venue = self.venue(&attr);
                    return Some(st);
                }
            }
        }
        if prev_par.heading {
            return None;
        }
        let r = self.named_subject(last_sentence)?;
        let mut st = self.base(q, Kind::Direct, Frame::Context);
        st.speaker = Some(self.mention(&r));
        Some(st)
    }
}

fn title_case(text: &str, toks: &[Token]) -> bool {
    let words: Vec<&Token> = toks.iter().filter(|t| t.is_word()).collect();
    !words.is_empty()
        && words.len() <= 8
        && words
            .iter()
            .all(|t| t.has(Token::CAPITALIZED) || t.text(text).len() <= 3)
}

/// Read every statement of a segmented document, in text order.
pub fn read_statements(cx: Cx<'_, '_>, seg: &Segments<'_, '_>) -> Vec<Statement> {
    let quotes = pair_quotes(cx, seg);
    let n = quotes.len();
    let mut r = Reader {
        cx,
        seg,
        quotes,
        used: vec![false; n],
        // (Room for the statements of most documents, about twenty on
        // PolNeAR: no growing from empty, copying each time.)
        out: Vec::with_capacity(32),
        last_end: 0,
        speaker_tokens: Vec::new(),
        after_quotes: Default::default(),
    };
    let mut current_par = usize::MAX;
    for qi in 0..n {
        if r.used[qi] {
            continue;
        }
        let par = r.quotes[qi].first_paragraph;
        if par != current_par {
            current_par = par;
            r.last_end = r.last_end.max(seg.paragraphs[par].tokens.start);
        }
        r.read_quote(qi);
    }
    r.read_reported();
    r.gap_pronouns();
    let mut out = r.out;
    out.sort_by_key(|s| (s.parts[0].start, s.parts[0].end));
    out
}
