//! The limits that keep one template from taking the server down (docs/behaviour.md#render-limits).
//!
//! Three kinds, checked at three moments:
//! - **as written**, before the text is parsed ([`scan`]): blocks nested at most
//!   [`MAX_BLOCK_DEPTH`] deep and subexpressions at most [`MAX_EXPRESSION_DEPTH`] deep, so neither
//!   the parser nor the renderer can run out of stack on what the text nests;
//! - **as compiled** ([`check_partials`]): an inline partial that always calls itself, directly or
//!   through other partials, can never finish, so a template holding one is refused when it is
//!   written;
//! - **while rendering** ([`Budget`]): partials call each other at most [`MAX_PARTIAL_DEPTH`] deep,
//!   one part takes at most [`MAX_STEPS`] steps (a block body entered, a partial or helper called)
//!   and moves at most [`MAX_HELPER_BYTES`] through helpers, a rendered part and any helper's result
//!   hold at most [`MAX_PART_BYTES`], and the stack never runs below [`MIN_STACK`].
//!
//! A request that renders for many recipients also has a [`RequestBudget`] over all its parts, so
//! that a template just under the per-part limits cannot hold the request (and the app's read
//! lock) for long: [`REQUEST_STEPS`] steps and [`REQUEST_HELPER_BYTES`] helper bytes, plus
//! [`STEPS_PER_RECIPIENT`] and [`HELPER_BYTES_PER_RECIPIENT`] for each recipient past the first
//! hundred (a campaign's run).
//!
//! The budgets are kept per thread: rendering never awaits, so a request's deliveries run from
//! start to end on one thread, and [`Budget::start`] resets the part's for each part.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use handlebars::template::{Parameter, TemplateElement};
use handlebars::Template;
use serde_json::Value;

/// Blocks (`{{#…}}`, and each `{{else x}}` of a chain) open inside each other, as written.
pub const MAX_BLOCK_DEPTH: usize = 32;
/// Subexpressions inside each other in one expression, as written.
pub const MAX_EXPRESSION_DEPTH: usize = 32;
/// Partials rendering inside each other.
pub const MAX_PARTIAL_DEPTH: u32 = 32;
/// Steps of one part: block bodies entered, partials and helpers called.
pub const MAX_STEPS: u32 = 100_000;
/// Bytes that the helpers of one part take in and give back, added up.
pub const MAX_HELPER_BYTES: usize = 64 * 1024 * 1024;
/// One rendered part, and any one helper's result: Pinpoint's largest message, an email of
/// 10 MB.
pub const MAX_PART_BYTES: usize = 10 * 1024 * 1024;
/// Rendering stops, failing the part, when less stack than this is left.
pub const MIN_STACK: usize = 256 * 1024;
/// Steps of all the parts one request renders (up to a hundred recipients).
pub const REQUEST_STEPS: u64 = 1_000_000;
/// Helper bytes of all the parts one request renders (up to a hundred recipients).
pub const REQUEST_HELPER_BYTES: u64 = 256 * 1024 * 1024;
/// What each recipient past the first hundred adds to a request's steps.
pub const STEPS_PER_RECIPIENT: u64 = 10_000;
/// What each recipient past the first hundred adds to a request's helper bytes.
pub const HELPER_BYTES_PER_RECIPIENT: u64 = 1024 * 1024;

/// Why a part is larger than allowed (the same words for the output and for a helper).
pub fn too_large(bytes: usize) -> String {
    format!("the result would be {bytes} bytes, over the limit of {MAX_PART_BYTES} bytes (10 MB, Pinpoint's largest message)")
}

/// Checks what the text nests before it is parsed. Only the nesting is judged: a syntax error
/// is left to the parser, which reports it with its position.
pub fn scan(source: &str) -> Result<(), String> {
    let b = source.as_bytes();
    // Per open block, how many `{{else x}}` levels its chain added.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(at) = find(b, i, b"{{") {
        if at > 0 && b[at - 1] == b'\\' {
            i = at + 2;
            continue;
        }
        if b[at..].starts_with(b"{{{{") {
            // A raw block: its text is not parsed; skip to its end tag.
            i = match find(b, at + 4, b"{{{{/") {
                Some(end) => find(b, end, b"}}}}").map_or(b.len(), |e| e + 4),
                None => b.len(),
            };
            continue;
        }
        let mut j = at + 2;
        while j < b.len() && matches!(b[j], b'{' | b'~' | b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        if b.get(j) == Some(&b'!') {
            let close: &[u8] = if b[j..].starts_with(b"!--") {
                b"--}}"
            } else {
                b"}}"
            };
            i = find(b, j, close).map_or(b.len(), |e| e + close.len());
            continue;
        }
        let Some((end, parens)) = tag_end(b, j) else {
            return Ok(());
        };
        if parens > MAX_EXPRESSION_DEPTH {
            return Err(format!(
                "subexpressions are nested {parens} deep in one expression, over the limit of {MAX_EXPRESSION_DEPTH}"
            ));
        }
        let tag = &b[j..end];
        match tag.first() {
            Some(b'#') => {
                open.push(0);
                depth += 1;
            }
            Some(b'/') => depth -= open.pop().map_or(0, |chain| chain + 1),
            Some(b'^') if !trimmed(&tag[1..]).is_empty() => chain(&mut open, &mut depth),
            _ if is_else_with_condition(tag) => chain(&mut open, &mut depth),
            _ => {}
        }
        if depth > MAX_BLOCK_DEPTH {
            return Err(format!(
                "blocks are nested more than {MAX_BLOCK_DEPTH} deep (an `else` with a condition counts as one more)"
            ));
        }
        i = end + 2;
    }
    Ok(())
}

/// `{{else x}}`: the keyword, then a condition (not `{{elsewhere}}`, a variable).
fn is_else_with_condition(tag: &[u8]) -> bool {
    tag.starts_with(b"else")
        && tag.get(4).is_some_and(u8::is_ascii_whitespace)
        && !trimmed(&tag[4..]).is_empty()
}

/// `{{else x}}` (or `{{^x}}`) opens one more level, closed with its block.
fn chain(open: &mut [usize], depth: &mut usize) {
    if let Some(top) = open.last_mut() {
        *top += 1;
        *depth += 1;
    }
}

fn trimmed(tag: &[u8]) -> &[u8] {
    let keep = |c: &u8| !matches!(c, b'~' | b'}' | b' ' | b'\t' | b'\r' | b'\n');
    match (tag.iter().position(keep), tag.iter().rposition(keep)) {
        (Some(s), Some(e)) => &tag[s..=e],
        _ => &[],
    }
}

fn find(b: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(what.len())
        .position(|w| w == what)
        .map(|p| p + from)
}

/// Where a tag's closing `}}` is (outside quotes), and how deep its parentheses go.
fn tag_end(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None::<u8>);
    let mut k = from;
    while k < b.len() {
        let c = b[k];
        match quote {
            Some(_) if c == b'\\' => k += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'(' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                b')' => depth = depth.saturating_sub(1),
                b'}' if b.get(k + 1) == Some(&b'}') => return Some((k, deepest)),
                _ => {}
            },
        }
        k += 1;
    }
    None
}

/// Refuses a template with an inline partial that always calls itself: one that, whenever it
/// renders, renders itself again (directly, or through partials it always calls) outside any
/// block. A call inside a block (`if`, `each`, …) may stop, so only the rendering limit judges it.
pub fn check_partials(t: &Template) -> Result<(), String> {
    let mut calls: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    definitions(&t.elements, &mut calls);
    for start in calls.keys() {
        let mut path = vec![start.as_str()];
        if let Some(cycle) = cycle(&calls, &mut path) {
            let through = if cycle.len() > 1 {
                format!(" (through {})", cycle[1..].join(", "))
            } else {
                String::new()
            };
            return Err(format!(
                "the inline partial \"{}\" always calls itself{through}, so it can never finish rendering",
                cycle[0]
            ));
        }
    }
    Ok(())
}

/// A path from `path[0]` back to itself through unconditional calls, if there is one.
fn cycle<'a>(
    calls: &'a BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<String>> {
    let last = *path.last()?;
    for next in calls.get(last).into_iter().flatten() {
        if next == path[0] {
            return Some(path.iter().map(|s| s.to_string()).collect());
        }
        if !path.contains(&next.as_str()) {
            path.push(next);
            if let Some(found) = cycle(calls, path) {
                return Some(found);
            }
            path.pop();
        }
    }
    None
}

/// Every `{{#*inline "name"}}` below `elements`, with the partials its body always calls.
fn definitions(elements: &[TemplateElement], out: &mut BTreeMap<String, BTreeSet<String>>) {
    for el in elements {
        match el {
            TemplateElement::DecoratorBlock(d) => {
                let name = match (d.name.as_name(), d.params.first()) {
                    (Some("inline"), Some(Parameter::Literal(Value::String(n)))) => Some(n),
                    _ => None,
                };
                if let Some(body) = &d.template {
                    if let Some(name) = name {
                        let called = out.entry(name.clone()).or_default();
                        for el in &body.elements {
                            if let TemplateElement::PartialExpression(p)
                            | TemplateElement::PartialBlock(p) = el
                            {
                                if let Some(n) = p.name.as_name() {
                                    called.insert(n.to_string());
                                }
                            }
                        }
                    }
                    definitions(&body.elements, out);
                }
            }
            TemplateElement::HelperBlock(h) => {
                for t in [&h.template, &h.inverse].into_iter().flatten() {
                    definitions(&t.elements, out);
                }
            }
            TemplateElement::PartialBlock(p) => {
                if let Some(t) = &p.template {
                    definitions(&t.elements, out);
                }
            }
            _ => {}
        }
    }
}

/// What one part has used so far, on this thread.
pub struct Budget;

thread_local! {
    static STEPS: Cell<u32> = const { Cell::new(0) };
    static HELPER_BYTES: Cell<usize> = const { Cell::new(0) };
    static PARTIALS: Cell<u32> = const { Cell::new(0) };
    /// What the request being delivered on this thread has left: steps and helper bytes.
    static REQUEST: Cell<Option<(u64, u64)>> = const { Cell::new(None) };
}

/// The budget of one request's renders, from [`RequestBudget::start`] until it is dropped.
pub struct RequestBudget {
    before: Option<(u64, u64)>,
}

impl RequestBudget {
    /// A budget for a request that sends to `recipients`.
    pub fn start(recipients: usize) -> Self {
        let extra = (recipients as u64).saturating_sub(100);
        let budget = (
            REQUEST_STEPS + extra * STEPS_PER_RECIPIENT,
            REQUEST_HELPER_BYTES + extra * HELPER_BYTES_PER_RECIPIENT,
        );
        Self {
            before: REQUEST.with(|r| r.replace(Some(budget))),
        }
    }
}

impl Drop for RequestBudget {
    fn drop(&mut self) {
        REQUEST.with(|r| r.set(self.before));
    }
}

/// Takes `steps` and `bytes` from the request's budget, when one is kept.
fn spend(steps: u64, bytes: u64) -> Result<(), String> {
    REQUEST.with(|r| match r.get() {
        None => Ok(()),
        Some((s, b)) if s < steps || b < bytes => {
            // Used up: every later step of the request fails at once.
            r.set(Some((0, 0)));
            Err("the request used up its rendering budget across its recipients (see the rendering limits)".to_string())
        }
        Some((s, b)) => {
            r.set(Some((s - steps, b - bytes)));
            Ok(())
        }
    })
}

/// Leaves a partial when dropped, whether it rendered or failed.
pub struct InPartial(());

impl Drop for InPartial {
    fn drop(&mut self) {
        PARTIALS.with(|p| p.set(p.get().saturating_sub(1)));
    }
}

impl Budget {
    /// A fresh budget for the part about to render.
    pub fn start() {
        STEPS.with(|s| s.set(0));
        HELPER_BYTES.with(|s| s.set(0));
        PARTIALS.with(|s| s.set(0));
    }

    /// One step; fails past [`MAX_STEPS`] or when the stack runs low.
    pub fn step() -> Result<(), String> {
        let steps = STEPS.with(|s| {
            let n = s.get().saturating_add(1);
            s.set(n);
            n
        });
        if steps > MAX_STEPS {
            return Err(format!(
                "rendering took more than {MAX_STEPS} steps (block bodies, partials and helpers)"
            ));
        }
        spend(1, 0)?;
        match stacker::remaining_stack() {
            Some(left) if left < MIN_STACK => Err(
                "the template nests too deeply to render (blocks inside partials inside blocks)"
                    .into(),
            ),
            _ => Ok(()),
        }
    }

    /// Counts bytes a helper takes in or gives back; fails past [`MAX_HELPER_BYTES`].
    pub fn charge(bytes: usize) -> Result<(), String> {
        let total = HELPER_BYTES.with(|s| {
            let n = s.get().saturating_add(bytes);
            s.set(n);
            n
        });
        if total > MAX_HELPER_BYTES {
            return Err(format!(
                "helpers handled more than {MAX_HELPER_BYTES} bytes (64 MB) while rendering one part"
            ));
        }
        spend(0, bytes as u64)
    }

    /// Enters a partial; fails past [`MAX_PARTIAL_DEPTH`].
    pub fn enter_partial() -> Result<InPartial, String> {
        Self::step()?;
        let depth = PARTIALS.with(|p| {
            let n = p.get() + 1;
            p.set(n);
            n
        });
        let guard = InPartial(());
        if depth > MAX_PARTIAL_DEPTH {
            return Err(format!(
                "partials called each other more than {MAX_PARTIAL_DEPTH} deep"
            ));
        }
        Ok(guard)
    }
}

/// About how many bytes a value holds, for [`Budget::charge`].
pub fn weight(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(weight).sum::<usize>() + items.len(),
        Value::Object(m) => m.iter().map(|(k, v)| k.len() + weight(v)).sum(),
        _ => 8,
    }
}
