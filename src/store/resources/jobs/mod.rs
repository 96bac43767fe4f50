//! Import and export jobs (docs/behaviour.md#jobs). A job does its work when it is created and
//! answers CREATED; every later read shows it finished. Reading and writing files is the
//! caller's part (`crate::s3`): the store checks the definition, applies imported endpoints with
//! the UpdateEndpoint rules, defines the IMPORT segment, picks the endpoints to export and keeps
//! the job.

use serde::{Deserialize, Serialize};

use crate::model::JobStatus;
use crate::store::endpoints::model::EndpointPatch;
use crate::store::{StoreError, StoreResult};

/// At most this many failure messages are kept per job.
pub const MAX_FAILURES_KEPT: usize = 100;

/// `ImportJobRequest` / `ImportJobResource`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImportJobDefinition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub define_segment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default)]
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_endpoints: Option<bool>,
    #[serde(default)]
    pub role_arn: String,
    #[serde(default, rename = "S3Url")]
    pub s3_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_name: Option<String>,
}

/// `ExportJobRequest` / `ExportJobResource`. Kept, it always has its `S3UrlPrefix`, which an
/// import's definition never has: that tells the two apart in the state file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExportJobDefinition {
    #[serde(default)]
    pub role_arn: String,
    #[serde(rename = "S3UrlPrefix")]
    pub s3_url_prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_version: Option<u32>,
}

/// A job's definition as checked: an ImportJobResource or an ExportJobResource, written in the
/// state file as the object it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JobDefinition {
    Export(ExportJobDefinition),
    Import(ImportJobDefinition),
}

/// One job as kept and answered (`ImportJobResponse` / `ExportJobResponse`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Job {
    pub application_id: String,
    pub completed_pieces: u64,
    pub completion_date: String,
    pub creation_date: String,
    /// The definition as checked.
    pub definition: JobDefinition,
    pub failed_pieces: u64,
    pub failures: Vec<String>,
    pub id: String,
    pub job_status: JobStatus,
    pub total_failures: u64,
    pub total_pieces: u64,
    pub total_processed: u64,
    /// `IMPORT` or `EXPORT`.
    #[serde(rename = "Type")]
    pub job_type: String,
}

impl Job {
    /// The segment the job belongs to, for the per-segment listings.
    pub fn segment_id(&self) -> Option<&str> {
        match &self.definition {
            JobDefinition::Export(d) => d.segment_id.as_deref(),
            JobDefinition::Import(d) => d.segment_id.as_deref(),
        }
    }

    /// A job of type `kind` (`IMPORT`/`EXPORT`) just created, before its counters are known.
    fn started(app_id: &str, kind: &str, id: String, created: String, d: JobDefinition) -> Self {
        Self {
            application_id: app_id.to_string(),
            completed_pieces: 0,
            completion_date: String::new(),
            creation_date: created,
            definition: d,
            failed_pieces: 0,
            failures: Vec::new(),
            id,
            job_status: JobStatus::Created,
            total_failures: 0,
            total_pieces: 0,
            total_processed: 0,
            job_type: kind.to_string(),
        }
    }
}

/// What one line of an import file holds (docs/behaviour.md#jobs-s3-root).
// Lines are made and applied one at a time, never stored in bulk: boxing the endpoint would only
// add an allocation per line of an import.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ImportRecord {
    /// An endpoint definition: its Id, if any, and the endpoint.
    Endpoint(Option<String>, EndpointPatch),
    /// User ids only (a CSV file whose one column is `User.UserId`, or a JSON line with nothing
    /// but `User.UserId`): no endpoint is written; the segment gets each user's endpoints.
    Users(Vec<String>),
}

/// One line of an import file, or why it could not be read.
pub type ImportLine = Result<ImportRecord, String>;

/// An import file's endpoint lines with their line numbers, read as they are applied, so a file
/// is never held whole.
pub type Lines = Box<dyn Iterator<Item = (usize, ImportLine)>>;

/// One file of an import: its endpoint lines, or why it could not be read at all.
pub struct Piece {
    pub name: String,
    pub lines: Result<Lines, String>,
}

/// The counters of a finished job.
#[derive(Debug, Default)]
struct Tally {
    pieces: u64,
    failed_pieces: u64,
    processed: u64,
    failures: Vec<String>,
    total_failures: u64,
}

impl Tally {
    /// The finished job: `head` with these counters, COMPLETED or FAILED, completed `now`.
    /// Nothing read (no S3 root) is one piece done.
    fn finish(self, head: Job, failed: bool, now: String) -> Job {
        let pieces = self.pieces.max(1);
        Job {
            completed_pieces: pieces - self.failed_pieces,
            completion_date: now,
            failed_pieces: self.failed_pieces,
            failures: self.failures,
            job_status: if failed {
                JobStatus::Failed
            } else {
                JobStatus::Completed
            },
            total_failures: self.total_failures,
            total_pieces: pieces,
            total_processed: self.processed,
            ..head
        }
    }

    fn fail(&mut self, msg: String) {
        self.total_failures += 1;
        if self.failures.len() < MAX_FAILURES_KEPT {
            self.failures.push(msg);
        }
    }
}

fn check_arn(role: &str) -> StoreResult<()> {
    if role.is_empty() {
        return Err(StoreError::invalid(
            "Missing RoleArn: the job needs an IAM role",
        ));
    }
    if !role.starts_with("arn:aws:iam::") {
        return Err(StoreError::invalid(format!(
            "Invalid RoleArn {role:?}: an IAM role ARN (arn:aws:iam::…)"
        )));
    }
    Ok(())
}

fn check_s3(member: &str, url: &str) -> StoreResult<()> {
    if url.is_empty() {
        return Err(StoreError::invalid(format!(
            "Missing {member}: an s3://bucket/key location"
        )));
    }
    let rest = url.strip_prefix("s3://").unwrap_or_default();
    if rest.split('/').next().is_none_or(str::is_empty) {
        return Err(StoreError::invalid(format!(
            "Invalid {member} {url:?}: an s3://bucket/key location"
        )));
    }
    Ok(())
}

/// Checks an ImportJobRequest (docs/behaviour.md#jobs).
pub fn check_import(d: &ImportJobDefinition) -> StoreResult<()> {
    if !["CSV", "JSON"].contains(&d.format.as_str()) {
        return Err(StoreError::invalid(format!(
            "Invalid Format {:?}: must be one of CSV, JSON",
            d.format
        )));
    }
    check_s3("S3Url", &d.s3_url)?;
    check_arn(&d.role_arn)?;
    if d.define_segment == Some(true) && d.segment_id.is_none() && d.segment_name.is_none() {
        return Err(StoreError::invalid(
            "Missing SegmentName: DefineSegment needs a SegmentName for a new segment, or the SegmentId of one to update",
        ));
    }
    Ok(())
}

/// Checks an ExportJobRequest (docs/behaviour.md#jobs).
pub fn check_export(d: &ExportJobDefinition) -> StoreResult<()> {
    check_s3("S3UrlPrefix", &d.s3_url_prefix)?;
    check_arn(&d.role_arn)?;
    if d.segment_version.is_some() && d.segment_id.is_none() {
        return Err(StoreError::invalid(
            "Invalid SegmentVersion: it needs the SegmentId it is a version of",
        ));
    }
    Ok(())
}

mod run;

pub use run::ExportPick;

#[cfg(test)]
mod tests {
    use super::*;

    /// A state file written when the definition was kept as JSON reads back as the same job,
    /// each kind of definition as its own.
    #[test]
    fn kept_jobs_read_back_from_the_state_file_as_written() {
        let import = r#"{"ApplicationId":"a","CompletedPieces":1,"CompletionDate":"d","CreationDate":"c","Definition":{"DefineSegment":true,"Format":"CSV","RoleArn":"arn:aws:iam::1:role/r","S3Url":"s3://b/k","SegmentId":"s1","SegmentName":"n"},"FailedPieces":0,"Failures":[],"Id":"j1","JobStatus":"COMPLETED","TotalFailures":0,"TotalPieces":1,"TotalProcessed":2,"Type":"IMPORT"}"#;
        let export = r#"{"ApplicationId":"a","CompletedPieces":1,"CompletionDate":"d","CreationDate":"c","Definition":{"RoleArn":"arn:aws:iam::1:role/r","S3UrlPrefix":"s3://b/out","SegmentId":"s1","SegmentVersion":2},"FailedPieces":1,"Failures":["x"],"Id":"j2","JobStatus":"FAILED","TotalFailures":1,"TotalPieces":1,"TotalProcessed":0,"Type":"EXPORT"}"#;
        for (text, is_import) in [(import, true), (export, false)] {
            let job: Job = serde_json::from_str(text).unwrap();
            assert_eq!(
                matches!(job.definition, JobDefinition::Import(_)),
                is_import
            );
            assert_eq!(job.segment_id(), Some("s1"));
            assert_eq!(serde_json::to_string(&job).unwrap(), text);
        }
    }
}
