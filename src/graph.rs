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
            if let Some(p) = &s.record.speaker_id {
                let pn = g.node(Node::Speaker(p.clone()));
                g.graph.add_edge(sn, pn, Edge::AttributedTo);
            }
        }
        for c in &r.clusters {
            let un = g.node(Node::Utterance(c.id.clone()));
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
            let (shape, kind) = match &self.graph[i] {
                Node::Outlet(_) => ("box", "outlet"),
                Node::Document(_) => ("note", "document"),
                Node::Speaker(_) => ("ellipse", "speaker"),
                Node::Statement(_) => ("plaintext", "statement"),
                Node::Utterance(_) => ("diamond", "utterance"),
            };
            out.push_str(&format!(
                "  n{} [label=\"{}\", shape={shape}, class=\"{kind}\"];\n",
                i.index(),
                dot_escape(&self.label(i))
            ));
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            let label = match self.graph[e] {
                Edge::PublishedBy => "published-by",
                Edge::Contains => "contains",
                Edge::AttributedTo => "attributed-to",
                Edge::VersionOf => "version-of",
            };
            out.push_str(&format!(
                "  n{} -> n{} [label=\"{label}\"];\n",
                a.index(),
                b.index()
            ));
        }
        out.push_str("}\n");
        out
    }
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
