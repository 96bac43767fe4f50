//! The layers of `docs/architecture.md`, checked on the sources: every file belongs to a layer,
//! no file refers to a module of a higher layer, and no files refer to each other in a circle.
//! How references are found is in [`graph`]; which circles count is in [`circles`]. Test code
//! (`#[cfg(test)]` modules) may use any layer: it ships in no build, and a test of a rule
//! sometimes reads its input with a higher layer's parser.

mod circles;
mod graph;
mod self_test;
mod tokens;

use circles::circles;
use graph::Graph;

/// The layers, lowest first, and the top-level modules in each (`<lib>` is `src/lib.rs`,
/// `<main>` is `src/main.rs`). A file may refer to its own layer and the ones below it.
/// `docs/architecture.md` describes the same table, and says why.
pub const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundations",
        &[
            "clock", "ids", "time", "phone", "render", "paging", "model", "webhook",
        ],
    ),
    ("store", &["store"]),
    ("wire", &["error", "protocol", "dto", "wire"]),
    ("app", &["config", "state", "persist", "s3", "views"]),
    ("routes", &["routes"]),
    (
        "server",
        &["<lib>", "<main>", "conn_errors", "conn_watch", "health"],
    ),
];

/// The module path of a file: `src/store/app/mod.rs` → `["store", "app"]`.
fn module_of(file: &str) -> Vec<&str> {
    let path = file
        .strip_prefix("src/")
        .unwrap()
        .strip_suffix(".rs")
        .unwrap();
    let mut parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["lib"] => return vec!["<lib>"],
        ["main"] => return vec!["<main>"],
        _ => {}
    }
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    parts
}

/// The index of a file's layer in [`LAYERS`], `None` for a module no layer names.
fn layer_of(file: &str) -> Option<usize> {
    let top = module_of(file)[0];
    LAYERS.iter().position(|(_, mods)| mods.contains(&top))
}

/// Whether `b` is the file of `a`'s module's parent or a further ancestor (`src/lib.rs` is the
/// ancestor of every library file).
fn is_ancestor(b: &str, a: &str) -> bool {
    let (ma, mb) = (module_of(a), module_of(b));
    if mb == ["<lib>"] {
        return ma != ["<lib>"] && ma != ["<main>"];
    }
    mb.len() < ma.len() && ma[..mb.len()] == mb[..]
}

#[test]
fn every_file_belongs_to_a_layer() {
    let lost: Vec<String> = Graph::of_repo()
        .files()
        .into_iter()
        .filter(|f| layer_of(f).is_none())
        .collect();
    assert!(
        lost.is_empty(),
        "these files are in modules no layer names; add the module to LAYERS in \
         tests/it/layers/mod.rs and to docs/architecture.md:\n  {}",
        lost.join("\n  ")
    );
}

#[test]
fn no_file_refers_to_a_higher_layer() {
    let g = Graph::of_repo();
    let mut upward = Vec::new();
    for (from, tos) in &g.edges {
        for to in tos {
            if let (Some(a), Some(b)) = (layer_of(from), layer_of(to)) {
                if b > a {
                    let (la, lb) = (LAYERS[a].0, LAYERS[b].0);
                    upward.push(format!("{from} ({la}) -> {to} ({lb})"));
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "files refer to a higher layer (docs/architecture.md#layers):\n  {}",
        upward.join("\n  ")
    );
}

#[test]
fn no_files_refer_to_each_other_in_a_circle() {
    let found: Vec<String> = circles(&Graph::of_repo())
        .into_iter()
        .map(|c| {
            let others: Vec<&str> = c
                .files
                .iter()
                .filter(|f| !c.path.contains(f))
                .map(String::as_str)
                .collect();
            match others.is_empty() {
                true => c.path.join(" -> "),
                false => format!(
                    "{}\n    (in one knot with {})",
                    c.path.join(" -> "),
                    others.join(", ")
                ),
            }
        })
        .collect();
    assert!(
        found.is_empty(),
        "files refer to each other in a circle (docs/architecture.md#circles):\n  {}",
        found.join("\n  ")
    );
}

/// The scan sees the arrows it must: without this, a scanner that found nothing would pass.
#[test]
fn the_graph_has_the_arrows_everyone_knows() {
    let g = Graph::of_repo();
    for (from, to) in [
        ("src/routes/mod.rs", "src/protocol/catalog.rs"),
        ("src/routes/apps.rs", "src/state.rs"),
        ("src/store/resources/tags_by_arn.rs", "src/store/app/mod.rs"),
        ("src/store/mod.rs", "src/store/app/mod.rs"),
        ("src/error.rs", "src/store/error.rs"),
        ("src/main.rs", "src/config.rs"),
    ] {
        assert!(
            g.edges.get(from).is_some_and(|t| t.contains(to)),
            "{from} -> {to} is missing"
        );
    }
}

/// The words keep up: `docs/architecture.md` names every module of [`LAYERS`], the crate
/// documentation in `src/lib.rs` links every top-level module, and [`LAYERS`] names no module
/// that is gone.
#[test]
fn the_words_name_every_module() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let lib_doc: String = lib.lines().filter(|l| l.starts_with("//!")).collect();
    let files = Graph::of_repo().files();
    let tops: std::collections::BTreeSet<&str> = files.iter().map(|f| module_of(f)[0]).collect();
    let mut missing = Vec::new();
    for (layer, mods) in LAYERS {
        for m in *mods {
            let name = match *m {
                "<lib>" => "lib.rs".to_string(),
                "<main>" => "main.rs".to_string(),
                m => m.to_string(),
            };
            if !doc.contains(&format!("`{name}`")) {
                missing.push(format!(
                    "docs/architecture.md does not name `{name}` ({layer})"
                ));
            }
            if !tops.contains(m) {
                missing.push(format!("LAYERS names {m}, which is not a module"));
            }
            if !m.starts_with('<') && !lib_doc.contains(&format!("[`{m}`]")) {
                missing.push(format!(
                    "the crate documentation in src/lib.rs does not link [`{m}`]"
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
