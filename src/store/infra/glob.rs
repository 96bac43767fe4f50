//! The `*` / `?` glob patterns RemoveAttributes accepts (docs/behaviour.md#remove-attributes-patterns).

/// Whether `name` matches `pattern`, where `*` matches any run of characters (also none) and
/// `?` exactly one. Iterative with backtracking to the last `*`, so it is linear in practice and
/// cannot blow up on hostile patterns.
pub fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn exact_star_and_question_mark() {
        assert!(matches("Interests", "Interests"));
        assert!(!matches("Interests", "interests"));
        assert!(matches("temp_*", "temp_"));
        assert!(matches("temp_*", "temp_1"));
        assert!(!matches("temp_*", "tmp_1"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(matches("*", "anything"));
        assert!(matches("*x*y", "__x__y"));
        assert!(!matches("*x*y", "__x__"));
        assert!(matches("**a", "a"));
    }

    #[test]
    fn hostile_pattern_is_fast() {
        let name = "a".repeat(2000);
        assert!(!matches(
            &"*a".repeat(50).to_string().replace("*a*a", "*a*b"),
            &name
        ));
    }
}
