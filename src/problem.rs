//! Problems are data: a bad file, sheet, row or cell becomes a [`Problem`] with its place,
//! and the run goes on. Printers (workbook, CSV, terminal, JSON) render them.

use crate::dates::AcademicYear;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A cell position, 0-based and absolute in its sheet. Converted to A1 only by `Display`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }
}

/// Column letters of a 0-based column index: 0 → A, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl CellRef {
    /// An A1 address (`H7`, `$H$7`, `h7`), the inverse of `Display`; `None` for anything else.
    pub fn parse_a1(text: &str) -> Option<CellRef> {
        let text = text.trim().replace('$', "");
        let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (col, row) = text.split_at(letters);
        if letters == 0 || letters > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let col = (col.bytes()).fold(0u64, |n, b| {
            n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
        });
        let row: u64 = row.parse().ok()?;
        let (row, col) = (row.checked_sub(1)?, col - 1);
        (row < 1_048_576 && col < 16_384).then(|| CellRef::new(row as u32, col as u32))
    }

    /// `H7` or a range `H3:H9` (its first and last cells; one cell is a range of one).
    pub fn parse_range(text: &str) -> Option<(CellRef, CellRef)> {
        match text.split_once(':') {
            Some((a, b)) => Some((CellRef::parse_a1(a)?, CellRef::parse_a1(b)?)),
            None => CellRef::parse_a1(text).map(|c| (c, c)),
        }
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row as u64 + 1)
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What went wrong, as a stable code (for filters and other programs) with its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    // Files
    FileUnreadable,
    FileTooLarge,
    FileEncrypted,
    FileEmpty,
    UnknownKind,
    DuplicateFile,
    Superseded,
    ReadPanic,
    LimitExceeded,
    /// The extension says one format, the bytes are another (read as what they are).
    MisnamedFile,
    // Sheets and headers
    MissingSheet,
    MissingHeader,
    ExtraColumn,
    ExtraSheet,
    TemplateVersion,
    // Cells
    Required,
    BadDate,
    BadNumber,
    BadChoice,
    BadAcademicYear,
    BadText,
    // Cross-checks within a report
    DuplicateStudent,
    LeftBeforeEntered,
    MissingChief,
    SettlementYear,
    OutcomeOutsideYear,
    OutcomeOutsideTerm,
    OutcomeUnknownStudent,
    SubsidyTotal,
    SubsidyBelowMinimum,
    BenefitUnexplained,
    StudentOutsideYear,
    // Across files
    StudentInTwoStations,
    RegisterMismatch,
    StationIdTypo,
    NotInRegister,
    NoRegister,
    DuplicateRegister,
    DuplicateReview,
    ReviewUnknownStation,
    YearOutsideTerm,
    LateCorrection,
    NoStationId,
    // Spot checks (SPEC §9.3)
    /// An item a checker marked 不属实: it no longer counts.
    SpotCheckRefuted,
    /// An item of a 抽查清单 that no longer matches the data: not applied.
    SpotCheckStale,
    /// The same item 属实 in one 抽查清单 and 不属实 in another: not applied.
    SpotCheckConflict,
}

impl Code {
    /// Every code, in the order declared (for tests and tables that must cover them all).
    pub const ALL: &'static [Code] = &[
        Code::FileUnreadable,
        Code::FileTooLarge,
        Code::FileEncrypted,
        Code::FileEmpty,
        Code::UnknownKind,
        Code::DuplicateFile,
        Code::Superseded,
        Code::ReadPanic,
        Code::LimitExceeded,
        Code::MisnamedFile,
        Code::MissingSheet,
        Code::MissingHeader,
        Code::ExtraColumn,
        Code::ExtraSheet,
        Code::TemplateVersion,
        Code::Required,
        Code::BadDate,
        Code::BadNumber,
        Code::BadChoice,
        Code::BadAcademicYear,
        Code::BadText,
        Code::DuplicateStudent,
        Code::LeftBeforeEntered,
        Code::MissingChief,
        Code::SettlementYear,
        Code::OutcomeOutsideYear,
        Code::OutcomeOutsideTerm,
        Code::OutcomeUnknownStudent,
        Code::SubsidyTotal,
        Code::SubsidyBelowMinimum,
        Code::BenefitUnexplained,
        Code::StudentOutsideYear,
        Code::StudentInTwoStations,
        Code::RegisterMismatch,
        Code::StationIdTypo,
        Code::NotInRegister,
        Code::NoRegister,
        Code::DuplicateRegister,
        Code::DuplicateReview,
        Code::ReviewUnknownStation,
        Code::YearOutsideTerm,
        Code::LateCorrection,
        Code::NoStationId,
        Code::SpotCheckRefuted,
        Code::SpotCheckStale,
        Code::SpotCheckConflict,
    ];
}

impl Code {
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            ExtraColumn | ExtraSheet | TemplateVersion | DuplicateFile | YearOutsideTerm
            | LateCorrection | NoRegister | MisnamedFile => Severity::Info,
            UnknownKind
            | Superseded
            | SettlementYear
            | OutcomeOutsideYear
            | OutcomeOutsideTerm
            | OutcomeUnknownStudent
            | SubsidyTotal
            | SubsidyBelowMinimum
            | BenefitUnexplained
            | StudentInTwoStations
            | RegisterMismatch
            | NotInRegister
            | ReviewUnknownStation
            | StudentOutsideYear
            | SpotCheckStale => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The code as printed: short, stable, English.
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            FileUnreadable => "file-unreadable",
            FileTooLarge => "file-too-large",
            FileEncrypted => "file-encrypted",
            FileEmpty => "file-empty",
            UnknownKind => "unknown-kind",
            DuplicateFile => "duplicate-file",
            Superseded => "superseded",
            ReadPanic => "read-panic",
            LimitExceeded => "limit-exceeded",
            MisnamedFile => "misnamed-file",
            MissingSheet => "missing-sheet",
            MissingHeader => "missing-header",
            ExtraColumn => "extra-column",
            ExtraSheet => "extra-sheet",
            TemplateVersion => "template-version",
            Required => "required",
            BadDate => "bad-date",
            BadNumber => "bad-number",
            BadChoice => "bad-choice",
            BadAcademicYear => "bad-academic-year",
            BadText => "bad-text",
            DuplicateStudent => "duplicate-student",
            LeftBeforeEntered => "left-before-entered",
            MissingChief => "missing-chief",
            SettlementYear => "settlement-year",
            OutcomeOutsideYear => "outcome-outside-year",
            OutcomeOutsideTerm => "outcome-outside-term",
            OutcomeUnknownStudent => "outcome-unknown-student",
            SubsidyTotal => "subsidy-total",
            SubsidyBelowMinimum => "subsidy-below-minimum",
            BenefitUnexplained => "benefit-unexplained",
            StudentOutsideYear => "student-outside-year",
            StudentInTwoStations => "student-in-two-stations",
            RegisterMismatch => "register-mismatch",
            StationIdTypo => "station-id-typo",
            NotInRegister => "not-in-register",
            NoRegister => "no-register",
            DuplicateRegister => "duplicate-register",
            DuplicateReview => "duplicate-review",
            ReviewUnknownStation => "review-unknown-station",
            YearOutsideTerm => "year-outside-term",
            LateCorrection => "late-correction",
            NoStationId => "no-station-id",
            SpotCheckRefuted => "spot-check-refuted",
            SpotCheckStale => "spot-check-stale",
            SpotCheckConflict => "spot-check-conflict",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub code: Code,
    pub station: Option<String>,
    pub year: Option<AcademicYear>,
    /// Path relative to the input folder, with `/`.
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
    pub message: String,
}

impl Problem {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Problem {
            severity: code.severity(),
            code,
            station: None,
            year: None,
            file: None,
            sheet: None,
            cell: None,
            message: message.into(),
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, sheet: impl Into<String>, cell: Option<CellRef>) -> Self {
        self.sheet = Some(sheet.into());
        self.cell = cell;
        self
    }

    pub fn for_station(mut self, station: Option<String>, year: Option<AcademicYear>) -> Self {
        self.station = station;
        self.year = year;
        self
    }

    /// `file sheet!cell`, the place as a person reads it.
    pub fn place(&self) -> String {
        let mut out = self.file.clone().unwrap_or_default();
        if let Some(sheet) = &self.sheet {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(sheet);
            if let Some(cell) = self.cell {
                out.push('!');
                out.push_str(&cell.to_string());
            }
        }
        out
    }

    /// Ordering used everywhere a list of problems is shown: severity, then place.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.severity,
            self.station.as_deref(),
            self.file.as_deref(),
            self.sheet.as_deref(),
            self.cell,
            self.code,
            self.message.as_str(),
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self.place();
        if place.is_empty() {
            write!(f, "[{}] {}", self.severity, self.message)
        } else {
            write!(f, "[{}] {} {}", self.severity, place, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Code::ALL`] names every variant of the enum, once.
    #[test]
    fn all_codes_are_listed_once() {
        let source = include_str!("problem.rs");
        let start = source.find("pub enum Code {").unwrap();
        let end = start + source[start..].find("\n}").unwrap();
        let variants = (source[start..end].lines().skip(1))
            .map(str::trim)
            .filter(|l| !l.starts_with("//") && l.ends_with(','))
            .count();
        assert_eq!(Code::ALL.len(), variants);
        for (i, a) in Code::ALL.iter().enumerate() {
            assert!(!Code::ALL[i + 1..].contains(a), "{a} twice");
        }
    }

    #[test]
    fn a1_addresses() {
        let cases = [
            ((0, 0), "A1"),
            ((6, 7), "H7"),
            ((0, 25), "Z1"),
            ((0, 26), "AA1"),
            ((1_048_575, 16_383), "XFD1048576"),
        ];
        for ((row, col), a1) in cases {
            assert_eq!(CellRef::new(row, col).to_string(), a1);
            assert_eq!(CellRef::parse_a1(a1), Some(CellRef::new(row, col)));
        }
        assert_eq!(CellRef::parse_a1(" $h$7 "), Some(CellRef::new(6, 7)));
        for bad in [
            "", "7", "H", "H0", "H7X", "ABCD1", "XFE1", "A1048577", "第7行",
        ] {
            assert_eq!(CellRef::parse_a1(bad), None, "{bad}");
        }
        let (a, b) = CellRef::parse_range("C3:C9").unwrap();
        assert_eq!((a.to_string(), b.to_string()), ("C3".into(), "C9".into()));
        assert_eq!(
            CellRef::parse_range("C3"),
            Some((CellRef::new(2, 2), CellRef::new(2, 2)))
        );
        assert_eq!(CellRef::parse_range("C3:"), None);
    }

    #[test]
    fn place_reads_like_a_person_writes_it() {
        let p = Problem::new(Code::BadDate, "进站日期: 无法识别的日期 \"2023-13-45\"")
            .in_file("2023-2024/化工站.xlsx")
            .at("进站研究生", Some(CellRef::new(6, 7)));
        assert_eq!(
            p.to_string(),
            "[错误] 2023-2024/化工站.xlsx 进站研究生!H7 进站日期: 无法识别的日期 \"2023-13-45\""
        );
    }
}
