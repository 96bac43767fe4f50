//! `--state-file`, `--fixtures`: loading state at start and saving it while running.
//!
//! Saves are atomic: the snapshot is written to a temporary file beside the state file, synced,
//! and renamed over it, so a crash leaves either the previous or the new complete file. A state
//! file that cannot be read or parsed stops the start; it is never replaced silently.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::store::snapshot::Snapshot;
use crate::store::Store;

/// Why a start-up load failed: the file and the problem.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct LoadError {
    pub path: PathBuf,
    pub problem: String,
}

fn load_err(path: &Path, problem: impl ToString) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        problem: problem.to_string(),
    }
}

/// Reads and parses one snapshot file.
pub fn read_snapshot(path: &Path) -> Result<Snapshot, LoadError> {
    let text = std::fs::read(path).map_err(|e| load_err(path, format!("cannot read: {e}")))?;
    crate::protocol::extract::parse_json(&text).map_err(|e| {
        load_err(
            path,
            format!("not a valid state or fixture file: {}", e.client_message()),
        )
    })
}

/// The name prefix of the temporary files a save writes beside the state file.
fn tmp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Removes temporary files that a killed process left beside the state file.
fn remove_stale_tmp_files(path: &Path) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = tmp_prefix(&name);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Loads the state file if it exists. Returns whether it did.
pub fn load_state(store: &Store, path: &Path, default_region: &str) -> Result<bool, LoadError> {
    remove_stale_tmp_files(path);
    if !path.exists() {
        return Ok(false);
    }
    let snap = read_snapshot(path)?;
    store
        .replace_state(snap, default_region)
        .map_err(|e| load_err(path, e))?;
    Ok(true)
}

/// The fixture files named by `--fixtures`: the file itself, or every `*.json` of a folder in
/// name order.
pub fn fixture_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| load_err(path, format!("cannot read fixtures: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads every fixture; returns how many apps were added.
pub fn load_fixtures(store: &Store, path: &Path, default_region: &str) -> Result<usize, LoadError> {
    let mut added = 0;
    for file in fixture_files(path)? {
        let snap = read_snapshot(&file)?;
        added += store
            .add_fixture(snap, default_region)
            .map_err(|e| load_err(&file, e))?;
    }
    Ok(added)
}

/// Writes the store's snapshot to `path` atomically.
pub fn save(store: &Store, path: &Path) -> std::io::Result<()> {
    // Stamped before the snapshot is taken, so it never claims a write the file lacks.
    let saved_at = crate::time::format_iso(store.clocks().base().now());
    let mut snap = store.snapshot();
    snap.saved_at = Some(saved_at);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!("{}{}", tmp_prefix(&name), std::process::id()));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        serde_json::to_writer(&mut f, &snap)?;
        f.write_all(b"\n")?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Saves every `interval` while the store changed, until `stop` fires; then saves once more.
pub async fn run_saver(
    store: Arc<Store>,
    path: PathBuf,
    interval: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    // What was there at the start is in the file already (loaded from it, or nothing yet).
    store.take_changed();
    loop {
        let stopping = tokio::select! {
            () = tokio::time::sleep(interval) => false,
            _ = stop.changed() => true,
        };
        if store.take_changed() || stopping {
            let (s, p) = (Arc::clone(&store), path.clone());
            match tokio::task::spawn_blocking(move || save(&s, &p)).await {
                Ok(Ok(())) => {}
                Ok(Err(err)) => {
                    store.mark_changed();
                    tracing::error!(%err, path = %path.display(), "could not save the state file")
                }
                Err(err) => {
                    store.mark_changed();
                    tracing::error!(%err, "state save task failed")
                }
            }
        }
        if stopping {
            break;
        }
    }
}
