'use strict';
/* The head of sales' reports: reads /reports/api/* (the webapps' login) and draws them with ECharts. */
(function () {
  const charts = {};
  const percent = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const $ = (id) => document.getElementById(id);
  // ECharts puts a formatter's result into the tooltip as HTML: names (loss reasons are typed by
  // staff) must go in as text.
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  function isoDate(date) {
    return date.getFullYear() + '-' + String(date.getMonth() + 1).padStart(2, '0') + '-' + String(date.getDate()).padStart(2, '0');
  }

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
    }
    return charts[id];
  }

  function query(withPeriod) {
    const params = new URLSearchParams({ funnel: $('funnel').value });
    if (withPeriod) {
      params.set('from', $('from').value);
      params.set('to', $('to').value);
    }
    return params.toString();
  }

  async function load(report, withPeriod) {
    const response = await fetch('/reports/api/' + report + '?' + query(withPeriod), { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) {
      const fields = (body.errors || []).map((e) => e.message).join('; ');
      throw new Error((body.detail || body.title) + (fields ? ' ' + fields : ''));
    }
    return body;
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '—' : text;
    row.appendChild(td);
  }

  function fill(tableId, rows) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.replaceChildren();
    rows.forEach((values) => {
      const tr = document.createElement('tr');
      values.forEach((value) => cell(tr, value));
      body.appendChild(tr);
    });
  }

  function drawBoard(board) {
    chart('chart-board').setOption({
      animation: false,
      tooltip: {},
      grid: { left: 170, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: board.stages.map((s) => s.title) },
      series: [{ type: 'bar', name: 'Сделок', data: board.stages.map((s) => s.deals), label: { show: true, position: 'right' }, itemStyle: { color: '#3b73b9' } }]
    }, true);
  }

  function drawConversion(report) {
    // The funnel shows the stages deals went through in the period, in board order; lost deals are the next chart.
    const stages = report.stages.filter((s) => s.code !== 'LOST' && s.entered > 0);
    chart('chart-conversion').setOption({
      animation: false,
      tooltip: { formatter: (p) => escapeHtml(p.name) + ': ' + p.value + ' сделок' },
      series: [{
        type: 'funnel', sort: 'none', left: 20, right: 20, top: 10, bottom: 10, minSize: '8%', gap: 2,
        label: { show: true, position: 'inside', formatter: (p) => p.name + ' — ' + p.value },
        data: stages.map((s) => ({ name: s.title, value: s.entered }))
      }]
    }, true);
    fill('table-conversion', report.stages.map((s) => [
      s.title, s.entered, s.movedOn, s.lost, s.won, percent.format(s.movedOnPercent) + ' %', percent.format(s.wonPercent) + ' %'
    ]));
  }

  function drawLosses(report) {
    chart('chart-losses').setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: (p) => escapeHtml(p.name) + ': ' + p.value + ' (' + percent.format(p.percent) + ' %)' },
      title: report.total === 0 ? { text: 'За период отказов нет', left: 'center', top: 'middle', textStyle: { fontSize: 14, color: '#888' } } : undefined,
      series: [{ type: 'pie', radius: ['35%', '65%'], data: report.reasons.map((r) => ({ name: r.reason, value: r.deals })), label: { formatter: '{b}: {c}' } }]
    }, true);
  }

  function drawSla(report) {
    $('sla-minutes').textContent = report.slaMinutes;
    const names = report.managers.map((m) => m.name);
    chart('chart-sla').setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: ['В срок, %', 'Медиана, мин'] },
      grid: { left: 50, right: 50, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: names },
      yAxis: [{ type: 'value', name: '%', max: 100 }, { type: 'value', name: 'мин' }],
      series: [
        { type: 'bar', name: 'В срок, %', data: report.managers.map((m) => Number(m.withinSlaPercent)), itemStyle: { color: '#2e7d32' }, label: { show: true, position: 'top' } },
        { type: 'line', name: 'Медиана, мин', yAxisIndex: 1, data: report.managers.map((m) => m.medianMinutes === null ? null : Number(m.medianMinutes)), itemStyle: { color: '#ef6c00' } }
      ]
    }, true);
    fill('table-sla', report.managers.map((m) => [
      m.name, m.leads, m.answered, m.withinSla, percent.format(m.withinSlaPercent) + ' %', m.medianMinutes === null ? null : percent.format(m.medianMinutes)
    ]));
  }

  function drawWorkload(report) {
    $('minutes-per-task').textContent = report.minutesPerTask;
    fill('table-workload', report.managers.map((m) => [m.name, m.tasks, m.overdue, m.estimate]));
  }

  function csvLinks(canExport) {
    document.querySelectorAll('a.csv').forEach((link) => {
      link.hidden = !canExport;
      const withPeriod = link.dataset.report !== 'board' && link.dataset.report !== 'workload';
      link.href = '/reports/api/' + link.dataset.report + '.csv?' + query(withPeriod);
    });
  }

  let viewer = null;

  // The funnels come from the deployed models (a funnel a process owner adds appears here); the
  // page's own options only serve the first request.
  function funnelOptions(funnels) {
    if (!funnels || funnels.length === 0) {
      return;
    }
    const select = $('funnel');
    const chosen = select.value;
    select.replaceChildren(...funnels.map((f) => new Option(f.title, f.code, false, f.code === chosen)));
  }

  async function refresh() {
    document.body.dataset.ready = 'false';
    $('error').hidden = true;
    try {
      if (!viewer) {
        viewer = await load('viewer', false);
        $('viewer').textContent = viewer.name;
        funnelOptions(viewer.funnels);
        $('own-note').hidden = !viewer.ownFiguresOnly;
      }
      csvLinks(viewer.canExport);
      const [board, conversion, losses, sla, workload] = await Promise.all([
        load('board', false), load('conversion', true), load('loss-reasons', true), load('first-contact', true), load('workload', false)
      ]);
      drawBoard(board);
      drawConversion(conversion);
      drawLosses(losses);
      drawSla(sla);
      drawWorkload(workload);
      document.body.dataset.ready = 'true';
    } catch (e) {
      $('error').textContent = 'Отчёт не построен: ' + e.message;
      $('error').hidden = false;
      document.body.dataset.ready = 'error';
    }
  }

  const today = new Date();
  const monthAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
  $('from').value = isoDate(monthAgo);
  $('to').value = isoDate(today);
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  refresh();
})();
