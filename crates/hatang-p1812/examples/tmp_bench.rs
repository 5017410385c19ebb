use hatang_p1812::*;
use std::time::Instant;
fn main() {
    for n in [100usize, 1000, 5000] {
        let d: Vec<f64> = (0..n).map(|i| i as f64 * 50.0 / (n - 1) as f64).collect();
        let h: Vec<f64> = d.iter().map(|x| 100.0 + 80.0 * (x / 3.0).sin() + 30.0 * (x * 1.7).cos()).collect();
        let r = vec![10.0; n];
        let z = vec![Zone::Inland; n];
        let m = P1812::new(P1812Config { time_percent: 10.0, ..Default::default() }).unwrap();
        let link = Link { f_ghz: 0.9, htg_m: 30.0, hrg_m: 1.5, tx: GeoPoint { lat_deg: 21.0, lon_deg: 105.8 }, rx: GeoPoint { lat_deg: 21.3, lon_deg: 106.0 } };
        let p = Profile::new(&d, &h).with_clutter(&r).with_zones(&z);
        let iters = 2_000_000 / n;
        let t = Instant::now();
        let mut acc = 0.0;
        for _ in 0..iters { acc += m.predict(&link, &p).unwrap().lb; }
        let dt = t.elapsed().as_secs_f64() / iters as f64;
        println!("n={n}: {:.2} us/call ({:.1} ns/point) acc={acc:.1}", dt * 1e6, dt * 1e9 / n as f64);
    }
}
