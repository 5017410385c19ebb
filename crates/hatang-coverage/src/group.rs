//! Sectors grouped by what their loss depends on: the site, the band and
//! the antenna height. One loss per group, then each sector's pattern.

use crate::error::CoverageError;
use crate::loss::Transmitter;
use crate::sector::SectorRadio;
use hatang_core::geo::LatLon;
use hatang_core::model::{Sector, Site};
use hatang_core::radio::link::FigureSettings;
use std::collections::BTreeMap;

/// The sectors of one site that share a band and an antenna height, hence
/// one basic transmission loss (computed at the mean of their
/// frequencies; each sector then scales it to its own by
/// `20·log10(f / f_group)`).
///
/// ```
/// use hatang_core::geo::LatLon;
/// use hatang_core::model::{example_sector, Site, Source, Structure};
/// use hatang_core::radio::link::FigureSettings;
/// use hatang_coverage::SiteBand;
/// let site = Site { id: "S1".into(), name: "S1".into(), point: LatLon::new(21.4, 105.3),
///     ground_elevation_m: None, structure: Structure::Tower, structure_height_m: 40.0,
///     owner: "viettel".into(), operators: vec!["viettel".into()], commune_code: None, source: Source::User };
/// let a = example_sector(); // S1, 1800 MHz, 30 m
/// let mut b = a.clone();
/// b.id = "S1-L18-2".into();
/// b.azimuth_deg = 120.0;
/// let mut c = a.clone();
/// c.id = "S1-L18-low".into();
/// c.antenna_height_m = 20.0;
/// let groups = SiteBand::group(&[site], &[a, b, c], &FigureSettings::default()).unwrap();
/// assert_eq!(groups.len(), 2); // 20 m and 30 m
/// assert_eq!(groups[1].sectors.len(), 2);
/// assert_eq!(groups[1].transmitter.height_m, 30.0);
/// ```
#[derive(Debug, Clone)]
pub struct SiteBand {
    /// The site's id.
    pub site_id: String,
    /// Nominal band, MHz.
    pub band_mhz: u32,
    /// The transmitter: site position, antenna height, mean frequency.
    pub transmitter: Transmitter,
    /// The sectors: their index in the slice given to [`SiteBand::group`]
    /// and their radio.
    pub sectors: Vec<(usize, SectorRadio)>,
}

impl SiteBand {
    /// Groups `sectors` by site, band and antenna height (sectors of
    /// unknown sites are left out), in order of site id, band and height.
    pub fn group(
        sites: &[Site],
        sectors: &[Sector],
        figures: &FigureSettings,
    ) -> Result<Vec<SiteBand>, CoverageError> {
        let pos: BTreeMap<&str, LatLon> = sites.iter().map(|s| (s.id.as_str(), s.point)).collect();
        let mut groups: BTreeMap<(String, u32, u64), Vec<usize>> = BTreeMap::new();
        for (i, s) in sectors.iter().enumerate() {
            if pos.contains_key(s.site_id.as_str()) {
                groups
                    .entry((s.site_id.clone(), s.band_mhz, s.antenna_height_m.to_bits()))
                    .or_default()
                    .push(i);
            }
        }
        let mut out = Vec::with_capacity(groups.len());
        for ((site_id, band_mhz, h_bits), idx) in groups {
            let f = idx.iter().map(|&i| sectors[i].frequency_mhz).sum::<f64>() / idx.len() as f64;
            let radios = idx
                .iter()
                .map(|&i| Ok((i, SectorRadio::from_sector(&sectors[i], figures)?)))
                .collect::<Result<Vec<_>, CoverageError>>()?;
            let position = pos[site_id.as_str()];
            out.push(SiteBand {
                transmitter: Transmitter::new(position, f64::from_bits(h_bits), f),
                site_id,
                band_mhz,
                sectors: radios,
            });
        }
        Ok(out)
    }
}
