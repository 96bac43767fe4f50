//! The local stand-in for Amazon S3 in import and export jobs (`--s3-root`):
//! `s3://bucket/key` is `ROOT/bucket/key`. Import files are read from there, export files written
//! there (docs/behaviour.md#jobs).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Component, Path, PathBuf};

use crate::dto::import_files::{parse_csv, parse_json_lines};
use crate::store::resources::jobs::Piece;

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

/// Opens one import file: uncompressed UTF-8, CSV or newline-delimited JSON. The file is checked
/// whole first (a gzip file, or one that is not UTF-8, fails as a piece before any line is
/// applied), then its lines are read as they are applied: memory stays flat however large it is.
fn read_piece(path: &Path, name: String, format: &str) -> Piece {
    let lines = check_text(path).and_then(|()| {
        let file = File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
        let file = BufReader::with_capacity(1 << 16, file);
        Ok(match format {
            "CSV" => parse_csv(file),
            _ => parse_json_lines(file),
        })
    });
    Piece { name, lines }
}

/// Whether a file is uncompressed UTF-8 text, read a line at a time.
fn check_text(path: &Path) -> Result<(), String> {
    let unreadable = |e: std::io::Error| format!("cannot be read: {e}");
    let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(unreadable)?);
    if file
        .fill_buf()
        .map_err(unreadable)?
        .starts_with(&[0x1f, 0x8b])
    {
        return Err("is compressed; import files must be uncompressed".to_string());
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        if file.read_until(b'\n', &mut line).map_err(unreadable)? == 0 {
            return Ok(());
        }
        if std::str::from_utf8(&line).is_err() {
            return Err("is not UTF-8 text".to_string());
        }
    }
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

/// An export's file, written as the endpoints are read: one gzip file of newline-delimited JSON
/// endpoint definitions, `PREFIX/JOB-ID/part-00000.gz`.
pub struct ExportFile {
    gz: flate2::write::GzEncoder<std::io::BufWriter<File>>,
    prefix: String,
}

impl ExportFile {
    pub fn create(root: &Path, prefix: &str, job_id: &str) -> Result<Self, String> {
        let dir = resolve(root, prefix)?.join(job_id);
        let file = std::fs::create_dir_all(&dir)
            .and_then(|()| File::create(dir.join("part-00000.gz")))
            .map_err(|e| Self::failed(prefix, e))?;
        Ok(Self {
            gz: flate2::write::GzEncoder::new(
                std::io::BufWriter::with_capacity(1 << 16, file),
                flate2::Compression::default(),
            ),
            prefix: prefix.to_string(),
        })
    }

    fn failed(prefix: &str, e: std::io::Error) -> String {
        format!("{prefix}: cannot write under the S3 root: {e}")
    }

    /// Appends one line.
    pub fn line(&mut self, line: &[u8]) -> Result<(), String> {
        self.gz
            .write_all(line)
            .and_then(|()| self.gz.write_all(b"\n"))
            .map_err(|e| Self::failed(&self.prefix, e))
    }

    /// Finishes the file; returns how many files were written.
    pub fn finish(self) -> Result<u64, String> {
        let prefix = self.prefix;
        self.gz
            .finish()
            .and_then(|mut w| w.flush())
            .map_err(|e| Self::failed(&prefix, e))?;
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_checked_whole_before_a_line_is_read_then_read_line_by_line() {
        let dir = std::env::temp_dir().join(format!("pinpoint-s3-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b")).unwrap();
        let good = "{\"Id\":\"e1\",\"ChannelType\":\"SMS\",\"Address\":\"+1\"}\n";
        std::fs::write(
            dir.join("b/bad.json"),
            [good.as_bytes(), b"\xff\xfe\n"].concat(),
        )
        .unwrap();
        std::fs::write(dir.join("b/good.json"), good.repeat(3)).unwrap();
        let pieces = read_import(&dir, "s3://b/", "JSON");
        let names: Vec<_> = pieces.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["s3://b/bad.json", "s3://b/good.json"]);
        let mut pieces = pieces.into_iter();
        let bad = pieces.next().unwrap().lines.err();
        assert_eq!(bad.as_deref(), Some("is not UTF-8 text"));
        let good = pieces.next().unwrap().lines.unwrap();
        assert_eq!(
            good.map(|(n, l)| (n, l.is_ok())).collect::<Vec<_>>(),
            [(1, true), (2, true), (3, true)]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
