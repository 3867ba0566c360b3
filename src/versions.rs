//! Stage 6, versions: statements that report the same utterance, clustered,
//! and how each version differs from the others.
//!
//! Candidate pairs come from an inverted index over each statement's rarest
//! content words (prefix filtering): two versions of one utterance share
//! some of their rare words, and a statement is compared only with those
//! that share one, so cost grows with the number of statements times a
//! small block size, never all pairs. A pair is linked when its words
//! overlap enough: containment for cut quotes, an ordered word alignment for
//! reworded ones, a lower bar for a paraphrase by the same speaker and a
//! higher one across speakers (that is how a misattribution is caught).
//! Clusters are the connected components of the links.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;

use crate::parse::Kind;

/// How a version differs from another of the same utterance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Same words up to punctuation, case and quote style.
    Verbatim,
    /// One is a contiguous part, or an elision, of the other.
    Truncated,
    /// Presented as a direct quote, words changed.
    Reworded,
    /// Reported as indirect or mixed speech.
    Paraphrased,
    /// Same utterance credited to another speaker.
    Misattributed,
    /// Same words, another venue or date.
    DifferentVenue,
}

impl Relation {
    /// How much a reader should care, most first (for ordering reports).
    pub fn significance(self) -> u8 {
        match self {
            Relation::Misattributed => 5,
            Relation::Reworded => 4,
            Relation::DifferentVenue => 3,
            Relation::Truncated => 2,
            Relation::Paraphrased => 1,
            Relation::Verbatim => 0,
        }
    }
}

/// What changed from one version to the other, word by word.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WordDiff {
    /// Words of the first version missing from the second.
    pub dropped: Vec<String>,
    /// Words of the second version not in the first.
    pub added: Vec<String>,
    /// Runs of words replaced: (first version's words, second's).
    pub replaced: Vec<(String, String)>,
    /// The whole second version as runs in text order, so a renderer can
    /// mark each change where it happens without diffing the texts again.
    /// Not in the JSON: `dropped`, `added` and `replaced` carry the changes.
    #[serde(skip)]
    pub runs: Vec<DiffRun>,
}

/// One run of a [`WordDiff`], in the order of the second version's words.
/// Changes of punctuation only are [`DiffRun::Same`] (or left out when
/// dropped), as in the word lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffRun {
    /// Words both versions have, as the second writes them.
    Same(String),
    /// Words of the first version the second leaves out.
    Dropped(String),
    /// Words the second version adds.
    Added(String),
    /// The first version's words, and the second's in their place.
    Replaced(String, String),
}

/// The part of a statement the clustering needs.
#[derive(Clone, Debug)]
pub struct VersionInput<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// The speaker entity (global), if resolved to a named person or group.
    pub speaker: Option<usize>,
    /// The speaker is a group or organisation (a person may speak for one:
    /// a company and its chief executive never contradict each other).
    pub speaker_is_group: bool,
    pub venue: Option<&'a str>,
    /// The quoted stretches of a mixed statement.
    pub quoted: Vec<&'a str>,
    /// Document index, so repeats within one document are seen.
    pub doc: usize,
}

/// One pair of versions in a cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub relation: Relation,
    pub diff: WordDiff,
}

/// Versions of one utterance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// Indices of the member statements; the first is the fullest direct version.
    pub members: Vec<usize>,
    pub pairs: Vec<Pair>,
}

/// Clusters with more members than this get pairs against the head only.
pub const ALL_PAIRS_UP_TO: usize = 40;
/// Rare words indexed per statement.
pub const PREFIX: usize = 6;
/// Index postings longer than this are common words: no candidates from them.
/// A key's first `MAX_POSTING` statements (in input order) are compared with
/// each other; later ones get no candidates from that key.
pub const MAX_POSTING: usize = 400;

const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "we", "i", "you", "he", "she", "they", "our", "my", "your", "his", "her", "their",
    "us", "me", "them", "have", "has", "had", "not", "no", "do", "does", "did", "will", "would",
    "can", "could", "so", "there", "what", "which", "who", "all", "any", "some", "if", "than",
    "then", "just", "about", "into", "up", "out", "s", "re", "ve", "ll", "t", "d", "m",
];

/// Words of a text, lower case, apostrophes and quote styles unified.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, &mut String::new(), |w| out.push(w.to_string()));
    out
}

/// Each word of [`words`] in turn, built in `cur` (a reused buffer) instead
/// of a string of its own.
fn each_word(text: &str, cur: &mut String, mut f: impl FnMut(&str)) {
    cur.clear();
    for c in text.chars() {
        if c.is_ascii() {
            // Most text: the same as below, without the Unicode tables.
            if c.is_ascii_alphanumeric() {
                cur.push(c.to_ascii_lowercase());
            } else if c == '\'' && !cur.is_empty() {
                cur.push('\'');
            } else if !cur.is_empty() {
                f(cur.trim_end_matches('\''));
                cur.clear();
            }
        } else if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if (c == '\'' || c == '\u{2019}') && !cur.is_empty() {
            // Keep contractions as one word: "we're", "don't".
            cur.push('\'');
        } else if !cur.is_empty() {
            f(cur.trim_end_matches('\''));
            cur.clear();
        }
    }
    if !cur.is_empty() {
        f(cur.trim_end_matches('\''));
        cur.clear();
    }
}

/// A word that counts as content: no stop word, more than one letter.
fn is_content(w: &str) -> bool {
    !STOP.contains(&w) && w.len() > 1
}

fn content(ws: &[String]) -> Vec<String> {
    ws.iter()
        .map(String::as_str)
        .filter(|w| is_content(w))
        .map(stem)
        .collect()
}

/// A light stem, so `customers`/`customer` and `working`/`work` meet.
fn stem(w: &str) -> String {
    stem_of(w).into_owned()
}

/// [`stem`], borrowing `w` where it only cuts it.
fn stem_of(w: &str) -> std::borrow::Cow<'_, str> {
    let w = w.trim_end_matches("'s");
    for suffix in ["ing", "ies", "ed", "es", "s"] {
        if w.len() > suffix.len() + 3 && w.ends_with(suffix) && !w.ends_with("ss") {
            let base = &w[..w.len() - suffix.len()];
            return if suffix == "ies" {
                format!("{base}y").into()
            } else {
                base.into()
            };
        }
    }
    w.into()
}

/// Ordered similarity of two word sequences: 2 * matched / total (difflib's ratio).
fn ratio<W: Eq + std::hash::Hash>(a: &[W], b: &[W]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, a, b);
    let matched: usize = diff
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * matched as f64 / (a.len() + b.len()) as f64
}

/// How many words `a` and `b` share, each counted as often as both have it:
/// an upper bound on the words an alignment can match.
fn shared_words<S: AsRef<str>>(a: &[S], b: &[S]) -> usize {
    // Short lists (most statements): each word of `a` takes the first
    // unused equal word of `b`, which counts the same, without a table.
    if b.len() <= 128 {
        let mut used = [0u64; 2];
        let mut shared = 0;
        for w in a {
            let w = w.as_ref();
            if let Some(j) =
                (0..b.len()).find(|&j| used[j / 64] & (1 << (j % 64)) == 0 && b[j].as_ref() == w)
            {
                used[j / 64] |= 1 << (j % 64);
                shared += 1;
            }
        }
        return shared;
    }
    let mut count: rustc_hash::FxHashMap<&str, i32> = Default::default();
    for w in a {
        *count.entry(w.as_ref()).or_default() += 1;
    }
    let mut shared = 0;
    for w in b {
        if let Some(c) = count.get_mut(w.as_ref()) {
            if *c > 0 {
                *c -= 1;
                shared += 1;
            }
        }
    }
    shared
}

/// [`shared_words`] of two sorted lists: one merge of the two.
fn shared_sorted(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// `b` is a contiguous run of `a`'s words.
fn contiguous_in<W: PartialEq>(a: &[W], b: &[W]) -> bool {
    !b.is_empty() && b.len() <= a.len() && a.windows(b.len()).any(|w| w == b)
}

/// One text is the other with an elision its marks show (`...`, `…`).
fn marked_elision(ta: &str, tb: &str, wa: &[String], wb: &[String]) -> bool {
    let marked = |t: &str| t.contains("...") || t.contains('\u{2026}');
    marked(tb) && elision_of(wa, wb) || marked(ta) && elision_of(wb, wa)
}

/// `b` is made of pieces of `a`, in order (an elision: "... we made progress ...").
fn elision_of(a: &[String], b: &[String]) -> bool {
    let mut i = 0;
    for w in b {
        match a[i..].iter().position(|x| x == w) {
            Some(k) => i += k + 1,
            None => return false,
        }
    }
    !b.is_empty()
}

/// The word diff from `a` to `b`: runs of words dropped, added or replaced,
/// compared without case, punctuation or quote style.
pub fn word_diff(a: &str, b: &str) -> WordDiff {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    let key = |w: &&str| words(w).join(" ");
    let (ka, kb): (Vec<String>, Vec<String>) =
        (wa.iter().map(key).collect(), wb.iter().map(key).collect());
    let mut out = WordDiff::default();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb) {
        let (old, new) = (op.old_range(), op.new_range());
        let d = wa[old.clone()].join(" ");
        let n = wb[new.clone()].join(" ");
        let wordy = d.chars().chain(n.chars()).any(char::is_alphanumeric);
        let run = match op {
            similar::DiffOp::Equal { .. } => DiffRun::Same(n.clone()),
            similar::DiffOp::Delete { .. } if !wordy => continue,
            similar::DiffOp::Delete { .. } => DiffRun::Dropped(d.clone()),
            similar::DiffOp::Insert { .. } if !wordy => DiffRun::Same(n.clone()),
            similar::DiffOp::Insert { .. } => DiffRun::Added(n.clone()),
            similar::DiffOp::Replace { .. } if words(&d) == words(&n) => DiffRun::Same(n.clone()),
            similar::DiffOp::Replace { .. } => DiffRun::Replaced(d.clone(), n.clone()),
        };
        out.runs.push(run);
        match op {
            similar::DiffOp::Equal { .. } => {}
            similar::DiffOp::Delete { .. } => out.dropped.push(d),
            similar::DiffOp::Insert { .. } => out.added.push(n),
            similar::DiffOp::Replace { .. } => out.replaced.push((d, n)),
        }
    }
    // Punctuation-only words ("—") are not changes.
    let wordy = |s: &String| s.chars().any(char::is_alphanumeric);
    out.dropped.retain(wordy);
    out.added.retain(wordy);
    out.replaced.retain(|(a, b)| words(a) != words(b));
    out
}

/// How `b` reports the utterance that `a` reports.
pub fn relation(a: &VersionInput, b: &VersionInput) -> Relation {
    if different_speakers(a, b) {
        return Relation::Misattributed;
    }
    let (wa, wb) = (words(a.text), words(b.text));
    let same_words = wa == wb;
    let venue_differs = matches!((a.venue, b.venue), (Some(x), Some(y)) if words(x) != words(y));
    match (a.kind, b.kind) {
        (Kind::Direct, Kind::Direct) | (Kind::Indirect, Kind::Indirect) => {
            if same_words {
                if venue_differs {
                    Relation::DifferentVenue
                } else {
                    Relation::Verbatim
                }
            } else if contiguous_in(&wa, &wb)
                || contiguous_in(&wb, &wa)
                || marked_elision(a.text, b.text, &wa, &wb)
            {
                // A cut at the ends, or an elision the text marks with "...";
                // a word dropped silently inside the quote rewords it.
                Relation::Truncated
            } else if a.kind == Kind::Indirect {
                Relation::Paraphrased
            } else {
                Relation::Reworded
            }
        }
        _ => {
            // A mixed version whose quoted words are a run of the direct
            // one's is a cut quote; otherwise it paraphrases.
            let (direct, other) = if a.kind == Kind::Direct {
                (&wa, b)
            } else {
                (&wb, a)
            };
            let quoted_cut = !other.quoted.is_empty()
                && other
                    .quoted
                    .iter()
                    .all(|q| contiguous_in(direct, &words(q)));
            // Words the mixed version adds outside its quotes: "The company
            // has" adds nothing of substance (a cut quote); "in the wake of a
            // global outage that hit airlines" paraphrases.
            let quoted_words: usize = other.quoted.iter().map(|q| content(&words(q)).len()).sum();
            let added_outside = content(&words(other.text))
                .len()
                .saturating_sub(quoted_words);
            if same_words {
                Relation::Verbatim
            } else if quoted_cut && other.kind == Kind::Mixed && added_outside <= 1 {
                Relation::Truncated
            } else {
                Relation::Paraphrased
            }
        }
    }
}

/// Two people, or two groups, who are not the same: a person and a group
/// may be one source (the company and its CEO).
fn different_speakers(a: &VersionInput, b: &VersionInput) -> bool {
    matches!((a.speaker, b.speaker), (Some(x), Some(y)) if x != y)
        && a.speaker_is_group == b.speaker_is_group
}

/// A statement's word lists as the link tests read them, whatever a word
/// is: its own string (the public [`Signature`]) or an id that stands for
/// it ([`cluster`]'s [`Packed`] signatures, equal ids for equal strings).
pub(crate) trait WordLists {
    type W: Eq + std::hash::Hash + Ord + Clone;
    /// Every word, in order.
    fn words(&self) -> &[Self::W];
    /// The content words, stemmed, in order.
    fn content(&self) -> &[Self::W];
    /// The content words both have, each counted as often as both have it.
    fn shared_content(&self, other: &Self) -> usize;
    /// The same for all words.
    fn shared_words(&self, other: &Self) -> usize;
    /// The words of each quoted stretch of `v`, the statement this is of
    /// (read only for a mixed statement).
    fn quoted_runs<'s>(&'s self, v: &VersionInput) -> Vec<Cow<'s, [Self::W]>>;
}

impl WordLists for Signature {
    type W = String;
    fn words(&self) -> &[String] {
        &self.words
    }
    fn content(&self) -> &[String] {
        &self.content
    }
    fn shared_content(&self, other: &Self) -> usize {
        shared_words(&self.content, &other.content)
    }
    fn shared_words(&self, other: &Self) -> usize {
        shared_words(&self.words, &other.words)
    }
    fn quoted_runs<'s>(&'s self, v: &VersionInput) -> Vec<Cow<'s, [String]>> {
        v.quoted.iter().map(|q| Cow::Owned(words(q))).collect()
    }
}

/// Whether two statements report the same utterance.
fn linked<S: WordLists>(a: &VersionInput, b: &VersionInput, sa: &S, sb: &S) -> bool {
    let (wa, wb) = (sa.words(), sb.words());
    let (ca, cb) = (sa.content(), sb.content());
    if ca.is_empty() || cb.is_empty() {
        return false;
    }
    let shared = sa.shared_content(sb);
    let small = ca.len().min(cb.len());
    let containment = shared as f64 / small as f64;
    let jaccard = shared as f64 / (ca.len() + cb.len() - shared) as f64;
    let same_speaker = a.speaker.is_some() && a.speaker == b.speaker;
    let other_speaker = different_speakers(a, b);
    let both_quoted = a.kind != Kind::Indirect && b.kind != Kind::Indirect;
    // A cut quote: most of the shorter one's words are in the longer, and
    // enough of them to mean something.
    let cut = containment >= 0.8 && shared >= 3 && (small >= 3);
    // `ratio` aligns the words (Myers): the costliest test, run only when
    // the words the two share in any order could reach the threshold.
    let ratio_at_least = |t: f64| {
        // (The same formula as `ratio`, so the bound rounds as it does.)
        2.0 * sa.shared_words(sb) as f64 / (wa.len() + wb.len()) as f64 >= t && ratio(wa, wb) >= t
    };
    if other_speaker {
        // Across speakers only near-identical words count.
        return (containment >= 0.9 && shared >= 4) || ratio_at_least(0.8);
    }
    if cut || both_quoted && ratio_at_least(0.6) {
        return true;
    }
    // A short cut quote ("We're deeply sorry.") inside a longer version, or
    // a mixed statement whose quoted words are a run of the other.
    let whole_run = |short: &[S::W], long: &[S::W]| short.len() >= 2 && contiguous_in(long, short);
    if whole_run(wb, wa) || whole_run(wa, wb) {
        return true;
    }
    // Every quoted part must be a run of the other (one stray shared phrase
    // like "content update" is not enough).
    let quoted_run = |m: &VersionInput, ms: &S, other: &[S::W]| {
        if m.kind != Kind::Mixed {
            return false;
        }
        let qs = ms.quoted_runs(m);
        qs.iter().map(|q| q.len()).sum::<usize>() >= 3 && qs.iter().all(|q| contiguous_in(other, q))
    };
    if quoted_run(a, sa, wb) || quoted_run(b, sb, wa) {
        return true;
    }
    // A paraphrase by the same speaker (two direct quotes must align instead).
    same_speaker
        && !(a.kind == Kind::Direct && b.kind == Kind::Direct)
        && (jaccard >= 0.4 && shared >= 3 || containment >= 0.6 && shared >= 4)
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// A statement's words as the clustering reads them: every word, the
/// content words (stemmed, stop words out) and the content words of its
/// quoted stretches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub words: Vec<String>,
    pub content: Vec<String>,
    pub quoted: Vec<String>,
}

/// The signature of one statement.
///
/// ```
/// use quotegraph::{Kind, versions::{signature, VersionInput}};
/// let v = VersionInput { text: "We will rebuild the pier", kind: Kind::Direct, speaker: None,
///     speaker_is_group: false, venue: None, quoted: vec!["rebuild the pier"], doc: 0 };
/// let s = signature(&v);
/// assert_eq!(s.content, ["rebuild", "pier"]);
/// assert_eq!(s.quoted, ["rebuild", "pier"]);
/// ```
pub fn signature(v: &VersionInput) -> Signature {
    let words = words(v.text);
    let content = content(&words);
    let quoted = v.quoted.iter().flat_map(|q| content_of(q)).collect();
    Signature {
        words,
        content,
        quoted,
    }
}

fn content_of(text: &str) -> Vec<String> {
    content(&words(text))
}

/// The index keys of one statement, sorted and distinct: its [`PREFIX`]
/// rarest content words by document frequency `df` (ties by the word), and
/// every content word of its quoted stretches, however common ("deeply
/// sorry" in every version of an apology). Two statements are compared
/// when they share a key (see [`MAX_POSTING`]).
///
/// ```
/// use quotegraph::versions::{blocking_keys, Signature};
/// let s = Signature { words: vec![], quoted: vec!["sorry".into()],
///     content: ["pier", "rebuild", "spring", "old", "harbor", "city", "mayor"].map(String::from).to_vec() };
/// let keys = blocking_keys(&s, |w| if w == "pier" { 9 } else { 1 });
/// assert_eq!(keys, ["city", "harbor", "mayor", "old", "rebuild", "sorry", "spring"]);
/// ```
pub fn blocking_keys<'s>(sig: &'s Signature, df: impl Fn(&str) -> usize) -> Vec<&'s str> {
    let mut rare: Vec<&str> = sig.content.iter().map(String::as_str).collect();
    rare.sort_unstable_by(|a, b| df(a).cmp(&df(b)).then_with(|| a.cmp(b)));
    rare.dedup();
    let mut keys: Vec<&str> = rare.iter().take(PREFIX).copied().collect();
    keys.extend(sig.quoted.iter().map(String::as_str));
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether two statements report the same utterance (`a` the earlier).
pub fn linked_versions(a: &VersionInput, b: &VersionInput, sa: &Signature, sb: &Signature) -> bool {
    linked(a, b, sa, sb)
}

/// Cluster statements into utterances and describe every pair.
pub fn cluster(items: &[VersionInput]) -> Vec<Cluster> {
    cluster_packed(items, Packing::new(items))
}

/// [`cluster`] over signatures packed before (see [`Packing::new`], which
/// reads only each statement's text, kind and quoted stretches).
pub(crate) fn cluster_packed(items: &[VersionInput], packing: Packing) -> Vec<Cluster> {
    use rayon::prelude::*;
    let Packing { sigs, ids } = packing;
    assert_eq!(sigs.len(), items.len(), "one signature per statement");
    assert!(
        items.len() < u32::MAX as usize,
        "statements are numbered in 32 bits"
    );
    // Document frequency of content words, for the prefix of rare words.
    let mut df = vec![0u32; ids.len()];
    for s in &sigs {
        let sorted = s.content_sorted();
        for (k, &w) in sorted.iter().enumerate() {
            if k == 0 || sorted[k - 1] != w {
                df[w as usize] += 1;
            }
        }
    }
    // Each statement's blocking keys, read once (in parallel) into one list:
    // `keys[key_ends[i - 1]..key_ends[i]]` are statement `i`'s.
    let (keys, key_ends) = {
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = sigs
            .par_chunks(PACK_CHUNK)
            .map(|chunk| {
                let (mut flat, mut lens, mut k) = (Vec::new(), Vec::new(), Vec::new());
                for s in chunk {
                    s.blocking_keys(&df, &ids, &mut k);
                    flat.extend_from_slice(&k);
                    lens.push(k.len() as u32);
                }
                (flat, lens)
            })
            .collect();
        let mut keys = Vec::with_capacity(chunks.iter().map(|c| c.0.len()).sum());
        let mut key_ends = Vec::with_capacity(items.len());
        for (flat, lens) in chunks {
            let mut end = keys.len();
            for n in lens {
                end += n as usize;
                key_ends.push(end);
            }
            keys.extend(flat);
        }
        (keys, key_ends)
    };
    let nwords = ids.len();
    // The postings of each word, end to end (a word's room: the statements
    // that have it as a key, at most MAX_POSTING; none when only one has
    // it, as nobody else would read it), and how many each holds so far.
    // A vector of its own for every word (millions at a million
    // statements, most of them the key of one statement) put 76 MB more
    // on the clustering's peak there.
    let mut room = df;
    room.fill(0);
    for &w in &keys {
        room[w as usize] += 1;
    }
    let mut start: Vec<usize> = Vec::with_capacity(nwords + 1);
    let mut total = 0;
    start.push(0);
    for &r in &room {
        if r >= 2 {
            total += (r as usize).min(MAX_POSTING);
        }
        start.push(total);
    }
    drop(room);
    let mut held = vec![0u32; nwords];
    let mut postings = vec![0u32; total];
    let mut uf = UnionFind((0..items.len()).collect());
    // Statements are linked a block at a time: the candidate pairs of a
    // block are found in input order, tested in parallel, and joined in
    // input order. A pair whose statements an earlier pair of the same block
    // already joined is tested needlessly but joins nothing, so the groups
    // are those of one statement at a time.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut candidates: Vec<u32> = Vec::new();
    for block in (0..items.len()).step_by(LINK_BLOCK) {
        pairs.clear();
        for i in block..(block + LINK_BLOCK).min(items.len()) {
            let from = if i == 0 { 0 } else { key_ends[i - 1] };
            candidates.clear();
            for &w in &keys[from..key_ends[i]] {
                let w = w as usize;
                let (at, cap) = (start[w], start[w + 1] - start[w]);
                let n = held[w] as usize;
                // The same test as a posting of its own: full at
                // MAX_POSTING (a word of one statement has no room and is
                // read by nobody else).
                if cap > 0 && n < MAX_POSTING {
                    candidates.extend_from_slice(&postings[at..at + n]);
                    postings[at + n] = i as u32;
                    held[w] += 1;
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &j in &candidates {
                let j = j as usize;
                if uf.find(i) != uf.find(j) {
                    pairs.push((i, j));
                }
            }
        }
        let linked: Vec<bool> = pairs
            .par_iter()
            .map(|&(i, j)| linked(&items[j], &items[i], &sigs[j], &sigs[i]))
            .collect();
        for (&(i, j), l) in pairs.iter().zip(linked) {
            if l {
                uf.union(i, j);
            }
        }
    }
    drop((keys, key_ends, start, held, postings));
    // The groups of two or more, in the order of their roots (a group's
    // root is its earliest member, so that is the order they open in).
    let mut size = vec![0u32; items.len()];
    for i in 0..items.len() {
        size[uf.find(i)] += 1;
    }
    let mut slot = vec![u32::MAX; items.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..items.len() {
        let r = uf.find(i);
        if size[r] < 2 {
            continue;
        }
        if slot[r] == u32::MAX {
            slot[r] = groups.len() as u32;
            groups.push(Vec::with_capacity(size[r] as usize));
        }
        groups[slot[r] as usize].push(i);
    }
    // Each group is split and described on its own (in parallel; the
    // results keep the groups' order).
    let sign = |v: &VersionInput| Packed::of_known(v, &ids, nwords);
    let mut out: Vec<Cluster> = groups
        .into_par_iter()
        .flat_map_iter(|members| split_bridges_with(items, &sigs, members, &sign))
        .filter(|members| members.len() >= 2)
        .map(|members| describe_with(items, &sigs, members))
        .collect();
    sigs.into_par_iter().for_each(drop);
    out.sort_by_key(|c| c.members.iter().min().copied());
    out
}

/// A statement's signature with every word an id (equal ids for equal
/// words, across all statements of one [`Packing`]): its words, its content
/// words (stemmed), each list again sorted by id (so the words two
/// statements share are counted in one merge), and the content words of its
/// quoted stretches, in one allocation; and for a mixed statement the words
/// of each quoted stretch.
pub(crate) struct Packed {
    data: Box<[u32]>,
    words: u32,
    content: u32,
    runs: Box<[Box<[u32]>]>,
}

impl Packed {
    fn content_sorted(&self) -> &[u32] {
        let (w, c) = (self.words as usize, self.content as usize);
        &self.data[2 * w + c..2 * w + 2 * c]
    }

    fn words_sorted(&self) -> &[u32] {
        let (w, c) = (self.words as usize, self.content as usize);
        &self.data[w + c..2 * w + c]
    }

    /// The content words of the quoted stretches.
    fn quoted(&self) -> &[u32] {
        let (w, c) = (self.words as usize, self.content as usize);
        &self.data[2 * w + 2 * c..]
    }

    /// The signature of `v`, each word given its id by `id`.
    fn of(v: &VersionInput, cur: &mut String, id: &mut impl FnMut(&str) -> u32) -> Packed {
        let mut words = Vec::new();
        let mut content = Vec::new();
        each_word(v.text, cur, |w| {
            words.push(id(w));
            if is_content(w) {
                content.push(id(&stem_of(w)));
            }
        });
        let mut quoted = Vec::new();
        let mut runs = Vec::new();
        for q in &v.quoted {
            let mut run = Vec::new();
            each_word(q, cur, |w| {
                if v.kind == Kind::Mixed {
                    run.push(id(w));
                }
                if is_content(w) {
                    quoted.push(id(&stem_of(w)));
                }
            });
            if v.kind == Kind::Mixed {
                runs.push(run.into_boxed_slice());
            }
        }
        let mut data = Vec::with_capacity(2 * words.len() + 2 * content.len() + quoted.len());
        data.extend_from_slice(&words);
        data.extend_from_slice(&content);
        data.extend_from_slice(&words);
        data.extend_from_slice(&content);
        data.extend_from_slice(&quoted);
        let mut p = Packed {
            data: data.into_boxed_slice(),
            words: words.len() as u32,
            content: content.len() as u32,
            runs: runs.into_boxed_slice(),
        };
        p.sort();
        p
    }

    /// Sort the sorted lists (after the ids change).
    fn sort(&mut self) {
        let (w, c) = (self.words as usize, self.content as usize);
        self.data[w + c..2 * w + c].sort_unstable();
        self.data[2 * w + c..2 * w + 2 * c].sort_unstable();
    }

    /// The signature of a statement outside the packing (a part of one in
    /// it): known words take their ids, others new ids from `known` up.
    fn of_known(v: &VersionInput, ids: &Vocabulary, known: usize) -> Packed {
        let mut new: rustc_hash::FxHashMap<String, u32> = Default::default();
        Packed::of(v, &mut String::new(), &mut |w| match ids.get(w) {
            Some(id) => id,
            None => {
                let next = (known + new.len()) as u32;
                *new.entry(w.to_string()).or_insert(next)
            }
        })
    }

    /// [`blocking_keys`] as ids, into `keys` (sorted, distinct).
    fn blocking_keys(&self, df: &[u32], vocab: &Vocabulary, keys: &mut Vec<u32>) {
        keys.clear();
        let sorted = self.content_sorted();
        keys.extend(
            sorted
                .iter()
                .enumerate()
                .filter(|&(k, w)| k == 0 || sorted[k - 1] != *w)
                .map(|(_, &w)| w),
        );
        keys.sort_unstable_by(|&a, &b| {
            df[a as usize]
                .cmp(&df[b as usize])
                .then_with(|| vocab.word(a).cmp(vocab.word(b)))
        });
        keys.truncate(PREFIX);
        keys.extend_from_slice(self.quoted());
        keys.sort_unstable();
        keys.dedup();
    }
}

impl WordLists for Packed {
    type W = u32;
    fn words(&self) -> &[u32] {
        &self.data[..self.words as usize]
    }
    fn content(&self) -> &[u32] {
        let w = self.words as usize;
        &self.data[w..w + self.content as usize]
    }
    fn shared_content(&self, other: &Self) -> usize {
        shared_sorted(self.content_sorted(), other.content_sorted())
    }
    fn shared_words(&self, other: &Self) -> usize {
        shared_sorted(self.words_sorted(), other.words_sorted())
    }
    fn quoted_runs<'s>(&'s self, _: &VersionInput) -> Vec<Cow<'s, [u32]>> {
        self.runs.iter().map(|r| Cow::Borrowed(&r[..])).collect()
    }
}

/// The packed signatures of statements, and the id of every word in them.
pub(crate) struct Packing {
    sigs: Vec<Packed>,
    ids: Vocabulary,
}

/// Shards of [`Vocabulary`]: a power of two, many more than threads, so
/// that each shard's table and words are small while it is filled.
const SHARDS: usize = 64;

/// The shard of a word of hash `h`: bits that neither a shard's table
/// slots (the low bits) nor its tags (the top seven) read.
fn shard_of(h: u64) -> usize {
    (h >> 40) as usize & (SHARDS - 1)
}

/// The words of a [`Packing`], numbered from 0 in the order they are first
/// met (chunk by chunk, and in each chunk in its own order), kept in
/// [`SHARDS`] shards by hash. (One table for all the words, filled one
/// word at a time on one thread, took 1.6 s at a million statements, 3.8
/// million words, 53 times what it took at 100k: past a size, every lookup
/// missed the cache. In 64 shards, each filled on its own and in parallel:
/// 0.8 s. The numbers stay in the order words are met, as the one table
/// gave them: numbered shard by shard instead, the clustering, which reads
/// per-word arrays by number, took 0.17 s more at 100k and 0.76 s more at
/// 1M, its reads no longer near each other.)
pub(crate) struct Vocabulary {
    shards: Vec<Words>,
    /// Each shard's words' numbers, by their number in the shard.
    global: Vec<Vec<u32>>,
    /// Where each word is: its shard in the top bits, its number in the
    /// shard below [`LOCAL_BITS`].
    places: Vec<u32>,
}

/// The bits of a word's number in its shard in [`Vocabulary::places`].
const LOCAL_BITS: u32 = 26;

impl Vocabulary {
    fn len(&self) -> usize {
        self.places.len()
    }

    /// Word number `i`.
    fn word(&self, i: u32) -> &str {
        let place = self.places[i as usize];
        self.shards[(place >> LOCAL_BITS) as usize].word(place & ((1 << LOCAL_BITS) - 1))
    }

    /// The number of `w`, if it is one of the words.
    fn get(&self, w: &str) -> Option<u32> {
        let h = Words::hash(w);
        let s = shard_of(h);
        self.shards[s].get(h, w).map(|i| self.global[s][i as usize])
    }

    /// Join the vocabularies of chunks of statements (each numbering its
    /// own words) into one: the vocabulary, and for each chunk the new
    /// number of each of its words.
    fn join(locals: &[&Words]) -> (Vocabulary, Vec<Vec<u32>>) {
        use rayon::prelude::*;
        // Each chunk's words grouped by shard, in their order within each:
        // `order[starts[s]..starts[s + 1]]` are shard `s`'s.
        let grouped: Vec<(Vec<u32>, Vec<u32>)> = locals
            .par_iter()
            .map(|local| {
                let shard: Vec<u8> = (0..local.len() as u32)
                    .map(|i| shard_of(Words::hash(local.word(i))) as u8)
                    .collect();
                let mut starts = vec![0u32; SHARDS + 1];
                for &s in &shard {
                    starts[s as usize + 1] += 1;
                }
                for s in 0..SHARDS {
                    starts[s + 1] += starts[s];
                }
                let mut at = starts.clone();
                let mut order = vec![0u32; shard.len()];
                for (i, &s) in shard.iter().enumerate() {
                    order[at[s as usize] as usize] = i as u32;
                    at[s as usize] += 1;
                }
                (order, starts)
            })
            .collect();
        // Every chunk's words end to end: where each chunk's begin.
        let mut offsets = Vec::with_capacity(locals.len());
        let mut total = 0u32;
        for local in locals {
            offsets.push(total);
            total = u32::try_from(total as usize + local.len())
                .expect("fewer than 2^32 words counted chunk by chunk");
        }
        // Each shard numbers its words, chunk after chunk: the numbers of
        // every chunk's words of the shard, in that order, and where among
        // all the chunks' words each of its own was first met.
        #[allow(clippy::type_complexity)]
        let (shards, (numbers, firsts)): (Vec<Words>, (Vec<Vec<u32>>, Vec<Vec<u32>>)) = (0..SHARDS)
            .into_par_iter()
            .map(|s| {
                let mut words = Words::default();
                let (mut numbers, mut firsts) = (Vec::new(), Vec::new());
                for ((local, (order, starts)), &offset) in locals.iter().zip(&grouped).zip(&offsets)
                {
                    let range = starts[s] as usize..starts[s + 1] as usize;
                    for &i in &order[range] {
                        let w = local.word(i);
                        let n = words.id_hashed(Words::hash(w), w);
                        if n as usize == firsts.len() {
                            firsts.push(offset + i);
                        }
                        numbers.push(n);
                    }
                }
                assert!(
                    words.len() < 1 << LOCAL_BITS,
                    "fewer than 2^26 distinct words in a shard"
                );
                (words, (numbers, firsts))
            })
            .unzip();
        // A word's number: how many words were first met before it.
        let mut first = vec![0u64; (total as usize).div_ceil(64)];
        for &f in firsts.iter().flatten() {
            first[f as usize / 64] |= 1 << (f % 64);
        }
        let mut before = Vec::with_capacity(first.len());
        let mut count = 0u32;
        for &bits in &first {
            before.push(count);
            count = count
                .checked_add(bits.count_ones())
                .expect("fewer than 2^32 distinct words");
        }
        let number = |f: u32| {
            let (block, bit) = (f as usize / 64, f % 64);
            before[block] + (first[block] & ((1u64 << bit) - 1)).count_ones()
        };
        let global: Vec<Vec<u32>> = firsts
            .par_iter()
            .map(|fs| fs.iter().map(|&f| number(f)).collect())
            .collect();
        drop(firsts);
        let mut places = vec![0u32; count as usize];
        for (s, g) in global.iter().enumerate() {
            for (i, &n) in g.iter().enumerate() {
                places[n as usize] = (s as u32) << LOCAL_BITS | i as u32;
            }
        }
        // Where each chunk's words start in each shard's numbers.
        let mut at = vec![0u32; SHARDS];
        let starts_in: Vec<Vec<u32>> = grouped
            .iter()
            .map(|(_, starts)| {
                let here = at.clone();
                for s in 0..SHARDS {
                    at[s] += starts[s + 1] - starts[s];
                }
                here
            })
            .collect();
        let remaps = grouped
            .into_par_iter()
            .zip(starts_in)
            .map(|((order, starts), from)| {
                let mut remap = vec![0u32; order.len()];
                for s in 0..SHARDS {
                    let range = starts[s] as usize..starts[s + 1] as usize;
                    let from = from[s] as usize;
                    for (k, &i) in order[range].iter().enumerate() {
                        remap[i as usize] = global[s][numbers[s][from + k] as usize];
                    }
                }
                remap
            })
            .collect();
        (
            Vocabulary {
                shards,
                global,
                places,
            },
            remaps,
        )
    }
}

/// Words, each once, numbered from 0 in the order they are first added:
/// their text end to end in one string, and a table of their numbers by
/// the words' hashes. (A string of its own for each word, in a map of
/// strings to numbers, and a list of the words by number for the
/// clustering's ties put 70 MB more on the peak at a million statements,
/// which have millions of words.)
#[derive(Default)]
pub(crate) struct Words {
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<usize>,
    table: hashbrown::HashTable<u32>,
}

impl Words {
    fn hash(w: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(w)
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word number `i`.
    fn word(&self, i: u32) -> &str {
        Self::nth(&self.text, &self.ends, i)
    }

    /// Word number `i` of `text` ending at `ends` (apart from `self`, for
    /// the table's rehashing while it grows).
    fn nth<'t>(text: &'t str, ends: &[usize], i: u32) -> &'t str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] };
        &text[start..ends[i]]
    }

    /// The number of `w` (of hash `h`), if it was added.
    fn get(&self, h: u64, w: &str) -> Option<u32> {
        self.table.find(h, |&i| self.word(i) == w).copied()
    }

    /// The number of `w`, added as the next when it is new.
    fn id(&mut self, w: &str) -> u32 {
        self.id_hashed(Self::hash(w), w)
    }

    /// [`Words::id`] of `w`, whose hash is `h`.
    fn id_hashed(&mut self, h: u64, w: &str) -> u32 {
        if let Some(&i) = self.table.find(h, |&i| self.word(i) == w) {
            return i;
        }
        let i = u32::try_from(self.len()).expect("fewer than 2^32 distinct words");
        self.text.push_str(w);
        self.ends.push(self.text.len());
        let Words { text, ends, table } = self;
        table.insert_unique(h, i, |&j| Self::hash(Self::nth(text, ends, j)));
        i
    }
}

impl Packing {
    /// Pack every statement's signature (see [`Packing::of_texts`]).
    pub(crate) fn new(items: &[VersionInput]) -> Packing {
        let texts: Vec<(&str, Kind, &[&str])> = items
            .iter()
            .map(|v| (v.text, v.kind, &v.quoted[..]))
            .collect();
        Packing::of_texts(&texts)
    }

    /// Pack the signature of each statement, given as its text, kind and
    /// quoted stretches: in parallel, a chunk of statements at a time with
    /// ids of the chunk's own; then the chunks' words are joined into one
    /// [`Vocabulary`] (shard by shard, in parallel) and the ids rewritten,
    /// in parallel again.
    pub(crate) fn of_texts(items: &[(&str, Kind, &[&str])]) -> Packing {
        use rayon::prelude::*;
        let locals: Vec<(Vec<Packed>, Words)> = items
            .par_chunks(PACK_CHUNK)
            .map(|chunk| {
                let mut local = Words::default();
                let mut cur = String::new();
                let sigs = chunk
                    .iter()
                    .map(|&(text, kind, quoted)| {
                        let v = VersionInput {
                            text,
                            kind,
                            speaker: None,
                            speaker_is_group: false,
                            venue: None,
                            quoted: quoted.to_vec(),
                            doc: 0,
                        };
                        Packed::of(&v, &mut cur, &mut |w| local.id(w))
                    })
                    .collect();
                (sigs, local)
            })
            .collect();
        let (ids, remaps) = Vocabulary::join(&locals.iter().map(|(_, w)| w).collect::<Vec<_>>());
        let sigs = locals
            .into_par_iter()
            .zip(remaps)
            .map(|((sigs, _), remap)| (sigs, remap))
            .flat_map_iter(|(mut sigs, remap)| {
                for s in &mut sigs {
                    for w in s.data.iter_mut() {
                        *w = remap[*w as usize];
                    }
                    for r in s.runs.iter_mut() {
                        for w in r.iter_mut() {
                            *w = remap[*w as usize];
                        }
                    }
                    s.sort();
                }
                sigs
            })
            .collect();
        Packing { sigs, ids }
    }
}

/// Statements packed per chunk in [`Packing::new`].
const PACK_CHUNK: usize = 4096;

/// Statements linked per block in [`cluster`]: enough candidate pairs to
/// share between threads, few enough that pairs an earlier pair of the
/// block already joined cost little.
const LINK_BLOCK: usize = 256;

/// The sentences of a statement's text: stretches ending in `.`, `?` or `!`
/// (and any closing marks) before a space.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'.' | b'?' | b'!') {
            let mut j = i + 1;
            // Closing marks after the stop: `."`, `.’`.
            while j < b.len() && !b[j].is_ascii_whitespace() && !b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            if j < b.len() && b[j].is_ascii_whitespace() && text.is_char_boundary(j) {
                let s = text[start..j].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// A venue that is a text issued whole (a post on X, a statement, a
/// letter): its sentences are one utterance, printed in pieces by outlets.
fn written(venue: Option<&str>) -> bool {
    const WRITTEN: &[&str] = &[
        "x",
        "twitter",
        "truth",
        "facebook",
        "instagram",
        "linkedin",
        "threads",
        "bluesky",
        "telegram",
        "substack",
        "weibo",
        "post",
        "posts",
        "tweet",
        "statement",
        "release",
        "letter",
        "email",
        "e-mail",
        "memo",
        "blog",
        "op-ed",
        "essay",
        "filing",
    ];
    venue.is_some_and(|v| words(v).iter().any(|w| WRITTEN.contains(&w.as_str())))
}

/// Split a linked group where one statement of several sentences is the
/// only bridge between two utterances (`"It could be some time ... But it's
/// our mission to ..."` links the versions of each sentence). The bridge
/// stays with the utterance its first sentence reports. Groups past
/// [`ALL_PAIRS_UP_TO`] members are left whole (the link graph is all pairs).
pub fn split_bridges(
    items: &[VersionInput],
    sigs: &[Signature],
    members: Vec<usize>,
) -> Vec<Vec<usize>> {
    split_bridges_with(items, sigs, members, &signature)
}

/// [`split_bridges`] over any signatures; `sign` gives the signature of a
/// statement that is not among `items` (a bridge's first sentence).
fn split_bridges_with<S: WordLists>(
    items: &[VersionInput],
    sigs: &[S],
    members: Vec<usize>,
    sign: &(impl Fn(&VersionInput) -> S + Sync),
) -> Vec<Vec<usize>> {
    let mut work = vec![members];
    let mut done = Vec::new();
    while let Some(members) = work.pop() {
        let n = members.len();
        if !(3..=ALL_PAIRS_UP_TO).contains(&n) {
            done.push(members);
            continue;
        }
        let mut adj = vec![Vec::new(); n];
        for x in 0..n {
            for y in x + 1..n {
                let (a, b) = (members[x].min(members[y]), members[x].max(members[y]));
                if linked(&items[a], &items[b], &sigs[a], &sigs[b]) {
                    adj[x].push(y);
                    adj[y].push(x);
                }
            }
        }
        let split = (0..n).find_map(|x| {
            let bridge = &items[members[x]];
            let several = sentences(bridge.text).len() >= 2 && !written(bridge.venue);
            // A version with no named person for speaker (nobody, or a
            // group) may join two people's different utterances (`both
            // leaders agreed to "robust security guarantees"` between
            // Witkoff's and Zelensky's words).
            let unnamed = bridge.speaker.is_none() || bridge.speaker_is_group;
            if !several && !unnamed {
                return None;
            }
            // The parts of the group without `x`.
            let mut part = vec![usize::MAX; n];
            let mut parts = 0;
            for start in (0..n).filter(|&y| y != x) {
                if part[start] != usize::MAX {
                    continue;
                }
                let mut stack = vec![start];
                part[start] = parts;
                while let Some(y) = stack.pop() {
                    for &z in &adj[y] {
                        if z != x && part[z] == usize::MAX {
                            part[z] = parts;
                            stack.push(z);
                        }
                    }
                }
                parts += 1;
            }
            if parts < 2 {
                return None;
            }
            let sizes: Vec<usize> = (0..parts)
                .map(|p| part.iter().filter(|&&q| q == p).count())
                .collect();
            // The named speakers of each part.
            let speakers: Vec<BTreeSet<usize>> = (0..parts)
                .map(|p| {
                    (0..n)
                        .filter(|&y| part[y] == p)
                        .filter_map(|y| items[members[y]].speaker)
                        .collect()
                })
                .collect();
            let apart_speakers = speakers.iter().filter(|s| !s.is_empty()).count() >= 2
                && speakers
                    .iter()
                    .enumerate()
                    .all(|(i, a)| speakers[i + 1..].iter().all(|b| a.is_disjoint(b)));
            let home = if several && sizes.iter().filter(|&&k| k >= 2).count() >= 2 {
                // A bridge between utterances reported more than once each
                // joins the one its first sentence reports.
                let head = VersionInput {
                    text: sentences(bridge.text)[0],
                    quoted: Vec::new(),
                    ..bridge.clone()
                };
                let head_sig = sign(&head);
                (0..n)
                    .filter(|&y| y != x)
                    .find(|&y| {
                        let m = members[y];
                        linked(&items[m], &head, &sigs[m], &head_sig)
                    })
                    .map_or_else(
                        || (0..parts).max_by_key(|&p| sizes[p]).unwrap_or(0),
                        |y| part[y],
                    )
            } else if unnamed && apart_speakers {
                // The part sharing the most words with the bridge.
                let own: BTreeSet<&S::W> = sigs[members[x]].content().iter().collect();
                (0..parts)
                    .max_by_key(|&p| {
                        let shared = (0..n)
                            .filter(|&y| part[y] == p)
                            .flat_map(|y| sigs[members[y]].content().iter())
                            .filter(|w| own.contains(w))
                            .collect::<BTreeSet<_>>()
                            .len();
                        (shared, std::cmp::Reverse(p))
                    })
                    .unwrap_or(0)
            } else {
                return None;
            };
            // An outlet that printed the bridge beside another part printed
            // one text in pieces (a statement posted on X): keep it whole.
            let doc = items[members[x]].doc;
            if (0..n).any(|y| y != x && part[y] != home && items[members[y]].doc == doc) {
                return None;
            }
            let mut groups = vec![Vec::new(); parts];
            for y in 0..n {
                let p = if y == x { home } else { part[y] };
                groups[p].push(members[y]);
            }
            Some(groups)
        });
        match split {
            Some(groups) => work.extend(groups),
            None => done.push(members),
        }
    }
    for g in &mut done {
        g.sort_unstable();
    }
    done.sort();
    done
}

/// One cluster from its members (indices into `items`, whose order is the
/// input order): the head first, the fullest direct version (then the
/// earliest), and every pair's relation and word diff (pairs against the
/// head only past [`ALL_PAIRS_UP_TO`] members).
pub fn describe(items: &[VersionInput], sigs: &[Signature], members: Vec<usize>) -> Cluster {
    describe_with(items, sigs, members)
}

/// [`describe`] over any signatures.
fn describe_with<S: WordLists>(
    items: &[VersionInput],
    sigs: &[S],
    mut members: Vec<usize>,
) -> Cluster {
    members.sort_by_key(|&m| {
        (
            items[m].kind != Kind::Direct,
            std::cmp::Reverse(sigs[m].words().len()),
            m,
        )
    });
    let head = members[0];
    let mut pairs = Vec::new();
    let all = members.len() <= ALL_PAIRS_UP_TO;
    for (x, &a) in members.iter().enumerate() {
        for &b in &members[x + 1..] {
            if !all && a != head {
                break;
            }
            pairs.push(Pair {
                a,
                b,
                relation: relation(&items[a], &items[b]),
                diff: word_diff(items[a].text, items[b].text),
            });
        }
    }
    Cluster { members, pairs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str, kind: Kind, speaker: Option<usize>) -> VersionInput<'_> {
        VersionInput {
            text,
            kind,
            speaker,
            speaker_is_group: false,
            venue: None,
            quoted: Vec::new(),
            doc: 0,
        }
    }

    #[test]
    fn relations() {
        let full = v(
            "We were able to win the following concession, which is one of the real reasons",
            Kind::Direct,
            Some(1),
        );
        assert_eq!(
            relation(
                &full,
                &v(
                    "we were able to win the following concession which is one of the real reasons",
                    Kind::Direct,
                    Some(1)
                )
            ),
            Relation::Verbatim
        );
        assert_eq!(
            relation(
                &full,
                &v(
                    "We were able to win the following concession",
                    Kind::Direct,
                    Some(1)
                )
            ),
            Relation::Truncated
        );
        assert_eq!(
            relation(
                &full,
                &v(
                    "We managed to win the following concession, which is one of the main reasons",
                    Kind::Direct,
                    Some(1)
                )
            ),
            Relation::Reworded
        );
        assert_eq!(
            relation(
                &full,
                &v(
                    "We were able to win the following concession",
                    Kind::Direct,
                    Some(2)
                )
            ),
            Relation::Misattributed
        );
        assert_eq!(
            relation(
                &full,
                &v("they had won a concession", Kind::Indirect, Some(1))
            ),
            Relation::Paraphrased
        );
    }

    #[test]
    fn diff_names_changed_words() {
        let d = word_diff(
            "we are deeply sorry for the impact",
            "we are sorry for the huge impact",
        );
        assert_eq!(d.dropped, ["deeply"]);
        assert_eq!(d.added, ["huge"]);
        use DiffRun::*;
        assert_eq!(
            d.runs,
            [
                Same("we are".into()),
                Dropped("deeply".into()),
                Same("sorry for the".into()),
                Added("huge".into()),
                Same("impact".into()),
            ]
        );
        // The second version's own spelling, punctuation-only changes unmarked.
        let d = word_diff("We will rebuild the pier.", "we will RAZE the pier —");
        assert_eq!(
            d.runs,
            [
                Same("we will".into()),
                Replaced("rebuild".into(), "RAZE".into()),
                Same("the pier".into()),
                Same("—".into()),
            ]
        );
    }

    #[test]
    fn clusters_versions_not_strangers() {
        let items = vec![
            v(
                "We were able to win the following concession, that the United States could offer protection",
                Kind::Direct,
                Some(1),
            ),
            v(
                "Rain is expected across the north on Tuesday",
                Kind::Direct,
                Some(3),
            ),
            v(
                "We were able to win the following concession",
                Kind::Direct,
                Some(1),
            ),
            v(
                "the United States could offer protection, a concession they had won",
                Kind::Indirect,
                Some(1),
            ),
        ];
        let c = cluster(&items);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].members, [0, 2, 3]);
        assert_eq!(c[0].pairs.len(), 3);
    }
}
