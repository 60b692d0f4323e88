//! Nothing is lost, as a property: for seeded random folders of reports (a few stations,
//! several years) with random defects — bad dates, numbers and choices, empty required cells,
//! duplicate 学号, extra columns, blank, 序号-only and 合计 rows, corrections, a report
//! outside the term, a destroyed header, unreadable, unknown and unassignable workbooks,
//! lock, hidden and text files — the real binary's CSV output must account for every input:
//!
//! - every file is in 文件清单 with a status, and no other file is;
//! - every student and outcome row is counted in the summary (its 学号 in 进站研究生 for
//!   that station and year, its outcome in 成果 from that file), or listed in 问题清单 at a
//!   cell of its row, or its whole sheet or file is listed as not used with the reason;
//! - both sides add up: the students of 进站研究生 are exactly the 学号 of the used rows,
//!   成果 has one line per outcome row of each used report, and each file's 错误数/警告数
//!   are its lines in 问题清单.
//!
//! `GSW_LOST_CASES=200 cargo test --release --test nothing_lost` runs more folders; a
//! failure names the seed to rerun with `GSW_LOST_SEED`.

use chrono::Days;
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{Rng, Sizes, StationPlan};
use gsw::fill::{Filled, Input};
use gsw::model::RegisterEntry;
use gsw::schema::{report as f, Field};
use gsw::template::FIRST_DATA_ROW;
use gsw::validate::cell::normalize_key;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

const AS_OF: &str = "2026-11-30";
/// A sheet people add: more students, under a name that is not the template's.
const EXTRA_SHEET: &str = "进站研究生（续）";
const DEFAULT_CASES: u64 = 20;

/// A data row written into a report: where it is and what it should become.
#[derive(Debug, Clone)]
struct DataRow {
    sheet: &'static str,
    /// 0-based.
    row: u32,
    what: Row,
    /// The defect written into it, for messages.
    defect: &'static str,
}

#[derive(Debug, Clone)]
enum Row {
    /// The 学号 as the reader should key it; `None` when left blank.
    Student(Option<String>),
    /// The 成果名称; `None` when left blank.
    Outcome(Option<String>),
}

/// One file written into the folder, and what the test knows about it.
#[derive(Debug, Default)]
struct Written {
    rel: String,
    station: Option<String>,
    year: Option<AcademicYear>,
    rows: Vec<DataRow>,
    /// Expected not to be used, and why (for messages).
    not_used: Option<&'static str>,
    /// The 成果 header was destroyed: its rows are listed as a sheet.
    outcome_header_gone: bool,
}

/// A folder of inputs.
struct Corpus {
    files: Vec<Written>,
}

fn student_cells(s: &gsw::fill::StudentSpec, n: usize) -> Vec<(&'static Field, Input)> {
    vec![
        (&f::SEQ, Input::from(n as u32 + 1)),
        (&f::NAME, Input::text(&s.name)),
        (&f::STUDENT_ID, Input::text(&s.student_id)),
        (&f::LEVEL, s.level.into()),
        (&f::DEGREE_TYPE, s.degree_type.into()),
        (&f::SUPERVISOR, Input::text(&s.supervisor)),
        (&f::STATION_SUPERVISOR, Input::text(&s.station_supervisor)),
        (&f::ENTERED_ON, s.entered_on.into()),
        (&f::LEFT_ON, s.left_on.into()),
        (&f::MONTHLY_SUBSIDY, s.monthly_subsidy.into()),
        (&f::MONTHS_PAID, s.months_paid.into()),
        (&f::AMOUNT_PAID, s.amount_paid.into()),
        (&f::PAID_IN_FULL, s.paid_in_full.into()),
        (&f::SUPERVISOR_PROJECT, s.supervisor_project.into()),
        (&f::INSURED, s.insured.into()),
        (&f::SAFETY_TRAINING, s.safety_training.into()),
        (&f::REMARK, Input::text(&s.remark)),
    ]
}

fn outcome_cells(o: &gsw::fill::OutcomeSpec) -> Vec<(&'static Field, Input)> {
    vec![
        (&f::OUTCOME_KIND, o.kind.into()),
        (&f::OUTCOME_NAME, Input::text(&o.name)),
        (&f::OUTCOME_LEVEL, o.level.into()),
        (&f::OBTAINED_ON, o.obtained_on.into()),
        (&f::OUTCOME_STUDENTS, Input::text(&o.students.join("、"))),
        (&f::STATION_RELATED, o.related.into()),
        (&f::BENEFIT, o.benefit.into()),
        (&f::BENEFIT_NOTE, Input::text(&o.benefit_note)),
    ]
}

fn set(cells: &mut [(&'static Field, Input)], field: &Field, value: Input) {
    if let Some(c) = cells.iter_mut().find(|(f, _)| f.label == field.label) {
        c.1 = value;
    }
}

/// The students of a report with random row defects, blank and closing rows.
fn students(
    rng: &mut Rng,
    filled: &mut Filled,
    specs: &[gsw::fill::StudentSpec],
    rows: &mut Vec<DataRow>,
) {
    let mut n = 0usize;
    let mut last_id: Option<String> = None;
    for s in specs {
        if rng.chance(8) {
            filled.push_row(&f::STUDENTS, []);
            n += 1;
        }
        if rng.chance(5) {
            filled.push_row(&f::STUDENTS, [(&f::SEQ, Input::from(99u32))]);
            n += 1;
        }
        let mut cells = student_cells(s, n);
        let mut id = Some(normalize_key(&s.student_id));
        let defect = if rng.chance(35) {
            match rng.below(10) {
                0 => {
                    set(&mut cells, &f::ENTERED_ON, "2023-13-45".into());
                    "bad 进站日期"
                }
                1 => {
                    set(&mut cells, &f::MONTHLY_SUBSIDY, "一千".into());
                    "bad 月生活补助标准"
                }
                2 => {
                    set(&mut cells, &f::LEVEL, "BS".into());
                    "bad 培养层次"
                }
                3 => {
                    set(&mut cells, &f::STUDENT_ID, Input::Blank);
                    id = None;
                    "empty 学号"
                }
                4 => {
                    set(&mut cells, &f::NAME, Input::Blank);
                    "empty 姓名"
                }
                5 if last_id.is_some() => {
                    let dup = last_id.clone().unwrap_or_default();
                    set(&mut cells, &f::STUDENT_ID, Input::text(&dup));
                    id = Some(dup);
                    "duplicate 学号"
                }
                6 => {
                    let wide: String = s
                        .student_id
                        .chars()
                        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
                        .collect();
                    set(
                        &mut cells,
                        &f::STUDENT_ID,
                        Input::text(&format!(" {wide} ")),
                    );
                    "full-width 学号"
                }
                7 => {
                    let before = s.entered_on - Days::new(10);
                    set(&mut cells, &f::LEFT_ON, before.into());
                    "出站 before 进站"
                }
                8 => {
                    set(&mut cells, &f::PAID_IN_FULL, "大概".into());
                    "bad 按时足额发放"
                }
                _ => match s.student_id.parse::<f64>() {
                    Ok(n) => {
                        set(&mut cells, &f::STUDENT_ID, Input::Number(n));
                        "学号 as a number"
                    }
                    Err(_) => "",
                },
            }
        } else {
            ""
        };
        if id.is_some() {
            last_id = id.clone();
        }
        filled.push_row(&f::STUDENTS, cells);
        rows.push(DataRow {
            sheet: f::STUDENTS.name,
            row: FIRST_DATA_ROW + n as u32,
            what: Row::Student(id),
            defect,
        });
        n += 1;
    }
    if rng.chance(30) {
        let total: f64 = specs.iter().map(|s| s.amount_paid).sum();
        filled.push_row(
            &f::STUDENTS,
            [
                (&f::NAME, Input::from("合计")),
                (&f::AMOUNT_PAID, total.into()),
            ],
        );
    }
}

fn outcomes(
    rng: &mut Rng,
    filled: &mut Filled,
    specs: &[gsw::fill::OutcomeSpec],
    rows: &mut Vec<DataRow>,
) {
    let mut n = 0usize;
    for o in specs {
        if rng.chance(8) {
            filled.push_row(&f::OUTCOMES, []);
            n += 1;
        }
        let mut cells = outcome_cells(o);
        let mut name = Some(o.name.clone());
        let defect = if rng.chance(35) {
            match rng.below(5) {
                0 => {
                    set(&mut cells, &f::OUTCOME_LEVEL, "国际级".into());
                    "bad 级别"
                }
                1 => {
                    set(&mut cells, &f::OUTCOME_NAME, Input::Blank);
                    name = None;
                    "empty 成果名称"
                }
                2 => {
                    set(&mut cells, &f::OBTAINED_ON, "去年".into());
                    "bad 取得日期"
                }
                3 => {
                    set(&mut cells, &f::STATION_RELATED, Input::Blank);
                    "empty 与工作站相关"
                }
                _ => {
                    set(&mut cells, &f::OUTCOME_KIND, "专著".into());
                    "bad 成果类型"
                }
            }
        } else {
            ""
        };
        filled.push_row(&f::OUTCOMES, cells);
        rows.push(DataRow {
            sheet: f::OUTCOMES.name,
            row: FIRST_DATA_ROW + n as u32,
            what: Row::Outcome(name),
            defect,
        });
        n += 1;
    }
}

/// File-level damage to a report.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Damage {
    None,
    Truncated,
    RenamedSheet,
    NoStationId,
    OutcomeHeaderGone,
    ExtraColumn,
    ExtraSheet,
}

fn write_report(
    dir: &Path,
    rel: &str,
    spec: &gsw::fill::ReportSpec,
    damage: Damage,
    rng: &mut Rng,
) -> Written {
    let mut model = spec.to_model();
    model.students.clear();
    model.outcomes.clear();
    let mut filled = Filled::report(&model);
    if damage == Damage::NoStationId {
        filled.set(&f::STATION_ID, Input::Blank);
    }
    let mut rows = Vec::new();
    students(rng, &mut filled, &spec.students, &mut rows);
    outcomes(rng, &mut filled, &spec.outcomes, &mut rows);
    let mut wb = filled.workbook().unwrap();
    match damage {
        Damage::RenamedSheet => {
            wb.worksheet_from_name(f::STUDENTS.name)
                .unwrap()
                .set_name("学生名单")
                .unwrap();
        }
        Damage::OutcomeHeaderGone => {
            let ws = wb.worksheet_from_name(f::OUTCOMES.name).unwrap();
            for c in 0..f::OUTCOMES.fields.len() as u16 {
                ws.write_string(0, c, format!("第{c}列")).unwrap();
            }
        }
        Damage::ExtraColumn => {
            let ws = wb.worksheet_from_name(f::STUDENTS.name).unwrap();
            let col = f::STUDENTS.fields.len() as u16 + 1;
            ws.write_string(0, col, "联系方式").unwrap();
            for r in rows.iter().filter(|r| r.sheet == f::STUDENTS.name) {
                ws.write_string(r.row, col, "13800000000").unwrap();
            }
        }
        Damage::ExtraSheet => {
            let ws = wb.add_worksheet();
            ws.set_name(EXTRA_SHEET).unwrap();
            for (c, field) in f::STUDENTS.fields.iter().enumerate() {
                ws.write_string(0, c as u16, field.label).unwrap();
            }
            let col = |field: &Field| {
                f::STUDENTS
                    .fields
                    .iter()
                    .position(|x| x.label == field.label)
                    .unwrap() as u16
            };
            for r in 1..3u32 {
                let id = format!("{}X{r}", spec.station_id);
                ws.write_string(r, col(&f::NAME), "续表学生").unwrap();
                ws.write_string(r, col(&f::STUDENT_ID), &id).unwrap();
                ws.write_string(r, col(&f::ENTERED_ON), "2023-09-01")
                    .unwrap();
                rows.push(DataRow {
                    sheet: EXTRA_SHEET,
                    row: r,
                    what: Row::Student(None),
                    defect: "in a sheet not in the template",
                });
            }
        }
        _ => {}
    }
    let mut bytes = wb.save_to_buffer().unwrap();
    if damage == Damage::Truncated {
        bytes.truncate(bytes.len() / 2);
    }
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    Written {
        rel: rel.to_string(),
        station: Some(spec.station_id.clone()),
        year: Some(spec.year),
        rows,
        not_used: match damage {
            Damage::Truncated => Some("truncated"),
            Damage::RenamedSheet => Some("renamed sheet"),
            Damage::NoStationId => Some("no station id"),
            _ => None,
        },
        outcome_header_gone: damage == Damage::OutcomeHeaderGone,
    }
}

fn other_file(dir: &Path, rel: &str, bytes: &[u8]) -> Written {
    std::fs::write(dir.join(rel), bytes).unwrap();
    Written {
        rel: rel.to_string(),
        not_used: Some("not a report"),
        ..Written::default()
    }
}

/// A folder of 2–3 stations, each reporting its years so far, with defects from `seed`.
fn corpus(dir: &Path, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed);
    let sizes = Sizes {
        long_stays: 4,
        short_stays: 2,
        people: 3,
        outcomes: 3,
        funding_sources: 1,
    };
    let mut files = Vec::new();
    let mut register = Vec::new();
    let stations = rng.between(2, 3);
    for s in 0..stations {
        let id = format!("GZZ-{seed}-{s}");
        let start_year = 2021 + rng.below(3) as i32;
        let recognised_on = ymd(start_year, 9, 1);
        let last_year = (start_year + 3).min(2025);
        let plan = StationPlan::new(
            &id,
            &format!("测试{s}号研究生工作站"),
            &format!("天津测试{s}有限公司"),
            if s % 2 == 0 {
                "药学院"
            } else {
                "第二医院"
            },
            recognised_on,
        )
        .populate(
            seed * 10 + s,
            AcademicYear::new(last_year).last_day(),
            (s as u32) * 100,
            &sizes,
        );
        register.push(RegisterEntry {
            station_id: id.clone(),
            station_name: Some(plan.name.clone()),
            host: Some(plan.host.clone()),
            host_type: Some(plan.host_type),
            college: Some(plan.college.clone()),
            recognised_on: Some(recognised_on),
            ..RegisterEntry::default()
        });
        let folder = plan.college.clone();
        let mut years: Vec<i32> = (start_year..=last_year).collect();
        if rng.chance(25) {
            years.insert(0, start_year - 1); // a year before the term
        }
        for y in years {
            let year = AcademicYear::new(y);
            let filed_on = ymd(y + 1, 7, 1 + rng.below(9) as u32);
            let spec = plan.report(year, filed_on);
            let damage = match rng.below(100) {
                0..=6 => Damage::Truncated,
                7..=11 => Damage::RenamedSheet,
                12..=16 => Damage::NoStationId,
                17..=22 => Damage::OutcomeHeaderGone,
                23..=32 => Damage::ExtraColumn,
                33..=38 => Damage::ExtraSheet,
                _ => Damage::None,
            };
            let rel = format!("{folder}/{year}_{id}.xlsx");
            let mut w = write_report(dir, &rel, &spec, damage, &mut rng);
            if y < start_year {
                w.not_used = Some("year outside the term");
            }
            if w.not_used.is_none() && rng.chance(15) {
                // A correction sent later: it replaces this one.
                let mut later = spec.clone();
                later.filed_on = filed_on + Days::new(20);
                let rel = format!("{folder}/{year}_{id}_更正.xlsx");
                let corrected = write_report(dir, &rel, &later, Damage::None, &mut rng);
                w.not_used = Some("superseded");
                files.push(corrected);
            }
            files.push(w);
        }
    }
    if rng.chance(60) {
        let rel = "工作站名册.xlsx";
        Filled::register(&register).save(&dir.join(rel)).unwrap();
        files.push(Written {
            rel: rel.to_string(),
            ..Written::default()
        });
    }
    let mut other = rust_xlsxwriter::Workbook::new();
    other.add_worksheet().write_string(0, 0, "通讯录").unwrap();
    let other = other.save_to_buffer().unwrap();
    files.push(other_file(dir, "通讯录.xlsx", &other));
    files.push(other_file(dir, "~$通讯录.xlsx", b"lock"));
    files.push(other_file(dir, ".隐藏.xlsx", b"hidden"));
    files.push(other_file(dir, "说明.txt", "请查收".as_bytes()));
    files.push(other_file(dir, "空.xlsx", b""));
    files.push(other_file(dir, "坏.xls", b"\xD0\xCF\x11\xE0 not really"));
    Corpus { files }
}

/// A CSV written by gsw, as maps from column name to value.
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The 1-based row number of an A1 cell (`G12` → 12).
fn a1_row(cell: &str) -> Option<u32> {
    cell.trim_start_matches(|c: char| c.is_ascii_uppercase())
        .parse()
        .ok()
}

/// What one folder's check found, summed over folders.
#[derive(Debug, Default)]
struct Tally {
    files: usize,
    rows: usize,
    counted: usize,
    listed_at_row: usize,
    listed_with_file_or_sheet: usize,
}

fn check(seed: u64, tally: &mut Tally) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("报表");
    std::fs::create_dir(&input).unwrap();
    let corpus = corpus(&input, seed);
    let csv_dir = tmp.path().join("csv");
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .arg("consolidate")
        .arg(&input)
        .args(["--as-of", AS_OF, "-q", "--csv"])
        .arg(&csv_dir)
        .arg("-o")
        .arg(tmp.path().join("汇总.xlsx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "seed {seed}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = read_csv(&csv_dir.join("文件清单.csv"));
    let problems = read_csv(&csv_dir.join("问题清单.csv"));
    let students = read_csv(&csv_dir.join("进站研究生.csv"));
    let outcomes = read_csv(&csv_dir.join("成果.csv"));
    let ctx = |what: String| format!("seed {seed}: {what}");

    // Every file, once, with a status.
    let status: BTreeMap<&str, &str> = files
        .iter()
        .map(|f| (f["文件"].as_str(), f["状态"].as_str()))
        .collect();
    let written: BTreeSet<&str> = corpus.files.iter().map(|w| w.rel.as_str()).collect();
    assert_eq!(
        files.len(),
        status.len(),
        "{}",
        ctx("a file listed twice".into())
    );
    assert_eq!(
        status.keys().copied().collect::<BTreeSet<_>>(),
        written,
        "{}",
        ctx("文件清单 differs from the files written".into())
    );
    for f in &files {
        assert!(
            ["已采用", "被取代", "未采用", "已忽略"].contains(&f["状态"].as_str()),
            "{}",
            ctx(format!("{f:?}"))
        );
        if f["状态"] != "已采用" {
            assert!(
                !f["说明"].is_empty(),
                "{}",
                ctx(format!("no reason: {f:?}"))
            );
        }
    }
    tally.files += files.len();

    // Each file's error and warning counts are its lines in 问题清单.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for p in &problems {
        let c = counts.entry(p["文件"].as_str()).or_default();
        match p["级别"].as_str() {
            "错误" => c.0 += 1,
            "警告" => c.1 += 1,
            _ => {}
        }
    }
    for f in &files {
        let (e, w) = counts.get(f["文件"].as_str()).copied().unwrap_or_default();
        assert_eq!(
            (f["错误数"].as_str(), f["警告数"].as_str()),
            (e.to_string().as_str(), w.to_string().as_str()),
            "{}",
            ctx(format!("counts of {}", f["文件"]))
        );
    }

    let in_summary: BTreeSet<(String, String)> = students
        .iter()
        .map(|s| (s["工作站编号"].clone(), s["学号"].clone()))
        .collect();
    let years_of: HashMap<(String, String), String> = students
        .iter()
        .map(|s| {
            (
                (s["工作站编号"].clone(), s["学号"].clone()),
                s["出现学年"].clone(),
            )
        })
        .collect();
    let mut outcome_lines: HashMap<(String, String), usize> = HashMap::new();
    for o in &outcomes {
        *outcome_lines
            .entry((o["文件"].clone(), o["成果名称"].clone()))
            .or_default() += 1;
    }

    let mut expected_students: BTreeSet<(String, String)> = BTreeSet::new();
    for w in &corpus.files {
        let st = status.get(w.rel.as_str()).copied().unwrap_or("");
        let used = st == "已采用";
        if let Some(why) = w.not_used {
            assert_ne!(
                st,
                "已采用",
                "{}",
                ctx(format!("{} ({why}) is listed as used", w.rel))
            );
        }
        let station = w.station.clone().unwrap_or_default();
        let file_problems: Vec<&HashMap<String, String>> =
            problems.iter().filter(|p| p["文件"] == w.rel).collect();
        let mut outcome_rows = 0usize;
        for r in &w.rows {
            tally.rows += 1;
            let at_row = file_problems
                .iter()
                .any(|p| p["工作表"] == r.sheet && a1_row(&p["单元格"]) == Some(r.row + 1));
            let sheet_listed = file_problems.iter().any(|p| {
                p["工作表"] == r.sheet
                    && p["单元格"].is_empty()
                    && (p["级别"] == "错误" || r.sheet == EXTRA_SHEET)
            });
            let counted = used
                && !sheet_listed
                && match &r.what {
                    Row::Student(Some(id)) => {
                        expected_students.insert((station.clone(), id.clone()));
                        let key = (station.clone(), id.clone());
                        let year = w.year.map(|y| y.to_string()).unwrap_or_default();
                        in_summary.contains(&key)
                            && years_of.get(&key).is_some_and(|ys| ys.contains(&year))
                    }
                    Row::Student(None) => false,
                    Row::Outcome(name) => {
                        outcome_rows += 1;
                        let key = (w.rel.clone(), name.clone().unwrap_or_default());
                        outcome_lines.get(&key).is_some_and(|n| *n > 0)
                    }
                };
            let file_listed = !used && !file_problems.is_empty();
            if counted {
                tally.counted += 1;
            }
            if at_row {
                tally.listed_at_row += 1;
            } else if !counted && (sheet_listed || file_listed) {
                tally.listed_with_file_or_sheet += 1;
            }
            assert!(
                counted || at_row || sheet_listed || file_listed,
                "{}",
                ctx(format!(
                    "{} {}!row {} ({:?}, defect {:?}, file {st}) is neither counted nor listed",
                    w.rel,
                    r.sheet,
                    r.row + 1,
                    r.what,
                    r.defect
                ))
            );
        }
        // 成果 lists every outcome row of a used report: one line each.
        if used && !w.outcome_header_gone {
            let lines: usize = outcomes.iter().filter(|o| o["文件"] == w.rel).count();
            assert_eq!(
                lines,
                outcome_rows,
                "{}",
                ctx(format!("成果 lines from {}", w.rel))
            );
        }
    }
    // 进站研究生 holds exactly the 学号 of the used rows.
    assert_eq!(
        in_summary,
        expected_students,
        "{}",
        ctx("进站研究生 differs from the 学号 of the used rows".into())
    );
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn every_row_of_every_file_is_counted_or_listed() {
    let seeds: Vec<u64> = match env_u64("GSW_LOST_SEED") {
        Some(seed) => vec![seed],
        None => (1..=env_u64("GSW_LOST_CASES").unwrap_or(DEFAULT_CASES)).collect(),
    };
    let mut tally = Tally::default();
    for seed in seeds {
        check(seed, &mut tally);
    }
    eprintln!("{tally:?}");
    assert!(tally.counted > 0 && tally.listed_at_row > 0 && tally.listed_with_file_or_sheet > 0);
}

/// The generator itself: the same seed gives the same folder.
#[test]
fn the_same_seed_gives_the_same_folder() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (ca, cb) = (corpus(a.path(), 3), corpus(b.path(), 3));
    let rels = |c: &Corpus| c.files.iter().map(|w| w.rel.clone()).collect::<Vec<_>>();
    assert_eq!(rels(&ca), rels(&cb));
}
