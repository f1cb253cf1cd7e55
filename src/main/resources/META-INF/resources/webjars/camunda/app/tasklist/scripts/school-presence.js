/*
 * «На месте» / «Нет на месте» в шапке Tasklist (issue 17, seed 003 «Smart-распределение»:
 * новые заявки получают те, кто сейчас в системе и готов).
 *
 * Менеджер и куратор видят в шапке, на месте ли они сейчас, и переключатель своей отметки.
 * Состояние — ответ сервера (GET /api/presence): кроме отметки, сервер снимает с распределения
 * вне рабочего времени школы и после периода без действий в Tasklist (таблица «Кто на работе»);
 * шапка спрашивает его раз в полминуты, и этот опрос действием не считается. Переключатель —
 * PUT /api/staff/{логин}/presence с сессией Tasklist и её CSRF-токеном.
 *
 * Tasklist сам обновляет списки задач каждые 10 секунд: такие запросы — не действия человека.
 * Поэтому запросы страницы, сделанные, когда к ней минуту никто не прикасался (мышь, клавиатура,
 * касание), уходят с заголовком X-School-Background, и сервер их не считает.
 */

const ENGINE_API = '/camunda/api/engine/engine/default';
const POLL_MS = 30 * 1000;
const IDLE_MS = 60 * 1000;
const BACKGROUND_HEADER = 'X-School-Background';

const STYLE = `
.school-presence-control { display: inline-flex; align-items: center; gap: 6px; margin: 0; padding: 0 6px; position: relative; top: 4px; cursor: pointer; font-weight: normal; }
.school-presence-control input { margin: 0; cursor: pointer; }
.school-presence-state { font-weight: bold; }
.school-presence-control[data-at-work='true'] .school-presence-state { color: #2b7a2b; }
.school-presence-control[data-at-work='false'] .school-presence-state { color: #b5152b; }
.school-presence-reason { color: #777; font-size: 12px; max-width: 260px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
`;

// ---- activity: what the person does, not what the page does by itself ----------------------

let lastInput = Date.now();
['pointerdown', 'keydown', 'touchstart', 'wheel'].forEach((type) =>
  window.addEventListener(type, () => {
    lastInput = Date.now();
  }, { capture: true, passive: true })
);

function isOurApi(url) {
  try {
    const path = new URL(url, window.location.href).pathname;
    return path.startsWith('/camunda/api/') || path.startsWith('/api/');
  } catch (e) {
    return false;
  }
}

if (!XMLHttpRequest.prototype.schoolPresencePatched) {
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.schoolUrl = url;
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (Date.now() - lastInput > IDLE_MS && isOurApi(this.schoolUrl)) {
      this.setRequestHeader(BACKGROUND_HEADER, '1');
    }
    return send.call(this, body);
  };
  XMLHttpRequest.prototype.schoolPresencePatched = true;
}

// ---- the server's answer ------------------------------------------------------------------------

async function currentUser() {
  const auth = await fetch('/camunda/api/admin/auth/user/default', { credentials: 'same-origin' });
  if (!auth.ok) {
    return null;
  }
  const userId = (await auth.json()).userId;
  const groups = await fetch(ENGINE_API + '/identity/groups?userId=' + encodeURIComponent(userId), { credentials: 'same-origin' });
  const ids = groups.ok ? ((await groups.json()).groups || []).map((g) => g.id) : [];
  return { userId, staff: ids.includes('managers') || ids.includes('curators') };
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

async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (response.ok) {
    return body;
  }
  if (response.status === 401) {
    throw new Error('Сеанс входа закончился: обновите страницу и войдите снова.');
  }
  const message = (body && body.errors && body.errors.length && body.errors[0].message) || (body && body.detail);
  throw new Error(message || 'Отметку не удалось сохранить, попробуйте ещё раз.');
}

function readPresence() {
  return fetch('/api/presence', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(answer);
}

async function writePresence(userId, present) {
  const response = await fetch('/api/staff/' + encodeURIComponent(userId) + '/presence', {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': await csrfToken() },
    body: JSON.stringify({ present })
  });
  return answer(response);
}

// ---- the control --------------------------------------------------------------------------------

function ensureStyle() {
  if (!document.getElementById('school-presence-style')) {
    const style = document.createElement('style');
    style.id = 'school-presence-style';
    style.textContent = STYLE;
    document.head.appendChild(style);
  }
}

function show(control, presence) {
  const input = control.querySelector('input');
  input.checked = presence.present;
  input.disabled = false;
  control.setAttribute('data-present', String(presence.present));
  control.setAttribute('data-at-work', String(presence.atWork));
  control.querySelector('.school-presence-state').textContent = presence.atWork ? 'На месте' : 'Нет на месте';
  const reason = presence.atWork ? '' : presence.reason || '';
  // Beside the state only what he did not choose himself: «вне рабочего времени», «нет действий», РОП.
  control.querySelector('.school-presence-reason').textContent = presence.present ? reason : '';
  control.title = presence.atWork
    ? 'Вы получаете новые заявки. Снимите отметку, когда уходите.'
    : (reason ? reason + '. ' : '') + 'Новые заявки вам сейчас не приходят.';
}

function showError(control, message) {
  control.querySelector('.school-presence-reason').textContent = message;
  control.title = message;
}

function render(node) {
  currentUser()
    .then((user) => {
      if (!user || !user.staff) {
        return;
      }
      ensureStyle();
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.className = 'school-presence-switch';
      input.setAttribute('role', 'switch');
      input.setAttribute('aria-label', 'Я на месте');
      input.disabled = true;
      const state = document.createElement('span');
      state.className = 'school-presence-state';
      const reason = document.createElement('span');
      reason.className = 'school-presence-reason';
      const control = document.createElement('label');
      control.className = 'school-presence-control';
      control.append(input, state, reason);
      node.appendChild(control);

      let writing = false;
      const refresh = () => {
        if (writing || !document.body.contains(control)) {
          return;
        }
        readPresence()
          .then((presence) => show(control, presence))
          .catch((e) => showError(control, e.message));
      };
      input.addEventListener('change', () => {
        const wanted = input.checked;
        writing = true;
        input.disabled = true;
        writePresence(user.userId, wanted)
          .then((presence) => show(control, presence))
          .catch((e) => {
            input.checked = !wanted;
            input.disabled = false;
            showError(control, e.message);
          })
          .finally(() => {
            writing = false;
          });
      });
      refresh();
      const timer = window.setInterval(() => {
        if (!document.body.contains(control)) {
          window.clearInterval(timer);
          return;
        }
        refresh();
      }, POLL_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') {
          refresh();
        }
      });
    })
    .catch(() => {});
}

export default [
  {
    id: 'school-presence',
    pluginPoint: 'tasklist.navbar.action',
    priority: 300,
    render: (node) => render(node)
  }
];
