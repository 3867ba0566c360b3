//! Stage 5, graph: outlets, documents, speakers, statements and utterances
//! as one petgraph graph, with queries and a Graphviz export.

use std::collections::BTreeMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::report::Report;

/// A node of the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Outlet(String),
    Document(String),
    /// A speaker entity id.
    Speaker(String),
    /// A statement id.
    Statement(String),
    /// An utterance (a cluster of versions), by cluster id.
    Utterance(String),
}

/// What an edge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Document -> outlet.
    PublishedBy,
    /// Document -> statement.
    Contains,
    /// Statement -> speaker.
    AttributedTo,
    /// Statement -> utterance.
    VersionOf,
}

/// The graph of one report.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub graph: DiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
    /// Readable names where the node's id is not one: a speaker's name, a
    /// statement's first words, an utterance's fullest version.
    names: BTreeMap<NodeIndex, String>,
}

fn key(n: &Node) -> String {
    match n {
        Node::Outlet(s) => format!("o:{s}"),
        Node::Document(s) => format!("d:{s}"),
        Node::Speaker(s) => format!("p:{s}"),
        Node::Statement(s) => format!("s:{s}"),
        Node::Utterance(s) => format!("u:{s}"),
    }
}

impl Graph {
    fn node(&mut self, n: Node) -> NodeIndex {
        let k = key(&n);
        if let Some(&i) = self.index.get(&k) {
            return i;
        }
        let i = self.graph.add_node(n);
        self.index.insert(k, i);
        i
    }

    /// Build the graph of a report.
    pub fn from_report(r: &Report) -> Graph {
        let mut g = Graph::default();
        for d in &r.documents {
            let dn = g.node(Node::Document(d.doc.clone()));
            if let Some(o) = &d.outlet {
                let on = g.node(Node::Outlet(o.clone()));
                g.graph.add_edge(dn, on, Edge::PublishedBy);
            }
        }
        for s in &r.statements {
            let sn = g.node(Node::Statement(s.id.clone()));
            let dn = g.node(Node::Document(s.record.doc.clone()));
            g.graph.add_edge(dn, sn, Edge::Contains);
            g.names.insert(sn, crate::report::short(&s.record.text, 12));
            if let Some(p) = &s.record.speaker_id {
                let pn = g.node(Node::Speaker(p.clone()));
                g.graph.add_edge(sn, pn, Edge::AttributedTo);
            }
        }
        for sp in &r.speakers {
            if let Some(&pn) = g.index.get(&key(&Node::Speaker(sp.id.clone()))) {
                g.names.insert(pn, sp.name.clone());
            }
        }
        for c in &r.clusters {
            let un = g.node(Node::Utterance(c.id.clone()));
            if let Some(head) = c.members.first().and_then(|m| r.statement(m)) {
                g.names
                    .insert(un, crate::report::short(&head.record.text, 12));
            }
            for m in &c.members {
                let sn = g.node(Node::Statement(m.clone()));
                g.graph.add_edge(sn, un, Edge::VersionOf);
            }
        }
        g
    }

    fn find(&self, n: &Node) -> Option<NodeIndex> {
        self.index.get(&key(n)).copied()
    }

    fn neighbours(&self, at: NodeIndex, dir: Direction, edge: Edge) -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = self
            .graph
            .edges_directed(at, dir)
            .filter(|e| *e.weight() == edge)
            .map(|e| {
                if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                }
            })
            .collect();
        v.sort();
        v
    }

    fn label(&self, i: NodeIndex) -> String {
        match &self.graph[i] {
            Node::Outlet(s)
            | Node::Document(s)
            | Node::Speaker(s)
            | Node::Statement(s)
            | Node::Utterance(s) => s.clone(),
        }
    }

    /// Every version of the utterance a statement reports (itself included).
    pub fn versions_of(&self, statement: &str) -> Vec<String> {
        let Some(s) = self.find(&Node::Statement(statement.into())) else {
            return Vec::new();
        };
        let mut out: Vec<String> = self
            .neighbours(s, Direction::Outgoing, Edge::VersionOf)
            .into_iter()
            .flat_map(|u| self.neighbours(u, Direction::Incoming, Edge::VersionOf))
            .map(|i| self.label(i))
            .collect();
        if out.is_empty() {
            out.push(statement.to_string());
        }
        out.sort();
        out
    }

    /// Every statement credited to a speaker.
    pub fn statements_of(&self, speaker_id: &str) -> Vec<String> {
        let Some(p) = self.find(&Node::Speaker(speaker_id.into())) else {
            return Vec::new();
        };
        let mut out: Vec<String> = self
            .neighbours(p, Direction::Incoming, Edge::AttributedTo)
            .into_iter()
            .map(|i| self.label(i))
            .collect();
        out.sort();
        out
    }

    /// The outlets that carried a version of an utterance, with the statement each carried.
    pub fn outlets_of(&self, utterance: &str) -> Vec<(String, String)> {
        let Some(u) = self.find(&Node::Utterance(utterance.into())) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for s in self.neighbours(u, Direction::Incoming, Edge::VersionOf) {
            for d in self.neighbours(s, Direction::Incoming, Edge::Contains) {
                for o in self.neighbours(d, Direction::Outgoing, Edge::PublishedBy) {
                    out.push((self.label(o), self.label(s)));
                }
            }
        }
        out.sort();
        out
    }

    /// Graphviz DOT.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph quotegraph {\n  rankdir=LR;\n");
        for i in self.graph.node_indices() {
            let shape = match &self.graph[i] {
                Node::Outlet(_) => "box",
                Node::Document(_) => "note",
                Node::Speaker(_) => "ellipse",
                Node::Statement(_) => "plaintext",
                Node::Utterance(_) => "diamond",
            };
            out.push_str(&format!(
                "  n{} [label=\"{}\", shape={shape}, class=\"{}\"];\n",
                i.index(),
                dot_escape(&self.label(i)),
                self.graph[i].kind()
            ));
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            out.push_str(&format!(
                "  n{} -> n{} [label=\"{}\"];\n",
                a.index(),
                b.index(),
                self.graph[e].name()
            ));
        }
        out.push_str("}\n");
        out
    }

    /// GraphML, for Gephi, Cytoscape or yEd: every node with its `kind`
    /// (`outlet`, `document`, `speaker`, `statement`, `utterance`), its
    /// report id (`ref`: the outlet's name, the document, speaker, statement
    /// or cluster id) and a readable `label` (a speaker's name, a
    /// statement's or utterance's first words), every edge with its `kind`
    /// (`published-by`, `contains`, `attributed-to`, `version-of`). Node
    /// and edge ids follow the graph's indices, so the output is the same
    /// for the same report.
    ///
    /// ```
    /// use quotegraph::{Document, Engine, graph::Graph};
    /// let docs = [Document::new("a & b", Some("<Wire>"), "\"We will rebuild,\" Mayor Ana Duarte said.")];
    /// let xml = Graph::from_report(&Engine::default().compare(&docs)).to_graphml();
    /// assert!(xml.contains("<data key=\"label\">a &amp; b</data>"));
    /// assert!(xml.contains("<data key=\"label\">&lt;Wire&gt;</data>"));
    /// ```
    pub fn to_graphml(&self) -> String {
        let mut out = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
            "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
            "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
            "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
            "  <key id=\"ref\" for=\"node\" attr.name=\"ref\" attr.type=\"string\"/>\n",
            "  <key id=\"edge_kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <graph id=\"quotegraph\" edgedefault=\"directed\">\n",
        ));
        for i in self.graph.node_indices() {
            out.push_str(&format!(
                "    <node id=\"n{}\"><data key=\"kind\">{}</data><data key=\"label\">{}</data><data key=\"ref\">{}</data></node>\n",
                i.index(),
                self.graph[i].kind(),
                xml_escape(self.names.get(&i).map_or(&self.label(i), |n| n)),
                xml_escape(&self.label(i))
            ));
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            out.push_str(&format!(
                "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"edge_kind\">{}</data></edge>\n",
                e.index(),
                a.index(),
                b.index(),
                self.graph[e].name()
            ));
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }
}

impl Node {
    /// The node's kind as the exports name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Outlet(_) => "outlet",
            Node::Document(_) => "document",
            Node::Speaker(_) => "speaker",
            Node::Statement(_) => "statement",
            Node::Utterance(_) => "utterance",
        }
    }
}

impl Edge {
    /// The edge's kind as the exports name it.
    pub fn name(self) -> &'static str {
        match self {
            Edge::PublishedBy => "published-by",
            Edge::Contains => "contains",
            Edge::AttributedTo => "attributed-to",
            Edge::VersionOf => "version-of",
        }
    }
}

/// XML character data or attribute value: markup characters escaped, and
/// characters XML 1.0 forbids (C0 controls but tab and line breaks,
/// U+FFFE, U+FFFF) replaced by U+FFFD so the file always parses.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A DOT quoted string's contents: backslash and double quote escaped, line
/// breaks written as `\n` (ids come from users' JSONL and may hold any of them).
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}
