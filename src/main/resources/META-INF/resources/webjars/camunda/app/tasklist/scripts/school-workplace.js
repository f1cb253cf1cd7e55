/*
 * Рабочее место менеджера в Tasklist (issue 16): «Найти клиента» и «Доска сделок».
 *
 * Подключается через customScripts в scripts/config.js. Tasklist 7.24 берёт
 * export default custom script-а как список плагинов:
 *  - две ссылки в шапке (точка tasklist.navbar.action): «Найти клиента» открывает
 *    окно поиска, «Доска сделок» ведёт на страницу #/board;
 *  - сама доска — страница Tasklist (точка tasklist.route, путь /board).
 *
 * Данные — из нашего API: GET /api/contacts и GET /api/board. Запросы на чтение
 * /api принимает с входом Tasklist (та же сессия), второй пароль не нужен.
 * Сделка открывается карточкой сделки (window.schoolDealCard.open, скрипт вкладки
 * «Сделка»); пока его нет — открытой задачей сделки, если она есть.
 * Всё, что видит менеджер, — по-русски; время — в поясе школы (../school/zone.js).
 */

const CLOSING_STAGES = ['WON', 'LOST'];
const ZONE = import('../school/zone.js')
  .then((module) => (typeof module.timeZone === 'string' && module.timeZone ? module.timeZone : undefined))
  .catch(() => undefined);

let schoolZone;
ZONE.then((zone) => {
  schoolZone = zone;
});

const STYLE = `
.school-search-results { max-height: 60vh; overflow-y: auto; margin-top: 12px; }
.school-search-results .school-contact { border-bottom: 1px solid #e5e5e5; padding: 8px 0; }
.school-search-results .school-contact:last-child { border-bottom: none; }
.school-contact-name { font-weight: bold; font-size: 15px; }
.school-contact-data { color: #666; margin-left: 8px; }
.school-search-results table { margin: 6px 0 0; }
.school-board { padding: 12px 16px; height: 100%; display: flex; flex-direction: column; }
.school-board-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
.school-board-head h3 { margin: 0 16px 0 0; }
.school-board-head select { width: auto; display: inline-block; }
.school-board-columns { display: flex; gap: 10px; overflow-x: auto; align-items: flex-start; flex: 1; padding-bottom: 8px; }
.school-board-column { flex: 0 0 230px; background: #f3f3f3; border-radius: 4px; padding: 8px; max-height: 100%; overflow-y: auto; }
.school-board-column h4 { font-size: 14px; margin: 0 0 8px; display: flex; justify-content: space-between; }
.school-board-column h4 .badge { background: #777; }
.school-board-card { display: block; width: 100%; text-align: left; background: #fff; border: 1px solid #ddd; border-radius: 3px;
  padding: 7px 9px; margin-bottom: 8px; white-space: normal; color: #333; }
.school-board-card:hover, .school-board-card:focus { border-color: #b5152b; }
.school-board-card .school-client { font-weight: bold; }
.school-board-card .school-line { color: #555; font-size: 12px; }
.school-board-card .label { display: inline-block; margin: 3px 3px 0 0; font-weight: normal; }
.school-board-card .school-stalled { background: #b5152b; }
.school-board-empty { color: #888; font-size: 12px; }
`;

function ensureStyle() {
  if (!document.getElementById('school-workplace-style')) {
    const style = document.createElement('style');
    style.id = 'school-workplace-style';
    style.textContent = STYLE;
    document.head.appendChild(style);
  }
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name === 'className') {
      node.className = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.substring(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach((child) => {
    if (child !== null && child !== undefined && child !== false) {
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
  });
  return node;
}

/** Ответ API или Error с русским текстом задачи (problem+json: errors[0].message или detail). */
async function readApi(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new Error('Сервер не отвечает. Проверьте связь и попробуйте ещё раз.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const message =
      (body && body.errors && body.errors.length && body.errors[0].message) ||
      (body && body.detail) ||
      'Не удалось получить данные (' + response.status + ').';
    throw new Error(message);
  }
  return body;
}

function rubles(amount) {
  if (amount === null || amount === undefined) {
    return null;
  }
  return new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(amount) + ' ₽';
}

function dayKey(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: schoolZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** «сегодня, 10:00», «завтра, 10:00», «5 дек., 10:00» — в поясе школы. */
function when(iso) {
  if (!iso) {
    return null;
  }
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat('ru-RU', { timeZone: schoolZone, hour: '2-digit', minute: '2-digit' }).format(date);
  const today = new Date();
  const tomorrow = new Date(today.getTime() + 24 * 3600 * 1000);
  const yesterday = new Date(today.getTime() - 24 * 3600 * 1000);
  const key = dayKey(date);
  if (key === dayKey(today)) {
    return 'сегодня, ' + time;
  }
  if (key === dayKey(tomorrow)) {
    return 'завтра, ' + time;
  }
  if (key === dayKey(yesterday)) {
    return 'вчера, ' + time;
  }
  return new Intl.DateTimeFormat('ru-RU', { timeZone: schoolZone, day: 'numeric', month: 'short' }).format(date) + ', ' + time;
}

function days(count) {
  const n = Math.abs(count) % 100;
  const last = n % 10;
  const word = n > 10 && n < 20 ? 'дней' : last === 1 ? 'день' : last >= 2 && last <= 4 ? 'дня' : 'дней';
  return count + ' ' + word;
}

/**
 * Открывает сделку: карточкой сделки, а пока её скрипта нет — открытой задачей
 * сделки (ближайшей по сроку) в Tasklist. Возвращает текст для человека, если
 * открыть нечего.
 */
async function openDeal(dealId, api) {
  if (window.schoolDealCard && typeof window.schoolDealCard.open === 'function') {
    window.schoolDealCard.open(dealId);
    return null;
  }
  try {
    const response = await fetch(
      api.engineApi + '/task?processInstanceBusinessKey=' + encodeURIComponent(dealId) + '&sortBy=dueDate&sortOrder=asc&maxResults=1',
      { credentials: 'same-origin', headers: { Accept: 'application/json' } }
    );
    const tasks = response.ok ? await response.json() : [];
    if (tasks.length) {
      window.location.hash = '#/?task=' + encodeURIComponent(tasks[0].id);
      return null;
    }
  } catch (e) {
    // ниже — сообщение для человека
  }
  return 'По сделке № ' + dealId + ' сейчас нет открытых задач. Её историю покажет карточка сделки.';
}

/* ---------------------------- «Найти клиента» ---------------------------- */

function dealRow(deal, api, say) {
  const link = el(
    'a',
    {
      href: '',
      className: 'school-open-deal',
      'data-deal-id': deal.dealId,
      onclick: async (event) => {
        event.preventDefault();
        const message = await openDeal(deal.dealId, api);
        if (message) {
          say(message);
        } else {
          closeSearch();
        }
      }
    },
    'Сделка № ' + deal.dealId
  );
  return el(
    'tr',
    { className: deal.open ? '' : 'text-muted' },
    el('td', {}, link),
    el('td', {}, deal.funnel.name),
    // «(закрыта)» только там, где этап сам этого не говорит: закрывающие этапы (WON, LOST) говорят.
    el('td', {}, deal.stage ? deal.stage.name : '—', deal.open || (deal.stage && CLOSING_STAGES.includes(deal.stage.id)) ? null : ' (закрыта)'),
    el('td', {}, deal.responsible ? deal.responsible.name : 'не назначен'),
    el('td', {}, deal.course || '')
  );
}

function contactBlock(contact, api, say) {
  return el(
    'div',
    { className: 'school-contact' },
    el(
      'div',
      {},
      el('span', { className: 'school-contact-name' }, contact.name),
      contact.phone ? el('span', { className: 'school-contact-data' }, contact.phone) : null,
      contact.email ? el('span', { className: 'school-contact-data' }, contact.email) : null
    ),
    contact.deals.length
      ? el(
          'table',
          { className: 'table table-condensed' },
          el('thead', {}, el('tr', {}, ['Сделка', 'Воронка', 'Этап', 'Ответственный', 'Курс'].map((h) => el('th', {}, h)))),
          el('tbody', {}, contact.deals.map((deal) => dealRow(deal, api, say)))
        )
      : el('div', { className: 'text-muted' }, 'Сделок нет')
  );
}

let searchModal = null;

function closeSearch() {
  if (searchModal) {
    searchModal.remove();
    searchModal = null;
  }
}

function openSearch(api) {
  ensureStyle();
  closeSearch();
  const input = el('input', {
    type: 'search',
    className: 'form-control',
    name: 'school-client-query',
    placeholder: 'Телефон, e-mail или часть имени',
    autocomplete: 'off',
    'aria-label': 'Телефон, e-mail или часть имени'
  });
  const status = el('div', { className: 'school-search-status text-muted', role: 'status' });
  const results = el('div', { className: 'school-search-results' });
  const say = (text, kind) => {
    status.className = 'school-search-status ' + (kind === 'error' ? 'alert alert-danger' : kind === 'info' ? 'alert alert-info' : 'text-muted');
    status.textContent = text || '';
  };
  let timer = null;
  let asked = 0;
  async function search() {
    const query = input.value.trim();
    results.textContent = '';
    if (query.length < 3) {
      say(query ? 'Введите не меньше 3 символов.' : '');
      return;
    }
    const ticket = ++asked;
    say('Ищем…');
    try {
      const answer = await readApi('/api/contacts?query=' + encodeURIComponent(query));
      if (ticket !== asked) {
        return;
      }
      if (!answer.contacts.length) {
        say('Никого не нашли. Телефон вводите целиком, имя — с начала слова.');
        return;
      }
      say(answer.more ? 'Показаны первые ' + answer.contacts.length + ' клиентов — уточните запрос.' : '');
      answer.contacts.forEach((contact) => results.appendChild(contactBlock(contact, api, (text) => say(text, 'info'))));
    } catch (e) {
      if (ticket === asked) {
        say(e.message, 'error');
      }
    }
  }
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      clearTimeout(timer);
      search();
    } else if (event.key === 'Escape') {
      closeSearch();
    }
  });
  const dialog = el(
    'div',
    { className: 'modal-dialog modal-lg', role: 'dialog', 'aria-label': 'Найти клиента' },
    el(
      'div',
      { className: 'modal-content' },
      el(
        'div',
        { className: 'modal-header' },
        el('button', { type: 'button', className: 'close', 'aria-label': 'Закрыть', onclick: closeSearch }, '×'),
        el('h3', { className: 'modal-title' }, 'Найти клиента')
      ),
      el('div', { className: 'modal-body' }, input, el('p', { className: 'help-block' }, 'Например: 8 916 123-45-67, +7 (916) 123-45-67, ivan@mail.ru или «смирнова»'), status, results),
      el('div', { className: 'modal-footer' }, el('button', { type: 'button', className: 'btn btn-default', onclick: closeSearch }, 'Закрыть'))
    )
  );
  searchModal = el(
    'div',
    { className: 'school-find-client-modal' },
    el('div', { className: 'modal-backdrop fade in', onclick: closeSearch }),
    el('div', { className: 'modal fade in', style: 'display: block;', tabindex: '-1', onclick: (e) => e.target === e.currentTarget && closeSearch() }, dialog)
  );
  document.body.appendChild(searchModal);
  input.focus();
}

/* ---------------------------- «Доска сделок» ---------------------------- */

function dealCard(deal, api, say) {
  const stalled = (tag) => tag === 'подвисла';
  return el(
    'button',
    {
      type: 'button',
      className: 'school-board-card',
      'data-deal-id': deal.dealId,
      title: 'Открыть сделку № ' + deal.dealId,
      onclick: async () => {
        const message = await openDeal(deal.dealId, api);
        if (message) {
          say(message);
        }
      }
    },
    el('div', { className: 'school-client' }, deal.client),
    el('div', { className: 'school-line' }, [deal.course, rubles(deal.budget)].filter(Boolean).join(' · ') || 'Курс не указан'),
    el('div', { className: 'school-line' }, deal.responsible ? deal.responsible.name : 'Ответственный не назначен'),
    deal.daysInStage === null || deal.daysInStage === undefined
      ? null
      : el('div', { className: 'school-line school-days' }, deal.daysInStage === 0 ? 'В этапе с сегодняшнего дня' : 'В этапе ' + days(deal.daysInStage)),
    el(
      'div',
      { className: 'school-line school-next' },
      deal.nextTouch
        ? deal.nextTouch.task + (deal.nextTouch.due ? ' — ' + when(deal.nextTouch.due) + (deal.nextTouch.clientClock || '') : '')
        : 'Ничего не запланировано'
    ),
    deal.tags.length
      ? el('div', {}, deal.tags.map((tag) => el('span', { className: 'label ' + (stalled(tag) ? 'label-danger school-stalled' : 'label-default') }, tag)))
      : null
  );
}

function boardColumn(column, load, api, say) {
  const list = el('div', { className: 'school-board-deals' });
  const shown = () => list.querySelectorAll('.school-board-card').length;
  const more = el('button', { type: 'button', className: 'btn btn-default btn-sm btn-block school-more' }, 'ещё');
  const refreshMore = () => {
    const rest = column.total - shown();
    more.style.display = rest > 0 ? '' : 'none';
    more.textContent = column.exact ? 'ещё ' + Math.min(rest, 20) + ' из ' + rest : 'ещё 20';
  };
  column.deals.forEach((deal) => list.appendChild(dealCard(deal, api, say)));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await load(column.code, shown());
      page.deals.forEach((deal) => list.appendChild(dealCard(deal, api, say)));
    } catch (e) {
      say(e.message, 'error');
    } finally {
      more.disabled = false;
      refreshMore();
    }
  });
  refreshMore();
  return el(
    'section',
    { className: 'school-board-column', 'data-stage': column.code },
    el('h4', {}, el('span', {}, column.title), el('span', { className: 'badge' }, column.exact ? String(column.total) : column.total + '+')),
    column.total ? null : el('div', { className: 'school-board-empty' }, 'Сделок нет'),
    list,
    more
  );
}

function renderBoard(node, api) {
  ensureStyle();
  const state = { funnel: '', responsible: '' };
  const funnelSelect = el('select', { className: 'form-control input-sm', name: 'funnel', 'aria-label': 'Воронка' });
  const responsibleSelect = el('select', { className: 'form-control input-sm', name: 'responsible', 'aria-label': 'Ответственный' });
  const status = el('div', { className: 'school-board-status', role: 'status' });
  const columns = el('div', { className: 'school-board-columns' });
  const say = (text, kind) => {
    status.className = 'school-board-status' + (text ? (kind === 'error' ? ' alert alert-danger' : ' alert alert-info') : '');
    status.textContent = text || '';
  };
  const url = (extra) => {
    const params = new URLSearchParams();
    if (state.funnel) params.set('funnel', state.funnel);
    if (state.responsible) params.set('responsible', state.responsible);
    Object.entries(extra || {}).forEach(([k, v]) => params.set(k, v));
    return '/api/board?' + params.toString();
  };
  const loadColumn = async (stage, offset) => (await readApi(url({ stage, offset }))).columns[0];

  function fillSelects(board) {
    funnelSelect.textContent = '';
    board.funnels.forEach((f) => funnelSelect.appendChild(el('option', { value: f.id, selected: f.id === board.funnel.id }, f.name)));
    responsibleSelect.textContent = '';
    responsibleSelect.appendChild(el('option', { value: 'all', selected: !board.responsible }, 'Все ответственные'));
    const people = board.responsibles.slice();
    if (board.responsible && !people.some((p) => p.id === board.responsible.id)) {
      people.unshift(board.responsible);
    }
    people.forEach((p) =>
      responsibleSelect.appendChild(
        el('option', { value: p.id, selected: board.responsible && p.id === board.responsible.id }, p.name + (board.me && p.id === board.me.id ? ' (мои)' : ''))
      )
    );
  }

  async function load() {
    node.setAttribute('data-ready', 'false');
    say('');
    columns.textContent = '';
    columns.appendChild(el('div', { className: 'text-muted' }, 'Загружаем доску…'));
    try {
      await ZONE;
      const board = await readApi(url());
      state.funnel = board.funnel.id;
      state.responsible = board.responsible ? board.responsible.id : 'all';
      fillSelects(board);
      columns.textContent = '';
      if (!board.columns.length) {
        columns.appendChild(el('div', { className: 'text-muted' }, 'В модели этой воронки нет этапов.'));
      }
      board.columns.forEach((column) => columns.appendChild(boardColumn(column, loadColumn, api, say)));
    } catch (e) {
      columns.textContent = '';
      say(e.message, 'error');
    }
    node.setAttribute('data-ready', 'true');
  }

  funnelSelect.addEventListener('change', () => {
    state.funnel = funnelSelect.value;
    state.responsible = '';
    load();
  });
  responsibleSelect.addEventListener('change', () => {
    state.responsible = responsibleSelect.value;
    load();
  });

  node.appendChild(
    el(
      'div',
      { className: 'school-board' },
      el(
        'div',
        { className: 'school-board-head' },
        el('h3', {}, 'Доска сделок'),
        el('label', {}, 'Воронка ', funnelSelect),
        el('label', {}, 'Ответственный ', responsibleSelect),
        el('a', { href: '#/', className: 'btn btn-link' }, '← К задачам'),
        el('span', { className: 'text-muted' }, 'Этап меняется только задачами процесса: доска — для обзора.')
      ),
      status,
      columns
    )
  );
  load();
}

export default [
  {
    id: 'school-find-client',
    pluginPoint: 'tasklist.navbar.action',
    priority: 250,
    render: (node, { api }) => {
      node.appendChild(
        el(
          'a',
          {
            href: '',
            className: 'school-find-client',
            title: 'Найти клиента по телефону, e-mail или имени',
            onclick: (event) => {
              event.preventDefault();
              openSearch(api);
            }
          },
          el('span', { className: 'glyphicon glyphicon-search' }),
          ' Найти клиента'
        )
      );
    }
  },
  {
    id: 'school-board-link',
    pluginPoint: 'tasklist.navbar.action',
    priority: 240,
    render: (node) => {
      node.appendChild(
        el('a', { href: '#/board', className: 'school-board-link', title: 'Сделки воронки по этапам' }, el('span', { className: 'glyphicon glyphicon-th' }), ' Доска сделок')
      );
    }
  },
  {
    id: 'school-board',
    pluginPoint: 'tasklist.route',
    properties: { path: '/board' },
    render: (node, { api }) => renderBoard(node, api)
  }
];
