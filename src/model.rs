//! Typed records: what a validated workbook turns into. Every value that could not be read
//! is `None` (its problem is listed elsewhere), so later stages leave it out of the counts
//! that need it and use everything else.

use crate::dates::AcademicYear;
use crate::problem::CellRef;
use crate::schema::{self, Field, Sheet};
use chrono::NaiveDate;
use std::time::SystemTime;

/// One input file as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the input folder, `/`-separated: how it is shown everywhere.
    pub path: String,
    pub modified: Option<SystemTime>,
    pub size: u64,
    pub sha256: Option<String>,
}

/// Where each field of a sheet was found, so that evidence can name a cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetLayout {
    /// The sheet's name as written in the workbook.
    pub name: String,
    /// Field label → 0-based column (table sheets) or the value's cell (基本信息).
    pub columns: LabelMap<u32>,
    pub cells: LabelMap<CellRef>,
}

/// A few values keyed by schema label (a sheet's fields, a workbook's sheets), in the order
/// added. A vector, not a hash map: every report keeps a dozen of these, and 5–20 labels are
/// found as fast in a vector, which takes less memory (benches/README.md, "Behind the code").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelMap<V>(Vec<(&'static str, V)>);

impl<V> Default for LabelMap<V> {
    fn default() -> Self {
        LabelMap(Vec::new())
    }
}

impl<V, const N: usize> From<[(&'static str, V); N]> for LabelMap<V> {
    fn from(entries: [(&'static str, V); N]) -> Self {
        let mut map = LabelMap::default();
        for (label, value) in entries {
            map.insert(label, value);
        }
        map
    }
}

impl<V> LabelMap<V> {
    pub fn get(&self, label: &str) -> Option<&V> {
        self.0.iter().find(|(l, _)| *l == label).map(|(_, v)| v)
    }

    pub fn contains_key(&self, label: &str) -> bool {
        self.get(label).is_some()
    }

    /// Sets the value of `label`, replacing any earlier one.
    pub fn insert(&mut self, label: &'static str, value: V) {
        match self.0.iter_mut().find(|(l, _)| *l == label) {
            Some(entry) => entry.1 = value,
            None => self.0.push((label, value)),
        }
    }

    /// Sets the value of `label` unless it has one.
    pub fn insert_if_absent(&mut self, label: &'static str, value: V) {
        if !self.contains_key(label) {
            self.0.push((label, value));
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl SheetLayout {
    /// The cell of `field` in the record on `row` (table sheets) or its value cell.
    pub fn cell(&self, field: &Field, row: u32) -> Option<CellRef> {
        if let Some(c) = self.cells.get(field.label) {
            return Some(*c);
        }
        self.columns
            .get(field.label)
            .map(|&col| CellRef::new(row, col))
    }
}

/// Positions of every sheet of one workbook, by schema sheet name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layouts(pub LabelMap<SheetLayout>);

impl Layouts {
    pub fn cell(
        &self,
        sheet: &Sheet,
        field: &Field,
        row: u32,
    ) -> Option<(String, Option<CellRef>)> {
        let layout = self.0.get(sheet.name)?;
        Some((layout.name.clone(), layout.cell(field, row)))
    }
}

/// 基本信息.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BasicInfo {
    pub template_version: Option<String>,
    pub station_id: String,
    pub station_name: Option<String>,
    pub host: Option<String>,
    pub host_type: Option<&'static str>,
    pub college: Option<String>,
    pub recognised_on: Option<NaiveDate>,
    pub year: AcademicYear,
    pub settlement_year: Option<i32>,
    pub filed_on: Option<NaiveDate>,
    pub filer: Option<String>,
    pub phone: Option<String>,
    pub rules_sound: Option<bool>,
    /// One of `schema::CONDITIONS.values`.
    pub conditions: Option<&'static str>,
    pub joint_projects: Option<u32>,
}

impl Default for AcademicYear {
    fn default() -> Self {
        AcademicYear::new(2000)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudentRow {
    /// 0-based row in its sheet.
    pub row: u32,
    pub name: Option<String>,
    pub student_id: Option<String>,
    /// `schema::DOCTOR` or `schema::MASTER`.
    pub level: Option<&'static str>,
    pub degree_type: Option<&'static str>,
    pub supervisor: Option<String>,
    pub station_supervisor: Option<String>,
    pub entered_on: Option<NaiveDate>,
    /// `None` with `left_unknown == false`: still in the station at the end of the year.
    pub left_on: Option<NaiveDate>,
    /// 出站日期 was filled but could not be read.
    pub left_unknown: bool,
    pub monthly_subsidy: Option<f64>,
    pub months_paid: Option<f64>,
    pub amount_paid: Option<f64>,
    pub paid_in_full: Option<bool>,
    pub supervisor_project: Option<bool>,
    pub insured: Option<bool>,
    pub safety_training: Option<bool>,
    pub remark: Option<String>,
    /// A spot check found the row 不属实 (SPEC §9.3): it gives no days.
    pub refuted: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub row: u32,
    pub name: Option<String>,
    pub role: Option<&'static str>,
    pub title: Option<String>,
    pub position: Option<String>,
    pub employer: Option<String>,
    pub social_roles: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub row: u32,
    pub kind: Option<&'static str>,
    pub name: Option<String>,
    pub level: Option<&'static str>,
    pub obtained_on: Option<NaiveDate>,
    pub students: Vec<String>,
    pub related: Option<bool>,
    pub benefit: Option<bool>,
    pub benefit_note: Option<String>,
    /// A spot check found the outcome 不属实 (SPEC §9.3): neither it nor its claim of
    /// 重要经济社会效益 counts.
    pub refuted: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Funding {
    pub row: u32,
    pub source: Option<&'static str>,
    pub received: Option<f64>,
    pub spent: Option<f64>,
    pub subsidy_spent: Option<f64>,
    pub note: Option<String>,
}

/// One annual report workbook, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub file: String,
    pub info: BasicInfo,
    pub students: Vec<StudentRow>,
    pub people: Vec<Person>,
    pub outcomes: Vec<Outcome>,
    pub funding: Vec<Funding>,
    pub layouts: Layouts,
    /// A file-level error (a required sheet or column missing): such a report gives a year
    /// its data only when no other report of the year is whole (SPEC §10).
    pub broken: Option<String>,
    /// A spot check found the year's 到位金额 total 不属实 (SPEC §9.3): it counts as 0.
    pub funding_refuted: bool,
}

impl Report {
    /// `(sheet name as written, cell)` of a field of a record, for evidence and problems.
    pub fn cell(&self, sheet: &Sheet, field: &Field, row: u32) -> (String, Option<CellRef>) {
        self.layouts
            .cell(sheet, field, row)
            .unwrap_or_else(|| (sheet.name.to_string(), None))
    }

    /// The value cell of a 基本信息 field.
    pub fn info_cell(&self, field: &Field) -> (String, Option<CellRef>) {
        self.cell(&schema::report::BASIC, field, 0)
    }

    /// 经费 到位金额 as written: the sum of the readable cells.
    pub fn funding_written(&self) -> f64 {
        self.funding.iter().filter_map(|x| x.received).sum()
    }

    /// 经费 到位金额 as it counts: the sum, or 0 when a spot check found it 不属实.
    pub fn funding_received(&self) -> f64 {
        if self.funding_refuted {
            0.0
        } else {
            self.funding_written()
        }
    }
}

/// A row of 工作站名册.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegisterEntry {
    pub file: String,
    pub row: u32,
    pub station_id: String,
    pub station_name: Option<String>,
    pub host: Option<String>,
    pub host_type: Option<&'static str>,
    pub college: Option<String>,
    pub recognised_on: Option<NaiveDate>,
    pub remark: Option<String>,
    /// 涉密: `Some(true)` leaves the station out of the public version (SPEC §9.2).
    pub confidential: Option<bool>,
}

/// A row of 专家评议. `None` means no opinion: the data decide.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewEntry {
    pub file: String,
    pub row: u32,
    pub station_id: String,
    pub station_name: Option<String>,
    pub applied: Option<bool>,
    pub conditions: Option<&'static str>,
    pub rules_sound: Option<bool>,
    pub mechanism: Option<bool>,
    pub cooperation: Option<bool>,
    pub benefit: Option<bool>,
    /// 生活补助按时足额发放: overrides C4.
    pub subsidy: Option<bool>,
    pub opinion: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
}

/// What an item of a 抽查清单 points at, and the value it had when drawn (SPEC §9.3).
#[derive(Debug, Clone, PartialEq)]
pub enum SpotTarget {
    /// 研究生: the report row whose 学号 cell is `cell`, holding `student_id`.
    Student { cell: CellRef, student_id: String },
    /// 成果: the outcome row whose 成果名称 cell is `cell`, holding `name`.
    Outcome { cell: CellRef, name: String },
    /// 经费: the report's 到位金额 total.
    Funding { total: f64 },
}

impl SpotTarget {
    /// 项目类型: one of `schema::SPOT_KIND.values`.
    pub fn kind_label(&self) -> &'static str {
        match self {
            SpotTarget::Student { .. } => schema::SPOT_STUDENT,
            SpotTarget::Outcome { .. } => schema::SPOT_OUTCOME,
            SpotTarget::Funding { .. } => schema::SPOT_FUNDING,
        }
    }

    /// The 核对值 as written in the list: the 学号, the 成果名称, the total to the cent.
    pub fn check_value(&self) -> String {
        match self {
            SpotTarget::Student { student_id, .. } => student_id.clone(),
            SpotTarget::Outcome { name, .. } => name.clone(),
            SpotTarget::Funding { total } => format!("{total:.2}"),
        }
    }

    /// The row of the item in its sheet; `None` for a year's funding (several rows).
    pub fn row(&self) -> Option<u32> {
        match self {
            SpotTarget::Student { cell, .. } | SpotTarget::Outcome { cell, .. } => Some(cell.row),
            SpotTarget::Funding { .. } => None,
        }
    }
}

/// A row of a filled 抽查清单 whose 核查结果 is given.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotCheckEntry {
    /// The 抽查清单 file, its sheet as written, and the row (0-based) and 核查结果 cell.
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub result_cell: Option<CellRef>,
    pub station_id: String,
    /// 来源文件: the report, relative to the input folder.
    pub source_file: String,
    pub target: SpotTarget,
    /// 核查结果: 属实 (true) or 不属实 (false).
    pub verdict: bool,
    /// 核查说明.
    pub note: Option<String>,
}

impl SpotCheckEntry {
    /// `抽查清单_2026-11-30.xlsx 抽查清单!H5`: where the checker wrote the result.
    pub fn place(&self) -> String {
        match self.result_cell {
            Some(c) => format!("{} {}!{c}", self.file, self.sheet),
            None => format!("{} {} 第 {} 行", self.file, self.sheet, self.row + 1),
        }
    }
}

/// What one readable workbook turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Submission {
    Report(Box<Report>),
    Register(Vec<RegisterEntry>),
    Review(Vec<ReviewEntry>),
    /// The rows of a 抽查清单 that carry a 核查结果.
    SpotCheck(Vec<SpotCheckEntry>),
}

impl Submission {
    pub fn kind(&self) -> schema::Kind {
        match self {
            Submission::Report(_) => schema::Kind::Report,
            Submission::Register(_) => schema::Kind::Register,
            Submission::Review(_) => schema::Kind::Review,
            Submission::SpotCheck(_) => schema::Kind::SpotCheck,
        }
    }
}

/// Rank of a 工作生活条件 value: 0 is the best (优越).
pub fn conditions_rank(value: &str) -> Option<usize> {
    schema::CONDITIONS.values.iter().position(|v| *v == value)
}

/// A file's place in the run's list of files, in the order they were found: how a later stage
/// names the file it decided something about (a path is for people to read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// What a file turned out to be (文件清单 类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Report,
    Register,
    Review,
    /// A 抽查清单 (SPEC §9.3).
    SpotCheck,
    /// The program's own summary workbook.
    Summary,
    /// A spreadsheet of none of the known kinds.
    UnknownSpreadsheet,
    /// A spreadsheet that could not be opened.
    Unreadable,
    NotSpreadsheet,
    /// A .zip read like a folder (its members have rows of their own), or an archive that
    /// cannot be read.
    Archive,
}

impl FileKind {
    /// The kind of file a workbook of a schema kind is.
    pub fn of(kind: schema::Kind) -> FileKind {
        match kind {
            schema::Kind::Report => FileKind::Report,
            schema::Kind::Register => FileKind::Register,
            schema::Kind::Review => FileKind::Review,
            schema::Kind::SpotCheck => FileKind::SpotCheck,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileKind::Report => crate::schema::REPORT.title,
            FileKind::Register => crate::schema::REGISTER.title,
            FileKind::Review => crate::schema::REVIEW.title,
            FileKind::SpotCheck => crate::schema::SPOT_CHECK.title,
            FileKind::Summary => "汇总结果",
            FileKind::UnknownSpreadsheet => "未知表格",
            FileKind::Unreadable => "无法读取",
            FileKind::NotSpreadsheet => "非表格文件",
            FileKind::Archive => "压缩包",
        }
    }
}

/// 文件清单 状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileStatus {
    Used,
    Superseded,
    NotUsed,
    Ignored,
}

impl FileStatus {
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Used => "已采用",
            FileStatus::Superseded => "被取代",
            FileStatus::NotUsed => "未采用",
            FileStatus::Ignored => "已忽略",
        }
    }
}

/// One row of 文件清单.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub source: SourceFile,
    pub kind: FileKind,
    pub status: FileStatus,
    /// Why it has that status, in Chinese; empty for a plainly used file.
    pub reason: String,
    pub station: Option<String>,
    pub year: Option<AcademicYear>,
    pub filed_on: Option<NaiveDate>,
    pub errors: usize,
    pub warnings: usize,
}

/// The spreadsheet formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    /// By file extension, in any case (`.XLSX` too).
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        Format::of_extension(path.extension()?.to_str()?)
    }

    /// By the extension of a file name (a member of an archive has a name, not a path).
    pub fn of_name(name: &str) -> Option<Format> {
        match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => Format::of_extension(ext),
            _ => None,
        }
    }

    fn of_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            // WPS's own .et is the same compound-file format as .xls.
            "xls" | "et" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}
