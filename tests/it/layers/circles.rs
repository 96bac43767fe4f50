//! Circles in the file graph: which arrows count, Tarjan's strongly connected components, and
//! one shortest circle in each to show.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::graph::Graph;
use super::is_ancestor;

/// One knot of files that refer to each other in a circle.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Circle {
    /// A shortest circle through the knot's first file, that file repeated at the end.
    pub path: Vec<String>,
    /// Every file of the knot.
    pub files: BTreeSet<String>,
}

/// The knots of files in circles.
///
/// A parent module and its children lean on each other by design: the parent declares and
/// assembles them (fields of their types, re-exports) and they use what it holds
/// (`super::Store`). So a circle that goes down from a file into its own submodules and comes
/// back up is allowed, and every other circle is reported. That is: the graph without the arrows
/// from a file to its ancestors has no circle, and neither has the graph without the arrows from
/// a file to its descendants.
pub fn circles(g: &Graph) -> Vec<Circle> {
    let mut found = BTreeSet::new();
    for drop_upward in [true, false] {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, tos) in &g.edges {
            for to in tos {
                let skip = if drop_upward {
                    is_ancestor(to, from)
                } else {
                    is_ancestor(from, to)
                };
                if !skip {
                    edges.entry(from).or_default().push(to);
                }
            }
        }
        for knot in strongly_connected(&edges) {
            found.insert(Circle {
                path: cycle_in(&edges, &knot),
                files: knot.iter().map(|f| f.to_string()).collect(),
            });
        }
    }
    found.into_iter().collect()
}

/// Tarjan's strongly connected components with more than one file.
fn strongly_connected<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<BTreeSet<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<BTreeSet<&'a str>>,
    }
    fn visit<'a>(v: &'a str, e: &BTreeMap<&'a str, Vec<&'a str>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for &w in e.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, e, s);
                s.low.insert(v, s.low[v].min(s.low[w]));
            } else if s.stack.contains(&w) {
                s.low.insert(v, s.low[v].min(s.index[w]));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                component.insert(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    for &v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(v, edges, &mut s);
        }
    }
    s.out
}

/// One shortest circle through the first file of a strongly connected component.
fn cycle_in(edges: &BTreeMap<&str, Vec<&str>>, component: &BTreeSet<&str>) -> Vec<String> {
    let start = *component.iter().next().unwrap();
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in edges.get(v).into_iter().flatten() {
            if !component.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![start.to_string()];
                let mut at = v;
                while at != start {
                    path.push(at.to_string());
                    at = came_from[at];
                }
                path.push(start.to_string());
                path.reverse();
                return path;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    unreachable!("a strongly connected component has a circle")
}
