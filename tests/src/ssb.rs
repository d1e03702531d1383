//! A stand-in for SSB's PxWebApi v2 on 127.0.0.1, answering as SSB's
//! does: `/config` with its limits, `/tables` page by page, a table's
//! entry and metadata, and its data as JSON-stat 2.0 for the codes
//! asked — with a 429 for the first calls, a 403 (RFC 7807) above a
//! number of cells, or no answer at all, as a test chooses.
//!
//! Table 12134 has the regions 3440 (Øyer, from 2020), 0521 (Øyer until
//! 2019), EKG01, EAK, 3441, 3439 and 3401, the contents
//! `KOSkorrbrutto0000`, `KOSkorrbarnehage0000` and `KOSandel0000`, and
//! the years 2018–2024. A cell is worth the region's base (3440 150 000,
//! 0521 140 000, EKG01 152 000, EAK 120 000, 3441 145 000, 3439 160 000,
//! 3401 130 000), plus 50 000 for `KOSkorrbarnehage0000`, plus 1 000 for
//! each year after 2018; `KOSandel0000` is 50.5 everywhere. Øyer's
//! codes have `.` where the code was not in use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the stand-in behaves.
#[derive(Debug, Clone)]
pub struct Script {
    /// `maxDataCells` in `/config`.
    pub max_cells: u64,
    /// `maxCallsPerTimeWindow`.
    pub max_calls: u32,
    /// `timeWindow`, in seconds.
    pub window: u64,
    /// Tables per page of `/tables` (five tables in all).
    pub page_size: usize,
    /// The first this many data calls get 429 with `Retry-After: 1`.
    pub busy_first: usize,
    /// A data call above this many cells gets 403 with a problem.
    pub forbid_over: Option<usize>,
    /// Data calls get no answer at all.
    pub hang: bool,
    /// The table's `updated`.
    pub updated: String,
}

impl Default for Script {
    fn default() -> Self {
        Script {
            max_cells: 800_000,
            max_calls: 30,
            window: 10,
            page_size: 2,
            busy_first: 0,
            forbid_over: None,
            hang: false,
            updated: "2026-03-15T08:00:00Z".into(),
        }
    }
}

/// A running stand-in.
pub struct FakeSsb {
    /// `http://127.0.0.1:PORT/api/v2`.
    pub base_url: String,
    log: Arc<Mutex<Vec<(Instant, String)>>>,
}

const REGIONS: [(&str, &str, f64); 7] = [
    ("3440", "Øyer", 150_000.0),
    ("0521", "Øyer (-2019)", 140_000.0),
    ("EKG01", "KOSTRA-gruppe 1", 152_000.0),
    ("EAK", "Landet", 120_000.0),
    ("3441", "Gausdal", 145_000.0),
    ("3439", "Ringebu", 160_000.0),
    ("3401", "Kongsvinger", 130_000.0),
];
const CONTENTS: [(&str, &str); 3] = [
    (
        "KOSkorrbrutto0000",
        "Korrigerte brutto driftsutgifter per elev (kr)",
    ),
    (
        "KOSkorrbarnehage0000",
        "Korrigerte brutto driftsutgifter per barn (kr)",
    ),
    ("KOSandel0000", "Andel (prosent)"),
];
const YEARS: [&str; 7] = ["2018", "2019", "2020", "2021", "2022", "2023", "2024"];

impl FakeSsb {
    /// Starts the stand-in on a free port.
    pub fn start(script: Script) -> FakeSsb {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let l2 = Arc::clone(&log);
        let data_calls = Arc::new(Mutex::new(0usize));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, script, data_calls) =
                    (Arc::clone(&l2), script.clone(), Arc::clone(&data_calls));
                std::thread::spawn(move || serve(stream, &script, &log, &data_calls));
            }
        });
        FakeSsb {
            base_url: format!("http://127.0.0.1:{port}/api/v2"),
            log,
        }
    }

    /// Every path asked, in order.
    pub fn requests(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// When each request came.
    pub fn times(&self) -> Vec<Instant> {
        self.log.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(x) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(mut s: TcpStream, status: &str, kind: &str, extra: &str, body: &str) {
    let _ = write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = s.flush();
}

fn serve(
    stream: TcpStream,
    script: &Script,
    log: &Mutex<Vec<(Instant, String)>>,
    data_calls: &Mutex<usize>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    log.lock().unwrap().push((Instant::now(), decode(&target)));
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let params: Vec<(String, String)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let path = path.strip_prefix("/api/v2").unwrap_or(path);
    let json = "application/json; charset=UTF-8";
    match path {
        "/config" => respond(
            stream,
            "200 OK",
            json,
            "",
            &format!(
                r#"{{"apiVersion":"2.0.0","appVersion":"fake","languages":[{{"id":"no","label":"Norsk"}},{{"id":"en","label":"English"}}],"defaultLanguage":"no","maxDataCells":{},"maxCallsPerTimeWindow":{},"timeWindow":{},"license":"https://data.norge.no/nlod/no/2.0","defaultDataFormat":"json-stat2","dataFormats":["json-stat2","csv"]}}"#,
                script.max_cells, script.max_calls, script.window
            ),
        ),
        "/tables" => {
            let all = [
                ("12134", "Grunnskole - nøkkeltall (K) 2015 - 2024"),
                ("12362", "Barnehager - nøkkeltall (K) 2015 - 2024"),
                ("12209", "Pleie og omsorg - nøkkeltall (K) 2015 - 2024"),
                ("12367", "Kommunehelse - nøkkeltall (K) 2015 - 2024"),
                ("11933", "Barnevern - nøkkeltall (K) 2015 - 2021"),
            ];
            let page: usize = params
                .iter()
                .find(|(k, _)| k == "pageNumber")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(1);
            let size = script.page_size.max(1);
            let pages = all.len().div_ceil(size);
            let items: Vec<String> = all
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .map(|(id, label)| {
                    format!(
                        r#"{{"type":"Table","id":"{id}","label":"{id}: {label}","updated":"2026-03-15T08:00:00Z","firstPeriod":"2015","lastPeriod":"{}","discontinued":{},"variableNames":["region","statistikkvariabel","år"],"links":[]}}"#,
                        if *id == "11933" { "2021" } else { "2024" },
                        *id == "11933"
                    )
                })
                .collect();
            respond(
                stream,
                "200 OK",
                json,
                "",
                &format!(
                    r#"{{"language":"no","tables":[{}],"page":{{"pageNumber":{page},"pageSize":{size},"totalElements":{},"totalPages":{pages}}},"links":[]}}"#,
                    items.join(","),
                    all.len()
                ),
            );
        }
        "/tables/12134" => respond(
            stream,
            "200 OK",
            json,
            "",
            &format!(
                r#"{{"language":"no","id":"12134","label":"12134: Grunnskole - nøkkeltall (K) 2015 - 2024","updated":"{}","firstPeriod":"2018","lastPeriod":"2024","variableNames":["region","statistikkvariabel","år"],"links":[]}}"#,
                script.updated
            ),
        ),
        "/tables/12134/metadata" => {
            let all = |n: usize| (0..n).collect::<Vec<_>>();
            respond(
                stream,
                "200 OK",
                json,
                "",
                &cube(&all(7), &all(3), &all(7), script, false),
            );
        }
        "/tables/12134/data" => {
            let n = {
                let mut c = data_calls.lock().unwrap();
                *c += 1;
                *c
            };
            if script.hang {
                std::thread::sleep(Duration::from_secs(30));
                return;
            }
            if n <= script.busy_first {
                return respond(
                    stream,
                    "429 Too Many Requests",
                    "application/problem+json",
                    "Retry-After: 1\r\n",
                    r#"{"title":"Too Many Requests","status":429}"#,
                );
            }
            let pick = |var: &str, codes: &[&str]| -> Vec<usize> {
                let Some((_, v)) = params
                    .iter()
                    .find(|(k, _)| k == &format!("valueCodes[{var}]"))
                else {
                    return (0..codes.len()).collect();
                };
                let mut out = Vec::new();
                for item in split_items(v) {
                    let item = item
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_string();
                    let pos = |c: &str| codes.iter().position(|x| *x == c);
                    if item == "*" {
                        out.extend(0..codes.len());
                    } else if let Some(x) =
                        item.strip_prefix("from(").and_then(|x| x.strip_suffix(')'))
                    {
                        out.extend(pos(x).unwrap_or(codes.len())..codes.len());
                    } else if let Some(x) = item
                        .strip_prefix("range(")
                        .and_then(|x| x.strip_suffix(')'))
                    {
                        let (a, b) = x.split_once(',').unwrap();
                        out.extend(pos(a).unwrap()..=pos(b).unwrap());
                    } else if let Some(p) = pos(&item) {
                        out.push(p);
                    }
                }
                out.sort_unstable();
                out.dedup();
                out
            };
            let r = pick("Region", &REGIONS.map(|r| r.0));
            let c = pick("ContentsCode", &CONTENTS.map(|c| c.0));
            let y = pick("Tid", &YEARS);
            let cells = r.len() * c.len() * y.len();
            if script.forbid_over.is_some_and(|m| cells > m) {
                return respond(
                    stream,
                    "403 Forbidden",
                    "application/problem+json",
                    "",
                    r#"{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.3","title":"Forbidden","status":403,"detail":"The query resulted in cell that exceeds the number of allowed."}"#,
                );
            }
            respond(stream, "200 OK", json, "", &cube(&r, &c, &y, script, true));
        }
        _ => respond(
            stream,
            "404 Not Found",
            "application/problem+json",
            "",
            r#"{"title":"Not Found","status":404,"detail":"No such table"}"#,
        ),
    }
    let _ = reader.read(&mut [0u8; 0]);
}

fn split_items(v: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for ch in v.chars() {
        match ch {
            '(' | '[' => {
                depth += 1;
                cur.push(ch);
            }
            ')' | ']' => {
                depth -= 1;
                cur.push(ch);
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(ch),
        }
    }
    out.push(cur);
    out
}

fn cube(r: &[usize], c: &[usize], y: &[usize], script: &Script, with_values: bool) -> String {
    let cat = |codes: Vec<(&str, &str)>| {
        let index: Vec<String> = codes
            .iter()
            .enumerate()
            .map(|(i, (k, _))| format!(r#""{k}":{i}"#))
            .collect();
        let label: Vec<String> = codes
            .iter()
            .map(|(k, l)| format!(r#""{k}":"{l}""#))
            .collect();
        format!(
            r#"{{"index":{{{}}},"label":{{{}}}}}"#,
            index.join(","),
            label.join(",")
        )
    };
    let regions = cat(r.iter().map(|&i| (REGIONS[i].0, REGIONS[i].1)).collect());
    let contents = cat(c.iter().map(|&i| CONTENTS[i]).collect());
    let years = cat(y.iter().map(|&i| (YEARS[i], YEARS[i])).collect());
    let mut values = Vec::new();
    let mut status = Vec::new();
    for &ri in r {
        for &ci in c {
            for &yi in y {
                let year: i32 = YEARS[yi].parse().unwrap();
                let (code, _, base) = REGIONS[ri];
                let unused = (code == "3440" && year < 2020) || (code == "0521" && year >= 2020);
                if unused {
                    status.push(format!(r#""{}":".""#, values.len()));
                    values.push("null".to_string());
                } else if CONTENTS[ci].0 == "KOSandel0000" {
                    values.push("50.5".into());
                } else {
                    let extra = if CONTENTS[ci].0 == "KOSkorrbarnehage0000" {
                        50_000.0
                    } else {
                        0.0
                    };
                    values.push(format!(
                        "{}",
                        base + extra + f64::from(year - 2018) * 1000.0
                    ));
                }
            }
        }
    }
    let body = if with_values {
        format!(
            r#","value":[{}],"status":{{{}}}"#,
            values.join(","),
            status.join(",")
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"version":"2.0","class":"dataset","label":"12134: Grunnskole - nøkkeltall (K) 2015 - 2024","source":"Statistisk sentralbyrå","updated":"{}","id":["Region","ContentsCode","Tid"],"size":[{},{},{}],"role":{{"time":["Tid"],"geo":["Region"],"metric":["ContentsCode"]}},"dimension":{{"Region":{{"label":"region","category":{regions},"extension":{{"elimination":false}}}},"ContentsCode":{{"label":"statistikkvariabel","category":{contents}}},"Tid":{{"label":"år","category":{years}}}}},"extension":{{"px":{{"tableid":"12134"}}}}{body}}}"#,
        script.updated,
        r.len(),
        c.len(),
        y.len()
    )
}
