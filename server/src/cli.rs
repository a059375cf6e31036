//! The `server` command line.

use app::{accounts::Role, core::config::Config};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", version, about = "CodinCod server and operator commands")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply migrations and serve HTTP (the default).
    Serve,
    /// Create the database if missing, apply pending migrations and exit.
    Migrate {
        /// Drop and recreate the database first: destroys all its data.
        #[arg(long)]
        reset: bool,
    },
    /// Add the demo data to an empty database and exit.
    Seed {
        /// Instead, add this many generated puzzles (benchmark data).
        #[arg(long)]
        bulk: Option<i32>,
    },
    /// Forget every rating and replay every finished rated game and solo match, then
    /// snapshot the leaderboards again.
    RecomputeRatings,
    /// Refresh the programming languages from the code runner and list them.
    Languages,
    /// Import a mongodump directory (or mongoexport JSON lines) of the legacy database.
    ImportMongo {
        /// The dump: `<collection>.bson` or `<collection>.json` files, or one database folder of them.
        dir: std::path::PathBuf,
        /// Stop after reading this many documents (run again to continue).
        #[arg(long)]
        limit: Option<u64>,
        /// Documents written per transaction.
        #[arg(long, default_value_t = 1000)]
        batch_size: usize,
    },
    /// Write the TypeScript declarations of the legacy wire types to FILE.
    Typescript { file: std::path::PathBuf },
    /// Give a user a role (`user` or `moderator`).
    SetRole {
        username: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("unknown role {text:?}: expected user or moderator"))
}
