//! MCP over stdin/stdout: stdout carries only the protocol; the server stops when stdin closes
//! (the client went away) or when `shutdown` resolves (Ctrl-C, SIGTERM).
//!
//! Every incoming line is read with a size cap and checked ([`super::line_check`]), which
//! parses it into the message rmcp takes from a channel (parsed once), and a line that is too
//! large, too deep or not JSON gets a JSON-RPC error (id null) instead of rmcp's silence. One
//! writer task owns stdout: rmcp's messages reach it as whole lines through
//! [`super::line_sink`], so those errors never interleave with them.

use std::future::Future;
use std::time::Duration;

use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use rmcp::ServiceExt;
use rmcp::model::ClientJsonRpcMessage;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};

use super::line_check::{self, LineProblem};
use super::line_sink;
use super::std_streams;
use crate::server::OdooServer;

/// Messages read and checked, waiting for rmcp (each at most `max_line_bytes`).
const INBOX: usize = 4;
/// Lines waiting for stdout (rmcp's messages and our errors).
const OUTBOX: usize = 64;
/// How long the last answers may take to reach stdout once the session ended.
const FLUSH_GRACE: Duration = Duration::from_secs(5);

/// The stdio session failed: the task serving it panicked or was cancelled.
#[derive(Debug, thiserror::Error)]
#[error("stdio transport: {0}")]
pub struct StdioError(#[source] tokio::task::JoinError);

/// Serves `server` on stdin/stdout until the client closes stdin or `shutdown` resolves.
/// Incoming lines longer than `max_line_bytes` are refused with a JSON-RPC error.
pub async fn run(
    server: OdooServer,
    max_line_bytes: usize,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), StdioError> {
    let (to_rmcp, incoming) = mpsc::channel::<ClientJsonRpcMessage>(INBOX);
    let (outbox, lines_out) = mpsc::channel::<Vec<u8>>(OUTBOX);
    // Dropped last, once the reader and writer are done with the streams.
    let mut restore = std_streams::RestoreBlocking::default();
    let reader = tokio::spawn(filter_lines(
        BufReader::new(std_streams::stdin(&mut restore)),
        to_rmcp,
        outbox.clone(),
        max_line_bytes,
    ));
    let writer = tokio::spawn(write_lines(lines_out, std_streams::stdout(&mut restore)));

    let served = serve(server, line_sink::lines_into(outbox), incoming, shutdown).await;
    // rmcp has closed its sink now; the reader may still wait on stdin, so it is stopped, and
    // the writer drains what is queued and ends with the last sender.
    reader.abort();
    let mut writer = writer;
    if tokio::time::timeout(FLUSH_GRACE, &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
    drop(restore);
    served
}

async fn serve(
    server: OdooServer,
    outgoing: impl futures::Sink<rmcp::model::ServerJsonRpcMessage, Error = line_sink::SinkError>
    + Send
    + Unpin
    + 'static,
    incoming: mpsc::Receiver<ClientJsonRpcMessage>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), StdioError> {
    tokio::pin!(shutdown);
    let running = tokio::select! {
        started = server.serve((outgoing, incoming)) => match started {
            Ok(running) => running,
            // The client closed stdin before (or while) initialising: nothing to serve.
            Err(e) => {
                tracing::info!(reason = %e, "no MCP session on stdio");
                return Ok(());
            }
        },
        () = &mut shutdown => return Ok(()),
    };
    let token = running.cancellation_token();
    let waiting = running.waiting();
    tokio::pin!(waiting);
    tokio::select! {
        outcome = &mut waiting => {
            outcome.map_err(StdioError)?;
            tracing::info!("stdin closed, stopping");
        }
        () = &mut shutdown => token.cancel(),
    }
    Ok(())
}

/// Reads `input` line by line (never buffering more than `max` bytes of one line); passes
/// the messages of checked lines to rmcp and answers the others through `outbox`. Ends at EOF,
/// which ends rmcp's input.
async fn filter_lines(
    mut input: impl AsyncBufRead + Unpin,
    mut to_rmcp: mpsc::Sender<ClientJsonRpcMessage>,
    mut outbox: mpsc::Sender<Vec<u8>>,
    max: usize,
) {
    let mut line = Vec::new();
    loop {
        let verdict = match read_capped_line(&mut input, &mut line, max).await {
            Ok(Read::Eof) => break,
            Ok(Read::TooLarge) => Err(LineProblem::TooLarge { max }),
            Ok(Read::Line) => {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                line_check::check(&line)
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot read stdin, stopping");
                break;
            }
        };
        match verdict {
            Ok(Some(message)) => {
                if to_rmcp.send(message).await.is_err() {
                    break; // rmcp stopped
                }
            }
            Ok(None) => tracing::debug!("ignored a notification nobody can read"),
            Err(problem) => {
                tracing::warn!(%problem, "refused an incoming message");
                if outbox.send(problem.response().into_bytes()).await.is_err() {
                    break;
                }
            }
        }
    }
    to_rmcp.close_channel();
}

/// The outcome of reading one line.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    /// `line` holds one line, without its `\n`.
    Line,
    /// The line was longer than the cap; it was skipped up to its `\n`.
    TooLarge,
    /// The input ended (a last line without `\n` is dropped: it may be cut short).
    Eof,
}

/// Reads one `\n`-terminated line into `line` (cleared first) without ever holding more than
/// `max` bytes of it.
async fn read_capped_line(
    input: &mut (impl AsyncBufRead + Unpin),
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Read> {
    line.clear();
    let mut too_large = false;
    loop {
        let available = input.fill_buf().await?;
        if available.is_empty() {
            return Ok(Read::Eof);
        }
        let newline = available.iter().position(|b| *b == b'\n');
        let take = newline.unwrap_or(available.len());
        if !too_large && line.len().saturating_add(take) > max {
            too_large = true;
            line.clear();
        }
        if !too_large {
            line.extend_from_slice(&available[..take]);
        }
        let consumed = newline.map_or(take, |n| n + 1);
        input.consume(consumed);
        if newline.is_some() {
            return Ok(if too_large {
                Read::TooLarge
            } else {
                Read::Line
            });
        }
    }
}

/// The only task writing to stdout.
async fn write_lines(mut lines: mpsc::Receiver<Vec<u8>>, mut out: impl AsyncWrite + Unpin) {
    while let Some(mut line) = lines.next().await {
        if line.last() != Some(&b'\n') {
            line.push(b'\n');
        }
        if out.write_all(&line).await.is_err() || out.flush().await.is_err() {
            tracing::warn!("cannot write to stdout, stopping");
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What passes to rmcp (each message as JSON text) and the errors answered.
    async fn filter(input: &[u8], max: usize) -> (String, Vec<String>) {
        let (to_rmcp, rmcp_reads) = mpsc::channel(16);
        let (outbox, mut answers) = mpsc::channel(16);
        filter_lines(input, to_rmcp, outbox, max).await;
        let passed = rmcp_reads
            .map(|message| serde_json::to_string(&message).expect("json") + "\n")
            .collect::<String>()
            .await;
        let mut errors = Vec::new();
        while let Ok(line) = answers.try_recv() {
            errors.push(String::from_utf8(line).expect("utf-8"));
        }
        (passed, errors)
    }

    #[tokio::test]
    async fn good_lines_pass_and_bad_ones_are_answered_in_order() {
        let ping = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let long = format!(r#"{{"jsonrpc":"2.0","id":2,"pad":"{}"}}"#, "x".repeat(2000));
        let input = format!("{ping}\r\n\n{{\n{deep}\n{long}\n{ping}\n");
        let (passed, errors) = filter(input.as_bytes(), 1024).await;
        assert_eq!(passed, format!("{ping}\n{ping}\n"));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("-32700") && errors[0].contains("not valid JSON"));
        assert!(errors[1].contains("-32700") && errors[1].contains("deeper than 64"));
        assert!(errors[2].contains("-32600") && errors[2].contains("larger than 1024 bytes"));
        assert!(errors.iter().all(|e| e.contains(r#""id":null"#)));
    }

    #[tokio::test]
    async fn a_last_line_without_newline_is_not_passed() {
        let (passed, errors) = filter(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, 256).await;
        assert_eq!((passed.as_str(), errors.len()), ("", 0));
    }

    #[tokio::test]
    async fn capped_reads_skip_the_rest_of_an_oversized_line() {
        // A reader with a tiny buffer: the oversized line arrives in many pieces.
        let input = format!("{}\nok\n", "y".repeat(10_000));
        let mut reader = BufReader::with_capacity(7, input.as_bytes());
        let mut line = Vec::new();
        let first = read_capped_line(&mut reader, &mut line, 100)
            .await
            .expect("read");
        assert_eq!(first, Read::TooLarge);
        let second = read_capped_line(&mut reader, &mut line, 100)
            .await
            .expect("read");
        assert_eq!((second, line.as_slice()), (Read::Line, &b"ok"[..]));
        let third = read_capped_line(&mut reader, &mut line, 100)
            .await
            .expect("read");
        assert_eq!(third, Read::Eof);
    }
}
