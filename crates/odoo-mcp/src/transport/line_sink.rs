//! rmcp's end of stdout: an `AsyncWrite` that queues what rmcp writes, in whole lines, for the
//! one task that writes stdout. rmcp writes each message with its `\n` at once, so a message
//! reaches the queue as it was written: no pipe, no second read and no line search between.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::channel::mpsc;
use tokio::io::AsyncWrite;

/// Queues whole lines for the stdout writer (a chunk may hold several lines, never part of
/// one: what follows its last `\n` waits for the rest of its line).
#[derive(Debug)]
pub(crate) struct LineSink {
    outbox: mpsc::Sender<Vec<u8>>,
    /// The start of a line, written without its end yet.
    partial: Vec<u8>,
    /// Whole lines waiting for room in the queue.
    ready: Option<Vec<u8>>,
}

impl LineSink {
    /// A sink queueing into `outbox`.
    pub(crate) fn new(outbox: mpsc::Sender<Vec<u8>>) -> Self {
        Self {
            outbox,
            partial: Vec::new(),
            ready: None,
        }
    }

    /// Hands the waiting lines to the queue, once it has room.
    fn poll_queue(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.ready.is_none() {
            return Poll::Ready(Ok(()));
        }
        ready!(self.outbox.poll_ready(cx)).map_err(|_| closed())?;
        if let Some(lines) = self.ready.take() {
            self.outbox.start_send(lines).map_err(|_| closed())?;
        }
        Poll::Ready(Ok(()))
    }
}

/// The writer task is gone: stdout is closed.
fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "stdout is closed")
}

impl AsyncWrite for LineSink {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_queue(cx))?;
        // A message ends with its `\n`: searched from the end, it is found at once.
        match buf.iter().rposition(|b| *b == b'\n') {
            Some(last) => {
                let mut lines = std::mem::take(&mut this.partial);
                lines.extend_from_slice(&buf[..=last]);
                this.ready = Some(lines);
                Poll::Ready(Ok(last + 1))
            }
            None => {
                this.partial.extend_from_slice(buf);
                Poll::Ready(Ok(buf.len()))
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().poll_queue(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_queue(cx))?;
        this.outbox.close_channel();
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;
    use tokio::io::AsyncWriteExt;

    use super::*;

    #[tokio::test]
    async fn lines_reach_the_queue_whole_and_in_order() {
        let (outbox, mut queue) = mpsc::channel(1);
        let mut sink = LineSink::new(outbox);
        let reader = tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(chunk) = queue.next().await {
                assert_eq!(chunk.last(), Some(&b'\n'), "a chunk ends a line");
                got.extend(chunk);
            }
            String::from_utf8(got).expect("utf-8")
        });
        sink.write_all(b"{\"a\":1}\n").await.expect("write");
        // A line in pieces, then two lines and the start of a third in one write.
        sink.write_all(b"{\"b\":").await.expect("write");
        sink.write_all(b"2}\n{\"c\":3}\n{\"d\"")
            .await
            .expect("write");
        sink.write_all(b":4}\n").await.expect("write");
        sink.flush().await.expect("flush");
        sink.shutdown().await.expect("shutdown");
        let text = reader.await.expect("reader");
        assert_eq!(text, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n");
    }

    #[tokio::test]
    async fn a_closed_queue_is_a_broken_pipe() {
        let (outbox, queue) = mpsc::channel(0);
        drop(queue);
        let mut sink = LineSink::new(outbox);
        sink.write_all(b"x\n").await.expect("queued");
        let e = sink.flush().await.expect_err("nobody reads");
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }
}
