//! In-process round trips over a real folder with links in and out of it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rmcp::model::{
    ArgumentInfo, CompleteRequestParams, ReadResourceRequestParams, Reference, ResourceContents,
};
use rmcp::service::{RoleClient, RunningService};
use rmcp::{ClientHandler, ServiceExt};

use crate::paths::Root;
use crate::server::FilesServer;

#[derive(Debug, Clone, Default)]
struct Client;
impl ClientHandler for Client {}

/// A scratch area: `shared/` (served) and `outside/secret.txt` (must never be readable).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "files-safely-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let shared = dir.join("shared");
        std::fs::create_dir_all(shared.join("notes")).expect("mkdir");
        std::fs::create_dir_all(dir.join("outside")).expect("mkdir");
        std::fs::write(dir.join("outside/secret.txt"), "TOP SECRET").expect("write");
        std::fs::write(shared.join("hello.txt"), "hello").expect("write");
        std::fs::write(shared.join("notes/todo.txt"), "buy milk").expect("write");
        std::fs::write(shared.join("a b.txt"), "spaced").expect("write");
        std::os::unix::fs::symlink("../outside/secret.txt", shared.join("secret-link"))
            .expect("symlink");
        std::os::unix::fs::symlink("../outside", shared.join("outside-dir")).expect("symlink");
        std::os::unix::fs::symlink("hello.txt", shared.join("hello-link")).expect("symlink");
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn connect(scratch: &Scratch) -> RunningService<RoleClient, Client> {
    let root = Root::new(&scratch.0.join("shared")).expect("root");
    let (server_io, client_io) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        let running = FilesServer::new(root)
            .serve(server_io)
            .await
            .expect("server starts");
        let _ = running.waiting().await;
    });
    Client.serve(client_io).await.expect("client connects")
}

async fn read(client: &RunningService<RoleClient, Client>, uri: &str) -> Result<String, String> {
    match client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
    {
        Ok(result) => match &result.contents[..] {
            [ResourceContents::TextResourceContents { text, .. }] => Ok(text.clone()),
            other => panic!("unexpected contents {other:?}"),
        },
        Err(e) => Err(e.to_string()),
    }
}

#[tokio::test]
async fn lists_the_files_inside_and_no_link_out() {
    let scratch = Scratch::new();
    let client = connect(&scratch).await;
    let resources = client.list_all_resources().await.expect("resources/list");
    let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
    assert_eq!(
        uris,
        [
            "files:///a%20b.txt",
            "files:///hello-link",
            "files:///hello.txt",
            "files:///notes/todo.txt"
        ]
    );
}

#[tokio::test]
async fn reads_files_and_links_that_stay_inside() {
    let scratch = Scratch::new();
    let client = connect(&scratch).await;
    assert_eq!(
        read(&client, "files:///notes/todo.txt").await.as_deref(),
        Ok("buy milk")
    );
    assert_eq!(
        read(&client, "files:///a%20b.txt").await.as_deref(),
        Ok("spaced")
    );
    assert_eq!(
        read(&client, "files:///hello-link").await.as_deref(),
        Ok("hello")
    );
}

#[tokio::test]
async fn every_traversal_is_refused_with_its_reason() {
    let scratch = Scratch::new();
    let client = connect(&scratch).await;
    let cases = [
        (
            "files:///../outside/secret.txt",
            "`..` and `.` segments are refused",
        ),
        (
            "files:///notes/../../outside/secret.txt",
            "`..` and `.` segments are refused",
        ),
        (
            "files:///%2e%2e/outside/secret.txt",
            "`..` and `.` segments are refused",
        ),
        (
            "files:///..%2Foutside%2Fsecret.txt",
            "`..` and `.` segments are refused",
        ),
        ("files:///%252e%252e%252foutside/secret.txt", "no such file"),
        ("files:////etc/passwd", "absolute paths are refused"),
        ("files:///%2Fetc%2Fpasswd", "absolute paths are refused"),
        ("files:///..%5Coutside%5Csecret.txt", "backslashes"),
        ("files:///hello.txt%00.png", "backslashes, NUL"),
        ("files:///secret-link", "outside the shared folder"),
        (
            "files:///outside-dir/secret.txt",
            "outside the shared folder",
        ),
        ("file:///etc/passwd", "the URI must look like"),
        ("files:///notes", "not a regular file"),
    ];
    for (uri, expected) in cases {
        let err = read(&client, uri).await.expect_err(uri);
        assert!(err.contains(expected), "{uri}: {err}");
        assert!(
            !err.contains(&*scratch.0.to_string_lossy()),
            "{uri}: the error shows a server path: {err}"
        );
    }
}

#[tokio::test]
async fn completes_paths_inside_only() {
    let scratch = Scratch::new();
    let client = connect(&scratch).await;
    let complete = |value: &str| {
        CompleteRequestParams::new(
            Reference::for_resource(crate::uri::TEMPLATE),
            ArgumentInfo::new("path", value),
        )
    };
    let got = client.complete(complete("no")).await.expect("complete");
    assert_eq!(got.completion.values, ["notes/todo.txt"]);
    let got = client.complete(complete("hello")).await.expect("complete");
    assert_eq!(got.completion.values, ["hello-link", "hello.txt"]);
    for hostile in ["../", "/", "outside-dir/", "secret"] {
        let got = client.complete(complete(hostile)).await.expect("complete");
        assert!(
            got.completion.values.is_empty(),
            "{hostile}: {:?}",
            got.completion.values
        );
    }
}
