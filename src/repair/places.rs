//! The gazetteer of Vietnam's administrative units (`dictionaries/places.tsv`,
//! made by `tools/places/places.py` from the statistics office's list
//! before and after the 2025 reform). In: a run of capitalised words as
//! read ("Côn Cỏ") and the kind of unit written before it, if any ("đặc
//! khu"); out: the place names it may be a misreading of, each with its
//! kind, for the decoder to weigh by its channel.
//!
//! A language model learns a place's name from text, and laws name few
//! places: a plan's "Cồn Cỏ", "Đam Rông" or "Sài Gòn" is a name the model
//! never saw, so it keeps a misreading ("Côn Cỏ") or rewrites a right
//! reading into words it knows ("Sao Gòn"). Counting the gazetteer into the
//! model flattens what it knows of the common syllables names are made of;
//! matching whole names keeps the two apart.

use rustc_hash::FxHashMap;

use super::syllable;
use crate::text::fold;

/// The kinds of administrative unit, as a plan writes them before a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Province,
    City,
    District,
    UrbanDistrict,
    Town,
    Commune,
    Ward,
    Township,
    SpecialZone,
}

/// How each kind is written, in lower case.
const KINDS: [(&str, Kind); 9] = [
    ("tỉnh", Kind::Province),
    ("thành phố", Kind::City),
    ("huyện", Kind::District),
    ("quận", Kind::UrbanDistrict),
    ("thị xã", Kind::Town),
    ("xã", Kind::Commune),
    ("phường", Kind::Ward),
    ("thị trấn", Kind::Township),
    ("đặc khu", Kind::SpecialZone),
];

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        KINDS.iter().find(|(w, _)| *w == s).map(|&(_, k)| k)
    }

    /// The kind the words `before` a name end with (lower case), and how
    /// many words it takes: "ủy ban nhân dân xã" → (Commune, 1). The
    /// longer phrase wins: "thị xã" is a town, not a commune.
    pub fn ending(before: &[String]) -> Option<(Kind, usize)> {
        let n = before.len();
        [2, 1].into_iter().filter(|&w| w <= n).find_map(|w| {
            let phrase = before[n - w..].join(" ");
            Kind::parse(&phrase).map(|k| (k, w))
        })
    }
}

/// One place: its kind and its syllables, lower case, in the decoder's
/// tone placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub kinds: Vec<Kind>,
    pub syllables: Vec<String>,
}

/// Places of two to `MAX_SYLLABLES` syllables: a one-syllable name
/// ("Vinh") is too like an ordinary word to be matched on its own.
pub const MAX_SYLLABLES: usize = 4;

/// The gazetteer, indexed for lookup by a syllable as read.
#[derive(Default)]
pub struct Places {
    places: Vec<Place>,
    /// (syllable count, position, folded syllable) → places that have it.
    index: FxHashMap<(usize, usize, String), Vec<u32>>,
}

impl Places {
    /// The `kind<TAB>name` rows of a gazetteer; comment lines, unknown
    /// kinds and names of one syllable or of more than `MAX_SYLLABLES`
    /// skipped. The same name under several kinds is one place.
    pub fn parse(tsv: &str) -> Places {
        let mut by_name: FxHashMap<Vec<String>, Vec<Kind>> = FxHashMap::default();
        let mut order: Vec<Vec<String>> = Vec::new();
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let Some((kind, name)) = line.split_once('\t') else {
                continue;
            };
            let Some(kind) = Kind::parse(kind.trim()) else {
                continue;
            };
            let syllables: Vec<String> = name
                .split_whitespace()
                .map(|w| syllable::normalize(&w.to_lowercase()))
                .collect();
            if !(2..=MAX_SYLLABLES).contains(&syllables.len()) {
                continue;
            }
            let kinds = by_name.entry(syllables.clone()).or_insert_with(|| {
                order.push(syllables);
                Vec::new()
            });
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        let mut places = Places::default();
        for syllables in order {
            let id = places.places.len() as u32;
            for (i, s) in syllables.iter().enumerate() {
                places
                    .index
                    .entry((syllables.len(), i, fold(s)))
                    .or_default()
                    .push(id);
            }
            let kinds = by_name.remove(&syllables).unwrap_or_default();
            places.places.push(Place { kinds, syllables });
        }
        places
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Whether `run` (lower case, the decoder's tone placement) is a place.
    pub fn contains(&self, run: &[String]) -> bool {
        self.near(run, 0).any(|p| p.syllables == run)
    }

    /// The places `run` may be a misreading of: as many syllables, each
    /// one with the same letters (marks aside) or a letter away, at most
    /// `max_edited` of them a letter away. In gazetteer order.
    pub fn near<'a>(
        &'a self,
        run: &'a [String],
        max_edited: usize,
    ) -> impl Iterator<Item = &'a Place> {
        let n = run.len();
        let keys: Vec<Vec<char>> = run.iter().map(|s| fold(s).chars().collect()).collect();
        // A place within reach has every syllable but `max_edited` of them
        // folded alike: it is indexed under one of the first `max_edited + 1`.
        let mut ids: Vec<u32> = (0..n.min(max_edited + 1))
            .filter_map(|i| self.index.get(&(n, i, fold(&run[i]))))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| &self.places[id as usize])
            .filter(move |p| {
                let mut edited = 0;
                p.syllables.iter().zip(&keys).all(|(s, key)| {
                    let k: Vec<char> = fold(s).chars().collect();
                    if k == *key {
                        true
                    } else {
                        edited += 1;
                        edited <= max_edited && super::one_edit(&k, key)
                    }
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "# kind\tname\n\
        tỉnh\tLâm Đồng\n\
        xã\tLâm Động\n\
        đặc khu\tCồn Cỏ\n\
        huyện\tCồn Cỏ\n\
        phường\tSài Gòn\n\
        xã\tHoà Bình\n\
        tỉnh\tHuế\n\
        bản\tNà Hang\n";

    fn run(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn names(p: &Places, s: &str, edited: usize) -> Vec<String> {
        p.near(&run(s), edited)
            .map(|p| p.syllables.join(" "))
            .collect()
    }

    #[test]
    fn the_gazetteer_is_read_by_name_table() {
        let p = Places::parse(TSV);
        // One syllable ("Huế") and unknown kinds ("bản") are left out; a
        // name under two kinds is one place; tone placement as the
        // decoder's ("hoà" → "hòa").
        assert_eq!(p.len(), 5);
        assert!(p.contains(&run("hòa bình")));
        assert!(p.contains(&run("cồn cỏ")));
        assert!(!p.contains(&run("côn cỏ")));
        let name = run("cồn cỏ");
        let kinds = &p.near(&name, 0).next().unwrap().kinds;
        assert_eq!(kinds, &[Kind::SpecialZone, Kind::District]);
    }

    #[test]
    fn places_near_a_reading_table() {
        let p = Places::parse(TSV);
        let cases: &[(&str, usize, &[&str])] = &[
            // Marks aside, the same letters.
            ("lâm đông", 0, &["lâm đồng", "lâm động"]),
            ("côn cỏ", 0, &["cồn cỏ"]),
            // A letter away, only when allowed.
            ("sao gòn", 0, &[]),
            ("sao gòn", 1, &["sài gòn"]),
            ("sài gon", 1, &["sài gòn"]),
            // Marks count for nothing: one letter off.
            ("sao gon", 1, &["sài gòn"]),
            // Two syllables a letter off each is too far.
            ("sao gin", 1, &[]),
            // As many syllables, no more.
            ("sài gòn mới", 1, &[]),
        ];
        for (reading, edited, want) in cases {
            assert_eq!(names(&p, reading, *edited), *want, "{reading}");
        }
    }

    #[test]
    fn the_kind_before_a_name_table() {
        let cases: &[(&str, Option<(Kind, usize)>)] = &[
            ("ủy ban nhân dân xã", Some((Kind::Commune, 1))),
            ("thị xã", Some((Kind::Town, 2))),
            ("thành phố", Some((Kind::City, 2))),
            ("đặc khu", Some((Kind::SpecialZone, 2))),
            ("bảo hiểm", None),
            ("", None),
        ];
        for (before, want) in cases {
            assert_eq!(Kind::ending(&run(before)), *want, "{before}");
        }
    }
}
