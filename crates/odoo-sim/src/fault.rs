//! An Odoo exception raised by the engine, before the wire layer encodes it.

/// The class of an Odoo exception; the wire layer derives the HTTP status, the JSON-RPC
/// error and the XML-RPC fault code from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// `odoo.exceptions.AccessError` (JSON-2: 403).
    AccessError,
    /// `odoo.exceptions.AccessDenied` (bad credentials inside a call).
    AccessDenied,
    /// `odoo.exceptions.MissingError` (JSON-2: 404).
    MissingError,
    /// `odoo.exceptions.ValidationError` (JSON-2: 422).
    ValidationError,
    /// `odoo.exceptions.UserError` (JSON-2: 422).
    UserError,
    /// `builtins.ValueError` (JSON-2: 500).
    ValueError,
    /// `builtins.TypeError` (JSON-2: 500).
    TypeError,
    /// `builtins.KeyError` (JSON-2: 500).
    KeyError,
    /// `builtins.RecursionError` (JSON-2: 500): a domain nested deeper than Python allows.
    RecursionError,
    /// `psycopg2.errors.InvalidTextRepresentation` (JSON-2: 500; the message quotes SQL).
    InvalidTextRepresentation,
    /// `psycopg2.errors.InvalidRowCountInLimitClause` (JSON-2: 500): a negative `limit`
    /// reaches PostgreSQL's `LIMIT`.
    InvalidRowCountInLimitClause,
    /// `psycopg2.errors.InvalidRowCountInResultOffsetClause` (JSON-2: 500): a negative
    /// `offset`.
    InvalidRowCountInResultOffsetClause,
    /// `psycopg2.errors.UndefinedFunction` (JSON-2: 500): an aggregate PostgreSQL has not for
    /// the column's type (`sum` of a text column).
    UndefinedFunction,
    /// An unknown model or method (JSON-2: 404 `werkzeug.exceptions.NotFound`; JSON-RPC: an
    /// unknown model is a UserError "Object x doesn't exist").
    NotFound,
    /// Arguments that do not fit the method (JSON-2: 422
    /// `werkzeug.exceptions.UnprocessableEntity`).
    Unprocessable,
}

impl FaultKind {
    /// The exception's qualified name as Odoo reports it.
    pub(crate) fn exception_name(self) -> &'static str {
        match self {
            Self::AccessError => "odoo.exceptions.AccessError",
            Self::AccessDenied => "odoo.exceptions.AccessDenied",
            Self::MissingError => "odoo.exceptions.MissingError",
            Self::ValidationError => "odoo.exceptions.ValidationError",
            Self::UserError => "odoo.exceptions.UserError",
            Self::ValueError => "builtins.ValueError",
            Self::TypeError => "builtins.TypeError",
            Self::KeyError => "builtins.KeyError",
            Self::RecursionError => "builtins.RecursionError",
            Self::InvalidTextRepresentation => "psycopg2.errors.InvalidTextRepresentation",
            Self::InvalidRowCountInLimitClause => "psycopg2.errors.InvalidRowCountInLimitClause",
            Self::InvalidRowCountInResultOffsetClause => {
                "psycopg2.errors.InvalidRowCountInResultOffsetClause"
            }
            Self::UndefinedFunction => "psycopg2.errors.UndefinedFunction",
            Self::NotFound => "werkzeug.exceptions.NotFound",
            Self::Unprocessable => "werkzeug.exceptions.UnprocessableEntity",
        }
    }
}

/// An exception with its message, as Odoo would raise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) kind: FaultKind,
    pub(crate) message: String,
    /// The last line of Odoo's traceback when it is not `<class>: <message>`: the exception
    /// actually raised deep down (e.g. `KeyError: 'no_such_field'` behind a ValueError).
    pub(crate) cause: Option<String>,
}

impl Fault {
    pub(crate) fn new(kind: FaultKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            cause: None,
        }
    }

    /// Sets the traceback's last line (see [`Fault::cause`]).
    #[must_use]
    pub(crate) fn with_cause(mut self, line: impl Into<String>) -> Self {
        self.cause = Some(line.into());
        self
    }
}
