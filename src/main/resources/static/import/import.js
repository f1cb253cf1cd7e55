'use strict';
/*
 * Переезд из amoCRM: администратор выбирает файлы выгрузки, смотрит пробный прогон, запускает импорт
 * и следит за полосой прогресса (GET /api/admin/import/amocrm/progress), пока сервер пишет сделки.
 * Файл уходит в POST /api/admin/import/amocrm с сессией вебприложений и её CSRF-токеном.
 */
(function () {
  const API = '/api/admin/import/amocrm';
  const SHOWN_ROWS = 1000;
  const $ = (id) => document.getElementById(id);
  let chosen = [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  /**
   * CSRF-токен сессии вебприложений. Их cookie XSRF-TOKEN лежит на пути /camunda и отсюда не видна,
   * поэтому токен отдаёт сама страница импорта (/import/token, только администратору этой сессии).
   */
  async function csrfToken() {
    const response = await fetch('/import/token', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(await problem(response));
    }
    return (await response.json()).token;
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || 'ошибка ' + response.status;
    } catch (e) {
      return 'ошибка ' + response.status;
    }
  }

  async function send(file, dryRun) {
    const response = await fetch(API + '?dryRun=' + dryRun, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'X-XSRF-TOKEN': await csrfToken() },
      body: file
    });
    if (!response.ok) {
      throw new Error('Файл «' + file.name + '»: ' + (await problem(response)));
    }
    return response.json();
  }

  function showError(text) {
    $('error').textContent = text;
    $('error').hidden = !text;
  }

  const ACTIONS = {
    true: { CREATE: 'будет создана', SKIP: 'пропускается', REFUSE: 'отклонена' },
    false: { CREATE: 'создана', SKIP: 'пропущена', REFUSE: 'отклонена' }
  };

  /** Итог одного файла: сводка и строки — сначала отклонённые, потом пропущенные, потом созданные. */
  function reportOf(name, report) {
    const box = el('div', 'report');
    box.appendChild(el('h3', null, name + ' — ' + report.format));
    const summary = (report.dryRun ? 'Будет создано: ' : 'Создано: ') + report.created
      + '; пропущено: ' + report.skipped + '; отклонено: ' + report.refused
      + '; строк в файле: ' + report.rows + '; новых контактов: ' + report.contactsCreated
      + '; совпало с существующими: ' + report.contactsMatched + '.';
    const line = el('p', 'summary', summary);
    line.dataset.created = report.created;
    line.dataset.skipped = report.skipped;
    line.dataset.refused = report.refused;
    box.appendChild(line);
    const order = { REFUSE: 0, SKIP: 1, CREATE: 2 };
    const items = report.items.slice().sort((a, b) => order[a.action] - order[b.action] || a.line - b.line);
    const table = el('table');
    const head = el('tr');
    ['Строка', 'ID в amoCRM', 'Что будет', 'Куда', 'Пояснение'].forEach((title) => head.appendChild(el('th', null, title)));
    if (!report.dryRun) {
      head.children[2].textContent = 'Что сделано';
    }
    table.appendChild(el('thead')).appendChild(head);
    const body = el('tbody');
    items.slice(0, SHOWN_ROWS).forEach((item) => {
      const row = el('tr', item.action);
      [item.line, item.amoId || '—', ACTIONS[report.dryRun][item.action], item.result || '', item.note || ''].forEach((cell) => row.appendChild(el('td', null, cell)));
      body.appendChild(row);
    });
    table.appendChild(body);
    box.appendChild(table);
    if (items.length > SHOWN_ROWS) {
      box.appendChild(el('p', 'more', 'Показаны первые ' + SHOWN_ROWS + ' строк из ' + items.length + ' (сначала отклонённые).'));
    }
    return box;
  }

  /** Какие файлы выбраны — своими словами, а не кнопкой браузера на его языке. */
  function showChosen() {
    const files = Array.from($('files').files);
    $('chosen').textContent =
      files.length === 0 ? 'Файлы не выбраны' : files.length === 1 ? files[0].name : 'Выбрано файлов: ' + files.length + ' (' + files.map((f) => f.name).join(', ') + ')';
  }

  /** Контакты и компании раньше сделок: сделки тогда присоединяются к уже созданным контактам. */
  function inOrder(files) {
    const rank = (file) => (/сделк|lead|deal/i.test(file.name) ? 1 : 0);
    return Array.from(files).sort((a, b) => rank(a) - rank(b));
  }

  async function dryRun(event) {
    event.preventDefault();
    showError('');
    chosen = inOrder($('files').files);
    if (chosen.length === 0) {
      showError('Выберите файл выгрузки amoCRM (CSV или XLSX).');
      return;
    }
    $('check').disabled = true;
    $('step-done').hidden = true;
    $('step-run').hidden = true;
    const reports = $('dry-reports');
    reports.replaceChildren();
    try {
      for (const file of chosen) {
        reports.appendChild(reportOf(file.name, await send(file, true)));
      }
      $('step-dry').hidden = false;
      $('start').disabled = false;
    } catch (e) {
      showError(e.message);
    } finally {
      $('check').disabled = false;
    }
  }

  function setBar(percent) {
    $('bar-fill').style.width = percent + '%';
    $('bar').setAttribute('aria-valuenow', String(percent));
  }

  async function pollProgress(state) {
    while (!state.finished) {
      try {
        const response = await fetch(API + '/progress', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (response.ok) {
          const progress = await response.json();
          if (progress.running && !state.finished) {
            setBar(progress.percent);
            $('run-state').textContent = 'Записано ' + progress.done + ' из ' + progress.total + ' (' + progress.percent + ' %). Не закрывайте страницу.';
          }
        }
      } catch (e) {
        // Следующий опрос попробует снова; итог придёт ответом на сам импорт.
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function runImport() {
    showError('');
    $('start').disabled = true;
    $('check').disabled = true;
    $('step-run').hidden = false;
    $('step-done').hidden = true;
    const finals = $('final-reports');
    finals.replaceChildren();
    try {
      for (let i = 0; i < chosen.length; i++) {
        const file = chosen[i];
        $('run-file').textContent = 'Файл ' + (i + 1) + ' из ' + chosen.length + ': ' + file.name;
        setBar(0);
        $('run-state').textContent = 'Импорт идёт: не закрывайте страницу.';
        const state = { finished: false };
        const polling = pollProgress(state);
        try {
          const report = await send(file, false);
          finals.appendChild(reportOf(file.name, report));
        } finally {
          state.finished = true;
          await polling;
        }
        setBar(100);
      }
      $('run-state').textContent = 'Готово: 100 %.';
      $('step-done').hidden = false;
    } catch (e) {
      $('run-state').textContent = 'Импорт остановлен.';
      showError(e.message);
      if (finals.children.length > 0) {
        $('step-done').hidden = false;
      }
    } finally {
      $('check').disabled = false;
    }
  }

  $('files').addEventListener('change', showChosen);
  $('upload').addEventListener('submit', dryRun);
  $('start').addEventListener('click', runImport);
  document.body.dataset.ready = 'true';
})();
