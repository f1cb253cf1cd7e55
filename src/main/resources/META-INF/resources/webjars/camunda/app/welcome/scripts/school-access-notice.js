/*
 * Сотрудник открыл приложение, которого у него нет (менеджер — Cockpit, РОП — Admin):
 * сервер переводит его сюда с ?noAccess=<приложение> (security/ApplicationLanding), и
 * над списком приложений появляется понятное объяснение вместо страницы ошибки.
 * Доступ по-прежнему решает сервер Camunda; эта надпись только объясняет, что произошло.
 */

const NAMES = {cockpit: 'Cockpit (наблюдение за процессами)', admin: 'Admin (администрирование)', tasklist: 'Задачи (Tasklist)'};

function show() {
  const application = new URLSearchParams(window.location.search).get('noAccess');
  if (!NAMES[application] || document.getElementById('school-access-notice')) {
    return true;
  }
  const place = document.querySelector('.ctn-main, main, body');
  if (!place) {
    return false;
  }
  const notice = document.createElement('div');
  notice.id = 'school-access-notice';
  notice.className = 'alert alert-warning';
  notice.setAttribute('role', 'alert');
  notice.style.margin = '15px';
  notice.textContent =
    'У вас нет доступа к приложению «' + NAMES[application] + '». Ниже — приложения, доступные вам; ' +
    'если доступ нужен для работы, обратитесь к администратору.';
  place.insertBefore(notice, place.firstChild);
  return true;
}

function start() {
  if (!show()) {
    // Welcome draws its page after login; wait for it.
    const observer = new MutationObserver(() => {
      if (show()) {
        observer.disconnect();
      }
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}

export default [];
