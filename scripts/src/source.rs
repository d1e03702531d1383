//! Script sources: reading a script file the model names (only from the
//! model's folder, only a regular file of bounded size), compiling it in the
//! sandbox, and which context variables it mentions.

use crate::error::ScriptError;
use rhai::{Engine, AST};
use std::path::PathBuf;
use styring_core::model::Model;
use styring_core::rule::ScriptSource;
use styring_core::Text;

/// Which context variables a script mentions. Only those are put in its
/// scope; a variable named anywhere in the text (even in a string or a
/// comment) counts, so a script never misses one it uses.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Uses {
    pub(crate) value: bool,
    pub(crate) target: bool,
    pub(crate) target_min: bool,
    pub(crate) target_max: bool,
    pub(crate) previous: bool,
    pub(crate) history: bool,
    pub(crate) unit: bool,
    pub(crate) indicator: bool,
    pub(crate) period: bool,
}

impl Uses {
    pub(crate) fn of(text: &str) -> Uses {
        let mut u = Uses::default();
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            match word {
                "value" => u.value = true,
                "target" => u.target = true,
                "target_min" => u.target_min = true,
                "target_max" => u.target_max = true,
                "previous" => u.previous = true,
                "history" => u.history = true,
                "unit" => u.unit = true,
                "indicator" => u.indicator = true,
                "period" => u.period = true,
                _ => {}
            }
        }
        u
    }
}

/// One compiled script.
pub(crate) struct Compiled {
    /// The file, or `<inline CODE>`.
    pub(crate) name: String,
    pub(crate) ast: AST,
    pub(crate) uses: Uses,
}

/// The largest script file read, in bytes.
pub const MAX_SCRIPT_BYTES: u64 = 256 * 1024;

/// Reads a script file named by the model: only a regular file inside the
/// model's folder (a relative path without `..`), of at most
/// [`MAX_SCRIPT_BYTES`].
pub(crate) fn read_script(model: &Model, p: &str) -> Result<String, ScriptError> {
    use std::io::Read as _;
    use std::path::{Component, Path};
    let refused = |nb: String, en: String| ScriptError::Refused {
        script: p.to_string(),
        message: Text::new(nb, en),
    };
    let rel = Path::new(p);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(refused(
            "skriptfiler må ligge i mappen til modellen (en relativ sti uten ..)".into(),
            "script files must be in the model's folder (a relative path without ..)".into(),
        ));
    }
    let path = model
        .base_dir()
        .map(|d| d.join(rel))
        .unwrap_or_else(|| PathBuf::from(rel));
    let io = |e: std::io::Error| ScriptError::Io {
        script: p.to_string(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(&path).map_err(io)?;
    if !meta.is_file() {
        return Err(refused(
            "er ikke en vanlig fil".into(),
            "is not a regular file".into(),
        ));
    }
    if meta.len() > MAX_SCRIPT_BYTES {
        return Err(refused(
            format!(
                "skriptet er {} byte; maks er {MAX_SCRIPT_BYTES}",
                meta.len()
            ),
            format!(
                "the script is {} bytes; the most is {MAX_SCRIPT_BYTES}",
                meta.len()
            ),
        ));
    }
    let mut text = String::new();
    std::fs::File::open(&path)
        .map_err(io)?
        .take(MAX_SCRIPT_BYTES)
        .read_to_string(&mut text)
        .map_err(io)?;
    Ok(text)
}

/// Reads and compiles one script; returns it and its text.
pub(crate) fn compile(
    engine: &Engine,
    model: &Model,
    src: &ScriptSource,
    inline_name: String,
) -> Result<(Compiled, String), ScriptError> {
    let (name, text) = match src {
        ScriptSource::Inline(t) => (inline_name, t.clone()),
        ScriptSource::File(p) => (p.clone(), read_script(model, p)?),
    };
    let ast = engine.compile(&text).map_err(|e| {
        let pos = e.position();
        ScriptError::Syntax {
            script: name.clone(),
            line: pos.line().unwrap_or(0),
            column: pos.position().unwrap_or(0),
            message: e.0.to_string(),
        }
    })?;
    let uses = Uses::of(&text);
    Ok((Compiled { name, ast, uses }, text))
}
