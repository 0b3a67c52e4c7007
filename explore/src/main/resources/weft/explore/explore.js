// Weft explore report: Pareto scatters (one per objective pair and workload) and a
// parallel-coordinates view, drawn from the rows embedded in the page.
(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); });
  var data = JSON.parse(document.getElementById('weft-data').textContent);
  var charts = {};
  var PALETTE = ['#3b6fb6', '#d9822b', '#3d9a5b', '#c23b3b', '#7b5ea7', '#8c6d31'];
  function section(id, title, height) {
    charts[id] = window.weftChartSection(id, title, height);
    return charts[id];
  }
  function short(v) { return Number(v).toExponential(0).replace('e+', 'e'); }
  function tip(p) {
    var r = p.data.row;
    return r.design + '<br>' + data.workloads[r.workload] + '<br>' + p.data.xName + ' ' + p.value[0].toPrecision(4)
      + '<br>' + p.data.yName + ' ' + p.value[1].toPrecision(4);
  }
  function draw() {
    data.fronts.forEach(function (front, n) {
      var rows = data.rows.filter(function (r) {
        return r.workload === front.workload && r.feasible && r.metrics[front.x] !== null && r.metrics[front.y] !== null;
      });
      var onFront = {};
      front.points.forEach(function (p) { onFront[p] = true; });
      function point(r) {
        return {value: [r.metrics[front.x], r.metrics[front.y]], row: r, xName: front.x, yName: front.y};
      }
      var chart = section('chart-pareto-' + n, 'Pareto: ' + front.y + ' against ' + front.x + ', ' + data.workloads[front.workload], 380);
      chart.setOption({
        tooltip: {trigger: 'item', formatter: tip},
        legend: {top: 0},
        grid: {left: 20, right: 40, top: 50, bottom: 40, containLabel: true},
        xAxis: {type: 'log', name: front.x, nameLocation: 'middle', nameGap: 28, axisLabel: {formatter: short}},
        // the two axes' lowest labels meet at the corner: the y axis leaves its lowest out
        yAxis: {type: 'log', name: front.y, axisLabel: {formatter: short, showMinLabel: false}},
        series: [
          {name: 'designs', type: 'scatter', symbolSize: 5, itemStyle: {color: '#b8c4d6'},
            data: rows.filter(function (r) { return !onFront[r.point]; }).map(point)},
          {name: 'Pareto front', type: 'line', step: false, symbolSize: 8, itemStyle: {color: PALETTE[1]},
            data: rows.filter(function (r) { return onFront[r.point]; })
              .sort(function (a, b) { return a.metrics[front.x] - b.metrics[front.x]; }).map(point)}
        ]
      });
    });
    var dims = data.parameters.concat(data.objectives);
    var axes = dims.map(function (name, i) {
      if (i < data.parameters.length) {
        var seen = {};
        data.rows.forEach(function (r) { seen[r.values[i]] = true; });
        var cats = Object.keys(seen);
        var numeric = cats.every(function (c) { return !isNaN(Number(c)); });
        cats.sort(numeric ? function (a, b) { return Number(a) - Number(b); } : undefined);
        return {dim: i, name: name, type: 'category', data: cats};
      }
      return {dim: i, name: name, type: 'log'};
    });
    var parallel = section('chart-parallel', 'Parallel coordinates: parameters and objectives (feasible rows, one colour per workload)', 420);
    parallel.setOption({
      tooltip: {trigger: 'item', formatter: function (p) { return p.data.design; }},
      legend: {top: 0, data: data.workloads},
      parallel: {left: 60, right: 90, top: 60, bottom: 30},
      parallelAxis: axes,
      series: data.workloads.map(function (w, k) {
        return {name: w, type: 'parallel', lineStyle: {width: 1, opacity: 0.35, color: PALETTE[k % PALETTE.length]},
          data: data.rows.filter(function (r) { return r.workload === k && r.feasible; }).map(function (r) {
            return {design: r.design, value: r.values.concat(data.objectives.map(function (o) { return r.metrics[o]; }))};
          })};
      })
    });
  }
  try {
    draw();
  } catch (e) {
    errors.push(String(e && e.stack || e));
    throw e;
  } finally {
    weftSelfCheck(charts, errors);
  }
})();
