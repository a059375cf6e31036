//! The `server` binary: serve, migrate, seed and administer CodinCod.

// Async view types of the pages nest deeply; their layouts are computed here.
#![recursion_limit = "512"]

use clap::Parser;
use server::cli::{Cli, Command};

/// mimalloc instead of glibc's malloc: page rendering is allocation-heavy (glibc's
/// malloc and free were a quarter of the CPU time of `/puzzles`), and 19 MiB password-hash
/// buffers go back to the system when freed instead of staying in per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A missing .env is normal; a malformed one is worth stopping for.
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        return Err(error.into());
    }
    let cli = Cli::parse();
    server::telemetry::init(&cli.config.log_level, cli.config.log_format);

    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve::run(cli.config).await,
        Command::Migrate { reset } => {
            if reset {
                server::database::drop(&cli.config).await?;
            }
            let pool = server::database::connect(&cli.config).await?;
            server::database::migrate(&pool).await
        }
        Command::Seed { bulk } => {
            let pool = server::database::connect(&cli.config).await?;
            server::database::migrate(&pool).await?;
            match bulk {
                Some(count) => server::seed::bulk(&pool, count).await,
                None => {
                    let runner = app::execution::runner_from_config(&cli.config).await;
                    server::serve::refresh_languages(&pool, runner.as_ref()).await;
                    server::seed::run(&pool).await
                }
            }
        }
        Command::RecomputeRatings => {
            let pool = server::database::connect(&cli.config).await?;
            let started = std::time::Instant::now();
            let replayed = app::leaderboard::service::ratings::recompute_all(&pool).await?;
            println!(
                "replayed {} rated games and {} solo matches in {:.1?}",
                replayed.total(),
                replayed.solo_matches,
                started.elapsed()
            );
            Ok(())
        }
        Command::Languages => {
            let pool = server::database::connect(&cli.config).await?;
            let runner = app::execution::runner_from_config(&cli.config).await;
            for language in app::languages::service::refresh(&pool, runner.as_ref()).await? {
                println!("{}", language.display_name());
            }
            Ok(())
        }
        Command::ImportMongo { dir, limit, batch_size } => {
            let pool = server::database::connect(&cli.config).await?;
            server::database::migrate(&pool).await?;
            let options = server::import::Options { batch_size: batch_size.max(1), limit };
            let report = server::import::run(&pool, &dir, &options).await?;
            print!("{report}");
            Ok(())
        }
        Command::Typescript { file } => {
            std::fs::write(&file, server::legacy_api::typescript::declarations())?;
            Ok(())
        }
        Command::SetRole { username, role } => {
            let pool = server::database::connect(&cli.config).await?;
            let user = app::accounts::service::users::set_role(&pool, &username, role).await?;
            println!("{} is now a {}", user.username, user.role);
            Ok(())
        }
    }
}
