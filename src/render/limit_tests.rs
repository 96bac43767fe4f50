//! The rendering limits (docs/behaviour.md#render-limits): each case answers with a reason
//! instead of crashing the process, running out of memory or running without end. Rendering runs
//! on a thread with tokio's default worker stack (2 MiB), where the server renders.

use std::sync::Arc;

use serde_json::{json, Value};

use super::limits::{self, MAX_BLOCK_DEPTH, MAX_EXPRESSION_DEPTH, MAX_PARTIAL_DEPTH};
use super::{Escape, Renderer};
use crate::clock::ManualClock;
use crate::ids::SequentialIds;

fn data() -> Value {
    json!({
        "many": (1..=20).map(|n| n.to_string()).collect::<Vec<_>>(),
        "big": "x".repeat(1 << 20),
        "tree": {"name": "a", "kids": [{"name": "b", "kids": [{"name": "c", "kids": []}]}]},
    })
}

/// Runs `f` with a fresh renderer on a thread with tokio's default worker stack (2 MiB).
pub(super) fn on_server_stack<T: Send + 'static>(
    f: impl FnOnce(Renderer) -> T + Send + 'static,
) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            f(Renderer::new(
                Arc::new(ManualClock::default()),
                Arc::new(SequentialIds::default()),
                false,
            ))
        })
        .expect("a thread")
        .join()
        .expect("rendering does not panic")
}

/// Renders `src` on the server's stack.
fn render(src: &str) -> Result<String, String> {
    let src = src.to_string();
    on_server_stack(move |r| r.render(&src, &Renderer::context(data()), Escape::None))
}

fn fails(src: &str, why: &str) {
    match render(src) {
        Ok(out) => panic!("{} rendered {} bytes", &src[..src.len().min(80)], out.len()),
        Err(e) => assert!(e.contains(why), "{e}"),
    }
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    open.repeat(n) + inner + &close.repeat(n)
}

#[test]
fn a_partial_that_always_calls_itself_is_named() {
    let src = r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#;
    fails(src, r#"the inline partial "p" always calls itself"#);
    let both = r#"{{#*inline "a"}}x{{> b}}{{/inline}}{{#*inline "b"}}{{> a}}{{/inline}}{{> a}}"#;
    fails(both, "always calls itself (through b)");
    assert!(Renderer::check(src).is_err());
    assert!(Renderer::check(both).is_err());
}

#[test]
fn partials_nest_at_most_the_limit() {
    // It calls itself only under a condition: nothing can tell in advance that it never stops.
    let src = r#"{{#*inline "p"}}{{#if true}}{{> p}}{{/if}}{{/inline}}{{> p}}"#;
    assert_eq!(Renderer::check(src), Ok(()));
    fails(src, &format!("more than {MAX_PARTIAL_DEPTH} deep"));
    // A partial walking data that ends renders as Handlebars does.
    let tree = r#"{{#*inline "t"}}{{name}}({{#each kids}}{{> t}}{{/each}}){{/inline}}{{> t tree}}"#;
    assert_eq!(render(tree).unwrap(), "a(b(c()))");
}

#[test]
fn blocks_inside_recursive_partials_stop_before_the_stack_does() {
    let body = nested("{{#if true}}", r#"{{> p}}"#, "{{/if}}", MAX_BLOCK_DEPTH - 1);
    let src = format!(r#"{{{{#*inline "p"}}}}{body}{{{{/inline}}}}{{{{> p}}}}"#);
    let e = render(&src).unwrap_err();
    assert!(e.contains("too deeply") || e.contains("deep"), "{e}");
}

#[test]
fn subexpressions_nest_at_most_the_limit() {
    let deep = format!("{{{{upper {}}}}}", nested("(lower ", "\"x\"", ")", 960));
    fails(&deep, &format!("over the limit of {MAX_EXPRESSION_DEPTH}"));
    let ok = format!(
        "{{{{upper {}}}}}",
        nested("(lower ", "\"x\"", ")", MAX_EXPRESSION_DEPTH - 1)
    );
    assert_eq!(render(&ok).unwrap(), "X");
    // Parentheses in strings and comments are text.
    assert_eq!(render(r#"{{upper "(((((((((("}}"#).unwrap(), "((((((((((");
    let comment = format!(
        "{{{{!-- {} --}}}}ok",
        "(".repeat(100) + &"{{#if}}".repeat(40)
    );
    assert_eq!(render(&comment).unwrap(), "ok");
}

#[test]
fn blocks_nest_at_most_the_limit() {
    let ok = nested("{{#if true}}", "x", "{{/if}}", MAX_BLOCK_DEPTH);
    assert_eq!(render(&ok).unwrap(), "x");
    let deep = nested("{{#if true}}", "x", "{{/if}}", MAX_BLOCK_DEPTH + 1);
    fails(&deep, &format!("more than {MAX_BLOCK_DEPTH} deep"));
    // Each `else` with a condition nests one level more.
    let chain = format!("{{{{#if a}}}}{}{{{{/if}}}}", "{{else if b}}".repeat(100));
    fails(&chain, "an `else` with a condition counts as one more");
    // A variable whose name starts with "else" is no `else`.
    let words = format!("{{{{#if true}}}}{}{{{{/if}}}}", "{{elsewhere}}".repeat(100));
    assert_eq!(limits::scan(&words), Ok(()));
    assert!(Renderer::check(&deep).is_err());
    assert!(Renderer::check(&chain).is_err());
}

#[test]
fn padding_is_refused_before_it_is_built() {
    for src in [
        r#"{{rjust "x" size=9999999999999}}"#,
        r#"{{ljust "x" size=9999999999999}}"#,
        r#"{{center "x" size=4000000000}}"#,
        r#"{{center "x" size=100000000}}"#,
        r#"{{center "x" size=4000000 pad="€"}}"#,
    ] {
        fails(src, "over the limit of 10485760 bytes");
    }
    assert_eq!(render(r#"{{center "x" size=5 pad="-"}}"#).unwrap(), "--x--");
}

#[test]
fn replace_and_join_are_refused_before_they_are_built() {
    let a = r#"(rjust "" size=1000000 pad="a")"#;
    fails(
        &format!(r#"{{{{replace {a} "a" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}}}"#),
        "replace: the result would be",
    );
    fails(
        &format!(
            r#"{{{{join many {}}}}}"#,
            r#"(rjust "" size=1000000 pad=",")"#
        ),
        "join: the result would be",
    );
}

#[test]
fn a_rendered_part_holds_at_most_ten_megabytes() {
    // 15 × 15 copies of a 1 MiB value.
    let src = "{{#each many}}{{#each @root.many}}{{@root.big}}{{/each}}{{/each}}";
    fails(src, "over the limit of 10485760 bytes");
    // Nine copies fit.
    let nine = "{{#each many}}{{#if (lt @index 9)}}{{@root.big}}{{/if}}{{/each}}";
    assert_eq!(render(nine).unwrap().len(), 9 << 20);
}

#[test]
fn rendering_takes_a_bounded_number_of_steps() {
    // 15^6 iterations of an empty body.
    let src = nested("{{#each @root.many}}", "", "{{/each}}", 6);
    fails(&src, &format!("more than {} steps", limits::MAX_STEPS));
    // The budget is per part: a part under it renders again and again.
    let under = nested("{{#each @root.many}}", "", "{{/each}}", 3);
    for _ in 0..3 {
        assert_eq!(render(&under).unwrap(), "");
    }
}

#[test]
fn helpers_move_a_bounded_number_of_bytes() {
    let src = nested(
        "{{#each @root.many}}",
        r#"{{md5 (rjust "" size=5000000)}}"#,
        "{{/each}}",
        2,
    );
    fails(&src, "helpers handled more than");
}

#[test]
fn a_syntax_error_is_left_to_the_send_and_plain_text_is_fine() {
    assert_eq!(Renderer::check("{{#if}}"), Ok(()));
    assert_eq!(Renderer::check("no variables at all"), Ok(()));
    assert!(render("{{#if}}").is_err());
    // A raw block's text is not parsed, so its braces do not nest.
    let raw = format!(
        "{{{{{{{{raw}}}}}}}}{}{{{{{{{{/raw}}}}}}}}",
        "{{#if}}".repeat(40)
    );
    assert_eq!(limits::scan(&raw), Ok(()));
}

#[test]
fn a_request_renders_within_one_budget_across_its_recipients() {
    // About 50,000 steps a part: under the part's limit, twenty of them use up a request's.
    let src = nested("{{#each @root.many}}", "", "{{/each}}", 4);
    let runs = on_server_stack(move |r| {
        let ctx = Renderer::context(data());
        let many = |n| {
            (0..n)
                .map(|_| r.render(&src, &ctx, Escape::None))
                .collect::<Vec<_>>()
        };
        let free = many(25);
        let _budget = limits::RequestBudget::start(10);
        (free, many(25))
    });
    let (free, within) = runs;
    assert!(
        free.iter().all(Result::is_ok),
        "no request budget outside a request"
    );
    let ok = within.iter().take_while(|r| r.is_ok()).count();
    assert!((15..25).contains(&ok), "{ok} parts rendered");
    let e = within[ok].as_ref().unwrap_err();
    assert!(e.contains("used up its rendering budget"), "{e}");
}
