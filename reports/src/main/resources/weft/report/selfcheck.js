// Shared by every report page: the titled section each chart is drawn in, and the self-check
// that tells a headless browser what a page drew, per chart (keyed by its element id) the SVG
// element count and how many pairs of text labels overlap, and the script errors seen, as
// attributes of <body> (ReportBrowserTest reads them).
(function () {
  'use strict';
  window.weftChartSection = function (id, title, height) {
    var section = document.createElement('section');
    section.className = 'chart-section';
    var h = document.createElement('h2');
    h.textContent = title;
    var div = document.createElement('div');
    div.className = 'chart';
    div.id = id;
    div.style.height = height + 'px';
    section.appendChild(h);
    section.appendChild(div);
    document.getElementById('charts').appendChild(section);
    return echarts.init(div, null, { renderer: 'svg' });
  };
  window.weftSelfCheck = function (charts, errors) {
    var summary = {};
    Object.keys(charts).forEach(function (id) {
      var svg = document.querySelector('#' + id + ' svg');
      var nodes = svg ? Array.prototype.slice.call(svg.querySelectorAll('text')).filter(function (t) {
        return t.textContent.trim() !== '' && getComputedStyle(t).display !== 'none' && t.getAttribute('opacity') !== '0';
      }) : [];
      var boxes = nodes.map(function (t) { return t.getBoundingClientRect(); });
      var overlaps = [];
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], b = boxes[j];
          var dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          var dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (dx > 1 && dy > 1) { overlaps.push(nodes[i].textContent + ' / ' + nodes[j].textContent); }
        }
      }
      summary[id] = { elements: svg ? svg.querySelectorAll('path,rect,text').length : 0, texts: nodes.length,
        overlaps: overlaps.length, overlapping: overlaps.slice(0, 5) };
    });
    document.body.setAttribute('data-charts', JSON.stringify(summary));
    document.body.setAttribute('data-errors', JSON.stringify(errors));
  };
})();
