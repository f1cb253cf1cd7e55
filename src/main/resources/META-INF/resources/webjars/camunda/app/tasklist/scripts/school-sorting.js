/*
 * Порядок списка задач — как в регламенте (семена 001 и 003): сначала высокий
 * приоритет (новые заявки, счета), затем по сроку.
 *
 * Фильтры Tasklist сами сортируют так (TasklistFilters), но Tasklist добавляет к
 * запросу свою сортировку из адреса страницы (?sorting=…), а без неё — «Дата
 * создания», и эту подпись показывает над списком. Здесь адрес без сортировки
 * получает сортировку регламента: подпись говорит правду, и движок получает тот
 * же порядок. Сортировку, выбранную пользователем, не трогаем.
 *
 * Подключается через customScripts в scripts/config.js (ES-модуль, до запуска
 * AngularJS; модуль 'cam.tasklist' уже создан).
 */
const REGULATION_ORDER = JSON.stringify([
  { sortBy: 'priority', sortOrder: 'desc' },
  { sortBy: 'dueDate', sortOrder: 'asc' }
]);

window.angular.module('cam.tasklist').run([
  '$rootScope',
  '$location',
  function ($rootScope, $location) {
    function inRegulationOrder() {
      if ($location.path() === '/login' || $location.search().sorting) {
        return;
      }
      $location.search('sorting', REGULATION_ORDER).replace();
    }
    inRegulationOrder();
    $rootScope.$on('$locationChangeSuccess', inRegulationOrder);
  }
]);
