//! The server's stderr, read as it comes: every line is searched for the planted secrets (logs
//! must not carry them either), and the HTTP address the server announces is passed on.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::sync::mpsc;

#[derive(Clone)]
pub(super) struct Logs {
    secrets: Arc<Vec<String>>,
    leaks: Arc<Mutex<Vec<String>>>,
    urls: mpsc::UnboundedSender<String>,
}

impl Logs {
    pub(super) fn new(secrets: Vec<String>) -> (Self, mpsc::UnboundedReceiver<String>) {
        let (urls, announced) = mpsc::unbounded_channel();
        let logs = Self {
            secrets: Arc::new(secrets),
            leaks: Arc::default(),
            urls,
        };
        (logs, announced)
    }

    /// Reads `stderr` until it closes.
    pub(super) fn collect(&self, stderr: impl AsyncRead + Unpin + Send + 'static) {
        let logs = self.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(secret) = logs.secrets.iter().find(|s| line.contains(s.as_str())) {
                    let shown = line.replace(secret.as_str(), "[the secret]");
                    if let Ok(mut leaks) = logs.leaks.lock() {
                        leaks.push(format!("{shown:.300}"));
                    }
                }
                if line.contains("serving MCP over Streamable HTTP")
                    && let Some(at) = line.find("http://")
                {
                    let url: String = line[at..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '\u{1b}' && *c != '"')
                        .collect();
                    let _ = logs.urls.send(url);
                }
            }
        });
    }

    /// Log lines that carried a secret so far.
    pub(super) fn leaks(&self) -> Vec<String> {
        self.leaks.lock().map(|l| l.clone()).unwrap_or_default()
    }
}
