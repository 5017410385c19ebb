// hatang dashboard: a MapLibre GL map drawn from the server's own tiles
// (relief, communes, villages, sites, coverage) and a side panel (targets,
// indicator charts, villages without signal). Vietnamese by default.
import * as maplibregl from '/vendor/maplibre-gl.mjs';

const T0 = performance.now();
const origin = window.location.origin;

const I18N = {
  vi: {
    title: 'Hạ tầng số Phú Thọ', layers: 'Lớp bản đồ', relief: 'Địa hình', communes: 'Ranh giới xã (gần đúng)',
    villages: 'Thôn, bản', sites: 'Trạm BTS', zones: 'Khu công nghiệp, điểm du lịch, cơ quan', coverage: 'Vùng phủ sóng',
    notComputed: 'Chưa tính', details: 'Chi tiết', clickHint: 'Bấm vào một thôn hoặc một trạm trên bản đồ.',
    targets: 'Mục tiêu', indicators: 'Chỉ số', unserved: 'Thôn chưa có sóng', apiKey: 'Khóa API (cơ quan)',
    keyHint: 'Với khóa của cơ quan, chi tiết hiển thị đủ công suất, góc nghiêng, anten.',
    counts: (c) => `${c.communes} xã · ${c.villages} thôn · ${c.sites} trạm`,
    noUnservedYet: 'Chưa tính vùng phủ: chưa xác định được thôn nào chưa có sóng.',
    noneUnserved: 'Không có thôn nào chưa có sóng.', village: 'Thôn', site: 'Trạm', zone: 'Khu vực',
    class: { good: 'Sóng tốt', fair: 'Sóng yếu', none: 'Không có sóng', unknown: 'Chưa tính' },
    legendVillages: 'Thôn theo mức sóng', legendSites: 'Trạm theo nhà mạng', noIndicators: 'Chưa có số liệu.',
    props: { name: 'Tên', kind: 'Loại', commune_code: 'Mã xã', population: 'Dân số', households: 'Số hộ', difficult: 'Đặc biệt khó khăn',
      grid_power: 'Có điện lưới', source: 'Nguồn', class: 'Mức sóng', operators: 'Nhà mạng', technologies: 'Công nghệ', shared: 'Dùng chung',
      owner: 'Chủ sở hữu', structure: 'Kiểu cột', structure_height_m: 'Chiều cao cột (m)', ground_elevation_m: 'Độ cao nền (m)',
      sector_count: 'Số sector', bands_mhz: 'Băng tần (MHz)', kind_vi: 'Loại' },
    yes: 'có', no: 'không', loading: 'Đang tải…', target: 'mục tiêu',
    plan: 'Kế hoạch phát triển trạm (đề xuất)', planSite: 'Trạm đề xuất',
    planKinds: { new_tower: 'Cột mới', colocation: 'Dùng chung cột có sẵn', upgrade: 'Nâng cấp trạm', planned: 'Cột theo quy hoạch hạ tầng' },
    planSummary: (p, n) => `${n} trạm đề xuất phủ ${p.villages_covered}/${p.gap_villages} thôn chưa có sóng (${fmt(p.people_covered)} người)` +
      (p.cost !== undefined ? `; chi phí ${fmt(p.cost)} ${p.cost_unit === 'million VND' ? 'triệu đồng' : p.cost_unit}` : '') +
      `; sai số tối ưu ${fmt(100 * p.gap)} %.`,
    planProps: { kind: 'Hình thức', operator: 'Nhà mạng', cost: 'Chi phí', antenna_height_m: 'Độ cao anten (m)', people: 'Số dân được phủ', villages: 'Thôn được phủ' },
  },
  en: {
    title: 'Phú Thọ digital infrastructure', layers: 'Map layers', relief: 'Relief', communes: 'Commune outlines (approximate)',
    villages: 'Villages', sites: 'Base stations', zones: 'Industrial zones, tourist sites, agencies', coverage: 'Coverage',
    notComputed: 'Not computed yet', details: 'Details', clickHint: 'Click a village or a site on the map.',
    targets: 'Targets', indicators: 'Indicators', unserved: 'Villages without signal', apiKey: 'API key (agencies)',
    keyHint: 'With an agency key the details show powers, tilts and antennas.',
    counts: (c) => `${c.communes} communes · ${c.villages} villages · ${c.sites} sites`,
    noUnservedYet: 'Coverage not computed yet: villages without signal are not known.',
    noneUnserved: 'No village is without signal.', village: 'Village', site: 'Site', zone: 'Zone',
    class: { good: 'Good signal', fair: 'Weak signal', none: 'No signal', unknown: 'Not computed' },
    legendVillages: 'Villages by signal', legendSites: 'Sites by operator', noIndicators: 'No data yet.',
    props: { name: 'Name', kind: 'Kind', commune_code: 'Commune code', population: 'Population', households: 'Households',
      difficult: 'Especially difficult', grid_power: 'Grid power', source: 'Source', class: 'Signal', operators: 'Operators',
      technologies: 'Technologies', shared: 'Shared', owner: 'Owner', structure: 'Structure', structure_height_m: 'Structure height (m)',
      ground_elevation_m: 'Ground elevation (m)', sector_count: 'Sectors', bands_mhz: 'Bands (MHz)', kind_vi: 'Kind' },
    yes: 'yes', no: 'no', loading: 'Loading…', target: 'target',
    plan: 'Site plan (proposal)', planSite: 'Planned site',
    planKinds: { new_tower: 'New tower', colocation: 'Co-location on an existing tower', upgrade: 'Upgrade of a site', planned: 'Tower of the infrastructure plan' },
    planSummary: (p, n) => `${n} planned sites cover ${p.villages_covered} of ${p.gap_villages} villages without signal (${fmt(p.people_covered)} people)` +
      (p.cost !== undefined ? `; cost ${fmt(p.cost)} ${p.cost_unit}` : '') + `; optimality gap ${fmt(100 * p.gap)} %.`,
    planProps: { kind: 'Kind', operator: 'Operator', cost: 'Cost', antenna_height_m: 'Antenna height (m)', people: 'People covered', villages: 'Villages covered' },
  },
};
const CLASS_COLOURS = { good: '#1a9850', fair: '#f2b01e', none: '#d73027', unknown: '#8c96a0' };

const state = {
  lang: localStorage.getItem('hatang.lang') || 'vi',
  meta: null, plan: null, targets: null, indicators: [], unserved: null, coverageLayers: [], coverageVisible: {}, selected: null,
  operators: new Set(),
};
const t = (k) => I18N[state.lang][k];
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function headers() {
  const key = $('api-key').value.trim() || localStorage.getItem('hatang.key') || '';
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function getJson(path) {
  const r = await fetch(origin + path, { headers: headers() });
  if (!r.ok) {
    const e = new Error(`${r.status}`);
    e.status = r.status;
    try { e.body = await r.json(); } catch { /* not JSON */ }
    throw e;
  }
  return r.json();
}

// ---------- the map ----------
function buildStyle(meta) {
  const opColours = [];
  for (const o of meta.operators) opColours.push(o.id, o.colour);
  const sources = {
    hatang: { type: 'vector', tiles: [`${origin}/tiles/vector/{z}/{x}/{y}.mvt`], minzoom: 0, maxzoom: 14, bounds: meta.extent },
  };
  const layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#e8ece4' } }];
  if (meta.terrain) {
    sources.hillshade = { type: 'raster', tiles: [`${origin}/tiles/hillshade/{z}/{x}/{y}.png`], tileSize: 256, maxzoom: 12, bounds: meta.terrain };
    layers.push({ id: 'hillshade', type: 'raster', source: 'hillshade', paint: { 'raster-opacity': 0.95, 'raster-fade-duration': 0 } });
  }
  layers.push(
    { id: 'communes-fill', type: 'fill', source: 'hatang', 'source-layer': 'communes',
      paint: { 'fill-color': ['case', ['has', 'score'], ['interpolate', ['linear'], ['get', 'score'], 0, '#d73027', 50, '#fee08b', 100, '#1a9850'], 'rgba(0,0,0,0)'],
        'fill-opacity': 0.28 } },
    { id: 'communes-line', type: 'line', source: 'hatang', 'source-layer': 'communes',
      paint: { 'line-color': '#5d4e6d', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 12, 1.4], 'line-opacity': 0.7, 'line-dasharray': [3, 2] } },
    { id: 'zones', type: 'circle', source: 'hatang', 'source-layer': 'zones', minzoom: 8,
      paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#12355b', 'circle-stroke-width': 1.5 } },
    { id: 'villages', type: 'circle', source: 'hatang', 'source-layer': 'villages',
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.6, 10, 3.2, 13, 6],
        'circle-color': ['match', ['get', 'class'], 'good', CLASS_COLOURS.good, 'fair', CLASS_COLOURS.fair, 'none', CLASS_COLOURS.none, CLASS_COLOURS.unknown],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, 0.3, 12, 1] } },
    { id: 'sites', type: 'circle', source: 'hatang', 'source-layer': 'sites',
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.8, 10, 3.5, 13, 7],
        'circle-color': ['match', ['get', 'operator'], ...opColours, '#555555'],
        'circle-stroke-color': '#111111', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, 0.3, 12, 1.2] } },
    { id: 'commune-labels', type: 'symbol', source: 'hatang', 'source-layer': 'commune_labels', minzoom: 8,
      layout: { 'text-field': ['get', 'name'], 'text-font': [meta.fontstack], 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 10, 13, 14], 'text-padding': 3 },
      paint: { 'text-color': '#2c2438', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 } },
    { id: 'village-labels', type: 'symbol', source: 'hatang', 'source-layer': 'villages', minzoom: 12.5,
      layout: { 'text-field': ['get', 'name'], 'text-font': [meta.fontstack], 'text-size': 11, 'text-offset': [0, 0.9], 'text-anchor': 'top' },
      paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1 } },
    { id: 'site-labels', type: 'symbol', source: 'hatang', 'source-layer': 'sites', minzoom: 14,
      layout: { 'text-field': ['get', 'id'], 'text-font': [meta.fontstack], 'text-size': 10, 'text-offset': [0, -1.1] },
      paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1 } },
  );
  return { version: 8, glyphs: `${origin}/fonts/{fontstack}/{range}.pbf`, sources, layers };
}

function setVisibility(map, ids, on) {
  for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
}

function applyOperatorFilter(map) {
  const ops = [...state.operators];
  const filter = ['any', ...ops.map((o) => ['in', o, ['get', 'operators']])];
  map.setFilter('sites', filter);
  map.setFilter('site-labels', filter);
}

function addCoverageLayers(map, layers) {
  for (const l of layers) {
    const id = `coverage-${l.operator}-${l.technology}`;
    if (map.getSource(id)) continue;
    map.addSource(id, { type: 'raster', tiles: [origin + l.tiles], tileSize: 256, bounds: state.meta.extent });
    const visible = state.coverageVisible[id];
    map.addLayer({ id, type: 'raster', source: id, layout: { visibility: visible ? 'visible' : 'none' },
      paint: { 'raster-opacity': 0.55, 'raster-fade-duration': 0 } }, 'communes-fill');
  }
}

const PLAN_LAYERS = ['plan-links', 'plan-villages', 'plan-sites'];

// The site plan (GeoJSON from /plan): lines from each planned site to the
// villages it covers, the villages without signal (ringed), the sites.
function addPlanLayers(map, plan) {
  if (map.getSource('plan')) { map.getSource('plan').setData(plan); return; }
  map.addSource('plan', { type: 'geojson', data: plan });
  const on = $('toggle-plan').checked ? 'visible' : 'none';
  map.addLayer({ id: 'plan-links', type: 'line', source: 'plan', filter: ['==', ['get', 'layer'], 'link'], layout: { visibility: on },
    paint: { 'line-color': '#6a3d9a', 'line-width': 1.6, 'line-dasharray': [2, 1.5] } }, 'commune-labels');
  map.addLayer({ id: 'plan-villages', type: 'circle', source: 'plan', filter: ['==', ['get', 'layer'], 'village'], layout: { visibility: on },
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 5, 12, 10], 'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': ['case', ['get', 'covered_by_plan'], '#6a3d9a', '#d73027'], 'circle-stroke-width': 2 } }, 'commune-labels');
  map.addLayer({ id: 'plan-sites', type: 'circle', source: 'plan', filter: ['==', ['get', 'layer'], 'site'], layout: { visibility: on },
    paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 5, 12, 9], 'circle-color': '#6a3d9a',
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } }, 'commune-labels');
}

function planFeature(siteId) {
  return state.plan && state.plan.features.find((f) => f.properties.layer === 'site' && f.properties.site_id === siteId);
}

function renderPlanDetails(f) {
  const p = f.properties;
  const names = t('planProps');
  const brand = (state.meta.operators.find((o) => o.id === p.operator) || { brand: p.operator }).brand;
  let rows = `<tr><th>ID</th><td>${esc(p.site_id)}</td></tr>`;
  rows += `<tr><th>${esc(names.kind)}</th><td>${esc(t('planKinds')[p.kind] || p.kind)}</td></tr>`;
  rows += `<tr><th>${esc(names.operator)}</th><td>${esc(brand)}</td></tr>`;
  if (p.cost !== undefined) rows += `<tr><th>${esc(names.cost)}</th><td>${esc(fmt(p.cost))} ${esc(state.plan.properties.cost_unit || '')}</td></tr>`;
  rows += `<tr><th>${esc(names.antenna_height_m)}</th><td>${esc(fmt(p.antenna_height_m))}</td></tr>`;
  rows += `<tr><th>${esc(names.people)}</th><td>${esc(fmt(p.people))}</td></tr>`;
  rows += `<tr><th>${esc(names.villages)}</th><td>${esc(fmt(p.villages))}</td></tr>`;
  const c = f.geometry.coordinates;
  rows += `<tr><th>${state.lang === 'vi' ? 'Toạ độ' : 'Position'}</th><td>${c[1].toFixed(5)}, ${c[0].toFixed(5)}</td></tr>`;
  const el = $('details');
  el.classList.remove('muted');
  el.dataset.kind = 'plan';
  el.dataset.id = p.site_id;
  el.innerHTML = `<div class="title">${esc(t('planSite'))}: ${esc(p.site_id)}</div><table>${rows}</table>`;
}

function showPlanSite(siteId, lngLat) {
  const f = planFeature(siteId);
  if (!f) return;
  state.selected = { kind: 'plan', feature: f };
  renderPlanDetails(f);
  if (lngLat) {
    if (state.popup) state.popup.remove();
    state.popup = new maplibregl.Popup({ closeButton: false, offset: 8 }).setLngLat(lngLat).setText(`${t('planSite')} ${siteId}`).addTo(window.hatang.map);
  }
}

function renderPlan() {
  const box = $('plan');
  if (!state.plan) { box.className = 'muted'; box.textContent = t('notComputed'); return; }
  const sites = state.plan.features.filter((f) => f.properties.layer === 'site');
  box.className = '';
  box.innerHTML = `<div class="small" id="plan-summary">${esc(t('planSummary')(state.plan.properties, sites.length))}</div><ul>` + sites.map((f) => {
    const p = f.properties;
    const brand = (state.meta.operators.find((o) => o.id === p.operator) || { brand: p.operator }).brand;
    return `<li data-id="${esc(p.site_id)}" data-lon="${f.geometry.coordinates[0]}" data-lat="${f.geometry.coordinates[1]}">${esc(p.site_id)} · ${esc(t('planKinds')[p.kind] || p.kind)} · ${esc(brand)} <span class="muted">(${p.villages.length})</span></li>`;
  }).join('') + '</ul>';
  for (const li of box.querySelectorAll('li')) {
    li.addEventListener('click', () => {
      const ll = [Number(li.dataset.lon), Number(li.dataset.lat)];
      window.hatang.map.flyTo({ center: ll, zoom: 12 });
      showPlanSite(li.dataset.id, ll);
    });
  }
}

// ---------- the panel ----------
function renderStatic() {
  document.documentElement.lang = state.lang;
  $('lang').textContent = state.lang === 'vi' ? 'EN' : 'VI';
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const v = t(el.dataset.i18n);
    if (typeof v === 'string' && !(el.id === 'details' && state.selected)) el.textContent = v;
  }
  if (state.meta) $('counts').textContent = t('counts')(state.meta.counts);
  renderOperators();
  renderCoverageToggles();
  renderLegend();
  renderTargets();
  renderIndicators();
  renderUnserved();
  renderPlan();
  if (state.selected) {
    if (state.selected.kind === 'plan') renderPlanDetails(state.selected.feature);
    else renderDetails(state.selected.kind, state.selected.feature);
  }
}

function renderOperators() {
  if (!state.meta) return;
  $('operator-toggles').innerHTML = state.meta.operators.map((o) =>
    `<label><input type="checkbox" class="op-toggle" value="${esc(o.id)}" ${state.operators.has(o.id) ? 'checked' : ''}>` +
    `<span class="swatch" style="background:${esc(o.colour)}"></span>${esc(o.brand)}</label>`).join('');
  for (const cb of document.querySelectorAll('.op-toggle')) {
    cb.addEventListener('change', () => {
      if (cb.checked) state.operators.add(cb.value); else state.operators.delete(cb.value);
      applyOperatorFilter(window.hatang.map);
    });
  }
}

function renderCoverageToggles() {
  const box = $('coverage-toggles');
  if (!state.coverageLayers.length) { box.innerHTML = `<span class="muted">${esc(t('notComputed'))}</span>`; return; }
  const map = window.hatang && window.hatang.map;
  box.innerHTML = state.coverageLayers.map((l) => {
    const id = `coverage-${l.operator}-${l.technology}`;
    const on = !!state.coverageVisible[id];
    const brand = (state.meta.operators.find((o) => o.id === l.operator) || { brand: l.operator === 'all' ? (state.lang === 'vi' ? 'Mọi nhà mạng' : 'All operators') : l.operator }).brand;
    return `<label><input type="checkbox" class="cov-toggle" id="toggle-${esc(id)}" data-layers="${esc(id)}" ${on ? 'checked' : ''}> ${esc(brand)} ${esc(l.technology)}</label>`;
  }).join('');
  for (const cb of box.querySelectorAll('input')) {
    cb.addEventListener('change', () => {
      state.coverageVisible[cb.dataset.layers] = cb.checked;
      setVisibility(window.hatang.map, [cb.dataset.layers], cb.checked);
    });
  }
}

function renderLegend() {
  if (!state.meta) return;
  let h = `<div><b>${esc(t('legendVillages'))}</b></div>`;
  for (const c of ['good', 'fair', 'none', 'unknown']) h += `<div><span class="swatch" style="background:${CLASS_COLOURS[c]}"></span>${esc(t('class')[c])}</div>`;
  if (state.plan) h += `<div><span class="swatch" style="background:#6a3d9a"></span>${esc(t('planSite'))}</div>`;
  if (state.legend && state.legend.length) {
    h += `<div><b>${esc(t('coverage'))}</b></div>`;
    for (const s of state.legend) h += `<div><span class="swatch" style="background:${esc(s.colour)};border-radius:2px"></span>${esc(state.lang === 'vi' ? s.label_vi : s.label_en)}</div>`;
  }
  $('legend').innerHTML = h;
}

function fmt(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number') return v.toLocaleString(state.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
  return String(v);
}

function renderDetails(kind, feature) {
  const p = feature.properties || {};
  const names = t('props');
  let title = p.name || feature.id;
  if (kind === 'villages' && p.kind_vi && !String(p.name).toLowerCase().startsWith(p.kind_vi.toLowerCase())) title = `${p.kind_vi} ${p.name}`;
  const label = kind === 'villages' ? t('village') : kind === 'sites' ? t('site') : t('zone');
  let rows = `<tr><th>ID</th><td>${esc(feature.id)}</td></tr>`;
  for (const [k, v] of Object.entries(p)) {
    if (k === 'name' || (k === 'kind_vi' && state.lang === 'en') || (k === 'kind' && state.lang === 'vi' && p.kind_vi)) continue;
    let shown = fmt(v);
    if (k === 'class') shown = t('class')[v] || v;
    rows += `<tr><th>${esc(names[k] || k)}</th><td>${esc(shown)}</td></tr>`;
  }
  const coords = feature.geometry && feature.geometry.type === 'Point' ? feature.geometry.coordinates : null;
  if (coords) rows += `<tr><th>${state.lang === 'vi' ? 'Toạ độ' : 'Position'}</th><td>${coords[1].toFixed(5)}, ${coords[0].toFixed(5)}</td></tr>`;
  const el = $('details');
  el.classList.remove('muted');
  el.dataset.kind = kind;
  el.dataset.id = feature.id;
  el.innerHTML = `<div class="title">${esc(label)}: ${esc(title)}</div><table>${rows}</table>`;
}

async function showDetails(kind, id, lngLat) {
  const map = window.hatang.map;
  try {
    const f = await getJson(`/collections/${kind}/items/${encodeURIComponent(id)}`);
    state.selected = { kind, feature: f };
    renderDetails(kind, f);
    if (lngLat) {
      if (state.popup) state.popup.remove();
      state.popup = new maplibregl.Popup({ closeButton: false, offset: 8 }).setLngLat(lngLat).setText(f.properties.name || id).addTo(map);
    }
  } catch (e) {
    $('details').textContent = `${id}: ${e.body ? e.body.reason : e.message}`;
  }
}

function renderTargets() {
  const box = $('targets');
  if (state.targets === null) { box.textContent = t('loading'); return; }
  if (state.targets === 'none') { box.className = 'muted'; box.textContent = t('notComputed'); return; }
  box.className = '';
  box.innerHTML = state.targets.map((g) => {
    const pct = g.progress === null || g.progress === undefined ? 0 : Math.min(100, g.progress * 100);
    const label = state.lang === 'vi' ? g.label_vi : g.label_en;
    return `<div class="target"><div>${esc(label)}: <b>${esc(fmt(g.value))}</b> / ${esc(fmt(g.target))} ${esc(g.unit)}` +
      `${g.deadline ? ` <span class="muted small">(${esc(g.deadline)})</span>` : ''}</div><div class="bar"><span style="width:${pct.toFixed(1)}%"></span></div></div>`;
  }).join('');
}

function chart(series, unit) {
  // A bar per (unit, period): plain SVG, no library.
  const bars = [];
  for (const s of series) for (const p of s.points) bars.push({ label: `${s.unit_name || s.unit.split('/')[1]} ${p.period}`, value: p.value });
  if (!bars.length) return '';
  const w = 340, bh = 16, gap = 4, left = 130, h = bars.length * (bh + gap) + 4;
  const max = unit === '%' ? 100 : Math.max(...bars.map((b) => b.value)) || 1;
  let g = '';
  bars.forEach((b, i) => {
    const y = i * (bh + gap) + 2;
    const bw = Math.max(1, (b.value / max) * (w - left - 60));
    g += `<text x="0" y="${y + bh - 4}">${esc(b.label.slice(0, 24))}</text>` +
      `<rect x="${left}" y="${y}" width="${bw.toFixed(1)}" height="${bh}" fill="#3b6fb6" rx="2"></rect>` +
      `<text x="${(left + bw + 4).toFixed(1)}" y="${y + bh - 4}">${esc(fmt(b.value))}${unit === '%' ? ' %' : ''}</text>`;
  });
  return `<svg class="chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">${g}</svg>`;
}

const INDICATOR_VI = {
  population: 'Dân số', households: 'Số hộ', fibre_households: 'Hộ dùng cáp quang (FTTH)',
  fibre_household_share: 'Tỷ lệ hộ dùng cáp quang', fibre_available_share: 'Tỷ lệ hộ có thể lắp cáp quang',
  smartphone_share: 'Tỷ lệ dùng điện thoại thông minh', mobile_subscriptions: 'Thuê bao di động',
  mobile_broadband_subscriptions: 'Thuê bao băng rộng di động', fixed_broadband_subscriptions: 'Thuê bao băng rộng cố định',
  bts_count: 'Số trạm BTS', sites_5g: 'Trạm / điểm 5G', difficult_villages_newly_covered: 'Thôn đặc biệt khó khăn mới được phủ sóng',
  villages_4g_share: 'Tỷ lệ thôn có 4G', population_4g_share: 'Tỷ lệ dân số được phủ 4G', shared_tower_share: 'Tỷ lệ cột dùng chung',
};

// Province-level series when there are any; otherwise the 8 largest units.
function chartSeries(series) {
  const province = series.filter((s) => s.unit.startsWith('province/'));
  if (province.length) return province;
  const last = (s) => (s.points.length ? s.points[s.points.length - 1].value : 0);
  return [...series].sort((a, b) => last(b) - last(a)).slice(0, 8);
}

function renderIndicators() {
  const box = $('indicators');
  if (!state.indicators.length) { box.className = 'muted'; box.textContent = state.indicatorsLoaded ? t('noIndicators') : t('loading'); return; }
  box.className = '';
  box.innerHTML = state.indicators.map((k) =>
    `<div class="indicator" data-key="${esc(k.key)}"><div class="small"><b>${esc(state.lang === 'vi' && INDICATOR_VI[k.key] ? INDICATOR_VI[k.key] : k.description)}</b> (${esc(k.unit)})</div>${chart(chartSeries(k.series), k.unit)}</div>`).join('');
}

function renderUnserved() {
  const box = $('unserved');
  if (state.unserved === null) { box.textContent = t('loading'); return; }
  const computed = state.unserved.computed;
  if (!state.unserved.features.length) { box.className = 'muted'; box.textContent = computed ? t('noneUnserved') : t('noUnservedYet'); return; }
  box.className = '';
  box.innerHTML = `<div class="small muted">${state.unserved.features.length}</div><ul>` + state.unserved.features.map((f) =>
    `<li data-id="${esc(f.id)}" data-lon="${f.geometry.coordinates[0]}" data-lat="${f.geometry.coordinates[1]}">${esc(f.properties.name)} <span class="muted">(${esc(f.properties.commune_code)})</span></li>`).join('') + '</ul>';
  for (const li of box.querySelectorAll('li')) {
    li.addEventListener('click', () => {
      const ll = [Number(li.dataset.lon), Number(li.dataset.lat)];
      window.hatang.map.flyTo({ center: ll, zoom: 13 });
      showDetails('villages', li.dataset.id, ll);
    });
  }
}

async function loadPanel() {
  const jobs = [];
  jobs.push(getJson('/targets').then((r) => { state.targets = r.targets; }).catch(() => { state.targets = 'none'; }));
  jobs.push(getJson('/indicators').then(async (r) => {
    const keys = r.keys.filter((k) => k.values > 0);
    const series = await Promise.all(keys.map((k) => getJson(`/indicators/${k.key}`).catch(() => null)));
    state.indicators = series.filter((s) => s && s.series.length);
  }).catch(() => {}).finally(() => { state.indicatorsLoaded = true; }));
  jobs.push(getJson('/collections/villages/items?class=none&limit=1000').then((r) => {
    state.unserved = { features: r.features, computed: state.meta.scorecard };
  }).catch(() => { state.unserved = { features: [], computed: false }; }));
  await Promise.all(jobs);
  renderStatic();
}

async function main() {
  $('api-key').value = localStorage.getItem('hatang.key') || '';
  $('api-key').addEventListener('change', () => localStorage.setItem('hatang.key', $('api-key').value.trim()));
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    localStorage.setItem('hatang.lang', state.lang);
    renderStatic();
  });
  const meta = await (window.hatangMeta || getJson('/meta')).catch(() => getJson('/meta'));
  state.meta = meta;
  for (const o of meta.operators) state.operators.add(o.id);
  const map = new maplibregl.Map({
    container: 'map', style: buildStyle(meta), bounds: meta.extent, fitBoundsOptions: { padding: 10 },
    attributionControl: { compact: true, customAttribution: 'SRTM (NASA/USGS) · © OpenStreetMap contributors (ODbL) · hatang' },
    fadeDuration: 0, maxZoom: 17,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  // Milliseconds since navigation started (performance.now()'s origin).
  const timings = { script: T0 };
  let resolveReady;
  const ready = new Promise((r) => { resolveReady = r; });
  window.hatang = { map, state, ready, timings, showDetails };
  for (const cb of document.querySelectorAll('#layer-toggles input')) {
    cb.addEventListener('change', () => setVisibility(map, cb.dataset.layers.split(','), cb.checked));
  }
  map.on('click', (e) => {
    const box = [[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]];
    const layers = ['plan-sites', 'sites', 'villages', 'zones'].filter((l) => map.getLayer(l) && map.getLayoutProperty(l, 'visibility') !== 'none');
    const hits = map.queryRenderedFeatures(box, { layers });
    if (!hits.length) return;
    const f = hits[0];
    if (f.layer.id === 'plan-sites') { showPlanSite(f.properties.site_id, f.geometry.coordinates); return; }
    const kind = f.layer.id === 'sites' ? 'sites' : f.layer.id === 'villages' ? 'villages' : 'zones';
    showDetails(kind, f.properties.id, f.geometry.coordinates);
  });
  for (const l of ['plan-sites', 'sites', 'villages', 'zones']) {
    map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
  }
  const mapDone = new Promise((r) => map.once('idle', () => { timings.mapIdle = performance.now(); r(); }));
  const coverage = getJson('/coverage/layers').then((c) => {
    state.coverageLayers = c.layers;
    for (const l of c.layers) state.coverageVisible[`coverage-${l.operator}-${l.technology}`] = l.operator === 'all' && l.technology === '4G';
    state.legend = c.legend;
    const add = () => addCoverageLayers(map, c.layers);
    if (map.isStyleLoaded()) add(); else map.once('load', add);
  }).catch(() => {});
  const planned = getJson('/plan').then((p) => {
    state.plan = p;
    const add = () => addPlanLayers(map, p);
    if (map.isStyleLoaded()) add(); else map.once('load', add);
  }).catch(() => { state.plan = null; });
  renderStatic();
  const panelDone = Promise.all([loadPanel(), coverage, planned]).then(() => { renderStatic(); timings.panel = performance.now(); });
  await Promise.all([mapDone, panelDone]);
  timings.ready = performance.now();
  document.body.dataset.ready = 'true';
  resolveReady(timings);
}

main().catch((e) => {
  console.error(e);
  document.body.dataset.ready = 'error';
  $('details').textContent = `Error: ${e.message}`;
});
