//! The helpers registered on the renderer: Pinpoint's documented set (conditionals, strings,
//! math and encoding, dates), plus the two the rewrite inserts (`__value`, `__cap`).

use std::borrow::Cow;
use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, PathAndJson, RenderContext,
    RenderError, RenderErrorReason, Renderable, ScopedJson,
};
use serde_json::Value;

use super::limits::{self, Budget};
use super::value::Args;
use super::{dates, text, CAP_HELPER, MAX_EACH, PARTIAL_HELPER, TICK_HELPER, VALUE_HELPER};
use crate::clock::SharedClock;
use crate::ids::SharedIds;

type Func = Box<dyn Fn(&Args) -> Result<Value, String> + Send + Sync>;

/// A helper computing a value from its arguments: usable inline and as a subexpression.
struct FnHelper {
    name: &'static str,
    f: Func,
}

/// An argument's value. With `bare`, a path that resolves to nothing is read as its own text,
/// so `tz=America/Los_Angeles` and `{{inflect 3 apple apples}}` work as AWS's examples write them.
fn value<'a>(p: &'a PathAndJson<'_>, bare: bool) -> Cow<'a, Value> {
    match p.relative_path() {
        Some(path) if bare && p.is_value_missing() => Cow::Owned(Value::String(path.clone())),
        _ => Cow::Borrowed(p.value()),
    }
}

/// The arguments as values: conditions test what the data holds, so only value helpers read
/// bare words (`bare_from`: the first positional argument that may be one).
fn args<'a>(h: &'a Helper<'_>, bare: bool, bare_from: usize) -> Args<'a> {
    Args {
        params: h
            .params()
            .iter()
            .enumerate()
            .map(|(i, p)| value(p, bare && i >= bare_from))
            .collect(),
        hash: h.hash().iter().map(|(k, v)| (*k, value(v, bare))).collect(),
    }
}

fn failed(name: &str, why: String) -> RenderError {
    RenderErrorReason::Other(format!("{name}: {why}")).into()
}

/// A limit passed: the message as it is.
fn over(why: String) -> RenderError {
    RenderErrorReason::Other(why).into()
}

/// One step for a helper call, with what it takes in charged to the budget.
fn account(h: &Helper<'_>) -> Result<(), RenderError> {
    Budget::step().map_err(over)?;
    let taken: usize = h
        .params()
        .iter()
        .map(|p| limits::weight(p.value()))
        .sum::<usize>()
        + h.hash()
            .values()
            .map(|p| limits::weight(p.value()))
            .sum::<usize>();
    Budget::charge(taken).map_err(over)
}

impl HelperDef for FnHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        account(h)?;
        // `yesno` tests its first argument's truth, and `each` iterates its list: a missing
        // value stays missing there.
        let bare_from = usize::from(self.name == "yesno");
        let a = args(h, self.name != "each", bare_from);
        let value = (self.f)(&a).map_err(|why| failed(self.name, why))?;
        let made = limits::weight(&value);
        if made > limits::MAX_PART_BYTES {
            return Err(failed(self.name, limits::too_large(made)));
        }
        Budget::charge(made).map_err(over)?;
        Ok(ScopedJson::Derived(value))
    }
}

/// `__tick`, first in every block body: a step, and a look at the stack.
struct Tick;

impl HelperDef for Tick {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        Budget::step().map_err(over)
    }
}

/// `__partial`, around every partial call: counts how deep partials are nested.
struct PartialDepth;

impl HelperDef for PartialDepth {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let _inside = Budget::enter_partial().map_err(over)?;
        match h.template() {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

/// The conditional helpers: a block with an optional `{{else}}`, or inline with `yes=`/`no=`.
#[derive(Clone, Copy)]
enum Cond {
    If,
    Not,
    And,
    Or,
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Cond {
    fn eval(self, a: &Args) -> bool {
        use std::cmp::Ordering::*;
        let (x, y) = (a.param(0), a.param(1));
        match self {
            Cond::If => text::truthy(x),
            Cond::Not => !text::truthy(x),
            Cond::And => !a.params.is_empty() && a.params.iter().all(|v| text::truthy(v)),
            Cond::Or => a.params.iter().any(|v| text::truthy(v)),
            Cond::Eq => text::compare(x, y) == Equal,
            Cond::Neq => text::compare(x, y) != Equal,
            Cond::Gt => text::compare(x, y) == Greater,
            Cond::Gte => text::compare(x, y) != Less,
            Cond::Lt => text::compare(x, y) == Less,
            Cond::Lte => text::compare(x, y) != Greater,
        }
    }

    /// The inline answer: the `yes`/`no` text when given, else the boolean.
    fn inline(self, a: &Args) -> Value {
        let yes = self.eval(a);
        let pick = if yes { "yes" } else { "no" };
        match a.hash.get(pick) {
            Some(v) => Value::String(text::text(v)),
            None if a.hash.contains_key("yes") || a.hash.contains_key("no") => {
                Value::String(String::new())
            }
            None => Value::Bool(yes),
        }
    }
}

impl HelperDef for Cond {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        account(h)?;
        Ok(ScopedJson::Derived(self.inline(&args(h, false, 0))))
    }

    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        account(h)?;
        let a = args(h, false, 0);
        if !h.is_block() {
            out.write(&text::text(&self.inline(&a)))?;
            return Ok(());
        }
        let branch = if self.eval(&a) {
            h.template()
        } else {
            h.inverse()
        };
        match branch {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

/// `{{path}}` after the rewrite: lists render as their element or joined; a missing value is
/// empty, or an error in strict mode. Writes straight to the output (escaped for email HTML
/// unless the expression is triple-braced), so a plain string costs no copy.
struct ValueHelper {
    strict: bool,
    html: bool,
}

impl ValueHelper {
    /// The value to write, or `None` when there is none.
    fn value<'a>(&self, h: &'a Helper<'_>) -> Result<Option<&'a Value>, RenderError> {
        Budget::step().map_err(over)?;
        let Some(p) = h.param(0) else {
            return Ok(None);
        };
        if p.is_value_missing() || p.value().is_null() {
            if self.strict {
                let name = p.relative_path().map_or("a variable", String::as_str);
                return Err(RenderErrorReason::Other(format!(
                    "the variable {name} has no value and no default"
                ))
                .into());
            }
            return Ok(None);
        }
        Ok(Some(p.value()))
    }
}

impl HelperDef for ValueHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = self.value(h)?.map(text::text).unwrap_or_default();
        Ok(ScopedJson::Derived(Value::String(text)))
    }

    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(v) = self.value(h)? else {
            return Ok(());
        };
        let owned;
        let s: &str = match v {
            Value::String(s) => s,
            Value::Array(items) if items.len() == 1 && items[0].is_string() => {
                items[0].as_str().unwrap_or_default()
            }
            other => {
                owned = text::text(other);
                &owned
            }
        };
        if self.html && !rc.is_disable_escape() {
            out.write(&handlebars::html_escape(s))?;
        } else {
            out.write(s)?;
        }
        Ok(())
    }
}

/// `each`'s list, cut to [`MAX_EACH`] items.
fn cap(a: &Args) -> Result<Value, String> {
    Ok(match a.param(0) {
        Value::Array(v) => Value::Array(v.iter().take(MAX_EACH).cloned().collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .take(MAX_EACH)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    })
}

/// Helper names, for the rewrite: an expression naming one is a helper call, not a variable.
const NAMES: &[&str] = &[
    "if", "unless", "each", "with", "lookup", "log", "len", "raw", "ne", "not", "and", "or", "eq",
    "neq", "gt", "gte", "lt", "lte", "uuid", "now",
];

/// Whether `name` is a helper (so `{{name}}` calls it rather than reads a variable).
pub fn is_helper(name: &str) -> bool {
    NAMES.contains(&name) || text::FUNCTIONS.iter().any(|(n, _)| *n == name)
}

/// Registers every helper on `hb`.
pub fn register(
    hb: &mut Handlebars<'static>,
    clock: &SharedClock,
    ids: &SharedIds,
    strict: bool,
    html: bool,
) {
    let conds = [
        ("if", Cond::If),
        ("not", Cond::Not),
        ("and", Cond::And),
        ("or", Cond::Or),
        ("eq", Cond::Eq),
        ("neq", Cond::Neq),
        ("ne", Cond::Neq),
        ("gt", Cond::Gt),
        ("gte", Cond::Gte),
        ("lt", Cond::Lt),
        ("lte", Cond::Lte),
    ];
    for (name, c) in conds {
        hb.register_helper(name, Box::new(c));
    }
    for (name, f) in text::FUNCTIONS {
        hb.register_helper(
            name,
            Box::new(FnHelper {
                name,
                f: Box::new(f),
            }),
        );
    }
    hb.register_helper(VALUE_HELPER, Box::new(ValueHelper { strict, html }));
    hb.register_helper(TICK_HELPER, Box::new(Tick));
    hb.register_helper(PARTIAL_HELPER, Box::new(PartialDepth));
    hb.register_helper(
        CAP_HELPER,
        Box::new(FnHelper {
            name: "each",
            f: Box::new(cap),
        }),
    );
    let ids = Arc::clone(ids);
    hb.register_helper(
        "uuid",
        Box::new(FnHelper {
            name: "uuid",
            f: Box::new(move |_| Ok(Value::String(ids.request_id()))),
        }),
    );
    let clock = Arc::clone(clock);
    hb.register_helper(
        "now",
        Box::new(FnHelper {
            name: "now",
            f: Box::new(move |a| dates::now(super::NOW.get().unwrap_or_else(|| clock.now()), a)),
        }),
    );
}
