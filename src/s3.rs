//! The local stand-in for Amazon S3 in import and export jobs (`--s3-root`):
//! `s3://bucket/key` is `ROOT/bucket/key`. Import files are read from there, export files written
//! there (docs/behaviour.md#jobs).

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::dto::jobs::{parse_csv, parse_json_lines};
use crate::store::jobs::Piece;

/// The path an `s3://` URL names under the root; a URL that would leave the root is refused.
pub fn resolve(root: &Path, url: &str) -> Result<PathBuf, String> {
    let rest = url
        .strip_prefix("s3://")
        .ok_or_else(|| format!("{url} is not an s3:// URL"))?;
    let rel = Path::new(rest.trim_end_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!(
            "{url}: a key with '..', '.' or a leading '/' cannot be mapped under the S3 root"
        ));
    }
    Ok(root.join(rel))
}

/// Every file under `dir`, depth first, in name order.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out)?;
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads one import file: uncompressed UTF-8, CSV or newline-delimited JSON.
fn read_piece(path: &Path, name: String, format: &str) -> Piece {
    let lines = std::fs::read(path)
        .map_err(|e| format!("cannot be read: {e}"))
        .and_then(|bytes| {
            if bytes.starts_with(&[0x1f, 0x8b]) {
                return Err("is compressed; import files must be uncompressed".to_string());
            }
            String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())
        })
        .map(|text| match format {
            "CSV" => parse_csv(&text),
            _ => parse_json_lines(&text),
        });
    Piece { name, lines }
}

/// The files of an import: the one file the URL names, or every file of the folder it names.
/// A URL that names nothing is one failed piece.
pub fn read_import(root: &Path, url: &str, format: &str) -> Vec<Piece> {
    let path = match resolve(root, url) {
        Ok(p) => p,
        Err(e) => {
            return vec![Piece {
                name: url.to_string(),
                lines: Err(e),
            }]
        }
    };
    let mut files = Vec::new();
    if path.is_dir() {
        if let Err(e) = files_under(&path, &mut files) {
            return vec![Piece {
                name: url.to_string(),
                lines: Err(format!("cannot be listed: {e}")),
            }];
        }
    } else if path.is_file() {
        files.push(path.clone());
    } else {
        return vec![Piece {
            name: url.to_string(),
            lines: Err(format!("no such file or folder ({})", path.display())),
        }];
    }
    files
        .iter()
        .map(|f| {
            let key = f.strip_prefix(root).unwrap_or(f).display().to_string();
            read_piece(f, format!("s3://{key}"), format)
        })
        .collect()
}

/// Writes an export: one gzip file of newline-delimited JSON endpoint definitions,
/// `PREFIX/JOB-ID/part-00000.gz`. Returns the number of files written.
pub fn write_export(
    root: &Path,
    prefix: &str,
    job_id: &str,
    lines: &[Vec<u8>],
) -> Result<u64, String> {
    let dir = resolve(root, prefix)?.join(job_id);
    let fail = |e: std::io::Error| format!("{prefix}: cannot write under the S3 root: {e}");
    std::fs::create_dir_all(&dir).map_err(fail)?;
    let file = std::fs::File::create(dir.join("part-00000.gz")).map_err(fail)?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    for line in lines {
        gz.write_all(line).map_err(fail)?;
        gz.write_all(b"\n").map_err(fail)?;
    }
    gz.finish().map_err(fail)?;
    Ok(1)
}
