//! The bundled files, byte for byte as in the repository's `data/` folder.
//! Sources and licences: `data/README.md`.

/// The 148 communes of Phú Thọ after 1 July 2025 (national mapping
/// agency's merger site via vietnamadminunits, MIT).
pub const COMMUNES_2025_CSV: &str =
    include_str!("../../../data/admin/phutho_148_communes_sapnhap.csv");
/// Official text 1027/CTK-CSCL (25 June 2025): the 3,321 commune codes.
pub const CODES_1027_MD: &str = include_str!("../../../data/admin/1027_CTK-CSCL.md");
/// The new→old mapping for Phú Thọ (dvhcvn, MIT).
pub const MERGES_JSON: &str = include_str!("../../../data/admin/merges_25_phutho.json");
/// The statistics office's commune list before the reform, for the three
/// old provinces (Phú Thọ, Vĩnh Phúc, Hòa Bình).
pub const GSO_WARDS_CSV: &str =
    include_str!("../../../data/admin/gso_ward_phutho_vinhphuc_hoabinh_2025-07-18.csv");
/// The statistics office's district list before the reform, same provinces.
pub const GSO_DISTRICTS_CSV: &str =
    include_str!("../../../data/admin/gso_district_phutho_vinhphuc_hoabinh_2025-07-18.csv");
/// OpenStreetMap place points, 2018 (ODbL, © OpenStreetMap contributors).
pub const OSM_PLACES_GEOJSON: &str =
    include_str!("../../../data/places/osm_places_2018_bbox.geojson");
/// MCC 452 network codes (CC BY-SA, from Wikipedia via mcc-mnc-list).
pub const MCC452_JSON: &str =
    include_str!("../../../data/operators/mcc452_from_mcc-mnc-list-1.1.11.json");
/// SRTM3 tile N21E105 (NASA/USGS, public domain).
pub const SRTM_N21E105_HGT: &[u8] = include_bytes!("../../../data/dem/N21E105.hgt");
/// File name of the bundled SRTM tile (it encodes the tile's corner).
pub const SRTM_N21E105_NAME: &str = "N21E105.hgt";
