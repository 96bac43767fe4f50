//! A property over generated templates and helper arguments: whatever the template, rendering
//! answers (text or a reason) without a panic or a stack overflow, the text is at most
//! [`MAX_PART_BYTES`], and no render runs away with the clock.
//!
//! The generator writes what a hostile or careless author could: helpers with huge, negative
//! and non-numeric sizes, subexpressions and blocks nested past the limits, `else if` chains,
//! inline partials that call each other (with or without a condition), lists and big values
//! from the data. `cargo test` runs 256 cases; a long run sets `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=20000 cargo test --release --lib render::fuzz_tests`.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{json, Value};

use super::limits::MAX_PART_BYTES;
use super::{Escape, Renderer};

/// Far above any bounded render, far below a runaway one.
const HANG: Duration = Duration::from_secs(10);

fn data() -> Value {
    json!({
        "plan": ["gold"],
        "many": (1..=20).map(|n| n.to_string()).collect::<Vec<_>>(),
        "big": "y".repeat(1 << 20),
        "n": 3,
        "User": {"UserId": "u1", "UserAttributes": {"FirstName": ["Ana"]}},
    })
}

const HELPERS: &[&str] = &[
    "upper",
    "lower",
    "center",
    "ljust",
    "rjust",
    "replace",
    "join",
    "abbreviate",
    "substring",
    "inflect",
    "md5",
    "sha512",
    "encode64",
    "decode64",
    "add",
    "multiply",
    "divide",
    "cut",
    "capitalize",
    "slugify",
    "stripTags",
    "yesno",
    "eq",
    "gt",
    "and",
    "or",
    "not",
    "dateFormat",
    "now",
    "uuid",
    "ordinalize",
    "round",
    "len",
    "lookup",
];

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..100).prop_map(|n| n.to_string()),
        Just("9999999999999".to_string()),
        Just("4000000000".to_string()),
        Just("100000000".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("\"x\"".to_string()),
    ]
}

fn argument() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("\"x\"".to_string()),
        Just("\"(((\"".to_string()),
        Just("plan".to_string()),
        Just("many".to_string()),
        Just("@root.big".to_string()),
        Just("this".to_string()),
        Just("Nope.Missing".to_string()),
        number(),
    ];
    leaf.prop_recursive(40, 200, 3, |inner| {
        (
            proptest::sample::select(HELPERS),
            proptest::collection::vec(inner, 0..3),
        )
            .prop_map(|(h, args)| format!("({h} {})", args.join(" ")))
    })
}

fn hash() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        number().prop_map(|n| format!(" size={n}")),
        Just(" pad=\"€\"".to_string()),
        Just(" yes=\"y\" no=\"n\"".to_string()),
    ]
}

fn template() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("hi ".to_string()),
        Just("{{plan}}".to_string()),
        Just("{{@root.big}}".to_string()),
        Just("{{this}}{{@index}}".to_string()),
        (0u8..3).prop_map(|n| format!("{{{{> p{n}}}}}")),
        (
            proptest::sample::select(HELPERS),
            proptest::collection::vec(argument(), 0..3),
            hash()
        )
            .prop_map(|(h, args, hash)| format!("{{{{{h} {}{hash}}}}}", args.join(" "))),
    ];
    leaf.prop_recursive(48, 400, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|parts| parts.concat()),
            (argument(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("{{{{#if {c}}}}}{a}{{{{else}}}}{b}{{{{/if}}}}")),
            inner
                .clone()
                .prop_map(|t| format!("{{{{#each @root.many}}}}{t}{{{{/each}}}}")),
            inner
                .clone()
                .prop_map(|t| format!("{{{{#with User}}}}{t}{{{{/with}}}}")),
            (0u8..3, inner.clone())
                .prop_map(|(n, t)| format!("{{{{#*inline \"p{n}\"}}}}{t}{{{{/inline}}}}")),
            (1usize..80, inner.clone()).prop_map(|(k, t)| format!(
                "{{{{#if Nope}}}}{}{t}{{{{/if}}}}",
                "{{else if Nope}}".repeat(k)
            )),
            (1usize..60).prop_map(|k| format!(
                "{{{{upper {}\"x\"{}}}}}",
                "(lower ".repeat(k),
                ")".repeat(k)
            )),
        ]
    })
}

/// Renders on a thread with tokio's default worker stack, as the server does.
fn render(src: String, escape: Escape) -> (Result<String, String>, Duration, Result<(), String>) {
    super::limit_tests::on_server_stack(move |r| {
        let checked = Renderer::check(&src);
        let started = Instant::now();
        let out = r.render(&src, &Renderer::context(data()), escape);
        (out, started.elapsed(), checked)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_template_answers_in_bounds(src in template(), html in any::<bool>()) {
        let escape = if html { Escape::Html } else { Escape::None };
        let (out, took, checked) = render(src.clone(), escape);
        prop_assert!(took < HANG, "{took:?} for {src}");
        match out {
            Ok(text) => {
                prop_assert!(text.len() <= MAX_PART_BYTES);
                prop_assert!(checked.is_ok(), "refused when written, yet rendered: {src}");
            }
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }
}
