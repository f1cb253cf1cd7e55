/*
 * Настройки Camunda Tasklist для менеджеров онлайн-школы.
 *
 * Файл подменяет app/tasklist/scripts/config.js из camunda-webapp-webjar:
 * ресурсы приложения стоят в classpath раньше webjar-а.
 * Tasklist 7.24 загружает его как ES-модуль и берёт export default.
 */

export default {
  // Заголовок в шапке и во вкладке браузера: «<vendor> <name>».
  app: {
    name: 'Задачи',
    vendor: 'Онлайн-школа ·'
  },

  // Форматы дат (токены moment.js). Названия месяцев и дней недели берутся
  // из dateLocales в locales/ru.json.
  dateFormat: {
    monthName: 'MMM',
    day: 'DD',
    abbr: 'D MMM YYYY, HH:mm',
    normal: 'DD.MM.YYYY HH:mm',
    long: 'dddd, D MMMM YYYY, HH:mm',
    short: 'DD.MM.YYYY'
  },

  // Единственный язык — русский, независимо от языка браузера.
  locales: {
    availableLocales: ['ru'],
    fallbackLocale: 'ru'
  },

  // Страница входа не спрашивает /camunda-welcome (окно «первый визит» Camunda Run, которого у нас
  // нет): иначе каждый вход оставлял 404 в консоли браузера.
  disableWelcomeMessage: true,

  // Скрипты грузятся как ES-модули из app/tasklist/<путь>.js до запуска
  // AngularJS-приложения. school-time-zone показывает даты в часовом поясе
  // школы (свойство school.time-zone, см. TasklistZoneScriptController);
  // school-sorting ставит порядок регламента: приоритет, затем срок;
  // school-deal-card — вкладка «Сделка», window.schoolDealCard, «Отчёты» в шапке, что дальше после
  // «Завершить»; school-workplace — «Найти клиента» и «Доска сделок» в шапке; school-navbar
  // убирает из шапки «Создать задачу» и «Запустить процесс», если движок их не разрешает;
  // school-client-data — «Личные данные» и «Компания» в карточке сделки; school-manual-task — «Поставить
  // задачу» в карточке сделки; school-forms — формы задач по-русски: сообщения проверок, календарь,
  // «дд.мм.гггг»; school-presence — «На месте» / «Нет на месте» в шапке у менеджеров и кураторов (кто
  // получает новые заявки) и пометка фоновых запросов страницы, которые действием человека не считаются;
  // school-counter — «1000+» в счётчике фильтра, когда задач больше, чем фильтр считает.
  customScripts: [
    'scripts/school-time-zone',
    'scripts/school-sorting',
    'scripts/school-deal-card',
    'scripts/school-workplace',
    'scripts/school-navbar',
    'scripts/school-client-data',
    'scripts/school-manual-task',
    'scripts/school-forms',
    'scripts/school-presence',
    'scripts/school-counter'
  ],

  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: 'взять выбранную задачу в работу'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: 'перейти к первому фильтру в списке'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: 'перейти к первой задаче в списке'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: 'перейти к первому полю формы задачи'
    },
    startProcess: {
      key: 'ctrl+alt+p',
      description: 'открыть окно запуска процесса'
    }
  }
};
