use hatang_itm::*;
fn main() {
    let r: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let d = "/work/shared/reference/itm/";
    let pf = std::fs::read_to_string(format!("{d}srtm_pfls.csv")).unwrap();
    let p2p = std::fs::read_to_string(format!("{d}srtm_p2p.csv")).unwrap();
    let pfl: Vec<f64> = pf.lines().nth(r).unwrap().split(',').map(|s| s.parse().unwrap()).collect();
    let a: Vec<f64> = p2p.lines().nth(r+1).unwrap().split(',').map(|s| s.parse().unwrap()).collect();
    let prof = Profile::from_pfl(&pfl).unwrap();
    let hs = mean_system_height(&prof);
    let ns = surface_refractivity(a[4], hs);
    let ge = effective_earth_curvature(ns);
    let h = [a[0], a[1]];
    let hz = find_horizons(&prof, 1.0/ge, h);
    println!("h_sys {hs} ns {ns} a_e {} hz {:?} d {}", 1.0/ge, hz, prof.distance_m());
    let ds = (15.0*h[0]).min(0.1*hz.d_m[0]);
    let de = prof.distance_m() - (15.0*h[1]).min(0.1*hz.d_m[1]);
    println!("ds {ds} de {de} dh {} fit {:?}", delta_h(&prof, ds, de), least_squares_fit(&prof, ds, de));
    println!("{:?}", quick_pfl(&prof, ge, h));
}
