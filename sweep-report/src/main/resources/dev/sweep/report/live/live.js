// The live page of `sweep serve`: one EventSource, one snapshot per sweep, charts redrawn in place.
'use strict';

const GREY = '#b9bec6';
const COLOURS = { completed: '#2f6fdf', running: '#188038', pruned: GREY, failed: GREY, cancelled: GREY };
/** Curves drawn at most: the running ones, the best and the latest, so a big sweep stays fluid. */
const MAX_CURVES = 150;

const sweeps = new Map();
const charts = new Map();
let current = null;
let openTrial = null;

function el(id) { return document.getElementById(id); }

function esc(v) {
  return String(v).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function fmt(v) {
  if (typeof v !== 'number') return v === null || v === undefined ? '–' : String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

function duration(s) {
  if (s === undefined || s === null) return '–';
  if (s < 60) return s.toFixed(1) + 's';
  const m = Math.floor(s / 60);
  return m < 60 ? m + 'm' + String(Math.floor(s % 60)).padStart(2, '0') + 's' : Math.floor(m / 60) + 'h' + String(m % 60).padStart(2, '0') + 'm';
}

function chart(id) {
  let c = charts.get(id);
  if (!c) {
    c = echarts.init(el(id));
    charts.set(id, c);
    c.on('click', p => { if (p.data && p.data.trial !== undefined) showTrial(p.data.trial); });
  }
  return c;
}

/** The tooltip of a trial: its id and status, its parameters and its metrics. */
function trialTip(t) {
  const lines = ['<b>trial ' + esc(t.id) + '</b> · ' + esc(t.status)];
  for (const [k, v] of Object.entries(t.params || {})) lines.push(esc(k) + '=' + esc(fmt(v)));
  for (const [k, v] of Object.entries(t.metrics || t.latest || {})) lines.push('<i>' + esc(k) + '</i> ' + esc(fmt(v)));
  return lines.join('<br>');
}

function tooltip() {
  return { trigger: 'item', confine: true, formatter: p => (p.data && p.data.row ? trialTip(p.data.row) : esc(p.seriesName)) };
}

function grey(status) { return status === 'completed' || status === 'running' ? null : GREY; }

function point(t, x, y) {
  return { value: [x, y], trial: t.id, row: t };
}

/** Two scatter series: the trials that ran to the end in colour, the pruned and failed in grey. */
function scatter(trials, xy, size) {
  const ended = trials.filter(t => !grey(t.status));
  const stopped = trials.filter(t => grey(t.status));
  return [
    { id: 'trials', name: 'completed', type: 'scatter', symbolSize: size, color: COLOURS.completed, data: ended.map(t => point(t, ...xy(t))) },
    { id: 'stopped', name: 'pruned, failed', type: 'scatter', symbolSize: size, color: GREY, itemStyle: { opacity: 0.6 }, data: stopped.map(t => point(t, ...xy(t))) },
  ];
}

/** The objective's axis: log when its box is ticked and every value is above 0. */
function yAxis(s, box, values) {
  const log = el(box).checked && values.length > 0 && values.every(v => v > 0);
  el(box).title = el(box).checked && !log ? 'a log axis needs every value above 0' : '';
  const axis = { name: s.objective.metric + (log ? ' (log)' : ''), nameLocation: 'middle', nameGap: 48 };
  if (!log) return { ...axis, type: 'value', scale: true, boundaryGap: ['5%', '5%'] };
  // ECharts' log axis takes no boundary gap: the span is padded by 5% of its logarithm here
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? Math.pow(hi / lo, 0.05) : 2;
  return { ...axis, type: 'log', min: lo / pad, max: hi * pad, axisLabel: { formatter: fmt } };
}

/** A parameter's declared domain ({lo, hi, log}) from the server's plots, if it has one. */
function domain(s, name) { return s.plots && s.plots.domains ? s.plots.domains[name] : undefined; }

/** An axis over a domain's full span, padded by 3% of it (of its logarithm on a log axis). */
function spanAxis(d, name) {
  const axis = { type: d.log ? 'log' : 'value', name, nameLocation: 'middle', nameGap: 24 };
  if (d.log) {
    const pad = Math.pow(d.hi / d.lo, 0.03);
    return { ...axis, min: d.lo / pad, max: d.hi * pad, axisLabel: { formatter: fmt } };
  }
  const pad = (d.hi - d.lo) * 0.03;
  return { ...axis, min: d.lo - pad, max: d.hi + pad, axisLabel: { formatter: fmt } };
}

// ------------------------------------------------------------------ sections

function renderNav() {
  const nav = el('sweeps');
  nav.replaceChildren(...[...sweeps.values()].map(s => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = s.name;
    b.dataset.key = s.key;
    b.setAttribute('aria-selected', String(s.key === current));
    b.onclick = () => { current = s.key; render(); };
    return b;
  }));
}

function renderSummary(s) {
  const box = el('summary');
  if (s.error || s.waiting) {
    box.innerHTML = '<h2>' + esc(s.name) + '</h2><p class="' + (s.error ? 'error' : 'meta') + '">' + esc(s.folder) + ': ' + esc(s.error || s.waiting) + '</p>';
    return;
  }
  const counts = Object.entries(s.counts)
    .filter(([k, n]) => n > 0 || ['completed', 'running', 'failed', 'pruned', 'pending'].includes(k))
    .map(([k, n]) => '<span class="count" data-state="' + esc(k) + '">' + esc(k) + ' <b>' + n + '</b></span>').join('');
  box.innerHTML = '<h2>' + esc(s.name) + '</h2><div class="meta">' + esc(s.folder) + ' · ' + esc(s.sampler) + ', ' + s.total + ' trials, '
    + esc(s.objective.goal) + ' ' + esc(s.objective.metric) + ' · driver ' + (s.driver ? 'running' : 'not running') + '</div>' + counts;
}

function renderRunning(s) {
  const body = el('running').tBodies[0];
  body.replaceChildren(...(s.running || []).map(r => {
    const tr = document.createElement('tr');
    tr.dataset.trial = r.id;
    const latest = Object.entries(r.latest || {}).map(([k, v]) => k + '=' + fmt(v)).join(', ');
    tr.innerHTML = '<td>' + esc(r.id) + '</td><td>' + esc(r.name) + '</td><td class="elapsed">' + duration(elapsed(r)) + '</td><td>'
      + (r.step === undefined ? '–' : esc(r.step)) + '</td><td>' + esc(latest || '–') + '</td>';
    tr.onclick = () => showTrial(r.id);
    return tr;
  }));
}

/** How long a running trial has run, counted on in the page between snapshots. */
function elapsed(r) {
  return r.started_ms === undefined ? r.elapsed_s : Math.max(0, (Date.now() - r.started_ms) / 1000);
}

function tickRunning() {
  const s = sweeps.get(current);
  if (!s || !s.running) return;
  for (const tr of el('running').tBodies[0].rows) {
    const r = s.running.find(x => String(x.id) === tr.dataset.trial);
    if (r) tr.querySelector('.elapsed').textContent = duration(elapsed(r));
  }
}

function renderBest(s) {
  const b = s.best;
  el('best').innerHTML = '<h2>Best so far</h2>' + (b
    ? '<p id="best-trial" data-trial="' + esc(b.id) + '"><b>' + esc(s.objective.metric) + ' = ' + esc(fmt(b.value)) + '</b> (trial ' + esc(b.id) + ')</p><pre>'
      + esc(Object.entries(b.params).map(([k, v]) => k + ': ' + fmt(v)).join('\n')) + '</pre>'
    : '<p class="meta">no completed trial yet</p>');
  const p = el('best-trial');
  if (p) p.onclick = () => showTrial(b.id);
}

function valued(s) { return (s.trials || []).filter(t => t.value !== undefined && t.value !== null); }

/** "showing N of M trials" when the server sent a sample of a big sweep's trials; else nothing. */
function shownText(s) {
  const shown = s.shown;
  return shown && shown.trials < shown.of ? 'showing ' + shown.trials + ' of ' + shown.of + ' trials' : '';
}

function renderHistory(s) {
  const maximize = s.objective.goal === 'maximize';
  const trials = valued(s);
  el('history-shown').textContent = shownText(s);
  let line = [];
  if (s.history_best) { // the best so far over every trial, not only those shown
    line = s.history_best.slice();
    const last = trials.length ? trials[trials.length - 1].id : undefined;
    if (line.length && last !== undefined && last > line[line.length - 1][0]) line.push([last, line[line.length - 1][1]]);
  } else {
    let best = null;
    for (const t of trials) {
      if (t.status !== 'completed') continue;
      if (best === null || (maximize ? t.value > best : t.value < best)) best = t.value;
      line.push([t.id, best]);
    }
  }
  chart('history').setOption({
    animation: false,
    grid: { left: 70, right: 20, top: 30, bottom: 60 },
    legend: { top: 0 },
    tooltip: tooltip(),
    toolbox: { feature: { dataZoom: {}, restore: {} } },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8 }],
    xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 24, scale: true, minInterval: 1, boundaryGap: ['2%', '2%'] },
    yAxis: yAxis(s, 'log-history', trials.map(t => t.value)),
    series: [
      ...scatter(trials, t => [t.id, t.value], 8),
      { id: 'best', name: 'best so far', type: 'line', step: 'end', symbol: 'none', color: '#e8710a', data: line, silent: true },
    ],
  }, { replaceMerge: ['series'] });
}

function renderCurves(s) {
  const withCurve = (s.trials || []).filter(t => t.curve && t.curve.length > 0);
  const maximize = s.objective.goal === 'maximize';
  const shown = withCurve
    .map(t => ({ t, rank: t.status === 'running' ? -Infinity : (t.value === undefined || t.value === null ? Infinity : (maximize ? -t.value : t.value)) }))
    .sort((a, b) => a.rank - b.rank).slice(0, MAX_CURVES).map(x => x.t).sort((a, b) => a.id - b.id);
  chart('curves').setOption({
    animation: false,
    grid: { left: 70, right: 20, top: 30, bottom: 40 },
    tooltip: tooltip(),
    toolbox: { feature: { dataZoom: {}, restore: {} } },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, scale: true },
    yAxis: yAxis(s, 'log-curves', shown.flatMap(t => t.curve.map(([, y]) => y))),
    series: shown.map(t => ({
      id: 'trial-' + t.id, name: 'trial ' + t.id, type: 'line', showSymbol: false, symbolSize: 4,
      color: COLOURS[t.status] || GREY, lineStyle: { width: t.status === 'running' ? 2 : 1, opacity: grey(t.status) ? 0.5 : 0.8 },
      data: t.curve.map(([x, y]) => ({ value: [x, y], trial: t.id, row: t })),
    })),
  }, { replaceMerge: ['series'] });
}

/** The empirical distribution of the objective over the completed trials, as pycls draws it. */
function renderEdf(s) {
  const done = valued(s).filter(t => t.status === 'completed').sort((a, b) => a.value - b.value);
  const n = done.length;
  const all = s.counts ? s.counts.completed : n;
  // the server sends the distribution over every completed trial, as quantiles when there are many
  // every completed trial shown: a point each, with its tooltip and click; else the server's quantiles
  const data = !s.edf || (n === s.edf.length && n === all) ? done.map((t, i) => ({ value: [t.value, (i + 1) / n], trial: t.id, row: t }))
    : s.edf.map(([v, f]) => ({ value: [v, f] }));
  el('edf-shown').textContent = s.edf && s.edf.length < all ? s.edf.length + ' quantiles of ' + all + ' trials' : '';
  chart('edf').setOption({
    animation: false,
    grid: { left: 70, right: 20, top: 20, bottom: 40 },
    tooltip: tooltip(),
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    xAxis: { type: 'value', name: s.objective.metric, nameLocation: 'middle', nameGap: 24, scale: true },
    yAxis: { type: 'value', name: 'fraction of trials', nameLocation: 'middle', nameGap: 48, min: 0, max: 1 },
    series: [{ id: 'edf', name: 'EDF', type: 'line', step: 'end', symbolSize: 5, color: COLOURS.completed,
      data }],
  }, { replaceMerge: ['series'] });
}

function renderParams(s) {
  const box = el('params');
  const trials = valued(s);
  el('params-shown').textContent = shownText(s);
  const wanted = (s.params || []).map(p => 'param-' + p.name.replace(/[^A-Za-z0-9_-]/g, '_'));
  for (const c of [...box.children]) {
    if (!wanted.includes(c.id)) { echarts.dispose(c); charts.delete(c.id); c.remove(); }
  }
  (s.params || []).forEach((p, i) => {
    const id = wanted[i];
    if (!el(id)) {
      const d = document.createElement('div');
      d.id = id;
      d.className = 'chart';
      d.dataset.param = p.name;
      box.appendChild(d);
    }
    const values = trials.map(t => t.params[p.name]).filter(v => v !== undefined);
    const numeric = values.every(v => typeof v === 'number');
    const d = numeric ? domain(s, p.name) : undefined;
    const log = numeric && (d ? d.log : p.log) && values.every(v => v > 0);
    const categories = numeric ? undefined : [...new Set(values.map(String))].sort();
    chart(id).setOption({
      animation: false,
      title: { text: p.name + (log ? ' (log)' : ''), textStyle: { fontSize: 12 }, left: 8, top: 4 },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      tooltip: tooltip(),
      dataZoom: numeric ? [{ type: 'inside', xAxisIndex: 0 }] : [],
      xAxis: !numeric ? { type: 'category', data: categories }
        : d && (log || !d.log) ? { ...spanAxis({ ...d, log }, undefined), nameGap: undefined }
        : { type: log ? 'log' : 'value', scale: true, boundaryGap: ['3%', '3%'] },
      yAxis: { type: 'value', scale: true, boundaryGap: ['5%', '5%'] },
      series: scatter(trials.filter(t => t.params[p.name] !== undefined),
        t => [numeric ? t.params[p.name] : String(t.params[p.name]), t.value], 7),
    }, { replaceMerge: ['series'] });
  });
}

/** The parameters' importance, largest first, as the server ranks them (Population.parameterImportance). */
function renderImportance(s) {
  const ranks = (s.plots && s.plots.importance) || [];
  const shown = [...ranks].reverse();
  chart('importance').setOption({
    animation: false,
    grid: { left: 120, right: 30, top: 10, bottom: 30 },
    tooltip: { trigger: 'item', formatter: p => { const r = shown[p.dataIndex];
      return '<b>' + esc(r.param) + '</b> #' + r.rank + '<br>share ' + esc(fmt(r.share)) + ', p = ' + esc(fmt(r.p_value)) + ', n = ' + r.n + '<br><i>' + esc(r.method) + '</i>'; } },
    xAxis: { type: 'value', min: 0, max: v => Math.max(0.1, v.max) },
    yAxis: { type: 'category', data: shown.map(r => r.param), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [{ id: 'importance', type: 'bar', color: COLOURS.completed, data: shown.map(r => r.share) }],
  }, { replaceMerge: ['series'] });
}

/**
 * The server's grid of the objective over the two most important parameters, drawn as rectangles
 * in the axes' own (log) coordinates, with every trial that has both parameters on top.
 */
function renderContour(s) {
  const c = (s.plots && s.plots.contour) || {};
  const box = el('contour');
  if (!c.z) {
    chart('contour').setOption({ title: { text: c.reason || 'no contour yet', subtext: '', left: 'center', top: 'middle', textStyle: { fontSize: 13, color: '#6b7380' } },
      xAxis: { show: false }, yAxis: { show: false }, series: [] }, { replaceMerge: ['series', 'xAxis', 'yAxis', 'visualMap'] });
    box.dataset.cells = '0';
    return;
  }
  const cells = [];
  c.z.forEach((row, j) => row.forEach((z, i) => {
    if (z !== null) cells.push([c.x_edges[i], c.x_edges[i + 1], c.y_edges[j], c.y_edges[j + 1], z]);
  }));
  const zs = cells.map(v => v[4]);
  const trials = valued(s).filter(t => typeof t.params[c.x] === 'number' && typeof t.params[c.y] === 'number');
  const maximize = s.objective.goal === 'maximize';
  const lo = (e, log) => ({ lo: e[0], hi: e[e.length - 1], log });
  box.dataset.cells = String(cells.length);
  chart('contour').setOption({
    animation: false,
    title: { text: c.x + ' × ' + c.y, subtext: c.method, left: 8, top: 0, textStyle: { fontSize: 12 }, subtextStyle: { fontSize: 11 } },
    grid: { left: 80, right: 110, top: 56, bottom: 50 },
    tooltip: { trigger: 'item', confine: true, formatter: p => p.data && p.data.row ? trialTip(p.data.row)
      : esc(c.x) + ' ' + esc(fmt(p.value[0])) + '–' + esc(fmt(p.value[1])) + '<br>' + esc(c.y) + ' ' + esc(fmt(p.value[2])) + '–' + esc(fmt(p.value[3]))
        + '<br><i>smoothed ' + esc(s.objective.metric) + '</i> ' + esc(fmt(p.value[4])) },
    visualMap: { type: 'continuous', seriesIndex: 0, dimension: 4, min: Math.min(...zs), max: Math.max(...zs), calculable: true,
      right: 8, top: 'middle', itemHeight: 200, text: [s.objective.metric, ''], formatter: fmt,
      inRange: { color: maximize ? ['#f7fbff', '#6baed6', '#08306b'] : ['#08306b', '#6baed6', '#f7fbff'] } },
    xAxis: { ...spanAxis(lo(c.x_edges, c.x_log), c.x), min: c.x_edges[0], max: c.x_edges[c.x_edges.length - 1], show: true, nameGap: 28 },
    yAxis: { ...spanAxis(lo(c.y_edges, c.y_log), c.y), min: c.y_edges[0], max: c.y_edges[c.y_edges.length - 1], show: true, nameGap: 56 },
    series: [
      { id: 'grid', name: 'smoothed ' + s.objective.metric, type: 'custom', data: cells, encode: { x: [0, 1], y: [2, 3] },
        renderItem: (params, api) => {
          const a = api.coord([api.value(0), api.value(2)]);
          const b = api.coord([api.value(1), api.value(3)]);
          return { type: 'rect', shape: { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), width: Math.abs(b[0] - a[0]) + 0.5, height: Math.abs(b[1] - a[1]) + 0.5 },
            style: { fill: api.visual('color') } };
        } },
      ...scatter(trials, t => [t.params[c.x], t.params[c.y]], 6).map(x => ({ ...x, itemStyle: { borderColor: '#fff', borderWidth: 1, ...(x.itemStyle || {}) } })),
    ],
  }, { replaceMerge: ['series', 'xAxis', 'yAxis', 'visualMap', 'title'] });
}

// ------------------------------------------------------------------ one trial

async function showTrial(id) {
  openTrial = id;
  const aside = el('trial');
  aside.hidden = false;
  aside.dataset.trial = id;
  const res = await fetch('api/sweep/' + encodeURIComponent(current) + '/trial/' + id);
  if (!res.ok) { el('trial-body').innerHTML = '<p class="error">' + esc(await res.text()) + '</p>'; return; }
  const t = await res.json();
  if (openTrial !== id) return;
  const metrics = Object.entries(t.metrics || {}).map(([k, v]) => '<tr><td>' + esc(k) + '</td><td>' + esc(fmt(v)) + '</td></tr>').join('');
  el('trial-body').innerHTML = '<h2>trial ' + esc(t.id) + ' · ' + esc(t.status) + '</h2><p class="meta">' + esc(t.name) + (t.folder ? '<br>' + esc(t.folder) : '')
    + (t.duration_s !== undefined ? '<br>ran ' + duration(t.duration_s) + ', ' + t.attempts + ' attempt(s)' : '') + '</p>'
    + (t.failure ? '<pre class="error">' + esc(t.failure) + '</pre>' : '')
    + (metrics ? '<h2>Metrics</h2><table>' + metrics + '</table>' : '')
    + '<h2>Config</h2><pre id="trial-config">' + esc(JSON.stringify(t.config, null, 2)) + '</pre>';
  const curves = Object.entries(t.curves || {});
  el('trial-curve').hidden = curves.length === 0;
  if (curves.length > 0) {
    chart('trial-curve').setOption({
      animation: false, grid: { left: 60, right: 20, top: 30, bottom: 30 }, legend: { top: 0 },
      tooltip: { trigger: 'axis' }, dataZoom: [{ type: 'inside' }],
      xAxis: { type: 'value', name: 'step', scale: true }, yAxis: { type: 'value', scale: true },
      series: curves.map(([k, pts]) => ({ name: k, type: 'line', showSymbol: false, data: pts })),
    }, { notMerge: true });
    chart('trial-curve').resize();
  }
  el('trial-logs').innerHTML = Object.entries(t.logs || {})
    .map(([f, text]) => '<h2>' + esc(f) + '</h2><pre>' + esc(text || '(empty)') + '</pre>').join('');
}

el('close-trial').onclick = () => { el('trial').hidden = true; openTrial = null; };

// ------------------------------------------------------------------ live

function render() {
  const t0 = performance.now();
  renderNav();
  const s = sweeps.get(current);
  if (!s) return;
  renderSummary(s);
  if (s.error || s.waiting) return;
  renderRunning(s);
  renderBest(s);
  renderHistory(s);
  renderCurves(s);
  renderEdf(s);
  renderImportance(s);
  renderContour(s);
  renderParams(s);
  document.body.dataset.version = s.key + ':' + s.version;
  document.body.dataset.renderMs = String(Math.round(performance.now() - t0)); // what a redraw costs
}

function connect() {
  const status = el('connection');
  const source = new EventSource('api/events');
  source.onopen = () => { status.textContent = 'live'; status.className = 'connection live'; };
  source.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'connection'; };
  source.addEventListener('sweep', e => {
    const s = JSON.parse(e.data);
    sweeps.set(s.key, s);
    if (current === null) current = s.key;
    if (s.key === current) render(); else renderNav();
  });
}

for (const box of ['log-history', 'log-curves']) el(box).onchange = () => render();
window.addEventListener('resize', () => charts.forEach(c => c.resize()));
setInterval(tickRunning, 1000);
connect();
