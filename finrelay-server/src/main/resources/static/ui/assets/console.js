// Finrelay console: draws the charts whose data a page carries in a data-chart attribute (the pages run
// no inline script, so a strict Content-Security-Policy holds). ECharts is loaded from its WebJar.
(function () {
  'use strict';
  var chart = document.getElementById('forecast-chart');
  if (!chart || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(chart.getAttribute('data-chart'));
  var view = echarts.init(chart, null, { renderer: 'svg' });
  view.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 80, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: data.days, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true },
    series: data.series.map(function (s) {
      return { name: s.name, type: 'line', showSymbol: false, data: s.values.map(Number) };
    })
  });
  window.addEventListener('resize', function () { view.resize(); });
}());
