//! The crate's sources as a file-level dependency graph, without a parser crate: the module tree
//! from `mod` items, the bindings of `use` items, and every path that starts with `crate`,
//! `self`, `super`, a child module or a `use` binding. A path is followed to the file that
//! defines its item, through `use` re-exports, so naming `crate::AppState` depends on the file
//! where `AppState` is written, not on `lib.rs` that passes it along. A `mod` item is not a
//! reference; a `use` that binds a module is not one either, the paths through it are.
//! References from test code (a `#[cfg(test)]` module and everything in it) are kept apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::tokens::{tokens, use_trees, Tok};

/// Reads a source file by its path in the repository (`src/lib.rs`); `None` when there is none.
pub type Source<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A module of the crate: a file, or a `mod name { … }` inside one.
struct Module {
    /// The file it is written in (`src/store/mod.rs`).
    file: String,
    parent: Option<usize>,
    /// Test code: a `#[cfg(test)]` module or one inside it.
    test: bool,
    children: BTreeMap<String, usize>,
    /// `use` bindings: the bound name and the path it stands for, as written.
    uses: BTreeMap<String, Vec<String>>,
}

/// The crate's files and which files each one refers to.
pub struct Graph {
    modules: Vec<Module>,
    /// Per file, the files its code refers to (never itself), test code left out.
    pub edges: BTreeMap<String, BTreeSet<String>>,
    /// Per file, the files its test code refers to.
    pub test_edges: BTreeMap<String, BTreeSet<String>>,
}

/// A path written in a module: the module and the path's segments.
type Ref = (usize, Vec<String>);
/// A `use` binding: the module it is written in, the bound name (`*` for a glob) and its path.
type Use = (usize, String, Vec<String>);

/// The state of one reading.
struct Reader<'a> {
    source: Source<'a>,
    modules: Vec<Module>,
    refs: Vec<Ref>,
    uses: Vec<Use>,
}

impl Reader<'_> {
    /// Adds a module to the tree; `test` when it is `#[cfg(test)]` (its children inherit it).
    fn add(&mut self, file: String, parent: Option<(usize, String)>, test: bool) -> usize {
        let id = self.modules.len();
        let parent_test = parent.as_ref().is_some_and(|(p, _)| self.modules[*p].test);
        self.modules.push(Module {
            file,
            parent: parent.as_ref().map(|(p, _)| *p),
            test: test || parent_test,
            children: BTreeMap::new(),
            uses: BTreeMap::new(),
        });
        if let Some((p, name)) = parent {
            self.modules[p].children.insert(name, id);
        }
        id
    }

    /// Reads a file and the files of its `mod` items into the module tree.
    fn load(&mut self, file: String, parent: Option<(usize, String)>, test: bool) {
        let text = (self.source)(&file).unwrap_or_else(|| panic!("cannot read {file}"));
        let id = self.add(file, parent, test);
        self.scan(id, &tokens(&text), &mut 0, false);
    }

    /// A module's file: `name.rs` or `name/mod.rs` next to a `mod.rs`, `lib.rs` or `main.rs`
    /// parent, or in the directory named after any other parent.
    fn child_file(&self, parent_file: &str, name: &str) -> Option<String> {
        let parent = Path::new(parent_file);
        let stem = parent.file_stem().unwrap().to_str().unwrap();
        let dir = if matches!(stem, "mod" | "lib" | "main") {
            parent.parent().unwrap().to_path_buf()
        } else {
            parent.with_extension("")
        };
        [
            dir.join(format!("{name}.rs")),
            dir.join(name).join("mod.rs"),
        ]
        .into_iter()
        .map(|p| p.to_str().unwrap().to_string())
        .find(|p| (self.source)(p).is_some())
    }

    /// The items of one module, up to its closing brace (inline) or the end of the file.
    fn scan(&mut self, id: usize, t: &[Tok], i: &mut usize, inline: bool) {
        let file = self.modules[id].file.clone();
        let ident = |k: usize| match t.get(k) {
            Some(Tok::Ident(w)) => Some(w.clone()),
            _ => None,
        };
        let mut depth = 0usize;
        // Whether the next item is `#[cfg(test)]`.
        let mut cfg_test = false;
        let cfg_test_at = |k: usize| {
            let want = ["#", "[", "cfg", "(", "test", ")", "]"];
            want.iter().enumerate().all(|(n, w)| match t.get(k + n) {
                Some(Tok::Punct(c)) => w.len() == 1 && w.starts_with(*c),
                Some(Tok::Ident(id)) => id == w,
                _ => false,
            })
        };
        while *i < t.len() {
            if depth == 0 && cfg_test_at(*i) {
                cfg_test = true;
                *i += 7;
                continue;
            }
            if depth == 0 && matches!(t[*i], Tok::Punct(';' | '{' | '}')) {
                cfg_test = false;
            }
            match &t[*i] {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') if depth == 0 && inline => {
                    *i += 1;
                    return;
                }
                Tok::Punct('}') => depth = depth.saturating_sub(1),
                Tok::Ident(w) if w == "mod" && depth == 0 && ident(*i + 1).is_some() => {
                    let name = ident(*i + 1).unwrap();
                    let test = std::mem::take(&mut cfg_test);
                    *i += 2;
                    if t.get(*i) == Some(&Tok::Punct('{')) {
                        *i += 1;
                        let inner = self.add(file.clone(), Some((id, name)), test);
                        self.scan(inner, t, i, true);
                    } else {
                        let child = self
                            .child_file(&file, &name)
                            .unwrap_or_else(|| panic!("{file}: no file for `mod {name}`"));
                        self.load(child, Some((id, name)), test);
                    }
                    continue;
                }
                Tok::Ident(w) if w == "use" && t.get(*i + 1) != Some(&Tok::Punct('<')) => {
                    *i += 1;
                    let mut found = Vec::new();
                    use_trees(t, i, Vec::new(), &mut found);
                    for (name, path) in found {
                        if name != "*" && name != "_" {
                            self.modules[id].uses.insert(name.clone(), path.clone());
                        }
                        self.uses.push((id, name, path));
                    }
                    continue;
                }
                Tok::Ident(w) if t.get(*i + 1) == Some(&Tok::Path) => {
                    // The start of a path, not a later segment nor a method's turbofish.
                    let inside = *i > 0 && matches!(t[*i - 1], Tok::Path | Tok::Punct('.'));
                    if !inside {
                        let mut path = vec![w.clone()];
                        let mut k = *i + 1;
                        while t.get(k) == Some(&Tok::Path) {
                            match ident(k + 1) {
                                Some(seg) => path.push(seg),
                                None => break,
                            }
                            k += 2;
                        }
                        self.refs.push((id, path));
                        *i = k;
                        continue;
                    }
                }
                _ => {}
            }
            *i += 1;
        }
    }
}

impl Graph {
    /// Reads the library crate rooted at `src/lib.rs` and the binary at `src/main.rs` (which
    /// reaches the library as `pinpoint_local`).
    pub fn read(source: Source<'_>) -> Graph {
        let mut r = Reader {
            source,
            modules: Vec::new(),
            refs: Vec::new(),
            uses: Vec::new(),
        };
        for root in ["src/lib.rs", "src/main.rs"] {
            r.load(root.into(), None, false);
        }
        let mut g = Graph {
            modules: r.modules,
            edges: BTreeMap::new(),
            test_edges: BTreeMap::new(),
        };
        for (m, name, path) in &r.uses {
            // A glob imports items, so it refers to the module; a name bound to a module does not.
            let target = g.resolve(*m, path, name == "*", 0);
            g.edge(*m, target);
        }
        for (m, path) in &r.refs {
            let target = g.resolve(*m, path, true, 0);
            g.edge(*m, target);
        }
        g
    }

    /// Reads the repository this test runs in.
    pub fn of_repo() -> Graph {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Graph::read(&|file| std::fs::read_to_string(root.join(file)).ok())
    }

    /// Every file read.
    pub fn files(&self) -> BTreeSet<String> {
        self.modules.iter().map(|m| m.file.clone()).collect()
    }

    fn edge(&mut self, from: usize, to: Option<String>) {
        let test = self.modules[from].test;
        let from = self.modules[from].file.clone();
        if let Some(to) = to.filter(|to| *to != from) {
            let edges = if test {
                &mut self.test_edges
            } else {
                &mut self.edges
            };
            edges.entry(from).or_default().insert(to);
        }
    }

    /// The file that defines what `path`, written in module `m`, names; `None` for paths out of
    /// the crate. A path that ends at a module gives that module's file when `modules` is set.
    fn resolve(&self, m: usize, path: &[String], modules: bool, hops: usize) -> Option<String> {
        if hops > 32 || path.is_empty() {
            return None;
        }
        let (start, rest) = match path[0].as_str() {
            "crate" => (self.crate_root(m), &path[1..]),
            "pinpoint_local" => (0, &path[1..]),
            "self" => (m, &path[1..]),
            "super" => {
                let mut at = m;
                let mut k = 0;
                while path.get(k).map(String::as_str) == Some("super") {
                    at = self.modules[at].parent?;
                    k += 1;
                }
                (at, &path[k..])
            }
            name => {
                // A child module, or a binding of this module or of the file around it (an
                // inline module sees its file's names through `use super::*`).
                let mut scope = Some(m);
                loop {
                    let s = scope?;
                    if let Some(&child) = self.modules[s].children.get(name) {
                        break (child, &path[1..]);
                    }
                    if let Some(bound) = self.modules[s].uses.get(name) {
                        let whole: Vec<String> = bound.iter().chain(&path[1..]).cloned().collect();
                        return self.resolve(s, &whole, modules, hops + 1);
                    }
                    let parent = self.modules[s].parent;
                    scope = parent.filter(|&p| self.modules[p].file == self.modules[s].file);
                }
            }
        };
        let mut at = start;
        for (k, seg) in rest.iter().enumerate() {
            if let Some(&child) = self.modules[at].children.get(seg) {
                at = child;
            } else if let Some(bound) = self.modules[at].uses.get(seg) {
                let whole: Vec<String> = bound.iter().chain(&rest[k + 1..]).cloned().collect();
                return self.resolve(at, &whole, modules, hops + 1);
            } else {
                return Some(self.modules[at].file.clone());
            }
        }
        modules.then(|| self.modules[at].file.clone())
    }

    /// The root of the crate `m` is in: the library's (module 0) or the binary's.
    fn crate_root(&self, mut m: usize) -> usize {
        while let Some(p) = self.modules[m].parent {
            m = p;
        }
        m
    }
}
