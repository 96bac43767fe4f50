use std::sync::Arc;

use serde_json::{json, Value};

use super::{Escape, Renderer};
use crate::clock::ManualClock;
use crate::ids::SequentialIds;

fn renderer(strict: bool) -> Renderer {
    Renderer::new(
        Arc::new(ManualClock::default()),
        Arc::new(SequentialIds::default()),
        strict,
    )
}

fn data() -> Value {
    json!({
        "Address": "+12065550100",
        "Attributes": {"colors": ["red", "blue", "green"], "Purchase": ["Shoes"]},
        "User": {"UserId": "u1", "UserAttributes": {
            "FirstName": ["Sofia"], "LastName": ["Santos"], "UserAge": ["22"],
            "StartDate": ["09/19/2020"], "Last Name": ["Roe"]
        }},
        "Metrics": {"visits": 10.0},
        "Location": {"City": "Los Angeles", "Country": "US"},
        "html": "<b>&</b>",
        "many": (1..=20).map(|n| n.to_string()).collect::<Vec<_>>(),
    })
}

fn render(r: &Renderer, src: &str) -> Result<String, String> {
    r.render(src, &Renderer::context(data()), Escape::None)
}

fn ok(src: &str) -> String {
    render(&renderer(false), src).unwrap_or_else(|e| panic!("{src}: {e}"))
}

#[test]
fn lists_render_as_their_element_or_joined() {
    assert_eq!(ok("Hi {{User.UserAttributes.FirstName}}"), "Hi Sofia");
    assert_eq!(ok("Hi {{User.UserAttributes.FirstName.[0]}}"), "Hi Sofia");
    assert_eq!(ok("{{Attributes.colors}}"), "red, blue, green");
    assert_eq!(ok("{{User.UserAttributes.[Last Name].[0]}}"), "Roe");
    assert_eq!(ok("{{Metrics.visits}} visits"), "10 visits");
    assert_eq!(ok("[{{Nope.Missing}}]"), "[]");
}

#[test]
fn strict_mode_fails_on_a_variable_without_a_value() {
    let err = render(&renderer(true), "Hi {{User.UserAttributes.Nickname}}").unwrap_err();
    assert!(err.contains("User.UserAttributes.Nickname"), "{err}");
    // A missing value inside a condition is only false, even in strict mode.
    let r = render(&renderer(true), "{{#if Nope}}a{{else}}b{{/if}}").unwrap();
    assert_eq!(r, "b");
}

#[test]
fn only_email_html_is_escaped_and_triple_braces_never_are() {
    let r = renderer(false);
    let ctx = Renderer::context(data());
    assert_eq!(
        r.render("{{html}}", &ctx, Escape::None).unwrap(),
        "<b>&</b>"
    );
    assert_eq!(
        r.render("{{html}}", &ctx, Escape::Html).unwrap(),
        "&lt;b&gt;&amp;&lt;/b&gt;"
    );
    assert_eq!(
        r.render("{{{html}}}", &ctx, Escape::Html).unwrap(),
        "<b>&</b>"
    );
}

#[test]
fn conditionals_compare_numbers_as_numbers_and_take_yes_and_no() {
    assert_eq!(
        ok("{{#gt Metrics.visits \"9\"}}yes{{else}}no{{/gt}}"),
        "yes"
    );
    assert_eq!(
        ok("{{#gt User.UserAttributes.UserAge.[0] \"17\"}}old{{/gt}}"),
        "old"
    );
    assert_eq!(
        ok("{{eq Location.City \"Los Angeles\" yes='y' no='n'}}"),
        "y"
    );
    assert_eq!(ok("{{lt 2 10 yes='y' no='n'}}"), "y");
    assert_eq!(ok("{{lt \"b\" \"a\" yes='y' no='n'}}"), "n");
    assert_eq!(
        ok("{{#and (eq Location.City \"Los Angeles\") (eq Location.Country \"US\")}}LA{{else}}no{{/and}}"),
        "LA"
    );
    assert_eq!(
        ok("{{#or (eq Location.City \"Seattle\") (eq Location.City \"Boston\")}}west{{else}}other{{/or}}"),
        "other"
    );
    assert_eq!(
        ok("{{#not (eq Attributes.colors.[0] \"red\")}}x{{else}}red{{/not}}"),
        "red"
    );
    assert_eq!(
        ok("{{#neq Attributes.colors.[0] \"red\"}}x{{else}}same{{/neq}}"),
        "same"
    );
    assert_eq!(ok("{{#if Nope}}a{{else if Address}}b{{/if}}"), "b");
}

#[test]
fn each_stops_at_fifteen_items() {
    let out = ok("{{#each many}}{{this}},{{/each}}");
    assert_eq!(out.matches(',').count(), 15);
    assert!(out.starts_with("1,2,") && out.ends_with("15,"), "{out}");
    assert_eq!(ok("{{#each Nope}}x{{else}}none{{/each}}"), "none");
    assert_eq!(
        ok("{{#each Attributes.colors}}{{@index}}={{this}} {{/each}}"),
        "0=red 1=blue 2=green "
    );
}

#[test]
fn string_helpers_follow_the_documented_examples() {
    assert_eq!(ok("{{upper User.UserAttributes.LastName.[0]}}"), "SANTOS");
    assert_eq!(ok("{{lower User.UserAttributes.LastName}}"), "santos");
    assert_eq!(ok("{{abbreviate \"Alejandro\" 6}}"), "Ale...");
    assert_eq!(ok("{{capitalize \"my first post\"}}"), "My First Post");
    assert_eq!(ok("{{capitalizeFirst \"my first post\"}}"), "My first post");
    assert_eq!(
        ok("[{{center Location.City size=19}}]"),
        "[    Los Angeles    ]"
    );
    assert_eq!(ok("{{cut Location.City \"e\"}}"), "Los Angls");
    assert_eq!(
        ok("{{inflect 3 \"apple\" \"apples\" includeCount=true}}"),
        "3 apples"
    );
    assert_eq!(ok("{{inflect 1 \"apple\" \"apples\"}}"), "apple");
    assert_eq!(ok("{{join Attributes.colors \", \"}}"), "red, blue, green");
    assert_eq!(ok("[{{ljust Location.City 15}}]"), "[Los Angeles    ]");
    assert_eq!(
        ok("[{{rjust Location.City 15 pad=\"*\"}}]"),
        "[****Los Angeles]"
    );
    assert_eq!(ok("{{ordinalize User.UserAttributes.UserAge.[0]}}"), "22nd");
    assert_eq!(ok("{{ordinalize 13}} {{ordinalize 101}}"), "13th 101st");
    assert_eq!(ok("{{replace Location.City \" \" \"_\"}}"), "Los_Angeles");
    assert_eq!(ok("{{slugify Location.City}}"), "los-angeles");
    assert_eq!(ok("{{stripTags html}}"), "&");
    assert_eq!(ok("{{substring Location.City 4 9}}"), "Angel");
    assert_eq!(
        ok("{{yesno true}} {{yesno false no=\"nope\"}} {{yesno Nope}}"),
        "yes nope maybe"
    );
    assert_eq!(ok("{{capitalizeFirst (lower \"JANE\")}}"), "Jane");
}

#[test]
fn math_and_encoding_helpers_follow_the_documented_examples() {
    assert_eq!(ok("{{add 5 2.3}}"), "7.3");
    assert_eq!(ok("{{subtract 5 2.3}}"), "2.7");
    assert_eq!(ok("{{multiply 5 2.3}}"), "11.5");
    assert!(ok("{{divide 5 2.3}}").starts_with("2.17391304"));
    assert_eq!(ok("{{modulo 7 2}}"), "1");
    assert_eq!(
        ok("{{ceiling 5.23}} {{floor 5.23}} {{round 19.21}}"),
        "6 5 19"
    );
    assert_eq!(ok("{{encode64 \"Hello World\"}}"), "SGVsbG8gV29ybGQ=");
    assert_eq!(ok("{{decode64 \"SGVsbG8gV29ybGQ=\"}}"), "Hello World");
    assert_eq!(
        ok("{{md5 \"Hello World\"}}"),
        "b10a8db164e0754105b7a99be72e3fe5"
    );
    assert_eq!(
        ok("{{sha256 \"Hello World\"}}"),
        "a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e"
    );
    assert!(ok("{{sha512 \"Hello World\"}}").starts_with("2c74fd17edafd80e8447b0d46741ee24"));
    assert_eq!(ok("{{uuid}}"), "00000000-0000-4000-8000-000000000001");
    assert!(render(&renderer(false), "{{add \"x\" 1}}")
        .unwrap_err()
        .contains("add"));
}

#[test]
fn dates_format_with_names_patterns_and_zones() {
    assert_eq!(
        ok("{{dateFormat User.UserAttributes.StartDate.[0] inputFormat=\"MM/dd/yyyy\" outputFormat=\"full\" tz=\"America/Los_Angeles\"}}"),
        "Saturday, September 19, 2020"
    );
    assert_eq!(
        ok("{{dateFormat \"2026-03-04T05:06:07Z\" \"short\"}}"),
        "3/4/26"
    );
    assert_eq!(
        ok("{{dateFormat \"2026-03-04T05:06:07Z\" outputFormat=\"yyyy-MM-dd HH:mm\" tz=\"Asia/Tokyo\"}}"),
        "2026-03-04 14:06"
    );
    assert_eq!(ok("{{now}}"), "Jan 1, 2026");
    assert_eq!(ok("{{now \"yyyy\" tz=\"Pacific/Auckland\"}}"), "2026");
    let r = renderer(false);
    assert!(render(&r, "{{now tz=\"Mars/Olympus\"}}")
        .unwrap_err()
        .contains("time zone"));
    assert!(render(&r, "{{dateFormat \"soon\"}}").is_err());
    // A date without a time is that day's midnight, as Java's SimpleDateFormat reads it.
    assert_eq!(
        ok("{{dateFormat \"09/19/2020\" inputFormat=\"MM/dd/yyyy\" outputFormat=\"MMMM d, yyyy HH:mm\"}}"),
        "September 19, 2020 00:00"
    );
    assert_eq!(
        ok("{{dateFormat \"2020-09-19\" outputFormat=\"HH:mm z\" tz=America/Los_Angeles}}"),
        "00:00 PDT"
    );
}

/// AWS's examples write helper arguments without quotes: a path that resolves to nothing is its
/// own text there (docs/behaviour.md#bare-words).
#[test]
fn bare_words_are_their_own_text_in_value_helpers() {
    assert_eq!(
        ok("{{dateFormat User.UserAttributes.StartDate.[0] inputFormat=\"MM/dd/yyyy\" outputFormat=\"full\" tz=America/Los_Angeles}}"),
        "Saturday, September 19, 2020"
    );
    assert_eq!(
        ok("{{now \"yyyy HH:mm\" tz=America/Los_Angeles}}"),
        "2025 16:00"
    );
    assert_eq!(
        ok("{{inflect 3 apple apples includeCount=false}}"),
        "apples"
    );
    assert_eq!(
        ok("{{inflect 3 apple apples includeCount=true}}"),
        "3 apples"
    );
    assert_eq!(
        ok("{{inflect 1 apple apples includeCount=true}}"),
        "1 apple"
    );
    // A path that resolves is its value; conditions, `yesno` and `each` still see a missing one.
    assert_eq!(ok("{{upper User.UserAttributes.FirstName}}"), "SOFIA");
    assert_eq!(ok("{{#if Nope}}a{{else}}b{{/if}}"), "b");
    assert_eq!(ok("{{yesno Nope}}"), "maybe");
    assert_eq!(ok("{{#each Nope}}x{{else}}none{{/each}}"), "none");
}

#[test]
fn inline_partials_work() {
    let src = "{{#* inline \"fullName\"}}{{User.UserAttributes.FirstName.[0]}} {{User.UserAttributes.LastName.[0]}}{{/inline}}Hello {{> fullName}}";
    assert_eq!(ok(src), "Hello Sofia Santos");
}

#[test]
fn unknown_helpers_and_syntax_errors_fail_with_a_reason() {
    let r = renderer(false);
    let unknown = render(&r, "{{shout Address}}").unwrap_err();
    assert!(unknown.contains("shout"), "{unknown}");
    let syntax = render(&r, "Hi {{#if x}}").unwrap_err();
    assert!(!syntax.is_empty());
}

#[test]
fn a_template_is_compiled_once() {
    let r = renderer(false);
    let ctx = Renderer::context(data());
    for _ in 0..3 {
        r.render("Hi {{Address}}", &ctx, Escape::None).unwrap();
        r.render("Hi {{Address}}", &ctx, Escape::Html).unwrap();
    }
    r.render("no variables", &ctx, Escape::None).unwrap();
    assert_eq!(r.cached(), 1);
}
