//! The report's graph as a picture (inline SVG for the HTML report):
//! outlets on the left, utterances in the middle, speakers on the right,
//! an edge for every version an outlet carried and every speaker a version
//! credits. The layout is columns in a fixed order, so the same report
//! always gives the same picture.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::html::escape;
use super::{Report, ReportCluster, relation_name, short};
use crate::versions::Relation;

/// At most this many utterances are drawn (differences first); a caption
/// says how many were left out.
pub const MAX_UTTERANCES: usize = 40;
/// At most this many outlets and speakers are drawn.
pub const MAX_SIDE_NODES: usize = 40;

const ROW: f64 = 30.0;
const TOP: f64 = 46.0;
const WIDTH: f64 = 960.0;
const BOX_H: f64 = 22.0;
/// Column x positions and widths: outlets, utterances, speakers.
const COLS: [(f64, f64); 3] = [(8.0, 190.0), (330.0, 300.0), (770.0, 182.0)];

/// The colour of an edge for a relation (a version against the fullest).
pub(crate) fn relation_colour(r: Option<Relation>) -> &'static str {
    match r {
        None | Some(Relation::Verbatim) => "#8a94a6",
        Some(Relation::Truncated) => "#b7791f",
        Some(Relation::Reworded) => "#c05621",
        Some(Relation::Paraphrased) => "#2b6cb0",
        Some(Relation::Misattributed) => "#c53030",
        Some(Relation::DifferentVenue) => "#6b46c1",
    }
}

/// What the picture shows, laid out.
struct Layout<'r> {
    outlets: Vec<String>,
    utterances: Vec<&'r ReportCluster>,
    /// Speaker ids with their names.
    speakers: Vec<(String, String)>,
    /// outlet index -> utterance index, with the most significant relation
    /// of that outlet's versions against the fullest one.
    outlet_edges: BTreeMap<(usize, usize), Relation>,
    /// utterance index -> speaker index, and whether it is a misattribution.
    speaker_edges: BTreeMap<(usize, usize), bool>,
    hidden_utterances: usize,
    hidden_outlets: usize,
    hidden_speakers: usize,
}

fn layout(r: &Report) -> Layout<'_> {
    let ix = r.index();
    // Differences first (most significant first), then the other clusters.
    let mut order: Vec<&ReportCluster> = r.differences().into_iter().map(|(c, _)| c).collect();
    let listed: BTreeSet<&str> = order.iter().map(|c| c.id.as_str()).collect();
    order.extend(
        r.clusters
            .iter()
            .filter(|c| !listed.contains(c.id.as_str())),
    );
    let hidden_utterances = order.len().saturating_sub(MAX_UTTERANCES);
    order.truncate(MAX_UTTERANCES);

    // Outlets by name; speakers in the order their first utterance comes,
    // which keeps most speaker edges short.
    let mut outlet_set = BTreeSet::new();
    let mut speaker_order: Vec<String> = Vec::new();
    for c in &order {
        for m in &c.members {
            let Some(s) = ix.get(m.as_str()) else {
                continue;
            };
            outlet_set.insert(r.outlet_of(s));
            if let Some(id) = &s.record.speaker_id
                && !speaker_order.contains(id)
            {
                speaker_order.push(id.clone());
            }
        }
    }
    let mut outlets: Vec<String> = outlet_set.into_iter().collect();
    let hidden_outlets = outlets.len().saturating_sub(MAX_SIDE_NODES);
    outlets.truncate(MAX_SIDE_NODES);
    let hidden_speakers = speaker_order.len().saturating_sub(MAX_SIDE_NODES);
    speaker_order.truncate(MAX_SIDE_NODES);
    let names: BTreeMap<&str, &str> = r
        .speakers
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let speakers: Vec<(String, String)> = speaker_order
        .into_iter()
        .map(|id| {
            let name = names.get(id.as_str()).map_or(id.clone(), |n| n.to_string());
            (id, name)
        })
        .collect();

    let outlet_at: BTreeMap<&str, usize> = outlets
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i))
        .collect();
    let speaker_at: BTreeMap<&str, usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    let mut outlet_edges: BTreeMap<(usize, usize), Relation> = BTreeMap::new();
    let mut speaker_edges: BTreeMap<(usize, usize), bool> = BTreeMap::new();
    for (u, c) in order.iter().enumerate() {
        let head = c.members.first();
        for m in &c.members {
            let Some(s) = ix.get(m.as_str()) else {
                continue;
            };
            let rel = if Some(m) == head {
                Relation::Verbatim
            } else {
                c.pairs
                    .iter()
                    .find(|p| Some(&p.a) == head && &p.b == m)
                    .map_or(Relation::Verbatim, |p| p.relation)
            };
            if let Some(&o) = outlet_at.get(r.outlet_of(s).as_str()) {
                let e = outlet_edges.entry((o, u)).or_insert(rel);
                if rel.significance() > e.significance() {
                    *e = rel;
                }
            }
            if let Some(&p) = s
                .record
                .speaker_id
                .as_deref()
                .and_then(|id| speaker_at.get(id))
            {
                *speaker_edges.entry((u, p)).or_insert(false) |= rel == Relation::Misattributed;
            }
        }
    }
    Layout {
        outlets,
        utterances: order,
        speakers,
        outlet_edges,
        speaker_edges,
        hidden_utterances,
        hidden_outlets,
        hidden_speakers,
    }
}

/// Truncate to `n` characters with an ellipsis (labels must fit their box).
fn fit(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The y of row `i` in a column of `n` rows, centred in a picture of `rows` rows.
fn row_y(i: usize, n: usize, rows: usize) -> f64 {
    let offset = (rows - n) as f64 * ROW / 2.0;
    TOP + offset + i as f64 * ROW
}

impl Report {
    /// The graph of outlets, utterances (quotes reported more than once) and
    /// speakers as an SVG picture: an outlet's edge is coloured by how its
    /// version differs from the fullest one, a speaker's edge is red and
    /// dashed when the version credits someone else. At most
    /// [`MAX_UTTERANCES`] utterances are drawn (differences first) and the
    /// picture says how many it left out. `None` when no utterance was
    /// reported twice.
    pub fn to_svg(&self) -> Option<String> {
        let l = layout(self);
        if l.utterances.is_empty() {
            return None;
        }
        let ix = self.index();
        let rows = l
            .outlets
            .len()
            .max(l.utterances.len())
            .max(l.speakers.len());
        let mut left_out = Vec::new();
        for (n, what) in [
            (l.hidden_utterances, "utterances"),
            (l.hidden_outlets, "outlets"),
            (l.hidden_speakers, "speakers"),
        ] {
            if n > 0 {
                left_out.push(format!("{n} {what}"));
            }
        }
        let left_out = (!left_out.is_empty()).then(|| {
            format!(
                "Not drawn, to stay readable: {} (differences are drawn first; the cards list them all).",
                left_out.join(", ")
            )
        });
        let height = TOP + rows as f64 * ROW + if left_out.is_some() { 34.0 } else { 10.0 };
        let mut out = String::new();
        let _ = writeln!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-labelledby="graph-title" font-family="system-ui, sans-serif" font-size="12">"##
        );
        let _ = writeln!(
            out,
            "<title id=\"graph-title\">Outlets, the utterances they reported and the speakers they credited: {} outlets, {} utterances, {} speakers</title>",
            l.outlets.len(),
            l.utterances.len(),
            l.speakers.len()
        );
        for (i, head) in ["Outlets", "Utterances", "Speakers"].iter().enumerate() {
            let (x, w) = COLS[i];
            let _ = writeln!(
                out,
                r##"<text x="{}" y="20" text-anchor="middle" font-weight="bold" fill="#1a202c">{head}</text>"##,
                x + w / 2.0
            );
        }
        let y_of = |col: usize, i: usize| {
            let n = [l.outlets.len(), l.utterances.len(), l.speakers.len()][col];
            row_y(i, n, rows)
        };
        // Edges under the nodes.
        let _ = writeln!(out, "<g fill=\"none\" stroke-width=\"1.6\">");
        for (&(o, u), &rel) in &l.outlet_edges {
            let (x1, y1) = (COLS[0].0 + COLS[0].1, y_of(0, o) + BOX_H / 2.0);
            let (x2, y2) = (COLS[1].0, y_of(1, u) + BOX_H / 2.0);
            let mid = (x1 + x2) / 2.0;
            let _ = writeln!(
                out,
                r##"<path d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}" stroke="{}"><title>{} → {}: {}</title></path>"##,
                relation_colour(Some(rel)),
                escape(&l.outlets[o]),
                escape(&l.utterances[u].id),
                relation_name(rel)
            );
        }
        for (&(u, p), &wrong) in &l.speaker_edges {
            let (x1, y1) = (COLS[1].0 + COLS[1].1, y_of(1, u) + BOX_H / 2.0);
            let (x2, y2) = (COLS[2].0, y_of(2, p) + BOX_H / 2.0);
            let mid = (x1 + x2) / 2.0;
            let style = if wrong {
                r##"stroke="#c53030" stroke-dasharray="5 3""##
            } else {
                r##"stroke="#8a94a6""##
            };
            let _ = writeln!(
                out,
                r##"<path d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}" {style}><title>{} → {}{}</title></path>"##,
                escape(&l.utterances[u].id),
                escape(&l.speakers[p].1),
                if wrong { " (misattributed)" } else { "" }
            );
        }
        let _ = writeln!(out, "</g>");
        // Nodes: outlets and speakers as boxes, utterances as links to their card.
        let (x, w) = COLS[0];
        for (i, o) in l.outlets.iter().enumerate() {
            let y = y_of(0, i);
            let _ = writeln!(
                out,
                r##"<g><title>{}</title><rect x="{x}" y="{y}" width="{w}" height="{BOX_H}" rx="3" fill="#edf2f7" stroke="#4a5568"/><text x="{}" y="{}" fill="#1a202c">{}</text></g>"##,
                escape(o),
                x + 6.0,
                y + 15.0,
                escape(&fit(o, 28))
            );
        }
        let (x, w) = COLS[1];
        for (i, c) in l.utterances.iter().enumerate() {
            let y = y_of(1, i);
            let text = c
                .members
                .first()
                .and_then(|m| ix.get(m.as_str()))
                .map(|s| s.record.text.as_str())
                .unwrap_or("");
            let _ = writeln!(
                out,
                r##"<a href="#cluster-{}"><title>{}: “{}” ({} versions)</title><rect x="{x}" y="{y}" width="{w}" height="{BOX_H}" rx="11" fill="#fffaf0" stroke="#975a16"/><text x="{}" y="{}" fill="#1a202c">“{}”</text></a>"##,
                self.clusters
                    .iter()
                    .position(|k| std::ptr::eq(k, *c))
                    .unwrap_or(0),
                escape(&c.id),
                escape(&short(text, 30)),
                c.members.len(),
                x + 10.0,
                y + 15.0,
                escape(&fit(text, 40))
            );
        }
        let (x, w) = COLS[2];
        for (i, (_, name)) in l.speakers.iter().enumerate() {
            let y = y_of(2, i);
            let _ = writeln!(
                out,
                r##"<g><title>{}</title><rect x="{x}" y="{y}" width="{w}" height="{BOX_H}" rx="11" fill="#ebf8ff" stroke="#2c5282"/><text x="{}" y="{}" fill="#1a202c">{}</text></g>"##,
                escape(name),
                x + 8.0,
                y + 15.0,
                escape(&fit(name, 27))
            );
        }
        if let Some(note) = &left_out {
            let _ = writeln!(
                out,
                r##"<text x="8" y="{}" fill="#4a5568" class="capped">{}</text>"##,
                height - 8.0,
                escape(note)
            );
        }
        out.push_str("</svg>\n");
        Some(out)
    }
}
