//! Signed certificate codes: the record a certificate carries (who completed
//! or attended what, when, with what score, from which organisation), its
//! Ed25519 signature, the keys that make and check it, and the printable
//! code that holds both. The code is upper-case base32 behind a short prefix,
//! so the same text fits a QR code's alphanumeric mode and can be typed back
//! in by hand (spaces, hyphens inside and lower case are forgiven).
//!
//! The signing key is made on first use and kept in `keys/` inside the data
//! folder, beside (never inside) the database, so no backup, export or
//! record bundle carries it. Other organisations' public keys are imported
//! into `keys/trusted/`. Drawing the certificate is `certificate.rs`;
//! recording that one was issued is `crate::records::certificates`.

use std::path::{Path, PathBuf};

use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier, VerifyingKey};
use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::error::PdfError;
pub use crate::records::certificates::CertificateKind;

/// What every certificate code starts with: the format, version 1.
pub const CODE_PREFIX: &str = "SP1-";
/// What is signed, before the record: keeps a signature made for anything
/// else from ever passing as a certificate's.
const DOMAIN: &[u8] = b"signpost certificate v1\0";
const FORMAT: u8 = 1;
const SECRET_FILE: &str = "certificate-signing.key";
const PUBLIC_FILE_HEADER: &str = "Signpost certificate public key";

/// The facts a certificate's signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CertifiedRecord {
    pub kind: CertificateKind,
    /// The certificate's id, as kept in the records.
    pub id: Uuid,
    pub name: String,
    pub course_title: String,
    pub course_version: String,
    /// The day the course was completed or the session held.
    #[ts(type = "string")]
    pub date: Date,
    /// Percent, when there is one.
    pub score: Option<u8>,
    pub organisation: String,
    /// The trainer, for a session; empty otherwise.
    pub trainer: String,
}

impl CertifiedRecord {
    /// The short number printed on the certificate: the first 10 base32
    /// characters of its id, in two groups.
    pub fn number(&self) -> String {
        crate::records::certificates::number(self.id)
    }
}

/// What a record certifies, in a sentence or two for a person.
pub fn summary(record: &CertifiedRecord) -> String {
    let what = match record.kind {
        CertificateKind::Completion => "completed",
        CertificateKind::Attendance => "attended a session of",
    };
    let mut text = format!(
        "{} {what} {} (version {}) on {}",
        record.name,
        record.course_title,
        record.course_version,
        super::certificate::long_date(record.date)
    );
    if let Some(score) = record.score {
        text.push_str(&format!(", score {score}%"));
    }
    if !record.trainer.is_empty() {
        text.push_str(&format!(", trainer {}", record.trainer));
    }
    text.push_str(&format!("; issued by {}", record.organisation));
    text
}

/// Checks what a person gave `verify`: the path of a PDF Signpost wrote
/// (every certificate in it is checked) or a code typed in.
pub fn verify_input(keys: &Keys, input: &str) -> Result<Vec<Verdict>, PdfError> {
    let path = Path::new(input.trim());
    if input.len() < 4096 && path.is_file() {
        return verify_file(keys, path);
    }
    Ok(vec![keys.verify(input)?])
}

/// Checks every certificate in a PDF Signpost wrote.
pub fn verify_file(keys: &Keys, path: &Path) -> Result<Vec<Verdict>, PdfError> {
    let bytes = std::fs::read(path).map_err(|source| PdfError::File {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    let codes = codes_in(&String::from_utf8_lossy(&bytes));
    if codes.is_empty() {
        return Ok(vec![Verdict::NotACode]);
    }
    codes.iter().map(|code| keys.verify(code)).collect()
}

/// A key's short name: the first 8 bytes of the public key in base32, which
/// is as unique as the key itself and readable aloud.
pub fn fingerprint(key: &VerifyingKey) -> String {
    BASE32_NOPAD.encode(&key.as_bytes()[..8])
}

/// This Signpost's signing key, made the first time it is needed.
pub struct Keys {
    signing: SigningKey,
    dir: PathBuf,
}

impl Keys {
    /// Opens the keys kept in `data_dir/keys`, making the signing key if
    /// there is none yet.
    pub fn open(data_dir: &Path) -> Result<Keys, PdfError> {
        let dir = data_dir.join("keys");
        let path = dir.join(SECRET_FILE);
        let signing = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let bytes = BASE32_NOPAD
                    .decode(text.trim().as_bytes())
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or_else(|| PdfError::BadKey {
                        path: path.clone(),
                        reason: "it is not a Signpost signing key".into(),
                    })?;
                SigningKey::from_bytes(&bytes)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let signing = SigningKey::generate(&mut rand_core::OsRng);
                std::fs::create_dir_all(&dir).map_err(|source| PdfError::File {
                    action: "create the keys folder",
                    path: dir.clone(),
                    source,
                })?;
                write_private(&path, &BASE32_NOPAD.encode(signing.as_bytes()))?;
                signing
            }
            Err(source) => {
                return Err(PdfError::File {
                    action: "read the signing key",
                    path,
                    source,
                });
            }
        };
        Ok(Keys { signing, dir })
    }

    /// A key for tests and benchmarks that is never written anywhere.
    pub fn from_secret(secret: [u8; 32]) -> Keys {
        Keys {
            signing: SigningKey::from_bytes(&secret),
            dir: PathBuf::new(),
        }
    }

    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// Signs a record into a certificate code.
    pub fn sign(&self, record: &CertifiedRecord) -> Result<String, PdfError> {
        let key_id: [u8; 8] = self.public().as_bytes()[..8]
            .try_into()
            .map_err(|_| PdfError::Internal("key length".into()))?;
        let mut bytes = encode(record, key_id)?;
        let signature = self.signing.sign(&signed_part(&bytes));
        bytes.extend_from_slice(&signature.to_bytes());
        Ok(format!("{CODE_PREFIX}{}", BASE32_NOPAD.encode(&bytes)))
    }

    /// The public key as a small text file another Signpost can import.
    pub fn export_public(&self, organisation: &str) -> String {
        format!(
            "{PUBLIC_FILE_HEADER}\norganisation: {}\nfingerprint: {}\nkey: {}\n",
            organisation.replace('\n', " "),
            fingerprint(&self.public()),
            BASE32_NOPAD.encode(self.public().as_bytes())
        )
    }

    /// Keeps another organisation's public key so its certificates verify
    /// here. Returns the organisation the file names and the fingerprint.
    pub fn import_public(&self, text: &str) -> Result<TrustedKey, PdfError> {
        let key = parse_public(text)?;
        let trusted = self.dir.join("trusted");
        std::fs::create_dir_all(&trusted).map_err(|source| PdfError::File {
            action: "create the trusted keys folder",
            path: trusted.clone(),
            source,
        })?;
        let path = trusted.join(format!("{}.pub", key.fingerprint));
        std::fs::write(&path, text).map_err(|source| PdfError::File {
            action: "keep the imported key in",
            path,
            source,
        })?;
        Ok(key)
    }

    /// Keys imported from other organisations.
    fn trusted(&self) -> Result<Vec<TrustedKey>, PdfError> {
        let dir = self.dir.join("trusted");
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(PdfError::File {
                    action: "read the trusted keys in",
                    path: dir,
                    source,
                });
            }
        };
        let mut keys = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "pub")
                && let Ok(text) = std::fs::read_to_string(&path)
                && let Ok(key) = parse_public(&text)
            {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// Checks a certificate code: whether it is well formed, signed by a key
    /// this Signpost knows, and unaltered since.
    pub fn verify(&self, code: &str) -> Result<Verdict, PdfError> {
        let Some(bytes) = decode_code(code) else {
            return Ok(if is_number(code) {
                Verdict::NumberOnly
            } else {
                Verdict::NotACode
            });
        };
        let (body, signature) = bytes.split_at(bytes.len() - 64);
        let Some((record, key_id)) = decode(body) else {
            return Ok(Verdict::NotACode);
        };
        let signature = Signature::from_bytes(
            signature
                .try_into()
                .map_err(|_| PdfError::Internal("signature length".into()))?,
        );
        let own = self.public();
        let mut candidates = vec![(own, Signer::Own)];
        for trusted in self.trusted()? {
            candidates.push((trusted.key, Signer::Imported(trusted.organisation)));
        }
        let Some((key, signer)) = candidates
            .into_iter()
            .find(|(key, _)| key.as_bytes()[..8] == key_id)
        else {
            return Ok(Verdict::UnknownKey {
                record,
                fingerprint: BASE32_NOPAD.encode(&key_id),
            });
        };
        if key.verify(&signed_part(body), &signature).is_err() {
            return Ok(Verdict::Altered);
        }
        Ok(Verdict::Genuine {
            record,
            fingerprint: fingerprint(&key),
            signer,
        })
    }
}

/// A public key imported from another organisation.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub organisation: String,
    pub fingerprint: String,
    key: VerifyingKey,
}

/// Whose key signed a genuine certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "type", content = "organisation")]
#[ts(export)]
pub enum Signer {
    /// This Signpost's own key.
    Own,
    /// A key imported from the organisation named in its file.
    Imported(String),
}

/// What checking a certificate code found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "verdict")]
#[ts(export)]
pub enum Verdict {
    /// Signed by a known key and unchanged.
    Genuine {
        record: CertifiedRecord,
        fingerprint: String,
        signer: Signer,
    },
    /// Well formed, but signed by a key this Signpost does not know; what it
    /// claims cannot be confirmed.
    UnknownKey {
        record: CertifiedRecord,
        fingerprint: String,
    },
    /// The signature does not match the details: changed or made up.
    Altered,
    /// A certificate's short number, printed beside its code: it names the
    /// certificate but carries no signature, so it proves nothing.
    NumberOnly,
    /// Not a certificate code at all.
    NotACode,
}

fn signed_part(body: &[u8]) -> Vec<u8> {
    let mut message = DOMAIN.to_vec();
    message.extend_from_slice(body);
    message
}

/// Whether `text` is a certificate's short number ("L2LTY-WFJCR", as
/// [`crate::records::certificates::number`] prints it), typed as it may be.
fn is_number(text: &str) -> bool {
    let cleaned: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    cleaned.len() == 10
        && cleaned
            .iter()
            .all(|c| matches!(c, b'A'..=b'Z' | b'2'..=b'7'))
}

/// Strips what a person may add when typing a code (spaces, line breaks,
/// hyphens, lower case) and decodes it; `None` when it is not one.
fn decode_code(code: &str) -> Option<Vec<u8>> {
    let cleaned: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let prefix: String = CODE_PREFIX.chars().filter(|c| *c != '-').collect();
    let rest = cleaned.strip_prefix(&prefix)?;
    let bytes = BASE32_NOPAD.decode(rest.as_bytes()).ok()?;
    (bytes.len() > 64).then_some(bytes)
}

/// Finds every certificate code in a text (the bytes of a PDF Signpost
/// wrote hold them whole in their metadata and links).
pub fn codes_in(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(CODE_PREFIX) {
        let tail = &rest[at + CODE_PREFIX.len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_uppercase() || ('2'..='7').contains(&c)))
            .unwrap_or(tail.len());
        let code = format!("{CODE_PREFIX}{}", &tail[..end]);
        if !codes.contains(&code) {
            codes.push(code);
        }
        rest = &tail[end..];
    }
    codes
}

fn encode(record: &CertifiedRecord, key_id: [u8; 8]) -> Result<Vec<u8>, PdfError> {
    let mut out = vec![FORMAT];
    out.push(match record.kind {
        CertificateKind::Completion => 0,
        CertificateKind::Attendance => 1,
    });
    out.extend_from_slice(record.id.as_bytes());
    out.extend_from_slice(&(record.date.year() as u16).to_be_bytes());
    out.push(record.date.month() as u8);
    out.push(record.date.day() as u8);
    out.push(match record.score {
        Some(score) if score <= 100 => score,
        Some(score) => return Err(PdfError::Internal(format!("a score of {score}%"))),
        None => 255,
    });
    out.extend_from_slice(&key_id);
    for text in [
        &record.name,
        &record.course_title,
        &record.course_version,
        &record.organisation,
        &record.trainer,
    ] {
        let len = u16::try_from(text.len())
            .map_err(|_| PdfError::Internal("a certificate field is too long".into()))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    Ok(out)
}

fn decode(body: &[u8]) -> Option<(CertifiedRecord, [u8; 8])> {
    let mut at = 0usize;
    let mut take = |n: usize| -> Option<&[u8]> {
        let slice = body.get(at..at + n)?;
        at += n;
        Some(slice)
    };
    if take(1)? != [FORMAT] {
        return None;
    }
    let kind = match take(1)?[0] {
        0 => CertificateKind::Completion,
        1 => CertificateKind::Attendance,
        _ => return None,
    };
    let id = Uuid::from_slice(take(16)?).ok()?;
    let year = u16::from_be_bytes(take(2)?.try_into().ok()?);
    let month = take(1)?[0];
    let day = take(1)?[0];
    let date = Date::new(i16::try_from(year).ok()?, month as i8, day as i8).ok()?;
    let score = match take(1)?[0] {
        255 => None,
        s if s <= 100 => Some(s),
        _ => return None,
    };
    let key_id: [u8; 8] = take(8)?.try_into().ok()?;
    let mut texts = Vec::new();
    for _ in 0..5 {
        let len = u16::from_be_bytes(take(2)?.try_into().ok()?) as usize;
        texts.push(String::from_utf8(take(len)?.to_vec()).ok()?);
    }
    if at != body.len() {
        return None;
    }
    let mut texts = texts.into_iter();
    let mut next = || texts.next().unwrap_or_default();
    Some((
        CertifiedRecord {
            kind,
            id,
            date,
            score,
            name: next(),
            course_title: next(),
            course_version: next(),
            organisation: next(),
            trainer: next(),
        },
        key_id,
    ))
}

fn parse_public(text: &str) -> Result<TrustedKey, PdfError> {
    let bad = |reason: &str| PdfError::BadPublicKey(reason.to_string());
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some(PUBLIC_FILE_HEADER) {
        return Err(bad(
            "it does not start with \"Signpost certificate public key\"",
        ));
    }
    let mut organisation = String::new();
    let mut key = None;
    for line in lines {
        if let Some(value) = line.strip_prefix("organisation:") {
            organisation = value.trim().to_string();
        } else if let Some(value) = line.strip_prefix("key:") {
            let bytes = BASE32_NOPAD
                .decode(value.trim().as_bytes())
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| bad("its key line is not a key"))?;
            key = Some(VerifyingKey::from_bytes(&bytes).map_err(|_| bad("its key is not valid"))?);
        }
    }
    let key = key.ok_or_else(|| bad("it has no key line"))?;
    Ok(TrustedKey {
        organisation,
        fingerprint: fingerprint(&key),
        key,
    })
}

/// Writes the secret key so that only its owner can read it, where the
/// system allows.
fn write_private(path: &Path, text: &str) -> Result<(), PdfError> {
    let err = |source| PdfError::File {
        action: "save the signing key to",
        path: path.to_path_buf(),
        source,
    };
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(err)?;
        file.write_all(text.as_bytes()).map_err(err)?;
        file.sync_all().map_err(err)
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, text).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> CertifiedRecord {
        CertifiedRecord {
            kind: CertificateKind::Completion,
            id: Uuid::from_u128(7),
            name: "Zażółć Gęślą".into(),
            course_title: "Basic Modern Slavery Awareness Training".into(),
            course_version: "2026.1".into(),
            date: jiff::civil::date(2026, 3, 4),
            score: Some(90),
            organisation: "Herts".into(),
            trainer: String::new(),
        }
    }

    #[test]
    fn a_signed_code_reads_back_as_the_same_record() {
        let keys = Keys::from_secret([3; 32]);
        let code = keys.sign(&record()).unwrap();
        assert!(code.starts_with(CODE_PREFIX));
        match keys
            .verify(&code.to_lowercase().replace("sp1-", "sp1 - "))
            .unwrap()
        {
            Verdict::Genuine { record: r, .. } => assert_eq!(r, record()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn codes_are_found_inside_other_text() {
        let keys = Keys::from_secret([3; 32]);
        let code = keys.sign(&record()).unwrap();
        assert_eq!(codes_in(&format!("(x {code}) y")), vec![code]);
    }

    /// The code with one detail changed and the original signature kept,
    /// as someone editing a certificate would make it.
    fn altered(code: &str, change: impl Fn(&mut CertifiedRecord)) -> String {
        let bytes = decode_code(code).unwrap();
        let (body, signature) = bytes.split_at(bytes.len() - 64);
        let (mut record, key_id) = decode(body).unwrap();
        change(&mut record);
        let mut forged = encode(&record, key_id).unwrap();
        forged.extend_from_slice(signature);
        format!("{CODE_PREFIX}{}", BASE32_NOPAD.encode(&forged))
    }

    #[test]
    fn a_changed_name_date_score_or_organisation_is_rejected() {
        let keys = Keys::from_secret([3; 32]);
        let code = keys.sign(&record()).unwrap();
        type Change = fn(&mut CertifiedRecord);
        let changes: [(&str, Change); 5] = [
            ("name", |r| r.name = "Zażółć Gęślą!".into()),
            ("date", |r| r.date = jiff::civil::date(2026, 3, 5)),
            ("score", |r| r.score = Some(100)),
            ("no score", |r| r.score = None),
            ("organisation", |r| r.organisation = "Another".into()),
        ];
        for (what, change) in changes {
            let forged = altered(&code, change);
            assert_ne!(forged, code);
            assert_eq!(
                keys.verify(&forged).unwrap(),
                Verdict::Altered,
                "changed {what}"
            );
        }
    }

    #[test]
    fn a_made_up_code_is_not_accepted() {
        let keys = Keys::from_secret([3; 32]);
        for made_up in ["SP1-ABCDEFGHIJKLMNOP", "hello", "", "SP1-"] {
            assert_eq!(
                keys.verify(made_up).unwrap(),
                Verdict::NotACode,
                "{made_up:?}"
            );
        }
        let code = keys.sign(&record()).unwrap();
        // A code of the right shape with its signature scrambled.
        let mut bytes = decode_code(&code).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        let scrambled = format!("{CODE_PREFIX}{}", BASE32_NOPAD.encode(&bytes));
        assert_eq!(keys.verify(&scrambled).unwrap(), Verdict::Altered);
    }

    #[test]
    fn a_certificate_number_typed_for_its_code_is_told_apart() {
        let keys = Keys::from_secret([3; 32]);
        let number = record().number();
        for typed in [
            number.clone(),
            number.to_lowercase(),
            number.replace('-', " "),
        ] {
            assert_eq!(
                keys.verify(&typed).unwrap(),
                Verdict::NumberOnly,
                "{typed:?}"
            );
        }
        // One letter short, or a letter base32 never writes, is no number.
        assert_eq!(keys.verify(&number[1..]).unwrap(), Verdict::NotACode);
        assert_eq!(keys.verify("L2LTY-WFJC1").unwrap(), Verdict::NotACode);
    }

    #[test]
    fn another_organisations_certificate_verifies_only_once_its_key_is_imported() {
        let ours = tempfile::tempdir().unwrap();
        let theirs = tempfile::tempdir().unwrap();
        let our_keys = Keys::open(ours.path()).unwrap();
        let their_keys = Keys::open(theirs.path()).unwrap();
        let code = their_keys.sign(&record()).unwrap();
        assert!(matches!(
            our_keys.verify(&code).unwrap(),
            Verdict::UnknownKey { .. }
        ));
        let key = our_keys
            .import_public(&their_keys.export_public("Herts"))
            .unwrap();
        assert_eq!(key.organisation, "Herts");
        match our_keys.verify(&code).unwrap() {
            Verdict::Genuine { signer, .. } => assert_eq!(signer, Signer::Imported("Herts".into())),
            other => panic!("{other:?}"),
        }
        // The key is kept: a Signpost opened later trusts it too.
        let reopened = Keys::open(ours.path()).unwrap();
        assert!(matches!(
            reopened.verify(&code).unwrap(),
            Verdict::Genuine { .. }
        ));
    }

    #[test]
    fn the_signing_key_is_made_once_and_kept_outside_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keys::open(dir.path()).unwrap().public();
        let again = Keys::open(dir.path()).unwrap().public();
        assert_eq!(first, again);
        assert!(dir.path().join("keys").join(SECRET_FILE).is_file());
    }
}
