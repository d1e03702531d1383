//! Usage errors in the user's language: clap's parse errors rendered in
//! Norwegian (or English), with «mente du» from core's one suggestion rule
//! for a mistyped command or option, and the usage line of the command
//! the user was writing.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory;
use styring::styring_core::problem::suggest;
use styring::Lang;

/// The language asked for on the command line (`--lang en`,
/// `--lang=en`), before the rest is parsed; Norwegian otherwise.
pub fn lang_of(args: &[String]) -> Lang {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = match a.strip_prefix("--lang") {
            Some("") => it.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(l) = v.and_then(|v| v.parse::<Lang>().ok()) {
            return l;
        }
    }
    Lang::Nb
}

/// The command line with its help in Norwegian: the headings (usage,
/// commands, arguments, options) and the help and version flags, on every
/// subcommand. English keeps clap's words.
pub fn localised(cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template("{before-help}{about-with-newline}\nBruk: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Kommandoer")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|a| match (a.get_help_heading(), a.is_positional()) {
            (Some(_), _) => a,
            (None, true) => a.help_heading("Argumenter"),
            (None, false) => a.help_heading("Valg"),
        })
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("Vis hjelpen")
                .help_heading("Valg"),
        );
    if has_version {
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("Vis versjonen")
                .help_heading("Valg"),
        );
    }
    cmd.mut_subcommands(|c| localised(c, lang))
}

/// The (sub)command the words in `args` lead to, and its path
/// (`styring deviation`).
fn command_of(args: &[String]) -> (clap::Command, String) {
    let root = crate::args::Cli::command();
    let mut cmd = root.clone();
    let mut path = String::from("styring");
    let mut words = args.iter().skip(1);
    while let Some(a) = words.next() {
        if let Some(long) = a.strip_prefix("--") {
            // An option's value is no command word.
            let takes_value = !long.contains('=')
                && cmd
                    .get_arguments()
                    .chain(root.get_arguments())
                    .any(|x| x.get_long() == Some(long) && x.get_action().takes_values());
            if takes_value {
                words.next();
            }
            continue;
        }
        if a.starts_with('-') {
            continue;
        }
        match cmd.find_subcommand(a) {
            Some(sub) => {
                path.push(' ');
                path.push_str(sub.get_name());
                let sub = sub.clone();
                cmd = sub;
            }
            None => break,
        }
    }
    (cmd, path)
}

fn text(e: &clap::Error, k: ContextKind) -> Option<String> {
    match e.get(k)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(e: &clap::Error, k: ContextKind) -> Vec<String> {
    match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

fn mente(s: Option<String>, lang: Lang) -> String {
    match s {
        Some(s) => lang
            .pick(" — mente du «{}»?", " (did you mean \"{}\"?)")
            .replace("{}", &s),
        None => String::new(),
    }
}

/// The error as the user reads it: what is wrong, a likely fix, the usage
/// line, and where to read more; `None` for help and version, which clap
/// prints as they are.
pub fn render(e: &clap::Error, args: &[String], lang: Lang) -> Option<String> {
    let (cmd, path) = command_of(args);
    let q = |s: &str| match lang {
        Lang::Nb => format!("«{s}»"),
        Lang::En => format!("\"{s}\""),
    };
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidSubcommand => {
            let wrong = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect();
            format!(
                "{} {}{}",
                lang.pick("ukjent kommando", "unknown command"),
                q(&wrong),
                mente(suggest(&wrong, names.iter().map(String::as_str)), lang)
            )
        }
        ErrorKind::UnknownArgument => {
            let wrong = text(e, ContextKind::InvalidArg).unwrap_or_default();
            let root = crate::args::Cli::command();
            let longs: Vec<String> = cmd
                .get_arguments()
                .chain(root.get_arguments())
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect();
            let flag = wrong.split('=').next().unwrap_or_default();
            let hint = if wrong.starts_with('-') {
                mente(suggest(flag, longs.iter().map(String::as_str)), lang)
            } else {
                String::new()
            };
            format!(
                "{} {}{hint}",
                lang.pick("ukjent argument", "unexpected argument"),
                q(&wrong)
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(e, ContextKind::InvalidArg);
            format!(
                "{} {}",
                lang.pick("mangler påkrevd argument:", "missing required argument:"),
                missing.join(", ")
            )
        }
        ErrorKind::MissingSubcommand => format!(
            "{} {}",
            lang.pick("mangler kommando etter", "a command is missing after"),
            q(&path)
        ),
        ErrorKind::InvalidValue => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
            let valid = list(e, ContextKind::ValidValue);
            let mut s = format!(
                "{} {} {} {}",
                lang.pick("ugyldig verdi", "invalid value"),
                q(&value),
                lang.pick("for", "for"),
                q(&arg)
            );
            if !valid.is_empty() {
                s += &mente(suggest(&value, valid.iter().map(String::as_str)), lang);
                s += &format!(
                    "; {} {}",
                    lang.pick("mulige verdier:", "possible values:"),
                    valid.join(", ")
                );
            }
            s
        }
        ErrorKind::ValueValidation => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
            let why = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!(
                "{} {} {} {}{why}",
                lang.pick("ugyldig verdi", "invalid value"),
                q(&value),
                lang.pick("for", "for"),
                q(&arg)
            )
        }
        ErrorKind::ArgumentConflict => {
            let a = text(e, ContextKind::InvalidArg).unwrap_or_default();
            let b = text(e, ContextKind::PriorArg).unwrap_or_default();
            format!(
                "{} {} {} {}",
                q(&a),
                lang.pick("kan ikke brukes sammen med", "cannot be used with"),
                q(&b),
                ""
            )
            .trim_end()
            .to_string()
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
            format!(
                "{} {}",
                lang.pick("feil antall verdier for", "wrong number of values for"),
                q(&arg)
            )
        }
        ErrorKind::NoEquals => {
            let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
            format!(
                "{} {}",
                lang.pick("skriv verdien med = etter", "write the value with = after"),
                q(&arg)
            )
        }
        _ => {
            // Anything rarer: clap's own words, without its «error:».
            let s = e.render().to_string();
            s.lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string()
        }
    };
    let usage = text(e, ContextKind::Usage)
        .map(|u| u.trim().trim_start_matches("Usage:").trim().to_string())
        .unwrap_or_else(|| cmd.clone().render_usage().to_string());
    let usage = usage.trim_start_matches("Usage:").trim().to_string();
    Some(format!(
        "{}{what}\n\n{} {usage}\n\n{}\n",
        lang.pick("feil: ", "error: "),
        lang.pick("Bruk:", "Usage:"),
        lang.pick(
            format!("Se `{path} --help` for mer.").as_str(),
            format!("See `{path} --help` for more.").as_str()
        )
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn error(words: &str) -> String {
        let args: Vec<String> = words.split(' ').map(String::from).collect();
        let e = crate::args::Cli::try_parse_from(&args).unwrap_err();
        render(&e, &args, lang_of(&args)).unwrap()
    }

    #[test]
    fn mistakes_are_told_in_norwegian_with_a_likely_fix() {
        let e = error("styring deviation lst");
        assert!(
            e.starts_with(
                "feil: ukjent kommando «lst» — mente du «list»?\n\nBruk: styring deviation"
            ),
            "{e}"
        );
        assert!(
            e.ends_with("Se `styring deviation --help` for mer.\n"),
            "{e}"
        );
        let e = error("styring deviation list --perod 2025");
        assert!(
            e.starts_with("feil: ukjent argument «--perod» — mente du «--period»?"),
            "{e}"
        );
        let e = error("styring deviation list");
        assert!(
            e.starts_with("feil: mangler påkrevd argument: --period <PERIOD>"),
            "{e}"
        );
        let e = error("styring deviation list --period 2025 --format jsn");
        assert!(
            e.starts_with("feil: ugyldig verdi «jsn» for «--format <FORMAT>» — mente du «json»?; mulige verdier: table, html, xlsx, json, csv"),
            "{e}"
        );
        let e = error("styring --lang en deviation lst");
        assert!(
            e.starts_with("error: unknown command \"lst\" (did you mean \"list\"?)"),
            "{e}"
        );
        assert!(e.contains("\n\nUsage: styring deviation"), "{e}");
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let l = |w: &[&str]| lang_of(&w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&["styring", "--lang", "en", "x"]), Lang::En);
        assert_eq!(l(&["styring", "x", "--lang=en"]), Lang::En);
        assert_eq!(l(&["styring", "--lang", "xx"]), Lang::Nb);
        assert_eq!(l(&["styring"]), Lang::Nb);
    }
}
