// Runs NTIA/ITS itm v1.4 (C++) on cases.csv and prints the cases with the
// results: the rows of itm_cpp_crosscheck.csv (see README.md).
// The synthetic profile generator must stay identical to synthetic_pfl() in
// tests/reference.rs.
#include "include/itm.h"
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <string>
#include <fstream>
#include <sstream>
#include <vector>
static std::vector<double> synth(uint64_t seed, int np, double step, long base, long rough) {
    std::vector<double> p(np + 3);
    p[0] = np; p[1] = step;
    uint64_t s = seed; long x = 0;
    for (int i = 0; i <= np; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        long r = (long)((s >> 33) % 201) - 100;
        x += r * rough;
        p[i + 2] = (double)base + (double)x * 0.25;
    }
    return p;
}
int main(int argc, char** argv) {
    std::ifstream fp(argv[1]);
    std::string line; std::getline(fp, line);
    printf("%s,rtn,warnings,A__db,d__km,mode,delta_h__meter,N_s,h_e_tx__meter,h_e_rx__meter,theta_hzn_tx,theta_hzn_rx,d_hzn_tx__meter,d_hzn_rx__meter,A_ref__db,A_fs__db\n", line.c_str());
    while (std::getline(fp, line)) {
        std::vector<std::string> t; std::stringstream ss(line); std::string tok;
        while (std::getline(ss, tok, ',')) t.push_back(tok);
        auto D = [&](int i) { return atof(t[i].c_str()); };
        auto I = [&](int i) { return atoi(t[i].c_str()); };
        std::string kind = t[0];
        std::vector<double> pfl = synth(strtoull(t[1].c_str(), 0, 10), I(2), D(3), atol(t[4].c_str()), atol(t[5].c_str()));
        double A = 0; long w = 0; IntermediateValues iv; memset(&iv, 0, sizeof iv); int rtn;
        if (kind == "p2p_tls") rtn = ITM_P2P_TLS_Ex(D(6), D(7), pfl.data(), I(12), D(13), D(14), I(15), D(16), D(17), I(18), D(19), D(20), D(21), &A, &w, &iv);
        else if (kind == "p2p_cr") rtn = ITM_P2P_CR_Ex(D(6), D(7), pfl.data(), I(12), D(13), D(14), I(15), D(16), D(17), I(18), D(19), D(20), &A, &w, &iv);
        else if (kind == "area_tls") rtn = ITM_AREA_TLS_Ex(D(6), D(7), I(8), I(9), D(10), D(11), I(12), D(13), D(14), I(15), D(16), D(17), I(18), D(19), D(20), D(21), &A, &w, &iv);
        else rtn = ITM_AREA_CR_Ex(D(6), D(7), I(8), I(9), D(10), D(11), I(12), D(13), D(14), I(15), D(16), D(17), I(18), D(19), D(20), &A, &w, &iv);
        if (rtn >= 1000) { printf("%s,%d,%ld,,,,,,,,,,,,,\n", line.c_str(), rtn, w); continue; }
        printf("%s,%d,%ld,%.13g,%.13g,%d,%.13g,%.13g,%.13g,%.13g,%.13g,%.13g,%.13g,%.13g,%.13g,%.13g\n", line.c_str(), rtn, w, A, iv.d__km, iv.mode, iv.delta_h__meter, iv.N_s,
            iv.h_e__meter[0], iv.h_e__meter[1], iv.theta_hzn[0], iv.theta_hzn[1], iv.d_hzn__meter[0], iv.d_hzn__meter[1], iv.A_ref__db, iv.A_fs__db);
    }
}
