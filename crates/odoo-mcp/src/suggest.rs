//! "Did you mean …?": the closest known name to a misspelt one (model, tool or configuration
//! key), by edit distance. The one home of that rule; every "did you mean" uses it.

/// The candidate closest to `word`, when it is close enough to be a likely typo: at most one
/// edit for names up to 4 characters, then one more per 4 characters (`res.partnr` →
/// `res.partner`, `search_record` → `search_records`). Ties go to the first candidate.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.trim();
    if word.is_empty() {
        return None;
    }
    let limit = 1 + word.chars().count() / 4;
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// " Did you mean `x`?" for [`closest`], or an empty string.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(word, candidates)
        .map(|c| format!(" Did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost 1. Inputs here are short names (capped at 256 chars).
fn distance(a: &str, b: &str) -> usize {
    const CAP: usize = 256;
    let a: Vec<char> = a.chars().take(CAP).collect();
    let b: Vec<char> = b.chars().take(CAP).collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_intended_name() {
        let models = ["res.partner", "res.users", "sale.order", "res.company"];
        assert_eq!(closest("res.partnr", models), Some("res.partner"));
        assert_eq!(closest("res.patrner", models), Some("res.partner"));
        assert_eq!(closest("Sale.Order", models), Some("sale.order"));
        let tools = ["search_records", "read_records", "count_records"];
        assert_eq!(closest("search_record", tools), Some("search_records"));
        assert_eq!(
            closest("stateles", ["stateless", "listen"]),
            Some("stateless")
        );
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        let models = ["res.partner", "res.users", "sale.order"];
        assert_eq!(closest("stock.picking", models), None);
        assert_eq!(closest("", models), None);
        assert_eq!(
            closest("res.partner", models),
            None,
            "an exact name is no typo"
        );
        assert_eq!(closest("ab", ["xy"]), None);
        assert_eq!(did_you_mean("zzzz", models), "");
        assert_eq!(
            did_you_mean("res.partnr", models),
            " Did you mean `res.partner`?"
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("", "abc"), 3);
        let long = "x".repeat(10_000);
        assert_eq!(distance(&long, &long), 0, "capped, no blow-up");
    }
}
