//! The scan and the circle rule on made-up crates, so their corner cases stay pinned.

use std::collections::BTreeMap;

use super::circles::circles;
use super::graph::Graph;

fn graph(files: &[(&str, &str)]) -> Graph {
    let map: BTreeMap<&str, &str> = files.iter().copied().collect();
    Graph::read(&|f| map.get(f).map(|t| t.to_string()))
}

fn arrows(edges: &BTreeMap<String, std::collections::BTreeSet<String>>) -> Vec<String> {
    edges
        .iter()
        .flat_map(|(f, to)| to.iter().map(move |t| format!("{f} -> {t}")))
        .collect()
}

#[test]
fn paths_lead_to_the_file_that_defines_the_item() {
    let a = r#"
        use crate::b::{self, inner::{go as run}};
        use crate::Thing;
        /* crate::nowhere, and // crate::nowhere */
        fn f() -> char { let _ = "see crate::nowhere"; b::helper(); run(); '"' }
        #[serde(with = "crate::c")]
        struct S<'a>(&'a str);
    "#;
    let inner = "pub fn go() {}
        #[cfg(test)]
        mod tests {
            use super::*;
            fn t() { go(); super::super::super::a::f(); }
        }";
    let g = graph(&[
        (
            "src/lib.rs",
            "mod a;\npub mod b;\npub mod c;\npub use b::Thing;\n",
        ),
        ("src/a.rs", a),
        (
            "src/b/mod.rs",
            "mod inner;\npub struct Thing;\npub fn helper() { inner::go() }",
        ),
        ("src/b/inner.rs", inner),
        ("src/c.rs", "pub fn serialize() {}"),
        ("src/main.rs", "use pinpoint_local::Thing;\nfn main() {}"),
    ]);
    assert_eq!(
        arrows(&g.edges),
        [
            "src/a.rs -> src/b/inner.rs",
            "src/a.rs -> src/b/mod.rs",
            "src/a.rs -> src/c.rs",
            "src/b/mod.rs -> src/b/inner.rs",
            "src/lib.rs -> src/b/mod.rs",
            "src/main.rs -> src/b/mod.rs",
        ]
    );
    // The `#[cfg(test)]` module's arrow is test code's.
    assert_eq!(arrows(&g.test_edges), ["src/b/inner.rs -> src/a.rs"]);
}

#[test]
fn test_files_are_test_code_however_deep() {
    let g = graph(&[
        ("src/lib.rs", "pub mod low;\npub mod high;"),
        (
            "src/low/mod.rs",
            "#[cfg(test)]\n#[allow(dead_code)]\nmod tests;\npub fn f() {}",
        ),
        ("src/low/tests/mod.rs", "mod deeper;"),
        ("src/low/tests/deeper.rs", "fn t() { crate::high::g(); }"),
        ("src/high.rs", "pub fn g() { crate::low::f(); }"),
        ("src/main.rs", ""),
    ]);
    assert_eq!(arrows(&g.edges), ["src/high.rs -> src/low/mod.rs"]);
    assert_eq!(
        arrows(&g.test_edges),
        ["src/low/tests/deeper.rs -> src/high.rs"]
    );
}

#[test]
fn a_parent_and_its_children_may_lean_on_each_other() {
    let g = graph(&[
        ("src/lib.rs", "pub mod s;"),
        (
            "src/s/mod.rs",
            "mod x;\nmod y;\npub struct Store { f: x::F }",
        ),
        ("src/s/x.rs", "pub struct F;\nimpl super::Store {}"),
        (
            "src/s/y.rs",
            "use super::x::F;\nimpl super::Store { fn f(_: F) {} }",
        ),
        ("src/main.rs", ""),
    ]);
    assert_eq!(circles(&g), []);
}

#[test]
fn a_circle_between_siblings_is_found_also_when_it_climbs_to_a_parent() {
    let g = graph(&[
        ("src/lib.rs", "mod p;\nmod q;"),
        (
            "src/p/mod.rs",
            "mod r;\npub struct P;\nfn f() { crate::q::g(); }",
        ),
        ("src/q.rs", "pub fn g() { crate::p::r::h(); }"),
        ("src/p/r.rs", "pub fn h() { let _ = super::P; }"),
        ("src/main.rs", ""),
    ]);
    let found = circles(&g);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].path,
        ["src/p/mod.rs", "src/q.rs", "src/p/r.rs", "src/p/mod.rs"]
    );
}
