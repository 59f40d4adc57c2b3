//! Diff stage: two extracted documents in (old, new: runs of the same plan, or
//! an extraction and a hand-corrected gold copy), a [`DocDiff`] out: changed
//! `document` fields, tasks added/removed/changed/moved with word-level
//! changes, pages whose text changed, and per-field agreement rates.
//!
//! Tasks are paired by an order-keeping alignment (so an inserted row shifts
//! ids without turning every later task into a change) scored by content
//! similarity with a bonus for an unchanged id; what is left over is paired
//! by similarity alone (a moved task). Pure: rendering returns strings.

use serde::Serialize;
use serde_json::Value;

use crate::export::{Document, Target, Task};
use crate::text::fold;

/// A pair scores at least this (similarity, plus [`SAME_ID_BONUS`]) to be
/// the same task.
const MIN_PAIR_SCORE: f64 = 0.5;
const SAME_ID_BONUS: f64 = 0.25;
/// Word diffs of longer texts than this (words × words) are shown whole.
const MAX_DIFF_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Added,
    Removed,
    /// Paired in order, with field changes.
    Changed,
    /// Paired out of order (the row moved), with or without field changes.
    Moved,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskDiff {
    pub status: TaskStatus,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    /// Content of the task (new side when there is one), for the reader.
    pub content: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageDiff {
    pub page: usize,
    pub words_removed: usize,
    pub words_added: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldRate {
    pub field: String,
    pub agree: usize,
    pub total: usize,
}

/// How far NEW agrees with OLD taken as the reference: per task field, over
/// OLD's tasks (an unpaired one disagrees on every field).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub old_tasks: usize,
    pub new_tasks: usize,
    pub paired: usize,
    pub fields: Vec<FieldRate>,
    /// Share of all task fields that agree.
    pub field_accuracy: f64,
    /// OLD's tasks whose every field agrees, and their share.
    pub exact_records: usize,
    pub record_exact: f64,
    /// NEW tasks with no counterpart in OLD.
    pub spurious: usize,
    pub document_fields_agree: usize,
    pub document_fields_total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocDiff {
    pub equal: bool,
    pub document: Vec<FieldChange>,
    pub tasks: Vec<TaskDiff>,
    /// Targets added, removed or changed.
    pub targets: Vec<TargetDiff>,
    pub pages: Vec<PageDiff>,
    pub agreement: Agreement,
}

impl DocDiff {
    pub fn count(&self, status: TaskStatus) -> usize {
        self.tasks.iter().filter(|t| t.status == status).count()
    }
}

/// The fields of the contract's `document` object, in its order.
pub const DOCUMENT_FIELDS: [&str; 9] = [
    "doc_type",
    "type_label",
    "number",
    "issuer",
    "parent_issuer",
    "place",
    "issued_on",
    "title",
    "signer",
];

/// A task's fields as `task_field` names them (also what `score` scores).
pub(crate) const TASK_FIELDS: [&str; 16] = [
    "id",
    "number",
    "section",
    "section_title",
    "group",
    "group_title",
    "content",
    "lead_units",
    "cooperating_units",
    "monitoring_units",
    "deliverable",
    "deadline.text",
    "deadline.kind",
    "deadline.start",
    "deadline.end",
    "notes",
];

pub(crate) fn task_field(t: &Task, field: &str) -> Value {
    let s = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    match field {
        "id" => Value::String(t.id.clone()),
        "number" => s(&t.number),
        "section" => s(&t.section),
        "section_title" => s(&t.section_title),
        "group" => s(&t.group),
        "group_title" => s(&t.group_title),
        "content" => Value::String(t.content.clone()),
        "lead_units" => t.lead_units.clone().into(),
        "cooperating_units" => t.cooperating_units.clone().into(),
        "monitoring_units" => t.monitoring_units.clone().into(),
        "deliverable" => s(&t.deliverable),
        "deadline.text" => s(&t.deadline.text),
        "deadline.kind" => serde_json::to_value(t.deadline.kind).unwrap_or(Value::Null),
        "deadline.start" => s(&t.deadline.start),
        "deadline.end" => s(&t.deadline.end),
        "notes" => s(&t.notes),
        _ => Value::Null,
    }
}

fn task_changes(a: &Task, b: &Task) -> Vec<FieldChange> {
    let mut out: Vec<FieldChange> = TASK_FIELDS
        .iter()
        .filter_map(|f| {
            let (old, new) = (task_field(a, f), task_field(b, f));
            (old != new).then(|| FieldChange {
                field: f.to_string(),
                old,
                new,
            })
        })
        .collect();
    // Where the task was read from (table or prose) is no scored field,
    // but a change of it is shown.
    if a.origin != b.origin {
        out.push(FieldChange {
            field: "origin".into(),
            old: Value::String(crate::export::wire_name(&a.origin)),
            new: Value::String(crate::export::wire_name(&b.origin)),
        });
    }
    out
}

/// A target added, removed or changed (paired by id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetDiff {
    pub id: String,
    pub status: TaskStatus,
    /// Text of the target (new side when there is one).
    pub text: String,
    pub changes: Vec<FieldChange>,
}

/// Targets of `new` against `old`, paired by id, in the new order with
/// removed ones last.
fn target_diffs(old: &[Target], new: &[Target]) -> Vec<TargetDiff> {
    let val = |t: &Target, f: &str| match f {
        "text" => Value::String(t.text.clone()),
        "figures" => serde_json::to_value(&t.figures).unwrap_or(Value::Null),
        _ => serde_json::to_value(&t.deadline).unwrap_or(Value::Null),
    };
    let mut out = Vec::new();
    for b in new {
        let Some(a) = old.iter().find(|a| a.id == b.id) else {
            out.push(TargetDiff {
                id: b.id.clone(),
                status: TaskStatus::Added,
                text: b.text.clone(),
                changes: Vec::new(),
            });
            continue;
        };
        let changes: Vec<FieldChange> = ["text", "figures", "deadline"]
            .iter()
            .filter(|f| val(a, f) != val(b, f))
            .map(|f| FieldChange {
                field: f.to_string(),
                old: val(a, f),
                new: val(b, f),
            })
            .collect();
        if !changes.is_empty() {
            out.push(TargetDiff {
                id: b.id.clone(),
                status: TaskStatus::Changed,
                text: b.text.clone(),
                changes,
            });
        }
    }
    for a in old.iter().filter(|a| !new.iter().any(|b| b.id == a.id)) {
        out.push(TargetDiff {
            id: a.id.clone(),
            status: TaskStatus::Removed,
            text: a.text.clone(),
            changes: Vec::new(),
        });
    }
    out
}

/// Folded words: what a similarity should see of a text.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Dice coefficient of two word multisets; 1 for two empty texts.
fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut b_sorted: Vec<&String> = b.iter().collect();
    b_sorted.sort();
    let mut used = vec![false; b_sorted.len()];
    let mut common = 0;
    for w in a {
        if let Ok(mut i) = b_sorted.binary_search(&w) {
            while i > 0 && b_sorted[i - 1] == w {
                i -= 1;
            }
            while i < b_sorted.len() && b_sorted[i] == w {
                if !used[i] {
                    used[i] = true;
                    common += 1;
                    break;
                }
                i += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

struct Key {
    content: Vec<String>,
    rest: Vec<String>,
}

fn key(t: &Task) -> Key {
    let rest = [
        t.lead_units.join(" "),
        t.cooperating_units.join(" "),
        t.deliverable.clone().unwrap_or_default(),
        t.deadline.text.clone().unwrap_or_default(),
    ]
    .join(" ");
    Key {
        content: words(&t.content),
        rest: words(&rest),
    }
}

/// How alike two tasks read: mostly their content, partly the rest.
fn similarity(a: &Key, b: &Key) -> f64 {
    0.7 * dice(&a.content, &b.content) + 0.3 * dice(&a.rest, &b.rest)
}

/// Pairs (old index, new index, in order?) of the same task.
fn pair_tasks(old: &[Task], new: &[Task]) -> Vec<(usize, usize, bool)> {
    let (ko, kn): (Vec<Key>, Vec<Key>) =
        (old.iter().map(key).collect(), new.iter().map(key).collect());
    let (n, m) = (old.len(), new.len());
    let score = |i: usize, j: usize| {
        let s = similarity(&ko[i], &kn[j])
            + if old[i].id == new[j].id {
                SAME_ID_BONUS
            } else {
                0.0
            };
        (s >= MIN_PAIR_SCORE).then_some(s)
    };
    // Best total score of an order-keeping pairing of old[i..] and new[j..].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut memo = vec![vec![None; m]; n];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            memo[i][j] = score(i, j);
            let pair = memo[i][j].map_or(f64::NEG_INFINITY, |s| s + best[i + 1][j + 1]);
            best[i][j] = pair.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let pair = memo[i][j].map(|s| s + best[i + 1][j + 1]);
        if pair.is_some_and(|p| p >= best[i][j] - 1e-9) {
            pairs.push((i, j, true));
            i += 1;
            j += 1;
        } else if best[i + 1][j] >= best[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    // What is left over may have moved: pair by score, best first.
    let mut old_free: Vec<bool> = vec![true; n];
    let mut new_free: Vec<bool> = vec![true; m];
    for &(i, j, _) in &pairs {
        old_free[i] = false;
        new_free[j] = false;
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for i in (0..n).filter(|&i| old_free[i]) {
        for j in (0..m).filter(|&j| new_free[j]) {
            if let Some(s) = memo[i][j] {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if old_free[i] && new_free[j] {
            old_free[i] = false;
            new_free[j] = false;
            pairs.push((i, j, false));
        }
    }
    pairs
}

/// Compare `new` against `old`.
pub fn diff(old: &Document, new: &Document) -> DocDiff {
    let dv = |d: &Document| serde_json::to_value(&d.document).unwrap_or(Value::Null);
    let (od, nd) = (dv(old), dv(new));
    let document: Vec<FieldChange> = DOCUMENT_FIELDS
        .iter()
        .filter(|f| od[**f] != nd[**f])
        .map(|f| FieldChange {
            field: f.to_string(),
            old: od[*f].clone(),
            new: nd[*f].clone(),
        })
        .collect();

    let pairs = pair_tasks(&old.tasks, &new.tasks);
    let mut old_pair: Vec<Option<(usize, bool)>> = vec![None; old.tasks.len()];
    let mut new_paired = vec![false; new.tasks.len()];
    for &(i, j, in_order) in &pairs {
        old_pair[i] = Some((j, in_order));
        new_paired[j] = true;
    }
    // Report in the new document's order, removed tasks where they stood.
    let mut tasks: Vec<(usize, usize, TaskDiff)> = Vec::new();
    let mut rates: Vec<FieldRate> = TASK_FIELDS
        .iter()
        .map(|f| FieldRate {
            field: f.to_string(),
            agree: 0,
            total: old.tasks.len(),
        })
        .collect();
    let mut exact = 0;
    let mut last_new = 0;
    for (i, a) in old.tasks.iter().enumerate() {
        match old_pair[i] {
            Some((j, in_order)) => {
                let b = &new.tasks[j];
                let changes = task_changes(a, b);
                for r in &mut rates {
                    if !changes.iter().any(|c| c.field == r.field) {
                        r.agree += 1;
                    }
                }
                exact += usize::from(changes.is_empty());
                if in_order {
                    last_new = j;
                }
                if !changes.is_empty() || !in_order {
                    tasks.push((
                        j,
                        0,
                        TaskDiff {
                            status: if in_order {
                                TaskStatus::Changed
                            } else {
                                TaskStatus::Moved
                            },
                            old_id: Some(a.id.clone()),
                            new_id: Some(b.id.clone()),
                            content: b.content.clone(),
                            changes,
                        },
                    ));
                }
            }
            None => tasks.push((
                last_new,
                1 + i,
                TaskDiff {
                    status: TaskStatus::Removed,
                    old_id: Some(a.id.clone()),
                    new_id: None,
                    content: a.content.clone(),
                    changes: Vec::new(),
                },
            )),
        }
    }
    for (j, b) in new.tasks.iter().enumerate() {
        if !new_paired[j] {
            tasks.push((
                j,
                0,
                TaskDiff {
                    status: TaskStatus::Added,
                    old_id: None,
                    new_id: Some(b.id.clone()),
                    content: b.content.clone(),
                    changes: Vec::new(),
                },
            ));
        }
    }
    tasks.sort_by_key(|(j, i, _)| (*j, *i));
    let tasks: Vec<TaskDiff> = tasks.into_iter().map(|(_, _, t)| t).collect();

    let pages = page_diffs(old, new);
    let agreement = Agreement {
        old_tasks: old.tasks.len(),
        new_tasks: new.tasks.len(),
        paired: pairs.len(),
        field_accuracy: 0.0,
        exact_records: exact,
        record_exact: 0.0,
        spurious: new_paired.iter().filter(|p| !**p).count(),
        fields: rates,
        document_fields_agree: DOCUMENT_FIELDS.len() - document.len(),
        document_fields_total: DOCUMENT_FIELDS.len(),
    }
    .with_rates();
    let targets = target_diffs(&old.targets, &new.targets);
    DocDiff {
        equal: document.is_empty() && tasks.is_empty() && targets.is_empty() && pages.is_empty(),
        document,
        tasks,
        targets,
        pages,
        agreement,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        crate::util::round_to(a as f64 / b as f64, 0.0001)
    }
}

fn page_diffs<'a>(old: &'a Document, new: &'a Document) -> Vec<PageDiff> {
    let n = old.pages.len().max(new.pages.len());
    (0..n)
        .filter_map(|i| {
            let text = |d: &'a Document| d.pages.get(i).map_or("", |p| p.text.as_str());
            let (a, b) = (text(old), text(new));
            if a == b {
                return None;
            }
            let ops = word_diff(a, b);
            Some(PageDiff {
                page: i + 1,
                words_removed: ops
                    .iter()
                    .filter(|o| matches!(o, WordOp::Removed(_)))
                    .count(),
                words_added: ops.iter().filter(|o| matches!(o, WordOp::Added(_))).count(),
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordOp<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

impl<'a> WordOp<'a> {
    fn word(&self) -> &'a str {
        match self {
            WordOp::Same(w) | WordOp::Removed(w) | WordOp::Added(w) => w,
        }
    }
}

/// Word-level edit script from `a` to `b` (longest common subsequence of
/// whitespace-separated words).
pub fn word_diff<'a>(a: &'a str, b: &'a str) -> Vec<WordOp<'a>> {
    let (a, b): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    // Common ends first: keeps the table small for long, mostly equal texts.
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<WordOp> = a[..pre].iter().map(|w| WordOp::Same(w)).collect();
    if am.len() * bm.len() > MAX_DIFF_CELLS {
        ops.extend(am.iter().map(|w| WordOp::Removed(w)));
        ops.extend(bm.iter().map(|w| WordOp::Added(w)));
    } else {
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = if am[i] == bm[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(WordOp::Same(am[i]));
                i += 1;
                j += 1;
            } else if j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.push(WordOp::Removed(am[i]));
                i += 1;
            } else {
                ops.push(WordOp::Added(bm[j]));
                j += 1;
            }
        }
    }
    ops.extend(a[a.len() - suf..].iter().map(|w| WordOp::Same(w)));
    ops
}

/// How to mark changes in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `[-removed-]{+added+}`, for pipes and files.
    Plain,
    /// Red and green on a terminal.
    Color,
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn removed(s: &str, style: Style) -> String {
    match style {
        Style::Plain => format!("[-{s}-]"),
        Style::Color => format!("{RED}{s}{RESET}"),
    }
}

fn added(s: &str, style: Style) -> String {
    match style {
        Style::Plain => format!("{{+{s}+}}"),
        Style::Color => format!("{GREEN}{s}{RESET}"),
    }
}

/// Unchanged words kept on each side of a change in a rendered word diff.
const CONTEXT: usize = 5;

/// A text with its changed words marked, runs of changes grouped and long
/// unchanged stretches elided. Equal texts come back whole.
pub fn render_words(a: &str, b: &str, style: Style) -> String {
    if a == b {
        return a.to_string();
    }
    let ops = word_diff(a, b);
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        match ops[k] {
            WordOp::Same(_) => {
                let run = ops[k..]
                    .iter()
                    .take_while(|o| matches!(o, WordOp::Same(_)))
                    .count();
                let same: Vec<&str> = ops[k..k + run].iter().map(WordOp::word).collect();
                // Long unchanged stretches shrink to their ends around "…".
                let (head, tail) = (
                    if k == 0 { 0 } else { CONTEXT },
                    if k + run == ops.len() { 0 } else { CONTEXT },
                );
                if run > head + tail + 1 {
                    parts.extend(same[..head].iter().map(|w| w.to_string()));
                    parts.push("…".into());
                    parts.extend(same[run - tail..].iter().map(|w| w.to_string()));
                } else {
                    parts.extend(same.iter().map(|w| w.to_string()));
                }
                k += run;
            }
            _ => {
                let (mut del, mut ins) = (Vec::new(), Vec::new());
                while let Some(op) = ops.get(k) {
                    match op {
                        WordOp::Removed(w) => del.push(*w),
                        WordOp::Added(w) => ins.push(*w),
                        WordOp::Same(_) => break,
                    }
                    k += 1;
                }
                if !del.is_empty() {
                    parts.push(removed(&del.join(" "), style));
                }
                if !ins.is_empty() {
                    parts.push(added(&ins.join(" "), style));
                }
            }
        }
    }
    parts.join(" ")
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render_change(c: &FieldChange, style: Style) -> String {
    match (&c.old, &c.new) {
        (Value::String(a), Value::String(b)) if a.contains(' ') || b.contains(' ') => {
            format!("{}: {}", c.field, render_words(a, b, style))
        }
        (Value::Array(a), Value::Array(b)) => {
            let items = |v: &Vec<Value>| v.iter().map(value_text).collect::<Vec<_>>();
            let (a, b) = (items(a), items(b));
            if a.len() == b.len() {
                // Same number of units: show each one's changed words.
                let parts: Vec<String> = a
                    .iter()
                    .zip(&b)
                    .map(|(x, y)| render_words(x, y, style))
                    .collect();
                return format!("{}: {}", c.field, parts.join("; "));
            }
            let mut parts: Vec<String> = Vec::new();
            for u in &a {
                parts.push(if b.contains(u) {
                    u.clone()
                } else {
                    removed(u, style)
                });
            }
            for u in b.iter().filter(|u| !a.contains(u)) {
                parts.push(added(u, style));
            }
            if parts.iter().all(|p| a.contains(p)) {
                // Same units, other order.
                format!("{}: [{}] → [{}]", c.field, a.join("; "), b.join("; "))
            } else {
                format!("{}: {}", c.field, parts.join("; "))
            }
        }
        (a, b) => format!(
            "{}: {} → {}",
            c.field,
            removed(&value_text(a), style),
            added(&value_text(b), style)
        ),
    }
}

fn bold(s: &str, style: Style) -> String {
    match style {
        Style::Plain => s.to_string(),
        Style::Color => format!("{BOLD}{s}{RESET}"),
    }
}

/// One line of counts: "2 changed, 1 added, …" or "equal".
pub fn summary_line(d: &DocDiff) -> String {
    if d.equal {
        return "equal".into();
    }
    let mut parts = Vec::new();
    for (n, what) in [
        (d.document.len(), "document field(s) changed"),
        (d.count(TaskStatus::Changed), "task(s) changed"),
        (d.count(TaskStatus::Moved), "moved"),
        (d.count(TaskStatus::Added), "added"),
        (d.count(TaskStatus::Removed), "removed"),
        (d.pages.len(), "page text(s) changed"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    parts.join(", ")
}

/// The human-readable report of one diff.
pub fn render(d: &DocDiff, style: Style) -> String {
    let mut out = String::new();
    let a = &d.agreement;
    out.push_str(&format!(
        "{}\ntasks: {} old, {} new\n",
        summary_line(d),
        a.old_tasks,
        a.new_tasks
    ));
    if !d.document.is_empty() {
        out.push_str(&bold("document\n", style));
        for c in &d.document {
            out.push_str(&format!("  {}\n", render_change(c, style)));
        }
    }
    for t in &d.tasks {
        let ids = match (&t.old_id, &t.new_id) {
            (Some(o), Some(n)) if o == n => o.clone(),
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (Some(o), None) => o.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        let (mark, what) = match t.status {
            TaskStatus::Added => ("+", "added"),
            TaskStatus::Removed => ("-", "removed"),
            TaskStatus::Changed => ("~", "changed"),
            TaskStatus::Moved => (">", "moved"),
        };
        let head = format!("{mark} task {ids} ({what})");
        let snippet: String = t.content.chars().take(70).collect();
        let ellipsis = if t.content.chars().count() > 70 {
            "…"
        } else {
            ""
        };
        out.push_str(&format!("{}: {snippet}{ellipsis}\n", bold(&head, style)));
        for c in &t.changes {
            if c.field != "id" {
                out.push_str(&format!("    {}\n", render_change(c, style)));
            }
        }
    }
    for t in &d.targets {
        let (mark, what) = match t.status {
            TaskStatus::Added => ("+", "added"),
            TaskStatus::Removed => ("-", "removed"),
            _ => ("~", "changed"),
        };
        let head = format!("{mark} target {} ({what})", t.id);
        let snippet: String = t.text.chars().take(70).collect();
        out.push_str(&format!("{}: {snippet}\n", bold(&head, style)));
        for c in &t.changes {
            out.push_str(&format!("    {}\n", render_change(c, style)));
        }
    }
    for p in &d.pages {
        out.push_str(&format!(
            "page {} text: {} word(s) removed, {} added\n",
            p.page, p.words_removed, p.words_added
        ));
    }
    out
}

/// Per-field agreement table (NEW scored against OLD as the reference).
pub fn render_agreement(a: &Agreement) -> String {
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let mut out = format!(
        "tasks: {} reference, {} compared, {} paired, {} spurious\n",
        a.old_tasks, a.new_tasks, a.paired, a.spurious
    );
    out.push_str(&format!(
        "document fields: {}/{}\n",
        a.document_fields_agree, a.document_fields_total
    ));
    out.push_str("field               agree\n");
    for r in &a.fields {
        out.push_str(&format!(
            "{:<19} {:>6}  ({}/{})\n",
            r.field,
            pct(ratio(r.agree, r.total)),
            r.agree,
            r.total
        ));
    }
    out.push_str(&format!(
        "field accuracy      {:>6}\nrecord-exact        {:>6}\n",
        pct(a.field_accuracy),
        pct(a.record_exact)
    ));
    out
}

/// The outcome for one file name of a directory comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileDiff {
    Equal { name: String, diff: Box<DocDiff> },
    Different { name: String, diff: Box<DocDiff> },
    OnlyOld { name: String },
    OnlyNew { name: String },
    Error { name: String, error: String },
}

impl FileDiff {
    pub fn name(&self) -> &str {
        match self {
            FileDiff::Equal { name, .. }
            | FileDiff::Different { name, .. }
            | FileDiff::OnlyOld { name }
            | FileDiff::OnlyNew { name }
            | FileDiff::Error { name, .. } => name,
        }
    }

    pub fn diff(&self) -> Option<&DocDiff> {
        match self {
            FileDiff::Equal { diff, .. } | FileDiff::Different { diff, .. } => Some(diff),
            _ => None,
        }
    }

    /// The per-file line of a directory report.
    pub fn line(&self) -> String {
        let what = match self {
            FileDiff::Equal { .. } => "equal".to_string(),
            FileDiff::Different { diff, .. } => summary_line(diff),
            FileDiff::OnlyOld { .. } => "only in OLD".into(),
            FileDiff::OnlyNew { .. } => "only in NEW".into(),
            FileDiff::Error { error, .. } => format!("error: {error}"),
        };
        format!("{}: {what}", self.name())
    }
}

/// Read and compare two output files.
pub fn compare_files(old: &std::path::Path, new: &std::path::Path) -> crate::Result<DocDiff> {
    let a = crate::export::read_document(old)?;
    let b = crate::export::read_document(new)?;
    Ok(diff(&a, &b))
}

/// Pair the `*.json` files of two folders by name and compare each pair; a
/// file that cannot be read is reported and the rest go on.
pub fn compare_dirs(old: &std::path::Path, new: &std::path::Path) -> crate::Result<Vec<FileDiff>> {
    let a = crate::export::json_files(old)?;
    let b = crate::export::json_files(new)?;
    let mut names: Vec<&String> = a.iter().chain(&b).collect();
    names.sort();
    names.dedup();
    Ok(names
        .into_iter()
        .map(|n| {
            let name = n.clone();
            match (a.contains(n), b.contains(n)) {
                (true, false) => FileDiff::OnlyOld { name },
                (false, true) => FileDiff::OnlyNew { name },
                _ => match compare_files(&old.join(n), &new.join(n)) {
                    Ok(d) if d.equal => FileDiff::Equal {
                        name,
                        diff: Box::new(d),
                    },
                    Ok(d) => FileDiff::Different {
                        name,
                        diff: Box::new(d),
                    },
                    Err(e) => FileDiff::Error {
                        name,
                        error: e.to_string(),
                    },
                },
            }
        })
        .collect())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub files: usize,
    pub equal: usize,
    pub different: usize,
    pub only_old: usize,
    pub only_new: usize,
    pub errors: usize,
}

/// A folder comparison: each file, the totals, and agreement pooled over the
/// files present on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirReport {
    pub files: Vec<FileDiff>,
    pub totals: Totals,
    pub agreement: Agreement,
}

impl DirReport {
    pub fn new(files: Vec<FileDiff>) -> DirReport {
        let mut t = Totals {
            files: files.len(),
            ..Totals::default()
        };
        for f in &files {
            match f {
                FileDiff::Equal { .. } => t.equal += 1,
                FileDiff::Different { .. } => t.different += 1,
                FileDiff::OnlyOld { .. } => t.only_old += 1,
                FileDiff::OnlyNew { .. } => t.only_new += 1,
                FileDiff::Error { .. } => t.errors += 1,
            }
        }
        let agreement =
            Agreement::pooled(files.iter().filter_map(|f| f.diff()).map(|d| &d.agreement));
        DirReport {
            files,
            totals: t,
            agreement,
        }
    }

    pub fn render(&self, summary: bool) -> String {
        let mut out: String = self.files.iter().map(|f| f.line() + "\n").collect();
        let t = &self.totals;
        out.push_str(&format!(
            "{} file(s): {} equal, {} different, {} only in OLD, {} only in NEW, {} error(s)\n",
            t.files, t.equal, t.different, t.only_old, t.only_new, t.errors
        ));
        if summary {
            out.push_str(&render_agreement(&self.agreement));
        }
        out
    }
}

impl Agreement {
    /// Fill in the shares from the counts.
    fn with_rates(mut self) -> Agreement {
        let (agree, total) = self
            .fields
            .iter()
            .fold((0, 0), |(a, t), r| (a + r.agree, t + r.total));
        self.field_accuracy = ratio(agree, total);
        self.record_exact = ratio(self.exact_records, self.old_tasks);
        self
    }

    /// Pool the counts of several comparisons (a folder of documents).
    pub fn pooled<'a>(parts: impl IntoIterator<Item = &'a Agreement>) -> Agreement {
        let mut p = Agreement {
            old_tasks: 0,
            new_tasks: 0,
            paired: 0,
            fields: TASK_FIELDS
                .iter()
                .map(|f| FieldRate {
                    field: f.to_string(),
                    agree: 0,
                    total: 0,
                })
                .collect(),
            field_accuracy: 0.0,
            exact_records: 0,
            record_exact: 0.0,
            spurious: 0,
            document_fields_agree: 0,
            document_fields_total: 0,
        };
        for a in parts {
            p.old_tasks += a.old_tasks;
            p.new_tasks += a.new_tasks;
            p.paired += a.paired;
            p.spurious += a.spurious;
            p.exact_records += a.exact_records;
            p.document_fields_agree += a.document_fields_agree;
            p.document_fields_total += a.document_fields_total;
            for (f, r) in p.fields.iter_mut().zip(&a.fields) {
                f.agree += r.agree;
                f.total += r.total;
            }
        }
        p.with_rates()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: &str, content: &str, lead: &[&str]) -> Task {
        Task {
            number: Some(id.rsplit('.').next().unwrap_or(id).into()),
            content: content.into(),
            lead_units: lead.iter().map(|s| s.to_string()).collect(),
            ..Task::bare(id)
        }
    }

    type Pairing<'a> = Vec<(TaskStatus, Option<&'a str>, Option<&'a str>)>;

    fn ids(d: &DocDiff) -> Pairing<'_> {
        d.tasks
            .iter()
            .map(|t| (t.status, t.old_id.as_deref(), t.new_id.as_deref()))
            .collect()
    }

    fn doc(tasks: Vec<Task>) -> Document {
        let mut d: Document = serde_json::from_str(EMPTY).unwrap();
        d.tasks = tasks;
        d
    }

    const EMPTY: &str = r#"{"schema_version":1,
        "source":{"file":"a.pdf","sha256":"00","kind":"text","pages":0},
        "document":{"doc_type":"ke_hoach","type_label":null,"number":null,"issuer":null,
          "parent_issuer":null,"place":null,"issued_on":null,"title":null,"signer":null},
        "tasks":[],"tables":[],"pages":[],"warnings":[],
        "extraction":{"kehoach_version":"0","lang":"vie","dpi":300}}"#;

    #[test]
    fn targets_and_origin_changes_are_shown() {
        let target = |id: &str, text: &str| -> Target {
            serde_json::from_value(serde_json::json!({
                "id": id, "section": "II", "label": null, "text": text,
                "figures": [{"value": 95, "unit": "%", "bound": "min"}],
                "deadline": {"text": null, "kind": "unknown", "start": null, "end": null},
                "source": {"page": 1, "bbox": [0.0, 0.0, 0.0, 0.0]}
            }))
            .unwrap()
        };
        let mut old = doc(plan());
        old.targets = vec![target("II.1", "Đạt 95%"), target("II.2", "Đạt 90%")];
        let mut new = old.clone();
        new.targets[0].text = "Đạt tối thiểu 95%".into();
        new.targets.remove(1);
        new.targets.push(target("II.3", "Đạt 80%"));
        new.tasks[0].origin = crate::export::Origin::Prose;
        let d = diff(&old, &new);
        assert!(!d.equal);
        let got: Vec<(&str, TaskStatus)> = d
            .targets
            .iter()
            .map(|t| (t.id.as_str(), t.status))
            .collect();
        assert_eq!(
            got,
            [
                ("II.1", TaskStatus::Changed),
                ("II.3", TaskStatus::Added),
                ("II.2", TaskStatus::Removed)
            ]
        );
        assert_eq!(d.targets[0].changes[0].field, "text");
        assert!(d.tasks[0].changes.iter().any(|c| c.field == "origin"));
        assert!(diff(&old, &old).equal);
    }

    fn plan() -> Vec<Task> {
        vec![
            task(
                "1",
                "Ban hành kế hoạch kiểm soát thủ tục hành chính",
                &["Văn phòng"],
            ),
            task(
                "2",
                "Rà soát, đơn giản hóa thủ tục hành chính nội bộ",
                &["Các phòng"],
            ),
            task(
                "3",
                "Công khai thủ tục hành chính trên cổng dịch vụ công",
                &["Văn phòng"],
            ),
            task(
                "4",
                "Báo cáo tình hình kiểm soát thủ tục hành chính",
                &["Văn phòng"],
            ),
        ]
    }

    #[test]
    fn pairing_table() {
        use TaskStatus::*;
        let renumber = |mut ts: Vec<Task>| {
            for (i, t) in ts.iter_mut().enumerate() {
                t.id = (i + 1).to_string();
                t.number = Some(t.id.clone());
            }
            ts
        };
        let mut inserted = plan();
        inserted.insert(
            1,
            task("x", "Tập huấn nghiệp vụ cho cán bộ đầu mối", &["Văn phòng"]),
        );
        let mut reordered = plan();
        reordered.swap(1, 3);
        let mut edited = plan();
        edited[2].content = "Công khai đầy đủ thủ tục hành chính trên cổng dịch vụ công".into();
        let mut rewritten = plan();
        rewritten[1].content = "Nội dung khác hẳn".into();
        let cases: Vec<(&str, Vec<Task>, Pairing)> = vec![
            ("identical", plan(), vec![]),
            (
                "inserted row shifts ids",
                renumber(inserted),
                vec![
                    (Added, None, Some("2")),
                    (Changed, Some("2"), Some("3")),
                    (Changed, Some("3"), Some("4")),
                    (Changed, Some("4"), Some("5")),
                ],
            ),
            (
                "reordered",
                reordered,
                // 1 4 3 2: two of the three swapped-around tasks moved.
                vec![(Moved, Some("3"), Some("3")), (Moved, Some("2"), Some("2"))],
            ),
            (
                "edited content",
                edited,
                vec![(Changed, Some("3"), Some("3"))],
            ),
            (
                "rewritten task with its id kept",
                rewritten,
                vec![(Changed, Some("2"), Some("2"))],
            ),
            (
                "removed",
                plan().into_iter().take(3).collect(),
                vec![(Removed, Some("4"), None)],
            ),
        ];
        for (name, new, want) in cases {
            let d = diff(&doc(plan()), &doc(new));
            assert_eq!(ids(&d), want, "{name}");
            assert_eq!(d.equal, want.is_empty(), "{name}");
        }
    }

    #[test]
    fn field_changes_and_agreement() {
        let mut new = plan();
        new[0].lead_units = vec!["Văn phòng".into(), "Thanh tra".into()];
        new[1].deadline.end = Some("2026-05-30".into());
        let d = diff(&doc(plan()), &doc(new));
        let fields: Vec<Vec<&str>> = d
            .tasks
            .iter()
            .map(|t| t.changes.iter().map(|c| c.field.as_str()).collect())
            .collect();
        assert_eq!(fields, vec![vec!["lead_units"], vec!["deadline.end"]]);
        let a = &d.agreement;
        assert_eq!((a.old_tasks, a.paired, a.spurious), (4, 4, 0));
        assert_eq!(a.record_exact, 0.5);
        let rate = |f: &str| a.fields.iter().find(|r| r.field == f).map(|r| r.agree);
        assert_eq!(rate("lead_units"), Some(3));
        assert_eq!(rate("content"), Some(4));
        assert_eq!(a.field_accuracy, ratio(4 * 16 - 2, 4 * 16));
    }

    #[test]
    fn word_diff_table() {
        for (a, b, want) in [
            ("a b c", "a b c", "a b c"),
            ("a b c", "a x c", "a [-b-] {+x+} c"),
            ("a b", "a b c d", "a b {+c d+}"),
            ("Văn phòng Sở", "Văn phòng", "Văn phòng [-Sở-]"),
            ("", "mới", "{+mới+}"),
            (
                "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai",
                "một hai ba bốn năm sáu bảy tám chín mươi mười một mười hai",
                "… năm sáu bảy tám chín [-mười-] {+mươi+} mười một mười hai",
            ),
        ] {
            assert_eq!(render_words(a, b, Style::Plain), want, "{a:?} → {b:?}");
        }
    }

    #[test]
    fn document_fields_and_lists_render() {
        let mut new = doc(plan());
        new.document.title = Some("Kiểm soát thủ tục hành chính năm 2027".into());
        let mut old = doc(plan());
        old.document.title = Some("Kiểm soát thủ tục hành chính năm 2026".into());
        new.tasks[0].lead_units = vec!["Thanh tra".into(), "Công an".into()];
        let d = diff(&old, &new);
        let text = render(&d, Style::Plain);
        assert!(
            text.contains("title: … thủ tục hành chính năm [-2026-] {+2027+}"),
            "{text}"
        );
        assert!(
            text.contains("lead_units: [-Văn phòng-]; {+Thanh tra+}; {+Công an+}"),
            "{text}"
        );
        assert!(!render(&d, Style::Color).contains("[-"));
    }
}
