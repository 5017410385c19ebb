# Generates the inputs of itm_cpp_crosscheck.csv (see README.md). Deterministic (fixed seed).
import random
random.seed(20240601)
rows = []
def r(x, d): return f"{round(x, d):.{d}f}".rstrip('0').rstrip('.') if d > 0 else str(int(round(x)))
def loguni(a, b): import math; return math.exp(random.uniform(math.log(a), math.log(b)))
MDV = [0,1,2,3,10,11,12,13,20,21,22,23,30,31,32,33]
N = 1200
for i in range(N):
    kind = random.choices(['p2p_tls','p2p_cr','area_tls','area_cr'], [40,15,30,15])[0]
    c = {}
    c['kind'] = kind
    # profile
    c['seed'] = random.randrange(1, 2**31)
    c['np'] = random.choice([1,2,3,4,5,7,10,15,20]) if random.random() < 0.08 else random.randrange(10, 700)
    c['step'] = r(random.uniform(5, 250), 3)
    u = random.random()
    c['base'] = random.randrange(-80, 0) if u < 0.04 else (random.randrange(3500, 7000) if u < 0.1 else random.randrange(0, 1500))
    c['rough'] = random.choices([0,1,2,4,8],[8,30,30,22,10])[0]
    c['h_tx'] = r(loguni(1, 1000) if random.random() < 0.85 else random.choice([random.uniform(0.5,1), random.uniform(1000,3000)]), 3)
    c['h_rx'] = r(loguni(1, 1000) if random.random() < 0.85 else random.choice([random.uniform(0.5,1), random.uniform(1000,3000)]), 3)
    c['tx_site'] = random.randrange(0, 3); c['rx_site'] = random.randrange(0, 3)
    c['d_km'] = r(loguni(0.05, 3000), 4)
    c['delta_h'] = r(0 if random.random() < 0.05 else loguni(1, 600), 3)
    c['climate'] = random.randrange(1, 8)
    c['N_0'] = r(random.uniform(250, 400), 3)
    c['f'] = r(loguni(40, 10000) if random.random() < 0.85 else random.choice([random.uniform(20,40), random.uniform(10000,20000)]), 3)
    c['pol'] = random.randrange(0, 2)
    c['eps'] = r(1.0 if random.random() < 0.03 else random.uniform(1, 81), 3)
    c['sigma'] = r(loguni(1e-4, 5), 6)
    c['mdvar'] = random.choice(MDV)
    ext = lambda: random.choice([0.01, 0.05, 0.08, 99.92, 99.95, 99.99]) if random.random() < 0.06 else random.uniform(0.5, 99.5)
    c['v1'] = r(ext(), 3); c['v2'] = r(ext(), 3); c['v3'] = r(ext(), 3)
    if random.random() < 0.12:
        bad = random.choice(['h_tx','h_rx','climate','N_0','f','pol','eps','sigma','mdvar','v1','v2','v3','d_km','delta_h','tx_site','rx_site'])
        badv = {'h_tx':['0.2','3500'],'h_rx':['0.4','3000.5'],'climate':['0','8'],'N_0':['249','401'],'f':['19.5','20001'],'pol':['2','-1'],
                'eps':['0.5','0.999'],'sigma':['0','-0.01'],'mdvar':['4','14','24','34','-1','9'],'v1':['0','100','-1'],'v2':['0','100'],'v3':['0','100.5'],
                'd_km':['0','-3'],'delta_h':['-1'],'tx_site':['3','-1'],'rx_site':['3','5']}[bad]
        c[bad] = random.choice(badv)
    rows.append(c)
cols = ['kind','seed','np','step','base','rough','h_tx','h_rx','tx_site','rx_site','d_km','delta_h','climate','N_0','f','pol','eps','sigma','mdvar','v1','v2','v3']
with open('cases.csv','w') as fh:
    fh.write(','.join(cols)+'\n')
    for c in rows: fh.write(','.join(str(c[k]) for k in cols)+'\n')
