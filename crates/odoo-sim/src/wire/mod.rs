//! TODO(wire helper): the HTTP layer (JSON-2, JSON-RPC, /web/version).
