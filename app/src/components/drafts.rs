//! The code a player is writing: a template to start from, and what they wrote kept
//! per puzzle and language in the browser, so a reload or a reconnect loses nothing.

use crate::{core::Id, languages::Language};
use leptos::prelude::*;

/// A starting point per language, so the editor is never blank.
fn template(language: &str) -> String {
    match language {
        "python" => "import sys\n\nfor line in sys.stdin:\n    print(line.strip())\n",
        "javascript" => "const input = require('fs').readFileSync(0, 'utf8');\nconsole.log(input.trim());\n",
        "c" => "#include <stdio.h>\n\nint main(void) {\n    return 0;\n}\n",
        "c++" => "#include <iostream>\n\nint main() {\n    return 0;\n}\n",
        "java" => "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n    }\n}\n",
        "bash" => "while read -r line; do\n  echo \"$line\"\ndone\n",
        _ => "",
    }
    .to_owned()
}

/// The preferred language if the runner offers it, else Python, else the first.
pub fn initial_language(languages: &[Language], preferred: Option<&str>) -> Option<Language> {
    let by_name =
        |name: &str| languages.iter().find(|l| l.language == name || l.aliases.iter().any(|a| a == name));
    preferred.and_then(by_name).or_else(|| by_name("python")).or(languages.first()).cloned()
}

/// The code being written, and the browser storage key it is kept under (the editor's
/// script writes there too, before the WASM has loaded).
#[derive(Clone, Copy)]
pub struct Draft {
    pub code: RwSignal<String>,
    pub key: Signal<String>,
}

fn storage_key(puzzle: &Id, language: &str) -> String {
    format!("codincod:code:{puzzle}:{language}")
}

/// The code for `puzzle` in the chosen language: switching language brings back what
/// was written in it (or its template), and every edit is kept.
pub fn remembered(puzzle: Id, language: Signal<String>) -> Draft {
    let code = RwSignal::new(template(&language.get_untracked()));
    let key = Signal::derive(move || storage_key(&puzzle, &language.get()));
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move || {
            let name = language.get();
            code.set(saved::load(&puzzle, &name).unwrap_or_else(|| template(&name)));
        });
        Effect::new(move || {
            let text = code.get();
            saved::store(&puzzle, &language.get_untracked(), &text);
        });
    }
    Draft { code, key }
}

#[cfg(feature = "hydrate")]
mod saved {
    use super::storage_key;
    use crate::core::Id;

    fn storage() -> Option<web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    pub fn load(puzzle: &Id, language: &str) -> Option<String> {
        storage()?.get_item(&storage_key(puzzle, language)).ok().flatten()
    }

    pub fn store(puzzle: &Id, language: &str, code: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(&storage_key(puzzle, language), code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(name: &str) -> Language {
        Language {
            id: Id::from_bytes([name.len() as u8; 12]),
            language: name.into(),
            version: "1".into(),
            aliases: if name == "python" { vec!["py".into()] } else { Vec::new() },
            runtime: None,
        }
    }

    #[test]
    fn picks_the_preferred_language_then_python() {
        let languages = [language("c"), language("python")];
        assert_eq!(initial_language(&languages, Some("c")).unwrap().language, "c");
        assert_eq!(initial_language(&languages, Some("py")).unwrap().language, "python", "aliases count");
        assert_eq!(initial_language(&languages, Some("cobol")).unwrap().language, "python");
        assert_eq!(initial_language(&languages, None).unwrap().language, "python");
        assert!(initial_language(&[], None).is_none());
    }

    #[test]
    fn every_common_language_starts_from_a_template() {
        for name in ["python", "javascript", "c", "c++", "java", "bash"] {
            assert!(!template(name).is_empty(), "{name}");
        }
        assert_eq!(template("brainfuck"), "");
    }
}
