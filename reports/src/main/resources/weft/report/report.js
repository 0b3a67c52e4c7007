// Weft report: draws every chart the embedded data allows, with ECharts (SVG renderer).
// The data is the run's JSON files, embedded verbatim; nothing here computes a figure that
// the JSON does not already hold, except sums over a layer's operators and unit scaling.
(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); });
  var data = JSON.parse(document.getElementById('weft-data').textContent);
  var PALETTE = ['#3b6fb6', '#d9822b', '#3d9a5b', '#c23b3b', '#7b5ea7', '#8c6d31', '#d45b9e', '#5f7f8f', '#b5a642'];

  function scaled(value, units) {
    var v = value, i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    var a = Math.abs(v);
    return (a === 0 ? '0' : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 0.01 ? v.toFixed(2) : v.toPrecision(2)) + ' ' + units[i];
  }
  function energy(pj) { return scaled(pj, ['pJ', 'nJ', 'uJ', 'mJ', 'J']); }
  function count(x) { return scaled(x, ['', 'k', 'M', 'G', 'T', 'P']).trim(); }
  function seconds(s) {
    var a = Math.abs(s);
    if (a === 0) { return '0 s'; }
    if (a < 1e-6) { return (s * 1e9).toPrecision(3) + ' ns'; }
    if (a < 1e-3) { return (s * 1e6).toPrecision(3) + ' us'; }
    if (a < 1) { return (s * 1e3).toPrecision(3) + ' ms'; }
    return s.toPrecision(3) + ' s';
  }

  var charts = {};
  function chart(id, title, height, option) {
    var instance = window.weftChartSection(id, title, height);
    option.animation = false;
    option.color = option.color || PALETTE;
    option.textStyle = { fontFamily: 'system-ui, sans-serif' };
    instance.setOption(option);
    charts[id] = instance;
  }

  function blocks(layers) {
    var order = [], sums = {};
    layers.forEach(function (l) {
      if (!sums[l.block]) { sums[l.block] = { latency: 0, energy: 0, cycles: 0, parts: {}, measured: 0, hasMeasured: false }; order.push(l.block); }
      var b = sums[l.block];
      b.latency += l.latency_s; b.energy += l.energy_pj; b.cycles += l.cycles;
      Object.keys(l.energy_breakdown_pj || {}).forEach(function (k) { b.parts[k] = (b.parts[k] || 0) + l.energy_breakdown_pj[k]; });
      if (typeof l.measured_s === 'number') { b.measured += l.measured_s; b.hasMeasured = true; }
      if (typeof l.estimated_cycles === 'number') { b.estimated = (b.estimated || 0) + l.estimated_cycles; b.hasEstimated = true; }
    });
    return order.map(function (name) { var b = sums[name]; b.name = name; return b; });
  }

  function horizontalBars(id, title, rows, value, format, color) {
    var names = rows.map(function (r) { return r.name; });
    chart(id, title, Math.max(260, 22 * rows.length + 90), {
      grid: { left: 150, right: 60, top: 20, bottom: 40 },
      tooltip: { trigger: 'axis', valueFormatter: format },
      xAxis: { type: 'value', axisLabel: { formatter: format, hideOverlap: true } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0, width: 140, overflow: 'truncate' } },
      series: [{ type: 'bar', data: rows.map(value), itemStyle: { color: color } }]
    });
  }

  function layerCharts(results) {
    var rows = blocks(results.layers);
    horizontalBars('chart-latency', 'Latency per layer', rows, function (b) { return b.latency; }, seconds, PALETTE[0]);
    horizontalBars('chart-energy', 'Energy per layer', rows, function (b) { return b.energy; }, energy, PALETTE[1]);
    var components = Object.keys(results.totals.energy_breakdown_pj);
    chart('chart-breakdown', 'Energy by component, per layer (stacked)', Math.max(280, 22 * rows.length + 110), {
      grid: { left: 150, right: 60, top: 40, bottom: 40 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: energy },
      xAxis: { type: 'value', axisLabel: { formatter: energy, hideOverlap: true } },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.name; }), inverse: true,
        axisLabel: { interval: 0, width: 140, overflow: 'truncate' } },
      series: components.map(function (c) {
        return { name: c, type: 'bar', stack: 'energy', data: rows.map(function (r) { return r.parts[c] || 0; }) };
      })
    });
    chart('chart-breakdown-total', 'Energy by component, whole run', 320, {
      tooltip: { trigger: 'item', valueFormatter: energy },
      legend: { orient: 'vertical', left: 0, top: 20, formatter: function (name) {
        var total = results.totals.energy_pj, part = results.totals.energy_breakdown_pj[name];
        return name + ': ' + energy(part) + ' (' + (100 * part / total).toFixed(1) + '%)'; } },
      series: [{ type: 'pie', radius: ['35%', '65%'], center: ['60%', '50%'], label: { show: false },
        data: components.map(function (c) { return { name: c, value: results.totals.energy_breakdown_pj[c] }; })
          .filter(function (d) { return d.value > 0; }) }]
    });
    roofline(results);
    validation(rows);
  }

  // A hierarchical roofline: for each shared storage level, its bandwidth ceiling and every
  // array operator placed by its MACs per byte moved at that level.
  function roofline(results) {
    var hw = results.hardware;
    if (!hw.peak_macs_per_cycle) { return; }
    var clock = hw.clock_hz, peak = hw.peak_macs_per_cycle * clock;
    var levels = Object.keys(hw.bandwidth_bytes_per_cycle || {});
    var series = [], xs = [];
    levels.forEach(function (level, i) {
      var points = results.layers.filter(function (l) {
        return l.macs > 0 && l.latency_s > 0 && l.traffic_bytes && l.traffic_bytes[level] > 0;
      }).map(function (l) { return { value: [l.macs / l.traffic_bytes[level], l.macs / l.latency_s], name: l.name }; });
      points.forEach(function (p) { xs.push(p.value[0]); });
      series.push({ name: level + ' (operators)', type: 'scatter', symbolSize: 6, data: points, color: PALETTE[i % PALETTE.length] });
    });
    if (xs.length === 0) { return; }
    var lo = Math.pow(10, Math.floor(Math.log10(Math.min.apply(null, xs)) - 1));
    var hi = Math.pow(10, Math.ceil(Math.log10(Math.max.apply(null, xs)) + 1));
    levels.forEach(function (level, i) {
      var bw = hw.bandwidth_bytes_per_cycle[level] * clock;
      var knee = peak / bw;
      var line = [[lo, bw * lo]];
      if (knee > lo && knee < hi) { line.push([knee, peak]); }
      line.push([hi, Math.min(peak, bw * hi)]);
      series.push({ name: level + ' roof (' + count(bw) + 'B/s)', type: 'line', data: line, showSymbol: false,
        lineStyle: { type: 'dashed' }, color: PALETTE[i % PALETTE.length] });
    });
    series.push({ name: 'peak ' + count(peak) + 'MAC/s', type: 'line', data: [[lo, peak], [hi, peak]], showSymbol: false, color: '#222' });
    chart('chart-roofline', 'Roofline of ' + hw.name + ' (attained MAC/s against MACs per byte)', 420, {
      grid: { left: 90, right: 30, top: 60, bottom: 50 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'item', formatter: function (p) {
        return (p.data.name || p.seriesName) + '<br>' + p.value[0].toPrecision(3) + ' MAC/B, ' + count(p.value[1]) + 'MAC/s'; } },
      xAxis: { type: 'log', name: 'MAC per byte', nameLocation: 'middle', nameGap: 30, min: lo, max: hi,
        axisLabel: { showMinLabel: false, formatter: function (v) { return count(v); } } },
      yAxis: { type: 'log', name: 'attained MAC/s', nameLocation: 'middle', nameGap: 60,
        axisLabel: { formatter: function (v) { return count(v); } } },
      series: series
    });
  }

  // Estimate against simulation and measurement, where the run holds more than one: a
  // simulated run carries the analytic cycles beside its own, an executed run its measured time.
  function validation(rows) {
    var clock = data.results.hardware.clock_hz;
    var simulated = rows.some(function (r) { return r.hasEstimated; });
    var measured = rows.some(function (r) { return r.hasMeasured; });
    if (!simulated && !measured) { return; }
    var series = simulated
      ? [{ name: 'estimate', type: 'bar', data: rows.map(function (r) { return (r.estimated || 0) / clock; }) },
        { name: 'simulated', type: 'bar', data: rows.map(function (r) { return r.latency; }) }]
      : [{ name: 'estimate', type: 'bar', data: rows.map(function (r) { return r.latency; }) }];
    if (measured) { series.push({ name: 'measured', type: 'bar', data: rows.map(function (r) { return r.measured; }) }); }
    chart('chart-validation', 'Latency per layer: estimate, simulation, measurement', Math.max(280, 30 * rows.length + 110), {
      grid: { left: 150, right: 60, top: 40, bottom: 40 }, legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: seconds },
      xAxis: { type: 'value', axisLabel: { formatter: seconds, hideOverlap: true } },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.name; }), inverse: true, axisLabel: { interval: 0, width: 140, overflow: 'truncate' } },
      series: series
    });
  }

  function sweepCharts(sweep) {
    var variants = [];
    sweep.points.forEach(function (p) { if (variants.indexOf(p.attention) < 0) { variants.push(p.attention); } });
    [['energy_per_token_pj', 'Energy per token against sequence length', energy],
      ['latency_s', 'Latency against sequence length', seconds]].forEach(function (metric, m) {
      var series = variants.map(function (v) {
        var pts = sweep.points.filter(function (p) { return p.attention === v; })
          .sort(function (a, b) { return a.seq - b.seq; }).map(function (p) { return [p.seq, p[metric[0]]]; });
        var marks = sweep.crossovers.filter(function (c) { return c.attention === v && c.metric === metric[0] && c.kind === 'crosses'; })
          .map(function (c) { return { xAxis: c.seq, name: v + ' wins from ' + Math.round(c.seq) + ' tokens' }; });
        // crossings are labelled in the legend text below the chart, where labels cannot collide
        return { name: v, type: 'line', data: pts, symbolSize: 6,
          markLine: marks.length ? { symbol: 'none', label: { show: false }, lineStyle: { type: 'dashed' }, data: marks } : undefined };
      });
      chart(m === 0 ? 'chart-sweep-energy' : 'chart-sweep-latency', metric[1] + ' (' + sweep.model + ', ' + sweep.energy_model + ')', 380, {
        grid: { left: 90, right: 40, top: 50, bottom: 50 }, legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: metric[2] },
        xAxis: { type: 'log', logBase: 2, name: 'tokens', nameLocation: 'middle', nameGap: 30 },
        yAxis: { type: 'log', axisLabel: { formatter: metric[2] } },
        series: series
      });
      var note = document.createElement('p');
      note.className = 'crossovers';
      note.textContent = sweep.crossovers.filter(function (c) { return c.metric === metric[0]; }).map(function (c) {
        return c.attention + (c.kind === 'crosses' ? ' beats ' + sweep.baseline + ' from about ' + Math.round(c.seq) + ' tokens (dashed line)'
          : c.kind === 'always' ? ' beats ' + sweep.baseline + ' at every swept length' : ' does not beat ' + sweep.baseline + ' at any swept length');
      }).join('; ') + '.';
      document.getElementById(m === 0 ? 'chart-sweep-energy' : 'chart-sweep-latency').parentNode.appendChild(note);
    });
  }

  function compareChart(rows) {
    var names = rows.map(function (r) { return r.attention + (r.spatial_reduction ? '' : ' (no SR)'); });
    chart('chart-compare', 'Energy and latency per attention variant', 320, {
      grid: { left: 90, right: 90, top: 50, bottom: 40 }, legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0 } },
      yAxis: [{ type: 'value', name: 'energy', axisLabel: { formatter: energy } },
        { type: 'value', name: 'latency', axisLabel: { formatter: seconds } }],
      series: [{ name: 'energy', type: 'bar', data: rows.map(function (r) { return r.energy_pj; }), tooltip: { valueFormatter: energy } },
        { name: 'latency', type: 'bar', yAxisIndex: 1, data: rows.map(function (r) { return r.latency_s; }), tooltip: { valueFormatter: seconds } }]
    });
  }

  function spmmChart(points) {
    // a device's name is long: it joins the series name only when the data has several devices
    var devices = [];
    points.forEach(function (p) { if (devices.indexOf(p.device) < 0) { devices.push(p.device); } });
    function source(p) { return p.source + (devices.length > 1 ? ' on ' + p.device : ''); }
    function key(p) { return p.format + ', ' + source(p); }
    var keys = [], sources = [];
    points.forEach(function (p) {
      if (keys.indexOf(key(p)) < 0) { keys.push(key(p)); }
      if (sources.indexOf(source(p)) < 0) { sources.push(source(p)); }
    });
    var series = keys.map(function (k) {
      return { name: k, type: 'line', symbolSize: 6, data: points.filter(function (p) { return key(p) === k; })
        .sort(function (a, b) { return a.density - b.density; }).map(function (p) { return [p.density, p.effective_gmac_per_s]; }) };
    });
    sources.forEach(function (src) {
      var first = points.filter(function (p) { return source(p) === src; })[0];
      series.push({ name: 'dense, ' + src, type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
        data: [[0, first.dense_gmac_per_s], [1, first.dense_gmac_per_s]] });
    });
    chart('chart-spmm', 'SpMM effective throughput against weight density' + (devices.length === 1 ? ' (' + devices[0] + ')' : ''), 400, {
      grid: { left: 90, right: 40, top: 70, bottom: 50 }, legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v.toPrecision(3) + ' GMAC/s'; } },
      xAxis: { type: 'value', name: 'density', nameLocation: 'middle', nameGap: 30, min: 0, max: 1 },
      yAxis: { type: 'value', name: 'effective GMAC/s' },
      series: series
    });
  }

  function sortableTable() {
    var table = document.getElementById('layers');
    if (!table) { return; }
    var headers = table.querySelectorAll('th');
    headers.forEach(function (th, column) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.dataset.order !== 'asc';
        rows.sort(function (a, b) {
          var x = a.cells[column].dataset.v || a.cells[column].textContent;
          var y = b.cells[column].dataset.v || b.cells[column].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return ascending ? c : -c;
        });
        headers.forEach(function (h) { delete h.dataset.order; });
        th.dataset.order = ascending ? 'asc' : 'desc';
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  try {
    if (data.results) { layerCharts(data.results); }
    if (data.comparison && data.comparison.length) { compareChart(data.comparison); }
    if (data.sweep) { sweepCharts(data.sweep); }
    if (data.spmm && data.spmm.length) { spmmChart(data.spmm); }
    sortableTable();
  } catch (e) {
    errors.push(String(e && e.stack || e));
    throw e;
  } finally {
    weftSelfCheck(charts, errors);
  }
})();
