//! A field's type as Odoo's `fields_get` names it, typed: the rules that depend on a field's
//! type (what a value looks like, what may hold a secret, which paths go through it) match on
//! this enum instead of comparing strings. A type this server does not know (a module's own)
//! is kept by name.

use std::fmt;

/// The `type` of a field in `fields_get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldType {
    Boolean,
    Integer,
    Float,
    Monetary,
    Char,
    Text,
    Html,
    Date,
    Datetime,
    Selection,
    Many2one,
    One2many,
    Many2many,
    Many2oneReference,
    Reference,
    Binary,
    Image,
    Json,
    Properties,
    PropertiesDefinition,
    /// Odoo's `password` type: always a secret.
    Password,
    /// Any other name (a module's own type, or `unknown` when Odoo gave none).
    Other(String),
}

impl FieldType {
    /// The type named `name`.
    pub(crate) fn parse(name: &str) -> Self {
        match name {
            "boolean" => Self::Boolean,
            "integer" => Self::Integer,
            "float" => Self::Float,
            "monetary" => Self::Monetary,
            "char" => Self::Char,
            "text" => Self::Text,
            "html" => Self::Html,
            "date" => Self::Date,
            "datetime" => Self::Datetime,
            "selection" => Self::Selection,
            "many2one" => Self::Many2one,
            "one2many" => Self::One2many,
            "many2many" => Self::Many2many,
            "many2one_reference" => Self::Many2oneReference,
            "reference" => Self::Reference,
            "binary" => Self::Binary,
            "image" => Self::Image,
            "json" => Self::Json,
            "properties" => Self::Properties,
            "properties_definition" => Self::PropertiesDefinition,
            "password" => Self::Password,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Odoo's name of the type.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Float => "float",
            Self::Monetary => "monetary",
            Self::Char => "char",
            Self::Text => "text",
            Self::Html => "html",
            Self::Date => "date",
            Self::Datetime => "datetime",
            Self::Selection => "selection",
            Self::Many2one => "many2one",
            Self::One2many => "one2many",
            Self::Many2many => "many2many",
            Self::Many2oneReference => "many2one_reference",
            Self::Reference => "reference",
            Self::Binary => "binary",
            Self::Image => "image",
            Self::Json => "json",
            Self::Properties => "properties",
            Self::PropertiesDefinition => "properties_definition",
            Self::Password => "password",
            Self::Other(name) => name,
        }
    }

    /// `one2many` or `many2many`: its value is a list of records, written with commands.
    pub(crate) fn is_x2many(&self) -> bool {
        matches!(self, Self::One2many | Self::Many2many)
    }

    /// `date` or `datetime`.
    pub(crate) fn is_temporal(&self) -> bool {
        matches!(self, Self::Date | Self::Datetime)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::FieldType;

    #[test]
    fn every_name_round_trips_and_unknown_ones_are_kept() {
        for name in [
            "boolean",
            "integer",
            "float",
            "monetary",
            "char",
            "text",
            "html",
            "date",
            "datetime",
            "selection",
            "many2one",
            "one2many",
            "many2many",
            "many2one_reference",
            "reference",
            "binary",
            "image",
            "json",
            "properties",
            "properties_definition",
            "password",
            "geo_point",
            "unknown",
        ] {
            assert_eq!(FieldType::parse(name).as_str(), name);
        }
        assert_eq!(
            FieldType::parse("geo_point"),
            FieldType::Other("geo_point".into())
        );
        assert!(FieldType::parse("many2many").is_x2many());
        assert!(!FieldType::parse("many2one").is_x2many());
    }
}
