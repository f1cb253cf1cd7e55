/*
 * Карточка сделки в Tasklist (issue 16).
 *
 *  - Вкладка «Сделка» в каждой задаче сделки (точка расширения tasklist.task.detail):
 *    клиент со ссылками для звонка и мессенджеров, этап, ответственный, следующее касание,
 *    история от новых записей к старым, другие сделки клиента.
 *  - window.schoolDealCard = { render(element, dealId), open(dealId) } — тот же вид для
 *    других скриптов (поиск клиента, доска сделок): render рисует карточку в элемент,
 *    open показывает её в окне поверх Tasklist.
 *  - «Изменить» в карточке: имя, телефон, e-mail и канал клиента, курс и бюджет сделки; ручные
 *    теги ставятся и снимаются там же (PATCH /api/deals/{id}, PUT/DELETE /api/deals/{id}/tags/{тег}).
 *    Кнопки видит только тот, кому сервер разрешает изменения (card.editing.allowed); сервер
 *    проверяет права в любом случае. Запись идёт с сессией Tasklist и её CSRF-токеном.
 *  - «Отчёты» в шапке Tasklist для РОП и администраторов (tasklist.navbar.action).
 *  - После «Завершить» — что дальше по сделке: следующая задача и когда.
 *  - Возврат на /reports после входа: ReportSessionFilter отправляет на вход в Tasklist с
 *    параметром school-return.
 *
 * Данные — GET /api/deals/{id} (DealCardController) с входом Tasklist, без второго пароля;
 * время в записях уже в часовом поясе школы. Всё, что пришло от клиента, выводится как текст
 * (textContent), не как разметка.
 */

const API = '/api/deals/';
const ENGINE_API = '/camunda/api/engine/engine/default';
const RETURN_PARAMETER = 'school-return';
const RETURN_KEY = 'school-return-after-login';

const OUTCOMES = { WON: 'Успешно реализовано', LOST: 'Закрыто не реализовано' };

/**
 * Итог сделки словами её воронки: закрывающий этап модели называет его сам («Закрыто не
 * реализовано» в продаже, «Закрыто и не реализовано» в реанимации); без него — общее слово.
 */
function outcomeTitle(deal) {
  if (!deal.outcome) {
    return null;
  }
  if (deal.stage && deal.stage.code === deal.outcome && deal.stage.title) {
    return deal.stage.title;
  }
  return OUTCOMES[deal.outcome] || deal.outcome;
}

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

function rubles(value) {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  return new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(Number(value)) + ' ₽';
}

function installStyle() {
  if (document.getElementById('school-deal-card-style')) {
    return;
  }
  const style = el('style');
  style.id = 'school-deal-card-style';
  style.textContent = `
.school-deal-card { padding: 12px 15px; font-size: 13px; }
.school-deal-card h4 { margin: 14px 0 6px; font-size: 14px; font-weight: bold; }
.school-deal-card .school-deal-title { font-size: 16px; margin: 0 0 8px; }
.school-deal-card dl { display: grid; grid-template-columns: 170px 1fr; gap: 3px 10px; margin: 0; }
.school-deal-card dt { font-weight: normal; color: #666; }
.school-deal-card dd { margin: 0; }
.school-deal-card .school-links a { margin-right: 12px; }
.school-deal-card .school-bot-link input { display: inline-block; width: calc(100% - 110px); margin-right: 8px; }
.school-deal-card .school-bot-link small { display: block; color: #6c757d; margin-top: 2px; }
.school-deal-card .school-next { background: #fcf8e3; border: 1px solid #faebcc; padding: 6px 10px; margin: 8px 0; }
.school-deal-card .school-tag { display: inline-block; background: #eee; border-radius: 3px; padding: 0 6px; margin: 0 4px 2px 0; }
.school-deal-card ol.school-history { list-style: none; padding: 0; margin: 0; }
.school-deal-card ol.school-history li { border-bottom: 1px solid #eee; padding: 4px 0; }
.school-deal-card .school-when { color: #666; margin-right: 8px; white-space: nowrap; }
.school-deal-card .school-who { font-weight: bold; margin-right: 8px; }
.school-deal-card .school-kind-COMMENT .school-text { font-style: italic; }
.school-deal-card ul.school-others { padding-left: 0; list-style: none; margin: 0; }
.school-deal-card ul.school-others button { padding: 0; border: 0; background: none; color: #155cb5; text-align: left; }
.school-deal-overlay { position: fixed; inset: 0; background: rgba(0,0,0,.4); z-index: 2000; overflow: auto; }
.school-deal-overlay .school-deal-dialog { background: #fff; max-width: 860px; margin: 40px auto; border-radius: 4px; box-shadow: 0 5px 15px rgba(0,0,0,.5); }
.school-deal-overlay .school-deal-dialog-header { display: flex; justify-content: space-between; align-items: center; padding: 10px 15px; border-bottom: 1px solid #e5e5e5; }
.school-next-step { margin: 15px; }
.school-deal-card .school-section-head { display: flex; align-items: baseline; gap: 10px; }
.school-deal-card .school-edit-form label { display: block; font-weight: normal; color: #666; margin: 6px 0 2px; }
.school-deal-card .school-edit-form input, .school-deal-card .school-edit-form select { max-width: 360px; }
.school-deal-card .school-field-error, .school-deal-card .school-tag-error { color: #a94442; margin-top: 2px; }
.school-deal-card .school-edit-actions { margin-top: 10px; }
.school-deal-card .school-edit-actions button { margin-right: 8px; }
.school-deal-card .school-tag-remove { border: 0; background: none; padding: 0 0 0 4px; color: #a94442; font-weight: bold; }
.school-deal-card .school-tag-add { display: inline-flex; gap: 6px; margin-top: 4px; }
.school-deal-card .school-hint { color: #666; font-size: 12px; }
`;
  document.head.appendChild(style);
}

async function loadCard(dealId) {
  const response = await fetch(API + encodeURIComponent(dealId), {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  });
  if (response.ok) {
    return response.json();
  }
  let detail = null;
  try {
    detail = (await response.json()).detail;
  } catch (e) {
    detail = null;
  }
  if (response.status === 403) {
    throw new Error(detail || 'Эта сделка вам недоступна.');
  }
  if (response.status === 404) {
    throw new Error(detail || 'Сделка не найдена.');
  }
  if (response.status === 401) {
    throw new Error('Сеанс входа закончился: обновите страницу и войдите снова.');
  }
  throw new Error(detail || 'Карточку сделки не удалось загрузить, попробуйте ещё раз.');
}

/** CSRF-токен сессии Tasklist: из cookie XSRF-TOKEN, а если её не прочесть — как его спрашивает сам Tasklist. */
async function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  if (cookie) {
    return decodeURIComponent(cookie.substring('XSRF-TOKEN='.length));
  }
  const response = await fetch(ENGINE_API + '/task/count', { credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': 'Fetch' } });
  return response.headers.get('X-XSRF-TOKEN') || '';
}

/** Изменение с сессией Tasklist: ответ — свежая карточка; ошибка — Error с detail и errors (поле → текст). */
async function write(method, path, body) {
  const headers = { Accept: 'application/json', 'X-XSRF-TOKEN': await csrfToken() };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  if (response.ok) {
    return response.json();
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch (e) {
    problem = {};
  }
  let message = problem.detail;
  if (response.status === 401) {
    message = 'Сеанс входа закончился: обновите страницу и войдите снова.';
  } else if (!message) {
    message = 'Изменения не сохранились, попробуйте ещё раз.';
  }
  const error = new Error(message);
  error.fields = {};
  (problem.errors || []).forEach((e) => {
    error.fields[e.field] = e.message;
  });
  return Promise.reject(error);
}

const CHANNELS = [['', 'не указан'], ['whatsapp', 'WhatsApp'], ['telegram', 'Telegram'], ['email', 'E-mail'], ['phone', 'Телефон']];

function channelCode(title) {
  const found = CHANNELS.find(([code, name]) => code && name === title);
  return found ? found[0] : '';
}

/** Форма «Изменить»: поля клиента и сделки; сохраняет только изменённые поля вместе с версией карточки. */
function editForm(card, done, cancel) {
  const editing = card.editing;
  const contact = card.contact || {};
  const form = el('form', 'school-edit-form');
  form.noValidate = true;
  const inputs = {};
  const errors = {};

  function field(key, title, value, options = {}) {
    const id = 'school-edit-' + key + '-' + card.dealId;
    const label = el('label', null, title);
    label.htmlFor = id;
    let input;
    if (options.choices) {
      input = el('select', 'form-control input-sm');
      options.choices.forEach(([code, name]) => {
        const option = el('option', null, name);
        option.value = code;
        input.appendChild(option);
      });
      input.value = value || '';
    } else {
      input = el('input', 'form-control input-sm');
      input.type = options.type || 'text';
      input.value = value === null || value === undefined ? '' : String(value);
    }
    input.id = id;
    input.name = key;
    input.disabled = !!options.disabled;
    form.appendChild(label);
    form.appendChild(input);
    if (options.hint) {
      form.appendChild(el('div', 'school-hint', options.hint));
    }
    const error = el('div', 'school-field-error');
    form.appendChild(error);
    inputs[key] = { input, initial: input.value };
    errors[key] = error;
  }

  form.appendChild(el('h4', null, 'Клиент'));
  field('name', 'Имя', contact.name);
  field('phone', 'Телефон', contact.phone, { type: 'tel' });
  field('email', 'E-mail', contact.email, { type: 'email' });
  field('preferredChannel', 'Предпочитает', channelCode(contact.preferredChannel), { choices: CHANNELS });
  // Часовой пояс и удобное время клиента: по ним назначаются перезвоны (сервер проверяет значения).
  const zones = [['', 'пояс школы']].concat((editing.timeZones || []).map((z) => [z.id, z.title]));
  field('timeZone', 'Часовой пояс клиента', contact.timeZone, { choices: zones });
  field('convenientFrom', 'Удобно звонить с (по времени клиента)', contact.convenientFrom, { type: 'time' });
  field('convenientTo', 'Удобно звонить до (по времени клиента)', contact.convenientTo, { type: 'time' });
  form.appendChild(el('h4', null, 'Сделка'));
  field('course', 'Курс', card.course, {
    disabled: !editing.dealFieldsEditable,
    hint: editing.dealFieldsEditable ? null : 'Сделка закрыта: курс не меняется.'
  });
  field('budget', 'Бюджет, ₽', card.budget, {
    type: 'number',
    disabled: !editing.budgetEditable,
    hint: editing.budgetEditable ? null : 'Бюджет не меняется: счёт выставлен, по сделке есть оплата или сделка закрыта.'
  });

  const general = el('div', 'school-edit-error alert alert-danger');
  general.hidden = true;
  const actions = el('div', 'school-edit-actions');
  const save = el('button', 'btn btn-primary btn-sm school-edit-save', 'Сохранить');
  save.type = 'submit';
  const back = el('button', 'btn btn-default btn-sm school-edit-cancel', 'Отмена');
  back.type = 'button';
  back.addEventListener('click', cancel);
  actions.appendChild(save);
  actions.appendChild(back);
  form.appendChild(general);
  form.appendChild(actions);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.values(errors).forEach((e) => {
      e.textContent = '';
    });
    general.hidden = true;
    const body = { version: editing.version };
    let changed = false;
    Object.entries(inputs).forEach(([key, { input, initial }]) => {
      if (!input.disabled && input.value !== initial) {
        body[key] = key === 'budget' ? (input.value.trim() === '' ? null : input.value.trim()) : input.value;
        changed = true;
      }
    });
    if (!changed) {
      cancel();
      return;
    }
    save.disabled = true;
    write('PATCH', API + encodeURIComponent(card.dealId), body)
      .then(done)
      .catch((e) => {
        save.disabled = false;
        let placed = false;
        Object.entries(e.fields || {}).forEach(([key, message]) => {
          if (errors[key]) {
            errors[key].textContent = message;
            placed = true;
          }
        });
        if (!placed) {
          general.textContent = e.message;
          general.hidden = false;
        }
      });
  });
  return form;
}

/** Теги сделки: ручные снимаются (×), новые выбираются из таблицы «Ручные теги из форм». */
function tagsView(card, done) {
  const editing = card.editing && card.editing.allowed ? card.editing : null;
  const box = el('span', 'school-tags');
  const error = el('div', 'school-tag-error');
  const fail = (e) => {
    error.textContent = e.message;
  };
  (card.tags || []).forEach((tag) => {
    const chip = el('span', 'school-tag', tag);
    const option = editing && editing.manualTags.find((t) => t.tag === tag);
    if (option && option.title !== tag) {
      chip.title = option.title;
    }
    if (editing && editing.removableTags.includes(tag)) {
      const remove = el('button', 'school-tag-remove', '×');
      remove.type = 'button';
      remove.title = 'Снять тег «' + tag + '»';
      remove.setAttribute('aria-label', 'Снять тег «' + tag + '»');
      remove.addEventListener('click', () => {
        remove.disabled = true;
        write('DELETE', API + encodeURIComponent(card.dealId) + '/tags/' + encodeURIComponent(tag)).then(done).catch((e) => {
          remove.disabled = false;
          fail(e);
        });
      });
      chip.appendChild(remove);
    }
    box.appendChild(chip);
    box.appendChild(document.createTextNode(' '));
  });
  if (editing) {
    const free = editing.manualTags.filter((t) => !(card.tags || []).includes(t.tag));
    if (free.length) {
      const add = el('span', 'school-tag-add');
      const select = el('select', 'form-control input-sm school-tag-select');
      select.setAttribute('aria-label', 'Ручной тег');
      const placeholder = el('option', null, 'Поставить тег…');
      placeholder.value = '';
      select.appendChild(placeholder);
      free.forEach((t) => {
        const option = el('option', null, t.title === t.tag ? t.tag : t.title + ' (' + t.tag + ')');
        option.value = t.tag;
        select.appendChild(option);
      });
      const button = el('button', 'btn btn-default btn-sm school-tag-add-button', 'Добавить тег');
      button.type = 'button';
      button.addEventListener('click', () => {
        if (!select.value) {
          error.textContent = 'Выберите тег из списка.';
          return;
        }
        button.disabled = true;
        write('PUT', API + encodeURIComponent(card.dealId) + '/tags/' + encodeURIComponent(select.value)).then(done).catch((e) => {
          button.disabled = false;
          fail(e);
        });
      });
      add.appendChild(select);
      add.appendChild(button);
      box.appendChild(el('br'));
      box.appendChild(add);
    }
  }
  box.appendChild(error);
  return box;
}

// Откуда пришла заявка (issue 19): канал и форма, UTM-метки, страница (Referer).
function leadSourceRows(list, source) {
  if (!source) {
    return;
  }
  row(list, 'Канал заявки', source.channelTitle + (source.formId ? ' · форма ' + source.formId : ''));
  const marks = [
    ['utm_source', source.utmSource], ['utm_medium', source.utmMedium], ['utm_campaign', source.utmCampaign],
    ['utm_content', source.utmContent], ['utm_term', source.utmTerm]
  ].filter((mark) => mark[1]).map((mark) => mark[0] + ': ' + mark[1]);
  row(list, 'UTM-метки', marks.join(', '));
  row(list, 'Страница (Referer)', source.referer);
}

function row(list, title, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) {
    return;
  }
  list.appendChild(el('dt', null, title));
  const dd = el('dd');
  if (value instanceof Node) {
    dd.appendChild(value);
  } else {
    dd.textContent = String(value);
  }
  list.appendChild(dd);
}

function link(href, text) {
  const a = el('a', null, text);
  a.href = href;
  if (/^https:/.test(href)) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  return a;
}

/**
 * The client's own link to the school's Telegram bot: the manager sends it to the client, who
 * opens it and presses «Старт» — then the school can write to him in Telegram.
 */
function botLink(href) {
  const box = el('span', 'school-bot-link');
  const address = el('input', 'form-control input-sm');
  address.type = 'text';
  address.readOnly = true;
  address.value = href;
  address.setAttribute('aria-label', 'Ссылка на бота школы для клиента');
  address.addEventListener('focus', () => address.select());
  box.appendChild(address);
  const copy = el('button', 'btn btn-default btn-xs', 'Скопировать');
  copy.type = 'button';
  copy.addEventListener('click', () => {
    address.focus();
    address.select();
    const done = () => { copy.textContent = 'Скопировано'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(href).then(done, () => document.execCommand('copy') && done());
    } else if (document.execCommand('copy')) {
      done();
    }
  });
  box.appendChild(copy);
  box.appendChild(el('small', 'school-hint', 'Отправьте клиенту: открыв ссылку и нажав «Старт», он свяжет свой Telegram с карточкой, и школа сможет писать ему туда.'));
  return box;
}

function draw(container, card, openOther) {
  container.textContent = '';
  const root = el('div', 'school-deal-card');
  root.setAttribute('data-deal-id', card.dealId);

  const title = el('h3', 'school-deal-title', 'Сделка №' + card.dealId + ' · ' + card.funnel.title);
  root.appendChild(title);

  if (card.nextTouch && card.nextTouch.text) {
    root.appendChild(el('div', 'school-next', card.nextTouch.text));
  }

  const redraw = (fresh) => draw(container, fresh, openOther);
  const clientHead = el('h4', 'school-section-head', 'Клиент');
  root.appendChild(clientHead);
  if (card.editing && card.editing.allowed) {
    const edit = el('button', 'btn btn-default btn-xs school-edit-button', 'Изменить');
    edit.type = 'button';
    edit.addEventListener('click', () => {
      const form = editForm(card, redraw, () => redraw(card));
      clientHead.remove();
      client.remove();
      dealHead.remove();
      deal.remove();
      root.insertBefore(form, root.querySelector('.school-after-fields'));
      form.querySelector('input').focus();
    });
    clientHead.appendChild(edit);
  }
  const client = el('dl', 'school-client');
  const contact = card.contact || {};
  row(client, 'Имя', contact.name);
  if (contact.phone) {
    const phones = el('span', 'school-links');
    phones.appendChild(contact.phoneLink ? link(contact.phoneLink, contact.phone) : el('span', null, contact.phone));
    if (contact.whatsAppLink) {
      phones.appendChild(document.createTextNode(' '));
      phones.appendChild(link(contact.whatsAppLink, 'WhatsApp'));
    }
    if (contact.telegramLink) {
      phones.appendChild(document.createTextNode(' '));
      phones.appendChild(link(contact.telegramLink, 'Telegram'));
    }
    row(client, 'Телефон', phones);
  }
  row(client, 'E-mail', contact.email ? link('mailto:' + contact.email, contact.email) : null);
  row(client, 'Предпочитает', contact.preferredChannel);
  row(client, 'Ссылка на бота школы для клиента', contact.telegramBotLink ? botLink(contact.telegramBotLink) : null);
  row(client, 'Часовой пояс', contact.timeZoneTitle);
  row(client, 'Удобно звонить', contact.convenientText ? contact.convenientText + ' по его времени' : null);
  root.appendChild(client);
  // «Личные данные» и «Компания» рисует school-client-data.js.
  const clientData = el('div', 'school-client-data');
  root.appendChild(clientData);

  const dealHead = el('h4', null, 'Сделка');
  root.appendChild(dealHead);
  const deal = el('dl', 'school-deal');
  row(deal, 'Воронка', card.funnel.title);
  row(deal, 'Этап', card.stage ? card.stage.title : 'ещё не начата');
  row(deal, 'Ответственный', card.responsible ? card.responsible.name : 'не назначен');
  row(deal, 'Итог', outcomeTitle(card));
  row(deal, 'Причина отказа', card.lossReason);
  row(deal, 'Курс', card.course);
  row(deal, 'Преподаватель', card.teacher);
  row(deal, 'Старт курса', card.startDate);
  row(deal, 'Группа', card.group);
  row(deal, 'Вебинар', card.webinar ? card.webinar.title + ', ' + card.webinar.startsAtText : null);
  row(deal, 'Способ оплаты', card.paymentType);
  row(deal, 'Бюджет', rubles(card.budget));
  row(deal, 'Оплата', card.paymentStatus);
  row(deal, 'Тип заявки', card.leadTypeText || card.leadType);
  row(deal, 'Источник', card.source);
  leadSourceRows(deal, card.leadSource);
  if ((card.tags && card.tags.length) || (card.editing && card.editing.allowed)) {
    row(deal, 'Теги', tagsView(card, redraw));
  }
  if (card.parentDealId) {
    const parent = el('button', 'btn btn-link btn-xs', '№' + card.parentDealId);
    parent.type = 'button';
    parent.addEventListener('click', () => openOther(card.parentDealId));
    row(deal, 'Продолжает сделку', parent);
  }
  root.appendChild(deal);
  root.appendChild(el('span', 'school-after-fields'));

  if (card.otherDeals && card.otherDeals.length) {
    root.appendChild(el('h4', null, 'Другие сделки клиента'));
    const others = el('ul', 'school-others');
    card.otherDeals.forEach((other) => {
      const item = el('li');
      const open = el('button', 'school-other-deal',
        '№' + other.dealId + ' · ' + other.funnel.title + ' · '
        + (other.outcome ? outcomeTitle(other) : other.stage ? other.stage.title : 'без этапа')
        + (other.responsible ? ' · ' + other.responsible.name : ''));
      open.type = 'button';
      open.addEventListener('click', () => openOther(other.dealId));
      item.appendChild(open);
      others.appendChild(item);
    });
    root.appendChild(others);
  }

  root.appendChild(el('h4', null, 'История'));
  const history = el('ol', 'school-history');
  (card.timeline || []).slice().reverse().forEach((line) => {
    const item = el('li', 'school-kind-' + line.kind);
    item.appendChild(el('span', 'school-when', line.atText));
    item.appendChild(document.createTextNode(' '));
    if (line.userName) {
      item.appendChild(el('span', 'school-who', line.userName));
      item.appendChild(document.createTextNode(' '));
    }
    item.appendChild(el('span', 'school-text', line.text));
    history.appendChild(item);
  });
  if (!history.children.length) {
    history.appendChild(el('li', null, 'Записей пока нет.'));
  }
  root.appendChild(history);
  container.appendChild(root);
  if (window.schoolClientData) {
    window.schoolClientData.render(clientData, card);
  }
}

/** Рисует карточку сделки в элемент; другие сделки клиента открываются в окне. */
async function render(element, dealId) {
  installStyle();
  element.textContent = '';
  element.appendChild(el('div', 'school-deal-card', 'Загружаем карточку сделки…'));
  try {
    const card = await loadCard(dealId);
    draw(element, card, (other) => open(other));
  } catch (e) {
    element.textContent = '';
    element.appendChild(el('div', 'school-deal-card alert alert-warning', e.message));
  }
}

let overlay = null;

function close() {
  if (overlay) {
    overlay.remove();
    overlay = null;
    document.removeEventListener('keydown', onKey);
  }
}

function onKey(event) {
  if (event.key === 'Escape') {
    close();
  }
}

/** Показывает карточку сделки в окне поверх Tasklist. */
function open(dealId) {
  installStyle();
  close();
  overlay = el('div', 'school-deal-overlay');
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  const dialog = el('div', 'school-deal-dialog');
  const header = el('div', 'school-deal-dialog-header');
  header.appendChild(el('strong', null, 'Карточка сделки'));
  const closeButton = el('button', 'btn btn-default btn-sm school-deal-close', 'Закрыть');
  closeButton.type = 'button';
  closeButton.addEventListener('click', close);
  header.appendChild(closeButton);
  const body = el('div');
  dialog.appendChild(header);
  dialog.appendChild(body);
  overlay.appendChild(dialog);
  overlay.addEventListener('click', (event) => {
    if (event.target === overlay) {
      close();
    }
  });
  document.body.appendChild(overlay);
  document.addEventListener('keydown', onKey);
  (async () => {
    body.appendChild(el('div', 'school-deal-card', 'Загружаем карточку сделки…'));
    try {
      const card = await loadCard(dealId);
      draw(body, card, (other) => open(other));
    } catch (e) {
      body.textContent = '';
      body.appendChild(el('div', 'school-deal-card alert alert-warning', e.message));
    }
  })();
}

window.schoolDealCard = { render, open };

/** Номер сделки задачи: переменная dealId (в «Реанимации» до новой сделки — originalDealId); null — задача не сделки. */
const dealOfTask = new Map();

async function dealIdOfTask(taskId) {
  if (dealOfTask.has(taskId)) {
    return dealOfTask.get(taskId);
  }
  const response = await fetch(ENGINE_API + '/task/' + encodeURIComponent(taskId)
    + '/variables?variableNames=dealId,originalDealId&deserializeValues=false', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  });
  const variables = response.ok ? await response.json() : {};
  // «Реанимация» до появления новой сделки работает с прошлой сделкой клиента.
  const found = [variables.dealId, variables.originalDealId].find((v) => v && v.value !== null && v.value !== undefined && v.value !== '');
  const value = found ? found.value : null;
  if (response.ok) {
    dealOfTask.set(taskId, value);
  }
  return value;
}

const dealTab = {
  id: 'school-deal-card',
  pluginPoint: 'tasklist.task.detail',
  priority: 900,
  properties: { label: 'Сделка' },
  render(node, { taskId }) {
    installStyle();
    node.textContent = '';
    node.appendChild(el('div', 'school-deal-card', 'Загружаем карточку сделки…'));
    dealIdOfTask(taskId)
      .then((dealId) => {
        if (dealId === null) {
          node.textContent = '';
          node.appendChild(el('div', 'school-deal-card', 'Эта задача не относится к сделке.'));
          return null;
        }
        return render(node, dealId);
      })
      .catch(() => {
        node.textContent = '';
        node.appendChild(el('div', 'school-deal-card alert alert-warning', 'Карточку сделки не удалось загрузить, попробуйте ещё раз.'));
      });
  }
};

async function currentUserGroups() {
  const auth = await fetch('/camunda/api/admin/auth/user/default', { credentials: 'same-origin' });
  if (!auth.ok) {
    return [];
  }
  const user = (await auth.json()).userId;
  const groups = await fetch(ENGINE_API + '/identity/groups?userId=' + encodeURIComponent(user), { credentials: 'same-origin' });
  return groups.ok ? ((await groups.json()).groups || []).map((g) => g.id) : [];
}

const reportsLink = {
  id: 'school-reports',
  pluginPoint: 'tasklist.navbar.action',
  priority: 200,
  render(node) {
    currentUserGroups()
      .then((groups) => {
        if (!groups.includes('sales-heads') && !groups.includes('admins') && !groups.includes('camunda-admin')) {
          return;
        }
        const a = el('a', 'school-reports-link', 'Отчёты');
        a.href = '/reports';
        a.title = 'Отчёты РОП: этапы, конверсия, причины отказа, первый контакт';
        node.appendChild(a);
      })
      .catch(() => {});
  }
};

/*
 * После «Завершить»: Tasklist убирает задачу из адреса (или открывает следующую задачу этой же
 * сделки). Запоминаем сделку выполняемой задачи при нажатии и, когда задача ушла, пишем на
 * пустом месте, что дальше по сделке.
 */
function nextText(card) {
  if (card.nextTouch) {
    return card.nextTouch.text;
  }
  if (card.outcome) {
    return 'Сделка закрыта: ' + outcomeTitle(card) + '.';
  }
  return 'Следующий шаг по сделке ещё планируется…';
}

function watchCompletion($rootScope, $location) {
  let pending = null;

  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('button[ng-click="complete()"]');
    const taskId = $location.search().task;
    if (!button || !taskId) {
      return;
    }
    dealIdOfTask(taskId).then((dealId) => {
      pending = dealId === null ? null : { taskId, dealId, at: Date.now() };
    }).catch(() => {});
  }, true);

  function showNextStep() {
    const done = pending;
    if (!done || $location.search().task === done.taskId || Date.now() - done.at > 60000) {
      return;
    }
    pending = null;
    loadCard(done.dealId).then((card) => {
      let tries = 0;
      const place = () => {
        const empty = document.querySelector('.no-task');
        if (!empty || !empty.offsetParent) {
          if (++tries < 30) {
            setTimeout(place, 100);
          }
          return;
        }
        document.querySelectorAll('.school-next-step').forEach((old) => old.remove());
        const box = el('div', 'school-next-step alert alert-success');
        box.appendChild(el('div', 'school-done', 'Задача выполнена. Сделка №' + card.dealId + ', ' + (card.contact ? card.contact.name : '') + '.'));
        const next = el('div', 'school-next-text', nextText(card));
        box.appendChild(next);
        const more = el('button', 'btn btn-link btn-sm', 'Открыть карточку сделки');
        more.type = 'button';
        more.addEventListener('click', () => open(card.dealId));
        box.appendChild(more);
        empty.parentNode.insertBefore(box, empty.nextSibling);
        // Следующий шаг процесс может запланировать не сразу (отправка сообщения идёт отдельным
        // заданием): пока ничего не запланировано, спрашиваем ещё несколько раз.
        let refreshes = 0;
        const refresh = () => {
          if (!box.isConnected || ++refreshes > 20) {
            return;
          }
          loadCard(card.dealId).then((fresh) => {
            next.textContent = nextText(fresh);
            if (!fresh.nextTouch && !fresh.outcome) {
              setTimeout(refresh, 1000);
            }
          }).catch(() => {});
        };
        if (!card.nextTouch && !card.outcome) {
          setTimeout(refresh, 1000);
        }
      };
      place();
    }).catch(() => {});
  }

  // Сделку открытой задачи узнаём заранее: после «Завершить» задачи уже нет.
  function prefetch() {
    const taskId = $location.search().task;
    if (taskId) {
      dealIdOfTask(taskId).catch(() => {});
    }
  }
  prefetch();

  $rootScope.$on('$locationChangeSuccess', () => {
    prefetch();
    document.querySelectorAll('.school-next-step').forEach((old) => {
      if ($location.search().task) {
        old.remove();
      }
    });
    setTimeout(showNextStep, 300);
  });
}

/** /reports или /import без входа → вход в Tasklist → обратно (только адреса /reports и /import). */
function returnAfterLogin($rootScope) {
  const wanted = new URLSearchParams(window.location.search).get(RETURN_PARAMETER);
  if (wanted && /^\/(reports|import)(\/|\?|$)/.test(wanted)) {
    sessionStorage.setItem(RETURN_KEY, JSON.stringify({ target: wanted, at: Date.now() }));
  }
  function goBack() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(RETURN_KEY));
    } catch (e) {
      saved = null;
    }
    if (!saved || !$rootScope.authentication || !$rootScope.authentication.name) {
      return;
    }
    sessionStorage.removeItem(RETURN_KEY);
    // Только свежая просьба (10 минут) и только адрес отчётов или импорта.
    if (Date.now() - saved.at < 600000 && /^\/(reports|import)(\/|\?|$)/.test(saved.target)) {
      window.location.assign(saved.target);
    }
  }
  $rootScope.$watch('authentication', goBack);
  $rootScope.$on('$locationChangeSuccess', goBack);
}

window.angular.module('cam.tasklist').run([
  '$rootScope',
  '$location',
  function ($rootScope, $location) {
    watchCompletion($rootScope, $location);
    returnAfterLogin($rootScope);
  }
]);

export default [dealTab, reportsLink];
