//! The endpoint, user and attribute operations: UpdateEndpoint(sBatch), GetEndpoint,
//! DeleteEndpoint, GetUserEndpoints, DeleteUserEndpoints and RemoveAttributes, each one
//! transaction over one app.

use super::model::{fold_id, EndpointPatch, EndpointView, FullEndpoint};
use super::upsert::{self, UpsertCtx};
use crate::store::app::AttrKind;
use crate::store::{Scope, Store, StoreError, StoreResult};

impl Store {
    /// UpdateEndpoint and UpdateEndpointsBatch: every item applied, or none (docs/behaviour.md#batch-all-or-nothing).
    pub fn update_endpoints(
        &self,
        scope: &Scope,
        app_id: &str,
        items: Vec<(String, EndpointPatch)>,
        request_id: &str,
    ) -> StoreResult<()> {
        let now = self.now_iso(scope);
        let (app, new) = self.app_to_write(scope, app_id, &now)?;
        let ctx = UpsertCtx {
            app_id,
            request_id,
            now: &now,
            limits: &self.options.limits,
        };
        let many = items.len() > 1;
        let mut data = app.write();
        let mut txn = data.txn();
        for (i, (id, patch)) in items.into_iter().enumerate() {
            upsert::upsert(&mut txn, &ctx, &id, patch).map_err(|e| {
                if many {
                    e.in_item(i, &id)
                } else {
                    e
                }
            })?;
        }
        let replaced = txn.commit();
        drop(data);
        drop(replaced);
        if let Some(new) = new {
            new.publish(&app);
        }
        self.touch();
        Ok(())
    }

    /// GetEndpoint: runs `f` on the stored endpoint, with its user's attributes, under the app's
    /// read lock.
    pub fn with_endpoint<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        f: impl FnOnce(EndpointView<'_>) -> R,
    ) -> StoreResult<R> {
        self.read_app(scope, app_id, |data| {
            upsert::validate_endpoint_id(id)?;
            let ep = data.endpoint(&fold_id(id)).ok_or(StoreError::NotFound)?;
            Ok(f(data.view(ep)))
        })?
    }

    /// A copy of one endpoint.
    pub fn get_endpoint(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<FullEndpoint> {
        self.with_endpoint(scope, app_id, id, |v| v.to_owned())
    }

    /// DeleteEndpoint: returns the endpoint as it was.
    pub fn delete_endpoint(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<FullEndpoint> {
        self.write_app(scope, app_id, |data| {
            upsert::validate_endpoint_id(id)?;
            let key = fold_id(id);
            let old = data
                .endpoint(&key)
                .map(|ep| data.view(ep).to_owned())
                .ok_or(StoreError::NotFound)?;
            let mut txn = data.txn();
            txn.put(&key, None);
            txn.commit();
            Ok(old)
        })
    }

    /// GetUserEndpoints: runs `f` on the user's endpoints under the app's read lock; 404 when
    /// the user has none (docs/behaviour.md#users-not-found).
    pub fn with_user_endpoints<R>(
        &self,
        scope: &Scope,
        app_id: &str,
        user: &str,
        f: impl FnOnce(Vec<EndpointView<'_>>) -> R,
    ) -> StoreResult<R> {
        self.read_app(scope, app_id, |data| {
            let eps = data.user_views(user);
            if eps.is_empty() {
                return Err(StoreError::NotFound);
            }
            Ok(f(eps))
        })?
    }

    /// Copies of the user's endpoints.
    pub fn user_endpoints(
        &self,
        scope: &Scope,
        app_id: &str,
        user: &str,
    ) -> StoreResult<Vec<FullEndpoint>> {
        self.with_user_endpoints(scope, app_id, user, |eps| {
            eps.into_iter().map(|v| v.to_owned()).collect()
        })
    }

    /// DeleteUserEndpoints: removes and returns every endpoint of the user.
    pub fn delete_user_endpoints(
        &self,
        scope: &Scope,
        app_id: &str,
        user: &str,
    ) -> StoreResult<Vec<FullEndpoint>> {
        self.write_app(scope, app_id, |data| {
            let eps: Vec<FullEndpoint> = data
                .user_endpoints(user)
                .into_iter()
                .map(|ep| data.view(ep).to_owned())
                .collect();
            if eps.is_empty() {
                return Err(StoreError::NotFound);
            }
            let mut txn = data.txn();
            for ep in &eps {
                txn.put(&fold_id(&ep.id), None);
            }
            txn.commit();
            Ok(eps)
        })
    }

    /// RemoveAttributes (docs/behaviour.md#remove-attributes-effect): blocks later writes to matching names and frees their quota
    /// slots; returns the known names that matched. Stored values are kept.
    pub fn remove_attributes(
        &self,
        scope: &Scope,
        app_id: &str,
        kind: AttrKind,
        patterns: Vec<String>,
    ) -> StoreResult<Vec<String>> {
        self.write_app(scope, app_id, |data| {
            let mut txn = data.txn();
            let matched = txn.block(kind, patterns);
            txn.commit();
            Ok(matched)
        })
    }
}
