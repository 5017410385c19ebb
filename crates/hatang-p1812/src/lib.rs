//! Pure-Rust implementation of Recommendation ITU-R P.1812 (path-specific
//! point-to-area prediction, 30 MHz – 6 GHz) that reproduces the ITU validation
//! logs of the Py1812 reference implementation. Equation numbers in this
//! documentation are those printed in the logs (the numbering of P.1812-6).
//!
//! The model is a value: build a [`P1812`] once from a [`P1812Config`] (climate,
//! time and location percentages, polarisation, terminal coast distances, e.r.p.),
//! then call [`P1812::predict`] for each path with a [`Link`] (frequency, antenna
//! heights, terminal positions) and a [`Profile`] (distances, terrain heights,
//! representative clutter heights, radio-climatic zones). The result, a
//! [`Prediction`], carries the basic transmission loss `Lb` (Eq. 69), the field
//! strength `Ep` (Eq. 70) and every intermediate quantity of the method, so a
//! mismatch against another implementation can be pinpointed.
//!
//! Out-of-range inputs are refused with a [`P1812Error`] naming the parameter, its
//! value and the valid range; no invalid input is ever turned into a number.
//! [`P1812::predict`] allocates nothing and runs in O(n) for an n-point profile.
//!
//! Building entry loss is not modelled: predictions are for outdoor receivers.
//!
//! ```
//! use hatang_p1812::{GeoPoint, Link, P1812, P1812Config, Profile};
//!
//! // A 30 km path over gently rolling inland terrain, 100 m spacing.
//! let d: Vec<f64> = (0..=300).map(|i| i as f64 * 0.1).collect();
//! let h: Vec<f64> = d.iter().map(|x| 20.0 + 15.0 * (x / 3.0).sin()).collect();
//! let r = vec![10.0; d.len()]; // 10 m of representative clutter everywhere
//!
//! let model = P1812::new(P1812Config { time_percent: 50.0, ..P1812Config::default() })?;
//! let link = Link {
//!     f_ghz: 0.9,
//!     htg_m: 30.0,
//!     hrg_m: 1.5,
//!     tx: GeoPoint { lat_deg: 21.03, lon_deg: 105.85 },
//!     rx: GeoPoint { lat_deg: 21.27, lon_deg: 105.95 },
//! };
//! let out = model.predict(&link, &Profile::new(&d, &h).with_clutter(&r))?;
//! assert!(out.lb > out.losses.lbfs); // beyond free space
//! assert!((out.ep - (199.36 + 20.0 * 0.9f64.log10() - out.lb)).abs() < 1e-9);
//! # Ok::<(), hatang_p1812::P1812Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod anomalous;
mod diffraction;
mod error;
mod geometry;
mod path;
mod stats;
#[cfg(test)]
mod tests;

pub use error::{P1812Error, ValidRange};
pub use geometry::great_circle_point;
pub use stats::{inverse_complementary_normal, location_std_dev};

use geometry::ZoneSource;

/// Valid frequency range (GHz).
pub const FREQUENCY_RANGE_GHZ: ValidRange = ValidRange::closed(0.03, 6.0);
/// Valid time percentage range (%).
pub const TIME_PERCENT_RANGE: ValidRange = ValidRange::closed(1.0, 50.0);
/// Valid location percentage range (%).
pub const LOCATION_PERCENT_RANGE: ValidRange = ValidRange::closed(1.0, 99.0);
/// Valid antenna height above ground (m), transmitter and receiver.
pub const ANTENNA_HEIGHT_RANGE_M: ValidRange = ValidRange::closed(1.0, 3000.0);
/// Valid great-circle path length (km), §1 of Annex 1: about 0.25 km to 3000 km.
pub const PATH_LENGTH_RANGE_KM: ValidRange = ValidRange::closed(0.25, 3000.0);
/// Valid terminal latitude (degrees), as documented by the ITU reference implementation.
pub const LATITUDE_RANGE_DEG: ValidRange = ValidRange::closed(-80.0, 80.0);
/// Valid terminal longitude (degrees).
pub const LONGITUDE_RANGE_DEG: ValidRange = ValidRange::closed(-180.0, 180.0);
/// Valid refractivity lapse rate ΔN (N-units/km): positive, and below 157 so that
/// the median effective Earth radius factor k50 = 157/(157 − ΔN) (Eq. 6) is finite.
pub const DELTA_N_RANGE: ValidRange = ValidRange::open(0.0, 157.0);
/// Minimum number of profile points (as in the ITU reference implementation).
pub const MIN_PROFILE_POINTS: usize = 5;

/// Polarisation of the signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Polarisation {
    /// Horizontal polarisation (code 1).
    #[default]
    Horizontal,
    /// Vertical polarisation (code 2).
    Vertical,
}

impl Polarisation {
    /// From the code used by the Recommendation's software: 1 horizontal, 2 vertical.
    ///
    /// ```
    /// use hatang_p1812::Polarisation;
    /// assert_eq!(Polarisation::from_code(2), Ok(Polarisation::Vertical));
    /// assert!(Polarisation::from_code(3).is_err());
    /// ```
    pub fn from_code(code: i64) -> Result<Self, P1812Error> {
        match code {
            1 => Ok(Self::Horizontal),
            2 => Ok(Self::Vertical),
            _ => Err(P1812Error::InvalidPolarisation { code }),
        }
    }
}

/// Radio-climatic zone of a profile point (§3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Zone {
    /// Sea (code 1).
    Sea,
    /// Coastal land (code 3).
    CoastalLand,
    /// Inland (code 4).
    #[default]
    Inland,
}

impl Zone {
    /// From the Recommendation's zone code: 1 sea, 3 coastal land, 4 inland.
    ///
    /// ```
    /// use hatang_p1812::Zone;
    /// assert_eq!(Zone::from_code(3), Ok(Zone::CoastalLand));
    /// assert!(Zone::from_code(2).is_err());
    /// ```
    pub fn from_code(code: i64) -> Result<Self, P1812Error> {
        match code {
            1 => Ok(Self::Sea),
            3 => Ok(Self::CoastalLand),
            4 => Ok(Self::Inland),
            _ => Err(P1812Error::InvalidZone { code }),
        }
    }

    /// The Recommendation's zone code (1, 3 or 4).
    pub fn code(self) -> u8 {
        match self {
            Self::Sea => 1,
            Self::CoastalLand => 3,
            Self::Inland => 4,
        }
    }

    /// Whether the zone is land (coastal or inland).
    pub fn is_land(self) -> bool {
        self != Self::Sea
    }
}

/// How Lbulls, the Bullington loss of the smooth path (§4.3.4), is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SmoothPathMethod {
    /// §4.3.1 applied to the profile with all heights set to zero (the default).
    #[default]
    ProfileAnalysis,
    /// The alternative method of Attachment 4 to Annex 1, without profile analysis.
    Attachment4,
}

/// Classification of the path by the profile analysis (Attachment 1, Eq. 76).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathType {
    /// No terrain point rises above the line between the antennas.
    LineOfSight,
    /// The path is obstructed by terrain (trans-horizon).
    TransHorizon,
}

/// Configuration of the model: everything that does not change from path to path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct P1812Config {
    /// ΔN, average radio-refractivity lapse rate through the lowest 1 km of the
    /// atmosphere at the path centre (N-units/km, positive). Default 45.
    pub delta_n: f64,
    /// N0, sea-level surface refractivity at the path centre (N-units). Default 325.
    pub n0: f64,
    /// p, time percentage for which the loss is not exceeded (1–50 %). Default 50.
    pub time_percent: f64,
    /// pL, location percentage for which the loss is not exceeded (1–99 %). Default 50.
    pub location_percent: f64,
    /// σL, standard deviation of the location variability (dB, ≥ 0), e.g. from
    /// [`location_std_dev`]. Not applied when the receiver is at sea. Default 0.
    pub sigma_l_db: f64,
    /// Polarisation. Default horizontal.
    pub polarisation: Polarisation,
    /// dct, distance over land from the transmitter to the coast along the path (km,
    /// ≥ 0); set to 0 automatically when the first profile point is sea. Default 500.
    pub dct_km: f64,
    /// dcr, distance over land from the receiver to the coast along the path (km,
    /// ≥ 0); set to 0 automatically when the last profile point is sea. Default 500.
    pub dcr_km: f64,
    /// Transmitter e.r.p. (kW, > 0), used only for [`Prediction::ep_tx`]. Default 1.
    pub ptx_kw: f64,
    /// Transmitter antenna gain towards the receiver (dBi), for [`Prediction::ep_tx`]. Default 0.
    pub gtx_dbi: f64,
    /// Receiver antenna gain towards the transmitter (dBi), for [`Prediction::ep_tx`]. Default 0.
    pub grx_dbi: f64,
    /// Representative clutter height (m, ≥ 0) used at every point of a profile that
    /// has no clutter array ([`Profile::clutter_m`] is `None`). Default 0.
    pub default_clutter_m: f64,
    /// Zone used at every point of a profile that has no zone array. Default inland.
    pub default_zone: Zone,
    /// Method for the smooth-path Bullington loss. Default profile analysis.
    pub smooth_path_method: SmoothPathMethod,
}

impl Default for P1812Config {
    fn default() -> Self {
        Self {
            delta_n: 45.0,
            n0: 325.0,
            time_percent: 50.0,
            location_percent: 50.0,
            sigma_l_db: 0.0,
            polarisation: Polarisation::Horizontal,
            dct_km: 500.0,
            dcr_km: 500.0,
            ptx_kw: 1.0,
            gtx_dbi: 0.0,
            grx_dbi: 0.0,
            default_clutter_m: 0.0,
            default_zone: Zone::Inland,
            smooth_path_method: SmoothPathMethod::ProfileAnalysis,
        }
    }
}

/// A terminal position.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GeoPoint {
    /// Latitude (degrees, positive north).
    pub lat_deg: f64,
    /// Longitude (degrees, positive east).
    pub lon_deg: f64,
}

/// Per-path link parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// Frequency (GHz), 0.03–6.
    pub f_ghz: f64,
    /// Transmitter antenna centre height above ground (m), 1–3000.
    pub htg_m: f64,
    /// Receiver antenna centre height above ground (m), 1–3000.
    pub hrg_m: f64,
    /// Transmitter position (the first profile point).
    pub tx: GeoPoint,
    /// Receiver position (the last profile point).
    pub rx: GeoPoint,
}

/// A terrain profile from the transmitter (index 0) to the receiver (last index).
///
/// All arrays borrow the caller's buffers; nothing is copied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile<'a> {
    /// Distances from the transmitter (km): `d[0] = 0`, strictly increasing.
    pub d_km: &'a [f64],
    /// Terrain heights (m above mean sea level).
    pub h_m: &'a [f64],
    /// Representative clutter heights R (m, ≥ 0), one per point; the values at the
    /// terminals are not used (§3.2). `None`: [`P1812Config::default_clutter_m`] everywhere.
    pub clutter_m: Option<&'a [f64]>,
    /// Radio-climatic zones, one per point. `None`: [`P1812Config::default_zone`] everywhere.
    pub zones: Option<&'a [Zone]>,
}

impl<'a> Profile<'a> {
    /// Profile of distances (km) and terrain heights (m amsl), with the configured
    /// default clutter height and zone.
    pub fn new(d_km: &'a [f64], h_m: &'a [f64]) -> Self {
        Self {
            d_km,
            h_m,
            clutter_m: None,
            zones: None,
        }
    }

    /// Adds per-point representative clutter heights (m).
    pub fn with_clutter(self, clutter_m: &'a [f64]) -> Self {
        Self {
            clutter_m: Some(clutter_m),
            ..self
        }
    }

    /// Adds per-point radio-climatic zones.
    pub fn with_zones(self, zones: &'a [Zone]) -> Self {
        Self {
            zones: Some(zones),
            ..self
        }
    }
}

/// The components of the delta-Bullington diffraction loss (§4.3.4) for one
/// effective Earth radius, all in dB.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DiffractionLoss {
    /// Lbulla: Bullington loss of the actual profile, terrain plus clutter (Eq. 21).
    pub lbulla: f64,
    /// Lbulls: Bullington loss of the smooth profile with heights hts − hstd, hrs − hsrd (Eq. 21).
    pub lbulls: f64,
    /// Ldsph: spherical-Earth diffraction loss for the configured polarisation (Eq. 27).
    pub ldsph: f64,
    /// Ld: delta-Bullington diffraction loss, Lbulla + max(Ldsph − Lbulls, 0) (Eq. 39).
    pub ld: f64,
}

/// Path parameters derived from the inputs and the profile analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathParameters {
    /// d: path length (km).
    pub d_km: f64,
    /// dlt: distance from the transmitter to its horizon (km); for a line-of-sight
    /// path, to the point of highest diffraction parameter.
    pub dlt_km: f64,
    /// dlr: distance from the receiver to its horizon (km).
    pub dlr_km: f64,
    /// θt: transmitter horizon elevation angle (mrad).
    pub theta_t_mrad: f64,
    /// θr: receiver horizon elevation angle (mrad).
    pub theta_r_mrad: f64,
    /// θ: path angular distance (mrad), Eq. (84).
    pub theta_mrad: f64,
    /// Line-of-sight or trans-horizon.
    pub path_type: PathType,
    /// hts: transmitter antenna height above mean sea level (m).
    pub hts_m: f64,
    /// hrs: receiver antenna height above mean sea level (m).
    pub hrs_m: f64,
    /// ω: fraction of the path over sea.
    pub omega: f64,
    /// dtm: longest continuous land (coastal + inland) section (km).
    pub dtm_km: f64,
    /// dlm: longest continuous inland section (km).
    pub dlm_km: f64,
    /// φ: path-centre latitude (degrees).
    pub phi_centre_deg: f64,
    /// β0: time percentage of anomalous propagation at the path centre (%), Eq. (5).
    pub beta0_percent: f64,
    /// ae: median effective Earth radius (km), Eq. (7a).
    pub ae_km: f64,
    /// aβ: effective Earth radius exceeded for β0 % of time (km), Eq. (7b).
    pub ab_km: f64,
    /// hst of the least-squares smooth-Earth surface at the transmitter (m amsl), Eq. (87).
    pub hst_ls_m: f64,
    /// hsr of the least-squares smooth-Earth surface at the receiver (m amsl), Eq. (88).
    pub hsr_ls_m: f64,
    /// hst limited to the terrain height at the transmitter (m amsl), ducting model.
    pub hst_m: f64,
    /// hsr limited to the terrain height at the receiver (m amsl), ducting model.
    pub hsr_m: f64,
    /// hstd: smooth-surface height at the transmitter for the diffraction model (m amsl).
    pub hstd_m: f64,
    /// hsrd: smooth-surface height at the receiver for the diffraction model (m amsl).
    pub hsrd_m: f64,
    /// hts − hstd: transmitter height above the smooth surface (m), Eq. (37a).
    pub hts_smooth_m: f64,
    /// hrs − hsrd: receiver height above the smooth surface (m), Eq. (37b).
    pub hrs_smooth_m: f64,
    /// hte: transmitter effective height for the ducting model (m).
    pub hte_m: f64,
    /// hre: receiver effective height for the ducting model (m).
    pub hre_m: f64,
    /// hm: terrain roughness parameter (m).
    pub hm_m: f64,
    /// dct used (km): 0 when the transmitter is at sea.
    pub dct_km: f64,
    /// dcr used (km): 0 when the receiver is at sea.
    pub dcr_km: f64,
}

/// Losses and interpolation factors of the prediction (dB unless stated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Losses {
    /// Fi: interpolation factor for the time percentage, Eq. (40) (1 when p < β0).
    pub fi: f64,
    /// Fj: interpolation factor for the path angular distance, Eq. (57).
    pub fj: f64,
    /// Fk: interpolation factor for the path distance, Eq. (58).
    pub fk: f64,
    /// Lbfs: free-space basic transmission loss, Eq. (8).
    pub lbfs: f64,
    /// Lb0p: line-of-sight loss not exceeded for p % time, Eq. (10).
    pub lb0p: f64,
    /// Lb0β: line-of-sight loss not exceeded for β0 % time, Eq. (11).
    pub lb0b: f64,
    /// Diffraction with the median effective Earth radius ae (Ld50).
    pub diffraction_50: DiffractionLoss,
    /// Diffraction with the effective Earth radius aβ (Ldβ).
    pub diffraction_beta0: DiffractionLoss,
    /// Ldp: diffraction loss not exceeded for p % time, Eq. (41).
    pub ldp: f64,
    /// Lbd50: median diffraction basic transmission loss, Lbfs + Ld50, Eq. (42).
    pub lbd50: f64,
    /// Lbd: diffraction basic transmission loss for p % time, Lb0p + Ldp, Eq. (43).
    pub lbd: f64,
    /// Lminb0p: notional minimum loss for line of sight and sub-path diffraction, Eq. (59).
    pub lminb0p: f64,
    /// Lba: ducting/layer-reflection loss, Eq. (46).
    pub lba: f64,
    /// Lminbap: notional minimum loss for line of sight and trans-horizon enhancements, Eq. (60).
    pub lminbap: f64,
    /// Lbda: diffraction loss modified for ducting enhancements, Eq. (61).
    pub lbda: f64,
    /// Lbam: modified basic transmission loss, Eq. (62).
    pub lbam: f64,
    /// Lbs: troposcatter loss, Eq. (44).
    pub lbs: f64,
    /// Lbc: loss for p % time and 50 % locations, Eq. (63).
    pub lbc: f64,
    /// Lloc: location-variability term −I(pL/100)·σL (0 for a receiver at sea).
    pub lloc: f64,
}

/// Result of [`P1812::predict`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Lb: basic transmission loss not exceeded for p % time and pL % locations (dB),
    /// max(Lb0p, Lbc + Lloc), Eq. (69).
    pub lb: f64,
    /// Ep: field strength exceeded for p % time and pL % locations for 1 kW e.r.p.
    /// (dBµV/m), 199.36 + 20 log10 f − Lb, Eq. (70).
    pub ep: f64,
    /// Ep scaled to the configured e.r.p. and antenna gains (dBµV/m):
    /// Ep + 10 log10 Ptx + Gtx + Grx.
    pub ep_tx: f64,
    /// Path parameters.
    pub path: PathParameters,
    /// Losses and interpolation factors.
    pub losses: Losses,
}

/// The P.1812 model with its configuration. Cheap to copy and share between threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct P1812 {
    config: P1812Config,
}

fn check(param: &'static str, value: f64, range: ValidRange) -> Result<(), P1812Error> {
    if range.contains(value) {
        Ok(())
    } else {
        Err(P1812Error::OutOfRange {
            param,
            value,
            range,
        })
    }
}

impl P1812 {
    /// Validates the configuration and builds the model.
    ///
    /// Refused: p outside [1, 50] %, pL outside [1, 99] %, σL negative, ΔN outside
    /// (0, 157), N0 not positive, dct or dcr negative, Ptx not positive, non-finite
    /// gains, negative default clutter height (every NaN or infinity included).
    ///
    /// ```
    /// use hatang_p1812::{P1812, P1812Config, P1812Error};
    /// let bad = P1812::new(P1812Config { time_percent: 60.0, ..Default::default() });
    /// assert!(matches!(bad, Err(P1812Error::OutOfRange { param: "p (%)", .. })));
    /// assert!(P1812::new(P1812Config::default()).is_ok());
    /// ```
    pub fn new(config: P1812Config) -> Result<Self, P1812Error> {
        let c = &config;
        check("p (%)", c.time_percent, TIME_PERCENT_RANGE)?;
        check("pL (%)", c.location_percent, LOCATION_PERCENT_RANGE)?;
        check("sigmaL (dB)", c.sigma_l_db, ValidRange::at_least(0.0))?;
        check("DN (N-units/km)", c.delta_n, DELTA_N_RANGE)?;
        check("N0 (N-units)", c.n0, ValidRange::above(0.0))?;
        check("dct (km)", c.dct_km, ValidRange::at_least(0.0))?;
        check("dcr (km)", c.dcr_km, ValidRange::at_least(0.0))?;
        check("Ptx (kW)", c.ptx_kw, ValidRange::above(0.0))?;
        check("Gtx (dBi)", c.gtx_dbi, ValidRange::finite())?;
        check("Grx (dBi)", c.grx_dbi, ValidRange::finite())?;
        check(
            "default clutter height (m)",
            c.default_clutter_m,
            ValidRange::at_least(0.0),
        )?;
        Ok(Self { config })
    }

    /// The configuration.
    pub fn config(&self) -> &P1812Config {
        &self.config
    }

    fn validate(link: &Link, profile: &Profile<'_>) -> Result<(), P1812Error> {
        check("f (GHz)", link.f_ghz, FREQUENCY_RANGE_GHZ)?;
        check("htg (m)", link.htg_m, ANTENNA_HEIGHT_RANGE_M)?;
        check("hrg (m)", link.hrg_m, ANTENNA_HEIGHT_RANGE_M)?;
        check("phi_t (deg)", link.tx.lat_deg, LATITUDE_RANGE_DEG)?;
        check("phi_r (deg)", link.rx.lat_deg, LATITUDE_RANGE_DEG)?;
        check("lam_t (deg)", link.tx.lon_deg, LONGITUDE_RANGE_DEG)?;
        check("lam_r (deg)", link.rx.lon_deg, LONGITUDE_RANGE_DEG)?;

        let d = profile.d_km;
        let n = d.len();
        let len_check = |array: &'static str, len: usize| {
            if len == n {
                Ok(())
            } else {
                Err(P1812Error::LengthMismatch {
                    array,
                    len,
                    expected: n,
                })
            }
        };
        len_check("h (m)", profile.h_m.len())?;
        if let Some(r) = profile.clutter_m {
            len_check("R (m)", r.len())?;
        }
        if let Some(z) = profile.zones {
            len_check("zone", z.len())?;
        }
        if n < MIN_PROFILE_POINTS {
            return Err(P1812Error::ProfileTooShort {
                len: n,
                min: MIN_PROFILE_POINTS,
            });
        }
        if d[0] != 0.0 {
            return Err(P1812Error::ProfileStart { value: d[0] });
        }
        for i in 1..n {
            if !d[i].is_finite() {
                return Err(P1812Error::ProfileValueOutOfRange {
                    array: "d (km)",
                    index: i,
                    value: d[i],
                    range: PATH_LENGTH_RANGE_KM,
                });
            }
            if d[i] <= d[i - 1] {
                return Err(P1812Error::NotIncreasing {
                    index: i,
                    value: d[i],
                    previous: d[i - 1],
                });
            }
        }
        check("d (km)", d[n - 1], PATH_LENGTH_RANGE_KM)?;
        for (i, &h) in profile.h_m.iter().enumerate() {
            if !h.is_finite() {
                return Err(P1812Error::ProfileValueOutOfRange {
                    array: "h (m)",
                    index: i,
                    value: h,
                    range: ValidRange::finite(),
                });
            }
        }
        if let Some(r) = profile.clutter_m {
            let range = ValidRange::at_least(0.0);
            for (i, &x) in r.iter().enumerate() {
                if !range.contains(x) {
                    return Err(P1812Error::ProfileValueOutOfRange {
                        array: "R (m)",
                        index: i,
                        value: x,
                        range,
                    });
                }
            }
        }
        Ok(())
    }

    /// Predicts the basic transmission loss Lb and field strength Ep for one path.
    ///
    /// The profile runs from the transmitter (index 0, at `link.tx`) to the receiver
    /// (last index, at `link.rx`). Refused: frequency outside [0.03, 6] GHz, antenna
    /// heights outside [1, 3000] m, latitudes outside [−80, 80]°, longitudes outside
    /// [−180, 180]°, path length outside [0.25, 3000] km, fewer than 5 profile points,
    /// arrays of unequal length, `d[0] ≠ 0`, distances not strictly increasing,
    /// non-finite heights, negative clutter heights.
    ///
    /// ```
    /// use hatang_p1812::{GeoPoint, Link, P1812, P1812Config, P1812Error, Profile, Zone};
    ///
    /// let d = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    /// let h = [10.0, 12.0, 30.0, 14.0, 11.0, 10.0];
    /// let z = [Zone::Inland; 6];
    /// let model = P1812::new(P1812Config::default())?;
    /// let mut link = Link {
    ///     f_ghz: 1.8,
    ///     htg_m: 25.0,
    ///     hrg_m: 1.5,
    ///     tx: GeoPoint { lat_deg: 10.77, lon_deg: 106.70 },
    ///     rx: GeoPoint { lat_deg: 10.81, lon_deg: 106.72 },
    /// };
    /// let profile = Profile::new(&d, &h).with_zones(&z);
    /// let out = model.predict(&link, &profile)?;
    /// assert!(out.lb.is_finite() && out.lb >= out.losses.lb0p);
    ///
    /// link.f_ghz = 28.0; // millimetre waves are outside the Recommendation
    /// let err = model.predict(&link, &profile).unwrap_err();
    /// assert!(matches!(err, P1812Error::OutOfRange { param: "f (GHz)", .. }));
    /// # Ok::<(), P1812Error>(())
    /// ```
    pub fn predict(&self, link: &Link, profile: &Profile<'_>) -> Result<Prediction, P1812Error> {
        Self::validate(link, profile)?;
        Ok(self.compute(link, profile))
    }

    /// The prediction itself; inputs are valid.
    fn compute(&self, link: &Link, profile: &Profile<'_>) -> Prediction {
        let cfg = &self.config;
        let d = profile.d_km;
        let h = profile.h_m;
        let n = d.len();
        let f = link.f_ghz;
        let p = cfg.time_percent;
        let pol = cfg.polarisation;
        let dtot = d[n - 1] - d[0];
        let zones = match profile.zones {
            Some(z) => ZoneSource::PerPoint(z),
            None => ZoneSource::Uniform(cfg.default_zone),
        };
        let default_r = cfg.default_clutter_m;
        let clutter = profile.clutter_m;
        // Heights of the intermediate points including representative clutter (§3.2).
        let g = |i: usize| -> f64 {
            match clutter {
                Some(r) => h[i] + r[i],
                None => h[i] + default_r,
            }
        };

        // Terminals at sea are on a ship or platform: zero distance to the coast.
        let dct = if zones.at(0) == Zone::Sea {
            0.0
        } else {
            cfg.dct_km
        };
        let dcr = if zones.at(n - 1) == Zone::Sea {
            0.0
        } else {
            cfg.dcr_km
        };

        // §3.5–3.7: path-centre latitude, ducting incidence, effective Earth radii.
        let (phi_c, _) = great_circle_point(
            link.tx.lat_deg,
            link.tx.lon_deg,
            link.rx.lat_deg,
            link.rx.lon_deg,
            0.5 * dtot,
        );
        let dtm = geometry::longest_section(d, zones, Zone::is_land);
        let dlm = geometry::longest_section(d, zones, |z| z == Zone::Inland);
        let b0 = geometry::beta0(phi_c, dtm, dlm);
        let ae = 6371.0 * (157.0 / (157.0 - cfg.delta_n)); // Eqs (6), (7a)
        let ab = 6371.0 * 3.0; // Eq (7b)
        let omega = geometry::path_fraction(d, zones, |z| z == Zone::Sea);

        // Attachment 1: path profile analysis.
        let pa = path::analyse(d, h, link.htg_m, link.hrg_m, ae, f);
        let hts = h[0] + link.htg_m;
        let hrs = h[n - 1] + link.hrg_m;

        // Eqs (57), (58): interpolation factors for angular distance and distance.
        let fj = 1.0 - 0.5 * (1.0 + (3.0 * 0.8 * (pa.theta - 0.3) / 0.3).tanh());
        let fk = 1.0 - 0.5 * (1.0 + (3.0 * 0.5 * (dtot - 20.0) / 20.0).tanh());

        // §4.2 Line of sight.
        let (lbfs, lb0p, lb0b) = anomalous::line_of_sight(dtot, hts, hrs, f, p, b0, pa.dlt, pa.dlr);

        // §4.3 Diffraction, for ae and aβ.
        let att4 = cfg.smooth_path_method == SmoothPathMethod::Attachment4;
        let [d50, db] = diffraction::delta_bullington(
            d,
            g,
            hts,
            hrs,
            pa.hstd,
            pa.hsrd,
            [ae, ab],
            f,
            omega,
            pol,
            att4,
        );
        // §4.3.5, Eq (40): time-percentage interpolation factor (1 for p < β0).
        let fi = if p >= b0 {
            stats::inverse_complementary_normal(p / 100.0)
                / stats::inverse_complementary_normal(b0 / 100.0)
        } else {
            1.0
        };
        // Eq (41). At p = 50 % Ldp is Ld50 exactly (Fi is only approximately zero there,
        // through the approximation of I(x)).
        let ldp = if p == 50.0 {
            d50.ld
        } else {
            d50.ld + fi * (db.ld - d50.ld)
        };
        let lbd50 = lbfs + d50.ld; // Eq (42)
        let lbd = lb0p + ldp; // Eq (43)

        // Eq (59).
        let lminb0p = if p >= b0 {
            lbd50 + (lb0b + (1.0 - omega) * ldp - lbd50) * fi
        } else {
            lb0p + (1.0 - omega) * ldp
        };

        // §4.5 Ducting / layer reflection.
        let lba = anomalous::ducting(&anomalous::DuctingInputs {
            dtot,
            dlt: pa.dlt,
            dlr: pa.dlr,
            dct,
            dcr,
            dlm,
            hts,
            hrs,
            hte: pa.hte,
            hre: pa.hre,
            hm: pa.hm,
            theta_t: pa.theta_t,
            theta_r: pa.theta_r,
            f,
            p,
            omega,
            ae,
            b0,
        });

        // §4.6, Eqs (60)–(63).
        let eta = 2.5;
        let lminbap = {
            // η ln(exp(Lba/η) + exp(Lb0p/η)), evaluated without overflow.
            let hi = lba.max(lb0p);
            let lo = lba.min(lb0p);
            hi + eta * (1.0 + ((lo - hi) / eta).exp()).ln()
        };
        let lbda = if lminbap <= lbd {
            lminbap + (lbd - lminbap) * fk
        } else {
            lbd
        };
        let lbam = lbda + (lminb0p - lbda) * fj;
        let lbs = anomalous::troposcatter(dtot, pa.theta, f, p, cfg.n0);
        let lbc = {
            // −5 log10(10^(−0.2 Lbs) + 10^(−0.2 Lbam)), evaluated without underflow.
            let lo = lbs.min(lbam);
            let hi = lbs.max(lbam);
            lo - 5.0 * (1.0 + 10f64.powf(-0.2 * (hi - lo))).log10()
        };

        // §4.7–4.9: location variability (not applied to a receiver at sea), Eq. (69).
        let lloc = if zones.at(n - 1) == Zone::Sea {
            0.0
        } else {
            -stats::inverse_complementary_normal(cfg.location_percent / 100.0) * cfg.sigma_l_db
        };
        let lb = lb0p.max(lbc + lloc);

        // Eq. (70) and scaling to the actual e.r.p. and antenna gains.
        let ep = 199.36 + 20.0 * f.log10() - lb;
        let ep_tx = ep + 10.0 * cfg.ptx_kw.log10() + cfg.gtx_dbi + cfg.grx_dbi;

        Prediction {
            lb,
            ep,
            ep_tx,
            path: PathParameters {
                d_km: dtot,
                dlt_km: pa.dlt,
                dlr_km: pa.dlr,
                theta_t_mrad: pa.theta_t,
                theta_r_mrad: pa.theta_r,
                theta_mrad: pa.theta,
                path_type: pa.path_type,
                hts_m: hts,
                hrs_m: hrs,
                omega,
                dtm_km: dtm,
                dlm_km: dlm,
                phi_centre_deg: phi_c,
                beta0_percent: b0,
                ae_km: ae,
                ab_km: ab,
                hst_ls_m: pa.hst_raw,
                hsr_ls_m: pa.hsr_raw,
                hst_m: pa.hst,
                hsr_m: pa.hsr,
                hstd_m: pa.hstd,
                hsrd_m: pa.hsrd,
                hts_smooth_m: hts - pa.hstd,
                hrs_smooth_m: hrs - pa.hsrd,
                hte_m: pa.hte,
                hre_m: pa.hre,
                hm_m: pa.hm,
                dct_km: dct,
                dcr_km: dcr,
            },
            losses: Losses {
                fi,
                fj,
                fk,
                lbfs,
                lb0p,
                lb0b,
                diffraction_50: d50,
                diffraction_beta0: db,
                ldp,
                lbd50,
                lbd,
                lminb0p,
                lba,
                lminbap,
                lbda,
                lbam,
                lbs,
                lbc,
                lloc,
            },
        }
    }
}
