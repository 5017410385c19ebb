// The hatang dashboard in a real browser: playwright-core drives Debian's
// chromium (WebGL through SwiftShader). Run by the Rust test
// crates/hatang-live/tests/it/browser.rs, which starts the server with the
// real providers (scorecard, coverage, plan):
//   [HATANG_ZOOM_BBOX=w,s,e,n] node tests/browser/dashboard.test.mjs <url> <screenshot.png>
// With HATANG_ZOOM_BBOX it also saves <screenshot>-zoom.png of that box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node dashboard.test.mjs <url> <screenshot.png>');
  process.exit(2);
}
const executablePath = process.env.HATANG_CHROMIUM || '/usr/bin/chromium';

test('the dashboard loads, layers toggle, a click on a village shows it', { timeout: 240_000 }, async () => {
  const profile = mkdtempSync(join(tmpdir(), 'hatang-chromium-'));
  // A fresh profile (--user-data-dir) per run, through the persistent-context API.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    // Offline: nothing may be fetched from anywhere but our server.
    const foreign = [];
    const here = new URL(url).origin;
    page.on('request', (r) => { const u = r.url(); if (!u.startsWith(here) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u); });
    // Coverage tiles that hold coverage (an empty tile is a few hundred bytes).
    const coverageTiles = { ok: 0, drawn: 0 };
    page.on('response', async (r) => {
      if (!r.url().includes('/tiles/coverage/')) return;
      if (r.status() === 200) coverageTiles.ok += 1;
      try { if ((await r.body()).length > 2000) coverageTiles.drawn += 1; } catch { /* gone */ }
    });

    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => ['true', 'error'].includes(document.body.dataset.ready), null, { timeout: 120_000 });
    const wall = Date.now() - t0;
    const ready = await page.evaluate(() => document.body.dataset.ready);
    assert.equal(ready, 'true', `the page failed: ${problems.join('; ')}`);
    const timings = await page.evaluate(() => window.hatang.timings);
    console.log(`timings (ms since navigation start): script ${Math.round(timings.script)}, map idle ${Math.round(timings.mapIdle)}, panel ${Math.round(timings.panel)}, both ${Math.round(timings.ready)}; wall clock around page.goto ${wall}`);
    assert.equal(await page.locator('h1').textContent(), 'Hạ tầng số Phú Thọ', 'Vietnamese by default');

    // The map shows villages and sites.
    const rendered = () => page.evaluate(() => {
      const m = window.hatang.map;
      const n = (l) => m.queryRenderedFeatures({ layers: [l] }).length;
      return { villages: n('villages'), sites: n('sites'), communes: n('communes-line'), labels: n('commune-labels') };
    });
    const before = await rendered();
    console.log('rendered features:', JSON.stringify(before));
    assert.ok(before.villages > 100, 'villages are drawn');
    assert.ok(before.sites > 100, 'sites are drawn');
    assert.ok(before.communes > 10, 'commune outlines are drawn');

    // Layers toggle: sites off and on again.
    const idle = () => page.evaluate(() => new Promise((r) => { const m = window.hatang.map; if (m.loaded() && !m.isMoving()) { m.once('idle', r); m.triggerRepaint(); } else m.once('idle', r); }));
    await page.click('#toggle-sites');
    await idle();
    assert.equal(await page.evaluate(() => window.hatang.map.getLayoutProperty('sites', 'visibility')), 'none');
    assert.equal((await rendered()).sites, 0, 'no site is drawn once the layer is off');
    await page.click('#toggle-sites');
    await idle();
    assert.ok((await rendered()).sites > 100, 'sites are back');

    // Coverage layers (when computed) toggle as well.
    const cov = await page.evaluate(() => window.hatang.state.coverageLayers.map((l) => `coverage-${l.operator}-${l.technology}`));
    if (cov.length) {
      const id = cov[0];
      const vis = () => page.evaluate((i) => window.hatang.map.getLayoutProperty(i, 'visibility'), id);
      const was = await vis();
      await page.click(`#toggle-${id}`);
      assert.notEqual(await vis(), was, `${id} toggles`);
      await page.click(`#toggle-${id}`);
      assert.equal(await vis(), was);
      await idle();
    }

    // A click on a village shows its details.
    const target = await page.evaluate(() => {
      const m = window.hatang.map;
      const canvas = m.getCanvas().getBoundingClientRect();
      const villages = m.queryRenderedFeatures({ layers: ['villages'] });
      for (const f of villages) {
        const p = m.project(f.geometry.coordinates);
        if (p.x < 40 || p.y < 40 || p.x > canvas.width - 40 || p.y > canvas.height - 40) continue;
        const box = [[p.x - 8, p.y - 8], [p.x + 8, p.y + 8]];
        if (m.queryRenderedFeatures(box, { layers: ['sites', 'zones', 'plan-sites'].filter((l) => m.getLayer(l)) }).length) continue;
        return { x: canvas.left + p.x, y: canvas.top + p.y, id: f.properties.id, name: f.properties.name };
      }
      return null;
    });
    assert.ok(target, 'a village clear of sites is on screen');
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction((id) => document.getElementById('details').dataset.id === id, target.id, { timeout: 20_000 });
    const details = await page.locator('#details').textContent();
    assert.ok(details.includes(target.name), `details show ${target.name}: ${details}`);
    assert.ok(/Mức sóng/.test(details), 'in Vietnamese');

    // English on the switch, and back.
    await page.click('#lang');
    assert.equal(await page.locator('#layers-section h2').textContent(), 'Map layers');
    assert.ok((await page.locator('#details').textContent()).includes('Signal'));
    await page.click('#lang');
    assert.equal(await page.locator('#layers-section h2').textContent(), 'Lớp bản đồ');

    // The panel: targets, indicators and the villages without signal.
    assert.ok((await page.locator('#indicators svg').count()) > 0, 'indicator charts are drawn');
    await idle();
    await page.screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
    // The panel's lower half (targets, charts, villages without signal) as a second picture.
    await page.evaluate(() => { const p = document.getElementById('panel'); p.scrollTop = document.getElementById('targets-section').offsetTop - p.offsetTop; });
    await page.locator('#panel').screenshot({ path: screenshot.replace(/\.png$/, '-panel.png') });

    // The real computed layers: villages classified from the signals,
    // coverage layers, the plan.
    const computed = await page.evaluate(() => {
      const m = window.hatang.map;
      const classes = {};
      for (const f of m.queryRenderedFeatures({ layers: ['villages'] })) classes[f.properties.class] = (classes[f.properties.class] || 0) + 1;
      const s = window.hatang.state;
      return { classes, coverage: s.coverageLayers.length, planSites: s.plan ? s.plan.features.filter((f) => f.properties.layer === 'site').length : 0 };
    });
    console.log('computed layers on the page:', JSON.stringify(computed));
    assert.ok((computed.classes.good || 0) > 50, 'villages are classified from the computed signals');
    assert.ok(computed.coverage >= 4, 'coverage layers are listed');
    assert.ok(computed.planSites >= 1, 'the plan is on the map');
    assert.ok((await page.locator('#plan li').count()) === computed.planSites, 'the panel lists the planned sites');
    assert.ok(/\d+/.test(await page.locator('#plan-summary').textContent()), 'the plan summary is shown');

    // The plan layer toggles, and a click on a planned site shows it.
    const planVis = () => page.evaluate(() => window.hatang.map.getLayoutProperty('plan-sites', 'visibility'));
    assert.equal(await planVis(), 'visible');
    await page.click('#toggle-plan');
    assert.equal(await planVis(), 'none');
    await page.click('#toggle-plan');
    assert.equal(await planVis(), 'visible');
    const planned = await page.evaluate(() => {
      const f = window.hatang.state.plan.features.find((x) => x.properties.layer === 'site');
      window.hatang.map.jumpTo({ center: f.geometry.coordinates, zoom: 12 });
      return { id: f.properties.site_id, coordinates: f.geometry.coordinates };
    });
    await idle();
    const at = await page.evaluate((c) => {
      const m = window.hatang.map;
      const r = m.getCanvas().getBoundingClientRect();
      const p = m.project(c);
      return { x: r.left + p.x, y: r.top + p.y };
    }, planned.coordinates);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction((id) => document.getElementById('details').dataset.kind === 'plan' && document.getElementById('details').dataset.id === id, planned.id, { timeout: 20_000 });
    assert.ok((await page.locator('#details').textContent()).includes('Trạm đề xuất'), 'the planned site is shown, in Vietnamese');

    // A closer look at the window the coverage was computed for.
    const bbox = (process.env.HATANG_ZOOM_BBOX || '').split(',').map(Number);
    if (bbox.length === 4 && bbox.every(Number.isFinite)) {
      await page.evaluate((b) => window.hatang.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { animate: false, padding: 10 }), bbox);
      await idle();
      assert.equal(await page.evaluate(() => window.hatang.map.getLayoutProperty('coverage-all-4G', 'visibility')), 'visible', 'the 4G coverage of all operators is on by default');
      console.log('coverage tiles:', JSON.stringify(coverageTiles));
      assert.ok(coverageTiles.drawn > 0, 'coverage tiles with coverage were drawn');
      await page.screenshot({ path: screenshot.replace(/\.png$/, '-zoom.png') });
    }
    assert.deepEqual(foreign, [], 'nothing is fetched from outside the server');
    assert.deepEqual(problems.filter((p) => !/Failed to load resource: the server responded with a status of 404/.test(p)), []);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
