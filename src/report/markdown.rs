//! The report as Markdown (`compare --format markdown`): differences first,
//! most significant first, then each speaker's utterances with their
//! versions side by side and the changed words marked.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Report, ReportCluster, cluster_head, relation_name, short};
use crate::versions::Relation;

/// `text` against `head`, with dropped words struck (~~x~~) and added ones
/// bold (**x**), compared without case, punctuation or quote style.
fn marked(head: &str, text: &str) -> String {
    let wa: Vec<&str> = head.split_whitespace().collect();
    let wb: Vec<&str> = text.split_whitespace().collect();
    let key = |w: &&str| crate::versions::words(w).join(" ");
    let (ka, kb): (Vec<String>, Vec<String>) =
        (wa.iter().map(key).collect(), wb.iter().map(key).collect());
    let mut out: Vec<String> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb) {
        let (old, new) = (op.old_range(), op.new_range());
        match op {
            similar::DiffOp::Equal { .. } => out.extend(wb[new].iter().map(|w| w.to_string())),
            similar::DiffOp::Delete { .. } => out.push(format!("~~{}~~", wa[old].join(" "))),
            similar::DiffOp::Insert { .. } => out.push(format!("**{}**", wb[new].join(" "))),
            similar::DiffOp::Replace { .. } => {
                out.push(format!("~~{}~~", wa[old].join(" ")));
                out.push(format!("**{}**", wb[new].join(" ")));
            }
        }
    }
    out.join(" ").replace('|', "\\|")
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

impl Report {
    fn version_table(
        &self,
        ix: &BTreeMap<&str, &super::ReportStatement>,
        c: &ReportCluster,
        out: &mut String,
    ) {
        let Some(head) = cluster_head(ix, c) else {
            return;
        };
        let _ = writeln!(
            out,
            "| Outlet | Speaker | How | Words (vs. the fullest version) |\n|---|---|---|---|"
        );
        for id in &c.members {
            let Some(s) = ix.get(id.as_str()).copied() else {
                continue;
            };
            let how = if id == &head.id {
                "fullest".to_string()
            } else {
                c.pairs
                    .iter()
                    .find(|p| p.a == head.id && &p.b == id)
                    .map_or_else(
                        || "-".to_string(),
                        |p| relation_name(p.relation).to_string(),
                    )
            };
            let venue = s
                .record
                .venue
                .as_deref()
                .map(|v| format!(" ({})", cell(v)))
                .unwrap_or_default();
            let words = if id == &head.id {
                cell(&s.record.text)
            } else {
                marked(&head.record.text, &s.record.text)
            };
            let _ = writeln!(
                out,
                "| {}{} | {} | {} {} | {} |",
                cell(&self.outlet_of(s)),
                venue,
                cell(s.record.speaker.as_deref().unwrap_or("(unnamed)")),
                how,
                format!("{:?}", s.record.kind).to_lowercase(),
                words
            );
        }
        out.push('\n');
    }

    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let ix = self.index();
        let outlets: std::collections::BTreeSet<String> =
            self.statements.iter().map(|s| self.outlet_of(s)).collect();
        let diffs = self.differences();
        let _ = writeln!(out, "# quotegraph report\n");
        let _ = writeln!(
            out,
            "{} documents, {} outlets, {} statements by {} speakers; {} utterances reported more than once, {} of them changed between versions.\n",
            self.documents.len(),
            outlets.len(),
            self.statements.len(),
            self.speakers.len(),
            self.clusters.len(),
            diffs.len()
        );

        // Differences, most significant first.
        let _ = writeln!(out, "## Differences between outlets\n");
        if diffs.is_empty() {
            out.push_str("No outlet changed a statement another reported.\n\n");
        }
        for (c, worst) in &diffs {
            let head = cluster_head(&ix, c);
            let _ = writeln!(
                out,
                "### {}: {} — “{}”\n",
                relation_name(*worst),
                c.speaker.as_deref().unwrap_or("(unnamed)"),
                head.map(|h| short(&h.record.text, 14)).unwrap_or_default()
            );
            let mut by_rel: BTreeMap<u8, Vec<String>> = BTreeMap::new();
            for p in &c.pairs {
                if p.relation == Relation::Verbatim || head.is_none_or(|h| p.a != h.id) {
                    continue;
                }
                let (Some(a), Some(b)) =
                    (ix.get(p.a.as_str()).copied(), ix.get(p.b.as_str()).copied())
                else {
                    continue;
                };
                let mut line = format!(
                    "- {} ({}) vs {}: {}",
                    self.outlet_of(b),
                    b.record.doc,
                    self.outlet_of(a),
                    relation_name(p.relation)
                );
                if p.relation == Relation::Misattributed {
                    let _ = write!(
                        line,
                        ", credited to {} instead of {}",
                        b.record.speaker.as_deref().unwrap_or("nobody named"),
                        a.record.speaker.as_deref().unwrap_or("nobody named")
                    );
                }
                if p.relation == Relation::DifferentVenue {
                    let _ = write!(
                        line,
                        ", at {} instead of {}",
                        b.record.venue.as_deref().unwrap_or("?"),
                        a.record.venue.as_deref().unwrap_or("?")
                    );
                }
                if !p.diff.dropped.is_empty() {
                    let _ = write!(line, "; dropped “{}”", p.diff.dropped.join("”, “"));
                }
                if !p.diff.added.is_empty() {
                    let _ = write!(line, "; added “{}”", p.diff.added.join("”, “"));
                }
                for (from, to) in &p.diff.replaced {
                    let _ = write!(line, "; “{from}” → “{to}”");
                }
                by_rel
                    .entry(u8::MAX - p.relation.significance())
                    .or_default()
                    .push(line);
            }
            for lines in by_rel.values() {
                for l in lines {
                    let _ = writeln!(out, "{}", cell_line(l));
                }
            }
            out.push('\n');
            self.version_table(&ix, c, &mut out);
        }

        // Facts: conflicts first, then variants, then agreements.
        if !self.facts.is_empty() {
            let _ = writeln!(out, "## Facts the outlets state differently\n");
            for f in &self.facts {
                let status = format!("{:?}", f.status).to_lowercase();
                let _ = writeln!(out, "### {status}: {} ({})\n", f.topic, f.note);
                let _ = writeln!(out, "| Outlet | As written | Value |\n|---|---|---|");
                for v in &f.versions {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        cell(v.outlet.as_deref().unwrap_or(&v.doc)),
                        cell(&v.text),
                        cell(&v.value)
                    );
                }
                out.push('\n');
            }
        }

        // Per speaker, every utterance with its versions.
        let _ = writeln!(out, "## Speakers\n");
        let mut by_speaker: BTreeMap<String, Vec<&ReportCluster>> = BTreeMap::new();
        for c in &self.clusters {
            by_speaker
                .entry(c.speaker_id.clone().unwrap_or_else(|| "(unnamed)".into()))
                .or_default()
                .push(c);
        }
        for sp in &self.speakers {
            // By id: two speakers may share a name ("the mayor" in two pages).
            let Some(cs) = by_speaker.get(&sp.id) else {
                continue;
            };
            let aliases = if sp.aliases.len() > 1 {
                format!(
                    " — also {}",
                    sp.aliases
                        .iter()
                        .filter(|a| **a != sp.name)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            };
            let _ = writeln!(out, "### {}{}\n", sp.name, aliases);
            for c in cs {
                let head = cluster_head(&ix, c);
                let _ = writeln!(
                    out,
                    "**“{}”** ({} versions)\n",
                    head.map(|h| short(&h.record.text, 20)).unwrap_or_default(),
                    c.members.len()
                );
                self.version_table(&ix, c, &mut out);
            }
        }
        if let Some(cs) = by_speaker.get("(unnamed)") {
            let _ = writeln!(out, "### Unnamed or unresolved speakers\n");
            for c in cs {
                self.version_table(&ix, c, &mut out);
            }
        }
        out
    }
}

fn cell_line(s: &str) -> String {
    s.replace('\n', " ")
}
