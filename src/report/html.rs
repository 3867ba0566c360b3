//! The report as one self-contained HTML page (`compare --format html`):
//! an overview, the conflicts first, each utterance's versions side by side
//! with the changed words marked, the facts as a table, the graph as a
//! picture, and every document's text with its statements anchored so each
//! version links to its place. No network: styles, script and picture are
//! inline, and the page's content security policy forbids loading anything.
//! Readable without JavaScript; where it runs, a search box and filters by
//! speaker and outlet. The same report always gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::{Report, ReportCluster, ReportStatement, cluster_head, relation_name, short};
use crate::facts::Status;
use crate::versions::{DiffRun, Relation};

/// Text for HTML element content or a quoted attribute value: the five
/// markup characters escaped, and control characters HTML forbids
/// replaced by U+FFFD.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A link target a reader may follow: only web addresses, never
/// `javascript:` or `data:` (document URLs come from users' JSONL).
fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(u)
}

const CSS: &str = r#"
:root{--ink:#1a202c;--muted:#4a5568;--line:#d5dbe3;--bg:#f7f8fa;--card:#fff;--accent:#2c5282}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header,main,footer,.filters{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.2rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.3rem;margin:2rem 0 .6rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:0 0 .5rem}
a{color:var(--accent)}
.lede{color:var(--muted);margin:.2rem 0 .6rem}
nav.toc{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.95rem;margin:.4rem 0}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:.6rem 0}
.stat{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem;color:inherit;text-decoration:none}
.stat:hover{border-color:var(--accent)}
.stat b{display:block;font-size:1.5rem;line-height:1.2}
.stat span{color:var(--muted);font-size:.9rem}
.stat.alert b{color:#c53030}
.chips{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;padding:0;margin:.3rem 0}
.chips li{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:.1rem .6rem;font-size:.9rem}
.chips li.label{background:none;border:none;padding-left:0;color:var(--muted)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding-top:.5rem;padding-bottom:.5rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;border-bottom:1px solid var(--line)}
.filters input,.filters select{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;max-width:100%}
.filters input{flex:2 1 14rem}
.filters select{flex:1 1 10rem}
.filters output{color:var(--muted);font-size:.9rem}
ol.conflicts{padding-left:1.4rem}
ol.conflicts li{margin:.35rem 0}
.rel{display:inline-block;font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em;border-radius:4px;padding:0 .35rem;color:#fff;background:#8a94a6;vertical-align:1px}
.rel-misattributed{background:#c53030}.rel-reworded{background:#c05621}.rel-different-venue{background:#6b46c1}
.rel-truncated{background:#b7791f}.rel-paraphrased{background:#2b6cb0}.rel-fullest{background:#2f855a}
.rel-conflict{background:#c53030}.rel-variant{background:#b7791f}.rel-agreement{background:#2f855a}
.legend{font-size:.9rem;color:var(--muted)}
.legend span{margin-right:1rem;white-space:nowrap}
.cluster{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem;margin:.8rem 0}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.6rem}
.version{border:1px solid var(--line);border-radius:8px;padding:.5rem .6rem;margin:0;display:flex;flex-direction:column;gap:.3rem}
.version.head{border-color:#2f855a}
.version .meta{font-size:.9rem}
.version .by{font-size:.85rem;color:var(--muted)}
.version blockquote{margin:0;font-size:1rem;overflow-wrap:anywhere}
.version .warn{font-size:.85rem;color:#9b2c2c}
ins{background:#c6f6d5;text-decoration:none;border-bottom:2px solid #2f855a}
del{background:#fed7d7;color:#742a2a}
mark{background:#fefcbf;padding:0 .1rem}
mark del{background:none}
mark ins{background:none;border-bottom:2px solid #b7791f}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:.95rem}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#edf2f7}
tbody.fact td:first-child{white-space:nowrap}
.graph-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
.graph-wrap svg{display:block;min-width:40rem;width:100%;height:auto}
.article{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.6rem .8rem;margin:.8rem 0}
.article summary{cursor:pointer}
.article .text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95rem;margin-top:.5rem}
.st{background:#ebf8ff;border-bottom:1px solid #90cdf4}
.st-indirect,.st-mixed{background:#f0fff4;border-bottom-color:#9ae6b4}
.fv{outline:1px dashed #b7791f}
.st:target,.fv:target{background:#fefcbf;outline:2px solid #d69e2e}
[id]{scroll-margin-top:4.5rem}
.note{color:var(--muted);font-size:.9rem}
footer{color:var(--muted);font-size:.85rem;padding-bottom:2rem;margin-top:2rem}
@media (max-width:40rem){
 body{font-size:15px}
 h1{font-size:1.3rem}
 .stats{grid-template-columns:repeat(3,1fr);gap:.4rem}
 .stat{padding:.3rem .45rem}
 .stat b{font-size:1.15rem}
 .stat span{font-size:.75rem;line-height:1.25}
 .cluster{padding:.6rem}
 .filters{position:static}
}
"#;

/// Records script errors on the page (the browser test reads them back);
/// runs first so it sees errors of every later script.
const ERROR_HOOK: &str = r#"(function(){var n=[];function note(m){n.push(String(m));document.documentElement.setAttribute("data-js-errors",n.join(" | "));}
window.addEventListener("error",function(e){note(e.message||"error");});
window.addEventListener("unhandledrejection",function(e){note("unhandled rejection: "+e.reason);});})();"#;

/// The filters: a search box and a speaker and an outlet choice over every
/// element marked `data-filter` (its `data-speakers` and `data-outlets`
/// list tokens). Without JavaScript the bar stays hidden and all is shown.
/// A link can preset them: `report.html?speaker=Tomas Reke&outlet=KNB News&q=ferry`.
const FILTER_JS: &str = r#"(function(){
var bar=document.getElementById("filters");if(!bar){return;}
var q=document.getElementById("f-text"),sp=document.getElementById("f-speaker"),ou=document.getElementById("f-outlet"),count=document.getElementById("f-count");
var items=Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
function has(list,v){return !v||(" "+(list||"")+" ").indexOf(" "+v+" ")>=0;}
function apply(){
var text=q.value.trim().toLowerCase(),s=sp.value,o=ou.value,shown=0;
items.forEach(function(el){
var ok=has(el.getAttribute("data-speakers"),s)&&has(el.getAttribute("data-outlets"),o)&&(!text||el.textContent.toLowerCase().indexOf(text)>=0);
el.hidden=!ok;if(ok){shown++;}
});
count.textContent=(s||o||text)?shown+" of "+items.length+" items shown":"";
}
function pick(sel,v){if(!v){return;}for(var i=0;i<sel.options.length;i++){if(sel.options[i].value===v||sel.options[i].text===v){sel.value=sel.options[i].value;}}}
var p=new URLSearchParams(location.search);
if(p.get("q")){q.value=p.get("q");}
pick(sp,p.get("speaker"));pick(ou,p.get("outlet"));
q.addEventListener("input",apply);sp.addEventListener("change",apply);ou.addEventListener("change",apply);
bar.hidden=false;apply();
document.documentElement.setAttribute("data-js","ready");
})();"#;

/// Page-wide ids for speakers, outlets and statements (the report's own ids
/// come from users' input and are not safe as HTML ids or URL fragments).
struct Ids<'r> {
    statement: BTreeMap<&'r str, usize>,
    speaker: BTreeMap<&'r str, usize>,
    outlet: BTreeMap<String, usize>,
    cluster: BTreeMap<&'r str, usize>,
    doc: BTreeMap<&'r str, usize>,
}

impl<'r> Ids<'r> {
    fn new(r: &'r Report) -> Self {
        let mut outlets: BTreeSet<String> = r.statements.iter().map(|s| r.outlet_of(s)).collect();
        for f in &r.facts {
            for v in &f.versions {
                outlets.insert(v.outlet.clone().unwrap_or_else(|| v.doc.clone()));
            }
        }
        Ids {
            statement: r
                .statements
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect(),
            speaker: r
                .speakers
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect(),
            outlet: outlets
                .into_iter()
                .enumerate()
                .map(|(i, o)| (o, i))
                .collect(),
            cluster: r
                .clusters
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            doc: r
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.doc.as_str(), i))
                .collect(),
        }
    }

    /// `data-speakers` / `data-outlets` tokens.
    fn speaker_tokens<'a>(&self, ids: impl Iterator<Item = &'a str>) -> String {
        let set: BTreeSet<usize> = ids.filter_map(|i| self.speaker.get(i).copied()).collect();
        set.iter()
            .map(|i| format!("sp{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn outlet_tokens(&self, names: impl Iterator<Item = String>) -> String {
        let set: BTreeSet<usize> = names.filter_map(|o| self.outlet.get(&o).copied()).collect();
        set.iter()
            .map(|i| format!("ou{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn rel_class(r: Relation) -> String {
    format!("rel rel-{}", relation_name(r).replace(' ', "-"))
}

/// Dropped words longer than this are shortened in a version's box (the
/// fullest version beside it shows them all; the tooltip too).
const LONG_DROP: usize = 12;

/// Words struck out: a long run shortened to its first and last words.
fn struck(words: &str) -> String {
    let w: Vec<&str> = words.split_whitespace().collect();
    if w.len() <= LONG_DROP {
        return format!("<del>{}</del>", escape(words));
    }
    format!(
        "<del title=\"{}\">{} … {}</del> <small class=\"note\">({} words)</small>",
        escape(words),
        escape(&w[..4].join(" ")),
        escape(&w[w.len() - 2..].join(" ")),
        w.len()
    )
}

/// One version's words as the diff against the fullest version marks them.
fn marked(runs: &[DiffRun]) -> String {
    let mut parts = Vec::with_capacity(runs.len());
    for run in runs {
        parts.push(match run {
            DiffRun::Same(w) => escape(w),
            DiffRun::Dropped(w) => struck(w),
            DiffRun::Added(w) => format!("<ins>{}</ins>", escape(w)),
            DiffRun::Replaced(a, b) => {
                format!("<mark>{} <ins>{}</ins></mark>", struck(a), escape(b))
            }
        });
    }
    parts.join(" ")
}

impl Report {
    /// The report as one self-contained HTML page.
    ///
    /// ```
    /// use quotegraph::{Document, Engine};
    /// let a = Document::new("a", Some("Harbor Times"), "\"We will rebuild the old pier by the spring,\" Mayor Tom Ellery said.");
    /// let b = Document::new("b", Some("<Valley> Ledger"), "\"We will rebuild the old pier,\" Ellery said on Monday.");
    /// let html = Engine::default().compare(&[a, b]).to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// assert!(html.contains("&lt;Valley&gt; Ledger") && !html.contains("<Valley>"));
    /// assert!(html.contains("<del>by the spring,</del>"));
    /// ```
    pub fn to_html(&self) -> String {
        let ids = Ids::new(self);
        let ix = self.index();
        let diffs = self.differences();
        let conflicts: Vec<&(&ReportCluster, Relation)> = diffs
            .iter()
            .filter(|(_, r)| r.significance() >= Relation::Truncated.significance())
            .collect();
        let fact_conflicts = self
            .facts
            .iter()
            .filter(|f| f.status == Status::Conflict)
            .count();
        let mut out = String::with_capacity(64 * 1024);
        let outlets: BTreeSet<String> = self.statements.iter().map(|s| self.outlet_of(s)).collect();

        // Head.
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
             <meta name=\"generator\" content=\"quotegraph {}\">\n\
             <title>quotegraph report: {} documents, {} outlets</title>\n\
             <script>{ERROR_HOOK}</script>\n<style>{CSS}</style>\n</head>\n<body>\n",
            env!("CARGO_PKG_VERSION"),
            self.documents.len(),
            outlets.len()
        );

        // Overview.
        let _ = writeln!(
            out,
            "<header id=\"overview\">\n<h1>quotegraph report</h1>\n<p class=\"lede\">Who said what across {} documents from {} outlets, and where the outlets disagree.</p>",
            self.documents.len(),
            outlets.len()
        );
        let _ = writeln!(
            out,
            "<nav class=\"toc\" aria-label=\"Sections\"><a href=\"#conflicts\">Conflicts</a><a href=\"#clusters\">Quote versions</a><a href=\"#facts\">Facts</a><a href=\"#graph\">Graph</a><a href=\"#speakers\">Speakers</a><a href=\"#articles\">Articles</a></nav>"
        );
        out.push_str("<div class=\"stats\">\n");
        let stat = |out: &mut String, n: usize, what: &str, href: &str, alert: bool| {
            let _ = writeln!(
                out,
                "<a class=\"stat{}\" href=\"#{href}\"><b>{n}</b><span>{what}</span></a>",
                if alert && n > 0 { " alert" } else { "" }
            );
        };
        stat(&mut out, outlets.len(), "outlets", "articles", false);
        stat(&mut out, self.speakers.len(), "speakers", "speakers", false);
        stat(
            &mut out,
            self.statements.len(),
            "statements",
            "articles",
            false,
        );
        stat(
            &mut out,
            self.clusters.len(),
            "quotes reported more than once",
            "clusters",
            false,
        );
        stat(
            &mut out,
            conflicts.len(),
            "quotes changed between outlets",
            "conflicts",
            true,
        );
        stat(&mut out, fact_conflicts, "fact conflicts", "facts", true);
        out.push_str("</div>\n");
        let _ = writeln!(
            out,
            "<ul class=\"chips\" aria-label=\"Outlets\"><li class=\"label\">Outlets:</li>{}</ul>",
            outlets
                .iter()
                .map(|o| format!("<li>{}</li>", escape(o)))
                .collect::<String>()
        );
        out.push_str("</header>\n");

        // Filters (shown by the script).
        let _ = writeln!(
            out,
            "<div class=\"filters\" id=\"filters\" role=\"search\" hidden>\n<input id=\"f-text\" type=\"search\" placeholder=\"Search quotes, speakers, facts…\" aria-label=\"Search\">\n<select id=\"f-speaker\" aria-label=\"Speaker\"><option value=\"\">All speakers</option>{}</select>\n<select id=\"f-outlet\" aria-label=\"Outlet\"><option value=\"\">All outlets</option>{}</select>\n<output id=\"f-count\" aria-live=\"polite\"></output>\n</div>",
            self.speakers
                .iter()
                .enumerate()
                .map(|(i, s)| format!("<option value=\"sp{i}\">{}</option>", escape(&s.name)))
                .collect::<String>(),
            ids.outlet
                .iter()
                .map(|(o, i)| format!("<option value=\"ou{i}\">{}</option>", escape(o)))
                .collect::<String>()
        );
        out.push_str("<main>\n");

        // Conflicts: changed quotes most significant first, then facts.
        out.push_str("<section id=\"conflicts\">\n<h2>Conflicts</h2>\n");
        if conflicts.is_empty() && fact_conflicts == 0 {
            out.push_str("<p>No outlet credited, reworded, cut or placed a quote differently from another, and no fact conflicts.</p>\n");
        } else {
            out.push_str("<ol class=\"conflicts\">\n");
            for (c, worst) in &conflicts {
                let head = cluster_head(&ix, c);
                let members: Vec<&ReportStatement> = c
                    .members
                    .iter()
                    .filter_map(|m| ix.get(m.as_str()).copied())
                    .collect();
                let changed: BTreeSet<String> = c
                    .pairs
                    .iter()
                    .filter(|p| {
                        p.relation != Relation::Verbatim && head.is_some_and(|h| h.id == p.a)
                    })
                    .filter_map(|p| ix.get(p.b.as_str()).map(|s| self.outlet_of(s)))
                    .collect();
                let _ = writeln!(
                    out,
                    "<li data-filter data-speakers=\"{}\" data-outlets=\"{}\"><a href=\"#cluster-{}\"><span class=\"{}\">{}</span> {} — “{}”</a> <span class=\"note\">in {}</span></li>",
                    ids.speaker_tokens(
                        members
                            .iter()
                            .filter_map(|s| s.record.speaker_id.as_deref())
                    ),
                    ids.outlet_tokens(members.iter().map(|s| self.outlet_of(s))),
                    ids.cluster.get(c.id.as_str()).copied().unwrap_or(0),
                    rel_class(*worst),
                    relation_name(*worst),
                    escape(c.speaker.as_deref().unwrap_or("(unnamed)")),
                    escape(&head.map(|h| short(&h.record.text, 14)).unwrap_or_default()),
                    escape(&changed.into_iter().collect::<Vec<_>>().join(", "))
                );
            }
            for (i, f) in self.facts.iter().enumerate() {
                if f.status != Status::Conflict {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "<li data-filter data-speakers=\"{}\" data-outlets=\"{}\"><a href=\"#fact-{i}\"><span class=\"rel rel-conflict\">fact</span> {}</a> <span class=\"note\">{}</span></li>",
                    ids.speaker_tokens(f.speaker_id.as_deref().into_iter()),
                    ids.outlet_tokens(
                        f.versions
                            .iter()
                            .map(|v| v.outlet.clone().unwrap_or_else(|| v.doc.clone()))
                    ),
                    escape(&f.topic),
                    escape(&f.note)
                );
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</section>\n");

        // Every cluster: differences first, then the rest in report order.
        out.push_str("<section id=\"clusters\">\n<h2>Quote versions</h2>\n");
        out.push_str("<p class=\"legend\">Each version against the fullest one: <span><ins>added</ins></span><span><del>dropped</del></span><span><mark><del>replaced</del> <ins>by</ins></mark></span> · “in the article” shows the words in place.</p>\n");
        if self.clusters.is_empty() {
            out.push_str("<p>No statement was reported by more than one document.</p>\n");
        }
        let mut order: Vec<(&ReportCluster, Relation)> = diffs.clone();
        let listed: BTreeSet<&str> = order.iter().map(|(c, _)| c.id.as_str()).collect();
        order.extend(
            self.clusters
                .iter()
                .filter(|c| !listed.contains(c.id.as_str()))
                .map(|c| (c, Relation::Verbatim)),
        );
        for (c, worst) in order {
            self.cluster_card(&mut out, &ids, &ix, c, worst);
        }
        out.push_str("</section>\n");

        // Facts.
        out.push_str("<section id=\"facts\">\n<h2>Facts the outlets state</h2>\n");
        if self.facts.is_empty() {
            out.push_str(
                "<p>No name, title or venue is stated differently by two documents.</p>\n",
            );
        } else {
            out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Status</th><th>Fact</th><th>Outlet</th><th>As written</th><th>Value</th></tr></thead>\n");
            for (i, f) in self.facts.iter().enumerate() {
                let status = format!("{:?}", f.status).to_lowercase();
                let _ = writeln!(
                    out,
                    "<tbody class=\"fact\" id=\"fact-{i}\" data-filter data-speakers=\"{}\" data-outlets=\"{}\">",
                    ids.speaker_tokens(f.speaker_id.as_deref().into_iter()),
                    ids.outlet_tokens(
                        f.versions
                            .iter()
                            .map(|v| v.outlet.clone().unwrap_or_else(|| v.doc.clone()))
                    )
                );
                let n = f.versions.len().max(1);
                for (j, v) in f.versions.iter().enumerate() {
                    out.push_str("<tr>");
                    if j == 0 {
                        let _ = write!(
                            out,
                            "<td rowspan=\"{n}\"><span class=\"rel rel-{status}\">{status}</span></td><td rowspan=\"{n}\">{}<br><span class=\"note\">{}</span></td>",
                            escape(&f.topic),
                            escape(&f.note)
                        );
                    }
                    let anchor = ids
                        .doc
                        .get(v.doc.as_str())
                        .map(|_| format!("#fact-{i}-{j}"));
                    let written = match anchor {
                        Some(a) => format!("<a href=\"{a}\">{}</a>", escape(&v.text)),
                        None => escape(&v.text),
                    };
                    let _ = writeln!(
                        out,
                        "<td>{}</td><td>{written}</td><td>{}</td></tr>",
                        escape(v.outlet.as_deref().unwrap_or(&v.doc)),
                        escape(&v.value)
                    );
                }
                out.push_str("</tbody>\n");
            }
            out.push_str("</table></div>\n");
        }
        out.push_str("</section>\n");

        // The graph.
        out.push_str("<section id=\"graph\">\n<h2>Graph: outlets, utterances, speakers</h2>\n");
        match self.to_svg() {
            Some(svg) => {
                out.push_str("<p class=\"legend\">An outlet's edge is coloured by how its version differs from the fullest one: ");
                for r in [
                    Relation::Verbatim,
                    Relation::Truncated,
                    Relation::Reworded,
                    Relation::Paraphrased,
                    Relation::DifferentVenue,
                    Relation::Misattributed,
                ] {
                    let _ = write!(
                        out,
                        "<span><span class=\"{}\">{}</span></span>",
                        rel_class(r),
                        relation_name(r)
                    );
                }
                out.push_str(" A dashed red speaker edge is a version that credits someone else. Select an utterance to see its versions.</p>\n<div class=\"graph-wrap\">\n");
                out.push_str(&svg);
                out.push_str("</div>\n");
            }
            None => out.push_str("<p>Nothing to draw: no utterance was reported twice.</p>\n"),
        }
        out.push_str("</section>\n");

        // Speakers.
        out.push_str("<section id=\"speakers\">\n<h2>Speakers</h2>\n");
        if self.speakers.is_empty() {
            out.push_str("<p>No speaker was found.</p>\n");
        } else {
            out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Speaker</th><th>Kind</th><th>Also written</th><th>Titles</th><th>Statements</th></tr></thead>\n<tbody>\n");
            for (i, s) in self.speakers.iter().enumerate() {
                let aliases: Vec<&str> = s
                    .aliases
                    .iter()
                    .map(String::as_str)
                    .filter(|a| *a != s.name)
                    .collect();
                let _ = writeln!(
                    out,
                    "<tr data-filter data-speakers=\"sp{i}\" data-outlets=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    ids.outlet_tokens(s.by_outlet.keys().cloned()),
                    escape(&s.name),
                    escape(&format!("{:?}", s.kind).to_lowercase()),
                    escape(&aliases.join(", ")),
                    escape(&s.titles.join("; ")),
                    s.statements
                );
            }
            out.push_str("</tbody></table></div>\n");
        }
        out.push_str("</section>\n");

        // Articles, statements anchored in place.
        out.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n<p class=\"note\">Statements are highlighted in place (blue: quoted, green: reported); a version's “in the article” link lands on its words.</p>\n");
        for (d, doc) in self.documents.iter().enumerate() {
            let _ = write!(
                out,
                "<details class=\"article\" id=\"doc-{d}\" open>\n<summary><b>{}</b>{} <span class=\"note\">· {}{} · {} statements</span></summary>\n",
                escape(doc.outlet.as_deref().unwrap_or("(no outlet)")),
                doc.title
                    .as_deref()
                    .map(|t| format!(" — {}", escape(t)))
                    .unwrap_or_default(),
                escape(&doc.doc),
                doc.date
                    .as_deref()
                    .map(|t| format!(" · {}", escape(t)))
                    .unwrap_or_default(),
                doc.statements
            );
            if let Some(url) = doc.url.as_deref().and_then(safe_url) {
                let _ = writeln!(
                    out,
                    "<p class=\"note\"><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>",
                    escape(url),
                    escape(url)
                );
            }
            out.push_str("<div class=\"text\">");
            out.push_str(&self.anchored_text(d, &ids));
            out.push_str("</div>\n</details>\n");
        }
        out.push_str("</section>\n</main>\n");
        let _ = writeln!(
            out,
            "<footer>Made by quotegraph {} from {} documents. Statement spans and word differences come from the report; nothing on this page is loaded from the network.</footer>",
            env!("CARGO_PKG_VERSION"),
            self.documents.len()
        );
        let _ = write!(out, "<script>{FILTER_JS}</script>\n</body>\n</html>\n");
        out
    }

    /// One utterance: a heading and its versions side by side.
    fn cluster_card(
        &self,
        out: &mut String,
        ids: &Ids,
        ix: &BTreeMap<&str, &ReportStatement>,
        c: &ReportCluster,
        worst: Relation,
    ) {
        let head = cluster_head(ix, c);
        let members: Vec<&ReportStatement> = c
            .members
            .iter()
            .filter_map(|m| ix.get(m.as_str()).copied())
            .collect();
        let _ = writeln!(
            out,
            "<article class=\"cluster\" id=\"cluster-{}\" data-filter data-speakers=\"{}\" data-outlets=\"{}\">",
            ids.cluster.get(c.id.as_str()).copied().unwrap_or(0),
            ids.speaker_tokens(
                members
                    .iter()
                    .filter_map(|s| s.record.speaker_id.as_deref())
            ),
            ids.outlet_tokens(members.iter().map(|s| self.outlet_of(s)))
        );
        let _ = writeln!(
            out,
            "<h3><span class=\"{}\">{}</span> {} — “{}” <span class=\"note\">({} versions)</span></h3>",
            rel_class(worst),
            relation_name(worst),
            escape(c.speaker.as_deref().unwrap_or("(unnamed)")),
            escape(&head.map(|h| short(&h.record.text, 14)).unwrap_or_default()),
            members.len()
        );
        out.push_str("<div class=\"versions\">\n");
        for s in members {
            let is_head = head.is_some_and(|h| h.id == s.id);
            let pair = head.and_then(|h| c.pairs.iter().find(|p| p.a == h.id && p.b == s.id));
            let (badge, class) = match (is_head, pair) {
                (true, _) => ("fullest".to_string(), "rel rel-fullest".to_string()),
                (false, Some(p)) => (relation_name(p.relation).to_string(), rel_class(p.relation)),
                (false, None) => ("version".to_string(), "rel".to_string()),
            };
            let words = match pair {
                Some(p) if !p.diff.runs.is_empty() => marked(&p.diff.runs),
                _ => escape(&s.record.text),
            };
            let _ = writeln!(
                out,
                "<figure class=\"version{}\">\n<div class=\"meta\"><b>{}</b> <span class=\"{class}\">{}</span> <span class=\"note\">{}</span></div>",
                if is_head { " head" } else { "" },
                escape(&self.outlet_of(s)),
                escape(&badge),
                escape(&format!("{:?}", s.record.kind).to_lowercase())
            );
            let _ = writeln!(out, "<blockquote>{words}</blockquote>");
            if let (Some(p), Some(h)) = (pair, head) {
                if p.relation == Relation::Misattributed {
                    let _ = writeln!(
                        out,
                        "<div class=\"warn\">credited to {} instead of {}</div>",
                        escape(s.record.speaker.as_deref().unwrap_or("nobody named")),
                        escape(h.record.speaker.as_deref().unwrap_or("nobody named"))
                    );
                }
                if p.relation == Relation::DifferentVenue {
                    let _ = writeln!(
                        out,
                        "<div class=\"warn\">at {} instead of {}</div>",
                        escape(s.record.venue.as_deref().unwrap_or("?")),
                        escape(h.record.venue.as_deref().unwrap_or("?"))
                    );
                }
            }
            let mut by = vec![escape(s.record.speaker.as_deref().unwrap_or("(unnamed)"))];
            if let Some(cue) = &s.record.cue {
                by.push(escape(cue));
            }
            if let Some(v) = &s.record.venue {
                by.push(escape(v));
            }
            let link = match ids.statement.get(s.id.as_str()) {
                Some(n) if ids.doc.contains_key(s.record.doc.as_str()) => {
                    format!(" · <a href=\"#st-{n}\">in the article</a>")
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "<figcaption class=\"by\">{} · {}{link}</figcaption>\n</figure>",
                by.join(" · "),
                escape(&s.record.doc)
            );
        }
        out.push_str("</div>\n</article>\n");
    }

    /// Document `d`'s text, escaped, with each statement part and fact
    /// phrase wrapped in an anchored span. Spans come from the report's code
    /// point offsets; one that crosses another is cut at the outer one's
    /// end, so the markup always nests.
    fn anchored_text(&self, d: usize, ids: &Ids) -> String {
        let doc = &self.documents[d];
        let text = doc.text.as_str();
        // Byte offset of every code point, and of the end.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let n = bytes.len() - 1;
        // (start, end, opening tag), code points.
        let mut spans: Vec<(usize, usize, String)> = Vec::new();
        for s in &self.statements {
            if s.record.doc != doc.doc {
                continue;
            }
            let Some(i) = ids.statement.get(s.id.as_str()) else {
                continue;
            };
            let kind = format!("{:?}", s.record.kind).to_lowercase();
            spans.push((
                s.record.start,
                s.record.end,
                format!(
                    "<span class=\"st st-{kind}\" id=\"st-{i}\" title=\"{}\">",
                    escape(&format!(
                        "{} — {}{}",
                        s.record.speaker.as_deref().unwrap_or("unnamed"),
                        kind,
                        s.record
                            .cue
                            .as_deref()
                            .map(|c| format!(", {c}"))
                            .unwrap_or_default()
                    ))
                ),
            ));
        }
        for (f, fact) in self.facts.iter().enumerate() {
            for (j, v) in fact.versions.iter().enumerate() {
                if v.doc == doc.doc {
                    spans.push((
                        v.start,
                        v.end,
                        format!(
                            "<span class=\"fv\" id=\"fact-{f}-{j}\" title=\"{}\">",
                            escape(&fact.topic)
                        ),
                    ));
                }
            }
        }
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let slice = |a: usize, b: usize| escape(&text[bytes[a]..bytes[b]]);
        let mut out = String::with_capacity(text.len() + spans.len() * 64);
        let mut open: Vec<usize> = Vec::new();
        let mut pos = 0;
        for (start, end, tag) in spans {
            let start = start.min(n);
            let mut end = end.clamp(start, n);
            while let Some(&top) = open.last() {
                if top > start {
                    break;
                }
                if pos < top {
                    out.push_str(&slice(pos, top));
                    pos = top;
                }
                out.push_str("</span>");
                open.pop();
            }
            if pos < start {
                out.push_str(&slice(pos, start));
                pos = start;
            }
            if let Some(&top) = open.last() {
                end = end.min(top);
            }
            out.push_str(&tag);
            open.push(end);
        }
        while let Some(top) = open.pop() {
            if pos < top {
                out.push_str(&slice(pos, top));
                pos = top;
            }
            out.push_str("</span>");
        }
        if pos < n {
            out.push_str(&slice(pos, n));
        }
        out
    }
}
