//! Compiled model globs and `allowed_methods` rules.
//!
//! Model patterns are globs over model names (`*` matches any characters, dots included:
//! `account.*` matches `account.move.line`; `?` and `[abc]` work too), compared
//! case-sensitively with the whole name.
//!
//! An `allowed_methods` entry is either `method` (that method on every model the policy
//! lets through) or `model:method`; both halves are globs: `sale.order:action_confirm`,
//! `sale.order:action_*`, `*:message_post`, `action_confirm`.

use globset::{Glob, GlobBuilder, GlobMatcher};

/// A pattern that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern `{pattern}`: {problem}")]
pub struct PatternError {
    /// The pattern as written.
    pub pattern: String,
    /// Why it is invalid.
    #[source]
    pub problem: PatternProblem,
}

/// Why a pattern is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PatternProblem {
    /// Empty or blank.
    #[error("it is empty")]
    Empty,
    /// A space inside (names never hold one).
    #[error("it contains spaces")]
    Spaces,
    /// A tool-name glob with characters no tool name holds.
    #[error("use tool names, `*` and `?`, e.g. \"search_*\"")]
    NotToolNames,
    /// An `allowed_methods` entry naming a private method.
    #[error("private methods (starting with `_`) can never be called remotely")]
    PrivateMethod,
    /// Not a glob the matcher compiles (an unclosed `[`, …).
    #[error("{}", .0.kind())]
    Glob(#[source] Box<globset::Error>),
}

impl PatternError {
    pub(crate) fn new(pattern: &str, problem: PatternProblem) -> Self {
        Self {
            pattern: pattern.to_owned(),
            problem,
        }
    }
}

/// The glob of a pattern, as every pattern of this module compiles it.
pub(crate) fn glob(text: &str) -> Result<Glob, PatternError> {
    GlobBuilder::new(text)
        .literal_separator(false)
        .backslash_escape(true)
        .build()
        .map_err(|e| PatternError::new(text, PatternProblem::Glob(Box::new(e))))
}

/// One glob with its source text.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    text: String,
    matcher: GlobMatcher,
}

impl Pattern {
    pub(crate) fn new(text: &str) -> Result<Self, PatternError> {
        if text.trim().is_empty() {
            return Err(PatternError::new(text, PatternProblem::Empty));
        }
        if text.contains(char::is_whitespace) {
            return Err(PatternError::new(text, PatternProblem::Spaces));
        }
        let glob = glob(text)?;
        Ok(Self {
            text: text.to_owned(),
            matcher: glob.compile_matcher(),
        })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn matches(&self, name: &str) -> bool {
        self.matcher.is_match(name)
    }

    /// True when the pattern has no glob metacharacter: it names one model exactly.
    pub(crate) fn is_exact(&self) -> bool {
        !self.text.contains(['*', '?', '[', ']', '{', '}', '\\'])
    }
}

/// A list of patterns, answering with the first that matches.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatternList(Vec<Pattern>);

impl PatternList {
    pub(crate) fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, PatternError> {
        patterns
            .iter()
            .map(|p| Pattern::new(p.as_ref()))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub(crate) fn first_match(&self, name: &str) -> Option<&Pattern> {
        self.0.iter().find(|p| p.matches(name))
    }

    pub(crate) fn names_exactly(&self, name: &str) -> bool {
        self.0.iter().any(|p| p.is_exact() && p.text == name)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn texts(&self) -> Vec<&str> {
        self.0.iter().map(Pattern::text).collect()
    }
}

/// One `allowed_methods` entry.
#[derive(Debug, Clone)]
pub(crate) struct MethodRule {
    text: String,
    model: Option<Pattern>,
    method: Pattern,
}

impl MethodRule {
    pub(crate) fn new(text: &str) -> Result<Self, PatternError> {
        let (model, method) = match text.split_once(':') {
            Some((model, method)) => (Some(Pattern::new(model)?), Pattern::new(method)?),
            None => (None, Pattern::new(text)?),
        };
        if method.text().starts_with('_') {
            return Err(PatternError::new(text, PatternProblem::PrivateMethod));
        }
        Ok(Self {
            text: text.to_owned(),
            model,
            method,
        })
    }

    pub(crate) fn matches(&self, model: &str, method: &str) -> bool {
        self.model.as_ref().is_none_or(|m| m.matches(model)) && self.method.matches(method)
    }

    /// True when the entry names this model and this method exactly (`model:method`, no glob).
    pub(crate) fn names_exactly(&self, model: &str, method: &str) -> bool {
        self.model
            .as_ref()
            .is_some_and(|m| m.is_exact() && m.text() == model)
            && self.method.is_exact()
            && self.method.text() == method
    }

    /// True when the method half is a glob (`*`, `action_*`): it may match methods nobody
    /// thought of when writing it.
    pub(crate) fn is_wildcard(&self) -> bool {
        !self.method.is_exact()
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_span_dots() {
        let p = Pattern::new("account.*").unwrap();
        assert!(p.matches("account.move.line"));
        assert!(!p.matches("accounting"));
        assert!(!p.is_exact());
        assert!(Pattern::new("res.partner").unwrap().is_exact());
    }

    #[test]
    fn bad_patterns_are_refused() {
        let problem = |e: PatternError| e.problem;
        assert_eq!(
            Pattern::new("").map_err(problem).err(),
            Some(PatternProblem::Empty)
        );
        assert_eq!(
            Pattern::new("res partner").map_err(problem).err(),
            Some(PatternProblem::Spaces)
        );
        let unclosed = Pattern::new("res.[partner").expect_err("an unclosed class");
        assert!(matches!(unclosed.problem, PatternProblem::Glob(_)));
        assert_eq!(
            unclosed.to_string(),
            "invalid pattern `res.[partner`: unclosed character class; missing ']'"
        );
        assert!(
            std::error::Error::source(&unclosed).is_some(),
            "the glob error is kept"
        );
        assert_eq!(
            MethodRule::new("sale.order:_private")
                .map_err(problem)
                .err(),
            Some(PatternProblem::PrivateMethod)
        );
    }

    #[test]
    fn method_rules_with_and_without_model() {
        let any = MethodRule::new("action_confirm").unwrap();
        assert!(any.matches("sale.order", "action_confirm"));
        assert!(any.matches("purchase.order", "action_confirm"));
        let scoped = MethodRule::new("sale.order:action_*").unwrap();
        assert!(scoped.matches("sale.order", "action_cancel"));
        assert!(!scoped.matches("purchase.order", "action_cancel"));
        assert!(!scoped.matches("sale.order", "unlink"));
    }
}
