/*
 * Шапка Tasklist без действий, которых у пользователя нет (issue 16).
 *
 * Tasklist показывает «Создать задачу» и «Запустить процесс» каждому, а движок
 * отказывает тому, у кого нет права: менеджер получил бы ошибку после заполнения
 * окна. Задачи по сделке ставятся в карточке сделки (событийный подпроцесс модели),
 * заявки приходят через приём заявок, — отдельная задача без сделки и ручной запуск
 * воронки менеджеру, РОП и куратору не нужны. Скрипт спрашивает движок о правах
 * вошедшего пользователя (право CREATE на задачи; определения процессов, которые он
 * может запустить из Tasklist) и убирает из шапки то, чего нет. Права решает
 * движок: скрыть ссылку — удобство, отказ всё равно придёт от сервера.
 */

const ENGINE = '/camunda/api/engine/engine/default';
const ALLOWED = 'school-navbar-allowed';

function get(path) {
  return fetch(path, {credentials: 'same-origin', headers: {Accept: 'application/json'}}).then((response) =>
    response.ok ? response.json() : Promise.reject(new Error(String(response.status)))
  );
}

let checkedFor = null;
let allowed = {createTask: true, startProcess: true};

/** Who is signed in: the webapps' own authentication endpoint of the current session. */
function currentUser() {
  return get('/camunda/api/admin/auth/user/default')
    .then((user) => (user && user.userId) || null)
    .catch(() => null);
}

function checkRights(userId) {
  if (userId === checkedFor) {
    return Promise.resolve(allowed);
  }
  const createTask = get(
    ENGINE + '/authorization/check?permissionName=CREATE&resourceName=Task&resourceType=7&resourceId=*'
  )
    .then((answer) => Boolean(answer && answer.authorized))
    .catch(() => false);
  const startProcess = get(
    ENGINE + '/process-definition/count?latestVersion=true&active=true&startableInTasklist=true&startablePermissionCheck=true'
  )
    .then((answer) => Boolean(answer && answer.count > 0))
    .catch(() => false);
  return Promise.all([createTask, startProcess]).then(([task, process]) => {
    checkedFor = userId;
    allowed = {createTask: task, startProcess: process};
    return allowed;
  });
}

function apply(rights) {
  document.querySelectorAll('.create-task-action').forEach((item) => item.classList.toggle(ALLOWED, rights.createTask));
  document.querySelectorAll('.start-process-action').forEach((item) => item.classList.toggle(ALLOWED, rights.startProcess));
  // For tests and support: the header has been checked against the engine's answer.
  document.documentElement.setAttribute('data-school-navbar', 'checked');
}

let pending = false;

function refresh() {
  if (pending || !document.querySelector('.create-task-action, .start-process-action')) {
    return;
  }
  pending = true;
  currentUser()
    .then((userId) => (userId ? checkRights(userId) : {createTask: false, startProcess: false}))
    .then(apply)
    .finally(() => {
      pending = false;
    });
}

function start() {
  if (!document.getElementById('school-navbar-style')) {
    const style = document.createElement('style');
    style.id = 'school-navbar-style';
    // Hidden until the engine said yes: no link flashes up for a manager and vanishes.
    style.textContent = `.create-task-action:not(.${ALLOWED}), .start-process-action:not(.${ALLOWED}) { display: none !important; }`;
    document.head.appendChild(style);
  }
  // The navbar's actions are rendered by AngularJS after login and again after a re-login.
  new MutationObserver(() => {
    const unchecked = document.querySelector(
      '.create-task-action:not([data-school-checked]), .start-process-action:not([data-school-checked])'
    );
    if (unchecked) {
      document
        .querySelectorAll('.create-task-action, .start-process-action')
        .forEach((item) => item.setAttribute('data-school-checked', ''));
      checkedFor = null;
      refresh();
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener('hashchange', refresh);
  refresh();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}

export default [];
