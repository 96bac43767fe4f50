//! Import and export jobs between the store and the wire: a request's definition as the store's
//! [`ImportJobDefinition`] / [`ExportJobDefinition`], and a kept [`Job`] as the model's
//! `ImportJobResponse` / `ExportJobResponse`.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-jobs-import.html>

use crate::model::{
    ExportJobRequest, ExportJobResource, ExportJobResponse, Format, ImportJobRequest,
    ImportJobResource, ImportJobResponse,
};
use crate::store::resources::jobs::{ExportJobDefinition, ImportJobDefinition, Job, JobDefinition};
use crate::store::StoreError;

/// An ImportJobRequest as the store checks it (a member left out is empty).
pub fn import_definition(r: ImportJobRequest) -> ImportJobDefinition {
    ImportJobDefinition {
        define_segment: r.define_segment,
        external_id: r.external_id,
        format: r.format.map(|f| f.as_str().to_string()).unwrap_or_default(),
        register_endpoints: r.register_endpoints,
        role_arn: r.role_arn.unwrap_or_default(),
        s3_url: r.s3_url.unwrap_or_default(),
        segment_id: r.segment_id,
        segment_name: r.segment_name,
    }
}

/// An ExportJobRequest as the store checks it (a member left out is empty); a negative
/// SegmentVersion is refused, as the unsigned number it is read into always refused it.
pub fn export_definition(r: ExportJobRequest) -> Result<ExportJobDefinition, StoreError> {
    let segment_version = r
        .segment_version
        .map(|v| {
            u32::try_from(v).map_err(|_| {
                StoreError::invalid(format!(
                    "Invalid SegmentVersion {v}: a segment's version number, from 1"
                ))
            })
        })
        .transpose()?;
    Ok(ExportJobDefinition {
        role_arn: r.role_arn.unwrap_or_default(),
        s3_url_prefix: r.s3_url_prefix.unwrap_or_default(),
        segment_id: r.segment_id,
        segment_version,
    })
}

fn import_resource(d: ImportJobDefinition) -> ImportJobResource {
    ImportJobResource {
        define_segment: d.define_segment,
        external_id: d.external_id,
        format: match d.format.as_str() {
            "CSV" => Some(Format::Csv),
            "JSON" => Some(Format::Json),
            _ => None,
        },
        register_endpoints: d.register_endpoints,
        role_arn: Some(d.role_arn),
        s3_url: Some(d.s3_url),
        segment_id: d.segment_id,
        segment_name: d.segment_name,
    }
}

fn export_resource(d: ExportJobDefinition) -> ExportJobResource {
    ExportJobResource {
        role_arn: Some(d.role_arn),
        s3_url_prefix: Some(d.s3_url_prefix),
        segment_id: d.segment_id,
        segment_version: d.segment_version.map(|v| v as i32),
    }
}

/// A counter as the model's integer.
fn count(n: u64) -> Option<i32> {
    Some(i32::try_from(n).unwrap_or(i32::MAX))
}

/// Both job responses have the same members but the definition's type: one body for the two.
macro_rules! job_response {
    ($shape:ident, $job:expr, $definition:expr, $created:expr) => {{
        let j = $job;
        if $created {
            // The Create operation's answer: the job as just CREATED, counters not yet known.
            $shape {
                application_id: Some(j.application_id),
                creation_date: Some(j.creation_date),
                definition: $definition,
                id: Some(j.id),
                job_status: Some(crate::model::JobStatus::Created),
                r#type: Some(j.job_type),
                ..Default::default()
            }
        } else {
            $shape {
                application_id: Some(j.application_id),
                completed_pieces: count(j.completed_pieces),
                completion_date: Some(j.completion_date),
                creation_date: Some(j.creation_date),
                definition: $definition,
                failed_pieces: count(j.failed_pieces),
                failures: Some(j.failures),
                id: Some(j.id),
                job_status: Some(j.job_status),
                total_failures: count(j.total_failures),
                total_pieces: count(j.total_pieces),
                total_processed: count(j.total_processed),
                r#type: Some(j.job_type),
            }
        }
    }};
}

/// An import job as the model's `ImportJobResponse`; `created`: as the Create operation answers.
pub fn import_job_response(mut job: Job, created: bool) -> ImportJobResponse {
    let definition = match std::mem::replace(&mut job.definition, empty()) {
        JobDefinition::Import(d) => Some(import_resource(d)),
        JobDefinition::Export(_) => None,
    };
    job_response!(ImportJobResponse, job, definition, created)
}

/// An export job as the model's `ExportJobResponse`; `created`: as the Create operation answers.
pub fn export_job_response(mut job: Job, created: bool) -> ExportJobResponse {
    let definition = match std::mem::replace(&mut job.definition, empty()) {
        JobDefinition::Export(d) => Some(export_resource(d)),
        JobDefinition::Import(_) => None,
    };
    job_response!(ExportJobResponse, job, definition, created)
}

fn empty() -> JobDefinition {
    JobDefinition::Export(ExportJobDefinition::default())
}
