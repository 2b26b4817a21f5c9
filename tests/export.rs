//! `reglament export` and `render` on the corpus: every regulation's BPMN
//! read by bpmn-moddle (the parser of bpmn.io) without warnings, its DOT
//! drawn by Graphviz, its Mermaid well formed, and the counts of tasks,
//! gateways and lanes those tools see equal to the workflow's steps,
//! conditions and actors.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use reglament::export::{self, NodeKind};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reglament"))
}

/// The JSON shape of a corpus file, as `show::load` gives it.
fn document(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let mut docs = reglament::show::load(&bytes, &path.display().to_string()).unwrap();
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// What a workflow says the graph must hold: steps (of the regulation and
/// its flows), conditions among them, lanes (performing actors, one for
/// unassigned steps when there are any, one per flow).
struct Expected {
    id: String,
    steps: usize,
    conditions: usize,
    lanes: usize,
}

fn expected(doc: &Value) -> Vec<Expected> {
    doc["regulations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let steps = w["steps"].as_array().unwrap();
            let flows = w["flows"].as_array().unwrap();
            let flow_steps: Vec<&Value> = flows
                .iter()
                .flat_map(|f| f["steps"].as_array().unwrap())
                .collect();
            let performers: HashSet<&str> =
                steps.iter().filter_map(|s| s["actor"].as_str()).collect();
            let unassigned = steps.iter().any(|s| s["actor"].is_null());
            let conditions = steps
                .iter()
                .chain(flow_steps.iter().copied())
                .filter(|s| s["kind"] == "condition")
                .count();
            Expected {
                id: w["id"].as_str().unwrap().to_owned(),
                steps: steps.len() + flow_steps.len(),
                conditions,
                lanes: performers.len() + usize::from(unassigned) + flows.len(),
            }
        })
        .collect()
}

#[test]
fn graphs_match_the_workflows() {
    let mut regulations = 0;
    for path in common::corpus_files() {
        let doc = document(&path);
        let graphs = export::graphs(&doc, None);
        let expected = expected(&doc);
        assert_eq!(graphs.len(), expected.len(), "{}", path.display());
        for (g, e) in graphs.iter().zip(&expected) {
            let at = format!("{} {}", path.display(), e.id);
            assert_eq!(g.regulation, e.id, "{at}");
            assert_eq!(
                g.count(NodeKind::Task) + g.count(NodeKind::Gateway),
                e.steps,
                "{at}"
            );
            assert_eq!(g.count(NodeKind::Gateway), e.conditions, "{at}");
            assert_eq!(g.lanes.len(), e.lanes, "{at}");
            // One start and one end per chain (the regulation's, each flow's).
            let chains = 1 + doc["regulations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["id"] == e.id.as_str())
                .map_or(0, |w| w["flows"].as_array().unwrap().len());
            assert_eq!(
                (g.count(NodeKind::Start), g.count(NodeKind::End)),
                (chains, chains),
                "{at}"
            );
            // Every node is reached, every node but an end leads on, and a
            // gateway has exactly a success and a failure branch.
            for (n, node) in g.nodes.iter().enumerate() {
                let into = g.edges.iter().filter(|x| x.to == n).count();
                let out: Vec<_> = g.edges.iter().filter(|x| x.from == n).collect();
                match node.kind {
                    NodeKind::Start => assert_eq!((into, out.len()), (0, 1), "{at} {}", node.id),
                    NodeKind::End | NodeKind::Refused => {
                        assert!(into > 0 && out.is_empty(), "{at} {}", node.id)
                    }
                    NodeKind::Task => {
                        assert_eq!((into > 0, out.len()), (true, 1), "{at} {}", node.id)
                    }
                    NodeKind::Gateway => {
                        assert!(into > 0, "{at} {}", node.id);
                        let mut branches: Vec<_> = out.iter().map(|x| x.failure).collect();
                        branches.sort();
                        assert_eq!(branches, [Some(false), Some(true)], "{at} {}", node.id);
                    }
                }
            }
            let ids: HashSet<&str> = g
                .nodes
                .iter()
                .map(|n| n.id.as_str())
                .chain(g.edges.iter().map(|x| x.id.as_str()))
                .chain(g.lanes.iter().map(|l| l.id.as_str()))
                .collect();
            assert_eq!(
                ids.len(),
                g.nodes.len() + g.edges.len() + g.lanes.len(),
                "{at}: ids unique"
            );
            regulations += 1;
        }
    }
    assert_eq!(regulations, 16);
}

#[test]
fn a_regulation_without_steps_is_start_to_end() {
    let doc = serde_json::json!({"regulations": [{"id": "app1/reg1", "steps": [], "flows": [], "actors": []}]});
    let graphs = export::graphs(&doc, None);
    let g = &graphs[0];
    assert_eq!(
        g.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["app1_reg1_start", "app1_reg1_end"]
    );
    assert_eq!(g.edges.len(), 1);
    assert!(g.lanes.is_empty());
    let xml = export::bpmn::write(&graphs);
    assert!(xml.contains("<bpmn:sequenceFlow id=\"app1_reg1_start_to_app1_reg1_end\" sourceRef=\"app1_reg1_start\" targetRef=\"app1_reg1_end\"/>"), "{xml}");
    assert!(!xml.contains("laneSet"));
}

fn tool(name: &str, arg: &str) -> bool {
    Command::new(name)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every corpus export read by bpmn-moddle with no warning, and the tasks,
/// gateways and lanes it counts equal to the workflow's.
#[test]
fn bpmn_is_read_by_bpmn_moddle() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    if !tool("node", "--version") || !js.join("node_modules/bpmn-moddle").exists() {
        eprintln!("SKIPPED bpmn_is_read_by_bpmn_moddle: needs node and `npm ci --prefix tests/js` (.ci/run does both)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut expected_all = Vec::new();
    for path in common::corpus_files() {
        let out = dir
            .path()
            .join(path.file_stem().unwrap())
            .with_extension("bpmn");
        let status = bin()
            .args(["export", "--to", "bpmn"])
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success(), "{}", path.display());
        expected_all.push(expected(&document(&path)));
        files.push(out);
    }
    // A text without a regulation: an empty collaboration, still valid.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "Бір жол мәтін.\n").unwrap();
    let out = dir.path().join("plain.bpmn");
    let status = bin()
        .args(["export", "--to", "bpmn"])
        .arg(&plain)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    expected_all.push(Vec::new());
    files.push(out);
    let output = Command::new("node")
        .arg(js.join("check-bpmn.mjs"))
        .args(&files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "bpmn-moddle: {stderr}"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let reports: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), files.len());
    for (report, expected) in reports.iter().zip(&expected_all) {
        let processes = report["processes"].as_array().unwrap();
        assert_eq!(processes.len(), expected.len(), "{report}");
        assert_eq!(report["diagrams"], 1, "{report}");
        for (p, e) in processes.iter().zip(expected) {
            assert_eq!(p["id"], format!("{}_process", export::safe_id(&e.id)));
            let tasks = p["tasks"].as_u64().unwrap() as usize;
            let gateways = p["gateways"].as_u64().unwrap() as usize;
            assert_eq!(tasks + gateways, e.steps, "{p}");
            assert_eq!(gateways, e.conditions, "{p}");
            assert_eq!(p["lanes"].as_u64().unwrap() as usize, e.lanes, "{p}");
        }
    }
}

#[test]
fn dot_is_drawn_by_graphviz() {
    if !tool("dot", "-V") {
        eprintln!("SKIPPED dot_is_drawn_by_graphviz: needs Graphviz `dot` (.ci/run installs it)");
        return;
    }
    for path in common::corpus_files() {
        let doc = document(&path);
        let graphs = export::graphs(&doc, None);
        let svg = export::dot::svg(&export::dot::write(&graphs)).unwrap();
        assert!(svg.contains("<svg"), "{}", path.display());
        for g in &graphs {
            for node in &g.nodes {
                // Graphviz names each node's group by its id.
                assert!(
                    svg.contains(&format!("<title>{}</title>", node.id)),
                    "{} {}",
                    path.display(),
                    node.id
                );
            }
        }
    }
}

#[test]
fn mermaid_is_well_formed() {
    for path in common::corpus_files() {
        let doc = document(&path);
        let graphs = export::graphs(&doc, None);
        let chart = export::mermaid::write(&graphs);
        let at = path.display();
        assert!(chart.starts_with("flowchart LR\n"), "{at}");
        let (mut open, mut ids) = (0i32, HashSet::new());
        let mut edges = 0;
        for line in chart.lines().skip(1) {
            let line = line.trim();
            if line.starts_with("subgraph ") {
                open += 1;
            } else if line == "end" {
                open -= 1;
                assert!(open >= 0, "{at}: `end` without subgraph");
            } else if line.contains(" --> ") || line.contains(" -->|") || line.contains(" -.->|") {
                edges += 1;
            } else if line != "direction LR" {
                let id: String = line
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(ids.insert(id.clone()), "{at}: node {id} twice");
                // Inside the quotes no quote or bracket of Mermaid's syntax.
                let label = line
                    .split_once('"')
                    .and_then(|(_, rest)| rest.rsplit_once('"'))
                    .map(|(l, _)| l)
                    .unwrap();
                assert!(
                    !label
                        .replace("<br/>", "")
                        .replace("<i>", "")
                        .replace("</i>", "")
                        .contains(['"', '<', '>']),
                    "{at}: {line}"
                );
            }
        }
        assert_eq!(open, 0, "{at}: subgraphs balanced");
        assert_eq!(
            ids.len(),
            graphs.iter().map(|g| g.nodes.len()).sum::<usize>(),
            "{at}"
        );
        assert_eq!(
            edges,
            graphs.iter().map(|g| g.edges.len()).sum::<usize>(),
            "{at}"
        );
    }
}

#[test]
fn export_of_json_equals_export_of_text() {
    let path = &common::corpus_files()[4];
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("doc.json");
    assert!(bin()
        .arg("parse")
        .arg("-q")
        .arg(path)
        .arg("-o")
        .arg(&json)
        .status()
        .unwrap()
        .success());
    let from = |input: &Path| {
        bin()
            .args(["export", "--to", "mermaid"])
            .arg(input)
            .output()
            .unwrap()
    };
    let (a, b) = (from(path), from(&json));
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn export_errors_name_the_file_and_leave_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.bpmn");
    let path = &common::corpus_files()[0];
    let o = bin()
        .args(["export", "--to", "bpmn", "--regulation", "app9/reg9"])
        .arg(path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&path.display().to_string())
            && stderr.contains("no regulation \"app9/reg9\""),
        "{stderr}"
    );
    assert!(!out.exists());

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"regulations\": [").unwrap();
    let o = bin()
        .args(["export", "--to", "dot"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("bad.json:1:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists());
}

#[test]
fn one_regulation_is_exported_alone() {
    let path = &common::corpus_files()[1];
    let o = bin()
        .args(["export", "--to", "dot", "--regulation", "app2/reg1"])
        .arg(path)
        .output()
        .unwrap();
    assert!(o.status.success());
    let dot = String::from_utf8(o.stdout).unwrap();
    assert!(dot.contains("subgraph cluster_app2_reg1 {"));
    assert!(!dot.contains("cluster_app1_reg1 "));
}

#[cfg(unix)]
#[test]
fn render_writes_pictures_and_a_page() {
    use std::os::unix::fs::PermissionsExt;
    if !tool("dot", "-V") {
        eprintln!(
            "SKIPPED render_writes_pictures_and_a_page: needs Graphviz `dot` (.ci/run installs it)"
        );
        return;
    }
    let path = &common::corpus_files()[1];
    let doc = document(path);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pictures");
    let o = bin()
        .arg("render")
        .arg(path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "app1_reg1.svg",
            "app2_reg1.svg",
            "app3_reg1.svg",
            "app4_reg1.svg",
            "app5_reg1.svg",
            "index.html"
        ]
    );
    for f in &files {
        let mode = std::fs::metadata(out.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{f}");
    }
    for w in doc["regulations"].as_array().unwrap() {
        let id = export::safe_id(w["id"].as_str().unwrap());
        assert!(page.contains(&format!("<img src=\"{id}.svg\"")), "{id}");
        let service = w["service_name"]["text"].as_str().unwrap();
        assert!(
            page.contains(&reglament::export::html::escape(service)),
            "{service}"
        );
        // One table row per step, after the header row.
        let section = page
            .split(&format!("<section id=\"{id}\">"))
            .nth(1)
            .unwrap()
            .split("</section>")
            .next()
            .unwrap();
        let rows = section
            .split("<table class=\"steps\">")
            .nth(1)
            .map_or(0, |t| t.matches("<tr>").count() - 1);
        assert_eq!(rows, w["steps"].as_array().unwrap().len(), "{id}");
    }
    assert!(page.contains("<th>term</th>") && page.contains("<th>provider</th>"));
}

/// Markup in a regulation's words is text in every format, never syntax.
#[test]
fn markup_in_the_text_is_escaped_everywhere() {
    let doc = serde_json::json!({"regulations": [{
        "id": "reg1",
        "service_name": {"text": "<b>\"A & B\"</b>"},
        "actors": [{"id": "reg1#actor1", "name": "x</lane>"}],
        "steps": [{"id": "reg1#step1", "kind": "action", "actor": "reg1#actor1", "text": "a <script>\"q\" & #1</script>", "durations": []}],
        "flows": []
    }]});
    let graphs = export::graphs(&doc, None);
    let xml = export::bpmn::write(&graphs);
    assert!(
        xml.contains("name=\"&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;\""),
        "{xml}"
    );
    assert!(xml.contains("name=\"x&lt;/lane&gt;\""), "{xml}");
    assert!(!xml.contains("<script>") && !xml.contains("<b>"));
    let chart = export::mermaid::write(&graphs);
    assert!(
        chart.contains("reg1_step1[\"a #lt;script#gt;#quot;q#quot; #amp; #35;1#lt;/script#gt;\"]"),
        "{chart}"
    );
    let dot = export::dot::write(&graphs);
    assert!(
        dot.contains("tooltip=\"a <script>\\\"q\\\" & #1</script>\""),
        "{dot}"
    );
    let page = export::html::page(
        "x.txt",
        &[export::html::Entry {
            workflow: &doc["regulations"][0],
            picture: "reg1.svg".to_owned(),
        }],
    );
    assert!(
        page.contains("&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;") && !page.contains("<script>"),
        "{page}"
    );
}

#[test]
fn render_of_several_documents_keeps_their_pictures_apart() {
    if !tool("dot", "-V") {
        eprintln!(
            "SKIPPED render_of_several_documents_keeps_their_pictures_apart: needs Graphviz `dot`"
        );
        return;
    }
    let files = common::corpus_files();
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("two.jsonl");
    let parsed = bin()
        .args(["parse", "-q", "--format", "jsonl"])
        .arg(&files[0])
        .arg(&files[3])
        .arg("-o")
        .arg(&jsonl)
        .status()
        .unwrap();
    assert!(parsed.success());
    let out = dir.path().join("pictures");
    let o = bin()
        .arg("render")
        .arg(&jsonl)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "doc1_app1_reg1.svg",
            "doc1_app2_reg1.svg",
            "doc2_reg1.svg",
            "doc2_reg2.svg",
            "index.html"
        ]
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains("<section id=\"doc2_reg1\">") && page.contains("href=\"#doc1_app2_reg1\"")
    );

    // A regulation that is not there: an error, and no folder made.
    let missing = dir.path().join("missing");
    let o = bin()
        .arg("render")
        .arg(&jsonl)
        .args(["--regulation", "reg9"])
        .arg("-o")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("two.jsonl: no regulation \"reg9\""));
    assert!(!missing.exists());
}
