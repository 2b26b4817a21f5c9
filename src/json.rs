//! Documents out as JSON text: byte for byte what `serde_json::to_writer`
//! and `serde_json::to_writer_pretty` write, with a faster string escape.
//!
//! In comes any [`Serialize`] value (a [`Document`](crate::Document), a list
//! of them); out comes the JSON text serde_json would give for it: the same
//! layout (compact, or its `PrettyFormatter` with a two-space indent and
//! `"key": value`), the same escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
//! `\t`, `\u00XX` in lowercase hex for the other bytes below 0x20, every
//! other character as it is), the same numbers (integers by `itoa`, floats
//! by serde_json itself) and a failure where serde_json fails (a map key
//! that is not a string, a number or a bool).
//!
//! Why our own: serde_json looks every byte of every string up in a table,
//! one at a time, and that was about 8 % of the whole pipeline. A document
//! is mostly Cyrillic text (two bytes a letter) and field names, which
//! almost never need an escape, so here a string is scanned a word (eight
//! bytes) at a time, two words a step, and each clean run is copied in one
//! piece.
//!
//! Like serde_json, this writes to the writer as it goes, in small pieces (a
//! bracket, a key, a number): give it a `Vec<u8>` or a `BufWriter`, not a
//! bare file or socket.

use std::fmt::{self, Display};
use std::io;

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be written: the writer failed, or the value is
/// not JSON (a map key that is not a string, a number or a bool; a
/// `Serialize` implementation's own error).
#[derive(Debug)]
pub enum Error {
    /// The writer's error.
    Io(io::Error),
    /// What is wrong with the value, in serde_json's words where it has
    /// them.
    Message(String),
}

type Result<T, E = Error> = std::result::Result<T, E>;

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => e.fmt(f),
            Error::Message(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            Error::Message(_) => None,
        }
    }
}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::Message(message.to_string())
    }
}

/// So that a writer of documents can `?` this into its `io::Result`, as it
/// did serde_json's error: a value that is not JSON is invalid data.
impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        match e {
            Error::Io(e) => e,
            Error::Message(message) => io::Error::new(io::ErrorKind::InvalidData, message),
        }
    }
}

fn key_must_be_a_string() -> Error {
    Error::Message("key must be a string".to_owned())
}

fn float_key_must_be_finite() -> Error {
    Error::Message("float key must be finite (got NaN or +/-inf)".to_owned())
}

/// Writes `value` as compact JSON, as `serde_json::to_writer` does. Each
/// token is a separate write: buffer `writer` unless it is a `Vec<u8>`.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    value.serialize(&mut Serializer {
        out: Writer(writer),
        layout: Compact,
    })
}

/// Writes `value` as pretty JSON, as `serde_json::to_writer_pretty` does
/// (two-space indent, no line break at the end). Each token is a separate
/// write: buffer `writer` unless it is a `Vec<u8>`.
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    value.serialize(&mut Serializer {
        out: Writer(writer),
        layout: Pretty::default(),
    })
}

/// `value` as compact JSON, as `serde_json::to_string` gives it.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let mut serializer = Serializer {
        out: String::with_capacity(128),
        layout: Compact,
    };
    value.serialize(&mut serializer)?;
    Ok(serializer.out)
}

/// `value` as pretty JSON, as `serde_json::to_string_pretty` gives it.
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let mut serializer = Serializer {
        out: String::with_capacity(128),
        layout: Pretty::default(),
    };
    value.serialize(&mut serializer)?;
    Ok(serializer.out)
}

/// Where the text goes. Every piece is a whole `str` (a run of the input
/// cut at ASCII bytes, or ASCII punctuation and digits), so that a `String`
/// takes it without checking UTF-8 again.
trait Sink {
    fn put(&mut self, text: &str) -> Result<()>;
}

impl Sink for String {
    #[inline]
    fn put(&mut self, text: &str) -> Result<()> {
        self.push_str(text);
        Ok(())
    }
}

/// An `io::Write` as a [`Sink`].
struct Writer<W>(W);

impl<W: io::Write> Sink for Writer<W> {
    #[inline]
    fn put(&mut self, text: &str) -> Result<()> {
        self.0.write_all(text.as_bytes()).map_err(Error::Io)
    }
}

/// Where the line breaks and spaces go between the tokens: nowhere
/// ([`Compact`]) or where serde_json's `PrettyFormatter` puts them
/// ([`Pretty`]). Arrays and objects share the calls; `bracket` is which.
trait Layout {
    /// Between a key and its value.
    const COLON: &'static str;

    /// `[` or `{`.
    fn open<S: Sink>(&mut self, out: &mut S, bracket: &'static str) -> Result<()>;

    /// Before an element of an array or a key of an object.
    fn element<S: Sink>(&mut self, out: &mut S, first: bool) -> Result<()>;

    /// After an element of an array or a value of an object.
    fn done(&mut self);

    /// `]` or `}`.
    fn close<S: Sink>(&mut self, out: &mut S, bracket: &'static str) -> Result<()>;
}

/// No whitespace at all.
struct Compact;

impl Layout for Compact {
    const COLON: &'static str = ":";

    #[inline]
    fn open<S: Sink>(&mut self, out: &mut S, bracket: &'static str) -> Result<()> {
        out.put(bracket)
    }

    #[inline]
    fn element<S: Sink>(&mut self, out: &mut S, first: bool) -> Result<()> {
        if first {
            Ok(())
        } else {
            out.put(",")
        }
    }

    #[inline]
    fn done(&mut self) {}

    #[inline]
    fn close<S: Sink>(&mut self, out: &mut S, bracket: &'static str) -> Result<()> {
        out.put(bracket)
    }
}

/// serde_json's `PrettyFormatter`, state for state: `has_value` is whether
/// the innermost array or object just closed or being written had an
/// element, which decides whether its closing bracket goes on a line of its
/// own (`[]` and `{}` stay on one line).
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Layout for Pretty {
    const COLON: &'static str = ": ";

    #[inline]
    fn open<S: Sink>(&mut self, out: &mut S, bracket: &'static str) -> Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.put(bracket)
    }

    #[inline]
    fn element<S: Sink>(&mut self, out: &mut S, first: bool) -> Result<()> {
        if !first {
            out.put(",")?;
        }
        line_break(out, self.depth)
    }

    #[inline]
    fn done(&mut self) {
        self.has_value = true;
    }

    #[inline]
    fn close<S: Sink>(&mut self, out: &mut S, bracket: &'static str) -> Result<()> {
        self.depth -= 1;
        if self.has_value {
            line_break(out, self.depth)?;
        }
        out.put(bracket)
    }
}

/// A line break and 32 levels of indent: most lines are one slice of it.
const INDENT: &str = "\n                                                                ";
const _: () = assert!(INDENT.len() == 1 + 32 * 2);

/// A line break and `depth` levels of two-space indent.
#[inline]
fn line_break<S: Sink>(out: &mut S, depth: usize) -> Result<()> {
    let spaces = &INDENT[1..];
    let mut left = depth * 2;
    let now = left.min(spaces.len());
    out.put(&INDENT[..1 + now])?;
    left -= now;
    while left > 0 {
        let now = left.min(spaces.len());
        out.put(&spaces[..now])?;
        left -= now;
    }
    Ok(())
}

/// The escapes of the bytes below 0x20, as serde_json writes them.
const CONTROL: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b",
    "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012",
    "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a",
    "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];

/// Whether JSON must escape `byte`: a control character, a quote or a
/// backslash. Every other byte, 0x7F and all of UTF-8's multi-byte
/// characters included, goes out as it is.
#[inline]
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Each byte of a `u64` set to 1.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// Each byte's high bit.
const HIGH: u64 = ONES * 0x80;

/// The high bit set of each byte of `word` that [`needs_escape`], and of no
/// other. Exact byte by byte (nothing carries from one byte into the next),
/// so that a word read over bytes already looked at can have their flags
/// masked off.
#[inline]
fn escape_flags(word: u64) -> u64 {
    // The low seven bits of each byte: adding up to 0x7F to them cannot
    // carry into the next byte.
    let low = word & !HIGH;
    // The high bit comes on for 0x20 and up.
    let not_control = low + ONES * 0x60;
    // `^ c` makes a byte equal to `c` zero, the one that 0x7F does not
    // carry out of (`c` is ASCII, so it leaves the high bit alone).
    let not_quote = (low ^ (ONES * u64::from(b'"'))) + ONES * 0x7F;
    let not_backslash = (low ^ (ONES * u64::from(b'\\'))) + ONES * 0x7F;
    // A byte with the high bit of its own (0x80 and up, UTF-8's multi-byte
    // characters) is never escaped.
    !((not_control & not_quote & not_backslash) | word) & HIGH
}

/// The eight bytes from `at` as one little-endian word (its first byte is
/// the lowest).
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Where in a word the lowest flag of [`escape_flags`] is.
#[inline]
fn lane(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

/// Where the first byte from `from` on that [`needs_escape`] is: sixteen
/// bytes (two words) a step, then a word, then the last bytes as one word
/// ending at the end of `bytes`.
#[inline]
fn find_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let len = bytes.len();
    let mut at = from;
    while at + 16 <= len {
        let first = escape_flags(word_at(bytes, at));
        let second = escape_flags(word_at(bytes, at + 8));
        if first | second != 0 {
            return Some(if first != 0 {
                at + lane(first)
            } else {
                at + 8 + lane(second)
            });
        }
        at += 16;
    }
    if at + 8 <= len {
        let flags = escape_flags(word_at(bytes, at));
        if flags != 0 {
            return Some(at + lane(flags));
        }
        at += 8;
    }
    if at == len {
        return None;
    }
    if len >= 8 {
        // The last word overlaps bytes before `at`, already looked at (or
        // the escape just written): their flags are masked off.
        let start = len - 8;
        let flags = escape_flags(word_at(bytes, start)) & (u64::MAX << ((at - start) * 8));
        return (flags != 0).then(|| start + lane(flags));
    }
    // Shorter than a word: most field names and enum values. From four
    // bytes on, the first four and the last four (overlapping) are looked at
    // as one word, and only one that needs an escape is read byte by byte.
    let rest = &bytes[at..];
    if let [a, b, c, d, ..] = *rest {
        let [w, x, y, z] = *rest.last_chunk::<4>()?;
        if escape_flags(u64::from_le_bytes([a, b, c, d, w, x, y, z])) == 0 {
            return None;
        }
    }
    rest.iter().position(|&b| needs_escape(b)).map(|i| at + i)
}

/// `text` escaped, without the quotes: each clean run in one piece.
#[inline]
fn write_escaped<S: Sink>(out: &mut S, text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut clean = 0;
    while let Some(at) = find_escape(bytes, clean) {
        if clean < at {
            // Cut at ASCII bytes, so at character boundaries.
            out.put(&text[clean..at])?;
        }
        out.put(match bytes[at] {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            control => CONTROL[usize::from(control)],
        })?;
        clean = at + 1;
    }
    if clean < bytes.len() {
        out.put(&text[clean..])?;
    }
    Ok(())
}

/// A float as serde_json writes it, from serde_json itself (its digits are
/// its own algorithm's; non-finite is `null`).
fn write_float<S: Sink, F: Serialize>(out: &mut S, value: F) -> Result<()> {
    // The longest is 24 bytes: `-2.2250738585072014e-308`.
    const ROOM: usize = 40;
    let mut digits = [0u8; ROOM];
    let mut free = &mut digits[..];
    serde_json::to_writer(&mut free, &value).map_err(|e| Error::Message(e.to_string()))?;
    let len = ROOM - free.len();
    let text = std::str::from_utf8(&digits[..len]).map_err(|e| Error::Message(e.to_string()))?;
    out.put(text)
}

/// The ten integer methods of a `Serializer`, each handing its value to the
/// serializer's own `integer` (a value, or a map key in quotes).
macro_rules! integers_by_itoa {
    () => {
        integers_by_itoa!(
            serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_i128: i128, serialize_u8: u8,
            serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
            serialize_u128: u128
        );
    };
    ($($method:ident: $ty:ty),*) => {
        $(
            fn $method(self, value: $ty) -> Result<()> {
                self.integer(value)
            }
        )*
    };
}

/// The serializer: where the text goes and how it is laid out.
struct Serializer<S, L> {
    out: S,
    layout: L,
}

impl<S: Sink, L: Layout> Serializer<S, L> {
    #[inline]
    fn string(&mut self, text: &str) -> Result<()> {
        self.out.put("\"")?;
        write_escaped(&mut self.out, text)?;
        self.out.put("\"")
    }

    #[inline]
    fn integer<I: itoa::Integer>(&mut self, value: I) -> Result<()> {
        self.out.put(itoa::Buffer::new().format(value))
    }

    /// `{"variant":`, the start of an enum value with content.
    fn open_variant(&mut self, variant: &str) -> Result<()> {
        self.layout.open(&mut self.out, "{")?;
        self.layout.element(&mut self.out, true)?;
        self.string(variant)?;
        self.out.put(L::COLON)
    }

    /// The `}` of [`Self::open_variant`].
    fn close_variant(&mut self) -> Result<()> {
        self.layout.done();
        self.layout.close(&mut self.out, "}")
    }

    fn open_seq(&mut self, len: Option<usize>) -> Result<State> {
        self.layout.open(&mut self.out, "[")?;
        if len == Some(0) {
            self.layout.close(&mut self.out, "]")?;
            Ok(State::Empty)
        } else {
            Ok(State::First)
        }
    }

    fn open_map(&mut self, len: Option<usize>) -> Result<State> {
        self.layout.open(&mut self.out, "{")?;
        if len == Some(0) {
            self.layout.close(&mut self.out, "}")?;
            Ok(State::Empty)
        } else {
            Ok(State::First)
        }
    }
}

/// How far an array or an object is, as serde_json counts: closed already
/// (its length was 0, so `[]`/`{}` went out at once), before its first
/// element, or after one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An array or an object being written.
struct Compound<'a, S, L> {
    ser: &'a mut Serializer<S, L>,
    state: State,
}

impl<S: Sink, L: Layout> Compound<'_, S, L> {
    #[inline]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let ser = &mut *self.ser;
        ser.layout
            .element(&mut ser.out, self.state == State::First)?;
        self.state = State::Rest;
        value.serialize(&mut *ser)?;
        ser.layout.done();
        Ok(())
    }

    #[inline]
    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        let ser = &mut *self.ser;
        ser.layout
            .element(&mut ser.out, self.state == State::First)?;
        self.state = State::Rest;
        ser.string(key)?;
        ser.out.put(L::COLON)?;
        value.serialize(&mut *ser)?;
        ser.layout.done();
        Ok(())
    }

    fn close(&mut self, bracket: &'static str) -> Result<()> {
        if self.state == State::Empty {
            return Ok(());
        }
        self.ser.layout.close(&mut self.ser.out, bracket)
    }
}

impl<'a, S: Sink, L: Layout> ser::Serializer for &'a mut Serializer<S, L> {
    type Ok = ();
    type Error = Error;

    type SerializeSeq = Compound<'a, S, L>;
    type SerializeTuple = Compound<'a, S, L>;
    type SerializeTupleStruct = Compound<'a, S, L>;
    type SerializeTupleVariant = Compound<'a, S, L>;
    type SerializeMap = Compound<'a, S, L>;
    type SerializeStruct = Compound<'a, S, L>;
    type SerializeStructVariant = Compound<'a, S, L>;

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.out.put(if value { "true" } else { "false" })
    }

    integers_by_itoa!();

    fn serialize_f32(self, value: f32) -> Result<()> {
        write_float(&mut self.out, value)
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        write_float(&mut self.out, value)
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.string(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<()> {
        self.string(value)
    }

    /// An array of numbers, as serde_json writes bytes.
    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        self.layout.open(&mut self.out, "[")?;
        for (i, &byte) in value.iter().enumerate() {
            self.layout.element(&mut self.out, i == 0)?;
            self.integer(byte)?;
            self.layout.done();
        }
        self.layout.close(&mut self.out, "]")
    }

    fn serialize_none(self) -> Result<()> {
        self.out.put("null")
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.put("null")
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.out.put("null")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant()
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        let state = self.open_seq(len)?;
        Ok(Compound { ser: self, state })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.open_variant(variant)?;
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        let state = self.open_map(len)?;
        Ok(Compound { ser: self, state })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.open_variant(variant)?;
        self.serialize_map(Some(len))
    }

    /// The `Display` text escaped as it comes, without a `String` between.
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        struct Escaping<'s, S> {
            out: &'s mut S,
            error: Option<Error>,
        }

        impl<S: Sink> fmt::Write for Escaping<'_, S> {
            fn write_str(&mut self, text: &str) -> fmt::Result {
                write_escaped(self.out, text).map_err(|e| {
                    self.error = Some(e);
                    fmt::Error
                })
            }
        }

        self.out.put("\"")?;
        let mut escaping = Escaping {
            out: &mut self.out,
            error: None,
        };
        if fmt::write(&mut escaping, format_args!("{value}")).is_err() {
            // serde_json panics on a `Display` that fails by itself; an
            // error is kinder.
            return Err(escaping.error.unwrap_or_else(|| {
                Error::Message("a Display implementation returned an error".to_owned())
            }));
        }
        self.out.put("\"")
    }
}

impl<S: Sink, L: Layout> ser::SerializeSeq for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(mut self) -> Result<()> {
        self.close("]")
    }
}

impl<S: Sink, L: Layout> ser::SerializeTuple for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(mut self) -> Result<()> {
        self.close("]")
    }
}

impl<S: Sink, L: Layout> ser::SerializeTupleStruct for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(mut self) -> Result<()> {
        self.close("]")
    }
}

impl<S: Sink, L: Layout> ser::SerializeTupleVariant for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(mut self) -> Result<()> {
        self.close("]")?;
        self.ser.close_variant()
    }
}

impl<S: Sink, L: Layout> ser::SerializeMap for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        let ser = &mut *self.ser;
        ser.layout
            .element(&mut ser.out, self.state == State::First)?;
        self.state = State::Rest;
        key.serialize(MapKey { ser })
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let ser = &mut *self.ser;
        ser.out.put(L::COLON)?;
        value.serialize(&mut *ser)?;
        ser.layout.done();
        Ok(())
    }

    fn end(mut self) -> Result<()> {
        self.close("}")
    }
}

impl<S: Sink, L: Layout> ser::SerializeStruct for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }

    fn end(mut self) -> Result<()> {
        self.close("}")
    }
}

impl<S: Sink, L: Layout> ser::SerializeStructVariant for Compound<'_, S, L> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }

    fn end(mut self) -> Result<()> {
        self.close("}")?;
        self.ser.close_variant()
    }
}

/// A map key: JSON's are strings, so numbers and bools go in quotes and
/// anything else fails, as serde_json's `MapKeySerializer` does.
struct MapKey<'a, S, L> {
    ser: &'a mut Serializer<S, L>,
}

impl<S: Sink, L: Layout> MapKey<'_, S, L> {
    fn quoted(self, write: impl FnOnce(&mut S) -> Result<()>) -> Result<()> {
        let out = &mut self.ser.out;
        out.put("\"")?;
        write(out)?;
        out.put("\"")
    }

    fn integer<I: itoa::Integer>(self, value: I) -> Result<()> {
        self.quoted(|out| out.put(itoa::Buffer::new().format(value)))
    }
}

impl<S: Sink, L: Layout> ser::Serializer for MapKey<'_, S, L> {
    type Ok = ();
    type Error = Error;

    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.quoted(|out| out.put(if value { "true" } else { "false" }))
    }

    integers_by_itoa!();

    fn serialize_f32(self, value: f32) -> Result<()> {
        if !value.is_finite() {
            return Err(float_key_must_be_finite());
        }
        self.quoted(|out| write_float(out, value))
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        if !value.is_finite() {
            return Err(float_key_must_be_finite());
        }
        self.quoted(|out| write_float(out, value))
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.ser.string(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<()> {
        self.ser.string(value)
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.ser.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }

    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Result<()> {
        ser::Serializer::collect_str(self.ser, value)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::ser::SerializeMap;
    use serde::Serialize;

    use super::*;

    /// Ours and serde_json's output of `value`, compact and pretty, through
    /// both the `String` and the writer paths.
    fn assert_same<T: ?Sized + Serialize + std::fmt::Debug>(value: &T) {
        let compact = serde_json::to_string(value).unwrap();
        let pretty = serde_json::to_string_pretty(value).unwrap();
        assert_eq!(to_string(value).unwrap(), compact, "compact: {value:?}");
        assert_eq!(
            to_string_pretty(value).unwrap(),
            pretty,
            "pretty: {value:?}"
        );
        let mut written = Vec::new();
        to_writer(&mut written, value).unwrap();
        assert_eq!(written, compact.as_bytes(), "to_writer: {value:?}");
        let mut written = Vec::new();
        to_writer_pretty(&mut written, value).unwrap();
        assert_eq!(written, pretty.as_bytes(), "to_writer_pretty: {value:?}");
    }

    #[test]
    fn every_ascii_byte_alone() {
        for byte in 0..0x80u8 {
            assert_same(&char::from(byte).to_string());
        }
    }

    /// Each ASCII byte at every place of the eight-byte window and of the
    /// tail, between ASCII letters and between Cyrillic ones (whose bytes
    /// have the high bit set, which the scan must not mistake for
    /// anything).
    #[test]
    fn every_ascii_byte_at_every_offset() {
        let latin = "abcdefghijklmnopqrstuvwxyz";
        let cyrillic = "қазақстанреспубликасыныңзаңы";
        for byte in 0..0x80u8 {
            let byte = char::from(byte);
            for before in 0..17 {
                for after in 0..10 {
                    let text: String = latin[..before]
                        .chars()
                        .chain([byte])
                        .chain(latin[..after].chars())
                        .collect();
                    assert_same(&text);
                    // `before` Cyrillic letters, so the byte is at an even
                    // offset; after one Latin letter more, at an odd one.
                    for lead in ["", "a"] {
                        let text: String = lead
                            .chars()
                            .chain(cyrillic.chars().take(before))
                            .chain([byte])
                            .chain(cyrillic.chars().take(after))
                            .collect();
                        assert_same(&text);
                    }
                }
            }
        }
    }

    #[test]
    fn escapes_next_to_each_other_and_at_the_ends() {
        for text in [
            "\"\"",
            "\\\\\\",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}",
            "\"ережелер\"",
            "«Рұқсат беру»\n\"Рұқсат беру\"\\",
            "12345678\"12345678\\",
            "1234567\n",
            "\u{1f}\u{20}\u{21}\u{22}\u{5b}\u{5c}\u{5d}\u{7f}",
        ] {
            assert_same(text);
        }
    }

    #[test]
    fn non_ascii_goes_out_as_it_is() {
        for text in [
            "Мемлекеттік қызметті әкімдік көрсетеді.",
            "\u{7f}\u{80}\u{a0}\u{ff}",
            "\u{2028}\u{2029}\u{feff}\u{200f}",
            "€ ₸ № «»",
            "𝄞😀🇰🇿 — four-byte characters",
            "\u{10ffff}",
        ] {
            assert_same(text);
            assert_eq!(to_string(text).unwrap(), format!("\"{text}\""));
        }
    }

    #[test]
    fn empty_string() {
        assert_same("");
        assert_eq!(to_string("").unwrap(), "\"\"");
    }

    /// Every byte value in every lane of a word, among neighbours of every
    /// kind (controls among them, whose borrows a subtraction would carry
    /// into the next byte): each flag is that byte's own.
    #[test]
    fn escape_flags_are_exact_in_every_lane() {
        for byte in 0..=u8::MAX {
            for lane in 0..8 {
                for neighbour in [0x00, 0x1f, 0x20, b'"', b'\\', b'a', 0x7f, 0x80, 0xff] {
                    let mut word = [neighbour; 8];
                    word[lane] = byte;
                    let flags = escape_flags(u64::from_le_bytes(word));
                    for (i, &b) in word.iter().enumerate() {
                        assert_eq!(
                            flags >> (i * 8 + 7) & 1 == 1,
                            needs_escape(b),
                            "{word:02x?}, lane {i}"
                        );
                    }
                    assert_eq!(flags & !HIGH, 0);
                }
            }
        }
    }

    #[test]
    fn the_scan_finds_the_first_escape_from_where_it_starts() {
        assert_eq!(find_escape(b"ab\x00\x21cdefgh", 0), Some(2));
        assert_eq!(find_escape(b"ab\x00\x21cdefgh", 3), None);
        assert_eq!(find_escape(b"abcdefgh\"", 0), Some(8));
        // The last word overlaps the escape at 7, which must not count.
        assert_eq!(find_escape(b"0123456\n89", 8), None);
        assert_eq!(find_escape(b"0123456\n8\\", 8), Some(9));
        assert_eq!(find_escape(b"0123456789abcdef\n", 0), Some(16));
        assert_eq!(find_escape(b"0123456789abcde\n", 0), Some(15));
        assert_eq!(find_escape(b"\xd2\x9b\xd0\xb0\xd0\xb7\x7f\xa0", 0), None);
        assert_eq!(find_escape(b"", 0), None);
        assert_eq!(find_escape(b"kind", 0), None);
        assert_eq!(find_escape(b"ki\"d", 0), Some(2));
    }

    #[derive(Serialize, Debug)]
    struct Unit;

    #[derive(Serialize, Debug)]
    struct Newtype(u32);

    #[derive(Serialize, Debug)]
    struct Pair(i8, &'static str);

    #[derive(Serialize, Debug)]
    struct Empty {}

    #[derive(Serialize, Debug)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Plain,
        Wrapped(String),
        Tuple(u8, Option<bool>),
        NoFields(),
        Fields { name: &'static str, items: Vec<u16> },
        NoNamedFields {},
    }

    #[derive(Serialize, Debug)]
    struct Everything {
        flag: bool,
        small: i8,
        negative: i64,
        big: u64,
        huge: u128,
        least: i128,
        ratio: f64,
        single: f32,
        not_a_number: f64,
        infinite: f32,
        letter: char,
        quote: char,
        text: String,
        nothing: Option<u8>,
        something: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        unit: (),
        unit_struct: Unit,
        newtype: Newtype,
        pair: Pair,
        tuple: (u8, &'static str, ()),
        empty: Empty,
        empty_vec: Vec<u8>,
        nested_empty: Vec<Vec<u8>>,
        shapes: Vec<Shape>,
        by_name: BTreeMap<String, Vec<Shape>>,
        by_number: BTreeMap<i32, u8>,
        by_flag: BTreeMap<bool, ()>,
        by_letter: BTreeMap<char, Empty>,
        empty_map: BTreeMap<String, u8>,
        bytes: Bytes,
        no_bytes: Bytes,
        displayed: Displayed,
    }

    /// Bytes as bytes (not a sequence of `u8`).
    #[derive(Debug)]
    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    /// A value written through `collect_str`, in several pieces.
    #[derive(Debug)]
    struct Displayed;

    impl Display for Displayed {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // Arguments, not literals, so that `fmt` writes it in pieces.
            let (number, words, backslash) = (5, "жаңа\tредакция", '\\');
            write!(f, "{number}-тармақ \"{words}\"\n{backslash}")
        }
    }

    impl Serialize for Displayed {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    fn everything() -> Everything {
        let shapes = || {
            vec![
                Shape::Plain,
                Shape::Wrapped("ішінде \"15\" минут".to_owned()),
                Shape::Tuple(7, None),
                Shape::Tuple(0, Some(true)),
                Shape::NoFields(),
                Shape::Fields {
                    name: "қадам",
                    items: vec![1, 2, 65535],
                },
                Shape::Fields {
                    name: "",
                    items: vec![],
                },
                Shape::NoNamedFields {},
            ]
        };
        Everything {
            flag: true,
            small: -128,
            negative: i64::MIN,
            big: u64::MAX,
            huge: u128::MAX,
            least: i128::MIN,
            ratio: 0.1 + 0.2,
            single: 1.5e-7,
            not_a_number: f64::NAN,
            infinite: f32::NEG_INFINITY,
            letter: 'қ',
            quote: '"',
            text: "бірінші\nекінші\r\n\u{0}".to_owned(),
            nothing: None,
            something: Some("бар"),
            skipped: None,
            unit: (),
            unit_struct: Unit,
            newtype: Newtype(42),
            pair: Pair(-1, "x"),
            tuple: (3, "\\", ()),
            empty: Empty {},
            empty_vec: vec![],
            nested_empty: vec![vec![], vec![1], vec![]],
            shapes: shapes(),
            by_name: BTreeMap::from([
                ("".to_owned(), vec![]),
                ("a\"b".to_owned(), shapes()),
                ("тармақ".to_owned(), vec![Shape::Plain]),
            ]),
            by_number: BTreeMap::from([(-5, 1), (0, 2), (i32::MAX, 3)]),
            by_flag: BTreeMap::from([(false, ()), (true, ())]),
            by_letter: BTreeMap::from([('\n', Empty {}), ('ә', Empty {})]),
            empty_map: BTreeMap::new(),
            bytes: Bytes(b"\x00\x7f\xff"),
            no_bytes: Bytes(b""),
            displayed: Displayed,
        }
    }

    #[test]
    fn every_shape_of_value_matches_serde_json() {
        let value = everything();
        assert_same(&value);
        assert_same(&[&value, &value]);
        assert_same(&everything().shapes);
        assert_same(&Vec::<Everything>::new());
        for shape in everything().shapes {
            assert_same(&shape);
        }
        assert_same(&Unit);
        assert_same(&Newtype(0));
        assert_same(&Some(Some(1u8)));
        assert_same(&None::<u8>);
        assert_same(&[0.0f64, -0.0, 1.0, 1e300, 5e-324, f64::MAX, f64::INFINITY]);
        assert_same(&[f32::MIN_POSITIVE, f32::MAX, 16_777_216.0]);
    }

    #[test]
    fn deep_nesting_is_indented_past_the_prepared_spaces() {
        let mut value = serde_json::json!([]);
        for depth in 0..80 {
            value = serde_json::json!({ "level": depth, "inner": [value] });
        }
        assert_same(&value);
    }

    /// A map with one key of whatever kind, to reach the key serializer
    /// with values a `BTreeMap` cannot hold.
    struct OneKey<K>(K);

    impl<K: Serialize> Serialize for OneKey<K> {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry(&self.0, &1)?;
            map.end()
        }
    }

    impl<K: Serialize> std::fmt::Debug for OneKey<K> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("OneKey")
        }
    }

    #[test]
    fn number_and_text_keys_are_quoted_as_in_serde_json() {
        assert_same(&OneKey(1.5f64));
        assert_same(&OneKey(-0.25f32));
        assert_same(&OneKey(u128::MAX));
        assert_same(&OneKey(i8::MIN));
        assert_same(&OneKey(Some("ключ")));
        assert_same(&OneKey(Newtype(3)));
        assert_same(&OneKey(Shape::Plain));
        assert_same(&OneKey('"'));
        assert_same(&OneKey(Displayed));
    }

    #[test]
    fn other_keys_fail_as_in_serde_json() {
        fn assert_fails<K: Serialize>(key: K) {
            let theirs = serde_json::to_string(&OneKey(&key))
                .unwrap_err()
                .to_string();
            let ours = to_string(&OneKey(&key)).unwrap_err().to_string();
            assert_eq!(ours, theirs);
            let ours = to_writer_pretty(Vec::new(), &OneKey(&key)).unwrap_err();
            assert_eq!(ours.to_string(), theirs);
        }
        assert_fails(());
        assert_fails(None::<u8>);
        assert_fails(Unit);
        assert_fails(vec![1]);
        assert_fails((1, 2));
        assert_fails(Pair(1, "a"));
        assert_fails(Empty {});
        assert_fails(BTreeMap::from([("a", 1)]));
        assert_fails(Bytes(b"a"));
        assert_fails(Shape::Wrapped("a".to_owned()));
        assert_fails(Shape::Tuple(1, None));
        assert_fails(Shape::NoNamedFields {});
        assert_fails(f64::NAN);
        assert_fails(f32::INFINITY);
    }

    #[test]
    fn a_failing_writer_is_an_io_error() {
        struct Full;
        impl io::Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let error = to_writer(Full, &everything()).unwrap_err();
        assert!(matches!(&error, Error::Io(e) if e.kind() == io::ErrorKind::StorageFull));
        assert_eq!(io::Error::from(error).kind(), io::ErrorKind::StorageFull);
        let error = to_writer(Full, &Displayed).unwrap_err();
        assert!(matches!(error, Error::Io(_)));
    }

    /// Characters the escape cares about, more often than `any::<char>()`
    /// gives them: controls, quotes, backslashes, DEL, Cyrillic, emoji.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            (0u8..0x20).prop_map(char::from),
            Just('"'),
            Just('\\'),
            Just('\u{7f}'),
            Just('/'),
            proptest::char::range('а', 'я'),
            Just('қ'),
            Just('😀'),
            any::<char>(),
            proptest::char::range(' ', '~'),
        ]
    }

    fn tricky_string() -> impl Strategy<Value = String> {
        proptest::collection::vec(tricky_char(), 0..40).prop_map(String::from_iter)
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            tricky_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((tricky_string(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_string_matches_serde_json(text in any::<String>()) {
            prop_assert_eq!(to_string(&text).unwrap(), serde_json::to_string(&text).unwrap());
            prop_assert_eq!(
                to_string_pretty(&text).unwrap(),
                serde_json::to_string_pretty(&text).unwrap()
            );
        }

        #[test]
        fn strings_full_of_escapes_match_serde_json(text in tricky_string()) {
            prop_assert_eq!(to_string(&text).unwrap(), serde_json::to_string(&text).unwrap());
            let mut ours = Vec::new();
            to_writer(&mut ours, &text).unwrap();
            prop_assert_eq!(ours, serde_json::to_vec(&text).unwrap());
        }

        #[test]
        fn any_json_value_matches_serde_json(value in json_value()) {
            prop_assert_eq!(to_string(&value).unwrap(), serde_json::to_string(&value).unwrap());
            prop_assert_eq!(
                to_string_pretty(&value).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
            let mut ours = Vec::new();
            to_writer_pretty(&mut ours, &value).unwrap();
            prop_assert_eq!(ours, serde_json::to_vec_pretty(&value).unwrap());
        }
    }
}
