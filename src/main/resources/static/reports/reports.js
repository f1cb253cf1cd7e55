'use strict';
/* The head of sales' reports: reads /reports/api/* (the webapps' login) and draws them with ECharts. */
(function () {
  const charts = {};
  const percent = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const $ = (id) => document.getElementById(id);
  // ECharts puts a formatter's result into the tooltip as HTML: names (loss reasons are typed by
  // staff) must go in as text.
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  // Dates are typed and shown as in Russia, дд.мм.гггг; the API takes ISO dates (2026-12-02).
  function russianDate(iso) {
    const [year, month, day] = iso.split('-');
    return day + '.' + month + '.' + year;
  }

  function isoDate(field, label) {
    const text = $(field).value.trim();
    const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    const date = match ? new Date(Date.UTC(Number(match[3]), Number(match[2]) - 1, Number(match[1]))) : null;
    if (!date || date.getUTCDate() !== Number(match[1]) || date.getUTCMonth() !== Number(match[2]) - 1) {
      throw new Error('дата «' + label + '» — «' + text + '»: введите её в виде дд.мм.гггг, например 01.12.2026.');
    }
    return date.toISOString().slice(0, 10);
  }

  // A chart with nothing to draw says so, rather than staying a blank frame.
  function nothing(text) {
    return { text: text, left: 'center', top: 'middle', textStyle: { fontSize: 14, fontWeight: 'normal', color: '#888' } };
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
      params.set('from', isoDate('from', 'с'));
      params.set('to', isoDate('to', 'по'));
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
      title: board.total === 0 ? nothing('Открытых сделок нет') : undefined,
      grid: { left: 170, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: board.stages.map((s) => s.title) },
      series: [{ type: 'bar', name: 'Сделок', data: board.stages.map((s) => s.deals), label: { show: true, position: 'right' }, itemStyle: { color: '#3b73b9' } }]
    }, true);
  }

  function drawConversion(report) {
    // The funnel shows the stages deals went through in the period, in board order; lost deals are the next chart.
    // Labels stand beside the funnel, one per row, so that a narrow segment (one deal against
    // forty) keeps a readable label instead of one cut off or drawn over its neighbours.
    const stages = report.stages.filter((s) => s.code !== 'LOST' && s.entered > 0);
    chart('chart-conversion').setOption({
      animation: false,
      tooltip: { formatter: (p) => escapeHtml(p.name) + ': ' + p.value + ' сделок' },
      title: stages.length === 0 ? nothing('За период сделок нет') : undefined,
      series: [{
        type: 'funnel', sort: 'none', left: 10, width: '45%', top: 10, bottom: 10, minSize: '2%', gap: 2,
        label: { show: true, position: 'right', color: '#222', fontSize: 13, formatter: (p) => p.name + ' — ' + p.value },
        labelLine: { show: true, length: 12, lineStyle: { color: '#999' } },
        labelLayout: { hideOverlap: false, moveOverlap: 'shiftY' },
        data: stages.map((s) => ({ name: s.title, value: s.entered }))
      }]
    }, true);
    fill('table-conversion', report.stages.map((s) => [
      s.title, s.entered, s.movedOn, s.lost, s.won, percent.format(s.movedOnPercent) + ' %', percent.format(s.wonPercent) + ' %', s.notSale
    ]));
    // The deals that never were a sale: one line under the stages, not counted in them.
    $('conversion-not-sale-label').textContent = report.notSale.label;
    $('conversion-not-sale').textContent = report.notSale.deals;
  }

  // «Не продажи: дубль, тест, спам — 3 (Дубль — 2, Спам — 1)»
  function notSaleLine(notSale) {
    const reasons = notSale.reasons.map((r) => r.reason + ' — ' + r.deals).join(', ');
    return notSale.label + ' — ' + notSale.deals + (reasons ? ' (' + reasons + ')' : '');
  }

  function drawLosses(report) {
    chart('chart-losses').setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: (p) => escapeHtml(p.name) + ': ' + p.value + ' (' + percent.format(p.percent) + ' %)' },
      title: report.total === 0 ? nothing('За период потерянных продаж нет') : undefined,
      series: [{ type: 'pie', radius: ['35%', '65%'], data: report.reasons.map((r) => ({ name: r.reason, value: r.deals })), label: { formatter: '{b}: {c}' } }]
    }, true);
    $('losses-not-sale').textContent = notSaleLine(report.notSale);
  }

  function drawSla(report) {
    $('sla-minutes').textContent = report.slaMinutes;
    const names = report.managers.map((m) => m.name);
    chart('chart-sla').setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      title: report.managers.length === 0 ? nothing('За период заявок нет') : undefined,
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

  function drawSources(report) {
    fill('table-sources', report.sources.map((r) => [
      r.channelTitle, r.utmSource || 'без метки', r.utmCampaign || 'без метки', r.leads, r.open, r.won, r.lost, percent.format(r.wonPercent) + ' %'
    ]));
    $('sources-total').textContent = report.sources.length === 0
      ? 'За период заявок нет.'
      : 'Всего заявок: ' + report.leads + ', успешно реализовано: ' + report.won + ' (' + percent.format(report.wonPercent) + ' %).'
        + (report.notSale ? ' Не продажи (дубль, тест, спам): ' + report.notSale + '.' : '');
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
        if (!viewer.mayRead) {
          // A curator has no reports (and no Cockpit): the page says so in words, and asks nothing more.
          $('page-title').textContent = 'Отчёты';
          document.title = 'Отчёты — воронки онлайн-школы';
          $('viewer').textContent = viewer.name;
          $('cockpit-link').hidden = true;
          $('filters').hidden = true;
          $('reports').hidden = true;
          $('no-reports').hidden = false;
          document.body.dataset.ready = 'none';
          return;
        }
        funnelOptions(viewer.funnels);
        $('own-note').hidden = !viewer.ownFiguresOnly;
        if (viewer.ownFiguresOnly) {
          // A manager reads her own figures, under her own name (the server gives her no others).
          $('page-title').textContent = 'Мои показатели — ' + viewer.name;
          document.title = 'Мои показатели — ' + viewer.name + ' — воронки онлайн-школы';
          // Managers have no Cockpit: a link to Camunda's 403 page helps nobody.
          $('cockpit-link').hidden = true;
        } else {
          $('viewer').textContent = viewer.name;
        }
        // The default period: the last 30 days by the school's calendar, not the browser's.
        const today = new Date(viewer.today + 'T00:00:00Z');
        $('to').value = russianDate(viewer.today);
        $('from').value = russianDate(new Date(today.getTime() - 29 * 86400000).toISOString().slice(0, 10));
      }
      csvLinks(viewer.canExport);
      const [board, conversion, losses, sla, workload, sources] = await Promise.all([
        load('board', false), load('conversion', true), load('loss-reasons', true), load('first-contact', true), load('workload', false),
        load('sources', true)
      ]);
      drawBoard(board);
      drawConversion(conversion);
      drawLosses(losses);
      drawSla(sla);
      drawWorkload(workload);
      drawSources(sources);
      document.body.dataset.ready = 'true';
    } catch (e) {
      $('error').textContent = 'Отчёт не построен: ' + e.message;
      $('error').hidden = false;
      document.body.dataset.ready = 'error';
    }
  }

  // A small calendar in Russian under each date field: months by name, weeks from Monday. The
  // browser's own date picker would speak the browser's language, whatever the page says.
  const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
  const WEEKDAYS = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
  const calendar = document.createElement('div');
  calendar.className = 'calendar';
  calendar.hidden = true;
  document.body.appendChild(calendar);
  let calendarField = null;
  let shown = null; // { year, month } of the calendar

  function openCalendar(field) {
    calendarField = field;
    const typed = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(field.value.trim());
    const base = typed ? { year: Number(typed[3]), month: Number(typed[2]) - 1 } : null;
    const today = viewer && viewer.today ? viewer.today.split('-').map(Number) : null;
    shown = base || (today ? { year: today[0], month: today[1] - 1 } : { year: new Date().getFullYear(), month: new Date().getMonth() });
    drawCalendar();
    const box = field.getBoundingClientRect();
    calendar.style.left = (box.left + window.scrollX) + 'px';
    calendar.style.top = (box.bottom + window.scrollY + 2) + 'px';
    calendar.hidden = false;
  }

  function button(text, label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    if (label) {
      b.setAttribute('aria-label', label);
    }
    b.addEventListener('mousedown', (event) => event.preventDefault()); // the field keeps the focus
    b.addEventListener('click', onClick);
    return b;
  }

  function drawCalendar() {
    const head = document.createElement('div');
    head.className = 'calendar-head';
    const title = document.createElement('span');
    title.className = 'calendar-title';
    title.textContent = MONTHS[shown.month] + ' ' + shown.year;
    const step = (delta) => () => {
      const d = new Date(Date.UTC(shown.year, shown.month + delta, 1));
      shown = { year: d.getUTCFullYear(), month: d.getUTCMonth() };
      drawCalendar();
    };
    head.append(button('‹', 'Предыдущий месяц', step(-1)), title, button('›', 'Следующий месяц', step(1)));
    const grid = document.createElement('div');
    grid.className = 'calendar-days';
    WEEKDAYS.forEach((name) => {
      const cell = document.createElement('span');
      cell.className = 'calendar-weekday';
      cell.textContent = name;
      grid.appendChild(cell);
    });
    const first = new Date(Date.UTC(shown.year, shown.month, 1));
    const days = new Date(Date.UTC(shown.year, shown.month + 1, 0)).getUTCDate();
    for (let i = 0; i < (first.getUTCDay() + 6) % 7; i++) {
      grid.appendChild(document.createElement('span'));
    }
    for (let day = 1; day <= days; day++) {
      const iso = shown.year + '-' + String(shown.month + 1).padStart(2, '0') + '-' + String(day).padStart(2, '0');
      const b = button(String(day), null, () => {
        calendarField.value = russianDate(iso);
        calendar.hidden = true;
      });
      b.dataset.date = iso;
      grid.appendChild(b);
    }
    calendar.replaceChildren(head, grid);
  }

  document.querySelectorAll('input.date').forEach((field) => {
    field.addEventListener('focus', () => openCalendar(field));
    field.addEventListener('click', () => openCalendar(field));
    field.addEventListener('blur', () => { calendar.hidden = true; });
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || event.key === 'Enter') {
        calendar.hidden = true;
      }
    });
  });

  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  refresh();
})();
