//! Last quarter's monitoring, as a council's sheet records it: a Status column read as one of
//! the four statuses, a RAG column as red/amber/green, and the progress commentary. Anything
//! that does not read is kept word for word in the update's note and reported.

use crate::model::{Rag, Status};

/// Status texts only a Status column holds, and the status each means; the words a due
/// column may hold for a status too ("Completed", "Withdrawn") are
/// [`crate::dates::status_word`]'s.
const STATUSES: [(&str, Status); 8] = [
    ("closed", Status::Done),
    ("implemented", Status::Done),
    ("on track", Status::InProgress),
    ("on target", Status::InProgress),
    ("in hand", Status::InProgress),
    ("ongoing", Status::InProgress),
    ("not yet started", Status::Planned),
    ("no longer required", Status::Dropped),
];

/// Lower case, punctuation a space, spaces single.
fn words(text: &str) -> String {
    let mapped: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The status a Status cell names, if it names one of the four: a status word as plan files
/// and `--status` read it ([`Status::from_word`]), else a word officers write for a status
/// ([`crate::dates::status_word`]: "Completed", "Under way"), else a phrase only a Status
/// column holds ("On track").
pub fn status(text: &str) -> Option<Status> {
    if let Some(status) = Status::from_word(text.trim()) {
        return Some(status);
    }
    let text = words(text);
    if let Some(status) = crate::dates::status_word(&text).and_then(Status::from_word) {
        return Some(status);
    }
    STATUSES
        .iter()
        .find(|(written, _)| *written == text)
        .map(|&(_, status)| status)
}

/// The colour a RAG cell names ("R", "Amber", "GREEN", "Red - late"): each word read as plan
/// files and `--rag` read it ([`Rag::from_word`]), or "yellow" for amber; a letter alone; a
/// cell naming two colours ("Amber/Green") is not read.
pub fn rag(text: &str) -> Option<Rag> {
    let text = words(text);
    let colour = |word: &str| match word {
        "yellow" => Some(Rag::Amber),
        word => Rag::from_word(word),
    };
    match text.as_str() {
        "r" => return Some(Rag::Red),
        "a" => return Some(Rag::Amber),
        "g" => return Some(Rag::Green),
        _ => {}
    }
    let named: Vec<Rag> = text.split(' ').filter_map(colour).collect();
    let first = text.split(' ').next().and_then(colour);
    match (named.as_slice(), first) {
        ([one], Some(first)) if *one == first => Some(first),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_as_councils_write_them() {
        for (text, want) in [
            ("Complete", Some(Status::Done)),
            ("COMPLETED.", Some(Status::Done)),
            ("Achieved", Some(Status::Done)),
            ("On track", Some(Status::InProgress)),
            ("In progress", Some(Status::InProgress)),
            ("Started", Some(Status::InProgress)),
            ("Not started", Some(Status::Planned)),
            ("Deleted", Some(Status::Dropped)),
            ("Withdrawn", Some(Status::Dropped)),
            ("No longer required", Some(Status::Dropped)),
            ("Cancelled", Some(Status::Dropped)),
            ("Canceled", Some(Status::Dropped)),
            ("Superseded", Some(Status::Dropped)),
            ("Under way", Some(Status::InProgress)),
            ("Closed", Some(Status::Done)),
            ("Not yet started", Some(Status::Planned)),
            ("On hold", None),
            ("Partly complete", None),
        ] {
            assert_eq!(status(text), want, "{text}");
        }
    }

    #[test]
    fn rag_letters_and_words() {
        for (text, want) in [
            ("R", Some(Rag::Red)),
            ("a", Some(Rag::Amber)),
            ("Green", Some(Rag::Green)),
            ("RED - behind", Some(Rag::Red)),
            ("Amber/Green", None),
            ("Blue", None),
            ("A B", None),
        ] {
            assert_eq!(rag(text), want, "{text}");
        }
    }
}
