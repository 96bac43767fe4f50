//! Running a job: the import's lines applied, its segment defined, the export's endpoints
//! picked, the job kept and read back.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::{
    check_export, check_import, ExportJobDefinition, ImportJobDefinition, ImportLine, ImportRecord,
    Job, JobDefinition, Piece, Tally,
};
use crate::store::endpoints::model::{fold_id, EndpointView};
use crate::store::engagement::segments::{Segment, SegmentImport, SegmentType, SegmentVersion};
use crate::store::infra::versions::Versions;
use crate::store::{App, Scope, Store, StoreError, StoreResult};

/// What one import line did: the endpoint it wrote (or checked), or the user ids it listed.
enum Applied {
    Endpoint(String),
    Users(Vec<String>),
}

/// What an import brought for its segment: the endpoints it wrote (or checked) and the user ids
/// it listed.
#[derive(Debug, Default)]
struct Imported {
    endpoints: Vec<String>,
    users: Vec<String>,
}

impl Store {
    /// The IMPORT segment a job will (re)define, checked before anything is imported: an
    /// existing SegmentId must name an IMPORT segment.
    fn import_target(
        &self,
        scope: &Scope,
        app_id: &str,
        d: &ImportJobDefinition,
    ) -> StoreResult<()> {
        let Some(id) = d
            .segment_id
            .as_deref()
            .filter(|_| d.define_segment == Some(true))
        else {
            return Ok(());
        };
        let seg = self.segment(scope, app_id, id)?;
        if seg.segment_type != SegmentType::IMPORT {
            return Err(StoreError::invalid(format!(
                "Invalid SegmentId {id:?}: an import job can only redefine an IMPORT segment"
            )));
        }
        Ok(())
    }

    /// CreateImportJob: checks the definition, reads the files through `read` (None: no files
    /// are mapped, nothing is read), applies every endpoint line as its own UpdateEndpoint and
    /// keeps the job.
    pub fn create_import_job(
        &self,
        scope: &Scope,
        app_id: &str,
        mut d: ImportJobDefinition,
        request_id: &str,
        read: impl FnOnce(&ImportJobDefinition) -> Option<Vec<Piece>>,
    ) -> StoreResult<Job> {
        check_import(&d)?;
        self.app(scope, app_id)?;
        self.import_target(scope, app_id, &d)?;
        let id = self.ids.resource_id();
        let created = self.now_iso(scope);
        let register = d.register_endpoints != Some(false);
        let mut t = Tally::default();
        let mut imported = Imported::default();
        for piece in read(&d).unwrap_or_default() {
            t.pieces += 1;
            let lines = match piece.lines {
                Ok(lines) => lines,
                Err(e) => {
                    t.failed_pieces += 1;
                    t.fail(format!("{}: {e}", piece.name));
                    continue;
                }
            };
            for (n, line) in lines {
                let at = format!("{} line {n}", piece.name);
                match self.import_line(scope, app_id, line, register, request_id) {
                    Ok(Applied::Endpoint(ep)) => {
                        t.processed += 1;
                        imported.endpoints.push(ep);
                    }
                    Ok(Applied::Users(users)) => {
                        t.processed += 1;
                        imported.users.extend(users);
                    }
                    Err(e) => t.fail(format!("{at}: {e}")),
                }
            }
        }
        if d.define_segment == Some(true) {
            let seg = self.define_import_segment(scope, app_id, &d, imported)?;
            d.segment_id = Some(seg);
        }
        // Nothing to read (no S3 root, or an empty folder) is one piece done.
        let failed = t.pieces > 0 && t.failed_pieces == t.pieces;
        let head = Job::started(app_id, "IMPORT", id, created, JobDefinition::Import(d));
        let job = t.finish(head, failed, self.now_iso(scope));
        self.keep_job(scope, app_id, job)
    }

    /// Applies one import line: an endpoint line is written (unless `register` is off) and
    /// answered with its id; a line of user ids writes nothing and is answered as it is.
    fn import_line(
        &self,
        scope: &Scope,
        app_id: &str,
        line: ImportLine,
        register: bool,
        request_id: &str,
    ) -> Result<Applied, String> {
        let (id, patch) = match line? {
            ImportRecord::Endpoint(id, patch) => (id, patch),
            ImportRecord::Users(users) => return Ok(Applied::Users(users)),
        };
        let id = match id {
            Some(id) => id,
            None if patch.address.is_some() && patch.channel_type.is_some() => {
                self.ids.resource_id()
            }
            None => return Err("a new endpoint needs an Address and a ChannelType".into()),
        };
        if register {
            self.update_endpoints(scope, app_id, vec![(id.clone(), patch)], request_id)
                .map_err(|e| e.to_string())?;
        }
        Ok(Applied::Endpoint(id))
    }

    /// Creates the job's IMPORT segment, or gives an existing one a new version and the new
    /// endpoints; returns its id.
    fn define_import_segment(
        &self,
        scope: &Scope,
        app_id: &str,
        d: &ImportJobDefinition,
        imported: Imported,
    ) -> StoreResult<String> {
        self.write_app(scope, app_id, |data| {
            let now = self.now_iso(scope);
            // What the segment holds now: the endpoints listed, then those of the users listed that
            // are not among them (the set is built only when the file listed users).
            let mut channel_counts = BTreeMap::new();
            let mut count = |channel: Option<String>| {
                if let Some(c) = channel {
                    *channel_counts.entry(c).or_insert(0) += 1;
                }
            };
            let channel = |key: &str| {
                data.endpoint(key)
                    .and_then(|e| e.channel_type)
                    .map(|c| c.as_str().to_string())
            };
            for id in &imported.endpoints {
                count(channel(&fold_id(id)));
            }
            let mut size = imported.endpoints.len() as u64;
            if !imported.users.is_empty() {
                let mut seen: HashSet<String> = imported
                    .endpoints
                    .iter()
                    .map(|id| fold_id(id).into_owned())
                    .collect();
                for e in imported.users.iter().flat_map(|u| data.user_endpoints(u)) {
                    if seen.insert(fold_id(&e.id).into_owned()) {
                        count(e.channel_type.map(|c| c.as_str().to_string()));
                        size += 1;
                    }
                }
            }
            let segments = data.segments_mut();
            let id = d
                .segment_id
                .clone()
                .unwrap_or_else(|| self.ids.resource_id());
            let seg = segments.entry(id.clone()).or_insert_with(|| Segment {
                id: id.clone(),
                segment_type: SegmentType::IMPORT,
                creation_date: now.clone(),
                versions: Versions::none(),
                tags: BTreeMap::new(),
                imported: None,
                imported_users: None,
                import: None,
            });
            let name = d
                .segment_name
                .clone()
                .or_else(|| seg.versions.newest().and_then(|(_, v)| v.name.clone()));
            seg.versions.push(SegmentVersion {
                name,
                dimensions: None,
                segment_groups: None,
                last_modified_date: now,
            });
            seg.import = Some(SegmentImport {
                channel_counts,
                external_id: d.external_id.clone().unwrap_or_default(),
                format: d.format.clone(),
                role_arn: d.role_arn.clone(),
                s3_url: d.s3_url.clone(),
                size,
            });
            seg.imported = Some(imported.endpoints);
            seg.imported_users = (!imported.users.is_empty()).then_some(imported.users);
            Ok(id)
        })
    }

    /// CreateExportJob: checks the definition, picks the app's endpoints (or the segment's
    /// members), hands them to `write` (which returns how many files and endpoints it wrote, None
    /// when no files are mapped) and keeps the job.
    pub fn create_export_job(
        &self,
        scope: &Scope,
        app_id: &str,
        d: ExportJobDefinition,
        write: impl FnOnce(&str, &ExportPick) -> Result<Option<(u64, u64)>, String>,
    ) -> StoreResult<Job> {
        check_export(&d)?;
        let app = self.app(scope, app_id)?;
        let keys: Vec<Arc<str>> = match &d.segment_id {
            Some(seg) => {
                let ids = self.segment_members(scope, app_id, seg, d.segment_version)?;
                ids.iter().map(|id| fold_id(id).into()).collect()
            }
            None => {
                let data = app.read();
                let mut all: Vec<_> = data.keyed_endpoints().collect();
                all.sort_by_key(|(_, e)| e.seq);
                all.into_iter().map(|(k, _)| Arc::clone(k)).collect()
            }
        };
        let pick = ExportPick { app, keys };
        let id = self.ids.resource_id();
        let created = self.now_iso(scope);
        let mut t = Tally::default();
        match write(&id, &pick) {
            Ok(written) => {
                let (files, endpoints) = written.unwrap_or((1, pick.keys.len() as u64));
                t.pieces = files;
                t.processed = endpoints;
            }
            Err(e) => {
                t.pieces = 1;
                t.failed_pieces = 1;
                t.fail(e);
            }
        }
        let failed = t.failed_pieces > 0;
        let head = Job::started(app_id, "EXPORT", id, created, JobDefinition::Export(d));
        let job = t.finish(head, failed, self.now_iso(scope));
        self.keep_job(scope, app_id, job)
    }

    fn keep_job(&self, scope: &Scope, app_id: &str, job: Job) -> StoreResult<Job> {
        let app = self.app(scope, app_id)?;
        app.data
            .write()
            .jobs_mut()
            .insert(job.id.clone(), job.clone());
        self.touch();
        Ok(job)
    }

    /// GetImportJob / GetExportJob: the job of that type; unknown → 404.
    pub fn job(&self, scope: &Scope, app_id: &str, kind: &str, id: &str) -> StoreResult<Job> {
        self.read_app(scope, app_id, |data| {
            data.jobs()
                .get(id)
                .filter(|j| j.job_type == kind)
                .cloned()
                .ok_or(StoreError::NotFound)
        })?
    }

    /// Get{,Segment}{Import,Export}Jobs: the app's jobs of a type, of one segment when given
    /// (which must exist), oldest first (ties by id).
    pub fn jobs(
        &self,
        scope: &Scope,
        app_id: &str,
        kind: &str,
        segment: Option<&str>,
    ) -> StoreResult<Vec<Job>> {
        if let Some(seg) = segment {
            self.segment(scope, app_id, seg)?;
        }
        self.read_app(scope, app_id, |data| {
            let mut all: Vec<Job> = data
                .jobs()
                .values()
                .filter(|j| j.job_type == kind && (segment.is_none() || j.segment_id() == segment))
                .cloned()
                .collect();
            all.sort_by(|a, b| (&a.creation_date, &a.id).cmp(&(&b.creation_date, &b.id)));
            all
        })
    }
}

/// How many endpoints an export reads under one lock of the app.
const EXPORT_CHUNK: usize = 1024;

/// The endpoints an export writes, in its order, read a chunk at a time: the app is locked only
/// while a chunk is written (an endpoint deleted meanwhile is left out), and the export is never
/// copied whole.
pub struct ExportPick {
    app: Arc<App>,
    keys: Vec<Arc<str>>,
}

impl ExportPick {
    /// How many endpoints were picked.
    pub fn picked(&self) -> usize {
        self.keys.len()
    }

    /// Calls `f` with each picked endpoint still there, in order, and says how many there were;
    /// stops at `f`'s first error.
    pub fn each(
        &self,
        mut f: impl FnMut(EndpointView<'_>) -> Result<(), String>,
    ) -> Result<u64, String> {
        let mut n = 0;
        for chunk in self.keys.chunks(EXPORT_CHUNK) {
            let data = self.app.read();
            for key in chunk {
                if let Some(ep) = data.endpoint(key) {
                    f(data.view(ep))?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }
}
