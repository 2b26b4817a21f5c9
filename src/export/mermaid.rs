//! Graphs out as a Mermaid flowchart (renders on GitHub and in most Markdown
//! tools): one subgraph per regulation, inside it one per lane (actor,
//! unassigned steps, electronic flow); tasks as boxes, gateways as
//! rhombuses, events as circles, a step's durations on its node.
//!
//! Labels are quoted strings; the characters Mermaid would read as syntax
//! are written as its entity codes (`#quot;`, `#lt;`, `#gt;`, `#35;`), so no
//! text of a regulation can break the chart.

use std::fmt::Write as _;

use super::{Graph, NodeKind};

/// The flowchart of the graphs.
pub fn write(graphs: &[Graph]) -> String {
    let mut out = String::from("flowchart LR\n");
    for g in graphs {
        let _ = writeln!(out, "  subgraph {}[\"{}\"]", g.id, escape(&g.name));
        let _ = writeln!(out, "    direction LR");
        // Nodes without a lane (a regulation without steps) sit in the
        // regulation's subgraph itself.
        for n in g.in_lane(None) {
            let _ = writeln!(out, "    {}", shape(g, n));
        }
        for (l, lane) in g.lanes.iter().enumerate() {
            let _ = writeln!(out, "    subgraph {}[\"{}\"]", lane.id, escape(&lane.name));
            for n in g.in_lane(Some(l)) {
                let _ = writeln!(out, "      {}", shape(g, n));
            }
            out.push_str("    end\n");
        }
        out.push_str("  end\n");
        for e in &g.edges {
            let arrow = match e.failure {
                Some(true) => "-.->|no|",
                Some(false) => "-->|yes|",
                None => "-->",
            };
            let _ = writeln!(out, "  {} {arrow} {}", g.nodes[e.from].id, g.nodes[e.to].id);
        }
    }
    out
}

fn shape(g: &Graph, n: usize) -> String {
    let node = &g.nodes[n];
    let mut label = match &node.label {
        Some(l) => format!("{} {}", escape(l), escape(&node.name)),
        None => escape(&node.name),
    };
    if let Some(d) = &node.duration {
        let _ = write!(label, "<br/><i>{}</i>", escape(d));
    }
    let id = &node.id;
    match node.kind {
        NodeKind::Task => format!("{id}[\"{label}\"]"),
        NodeKind::Gateway => format!("{id}{{\"{label}\"}}"),
        NodeKind::Start => format!("{id}((\"{label}\"))"),
        NodeKind::End | NodeKind::Refused => format!("{id}(((\"{label}\")))"),
    }
}

/// Text safe inside a quoted Mermaid label.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_is_escaped() {
        assert_eq!(
            escape("\"Рұқсат\" <№ 5> #1 & x"),
            "#quot;Рұқсат#quot; #lt;№ 5#gt; #35;1 #amp; x"
        );
    }
}
