//! `hatang serve [--demo] [--listen ADDR]`: the API and the dashboard.

use crate::cmd::demo::{build, db_path};
use crate::Cli;
use anyhow::Context;
use hatang_live::{DataDir, Live, LiveOptions};
use hatang_server::{serve, AppState};
use hatang_store::SqliteStore;
use std::process::ExitCode;

/// Arguments of `hatang serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Build the demo province first (in the data directory), then serve it.
    #[arg(long)]
    pub demo: bool,
    /// Show this plan (`plan.geojson` written by `hatang plan --out DIR`)
    /// on the dashboard instead of computing the default one.
    #[arg(long)]
    pub plan: Option<std::path::PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
}

/// Runs `hatang serve`.
pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let dir = cli.data_dir()?;
    let db = db_path(&dir);
    if args.demo {
        build(&dir, hatang_data::demo::DemoConfig::default().seed)?;
    } else if !db.exists() {
        anyhow::bail!(
            "no database at {} (run `hatang demo` or `hatang serve --demo`)",
            db.display()
        );
    }
    let store = SqliteStore::open(&db).with_context(|| format!("opening {}", db.display()))?;
    let options = LiveOptions {
        plan_file: args.plan.clone(),
        ..LiveOptions::all()
    };
    if let Some(p) = &args.plan {
        // Refuse a bad plan file now, not in the background.
        hatang_live::LivePlan::default()
            .load(p)
            .with_context(|| "the --plan file".to_string())?;
    }
    let live = Live::new(DataDir::new(&dir), options);
    let state = live
        .wire(AppState::builder(Box::new(store)).data_dir(&dir))
        .build()?;
    // The page comes up at once; classes, targets, the plan and coverage
    // appear as each is computed.
    live.fill_in_background(state.clone());
    if let Some(key) = state.ensure_admin_key("admin")? {
        println!(
            "administrator API key (shown once, stored hashed in {}): {key}",
            dir.display()
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        println!(
            "hatang serving http://{} (Ctrl-C to stop)",
            listener.local_addr()?
        );
        serve(listener, state, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
