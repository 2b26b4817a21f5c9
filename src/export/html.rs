//! A document's regulations as one HTML page a lawyer can open: per
//! regulation its facts (service, provider, form, result, term), the
//! picture of its workflow (an SVG beside the page) and a table of its
//! steps with performers and durations. Every text is escaped; the page
//! needs no script and no network.

use std::fmt::Write as _;

use serde_json::Value;

use crate::show::{
    array, durations, fact_text, form, label, result, step_actor, string, term, MISSING,
};

/// One regulation of the page and the file name of its picture.
pub struct Entry<'a> {
    pub workflow: &'a Value,
    pub picture: String,
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#1d2330;max-width:1400px}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2.5em;border-bottom:2px solid #3a5a9a}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #c4cad6;padding:4px 8px;\
vertical-align:top;text-align:left;font-size:0.9em}th{background:#eef1f7}\
.facts{width:100%}.facts th{width:10em}figure{margin:1em 0;overflow-x:auto;border:1px solid #c4cad6;padding:8px}\
figure img{max-width:100%;height:auto}nav li{margin:2px 0}.id{color:#667;font-size:0.85em}";

/// The page for the document at `path`.
pub fn page(path: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"kk\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(path),
        escape(path)
    );
    if entries.is_empty() {
        out.push_str("<p>No regulations in this document.</p>\n");
    } else {
        out.push_str("<nav><ol>\n");
        for e in entries {
            let id = string(e.workflow, "id").unwrap_or(MISSING);
            let _ = writeln!(
                out,
                "<li><a href=\"#{}\">{}</a> <span class=\"id\">{}</span></li>",
                escape(anchor(e)),
                escape(&name(e.workflow)),
                escape(id)
            );
        }
        out.push_str("</ol></nav>\n");
    }
    for e in entries {
        regulation(e, &mut out);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The section's anchor: its picture's name, unique on the page (regulation
/// ids repeat across the documents of one input).
fn anchor<'e>(e: &'e Entry) -> &'e str {
    e.picture.strip_suffix(".svg").unwrap_or(&e.picture)
}

fn name(w: &Value) -> String {
    fact_text(w, "service_name")
        .or_else(|| fact_text(w, "title"))
        .or_else(|| string(w, "id"))
        .unwrap_or(MISSING)
        .to_owned()
}

fn regulation(e: &Entry, out: &mut String) {
    let w = e.workflow;
    let id = string(w, "id").unwrap_or(MISSING);
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{} <span class=\"id\">{}</span></h2>",
        escape(anchor(e)),
        escape(&name(w)),
        escape(id)
    );
    out.push_str("<table class=\"facts\">\n");
    let facts = [
        (
            "service",
            fact_text(w, "service_name").unwrap_or(MISSING).to_owned(),
        ),
        (
            "provider",
            fact_text(w, "provider").unwrap_or(MISSING).to_owned(),
        ),
        ("form", form(w)),
        ("result", result(w)),
        ("term", term(w)),
        ("status", string(w, "status").unwrap_or(MISSING).to_owned()),
    ];
    for (k, v) in facts {
        let _ = writeln!(out, "<tr><th>{k}</th><td>{}</td></tr>", escape(&v));
    }
    out.push_str("</table>\n");
    let _ = writeln!(
        out,
        "<figure><a href=\"{0}\" title=\"open the picture at full size\"><img src=\"{0}\" \
         alt=\"workflow of {1}\"></a></figure>",
        escape(&e.picture),
        escape(id)
    );
    let actors = array(w, "actors");
    let steps = array(w, "steps");
    if steps.is_empty() {
        out.push_str("<p>The text gives no steps.</p>\n");
    } else {
        out.push_str(
            "<table class=\"steps\">\n<tr><th>step</th><th>kind</th><th>performer</th>\
             <th>duration</th><th>text</th></tr>\n",
        );
        for s in steps {
            let performer = string(s, "actor")
                .and_then(|a| actors.iter().find(|x| string(x, "id") == Some(a)))
                .and_then(|a| string(a, "name"))
                .map_or_else(|| step_actor(s, actors), str::to_owned);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&label(s)),
                escape(string(s, "kind").unwrap_or(MISSING)),
                escape(&performer),
                escape(&durations(array(s, "durations"))),
                escape(string(s, "text").unwrap_or(MISSING))
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// Text safe in HTML content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
