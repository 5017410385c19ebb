//! Serves the demo province until Ctrl-C (what `hatang serve --demo` will
//! do once the CLI wires it):
//!
//! ```text
//! cargo run --release -p hatang-server --example demo -- [ADDR] [DATA_DIR]
//! ```
//!
//! ADDR defaults to 127.0.0.1:8080; DATA_DIR (keys.json) to a temporary
//! folder. Prints the URL and, the first time, an admin key.

use hatang_server::{demo_store, serve, AppState};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".into());
    let dir = match args.next() {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("hatang-demo-{}", std::process::id())),
    };
    let t = std::time::Instant::now();
    let store = tokio::task::spawn_blocking(|| demo_store(None)).await??;
    let state = tokio::task::spawn_blocking(move || {
        AppState::builder(Box::new(store)).data_dir(dir).build()
    })
    .await??;
    if let Some(key) = state.ensure_admin_key("admin")? {
        println!("admin key (shown once): {key}");
    }
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "demo ready in {:.1} s: http://{}/",
        t.elapsed().as_secs_f64(),
        listener.local_addr()?
    );
    serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
