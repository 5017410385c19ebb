//! The demo province: Phú Thọ as it is today, with what no public source
//! has filled by a documented, seeded model.
//!
//! Real: the 148 communes of 2025 (codes, names, population, area,
//! centres), the units before the reform and the mapping, the SRTM terrain,
//! OSM place points, the MCC 452 operator codes, the 2022 provincial
//! indicators.
//!
//! Modelled (every record says `synthetic` in its `source`):
//!
//! - **Commune extents**: power-diagram (weighted Voronoi) cells of the
//!   commune centres, clipped to the convex hull of the centres grown until it
//!   holds the province's official area, with weights fitted so that each
//!   cell's area approaches the commune's official area (each centre stays in
//!   its own cell); marked approximate. The ratio of cell to official area is
//!   in the report.
//! - **Villages**: about one per 1,000–1,500 inhabitants of each commune
//!   (OSM places inside the commune count towards that number). A village is
//!   placed by drawing six candidate points (45 % around the commune centre,
//!   normal with σ = 0.3·√area, the rest uniform in the cell) and keeping the
//!   lowest one on the terrain: settlements lie near centres, in valleys and
//!   on low ground. The commune's population is split among its synthetic
//!   villages with log-normal weights (σ = 0.5), heavier near the centre;
//!   households = population / 3.6. Villages of old Hòa Bình are "bản" or
//!   "xóm", wards' are "khu", the rest "thôn". Villages high up or far out in
//!   hilly communes are flagged especially difficult with probability 0.35;
//!   a sixth of those are off the grid.
//! - **Sites**: four operators with shares of sites 45/28/22/5 % (Viettel,
//!   Vinaphone, MobiFone, Vietnamobile); per commune each operator places
//!   sites in proportion to a need of population + 45 people-equivalents per
//!   km², scaled so that old Phú Thọ holds about the 3,648 BTS reported for
//!   2022 (a BTS = one operator's technology on one site). A site stands
//!   0.2–1.5 km from a village drawn by population, on the highest of four
//!   candidate points. With probability 0.22 an operator co-locates on
//!   another operator's tower in the commune instead, so about a fifth of
//!   towers are shared. 2G/3G/4G at most sites; 5G NR 3.5 GHz at the sites
//!   nearest to the centres of Việt Trì, Vĩnh Yên and Phúc Yên and to the
//!   industrial zones. Three sectors per technology at 120° spacing.
//! - **Gaps**: a handful of villages in valleys of hilly terrain are left
//!   without signal: among the most valley-like villages, those that the
//!   fewest sites reach under ITM are chosen, and those sites are removed
//!   (see `pick_gaps`); nothing in the data says which they are.
//! - **Zones**: the main industrial zones, tourist sites and state agency
//!   seats at approximate positions from public knowledge (`approximate`),
//!   and the 148 commune centres (official).

use crate::admin::{self, AdminData, AdminDataError};
use crate::bundled;
use hatang_core::geo::{
    convex_hull, fitted_power_cells, grow_ring, point_in_ring, polygon_area_km2, LatLon,
};
use hatang_core::model::*;
use hatang_core::rng::Rng;
use std::collections::{BTreeMap, HashMap};

/// Settings of the demo model.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// Seed: the same seed gives the same dataset.
    pub seed: u64,
    /// Inhabitants per village, drawn uniformly per commune.
    pub people_per_village: (f64, f64),
    /// How many villages are left without signal.
    pub gap_villages: usize,
    /// Every site this close to a gap village, km, is removed; gaps lie 1.5
    /// times this apart.
    pub gap_exclusion_km: f64,
    /// How many of the most valley-like villages are examined as gaps.
    pub gap_candidates: usize,
    /// Most sites that may be removed to clear one gap village.
    pub gap_max_removed: usize,
    /// Every site within this distance of a gap village, km, is checked
    /// with ITM; the terrain must cover this disk around a gap village.
    pub gap_clear_radius_km: f64,
    /// A site any of whose sectors' figure (RSRP, SS-RSRP, RSCP; RxLev
    /// 10 dB higher for 2G) at a gap village reaches this, dBm, is removed:
    /// 7 dB under the default "fair" threshold of −115 dBm, as a margin.
    pub gap_max_figure_dbm: f64,
    /// BTS (operator × technology × site) that old Phú Thọ should hold.
    pub bts_old_phu_tho: f64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        Self {
            seed: 2025,
            people_per_village: (1000.0, 1500.0),
            gap_villages: 6,
            gap_exclusion_km: 3.0,
            gap_candidates: 160,
            gap_max_removed: 25,
            gap_clear_radius_km: 20.0,
            gap_max_figure_dbm: -122.0,
            bts_old_phu_tho: 3648.0,
        }
    }
}

/// What the generator did, for the terminal and the tests. The ids of the
/// gap villages are here (for tests that check the analysis finds them) and
/// nowhere in the dataset.
#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    /// Communes whose centre lies outside the loaded terrain (code, name).
    pub communes_outside_terrain: Vec<(String, String)>,
    /// Villages from OSM places.
    pub villages_osm: usize,
    /// Synthetic villages.
    pub villages_synthetic: usize,
    /// Villages flagged especially difficult.
    pub villages_difficult: usize,
    /// Towers.
    pub sites: usize,
    /// Towers used by more than one operator.
    pub sites_shared: usize,
    /// Sites with 5G.
    pub sites_5g: usize,
    /// BTS (operator × technology × site) in the whole province.
    pub bts_total: usize,
    /// BTS in the communes whose seat lay in old Phú Thọ.
    pub bts_old_phu_tho: usize,
    /// Sectors.
    pub sectors: usize,
    /// Median and worst ratio of a Voronoi cell's area to the official area.
    pub cell_area_ratio_median: f64,
    /// Worst ratio (farthest from 1, as max(r, 1/r)).
    pub cell_area_ratio_worst: f64,
    /// Sites removed so that the gap villages get no signal.
    pub sites_removed_for_gaps: usize,
    /// Villages deliberately left without any site nearby.
    pub gap_village_ids: Vec<String>,
}

/// The dataset and its report.
#[derive(Debug, Clone)]
pub struct Demo {
    /// Everything to store.
    pub dataset: Dataset,
    /// What was made.
    pub report: DemoReport,
}

/// Why the demo could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The bundled administrative data failed validation.
    #[error(transparent)]
    Admin(#[from] AdminDataError),
    /// A bundled file could not be read.
    #[error("bundled {file}: {reason}")]
    Bundled {
        /// File.
        file: &'static str,
        /// Why.
        reason: String,
    },
}

/// Operators of the demo: id, share of sites, 2G and 3G probabilities.
const OPERATORS: [(&str, f64, f64, f64); 4] = [
    ("viettel", 0.45, 0.92, 0.80),
    ("vinaphone", 0.28, 0.90, 0.85),
    ("mobifone", 0.22, 0.90, 0.85),
    ("vietnamobile", 0.05, 0.70, 0.50),
];

/// Industrial zones, tourist sites and state agencies: approximate positions
/// from public knowledge (name, kind, lat, lon).
const ZONES: &[(&str, ZoneKind, f64, f64)] = &[
    ("KCN Thụy Vân", ZoneKind::IndustrialZone, 21.345, 105.385),
    ("KCN Phú Hà", ZoneKind::IndustrialZone, 21.425, 105.245),
    ("KCN Trung Hà", ZoneKind::IndustrialZone, 21.245, 105.345),
    ("KCN Cẩm Khê", ZoneKind::IndustrialZone, 21.380, 105.130),
    ("KCN Phù Ninh", ZoneKind::IndustrialZone, 21.450, 105.330),
    ("KCN Khai Quang", ZoneKind::IndustrialZone, 21.320, 105.620),
    ("KCN Bình Xuyên", ZoneKind::IndustrialZone, 21.285, 105.655),
    ("KCN Bá Thiện", ZoneKind::IndustrialZone, 21.330, 105.700),
    (
        "KCN Thăng Long Vĩnh Phúc",
        ZoneKind::IndustrialZone,
        21.265,
        105.665,
    ),
    ("KCN Tam Dương", ZoneKind::IndustrialZone, 21.370, 105.560),
    ("KCN Lương Sơn", ZoneKind::IndustrialZone, 20.865, 105.535),
    (
        "KCN Bờ trái Sông Đà",
        ZoneKind::IndustrialZone,
        20.830,
        105.330,
    ),
    (
        "Khu di tích lịch sử Đền Hùng",
        ZoneKind::TouristSite,
        21.369,
        105.322,
    ),
    (
        "Khu du lịch Tam Đảo",
        ZoneKind::TouristSite,
        21.457,
        105.645,
    ),
    (
        "Khu danh thắng Tây Thiên",
        ZoneKind::TouristSite,
        21.478,
        105.582,
    ),
    ("Hồ Đại Lải", ZoneKind::TouristSite, 21.330, 105.720),
    (
        "Vườn quốc gia Xuân Sơn",
        ZoneKind::TouristSite,
        21.130,
        104.960,
    ),
    (
        "Thung lũng Mai Châu",
        ZoneKind::TouristSite,
        20.660,
        105.080,
    ),
    ("Hồ Hòa Bình", ZoneKind::TouristSite, 20.790, 105.360),
    (
        "Ao Giời – Suối Tiên",
        ZoneKind::TouristSite,
        21.150,
        105.100,
    ),
    (
        "UBND tỉnh Phú Thọ",
        ZoneKind::StateAgency,
        21.3228,
        105.4016,
    ),
    (
        "Cơ sở Vĩnh Yên (trụ sở cũ tỉnh Vĩnh Phúc)",
        ZoneKind::StateAgency,
        21.3093,
        105.6046,
    ),
    (
        "Cơ sở Hòa Bình (trụ sở cũ tỉnh Hòa Bình)",
        ZoneKind::StateAgency,
        20.8133,
        105.3383,
    ),
    (
        "Sở Khoa học và Công nghệ",
        ZoneKind::StateAgency,
        21.3190,
        105.3960,
    ),
    (
        "Trung tâm Giám sát, điều hành đô thị thông minh (IOC)",
        ZoneKind::StateAgency,
        21.3215,
        105.4030,
    ),
];

/// Town centres that get 5G first (name, lat, lon, sites).
const FIVE_G_CENTRES: [(&str, f64, f64, usize); 3] = [
    ("Việt Trì", 21.3227, 105.4019, 14),
    ("Vĩnh Yên", 21.3093, 105.6046, 10),
    ("Phúc Yên", 21.2374, 105.7057, 6),
];

const NAME_PARTS: [&str; 40] = [
    "Đồng",
    "Tân",
    "Hạ",
    "Thượng",
    "Trung",
    "Lập",
    "Hòa",
    "Phú",
    "An",
    "Bình",
    "Xuân",
    "Minh",
    "Quang",
    "Đoàn",
    "Kết",
    "Tiến",
    "Thắng",
    "Lợi",
    "Hưng",
    "Thịnh",
    "Vượng",
    "Sơn",
    "Lâm",
    "Cầu",
    "Gò",
    "Dộc",
    "Chùa",
    "Đình",
    "Mới",
    "Cũ",
    "Nội",
    "Ngoại",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Mỹ",
    "Phong",
    "Yên",
    "Khánh",
];

struct Ctx<'a> {
    elevation: &'a (dyn Fn(LatLon) -> Option<f64> + Sync),
}

impl Ctx<'_> {
    fn elev(&self, p: LatLon) -> Option<f64> {
        (self.elevation)(p)
    }

    /// Highest terrain within `r_m` (16 points on a ring and 8 on a half ring)
    /// minus the elevation at `p`; `None` off the terrain.
    fn relief(&self, p: LatLon, r_m: f64) -> Option<f64> {
        let h0 = self.elev(p)?;
        let mut hmax = h0;
        for (n, r) in [(16, r_m), (8, r_m / 2.0)] {
            for k in 0..n {
                if let Some(h) = self.elev(p.destination(360.0 * k as f64 / n as f64, r)) {
                    hmax = hmax.max(h);
                }
            }
        }
        Some(hmax - h0)
    }
}

/// Builds the demo province. `elevation` gives the terrain height at a point,
/// or `None` where no terrain is loaded (the bundled SRTM tile covers
/// 21–22 N, 105–106 E).
///
/// ```
/// use hatang_data::demo::{generate, DemoConfig};
/// let flat = |_p: hatang_core::geo::LatLon| Some(20.0);
/// let demo = generate(&DemoConfig::default(), &flat).unwrap();
/// assert_eq!(demo.dataset.units.iter().filter(|u| u.key.valid_from == hatang_core::model::Date::REFORM_2025).count(), 149);
/// assert!(demo.dataset.sites.iter().all(|s| s.source == hatang_core::model::Source::Synthetic));
/// ```
pub fn generate(
    cfg: &DemoConfig,
    elevation: &(dyn Fn(LatLon) -> Option<f64> + Sync),
) -> Result<Demo, DemoError> {
    let ctx = Ctx { elevation };
    let rng = Rng::new(cfg.seed);
    let mut admin = admin::load()?;
    let mut report = DemoReport::default();

    // --- Commune extents: Voronoi cells, clipped, marked approximate. ---
    let communes: Vec<AdminUnit> = admin.communes_2025().cloned().collect();
    let centres: Vec<LatLon> = communes
        .iter()
        .map(|c| c.centre.expect("2025 communes have centres"))
        .collect();
    let targets: Vec<f64> = communes
        .iter()
        .map(|c| c.area_km2.unwrap_or(10.0))
        .collect();
    let total: f64 = targets.iter().sum();
    let hull = convex_hull(&centres);
    // Grow the hull until it holds the official total area (bisection, m).
    let (mut lo, mut hi) = (0.0, 30_000.0);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if polygon_area_km2(&grow_ring(&hull, mid)) < total {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let extent = grow_ring(&hull, 0.5 * (lo + hi));
    let cells = fitted_power_cells(&centres, &targets, &extent, 80);
    let mut ratios = Vec::new();
    let cell_of: HashMap<String, Vec<LatLon>> = communes
        .iter()
        .zip(&cells)
        .map(|(c, cell)| (c.key.code.clone(), cell.clone()))
        .collect();
    for u in admin.units.iter_mut() {
        if let Some(cell) = cell_of
            .get(&u.key.code)
            .filter(|_| u.key.valid_from == Date::REFORM_2025)
        {
            let r = polygon_area_km2(cell) / u.area_km2.unwrap_or(1.0);
            ratios.push(r.max(1.0 / r));
            u.boundary = Some(cell.clone());
            u.boundary_approximate = true;
        }
    }
    ratios.sort_by(f64::total_cmp);
    report.cell_area_ratio_median = ratios[ratios.len() / 2];
    report.cell_area_ratio_worst = *ratios.last().unwrap_or(&1.0);
    for c in &communes {
        if ctx.elev(c.centre.unwrap()).is_none() {
            report
                .communes_outside_terrain
                .push((c.key.code.clone(), c.name.clone()));
        }
    }
    let commune_at =
        |p: LatLon| -> Option<usize> { cells.iter().position(|c| point_in_ring(p, c)) };

    // --- Villages. ---
    let mut villages = osm_villages(&communes, &commune_at)?;
    report.villages_osm = villages.len();
    let mut vrng = rng.fork("villages");
    for (ci, c) in communes.iter().enumerate() {
        let pop = c.population.unwrap_or(0) as f64;
        let area = c.area_km2.unwrap_or(10.0);
        let per = vrng.range(cfg.people_per_village.0, cfg.people_per_village.1);
        let target = ((pop / per).round() as usize).max(1);
        let n_osm = villages
            .iter()
            .filter(|v| v.commune_code == c.key.code)
            .count();
        let n = target.saturating_sub(n_osm).max(1);
        let old_prov = admin
            .old_province_of(&c.key.code)
            .unwrap_or("25")
            .to_string();
        let is_ward = c.unit_type == "phường";
        let centre = centres[ci];
        let cell = &cells[ci];
        let sigma_m = 300.0 * area.sqrt();
        let hilly = ctx.relief(centre, 3000.0).is_some_and(|r| r > 150.0) || old_prov == "17";
        let mut placed: Vec<LatLon> = Vec::with_capacity(n);
        let mut weights = Vec::with_capacity(n);
        let mut used_names = std::collections::HashSet::new();
        for k in 0..n {
            let mut best: Option<(LatLon, f64)> = None;
            for _ in 0..60 {
                let p = if vrng.chance(0.45) {
                    centre.destination(vrng.range(0.0, 360.0), (vrng.normal() * sigma_m).abs())
                } else {
                    random_in_ring(&mut vrng, cell)
                };
                if !point_in_ring(p, cell) || placed.iter().any(|q| q.distance_m(p) < 250.0) {
                    continue;
                }
                let h = ctx.elev(p).unwrap_or(0.0);
                if best.is_none_or(|(_, bh)| h < bh) {
                    best = Some((p, h));
                }
                if placed.len() + 1 >= n && best.is_some() {
                    break;
                }
                if best.is_some() && vrng.chance(1.0 / 6.0) {
                    break;
                }
            }
            let p = best.map(|b| b.0).unwrap_or(centre);
            placed.push(p);
            let near = (-(p.distance_m(centre) / sigma_m.max(500.0))).exp();
            weights.push((0.5 * vrng.normal()).exp() * (1.0 + 0.5 * near));
            let kind = if is_ward {
                VillageKind::Khu
            } else if old_prov == "17" {
                if vrng.chance(0.5) {
                    VillageKind::Ban
                } else {
                    VillageKind::Xom
                }
            } else {
                VillageKind::Thon
            };
            let mut name;
            loop {
                name = if vrng.chance(0.5) {
                    format!("{} {}", kind_word(kind), k + 1)
                } else {
                    format!(
                        "{} {} {}",
                        kind_word(kind),
                        NAME_PARTS[vrng.below(NAME_PARTS.len())],
                        NAME_PARTS[vrng.below(NAME_PARTS.len())]
                    )
                };
                if used_names.insert(name.clone()) {
                    break;
                }
            }
            let far = p.distance_m(centre) > 2.5 * sigma_m;
            let high = ctx.elev(p).is_some_and(|h| h > 250.0);
            let difficult = hilly && (far || high) && vrng.chance(0.35);
            villages.push(Village {
                id: format!("v-{}-{:03}", c.key.code, k + 1),
                name,
                kind,
                commune_code: c.key.code.clone(),
                point: p,
                population: None,
                households: None,
                difficult,
                grid_power: !(difficult && vrng.chance(1.0 / 6.0)),
                source: Source::Synthetic,
            });
        }
        let wsum: f64 = weights.iter().sum();
        let first = villages.len() - n;
        let mut left = pop.round() as i64;
        for (j, v) in villages[first..].iter_mut().enumerate() {
            let share = if j + 1 == n {
                left
            } else {
                ((pop * weights[j] / wsum).round() as i64).min(left)
            };
            left -= share;
            v.population = Some(share.max(0) as u32);
            v.households = Some((share.max(0) as f64 / 3.6).round() as u32);
        }
    }
    report.villages_synthetic = villages
        .iter()
        .filter(|v| v.source == Source::Synthetic)
        .count();
    report.villages_difficult = villages.iter().filter(|v| v.difficult).count();

    // --- Gap villages: deep valleys on the terrain, far from their centre. ---
    let mut scored: Vec<(f64, usize)> = villages
        .iter()
        .enumerate()
        .filter(|(_, v)| v.source == Source::Synthetic)
        .filter_map(|(i, v)| {
            let relief = ctx.relief(v.point, 2500.0)?;
            // The whole disk the analysis looks at must lie on the terrain,
            // or the village's signal would be unknown, not none.
            let r = cfg.gap_clear_radius_km * 1000.0;
            if (0..16).any(|k| ctx.elev(v.point.destination(22.5 * k as f64, r)).is_none()) {
                return None;
            }
            let c = &communes[communes.iter().position(|c| c.key.code == v.commune_code)?];
            let d = v.point.distance_m(c.centre?) / 1000.0;
            let density = c.population? as f64 / c.area_km2?;
            (relief > 80.0 && density < 600.0).then_some((relief * (1.0 + d) / density.sqrt(), i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(cfg.gap_candidates);
    let no_exclusion = |_: LatLon| true;

    // --- Sites and sectors. ---
    let (sites, sectors) = place_sites(
        cfg,
        &rng,
        &ctx,
        &communes,
        &cells,
        &admin,
        &villages,
        &no_exclusion,
    );
    let candidates: Vec<usize> = scored.iter().map(|(_, i)| *i).collect();
    let before = sites.len();
    let (gaps, sites, sectors) = pick_gaps(cfg, &ctx, &candidates, &villages, sites, sectors);
    report.sites_removed_for_gaps = before - sites.len();
    report.gap_village_ids = gaps.iter().map(|&i| villages[i].id.clone()).collect();
    report.sites = sites.len();
    report.sites_shared = sites.iter().filter(|s| s.is_shared()).count();
    report.sectors = sectors.len();
    let mut bts: BTreeMap<(String, String, Technology), ()> = BTreeMap::new();
    for s in &sectors {
        bts.insert((s.site_id.clone(), s.operator.clone(), s.technology), ());
    }
    report.bts_total = bts.len();
    let site_commune: HashMap<&str, &str> = sites
        .iter()
        .map(|s| (s.id.as_str(), s.commune_code.as_deref().unwrap_or("")))
        .collect();
    report.bts_old_phu_tho = bts
        .keys()
        .filter(|(site, _, _)| admin.old_province_of(site_commune[site.as_str()]) == Some("25"))
        .count();
    let mut five_g: Vec<&str> = sectors
        .iter()
        .filter(|s| s.technology == Technology::Nr)
        .map(|s| s.site_id.as_str())
        .collect();
    five_g.sort();
    five_g.dedup();
    report.sites_5g = five_g.len();

    // --- Zones. ---
    let mut zones = Vec::new();
    for (i, (name, kind, lat, lon)) in ZONES.iter().enumerate() {
        let p = LatLon::new(*lat, *lon);
        zones.push(Zone {
            id: format!("z-{:02}", i + 1),
            name: (*name).into(),
            kind: *kind,
            point: p,
            polygon: (*kind == ZoneKind::IndustrialZone).then(|| square(p, 600.0)),
            commune_code: commune_at(p).map(|ci| communes[ci].key.code.clone()),
            approximate: true,
            source: Source::Synthetic,
        });
    }
    for c in &communes {
        zones.push(Zone {
            id: format!("cc-{}", c.key.code),
            name: format!("Trung tâm {} {}", c.unit_type, c.name),
            kind: ZoneKind::CommuneCentre,
            point: c.centre.unwrap(),
            polygon: None,
            commune_code: Some(c.key.code.clone()),
            approximate: false,
            source: Source::Official,
        });
    }

    // --- Indicators. ---
    let old_pt = UnitKey::new(
        AdminLevel::Province,
        admin::PROVINCE_CODE,
        admin::OLD_VALID_FROM,
    );
    let src22 = "Báo Phú Thọ, provincial news report on digital infrastructure, 2022 (old Phú Thọ)";
    let mut indicators: Vec<Indicator> = [
        ("smartphone_share", 81.03, "; national figure 70.9 %"),
        ("fibre_household_share", 73.17, ""),
        ("bts_count", 3648.0, ""),
        ("sites_5g", 4.0, "; 5G pilot at 4 points in Việt Trì"),
        ("difficult_villages_newly_covered", 14.0, ""),
    ]
    .into_iter()
    .map(|(key, value, extra)| Indicator {
        unit: old_pt.clone(),
        key: key.into(),
        period: "2022".into(),
        value,
        source: format!("{src22}{extra}"),
    })
    .collect();
    for c in &communes {
        indicators.push(Indicator {
            unit: c.key.clone(),
            key: "population".into(),
            period: "2025".into(),
            value: c.population.unwrap_or(0) as f64,
            source: "National mapping agency merger site, 2025-07-17".into(),
        });
    }

    let dataset = Dataset {
        units: admin.units,
        mappings: admin.mappings,
        villages,
        operators: operators()?,
        sites,
        sectors,
        zones,
        indicators,
    };
    Ok(Demo { dataset, report })
}

/// Picks the gap villages and clears them. For each candidate (a
/// synthetic village in a valley whose surrounding disk of
/// [`DemoConfig::gap_clear_radius_km`] lies on the terrain), every site
/// within that radius is checked with ITM point to point (the default
/// settings of the configuration table, terrain profile at 90 m) and each
/// sector's pattern toward the village: a site "reaches" the village when a
/// sector's figure (RSRP, SS-RSRP, RSCP; RxLev 10 dB higher for 2G) is at
/// least [`DemoConfig::gap_max_figure_dbm`]. The candidates that the fewest
/// sites reach — the most shielded — become the gaps (at most
/// [`DemoConfig::gap_max_removed`] sites each, 1.5 exclusion radii apart),
/// and the sites that reach them are removed: "no signal" holds under the
/// models, not only "no site nearby". Parallel over candidates, with results
/// in candidate order (deterministic).
fn pick_gaps(
    cfg: &DemoConfig,
    ctx: &Ctx<'_>,
    candidates: &[usize],
    villages: &[Village],
    sites: Vec<Site>,
    sectors: Vec<Sector>,
) -> (Vec<usize>, Vec<Site>, Vec<Sector>) {
    use hatang_core::radio::antenna::elevation_angle_deg;
    use hatang_core::radio::link::{FigureSettings, SectorBudget};
    use hatang_core::radio::{config::ItmSettings, ItmModel, Link, PathLoss};
    use hatang_core::terrain::Profile;
    use rayon::prelude::*;
    let figures = FigureSettings::default();
    let itm = ItmModel::new(ItmSettings::default());
    let step = 90.0;
    let mut by_site: HashMap<&str, Vec<&Sector>> = HashMap::new();
    for s in &sectors {
        by_site.entry(s.site_id.as_str()).or_default().push(s);
    }
    let reaches = |site: &Site, g: LatLon| -> bool {
        let d = site.point.distance_m(g);
        if d > cfg.gap_clear_radius_km * 1000.0 {
            return false;
        }
        if d < cfg.gap_exclusion_km * 1000.0 {
            return true;
        }
        let n = ((d / step).ceil() as usize).max(2);
        let mut heights = Vec::with_capacity(n + 1);
        for k in 0..=n {
            let t = k as f64 / n as f64;
            let p = LatLon::new(
                site.point.lat + t * (g.lat - site.point.lat),
                site.point.lon + t * (g.lon - site.point.lon),
            );
            match ctx.elev(p) {
                Some(h) => heights.push(h),
                None => return true, // unknown: do not risk it
            }
        }
        let Ok(profile) = Profile::from_heights(d / n as f64, &heights) else {
            return true;
        };
        let (h_site, h_gap) = (heights[0], heights[n]);
        let mut losses: Vec<((u64, u64), f64)> = Vec::new();
        by_site
            .get(site.id.as_str())
            .into_iter()
            .flatten()
            .any(|s| {
                let key = (s.frequency_mhz.to_bits(), s.antenna_height_m.to_bits());
                let loss = match losses.iter().find(|(k, _)| *k == key) {
                    Some((_, l)) => *l,
                    None => {
                        let link = Link::new(s.frequency_mhz, s.antenna_height_m, 1.5, d)
                            .with_profile(&profile);
                        let Ok(l) = itm.loss(&link) else { return true };
                        losses.push((key, l.db));
                        l.db
                    }
                };
                let budget = SectorBudget::from_sector(s);
                let elevation = elevation_angle_deg(h_site + s.antenna_height_m, h_gap + 1.5, d);
                let rx = budget.received_dbm(site.point.bearing_deg(g), elevation, loss);
                let limit = if s.technology == Technology::Gsm {
                    cfg.gap_max_figure_dbm + 10.0
                } else {
                    cfg.gap_max_figure_dbm
                };
                budget.figure(rx, &figures).map_or(true, |f| f.dbm >= limit)
            })
    };
    let reach: Vec<Vec<usize>> = candidates
        .par_iter()
        .map(|&i| {
            let g = villages[i].point;
            (0..sites.len())
                .filter(|&s| reaches(&sites[s], g))
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&k| (reach[k].len(), k));
    let mut gaps: Vec<usize> = Vec::new();
    let mut remove: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for k in order {
        if gaps.len() >= cfg.gap_villages || reach[k].len() > cfg.gap_max_removed {
            break;
        }
        let v = &villages[candidates[k]];
        let apart = gaps
            .iter()
            .all(|&g| villages[g].point.distance_m(v.point) > 1.5 * cfg.gap_exclusion_km * 1000.0);
        if apart {
            gaps.push(candidates[k]);
            remove.extend(reach[k].iter().copied());
        }
    }
    let removed: std::collections::HashSet<&str> =
        remove.iter().map(|&i| sites[i].id.as_str()).collect();
    let sectors: Vec<Sector> = sectors
        .iter()
        .filter(|s| !removed.contains(s.site_id.as_str()))
        .cloned()
        .collect();
    let sites: Vec<Site> = sites
        .iter()
        .filter(|s| !removed.contains(s.id.as_str()))
        .cloned()
        .collect();
    (gaps, sites, sectors)
}

fn kind_word(k: VillageKind) -> &'static str {
    match k {
        VillageKind::Khu => "Khu",
        VillageKind::Ban => "Bản",
        VillageKind::Xom => "Xóm",
        _ => "Thôn",
    }
}

fn square(c: LatLon, half_m: f64) -> Vec<LatLon> {
    [45.0, 135.0, 225.0, 315.0]
        .iter()
        .map(|b| c.destination(*b, half_m * std::f64::consts::SQRT_2))
        .collect()
}

fn random_in_ring(rng: &mut Rng, ring: &[LatLon]) -> LatLon {
    let b = hatang_core::geo::Bbox::around(ring.iter().copied()).expect("cells are not empty");
    for _ in 0..100 {
        let p = LatLon::new(
            rng.range(b.min_lat, b.max_lat),
            rng.range(b.min_lon, b.max_lon),
        );
        if point_in_ring(p, ring) {
            return p;
        }
    }
    ring[0]
}

/// The operators of the MCC 452 list (all seven; the demo's sites use four).
fn operators() -> Result<Vec<Operator>, DemoError> {
    #[derive(serde::Deserialize)]
    struct Row {
        mnc: String,
        brand: Option<String>,
        operator: Option<String>,
    }
    let rows: Vec<Row> =
        serde_json::from_str(bundled::MCC452_JSON).map_err(|e| DemoError::Bundled {
            file: "mcc452_from_mcc-mnc-list-1.1.11.json",
            reason: e.to_string(),
        })?;
    let known = known_operators();
    Ok(rows
        .into_iter()
        .map(|r| {
            let brand = r.brand.unwrap_or_else(|| format!("MNC {}", r.mnc));
            let k = known.iter().find(|k| k.mnc == r.mnc);
            Operator {
                id: k.map(|k| k.id.clone()).unwrap_or_else(|| {
                    brand
                        .to_lowercase()
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .collect()
                }),
                colour: k
                    .map(|k| k.colour.clone())
                    .unwrap_or_else(|| "#777777".into()),
                company: r.operator.unwrap_or_default(),
                brand,
                mnc: r.mnc,
            }
        })
        .collect())
}

fn osm_villages(
    communes: &[AdminUnit],
    commune_at: &dyn Fn(LatLon) -> Option<usize>,
) -> Result<Vec<Village>, DemoError> {
    let bad = |reason: String| DemoError::Bundled {
        file: "osm_places_2018_bbox.geojson",
        reason,
    };
    let v: serde_json::Value =
        serde_json::from_str(bundled::OSM_PLACES_GEOJSON).map_err(|e| bad(e.to_string()))?;
    let feats = v["features"]
        .as_array()
        .ok_or_else(|| bad("no features".into()))?;
    let mut out = Vec::new();
    for f in feats {
        let p = &f["properties"];
        let class = p["fclass"].as_str().unwrap_or("");
        if !matches!(class, "village" | "hamlet" | "locality" | "suburb") {
            continue;
        }
        let c = &f["geometry"]["coordinates"];
        let (Some(lon), Some(lat)) = (c[0].as_f64(), c[1].as_f64()) else {
            continue;
        };
        let point = LatLon::new(lat, lon);
        let Some(ci) = commune_at(point) else {
            continue;
        };
        let name = p["name"].as_str().unwrap_or("").trim();
        if name.is_empty() {
            continue;
        }
        let lower = name.to_lowercase();
        let kind = ["thôn", "bản", "khu", "xóm", "làng"]
            .iter()
            .find(|w| lower.starts_with(*w))
            .and_then(|w| w.parse().ok())
            .unwrap_or(VillageKind::Other);
        let id = p["osm_id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| p["osm_id"].to_string());
        out.push(Village {
            id: format!("osm-{id}"),
            name: name.into(),
            kind,
            commune_code: communes[ci].key.code.clone(),
            point,
            population: None,
            households: None,
            difficult: false,
            grid_power: true,
            source: Source::Osm,
        });
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn place_sites(
    cfg: &DemoConfig,
    rng: &Rng,
    ctx: &Ctx<'_>,
    communes: &[AdminUnit],
    cells: &[Vec<LatLon>],
    admin: &AdminData,
    villages: &[Village],
    allowed: &dyn Fn(LatLon) -> bool,
) -> (Vec<Site>, Vec<Sector>) {
    let mut srng = rng.fork("sites");
    // Need per commune; scale so that old Phú Thọ gets the reported BTS.
    const AREA_WEIGHT: f64 = 45.0;
    const COLOCATE: f64 = 0.22;
    let need: Vec<f64> = communes
        .iter()
        .map(|c| c.population.unwrap_or(0) as f64 + AREA_WEIGHT * c.area_km2.unwrap_or(0.0))
        .collect();
    let need_old_pt: f64 = communes
        .iter()
        .zip(&need)
        .filter(|(c, _)| admin.old_province_of(&c.key.code) == Some("25"))
        .map(|(_, n)| n)
        .sum();
    let techs_per_opsite: f64 = OPERATORS.iter().map(|o| o.1 * (1.0 + o.2 + o.3)).sum();
    let opsites_old_pt = cfg.bts_old_phu_tho / techs_per_opsite;
    let opsites_per_need = opsites_old_pt / need_old_pt;

    let mut sites: Vec<Site> = Vec::new();
    // (site index, operator) pairs, in placement order.
    let mut opsites: Vec<(usize, &'static str)> = Vec::new();
    for (ci, c) in communes.iter().enumerate() {
        let code = &c.key.code;
        let vs: Vec<&Village> = villages
            .iter()
            .filter(|v| &v.commune_code == code && v.population.is_some())
            .collect();
        let vw: Vec<f64> = vs
            .iter()
            .map(|v| v.population.unwrap_or(0) as f64 + 50.0)
            .collect();
        let first_site_of_commune = sites.len();
        let is_ward = c.unit_type == "phường";
        // Each operator's count for the commune, placed in a shuffled
        // order so that any operator may find another's tower to share.
        let mut slots: Vec<&'static str> = Vec::new();
        for &(op, share, _, _) in &OPERATORS {
            let expected = need[ci] * opsites_per_need * share;
            let mut n = expected.floor() as usize + usize::from(srng.chance(expected.fract()));
            if op == "viettel" || (op != "vietnamobile" && c.population.unwrap_or(0) > 8000) {
                n = n.max(1);
            }
            slots.extend(std::iter::repeat_n(op, n));
        }
        for i in (1..slots.len()).rev() {
            slots.swap(i, srng.below(i + 1));
        }
        for op in slots {
            // Co-locate on another operator's tower in this commune?
            let others: Vec<usize> = (first_site_of_commune..sites.len())
                .filter(|&s| !sites[s].operators.iter().any(|o| o == op))
                .collect();
            if !others.is_empty() && srng.chance(COLOCATE) {
                let s = others[srng.below(others.len())];
                sites[s].operators.push(op.to_string());
                opsites.push((s, op));
                continue;
            }
            let anchor = if vs.is_empty() {
                c.centre.unwrap()
            } else {
                vs[srng.weighted(&vw)].point
            };
            let mut best: Option<(LatLon, f64)> = None;
            for _ in 0..40 {
                let p = anchor.destination(srng.range(0.0, 360.0), srng.range(200.0, 1500.0));
                if !point_in_ring(p, &cells[ci]) || !allowed(p) {
                    continue;
                }
                let h = ctx.elev(p).unwrap_or(0.0);
                if best.is_none_or(|(_, bh)| h > bh) {
                    best = Some((p, h));
                }
                if best.is_some() && srng.chance(0.25) {
                    break;
                }
            }
            let Some((p, _)) = best else { continue };
            let (structure, height) = if is_ward && srng.chance(0.4) {
                (Structure::Rooftop, srng.range(20.0, 30.0))
            } else if is_ward && srng.chance(0.3) {
                (Structure::Monopole, srng.range(20.0, 30.0))
            } else if srng.chance(0.3) {
                (Structure::Guyed, srng.range(30.0, 45.0))
            } else {
                (Structure::Tower, srng.range(30.0, 45.0))
            };
            let n_site = sites.len() + 1;
            sites.push(Site {
                id: format!("PT-{n_site:05}"),
                name: format!("{} {:02}", c.name, sites.len() - first_site_of_commune + 1),
                point: p,
                ground_elevation_m: ctx.elev(p).map(|h| (h * 10.0).round() / 10.0),
                structure,
                structure_height_m: (height * 2.0).round() / 2.0,
                owner: op.to_string(),
                operators: vec![op.to_string()],
                commune_code: Some(code.clone()),
                source: Source::Synthetic,
            });
            opsites.push((sites.len() - 1, op));
        }
    }

    // 5G: the operator-sites nearest to the town centres and industrial zones.
    let mut five_g: std::collections::HashSet<(usize, &str)> = std::collections::HashSet::new();
    let mut targets: Vec<(LatLon, usize)> = FIVE_G_CENTRES
        .iter()
        .map(|(_, la, lo, n)| (LatLon::new(*la, *lo), *n))
        .collect();
    targets.extend(
        ZONES
            .iter()
            .filter(|z| z.1 == ZoneKind::IndustrialZone)
            .map(|z| (LatLon::new(z.2, z.3), 1)),
    );
    for (t, n) in targets {
        let mut cand: Vec<(f64, usize, &str)> = opsites
            .iter()
            .filter(|(_, op)| *op != "vietnamobile")
            .filter(|k| !five_g.contains(k))
            .map(|&(s, op)| (sites[s].point.distance_m(t), s, op))
            .collect();
        cand.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
        for &(d, s, op) in cand.iter().take(n) {
            if d < 8000.0 {
                five_g.insert((s, op));
            }
        }
    }

    // Sectors.
    let mut sectors = Vec::new();
    let mut per_site_rank: HashMap<usize, usize> = HashMap::new();
    for &(s, op) in &opsites {
        let rank = per_site_rank.entry(s).or_insert(0);
        let site = &sites[s];
        let urban = communes
            .iter()
            .find(|c| Some(&c.key.code) == site.commune_code.as_ref())
            .is_some_and(|c| c.unit_type == "phường");
        let (_, _, p2g, p3g) = *OPERATORS.iter().find(|o| o.0 == op).expect("known");
        let ant_h = ((site.structure_height_m - 1.0 - 3.0 * *rank as f64 - srng.range(0.0, 2.0))
            .max(12.0)
            * 2.0)
            .round()
            / 2.0;
        *rank += 1;
        let az0 = srng.range(0.0, 120.0).round();
        let mut layers: Vec<(Technology, u32, f64)> = Vec::new();
        if srng.chance(p2g) {
            layers.push((
                Technology::Gsm,
                if urban && srng.chance(0.3) { 1800 } else { 900 },
                0.2,
            ));
        }
        if srng.chance(p3g) {
            layers.push((Technology::Umts, 2100, 5.0));
        }
        let bw18 = match op {
            "viettel" => 20.0,
            "vietnamobile" => 10.0,
            _ => 15.0,
        };
        layers.push((Technology::Lte, 1800, bw18));
        if urban && srng.chance(0.4) {
            layers.push((Technology::Lte, 2100, 10.0));
        }
        if urban && op != "vietnamobile" && srng.chance(0.2) {
            layers.push((Technology::Lte, 2600, 20.0));
        }
        if !urban && (op == "viettel" || op == "vinaphone") && srng.chance(0.3) {
            layers.push((Technology::Lte, 900, 5.0));
        }
        if five_g.contains(&(s, op)) {
            layers.push((
                Technology::Nr,
                3500,
                if op == "viettel" { 100.0 } else { 60.0 },
            ));
        }
        let op_idx = OPERATORS.iter().position(|o| o.0 == op).unwrap_or(0) as f64;
        for (tech, band_mhz, bw) in layers {
            let b = band(tech, band_mhz).expect("demo bands are licensed");
            let slot = (b.dl_high_mhz - b.dl_low_mhz) / 4.0;
            let freq = (b.dl_low_mhz + slot * (op_idx + 0.5))
                .min(b.dl_high_mhz - bw / 2.0)
                .max(b.dl_low_mhz + bw / 2.0);
            let (power, gain, feeder, etilt) = match tech {
                Technology::Gsm => (43.0, 15.5, 2.5, srng.range(2.0, 6.0)),
                Technology::Umts => (43.0, 17.0, 2.5, srng.range(2.0, 6.0)),
                Technology::Lte => (
                    if bw >= 15.0 { 46.0 } else { 43.0 },
                    17.5,
                    0.5,
                    srng.range(2.0, 6.0),
                ),
                Technology::Nr => (49.0, 24.0, 0.5, srng.range(3.0, 6.0)),
            };
            let (year_lo, year_hi) = match tech {
                Technology::Gsm => (2005, 2015),
                Technology::Umts => (2009, 2016),
                Technology::Lte => (2017, 2023),
                Technology::Nr => (2024, 2025),
            };
            let status = if tech == Technology::Nr || srng.chance(0.98) {
                SectorStatus::OnAir
            } else {
                SectorStatus::Planned
            };
            let year = year_lo + srng.below((year_hi - year_lo + 1) as usize) as i32;
            let on_air = (status == SectorStatus::OnAir).then(|| {
                if tech == Technology::Nr {
                    Date::new(2024, 10, 15).expect("valid")
                } else {
                    Date::new(year, 1 + srng.below(12) as u8, 1 + srng.below(28) as u8)
                        .expect("valid")
                }
            });
            let mtilt = srng.range(0.0, 3.0).round();
            for k in 0..3 {
                sectors.push(Sector {
                    id: format!("{}-{}-{}{}-{}", site.id, op, tech.as_str(), band_mhz, k + 1),
                    site_id: site.id.clone(),
                    operator: op.to_string(),
                    technology: tech,
                    band_mhz,
                    frequency_mhz: (freq * 10.0).round() / 10.0,
                    bandwidth_mhz: bw,
                    azimuth_deg: (az0 + 120.0 * k as f64) % 360.0,
                    mechanical_tilt_deg: mtilt,
                    electrical_tilt_deg: etilt.round(),
                    antenna_height_m: ant_h,
                    antenna_model: None,
                    gain_dbi: gain,
                    beamwidth_deg: 65.0,
                    tx_power_dbm: power,
                    feeder_loss_db: feeder,
                    status,
                    on_air_date: on_air,
                    off_air_date: None,
                    source: Source::Synthetic,
                });
            }
        }
    }
    (sites, sectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(_: LatLon) -> Option<f64> {
        Some(30.0)
    }

    #[test]
    fn same_seed_same_output_and_counts_in_range() {
        let cfg = DemoConfig::default();
        println!("seed {}", cfg.seed);
        let a = generate(&cfg, &flat).unwrap();
        let b = generate(&cfg, &flat).unwrap();
        assert_eq!(a.dataset, b.dataset);
        let c = generate(
            &DemoConfig {
                seed: 7,
                ..cfg.clone()
            },
            &flat,
        )
        .unwrap();
        assert_ne!(a.dataset.sites, c.dataset.sites);
        let r = &a.report;
        println!("{r:#?}");
        let pop: u64 = a
            .dataset
            .units
            .iter()
            .filter(|u| u.key.valid_from == Date::REFORM_2025 && u.key.level == AdminLevel::Commune)
            .map(|u| u.population.unwrap())
            .sum();
        let nv = a.dataset.villages.len() as f64;
        assert!(
            nv >= pop as f64 / 1600.0 && nv <= pop as f64 / 900.0,
            "{nv} villages for {pop} people"
        );
        assert!(
            r.cell_area_ratio_median < 1.3,
            "cells vs official areas: median ratio {}",
            r.cell_area_ratio_median
        );
        let shared = r.sites_shared as f64 / r.sites as f64;
        assert!((0.15..=0.27).contains(&shared), "shared {shared}");
        assert!(
            (3648.0 * 0.9..=3648.0 * 1.1).contains(&(r.bts_old_phu_tho as f64)),
            "BTS {}",
            r.bts_old_phu_tho
        );
        assert!((20..=60).contains(&r.sites_5g), "5G sites {}", r.sites_5g);
        let ops = known_operators();
        for s in &a.dataset.sites {
            assert_eq!(s.source, Source::Synthetic);
            assert!(s.check(&ops).is_empty(), "{:?} {:?}", s, s.check(&ops));
        }
        for s in &a.dataset.sectors {
            assert!(s.check(&ops).is_empty(), "{:?} {:?}", s, s.check(&ops));
        }
        for v in &a.dataset.villages {
            assert!(v.check().is_empty(), "{:?} {:?}", v, v.check());
        }
        let village_pop: u64 = a
            .dataset
            .villages
            .iter()
            .filter_map(|v| v.population)
            .map(u64::from)
            .sum();
        assert_eq!(village_pop, pop);
    }
}

#[cfg(test)]
mod terrain_tests {
    use super::*;
    use hatang_core::terrain::{Elevation, LoadOptions, Tile};

    #[test]
    fn regression_issue_2_gap_villages_have_no_site_nearby() {
        let tile = Tile::from_hgt_bytes(
            bundled::SRTM_N21E105_NAME,
            bundled::SRTM_N21E105_HGT,
            &LoadOptions::default(),
        )
        .unwrap();
        let elev = |p| tile.elevation(p).ok();
        let cfg = DemoConfig::default();
        let d = generate(&cfg, &elev).unwrap();
        let gaps = &d.report.gap_village_ids;
        println!(
            "gaps {gaps:?}, sites removed {}",
            d.report.sites_removed_for_gaps
        );
        assert_eq!(gaps.len(), cfg.gap_villages, "{gaps:?}");
        for id in gaps {
            let v = d.dataset.villages.iter().find(|v| &v.id == id).unwrap();
            assert!(
                tile.elevation(v.point).is_ok(),
                "gap village {id} must lie on the terrain"
            );
            let nearest = d
                .dataset
                .sites
                .iter()
                .map(|s| s.point.distance_m(v.point))
                .fold(f64::INFINITY, f64::min);
            assert!(
                nearest > cfg.gap_exclusion_km * 1000.0,
                "{id}: a site at {nearest} m"
            );
        }
        assert_eq!(
            d.report.communes_outside_terrain.len(),
            56,
            "the bundled tile covers 92 of the 148 communes"
        );
    }
}
