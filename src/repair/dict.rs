//! The repair engine's data: syllable inventory, syllable trigram language
//! model (interpolated, Kneser-Ney style), abbreviation lexicon and OCR
//! channel (confusion) counts. Built from text by [`build`], serialised to
//! the files in `dictionaries/`, embedded in the binary and loaded once.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::syllable::{self, Tone};
use crate::text::fold;

/// Sentence start, and any token that is not a syllable (numbers, codes).
pub const BOS: u32 = 0;
pub const NUM: u32 = 1;
pub const OTHER: u32 = 2;
const SPECIALS: [&str; 3] = ["<s>", "<num>", "<other>"];

/// Absolute discount of the interpolated model.
const DISCOUNT: f64 = 0.75;
/// Trigrams seen once are dropped from the built model (size; they carry
/// little beyond their bigram).
const MIN_TRIGRAM: u32 = 2;
const FORMAT: &[u8] = b"kehoach-ngrams 1\n";

/// Token of built text: a syllable, a number, or something else.
pub enum Tok<'a> {
    Syl(&'a str),
    Num,
    Other,
}

/// Split text into segments (sentences, clauses, lines) of tokens, the unit
/// both the model and the decoder work on.
pub fn segments(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for seg in text.split([
        '.', ';', ':', '!', '?', '(', ')', '[', ']', '"', '“', '”', '\n',
    ]) {
        let toks: Vec<String> = seg
            .split(|c: char| !(c.is_alphanumeric()))
            .filter(|t| !t.is_empty())
            .map(|t| t.to_lowercase())
            .collect();
        if !toks.is_empty() {
            out.push(toks);
        }
    }
    out
}

pub fn classify(tok: &str) -> Tok<'_> {
    if tok.chars().all(|c| c.is_ascii_digit()) {
        Tok::Num
    } else if tok.chars().all(char::is_alphabetic) && syllable::is_valid(tok) {
        Tok::Syl(tok)
    } else {
        Tok::Other
    }
}

/// Counts gathered from text, before serialising.
#[derive(Default)]
pub struct Counts {
    pub unigrams: BTreeMap<String, u32>,
    bigrams: FxHashMap<(u32, u32), u32>,
    trigrams: FxHashMap<(u32, u32, u32), u32>,
    ids: FxHashMap<String, u32>,
    vocab: Vec<String>,
    /// Abbreviation as printed → what it stands for (the lexicon's third
    /// field), counted in its place.
    phrases: FxHashMap<String, String>,
}

impl Counts {
    pub fn new() -> Counts {
        let mut c = Counts::default();
        for s in SPECIALS {
            c.id(s);
        }
        c
    }

    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.vocab.len() as u32;
        self.vocab.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    /// Read the abbreviations of `lexicon` as what they stand for, as the
    /// decoder does.
    pub fn expand_abbreviations(&mut self, lexicon: &str) {
        for (_, a, stands_for) in lexicon_entries(lexicon).filter(|e| e.0 == "abbr") {
            if let Some(p) = stands_for {
                self.phrases.insert(a.to_string(), p.to_string());
            }
        }
    }

    /// `text` with each listed abbreviation that stands alone (not part of
    /// a code: no hyphen or slash beside it) replaced by what it stands for.
    fn expanded(&self, text: &str) -> String {
        if self.phrases.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(char::is_alphanumeric) {
            let len = rest[start..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len() - start);
            let (before, word, after) = (
                &rest[..start],
                &rest[start..start + len],
                &rest[start + len..],
            );
            out.push_str(before);
            let code = before.ends_with(['-', '/']) || after.starts_with(['-', '/']);
            match self.phrases.get(word).filter(|_| !code) {
                Some(p) => out.push_str(p),
                None => out.push_str(word),
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// Count the n-grams of `text`, each `weight` times.
    pub fn add_text(&mut self, text: &str, weight: u32) {
        let text: String = unicode_normalization::UnicodeNormalization::nfc(text).collect();
        let text = self.expanded(&text);
        for seg in segments(&text) {
            let mut prev = (BOS, BOS);
            for t in &seg {
                let id = match classify(t) {
                    Tok::Syl(s) => {
                        let s = syllable::normalize(s);
                        *self.unigrams.entry(s.clone()).or_default() += weight;
                        self.id(&s)
                    }
                    Tok::Num => NUM,
                    Tok::Other => OTHER,
                };
                *self.bigrams.entry((prev.1, id)).or_default() += weight;
                *self.trigrams.entry((prev.0, prev.1, id)).or_default() += weight;
                prev = (prev.1, id);
            }
        }
    }

    /// The model file: vocabulary, then delta-coded bigram and trigram
    /// counts (LEB128), ids in order of first appearance renumbered by
    /// sorted vocabulary so the file does not depend on input order.
    pub fn serialise(&self) -> Vec<u8> {
        let mut order: Vec<u32> = (SPECIALS.len() as u32..self.vocab.len() as u32).collect();
        order.sort_by(|a, b| self.vocab[*a as usize].cmp(&self.vocab[*b as usize]));
        let mut renum = vec![0u32; self.vocab.len()];
        for (i, s) in SPECIALS.iter().enumerate() {
            renum[self.ids[*s] as usize] = i as u32;
        }
        for (k, &old) in order.iter().enumerate() {
            renum[old as usize] = (SPECIALS.len() + k) as u32;
        }
        let vocab: Vec<&str> = SPECIALS
            .iter()
            .copied()
            .chain(order.iter().map(|&o| self.vocab[o as usize].as_str()))
            .collect();
        let mut bi: Vec<(u64, u32)> = self
            .bigrams
            .iter()
            .map(|(&(a, b), &c)| (key2(renum[a as usize], renum[b as usize]), c))
            .collect();
        bi.sort_unstable();
        let mut tri: Vec<(u64, u32)> = self
            .trigrams
            .iter()
            .filter(|(_, &c)| c >= MIN_TRIGRAM)
            .map(|(&(a, b, c), &n)| {
                (
                    key3(renum[a as usize], renum[b as usize], renum[c as usize]),
                    n,
                )
            })
            .collect();
        tri.sort_unstable();
        write_model(&vocab, &bi, &tri)
    }
}

/// The model file of a vocabulary and its bigram and trigram tables, each
/// sorted by key.
fn write_model(vocab: &[&str], bi: &[(u64, u32)], tri: &[(u64, u32)]) -> Vec<u8> {
    let mut out = FORMAT.to_vec();
    put(&mut out, vocab.len() as u64);
    for v in vocab {
        put(&mut out, v.len() as u64);
        out.extend_from_slice(v.as_bytes());
    }
    for table in [bi, tri] {
        put(&mut out, table.len() as u64);
        let mut last = 0u64;
        for &(k, c) in table {
            put(&mut out, k - last);
            put(&mut out, c as u64);
            last = k;
        }
    }
    out
}

fn key2(a: u32, b: u32) -> u64 {
    ((a as u64) << 21) | b as u64
}

fn key3(a: u32, b: u32, c: u32) -> u64 {
    ((a as u64) << 42) | ((b as u64) << 21) | c as u64
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn get(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or("truncated model")?;
            self.at += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad number in model".into())
    }
}

/// Per-context totals the interpolation needs.
#[derive(Default, Clone, Copy)]
struct Ctx {
    /// Where its successors start in the table of the next order (they
    /// are `types` long): kept with the totals, so a context is one
    /// memory access.
    first: u32,
    total: u32,
    types: u32,
    /// Occurrences of the context whose next word is not in the model
    /// (trigrams seen once are not kept): their mass goes to the lower
    /// order, as the words they were are unseen here.
    pruned: u32,
    /// ln of the lower order's weight: the whole probability of a word
    /// never seen after this context.
    ln_backoff: f64,
}

impl Ctx {
    /// The indices of its successors.
    fn next(&self) -> (usize, usize) {
        (self.first as usize, (self.first + self.types) as usize)
    }
}

/// The words seen after each context, grouped by context, in order of id,
/// and what the model keeps of each (a context's [`Ctx::next`] says where
/// its group lies). Ids are kept in 16 bits apart, so the searched keys of
/// the whole model take a few hundred kilobytes and stay in cache.
struct Successors<T> {
    words: Vec<u16>,
    of: Vec<T>,
}

/// A bigram `v w`: ln P(w | v), and `v w` as a context. Together, as the
/// decoder reads the one and then, for the hypotheses it keeps, the other:
/// one memory access, not two.
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Pair {
    ln: f64,
    ctx: Ctx,
}

impl<T> Successors<T> {
    /// The index of `w` among the successors `range`.
    fn find(&self, (a, b): (usize, usize), w: u32) -> Option<usize> {
        let w = u16::try_from(w).ok()?;
        self.words[a..b].binary_search(&w).ok().map(|i| a + i)
    }
}

/// The loaded language model.
pub struct Lm {
    vocab: Vec<String>,
    ids: FxHashMap<String, u32>,
    /// The words seen after each word: the bigrams, per first word; with
    /// each its ln-probability, c(u v •) and N1+(u v •), and where its
    /// successors are in `tri`. The probabilities are worked out once, at
    /// load, as the decoder asks for the same ones over and over.
    bi: Successors<Pair>,
    /// The words seen (twice or more) after each bigram, by its index in
    /// `bi`, and the ln-probability of each: the trigrams.
    tri: Successors<f64>,
    /// c(v •) and N1+(v •) per v, and where its successors are in `bi`.
    uni_ctx: Vec<Ctx>,
    /// Continuation probability of each word, N1+(• w) / N1+(• •), smoothed.
    cont: Vec<f64>,
    /// ln of `cont`, and of the same for a word never seen.
    ln_cont: Vec<f64>,
    ln_unseen: f64,
    /// What each abbreviation with an expansion stands for, as syllable
    /// ids; abbreviation `k` has the id `vocab.len() + k` (see
    /// [`Lm::add_phrase`]).
    phrases: Vec<Vec<u32>>,
    /// Every trigram's last two words are a bigram of the model (so in
    /// every model [`Counts`] writes): after a pair never seen, no
    /// trigram lookup.
    nested: bool,
}

impl Lm {
    pub fn from_bytes(bytes: &[u8]) -> Result<Lm, String> {
        let body = bytes
            .strip_prefix(FORMAT)
            .ok_or("not a kehoach n-gram file (version 1)")?;
        let mut r = Reader { bytes: body, at: 0 };
        let n = r.get()? as usize;
        if n > 1 << 16 {
            // Ids are kept in 16 bits; Vietnamese has some 7 000 syllables.
            return Err("vocabulary of more than 65 536 words".into());
        }
        let mut vocab = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.get()? as usize;
            let s = body.get(r.at..r.at + len).ok_or("truncated vocabulary")?;
            vocab.push(String::from_utf8(s.to_vec()).map_err(|_| "vocabulary is not UTF-8")?);
            r.at += len;
        }
        // Both tables are sorted by key, each key above the one before
        // (the writer sorts them): successors come grouped by context, in
        // order of id, as the lookups need them.
        let read_table = |r: &mut Reader| -> Result<Vec<(u64, u32)>, String> {
            let len = r.get()? as usize;
            // Each entry takes two bytes at least: a corrupt length cannot
            // reserve more than the file could hold.
            let mut t = Vec::with_capacity(len.min(r.bytes.len() / 2));
            let mut k = 0u64;
            for i in 0..len {
                let step = r.get()?;
                if i > 0 && step == 0 {
                    return Err("n-grams out of order".into());
                }
                k = k.checked_add(step).ok_or("bad n-gram key")?;
                t.push((k, r.get()? as u32));
            }
            Ok(t)
        };
        let bigrams = read_table(&mut r)?;
        let trigrams = read_table(&mut r)?;
        let mask = (1u64 << 21) - 1;
        if bigrams.iter().chain(&trigrams).any(|&(_, c)| c == 0) {
            return Err("n-gram seen no times".into());
        }
        let mut uni_ctx = vec![Ctx::default(); n];
        let mut cont_n = vec![0u32; n];
        let mut bi = Successors {
            words: Vec::with_capacity(bigrams.len()),
            of: Vec::with_capacity(bigrams.len()),
        };
        for &(k, c) in &bigrams {
            let (v, w) = ((k >> 21) as usize, (k & mask) as usize);
            if v >= n || w >= n {
                return Err("bigram id out of range".into());
            }
            // The table is in key order: a word's successors are together.
            let e = &mut uni_ctx[v];
            if e.types == 0 {
                e.first = bi.words.len() as u32;
            }
            e.total += c;
            e.types += 1;
            cont_n[w] += 1;
            bi.words.push(w as u16);
        }
        for e in uni_ctx.iter_mut().filter(|e| e.total > 0) {
            e.ln_backoff = (DISCOUNT * e.types as f64 / e.total as f64).ln();
        }
        let all: f64 = cont_n.iter().map(|&c| c as f64).sum();
        let cont: Vec<f64> = cont_n
            .iter()
            .map(|&c| (c as f64 + 0.5) / (all + 0.5 * n as f64))
            .collect();
        let unseen = 0.5 / (all + 0.5 * n as f64);
        let ln_cont = cont.iter().map(|p| p.ln()).collect();
        // P(w | v) interpolated with the continuation probability, `c`
        // the count of the pair.
        let bigram_p = |v: usize, w: usize, c: u32| {
            let vc = &uni_ctx[v];
            if vc.total == 0 {
                return cont[w];
            }
            ((c as f64 - DISCOUNT).max(0.0) + DISCOUNT * vc.types as f64 * cont[w])
                / vc.total as f64
        };
        bi.of.extend(bigrams.iter().map(|&(k, c)| {
            let (v, w) = ((k >> 21) as usize, (k & mask) as usize);
            Pair {
                ln: bigram_p(v, w, c).ln(),
                ctx: Ctx::default(),
            }
        }));
        // Each trigram's count, and the bigram level of its last two words.
        let mut tri_counts = Vec::with_capacity(trigrams.len());
        let mut tri_lower = Vec::with_capacity(trigrams.len());
        let mut tri_words = Vec::with_capacity(trigrams.len());
        let mut nested = true;
        // The bigram of the current trigram's context: both tables are in
        // key order, so it only moves forward.
        let mut at = 0;
        for &(k, c) in &trigrams {
            let (uv, w) = (k >> 21, (k & mask) as u32);
            if uv == key2(BOS, BOS) {
                // The context of a clause's first word: "<s> <s>" is
                // scored as "<s>" alone (see [`Lm::context`]).
                continue;
            }
            while at < bigrams.len() && bigrams[at].0 < uv {
                at += 1;
            }
            if w as usize >= n {
                return Err("trigram id out of range".into());
            }
            if bigrams.get(at).is_none_or(|b| b.0 != uv) {
                return Err("trigram whose first two words are no bigram".into());
            }
            let e = &mut bi.of[at].ctx;
            if e.types == 0 {
                e.first = tri_words.len() as u32;
            }
            e.total += c;
            e.types += 1;
            tri_words.push(w as u16);
            tri_counts.push(c);
            let v = (uv & mask) as usize;
            let vw = bi.find(uni_ctx[v].next(), w);
            nested &= vw.is_some();
            tri_lower.push(bigram_p(v, w as usize, vw.map_or(0, |i| bigrams[i].1)));
        }
        let mut tri = Successors {
            words: tri_words,
            of: Vec::with_capacity(tri_counts.len()),
        };
        for (e, &(_, seen)) in bi.of.iter_mut().map(|p| &mut p.ctx).zip(&bigrams) {
            if e.types == 0 {
                continue;
            }
            e.pruned = seen.saturating_sub(e.total);
            e.ln_backoff =
                ((DISCOUNT * e.types as f64 + e.pruned as f64) / (e.total + e.pruned) as f64).ln();
            let backoff = DISCOUNT * e.types as f64 + e.pruned as f64;
            let (a, b) = e.next();
            tri.of.extend((a..b).map(|t| {
                (((tri_counts[t] as f64 - DISCOUNT) + backoff * tri_lower[t])
                    / (e.total + e.pruned) as f64)
                    .ln()
            }));
        }
        let ids = vocab
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        Ok(Lm {
            vocab,
            ids,
            bi,
            tri,
            uni_ctx,
            cont,
            ln_cont,
            ln_unseen: unseen.ln(),
            phrases: Vec::new(),
            nested,
        })
    }

    /// An id for an abbreviation that stands for `syllables`: it is scored
    /// as they are and leaves them as the context of what follows. `None`
    /// when one of them is not in the vocabulary.
    pub fn add_phrase(&mut self, syllables: &str) -> Option<u32> {
        let ids: Option<Vec<u32>> = syllables
            .split_whitespace()
            .map(|s| self.id(&syllable::normalize(&s.to_lowercase())))
            .collect();
        let ids = ids.filter(|i| !i.is_empty())?;
        self.phrases.push(ids);
        Some((self.vocab.len() + self.phrases.len() - 1) as u32)
    }

    /// Whether `id` is a syllable of the vocabulary (not `<s>`, `<num>`,
    /// `<other>` or an abbreviation).
    pub fn is_syllable(&self, id: u32) -> bool {
        (SPECIALS.len()..self.vocab.len()).contains(&(id as usize))
    }

    /// The syllables an abbreviation's id stands for; `None` for any other
    /// id.
    pub fn phrase(&self, id: u32) -> Option<&[u32]> {
        let k = (id as usize).checked_sub(self.vocab.len())?;
        self.phrases.get(k).map(Vec::as_slice)
    }

    /// The two syllables that end `u v` when either is an abbreviation.
    fn resolve(&self, u: u32, v: u32) -> (u32, u32) {
        let last = |x: u32| self.phrase(x).map_or(x, |p| p[p.len() - 1]);
        match self.phrase(v) {
            Some(p) if p.len() >= 2 => (p[p.len() - 2], p[p.len() - 1]),
            Some(p) => (last(u), p[0]),
            None => (last(u), v),
        }
    }

    pub fn id(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    /// The continuation probability of `w` alone (how many contexts it
    /// follows): the ranking of candidates before context is known.
    pub fn unigram(&self, w: Option<u32>) -> f64 {
        w.and_then(|w| self.cont.get(w as usize).copied())
            .unwrap_or(0.0)
    }

    pub fn word(&self, id: u32) -> &str {
        &self.vocab[id as usize]
    }

    pub fn len(&self) -> usize {
        self.vocab.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vocab.is_empty()
    }

    /// How often `id` was seen followed by a word: its frequency, for
    /// ranking the syllables of one spelling ("phố" follows few words but
    /// is among the most frequent; its continuation count ranks it low).
    pub fn frequency(&self, id: u32) -> u32 {
        self.uni_ctx.get(id as usize).map_or(0, |c| c.total)
    }

    /// ln P(w | u v). `None` (out of vocabulary) is a word never seen.
    pub fn logp(&self, u: u32, v: u32, w: Option<u32>) -> f64 {
        self.context(u, v).logp(w)
    }

    /// The context `u v`, looked up once for scoring many next words.
    pub fn context(&self, u: u32, v: u32) -> Context<'_> {
        let (u, v) = self.resolve(u, v);
        let pair = self.bi.find(self.word_ctx(u).next(), v);
        self.context_of(v, pair, (u, v) == (BOS, BOS))
    }

    /// A word's totals as a context (none for an abbreviation's id).
    fn word_ctx(&self, x: u32) -> Ctx {
        self.uni_ctx.get(x as usize).copied().unwrap_or_default()
    }

    /// The context `u v` where the pair is known to be at `pair` in the
    /// bigram table: what [`Context::logp_memo`] found, when it scored `v`
    /// after `u`.
    pub fn context_at(&self, v: u32, pair: PairAt) -> Context<'_> {
        // A word scored is never "<s>": no clause start.
        self.context_of(v, pair.0.map(|i| i as usize), false)
    }

    /// The context ending in `v` whose pair is at `pair`; `start`: it is
    /// "<s> <s>".
    fn context_of(&self, v: u32, pair: Option<usize>, start: bool) -> Context<'_> {
        Context {
            lm: self,
            v,
            vc: self.word_ctx(v),
            // At a clause start "<s> <s>" says no more than "<s>":
            // discounting it twice would starve every word but the few
            // that start clauses most.
            uvc: pair
                .map(|i| self.bi.of[i].ctx)
                .filter(|c| c.total > 0 && !start),
        }
    }
}

/// Where the two words of a context are in the bigram table (`None`: they
/// are no bigram), as found when the second was scored after the first.
#[derive(Clone, Copy)]
pub struct PairAt(Option<u32>);

/// Two words of context of the language model, ready to score what follows.
pub struct Context<'a> {
    lm: &'a Lm,
    v: u32,
    vc: Ctx,
    uvc: Option<Ctx>,
}

impl<'a> Context<'a> {
    /// The context's last word (an abbreviation's last syllable).
    pub fn last(&self) -> u32 {
        self.v
    }

    /// ln P(w | u v), interpolated Kneser-Ney; `None` (out of vocabulary)
    /// is a word never seen, in any context.
    pub fn logp(&self, w: Option<u32>) -> f64 {
        let lm = self.lm;
        if let Some(p) = w.and_then(|w| lm.phrase(w)) {
            // An abbreviation: the syllables it stands for, in turn.
            let mut lp = self.logp(Some(p[0]));
            let (mut u, mut v) = (self.v, p[0]);
            for &s in &p[1..] {
                lp += lm.context(u, v).logp(Some(s));
                (u, v) = (v, s);
            }
            return lp;
        }
        self.logp_after(w, self.bigram(w))
    }

    /// [`Context::logp`] with the bigram level of `w` looked up once for
    /// every context ending in the same word (`memo`, `None` until then):
    /// the decoder scores the same candidates after many hypotheses. With
    /// it, where the pair of this context's word and `w` is, for the
    /// context that follows ([`Lm::context_at`]); `None` for a word out of
    /// the vocabulary or an abbreviation, whose context is looked up by
    /// its words.
    pub fn logp_memo(&self, w: Option<u32>, memo: &mut Option<Bigram>) -> (f64, Option<PairAt>) {
        if w.is_some_and(|w| self.lm.phrase(w).is_some()) {
            return (self.logp(w), None);
        }
        let b = *memo.get_or_insert_with(|| self.bigram(w));
        (
            self.logp_after(w, b),
            w.map(|_| PairAt(b.pair.map(|i| i as u32))),
        )
    }

    /// ln P(w | u v) and the context `v w` that follows it (`None`, a
    /// word out of the vocabulary, is [`OTHER`] there), with the pair
    /// looked up once for both.
    pub fn step(&self, w: Option<u32>) -> (f64, Context<'a>) {
        let mut memo = None;
        match self.logp_memo(w, &mut memo) {
            // A pair is found only for a word in the vocabulary.
            (lp, Some(pair)) => (lp, self.lm.context_at(w.unwrap_or(OTHER), pair)),
            (lp, None) => (lp, self.lm.context(self.v, w.unwrap_or(OTHER))),
        }
    }

    /// P(w | v), interpolated with the continuation probability.
    fn bigram(&self, w: Option<u32>) -> Bigram {
        let lm = self.lm;
        let ln1 = w
            .and_then(|w| lm.ln_cont.get(w as usize).copied())
            .unwrap_or(lm.ln_unseen);
        let vc = self.vc;
        let pair = w
            .filter(|_| vc.total > 0)
            .and_then(|w| lm.bi.find(vc.next(), w));
        let ln = match pair {
            Some(i) => lm.bi.of[i].ln,
            None if vc.total == 0 => ln1,
            // Unseen, it is the lower order scaled.
            None => vc.ln_backoff + ln1,
        };
        Bigram { ln, pair }
    }

    /// ln P(w | u v) from the bigram level of `w` after `v`.
    fn logp_after(&self, w: Option<u32>, b: Bigram) -> f64 {
        let Some(ctx) = self.uvc else {
            return b.ln;
        };
        // A trigram is only kept where its bigram is.
        let found = match w {
            Some(w) if b.pair.is_some() || !self.lm.nested => self.lm.tri.find(ctx.next(), w),
            _ => None,
        };
        found.map_or(ctx.ln_backoff + b.ln, |t| self.lm.tri.of[t])
    }
}

/// The bigram level of a word's probability after a context: what every
/// context ending in the same word shares.
#[derive(Clone, Copy)]
pub struct Bigram {
    ln: f64,
    /// Where the pair is in the bigram table (`None`: never seen).
    pair: Option<usize>,
}

/// Learned OCR channel: how often each intended tone was read as each
/// tone, and each intended base letter as each letter, per model.
#[derive(Debug, Clone)]
pub struct Channel {
    /// ln P(observed tone | intended tone), [intended][observed].
    pub tone: [[f64; 6]; 6],
    /// ln P(observed letter | intended letter) for letters that differ;
    /// keys (intended, observed).
    pub letter: FxHashMap<(char, char), f64>,
    /// ln P(letter read as itself) for each intended letter.
    pub keep: FxHashMap<char, f64>,
}

impl Channel {
    /// Parse `confusion.tsv` lines `model kind intended observed count`,
    /// taking the rows of `model`, with add-one smoothing.
    pub fn parse(tsv: &str, model: &str) -> Channel {
        let mut tone = [[4.0f64; 6]; 6];
        for (i, row) in tone.iter_mut().enumerate() {
            row[i] += 50.0; // prior: a tone is usually read right
        }
        let mut letters: FxHashMap<(char, char), f64> = FxHashMap::default();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let [m, kind, a, b, n] = f[..] else { continue };
            let Ok(n) = n.parse::<f64>() else { continue };
            if m != model {
                continue;
            }
            match kind {
                "tone" => {
                    let t = |s: &str| s.parse::<usize>().ok().filter(|&i| i < 6);
                    if let (Some(a), Some(b)) = (t(a), t(b)) {
                        tone[a][b] += n;
                    }
                }
                "letter" => {
                    if let (Some(a), Some(b)) = (a.chars().next(), b.chars().next()) {
                        *letters.entry((a, b)).or_default() += n;
                    }
                }
                _ => {}
            }
        }
        let mut out = Channel {
            tone: [[0.0; 6]; 6],
            letter: FxHashMap::default(),
            keep: FxHashMap::default(),
        };
        for (i, row) in tone.iter().enumerate() {
            let total: f64 = row.iter().sum();
            for (j, &c) in row.iter().enumerate() {
                out.tone[i][j] = (c / total).ln();
            }
        }
        let mut totals: FxHashMap<char, f64> = FxHashMap::default();
        for (&(a, _), &n) in &letters {
            *totals.entry(a).or_default() += n;
        }
        for (&(a, b), &n) in &letters {
            let total = totals[&a] + 20.0;
            if a == b {
                out.keep.insert(a, ((n + 20.0) / total).ln());
            } else {
                out.letter.insert((a, b), (n / total).ln());
            }
        }
        out
    }

    /// ln P(observed | intended) for two lower-case syllables of the same
    /// folded spelling.
    pub fn logp(&self, observed: &str, intended: &str) -> f64 {
        // Letter by letter where each letter splits on its own (no string
        // built: this runs for every candidate of every new word).
        let tone = |s: &str| {
            s.chars().try_fold(Tone::Level, |t, c| {
                syllable::split_letter(c).map(|(_, x)| x.unwrap_or(t))
            })
        };
        let base = |c: char| syllable::split_letter(c).map_or(c, |(b, _)| b);
        if let (Some(ot), Some(it)) = (tone(observed), tone(intended)) {
            let bases = intended.chars().map(base).zip(observed.chars().map(base));
            return self.letters(self.tone[it.index()][ot.index()], bases);
        }
        let (ob, ot) = syllable::split_tone(observed);
        let (ib, it) = syllable::split_tone(intended);
        self.letters(
            self.tone[it.index()][ot.index()],
            ib.chars().zip(ob.chars()),
        )
    }

    /// `lp` plus the ln-probability of each (intended, observed) letter.
    fn letters(&self, mut lp: f64, pairs: impl Iterator<Item = (char, char)>) -> f64 {
        for (i, o) in pairs {
            lp += if i == o {
                self.keep.get(&i).copied().unwrap_or(0.0)
            } else {
                self.letter.get(&(i, o)).copied().unwrap_or(-9.0)
            };
        }
        lp
    }
}

/// The channel of `vie` reading a degraded scan (a 200 dpi fax), learned
/// apart: marks break into other marks there far more often.
pub const DEGRADED_CHANNEL: &str = "vie-degraded";

/// Everything the decoder consults, loaded once and shared.
pub struct Dictionary {
    pub lm: Lm,
    /// Folded spelling → vocabulary ids with that spelling, most frequent first.
    pub by_key: FxHashMap<String, Vec<u32>>,
    /// The spellings without tone of the syllables of the model ("miên"
    /// for "miện"): Vietnamese has few, and the corpus has them all.
    pub bases: rustc_hash::FxHashSet<String>,
    /// Folded abbreviation → its spelling ("nd" → "NĐ", "sgddt" → "SGDĐT")
    /// and its language-model id: what it stands for, or `<other>`.
    pub abbreviations: FxHashMap<String, (String, u32)>,
    /// Unit names in their canonical spelling ("Văn phòng Sở").
    pub units: Vec<String>,
    /// Channels of the OCR models the confusion table has rows for.
    pub channels: BTreeMap<String, Channel>,
    /// Which dictionaries these are: "built-in", or a hash of the files.
    pub id: String,
    /// Each syllable's case after a lower-case word, and the case of the
    /// word after it (`case.tsv`, see [`case_counts`]). Empty when a
    /// `--dict` folder has no such file.
    pub case: FxHashMap<String, [u32; 4]>,
    /// Last syllables of the words a proper name follows (lexicon kind
    /// `before_name`: "tỉnh", "xã", "ông").
    pub before_name: rustc_hash::FxHashSet<String>,
    /// First syllables of unit head nouns ("sở", "các", "vụ"), lower case.
    pub unit_heads: rustc_hash::FxHashSet<String>,
    /// Unit head nouns, lower case, longest first, and whether each is a
    /// collective ("các đơn vị"), which no proper name follows.
    pub head_phrases: Vec<(Vec<String>, bool)>,
    /// One-word collectives ("các", "những"), lower case: a unit head
    /// after one is a common noun ("các đơn vị"), no name follows it.
    pub collectives: rustc_hash::FxHashSet<String>,
    /// The gazetteer of administrative units (`places.tsv`), built in.
    pub places: super::places::Places,
}

/// The dictionaries built into the binary.
pub const NGRAMS: &[u8] = include_bytes!("../../dictionaries/ngrams.bin");
pub const LEXICON: &str = include_str!("../../dictionaries/lexicon.tsv");
pub const CONFUSION: &str = include_str!("../../dictionaries/confusion.tsv");
pub const CASE: &str = include_str!("../../dictionaries/case.tsv");
/// The head nouns of unit names (the units stage's gazetteer): a capital
/// that starts one starts a unit, never a case slip.
const UNIT_HEADS: &str = include_str!("../../dictionaries/units/heads.tsv");
/// Vietnam's administrative units before and after the 2025 reform.
const PLACES: &str = include_str!("../../dictionaries/places.tsv");

impl Dictionary {
    /// Whether `s` (lower case) is shaped like a Vietnamese syllable and
    /// its letters without the tone are those of a known one: "miện" is
    /// (a name, say), "bấo" is not (no syllable is spelt "bâo").
    pub fn syllable_shaped(&self, s: &str) -> bool {
        syllable::is_valid(s) && self.bases.contains(&syllable::split_tone(s).0)
    }

    pub fn embedded() -> Result<Dictionary, String> {
        // Named, not hashed: hashing 800 KB was a quarter of every start.
        let mut d = Dictionary::assemble(NGRAMS, LEXICON, CONFUSION, "built-in".into())?;
        d.case = parse_case(CASE);
        Ok(d)
    }

    /// The three files of a `--dict` folder (n-gram model `ngrams.bin`,
    /// `lexicon.tsv`, `confusion.tsv`), read and checked.
    pub fn from_dir(dir: &std::path::Path) -> crate::Result<Dictionary> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| crate::Error::Read { path, source })
        };
        // As `extract` reads a text: a byte-order mark dropped, old Mac
        // line ends (CR alone) made LF.
        let text = |name: &str| {
            let bytes = read(name)?;
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = std::str::from_utf8(bytes).map_err(|e| crate::Error::NotUtf8 {
                path: dir.join(name),
                offset: e.valid_up_to(),
            })?;
            Ok::<_, crate::Error>(crate::text::lone_cr_to_lf(text.to_string()))
        };
        let (ngrams, lexicon, confusion) = (
            read("ngrams.bin")?,
            text("lexicon.tsv")?,
            text("confusion.tsv")?,
        );
        let mut d = Dictionary::from_parts(&ngrams, &lexicon, &confusion).map_err(|reason| {
            crate::Error::Dictionary {
                path: dir.to_path_buf(),
                reason,
            }
        })?;
        // Optional: older dictionary folders have no case counts.
        if dir.join("case.tsv").exists() {
            let case = text("case.tsv")?;
            d.id = crate::util::sha256_hex(format!("{}{case}", d.id).as_bytes())[..16].to_string();
            d.case = parse_case(&case);
        }
        Ok(d)
    }

    /// Dictionaries from files' contents, named by a hash of them.
    pub fn from_parts(ngrams: &[u8], lexicon: &str, confusion: &str) -> Result<Dictionary, String> {
        let all = [ngrams, lexicon.as_bytes(), confusion.as_bytes()].concat();
        let id = crate::util::sha256_hex(&all)[..16].to_string();
        Dictionary::assemble(ngrams, lexicon, confusion, id)
    }

    fn assemble(
        ngrams: &[u8],
        lexicon: &str,
        confusion: &str,
        id: String,
    ) -> Result<Dictionary, String> {
        let mut lm = Lm::from_bytes(ngrams)?;
        let mut by_key: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for id in SPECIALS.len() as u32..lm.len() as u32 {
            by_key.entry(fold(lm.word(id))).or_default().push(id);
        }
        for ids in by_key.values_mut() {
            ids.sort_by(|a, b| lm.frequency(*b).cmp(&lm.frequency(*a)).then(a.cmp(b)));
        }
        let bases = (SPECIALS.len() as u32..lm.len() as u32)
            .map(|id| syllable::split_tone(lm.word(id)).0)
            .collect();
        let (mut abbreviations, mut units) = (FxHashMap::default(), Vec::new());
        let mut before_name = rustc_hash::FxHashSet::default();
        let heads: Vec<(&str, &str)> = UNIT_HEADS
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .filter(|(class, _)| {
                matches!(*class, "unit" | "body" | "office" | "collective" | "party")
            })
            .collect();
        let mut head_phrases: Vec<(Vec<String>, bool)> = heads
            .iter()
            .map(|(class, p)| {
                let words: Vec<String> = p.split_whitespace().map(str::to_lowercase).collect();
                (words, *class == "collective")
            })
            .filter(|(words, _)| !words.is_empty())
            .collect();
        head_phrases.sort_by_key(|h| std::cmp::Reverse(h.0.len()));
        let unit_heads = head_phrases.iter().map(|(h, _)| h[0].clone()).collect();
        let collectives = head_phrases
            .iter()
            .filter(|(h, c)| *c && h.len() == 1)
            .map(|(h, _)| h[0].clone())
            .collect();
        for (kind, text, stands_for) in lexicon_entries(lexicon) {
            match kind {
                "abbr" => {
                    let id = stands_for.and_then(|p| lm.add_phrase(p)).unwrap_or(OTHER);
                    abbreviations.insert(fold(text), (text.to_string(), id));
                }
                "unit" => units.push(text.to_string()),
                "before_name" => {
                    before_name.insert(text.split_whitespace().last().unwrap_or("").to_lowercase());
                }
                _ => {}
            }
        }
        // `vie-degraded`: `vie` reading a fax; only when the table has it.
        let has_rows = |m: &str| confusion.lines().any(|l| l.split('\t').next() == Some(m));
        let channels = ["vie", "eng", DEGRADED_CHANNEL]
            .iter()
            .filter(|m| has_rows(m))
            .map(|m| (m.to_string(), Channel::parse(confusion, m)))
            .collect();
        Ok(Dictionary {
            lm,
            by_key,
            bases,
            abbreviations,
            units,
            channels,
            id,
            case: FxHashMap::default(),
            before_name,
            unit_heads,
            head_phrases,
            collectives,
            places: super::places::Places::parse(PLACES),
        })
    }
}

/// The entries of `lexicon.tsv` (comment lines skipped): kind, text and,
/// for an abbreviation, what it stands for when the line says.
fn lexicon_entries(lexicon: &str) -> impl Iterator<Item = (&str, &str, Option<&str>)> {
    lexicon
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let (kind, rest) = line.split_once('\t')?;
            Some(match rest.split_once('\t') {
                Some((text, stands_for)) if kind == "abbr" => (kind, text, Some(stands_for)),
                _ => (kind, rest, None),
            })
        })
}

/// Build the model from corpus texts, plan-style texts of our own (counted
/// `PLAN_WEIGHT` times: they are few but of the kind we read) and the
/// lexicon's terms and unit names. Returns the model file and a readable
/// syllable list (`syllable<TAB>count`, most frequent first).
pub fn build(corpus: &[String], plan_style: &[String], lexicon: &str) -> (Vec<u8>, String) {
    let mut c = Counts::new();
    c.expand_abbreviations(lexicon);
    for t in corpus {
        c.add_text(t, 1);
    }
    for t in plan_style {
        c.add_text(t, PLAN_WEIGHT);
    }
    for (_, text, _) in lexicon_entries(lexicon).filter(|e| matches!(e.0, "term" | "unit")) {
        c.add_text(text, PLAN_WEIGHT);
    }
    let mut list: Vec<(&String, &u32)> = c.unigrams.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut tsv = String::from("# syllable\tcount (kehoach dict build)\n");
    for (s, n) in list {
        tsv.push_str(&format!("{s}\t{n}\n"));
    }
    (c.serialise(), tsv)
}

const PLAN_WEIGHT: u32 = 5;

/// How each syllable is written after a lower-case word of its clause,
/// and how the word after it is: `syllable<TAB>lower<TAB>capitalised<TAB>
/// next lower<TAB>next capitalised` counts, syllables seen at least
/// `MIN_CASE_COUNT` times either way, in order. OCR mistakes the case of
/// letters whose capital is the small letter enlarged (c, o, s, v, x …):
/// the counts tell a name ("tỉnh Sơn La": "tỉnh" is followed by names)
/// from such a slip ("thường Xuyên").
pub fn case_counts(texts: &[String]) -> String {
    let mut counts: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    for t in texts {
        let t: String = unicode_normalization::UnicodeNormalization::nfc(t.as_str()).collect();
        for line in t.lines() {
            let mut prev: Option<String> = None;
            for raw in line.split_whitespace() {
                let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
                let word = !w.is_empty() && w.chars().all(char::is_alphabetic);
                if let (true, Some(p)) = (word, &prev) {
                    let lower = syllable::Case::of(w) == syllable::Case::Lower;
                    let k = usize::from(!lower);
                    counts.entry(w.to_lowercase()).or_default()[k] += 1;
                    counts.entry(p.clone()).or_default()[2 + k] += 1;
                }
                // A clause ends at its punctuation.
                let ends = raw.ends_with(['.', ';', ':', '!', '?', ')', '"', ',']);
                let lower = word && !ends && w.chars().all(char::is_lowercase);
                prev = lower.then(|| w.to_string());
            }
        }
    }
    let mut tsv = String::from(
        "# syllable\tafter a lower-case word: lower case\tcapitalised\tword after it: lower case\tcapitalised (kehoach dict build)\n",
    );
    for (s, [lower, cap, next_lower, next_cap]) in counts {
        if lower + cap >= MIN_CASE_COUNT || next_lower + next_cap >= MIN_CASE_COUNT {
            tsv.push_str(&format!("{s}\t{lower}\t{cap}\t{next_lower}\t{next_cap}\n"));
        }
    }
    tsv
}

const MIN_CASE_COUNT: u32 = 5;

/// `case.tsv`'s counts: syllable → [lower case, capitalised, next word
/// lower case, next word capitalised].
fn parse_case(tsv: &str) -> FxHashMap<String, [u32; 4]> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let s = f.next()?;
            let mut n = [0u32; 4];
            for v in &mut n {
                *v = f.next()?.parse().ok()?;
            }
            Some((s.to_string(), n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Lm {
        tiny_with(
            "kiểm soát thủ tục hành chính. kiểm soát chất lượng. năm 2026",
            2,
        )
    }

    #[test]
    fn case_counts_tell_names_from_words_after_a_lower_case_word() {
        let text = "về tỉnh Sơn La và tỉnh Sơn La; làm thường xuyên. Xuyên suốt\n".repeat(5);
        let tsv = case_counts(&[text]);
        let row = |s: &str| {
            tsv.lines()
                .find(|l| l.split('\t').next() == Some(s))
                .map(|l| {
                    l.split('\t')
                        .skip(1)
                        .map(|n| n.parse().unwrap())
                        .collect::<Vec<u32>>()
                })
        };
        // "Sơn" follows "tỉnh" capitalised; "tỉnh" is followed by capitals.
        assert_eq!(row("sơn"), Some(vec![0, 10, 0, 0]));
        assert_eq!(row("tỉnh"), Some(vec![10, 0, 0, 10]));
        // After a full stop a capital starts a sentence: not counted.
        assert_eq!(row("xuyên"), Some(vec![5, 0, 0, 0]));
        // "La" ends a clause (";"), after a capital: seen too rarely here.
        assert_eq!(row("suốt"), None);
    }

    #[test]
    fn model_round_trips_and_prefers_seen_sequences() {
        let lm = tiny();
        let id = |s: &str| lm.id(s);
        let (kiem, soat) = (id("kiểm").unwrap(), id("soát").unwrap());
        assert!(lm.logp(BOS, kiem, id("soát")) > lm.logp(BOS, kiem, id("thủ")));
        assert!(lm.logp(kiem, soat, id("thủ")) > lm.logp(kiem, soat, id("năm")));
        assert!(lm.logp(BOS, BOS, id("năm")) > lm.logp(BOS, BOS, None));
        assert!(lm.id("kiếm").is_none());
    }

    #[test]
    fn serialisation_is_independent_of_input_order() {
        let mut a = Counts::new();
        a.add_text("một cửa. liên thông", 1);
        let mut b = Counts::new();
        b.add_text("liên thông", 1);
        b.add_text("một cửa", 1);
        assert_eq!(a.serialise(), b.serialise());
    }

    #[test]
    fn truncated_model_is_an_error_not_a_panic() {
        let bytes = tiny_bytes();
        for cut in [0, FORMAT.len(), FORMAT.len() + 3, bytes.len() - 1] {
            assert!(Lm::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn malformed_models_are_errors_table() {
        let words = ["<s>", "<num>", "<other>", "a", "b"];
        let ab = (key2(3, 4), 2);
        let many: Vec<String> = (0..=1 << 16).map(|i| format!("w{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        for (vocab, bi, tri, error) in [
            (&words[..], vec![ab], vec![(key3(3, 4, 3), 2)], None),
            // The context of a clause's first word is never consulted.
            (&words[..], vec![ab], vec![(key3(BOS, BOS, 3), 2)], None),
            (&words[..], vec![ab, ab], vec![], Some("out of order")),
            (
                &words[..],
                vec![(key2(3, 9), 1)],
                vec![],
                Some("out of range"),
            ),
            (
                &words[..],
                vec![ab],
                vec![(key3(4, 3, 4), 2)],
                Some("no bigram"),
            ),
            (
                &words[..],
                vec![ab],
                vec![(key3(3, 4, 9), 2)],
                Some("out of range"),
            ),
            (&many[..], vec![], vec![], Some("65 536")),
            (&words[..], vec![(key2(3, 4), 0)], vec![], Some("no times")),
            (
                &words[..],
                vec![ab],
                vec![(key3(3, 4, 3), 0)],
                Some("no times"),
            ),
        ] {
            let got = Lm::from_bytes(&write_model(vocab, &bi, &tri));
            match (error, got) {
                (None, Ok(_)) => {}
                (Some(e), Err(got)) => assert!(got.contains(e), "{got} for {e}"),
                (e, got) => panic!("{bi:?} {tri:?}: expected {e:?}, got {:?}", got.err()),
            }
        }
    }

    #[test]
    fn unseen_continuations_of_a_context_keep_their_mass() {
        // "ban hành" is followed by "chính" twice and by four words once
        // each; the once-seen trigrams are not kept, but their mass must
        // still go to what "hành" alone predicts, not vanish.
        let lm = tiny_with(
            "ban hành chính. ban hành chính. ban hành văn. ban hành quy. \
             ban hành kế. ban hành nghị. thi hành văn. thực hành văn",
            1,
        );
        let id = |s: &str| lm.id(s).unwrap();
        let (a, b, d) = (id("ban"), id("hành"), id("văn"));
        let with_a = lm.logp(a, b, Some(d));
        let alone = lm.logp(OTHER, b, Some(d));
        assert!(with_a > alone + 0.5f64.ln(), "{with_a} vs {alone}");
    }

    #[test]
    fn a_word_seen_is_likelier_than_one_never_seen_anywhere() {
        // "tế" never starts a clause: "<s> <s>" must not discount it twice
        // below a word the model has never seen.
        let lm = tiny_with("kinh tế. kinh tế. quốc tế. y tế. kiểm soát", 1);
        let te = lm.id("tế");
        for (u, v) in [(BOS, BOS), (BOS, lm.id("kiểm").unwrap())] {
            assert!(lm.logp(u, v, te) > lm.logp(u, v, None), "context {u} {v}");
        }
        for w in ["tế", "kinh", "soát"] {
            let (a, b) = (lm.logp(BOS, BOS, lm.id(w)), lm.logp(OTHER, BOS, lm.id(w)));
            assert!((a - b).abs() < 1e-12, "{w}: {a} {b}");
        }
    }

    #[test]
    fn abbreviations_read_as_what_they_stand_for() {
        let lexicon = "abbr\tUBND\tủy ban nhân dân\nabbr\tKH\n";
        let mut c = Counts::new();
        c.expand_abbreviations(lexicon);
        // Counted as the words it stands for, except inside a code.
        c.add_text("UBND xã. UBND xã. UBND phường. số 12/KH-UBND ngày", 1);
        let d = Dictionary::from_parts(&c.serialise(), lexicon, "").unwrap();
        let (lm, id) = (&d.lm, |s: &str| d.lm.id(s));
        let ubnd = d.abbreviations["ubnd"].1;
        assert!(lm.phrase(ubnd).is_some());
        assert_eq!(d.abbreviations["kh"].1, OTHER);
        assert!(lm.logp(BOS, id("dân").unwrap(), id("xã")) > -1.5);
        // After the abbreviation, what follows its last words is likely.
        let after = lm.logp(BOS, ubnd, id("xã"));
        assert!((after - lm.logp(id("nhân").unwrap(), id("dân").unwrap(), id("xã"))).abs() < 1e-9);
        assert!(after > lm.logp(BOS, OTHER, id("xã")) + 1.0);
        // Scored as its words in turn.
        let words = ["ủy", "ban", "nhân", "dân"].map(id);
        let mut sum = 0.0;
        let (mut u, mut v) = (BOS, BOS);
        for w in words {
            sum += lm.logp(u, v, w);
            (u, v) = (v, w.unwrap());
        }
        assert!((lm.logp(BOS, BOS, Some(ubnd)) - sum).abs() < 1e-9);
    }

    #[test]
    fn every_context_is_a_distribution_table() {
        // The fast paths (no trigram lookup after an unseen pair, the
        // lower order's weight taken as a stored logarithm, the bigram
        // level shared through a memo) must still give each context a
        // distribution over the vocabulary, and a word never seen no more
        // than any word in it.
        let lm = tiny_with(
            "ban hành chính. ban hành chính. ban hành văn. ban hành văn. ban hành quy. \
             thi hành văn. kiểm soát thủ tục hành chính. kiểm soát chất lượng",
            1,
        );
        let id = |s: &str| lm.id(s).unwrap();
        for (u, v) in [
            (id("ban"), id("hành")),   // trigram context, one not kept
            (id("thi"), id("hành")),   // trigram context, none kept
            (OTHER, id("hành")),       // bigram context only
            (BOS, BOS),                // clause start
            (id("lượng"), id("chất")), // pair never seen
        ] {
            let ctx = lm.context(u, v);
            let mut mass = 0.0;
            for w in 0..lm.len() as u32 {
                let mut memo = None;
                let lp = ctx.logp(Some(w));
                assert_eq!(ctx.logp_memo(Some(w), &mut memo).0, lp);
                assert_eq!(ctx.logp_memo(Some(w), &mut memo).0, lp, "memo reused");
                // The context a step leads to, from the pair found on the
                // way, is the one looked up by its words.
                let (step_lp, next) = ctx.step(Some(w));
                assert_eq!(step_lp, lp);
                let looked_up = lm.context(v, w);
                for x in 0..lm.len() as u32 {
                    assert_eq!(next.logp(Some(x)), looked_up.logp(Some(x)), "{v} {w} {x}");
                }
                mass += lp.exp();
            }
            assert!((mass - 1.0).abs() < 1e-9, "{u} {v}: {mass}");
            // A word out of the vocabulary leads to the context `v OTHER`.
            let (step_lp, next) = ctx.step(None);
            assert_eq!(step_lp, ctx.logp(None));
            let looked_up = lm.context(v, OTHER);
            for x in 0..lm.len() as u32 {
                assert_eq!(next.logp(Some(x)), looked_up.logp(Some(x)), "{v} OTHER {x}");
            }
            let least = (0..lm.len() as u32).map(|w| ctx.logp(Some(w)));
            assert!(ctx.logp(None) <= least.fold(0.0, f64::min) + 1e-12);
        }
    }

    fn tiny_with(text: &str, weight: u32) -> Lm {
        let mut c = Counts::new();
        c.add_text(text, weight);
        Lm::from_bytes(&c.serialise()).unwrap()
    }

    fn tiny_bytes() -> Vec<u8> {
        let mut c = Counts::new();
        c.add_text("kiểm soát thủ tục hành chính", 1);
        c.serialise()
    }
}
