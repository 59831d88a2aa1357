//! What each simulated Odoo major version serves: one row per version.

use serde_json::{Value, json};

/// How one Odoo major version behaves on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VersionSpec {
    /// The major version (17, 18, 19, 20).
    pub(crate) major: u32,
    /// Whether `POST /json/2/<model>/<method>` exists (Odoo 19+).
    pub(crate) json2: bool,
    /// The `code` of a JSON-RPC error envelope (0 on 19+, 200 before).
    pub(crate) jsonrpc_error_code: i64,
    /// Whether `GET /web/version` exists (19+; 17 and 18 answer 404, `common.version` works).
    pub(crate) web_version: bool,
    /// Whether the RPC `db` service (`db.list`, …) is served (removed in 20).
    pub(crate) db_service: bool,
    /// Whether an API key must carry the `rpc` scope to log in over RPC (20; before, a key
    /// without scope counts as `rpc`).
    pub(crate) rpc_scope_required: bool,
}

/// The supported versions. Adding a version is adding a row.
const VERSIONS: &[VersionSpec] = &[
    VersionSpec {
        major: 17,
        json2: false,
        jsonrpc_error_code: 200,
        web_version: false,
        db_service: true,
        rpc_scope_required: false,
    },
    VersionSpec {
        major: 18,
        json2: false,
        jsonrpc_error_code: 200,
        web_version: false,
        db_service: true,
        rpc_scope_required: false,
    },
    VersionSpec {
        major: 19,
        json2: true,
        jsonrpc_error_code: 0,
        web_version: true,
        db_service: true,
        rpc_scope_required: false,
    },
    VersionSpec {
        major: 20,
        json2: true,
        jsonrpc_error_code: 0,
        web_version: true,
        db_service: false,
        rpc_scope_required: true,
    },
];

impl VersionSpec {
    /// The row of `major`, if the simulator supports it.
    pub(crate) fn lookup(major: u32) -> Option<Self> {
        VERSIONS.iter().copied().find(|v| v.major == major)
    }

    /// The majors the simulator supports, for error messages and `--help`.
    pub(crate) fn supported() -> impl Iterator<Item = u32> {
        VERSIONS.iter().map(|v| v.major)
    }

    /// How an RPC login (JSON-2 bearer, `common.login`, `execute_kw`) checks API keys.
    pub(crate) fn rpc_login(self) -> crate::credentials::Login {
        crate::credentials::Login::Rpc {
            scope_required: self.rpc_scope_required,
        }
    }

    /// `"19.0"`.
    pub(crate) fn server_version(self) -> String {
        format!("{}.0", self.major)
    }

    /// `[19, 0, 0, "final", 0, ""]`.
    pub(crate) fn version_info(self) -> Value {
        json!([self.major, 0, 0, "final", 0, ""])
    }

    /// The payload of `GET /web/version` (sample web_version.json).
    pub(crate) fn web_version(self) -> Value {
        json!({ "version_info": self.version_info(), "version": self.server_version() })
    }

    /// The result of JSON-RPC `common.version` (sample jsonrpc_common_version.json).
    pub(crate) fn common_version(self) -> Value {
        json!({
            "server_version": self.server_version(),
            "server_version_info": self.version_info(),
            "server_serie": self.server_version(),
            "protocol_version": 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json2_only_from_19() {
        assert!(!VersionSpec::lookup(17).is_some_and(|v| v.json2));
        assert!(!VersionSpec::lookup(18).is_some_and(|v| v.json2));
        assert!(VersionSpec::lookup(19).is_some_and(|v| v.json2));
        assert!(VersionSpec::lookup(20).is_some_and(|v| v.json2));
        assert!(VersionSpec::lookup(16).is_none());
    }

    #[test]
    fn version_payloads_match_the_recording() {
        let v = VersionSpec::lookup(19).map(VersionSpec::web_version);
        assert_eq!(
            v,
            Some(json!({"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}))
        );
        let c = VersionSpec::lookup(19).map(VersionSpec::common_version);
        assert_eq!(
            c,
            Some(
                json!({"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""],
                "server_serie": "19.0", "protocol_version": 1})
            )
        );
    }

    #[test]
    fn web_version_from_19_and_no_db_service_in_20() {
        let row = |v| VersionSpec::lookup(v).unwrap();
        assert!(!row(17).web_version && !row(18).web_version);
        assert!(row(19).web_version && row(20).web_version);
        assert!(row(19).db_service && !row(20).db_service);
    }

    #[test]
    fn rpc_scope_required_from_20() {
        let row = |v| VersionSpec::lookup(v).unwrap();
        assert!(!row(17).rpc_scope_required && !row(19).rpc_scope_required);
        assert!(row(20).rpc_scope_required);
    }

    #[test]
    fn error_code_zero_from_19() {
        assert_eq!(
            VersionSpec::lookup(18).map(|v| v.jsonrpc_error_code),
            Some(200)
        );
        assert_eq!(
            VersionSpec::lookup(19).map(|v| v.jsonrpc_error_code),
            Some(0)
        );
    }
}
