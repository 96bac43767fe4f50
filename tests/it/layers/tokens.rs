//! A small tokenizer for Rust sources, enough to find paths: identifiers, `::` and punctuation,
//! with comments, literals and lifetimes left out (a string that is only a path, such as serde's
//! `with = "crate::x"`, counts as that path).

#[derive(Clone, PartialEq, Debug)]
pub enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

/// Identifiers and punctuation; comments, literals and lifetimes are left out.
pub fn tokens(src: &str) -> Vec<Tok> {
    let c: Vec<char> = src.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    let ident = |ch: char| ch == '_' || ch.is_alphanumeric();
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied().unwrap_or(' ');
        if ch == '/' && next == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == '*' {
            let (mut depth, mut j) = (1, i + 2);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 1;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            i = j;
        } else if ch == '"' {
            let end = skip_string(&c, i + 1);
            let inner: String = c[i + 1..(end - 1).min(c.len())].iter().collect();
            out.extend(path_in_string(&inner));
            i = end;
        } else if (ch == 'r' || (ch == 'b' && next == 'r')) && raw_string_at(&c, i).is_some() {
            let (hashes, start) = raw_string_at(&c, i).unwrap();
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut j = start;
            while j < c.len() && !c[j..].starts_with(&close) {
                j += 1;
            }
            i = j + close.len();
        } else if ch == 'b' && next == '"' {
            i = skip_string(&c, i + 2);
        } else if ch == '\'' || (ch == 'b' && next == '\'') {
            let j = if ch == 'b' { i + 1 } else { i };
            if c.get(j + 1) == Some(&'\\') {
                // An escaped char literal: up to the closing quote.
                let mut k = j + 3;
                while k < c.len() && c[k] != '\'' {
                    k += 1;
                }
                i = k + 1;
            } else if c.get(j + 2) == Some(&'\'') {
                i = j + 3;
            } else {
                // A lifetime or label: the quote and its name.
                i = j + 1;
                while i < c.len() && ident(c[i]) {
                    i += 1;
                }
            }
        } else if ident(ch) {
            let start = i;
            while i < c.len() && ident(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            // `r#type` is the identifier `type`.
            if word == "r" && c.get(i) == Some(&'#') && c.get(i + 1).is_some_and(|&d| ident(d)) {
                continue;
            }
            if !ch.is_ascii_digit() {
                out.push(Tok::Ident(word));
            }
        } else if ch == ':' && next == ':' {
            out.push(Tok::Path);
            i += 2;
        } else {
            if !ch.is_whitespace() {
                out.push(Tok::Punct(ch));
            }
            i += 1;
        }
    }
    out
}

/// The tokens of a string that holds nothing but a path into the crate, as serde's
/// `with = "crate::x"` does; none for any other string.
fn path_in_string(s: &str) -> Vec<Tok> {
    let segs: Vec<&str> = s.split("::").collect();
    let word = |w: &&str| !w.is_empty() && w.chars().all(|c| c == '_' || c.is_alphanumeric());
    if segs.len() < 2 || !["crate", "super", "self"].contains(&segs[0]) || !segs.iter().all(word) {
        return Vec::new();
    }
    let mut out = vec![Tok::Ident(segs[0].to_string())];
    for seg in &segs[1..] {
        out.push(Tok::Path);
        out.push(Tok::Ident(seg.to_string()));
    }
    out
}

/// The index after a string's closing quote; `i` is just after the opening one.
fn skip_string(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i] != '"' {
        i += if c[i] == '\\' { 2 } else { 1 };
    }
    i + 1
}

/// For `r"`, `r#"`, `br##"` …: the number of hashes and the index after the opening quote.
fn raw_string_at(c: &[char], i: usize) -> Option<(usize, usize)> {
    if i > 0 && (c[i - 1] == '_' || c[i - 1].is_alphanumeric()) {
        return None;
    }
    let mut j = i + if c[i] == 'b' { 2 } else { 1 };
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((hashes, j + 1))
}

/// One `use` item's trees, flattened: each (bound name, path), the name `*` for a glob.
pub fn use_trees(
    t: &[Tok],
    i: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(String, Vec<String>)>,
) {
    let mut path = prefix;
    loop {
        match t.get(*i) {
            Some(Tok::Ident(w)) if w == "as" => {
                *i += 1;
                if let Some(Tok::Ident(alias)) = t.get(*i) {
                    out.push((alias.clone(), path));
                    *i += 1;
                }
                return;
            }
            Some(Tok::Ident(w)) => {
                path.push(w.clone());
                *i += 1;
            }
            Some(Tok::Path) => *i += 1,
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push(("*".into(), path));
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                while !matches!(t.get(*i), None | Some(Tok::Punct('}'))) {
                    use_trees(t, i, path.clone(), out);
                    if t.get(*i) == Some(&Tok::Punct(',')) {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            _ => {
                let name = match path.last().map(String::as_str) {
                    // `use super::x::{self}` binds `x`.
                    Some("self") => {
                        path.pop();
                        path.last().cloned()
                    }
                    last => last.map(str::to_string),
                };
                if let Some(name) = name {
                    out.push((name, path));
                }
                return;
            }
        }
    }
}
