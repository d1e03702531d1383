//! A PxWebApi stand-in for one case: the case's input is a bundle of the
//! API's answers (`{"config": …, "tables": …, "table": …, "metadata": …,
//! "data": …, "status": {"data": 403}}`), each served at its endpoint
//! with its status; an input that is no such bundle is served whole at
//! every endpoint. It lives on 127.0.0.1 as long as the value does.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A running stand-in.
#[derive(Debug)]
pub struct BundleServer {
    /// `http://127.0.0.1:PORT/api/v2`.
    pub base_url: String,
    port: u16,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

/// The endpoint a path is for: `config`, `tables`, `table`, `metadata`
/// or `data`.
pub fn endpoint(path: &str) -> &'static str {
    let path = path.split('?').next().unwrap_or("");
    let path = path.strip_prefix("/api/v2").unwrap_or(path);
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        ["config"] => "config",
        ["tables"] => "tables",
        ["tables", _] => "table",
        ["tables", _, "metadata"] => "metadata",
        _ => "data",
    }
}

/// The status and body served for `endpoint` from `input`.
pub fn answer(input: &[u8], endpoint: &str) -> (u16, Vec<u8>) {
    let Ok(serde_json::Value::Object(bundle)) = serde_json::from_slice::<serde_json::Value>(input)
    else {
        return (200, input.to_vec());
    };
    let status = bundle
        .get("status")
        .and_then(|s| s.get(endpoint))
        .and_then(serde_json::Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (200..600).contains(s))
        .unwrap_or(200);
    match bundle.get(endpoint) {
        Some(v) => (status, v.to_string().into_bytes()),
        None => (status, input.to_vec()),
    }
}

fn serve(stream: TcpStream, input: &[u8]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    for _ in 0..200 {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) | Err(_) => break,
            Ok(_) if h == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let (status, body) = answer(input, endpoint(target));
    let mut s = stream;
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(&body);
    let _ = s.flush();
}

impl BundleServer {
    /// Serves `input` on a free port.
    ///
    /// # Errors
    /// When no port can be had.
    pub fn start(input: Vec<u8>) -> std::io::Result<BundleServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let input = Arc::new(input);
        let handle = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(s) = stream {
                    let input = Arc::clone(&input);
                    std::thread::spawn(move || serve(s, &input));
                }
            }
        });
        Ok(BundleServer {
            base_url: format!("http://127.0.0.1:{port}/api/v2"),
            port,
            stop,
            handle: Some(handle),
        })
    }
}

impl Drop for BundleServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_endpoint_gets_its_member_and_status() {
        let bundle = br#"{"config":{"a":1},"data":[1],"status":{"data":403}}"#;
        assert_eq!(endpoint("/api/v2/config"), "config");
        assert_eq!(endpoint("/api/v2/tables?pageNumber=1"), "tables");
        assert_eq!(endpoint("/api/v2/tables/12134?lang=no"), "table");
        assert_eq!(
            endpoint("/api/v2/tables/12134/metadata?lang=no"),
            "metadata"
        );
        assert_eq!(endpoint("/api/v2/tables/12134/data?x"), "data");
        assert_eq!(answer(bundle, "config"), (200, br#"{"a":1}"#.to_vec()));
        assert_eq!(answer(bundle, "data"), (403, b"[1]".to_vec()));
        // Not a bundle, or no member: the whole input.
        assert_eq!(answer(b"{broken", "config"), (200, b"{broken".to_vec()));
        assert_eq!(answer(bundle, "tables"), (200, bundle.to_vec()));
    }
}
