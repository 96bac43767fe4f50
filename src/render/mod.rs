//! Message templates rendered as Pinpoint renders them (docs/behaviour.md#rendering): the
//! `handlebars` crate with Pinpoint's documented helper set registered on it.
//!
//! Two things Pinpoint does differently from stock Handlebars are made by rewriting the compiled
//! template, never the source text:
//! - a plain `{{path}}` goes through the `__value` helper, which renders a one-element list as
//!   its element and a longer list joined with `", "` (attribute values are always lists), and
//!   which fails the recipient in strict mode when the variable has no value;
//! - `{{#each list}}` iterates over at most [`MAX_EACH`] items.
//!
//! Two more rewrites enforce [`limits`]: every block body starts with a `__tick` expression that
//! counts a step and watches the stack, and every partial call is wrapped in a `__partial` block
//! that counts how deep partials are nested.
//!
//! Compiled templates are cached by their source text, so a template is parsed once and reused
//! across recipients and requests until its text changes.

mod dates;
mod helpers;
pub mod limits;
mod text;
mod value;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use dashmap::DashMap;
use handlebars::template::{Parameter, Subexpression, TemplateElement};
use handlebars::{Context, Handlebars, Output, RenderContext, Renderable, Template};
use serde_json::Value;

use crate::clock::SharedClock;
use crate::ids::SharedIds;

/// `{{#each}}` renders at most this many items.
pub const MAX_EACH: usize = 15;
/// Compiled templates kept before the cache is emptied and filled again.
const MAX_CACHED: usize = 10_000;
/// Source text kept in the cache before it is emptied and filled again.
const MAX_CACHED_BYTES: usize = 64 * 1024 * 1024;

/// The name the rewrite gives plain variable expressions.
const VALUE_HELPER: &str = "__value";
/// The helper the rewrite wraps around `each`'s list.
const CAP_HELPER: &str = "__cap";
/// The expression the rewrite puts first in every block body.
const TICK_HELPER: &str = "__tick";
/// The block the rewrite wraps around every partial call.
const PARTIAL_HELPER: &str = "__partial";

/// Renders template text against one recipient's variables.
pub struct Renderer {
    /// For every part but email HTML: nothing is escaped.
    plain: Handlebars<'static>,
    /// For the email HtmlPart: `{{x}}` is HTML-escaped, `{{{x}}}` is not.
    html: Handlebars<'static>,
    cache: DashMap<String, Arc<Template>>,
    cached_bytes: AtomicUsize,
}

/// How a part is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    None,
    Html,
}

thread_local! {
    /// The instant `{{now}}` shows while [`at`] runs: the clock of the scope a message is sent
    /// in (renders run start to end on one thread).
    static NOW: std::cell::Cell<Option<chrono::DateTime<chrono::Utc>>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with `{{now}}` showing `now` (a scope's test clock) instead of the base clock.
pub fn at<R>(now: chrono::DateTime<chrono::Utc>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<chrono::DateTime<chrono::Utc>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            NOW.set(self.0);
        }
    }
    let _restore = Restore(NOW.replace(Some(now)));
    f()
}

impl Renderer {
    /// `strict`: a variable without a value fails the render instead of rendering empty.
    pub fn new(clock: SharedClock, ids: SharedIds, strict: bool) -> Self {
        let registry = |escape: Escape| {
            let mut hb = Handlebars::new();
            hb.set_prevent_indent(true);
            if escape == Escape::None {
                hb.register_escape_fn(handlebars::no_escape);
            }
            helpers::register(&mut hb, &clock, &ids, strict, escape == Escape::Html);
            hb
        };
        Self {
            plain: registry(Escape::None),
            html: registry(Escape::Html),
            cache: DashMap::new(),
            cached_bytes: AtomicUsize::new(0),
        }
    }

    /// The variables of one recipient, ready to render several parts with.
    pub fn context(data: Value) -> Context {
        Context::from(data)
    }

    /// Renders `source`; `Err` says why it could not be (a syntax error, an unknown helper, a
    /// missing variable in strict mode, a [limit](limits) passed).
    pub fn render(&self, source: &str, ctx: &Context, escape: Escape) -> Result<String, String> {
        if !source.contains("{{") {
            return Ok(source.to_string());
        }
        let template = self.compiled(source)?;
        let registry = match escape {
            Escape::None => &self.plain,
            Escape::Html => &self.html,
        };
        let mut rc = RenderContext::new(None);
        let capacity = (source.len() + source.len() / 2).min(limits::MAX_PART_BYTES);
        let mut out = Text {
            text: String::with_capacity(capacity),
            wanted: 0,
        };
        limits::Budget::start();
        match template.render(registry, ctx, &mut rc, &mut out) {
            Ok(()) => Ok(out.text),
            Err(_) if out.wanted > 0 => Err(limits::too_large(out.wanted)),
            Err(e) => Err(e.reason().to_string()),
        }
    }

    /// Whether `source` can ever render, judged when a template is written: `Err` for text
    /// nested past the [limits] or an inline partial that always calls itself. A syntax error
    /// is not judged here: it fails the recipients it is rendered for, with its position.
    pub fn check(source: &str) -> Result<(), String> {
        if !source.contains("{{") {
            return Ok(());
        }
        // A syntax error is not this check's business: the template is refused when it renders.
        checked(source).map(drop).or_else(|e| match e {
            Refused::Syntax(_) => Ok(()),
            Refused::Limit(e) => Err(e),
        })
    }

    /// The compiled, rewritten template for `source`, from the cache when it is there.
    fn compiled(&self, source: &str) -> Result<Arc<Template>, String> {
        if let Some(t) = self.cache.get(source) {
            return Ok(Arc::clone(&t));
        }
        let mut template = checked(source).map_err(|(Refused::Syntax(e) | Refused::Limit(e))| e)?;
        rewrite(&mut template.elements);
        let template = Arc::new(template);
        let bytes = self.cached_bytes.fetch_add(source.len(), Ordering::Relaxed);
        if self.cache.len() >= MAX_CACHED || bytes + source.len() > MAX_CACHED_BYTES {
            self.cache.clear();
            self.cached_bytes.store(source.len(), Ordering::Relaxed);
        }
        self.cache.insert(source.to_string(), Arc::clone(&template));
        Ok(template)
    }

    /// How many compiled templates are cached (for tests and benchmarks).
    pub fn cached(&self) -> usize {
        self.cache.len()
    }
}

/// Why a template cannot be compiled: its syntax, or one of the limits.
enum Refused {
    Syntax(String),
    Limit(String),
}

/// `source` scanned for nesting past the limits, compiled, and checked for partials that always
/// call themselves: the steps both [`Renderer::check`] and a render take.
fn checked(source: &str) -> Result<Template, Refused> {
    limits::scan(source).map_err(Refused::Limit)?;
    let template = Template::compile(source).map_err(|e| {
        Refused::Syntax(match e.pos() {
            Some((line, col)) => format!("{} (line {line}, column {col})", e.reason()),
            None => e.reason().to_string(),
        })
    })?;
    limits::check_partials(&template).map_err(Refused::Limit)?;
    Ok(template)
}

/// The rendered text, at most [`limits::MAX_PART_BYTES`]. Handlebars' own `StringOutput`
/// reserves 8 KB per render, which cost more than the rendering itself for short messages.
struct Text {
    text: String,
    /// The size a write would have made the text, once it passed the limit (0 until then).
    wanted: usize,
}

impl Output for Text {
    fn write(&mut self, seg: &str) -> std::io::Result<()> {
        let wanted = self.text.len() + seg.len();
        if wanted > limits::MAX_PART_BYTES {
            self.wanted = wanted;
            return Err(std::io::Error::other("the rendered part is too large"));
        }
        self.text.push_str(seg);
        Ok(())
    }
}

/// The elements the rewrite inserts, compiled once.
struct Inserted {
    tick: TemplateElement,
    partial: TemplateElement,
}

static INSERTED: LazyLock<Inserted> = LazyLock::new(|| {
    let first = |src: String| {
        Template::compile(&src)
            .ok()
            .and_then(|mut t| t.elements.pop())
            .unwrap_or(TemplateElement::Comment(String::new()))
    };
    Inserted {
        tick: first(format!("{{{{{TICK_HELPER}}}}}")),
        partial: first(format!(
            "{{{{#{PARTIAL_HELPER}}}}}x{{{{/{PARTIAL_HELPER}}}}}"
        )),
    }
});

/// Puts a tick first in a block body.
fn tick(t: &mut Template) {
    rewrite(&mut t.elements);
    t.elements.insert(0, INSERTED.tick.clone());
    // Positions stay one per element, so an error still names its own line.
    if let Some(at) = t.mapping.first().cloned() {
        t.mapping.insert(0, at);
    }
}

/// Wraps a partial call in the `__partial` block.
fn wrap_partial(el: &mut TemplateElement) {
    let mut wrapper = INSERTED.partial.clone();
    if let TemplateElement::HelperBlock(h) = &mut wrapper {
        if let Some(body) = h.template.as_mut() {
            let call = std::mem::replace(el, TemplateElement::Comment(String::new()));
            body.elements = vec![call];
            body.mapping.truncate(1);
            *el = wrapper;
        }
    }
}

/// Rewrites plain variable expressions, `each` lists, block bodies and partial calls,
/// recursively.
fn rewrite(elements: &mut [TemplateElement]) {
    for el in elements {
        if let TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) = el {
            if let Some(t) = d.template.as_mut() {
                tick(t);
            }
            wrap_partial(el);
            continue;
        }
        match el {
            TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                let plain_path = matches!(ht.name, Parameter::Path(_))
                    && !ht.name.as_name().is_some_and(helpers::is_helper);
                if plain_path && ht.params.is_empty() && ht.hash.is_empty() && !ht.block {
                    let path =
                        std::mem::replace(&mut ht.name, Parameter::Name(VALUE_HELPER.into()));
                    ht.params.push(path);
                }
            }
            TemplateElement::HelperBlock(ht) => {
                if ht.name.as_name() == Some("each") && !ht.params.is_empty() {
                    let list = ht.params.remove(0);
                    let capped = Subexpression::new(
                        Parameter::Name(CAP_HELPER.into()),
                        vec![list],
                        HashMap::new(),
                    );
                    ht.params.insert(0, Parameter::Subexpression(capped));
                }
                if let Some(t) = ht.template.as_mut() {
                    tick(t);
                }
                if let Some(t) = ht.inverse.as_mut() {
                    tick(t);
                }
            }
            TemplateElement::DecoratorBlock(d) => {
                if let Some(t) = d.template.as_mut() {
                    tick(t);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod limit_tests;
#[cfg(test)]
mod tests;
