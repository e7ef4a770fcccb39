// Finrelay console: draws every chart whose data a page carries in a data-chart attribute (the pages run
// no inline script, so a strict Content-Security-Policy holds): {kind: line|bar, categories, series:
// [{name, values}]}. ECharts is loaded from its WebJar.
(function () {
  'use strict';
  if (typeof echarts === 'undefined') {
    return;
  }
  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var data = JSON.parse(element.getAttribute('data-chart'));
    // Canvas: the legend and labels are drawn in the font ECharts measures them with (SVG text would take the page's).
    var view = echarts.init(element, null, { renderer: 'canvas' });
    view.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll', itemGap: 32 },
      grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
      xAxis: { type: 'category', data: data.categories, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', scale: data.kind === 'line', minInterval: data.kind === 'bar' ? 1 : 0 },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.kind, showSymbol: false, data: s.values.map(Number) };
      })
    });
    window.addEventListener('resize', function () { view.resize(); });
  });
}());
