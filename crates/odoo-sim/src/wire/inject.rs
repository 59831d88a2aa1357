//! Applies the fault injector to one arriving call: latency, dropped connection, hang, or a
//! forced status.

use std::io;

use axum::body::{Body, Bytes};
use axum::response::Response;
use http::StatusCode;

use crate::faults::Injected;
use crate::state::SimState;
use crate::wire::error::OdooError;
use crate::wire::{json_response, pages};

/// The protocol of a call, for the shape of an injected error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    Json2,
    JsonRpc,
}

/// Waits the configured latency, then returns the response that replaces the real answer, if
/// a fault is injected into this call.
pub(crate) async fn intercept(state: &SimState, protocol: Protocol) -> Option<Response> {
    let (latency, injected) = state.faults().next_call();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match injected {
        Injected::Nothing => None,
        Injected::Drop => Some(dropped_connection()),
        Injected::Hang => {
            state.stopped().await;
            Some(dropped_connection())
        }
        Injected::Status(code) => Some(forced_status(code, protocol)),
    }
}

/// A response whose body fails before anything is written: hyper then closes the connection
/// without sending the status line, so the client sees a connection error, not a status.
pub(crate) fn dropped_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "dropped by fault injection",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// The answer of an injected status: a proxy page for 429/502/503/504, Odoo's own shape
/// otherwise.
fn forced_status(code: u16, protocol: Protocol) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match (code, protocol) {
        (429 | 502 | 503 | 504, _) => pages::proxy_error(status),
        (_, Protocol::Json2) => {
            let message =
                "The server encountered an internal error and was unable to complete your request.";
            json_response(status, &OdooError::http(status, message).to_json())
        }
        (_, Protocol::JsonRpc) if status == StatusCode::INTERNAL_SERVER_ERROR => {
            pages::internal_error()
        }
        (_, Protocol::JsonRpc) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = status;
            response
        }
    }
}
