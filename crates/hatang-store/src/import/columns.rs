//! The columns of every import kind: the canonical name (the one export
//! writes), the headers accepted for it, whether it is required, and what
//! it holds. One table drives header matching, export headers and the
//! column reference in `COLUMNS.md`.

use super::text::fold;
use super::ImportKind;

/// One column an import kind reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Canonical name: the model's field name, and the header export writes.
    pub name: &'static str,
    /// Other headers accepted (matched after [`fold`]ing both sides).
    pub aliases: &'static [&'static str],
    /// Whether every row must have a value.
    pub required: bool,
    /// What the column holds, its unit and its default.
    pub doc: &'static str,
}

const fn c(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    doc: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        name,
        aliases,
        required,
        doc,
    }
}

const SOURCE: ColumnSpec = c(
    "source",
    &["nguồn", "nguồn dữ liệu"],
    false,
    "osm, official, operator, synthetic or user (default user)",
);

const UNITS: &[ColumnSpec] = &[
    c(
        "level",
        &["cấp hành chính", "admin level"],
        false,
        "province, district or commune; default: from the code's width (2, 3 or 5 digits)",
    ),
    c(
        "code",
        &["mã", "mã đơn vị", "mã đvhc", "mã hành chính", "mã số"],
        true,
        "official code, zero-padded (a code written 4792 is read 04792)",
    ),
    c(
        "valid_from",
        &[
            "từ ngày",
            "hiệu lực từ",
            "ngày hiệu lực",
            "valid from",
            "from",
        ],
        true,
        "first day of this version (YYYY-MM-DD or DD/MM/YYYY)",
    ),
    c(
        "valid_to",
        &[
            "đến ngày",
            "hiệu lực đến",
            "ngày hết hiệu lực",
            "valid to",
            "to",
        ],
        false,
        "last day of this version; empty while in force",
    ),
    c(
        "name",
        &["tên", "tên đơn vị", "tên đvhc"],
        true,
        "name without its type (e.g. Tân Hòa)",
    ),
    c(
        "unit_type",
        &["type", "loại", "cấp", "loại đơn vị"],
        false,
        "type as written officially: xã, phường, tỉnh, … (default: empty)",
    ),
    c(
        "parent_code",
        &["mã cha", "mã cấp trên", "parent", "parent code"],
        false,
        "code of the parent unit at the same date",
    ),
    c(
        "population",
        &["dân số", "dân số người", "dansonguoi", "số dân"],
        false,
        "people",
    ),
    c(
        "area_km2",
        &["diện tích", "diện tích km2", "dientichkm2", "area"],
        false,
        "km²",
    ),
    c(
        "centre_lat",
        &["vĩ độ", "vido", "lat", "latitude", "center lat"],
        false,
        "administrative centre, degrees north",
    ),
    c(
        "centre_lon",
        &["kinh độ", "kinhdo", "lon", "lng", "longitude", "center lon"],
        false,
        "administrative centre, degrees east",
    ),
    c(
        "boundary",
        &["ranh giới", "polygon", "geometry"],
        false,
        "outer ring: JSON [[lon, lat], …] or a GeoJSON Polygon (a GeoJSON file's Polygon geometry)",
    ),
    c(
        "boundary_approximate",
        &["ranh giới gần đúng", "approximate"],
        false,
        "yes when the boundary is an approximation (default no)",
    ),
    SOURCE,
];

const MAPPINGS: &[ColumnSpec] = &[
    c(
        "old_level",
        &[],
        false,
        "level of the old unit; default: from its code's width",
    ),
    c(
        "old_code",
        &["mã cũ", "mã trước sáp nhập", "old id", "old code"],
        true,
        "code of the unit before the reform",
    ),
    c(
        "old_valid_from",
        &["old from"],
        true,
        "valid_from of the old version",
    ),
    c(
        "new_level",
        &[],
        false,
        "level of the new unit; default: from its code's width",
    ),
    c(
        "new_code",
        &["mã mới", "mã sau sáp nhập", "new id", "new code", "level2 id"],
        true,
        "code of the unit after the reform",
    ),
    c(
        "new_valid_from",
        &["new from"],
        true,
        "valid_from of the new version",
    ),
    c(
        "kind",
        &["type", "loại", "kiểu"],
        true,
        "full (the whole old unit) or partial",
    ),
    c(
        "share",
        &["tỷ lệ", "tỉ lệ"],
        false,
        "share of the old unit's population that went into the new one, 0–1 or a percentage (default 1 for full; required for partial)",
    ),
    c(
        "note",
        &["ghi chú", "nguồn"],
        false,
        "where the mapping and its share come from",
    ),
];

const VILLAGES: &[ColumnSpec] = &[
    c("id", &["mã", "mã thôn", "village id"], true, "stable id"),
    c(
        "name",
        &[
            "thôn",
            "tên",
            "tên thôn",
            "tên thôn bản",
            "thôn bản",
            "village",
        ],
        true,
        "name",
    ),
    c(
        "kind",
        &["loại", "type"],
        false,
        "thon, ban, khu, xom, lang or other (Vietnamese words accepted; default other)",
    ),
    c(
        "commune_code",
        &["mã xã", "commune", "commune code"],
        true,
        "5-digit code of its commune (2025)",
    ),
    c(
        "lat",
        &["vĩ độ", "vido", "latitude", "y"],
        true,
        "degrees north",
    ),
    c(
        "lon",
        &["kinh độ", "kinhdo", "lng", "longitude", "x"],
        true,
        "degrees east",
    ),
    c(
        "population",
        &["dân số", "số dân", "số khẩu", "nhân khẩu"],
        false,
        "people",
    ),
    c("households", &["số hộ", "hộ"], false, "households"),
    c(
        "difficult",
        &[
            "đặc biệt khó khăn",
            "đbkk",
            "vùng đặc biệt khó khăn",
            "vùng đbkk",
        ],
        false,
        "in an especially difficult area (default no)",
    ),
    c(
        "grid_power",
        &["điện lưới", "có điện lưới", "có điện", "lưới điện"],
        false,
        "connected to the national grid (default yes)",
    ),
    SOURCE,
];

const OPERATORS: &[ColumnSpec] = &[
    c(
        "mnc",
        &["mã mạng", "mạng", "network code"],
        true,
        "mobile network code (MCC 452), 2 digits",
    ),
    c(
        "id",
        &["mã", "operator"],
        true,
        "short id used in files (viettel)",
    ),
    c("brand", &["tên", "thương hiệu", "nhà mạng"], true, "brand"),
    c("company", &["công ty", "doanh nghiệp"], false, "company"),
    c(
        "colour",
        &["color", "màu"],
        false,
        "map colour #rrggbb (default #808080)",
    ),
];

const SITES: &[ColumnSpec] = &[
    c(
        "id",
        &["mã trạm", "mã", "site", "site id", "mã site", "tên trạm bts"],
        true,
        "stable id (station code)",
    ),
    c("name", &["tên trạm", "tên"], false, "name (default: the id)"),
    c("lat", &["vĩ độ", "vido", "latitude", "y"], true, "degrees north"),
    c(
        "lon",
        &["kinh độ", "kinhdo", "lng", "longitude", "x"],
        true,
        "degrees east",
    ),
    c(
        "ground_elevation_m",
        &[
            "độ cao địa hình",
            "cao độ",
            "độ cao mặt đất",
            "elevation",
            "ground elevation",
        ],
        false,
        "ground above sea level, m",
    ),
    c(
        "structure",
        &["loại cột", "kiểu cột", "kết cấu", "loại trạm"],
        false,
        "tower, guyed, monopole, rooftop or pole (Vietnamese words accepted; default tower)",
    ),
    c(
        "structure_height_m",
        &[
            "độ cao",
            "độ cao cột",
            "chiều cao cột",
            "chiều cao",
            "height",
            "tower height",
        ],
        true,
        "height of the structure, m",
    ),
    c(
        "owner",
        &["chủ sở hữu", "đơn vị sở hữu", "chủ đầu tư"],
        false,
        "owner of the structure (default: the first operator)",
    ),
    c(
        "operators",
        &["nhà mạng", "operator", "doanh nghiệp", "nhà mạng dùng chung"],
        true,
        "operators with equipment on it, separated by | / + or ; (id, brand or MNC: Viettel, VNPT, 04, …)",
    ),
    c(
        "commune_code",
        &["mã xã", "commune", "commune code"],
        false,
        "5-digit commune code (2025)",
    ),
    SOURCE,
];

const SECTORS: &[ColumnSpec] = &[
    c(
        "id",
        &[
            "mã cell",
            "mã sector",
            "cell",
            "cell id",
            "sector",
            "sector id",
            "mã",
        ],
        true,
        "stable id",
    ),
    c(
        "site_id",
        &["mã trạm", "site", "trạm", "site id"],
        true,
        "the site it is on (in the store already)",
    ),
    c(
        "operator",
        &["nhà mạng", "doanh nghiệp"],
        true,
        "operator id, brand or MNC; must be among the site's operators",
    ),
    c(
        "technology",
        &["công nghệ", "tech", "rat"],
        true,
        "2G, 3G, 4G or 5G (GSM, UMTS, LTE, NR accepted)",
    ),
    c(
        "band_mhz",
        &["băng tần", "band", "dải tần"],
        true,
        "nominal band: 900, 1800, 2100, 2600, 3500 … MHz, or a 3GPP name (B3, n78)",
    ),
    c(
        "frequency_mhz",
        &["tần số", "frequency", "tần số phát"],
        false,
        "downlink centre frequency, MHz (default: the band's centre)",
    ),
    c(
        "bandwidth_mhz",
        &["băng thông", "bandwidth", "bw"],
        true,
        "channel bandwidth, MHz",
    ),
    c(
        "azimuth_deg",
        &["góc phương vị", "phương vị", "azimuth", "hướng"],
        true,
        "degrees clockwise from north, 0–360",
    ),
    c(
        "mechanical_tilt_deg",
        &[
            "tilt cơ",
            "góc nghiêng cơ",
            "góc ngẩng cơ",
            "mechanical tilt",
            "m tilt",
        ],
        false,
        "degrees down (default 0)",
    ),
    c(
        "electrical_tilt_deg",
        &["tilt điện", "góc nghiêng điện", "electrical tilt", "e tilt"],
        false,
        "degrees down (default 0)",
    ),
    c(
        "antenna_height_m",
        &[
            "độ cao",
            "độ cao anten",
            "độ cao ăng ten",
            "chiều cao anten",
            "antenna height",
            "height",
        ],
        true,
        "antenna centre above ground, m",
    ),
    c(
        "antenna_model",
        &["loại anten", "anten", "antenna"],
        false,
        "antenna model",
    ),
    c(
        "gain_dbi",
        &["độ lợi", "độ tăng ích", "gain", "độ lợi anten"],
        true,
        "antenna gain, dBi",
    ),
    c(
        "beamwidth_deg",
        &["độ rộng búp sóng", "beamwidth", "hbw"],
        false,
        "horizontal half-power beamwidth, degrees (default 65)",
    ),
    c(
        "tx_power_dbm",
        &["công suất", "công suất phát", "power", "tx power"],
        true,
        "transmit power, dBm (a value ending in W is converted)",
    ),
    c(
        "feeder_loss_db",
        &["suy hao feeder", "suy hao cáp", "feeder loss", "suy hao"],
        false,
        "feeder and connector loss, dB (default 0)",
    ),
    c(
        "status",
        &["trạng thái", "tình trạng"],
        false,
        "planned, on_air or decommissioned (default on_air)",
    ),
    c(
        "on_air_date",
        &["ngày phát sóng", "ngày hoạt động"],
        false,
        "day it went on air",
    ),
    c(
        "off_air_date",
        &["ngày ngừng phát sóng", "ngày tắt"],
        false,
        "day it was switched off",
    ),
    SOURCE,
];

const ZONES: &[ColumnSpec] = &[
    c("id", &["mã", "zone id"], true, "stable id"),
    c("name", &["tên", "tên khu"], true, "name"),
    c(
        "kind",
        &["loại", "type"],
        true,
        "industrial_zone, tourist_site, state_agency or commune_centre",
    ),
    c(
        "lat",
        &["vĩ độ", "vido", "latitude", "y"],
        false,
        "representative point, degrees north (required unless a polygon is given)",
    ),
    c(
        "lon",
        &["kinh độ", "kinhdo", "lng", "longitude", "x"],
        false,
        "representative point, degrees east",
    ),
    c(
        "polygon",
        &["ranh giới", "vùng", "geometry"],
        false,
        "outline: JSON [[lon, lat], …] or a GeoJSON Polygon; without lat/lon its vertices' mean is the point",
    ),
    c(
        "commune_code",
        &["mã xã", "commune", "commune code"],
        false,
        "5-digit commune code (2025)",
    ),
    c(
        "approximate",
        &["gần đúng", "vị trí gần đúng"],
        false,
        "the position is approximate (default no)",
    ),
    SOURCE,
];

const INDICATORS: &[ColumnSpec] = &[
    c(
        "level",
        &["cấp hành chính"],
        false,
        "level of the unit; default: from the code's width",
    ),
    c(
        "code",
        &["mã", "mã đơn vị", "mã đvhc"],
        true,
        "code of the unit",
    ),
    c(
        "valid_from",
        &["từ ngày", "hiệu lực từ"],
        false,
        "valid_from of the unit version; default: the one version of the code in force during the period",
    ),
    c(
        "key",
        &["chỉ tiêu", "indicator", "mã chỉ tiêu"],
        true,
        "an indicator key (population, smartphone_share, bts_count, …)",
    ),
    c(
        "period",
        &["kỳ", "năm", "thời kỳ", "year"],
        true,
        "YYYY, YYYY-Qn or YYYY-MM",
    ),
    c("value", &["giá trị", "số liệu"], true, "value in the key's unit"),
    c(
        "source",
        &["nguồn", "nguồn số liệu"],
        true,
        "the report, agency and date it comes from",
    ),
];

/// The columns an import kind reads, in the order export writes them.
///
/// ```
/// use hatang_store::import::{columns, ImportKind};
/// let names: Vec<_> = columns(ImportKind::Sites).iter().map(|c| c.name).collect();
/// assert_eq!(&names[..4], ["id", "name", "lat", "lon"]);
/// ```
pub fn columns(kind: ImportKind) -> &'static [ColumnSpec] {
    match kind {
        ImportKind::Units => UNITS,
        ImportKind::Mappings => MAPPINGS,
        ImportKind::Villages => VILLAGES,
        ImportKind::Operators => OPERATORS,
        ImportKind::Sites => SITES,
        ImportKind::Sectors => SECTORS,
        ImportKind::Zones => ZONES,
        ImportKind::Indicators => INDICATORS,
    }
}

/// The column a header names, for this kind.
///
/// ```
/// use hatang_store::import::{match_header, ImportKind};
/// assert_eq!(match_header(ImportKind::Sites, "Mã trạm").unwrap().name, "id");
/// assert_eq!(match_header(ImportKind::Sectors, "MÃ TRẠM").unwrap().name, "site_id");
/// assert_eq!(match_header(ImportKind::Sectors, "Độ cao").unwrap().name, "antenna_height_m");
/// assert_eq!(match_header(ImportKind::Sites, "Structure Height M").unwrap().name, "structure_height_m");
/// assert!(match_header(ImportKind::Sites, "Ghi chú").is_none());
/// ```
pub fn match_header(kind: ImportKind, header: &str) -> Option<&'static ColumnSpec> {
    let f = fold(header);
    if f.is_empty() {
        return None;
    }
    columns(kind)
        .iter()
        .find(|c| fold(c.name) == f || c.aliases.iter().any(|a| fold(a) == f))
}

/// The column reference as Markdown (the text of `COLUMNS.md`).
pub fn columns_markdown() -> String {
    let mut s = String::from(
        "# Import columns\n\n\
         Generated from `src/import/columns.rs` (a test keeps it current: run\n\
         `UPDATE_COLUMNS_MD=1 cargo test -p hatang-store columns_md` after a change).\n\n\
         Headers match case-, accent-, space- and punctuation-insensitively: `Mã trạm`,\n\
         `MA_TRAM` and `ma tram` are the same header. Columns not listed are ignored\n\
         (the import report names them). **Bold** columns are required.\n",
    );
    for kind in ImportKind::ALL {
        s.push_str(&format!("\n## {}\n\n", kind.as_str()));
        s.push_str("| column | also accepted | holds |\n|---|---|---|\n");
        for c in columns(kind) {
            let name = if c.required {
                format!("**{}**", c.name)
            } else {
                c.name.to_string()
            };
            let aliases: Vec<String> = c.aliases.iter().map(|a| format!("`{a}`")).collect();
            s.push_str(&format!(
                "| {name} | {} | {} |\n",
                aliases.join(", "),
                c.doc.replace('|', "\\|")
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_columns_of_a_kind_share_a_header() {
        for kind in ImportKind::ALL {
            let mut seen = std::collections::HashMap::new();
            for c in columns(kind) {
                for h in std::iter::once(&c.name).chain(c.aliases) {
                    if let Some(other) = seen.insert(fold(h), c.name) {
                        assert_eq!(
                            other, c.name,
                            "{kind:?}: '{h}' names {other} and {}",
                            c.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn columns_md_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/COLUMNS.md");
        let want = columns_markdown();
        if std::env::var_os("UPDATE_COLUMNS_MD").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "COLUMNS.md is stale: run UPDATE_COLUMNS_MD=1 cargo test -p hatang-store columns_md"
        );
    }
}
