//! `page-size` / `token` paging with an opaque NextToken (GetApps).
//!
//! The token is the hex of the sort key of the last item returned; the next page starts after
//! it, so items added or removed between pages neither repeat nor vanish. A bad `page-size` or
//! `token` is a [`PageError`], which the wire layer answers with a 400.

/// Items per page when `page-size` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// The largest `page-size` accepted.
pub const MAX_PAGE_SIZE: usize = 1000;

/// A `page-size` or `token` a listing cannot take; the text is the message the client sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PageError(pub String);

/// One page and the token of the next, absent on the last page.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

fn encode(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode(token: &str) -> Option<String> {
    if !token.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// The `page-size` and `token` query members of a listing.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    #[serde(rename = "page-size")]
    pub page_size: Option<String>,
    pub token: Option<String>,
}

impl PageQuery {
    /// Cuts one page out of `items`, sorted by `key`, as this query asks.
    pub fn page<T>(&self, items: Vec<T>, key: impl Fn(&T) -> String) -> Result<Page<T>, PageError> {
        page(items, self.page_size.as_deref(), self.token.as_deref(), key)
    }
}

/// Parses `page-size` and `token`: the page's size and the key the page starts after.
pub fn parse(
    page_size: Option<&str>,
    token: Option<&str>,
) -> Result<(usize, Option<String>), PageError> {
    let size = match page_size {
        None => DEFAULT_PAGE_SIZE,
        Some(s) => s
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
            .ok_or_else(|| {
                PageError(format!(
                    "Invalid page-size {s:?}: must be a whole number from 1 to {MAX_PAGE_SIZE}"
                ))
            })?,
    };
    let after = match token.filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(decode(t).ok_or_else(|| PageError(format!("Invalid token {t:?}")))?),
    };
    Ok((size, after))
}

/// Cuts one page out of `items`, which must be sorted by `key`.
pub fn page<T>(
    items: Vec<T>,
    page_size: Option<&str>,
    token: Option<&str>,
    key: impl Fn(&T) -> String,
) -> Result<Page<T>, PageError> {
    let (size, after) = parse(page_size, token)?;
    let mut rest: Vec<T> = match &after {
        None => items,
        Some(a) => items.into_iter().filter(|i| key(i) > *a).collect(),
    };
    let more = rest.len() > size;
    rest.truncate(size);
    let next_token = if more {
        rest.last().map(|l| encode(&key(l)))
    } else {
        None
    };
    Ok(Page {
        items: rest,
        next_token,
    })
}

/// The page of `size` items with the smallest keys after `after`, out of items in any order
/// whose keys are distinct: a partial sort, so a page of a large listing costs one pass
/// over it rather than a full sort.
pub fn cut<T>(
    items: impl IntoIterator<Item = T>,
    size: usize,
    after: Option<&str>,
    key: impl Fn(&T) -> &str,
) -> Page<T> {
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|i| after.is_none_or(|a| key(i) > a))
        .collect();
    if rest.len() > size + 1 {
        rest.select_nth_unstable_by(size, |a, b| key(a).cmp(key(b)));
        rest.truncate(size + 1);
    }
    rest.sort_unstable_by(|a, b| key(a).cmp(key(b)));
    let more = rest.len() > size;
    rest.truncate(size);
    let next_token = if more {
        rest.last().map(|l| encode(key(l)))
    } else {
        None
    };
    Page {
        items: rest,
        next_token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_return_every_item_once_and_the_last_has_no_token() {
        let items: Vec<String> = (0..7).map(|i| format!("k{i}")).collect();
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let p = page(items.clone(), Some("3"), token.as_deref(), |s| s.clone()).unwrap();
            seen.extend(p.items);
            match p.next_token {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn bad_page_size_and_token_are_bad_requests() {
        for ps in ["0", "-1", "abc", "1001"] {
            assert!(
                page(vec![1], Some(ps), None, |i| i.to_string()).is_err(),
                "{ps}"
            );
        }
        assert!(page(vec![1], None, Some("zz"), |i| i.to_string()).is_err());
        assert!(page(vec![1], None, Some("abc"), |i| i.to_string()).is_err());
    }

    #[test]
    fn cut_pages_unsorted_items_in_key_order() {
        let items: Vec<String> = ["k4", "k1", "k6", "k0", "k3", "k5", "k2"]
            .map(String::from)
            .to_vec();
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let p = cut(items.clone(), 3, after.as_deref(), |s| s.as_str());
            seen.extend(p.items);
            match p.next_token {
                Some(t) => after = Some(decode(&t).unwrap()),
                None => break,
            }
        }
        let mut sorted = items;
        sorted.sort();
        assert_eq!(seen, sorted);
    }
}
