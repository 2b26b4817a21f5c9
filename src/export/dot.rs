//! Graphs out as Graphviz DOT, with the content of the Mermaid chart: a
//! cluster per regulation, inside it a cluster per lane; tasks as boxes,
//! gateways as diamonds, events as circles, durations on the nodes, the
//! failure branches dashed. [`svg`] runs Graphviz's `dot` on it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use super::{Graph, NodeKind};

/// The digraph of the graphs.
pub fn write(graphs: &[Graph]) -> String {
    let mut out = String::from(
        "digraph reglament {\n  rankdir=LR;\n  newrank=true;\n  fontname=\"sans-serif\";\n  \
         node [fontname=\"sans-serif\", fontsize=10];\n  edge [fontname=\"sans-serif\", fontsize=9];\n",
    );
    for g in graphs {
        let _ = writeln!(out, "  subgraph cluster_{} {{", g.id);
        let _ = writeln!(
            out,
            "    label=\"{}\";\n    labeljust=l;\n    fontsize=13;",
            escape(&g.name)
        );
        for n in g.in_lane(None) {
            let _ = writeln!(out, "    {}", shape(g, n));
        }
        for (l, lane) in g.lanes.iter().enumerate() {
            let _ = writeln!(
                out,
                "    subgraph cluster_{} {{\n      label=\"{}\";\n      style=filled;\n      fillcolor=\"#f4f6fa\";\n      color=\"#8a94a6\";",
                lane.id,
                escape(&lane.name)
            );
            for n in g.in_lane(Some(l)) {
                let _ = writeln!(out, "      {}", shape(g, n));
            }
            out.push_str("    }\n");
        }
        out.push_str("  }\n");
        for e in &g.edges {
            let style = match e.failure {
                Some(true) => " [label=\"no\", style=dashed, color=\"#b03030\"]",
                Some(false) => " [label=\"yes\"]",
                None => "",
            };
            let _ = writeln!(
                out,
                "  {} -> {}{style};",
                g.nodes[e.from].id, g.nodes[e.to].id
            );
        }
    }
    out.push_str("}\n");
    out
}

fn shape(g: &Graph, n: usize) -> String {
    let node = &g.nodes[n];
    // A diamond grows with its label much faster than a box: a gateway
    // shows its label (`1 - шарт`) and keeps its words for the tooltip.
    let mut label = match (&node.label, node.kind) {
        (Some(l), NodeKind::Gateway) => l.clone(),
        (None, NodeKind::Gateway) => wrap(&node.name, 16),
        (Some(l), _) => format!("{} {}", l, wrap(&node.name, 28)),
        (None, _) => wrap(&node.name, 28),
    };
    if let Some(d) = &node.duration {
        label.push('\n');
        label.push_str(d);
    }
    let attributes = match node.kind {
        NodeKind::Task => "shape=box, style=\"rounded,filled\", fillcolor=white",
        NodeKind::Gateway => "shape=diamond, style=filled, fillcolor=\"#fff4d6\"",
        NodeKind::Start => "shape=circle, style=filled, fillcolor=\"#dff3e0\"",
        NodeKind::End => "shape=doublecircle, style=filled, fillcolor=\"#f3dfdf\"",
        NodeKind::Refused => "shape=doublecircle, style=filled, fillcolor=\"#f0b0b0\"",
    };
    let tooltip = if node.text.is_empty() {
        &node.name
    } else {
        &node.text
    };
    format!(
        "{} [label=\"{}\", tooltip=\"{}\", {attributes}];",
        node.id,
        escape(&label),
        escape(tooltip)
    )
}

/// Lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Text safe inside a quoted DOT string: `"` and `\` escaped, line breaks
/// as `\n` (centred lines).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The SVG Graphviz's `dot` draws of a DOT text; an error says what failed
/// (`dot` missing, or what it printed on stderr).
pub fn svg(dot: &str) -> Result<String, String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                "Graphviz `dot` not found: install Graphviz (Debian: apt-get install graphviz)"
                    .to_owned()
            } else {
                format!("running Graphviz `dot`: {e}")
            }
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot.as_bytes())
            .map_err(|e| format!("writing to Graphviz `dot`: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("running Graphviz `dot`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "Graphviz `dot` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "Graphviz `dot` wrote invalid UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_wrapped() {
        assert_eq!(escape("a \"b\" \\ c\nd"), "a \\\"b\\\" \\\\ c\\nd");
        assert_eq!(wrap("бір екі үш төрт", 7), "бір екі\nүш төрт");
    }
}
