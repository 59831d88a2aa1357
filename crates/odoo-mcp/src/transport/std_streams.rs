//! stdin and stdout for the stdio transport, read and written on the runtime's own thread
//! when they are pipes or sockets — which is how MCP clients start a server.
//!
//! tokio's `stdin()`/`stdout()` hand every read and every write to a blocking thread and wait
//! for it to come back: two thread hand-overs per request and two per answer, each a futex
//! wake and a context switch (BENCHMARKS.md: about ten context switches per tool call, most
//! of the server's CPU per call beside the work itself). A pipe or socket can instead be made
//! non-blocking and polled by the runtime's reactor like any network socket.
//!
//! Anything else — a terminal, a regular file, `/dev/null` — keeps tokio's blocking streams:
//! epoll cannot watch a regular file, and a terminal's non-blocking flag would be shared with
//! the shell that started us. For the same reason stdout stays blocking when it is the very
//! file stderr writes to (a client that merged the two pipes): log lines must never meet a
//! "try again" error. The non-blocking flag belongs to the open pipe or socket, which a
//! wrapper script may share: [`RestoreBlocking`] sets it back when the transport ends.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::{FileTypeExt, MetadataExt};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::unix::pipe;

/// What the stdio transport reads from.
pub(crate) type Input = Box<dyn AsyncRead + Send + Unpin>;
/// What the stdio transport writes to.
pub(crate) type Output = Box<dyn AsyncWrite + Send + Unpin>;

/// The process's stdin: polled by the reactor when it is a pipe or a socket (then `restore`
/// makes it blocking again when dropped).
pub(crate) fn stdin(restore: &mut RestoreBlocking) -> Input {
    let own =
        own_copy(io::stdin().as_fd()).and_then(|(file, kind)| reader(restore.keep(file)?, kind));
    match own {
        Some(input) => input,
        None => Box::new(tokio::io::stdin()),
    }
}

/// The process's stdout: polled by the reactor when it is a pipe or a socket that stderr does
/// not share (then `restore` makes it blocking again when dropped).
pub(crate) fn stdout(restore: &mut RestoreBlocking) -> Output {
    let shares_stderr = same_file(io::stdout().as_fd(), io::stderr().as_fd());
    let own = if shares_stderr {
        None
    } else {
        own_copy(io::stdout().as_fd()).and_then(|(file, kind)| writer(restore.keep(file)?, kind))
    };
    match own {
        Some(output) => output,
        None => Box::new(tokio::io::stdout()),
    }
}

/// The standard streams made non-blocking, set back to blocking when this is dropped: the
/// flag is the open pipe's or socket's, so a script that started this process and reads or
/// writes the same pipe afterwards must find it as it was.
#[derive(Debug, Default)]
pub(crate) struct RestoreBlocking {
    /// A duplicate of each stream (`FIONBIO`, which `set_nonblocking` sends, applies to a
    /// pipe as to a socket).
    streams: Vec<std::os::unix::net::UnixStream>,
}

impl RestoreBlocking {
    /// Remembers `file` (about to be made non-blocking); `None` if it cannot be duplicated,
    /// in which case it is left blocking.
    fn keep(&mut self, file: File) -> Option<File> {
        let copy = file.try_clone().ok()?;
        self.streams
            .push(std::os::unix::net::UnixStream::from(OwnedFd::from(copy)));
        Some(file)
    }
}

impl Drop for RestoreBlocking {
    fn drop(&mut self) {
        for stream in &self.streams {
            let _ = stream.set_nonblocking(false);
        }
    }
}

/// The kinds of stream the reactor can poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pipe,
    Socket,
}

/// A duplicate of `fd` (the same open file, so the standard stream itself is not closed when
/// ours is dropped) and its kind, if the reactor can poll it.
fn own_copy(fd: std::os::fd::BorrowedFd<'_>) -> Option<(File, Kind)> {
    let file = File::from(fd.try_clone_to_owned().ok()?);
    let kind = file.metadata().ok()?.file_type();
    let kind = if kind.is_fifo() {
        Kind::Pipe
    } else if kind.is_socket() {
        Kind::Socket
    } else {
        return None;
    };
    Some((file, kind))
}

fn reader(file: File, kind: Kind) -> Option<Input> {
    match kind {
        Kind::Pipe => Some(Box::new(pipe::Receiver::from_file(file).ok()?)),
        Kind::Socket => Some(Box::new(socket(file)?)),
    }
}

fn writer(file: File, kind: Kind) -> Option<Output> {
    match kind {
        Kind::Pipe => Some(Box::new(pipe::Sender::from_file(file).ok()?)),
        Kind::Socket => Some(Box::new(socket(file)?)),
    }
}

/// A socket as a tokio stream. Plain `read`/`write` calls are all the transport makes, which
/// any stream socket answers (Node-based clients hand their children Unix socket pairs).
fn socket(file: File) -> Option<tokio::net::UnixStream> {
    let socket = std::os::unix::net::UnixStream::from(OwnedFd::from(file));
    socket.set_nonblocking(true).ok()?;
    tokio::net::UnixStream::from_std(socket).ok()
}

/// Whether two descriptors are the same file (same device and inode): when they are, making
/// one non-blocking would make the other non-blocking too.
fn same_file(a: std::os::fd::BorrowedFd<'_>, b: std::os::fd::BorrowedFd<'_>) -> bool {
    let meta = |fd: std::os::fd::BorrowedFd<'_>| {
        fd.try_clone_to_owned()
            .ok()
            .and_then(|fd| File::from(fd).metadata().ok())
    };
    match (meta(a), meta(b)) {
        (Some(a), Some(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        // Unknown: assume shared, and keep the blocking stream.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn pipes_and_sockets_are_polled_by_the_reactor() {
        let (sender, receiver) = pipe::pipe().expect("pipe");
        let (read_end, write_end) = (
            File::from(receiver.into_blocking_fd().expect("fd")),
            File::from(sender.into_blocking_fd().expect("fd")),
        );
        let (read_end, kind) = own_copy(read_end.as_fd()).expect("a pipe is polled");
        assert_eq!(kind, Kind::Pipe);
        let mut input = reader(read_end, kind).expect("reader");
        let (write_end, kind) = own_copy(write_end.as_fd()).expect("a pipe is polled");
        let mut output = writer(write_end, kind).expect("writer");
        output
            .write_all(b"{\"jsonrpc\":\"2.0\"}\n")
            .await
            .expect("write");
        let mut got = [0u8; 18];
        input.read_exact(&mut got).await.expect("read");
        assert_eq!(&got, b"{\"jsonrpc\":\"2.0\"}\n");

        let (a, _b) = std::os::unix::net::UnixStream::pair().expect("socket pair");
        let (_, kind) = own_copy(a.as_fd()).expect("a socket is polled");
        assert_eq!(kind, Kind::Socket);
    }

    #[test]
    fn a_pipe_is_blocking_again_once_the_transport_ends() {
        use std::io::{Read, Write};
        let (mut read_end, mut write_end) = std::io::pipe().expect("pipe");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("runtime");
        let mut restore = RestoreBlocking::default();
        let (file, kind) = own_copy(read_end.as_fd()).expect("a pipe");
        let input = runtime.block_on(async { reader(restore.keep(file).expect("dup"), kind) });
        // While served, the shared pipe is non-blocking: an empty read does not wait.
        let e = read_end.read(&mut [0u8; 1]).expect_err("nothing to read");
        assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
        drop(input);
        drop(restore);
        // Afterwards a read waits for the writer again.
        let waiting =
            std::thread::spawn(move || read_end.read(&mut [0u8; 1]).map_err(|e| e.kind()));
        std::thread::sleep(std::time::Duration::from_millis(50));
        write_end.write_all(b"x").expect("write");
        assert_eq!(waiting.join().expect("reader"), Ok(1));
    }

    #[test]
    fn regular_files_keep_the_blocking_streams() {
        let file = tempfile::tempfile().expect("file");
        assert!(own_copy(file.as_fd()).is_none());
    }

    #[test]
    fn a_file_is_the_same_as_its_duplicate_and_not_as_another() {
        let file = tempfile::tempfile().expect("file");
        let other = tempfile::tempfile().expect("file");
        let copy = file.try_clone().expect("dup");
        assert!(same_file(file.as_fd(), copy.as_fd()));
        assert!(!same_file(file.as_fd(), other.as_fd()));
    }
}
