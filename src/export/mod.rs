//! Workflows out to other tools: BPMN 2.0 ([`bpmn`]), Mermaid ([`mermaid`]),
//! Graphviz DOT ([`dot`]) and an HTML page ([`html`]).
//!
//! In comes a document in its JSON shape (`serde_json::Value`, as
//! [`crate::show::load`] gives it for a text or a JSON file), so that both
//! inputs take one code path; out comes a neutral [`Graph`] per regulation
//! that every writer draws from (DOMAIN.md §3, items 5, 7 and 9–11):
//!
//! * one lane per actor that performs a step (in the order they first act),
//!   and an `unassigned` lane for steps whose performer the text does not
//!   name; one more lane per electronic flow (chapter 4), holding that flow's
//!   own chain from its own start to its own end;
//! * a condition (`1 - шарт`) becomes an exclusive gateway, every other step
//!   a task, so tasks + gateways = steps (of the regulation and its flows);
//! * a chain runs start → steps in order → end. A gateway's failure branch
//!   goes to its `on_failure` step when the text names one, else to a
//!   `refused` end event. A step that is some gateway's failure target is
//!   the refusal (it forms the refusal message): the success path passes it
//!   by, and it ends in the `refused` end event.

pub mod bpmn;
pub mod dot;
pub mod html;
pub mod mermaid;

use serde_json::Value;

use crate::show::{array, durations, excerpt, fact_text, string};

/// How many characters a task's name keeps of its step's text.
const NAME_LENGTH: usize = 80;

/// What a graph node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Start,
    /// An action, process or paragraph step.
    Task,
    /// A condition step: an exclusive gateway with a failure branch.
    Gateway,
    End,
    /// Where a refused application ends.
    Refused,
}

/// A node of a chain: an event, a task or a gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    /// XML-safe, stable id (`app1_reg1_step1`).
    pub id: String,
    pub kind: NodeKind,
    /// Index into [`Graph::lanes`]; `None` when the graph has no lanes (a
    /// regulation without steps).
    pub lane: Option<usize>,
    /// Position left to right in its chain (0 for the start event).
    pub column: usize,
    /// Short name: the step's first clause, at most 80 characters.
    pub name: String,
    /// The step's full text (empty for events).
    pub text: String,
    /// The step's label as printed (`1)`, `2 - шарт`), when printed.
    pub label: Option<String>,
    /// The durations, readable (`within 1 working day`), when stated.
    pub duration: Option<String>,
    /// The step's durations as in the JSON (value, unit, iso8601, text).
    pub durations: Vec<Value>,
    /// The step's id in the JSON (`app1/reg1#step1`); `None` for events.
    pub step: Option<String>,
}

/// A sequence flow between two nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub id: String,
    /// Indexes into [`Graph::nodes`].
    pub from: usize,
    pub to: usize,
    /// A gateway's branch: `false` for the success path, `true` for the
    /// failure branch; `None` for a plain flow.
    pub failure: Option<bool>,
}

/// A band of the picture: an actor, the unassigned steps, or a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub id: String,
    pub name: String,
    /// The actor's id in the JSON, for an actor's lane.
    pub actor: Option<String>,
    /// The flow's id in the JSON, for a flow's lane.
    pub flow: Option<String>,
}

/// One regulation's workflow as a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// The regulation's id in the JSON (`app1/reg1`).
    pub regulation: String,
    /// Its XML-safe form (`app1_reg1`), prefix of every id below.
    pub id: String,
    /// The service name, else the title, else the id.
    pub name: String,
    pub lanes: Vec<Lane>,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<Edge>,
}

impl Graph {
    /// The indices of the nodes in a lane (`None`: the nodes outside every
    /// lane), in order.
    pub fn in_lane(&self, lane: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(move |&n| self.nodes[n].lane == lane)
    }

    /// How many nodes of a kind.
    pub fn count(&self, kind: NodeKind) -> usize {
        self.nodes.iter().filter(|n| n.kind == kind).count()
    }

    /// The number of columns of the widest chain.
    pub fn columns(&self) -> usize {
        self.nodes.iter().map(|n| n.column + 1).max().unwrap_or(0)
    }
}

/// The graphs of a document's regulations, or only of the one with id
/// `regulation`.
pub fn graphs(doc: &Value, regulation: Option<&str>) -> Vec<Graph> {
    regulations(doc, regulation)
        .into_iter()
        .enumerate()
        .map(|(i, w)| graph(w, i))
        .collect()
}

/// A document's regulations (workflows), or only the one with id
/// `regulation`: the regulations [`graphs`] draws, in its order.
pub fn regulations<'v>(doc: &'v Value, regulation: Option<&str>) -> Vec<&'v Value> {
    array(doc, "regulations")
        .iter()
        .filter(|w| regulation.is_none_or(|id| string(w, "id") == Some(id)))
        .collect()
}

/// An id made of ASCII letters, digits and `_`, starting with a letter, as
/// XML names, Mermaid and DOT ids all accept: `app1/reg1#step1` →
/// `app1_reg1_step1`.
pub fn safe_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 1);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_');
    if out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.to_owned()
    } else {
        format!("n_{out}")
    }
}

/// A task's name: the text up to the first clause break (`;`, `:`, or a
/// sentence's full stop), whitespace collapsed, cut at a word boundary to at
/// most 80 characters with `…`.
pub fn short_name(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let clause = collapsed.split(';').next().unwrap_or_default();
    let clause = clause.split_once(": ").map_or(clause, |(head, _)| head);
    let clause = clause
        .split_once(". ")
        .map_or(clause, |(head, _)| head)
        .trim_end_matches([';', '.', ',', ':', ' ']);
    if clause.chars().count() <= NAME_LENGTH {
        return clause.to_owned();
    }
    let cut: String = clause.chars().take(NAME_LENGTH).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > NAME_LENGTH / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([',', ' ', '-', '–']))
}

/// One step of a chain before it becomes a node.
struct ChainStep<'v> {
    value: &'v Value,
    lane: Option<usize>,
}

fn graph(w: &Value, index: usize) -> Graph {
    let regulation =
        string(w, "id").map_or_else(|| format!("regulation{}", index + 1), str::to_owned);
    let id = safe_id(&regulation);
    let name = fact_text(w, "service_name")
        .or_else(|| fact_text(w, "title"))
        .map_or_else(|| regulation.clone(), |t| excerpt(t, 200));
    let mut g = Graph {
        regulation,
        id,
        name,
        lanes: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };

    let actors = array(w, "actors");
    let steps = array(w, "steps");
    let mut unassigned = None;
    let mut chain = Vec::new();
    for step in steps {
        let lane = match string(step, "actor") {
            Some(actor) => match g
                .lanes
                .iter()
                .position(|l| l.actor.as_deref() == Some(actor))
            {
                Some(lane) => lane,
                None => {
                    let name = actors
                        .iter()
                        .find(|a| string(a, "id") == Some(actor))
                        .and_then(|a| string(a, "name"))
                        .or_else(|| string(step, "actor_text"))
                        .unwrap_or(actor);
                    g.lanes.push(Lane {
                        id: format!("{}_lane_{}", g.id, safe_id(short(actor))),
                        name: excerpt(name, 60),
                        actor: Some(actor.to_owned()),
                        flow: None,
                    });
                    g.lanes.len() - 1
                }
            },
            None => *unassigned.get_or_insert_with(|| {
                g.lanes.push(Lane {
                    id: format!("{}_lane_unassigned", g.id),
                    name: "unassigned".to_owned(),
                    actor: None,
                    flow: None,
                });
                g.lanes.len() - 1
            }),
        };
        chain.push(ChainStep {
            value: step,
            lane: Some(lane),
        });
    }
    let main_id = g.id.clone();
    add_chain(&mut g, &main_id, &chain);

    for (f, flow) in array(w, "flows").iter().enumerate() {
        let flow_id = string(flow, "id")
            .map_or_else(|| format!("{}#flow{}", g.regulation, f + 1), str::to_owned);
        let channel = match string(flow, "channel") {
            Some("portal") => "portal",
            Some("state_corporation") => "State Corporation",
            Some("provider") => "provider's system",
            _ => "electronic flow",
        };
        g.lanes.push(Lane {
            id: format!("{}_lane_{}", g.id, safe_id(short(&flow_id))),
            name: format!("{} ({channel})", short(&flow_id)),
            actor: None,
            flow: Some(flow_id.clone()),
        });
        let lane = Some(g.lanes.len() - 1);
        let chain: Vec<ChainStep> = array(flow, "steps")
            .iter()
            .map(|value| ChainStep { value, lane })
            .collect();
        add_chain(&mut g, &safe_id(&flow_id), &chain);
    }
    g
}

/// `step1` of `app1/reg1#step1`; `flow1` of `app1/reg1#flow1`.
fn short(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, s)| s)
}

/// Adds one chain: its start event, its steps, its end (and refused) events
/// and the flows between them, ids prefixed by `prefix`.
fn add_chain(g: &mut Graph, prefix: &str, chain: &[ChainStep]) {
    let first_lane = chain
        .first()
        .and_then(|s| s.lane)
        .or(if g.lanes.is_empty() { None } else { Some(0) });
    let start = push_event(
        g,
        format!("{prefix}_start"),
        NodeKind::Start,
        "start",
        first_lane,
        0,
    );

    // The steps some gateway names as its failure branch.
    let failure_targets: Vec<&str> = chain
        .iter()
        .filter_map(|s| string(s.value, "on_failure"))
        .collect();
    let mut nodes = Vec::with_capacity(chain.len());
    for (i, step) in chain.iter().enumerate() {
        let v = step.value;
        let kind = if string(v, "kind") == Some("condition") {
            NodeKind::Gateway
        } else {
            NodeKind::Task
        };
        let step_id = string(v, "id").map(str::to_owned);
        let id = step_id
            .as_deref()
            .map_or_else(|| format!("{prefix}_step{}", i + 1), safe_id);
        let text = string(v, "text").unwrap_or_default();
        let list = array(v, "durations");
        g.nodes.push(GraphNode {
            id,
            kind,
            lane: step.lane,
            column: i + 1,
            name: short_name(text),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            label: string(v, "label").map(str::to_owned),
            duration: (!list.is_empty()).then(|| durations(list)),
            durations: list.to_vec(),
            step: step_id,
        });
        nodes.push(g.nodes.len() - 1);
    }
    let last_lane = chain.last().and_then(|s| s.lane).or(first_lane);
    let end = push_event(
        g,
        format!("{prefix}_end"),
        NodeKind::End,
        "end",
        last_lane,
        chain.len() + 1,
    );
    let mut refused = None;

    let is_failure_target =
        |i: usize| string(chain[i].value, "id").is_some_and(|id| failure_targets.contains(&id));
    // The next node on the success path after position `i`.
    let next_after = |i: usize| {
        (i + 1..chain.len())
            .find(|&j| !is_failure_target(j))
            .map_or(end, |j| nodes[j])
    };
    let first = (0..chain.len())
        .find(|&j| !is_failure_target(j))
        .map_or(end, |j| nodes[j]);
    push_edge(g, start, first, None);
    for i in 0..chain.len() {
        let node = nodes[i];
        if is_failure_target(i) {
            let to = refused_event(g, prefix, &mut refused, chain[i].lane, chain.len() + 1);
            push_edge(g, node, to, None);
            continue;
        }
        let next = next_after(i);
        if g.nodes[node].kind == NodeKind::Gateway {
            push_edge(g, node, next, Some(false));
            let target = string(chain[i].value, "on_failure").and_then(|t| {
                (0..chain.len())
                    .find(|&j| string(chain[j].value, "id") == Some(t))
                    .map(|j| nodes[j])
            });
            let to = match target {
                Some(to) => to,
                None => refused_event(g, prefix, &mut refused, chain[i].lane, chain.len() + 1),
            };
            push_edge(g, node, to, Some(true));
        } else {
            push_edge(g, node, next, None);
        }
    }
}

fn push_event(
    g: &mut Graph,
    id: String,
    kind: NodeKind,
    name: &str,
    lane: Option<usize>,
    column: usize,
) -> usize {
    g.nodes.push(GraphNode {
        id,
        kind,
        lane,
        column,
        name: name.to_owned(),
        text: String::new(),
        label: None,
        duration: None,
        durations: Vec::new(),
        step: None,
    });
    g.nodes.len() - 1
}

/// The chain's `refused` end event, made when first needed.
fn refused_event(
    g: &mut Graph,
    prefix: &str,
    refused: &mut Option<usize>,
    lane: Option<usize>,
    column: usize,
) -> usize {
    if let Some(r) = *refused {
        return r;
    }
    let r = push_event(
        g,
        format!("{prefix}_refused"),
        NodeKind::Refused,
        "refused",
        lane,
        column,
    );
    *refused = Some(r);
    r
}

fn push_edge(g: &mut Graph, from: usize, to: usize, failure: Option<bool>) {
    let id = format!("{}_to_{}", g.nodes[from].id, g.nodes[to].id);
    g.edges.push(Edge {
        id,
        from,
        to,
        failure,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_safe_and_stable() {
        assert_eq!(safe_id("app1/reg1#step1"), "app1_reg1_step1");
        assert_eq!(safe_id("reg1#flow1.step2"), "reg1_flow1_step2");
        assert_eq!(safe_id("1/x"), "n_1_x");
    }

    #[test]
    fn names_are_the_first_clause_cut_at_a_word() {
        assert_eq!(
            short_name("кеңсе қызметкері  құжаттарды қабылдайды; 15 минут"),
            "кеңсе қызметкері құжаттарды қабылдайды"
        );
        let long = "сөз ".repeat(40);
        let name = short_name(&long);
        assert!(name.ends_with("сөз…"), "{name}");
        assert!(name.chars().count() <= NAME_LENGTH + 1);
    }

    #[test]
    fn a_failure_target_is_passed_by_and_ends_refused() {
        let doc = json!({"regulations": [{"id": "reg1", "steps": [], "flows": [{"id": "reg1#flow1", "channel": "portal", "steps": [
            {"id": "reg1#flow1.step1", "kind": "process", "text": "a"},
            {"id": "reg1#flow1.step2", "kind": "condition", "text": "b", "on_failure": "reg1#flow1.step3"},
            {"id": "reg1#flow1.step3", "kind": "process", "text": "c"},
            {"id": "reg1#flow1.step4", "kind": "condition", "text": "d"}
        ]}]}]});
        let g = &graphs(&doc, None)[1 - 1];
        let flows: Vec<(String, String, Option<bool>)> = g
            .edges
            .iter()
            .map(|e| {
                (
                    g.nodes[e.from].id.clone(),
                    g.nodes[e.to].id.clone(),
                    e.failure,
                )
            })
            .collect();
        let s = |a: &str, b: &str, f| (a.to_owned(), b.to_owned(), f);
        assert_eq!(
            flows,
            vec![
                s("reg1_start", "reg1_end", None),
                s("reg1_flow1_start", "reg1_flow1_step1", None),
                s("reg1_flow1_step1", "reg1_flow1_step2", None),
                s("reg1_flow1_step2", "reg1_flow1_step4", Some(false)),
                s("reg1_flow1_step2", "reg1_flow1_step3", Some(true)),
                s("reg1_flow1_step3", "reg1_flow1_refused", None),
                s("reg1_flow1_step4", "reg1_flow1_end", Some(false)),
                s("reg1_flow1_step4", "reg1_flow1_refused", Some(true)),
            ]
        );
        assert_eq!(
            (g.count(NodeKind::Task), g.count(NodeKind::Gateway)),
            (2, 2)
        );
        assert_eq!(g.lanes.len(), 1);
    }
}
