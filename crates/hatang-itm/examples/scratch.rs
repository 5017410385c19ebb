use hatang_itm::*;
fn rd(p: &str) -> Vec<Vec<String>> { std::fs::read_to_string(p).unwrap().lines().map(|l| l.split(',').map(|s| s.to_string()).collect()).collect() }
fn main() {
    let d = "/work/shared/reference/itm/";
    let p2p = rd(&format!("{d}srtm_p2p.csv"));
    let pf = rd(&format!("{d}srtm_pfls.csv"));
    let iv = rd(&format!("{d}srtm_intermediate.csv"));
    let f = |s: &String| s.parse::<f64>().unwrap();
    let only: Option<usize> = std::env::args().nth(1).map(|s| s.parse().unwrap());
    let mut maxd = [0.0f64; 12];
    let mut nbad = [0usize; 12];
    for r in 0..1000 {
        if let Some(o) = only { if o != r { continue; } }
        let a = &p2p[r+1]; let b = &iv[r+1];
        let pfl: Vec<f64> = pf[r].iter().map(f).collect();
        let itm = Itm { f_mhz: f(&a[5]), polarization: Polarization::try_from(f(&a[6]) as i32).unwrap(), epsilon: f(&a[2]), sigma: f(&a[3]), n_0: f(&a[4]),
            climate: Climate::try_from(f(&a[7]) as i32).unwrap(), mdvar: Mdvar::try_from(f(&a[11]) as i32).unwrap() };
        let prof = Profile::from_pfl(&pfl).unwrap();
        let Ok(p) = itm.p2p_tls(f(&a[0]), f(&a[1]), &prof, Tls::new(f(&a[8]), f(&a[9]), f(&a[10]))) else { continue };
        let i = p.intermediate;
        let mine = [p.loss_db, i.d_km, i.mode.code() as f64, i.delta_h_m, i.n_s, i.h_e_m[0], i.h_e_m[1], i.theta_hzn[0], i.theta_hzn[1], i.d_hzn_m[0], i.d_hzn_m[1], i.a_ref_db];
        let refs = [f(&a[12]), f(&b[5]), f(&b[6]), f(&b[7]), f(&b[8]), f(&b[9]), f(&b[10]), f(&b[11]), f(&b[12]), f(&b[13]), f(&b[14]), f(&b[15])];
        let tol = [1e-1, 5e-7, 0.0, 5e-5, 5e-5, 5e-5, 5e-5, 5e-7, 5e-7, 5e-4, 5e-4, 5e-5];
        for k in 0..12 { let e = (mine[k]-refs[k]).abs(); if e > maxd[k] { maxd[k] = e; } if e > tol[k]*1.0001 { nbad[k]+=1; if only.is_some() || nbad[k] <= 3 || k == 0 { println!("row {r} field {k}: mine {} ref {}", mine[k], refs[k]); } } }
    }
    println!("max {:?}\nbad {:?}", maxd, nbad);
}
