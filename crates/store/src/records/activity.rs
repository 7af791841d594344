//! The activity log: names, never values. Reading and writing them in an open [`Db`].

use crate::db::Db;
use crate::error::StoreError;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// What an activity entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The citizen showed a presentation QR.
    Present,
    /// The citizen shared fields with a service.
    Share,
    /// This device verified someone's QR (counter mode).
    Verify,
    /// A document was received or re-issued.
    Receive,
    /// The wallet was restored from a backup.
    Restore,
    /// Someone looked at the citizen's data on the portal: an officer opened it, or a service
    /// received a share (`result`: what, as a code; `counterpart`: the service's name).
    Accessed,
}

/// One entry of the activity log: names, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Unix seconds.
    pub at: u64,
    /// What happened.
    pub action: Action,
    /// The document type code, when one was involved.
    pub doc_type: Option<String>,
    /// The field *names* involved.
    pub fields: Vec<String>,
    /// Who was on the other side (a service's name, "counter"), when known.
    pub counterpart: Option<String>,
    /// `ok` or a reason code.
    pub result: String,
}

/// A stable code: lower-case ASCII letters, digits and `_`, 1 to 40 characters. Field names,
/// document types and results must be codes, so no personal value can slip into the log.
pub fn is_code(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn action_code(a: Action) -> &'static str {
    match a {
        Action::Present => "present",
        Action::Share => "share",
        Action::Verify => "verify",
        Action::Receive => "receive",
        Action::Restore => "restore",
        Action::Accessed => "accessed",
    }
}

fn action_from(s: &str) -> Option<Action> {
    Some(match s {
        "present" => Action::Present,
        "share" => Action::Share,
        "verify" => Action::Verify,
        "receive" => Action::Receive,
        "restore" => Action::Restore,
        "accessed" => Action::Accessed,
        _ => return None,
    })
}

impl Db {
    /// Appends to the activity log. Field names, the document type and the result must be
    /// codes (see [`Activity`]); anything else is refused rather than logged.
    pub fn log(&self, a: &Activity) -> Result<(), StoreError> {
        let codes_ok = a.fields.iter().all(|f| is_code(f))
            && a.doc_type.as_deref().is_none_or(is_code)
            && is_code(&a.result);
        if !codes_ok {
            return Err(StoreError::Corrupt(
                "activity entries hold codes only".into(),
            ));
        }
        self.conn.prepare_cached(
            "INSERT INTO activity (at, action, doc_type, fields, counterpart, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(
            params![
                a.at as i64,
                action_code(a.action),
                a.doc_type,
                a.fields.join(","),
                a.counterpart,
                a.result
            ],
        )?;
        Ok(())
    }
    /// The activity log, newest first, at most `limit` entries.
    pub fn activity(&self, limit: usize) -> Result<Vec<Activity>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, action, doc_type, fields, counterpart, result FROM activity ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let action: String = r.get(1)?;
            let fields: String = r.get(3)?;
            Ok((
                r.get::<_, i64>(0)? as u64,
                action,
                r.get::<_, Option<String>>(2)?,
                fields,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, action, doc_type, fields, counterpart, result) = row?;
            let action = action_from(&action)
                .ok_or_else(|| StoreError::Corrupt("activity action".into()))?;
            let fields = fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            out.push(Activity {
                at,
                action,
                doc_type,
                fields,
                counterpart,
                result,
            });
        }
        Ok(out)
    }
}
