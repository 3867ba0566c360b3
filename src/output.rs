//! Statement records as `extract` writes them: the JSONL contract, with
//! Unicode code point offsets (end exclusive).

use serde::Serialize;

use crate::document::Document;
use crate::lexicon::CueClass;
use crate::parse::{Frame, Kind, Statement};
use crate::segment::SegmentKind;
use crate::speakers::{DocSpeakers, EntityKind};

/// One line of `extract --format jsonl`: one statement part.
///
/// `text` equals the document's text over `start..end` (code points). A
/// quote interrupted by its attribution gives one record per part, sharing
/// speaker and cue, with `part` and `parts` telling them apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: Kind,
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub venue: Option<String>,
    /// The venue phrase's span, code points.
    pub venue_start: Option<usize>,
    pub venue_end: Option<usize>,
    pub outlet: Option<String>,
    pub segment: SegmentKind,
    /// The resolved speaker's id (`doc#n` within one document).
    pub speaker_id: Option<String>,
    /// Person, role, group or unnamed.
    pub speaker_kind: Option<EntityKind>,
    /// The mention as written (`he`, `the envoy`), where `speaker` is the name.
    pub speaker_mention: Option<String>,
    pub cue_lemma: Option<String>,
    pub cue_class: Option<CueClass>,
    pub frame: Frame,
    pub part: usize,
    pub parts: usize,
    pub paragraph: usize,
}

/// Byte offset → code point offset, for one document.
pub struct CodePoints<'t> {
    text: &'t str,
    ascii: bool,
}

impl<'t> CodePoints<'t> {
    pub fn new(text: &'t str) -> Self {
        CodePoints {
            text,
            ascii: text.is_ascii(),
        }
    }
    /// Code points before byte `b` (a char boundary).
    pub fn at(&self, b: usize) -> usize {
        if self.ascii {
            b
        } else {
            self.text[..b].chars().count()
        }
    }
}

/// Convert many byte offsets at once, in one pass over the text.
fn convert_all(text: &str, offsets: &mut [(usize, usize)]) {
    // (byte, slot) pairs sorted by byte; writes code points into .1 via index map.
    if text.is_ascii() {
        return;
    }
    // (byte, slot) pairs, sorted by byte (equal bytes get equal counts, so
    // their order does not matter: an unstable sort, on the pairs themselves).
    let mut order: Vec<(usize, usize)> =
        offsets.iter().enumerate().map(|(i, o)| (o.0, i)).collect();
    order.sort_unstable();
    // Code points are the bytes that do not continue a UTF-8 sequence:
    // counted a slice at a time, without decoding.
    let bytes = text.as_bytes();
    let mut chars = 0;
    let mut byte = 0;
    for (b, i) in order {
        let target = b.min(bytes.len());
        if target > byte {
            chars += code_points(&bytes[byte..target]);
            byte = target;
        }
        offsets[i].1 = chars;
    }
}

/// The code points in `b` (a run of whole UTF-8 sequences): its bytes but
/// the continuation bytes (`10xxxxxx`), counted eight at a time.
fn code_points(b: &[u8]) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut continuations = 0;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        // Bit 7 set and bit 6 clear, at each byte's top bit.
        continuations += (x & !(x << 1) & HI).count_ones() as usize;
    }
    continuations += chunks
        .remainder()
        .iter()
        .filter(|&&b| b & 0xC0 == 0x80)
        .count();
    b.len() - continuations
}

/// The records of one document's statements, in order, with the speaker
/// as written (use [`records_resolved`] for canonical names).
pub fn records(doc: &Document, statements: &[Statement]) -> Vec<Record> {
    records_resolved(doc, statements, None)
}

/// The records of one document's statements, with each speaker's canonical
/// name and id when `speakers` is given. Unnamed speakers ("a top
/// official") have no name: `speaker` is null and the mention stays in
/// `speaker_mention` and its offsets.
pub fn records_resolved(
    doc: &Document,
    statements: &[Statement],
    speakers: Option<&DocSpeakers>,
) -> Vec<Record> {
    records_with(doc, statements, |i| resolved(doc, speakers, i))
}

/// `he`, `She`, `they`: a mention that is only a personal pronoun.
fn is_pronoun(mention: &str) -> bool {
    matches!(
        mention.to_ascii_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you" | "him" | "her" | "them" | "us" | "who"
    )
}

/// A statement's speaker as the records name it.
#[derive(Clone, Debug)]
pub struct ResolvedSpeaker {
    pub name: String,
    pub id: String,
    pub kind: EntityKind,
}

/// The records of one document's statements, with each statement's speaker
/// given by `speaker_of(statement index)`.
pub fn records_with(
    doc: &Document,
    statements: &[Statement],
    speaker_of: impl Fn(usize) -> Option<ResolvedSpeaker>,
) -> Vec<Record> {
    let mut out = Vec::new();
    each_record(doc, statements, speaker_of, |r| out.push(r.to_owned()));
    out
}

/// `extract --format jsonl` for one document: each record of
/// [`records_resolved`] as one line of compact JSON, written straight from
/// the statements (no `Record` and its strings built per line).
pub fn write_jsonl(
    doc: &Document,
    statements: &[Statement],
    speakers: Option<&DocSpeakers>,
    out: &mut Vec<u8>,
) {
    // Each entity's id (`doc#n`, as `resolved` writes it) laid end to end in
    // one string, once per document: the records borrow names and ids
    // instead of copying them per statement.
    let mut ids = String::new();
    let mut id_ends: Vec<usize> = Vec::new();
    if let Some(sp) = speakers {
        id_ends.reserve(sp.entities.len());
        for e in &sp.entities {
            push_id(&mut ids, &doc.id, e.id);
            id_ends.push(ids.len());
        }
    }
    each_record(
        doc,
        statements,
        |i| {
            let sp = speakers?;
            let k = sp.statement_entity.get(i).copied().flatten()?;
            let e = &sp.entities[k];
            let from = if k == 0 { 0 } else { id_ends[k - 1] };
            Some(SpeakerRef {
                name: &e.name,
                id: &ids[from..id_ends[k]],
                kind: e.kind,
            })
        },
        |r| {
            r.write_json(out);
            out.push(b'\n');
        },
    );
}

/// `doc#n` appended to `out`, without the formatting machinery.
fn push_id(out: &mut String, doc: &str, n: usize) {
    out.push_str(doc);
    out.push('#');
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| d as char));
}

/// A statement's speaker as a record names it: its name, id and kind.
trait SpeakerOf {
    fn name(&self) -> &str;
    fn id(&self) -> &str;
    fn kind(&self) -> EntityKind;
}

impl SpeakerOf for ResolvedSpeaker {
    fn name(&self) -> &str {
        &self.name
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn kind(&self) -> EntityKind {
        self.kind
    }
}

/// [`ResolvedSpeaker`] borrowed from the document's entities.
struct SpeakerRef<'a> {
    name: &'a str,
    id: &'a str,
    kind: EntityKind,
}

impl SpeakerOf for SpeakerRef<'_> {
    fn name(&self) -> &str {
        self.name
    }
    fn id(&self) -> &str {
        self.id
    }
    fn kind(&self) -> EntityKind {
        self.kind
    }
}

/// Statement `i`'s speaker as [`records_resolved`] names it.
fn resolved(doc: &Document, speakers: Option<&DocSpeakers>, i: usize) -> Option<ResolvedSpeaker> {
    let sp = speakers?;
    let e = &sp.entities[sp.statement_entity.get(i).copied().flatten()?];
    // `doc#n`, without the formatting machinery (once per statement).
    let mut id = String::with_capacity(doc.id.len() + 4);
    push_id(&mut id, &doc.id, e.id);
    Some(ResolvedSpeaker {
        name: e.name.clone(),
        id,
        kind: e.kind,
    })
}

/// A [`Record`] with its strings borrowed from the document and statements.
struct RecordRef<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    kind: Kind,
    speaker: Option<&'a str>,
    speaker_start: Option<usize>,
    speaker_end: Option<usize>,
    cue: Option<&'a str>,
    cue_start: Option<usize>,
    cue_end: Option<usize>,
    venue: Option<&'a str>,
    venue_start: Option<usize>,
    venue_end: Option<usize>,
    outlet: Option<&'a str>,
    segment: SegmentKind,
    speaker_id: Option<&'a str>,
    speaker_kind: Option<EntityKind>,
    speaker_mention: Option<&'a str>,
    cue_lemma: Option<&'a str>,
    cue_class: Option<CueClass>,
    frame: Frame,
    part: usize,
    parts: usize,
    paragraph: usize,
}

impl RecordRef<'_> {
    fn to_owned(&self) -> Record {
        let s = |x: Option<&str>| x.map(str::to_string);
        Record {
            doc: self.doc.to_string(),
            start: self.start,
            end: self.end,
            text: self.text.to_string(),
            kind: self.kind,
            speaker: s(self.speaker),
            speaker_start: self.speaker_start,
            speaker_end: self.speaker_end,
            cue: s(self.cue),
            cue_start: self.cue_start,
            cue_end: self.cue_end,
            venue: s(self.venue),
            venue_start: self.venue_start,
            venue_end: self.venue_end,
            outlet: s(self.outlet),
            segment: self.segment,
            speaker_id: s(self.speaker_id),
            speaker_kind: self.speaker_kind,
            speaker_mention: s(self.speaker_mention),
            cue_lemma: s(self.cue_lemma),
            cue_class: self.cue_class,
            frame: self.frame,
            part: self.part,
            parts: self.parts,
            paragraph: self.paragraph,
        }
    }
}

/// Calls `each` on every record of one document's statements, in order.
fn each_record<'a, S: SpeakerOf>(
    doc: &'a Document,
    statements: &'a [Statement],
    speaker_of: impl Fn(usize) -> Option<S>,
    mut each: impl FnMut(&RecordRef<'_>),
) {
    let mut offs: Vec<(usize, usize)> = Vec::new();
    for s in statements {
        for p in &s.parts {
            offs.push((p.start, p.start));
            offs.push((p.end, p.end));
        }
        if let Some(m) = &s.speaker {
            offs.push((m.span.start, m.span.start));
            offs.push((m.span.end, m.span.end));
        }
        if let Some(c) = &s.cue {
            offs.push((c.span.start, c.span.start));
            offs.push((c.span.end, c.span.end));
        }
        if let Some(v) = &s.venue {
            offs.push((v.span.start, v.span.start));
            offs.push((v.span.end, v.span.end));
        }
    }
    convert_all(&doc.text, &mut offs);
    let mut cp = offs.into_iter().map(|(_, c)| c);
    let mut parts: Vec<(usize, usize)> = Vec::new();
    for (si, s) in statements.iter().enumerate() {
        parts.clear();
        parts.extend(
            s.parts
                .iter()
                .map(|_| (cp.next().unwrap_or(0), cp.next().unwrap_or(0))),
        );
        let speaker = s
            .speaker
            .as_ref()
            .map(|_| (cp.next().unwrap_or(0), cp.next().unwrap_or(0)));
        let cue = s
            .cue
            .as_ref()
            .map(|_| (cp.next().unwrap_or(0), cp.next().unwrap_or(0)));
        let venue = s
            .venue
            .as_ref()
            .map(|_| (cp.next().unwrap_or(0), cp.next().unwrap_or(0)));
        let entity = speaker_of(si);
        let mention = s.speaker.as_ref().map(|m| m.text.as_str());
        let speaker_name = match &entity {
            Some(e) if e.kind() == EntityKind::Unnamed => None,
            Some(e) => Some(e.name()),
            // A pronoun no antecedent was found for names nobody.
            None if mention.is_some_and(is_pronoun) => None,
            None => mention,
        };
        for (k, (p, &(a, b))) in s.parts.iter().zip(&parts).enumerate() {
            each(&RecordRef {
                doc: &doc.id,
                start: a,
                end: b,
                text: p.of(&doc.text),
                kind: part_kind(s, p),
                speaker: speaker_name,
                speaker_start: speaker.map(|x| x.0),
                speaker_end: speaker.map(|x| x.1),
                cue: s.cue.as_ref().map(|c| c.text.as_str()),
                cue_start: cue.map(|x| x.0),
                cue_end: cue.map(|x| x.1),
                venue: s.venue.as_ref().map(|v| v.text.as_str()),
                venue_start: venue.map(|x| x.0),
                venue_end: venue.map(|x| x.1),
                outlet: s.outlet.as_deref(),
                segment: s.segment,
                speaker_id: entity.as_ref().map(|e| e.id()),
                speaker_kind: entity.as_ref().map(|e| e.kind()),
                speaker_mention: mention,
                cue_lemma: s.cue.as_ref().map(|c| c.lemma.as_str()),
                cue_class: s.cue.as_ref().map(|c| c.class),
                frame: s.frame,
                part: k,
                parts: s.parts.len(),
                paragraph: s.paragraph,
            });
        }
    }
}

/// One readable line per record, for `--format text`.
pub fn text_line(r: &Record) -> String {
    let who = r.speaker.as_deref().unwrap_or("(unknown)");
    let cue = r
        .cue
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let venue = r
        .venue
        .as_deref()
        .map(|v| format!(" [{v}]"))
        .unwrap_or_default();
    let seg = if r.segment == SegmentKind::Related {
        format!(" <related: {}>", r.outlet.as_deref().unwrap_or("?"))
    } else {
        String::new()
    };
    let kind = match r.kind {
        Kind::Direct => "direct",
        Kind::Mixed => "mixed",
        Kind::Indirect => "indirect",
    };
    format!(
        "{}:{}-{} {kind}{seg} {who}{cue}{venue}: {}",
        r.doc,
        r.start,
        r.end,
        r.text.replace('\n', " / ")
    )
}

impl Record {
    /// Append this record as one line of compact JSON (no newline), the
    /// same bytes `serde_json::to_writer` writes, without going through
    /// serde for every field: `extract` writes one per statement part.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        fn o(x: &Option<String>) -> Option<&str> {
            x.as_deref()
        }
        RecordRef {
            doc: &self.doc,
            start: self.start,
            end: self.end,
            text: &self.text,
            kind: self.kind,
            speaker: o(&self.speaker),
            speaker_start: self.speaker_start,
            speaker_end: self.speaker_end,
            cue: o(&self.cue),
            cue_start: self.cue_start,
            cue_end: self.cue_end,
            venue: o(&self.venue),
            venue_start: self.venue_start,
            venue_end: self.venue_end,
            outlet: o(&self.outlet),
            segment: self.segment,
            speaker_id: o(&self.speaker_id),
            speaker_kind: self.speaker_kind,
            speaker_mention: o(&self.speaker_mention),
            cue_lemma: o(&self.cue_lemma),
            cue_class: self.cue_class,
            frame: self.frame,
            part: self.part,
            parts: self.parts,
            paragraph: self.paragraph,
        }
        .write_json(out)
    }
}

impl RecordRef<'_> {
    /// [`Record::write_json`], from borrowed fields.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"doc\":");
        json_str(out, self.doc);
        out.extend_from_slice(b",\"start\":");
        json_usize(out, self.start);
        out.extend_from_slice(b",\"end\":");
        json_usize(out, self.end);
        out.extend_from_slice(b",\"text\":");
        json_str(out, self.text);
        out.extend_from_slice(b",\"kind\":");
        json_enum(out, &KIND, self.kind as usize, &self.kind);
        out.extend_from_slice(b",\"speaker\":");
        json_opt_str(out, self.speaker);
        out.extend_from_slice(b",\"speaker_start\":");
        json_opt_usize(out, self.speaker_start);
        out.extend_from_slice(b",\"speaker_end\":");
        json_opt_usize(out, self.speaker_end);
        out.extend_from_slice(b",\"cue\":");
        json_opt_str(out, self.cue);
        out.extend_from_slice(b",\"cue_start\":");
        json_opt_usize(out, self.cue_start);
        out.extend_from_slice(b",\"cue_end\":");
        json_opt_usize(out, self.cue_end);
        out.extend_from_slice(b",\"venue\":");
        json_opt_str(out, self.venue);
        out.extend_from_slice(b",\"venue_start\":");
        json_opt_usize(out, self.venue_start);
        out.extend_from_slice(b",\"venue_end\":");
        json_opt_usize(out, self.venue_end);
        out.extend_from_slice(b",\"outlet\":");
        json_opt_str(out, self.outlet);
        out.extend_from_slice(b",\"segment\":");
        json_enum(out, &SEGMENT, self.segment as usize, &self.segment);
        out.extend_from_slice(b",\"speaker_id\":");
        json_opt_str(out, self.speaker_id);
        out.extend_from_slice(b",\"speaker_kind\":");
        json_enum(
            out,
            &SPEAKER_KIND,
            self.speaker_kind.map_or(0, |k| k as usize + 1),
            &self.speaker_kind,
        );
        out.extend_from_slice(b",\"speaker_mention\":");
        json_opt_str(out, self.speaker_mention);
        out.extend_from_slice(b",\"cue_lemma\":");
        json_opt_str(out, self.cue_lemma);
        out.extend_from_slice(b",\"cue_class\":");
        json_enum(
            out,
            &CUE_CLASS,
            self.cue_class.map_or(0, |c| c as usize + 1),
            &self.cue_class,
        );
        out.extend_from_slice(b",\"frame\":");
        json_enum(out, &FRAME, self.frame as usize, &self.frame);
        out.extend_from_slice(b",\"part\":");
        json_usize(out, self.part);
        out.extend_from_slice(b",\"parts\":");
        json_usize(out, self.parts);
        out.extend_from_slice(b",\"paragraph\":");
        json_usize(out, self.paragraph);
        out.push(b'}');
    }
}

/// The small enums, as serde names them.
fn json_serde(out: &mut Vec<u8>, v: &impl Serialize) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// Each value's JSON, rendered by serde once per process and slot: the
/// records' small enums repeat on every line, and serde_json's serializer
/// costs more than the copy. (A slot per variant; `None` is slot 0 of an
/// optional one. A value past the slots is rendered each time.)
type EnumJson = [std::sync::OnceLock<Box<[u8]>>; ENUM_SLOTS];
const ENUM_SLOTS: usize = 16;
static KIND: EnumJson = [const { std::sync::OnceLock::new() }; ENUM_SLOTS];
static SEGMENT: EnumJson = [const { std::sync::OnceLock::new() }; ENUM_SLOTS];
static SPEAKER_KIND: EnumJson = [const { std::sync::OnceLock::new() }; ENUM_SLOTS];
static CUE_CLASS: EnumJson = [const { std::sync::OnceLock::new() }; ENUM_SLOTS];
static FRAME: EnumJson = [const { std::sync::OnceLock::new() }; ENUM_SLOTS];

/// [`json_serde`] of `v`, whose slot in `cache` is `slot` (one slot per
/// distinct value).
#[inline]
fn json_enum(out: &mut Vec<u8>, cache: &EnumJson, slot: usize, v: &impl Serialize) {
    match cache.get(slot) {
        Some(cell) => out.extend_from_slice(cell.get_or_init(|| {
            let mut b = Vec::new();
            json_serde(&mut b, v);
            b.into_boxed_slice()
        })),
        None => json_serde(out, v),
    }
}

fn json_usize(out: &mut Vec<u8>, mut n: usize) {
    // Most numbers here are short (parts, paragraphs): no buffer for them.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    // Offsets: two digits per division, from a table of the pairs.
    const PAIRS: [u8; 200] = {
        let mut t = [0u8; 200];
        let mut k = 0;
        while k < 100 {
            t[2 * k] = b'0' + (k / 10) as u8;
            t[2 * k + 1] = b'0' + (k % 10) as u8;
            k += 1;
        }
        t
    };
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    while n >= 100 {
        let r = n % 100;
        n /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[2 * r..2 * r + 2]);
    }
    if n >= 10 {
        at -= 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[2 * n..2 * n + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + n as u8;
    }
    out.extend_from_slice(&buf[at..]);
}

fn json_opt_usize(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => json_usize(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

fn json_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, control
/// characters as `\b \t \n \f \r` or `\u00xx`, everything else as is.
/// Runs that need no escape are found eight bytes at a time and copied whole.
fn json_str(out: &mut Vec<u8>, s: &str) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero: the classic SWAR test. The lowest flag set is
    // exact (a false flag only ever follows a true one), so it also tells
    // where the first such byte is.
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    // Eight bytes at a time, straight to the first byte needing an escape.
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(w);
        // Bytes below 0x20 have none of the bits 0xE0 set.
        let control = zero(x & (0xE0 * LO));
        let quote = zero(x ^ (b'"' as u64 * LO));
        let backslash = zero(x ^ (b'\\' as u64 * LO));
        let flags = control | quote | backslash;
        if flags == 0 {
            i += 8;
            continue;
        }
        i += (flags.trailing_zeros() / 8) as usize;
        out.extend_from_slice(&b[start..i]);
        escape(out, b[i]);
        i += 1;
        start = i;
    }
    // The last few bytes one at a time.
    while i < b.len() {
        let c = b[i];
        if c < 0x20 || c == b'"' || c == b'\\' {
            out.extend_from_slice(&b[start..i]);
            escape(out, c);
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// The escape of a byte that needs one (a quote mark, a backslash or a
/// control character), as serde_json writes it.
fn escape(out: &mut Vec<u8>, c: u8) {
    let esc: &[u8] = match c {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0C => b"\\f",
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(c >> 4) as usize]);
            out.push(HEX[(c & 0xF) as usize]);
            return;
        }
    };
    out.extend_from_slice(esc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_match_serde_json() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xE9, 0x201C, 0x2028, 0x1F600]) {
            all.push(char::from_u32(c).unwrap());
        }
        for s in [
            "",
            "plain words here",
            "\"Yes,\" he said \\ no\n\tnext\r\u{7f}\u{1}\u{1f}",
            "caf\u{e9} \u{201C}quoted\u{201D} \u{1F600} eight by eight bytes!!",
            all.as_str(),
        ] {
            let mut mine = Vec::new();
            json_str(&mut mine, s);
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        let doc = Document::new(
            "d\"1",
            Some("Wire"),
            "\"We will rebuild the pier,\" Mayor Tom Ellery said on Sunday in an interview with \u{201C}NBC\u{201D}.\n\nThe council said the work would start.",
        );
        let a = crate::Engine::default().analyze(&doc);
        let recs = records_resolved(&doc, &a.statements, Some(&a.speakers));
        assert!(!recs.is_empty());
        for r in recs.iter().chain(&records(&doc, &a.statements)) {
            let mut mine = Vec::new();
            r.write_json(&mut mine);
            assert_eq!(mine, serde_json::to_vec(r).unwrap());
        }
        // `extract`'s direct path writes the same lines as the records.
        let mut lines = Vec::new();
        for r in &recs {
            lines.extend(serde_json::to_vec(r).unwrap());
            lines.push(b'\n');
        }
        let mut direct = Vec::new();
        write_jsonl(&doc, &a.statements, Some(&a.speakers), &mut direct);
        assert_eq!(
            String::from_utf8(direct).unwrap(),
            String::from_utf8(lines).unwrap()
        );
        for t in [
            "",
            "a",
            "caf\u{e9} \u{201C}quoted\u{201D} \u{1F600} and then some more words",
            "\u{1F600}\u{1F600}\u{e9}\u{e9}\u{e9}\u{e9}x",
        ] {
            assert_eq!(code_points(t.as_bytes()), t.chars().count());
        }
        for n in [
            0,
            7,
            10,
            99,
            100,
            101,
            999,
            1000,
            12345,
            1234567,
            usize::MAX,
        ] {
            let mut mine = Vec::new();
            json_usize(&mut mine, n);
            assert_eq!(mine, n.to_string().into_bytes());
        }
    }
}

/// The kind of one part: a mixed statement's part that is exactly a quote is
/// direct, and one that holds no quote is indirect (`As Freddy stumbled`,
/// Trump said, `"I watched him"`); other statements' parts are of their kind.
pub(crate) fn part_kind(s: &Statement, p: &crate::document::Span) -> Kind {
    if s.kind != Kind::Mixed || s.parts.len() < 2 {
        return s.kind;
    }
    if s.quotes.iter().any(|q| q == p) {
        Kind::Direct
    } else if s
        .quotes
        .iter()
        .all(|q| q.end <= p.start || p.end <= q.start)
    {
        Kind::Indirect
    } else {
        Kind::Mixed
    }
}
