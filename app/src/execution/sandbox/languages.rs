//! How each language is compiled and run, and which of them this host offers.

use std::path::Path;

use crate::execution::{Limits, Runtime};

/// Replaced in commands by the stage's memory limit in MiB, for runtimes managing their own heap.
const HEAP_MIB: &str = "{heap_mib}";

const GIB: u64 = 1024 * 1024 * 1024;

/// How to build and run one language. Commands run in the jail's work dir, where the source is
/// saved as `source_file`; installed tools are named by absolute paths under /usr.
#[derive(Debug)]
pub(super) struct Recipe {
    pub(super) language: &'static str,
    pub(super) aliases: &'static [&'static str],
    pub(super) runtime: Option<&'static str>,
    pub(super) source_file: &'static str,
    /// Prints the version; doubles as the check that the toolchain works inside the jail.
    pub(super) version: &'static [&'static str],
    pub(super) compile: Option<&'static [&'static str]>,
    pub(super) run: &'static [&'static str],
    /// /etc entries the toolchain reads (`*` suffix: prefix match).
    pub(super) etc: &'static [&'static str],
    pub(super) env: &'static [(&'static str, &'static str)],
    /// Added to RLIMIT_AS on top of the memory limit. The JVM and V8 reserve far more address
    /// space than they use, so their heap is capped with a flag and RLIMIT_AS stays a backstop.
    pub(super) address_space_headroom: u64,
}

impl Recipe {
    /// Whether every host tool the recipe names exists (`./main` is built, not installed).
    pub(super) fn is_installed(&self) -> bool {
        [Some(self.version), self.compile, Some(self.run)]
            .into_iter()
            .flatten()
            .filter_map(|command| command.first())
            .filter(|tool| tool.starts_with('/'))
            .all(|tool| Path::new(tool).is_file())
    }

    pub(super) fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.language).chain(self.aliases.iter().copied())
    }

    pub(super) fn runtime(&self, version: String) -> Runtime {
        Runtime {
            language: self.language.to_owned(),
            version,
            aliases: self.aliases.iter().map(|&alias| alias.to_owned()).collect(),
            runtime: self.runtime.map(str::to_owned),
        }
    }
}

/// `template` with the stage's heap size filled in.
pub(super) fn expand(template: &[&str], limits: &Limits) -> Vec<String> {
    let heap_mib = limits.heap_mib().to_string();
    template.iter().map(|arg| arg.replace(HEAP_MIB, &heap_mib)).collect()
}

/// The first dotted number in a `--version` text, e.g. `3.11.2` in `Python 3.11.2`.
pub(super) fn parse_version(text: &str) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let version = rest[..end].trim_end_matches('.');
    version.contains('.').then(|| version.to_owned())
}

// The JVM reserves 1 GiB of class space and 240 MiB of code cache up front; smaller reservations,
// serial GC and no perf-data file keep its address space, threads and /tmp use small.
const JAVA_VERSION: &[&str] = &[
    "/usr/bin/java",
    "-Xmx{heap_mib}m",
    "-XX:+UseSerialGC",
    "-XX:-UsePerfData",
    "-XX:CompressedClassSpaceSize=64m",
    "-XX:ReservedCodeCacheSize=64m",
    "-version",
];
const JAVA_COMPILE: &[&str] = &[
    "/usr/bin/javac",
    "-J-Xmx{heap_mib}m",
    "-J-XX:+UseSerialGC",
    "-J-XX:-UsePerfData",
    "-J-XX:CompressedClassSpaceSize=64m",
    "-J-XX:ReservedCodeCacheSize=64m",
    "Main.java",
];
const JAVA_RUN: &[&str] = &[
    "/usr/bin/java",
    "-Xmx{heap_mib}m",
    "-XX:+UseSerialGC",
    "-XX:-UsePerfData",
    "-XX:CompressedClassSpaceSize=64m",
    "-XX:ReservedCodeCacheSize=64m",
    "-cp",
    ".",
    "Main",
];

const fn interpreted(
    language: &'static str,
    aliases: &'static [&'static str],
    source_file: &'static str,
    version: &'static [&'static str],
    run: &'static [&'static str],
) -> Recipe {
    Recipe {
        language,
        aliases,
        runtime: None,
        source_file,
        version,
        compile: None,
        run,
        etc: &[],
        env: &[],
        address_space_headroom: 0,
    }
}

const fn native(
    language: &'static str,
    aliases: &'static [&'static str],
    runtime: Option<&'static str>,
    source_file: &'static str,
    version: &'static [&'static str],
    compile: &'static [&'static str],
) -> Recipe {
    Recipe {
        runtime,
        compile: Some(compile),
        ..interpreted(language, aliases, source_file, version, &["./main"])
    }
}

pub(super) const RECIPES: &[Recipe] = &[
    interpreted(
        "python",
        &["py", "py3", "python3"],
        "main.py",
        &["/usr/bin/python3", "--version"],
        &["/usr/bin/python3", "main.py"],
    ),
    Recipe {
        runtime: Some("node"),
        address_space_headroom: GIB,
        ..interpreted(
            "javascript",
            &["js", "node-js", "node-javascript"],
            "main.js",
            &["/usr/bin/node", "--version"],
            &["/usr/bin/node", "--max-old-space-size={heap_mib}", "main.js"],
        )
    },
    native(
        "c",
        &["gcc"],
        Some("gcc"),
        "main.c",
        &["/usr/bin/gcc", "-dumpfullversion"],
        &["/usr/bin/gcc", "-O2", "-std=c17", "-o", "main", "main.c", "-lm"],
    ),
    native(
        "c++",
        &["cpp", "g++"],
        Some("gcc"),
        "main.cpp",
        &["/usr/bin/g++", "-dumpfullversion"],
        &["/usr/bin/g++", "-O2", "-std=c++17", "-o", "main", "main.cpp"],
    ),
    Recipe {
        compile: Some(JAVA_COMPILE),
        etc: &["java-*"],
        address_space_headroom: GIB,
        ..interpreted("java", &[], "Main.java", JAVA_VERSION, JAVA_RUN)
    },
    interpreted("bash", &["sh"], "main.sh", &["/usr/bin/bash", "--version"], &["/usr/bin/bash", "main.sh"]),
    interpreted(
        "perl",
        &["pl"],
        "main.pl",
        &["/usr/bin/perl", "-e", "print $^V"],
        &["/usr/bin/perl", "main.pl"],
    ),
    interpreted(
        "ruby",
        &["rb", "ruby3"],
        "main.rb",
        &["/usr/bin/ruby", "--version"],
        &["/usr/bin/ruby", "main.rb"],
    ),
    Recipe {
        etc: &["php"],
        ..interpreted("php", &[], "main.php", &["/usr/bin/php", "--version"], &["/usr/bin/php", "main.php"])
    },
    interpreted("lua", &[], "main.lua", &["/usr/bin/lua", "-v"], &["/usr/bin/lua", "main.lua"]),
    Recipe {
        env: &[("GOCACHE", "/tmp/go-cache"), ("GOPATH", "/tmp/go")],
        ..native(
            "go",
            &["golang"],
            None,
            "main.go",
            &["/usr/bin/go", "version"],
            &["/usr/bin/go", "build", "-o", "main", "main.go"],
        )
    },
    native(
        "rust",
        &["rs"],
        None,
        "main.rs",
        &["/usr/bin/rustc", "--version"],
        &["/usr/bin/rustc", "-O", "--edition", "2021", "-o", "main", "main.rs"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_parsed_from_typical_banners() {
        let cases = [
            ("Python 3.11.2\n", "3.11.2"),
            ("v20.20.2\n", "20.20.2"),
            ("openjdk version \"17.0.15\" 2025-04-15", "17.0.15"),
            ("GNU bash, version 5.2.15(1)-release", "5.2.15"),
            ("go version go1.19.8 linux/amd64", "1.19.8"),
            ("Lua 5.4.4  Copyright", "5.4.4"),
        ];
        for (banner, version) in cases {
            assert_eq!(parse_version(banner).as_deref(), Some(version), "{banner}");
        }
        assert_eq!(parse_version("perl 5"), None);
    }

    #[test]
    fn heap_placeholders_are_expanded() {
        let command = expand(JAVA_RUN, &Limits::run_default());
        assert_eq!(command[1], "-Xmx256m");
        assert_eq!(command.last().map(String::as_str), Some("Main"));
    }

    #[test]
    fn every_recipe_has_a_unique_name_and_absolute_tools() {
        let mut names: Vec<_> = RECIPES.iter().flat_map(Recipe::names).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        for recipe in RECIPES {
            assert!(recipe.version[0].starts_with("/usr/"), "{}", recipe.language);
        }
    }
}
