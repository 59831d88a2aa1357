//! Starting the server: a child process that gets only the environment variables it is given
//! (your shell's `AWS_SECRET_ACCESS_KEY` is none of its business), whose stderr is relayed line
//! by line through `show::for_terminal` (a server's log is server-controlled text too).

use std::process::Stdio;

use rmcp::transport::TokioChildProcess;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::show::for_terminal;

/// Variables every server gets (if set): enough to find programs and a home directory.
const BASE_ENV: &[&str] = &["PATH", "HOME", "LANG", "TERM"];

/// Spawns `command args…` with `BASE_ENV` plus the variables named in `pass_env`.
pub(crate) fn spawn(
    command: &str,
    args: &[String],
    pass_env: &[String],
) -> std::io::Result<TokioChildProcess> {
    let mut cmd = Command::new(command);
    cmd.args(args).env_clear();
    for name in BASE_ENV
        .iter()
        .copied()
        .chain(pass_env.iter().map(String::as_str))
    {
        if let Some(value) = std::env::var_os(name) {
            cmd.env(name, value);
        }
    }
    let (child, stderr) = TokioChildProcess::builder(cmd)
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(stderr) = stderr {
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("[server] {}", for_terminal(&line, 2000));
            }
        });
    }
    Ok(child)
}
