//! The browser side of `azrs login` (authorization code with PKCE): which browser to open, the
//! way Python's `webbrowser` module (and so az) picks it, and the loopback listener the
//! authority redirects back to.
//!
//! Browser choice: `BROWSER` first, a `:`-separated list of commands tried in order (a
//! command with `%s` gets the URL there, split on whitespace; otherwise the URL is its one
//! argument); without it, on Linux `xdg-open` (and the other openers `webbrowser` knows) when a
//! display is present (`DISPLAY` / `WAYLAND_DISPLAY`), and nothing on a console. No browser
//! means az's fall-back to the device-code flow. The browser is started and not waited for:
//! a `BROWSER` script that fetches the URL itself needs the listener answering meanwhile.
//!
//! The listener accepts on `127.0.0.1`, one request at a time, until one carries the `state`
//! it expects with a `code` or an `error`, in the query of a GET or the form of a POST
//! (`response_mode=form_post`); anything else gets a 400 and is otherwise ignored, so a stray
//! request cannot end the login.

use std::collections::HashMap;
use std::process::{Command, Stdio};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// The commands to try, in order, for `env`.
pub fn browser_commands(env: &HashMap<String, String>) -> Vec<String> {
    if let Some(b) = env.get("BROWSER").filter(|b| !b.is_empty()) {
        return b
            .split(':')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
    }
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|k| env.get(*k).is_some_and(|v| !v.is_empty()));
    if cfg!(target_os = "macos") {
        return vec!["open".into()];
    }
    if cfg!(windows) {
        return vec!["explorer".into()];
    }
    if display {
        return ["xdg-open", "gio", "gvfs-open", "x-www-browser"]
            .iter()
            .filter(|c| on_path(env, c))
            .map(|c| (*c).to_owned())
            .collect();
    }
    Vec::new()
}

fn on_path(env: &HashMap<String, String>, name: &str) -> bool {
    env.get("PATH").is_some_and(|p| {
        std::env::split_paths(p).any(|d| d.is_absolute() && d.join(name).is_file())
    })
}

/// Start the first browser command that can be started with `url`; true if one was.
pub fn open(commands: &[String], url: &str, env: &HashMap<String, String>) -> bool {
    for c in commands {
        let argv: Vec<String> = if c.contains("%s") {
            c.split_whitespace().map(|a| a.replace("%s", url)).collect()
        } else {
            vec![c.clone(), url.to_owned()]
        };
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        let started = Command::new(program)
            .args(args)
            .env_clear()
            .envs(env)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Ok(child) = started {
            // Reap it in the background; its exit status does not matter.
            std::thread::spawn(move || {
                let mut child = child;
                let _ = child.wait();
            });
            return true;
        }
    }
    false
}

/// What came back to the loopback redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// An authorization code.
    Code(String),
    /// `error` and `error_description`.
    Error(String, String),
}

/// A bound loopback listener and the redirect URI naming it.
pub struct Loopback {
    listener: TcpListener,
    /// `http://localhost:PORT`, as MSAL forms it.
    pub redirect_uri: String,
}

impl Loopback {
    /// Bind an ephemeral port on 127.0.0.1.
    pub async fn bind() -> std::io::Result<Loopback> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://localhost:{port}"),
        })
    }

    /// Serve until a request with `state` arrives.
    pub async fn wait(&self, state: &str) -> std::io::Result<Redirect> {
        loop {
            let (mut sock, _) = self.listener.accept().await?;
            let Some(params) = read_params(&mut sock).await else {
                let _ = respond(&mut sock, 400, "Bad request.").await;
                continue;
            };
            if params.get("state").map(String::as_str) != Some(state) {
                let _ = respond(&mut sock, 400, "State mismatch.").await;
                continue;
            }
            if let Some(code) = params.get("code") {
                let _ = respond(
                    &mut sock,
                    200,
                    "Authentication complete. You can close this window and return to the command line.",
                )
                .await;
                return Ok(Redirect::Code(code.clone()));
            }
            if let Some(e) = params.get("error") {
                let _ = respond(&mut sock, 200, "Authentication failed.").await;
                let d = params.get("error_description").cloned().unwrap_or_default();
                return Ok(Redirect::Error(e.clone(), d));
            }
            let _ = respond(&mut sock, 400, "No code.").await;
        }
    }
}

/// The query of a GET or the form body of a POST, from one HTTP/1.1 request (bounded in size
/// and time so a silent client cannot hold the listener).
async fn read_params(sock: &mut tokio::net::TcpStream) -> Option<HashMap<String, String>> {
    const LIMIT: usize = 64 * 1024;
    let mut buf = Vec::new();
    let read = async {
        let mut chunk = [0u8; 4096];
        loop {
            let n = sock.read(&mut chunk).await.ok()?;
            if n == 0 {
                return Some(());
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.len() > LIMIT {
                return None;
            }
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let len = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if buf.len() >= end + 4 + len.min(LIMIT) {
                    return Some(());
                }
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), read)
        .await
        .ok()??;
    let end = find(&buf, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let line = head.lines().next()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?;
    let target = parts.next()?;
    let text = match method {
        "GET" => target.split_once('?').map(|(_, q)| q.to_owned())?,
        "POST" => String::from_utf8_lossy(&buf[end + 4..]).into_owned(),
        _ => return None,
    };
    Some(
        url::form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect(),
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

async fn respond(sock: &mut tokio::net::TcpStream, status: u16, text: &str) -> std::io::Result<()> {
    let reason = if status == 200 { "OK" } else { "Bad Request" };
    let body = format!("<html><body><p>{text}</p></body></html>");
    let msg = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    sock.write_all(msg.as_bytes()).await?;
    sock.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn browser_variable_wins_and_console_has_none() {
        assert_eq!(
            browser_commands(&env(&[("BROWSER", "/a/b:/c %s --new")])),
            vec!["/a/b".to_owned(), "/c %s --new".to_owned()]
        );
        if cfg!(target_os = "linux") {
            assert!(browser_commands(&env(&[("PATH", "/usr/bin")])).is_empty());
        }
    }

    #[tokio::test]
    async fn loopback_takes_the_code_with_the_right_state_only() {
        let lb = Loopback::bind().await.expect("bind");
        let port = lb.redirect_uri.rsplit(':').next().expect("port").to_owned();
        let send = |req: String| {
            let port = port.clone();
            async move {
                let mut s = tokio::net::TcpStream::connect((
                    "127.0.0.1",
                    port.parse::<u16>().expect("port"),
                ))
                .await
                .expect("connect");
                s.write_all(req.as_bytes()).await.expect("write");
                let mut out = String::new();
                let _ = s.read_to_string(&mut out).await;
                out
            }
        };
        let waiter = tokio::spawn(async move { lb.wait("st").await });
        let bad = send("GET /?code=x&state=other HTTP/1.1\r\nHost: l\r\n\r\n".into()).await;
        assert!(bad.starts_with("HTTP/1.1 400"), "{bad}");
        let body = "code=the-code&state=st";
        let ok = send(format!(
            "POST / HTTP/1.1\r\nHost: l\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ))
        .await;
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        let got = waiter.await.expect("join").expect("wait");
        assert_eq!(got, Redirect::Code("the-code".into()));
    }
}
