//! The model as a value: [`Itm`], its path geometry and its predictions.

use crate::params::{
    Climate, Cr, Mdvar, PathKind, Polarization, PropagationMode, SitingCriteria, Tls,
    VariabilityMode,
};
use crate::propagation::{
    effective_earth_curvature, free_space_loss, ground_impedance, longley_rice,
    surface_refractivity,
};
use crate::terrain::{mean_system_height, quick_pfl, Profile, TerrainParameters};
use crate::variability::{variability, VariabilityPath};
use crate::{ItmError, Warnings};

/// The Longley-Rice Irregular Terrain Model (ITM v1.4), as a value.
///
/// An `Itm` holds the radio and environmental parameters that stay the
/// same across many paths — frequency, polarisation, ground constants,
/// refractivity, climate and mode of variability. Its methods predict the
/// basic transmission loss of one path:
///
/// * point-to-point mode, from a terrain [`Profile`]:
///   [`p2p_tls`](Self::p2p_tls) and [`p2p_cr`](Self::p2p_cr);
/// * area mode, from distance, Δh and siting criteria ([`AreaPath`]):
///   [`area_tls`](Self::area_tls) and [`area_cr`](Self::area_cr);
/// * either mode from a precomputed [`PathGeometry`]:
///   [`predict_tls`](Self::predict_tls) and [`predict_cr`](Self::predict_cr).
///
/// Inputs are checked exactly as ITM checks them, in the same order, and
/// out-of-range values are refused with the matching [`ItmError`] rather
/// than turned into a number. Nothing is allocated.
///
/// ```
/// use hatang_itm::{Climate, Itm, Mdvar, Polarization, Profile, Tls, VariabilityMode};
///
/// let itm = Itm {
///     f_mhz: 900.0,
///     polarization: Polarization::Vertical,
///     epsilon: 15.0,
///     sigma: 0.005,
///     n_0: 301.0,
///     climate: Climate::ContinentalTemperate,
///     mdvar: Mdvar::new(VariabilityMode::Broadcast),
/// };
///
/// // 10 km of gently rolling terrain, one height every 100 m.
/// let heights: Vec<f64> = (0..=100).map(|i| 50.0 + 20.0 * (i as f64 * 0.2).sin()).collect();
/// let profile = Profile::new(100.0, &heights).unwrap();
///
/// let p = itm.p2p_tls(30.0, 1.5, &profile, Tls::new(50.0, 50.0, 50.0)).unwrap();
/// assert!(p.loss_db > p.intermediate.a_fs_db); // more than free space
/// assert_eq!(p.intermediate.d_km, 10.0);
///
/// // A refusal names the input and the code ITM would return.
/// let err = itm.p2p_tls(0.1, 1.5, &profile, Tls::MEDIAN).unwrap_err();
/// assert_eq!(err.code(), 1000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Itm {
    /// Frequency, MHz (20 ..= 20 000; 40 ..= 10 000 without warning).
    pub f_mhz: f64,
    /// Antenna polarisation.
    pub polarization: Polarization,
    /// Relative permittivity of the ground (>= 1; typically 4 to 81).
    pub epsilon: f64,
    /// Conductivity of the ground, S/m (> 0).
    pub sigma: f64,
    /// Surface refractivity at sea level, N-units (250 ..= 400).
    pub n_0: f64,
    /// Radio climate.
    pub climate: Climate,
    /// Mode of variability.
    pub mdvar: Mdvar,
}

impl Itm {
    /// A model at `f_mhz` MHz with ITM's customary defaults: vertical
    /// polarisation, average ground (ε = 15, σ = 0.005 S/m), N_0 = 301,
    /// continental temperate climate and broadcast variability (mdvar 3).
    ///
    /// ```
    /// use hatang_itm::{Climate, Itm};
    /// let itm = Itm::new(450.0).with_climate(Climate::Equatorial).with_n_0(360.0);
    /// assert_eq!(itm.f_mhz, 450.0);
    /// assert_eq!(itm.n_0, 360.0);
    /// ```
    #[must_use]
    pub const fn new(f_mhz: f64) -> Self {
        Self {
            f_mhz,
            polarization: Polarization::Vertical,
            epsilon: 15.0,
            sigma: 0.005,
            n_0: 301.0,
            climate: Climate::ContinentalTemperate,
            mdvar: Mdvar::new(VariabilityMode::Broadcast),
        }
    }

    /// This model with another polarisation.
    #[must_use]
    pub const fn with_polarization(mut self, polarization: Polarization) -> Self {
        self.polarization = polarization;
        self
    }

    /// This model with other ground constants (relative permittivity, conductivity in S/m).
    #[must_use]
    pub const fn with_ground(mut self, epsilon: f64, sigma: f64) -> Self {
        self.epsilon = epsilon;
        self.sigma = sigma;
        self
    }

    /// This model with another sea-level surface refractivity (N-units).
    #[must_use]
    pub const fn with_n_0(mut self, n_0: f64) -> Self {
        self.n_0 = n_0;
        self
    }

    /// This model with another radio climate.
    #[must_use]
    pub const fn with_climate(mut self, climate: Climate) -> Self {
        self.climate = climate;
        self
    }

    /// This model with another mode of variability.
    #[must_use]
    pub const fn with_mdvar(mut self, mdvar: Mdvar) -> Self {
        self.mdvar = mdvar;
        self
    }

    /// ITM's common input checks, in ITM's order; warnings found before a
    /// refusal are kept in `warnings`.
    fn validate(&self, h_m: [f64; 2], tls: &Tls, warnings: &mut Warnings) -> Result<(), ItmError> {
        let [h_tx, h_rx] = h_m;
        // Written as "not inside" so that NaN is refused too.
        if !(1.0..=1000.0).contains(&h_tx) {
            *warnings |= Warnings::TX_TERMINAL_HEIGHT;
        }
        if !(0.5..=3000.0).contains(&h_tx) {
            return Err(ItmError::TxTerminalHeight { h_m: h_tx });
        }
        if !(1.0..=1000.0).contains(&h_rx) {
            *warnings |= Warnings::RX_TERMINAL_HEIGHT;
        }
        if !(0.5..=3000.0).contains(&h_rx) {
            return Err(ItmError::RxTerminalHeight { h_m: h_rx });
        }
        // (The climate is valid by construction.)
        if !(250.0..=400.0).contains(&self.n_0) {
            return Err(ItmError::Refractivity { n_0: self.n_0 });
        }
        if !(40.0..=10_000.0).contains(&self.f_mhz) {
            *warnings |= Warnings::FREQUENCY;
        }
        if !(20.0..=20_000.0).contains(&self.f_mhz) {
            return Err(ItmError::Frequency { f_mhz: self.f_mhz });
        }
        // (The polarisation is valid by construction.)
        if !(self.epsilon >= 1.0 && self.epsilon.is_finite()) {
            return Err(ItmError::Epsilon {
                epsilon: self.epsilon,
            });
        }
        if !(self.sigma > 0.0 && self.sigma.is_finite()) {
            return Err(ItmError::Sigma { sigma: self.sigma });
        }
        // (mdvar is valid by construction.)
        let open_percent = |p: f64| p > 0.0 && p < 100.0;
        if !open_percent(tls.situation) {
            return Err(ItmError::InvalidSituation {
                percent: tls.situation,
            });
        }
        if !open_percent(tls.time) {
            return Err(ItmError::InvalidTime { percent: tls.time });
        }
        if !open_percent(tls.location) {
            return Err(ItmError::InvalidLocation {
                percent: tls.location,
            });
        }
        Ok(())
    }

    /// The warnings ITM's input check raises for these terminal heights
    /// and this model's frequency, up to its first refusal — the warning
    /// bits ITM reports alongside an error code.
    ///
    /// ```
    /// use hatang_itm::{Itm, Warnings};
    /// // 0.2 m is refused (1000), after flagging "TX height near its limits".
    /// assert_eq!(Itm::new(900.0).input_warnings(0.2, 1.5), Warnings::TX_TERMINAL_HEIGHT);
    /// ```
    #[must_use]
    pub fn input_warnings(&self, h_tx_m: f64, h_rx_m: f64) -> Warnings {
        let mut warnings = Warnings::NONE;
        // The verdict is irrelevant here; only the flags raised on the way count.
        let _ = self.validate([h_tx_m, h_rx_m], &Tls::MEDIAN, &mut warnings);
        warnings
    }

    /// The point-to-point path geometry for a terrain profile and the
    /// structural antenna heights `h_tx_m`, `h_rx_m` (metres above ground).
    ///
    /// This is the profile-dependent part of [`p2p_tls`](Self::p2p_tls):
    /// it depends on the profile, the antenna heights and `n_0` only, so it
    /// can be computed once and reused with other frequencies, ground
    /// constants, climates or variabilities via
    /// [`predict_tls`](Self::predict_tls) / [`predict_cr`](Self::predict_cr).
    /// Inputs are not checked here; the predictions check them.
    ///
    /// ```
    /// use hatang_itm::{Itm, Profile, Tls};
    /// let heights = [120.0, 100.0, 95.0, 110.0, 130.0, 90.0, 80.0];
    /// let profile = Profile::new(1000.0, &heights).unwrap();
    /// let itm = Itm::new(600.0);
    /// let geometry = itm.p2p_geometry(25.0, 3.0, &profile);
    /// let direct = itm.p2p_tls(25.0, 3.0, &profile, Tls::MEDIAN).unwrap();
    /// let reused = itm.predict_tls(&geometry, Tls::MEDIAN).unwrap();
    /// assert_eq!(direct, reused);
    /// ```
    #[must_use]
    pub fn p2p_geometry(&self, h_tx_m: f64, h_rx_m: f64, profile: &Profile<'_>) -> PathGeometry {
        PathGeometry::point_to_point(profile, [h_tx_m, h_rx_m], self.n_0)
    }

    /// Point-to-point prediction with time/location/situation variability
    /// (ITM's `ITM_P2P_TLS_Ex`).
    ///
    /// ```
    /// use hatang_itm::{Itm, Profile, Tls};
    /// let heights = [100.0, 140.0, 180.0, 150.0, 120.0, 90.0, 60.0, 40.0, 30.0];
    /// let profile = Profile::new(2500.0, &heights).unwrap();
    /// let p = Itm::new(900.0).p2p_tls(40.0, 2.0, &profile, Tls::new(90.0, 50.0, 50.0)).unwrap();
    /// assert!(p.loss_db.is_finite());
    /// assert_eq!(p.return_code(), if p.warnings.is_empty() { 0 } else { 1 });
    /// ```
    pub fn p2p_tls(
        &self,
        h_tx_m: f64,
        h_rx_m: f64,
        profile: &Profile<'_>,
        tls: Tls,
    ) -> Result<Prediction, ItmError> {
        let h_m = [h_tx_m, h_rx_m];
        let mut warnings = Warnings::NONE;
        self.validate(h_m, &tls, &mut warnings)?;
        let geometry = PathGeometry::point_to_point(profile, h_m, self.n_0);
        self.reference_and_variability(&geometry, &tls, warnings)
    }

    /// Point-to-point prediction with confidence/reliability variability
    /// (ITM's `ITM_P2P_CR_Ex`: time = reliability, location = 50 %,
    /// situation = confidence).
    ///
    /// ```
    /// use hatang_itm::{Cr, Itm, Profile};
    /// let heights = [10.0, 12.0, 30.0, 25.0, 14.0, 11.0];
    /// let profile = Profile::new(2000.0, &heights).unwrap();
    /// let itm = Itm::new(150.0);
    /// let p50 = itm.p2p_cr(30.0, 10.0, &profile, Cr::new(50.0, 50.0)).unwrap();
    /// let p95 = itm.p2p_cr(30.0, 10.0, &profile, Cr::new(50.0, 95.0)).unwrap();
    /// assert!(p95.loss_db > p50.loss_db);
    /// assert_eq!(itm.p2p_cr(30.0, 10.0, &profile, Cr::new(100.0, 50.0)).unwrap_err().code(), 1006);
    /// ```
    pub fn p2p_cr(
        &self,
        h_tx_m: f64,
        h_rx_m: f64,
        profile: &Profile<'_>,
        cr: Cr,
    ) -> Result<Prediction, ItmError> {
        self.p2p_tls(h_tx_m, h_rx_m, profile, cr_as_tls(cr))
            .map_err(cr_error)
    }

    /// Area-mode prediction with time/location/situation variability
    /// (ITM's `ITM_AREA_TLS_Ex`).
    ///
    /// ```
    /// use hatang_itm::{AreaPath, Itm, SitingCriteria, Tls};
    /// let path = AreaPath {
    ///     d_km: 25.0,
    ///     delta_h_m: 90.0,
    ///     tx_siting: SitingCriteria::Careful,
    ///     rx_siting: SitingCriteria::Random,
    /// };
    /// let p = Itm::new(800.0).area_tls(30.0, 1.5, &path, Tls::MEDIAN).unwrap();
    /// assert!(p.loss_db > p.intermediate.a_fs_db);
    /// ```
    pub fn area_tls(
        &self,
        h_tx_m: f64,
        h_rx_m: f64,
        path: &AreaPath,
        tls: Tls,
    ) -> Result<Prediction, ItmError> {
        let h_m = [h_tx_m, h_rx_m];
        let mut warnings = Warnings::NONE;
        self.validate(h_m, &tls, &mut warnings)?;
        check_area(path.d_km, path.delta_h_m)?;
        let geometry = PathGeometry::area(path, h_m, self.n_0);
        self.reference_and_variability(&geometry, &tls, warnings)
    }

    /// Area-mode prediction with confidence/reliability variability
    /// (ITM's `ITM_AREA_CR_Ex`).
    ///
    /// ```
    /// use hatang_itm::{AreaPath, Cr, Itm, SitingCriteria};
    /// let path = AreaPath::new(10.0, 50.0);
    /// let p = Itm::new(450.0).area_cr(10.0, 2.0, &path, Cr::new(50.0, 90.0)).unwrap();
    /// assert!(p.loss_db.is_finite());
    /// ```
    pub fn area_cr(
        &self,
        h_tx_m: f64,
        h_rx_m: f64,
        path: &AreaPath,
        cr: Cr,
    ) -> Result<Prediction, ItmError> {
        self.area_tls(h_tx_m, h_rx_m, path, cr_as_tls(cr))
            .map_err(cr_error)
    }

    /// Prediction for a precomputed geometry (from
    /// [`p2p_geometry`](Self::p2p_geometry), [`PathGeometry::point_to_point`]
    /// or [`PathGeometry::area`]) with time/location/situation variability.
    ///
    /// The same checks as the direct entry points apply, with the
    /// structural heights taken from the geometry; besides, the distance
    /// must be positive (1017) and Δh non-negative (1018).
    ///
    /// ```
    /// use hatang_itm::{AreaPath, Itm, PathGeometry, Tls};
    /// let g = PathGeometry::area(&AreaPath::new(30.0, 90.0), [20.0, 2.0], 301.0);
    /// for f in [150.0, 450.0, 900.0] {
    ///     let p = Itm::new(f).predict_tls(&g, Tls::MEDIAN).unwrap();
    ///     assert!(p.loss_db > 0.0);
    /// }
    /// ```
    pub fn predict_tls(&self, geometry: &PathGeometry, tls: Tls) -> Result<Prediction, ItmError> {
        let mut warnings = Warnings::NONE;
        self.validate(geometry.h_m, &tls, &mut warnings)?;
        check_area(geometry.d_m / 1000.0, geometry.delta_h_m)?;
        self.reference_and_variability(geometry, &tls, warnings)
    }

    /// Prediction for a precomputed geometry with confidence/reliability
    /// variability; see [`predict_tls`](Self::predict_tls).
    ///
    /// ```
    /// use hatang_itm::{AreaPath, Cr, Itm, PathGeometry};
    /// let g = PathGeometry::area(&AreaPath::new(30.0, 90.0), [20.0, 2.0], 301.0);
    /// let p = Itm::new(450.0).predict_cr(&g, Cr::new(90.0, 90.0)).unwrap();
    /// assert!(p.loss_db > 0.0);
    /// ```
    pub fn predict_cr(&self, geometry: &PathGeometry, cr: Cr) -> Result<Prediction, ItmError> {
        self.predict_tls(geometry, cr_as_tls(cr)).map_err(cr_error)
    }

    /// Reference attenuation, free-space loss and variability for a checked geometry.
    fn reference_and_variability(
        &self,
        g: &PathGeometry,
        tls: &Tls,
        mut warnings: Warnings,
    ) -> Result<Prediction, ItmError> {
        let z_g = ground_impedance(self.f_mhz, self.polarization, self.epsilon, self.sigma);
        let (a_ref_db, mode) = longley_rice(g, self.f_mhz, z_g, &mut warnings)?;
        let a_fs_db = free_space_loss(g.d_m, self.f_mhz);
        let path = VariabilityPath {
            h_e_m: g.h_e_m,
            delta_h_m: g.delta_h_m,
            f_mhz: self.f_mhz,
            d_m: g.d_m,
            a_ref_db,
        };
        let loss_db = variability(tls, &path, self.climate, self.mdvar, &mut warnings) + a_fs_db;
        Ok(Prediction {
            loss_db,
            warnings,
            intermediate: IntermediateValues {
                theta_hzn: g.theta_hzn,
                d_hzn_m: g.d_hzn_m,
                h_e_m: g.h_e_m,
                n_s: g.n_s,
                delta_h_m: g.delta_h_m,
                a_ref_db,
                a_fs_db,
                d_km: g.d_m / 1000.0,
                mode,
            },
        })
    }
}

/// ITM's CR entry points: time = reliability, location = 50, situation = confidence.
fn cr_as_tls(cr: Cr) -> Tls {
    Tls::new(cr.reliability, 50.0, cr.confidence)
}

/// Renames the TLS refusals of a CR call as ITM does.
fn cr_error(e: ItmError) -> ItmError {
    match e {
        ItmError::InvalidTime { percent } => ItmError::InvalidReliability { percent },
        ItmError::InvalidSituation { percent } => ItmError::InvalidConfidence { percent },
        other => other,
    }
}

/// Area-mode distance and Δh checks (also applied to precomputed geometries).
fn check_area(d_km: f64, delta_h_m: f64) -> Result<(), ItmError> {
    if !(d_km > 0.0 && d_km.is_finite()) {
        return Err(ItmError::PathDistance { d_km });
    }
    if !(delta_h_m >= 0.0 && delta_h_m.is_finite()) {
        return Err(ItmError::DeltaH { delta_h_m });
    }
    Ok(())
}

/// An area-mode path: no profile, just its length, its terrain
/// irregularity and how carefully each terminal was sited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaPath {
    /// Path distance, km (> 0).
    pub d_km: f64,
    /// Terrain irregularity parameter Δh, metres (>= 0; 90 m is average terrain).
    pub delta_h_m: f64,
    /// Siting criteria of the transmitter.
    pub tx_siting: SitingCriteria,
    /// Siting criteria of the receiver.
    pub rx_siting: SitingCriteria,
}

impl AreaPath {
    /// A path of `d_km` km over terrain of irregularity `delta_h_m`, with
    /// both terminals sited at random.
    #[must_use]
    pub const fn new(d_km: f64, delta_h_m: f64) -> Self {
        Self {
            d_km,
            delta_h_m,
            tx_siting: SitingCriteria::Random,
            rx_siting: SitingCriteria::Random,
        }
    }
}

/// Everything ITM needs to know about a path besides the radio
/// parameters: distance, antenna heights, horizons, Δh and the
/// refractivity of the air along it.
///
/// In point-to-point mode this comes from the terrain profile
/// ([`PathGeometry::point_to_point`]), in area mode from the
/// [`AreaPath`] statistics ([`PathGeometry::area`]). Index 0 of each pair
/// is the transmitter, 1 the receiver. The fields are public so that a
/// caller can cache or inspect them; values set by hand are taken as
/// given (only distance and Δh are re-checked).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathGeometry {
    /// Which mode produced this geometry.
    pub kind: PathKind,
    /// Path distance, metres.
    pub d_m: f64,
    /// Structural antenna heights above ground, metres.
    pub h_m: [f64; 2],
    /// Effective antenna heights, metres.
    pub h_e_m: [f64; 2],
    /// Horizon elevation angles, radians.
    pub theta_hzn: [f64; 2],
    /// Horizon distances, metres.
    pub d_hzn_m: [f64; 2],
    /// Terrain irregularity parameter Δh, metres.
    pub delta_h_m: f64,
    /// Surface refractivity N_s, N-units.
    pub n_s: f64,
    /// Effective earth curvature γ_e, 1/m.
    pub gamma_e: f64,
}

impl PathGeometry {
    /// Point-to-point geometry: N_s from `n_0` scaled to the mean path
    /// height, then [`quick_pfl`] (horizons, Δh, effective heights).
    ///
    /// ```
    /// use hatang_itm::{PathGeometry, Profile};
    /// let heights = [10.0, 20.0, 15.0, 30.0, 12.0];
    /// let g = PathGeometry::point_to_point(&Profile::new(500.0, &heights).unwrap(), [20.0, 5.0], 301.0);
    /// assert_eq!(g.d_m, 2000.0);
    /// assert!(g.n_s < 301.0);
    /// ```
    #[must_use]
    pub fn point_to_point(profile: &Profile<'_>, h_m: [f64; 2], n_0: f64) -> Self {
        let n_s = surface_refractivity(n_0, mean_system_height(profile));
        let gamma_e = effective_earth_curvature(n_s);
        let TerrainParameters {
            d_m,
            theta_hzn,
            d_hzn_m,
            h_e_m,
            delta_h_m,
        } = quick_pfl(profile, gamma_e, h_m);
        Self {
            kind: PathKind::PointToPoint,
            d_m,
            h_m,
            h_e_m,
            theta_hzn,
            d_hzn_m,
            delta_h_m,
            n_s,
            gamma_e,
        }
    }

    /// Area-mode geometry (ITM's `InitializeArea`): effective heights from
    /// the siting criteria, horizons estimated from Δh over a smooth earth;
    /// N_s is `n_0` itself.
    ///
    /// ```
    /// use hatang_itm::{AreaPath, PathGeometry, SitingCriteria};
    /// let mut path = AreaPath::new(20.0, 90.0);
    /// path.tx_siting = SitingCriteria::VeryCareful;
    /// let g = PathGeometry::area(&path, [3.0, 3.0], 301.0);
    /// assert!(g.h_e_m[0] > g.h_e_m[1]);
    /// ```
    #[must_use]
    pub fn area(path: &AreaPath, h_m: [f64; 2], n_0: f64) -> Self {
        let n_s = surface_refractivity(n_0, 0.0);
        let gamma_e = effective_earth_curvature(n_s);
        let delta_h = path.delta_h_m;
        let mut h_e_m = [0.0; 2];
        let mut d_hzn_m = [0.0; 2];
        let mut theta_hzn = [0.0; 2];
        for (i, siting) in [path.tx_siting, path.rx_siting].into_iter().enumerate() {
            let h = h_m[i];
            h_e_m[i] = match siting {
                SitingCriteria::Random => h,
                SitingCriteria::Careful | SitingCriteria::VeryCareful => {
                    let mut b = if siting == SitingCriteria::Careful {
                        4.0
                    } else {
                        9.0
                    };
                    if h < 5.0 {
                        b *= (0.1 * std::f64::consts::PI * h).sin();
                    }
                    // [Algorithm, eq. 3.2]
                    h + (1.0 + b) * (-(2.0 * h / delta_h.max(1e-3)).min(20.0)).exp()
                }
            };
            // [Algorithm, eq. 3.3, 3.4]
            let d_ls = (2.0 * h_e_m[i] / gamma_e).sqrt();
            d_hzn_m[i] = d_ls * (-0.07 * (delta_h / h_e_m[i].max(5.0)).sqrt()).exp();
            theta_hzn[i] = (0.65 * delta_h * (d_ls / d_hzn_m[i] - 1.0) - 2.0 * h_e_m[i]) / d_ls;
        }
        Self {
            kind: PathKind::Area,
            d_m: path.d_km * 1000.0,
            h_m,
            h_e_m,
            theta_hzn,
            d_hzn_m,
            delta_h_m: delta_h,
            n_s,
            gamma_e,
        }
    }
}

/// ITM's intermediate values (its `IntermediateValues` struct). Index 0 of
/// each pair is the transmitter, 1 the receiver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntermediateValues {
    /// Terminal horizon angles, radians.
    pub theta_hzn: [f64; 2],
    /// Terminal horizon distances, metres.
    pub d_hzn_m: [f64; 2],
    /// Terminal effective heights, metres.
    pub h_e_m: [f64; 2],
    /// Surface refractivity N_s, N-units.
    pub n_s: f64,
    /// Terrain irregularity parameter Δh, metres.
    pub delta_h_m: f64,
    /// Reference attenuation (relative to free space), dB.
    pub a_ref_db: f64,
    /// Free-space basic transmission loss, dB.
    pub a_fs_db: f64,
    /// Path distance, km.
    pub d_km: f64,
    /// Mode of propagation.
    pub mode: PropagationMode,
}

/// A successful prediction: ITM's return code 0 (no warnings) or 1
/// (success with warnings).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Basic transmission loss, dB.
    pub loss_db: f64,
    /// Warning flags raised on the way.
    pub warnings: Warnings,
    /// Intermediate values of the computation.
    pub intermediate: IntermediateValues,
}

impl Prediction {
    /// ITM's return code: 0 `SUCCESS` or 1 `SUCCESS_WITH_WARNINGS`.
    #[must_use]
    pub const fn return_code(&self) -> i32 {
        if self.warnings.is_empty() {
            0
        } else {
            1
        }
    }
}
