//! Guards that run before calamine inflates anything: the file's real type
//! by its bytes, the zip directory (entry count, duplicate names, declared
//! sizes, compression ratio) and the shared-strings counts; for .xls, the
//! compound file and its records (`cfb`). calamine alone can be made to
//! abort the process (an allocation failure is not a panic) by a tiny file
//! with an absurd shared-string count or sheet size, or a sector chain
//! that loops, or to spend gigabytes on a zip bomb.

use std::io::{Cursor, Read};
use styring_core::text::{Localized, Text};
use styring_core::Lang;

/// Limits for reading workbooks. Every error that hits one names it and
/// says how to raise it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes (`--max-file-mb`).
    pub max_file_bytes: u64,
    /// Most entries in a zip-based workbook (`--max-zip-entries`).
    pub max_zip_entries: u64,
    /// Most bytes all zip entries may declare when unpacked (`--max-unpacked-mb`).
    pub max_unpacked_bytes: u64,
    /// Largest unpacked/packed ratio for a big zip entry (`--max-compression-ratio`).
    pub max_compression_ratio: u64,
    /// Most shared strings a workbook may declare (`--max-shared-strings`).
    pub max_shared_strings: u64,
    /// Most rows read from one sheet (`--max-rows`).
    pub max_rows: u32,
    /// Most columns read from one sheet (`--max-columns`).
    pub max_columns: u32,
    /// Most non-empty cells read from one file (`--max-cells`).
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 << 20,
            max_zip_entries: 10_000,
            max_unpacked_bytes: 2 << 30,
            max_compression_ratio: 1_000,
            max_shared_strings: 5_000_000,
            max_rows: 1_100_000,
            max_columns: 512,
            max_cells: 12_000_000,
        }
    }
}

/// A limit that was hit, with the numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitHit {
    /// The limit's name (also the CLI flag without `--`).
    pub flag: &'static str,
    /// The limit.
    pub limit: u64,
    /// What the file has or claims.
    pub found: u64,
    /// What the limit is about, in Norwegian and English.
    pub what: (&'static str, &'static str),
}

impl LimitHit {
    /// Norwegian message.
    fn nb(&self) -> String {
        format!(
            "{} ({}) er over grensen {} — er filen riktig, kan grensen økes med --{} {}",
            self.what.0,
            self.found,
            self.limit,
            self.flag,
            self.limit.saturating_mul(2)
        )
    }

    /// English message.
    fn en(&self) -> String {
        format!(
            "{} ({}) is over the limit {} — if the file is right, raise it with --{} {}",
            self.what.1,
            self.found,
            self.limit,
            self.flag,
            self.limit.saturating_mul(2)
        )
    }
}

/// What a file really is, by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Binary Office Open XML (.xlsb).
    Xlsb,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Excel 97–2003 (.xls).
    Xls,
}

/// A guard's verdict on a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    /// Not a spreadsheet at all.
    NotSpreadsheet {
        /// A short description of what the bytes look like.
        looks_like: &'static str,
    },
    /// A zip file that is damaged or hostile.
    BadZip(Text),
    /// A limit was hit.
    Limit(LimitHit),
    /// A file that is damaged, or not a workbook we can read: an .xls whose
    /// compound-file structure or records would make the reader loop,
    /// slice out of range or reserve absurd memory. The detail says what.
    Damaged(Text),
}

fn limit(
    flag: &'static str,
    limit: u64,
    found: u64,
    what: (&'static str, &'static str),
) -> Rejection {
    Rejection::Limit(LimitHit {
        flag,
        limit,
        found,
        what,
    })
}

fn bad(nb: impl Into<String>, en: impl Into<String>) -> Rejection {
    Rejection::BadZip(Text::new(nb, en))
}

fn u16_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 2)
        .map(|x| u16::from_le_bytes([x[0], x[1]]) as u64)
}
fn u32_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 4)
        .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]) as u64)
}
fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 8)
        .and_then(|x| <[u8; 8]>::try_from(x).ok())
        .map(u64::from_le_bytes)
}

/// Reads the entry count from the zip's end-of-central-directory record
/// (zip64 too) without trusting anything else in the file.
fn declared_entries(bytes: &[u8]) -> Result<u64, Rejection> {
    let n = bytes.len();
    let floor = n.saturating_sub(22 + 65_535);
    let eocd = (floor..n.saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(|| {
            bad(
                "zip-filen mangler sluttkatalogen (filen er avkortet eller skadet)",
                "the zip file has no end of central directory (the file is truncated or damaged)",
            )
        })?;
    let entries = u16_at(bytes, eocd + 10).unwrap_or(0);
    let cd_size = u32_at(bytes, eocd + 12).unwrap_or(0);
    let cd_offset = u32_at(bytes, eocd + 16).unwrap_or(0);
    if entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
        // zip64: the locator sits just before the EOCD record.
        let loc = eocd
            .checked_sub(20)
            .filter(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x06, 0x07]);
        let Some(loc) = loc else {
            return Err(bad(
                "zip64-filen mangler lokator",
                "the zip64 file has no locator",
            ));
        };
        let off = u64_at(bytes, loc + 8).unwrap_or(u64::MAX);
        let off = usize::try_from(off)
            .ok()
            .filter(|&o| o + 56 <= n)
            .ok_or_else(|| {
                bad(
                    "zip64-katalogen peker utenfor filen",
                    "the zip64 directory points outside the file",
                )
            })?;
        return u64_at(bytes, off + 32).ok_or_else(|| {
            bad(
                "zip64-katalogen er avkortet",
                "the zip64 directory is truncated",
            )
        });
    }
    if cd_offset + cd_size > eocd as u64 {
        return Err(bad(
            "zip-katalogen peker utenfor filen (filen er avkortet eller skadet)",
            "the zip directory points outside the file (the file is truncated or damaged)",
        ));
    }
    Ok(entries)
}

/// Checks the file's size and real type.
///
/// # Errors
/// A [`Rejection`] saying what is wrong.
pub fn detect(bytes: &[u8], limits: &Limits) -> Result<Kind, Rejection> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(limit(
            "max-file-bytes",
            limits.max_file_bytes,
            bytes.len() as u64,
            ("filstørrelsen i byte", "the file size in bytes"),
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // calamine trusts every sector id and count in the compound file.
        super::cfb::check(bytes, limits)?;
        return Ok(Kind::Xls);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        let looks_like = if bytes.is_empty() {
            "en tom fil"
        } else if bytes.starts_with(b"%PDF") {
            "en PDF"
        } else if bytes.starts_with(b"PK") {
            "en skadet zip-fil"
        } else if bytes
            .iter()
            .take(512)
            .all(|b| b.is_ascii() && (*b >= 0x20 || b"\r\n\t".contains(b)))
        {
            "tekst (CSV eller lignende)"
        } else {
            "en ukjent filtype"
        };
        return Err(Rejection::NotSpreadsheet { looks_like });
    }
    let entries = declared_entries(bytes)?;
    if entries > limits.max_zip_entries {
        return Err(limit(
            "max-zip-entries",
            limits.max_zip_entries,
            entries,
            ("antall deler i zip-filen", "the number of zip entries"),
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(
            format!("zip-filen kan ikke leses ({e}); filen er avkortet eller skadet"),
            format!("the zip file cannot be read ({e}); the file is truncated or damaged"),
        )
    })?;
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    for n in zip.file_names() {
        let n = n.map_err(|e| {
            bad(
                format!("et navn i zip-filen kan ikke leses ({e})"),
                format!("a name in the zip file cannot be read ({e})"),
            )
        })?;
        names.insert(n.into_owned());
    }
    if (names.len() as u64) < entries || names.len() < zip.len() {
        return Err(bad(
            "zip-filen har flere deler med samme navn (filen er skadet eller laget for å lure leseren)",
            "the zip file has several entries with the same name (damaged, or made to fool the reader)",
        ));
    }
    let kind = if names.contains("xl/workbook.xml") {
        Kind::Xlsx
    } else if names.contains("xl/workbook.bin") {
        Kind::Xlsb
    } else if names.contains("content.xml") {
        Kind::Ods
    } else {
        return Err(Rejection::NotSpreadsheet {
            looks_like: "en zip-fil som ikke er et regneark (f.eks. et Word-dokument)",
        });
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| {
            bad(
                format!("zip-delen {i} kan ikke leses ({e})"),
                format!("zip entry {i} cannot be read ({e})"),
            )
        })?;
        let (size, packed) = (f.size(), f.compressed_size());
        total = total.saturating_add(size);
        if size > 1 << 20 && size / packed.max(1) > limits.max_compression_ratio {
            return Err(limit(
                "max-compression-ratio",
                limits.max_compression_ratio,
                size / packed.max(1),
                (
                    "pakkeforholdet for en del av zip-filen (mulig zip-bombe)",
                    "the compression ratio of a zip entry (possible zip bomb)",
                ),
            ));
        }
    }
    if total > limits.max_unpacked_bytes {
        return Err(limit(
            "max-unpacked-bytes",
            limits.max_unpacked_bytes,
            total,
            ("utpakket størrelse i byte", "the unpacked size in bytes"),
        ));
    }
    if kind == Kind::Xlsx {
        check_shared_strings(&mut zip, limits)?;
    }
    if kind == Kind::Ods {
        // calamine reads content.xml whole and expands repeated cells:
        // check what it really unpacks to, and how many cells it would make.
        capped_size(&mut zip, "content.xml", limits)?;
        check_ods_repeats(&mut zip, limits)?;
    }
    Ok(kind)
}

/// Unpacks an entry without keeping it, stopping at the limit, so a lying
/// declared size cannot make a reader unpack gigabytes.
fn capped_size(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<u64, Rejection> {
    let Ok(mut f) = zip.by_name(name) else {
        return Ok(0);
    };
    let cap = limits.max_unpacked_bytes;
    let mut buf = vec![0u8; 1 << 16];
    let mut n: u64 = 0;
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Ok(n),
            Ok(k) => {
                n += k as u64;
                if n > cap {
                    return Err(limit(
                        "max-unpacked-bytes",
                        cap,
                        n,
                        ("utpakket størrelse i byte", "the unpacked size in bytes"),
                    ));
                }
            }
            Err(e) => {
                return Err(bad(
                    format!("{name} i zip-filen kan ikke pakkes ut ({e})"),
                    format!("{name} in the zip file cannot be unpacked ({e})"),
                ))
            }
        }
    }
}

/// The value of `attr="…"` inside one XML start tag.
fn attr_u64(tag: &[u8], attr: &[u8]) -> Option<u64> {
    let pos = tag.windows(attr.len()).position(|w| w == attr)?;
    let rest = &tag[pos + attr.len()..];
    let rest = rest.strip_prefix(b"=\"")?;
    let digits: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// Counts the cells an OpenDocument sheet would expand to: a cell with a
/// value repeated N times in a row repeated M times is N × M cells.
/// LibreOffice repeats *empty* cells a million times in every file; those
/// cost nothing and are not counted.
fn check_ods_repeats(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), Rejection> {
    let Ok(f) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, f);
    let mut tag: Vec<u8> = Vec::new();
    let mut row_repeat: u64 = 1;
    let mut cells: u64 = 0;
    let mut buf = [0u8; 1 << 16];
    let mut in_tag = false;
    // Open tables: a sheet whose end tag is missing would keep the reader
    // looking for it forever.
    let mut open_tables: i64 = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                return Err(bad(
                    format!("content.xml kan ikke pakkes ut ({e})"),
                    format!("content.xml cannot be unpacked ({e})"),
                ))
            }
        };
        for &b in &buf[..n] {
            if !in_tag {
                if b == b'<' {
                    in_tag = true;
                    tag.clear();
                }
                continue;
            }
            if b != b'>' {
                if tag.len() < 4096 {
                    tag.push(b);
                }
                continue;
            }
            in_tag = false;
            if (tag == b"table:table" || tag.starts_with(b"table:table ")) && !tag.ends_with(b"/") {
                open_tables += 1;
            } else if tag == b"/table:table" {
                open_tables -= 1;
            }
            if tag.starts_with(b"table:table-row") {
                row_repeat = attr_u64(&tag, b"table:number-rows-repeated")
                    .unwrap_or(1)
                    .max(1);
            } else if tag.starts_with(b"table:table-cell")
                || tag.starts_with(b"table:covered-table-cell")
            {
                let has_value = tag.windows(17).any(|w| w == b"office:value-type");
                if has_value {
                    let repeat = attr_u64(&tag, b"table:number-columns-repeated")
                        .unwrap_or(1)
                        .max(1);
                    cells = cells.saturating_add(repeat.saturating_mul(row_repeat));
                    if cells > limits.max_cells {
                        return Err(limit(
                            "max-cells",
                            limits.max_cells,
                            cells,
                            (
                                "antall utfylte celler regnearket blir til (gjentatte celler)",
                                "the number of filled cells the sheet expands to (repeated cells)",
                            ),
                        ));
                    }
                }
            }
        }
    }
    if open_tables != 0 || in_tag {
        return Err(Rejection::Damaged(Text::new(
            "content.xml har et ark uten slutt",
            "content.xml has a sheet without an end",
        )));
    }
    Ok(())
}

fn check_shared_strings(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), Rejection> {
    let name = "xl/sharedStrings.xml";
    let head = {
        let Ok(f) = zip.by_name(name) else {
            return Ok(());
        };
        let mut head = Vec::with_capacity(4096);
        f.take(4096).read_to_end(&mut head).map_err(|e| {
            bad(
                format!("{name} kan ikke pakkes ut ({e})"),
                format!("{name} cannot be unpacked ({e})"),
            )
        })?;
        head
    };
    let text = String::from_utf8_lossy(&head);
    if let Some(start) = text.find("<sst") {
        let rest = text.get(start..).unwrap_or("");
        let tag = rest
            .get(..rest.find('>').unwrap_or(rest.len()))
            .unwrap_or("");
        for attr in ["uniqueCount", "count"] {
            let key = format!(" {attr}=\"");
            if let Some(p) = tag.find(&key) {
                let digits: String = tag
                    .get(p + key.len()..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let n: u64 = digits.parse().unwrap_or(u64::MAX);
                if n > limits.max_shared_strings {
                    return Err(limit(
                        "max-shared-strings",
                        limits.max_shared_strings,
                        n,
                        (
                            "antall delte tekster arbeidsboken oppgir",
                            "the number of shared strings the workbook declares",
                        ),
                    ));
                }
            }
        }
    }
    capped_size(zip, name, limits)?;
    Ok(())
}

impl Localized for LimitHit {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.en(),
        }
    }
}
