//! Bytes in, text out: decode one input into a `String`, keeping the way back
//! from every text offset to the byte offset of the original input.
//!
//! Accepts UTF-8 with or without BOM and UTF-16 LE/BE with BOM (the legal
//! database exports UTF-8; Windows tools re-save as UTF-16). Line ends are
//! left as they are: the line splitter in `normalize` reads `\n`, `\r\n` and
//! `\r`. An empty input, a NUL byte (binary data) or an invalid sequence is
//! an error naming the byte offset, never a guess.

use std::borrow::Cow;
use std::fmt;

/// The encoding an input was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }
}

/// Why an input could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Zero bytes (or only a byte-order mark).
    Empty,
    /// A NUL byte: this is binary data, not a text export.
    Binary { offset: usize },
    /// A byte sequence that is not UTF-8.
    InvalidUtf8 { offset: usize },
    /// A lone surrogate or an odd trailing byte in UTF-16.
    InvalidUtf16 { offset: usize },
    /// Over [`MAX_INPUT`] bytes: offsets into the input are kept in 32 bits.
    TooLarge { bytes: usize },
}

/// The largest input the parser takes, 2 GiB less one byte: the source map
/// keeps offsets in 32 bits, which halves its size (it has an entry for
/// every line and every mended word), and the normalized text may be up to
/// twice as long as its input.
pub const MAX_INPUT: usize = (u32::MAX / 2) as usize;

impl DecodeError {
    /// Byte offset of the problem in the original input, where there is one.
    pub fn offset(&self) -> Option<usize> {
        match *self {
            DecodeError::Empty | DecodeError::TooLarge { .. } => None,
            DecodeError::Binary { offset }
            | DecodeError::InvalidUtf8 { offset }
            | DecodeError::InvalidUtf16 { offset } => Some(offset),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "empty input: nothing to parse"),
            DecodeError::Binary { offset } => {
                write!(
                    f,
                    "binary data (NUL byte) at byte {offset}: not a text file"
                )
            }
            DecodeError::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte {offset}")
            }
            DecodeError::InvalidUtf16 { offset } => {
                write!(f, "invalid UTF-16 at byte {offset}")
            }
            DecodeError::TooLarge { bytes } => {
                write!(
                    f,
                    "input of {bytes} bytes: over the largest supported, {MAX_INPUT}"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decoded text and the map back to input bytes. UTF-8 input is borrowed as
/// it is (a copy of the whole input was a fortieth of the pipeline); only
/// UTF-16 is decoded into a text of its own.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    /// Length of the original input in bytes.
    pub input_len: usize,
    /// Byte offset at which `text` starts in the input (the BOM length) when
    /// the text is a verbatim copy of the input.
    shift: usize,
    /// For UTF-16: input offset of every text byte (plus one past the end).
    offsets: Option<Vec<u32>>,
}

impl Decoded<'_> {
    /// The input byte offset of text offset `pos` (`pos == text.len()` maps
    /// to the input's end).
    pub fn orig(&self, pos: usize) -> usize {
        match &self.offsets {
            None => (pos + self.shift).min(self.input_len),
            Some(offsets) => offsets
                .get(pos)
                .map(|&o| o as usize)
                .unwrap_or(self.input_len),
        }
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Decode one input.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.len() > MAX_INPUT {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return decode_utf8(bytes, rest, UTF8_BOM.len(), Encoding::Utf8Bom);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return decode_utf16(bytes, false);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return decode_utf16(bytes, true);
    }
    decode_utf8(bytes, bytes, 0, Encoding::Utf8)
}

fn decode_utf8<'a>(
    all: &[u8],
    body: &'a [u8],
    shift: usize,
    encoding: Encoding,
) -> Result<Decoded<'a>, DecodeError> {
    if body.is_empty() {
        return Err(DecodeError::Empty);
    }
    // Binary first: a NUL is a surer sign of the wrong file than bad UTF-8.
    if let Some(nul) = memchr::memchr(0, body) {
        return Err(DecodeError::Binary {
            offset: shift + nul,
        });
    }
    // Checked with SIMD first: the standard check goes byte by byte over
    // Cyrillic (every letter is two bytes) and was a twentieth of the
    // pipeline. Only a failure is checked again, for its offset.
    let text = match simdutf8::basic::from_utf8(body) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let valid_up_to = std::str::from_utf8(body).map_or_else(|e| e.valid_up_to(), str::len);
            return Err(DecodeError::InvalidUtf8 {
                offset: shift + valid_up_to,
            });
        }
    };
    Ok(Decoded {
        text,
        encoding,
        input_len: all.len(),
        shift,
        offsets: None,
    })
}

fn decode_utf16(all: &[u8], big_endian: bool) -> Result<Decoded<'static>, DecodeError> {
    let body = &all[2..];
    if body.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut text = String::with_capacity(body.len());
    let mut offsets: Vec<u32> = Vec::with_capacity(body.len() + 1);
    let mut i = 0;
    while i < body.len() {
        let at = i + 2;
        let Some(unit) = unit_at(body, i, big_endian) else {
            return Err(DecodeError::InvalidUtf16 { offset: at });
        };
        let (c, width) = if (0xD800..0xDC00).contains(&unit) {
            match unit_at(body, i + 2, big_endian) {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    let code = 0x10000 + (((unit as u32) - 0xD800) << 10) + ((low as u32) - 0xDC00);
                    match char::from_u32(code) {
                        Some(c) => (c, 4),
                        None => return Err(DecodeError::InvalidUtf16 { offset: at }),
                    }
                }
                _ => return Err(DecodeError::InvalidUtf16 { offset: at }),
            }
        } else {
            match char::from_u32(unit as u32) {
                Some(c) => (c, 2),
                None => return Err(DecodeError::InvalidUtf16 { offset: at }),
            }
        };
        if c == '\0' {
            return Err(DecodeError::Binary { offset: at });
        }
        for _ in 0..c.len_utf8() {
            offsets.push(at as u32);
        }
        text.push(c);
        i += width;
    }
    offsets.push(all.len() as u32);
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding: if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        },
        input_len: all.len(),
        shift: 0,
        offsets: Some(offsets),
    })
}

fn unit_at(body: &[u8], i: usize, big_endian: bool) -> Option<u16> {
    let pair = [*body.get(i)?, *body.get(i + 1)?];
    Some(if big_endian {
        u16::from_be_bytes(pair)
    } else {
        u16::from_le_bytes(pair)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain_maps_identity() {
        let d = decode("Күшін жойған\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.orig(2), 2);
        assert_eq!(d.orig(d.text.len()), d.input_len);
    }

    #[test]
    fn utf8_bom_is_skipped_and_offsets_shift() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("Ескерту.".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert_eq!(d.text, "Ескерту.");
        assert_eq!(d.orig(0), 3);
    }

    #[test]
    fn utf16_le_and_be_decode_with_offsets() {
        let text = "1. Жалпы\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        let dle = decode(&le).unwrap();
        let dbe = decode(&be).unwrap();
        assert_eq!(dle.text, text);
        assert_eq!(dbe.text, text);
        // "1" at byte 2, "." at 4, " " at 6, "Ж" at 8 (two UTF-8 bytes).
        assert_eq!(dle.orig(0), 2);
        assert_eq!(dle.orig(3), 8);
        assert_eq!(dle.orig(4), 8);
        assert_eq!(dle.orig(5), 10);
        assert_eq!(dle.orig(dle.text.len()), le.len());
    }

    #[test]
    fn errors_name_the_byte_offset() {
        let err = |bytes: &[u8]| decode(bytes).err();
        assert_eq!(err(b""), Some(DecodeError::Empty));
        assert_eq!(err(UTF8_BOM), Some(DecodeError::Empty));
        assert_eq!(err(b"ab\0c"), Some(DecodeError::Binary { offset: 2 }));
        assert_eq!(
            err(b"\xffabc"),
            Some(DecodeError::InvalidUtf8 { offset: 0 })
        );
        assert_eq!(
            err("жол\u{0}".as_bytes()),
            Some(DecodeError::Binary { offset: 6 })
        );
        let mut last = "абв".as_bytes().to_vec();
        last.push(0xD0);
        assert_eq!(err(&last), Some(DecodeError::InvalidUtf8 { offset: 6 }));
        // A lone high surrogate.
        assert_eq!(
            err(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            Some(DecodeError::InvalidUtf16 { offset: 2 })
        );
        // An odd trailing byte.
        assert_eq!(
            err(&[0xFF, 0xFE, 0x41, 0x00, 0x41]),
            Some(DecodeError::InvalidUtf16 { offset: 4 })
        );
    }
}
