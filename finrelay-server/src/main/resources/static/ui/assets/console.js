// Finrelay console: draws the charts whose data a page carries in a data-chart attribute (the pages run
// no inline script, so a strict Content-Security-Policy holds). ECharts is loaded from its WebJar.
(function () {
  'use strict';
  var chart = document.getElementById('forecast-chart');
  if (!chart || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(chart.getAttribute('data-chart'));
  // Canvas: the legend and labels are drawn in the font ECharts measures them with (SVG text would take the page's).
  var view = echarts.init(chart, null, { renderer: 'canvas' });
  view.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll', itemGap: 32 },
    grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
    xAxis: { type: 'category', data: data.days, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', scale: true },
    series: data.series.map(function (s) {
      return { name: s.name, type: 'line', showSymbol: false, data: s.values.map(Number) };
    })
  });
  window.addEventListener('resize', function () { view.resize(); });
}());
