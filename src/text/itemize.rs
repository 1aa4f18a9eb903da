//! Itemization: cutting a paragraph into runs of one embedding level, one script and one face.
//!
//! Script: each character's Unicode Script property (UAX #24); Common and Inherited characters
//! (spaces, digits, punctuation, harakat) take the script of the text around them, so "2015"
//! inside Arabic is shaped as Arabic and a space never starts a run of its own.
//!
//! Face: per caret unit (grapheme), the first face of the chain that has every visible character
//! of it. Spaces, controls and variation selectors never choose a face: they stay in the face of
//! the text before them, so a ZWNJ inside a word keeps the word in one run and joining intact.
//! Text no face can draw stays in the primary face and shows its missing-glyph box.

use std::ops::Range;

use unicode_script::{Script, UnicodeScript};

use super::analysis::{Analysis, is_invisible_control};
use super::emoji::wants_color;
use super::fonts::{FontChoice, FontId, face};
use super::system_fonts;

/// A maximal stretch of one level, script and face, in logical order.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRun {
    pub bytes: Range<u32>,
    pub level: u8,
    pub script: Script,
    pub font: FontId,
}

/// Scripts of U+0000..U+07FF (Latin, Greek, Cyrillic, Hebrew, Arabic, Syriac, Thaana, N'Ko),
/// looked up once: most characters of an Arabic or Persian article are there, and the
/// property's search over all of Unicode is a tenth of a layout's time otherwise.
static LOW_SCRIPTS: std::sync::LazyLock<Vec<Script>> = std::sync::LazyLock::new(|| {
    (0..0x800u32)
        .map(|c| char::from_u32(c).map_or(Script::Unknown, |c| c.script()))
        .collect()
});

fn script_of(c: char) -> Script {
    LOW_SCRIPTS
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| c.script())
}

fn is_real_script(s: Script) -> bool {
    !matches!(s, Script::Common | Script::Inherited | Script::Unknown)
}

/// Whether a character is too weak to pick a face by itself.
fn inherits_face(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible_control(c)
}

fn face_for_unit(unit: &str, chain: &[FontId], previous: Option<FontId>) -> Option<FontId> {
    let visible = || unit.chars().filter(|&c| !inherits_face(c));
    let first = visible().next()?;
    if let Some(&id) = chain
        .iter()
        .find(|&&id| visible().all(|c| face(id).covers(c)))
    {
        return Some(id);
    }
    // No face has all of it (say, a letter with a mark only another face has): the face of the
    // base character, else an installed face when the fallback to them is on, else the face
    // already in use, else the primary face's missing glyph.
    chain
        .iter()
        .copied()
        .find(|&id| face(id).covers(first))
        .or_else(|| system_fonts::face_for(visible(), wants_color(unit.chars())))
        .or(previous)
        .or(Some(chain[0]))
}

/// Gives units that chose no face (spaces, controls) a face from their neighbours, the way
/// Pango does, so that both agree glyph for glyph. Each segment of one level and script is
/// settled on its own:
/// - weak units at the start of a segment take the first face chosen after them in it;
/// - weak units after a chosen face stay in it, except spaces right before a face change, which
///   join the text after when its face comes earlier in the chain (in "abc 12" with Naskh, the
///   space goes with the Naskh digits);
/// - a segment of only weak units uses the primary face;
/// - a colour emoji face is never taken by weak units (they go to the text's face).
fn settle_weak_faces(
    faces: &[Option<FontId>],
    is_space: &[bool],
    segment_start: &[bool],
    chain: &[FontId],
) -> Vec<FontId> {
    let rank = |f: FontId| chain.iter().position(|&c| c == f).unwrap_or(usize::MAX);
    let is_color = |f: FontId| face(f).color;
    let mut out = Vec::with_capacity(faces.len());
    let mut before: Option<FontId> = None;
    let mut i = 0;
    while i < faces.len() {
        if segment_start[i] {
            before = None;
        }
        if let Some(f) = faces[i] {
            out.push(f);
            before = Some(f);
            i += 1;
            continue;
        }
        // A stretch of weak units, up to the next chosen face or segment start.
        let end = (i + 1..faces.len())
            .find(|&j| faces[j].is_some() || segment_start[j])
            .unwrap_or(faces.len());
        let after = faces
            .get(end)
            .copied()
            .flatten()
            .filter(|_| !segment_start[end]);
        // A colour emoji face takes no spaces: its space is an emoji wide, and Pango gives the
        // text around an emoji its own face too.
        let (before, after) = (
            before.filter(|&f| !is_color(f)),
            after.filter(|&f| !is_color(f)),
        );
        let mut split = end;
        match (before, after) {
            (Some(b), Some(a)) if rank(a) < rank(b) => {
                while split > i && is_space[split - 1] {
                    split -= 1;
                }
            }
            (None, _) => split = i,
            _ => {}
        }
        let first = before.unwrap_or(chain[0]);
        let second = after.or(before).unwrap_or(chain[0]);
        out.extend(std::iter::repeat_n(first, split - i));
        out.extend(std::iter::repeat_n(second, end - split));
        i = end;
    }
    out
}

/// Paired punctuation as (opening, closing), the set Pango's script iterator pairs.
const PAIRS: &[(char, char)] = &[
    ('(', ')'),
    ('<', '>'),
    ('[', ']'),
    ('{', '}'),
    ('«', '»'),
    ('‘', '’'),
    ('“', '”'),
    ('‹', '›'),
    ('⁅', '⁆'),
    ('⁽', '⁾'),
    ('₍', '₎'),
    ('⟦', '⟧'),
    ('⟨', '⟩'),
    ('⟪', '⟫'),
    ('〈', '〉'),
    ('《', '》'),
    ('「', '」'),
    ('『', '』'),
    ('【', '】'),
    ('〔', '〕'),
    ('（', '）'),
    ('［', '］'),
    ('｛', '｝'),
];

/// The script each character is shaped with (one entry per character, in order).
///
/// Common and Inherited characters take the script of the text before them (the first real
/// script of the paragraph when nothing real precedes). A closing bracket takes the script of
/// its opening bracket, and the text after it continues in that script, so "(ISNA) گزارش"
/// keeps the bracket and the following space with the Arabic around them, as UAX #24's
/// guidelines and Pango do.
pub fn resolve_scripts(text: &str) -> Vec<Script> {
    const MAX_DEPTH: usize = 64;
    let first_real = text
        .chars()
        .map(script_of)
        .find(|&s| is_real_script(s))
        .unwrap_or(Script::Common);
    let mut current = first_real;
    let mut stack: Vec<(usize, Script)> = Vec::new();
    text.chars()
        .map(|c| {
            let own = script_of(c);
            if is_real_script(own) {
                current = own;
            } else if let Some(k) = PAIRS.iter().position(|&(o, _)| o == c) {
                if stack.len() == MAX_DEPTH {
                    stack.remove(0);
                }
                stack.push((k, current));
            } else if let Some(k) = PAIRS.iter().position(|&(_, cl)| cl == c)
                && let Some(depth) = stack.iter().rposition(|&(o, _)| o == k)
            {
                current = stack[depth].1;
                stack.truncate(depth);
            }
            current
        })
        .collect()
}

pub fn itemize(text: &str, analysis: &Analysis, font: FontChoice) -> Vec<ItemRun> {
    let chain = font.chain();

    // Face per caret unit.
    let mut unit_faces = Vec::with_capacity(analysis.unit_starts.len());
    let mut previous: Option<FontId> = None;
    let mut is_space = Vec::with_capacity(analysis.unit_starts.len());
    for (i, &start) in analysis.unit_starts.iter().enumerate() {
        let end = analysis
            .unit_starts
            .get(i + 1)
            .map_or(text.len(), |&e| e as usize);
        let unit = &text[start as usize..end];
        is_space.push(unit.chars().all(char::is_whitespace));
        let chosen = face_for_unit(unit, chain, previous);
        if chosen.is_some() {
            previous = chosen;
        }
        unit_faces.push(chosen);
    }
    // Units where the embedding level or the resolved script changes start a new segment.
    let scripts = resolve_scripts(text);
    let mut segment_start = Vec::with_capacity(analysis.unit_starts.len());
    let mut previous_key: Option<(u8, Script)> = None;
    let mut char_index = 0usize;
    let mut byte = 0usize;
    for &start in &analysis.unit_starts {
        while byte < start as usize {
            byte += text[byte..].chars().next().map_or(1, char::len_utf8);
            char_index += 1;
        }
        let script = scripts.get(char_index).copied().unwrap_or(Script::Common);
        let key = (analysis.levels[start as usize], script);
        segment_start.push(previous_key != Some(key));
        previous_key = Some(key);
    }
    let unit_faces = settle_weak_faces(&unit_faces, &is_space, &segment_start, chain);

    let mut runs: Vec<ItemRun> = Vec::new();
    let mut unit = 0usize;
    for ((i, c), &script) in text.char_indices().zip(&scripts) {
        while unit + 1 < analysis.unit_starts.len() && analysis.unit_starts[unit + 1] as usize <= i
        {
            unit += 1;
        }
        let level = analysis.levels[i];
        let font = unit_faces.get(unit).copied().unwrap_or(chain[0]);
        let end = (i + c.len_utf8()) as u32;
        match runs.last_mut() {
            Some(run) if run.level == level && run.script == script && run.font == font => {
                run.bytes.end = end;
            }
            _ => runs.push(ItemRun {
                bytes: i as u32..end,
                level,
                script,
                font,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analysis::analyze;
    use crate::text::style::Direction;

    fn runs(text: &str, font: FontChoice) -> Vec<(String, u8, Script, FontId)> {
        let a = analyze(text, Direction::Rtl);
        itemize(text, &a, font)
            .into_iter()
            .map(|r| {
                (
                    text[r.bytes.start as usize..r.bytes.end as usize].to_string(),
                    r.level,
                    r.script,
                    r.font,
                )
            })
            .collect()
    }

    #[test]
    fn splits_by_level_and_script_and_keeps_spaces_with_their_neighbours() {
        let r = runs("قال Putin اليوم", FontChoice::Vazirmatn);
        // The space after "Putin" is resolved to level 1 (between L and R in RTL) but keeps
        // the Latin script of the text before it, as Pango itemizes it.
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[0].0, "قال ");
        assert_eq!(r[1].0, "Putin");
        assert_eq!((r[1].1, r[1].2), (2, Script::Latin));
        assert_eq!((r[2].0.as_str(), r[2].1, r[2].2), (" ", 1, Script::Latin));
        assert_eq!(r[3].0, "اليوم");
    }

    #[test]
    fn closing_bracket_takes_the_script_of_its_opening() {
        let scripts = resolve_scripts("خبر (ISNA) گزارش");
        let close = "خبر (ISNA".chars().count();
        assert_eq!(scripts[close], Script::Arabic);
        assert_eq!(
            scripts[close + 1],
            Script::Arabic,
            "the space after ')' too"
        );
    }

    #[test]
    fn digits_inside_arabic_are_shaped_as_arabic() {
        let r = runs("عام 2015 م", FontChoice::Vazirmatn);
        assert_eq!(r[1].0, "2015");
        assert_eq!(r[1].2, Script::Arabic);
    }

    #[test]
    fn naskh_falls_back_to_noto_sans_for_latin() {
        let r = runs("قال Putin", FontChoice::Naskh);
        assert_eq!(r[0].3, FontId::NASKH);
        assert_eq!(r.last().unwrap().3, FontId::NOTO_SANS);
    }

    #[test]
    fn zwnj_stays_in_the_word_run() {
        let r = runs("نمی\u{200C}خواهم", FontChoice::Vazirmatn);
        assert_eq!(r.len(), 1);
    }
}
