/*
 * Настройки Camunda Admin для онлайн-школы.
 *
 * Файл подменяет app/admin/scripts/config.js из camunda-webapp-webjar:
 * ресурсы приложения стоят в classpath раньше webjar-а (как и у Tasklist).
 * Camunda 7.24 загружает его как ES-модуль и берёт export default.
 */

export default {
  // Заголовок в шапке и во вкладке браузера: «<vendor> <name>», как в Tasklist.
  app: {
    name: 'Администрирование',
    vendor: 'Онлайн-школа ·'
  },

  // Единственный язык — русский (locales/ru.json), независимо от языка браузера.
  locales: {
    availableLocales: ['ru'],
    fallbackLocale: 'ru'
  },

  // Страница входа не спрашивает /camunda-welcome (окно «первый визит» Camunda Run, которого у нас
  // нет): иначе каждый вход оставлял 404 в консоли браузера.
  disableWelcomeMessage: true,

  // Даты — в часовом поясе школы (свойство school.time-zone), а не браузера.
  // Скрипт общий для всех приложений и лежит у Tasklist: путь считается от app/admin/.
  // school-import — раздел «Переезд из amoCRM» на главной странице со ссылкой на /import.
  customScripts: ['../tasklist/scripts/school-time-zone', 'scripts/school-import']
};
