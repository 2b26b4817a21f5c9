//! Graphs out as BPMN 2.0 XML that opens in the usual modellers (bpmn.io,
//! Camunda Modeler) without auto-layout: a collaboration with one pool
//! (participant and process) per regulation, a lane per [`super::Lane`], a
//! task or exclusive gateway per step, start and end events, sequence flows,
//! and a `bpmndi` diagram with computed shapes and edges.
//!
//! The layout is a grid: lanes are horizontal bands stacked top to bottom,
//! a node's column is its place in its chain, left to right. A lane with a
//! failure branch gets a second row below, for the refusal steps and the
//! `refused` event, so that the success path never runs through them.
//!
//! A task's `documentation` holds the step's label, full text and
//! durations; each duration is also an extension element,
//! `<reglament:duration value=".." unit=".." iso8601=".." text=".."/>`.
//! The XML is written with quick-xml, which escapes every text and
//! attribute.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{Graph, GraphNode, NodeKind};
use crate::show::string;

/// The namespace of the extension elements.
pub const NAMESPACE: &str = "https://reglament.kz/bpmn";

const POOL_LABEL: i64 = 30;
const LANE_LABEL: i64 = 30;
const COLUMN: i64 = 190;
const ROW: i64 = 120;
const POOL_GAP: i64 = 40;
const TASK: (i64, i64) = (150, 80);
const GATEWAY: (i64, i64) = (50, 50);
const EVENT: (i64, i64) = (36, 36);

/// Where a graph's nodes and lanes are drawn.
struct Layout {
    /// Top of each lane and its height.
    lanes: Vec<(i64, i64)>,
    /// Centre of each node.
    centres: Vec<(i64, i64)>,
    top: i64,
    height: i64,
    width: i64,
}

fn size(kind: NodeKind) -> (i64, i64) {
    match kind {
        NodeKind::Task => TASK,
        NodeKind::Gateway => GATEWAY,
        NodeKind::Start | NodeKind::End | NodeKind::Refused => EVENT,
    }
}

/// Whether a node goes in its lane's second row: a refusal step or a
/// `refused` event.
fn second_row(g: &Graph, n: usize) -> bool {
    g.nodes[n].kind == NodeKind::Refused
        || (g.nodes[n].kind == NodeKind::Task
            && g.edges.iter().any(|e| e.to == n && e.failure == Some(true)))
}

fn layout(g: &Graph, top: i64) -> Layout {
    let left = POOL_LABEL + LANE_LABEL;
    let width = left + COLUMN * g.columns().max(2) as i64 + COLUMN / 4;
    let mut lanes = Vec::with_capacity(g.lanes.len());
    let mut y = top;
    for l in 0..g.lanes.len() {
        let rows = if g.in_lane(Some(l)).any(|n| second_row(g, n)) {
            2
        } else {
            1
        };
        lanes.push((y, ROW * rows));
        y += ROW * rows;
    }
    let height = if lanes.is_empty() { ROW } else { y - top };
    let centres = (0..g.nodes.len())
        .map(|n| {
            let node = &g.nodes[n];
            let x = left + COLUMN * node.column as i64 + COLUMN / 2;
            let band = node.lane.map_or(top, |l| lanes[l].0);
            let row = i64::from(second_row(g, n));
            (x, band + ROW * row + ROW / 2)
        })
        .collect();
    Layout {
        lanes,
        centres,
        top,
        height,
        width,
    }
}

/// The BPMN XML of the graphs (one pool each).
pub fn write(graphs: &[Graph]) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = document(&mut w, graphs);
    String::from_utf8(w.into_inner()).unwrap_or_default() + "\n"
}

type W = Writer<Vec<u8>>;

fn start(w: &mut W, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for (k, v) in attributes {
        e.push_attribute((*k, *v));
    }
    w.write_event(Event::Start(e))
}

fn empty(w: &mut W, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for (k, v) in attributes {
        e.push_attribute((*k, *v));
    }
    w.write_event(Event::Empty(e))
}

fn end(w: &mut W, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn text_element(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    start(w, name, &[])?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    end(w, name)
}

fn document(w: &mut W, graphs: &[Graph]) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    start(
        w,
        "bpmn:definitions",
        &[
            ("xmlns:bpmn", "http://www.omg.org/spec/BPMN/20100524/MODEL"),
            ("xmlns:bpmndi", "http://www.omg.org/spec/BPMN/20100524/DI"),
            ("xmlns:dc", "http://www.omg.org/spec/DD/20100524/DC"),
            ("xmlns:di", "http://www.omg.org/spec/DD/20100524/DI"),
            ("xmlns:reglament", NAMESPACE),
            ("id", "reglament_definitions"),
            ("targetNamespace", NAMESPACE),
            ("exporter", "reglament"),
            ("exporterVersion", env!("CARGO_PKG_VERSION")),
        ],
    )?;
    start(
        w,
        "bpmn:collaboration",
        &[("id", "reglament_collaboration")],
    )?;
    for g in graphs {
        empty(
            w,
            "bpmn:participant",
            &[
                ("id", &format!("{}_pool", g.id)),
                ("name", &g.name),
                ("processRef", &format!("{}_process", g.id)),
            ],
        )?;
    }
    end(w, "bpmn:collaboration")?;
    for g in graphs {
        process(w, g)?;
    }

    start(w, "bpmndi:BPMNDiagram", &[("id", "reglament_diagram")])?;
    start(
        w,
        "bpmndi:BPMNPlane",
        &[
            ("id", "reglament_plane"),
            ("bpmnElement", "reglament_collaboration"),
        ],
    )?;
    let mut top = 0;
    for g in graphs {
        let l = layout(g, top);
        diagram(w, g, &l)?;
        top += l.height + POOL_GAP;
    }
    end(w, "bpmndi:BPMNPlane")?;
    end(w, "bpmndi:BPMNDiagram")?;
    end(w, "bpmn:definitions")
}

fn process(w: &mut W, g: &Graph) -> io::Result<()> {
    start(
        w,
        "bpmn:process",
        &[
            ("id", &format!("{}_process", g.id)),
            ("name", &g.name),
            ("isExecutable", "false"),
        ],
    )?;
    if !g.lanes.is_empty() {
        start(w, "bpmn:laneSet", &[("id", &format!("{}_lanes", g.id))])?;
        for (l, lane) in g.lanes.iter().enumerate() {
            start(w, "bpmn:lane", &[("id", &lane.id), ("name", &lane.name)])?;
            for node in g.nodes.iter().filter(|n| n.lane == Some(l)) {
                text_element(w, "bpmn:flowNodeRef", &node.id)?;
            }
            end(w, "bpmn:lane")?;
        }
        end(w, "bpmn:laneSet")?;
    }
    for (n, node) in g.nodes.iter().enumerate() {
        flow_node(w, g, n, node)?;
    }
    for e in &g.edges {
        let mut attributes = vec![
            ("id", e.id.as_str()),
            ("sourceRef", g.nodes[e.from].id.as_str()),
            ("targetRef", g.nodes[e.to].id.as_str()),
        ];
        match e.failure {
            Some(true) => attributes.push(("name", "no")),
            Some(false) => attributes.push(("name", "yes")),
            None => {}
        }
        empty(w, "bpmn:sequenceFlow", &attributes)?;
    }
    end(w, "bpmn:process")
}

fn flow_node(w: &mut W, g: &Graph, n: usize, node: &GraphNode) -> io::Result<()> {
    let element = match node.kind {
        NodeKind::Start => "bpmn:startEvent",
        NodeKind::Task => "bpmn:task",
        NodeKind::Gateway => "bpmn:exclusiveGateway",
        NodeKind::End | NodeKind::Refused => "bpmn:endEvent",
    };
    let name = match (&node.label, node.kind) {
        (Some(label), NodeKind::Task | NodeKind::Gateway) => format!("{label} {}", node.name),
        _ => node.name.clone(),
    };
    let mut attributes = vec![("id", node.id.as_str()), ("name", name.as_str())];
    let success = g
        .edges
        .iter()
        .find(|e| e.from == n && e.failure == Some(false));
    if let Some(e) = success {
        attributes.push(("default", e.id.as_str()));
    }
    start(w, element, &attributes)?;
    if !node.text.is_empty() {
        let mut doc = String::new();
        if let Some(label) = &node.label {
            doc.push_str(label);
            doc.push(' ');
        }
        doc.push_str(&node.text);
        if let Some(d) = &node.duration {
            doc.push_str("\nDuration: ");
            doc.push_str(d);
        }
        text_element(w, "bpmn:documentation", &doc)?;
    }
    if !node.durations.is_empty() {
        start(w, "bpmn:extensionElements", &[])?;
        for d in &node.durations {
            let value = d.get("value").map(ToString::to_string).unwrap_or_default();
            let mut attributes = vec![("value", value.as_str())];
            for key in ["unit", "bound", "iso8601", "text"] {
                if let Some(v) = string(d, key) {
                    attributes.push((key, v));
                }
            }
            empty(w, "reglament:duration", &attributes)?;
        }
        end(w, "bpmn:extensionElements")?;
    }
    for e in g.edges.iter().filter(|e| e.to == n) {
        text_element(w, "bpmn:incoming", &e.id)?;
    }
    for e in g.edges.iter().filter(|e| e.from == n) {
        text_element(w, "bpmn:outgoing", &e.id)?;
    }
    end(w, element)
}

fn bounds(w: &mut W, x: i64, y: i64, width: i64, height: i64) -> io::Result<()> {
    empty(
        w,
        "dc:Bounds",
        &[
            ("x", &x.to_string()),
            ("y", &y.to_string()),
            ("width", &width.to_string()),
            ("height", &height.to_string()),
        ],
    )
}

fn diagram(w: &mut W, g: &Graph, l: &Layout) -> io::Result<()> {
    let pool = format!("{}_pool", g.id);
    start(
        w,
        "bpmndi:BPMNShape",
        &[
            ("id", &format!("{pool}_di")),
            ("bpmnElement", &pool),
            ("isHorizontal", "true"),
        ],
    )?;
    bounds(w, 0, l.top, l.width, l.height)?;
    end(w, "bpmndi:BPMNShape")?;
    for (lane, &(y, height)) in g.lanes.iter().zip(&l.lanes) {
        start(
            w,
            "bpmndi:BPMNShape",
            &[
                ("id", &format!("{}_di", lane.id)),
                ("bpmnElement", &lane.id),
                ("isHorizontal", "true"),
            ],
        )?;
        bounds(w, POOL_LABEL, y, l.width - POOL_LABEL, height)?;
        end(w, "bpmndi:BPMNShape")?;
    }
    for (node, &(cx, cy)) in g.nodes.iter().zip(&l.centres) {
        let (width, height) = size(node.kind);
        let mut attributes = vec![
            ("id", format!("{}_di", node.id)),
            ("bpmnElement", node.id.clone()),
        ];
        if node.kind == NodeKind::Gateway {
            attributes.push(("isMarkerVisible", "true".to_owned()));
        }
        let attributes: Vec<(&str, &str)> =
            attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        start(w, "bpmndi:BPMNShape", &attributes)?;
        bounds(w, cx - width / 2, cy - height / 2, width, height)?;
        end(w, "bpmndi:BPMNShape")?;
    }
    for e in &g.edges {
        start(
            w,
            "bpmndi:BPMNEdge",
            &[("id", &format!("{}_di", e.id)), ("bpmnElement", &e.id)],
        )?;
        for (x, y) in waypoints(g, l, e.from, e.to) {
            empty(
                w,
                "di:waypoint",
                &[("x", &x.to_string()), ("y", &y.to_string())],
            )?;
        }
        end(w, "bpmndi:BPMNEdge")?;
    }
    Ok(())
}

/// From the source's right side to the target's left side; across lanes or
/// rows with two right-angle bends halfway; a refusal step's way to a
/// distant `refused` event below its row.
fn waypoints(g: &Graph, l: &Layout, from: usize, to: usize) -> Vec<(i64, i64)> {
    let ((sx, sy), (tx, ty)) = (l.centres[from], l.centres[to]);
    let (sw, _) = size(g.nodes[from].kind);
    let (tw, _) = size(g.nodes[to].kind);
    let (x1, x2) = (sx + sw / 2, tx - tw / 2);
    let skips = l.centres[to].0 - l.centres[from].0 > COLUMN;
    if g.nodes[to].kind == NodeKind::Refused && sy == ty && skips {
        // A refusal far from the `refused` event runs along the bottom of
        // its row, under the other refusal steps rather than through them.
        let (_, sh) = size(g.nodes[from].kind);
        let (_, th) = size(g.nodes[to].kind);
        let below = sy + ROW / 2 - 10;
        return vec![
            (sx, sy + sh / 2),
            (sx, below),
            (tx, below),
            (tx, ty + th / 2),
        ];
    }
    if sy == ty {
        return vec![(x1, sy), (x2, ty)];
    }
    let mid = (x1 + x2) / 2;
    vec![(x1, sy), (mid, sy), (mid, ty), (x2, ty)]
}
