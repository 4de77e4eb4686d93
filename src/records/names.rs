//! How names (and other text people type) are compared: the one place that
//! decides whether two spellings are the same person's name, and how search
//! text is folded so that "zoe" finds "Zoë". The kiosk, adding someone by
//! hand, roster import, duplicate detection and search all call these
//! functions; none of them compares names any other way.
//!
//! Names are always *stored* exactly as typed. These keys are only ever
//! compared, never shown. This module does not touch the database; `people.rs`
//! keeps the keys in their columns.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The key two names must share to be the same name: Unicode canonical
/// equivalence (NFC, so "e" + combining diaeresis equals "ë"), full case
/// folding (so "ß" matches "SS" and Greek final sigma matches sigma), no
/// spaces at either end and single spaces inside. Accents still count:
/// "Zoe" and "Zoë" may be two people.
///
/// This is Unicode's canonical caseless match (NFD, fold, NFD), written
/// out as NFC so the key is compact.
pub fn match_key(name: &str) -> String {
    let decomposed: String = name.nfd().collect();
    let folded = caseless::default_case_fold_str(&decomposed);
    let composed: String = folded.nfc().collect();
    collapse_whitespace(&composed)
}

/// Search text folded for finding, not for matching: compatibility forms
/// unfolded (NFKD, so "ﬁ" is "fi" and full-width letters are plain),
/// case folded, accents and other combining marks dropped (so "zoe" finds
/// "Zoë" and "lukasiewicz" finds "Łukasiewicz"), and whitespace collapsed.
/// Scripts without case or accents pass through unchanged.
pub fn search_key(text: &str) -> String {
    let decomposed: String = text.nfkd().collect();
    let folded = caseless::default_case_fold_str(&decomposed);
    let bare: String = folded
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(strip_stroke)
        .collect();
    collapse_whitespace(&bare)
}

/// Letters whose accent is part of the letter (a stroke or bar), so Unicode
/// gives them no decomposition to strip; people searching without the
/// accent still expect to find them.
fn strip_stroke(c: char) -> char {
    match c {
        'ł' => 'l',
        'ø' => 'o',
        'đ' => 'd',
        'ħ' => 'h',
        'ŧ' => 't',
        'ƀ' => 'b',
        'ƶ' => 'z',
        'ı' => 'i',
        other => other,
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two email addresses are the same mailbox, as far as people
/// mean it: ignoring case and surrounding spaces.
pub fn same_email(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differing_only_in_case_spaces_and_composition_share_a_key() {
        let composed = "Zoë Łukasiewicz-Nowak";
        let decomposed = "Zoe\u{308} Łukasiewicz-Nowak";
        let shouted = "  ZOË   ŁUKASIEWICZ-NOWAK ";
        assert_eq!(match_key(composed), match_key(decomposed));
        assert_eq!(match_key(composed), match_key(shouted));
        assert_eq!(match_key(composed), "zoë łukasiewicz-nowak");
    }

    #[test]
    fn full_case_folding_matches_sharp_s_and_final_sigma() {
        assert_eq!(match_key("Straße"), match_key("STRASSE"));
        assert_eq!(match_key("ΟΔΥΣΣΕΥΣ"), match_key("Οδυσσευς"));
    }

    #[test]
    fn accents_still_tell_two_names_apart_when_matching() {
        assert_ne!(match_key("Zoe"), match_key("Zoë"));
    }

    #[test]
    fn scripts_without_case_keep_their_letters() {
        assert_eq!(match_key(" Wei Zhang 张伟 "), "wei zhang 张伟");
        assert_eq!(match_key("مريم الحسيني"), "مريم الحسيني");
    }

    #[test]
    fn search_keys_ignore_accents_case_and_compatibility_forms() {
        assert_eq!(search_key("Zoë"), "zoe");
        assert_eq!(search_key("Łukasiewicz"), "lukasiewicz");
        assert_eq!(search_key("ＡＢＣ"), "abc");
        assert_eq!(search_key("Ольга"), search_key("ОЛЬГА"));
        assert!(search_key("Ольга Петрова").contains(&search_key("петрова")));
        assert_eq!(search_key("Ἀθῆναι"), search_key("αθηναι"));
    }

    #[test]
    fn emails_are_the_same_whatever_their_case() {
        assert!(same_email("tom@example.org", " TOM@Example.org"));
        assert!(!same_email("tom@example.org", "tom2@example.org"));
    }
}
