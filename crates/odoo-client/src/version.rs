//! What each Odoo version offers, in one table, and what the client found on the server.
//!
//! Every difference between Odoo versions that the client cares about is a column of
//! [`VERSIONS`]; supporting a new version is one more row. A version newer than the last row
//! behaves like the last row, one older than the first like the first.

/// The wire protocol in use for an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `POST /json/2/<model>/<method>` with a bearer API key (Odoo 19+).
    Json2,
    /// `POST /jsonrpc` with `object.execute_kw` (Odoo 14–18, and 19+ with a password).
    JsonRpc,
}

impl Protocol {
    /// A short name for logs and messages (`json2`, `jsonrpc`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json2 => "json2",
            Self::JsonRpc => "jsonrpc",
        }
    }
}

/// A server version as reported by `/web/version` or `common.version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVersion {
    /// Major version, e.g. 19.
    pub major: u32,
    /// Minor version, e.g. 0.
    pub minor: u32,
    /// The version string, e.g. `"19.0"` or `"saas~18.3"`.
    pub text: String,
}

/// What the client found out about an instance when it first connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    /// The server's version.
    pub version: ServerVersion,
    /// The protocol the client uses with it.
    pub protocol: Protocol,
    /// The database, when one is configured.
    pub database: Option<String>,
    /// The authenticated user's id, when known (JSON-RPC always; JSON-2 after the first
    /// call that reports it).
    pub uid: Option<i64>,
}

/// How a version groups records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grouping {
    /// `read_group(domain, fields, groupby, offset, limit, orderby, lazy)`: aggregate values
    /// under the field name.
    ReadGroup,
    /// `formatted_read_group(domain, groupby, aggregates, ...)`: values under `"field:agg"`.
    FormattedReadGroup,
}

/// How a version answers "may the user do this".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccessCheck {
    /// Only the model-level `check_access_rights(operation, raise_exception=False)`.
    ModelRights,
    /// Also the record method `has_access(ids, operation)` (18+).
    HasAccess,
}

/// How a version reads one page of a search together with the number of matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paging {
    /// `search_read` (one row more than the page, to see whether more follow), then
    /// `search_count` only when they do.
    ReadThenCount,
    /// `web_search_read(domain, specification, offset, limit, order, count_limit)` → `{length,
    /// records}`: the page and the (capped) count in one request (17+).
    WebSearchRead,
}

/// The capabilities of one major version: one row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Capabilities {
    /// The major version this row describes.
    pub(crate) major: u32,
    /// Whether `/json/2/` exists.
    pub(crate) json2: bool,
    /// Whether `/jsonrpc` is deprecated (still served, scheduled for removal).
    pub(crate) jsonrpc_deprecated: bool,
    /// The grouping method.
    pub(crate) grouping: Grouping,
    /// The access check available.
    pub(crate) access_check: AccessCheck,
    /// The `code` of a JSON-RPC error envelope.
    pub(crate) jsonrpc_error_code: i64,
    /// The name of `name_search`'s domain argument (`args` before 19).
    pub(crate) name_search_domain_arg: &'static str,
    /// The name of `default_get`'s field-list argument (`fields` from 19).
    pub(crate) default_get_arg: &'static str,
    /// How a page of a search and its count are read.
    pub(crate) paging: Paging,
    /// The `ir.attachment` field holding the content, base64-encoded (`raw` from 20).
    pub(crate) attachment_content_field: &'static str,
    /// Whether `onchange(values, field_names, fields_spec)` exists (17+; before, another
    /// signature the client does not speak).
    pub(crate) onchange: bool,
    /// Whether `/report/pdf/...` accepts a JSON-2 bearer API key. It does on no version so
    /// far: the route is `auth='user'` (a web session only) up to 19 at least.
    pub(crate) report_bearer: bool,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column of VERSIONS"
)]
const fn row(
    major: u32,
    json2: bool,
    grouping: Grouping,
    access_check: AccessCheck,
    jsonrpc_error_code: i64,
    name_search_domain_arg: &'static str,
    default_get_arg: &'static str,
    paging: Paging,
    attachment_content_field: &'static str,
    onchange: bool,
    report_bearer: bool,
) -> Capabilities {
    Capabilities {
        major,
        json2,
        jsonrpc_deprecated: json2,
        grouping,
        access_check,
        jsonrpc_error_code,
        name_search_domain_arg,
        default_get_arg,
        paging,
        attachment_content_field,
        onchange,
        report_bearer,
    }
}

use AccessCheck::{HasAccess, ModelRights};
use Grouping::{FormattedReadGroup, ReadGroup};
use Paging::{ReadThenCount, WebSearchRead};

/// The version table, oldest first. One row per supported major version.
#[rustfmt::skip]
pub(crate) const VERSIONS: &[Capabilities] = &[
    //   major  json2  grouping            access check  rpc code  name_search  default_get    paging          attachment  onchange  report bearer
    row(14,    false, ReadGroup,          ModelRights,  200,      "args",      "fields_list", ReadThenCount,  "datas",    false, false),
    row(15,    false, ReadGroup,          ModelRights,  200,      "args",      "fields_list", ReadThenCount,  "datas",    false, false),
    row(16,    false, ReadGroup,          ModelRights,  200,      "args",      "fields_list", ReadThenCount,  "datas",    false, false),
    row(17,    false, ReadGroup,          ModelRights,  200,      "args",      "fields_list", WebSearchRead,  "datas",    true, false),
    row(18,    false, ReadGroup,          HasAccess,    200,      "args",      "fields_list", WebSearchRead,  "datas",    true, false),
    row(19,    true,  FormattedReadGroup, HasAccess,    0,        "domain",    "fields",      WebSearchRead,  "datas",    true, false),
    row(20,    true,  FormattedReadGroup, HasAccess,    0,        "domain",    "fields",      WebSearchRead,  "raw",      true, false),
];

/// The capabilities of `major`: its row, the newest row for newer versions, the oldest for
/// older ones.
pub(crate) fn capabilities(major: u32) -> &'static Capabilities {
    let newest = &VERSIONS[VERSIONS.len() - 1];
    let oldest = &VERSIONS[0];
    if major >= newest.major {
        return newest;
    }
    VERSIONS.iter().find(|c| c.major == major).unwrap_or(oldest)
}

impl ServerVersion {
    /// The version `major.0`, for an assumed version.
    pub(crate) fn assumed(major: u32) -> Self {
        Self {
            major,
            minor: 0,
            text: format!("{major}.0"),
        }
    }

    /// Parses Odoo's `version_info` list (`[19, 0, 0, "final", 0, ""]`, or `["saas~18", 3,
    /// ...]` on SaaS builds) with the version string beside it.
    pub(crate) fn from_version_info(info: &serde_json::Value, text: Option<&str>) -> Option<Self> {
        let list = info.as_array()?;
        let major = number_in(list.first()?)?;
        let minor = list.get(1).and_then(number_in).unwrap_or(0);
        let text = text
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{major}.{minor}"));
        Some(Self { major, minor, text })
    }

    /// The capabilities of this version.
    pub(crate) fn capabilities(&self) -> &'static Capabilities {
        capabilities(self.major)
    }

    /// The `ir.attachment` field that holds a file's content, base64-encoded: `datas`, renamed
    /// `raw` in Odoo 20.
    pub fn attachment_content_field(&self) -> &'static str {
        self.capabilities().attachment_content_field
    }
}

/// A version number from a JSON number or a string such as `"saas~18"` or `"18"`.
fn number_in(v: &serde_json::Value) -> Option<u32> {
    if let Some(n) = v.as_u64() {
        return u32::try_from(n).ok();
    }
    let s = v.as_str()?;
    let digits: String = s
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table_is_ordered_and_covers_14_to_20() {
        let majors: Vec<u32> = VERSIONS.iter().map(|c| c.major).collect();
        assert_eq!(majors, (14..=20).collect::<Vec<_>>());
    }

    #[test]
    fn attachment_content_is_raw_from_20() {
        assert_eq!(
            ServerVersion::assumed(14).attachment_content_field(),
            "datas"
        );
        assert_eq!(
            ServerVersion::assumed(19).attachment_content_field(),
            "datas"
        );
        assert_eq!(ServerVersion::assumed(20).attachment_content_field(), "raw");
        assert_eq!(ServerVersion::assumed(21).attachment_content_field(), "raw");
    }

    #[test]
    fn json2_and_grouping_arrive_in_19() {
        assert!(!capabilities(18).json2);
        assert!(capabilities(19).json2);
        assert_eq!(capabilities(18).grouping, Grouping::ReadGroup);
        assert_eq!(capabilities(19).grouping, Grouping::FormattedReadGroup);
        assert_eq!(capabilities(17).access_check, AccessCheck::ModelRights);
        assert_eq!(capabilities(18).access_check, AccessCheck::HasAccess);
        assert_eq!(capabilities(18).jsonrpc_error_code, 200);
        assert_eq!(capabilities(19).jsonrpc_error_code, 0);
        assert_eq!(capabilities(18).name_search_domain_arg, "args");
        assert_eq!(capabilities(19).name_search_domain_arg, "domain");
        assert_eq!(capabilities(16).paging, Paging::ReadThenCount);
        assert_eq!(capabilities(17).paging, Paging::WebSearchRead);
        assert!(!capabilities(16).onchange);
        assert!(capabilities(17).onchange);
    }

    #[test]
    fn unknown_versions_use_the_nearest_row() {
        assert_eq!(capabilities(27).major, 20);
        assert_eq!(capabilities(9).major, 14);
    }

    #[test]
    fn parses_version_info() {
        let v = ServerVersion::from_version_info(&json!([19, 0, 0, "final", 0, ""]), Some("19.0"))
            .unwrap();
        assert_eq!(
            v,
            ServerVersion {
                major: 19,
                minor: 0,
                text: "19.0".into()
            }
        );
        let saas =
            ServerVersion::from_version_info(&json!(["saas~18", 3, 0, "final", 0, ""]), None)
                .unwrap();
        assert_eq!(
            (saas.major, saas.minor, saas.text.as_str()),
            (18, 3, "18.3")
        );
        assert!(ServerVersion::from_version_info(&json!("19.0"), None).is_none());
    }
}
