/*
 * Счётчик фильтра в Tasklist (рядом с названием фильтра и в строке поиска над списком): до 1000
 * задач — точное число, больше — «1000+», как в колонках доски сделок.
 *
 * Фильтр считает свои задачи не дальше 1001 (FilterCountBound на сервере): сверх этого точное
 * число менеджеру ничего не говорит, а считать десятки тысяч задач на каждый показ списка дорого.
 * Ответ 1001 значит «больше 1000»; здесь он так и показывается. Точные итоги — в отчётах.
 *
 * Подключается через customScripts в scripts/config.js.
 */
const MORE_THAN_SHOWN = '1001';
const SHOWN = '1000+';
const HINT = 'Задач больше 1000: список показывает их по порядку регламента, точное число — в отчётах.';

function relabel() {
  document.querySelectorAll('.counter, .total-results').forEach((counter) => {
    const badge = counter.classList.contains('counter');
    const text = counter.textContent.trim();
    if (text === SHOWN) {
      return;
    }
    if (text !== MORE_THAN_SHOWN) {
      if (badge && counter.getAttribute('title') === HINT) {
        counter.removeAttribute('title');
      }
      return;
    }
    // Меняется сам текстовый узел, который ведёт AngularJS: когда число изменится, он перепишет его.
    counter.childNodes.forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE && node.nodeValue.trim() === MORE_THAN_SHOWN) {
        node.nodeValue = SHOWN;
      }
    });
    // У строки поиска своя подсказка Tasklist («Всего результатов»), вторую не добавляем.
    if (badge) {
      counter.setAttribute('title', HINT);
    }
  });
}

new MutationObserver(relabel).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
