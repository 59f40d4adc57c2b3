//! Task scoring (evaluation stage): gold task records of a document (written
//! from its source by `fixtures/tools/gold.py`) and an extraction of it in, a
//! [`Score`] out: tasks paired by id, missing and spurious tasks, and the
//! share of gold fields the extraction got right.
//!
//! A field is right when: text fields (titles, content, deliverable,
//! deadline text, notes) are within [`TEXT_CER`] character error rate after
//! whitespace is collapsed; unit lists are equal item by item; ids, numbers,
//! sections, groups and the deadline's kind, start and end are exact. A
//! missing task gets every field wrong. Pure: no I/O.

use serde::Deserialize;
use serde_json::Value;

use crate::diff::{task_field, TASK_FIELDS};
use crate::export::{Deadline, Task};
use crate::text::{char_error_rate, clean};

/// Largest character error rate at which a text field still counts as right.
pub const TEXT_CER: f64 = 0.02;

/// One gold task: the fields of an output task that carry meaning (no
/// provenance or confidence).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldTask {
    pub id: String,
    pub section: Option<String>,
    pub section_title: Option<String>,
    pub group: Option<String>,
    pub group_title: Option<String>,
    pub number: Option<String>,
    pub content: String,
    pub lead_units: Vec<String>,
    pub cooperating_units: Vec<String>,
    /// Gold written before the field existed has none.
    #[serde(default)]
    pub monitoring_units: Vec<String>,
    pub deliverable: Option<String>,
    pub deadline: Deadline,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    #[serde(rename = "_note")]
    pub note: String,
    pub tasks: Vec<GoldTask>,
}

/// The fields scored: every task field but the id, which pairs tasks.
pub const FIELDS: &[&str] = match TASK_FIELDS.split_first() {
    Some((_, rest)) => rest,
    None => &[],
};

/// Fields held to [`TEXT_CER`]; the rest must be equal.
const TEXT_FIELDS: [&str; 6] = [
    "section_title",
    "group_title",
    "content",
    "deliverable",
    "deadline.text",
    "notes",
];

impl GoldTask {
    /// As an output task (with an empty provenance), so both sides are read
    /// field by field the same way.
    fn task(&self) -> Task {
        Task {
            section: self.section.clone(),
            section_title: self.section_title.clone(),
            group: self.group.clone(),
            group_title: self.group_title.clone(),
            number: self.number.clone(),
            content: self.content.clone(),
            lead_units: self.lead_units.clone(),
            cooperating_units: self.cooperating_units.clone(),
            monitoring_units: self.monitoring_units.clone(),
            deliverable: self.deliverable.clone(),
            deadline: self.deadline.clone(),
            notes: self.notes.clone(),
            ..Task::bare(&self.id)
        }
    }
}

/// A field the extraction got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub id: String,
    pub field: &'static str,
    pub want: String,
    pub got: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub gold: usize,
    pub extracted: usize,
    pub paired: usize,
    /// Ids of gold tasks the extraction lacks, and of extracted tasks the
    /// gold does not have.
    pub missing: Vec<String>,
    pub spurious: Vec<String>,
    /// Right fields per entry of [`FIELDS`], over `gold` tasks each.
    pub right: [usize; FIELDS.len()],
    /// Gold tasks with every field right.
    pub exact: usize,
    pub misses: Vec<Miss>,
}

impl Score {
    pub fn field_accuracy(&self) -> f64 {
        let right: usize = self.right.iter().sum();
        right as f64 / (self.gold * FIELDS.len()).max(1) as f64
    }

    pub fn record_exact(&self) -> f64 {
        self.exact as f64 / self.gold.max(1) as f64
    }

    /// Pool several scores (e.g. the documents of one variant).
    pub fn add(&mut self, o: &Score) {
        self.gold += o.gold;
        self.extracted += o.extracted;
        self.paired += o.paired;
        self.missing.extend(o.missing.iter().cloned());
        self.spurious.extend(o.spurious.iter().cloned());
        for (a, b) in self.right.iter_mut().zip(o.right) {
            *a += b;
        }
        self.exact += o.exact;
        self.misses.extend(o.misses.iter().cloned());
    }
}

fn right(field: &str, got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::String(g), Value::String(w)) if TEXT_FIELDS.contains(&field) => {
            let (g, w) = (clean(g), clean(w));
            g == w || char_error_rate(&g, &w) <= TEXT_CER
        }
        (Value::Array(g), Value::Array(w)) => {
            let item = |v: &Value| v.as_str().map(clean);
            g.len() == w.len() && g.iter().zip(w).all(|(g, w)| item(g) == item(w))
        }
        _ => got == want,
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        other => other.to_string(),
    }
}

/// Score an extraction's tasks against the gold.
pub fn score(gold: &[GoldTask], tasks: &[Task]) -> Score {
    let mut s = Score {
        gold: gold.len(),
        extracted: tasks.len(),
        ..Score::default()
    };
    for want in gold {
        let Some(got) = tasks.iter().find(|t| t.id == want.id) else {
            s.missing.push(want.id.clone());
            continue;
        };
        s.paired += 1;
        let want = want.task();
        let mut all = true;
        for (i, field) in FIELDS.iter().enumerate() {
            let (g, w) = (task_field(got, field), task_field(&want, field));
            if right(field, &g, &w) {
                s.right[i] += 1;
            } else {
                all = false;
                s.misses.push(Miss {
                    id: want.id.clone(),
                    field,
                    want: show(&w),
                    got: show(&g),
                });
            }
        }
        s.exact += usize::from(all);
    }
    s.spurious = tasks
        .iter()
        .filter(|t| !gold.iter().any(|g| g.id == t.id))
        .map(|t| t.id.clone())
        .collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::DeadlineKind;

    fn gold() -> GoldTask {
        GoldTask {
            id: "I.1".into(),
            section: Some("I".into()),
            section_title: Some("Nhiệm vụ chung".into()),
            group: None,
            group_title: None,
            number: Some("1".into()),
            content: "Rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính".into(),
            lead_units: vec!["Văn phòng Sở".into()],
            cooperating_units: vec!["Thanh tra Sở".into(), "Sở Tư pháp".into()],
            monitoring_units: vec![],
            deliverable: Some("Báo cáo".into()),
            deadline: Deadline {
                text: Some("Quý II năm 2026".into()),
                kind: DeadlineKind::Period,
                start: Some("2026-04-01".into()),
                end: Some("2026-06-30".into()),
            },
            notes: None,
        }
    }

    #[test]
    fn fields_right_and_wrong() {
        let g = gold();
        // (change to the extracted task, fields wrong)
        type Edit = fn(&mut Task);
        let cases: [(Edit, &[&str]); 7] = [
            (|_| {}, &[]),
            // One letter in 58: within 2%.
            (|t| t.content = t.content.replace("đơn", "đon"), &[]),
            (|t| t.content = "Rà soát".into(), &["content"]),
            (|t| t.content = t.content.replace(' ', "\n  "), &[]),
            (|t| t.cooperating_units.reverse(), &["cooperating_units"]),
            (
                |t| {
                    t.deadline.kind = DeadlineKind::Unknown;
                    t.deadline.start = None;
                },
                &["deadline.kind", "deadline.start"],
            ),
            (|t| t.notes = Some("x".into()), &["notes"]),
        ];
        for (edit, wrong) in cases {
            let mut t = g.task();
            edit(&mut t);
            let s = score(std::slice::from_ref(&g), &[t]);
            let got: Vec<&str> = s.misses.iter().map(|m| m.field).collect();
            assert_eq!(got, wrong);
            assert_eq!(s.exact, usize::from(wrong.is_empty()));
            let want = (FIELDS.len() - wrong.len()) as f64 / FIELDS.len() as f64;
            assert!((s.field_accuracy() - want).abs() < 1e-9);
        }
    }

    #[test]
    fn missing_and_spurious_tasks() {
        let g = gold();
        let mut other = g.task();
        other.id = "I.2".into();
        let s = score(std::slice::from_ref(&g), &[other]);
        assert_eq!(
            (&s.missing, &s.spurious),
            (&vec!["I.1".to_string()], &vec!["I.2".to_string()])
        );
        assert_eq!((s.paired, s.exact, s.field_accuracy()), (0, 0, 0.0));
    }
}
