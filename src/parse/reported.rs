//! Reported speech: indirect statements, read after the quotations.
//!
//! Every sentence is scanned for a cue that no statement has used yet. The
//! frames, in the order they are tried at each cue (see
//! `grammar/ATTRIBUTION.md`, "Reported speech"):
//!
//! * `X said (that) CLAUSE`, `X told Y (that) CLAUSE`, `X asked whether ...`,
//!   `X urged Y to ...`, `X wants to ...`: the clause after the cue;
//! * `According to X, CLAUSE` and `CLAUSE, according to X.`;
//! * `CLAUSE, X said.` / `CLAUSE, said X.`, and the headline form
//!   `Putin agreed to ..., Trump envoy says`;
//! * `A, X said, B.`: a parenthetical attribution, one statement in two parts.
//!
//! The content runs to the end of the clause: the sentence end, a trailing
//! attribution, a semicolon, or `and that` (which starts a second statement
//! under the same cue).

use std::ops::Range;

use super::attribution::{Attr, FINITE_AUX, WINDOW, cue, is_function_word, reported_lead};
use nom::Input;

use super::input::{Toks, in_list};
use super::tokens::{Token, TokenKind};
use super::{Frame, Kind, Reader, Statement};
use crate::document::Span;
use crate::lexicon::Frames;
use crate::segment::SegmentKind;

/// Words that join a sentence to the one before (`Furthermore, he said,
/// ...`): never the content of a report.
pub(super) const CONNECTIVES: &[&str] = &[
    "furthermore",
    "moreover",
    "however",
    "meanwhile",
    "also",
    "still",
    "yet",
    "then",
    "instead",
    "later",
    "earlier",
    "now",
    "nonetheless",
    "nevertheless",
    "besides",
    "thus",
    "so",
    "and",
    "but",
    "in",
    "addition",
    "as",
    "a",
    "result",
    "the",
    "same",
    "time",
    "at",
    "first",
    "second",
    "third",
    "finally",
    "again",
    "otherwise",
    "indeed",
    "today",
    "tonight",
];
/// Words that close a stance's object: an adjunct of place or time begins.
const STANCE_STOPS: &[&str] = &["at", "during", "after", "before", "while", "when", "last"];
/// Prepositions that govern a relative pronoun (`in which`, `of whom`).
const RELATIVE_PREPOSITIONS: &[&str] = &[
    "in", "of", "to", "for", "by", "on", "with", "from", "about", "at", "under", "during",
    "through",
];
/// The words that stand between a passive or raising verb and its subject:
/// auxiliaries, `not`, `to`, and adverbs (`is now widely expected`).
fn is_aux_or_adverb(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "not"
            | "now"
            | "also"
            | "still"
            | "already"
            | "later"
            | "widely"
            | "often"
            | "long"
            | "generally"
            | "largely"
            | "once"
            | "never"
            | "initially"
            | "originally"
            | "n't"
            | "to"
    ) || w.ends_with("ly")
}

impl Reader<'_, '_, '_, '_> {
    /// `a senior fellow at the Brookings Institution`, `Politifact's
    /// editor`: words after `, said X,` that describe the speaker (a noun
    /// phrase with no finite verb), not a clause resuming the report.
    fn describes_speaker(&self, r: &Range<usize>) -> bool {
        let t = self.toks();
        let text = self.cx.text;
        let Some(first) = t.get(r.start).filter(|_| r.start < r.end) else {
            return false;
        };
        let opens_np = in_list(first.text(text), &["a", "an", "the"])
            || first.has(super::tokens::Token::CAPITALIZED)
                && t.get(r.start + 1)
                    .is_some_and(|n| n.kind == TokenKind::Possessive);
        opens_np
            && r.clone().all(|k| {
                !t[k].starts_cue() && !t[k].is_quote() && !in_list(t[k].text(text), FINITE_AUX)
            })
    }

    /// Tokens already used by a statement (content, speaker or cue).
    fn taken_mask(&self) -> Vec<bool> {
        let t = self.toks();
        let mut taken = vec![false; t.len()];
        // Contents and cues are used once; a speaker may report again
        // (`"...," X said, adding that ...`).
        let used = self.out.iter().flat_map(|s| {
            let cue = s.cue.as_ref().map(|c| c.span);
            s.parts.iter().copied().chain(cue)
        });
        mark_spans(t, used, &mut taken);
        // A quote that is a statement of its own is taken; a scare quote, a
        // title or a quoted phrase no frame attributed may sit inside a
        // reported clause (`said the talks were "productive"`: mixed).
        for (qi, q) in self.quotes.iter().enumerate() {
            if !self.used[qi] && q.depth == 0 && q.close.is_some() {
                continue;
            }
            let end = q.close.map_or(q.inner.end, |c| c + 1);
            for flag in taken.iter_mut().take(end.min(t.len())).skip(q.open) {
                *flag = true;
            }
        }
        taken
    }

    /// Where a reported clause starting at `from` ends (exclusive): the
    /// sentence end, a trailing attribution, a semicolon or dash aside, or
    /// `and that` / `but that`.
    pub(super) fn reported_end(&self, from: usize, s_end: usize) -> usize {
        let end = self.clause_stop(from, s_end);
        self.without_trailing_venue(from, end)
    }

    fn clause_stop(&self, from: usize, s_end: usize) -> usize {
        let t = self.toks();
        let text = self.cx.text;
        let mut k = from;
        while k < s_end {
            let tk = &t[k];
            match tk.kind {
                TokenKind::Punct(';') => return k,
                TokenKind::Punct(',') => {
                    let next = t.get(k + 1).filter(|_| k + 1 < s_end);
                    // `..., echoing a memo`, `..., citing`, `..., adding that`: a participle phrase.
                    let participle = next.is_some_and(|n| {
                        n.is_word()
                            && n.starts_cue()
                            && !n.has(super::tokens::Token::CAPITALIZED)
                            && n.text(text).ends_with("ing")
                            && n.text(text).len() > 4
                    });
                    let source =
                        next.is_some_and(|n| n.text(text).eq_ignore_ascii_case("according"));
                    if participle
                        || source
                        || self.after_quote_at(k, s_end.min(k + WINDOW)).is_some()
                    {
                        return k;
                    }
                    // `..., but warned that`, `..., and the shipping lines hope to`.
                    // `..., and`, `..., even as`, `..., while`: conjunctions
                    // and subordinators before a new report.
                    let mut after_conj = k + 1;
                    while after_conj < s_end.min(k + 3)
                        && in_list(
                            t[after_conj].text(text),
                            &[
                                "and", "but", "even", "as", "while", "although", "though",
                                "whereas", "because", "when",
                            ],
                        )
                    {
                        after_conj += 1;
                    }
                    if self.new_report_at(after_conj, s_end) {
                        return k;
                    }
                    // `..., which votes in March`, `..., while 4 in 10 want`,
                    // `..., and now they could`: a relative or subordinate
                    // clause, or a second main clause, is the writer's again.
                    if let Some(n) = next {
                        // (Compared in place: this runs at every comma.)
                        let w = n.text(text);
                        let aside =
                            in_list(w, &["while", "whereas", "although", "though", "compared"]);
                        let new_clause = in_list(w, &["and", "but"])
                            && t.get(k + 2).is_some_and(|m| {
                                k + 2 < s_end
                                    && in_list(
                                        m.text(text),
                                        &[
                                            "he", "she", "they", "we", "i", "it", "now", "then",
                                            "yet", "still",
                                        ],
                                    )
                            });
                        if aside || new_clause {
                            return k;
                        }
                    }
                }
                TokenKind::Word if matches!(tk.text(text), "and" | "but") => {
                    if t.get(k + 1)
                        .is_some_and(|n| k + 1 < s_end && n.is_word() && n.text(text) == "that")
                    {
                        return k;
                    }
                    // `Mills and another aide asked ...`: names joined at
                    // the clause's start are its subject, not two clauses.
                    // `both he and Rubio promised`, `the United States and its
                    // allies will seek`: a few words joined to what follows
                    // are one subject.
                    let listed_subject =
                        k > from && k - from <= 3 && (from..k).all(|j| t[j].is_word());
                    if !listed_subject && self.new_report_at(k + 1, s_end) {
                        return k;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let mut end = s_end;
        while end > from
            && matches!(
                t[end - 1].kind,
                TokenKind::Punct('.' | ',' | ';' | ':' | '!' | '?') | TokenKind::Dash
            )
        {
            end -= 1;
        }
        end
    }

    /// `criticized Trump on Twitter`, `praised the plan in an interview
    /// on Monday`: where it was said is not what was said.
    fn without_trailing_venue(&self, from: usize, end: usize) -> usize {
        let t = self.toks();
        let cx = self.cx;
        // Only the last few words can be a trailing venue or time.
        for k in end.saturating_sub(12).max(from + 1)..end {
            // (`paid attention to the debate`: `to` opens no venue of saying.)
            if !t[k].is_word() || t[k - 1].is_quote() || t[k].text(cx.text) == "to" {
                continue;
            }
            // (The reading opens with a venue: at a word that opens none, the
            // parsers are not built.)
            if !super::attribution::opens_venue(cx, &t[k]) {
                continue;
            }
            // A venue first (`on Twitter`, `in an interview`), then times: a
            // bare time (`resume on Friday`) belongs to what was said.
            let tail = Toks::new(t, k, end);
            let read = (
                super::attribution::venue(cx),
                nom::multi::many0(nom::branch::alt((
                    nom::combinator::map(super::attribution::venue(cx), |_| ()),
                    nom::combinator::map(super::attribution::post_adverbial(cx), |_| ()),
                ))),
            );
            if let Ok((rest, _)) = nom::Parser::parse(&mut { read }, tail) {
                if rest.is_empty() {
                    return k;
                }
            }
        }
        end
    }

    /// A new report starts at `k`: a cue right there (`warned that`), or a
    /// subject and its cue (`the shipping lines hope to`).
    pub(super) fn new_report_at(&self, k: usize, s_end: usize) -> bool {
        let t = self.toks();
        if k >= s_end {
            return false;
        }
        let clause_cue = |j: usize| {
            cue(self.cx, Frames::CLAUSE)(Toks::new(t, j, s_end)).is_ok()
                || cue(self.cx, Frames::OBJECT)(Toks::new(t, j, s_end)).is_ok()
                || cue(self.cx, Frames::STANCE)(Toks::new(t, j, s_end)).is_ok()
        };
        // Right after `and`/`but`, only a saying verb starts a new report
        // (`and warned that`); `step up and show that` goes on the same clause.
        // (The first frame that reads a cue: the others are not tried.)
        let speech_cue = |j: usize| {
            let Some((_, a)) = [Frames::CLAUSE, Frames::OBJECT, Frames::STANCE]
                .into_iter()
                .find_map(|f| cue(self.cx, f)(Toks::new(t, j, s_end)).ok())
            else {
                return false;
            };
            matches!(
                self.cx.lex.cues[a.entry as usize].class,
                crate::lexicon::CueClass::Speech | crate::lexicon::CueClass::Writing
            )
        };
        if speech_cue(k) {
            return true;
        }
        // A short subject (`the shipping lines`, `he`, `Brandt`) and its cue.
        (k + 1..s_end.min(k + 6))
            .find(|&j| t[j].starts_cue())
            .is_some_and(|j| {
                clause_cue(j)
                    && (super::attribution::opens_clause(self.cx, &t[k])
                        || t[k].is_title()
                        // `and critics call`, `while analysts say`: a bare plural.
                        || j == k + 1
                            && t[k].text(self.cx.text).ends_with('s')
                            && !is_function_word(self.cx.text, &t[k]))
                    && (k..j).all(|x| t[x].is_word() || t[x].kind == TokenKind::Possessive)
            })
    }

    /// `end`, or the first taken token in `from..end` with the commas and
    /// conjunctions before it trimmed.
    fn clip_to_free(&self, from: usize, end: usize, taken: &[bool]) -> usize {
        let t = self.toks();
        let Some(mut stop) = (from..end).find(|&k| taken[k]) else {
            return end;
        };
        while stop > from
            && (matches!(
                t[stop - 1].kind,
                TokenKind::Punct(',' | ';' | ':') | TokenKind::Dash
            ) || t[stop - 1].is_word()
                && in_list(
                    t[stop - 1].text(self.cx.text),
                    &["and", "but", "or", "then", "also"],
                ))
        {
            stop -= 1;
        }
        stop
    }

    /// A quotation's speaker is named inside `r` (`"...," said Dufay, the
    /// minister, according to a transcript`).
    fn holds_speaker(&self, r: &Range<usize>) -> bool {
        r.clone()
            .any(|k| self.speaker_tokens.get(k).copied().unwrap_or(false))
    }

    fn words_in(&self, r: &Range<usize>) -> usize {
        self.toks()[r.clone()]
            .iter()
            .filter(|t| t.is_word() || t.kind == TokenKind::Number)
            .count()
    }

    fn indirect(
        &self,
        par: usize,
        parts: Vec<Range<usize>>,
        attr: &Attr,
        speaker: Option<Range<usize>>,
    ) -> Statement {
        let p = &self.seg.paragraphs[par];
        let spans: Vec<Span> = parts.iter().map(|r| self.span_of(r)).collect();
        // The quotes inside the parts: found by binary search (quotes are
        // sorted by opening mark), not by scanning the document's quotes.
        let mut quoted: Vec<Span> = Vec::new();
        for r in &parts {
            let lo = self.quotes.partition_point(|q| q.open < r.start);
            let hi = self.quotes.partition_point(|q| q.open < r.end);
            quoted.extend(
                self.quotes[lo..hi]
                    .iter()
                    .filter(|q| q.depth == 0 && q.close.is_some_and(|c| c < r.end))
                    .map(|q| q.content),
            );
        }
        Statement {
            parts: spans,
            kind: if quoted.is_empty() {
                Kind::Indirect
            } else {
                Kind::Mixed
            },
            quotes: quoted,
            speaker: speaker.map(|r| self.mention(&r)),
            cue: self.cue(attr),
            venue: self.venue(attr),
            segment: p.kind,
            outlet: p.outlet.clone(),
            paragraph: par,
            nested: false,
            frame: Frame::Clause,
        }
    }

    /// `"...," X told a news conference, adding that ...`: a participle cue
    /// after another statement's attribution in the same sentence shares its speaker.
    fn attribution_subject(&self, c: usize, s_start: usize) -> Option<Range<usize>> {
        let t = self.toks();
        if !(c > s_start
            && t[c - 1].kind == TokenKind::Punct(',')
            && t[c].text(self.cx.text).ends_with("ing"))
        {
            return None;
        }
        let lo = t[s_start].start;
        let hi = t[c].start;
        // Statements arrive in text order: the one before this cue is recent.
        let prev = self.out.iter().rev().take(16).find(|st| {
            st.cue
                .as_ref()
                .is_some_and(|cu| cu.span.start >= lo && cu.span.end <= hi)
        })?;
        let sp = prev.speaker.as_ref()?;
        let a = t.partition_point(|x| x.start < sp.span.start);
        let b = t.partition_point(|x| x.end <= sp.span.end);
        (a < b).then_some(a..b)
    }

    /// `truck drivers who say ...`, `Sanders, who has said ...`: the
    /// relative pronoun's antecedent, else the pronoun itself.
    pub(super) fn relative_subject(&self, c: usize, s_lo: usize) -> Option<Range<usize>> {
        let t = self.toks();
        let mut w = c;
        while w > s_lo && super::attribution::adverbial(self.cx)(Toks::new(t, w - 1, c)).is_ok() {
            w -= 1;
        }
        if w == s_lo || !t[w - 1].text(self.cx.text).eq_ignore_ascii_case("who") {
            return None;
        }
        let who = w - 1;
        let end = if who > s_lo && t[who - 1].kind == TokenKind::Punct(',') {
            who - 1
        } else {
            who
        };
        // The mention is `who`, standing for the antecedent (see `mention`).
        Some(
            self.find_subject(s_lo, end)
                .map_or(who..who + 1, |a| a.start..who + 1),
        )
    }

    /// `FALLIN: I think he is trying ...` / `NY Post: Megyn Kelly Is No
    /// Different`: a short speaker and a colon opening a paragraph.
    fn colon_report(&self, pi: usize, taken: &[bool]) -> Option<(Statement, Range<usize>)> {
        let t = self.toks();
        let p = &self.seg.paragraphs[pi];
        let start = p.body;
        let colon =
            (start..p.tokens.end.min(start + 6)).find(|&k| t[k].kind == TokenKind::Punct(':'))?;
        let (rest, who) =
            super::attribution::speaker_np(self.cx)(Toks::new(t, start, colon)).ok()?;
        let named = t[who.clone()]
            .iter()
            .any(|x| x.has(super::tokens::Token::CAPITALIZED));
        let label = Span::new(t[start].start, t[colon - 1].end)
            .of(self.cx.text)
            .to_lowercase();
        if !rest.is_empty() || !named || self.cx.lex.labels.contains(&label) {
            return None;
        }
        let mut end = p.tokens.end;
        while end > colon + 1 && matches!(t[end - 1].kind, TokenKind::Punct('.' | ',' | ';' | ':'))
        {
            end -= 1;
        }
        let content = colon + 1..end;
        if self.words_in(&content) < 3 || content.clone().any(|k| taken[k]) {
            return None;
        }
        let mut st = self.indirect(pi, vec![content.clone()], &Attr::default(), Some(who));
        st.frame = Frame::Colon;
        Some((st, start..end))
    }

    /// Read the indirect statements of every sentence.
    pub(super) fn read_reported(&mut self) {
        let mut taken = self.taken_mask();
        let mut speakers = vec![false; self.toks().len()];
        let mentions = self.out.iter().filter_map(|st| st.speaker.as_ref());
        mark_spans(self.toks(), mentions.map(|m| m.span), &mut speakers);
        self.speaker_tokens = speakers;
        let t = self.toks();

        for (pi, p) in self.seg.paragraphs.iter().enumerate() {
            if p.kind == SegmentKind::Boilerplate {
                continue;
            }
            if let Some((st, r)) = self.colon_report(pi, &taken) {
                for flag in taken.iter_mut().take(r.end).skip(r.start) {
                    *flag = true;
                }
                self.out.push(st);
                continue;
            }
            for s in &p.sentences {
                // A sentence-final attribution (`..., said Dan Gerstein.`)
                // governs the whole sentence: read it before the cues inside.
                let tail_cue = (s.start..s.end)
                    .rev()
                    .filter(|&k| t[k].kind == TokenKind::Punct(','))
                    .take(3)
                    .find_map(|k| {
                        let (rest, attr) = self.after_quote_at(k, s.end.min(k + WINDOW))?;
                        let ends = (rest.pos..s.end).all(|j| !t[j].is_word());
                        ends.then(|| attr.cue.map(|c| c.tokens.start)).flatten()
                    });
                let order = tail_cue.into_iter().chain(s.start..s.end);
                let mut done_tail = false;
                let mut k = s.start;
                for first in order {
                    if !done_tail {
                        done_tail = true;
                        if tail_cue == Some(first) && !taken[first] {
                            if let Some(statements) = self.reported_at(pi, s.clone(), first, &taken)
                            {
                                for (st, ranges) in statements {
                                    for r in &ranges {
                                        for flag in taken.iter_mut().take(r.end).skip(r.start) {
                                            *flag = true;
                                        }
                                    }
                                    self.out.push(st);
                                }
                            }
                            continue;
                        }
                    }
                    if first < k {
                        continue;
                    }
                    break;
                }
                while k < s.end {
                    if taken[k] || !t[k].starts_cue() {
                        k += 1;
                        continue;
                    }
                    match self.reported_at(pi, s.clone(), k, &taken) {
                        Some(statements) => {
                            let mut next = k + 1;
                            for (st, ranges) in statements {
                                for r in &ranges {
                                    for flag in taken.iter_mut().take(r.end).skip(r.start) {
                                        *flag = true;
                                    }
                                    next = next.max(r.end);
                                }
                                self.out.push(st);
                            }
                            // Cues inside a reported clause report nothing of their own.
                            k = next;
                        }
                        None => k += 1,
                    }
                }
            }
        }
    }

    /// A passive (`Trump was asked whether ...`, `Sanders is expected to
    /// win`) or a fronted participle (`Asked about the merger, she ...`):
    /// the report is there but its speaker is nobody named, or the agent
    /// after `by` (`Asked by Thrush if ...`). The content opens with `that`,
    /// a question word, `about` or `to`; a fronted participle's ends at
    /// its comma.
    fn impersonal_report(
        &self,
        pi: usize,
        s: &Range<usize>,
        c: usize,
        s_lo: usize,
        fronted: bool,
        free: &dyn Fn(&Range<usize>) -> bool,
    ) -> Option<Vec<(Statement, Vec<Range<usize>>)>> {
        let t = self.toks();
        let text = self.cx.text;
        // Any cue may be passive (`was criticized for`, `is described
        // as`); some forms are cues only in the passive (`is seen as`).
        let (rest, cm) = [
            Frames::CLAUSE,
            Frames::STANCE,
            Frames::OBJECT,
            Frames::AS,
            Frames::PASSIVE,
        ]
        .iter()
        .find_map(|&f| cue(self.cx, f)(Toks::new(t, c, s.end)).ok())?;
        let entry = &self.cx.lex.cues[cm.entry as usize];
        let mut i = rest;
        let mut agent = None;
        if i.first().is_some_and(|w| w.text(text) == "by") {
            // `by Thrush`, `by reporters`: a name, or a few plain words.
            let (after, who) = super::attribution::speaker_np(self.cx)(i.take_from(1))
                .ok()
                .or_else(|| {
                    let lo = i.pos + 1;
                    let hi = (lo..s.end.min(lo + 5)).find(|&k| {
                        !t[k].is_word()
                            || t[k].text(text) == "if"
                            || t[k].text(text) == "whether"
                            || t[k].text(text) == "about"
                    })?;
                    (hi > lo).then(|| (Toks::new(t, hi, s.end), lo..hi))
                })?;
            agent = Some(who);
            i = after;
            if i.first().is_some_and(|w| w.kind == TokenKind::Punct(',')) {
                i = i.take_from(1);
            }
        }
        let first = i.first()?;
        let w = first.text(text).to_ascii_lowercase();
        let from = match w.as_str() {
            "that" | "about" => i.pos + 1,
            "whether" | "if" | "what" | "why" | "how" | "when" | "where" | "who" | "which" => i.pos,
            // `is expected to win`, `were told to leave`.
            "to" if entry.class == crate::lexicon::CueClass::Belief || entry.lemma == "tell" => {
                i.pos
            }
            // `was criticized for ...`, `is seen as ...`, `were charged with ...`.
            "as" | "for" | "of" | "with" if !fronted => i.pos,
            _ => return None,
        };
        let mut end = self.reported_end(from, s.end);
        // A fronted participle's report ends at its comma; so does a
        // passive's phrase (`is known for her liberal bent, but ...`).
        let phrase = matches!(w.as_str(), "as" | "for" | "of" | "with");
        if fronted || phrase {
            if let Some(comma) = (from..end).find(|&k| t[k].kind == TokenKind::Punct(',')) {
                end = comma;
            }
        }
        let content = from..end;
        if self.words_in(&content) < 2 || !free(&content) {
            return None;
        }
        let attr = Attr {
            cue: Some(cm.clone()),
            speaker: agent.clone(),
            ..Attr::default()
        };
        // (Room for the agent too: no second allocation for it.)
        let mut ranges = Vec::with_capacity(3);
        ranges.extend([content.clone(), cm.tokens.clone()]);
        ranges.extend(agent.clone());
        // `[Sanders] is expected [to win]`: the passive's subject is the
        // first part.
        let mut parts = vec![content];
        let infinitive = t[from].text(text) == "to";
        if let Some(subj) = self
            .raised_subject(s_lo, c, infinitive)
            .filter(|r| !fronted && free(r))
        {
            ranges.push(subj.clone());
            parts.insert(0, subj);
        }
        let st = self.indirect(pi, parts, &attr, agent);
        Some(vec![(st, ranges)])
    }

    /// `Trump's claim that ...`, `the union's warning that ...`, `her
    /// suggestion that ...`: a cue noun (frame `noun`, written with its
    /// `that`) after a determiner or possessor, and maybe one modifier
    /// (`his repeated claim that`). The content is the clause after `that`,
    /// only where it opens like a clause (a determiner, pronoun, name or
    /// number: `the claim that helped him` is a relative clause); the
    /// speaker is the possessor, a name or a possessive pronoun.
    fn noun_report(
        &self,
        pi: usize,
        s: &Range<usize>,
        c: usize,
        free: &dyn Fn(&Range<usize>) -> bool,
    ) -> Option<Vec<(Statement, Vec<Range<usize>>)>> {
        let t = self.toks();
        let text = self.cx.text;
        let (rest, cm) = cue(self.cx, Frames::NOUN)(Toks::new(t, c, s.end)).ok()?;
        const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "their", "its", "our", "my", "your"];
        const ARTICLES: &[&str] = &["the", "a", "an", "this", "that", "these", "those"];
        let det_at = |k: usize| {
            t[k].kind == TokenKind::Possessive
                || t[k].is_word()
                    && (in_list(t[k].text(text), POSSESSIVE_PRONOUNS)
                        || in_list(t[k].text(text), ARTICLES))
        };
        // The determiner right before the noun, or before one modifier.
        let det = [c.checked_sub(1), c.checked_sub(2)]
            .into_iter()
            .flatten()
            .filter(|&k| k >= s.start)
            .find(|&k| det_at(k))
            .filter(|&k| {
                k + 1 == c
                    || t[k + 1].is_word()
                        && !t[k + 1].starts_cue()
                        && !t[k + 1].has(super::tokens::Token::CAPITALIZED)
            })?;
        let from = rest.pos;
        let opens = from < s.end && super::attribution::opens_clause(self.cx, &t[from]);
        if !opens {
            return None;
        }
        let end = self.reported_end(from, s.end);
        let content = from..end;
        if self.words_in(&content) < 2 || !free(&content) {
            return None;
        }
        // The possessor: `Trump's`, `the union's`, `his`.
        let speaker = if t[det].kind == TokenKind::Possessive {
            (det.saturating_sub(6).max(s.start)..det).find_map(|st| {
                let (after, r) =
                    super::attribution::speaker_np(self.cx)(Toks::new(t, st, det)).ok()?;
                (after.pos == det).then_some(r)
            })
        } else if in_list(t[det].text(text), POSSESSIVE_PRONOUNS) {
            Some(det..det + 1)
        } else {
            None
        }
        .filter(free);
        let cue_tokens = cm.tokens.start..cm.tokens.start + 1;
        let attr = Attr {
            cue: Some(super::attribution::CueMatch {
                tokens: cue_tokens.clone(),
                entry: cm.entry,
            }),
            speaker: speaker.clone(),
            ..Attr::default()
        };
        let mut ranges = Vec::with_capacity(3);
        ranges.extend([content.clone(), cue_tokens]);
        ranges.extend(speaker.clone());
        Some(vec![(
            self.indirect(pi, vec![content], &attr, speaker),
            ranges,
        )])
    }

    /// The subject of a passive or raising cue, which PolNeAR makes the
    /// first part of the content (`[Sanders] is expected [to win]`, `[The
    /// talks] seem [to have stalled]`): the relative pronoun right before the
    /// verb, else the noun phrase from the clause's start (the sentence
    /// start, a comma, a conjunction or subordinator) up to the verb.
    /// Auxiliaries and adverbs between it and the cue at `c` are skipped.
    fn raised_subject(&self, s_lo: usize, c: usize, infinitive: bool) -> Option<Range<usize>> {
        let t = self.toks();
        let text = self.cx.text;
        let lower = |k: usize| t[k].text(text).to_ascii_lowercase();
        let mut a = c;
        while a > s_lo && c - a < 4 && is_aux_or_adverb(&lower(a - 1)) {
            a -= 1;
        }
        if a <= s_lo {
            return None;
        }
        let w = lower(a - 1);
        if matches!(w.as_str(), "who" | "which" | "what" | "whom") {
            return Some(a - 1..a);
        }
        // A personal pronoun right before the verb is the whole subject
        // (`the same night she is widely expected to ...`); `it` only before
        // an infinitive (`it appeared to hold off the tide`, not `it seems
        // the town has ...`), `there` never.
        if matches!(w.as_str(), "he" | "she" | "they" | "we" | "i" | "you")
            || w == "it" && infinitive
        {
            return Some(a - 1..a);
        }
        let stop = |w: &str| {
            matches!(
                w,
                "and"
                    | "but"
                    | "or"
                    | "while"
                    | "although"
                    | "though"
                    | "because"
                    | "if"
                    | "when"
                    | "as"
                    | "since"
                    | "after"
                    | "before"
                    | "that"
                    | "which"
                    | "who"
                    | "whom"
                    | "what"
                    | "where"
                    | "whether"
                    | "than"
                    | "so"
                    | "yet"
                    | "then"
                    | "unless"
                    | "until"
                    | "once"
                    | "whereas"
                    | "now"
                    | "still"
                    | "however"
            )
        };
        let mut k = a;
        while k > s_lo && a - k < 10 {
            let tk = &t[k - 1];
            let w = lower(k - 1);
            let np =
                (tk.is_word() || tk.kind == TokenKind::Possessive || tk.kind == TokenKind::Number)
                    && !tk.starts_cue()
                    && !FINITE_AUX.contains(&w.as_str())
                    && !stop(&w);
            if !np {
                break;
            }
            k -= 1;
        }
        if k == a || k + 1 == a && matches!(lower(k).as_str(), "it" | "there" | "this") {
            return None;
        }
        // The noun phrase starts the clause: at the sentence start, after
        // a comma, or after a conjunction or subordinator (not ten words
        // on with no start found).
        let boundary = k == s_lo
            || matches!(
                t[k - 1].kind,
                TokenKind::Punct(',' | ';' | ':' | '(') | TokenKind::Dash
            )
            || t[k - 1].is_word() && stop(&lower(k - 1));
        boundary.then_some(k..a)
    }

    /// A cue inside a relative clause whose gap the pronoun fills: `which
    /// he said would fail`, `whom progressives believed was tilting`. PolNeAR
    /// makes the pronoun the content's first part and the rest of the
    /// relative clause its second; the speaker is the clause's subject.
    /// (`that` and `what` were measured and left out: as often a
    /// complementizer or a free relative whose content lies elsewhere.)
    fn relative_report(
        &self,
        pi: usize,
        s: &Range<usize>,
        c: usize,
        s_lo: usize,
        free: &dyn Fn(&Range<usize>) -> bool,
    ) -> Option<Vec<(Statement, Vec<Range<usize>>)>> {
        let t = self.toks();
        let text = self.cx.text;
        let lower = |k: usize| t[k].text(text).to_ascii_lowercase();
        let r = (s_lo..c).rev().take(7).find(|&k| {
            // (Read in place: this runs at every cue.)
            let w = t[k].text(text);
            w.eq_ignore_ascii_case("which") || w.eq_ignore_ascii_case("whom")
        })?;
        // (`in which she called for ...`: the pronoun is no gap of the cue.)
        if r > s.start
            && t[r - 1].is_word()
            && !t[r - 1].has(super::tokens::Token::CAPITALIZED)
            && RELATIVE_PREPOSITIONS.contains(&lower(r - 1).as_str())
        {
            return None;
        }
        let (cm_rest, cm) = [Frames::CLAUSE, Frames::OBJECT, Frames::STANCE, Frames::AS]
            .iter()
            .find_map(|&f| cue(self.cx, f)(Toks::new(t, c, s.end)).ok())?;
        let subj = self.find_subject(r + 1, c)?;
        if subj.start != r + 1 {
            return None;
        }
        // Only adverbs and auxiliaries between the subject and its cue.
        if !(subj.end..c).all(|k| {
            let w = lower(k);
            FINITE_AUX.contains(&w.as_str()) || is_aux_or_adverb(&w)
        }) {
            return None;
        }
        let content = r..r + 1;
        if !free(&(r..c)) {
            return None;
        }
        let attr = Attr {
            cue: Some(cm.clone()),
            speaker: Some(subj.clone()),
            ..Attr::default()
        };
        let mut parts = vec![content.clone()];
        let mut ranges = vec![content, subj.clone(), cm.tokens.clone()];
        // `which officials said [will go into effect]`: the rest of the
        // relative clause after the cue is the second part.
        // The relative clause ends at its comma (`The plan, which officials
        // said will cost more, has divided ...`); a lone adverb is no
        // content (`which Kovac repeated later`).
        let end = self.reported_end(cm_rest.pos, s.end);
        let end = (cm_rest.pos..end)
            .find(|&k| matches!(t[k].kind, TokenKind::Punct(',') | TokenKind::Dash))
            .unwrap_or(end);
        let rest = cm_rest.pos..end;
        if self.words_in(&rest) >= 2 && free(&rest) {
            ranges.push(rest.clone());
            parts.push(rest);
        }
        let mut st = self.indirect(pi, parts, &attr, Some(subj));
        st.frame = Frame::Relative;
        Some(vec![(st, ranges)])
    }

    /// An indirect statement around the cue at token `c`, with the token
    /// ranges it takes (content, speaker, cue).
    fn reported_at(
        &self,
        pi: usize,
        s: Range<usize>,
        c: usize,
        taken: &[bool],
    ) -> Option<Vec<(Statement, Vec<Range<usize>>)>> {
        let t = self.toks();
        let text = self.cx.text;
        // Free tokens, and no quote cut in two by the range.
        // Quotes are sorted by their opening mark: only those opening inside
        // the range, or shortly before it, can be cut by it.
        let free = |r: &Range<usize>| {
            let hi = self.quotes.partition_point(|q| q.open < r.end);
            let lo = self
                .quotes
                .partition_point(|q| q.open < r.start)
                .saturating_sub(16);
            r.clone().all(|k| !taken[k])
                && self.quotes[lo..hi].iter().all(|q| {
                    let close = q.close.unwrap_or(q.inner.end);
                    let inside_open = r.contains(&q.open);
                    let inside_close = r.contains(&close);
                    inside_open == inside_close
                        || !inside_open && q.open < r.start && close >= r.end
                })
        };
        // The part of the sentence before the cue that no statement holds.
        let body = self.seg.paragraphs[pi].body;
        let mut s_lo = c;
        while s_lo > s.start.max(body) && !taken[s_lo - 1] {
            s_lo -= 1;
        }
        if c < body {
            return None;
        }
        // `... financial firms: London was ..., according to an index`: a
        // colon opens the clause a trailing attribution governs.
        if let Some(colon) = (s_lo..c)
            .rev()
            .find(|&k| t[k].kind == TokenKind::Punct(':'))
        {
            s_lo = colon + 1;
        }
        // Not a report: `did not say`, `declined to say`, `is expected`, `to find`.
        // (The up to `n` words before the cue in the clause, compared in
        // place: asked at every cue, so no lower-case copies.)
        let before = |n: usize| c.saturating_sub(n).max(s_lo)..c;
        let word = |k: usize| t[k].text(text);
        const NEGATIONS: &[&str] = &[
            "not", "never", "n't", "declined", "refused", "didn't", "doesn't", "won't", "wouldn't",
            "cannot", "can't", "nor",
        ];
        if before(3).any(|k| in_list(word(k), NEGATIONS)) {
            return None;
        }
        if let Some(out) = self.noun_report(pi, &s, c, &free) {
            return Some(out);
        }
        if let Some(out) = self.relative_report(pi, &s, c, s_lo, &free) {
            return Some(out);
        }
        // A passive (`is now expected to`), or a fronted participle with no
        // subject (`Asked whether ..., he said`): the question's asker or the
        // expecter is nobody named.
        // (`is demanding`, `were calling for`: a progressive is active.)
        let progressive = t[c].text(text).ends_with("ing");
        // (`who asked not to be named said`: `named` stands between, so
        // `said` is no passive.)
        let aux = |k: usize| {
            in_list(
                word(k),
                &["is", "are", "was", "were", "be", "been", "being"],
            )
        };
        let near2 = before(2);
        // (`are worried that`: an adjective after its copula, no passive.)
        let copular = || {
            cue(self.cx, Frames::CLAUSE)(Toks::new(t, c, s.end)).is_ok_and(|(_, cm)| {
                self.cx.lex.cues[cm.entry as usize]
                    .frames
                    .has(Frames::COPULAR)
            })
        };
        let passive = !progressive
            && match near2.len() {
                0 => false,
                1 => aux(near2.start),
                _ => {
                    let (prev, last) = (near2.start, near2.start + 1);
                    aux(last)
                        || aux(prev) && {
                            let w = word(last).as_bytes();
                            w.len() >= 2 && w[w.len() - 2..].eq_ignore_ascii_case(b"ly")
                                || in_list(word(last), &["now", "also", "still", "already"])
                        }
                }
            }
            && !copular();
        // (`When asked about ...`: after a subordinator too.)
        let fronted_participle = t[c].text(text).ends_with("ed")
            && (c == s.start.max(body)
                || c == s.start.max(body) + 1
                    && in_list(
                        t[c - 1].text(text),
                        &[
                            "when", "if", "once", "after", "before", "unless", "until", "as",
                        ],
                    ));
        if passive || fronted_participle {
            return self.impersonal_report(pi, &s, c, s_lo, fronted_participle, &free);
        }

        // `According to X, CLAUSE` / `CLAUSE, according to X.`
        if let Ok((rest, cm)) = cue(self.cx, Frames::SOURCE)(Toks::new(t, c, s.end)) {
            // `according to the summary`, `according to one global index`:
            // any noun phrase up to the comma or the sentence end is a source.
            let (after, who) = match super::attribution::speaker_np(self.cx)(rest) {
                Ok(found) => found,
                Err(_) => {
                    let stop = (rest.pos..s.end.min(rest.pos + 16))
                        .find(|&k| {
                            !(t[k].is_word()
                                || t[k].kind == TokenKind::Possessive
                                || t[k].kind == TokenKind::Number)
                        })
                        .unwrap_or(s.end.min(rest.pos + 16));
                    let head_ok = stop > rest.pos
                        && (stop == s.end
                            || matches!(
                                t[stop].kind,
                                TokenKind::Punct(',' | '.' | ';' | ')') | TokenKind::Dash
                            ));
                    if !head_ok {
                        return None;
                    }
                    (Toks::new(t, stop, s.end), rest.pos..stop)
                }
            };
            let attr = Attr {
                cue: Some(cm.clone()),
                speaker: Some(who.clone()),
                ..Attr::default()
            };
            // `According to a statement from the port authority, CLAUSE`.
            let comma = (after.pos..s.end.min(after.pos + 24))
                .take_while(|&k| !t[k].is_quote() && !t[k].starts_cue())
                .find(|&k| t[k].kind == TokenKind::Punct(','));
            if let (true, Some(comma)) = (c == s_lo, comma) {
                let from = comma + 1;
                let end = self.reported_end(from, s.end);
                let content = from..end;
                if self.words_in(&content) >= 3 && free(&content) {
                    let st = self.indirect(pi, vec![content.clone()], &attr, Some(who.clone()));
                    return Some(vec![(st, vec![content, who, cm.tokens])]);
                }
            }
            // `CLAUSE, according to X` (the comma is sometimes missing).
            if c > s_lo && (t[c - 1].kind == TokenKind::Punct(',') || c >= s_lo + 4) {
                let content = s_lo..if t[c - 1].kind == TokenKind::Punct(',') {
                    c - 1
                } else {
                    c
                };
                if self.words_in(&content) >= 1 && free(&content) && !self.holds_speaker(&content) {
                    // `The offer, according to officials, would let boats ...`: the
                    // clause resumes after the aside.
                    let mut parts = vec![content.clone()];
                    let mut k = after.pos;
                    while k < s.end && t[k].kind != TokenKind::Punct(',') && k < after.pos + 8 {
                        k += 1;
                    }
                    if k < s.end && t[k].kind == TokenKind::Punct(',') {
                        let resume = k + 1..self.reported_end(k + 1, s.end);
                        if self.words_in(&resume) >= 2
                            && free(&resume)
                            && self.words_in(&content) <= 4
                        {
                            parts.push(resume);
                        }
                    }
                    let mut ranges = parts.clone();
                    ranges.push(who.clone());
                    ranges.push(cm.tokens.clone());
                    let st = self.indirect(pi, parts, &attr, Some(who.clone()));
                    return Some(vec![(st, ranges)]);
                }
            }
            return None;
        }

        // `CLAUSE, X said.` / `A, X said, B.` / `..., Trump envoy says` (headline).
        if c > s_lo {
            if let Some(comma) = (s_lo..c)
                .rev()
                .find(|&k| t[k].kind == TokenKind::Punct(','))
            {
                if let Some((rest, attr)) = self.after_quote_at(comma, s.end.min(comma + WINDOW)) {
                    if attr
                        .cue
                        .as_ref()
                        .is_some_and(|cm| cm.tokens.start == c || cm.tokens.start < c + 3)
                    {
                        let before = s_lo..comma;
                        let speaker = attr.speaker.clone();
                        let tail: Vec<usize> =
                            (rest.pos..s.end).filter(|&k| t[k].is_word()).collect();
                        let mut ranges = Vec::new();
                        let mut parts = Vec::new();
                        let parenthetical_next = rest
                            .first()
                            .is_some_and(|n| n.kind == TokenKind::Punct(','));
                        // `Furthermore, he also declared, that ...`: a
                        // connective is the writer's, not part of the report.
                        let connective = self.connective_only(&before);
                        if !connective
                            && (self.words_in(&before) >= 3
                                || parenthetical_next && self.words_in(&before) >= 1)
                        {
                            parts.push(before.clone());
                        }
                        if !tail.is_empty() {
                            // A parenthetical attribution: the clause resumes after it.
                            let mut resume = if t[rest.pos].kind == TokenKind::Punct(',') {
                                rest.pos + 1
                            } else {
                                rest.pos
                            };
                            // `The documents are clear, he said, that ...`:
                            // the clause, without its `that`.
                            if resume + 1 < s.end && t[resume].text(text) == "that" {
                                resume += 1;
                            }
                            let end = self.reported_end(resume, s.end);
                            let after = resume..end;
                            // `..., said Marco Rubio, who also took part`: a
                            // relative clause describes the speaker; `...,
                            // officials said, though fishermen doubt it`: a
                            // subordinate clause is the writer's.
                            let relative = t.get(resume).is_some_and(|n| {
                                resume < s.end
                                    && in_list(
                                        n.text(text),
                                        &[
                                            "who", "whom", "whose", "which", "where", "though",
                                            "although", "while", "whereas",
                                        ],
                                    )
                            });
                            // `..., analysts say; in 2019, ...`: a semicolon
                            // closes the attribution and its clause.
                            let semicolon = t[rest.pos].kind == TokenKind::Punct(';');
                            let appositive = t[rest.pos].kind == TokenKind::Punct(',')
                                && self.describes_speaker(&after);
                            let parenthetical = t[rest.pos].kind == TokenKind::Punct(',')
                                && !relative
                                && !appositive
                                && self.words_in(&after) >= 2
                                && free(&after);
                            // `..., Kurtz clarified, saying that ...`: a participle
                            // reports on its own; the clause before stands.
                            let participle_next = t[rest.pos].kind == TokenKind::Punct(',')
                                && t.get(resume).is_some_and(|n| {
                                    resume < s.end
                                        && n.starts_cue()
                                        && n.text(text).ends_with("ing")
                                });
                            if parenthetical && !participle_next {
                                parts.push(after);
                            } else if !((participle_next || relative || appositive || semicolon)
                                && !parts.is_empty())
                            {
                                // `X, Y, said CLAUSE`: not a trailing attribution; read it below.
                                parts.clear();
                            }
                        }
                        if !parts.is_empty() && parts.iter().all(free) {
                            ranges.extend(parts.iter().cloned());
                            ranges.extend(speaker.clone());
                            ranges.extend(attr.cue.as_ref().map(|cm| cm.tokens.clone()));
                            let st = self.indirect(pi, parts, &attr, speaker);
                            return Some(vec![(st, ranges)]);
                        }
                    }
                }
            }
        }

        // `X said (that) CLAUSE`, `X told Y CLAUSE`, `X urged Y to ...`.
        // `seemed shaky after ...`, `seems like a contradiction`: an
        // impersonal cue takes an adjective or `like` as well as a clause.
        let impersonal_lead = || {
            let (rest, cm) = cue(self.cx, Frames::CLAUSE)(Toks::new(t, c, s.end)).ok()?;
            let next = rest.first()?;
            let opens = self.cx.lex.cues[cm.entry as usize]
                .frames
                .has(Frames::IMPERSONAL)
                && next.is_word()
                && !next.has(super::tokens::Token::CAPITALIZED)
                && !in_list(next.text(text), RELATIVE_PREPOSITIONS);
            let attr = Attr {
                cue: Some(cm),
                ..Attr::default()
            };
            opens.then_some((attr, rest.pos))
        };

        // `described the plan as a giveaway`, `sees the race as a
        // referendum`: the object and its `as` phrase are what is reported
        // (a naming cue with no `as` within eight words reports nothing).
        let as_lead = || {
            let (rest, cm) = cue(self.cx, Frames::AS)(Toks::new(t, c, s.end)).ok()?;
            let first = rest.first()?;
            if !first.is_word()
                || in_list(
                    first.text(text),
                    &[
                        "as", "on", "for", "out", "up", "off", "in", "by", "to", "that",
                    ],
                )
            {
                return None;
            }
            (rest.pos + 1..s.end.min(rest.pos + 8))
                .take_while(|&k| t[k].is_word() || t[k].kind == TokenKind::Possessive)
                .find(|&k| t[k].text(text).eq_ignore_ascii_case("as"))?;
            let attr = Attr {
                cue: Some(cm),
                ..Attr::default()
            };
            Some((attr, rest.pos))
        };
        let (attr, from) = reported_lead(self.cx)(Toks::new(t, c, s.end))
            .ok()
            .map(|(_, found)| found)
            .or_else(impersonal_lead)
            .or_else(as_lead)?;
        // `The documents indicate, he said in an interview, that ...`: an
        // attribution right after the cue's comma governs the sentence.
        if from > c + 1
            && t[from - 1].kind == TokenKind::Punct(',')
            && self
                .after_quote_at(from - 1, s.end.min(from - 1 + WINDOW))
                .is_some_and(|(_, a)| a.cue.is_some() && a.speaker.is_some())
        {
            return None;
        }
        // `told reporters, before insisting ...`: the participle reports,
        // not `told`.
        // (`without saying` too: that participle reports nothing either.)
        if t.get(from).is_some_and(|w| {
            let w = w.text(text);
            in_list(w, &["without"]) || in_list(w, super::PARTICIPLE_LEADS)
        }) && t
            .get(from + 1)
            .is_some_and(|w| w.text(text).ends_with("ing"))
        {
            return None;
        }
        // `who asked not to be named`: a request about the reporting itself.
        if t.get(from)
            .is_some_and(|w| w.text(text).eq_ignore_ascii_case("not"))
            && t.get(from + 1).is_some_and(|w| w.text(text) == "to")
        {
            return None;
        }
        // A cue inside a fronted subordinate clause (`When Morvik announced
        // that it would close, Delgado's first thought ...`) reports up to its comma.
        let subordinate = (s_lo..c).any(|k| {
            t[k].is_word()
                && in_list(
                    t[k].text(text),
                    &[
                        "when", "if", "after", "before", "while", "although", "though", "because",
                        "since", "once", "until", "unless", "whether",
                    ],
                )
        });
        // `Harmon, who has argued ..., has been compared`: a relative clause
        // set off by commas reports up to its closing comma.
        // (`Brandt, who left early to say ..., did not`: the `who` may stand
        // further back, within the aside.)
        let aside_who = (s_lo..c)
            .rev()
            .take_while(|&k| t[k].kind != TokenKind::Punct(','))
            .find(|&k| t[k].text(text).eq_ignore_ascii_case("who"))
            .filter(|&w| w > s_lo && t[w - 1].kind == TokenKind::Punct(','));
        let relative_aside = aside_who.is_some();
        let mut end = self.reported_end(from, s.end);
        if subordinate || relative_aside {
            if let Some(comma) = (from..end).find(|&k| t[k].kind == TokenKind::Punct(',')) {
                // A comma inside a quote closes the aside after the quote.
                // Quotes are sorted by opening mark: look back from the comma.
                let k = self.quotes.partition_point(|q| q.open < comma);
                end = self.quotes[k.saturating_sub(16)..k]
                    .iter()
                    .find(|q| q.close.is_some_and(|cl| comma < cl))
                    .and_then(|q| q.close)
                    .map_or(comma, |cl| cl + 1);
            }
        }
        // The clause stops where another statement's words begin (`said
        // the plan would fail, and called him "..."`).
        // `attacked the survey on local radio`, `railed against the plan at a
        // rally`: a stance's object is a noun phrase, and where or when the
        // stance was taken is not part of it.
        // A naming cue (frame `as`): `called the decision welcome`.
        let naming = attr
            .cue
            .as_ref()
            .is_some_and(|cm| self.cx.lex.cues[cm.entry as usize].frames.has(Frames::AS));
        let stance_only = attr.cue.as_ref().is_some_and(|cm| {
            let f = self.cx.lex.cues[cm.entry as usize].frames;
            f.has(Frames::STANCE) && !f.has(Frames::CLAUSE) && !f.has(Frames::OBJECT)
        });
        if stance_only {
            // (`backing the mission but leaving ...`: `but` ends a stance's
            // object; a naming cue's runs on: `called the decision welcome
            // but late`.)
            if let Some(stop) = (from + 1..end).find(|&k| {
                t[k].kind == TokenKind::Punct(',')
                    || t[k].is_word()
                        && (in_list(t[k].text(text), STANCE_STOPS)
                            || !naming && t[k].text(text) == "but")
            }) {
                end = stop;
            }
        }
        // `Israel disputes its figures but has not provided its own`: a cue
        // that takes a stance's object as well as a clause, read without
        // `that`, whose words run to `but`/`and` and an auxiliary with no
        // verb before them, took an object; the auxiliary's verb is the
        // subject's second (`has not provided`), not part of what was said.
        let object_too = attr.cue.as_ref().is_some_and(|cm| {
            self.cx.lex.cues[cm.entry as usize]
                .frames
                .has(Frames::STANCE)
        });
        let mut object_cut = false;
        if object_too && !stance_only && !t[from - 1].text(text).eq_ignore_ascii_case("that") {
            let mut verbless = true;
            for k in from..end {
                let w = t[k].text(text);
                if verbless
                    && k > from
                    && in_list(w, &["but", "and"])
                    && t.get(k + 1)
                        .is_some_and(|n| k + 1 < end && in_list(n.text(text), FINITE_AUX))
                {
                    // (`actions on immigration, and have pledged`: not the comma.)
                    end = k;
                    while end > from + 1 && t[end - 1].kind == TokenKind::Punct(',') {
                        end -= 1;
                    }
                    object_cut = true;
                    break;
                }
                verbless &= !in_list(w, FINITE_AUX);
            }
        }
        let end = self.clip_to_free(from, end, taken);
        let content = from..end;
        // (`endorsed Sanders`: a stance's object may be one word.)
        let least = if stance_only || object_cut { 1 } else { 2 };
        if self.words_in(&content) < least || !free(&content) {
            return None;
        }
        // In an aside, a bare object (`who has argued his case on CNN`) is no
        // clause: without `that`, the clause needs a finite auxiliary.
        if relative_aside
            && !t[from - 1].text(text).eq_ignore_ascii_case("that")
            && attr.cue.as_ref().is_none_or(|cm| {
                // `who said Clinton raped her`: after `say` any clause reads.
                self.cx.lex.cues[cm.entry as usize].lemma != "say"
                    || !super::attribution::opens_clause(self.cx, &t[from])
            })
            && !content.clone().any(|k| {
                let w = t[k].text(text);
                in_list(w, &["to"]) || in_list(w, FINITE_AUX)
            })
        {
            return None;
        }
        // `Trump, who pivoted after the Alaska meeting to say ...`: the
        // subject of an infinitive cue is the relative's antecedent or the
        // sentence's subject, never the noun right before `to`.
        let to_cue = c > s_lo && t[c - 1].text(text).eq_ignore_ascii_case("to");
        let infinitive_subject = || match aside_who {
            Some(w) => self.find_subject(s_lo, w - 1),
            None => self.find_subject(s_lo, c),
        };
        // `Cruz, who says Trump is attacking him ..., said GOP voters ...`:
        // the subject stands before the relative clause set off by commas.
        let before_aside = || {
            if !(c > s.start && t[c - 1].kind == TokenKind::Punct(',')) {
                return None;
            }
            let open = (s.start..c - 1)
                .rev()
                .take(WINDOW)
                .find(|&k| t[k].kind == TokenKind::Punct(','))?;
            let rel = t.get(open + 1)?;
            if !in_list(rel.text(text), &["who", "whose", "which"]) {
                return None;
            }
            self.find_subject(s.start.max(body), open)
        };
        // `The talks seem to have stalled`: an impersonal cue reports what
        // the writer infers; its subject is no speaker.
        let impersonal = attr.cue.as_ref().is_some_and(|cm| {
            self.cx.lex.cues[cm.entry as usize]
                .frames
                .has(Frames::IMPERSONAL)
        });
        if impersonal {
            // (`The survey, it appears, was never finished`: an aside.)
            if c > s_lo && t[c - 1].kind == TokenKind::Punct(',')
                || t[from - 1].kind == TokenKind::Punct(',')
            {
                return None;
            }
            let mut ranges = vec![content.clone()];
            ranges.extend(attr.cue.as_ref().map(|cm| cm.tokens.clone()));
            // `[The talks] seem [to have stalled]`: the subject is the first part.
            let mut parts = vec![content];
            let infinitive = t[from].text(text) == "to";
            if let Some(subj) = self.raised_subject(s_lo, c, infinitive).filter(|r| free(r)) {
                ranges.push(subj.clone());
                parts.insert(0, subj);
            }
            return Some(vec![(self.indirect(pi, parts, &attr, None), ranges)]);
        }
        // (Read after the impersonal cues, which read no speaker.)
        let speaker = self
            .attribution_subject(c, s.start)
            .or_else(|| self.participle_subject(c, s_lo))
            .or_else(|| self.coordinated_subject(c, s.start.max(body)))
            .or_else(|| {
                if to_cue {
                    infinitive_subject()
                } else {
                    self.find_subject(s_lo, c)
                }
            })
            .or_else(before_aside)
            .or_else(|| {
                // `who asked not to be named`: an infinitive after a relative
                // is a request or an intention, left without a speaker.
                (!(from..(from + 2).min(end)).any(|k| t[k].text(text).eq_ignore_ascii_case("to")))
                    .then(|| self.relative_subject(c, s_lo))
                    .flatten()
            });
        // `The measure, expected to cost ...`: a participle set off by a
        // comma right after a noun qualifies it; nobody is reporting.
        if speaker.as_ref().is_some_and(|r| r.end + 1 == c)
            && t[c - 1].kind == TokenKind::Punct(',')
            && t[c].text(text).ends_with("ed")
        {
            return None;
        }
        // A cue with no speaker at all is a noun or an infinitive ("the
        // ability to say"), unless it opens a passive or a headline.
        // `criticized the plan`: a stance is only reported of someone.
        let stance = attr.cue.as_ref().is_some_and(|cm| {
            self.cx.lex.cues[cm.entry as usize]
                .frames
                .has(Frames::STANCE)
        });
        if stance && speaker.is_none() {
            return None;
        }
        // `The board welcomed the apology, Ruiz's deputy confirmed`: the
        // attribution after the comma reports the whole clause.
        if stance
            && end < s.end
            && t[end].kind == TokenKind::Punct(',')
            && self.after_quote_at(end, s.end.min(end + WINDOW)).is_some()
        {
            return None;
        }
        // `what ministers called their "coalition of the willing"`: quoted
        // words after a naming cue were read (and refused) as a quotation.
        if naming && content.clone().any(|k| t[k].is_quote()) {
            return None;
        }
        // `a software product, called Falcon, that ...`: a naming participle
        // after a comma names a thing; nobody is speaking.
        // (`Lidia Brann, who chairs the association, called the decision
        // welcome`: that comma closes an aside; the cue is the main verb.)
        if naming
            && c > s_lo
            && t[c - 1].kind == TokenKind::Punct(',')
            && t[c].text(text).ends_with("ed")
            && before_aside().is_none()
        {
            return None;
        }
        let infinitive = c > s_lo && t[c - 1].text(text).eq_ignore_ascii_case("to");
        // `Ford itself said the deal was on`, `those surveyed said ...`, `The
        // officials whose laws were struck down say ...`, `Exit polling
        // showed that ...`: after `say`, or any cue and its `that`, a clause
        // is reported even where no speaker mention could be read.
        let bare_report = !infinitive
            && c > s_lo
            && t[c - 1].is_word()
            && attr.cue.as_ref().is_some_and(|cm| {
                self.cx.lex.cues[cm.entry as usize].lemma == "say"
                    || t[from - 1].text(text) == "that"
            })
            && (t[from - 1].text(text) == "that"
                || super::attribution::opens_clause(self.cx, &t[from]))
            && self.words_in(&content) >= 3;
        if speaker.is_none()
            && !bare_report
            && (infinitive || c > s.start && !is_function_word(text, &t[c - 1]))
        {
            return None;
        }
        // `He said A and that B`: the same cue governs the second clause,
        // and the report is both clauses, `and that` with them.
        let mut content = content;
        let mut at = end;
        while at + 2 < s.end
            && matches!(t[at].text(text), "and" | "but")
            && t[at + 1].text(text) == "that"
        {
            let from = at + 2;
            let end = self.reported_end(from, s.end);
            let more = from..end;
            if self.words_in(&more) < 2 || !free(&(content.start..end)) {
                break;
            }
            content = content.start..end;
            at = end;
        }
        // (The content, speaker and cue: room for all three at once.)
        let mut ranges = Vec::with_capacity(3);
        ranges.push(content.clone());
        ranges.extend(speaker.clone());
        ranges.extend(attr.cue.as_ref().map(|cm| cm.tokens.clone()));
        let out = vec![(self.indirect(pi, vec![content], &attr, speaker), ranges)];
        Some(out)
    }
}

impl Reader<'_, '_, '_, '_> {
    /// `[what] officials called [a hate crime]`, `the plan, [which] she said
    /// [would cost more]`: the relative pronoun before a report's speaker
    /// stands for what was said (the clause's gap) and is the statement's
    /// first part, as the lead of `A, X said, B` is. Read after every
    /// statement is found, so the pronoun is taken by no other.
    pub(super) fn gap_pronouns(&mut self) {
        let t = self.toks();
        let text = self.cx.text;
        // Tokens another statement holds: its content, cue, speaker or venue.
        let mut held = self.taken_mask();
        let more = self.out.iter().flat_map(|st| {
            let venue = st.venue.iter().map(|v| v.span);
            st.speaker.iter().map(|m| m.span).chain(venue)
        });
        mark_spans(t, more, &mut held);
        let mut added: Vec<(usize, Span)> = Vec::new();
        for (si, st) in self.out.iter().enumerate() {
            let (Some(sp), Some(cue)) = (&st.speaker, &st.cue) else {
                continue;
            };
            if cue.span.start < sp.span.end || st.parts[0].start < cue.span.end {
                continue;
            }
            let k = t.partition_point(|x| x.end <= sp.span.start);
            if k == 0 || k >= t.len() || t[k].start != sp.span.start {
                continue;
            }
            let r = k - 1;
            if !t[r].is_word() {
                continue;
            }
            let w = t[r].text(text).to_ascii_lowercase();
            // (`that` is as often the complementizer of another report:
            // measured on PolNeAR, it adds more wrong parts than right.)
            if !matches!(w.as_str(), "what" | "which" | "whom") {
                continue;
            }
            if w != "what"
                && r > 0
                && t[r - 1].is_word()
                && in_list(t[r - 1].text(text), RELATIVE_PREPOSITIONS)
            {
                continue;
            }
            // Only adverbs and auxiliaries between the speaker and the cue.
            let between = (k..t.len())
                .take_while(|&j| t[j].start < cue.span.start)
                .filter(|&j| t[j].start >= sp.span.end)
                .count();
            if between > 3 {
                continue;
            }
            if held[r] {
                continue;
            }
            held[r] = true;
            added.push((si, Span::new(t[r].start, t[r].end)));
        }
        for (si, span) in added {
            let st = &mut self.out[si];
            st.parts.insert(0, span);
            if st.kind == Kind::Direct {
                st.kind = Kind::Mixed;
            }
        }
    }
}

/// Set `mask[k]` for every token `k` of `t` that overlaps one of `spans`
/// (the tokens from the first ending after a span's start to the last
/// starting before its end). Each span's tokens are found by [`gallop`] from
/// the last span's when it starts no earlier (statements mostly come in text
/// order), else from the first token: on a document of many statements, a
/// binary search over all its tokens for each span's two ends cost more
/// than the rest of the mask.
fn mark_spans(t: &[Token], spans: impl Iterator<Item = Span>, mask: &mut [bool]) {
    let (mut a, mut last_start) = (0, 0);
    for sp in spans {
        if sp.start < last_start {
            a = 0;
        }
        last_start = sp.start;
        a = gallop(t, a, |x| x.end <= sp.start);
        // (Every token before `a` ends by the span's start, so starts before
        // its end: the second search may begin at `a`.)
        let b = gallop(t, a, |x| x.start < sp.end);
        mask[a..b].fill(true);
    }
}

/// The first index at or after `from` where `holds` fails, when `holds` is
/// true on a prefix of `t` that reaches `from`: steps that double from
/// `from`, then a binary search inside the last step (so a nearby answer
/// costs a few tests, a far one a logarithm of the distance).
fn gallop(t: &[Token], from: usize, holds: impl Fn(&Token) -> bool) -> usize {
    // (`holds` is true on every token before `lo`.)
    let mut lo = from;
    let mut step = 1;
    while lo + step <= t.len() && holds(&t[lo + step - 1]) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(t.len());
    lo + t[lo..hi].partition_point(holds)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `mark_spans` marks what two binary searches over all the tokens mark
    /// for each span: every span of a short text (empty ones and ones that
    /// cut a word included), alone and several at once out of order.
    #[test]
    fn mark_spans_marks_the_tokens_each_span_overlaps() {
        let lex = crate::lexicon::Lexicon::builtin();
        let text = "\"We will rebuild,\" Mayor Tom Ellery said.  It opens in May, he added.";
        let mut t = Vec::new();
        super::super::tokens::tokenize(text, 0, text.len(), &lex, &mut t);
        let by_search = |spans: &[Span]| {
            let mut mask = vec![false; t.len()];
            for sp in spans {
                let a = t.partition_point(|x| x.end <= sp.start);
                let b = t.partition_point(|x| x.start < sp.end);
                mask[a..b.max(a)].fill(true);
            }
            mask
        };
        let marked = |spans: &[Span]| {
            let mut mask = vec![false; t.len()];
            mark_spans(&t, spans.iter().copied(), &mut mask);
            mask
        };
        let n = text.len();
        for a in 0..=n {
            for b in a..=n {
                let one = [Span::new(a, b)];
                assert_eq!(marked(&one), by_search(&one), "span {a}..{b}");
                let three = [Span::new(a, b), Span::new(b / 2, b), Span::new(0, a / 3)];
                assert_eq!(marked(&three), by_search(&three), "spans at {a}..{b}");
            }
        }
    }
}
