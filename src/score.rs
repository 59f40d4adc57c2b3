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
//!
//! Scores of many outputs are pooled per split and rendering ([`grouped`]):
//! `dev-003.scan-bw.json` is split "dev", rendering "scan-bw" (the split from
//! a `dev-` / `heldout-` name prefix or the folder the output sits in).
//!
//! Real documents (`fixtures/real/NN.gold.json`, hand-written from what is
//! printed) are scored on their header and stamps: [`score_document`] takes
//! the gold and an extraction's JSON and counts the nine header fields right
//! (equal after NFC and whitespace collapse; the title within [`TEXT_CER`])
//! and the gold e-signature stamps found.

use serde::Deserialize;
use serde_json::Value;

use crate::diff::{task_field, TASK_FIELDS};
use crate::export::{Deadline, Figure, Target, Task};
use crate::header::DocumentHeader;
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
    /// The document header, when the gold's writer knows it (generated
    /// documents do; fixtures/tools/gold.py does not write one).
    #[serde(default)]
    pub document: Option<DocumentHeader>,
    pub tasks: Vec<GoldTask>,
    /// Gold targets (prose plans with a targets section); absent in gold
    /// written before targets were read.
    #[serde(default)]
    pub targets: Vec<GoldTarget>,
}

/// One gold target: what a target carries but its provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldTarget {
    pub id: String,
    pub section: Option<String>,
    pub label: Option<String>,
    pub text: String,
    pub figures: Vec<Figure>,
    pub deadline: Deadline,
}

/// Targets found and their figures right.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetScore {
    pub gold: usize,
    pub extracted: usize,
    /// Gold targets with an extracted target of the same id.
    pub found: usize,
    /// Found targets whose text is right (within [`TEXT_CER`]).
    pub text_right: usize,
    /// Found targets whose figures are all equal (value, unit, bound).
    pub figures_right: usize,
    pub misses: Vec<Miss>,
}

impl TargetScore {
    /// Pool the target counts of several documents.
    pub fn add(&mut self, o: &TargetScore) {
        self.gold += o.gold;
        self.extracted += o.extracted;
        self.found += o.found;
        self.text_right += o.text_right;
        self.figures_right += o.figures_right;
        self.misses.extend(o.misses.iter().cloned());
    }
}

/// Score extracted targets against the gold. A gold target is found by its
/// id, else by its text (an outline slip that renumbers a target does not
/// lose it); each extracted target pairs once.
pub fn score_targets(gold: &[GoldTarget], got: &[Target]) -> TargetScore {
    let mut s = TargetScore {
        gold: gold.len(),
        extracted: got.len(),
        ..TargetScore::default()
    };
    let text = |t: &str| Value::String(t.to_string());
    let mut used = vec![false; got.len()];
    for want in gold {
        let by_id = got.iter().position(|t| t.id == want.id);
        let by_text = || {
            got.iter()
                .enumerate()
                .position(|(i, t)| !used[i] && right("content", &text(&t.text), &text(&want.text)))
        };
        let Some(t) = by_id.filter(|&i| !used[i]).or_else(by_text).map(|i| {
            used[i] = true;
            &got[i]
        }) else {
            s.misses.push(Miss {
                id: want.id.clone(),
                field: "target",
                want: want.text.clone(),
                got: String::new(),
            });
            continue;
        };
        s.found += 1;
        if right("content", &text(&t.text), &text(&want.text)) {
            s.text_right += 1;
        } else {
            s.misses.push(Miss {
                id: want.id.clone(),
                field: "text",
                want: want.text.clone(),
                got: t.text.clone(),
            });
        }
        if t.figures == want.figures {
            s.figures_right += 1;
        } else {
            s.misses.push(Miss {
                id: want.id.clone(),
                field: "figures",
                want: serde_json::to_string(&want.figures).unwrap_or_default(),
                got: serde_json::to_string(&t.figures).unwrap_or_default(),
            });
        }
    }
    s
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
    /// Header fields right and scored (documents whose gold has a header).
    pub header_right: usize,
    pub header_fields: usize,
    /// Targets against the gold's (all zero when it has none).
    pub targets: TargetScore,
}

impl Score {
    pub fn field_accuracy(&self) -> f64 {
        let right: usize = self.right.iter().sum();
        right as f64 / (self.gold * FIELDS.len()).max(1) as f64
    }

    pub fn record_exact(&self) -> f64 {
        self.exact as f64 / self.gold.max(1) as f64
    }

    /// Spurious tasks as a share of the gold tasks.
    pub fn spurious_rate(&self) -> f64 {
        self.spurious.len() as f64 / self.gold.max(1) as f64
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
        self.header_right += o.header_right;
        self.header_fields += o.header_fields;
        self.targets.add(&o.targets);
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

/// Score the document header field by field into `s`, as the real set's
/// headers are scored ([`header_misses`]).
pub fn score_header(s: &mut Score, want: &DocumentHeader, got: &DocumentHeader) {
    let (Ok(w), Ok(g)) = (serde_json::to_value(want), serde_json::to_value(got)) else {
        return;
    };
    let misses = header_misses("document", &w, &g);
    s.header_fields += HEADER_FIELDS.len();
    s.header_right += HEADER_FIELDS.len() - misses.len();
    s.misses.extend(misses);
}

/// The split and rendering of an output file: `heldout-002.fax.json` →
/// ("heldout", "fax"). The split is the document name's `dev-` / `heldout-`
/// prefix, else the name of the folder holding the output when that is
/// `dev` or `heldout`, else "-"; the rendering is what lies between the
/// document name and `.json` ("-" when nothing does).
pub fn split_and_rendering(path: &std::path::Path) -> (String, String) {
    const SPLITS: [&str; 2] = ["dev", "heldout"];
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    let (doc, rendering) = stem.split_once('.').unwrap_or((stem, "-"));
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let split = SPLITS
        .into_iter()
        .find(|s| doc.strip_prefix(s).is_some_and(|r| r.starts_with('-')))
        .or_else(|| SPLITS.into_iter().find(|s| folder.as_deref() == Some(*s)))
        .unwrap_or("-");
    (split.to_string(), rendering.to_string())
}

/// Pooled scores of one split and rendering ("all" pools a whole split, or
/// everything).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub split: String,
    pub rendering: String,
    pub outputs: usize,
    pub score: Score,
}

/// Pool per-output scores `(split, rendering, score)` into a row per split
/// and rendering, an "all" row after each split's renderings when it has
/// more than one, and a final "all"/"all" row when there is more than one
/// split. Sorted by split, then rendering.
pub fn grouped(scores: &[(String, String, Score)]) -> Vec<Group> {
    use std::collections::BTreeMap;
    let mut by: BTreeMap<&str, BTreeMap<&str, (usize, Score)>> = BTreeMap::new();
    for (split, rendering, s) in scores {
        let cell = by
            .entry(split.as_str())
            .or_default()
            .entry(rendering.as_str())
            .or_default();
        cell.0 += 1;
        cell.1.add(s);
    }
    let group = |split: &str, rendering: &str, (outputs, score): (usize, Score)| Group {
        split: split.into(),
        rendering: rendering.into(),
        outputs,
        score,
    };
    let mut rows = Vec::new();
    let mut total = (0, Score::default());
    for (split, renderings) in &by {
        let mut pooled = (0, Score::default());
        for (rendering, (n, s)) in renderings {
            rows.push(group(split, rendering, (*n, s.clone())));
            pooled.0 += n;
            pooled.1.add(s);
        }
        total.0 += pooled.0;
        total.1.add(&pooled.1);
        if renderings.len() > 1 {
            rows.push(group(split, "all", pooled));
        }
    }
    if by.len() > 1 {
        rows.push(group("all", "all", total));
    }
    rows
}

/// The grouped table in Markdown: tasks paired, missing, spurious (count
/// and share of gold), field accuracy, record-exact, header fields right.
/// When the gold has targets, three more columns: targets found, found
/// with every figure (value, unit, bound) right, and targets extracted.
pub fn render_groups(groups: &[Group]) -> String {
    let targets = groups.iter().any(|g| g.score.targets.gold > 0);
    let mut out = String::from(
        "| split | rendering | outputs | tasks paired | missing | spurious | field accuracy | record-exact | header fields |",
    );
    out += if targets {
        " targets found | figures right | targets extracted |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|---|---|---|---|\n"
    };
    for g in groups {
        let s = &g.score;
        let header = if s.header_fields == 0 {
            "-".to_string()
        } else {
            format!("{}/{}", s.header_right, s.header_fields)
        };
        out += &format!(
            "| {} | {} | {} | {}/{} | {} | {} ({:.1}%) | {:.1}% | {:.1}% | {header} |\n",
            g.split,
            g.rendering,
            g.outputs,
            s.paired,
            s.gold,
            s.missing.len(),
            s.spurious.len(),
            100.0 * s.spurious_rate(),
            100.0 * s.field_accuracy(),
            100.0 * s.record_exact(),
        );
        if targets {
            let t = &s.targets;
            let pct = |n: usize| 100.0 * n as f64 / t.gold.max(1) as f64;
            out.pop();
            out += &format!(
                " {}/{} ({:.1}%) | {}/{} ({:.1}%) | {} |\n",
                t.found,
                t.gold,
                pct(t.found),
                t.figures_right,
                t.gold,
                pct(t.figures_right),
                t.extracted
            );
        }
    }
    out
}

/// Header fields of the contract's `document` object, in its order.
pub const HEADER_FIELDS: [&str; 9] = crate::diff::DOCUMENT_FIELDS;

/// Gold for one real document (`fixtures/real/NN.gold.json`): the header
/// and the e-signature stamps as printed, and the file it was written from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentGold {
    #[serde(rename = "_note")]
    pub note: String,
    /// File name under `../shared/real/` (or `../shared/seeds/`).
    pub file: String,
    pub document: Value,
    pub signatures: Vec<Value>,
}

/// Header and signature figures of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderScore {
    pub fields: usize,
    pub fields_right: usize,
    /// Gold stamps, gold stamps found, and stamps extracted.
    pub signatures: usize,
    pub signatures_right: usize,
    pub signatures_extracted: usize,
    pub misses: Vec<Miss>,
}

impl HeaderScore {
    pub fn add(&mut self, o: &HeaderScore) {
        self.fields += o.fields;
        self.fields_right += o.fields_right;
        self.signatures += o.signatures;
        self.signatures_right += o.signatures_right;
        self.signatures_extracted += o.signatures_extracted;
        self.misses.extend(o.misses.iter().cloned());
    }

    pub fn header_rate(&self) -> f64 {
        self.fields_right as f64 / self.fields.max(1) as f64
    }
}

/// A header field is right when equal after NFC and whitespace collapse;
/// the title, a long text, within [`TEXT_CER`].
fn header_right(field: &str, got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::String(g), Value::String(w)) => {
            let (g, w) = (clean(g), clean(w));
            g == w || field == "title" && char_error_rate(&g, &w) <= TEXT_CER
        }
        _ => got == want,
    }
}

/// The header fields of `got` that differ from `want` (both the contract's
/// `document` object as JSON), in the contract's order, under `id`.
fn header_misses(id: &str, want: &Value, got: &Value) -> Vec<Miss> {
    HEADER_FIELDS
        .into_iter()
        .filter(|f| !header_right(f, &got[f], &want[f]))
        .map(|field| Miss {
            id: id.to_string(),
            field,
            want: show(&want[field]),
            got: show(&got[field]),
        })
        .collect()
}

/// Score an extraction (its whole JSON, so that outputs with fields this
/// build does not know still score) against a document's gold: each header
/// field, and each gold signature found among the extracted ones (paired
/// once, in any order, every field equal).
pub fn score_document(gold: &DocumentGold, extracted: &Value) -> HeaderScore {
    let mut s = HeaderScore {
        fields: HEADER_FIELDS.len(),
        signatures: gold.signatures.len(),
        ..HeaderScore::default()
    };
    s.misses = header_misses(&gold.file, &gold.document, &extracted["document"]);
    s.fields_right = HEADER_FIELDS.len() - s.misses.len();
    let mut found: Vec<&Value> = extracted["signatures"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    s.signatures_extracted = found.len();
    for want in &gold.signatures {
        match found.iter().position(|g| same_signature(g, want)) {
            Some(i) => {
                found.remove(i);
                s.signatures_right += 1;
            }
            None => s.misses.push(Miss {
                id: gold.file.clone(),
                field: "signature",
                want: want.to_string(),
                got: String::new(),
            }),
        }
    }
    s
}

fn same_signature(got: &Value, want: &Value) -> bool {
    ["kind", "by", "email", "time", "page"]
        .iter()
        .all(|f| header_right(f, &got[f], &want[f]))
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

    #[test]
    fn targets_found_and_figures_right() {
        use crate::export::{Bound, TargetSource};
        let fig = |v: i64, b: Bound| Figure {
            value: v.into(),
            unit: "%".into(),
            bound: b,
        };
        let gold: Vec<GoldTarget> = serde_json::from_str(
            r#"[{"id":"II.a","section":"II","label":"a","text":"Đạt tỷ lệ tối thiểu 95% mức độ hài lòng",
                 "figures":[{"value":95,"unit":"%","bound":"min"}],
                 "deadline":{"text":null,"kind":"unknown","start":null,"end":null}},
                {"id":"II.b","section":"II","label":"b","text":"Đạt tỷ lệ 100% hồ sơ",
                 "figures":[{"value":100,"unit":"%","bound":"exact"}],
                 "deadline":{"text":null,"kind":"unknown","start":null,"end":null}}]"#,
        )
        .unwrap();
        let got = |id: &str, text: &str, f: Figure| Target {
            id: id.into(),
            section: Some("II".into()),
            label: None,
            text: text.into(),
            figures: vec![f],
            deadline: gold[0].deadline.clone(),
            source: TargetSource {
                page: 1,
                bbox: [0.0; 4],
            },
        };
        let s = score_targets(
            &gold,
            &[
                got(
                    "II.a",
                    "Đạt tỷ lệ tối thiểu 95% mức độ hài lòng",
                    fig(95, Bound::Exact),
                ),
                got("II.c", "Đạt tỷ lệ 100% hồ sơ", fig(100, Bound::Exact)),
            ],
        );
        // II.a by id (its bound wrong), II.b by its text under id II.c.
        assert_eq!(
            (s.gold, s.extracted, s.found, s.text_right, s.figures_right),
            (2, 2, 2, 2, 1)
        );
        let s = score_targets(
            &gold,
            &[got(
                "II.c",
                "Đạt tỷ lệ 90% hồ sơ khác",
                fig(90, Bound::Exact),
            )],
        );
        assert_eq!((s.found, s.figures_right), (0, 0));
        let s = score_targets(
            &gold[..1],
            &[got("II.a", "Đạt 95% mức độ", fig(95, Bound::Min))],
        );
        assert_eq!((s.found, s.text_right, s.figures_right), (1, 0, 1));
        // A renumbered target is found by its text; an extracted target
        // pairs once.
        let s = score_targets(
            &gold,
            &[got("II.1", "Đạt tỷ lệ 100% hồ sơ", fig(100, Bound::Exact))],
        );
        assert_eq!((s.found, s.text_right, s.figures_right), (1, 1, 1));
        let s = score_targets(
            &gold,
            &[got("II.a", "Đạt tỷ lệ 100% hồ sơ", fig(100, Bound::Exact))],
        );
        assert_eq!(s.found, 1, "{:?}", s.misses);
        let mut pooled = Score::default();
        pooled.add(&Score {
            targets: s,
            ..Score::default()
        });
        let table = render_groups(&[Group {
            split: "dev".into(),
            rendering: "born-digital".into(),
            outputs: 1,
            score: pooled,
        }]);
        assert!(
            table.contains("| - | 1/2 (50.0%) | 0/2 (0.0%) | 1 |"),
            "{table}"
        );
    }

    fn pooled(
        split: &str,
        rendering: &str,
        gold: usize,
        right: usize,
        spurious: usize,
    ) -> (String, String, Score) {
        let mut s = Score {
            gold,
            paired: gold,
            exact: right,
            spurious: (0..spurious).map(|i| i.to_string()).collect(),
            ..Score::default()
        };
        s.right = [right; FIELDS.len()];
        (split.into(), rendering.into(), s)
    }

    #[test]
    fn outputs_are_grouped_by_split_and_rendering() {
        let scores = [
            pooled("heldout", "fax", 10, 5, 1),
            pooled("dev", "fax", 10, 10, 0),
            pooled("dev", "born-digital", 4, 4, 0),
            pooled("dev", "fax", 10, 0, 2),
        ];
        let rows: Vec<(String, String, usize, usize, usize, usize)> = grouped(&scores)
            .into_iter()
            .map(|g| {
                let s = g.score;
                (
                    g.split,
                    g.rendering,
                    g.outputs,
                    s.gold,
                    s.exact,
                    s.spurious.len(),
                )
            })
            .collect();
        let want = [
            ("dev", "born-digital", 1, 4, 4, 0),
            ("dev", "fax", 2, 20, 10, 2),
            ("dev", "all", 3, 24, 14, 2),
            // One rendering: no "all" row of its own.
            ("heldout", "fax", 1, 10, 5, 1),
            ("all", "all", 4, 34, 19, 3),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|&(a, b, n, g, e, sp)| (a.to_string(), b.to_string(), n, g, e, sp))
            .collect();
        assert_eq!(rows, want);
        let table = render_groups(&grouped(&scores));
        assert!(
            table.contains("| dev | fax | 2 | 20/20 | 0 | 2 (10.0%) | 50.0% | 50.0% | - |"),
            "{table}"
        );
    }

    #[test]
    fn split_and_rendering_come_from_the_name_or_folder() {
        let cases = [
            ("out/dev-003.scan-bw.json", ("dev", "scan-bw")),
            ("heldout-000.born-digital.json", ("heldout", "born-digital")),
            ("corpus/heldout/x-1.fax.json", ("heldout", "fax")),
            ("eval-out/kh-215-snnmt.jpeg.json", ("-", "jpeg")),
            ("developer.fax.json", ("-", "fax")),
            ("dev/plan.json", ("dev", "-")),
        ];
        for (path, (split, rendering)) in cases {
            let got = split_and_rendering(std::path::Path::new(path));
            assert_eq!(got, (split.to_string(), rendering.to_string()), "{path}");
        }
    }

    #[test]
    fn header_fields_are_scored_one_by_one() {
        let want: DocumentHeader = serde_json::from_value(serde_json::json!({
            "doc_type": "ke_hoach", "type_label": "KẾ HOẠCH", "number": "12/KH-UBND",
            "issuer": "Ủy ban nhân dân xã Gia Viễn", "parent_issuer": null, "place": "Gia Viễn",
            "issued_on": "2026-02-03", "title": "Cải cách hành chính năm 2026 trên địa bàn xã Gia Viễn",
            "signer": "Lê Văn Hải"
        }))
        .unwrap();
        let mut got = want.clone();
        got.title = got.title.map(|t| t.replace("năm", "nam")); // one letter in 53: right
        got.parent_issuer = Some("UBND tỉnh Ninh Bình".into());
        got.issuer = Some("Ủy ban nhân dân xã  Gia Viễn".into()); // whitespace only: right
        let mut s = Score::default();
        score_header(&mut s, &want, &got);
        assert_eq!((s.header_right, s.header_fields), (8, 9));
        let wrong: Vec<&str> = s.misses.iter().map(|m| m.field).collect();
        assert_eq!(wrong, ["parent_issuer"]);
    }

    fn real_gold() -> DocumentGold {
        serde_json::from_value(serde_json::json!({
            "_note": "n", "file": "x.pdf",
            "document": {
                "doc_type": "quyet_dinh", "type_label": "QUYẾT ĐỊNH", "number": "84/QĐ-UBND",
                "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "parent_issuer": null,
                "place": "Quảng Ngãi", "issued_on": "2025-02-03",
                "title": "Về việc phê duyệt Kế hoạch ứng phó sự cố tràn dầu của Cửa hàng xăng dầu Long Sơn",
                "signer": "Trần Phước Hiền" },
            "signatures": [
                { "kind": "signed", "by": "A", "email": null, "time": "2025-02-03T10:47:25+07:00", "page": 1 },
                { "kind": "signed", "by": "B", "email": "b@x.vn", "time": "2025-02-03T14:00:35+07:00", "page": 1 } ]
        }))
        .unwrap()
    }

    #[test]
    fn header_fields_and_signatures_scored() {
        let g = real_gold();
        let mut got = serde_json::json!({ "document": g.document.clone(),
            "signatures": [g.signatures[1].clone(), g.signatures[0].clone()] });
        let s = score_document(&g, &got);
        assert_eq!((s.fields_right, s.signatures_right), (9, 2));
        // (edit, fields right): NFC/whitespace and a 1-letter title slip
        // are right; a wrong number, a null for a value, a dropped stamp not.
        type Edit = fn(&mut Value);
        let cases: [(Edit, usize, usize); 5] = [
            (|v| v["document"]["place"] = "Quảng  Ngãi ".into(), 9, 2),
            (
                |v| {
                    v["document"]["title"] = Value::String(
                        v["document"]["title"]
                            .as_str()
                            .unwrap()
                            .replace("dầu L", "dau L"),
                    )
                },
                9,
                2,
            ),
            (|v| v["document"]["number"] = "8/QĐ-UBND".into(), 8, 2),
            (|v| v["document"]["signer"] = Value::Null, 8, 2),
            (
                |v| {
                    v["signatures"].as_array_mut().unwrap().pop();
                },
                9,
                1,
            ),
        ];
        for (edit, fields, sigs) in cases {
            let mut v = got.clone();
            edit(&mut v);
            let s = score_document(&g, &v);
            assert_eq!((s.fields_right, s.signatures_right), (fields, sigs), "{v}");
        }
        // A stamp counts once even when the gold lists it twice.
        got["signatures"] = serde_json::json!([g.signatures[0].clone()]);
        let mut twice = g.clone();
        twice.signatures = vec![g.signatures[0].clone(), g.signatures[0].clone()];
        assert_eq!(score_document(&twice, &got).signatures_right, 1);
    }
}
