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
//! Compiled templates are cached by their source text, so a template is parsed once and reused
//! across recipients and requests until its text changes.

mod dates;
mod helpers;
mod text;

use std::collections::HashMap;
use std::sync::Arc;

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

/// The name the rewrite gives plain variable expressions.
const VALUE_HELPER: &str = "__value";
/// The helper the rewrite wraps around `each`'s list.
const CAP_HELPER: &str = "__cap";

/// Renders template text against one recipient's variables.
pub struct Renderer {
    /// For every part but email HTML: nothing is escaped.
    plain: Handlebars<'static>,
    /// For the email HtmlPart: `{{x}}` is HTML-escaped, `{{{x}}}` is not.
    html: Handlebars<'static>,
    cache: DashMap<String, Arc<Template>>,
}

/// How a part is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    None,
    Html,
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
        }
    }

    /// The variables of one recipient, ready to render several parts with.
    pub fn context(data: Value) -> Context {
        Context::from(data)
    }

    /// Renders `source`; `Err` says why it could not be (a syntax error, an unknown helper, a
    /// missing variable in strict mode).
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
        let mut out = Text(String::with_capacity(source.len() + source.len() / 2));
        template
            .render(registry, ctx, &mut rc, &mut out)
            .map_err(|e| e.reason().to_string())?;
        Ok(out.0)
    }

    /// The compiled, rewritten template for `source`, from the cache when it is there.
    fn compiled(&self, source: &str) -> Result<Arc<Template>, String> {
        if let Some(t) = self.cache.get(source) {
            return Ok(Arc::clone(&t));
        }
        let mut template = Template::compile(source).map_err(|e| match e.pos() {
            Some((line, col)) => format!("{} (line {line}, column {col})", e.reason()),
            None => e.reason().to_string(),
        })?;
        rewrite(&mut template.elements);
        let template = Arc::new(template);
        if self.cache.len() >= MAX_CACHED {
            self.cache.clear();
        }
        self.cache.insert(source.to_string(), Arc::clone(&template));
        Ok(template)
    }

    /// How many compiled templates are cached (for tests and benchmarks).
    pub fn cached(&self) -> usize {
        self.cache.len()
    }
}

/// The rendered text. Handlebars' own `StringOutput` reserves 8 KB per render, which cost more
/// than the rendering itself for short messages.
struct Text(String);

impl Output for Text {
    fn write(&mut self, seg: &str) -> std::io::Result<()> {
        self.0.push_str(seg);
        Ok(())
    }
}

/// Rewrites plain variable expressions and `each` lists, recursively.
fn rewrite(elements: &mut [TemplateElement]) {
    for el in elements {
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
                    rewrite(&mut t.elements);
                }
                if let Some(t) = ht.inverse.as_mut() {
                    rewrite(&mut t.elements);
                }
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::PartialBlock(d) => {
                if let Some(t) = d.template.as_mut() {
                    rewrite(&mut t.elements);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
