//! Names and documentation for the generated files: Rust names of shapes, members and enum
//! values, and the model's HTML documentation as rustdoc.

use std::fmt::Write as _;

/// The Rust name of a shape (`__EndpointTypesElement` → `EndpointTypesElement`).
pub(crate) fn type_name(shape: &str) -> String {
    shape.trim_start_matches('_').to_string()
}

/// `APNSMessage` → `apns_message`, `Type` → `r#type`.
pub(crate) fn field_name(member: &str) -> String {
    let cs: Vec<char> = member.chars().collect();
    let mut out = String::new();
    for (i, &c) in cs.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = cs[i - 1];
            let next_lower = cs.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    match out.as_str() {
        "type" | "match" | "ref" | "mod" | "use" | "in" | "loop" | "box" => format!("r#{out}"),
        _ => out,
    }
}

/// `APNS_VOIP_SANDBOX` → `ApnsVoipSandbox`.
pub(crate) fn variant_name(value: &str) -> String {
    value
        .split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().unwrap().to_ascii_uppercase();
            std::iter::once(first)
                .chain(cs.map(|c| c.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect()
}

/// The model's HTML documentation as plain text.
pub(crate) fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // Brackets and angle brackets would read as links and HTML in rustdoc.
    let out = out
        .replace('[', "(")
        .replace(']', ")")
        .replace('<', "‹")
        .replace('>', "›");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes `text` as rustdoc lines of at most 100 columns, indented by `indent`.
pub(crate) fn doc(out: &mut String, indent: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    let width = 96 - indent.len();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            writeln!(out, "{indent}/// {line}").unwrap();
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{indent}/// {line}").unwrap();
    }
}
