//! reglament: Kazakh state-service regulations and the acts around them as
//! data.
//!
//! The pipeline runs one way (STYLE.md): bytes → [`decode`] → text with a
//! source map ([`normalize`]) → lossless tree with spans ([`segment`]) →
//! output ([`output`]). [`parse`] runs it on one input.

#![forbid(unsafe_code)]

pub mod decode;
pub mod duration;
pub mod markers;
pub mod model;
pub mod normalize;
pub mod numerals;
pub mod output;
pub mod segment;

use sha2::{Digest, Sha256};

pub use decode::DecodeError;
pub use model::{Diagnostic, Document, Node, NodeKind, Severity, Source, Span};

/// Parse one input into its document. Fails only when the bytes are not
/// text (empty, binary, invalid UTF-8/UTF-16); any text gives a tree.
pub fn parse(bytes: &[u8], path: &str) -> Result<Document, DecodeError> {
    let decoded = decode::decode(bytes)?;
    let segmented = segment::segment(&decoded);
    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok(Document {
        schema_version: model::SCHEMA_VERSION,
        source: Source {
            path: path.to_owned(),
            sha256,
            bytes: bytes.len(),
            encoding: decoded.encoding.name(),
        },
        tree: segmented.tree,
        diagnostics: segmented.diagnostics,
    })
}
