//! Request bodies for the differential tests of the one pass ([`super::one_tests`]): generated
//! from the model's shapes with deviations (members dropped, wrong types, values outside an enum,
//! long strings, unknown members, duplicate keys, nested junk), then sometimes broken as bytes
//! (cut short, trailing garbage, invalid UTF-8); and the hostile tables' body syntax.

use crate::protocol::shapes::{Kind, ShapeId, TimestampFormat, SHAPES};

/// A small deterministic generator (xorshift64*), seeded by proptest.
pub(super) struct Gen(u64);

const JUNK: &[&str] = &[
    "null",
    "7",
    "-1",
    "2.5",
    "1e3",
    "true",
    "\"x\"",
    "\"NOPE\"",
    "[]",
    "{}",
    "[1,{\"a\":null}]",
    "\"\\u00e9\\n\"",
    "{\"Id\":[\"x\"],\"ChannelType\":3}",
    "[[[[{\"a\":[{}]}]]]]",
];

const STRINGS: &[&str] = &[
    "\"a\"",
    "\"ana@example.com\"",
    "\"q\\\"\\u0041\\/\"",
    "\"\"",
    "\"2024-01-01T00:00:00Z\"",
    "\"+12065550100\"",
    "\"e1\"",
];

const GARBAGE: &[&[u8]] = &[b" x", b"{}", b",", b"]", b"\xff", b" \n", b"null"];

impl Gen {
    pub(super) fn new(seed: u64) -> Self {
        Gen(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }

    /// A body of shape `root`, sometimes broken as bytes.
    pub(super) fn body(&mut self, root: ShapeId) -> Vec<u8> {
        let mut out = String::new();
        self.value(root, 0, &mut out);
        let mut bytes = out.into_bytes();
        let at = self.below(bytes.len() + 1);
        match self.below(16) {
            0 => bytes.truncate(at),
            1 => bytes.extend_from_slice(self.pick(GARBAGE)),
            2 => bytes.insert(at, 0xff),
            3 if at < bytes.len() => bytes[at] = self.pick(b"{}[]\",:0 a\\\x01"),
            _ => {}
        }
        bytes
    }

    fn value(&mut self, shape: ShapeId, depth: usize, out: &mut String) {
        if depth > 8 || self.chance(6) {
            if self.chance(10) {
                out.push('"');
                out.push_str(&"a".repeat(300 + self.below(3000)));
                out.push('"');
            } else {
                out.push_str(self.pick(JUNK));
            }
            return;
        }
        match SHAPES[usize::from(shape)].kind {
            Kind::String | Kind::Blob => out.push_str(self.pick(STRINGS)),
            Kind::Timestamp(TimestampFormat::Iso8601) => out.push_str("\"2024-05-01T10:00:00Z\""),
            Kind::Timestamp(TimestampFormat::Unix) => out.push_str("1714557600"),
            Kind::Enum(values) => {
                out.push('"');
                out.push_str(self.pick(values));
                out.push('"');
            }
            Kind::Boolean => out.push_str(self.pick(&["true", "false"])),
            Kind::Integer | Kind::Long => {
                out.push_str(self.pick(&["0", "5", "-3", "1.0", "100000"]))
            }
            Kind::Double => out.push_str(self.pick(&["1.5", "0", "-2", "1e2"])),
            Kind::Structure(members) => {
                out.push('{');
                let mut first = true;
                for m in members {
                    let keep = if m.required { 92 } else { 45 };
                    let times = if self.chance(keep) {
                        1 + usize::from(self.chance(3))
                    } else {
                        0
                    };
                    for _ in 0..times {
                        self.comma(&mut first, out);
                        out.push_str(&format!("\"{}\":", m.name));
                        self.value(m.shape, depth + 1, out);
                    }
                    if self.chance(3) {
                        self.comma(&mut first, out);
                        out.push_str("\"Zz\":");
                        out.push_str(self.pick(JUNK));
                    }
                }
                out.push('}');
            }
            Kind::List(item) => {
                out.push('[');
                for i in 0..self.below(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    self.value(item, depth + 1, out);
                }
                out.push(']');
            }
            Kind::Map(key, value) => {
                out.push('{');
                for i in 0..self.below(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    match SHAPES[usize::from(key)].kind {
                        Kind::Enum(values) if !self.chance(5) => {
                            out.push_str(&format!("\"{}\"", self.pick(values)));
                        }
                        _ => out.push_str(self.pick(&[
                            "\"k\"",
                            "\"plan\"",
                            "\"a b\"",
                            "\"\\u00e9\"",
                        ])),
                    }
                    out.push(':');
                    self.value(value, depth + 1, out);
                }
                out.push('}');
            }
        }
    }

    fn comma(&mut self, first: &mut bool, out: &mut String) {
        if !std::mem::take(first) {
            out.push(',');
        }
    }
}

/// A PutEvents body: one endpoint and `n` events.
pub(super) fn events_body(n: usize) -> String {
    let events: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#""ev{i}":{{"EventType":"purchase","Timestamp":"2024-05-01T10:00:00Z","Attributes":{{"sku":"s{i}","plan":"pro"}},"Metrics":{{"price":9.99,"qty":{i}}},"Session":{{"Id":"s1","StartTimestamp":"2024-05-01T09:59:00Z"}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{{"ChannelType":"EMAIL","Address":"ana@example.com","Attributes":{{"plan":["pro"]}},"User":{{"UserId":"ana"}}}},"Events":{{{}}}}}}}}}"#,
        events.join(",")
    )
}

/// The hostile tables' body syntax: `$(N*text)` is `text` N times, `$(N,text)` N copies joined
/// by commas with `#` the copy's index, `\xNN` the byte NN.
pub(super) fn expand(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix("$(") {
            let digits = tail.find(|c: char| !c.is_ascii_digit()).unwrap();
            let n: usize = tail[..digits].parse().unwrap();
            let joined = &tail[digits..digits + 1] == ",";
            let body = &tail[digits + 1..];
            let (mut depth, mut end) = (0, 0);
            for (i, c) in body.char_indices() {
                match c {
                    '(' if body[..i].ends_with('$') => depth += 1,
                    ')' if depth == 0 => {
                        end = i;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            for i in 0..n {
                if joined && i > 0 {
                    out.push(b',');
                }
                let copy = if joined {
                    body[..end].replace('#', &i.to_string())
                } else {
                    body[..end].to_string()
                };
                out.extend(expand(&copy));
            }
            rest = &body[end + 1..];
        } else if let Some(hex) = rest
            .strip_prefix("\\x")
            .filter(|h| h.len() >= 2 && u8::from_str_radix(&h[..2], 16).is_ok())
        {
            out.push(u8::from_str_radix(&hex[..2], 16).unwrap());
            rest = &hex[2..];
        } else {
            let c = rest.chars().next().unwrap();
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}
