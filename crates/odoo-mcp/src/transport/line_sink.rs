//! rmcp's end of stdout: a sink of MCP messages that serialises each one into a JSON line and
//! queues it for the one task that writes stdout. rmcp hands over whole messages, so a line
//! reaches the queue whole: no in-process pipe and no line search between.

use futures::channel::mpsc;
use futures::{Sink, SinkExt};
use rmcp::model::ServerJsonRpcMessage;

/// Why a message did not reach the stdout queue.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SinkError {
    /// The writer task is gone: stdout is closed.
    #[error("stdout is closed")]
    Closed,
    /// The message could not be serialised (a bug: every MCP message is JSON).
    #[error("cannot serialise an MCP message: {0}")]
    Encode(#[source] serde_json::Error),
}

/// A sink taking rmcp's messages and queueing them into `outbox` as lines.
pub(crate) fn lines_into(
    outbox: mpsc::Sender<Vec<u8>>,
) -> impl Sink<ServerJsonRpcMessage, Error = SinkError> + Send + Unpin + 'static {
    outbox
        .sink_map_err(|_| SinkError::Closed)
        .with(|message: ServerJsonRpcMessage| futures::future::ready(line_of(&message)))
}

/// The message as one JSON line, `\n` included.
fn line_of(message: &ServerJsonRpcMessage) -> Result<Vec<u8>, SinkError> {
    let mut line = serde_json::to_vec(message).map_err(SinkError::Encode)?;
    line.push(b'\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;
    use rmcp::model::{EmptyResult, RequestId, ServerResult};

    use super::*;

    fn pong(id: i64) -> ServerJsonRpcMessage {
        ServerJsonRpcMessage::response(
            ServerResult::EmptyResult(EmptyResult {}),
            RequestId::Number(id),
        )
    }

    #[tokio::test]
    async fn messages_reach_the_queue_as_whole_lines_in_order() {
        let (outbox, queue) = mpsc::channel(1);
        let mut sink = lines_into(outbox);
        let reader = tokio::spawn(queue.collect::<Vec<Vec<u8>>>());
        for id in 1..=3 {
            sink.send(pong(id)).await.expect("queued");
        }
        drop(sink);
        let lines = reader.await.expect("reader");
        let ids: Vec<i64> = lines
            .iter()
            .map(|line| {
                assert_eq!(line.iter().filter(|b| **b == b'\n').count(), 1);
                assert_eq!(line.last(), Some(&b'\n'), "one line each");
                let v: serde_json::Value = serde_json::from_slice(line).expect("json");
                v["id"].as_i64().expect("id")
            })
            .collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[tokio::test]
    async fn a_closed_queue_is_an_error() {
        let (outbox, queue) = mpsc::channel(0);
        drop(queue);
        let mut sink = lines_into(outbox);
        let e = sink.send(pong(1)).await.expect_err("nobody reads");
        assert!(matches!(e, SinkError::Closed), "{e:?}");
    }
}
