// The live page of `sweep serve`: one EventSource, one snapshot per sweep, charts redrawn in place.
// The same script draws the interactive charts of `sweep analyze`'s analysis.html, offline: that page
// embeds one snapshot and its trials' details as JSON (#sweep-data), and nothing is fetched.
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

/** The data that analysis.html embeds, {sweep, trials: {id: details}}; null on the live page. */
const embedded = (() => { const d = el('sweep-data'); return d ? JSON.parse(d.textContent) : null; })();

/**
 * An element with text children: values from a sweep are hostile input (a config string can hold
 * markup), so they only ever become text nodes, never HTML.
 */
function node(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
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

/** The tooltip of a trial: its id and status, its parameters and its metrics, as text nodes. */
function trialTip(t) {
  const tip = node('div', null, node('b', null, 'trial ' + t.id), ' · ' + t.status);
  for (const [k, v] of Object.entries(t.params || {})) tip.append(node('br'), k + '=' + fmt(v));
  for (const [k, v] of Object.entries(t.metrics || t.latest || {})) tip.append(node('br'), node('i', null, k), ' ' + fmt(v));
  return tip;
}

function tooltip() {
  return { trigger: 'item', confine: true, formatter: p => (p.data && p.data.row ? trialTip(p.data.row) : node('div', null, p.seriesName)) };
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
  if (!nav) return; // analysis.html: one sweep, no tabs
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
    box.replaceChildren(node('h2', null, s.name), node('p', { className: s.error ? 'error' : 'meta' }, s.folder + ': ' + (s.error || s.waiting)));
    return;
  }
  const counts = Object.entries(s.counts)
    .filter(([k, n]) => n > 0 || ['completed', 'running', 'failed', 'pruned', 'pending'].includes(k))
    .map(([k, n]) => { const c = node('span', { className: 'count' }, k + ' ', node('b', null, n)); c.dataset.state = k; return c; });
  const meta = [s.folder, (s.sampler ? s.sampler + ', ' : '') + s.total + ' trials, ' + s.objective.goal + ' ' + s.objective.metric,
    embedded ? '' : 'driver ' + (s.driver ? 'running' : 'not running')].filter(x => x).join(' · ');
  box.replaceChildren(node('h2', null, s.name), node('div', { className: 'meta' }, meta), ...counts);
}

function renderRunning(s) {
  const body = el('running').tBodies[0];
  body.replaceChildren(...(s.running || []).map(r => {
    const tr = document.createElement('tr');
    tr.dataset.trial = r.id;
    const latest = Object.entries(r.latest || {}).map(([k, v]) => k + '=' + fmt(v)).join(', ');
    tr.append(node('td', null, r.id), node('td', null, r.name), node('td', { className: 'elapsed' }, duration(elapsed(r))),
      node('td', null, r.step === undefined ? '–' : r.step), node('td', null, latest || '–'));
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
  if (!b) { el('best').replaceChildren(node('h2', null, 'Best so far'), node('p', { className: 'meta' }, 'no completed trial yet')); return; }
  const p = node('p', { id: 'best-trial' }, node('b', null, s.objective.metric + ' = ' + fmt(b.value)), ' (trial ' + b.id + ')');
  p.dataset.trial = b.id;
  p.onclick = () => showTrial(b.id);
  el('best').replaceChildren(node('h2', null, 'Best so far'), p,
    node('pre', null, Object.entries(b.params).map(([k, v]) => k + ': ' + fmt(v)).join('\n')));
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
      return node('div', null, node('b', null, r.param), ' #' + r.rank, node('br'), 'share ' + fmt(r.share) + ', p = ' + fmt(r.p_value) + ', n = ' + r.n,
        node('br'), node('i', null, r.method)); } },
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
      : node('div', null, c.x + ' ' + fmt(p.value[0]) + '–' + fmt(p.value[1]), node('br'), c.y + ' ' + fmt(p.value[2]) + '–' + fmt(p.value[3]),
        node('br'), node('i', null, 'smoothed ' + s.objective.metric), ' ' + fmt(p.value[4])) },
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

/** An objective's axis name: its metric and which way is better, so the front's corner reads right. */
function goalName(o) { return o.metric + (o.goal === 'maximize' ? ' (maximise)' : ' (minimise)'); }

/**
 * The server's Pareto front (plots.pareto) of a sweep with several objectives: with two, every
 * completed trial as a point, the front (rank 0, keeping the constraints) highlighted and joined by
 * its staircase, the infeasible trials grey triangles; with more, the trials as lines over parallel
 * axes, the front on top. Then the front's trials in a table. Hidden with one objective.
 */
function renderPareto(s) {
  const p = s.plots && s.plots.pareto;
  const section = el('pareto-section');
  if (!p) { section.hidden = true; return; }
  const shownBefore = !section.hidden;
  section.hidden = false; // before the chart is made: ECharts measures its box
  const box = el('pareto');
  const k = p.objectives.length;
  const byId = new Map((s.trials || []).map(t => [t.id, t]));
  const tabled = new Map(p.front.map(f => [f.id, f]));
  // a point's trial for the tooltip: the snapshot's row where it has one, else what the front's table
  // or the point itself knows (a big sweep's sample of trials may leave it out)
  const row = pt => byId.get(pt[0]) || { id: pt[0], status: 'completed', params: (tabled.get(pt[0]) || {}).params,
    metrics: Object.fromEntries(p.objectives.map((o, j) => [o.metric, pt[1 + j]])) };
  const onFront = pt => pt[k + 1] === 0 && pt[k + 2];
  const front = p.points.filter(onFront);
  const infeasible = p.points.filter(pt => !pt[k + 2]);
  const others = p.points.filter(pt => pt[k + 2] && !onFront(pt));
  const datum = pt => ({ value: pt.slice(1, k + 1), trial: pt[0], row: row(pt), rank: pt[k + 1], feasible: pt[k + 2] });
  const tip = x => {
    if (!x.data || !x.data.row) return node('div', null, x.seriesName);
    const t = trialTip(x.data.row);
    t.append(node('br'), x.data.rank === null ? 'off the front (a big sweep: ranks past 0 not computed)' : 'Pareto rank ' + x.data.rank,
      x.data.feasible ? '' : ', breaks a constraint');
    return t;
  };
  el('pareto-shown').textContent = p.n + ' completed trials, ' + p.front_size + ' on the front'
    + (p.points_shown < p.n ? ' · showing ' + p.points_shown + ' of ' + p.n + ' (every front trial)' : '')
    + (p.constraints.length ? ' · subject to ' + p.constraints.map(c => c.metric + (c.max !== undefined ? ' ≤ ' + fmt(c.max) : ' ≥ ' + fmt(c.min))).join(', ') : '');
  const mode = k === 2 ? 'scatter' : 'parallel';
  const c = chart('pareto');
  if (box.dataset.mode !== mode) { c.clear(); box.dataset.mode = mode; }
  if (!shownBefore) c.resize();
  box.dataset.front = String(front.length);
  if (k === 2) {
    const [ox, oy] = p.objectives;
    const stair = front.map(pt => [pt[1], pt[2]]).sort((a, b) => a[0] - b[0]);
    const axis = (o, gap) => ({ type: 'value', name: goalName(o), nameLocation: 'middle', nameGap: gap, scale: true,
      boundaryGap: ['5%', '5%'], axisLabel: { formatter: fmt } });
    c.setOption({
      animation: false,
      grid: { left: 80, right: 20, top: 30, bottom: 50 },
      legend: { top: 0 },
      tooltip: { trigger: 'item', confine: true, formatter: tip },
      toolbox: { feature: { dataZoom: {}, restore: {} } },
      xAxis: axis(ox, 28),
      yAxis: axis(oy, 60),
      series: [
        { id: 'pareto-others', name: 'dominated', type: 'scatter', symbolSize: 7, color: '#9db7e8', data: others.map(datum) },
        { id: 'pareto-infeasible', name: 'infeasible', type: 'scatter', symbol: 'triangle', symbolSize: 8, color: GREY, data: infeasible.map(datum) },
        // the staircase bounds what the front dominates: across then down when x is minimised, up then across when maximised
        { id: 'pareto-line', name: 'front', type: 'line', step: ox.goal === 'maximize' ? 'start' : 'end', symbol: 'none', color: '#e8710a',
          data: stair, silent: true, z: 1 },
        { id: 'pareto-front', name: 'front', type: 'scatter', symbolSize: 11, color: '#e8710a', z: 3,
          itemStyle: { borderColor: '#fff', borderWidth: 1 }, data: front.map(datum) },
      ],
    }, { replaceMerge: ['series'] });
  } else {
    c.setOption({
      animation: false,
      legend: { top: 0, data: ['dominated', 'infeasible', 'front'] },
      tooltip: { trigger: 'item', confine: true, formatter: tip },
      parallel: { left: 70, right: 90, top: 50, bottom: 30 },
      parallelAxis: p.objectives.map((o, j) => ({ dim: j, name: goalName(o), type: 'value', scale: true, axisLabel: { formatter: fmt } })),
      series: [
        { id: 'pareto-others', name: 'dominated', type: 'parallel', color: '#9db7e8', lineStyle: { width: 1, opacity: 0.35 }, data: others.map(datum) },
        { id: 'pareto-infeasible', name: 'infeasible', type: 'parallel', color: GREY, lineStyle: { width: 1, opacity: 0.35, type: 'dashed' }, data: infeasible.map(datum) },
        { id: 'pareto-front', name: 'front', type: 'parallel', color: '#e8710a', lineStyle: { width: 2, opacity: 0.9 }, data: front.map(datum) },
      ],
    }, { replaceMerge: ['series'] });
  }
  // the table: the front's trials as the server sorted them (best primary objective first), bounded
  const names = [...new Set(p.front.flatMap(f => Object.keys(f.params || {})))];
  const table = el('pareto-table');
  table.tHead.replaceChildren(node('tr', null, node('th', null, 'trial'), ...p.objectives.map(o => node('th', null, goalName(o))),
    ...names.map(n => node('th', null, n))));
  table.tBodies[0].replaceChildren(...p.front.map(f => {
    const tr = node('tr', null, node('td', null, f.id), ...f.values.map(v => node('td', null, fmt(v))),
      ...names.map(n => node('td', null, f.params && Object.hasOwn(f.params, n) ? fmt(f.params[n]) : '–')));
    tr.dataset.trial = f.id;
    tr.onclick = () => showTrial(f.id);
    return tr;
  }));
  el('pareto-table-shown').textContent = p.front.length < p.front_size ? 'showing ' + p.front.length + ' of ' + p.front_size : '';
}

// ------------------------------------------------------------------ one trial

/** One trial in full: from the page's embedded data offline, else asked of the server. */
async function trialDetails(id) {
  if (embedded) {
    const t = embedded.trials[String(id)];
    return t ? { t } : { error: 'trial ' + id + ' is not among the trials this page shows, so its details are not in it' };
  }
  const res = await fetch('api/sweep/' + encodeURIComponent(current) + '/trial/' + id);
  return res.ok ? { t: await res.json() } : { error: await res.text() };
}

async function showTrial(id) {
  openTrial = id;
  const aside = el('trial');
  aside.hidden = false;
  aside.dataset.trial = id;
  const { t, error } = await trialDetails(id);
  if (openTrial !== id) return;
  const body = el('trial-body');
  if (error !== undefined) { body.replaceChildren(node('p', { className: 'error' }, error)); return; }
  const meta = node('p', { className: 'meta' }, t.name);
  if (t.folder) meta.append(node('br'), t.folder);
  if (t.duration_s !== undefined) meta.append(node('br'), 'ran ' + duration(t.duration_s) + (t.attempts !== undefined ? ', ' + t.attempts + ' attempt(s)' : ''));
  const metrics = Object.entries(t.metrics || {}).map(([k, v]) => node('tr', null, node('td', null, k), node('td', null, fmt(v))));
  body.replaceChildren(
    node('h2', null, 'trial ' + t.id + ' · ' + t.status), meta,
    ...(t.failure ? [node('pre', { className: 'error' }, t.failure)] : []),
    ...(metrics.length ? [node('h2', null, 'Metrics'), node('table', null, ...metrics)] : []),
    node('h2', null, 'Config'), node('pre', { id: 'trial-config' }, JSON.stringify(t.config, null, 2)));
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
  el('trial-logs').replaceChildren(...Object.entries(t.logs || {})
    .flatMap(([f, text]) => [node('h2', null, f), node('pre', null, text || '(empty)')]));
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
  renderPareto(s);
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
if (embedded) { // analysis.html: one snapshot, drawn once; nothing runs, nothing to follow
  sweeps.set(embedded.sweep.key, embedded.sweep);
  current = embedded.sweep.key;
  el('running').closest('.panel').hidden = true;
  render();
} else {
  setInterval(tickRunning, 1000);
  connect();
}
