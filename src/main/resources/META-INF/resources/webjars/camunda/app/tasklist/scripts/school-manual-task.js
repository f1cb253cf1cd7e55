/*
 * «Поставить задачу» в карточке сделки (issue 16, регламенты 001 и 002).
 *
 * Кнопка появляется в каждой карточке сделки (вкладка «Сделка», окно карточки из поиска и доски)
 * у тех, кому можно ставить задачи по этой сделке: ответственный менеджер (в «Ведение курса» —
 * куратор), РОП, администраторы — и только пока сделка открыта и на этапе, где задачи ставят
 * вручную (таблица «Задачи по договорённости: на каких этапах»); это решает сервер
 * (GET /api/deals/{id}/tasks/permission).
 * Форма: что сделать, дата и время. Время — по часовому поясу школы, какой бы пояс ни стоял в
 * браузере: поля отправляются как «настенное» время без смещения, сервер читает его в поясе школы.
 * Задача — шаг модели (подпроцесс «Задача по договорённости»): POST /api/deals/{id}/tasks с
 * сеансом Tasklist и его CSRF-токеном (X-XSRF-TOKEN). Сервер проверяет права, этап и срок сам.
 *
 * Карточку рисует school-deal-card.js; этот скрипт находит её по классу school-deal-card и
 * атрибуту data-deal-id и дописывает кнопку, ничего в ней не меняя.
 */

const API = '/api/deals/';
const TEXT_MAX = 200;
const FIELD_TITLES = { text: 'Что сделать', dueAt: 'Срок' };

let schoolZone = null;
const flash = new Map();

async function zone() {
  if (schoolZone) {
    return schoolZone;
  }
  try {
    const module = await import('../school/zone.js');
    schoolZone = module.timeZone || 'Europe/Moscow';
  } catch (e) {
    schoolZone = 'Europe/Moscow';
  }
  return schoolZone;
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

function installStyle() {
  if (document.getElementById('school-manual-task-style')) {
    return;
  }
  const style = el('style');
  style.id = 'school-manual-task-style';
  style.textContent = `
.school-manual-task { margin: 6px 0 10px; }
.school-manual-task form { border: 1px solid #ddd; border-radius: 4px; padding: 10px; margin-top: 6px; max-width: 520px; }
.school-manual-task label { display: block; font-weight: normal; color: #666; margin: 6px 0 2px; }
.school-manual-task textarea { width: 100%; }
.school-manual-task .school-manual-when { display: flex; gap: 12px; }
.school-manual-task .school-manual-actions { margin-top: 8px; display: flex; gap: 8px; }
.school-manual-task .school-manual-message { margin: 6px 0 0; padding: 6px 10px; }
`;
  document.head.appendChild(style);
}

/** Сегодняшняя дата в поясе школы плюс days дней, ГГГГ-ММ-ДД. */
function schoolDate(timeZone, days) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = parts.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** «2026-12-03T10:00:00+03:00» → «03.12.2026 10:00»: время уже в поясе школы, браузер его не пересчитывает. */
function shownDue(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  return match ? `${match[3]}.${match[2]}.${match[1]} ${match[4]}:${match[5]}` : value;
}

function xsrfToken() {
  const match = /(?:^|;\s*)XSRF-TOKEN=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : null;
}

const permissions = new Map();

async function maySetTasks(dealId) {
  if (!permissions.has(dealId)) {
    permissions.set(dealId, fetch(API + encodeURIComponent(dealId) + '/tasks/permission', {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    }).then((r) => (r.ok ? r.json() : { maySetTasks: false }))
      .then((body) => Boolean(body.maySetTasks))
      .catch(() => false));
    // Права меняются (сделку передали другому): спрашиваем заново через минуту.
    setTimeout(() => permissions.delete(dealId), 60000);
  }
  return permissions.get(dealId);
}

async function problemText(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (response.status === 401) {
    return 'Сеанс входа закончился: обновите страницу и войдите снова.';
  }
  if (body && Array.isArray(body.errors) && body.errors.length) {
    return body.errors.map((e) => (FIELD_TITLES[e.field] || e.field) + ': ' + e.message).join('; ');
  }
  return (body && body.detail) || 'Задачу не удалось поставить, попробуйте ещё раз.';
}

function buildForm(box, dealId, timeZone) {
  const form = el('form', 'school-manual-task-form');
  form.noValidate = true;
  const textLabel = el('label', null, 'Что сделать');
  const text = el('textarea', 'form-control school-manual-text');
  text.rows = 2;
  text.maxLength = TEXT_MAX;
  text.required = true;
  text.placeholder = 'Например: перезвонить, клиент посоветуется с семьёй';
  textLabel.appendChild(text);
  form.appendChild(textLabel);

  const when = el('div', 'school-manual-when');
  const dateLabel = el('label', null, 'Дата');
  const date = el('input', 'form-control school-manual-date');
  date.type = 'date';
  date.required = true;
  date.min = schoolDate(timeZone, 0);
  date.value = schoolDate(timeZone, 1);
  dateLabel.appendChild(date);
  const timeLabel = el('label', null, timeZone === 'Europe/Moscow' ? 'Время (по Москве)' : `Время (${timeZone})`);
  const time = el('input', 'form-control school-manual-time');
  time.type = 'time';
  time.required = true;
  time.value = '10:00';
  timeLabel.appendChild(time);
  when.appendChild(dateLabel);
  when.appendChild(timeLabel);
  form.appendChild(when);

  const message = el('div', 'school-manual-message');
  const actions = el('div', 'school-manual-actions');
  const submit = el('button', 'btn btn-primary btn-sm school-manual-submit', 'Поставить');
  submit.type = 'submit';
  const cancel = el('button', 'btn btn-default btn-sm', 'Отмена');
  cancel.type = 'button';
  cancel.addEventListener('click', () => form.remove());
  actions.appendChild(submit);
  actions.appendChild(cancel);
  form.appendChild(actions);
  form.appendChild(message);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.className = 'school-manual-message';
    message.textContent = '';
    if (!text.value.trim() || !date.value || !time.value) {
      message.className = 'school-manual-message alert alert-warning';
      message.textContent = 'Заполните, что сделать, дату и время.';
      return;
    }
    submit.disabled = true;
    try {
      const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
      const token = xsrfToken();
      if (token) {
        headers['X-XSRF-TOKEN'] = token;
      }
      const response = await fetch(API + encodeURIComponent(dealId) + '/tasks', {
        method: 'POST',
        credentials: 'same-origin',
        headers,
        body: JSON.stringify({ text: text.value, dueAt: `${date.value}T${time.value}` })
      });
      if (response.status === 201) {
        const created = await response.json();
        flash.set(String(dealId), `Задача «${created.name}» поставлена на ${shownDue(created.dueAt)} — она в «Мои задачи» у ответственного.`);
        const card = box.closest('.school-deal-card');
        const container = card && card.parentNode;
        if (container && window.schoolDealCard) {
          // Карточка заново: в истории появится «Поставлена задача…».
          window.schoolDealCard.render(container, dealId);
        } else {
          showFlash(box, String(dealId));
          form.remove();
        }
        return;
      }
      message.className = 'school-manual-message alert alert-warning';
      message.textContent = await problemText(response);
    } catch (e) {
      message.className = 'school-manual-message alert alert-warning';
      message.textContent = 'Задачу не удалось поставить: нет связи с сервером.';
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function showFlash(box, dealId) {
  const text = flash.get(dealId);
  if (!text) {
    return;
  }
  flash.delete(dealId);
  box.appendChild(el('div', 'school-manual-message alert alert-success', text));
}

async function attach(card) {
  const dealId = card.getAttribute('data-deal-id');
  if (!dealId || card.querySelector(':scope > .school-manual-task')) {
    return;
  }
  const box = el('div', 'school-manual-task');
  // Сразу занимаем место, чтобы второй вызов не добавил вторую кнопку.
  const title = card.querySelector(':scope > .school-deal-title');
  card.insertBefore(box, title ? title.nextSibling : card.firstChild);
  const [allowed, timeZone] = await Promise.all([maySetTasks(dealId), zone()]);
  if (allowed) {
    const button = el('button', 'btn btn-default btn-sm school-manual-open', 'Поставить задачу');
    button.type = 'button';
    button.addEventListener('click', () => {
      const open = box.querySelector('form');
      if (open) {
        open.remove();
        return;
      }
      const form = buildForm(box, dealId, timeZone);
      box.appendChild(form);
      form.querySelector('textarea').focus();
    });
    box.insertBefore(button, box.firstChild);
  }
  showFlash(box, dealId);
}

function scan(root) {
  if (!(root instanceof Element)) {
    return;
  }
  if (root.matches('.school-deal-card[data-deal-id]')) {
    attach(root);
  }
  root.querySelectorAll('.school-deal-card[data-deal-id]').forEach((card) => attach(card));
}

if (typeof window !== 'undefined' && typeof MutationObserver !== 'undefined') {
  installStyle();
  new MutationObserver((mutations) => {
    mutations.forEach((mutation) => mutation.addedNodes.forEach(scan));
  }).observe(document.documentElement, { childList: true, subtree: true });
}

export default [];
