//! Spot checks (管理办法: “学校会对研究生工作站相关数据进行抽查”; SPEC §9.3): which stations to
//! check, drawn reproducibly from a seed, and the list of what to check of each
//! ([`Checklist`]), which `gsw spot-check` writes as the 抽查清单 workbook.
//!
//! The draw. Each station's place in the draw is the first 8 bytes (big-endian) of
//! SHA-256(`gsw-spot-check`, the seed in decimal, the station's 编号, separated by line feeds):
//! the lowest places are drawn. SHA-256 (a standard, already used here for file identity),
//! not a PRNG crate, because a station's place then depends on the seed and its own 编号
//! only — not on the order files are found or read, the number of threads, the other stations,
//! or any crate's version — and anyone can recompute it. Every 牵头学院/医院 is represented
//! while the count allows: each college's best-placed station is drawn first (the colleges in
//! the order of those places, so a count below the number of colleges takes the best-placed
//! colleges), then the remaining places by the overall order. Only stations with something
//! to check (at least one item) take part.

use crate::dates::chinese_date;
use crate::evaluate::{SpotDetail, SpotItem, StationItems};
use crate::format::yuan;
use crate::model::SpotTarget;
use crate::schema;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// How many stations to draw, and from what seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    pub count: usize,
    pub seed: u64,
}

impl Draw {
    /// The default seed: the evaluation date as the number YYYYMMDD.
    pub fn default_seed(as_of: NaiveDate) -> u64 {
        as_of
            .format("%Y%m%d")
            .to_string()
            .parse()
            .unwrap_or_default()
    }
}

/// The stations drawn and what to check of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub as_of: NaiveDate,
    pub draw: Draw,
    /// Stations that could be drawn (with at least one item), and their colleges.
    pub eligible: usize,
    pub colleges: usize,
    /// The stations drawn, in 编号 order.
    pub stations: Vec<StationItems>,
}

impl Checklist {
    pub fn item_count(&self) -> usize {
        self.stations.iter().map(|s| s.items.len()).sum()
    }
}

/// A station's place in the draw for `seed`: lower is drawn first.
pub fn place(seed: u64, station_id: &str) -> u64 {
    let digest = Sha256::digest(format!("gsw-spot-check\n{seed}\n{station_id}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The college a station is drawn under: its 牵头学院/医院 as compared (normalised), or
/// empty when unknown (those stations form one group of their own).
fn college_key(s: &StationItems) -> String {
    (s.college.as_deref())
        .map(|c| schema::normalize_name(c).into_owned())
        .unwrap_or_default()
}

/// Draws `draw.count` stations among those with items.
pub fn draw(stations: Vec<StationItems>, draw: Draw, as_of: NaiveDate) -> Checklist {
    let mut eligible: Vec<(u64, StationItems)> = (stations.into_iter())
        .filter(|s| !s.items.is_empty())
        .map(|s| (place(draw.seed, &s.id), s))
        .collect();
    eligible.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    // Each college's best-placed station, in the order of their places.
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (_, s)) in eligible.iter().enumerate() {
        best.entry(college_key(s)).or_insert(i);
    }
    let mut firsts: Vec<usize> = best.values().copied().collect();
    firsts.sort_unstable();
    let mut chosen: Vec<usize> = firsts.iter().copied().take(draw.count).collect();
    for i in 0..eligible.len() {
        if chosen.len() >= draw.count {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    let total = eligible.len();
    let colleges = best.len();
    let mut stations: Vec<StationItems> = (eligible.into_iter().enumerate())
        .filter(|(i, _)| chosen.binary_search(i).is_ok())
        .map(|(_, (_, s))| s)
        .collect();
    stations.sort_by(|a, b| a.id.cmp(&b.id));
    Checklist {
        as_of,
        draw,
        eligible: total,
        colleges,
        stations,
    }
}

/// 内容 of an item as the checker reads it.
pub fn content(item: &SpotItem) -> String {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "不明".into());
    match (&item.target, &item.detail) {
        (
            SpotTarget::Student { student_id, .. },
            SpotDetail::Student {
                name,
                level,
                year,
                start,
                end,
                total_days,
            },
        ) => format!(
            "学号 {student_id}，{}{}：{year} 学年在站 {start} 至 {end}，{} 天（有效期内共 {total_days} 天）",
            name.as_deref().unwrap_or("姓名未填"),
            level.map(|l| format!("（{l}）")).unwrap_or_default(),
            item.detail.days().unwrap_or_default(),
        ),
        (
            SpotTarget::Outcome { name, .. },
            SpotDetail::Outcome {
                year,
                kind,
                level,
                obtained_on,
                ranked,
                benefit,
            },
        ) => {
            let mut out = format!(
                "{}{}《{name}》，取得日期 {}（{year} 学年报表）",
                level.unwrap_or("级别不明的"),
                kind.unwrap_or("成果"),
                date(*obtained_on)
            );
            if !ranked {
                out.push_str("，不计入国家级、省部级成果数");
            }
            if let Some(note) = benefit {
                out.push_str("；称产生重要经济社会效益");
                if let Some(note) = note {
                    out.push_str(&format!("：{note}"));
                }
            }
            out
        }
        (SpotTarget::Funding { total }, SpotDetail::Funding { year, rows }) => {
            format!("{year} 学年经费到位金额合计 {} 元（{rows} 行）", yuan(*total))
        }
        // An item is made with the detail of its own kind.
        _ => String::new(),
    }
}

/// 单元格 as written in the list: `C5`, or `C2:C4` for a year's funding.
pub fn cells(item: &SpotItem) -> String {
    match item.cells {
        Some((a, b)) if a == b => a.to_string(),
        Some((a, b)) => format!("{a}:{b}"),
        None => String::new(),
    }
}

/// `抽查日期 2026年11月30日`, for printed pages.
pub fn date_note(as_of: NaiveDate) -> String {
    format!("抽查日期 {}", chinese_date(as_of))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::{Grade, Status};
    use crate::problem::CellRef;

    fn station(id: &str, college: &str) -> StationItems {
        let cell = CellRef::new(1, 2);
        StationItems {
            id: id.to_string(),
            name: None,
            college: Some(college.to_string()),
            status: Status::InTerm,
            grade: Grade::Qualified,
            is_forecast: true,
            items: vec![SpotItem {
                target: SpotTarget::Funding { total: 1.0 },
                file: format!("{id}.xlsx"),
                sheet: "经费".into(),
                cells: Some((cell, cell)),
                detail: SpotDetail::Funding {
                    year: crate::dates::AcademicYear::new(2023),
                    rows: 1,
                },
            }],
        }
    }

    fn ids(c: &Checklist) -> Vec<&str> {
        c.stations.iter().map(|s| s.id.as_str()).collect()
    }

    /// A station's place depends on the seed and its 编号 only; every college is drawn while
    /// the count allows; the draw does not depend on the order the stations come in.
    #[test]
    fn the_draw_is_reproducible_and_covers_the_colleges() {
        let as_of = crate::dates::ymd(2026, 11, 30);
        let colleges = ["药学院", "基础医学院", "第一医院", "口腔医院"];
        let all: Vec<StationItems> = (0..40)
            .map(|i| station(&format!("S{i:02}"), colleges[i % 4]))
            .collect();
        let run =
            |count, seed, stations: Vec<StationItems>| draw(stations, Draw { count, seed }, as_of);
        let a = run(6, 1, all.clone());
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(a, run(6, 1, reversed));
        assert_eq!(a.stations.len(), 6);
        assert_eq!((a.eligible, a.colleges), (40, 4));
        for college in colleges {
            assert!(a
                .stations
                .iter()
                .any(|s| s.college.as_deref() == Some(college)));
        }
        assert_ne!(ids(&a), ids(&run(6, 2, all.clone())));
        // Fewer than the colleges: each drawn station from another college.
        let b = run(3, 1, all.clone());
        let mut drawn: Vec<_> = b.stations.iter().map(|s| s.college.clone()).collect();
        drawn.dedup();
        drawn.sort();
        drawn.dedup();
        assert_eq!(drawn.len(), 3);
        // More than there are: all of them; a station with nothing to check is never drawn.
        let mut few = all[..3].to_vec();
        few[0].items.clear();
        let c = run(5, 1, few);
        assert_eq!(ids(&c), ["S01", "S02"]);
        assert_eq!(Draw::default_seed(as_of), 20261130);
        assert_eq!(place(7, "S01"), place(7, "S01"));
        assert_ne!(place(7, "S01"), place(8, "S01"));
    }
}
