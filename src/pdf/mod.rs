//! Documents made from the course and the records: certificates (signed,
//! with a QR code, checkable offline), the printed handbook and the
//! attendance register. Text is shaped and broken into lines by parley with
//! fonts compiled into the program, then written by printpdf with the fonts
//! subset; the same input gives the same bytes. This module never reads the
//! course files or talks to a window: it is given the loaded `Course` and
//! the records, and returns bytes or writes the files it is asked to.

pub mod certificate;
mod draw;
mod error;
mod fonts;
pub mod handbook;
pub mod issue;
mod layout;
mod qr;
pub mod register;
pub mod signing;

pub use certificate::{CertificateMaker, CertificatePage};
pub use error::PdfError;
pub use signing::{CertificateKind, CertifiedRecord, Keys, Signer, Verdict};
