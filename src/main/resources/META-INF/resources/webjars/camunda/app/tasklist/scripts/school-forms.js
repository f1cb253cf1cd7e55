/*
 * Формы задач (Camunda Forms, form-js в составе Tasklist 7.24) — по-русски.
 *
 * Подключается через customScripts в scripts/config.js.
 *
 * У form-js 1.x, встроенного в Tasklist, нет модуля перевода: тексты проверок
 * («Field is required.» и др.), подсказки полей («Select», «Search», «hh:mm»)
 * зашиты в код компонентов, а Tasklist создаёт форму сам, без дополнительных
 * модулей. Поэтому:
 *
 *  1. Календарь (flatpickr, общий webpack-модуль lib/deps.js, тот же, что
 *     импортирует form-js): русские месяцы и дни недели, неделя с понедельника —
 *     flatpickr.localize до первого открытия формы. Формат даты form-js берёт из
 *     языка браузера («m/d/Y» в английском); плагин по умолчанию ставит
 *     календарям внутри формы «d.m.Y», как бы ни был настроен браузер.
 *  2. Тексты, которые form-js выводит в форму, переводятся на месте:
 *     MutationObserver следит за формой и заменяет известные английские
 *     сообщения и подсказки русскими. Preact перерисовывает текст, только когда
 *     меняется само сообщение, — тогда наблюдатель переводит и новое.
 *
 * Если flatpickr не найден (другая сборка Camunda), календарь остаётся
 * английским, но формы работают; в консоль пишется предупреждение.
 */

const LOG_PREFIX = '[school-forms]';

// flatpickr внутри бандла Camunda: webpack-модуль из lib/deps.js (Camunda 7.24.0).
const FLATPICKR_MODULE_ID = 11731;

export const DATE_PLACEHOLDER = 'дд.мм.гггг';
export const TIME_PLACEHOLDER = 'чч:мм';
export const DATE_FORMAT = 'd.m.Y';

export const RUSSIAN_CALENDAR = {
  weekdays: {
    shorthand: ['Вс', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'],
    longhand: ['Воскресенье', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота']
  },
  months: {
    shorthand: ['Янв', 'Фев', 'Мар', 'Апр', 'Май', 'Июн', 'Июл', 'Авг', 'Сен', 'Окт', 'Ноя', 'Дек'],
    longhand: ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь',
      'Октябрь', 'Ноябрь', 'Декабрь']
  },
  firstDayOfWeek: 1,
  ordinal: () => '',
  rangeSeparator: ' — ',
  weekAbbreviation: 'Нед.',
  scrollTitle: 'Прокрутите, чтобы изменить',
  toggleTitle: 'Нажмите, чтобы переключить',
  amPM: ['ДП', 'ПП'],
  yearAriaLabel: 'Год',
  monthAriaLabel: 'Месяц',
  hourAriaLabel: 'Час',
  minuteAriaLabel: 'Минута',
  time_24hr: true
};

/** «1 символ», «3 символа», «5 символов». */
export function plural(n, one, few, many) {
  const abs = Math.abs(Number(n));
  if (!Number.isInteger(abs)) {
    return few;
  }
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) {
    return one;
  }
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) {
    return few;
  }
  return many;
}

// Все сообщения проверок form-js 1.x (Tasklist 7.24) и подписи его полей.
const MESSAGES = [
  [/^Field is required\.$/, () => 'Поле обязательно для заполнения.'],
  [/^Field must match pattern (.+)\.$/, (m) => `Значение не подходит под шаблон ${m[1]}.`],
  [/^Field must have minimum value of (.+)\.$/, (m) => `Значение должно быть не меньше ${m[1]}.`],
  [/^Field must have maximum value of (.+)\.$/, (m) => `Значение должно быть не больше ${m[1]}.`],
  [/^Field must have minimum length of (.+)\.$/,
    (m) => `Введите не меньше ${m[1]} ${plural(m[1], 'символа', 'символов', 'символов')}.`],
  [/^Field must have maximum length of (.+)\.$/,
    (m) => `Введите не больше ${m[1]} ${plural(m[1], 'символа', 'символов', 'символов')}.`],
  [/^Field must be a valid\s+international phone number\..*$/,
    () => 'Введите телефон в международном формате, например +79161234567.'],
  [/^Field must be a valid email\.$/, () => 'Введите адрес электронной почты, например ivanov@mail.ru.'],
  [/^Value is not a number\.$/, () => 'Введите число.'],
  [/^Value is expected to be an integer\.$/, () => 'Введите целое число.'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/,
    (m) => `Не больше ${m[1]} ${plural(m[1], 'знака', 'знаков', 'знаков')} после запятой.`],
  [/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    (m) => `Выберите допустимое значение: ближайшие — ${m[1]} и ${m[2]}.`],
  [/^Date and time must both be entered\.$/, () => 'Укажите и дату, и время.'],
  [/^Select$/, () => 'Выберите…'],
  [/^No results$/, () => 'Ничего не найдено'],
  [/^All values selected$/, () => 'Выбраны все варианты'],
  [/^Nothing to show\.$/, () => 'Нет данных.'],
  [/^No content to show\.$/, () => 'Нет содержимого.']
];

const ATTRIBUTES = {
  placeholder: { Search: 'Поиск' },
  title: { 'Remove tag': 'Убрать', 'Remove list item': 'Убрать' },
  'aria-label': { Increment: 'Больше', Decrement: 'Меньше' }
};

/** Русский текст для английского текста form-js или null, если перевод не нужен. */
export function translate(text) {
  if (typeof text !== 'string') {
    return null;
  }
  const trimmed = text.trim();
  for (const [pattern, russian] of MESSAGES) {
    const match = pattern.exec(trimmed);
    if (match) {
      return russian(match);
    }
  }
  return null;
}

function translateAttributes(element) {
  if (element.matches('.fjs-datepicker input')) {
    setAttribute(element, 'placeholder', DATE_PLACEHOLDER);
  } else if (element.matches('.fjs-timepicker input')) {
    setAttribute(element, 'placeholder', TIME_PLACEHOLDER);
  }
  for (const [name, table] of Object.entries(ATTRIBUTES)) {
    const value = element.getAttribute(name);
    if (value && Object.prototype.hasOwnProperty.call(table, value)) {
      setAttribute(element, name, table[value]);
    }
  }
}

function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) {
    element.setAttribute(name, value);
  }
}

function translateTextNode(node) {
  const russian = translate(node.data);
  if (russian !== null && node.data !== russian) {
    node.data = russian;
  }
}

/** Переводит всё, что form-js успел нарисовать внутри root. */
export function translateTree(root) {
  if (!root) {
    return;
  }
  if (root.nodeType === 3) {
    if (root.parentElement && root.parentElement.closest('.fjs-container, .fjs-form')) {
      translateTextNode(root);
    }
    return;
  }
  if (root.nodeType !== 1) {
    return;
  }
  const inForm = root.closest('.fjs-container, .fjs-form');
  const scopes = inForm ? [root] : Array.from(root.querySelectorAll('.fjs-container, .fjs-form'));
  for (const scope of scopes) {
    if (scope.nodeType === 1) {
      translateAttributes(scope);
      scope.querySelectorAll('input, button, [title], [aria-label]').forEach(translateAttributes);
    }
    const walker = scope.ownerDocument.createTreeWalker(scope, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      translateTextNode(node);
    }
  }
}

/** Плагин flatpickr: календарям внутри формы — формат «дд.мм.гггг». */
export function russianDateFormatPlugin(instance) {
  const element = instance && instance.element;
  if (element && typeof element.closest === 'function' && element.closest('.fjs-container, .fjs-form, .fjs-datepicker')) {
    instance.config.dateFormat = DATE_FORMAT;
  }
  return {};
}

export function findFlatpickr(root) {
  const chunks = root.webpackChunkcamunda_bpm_webapp;
  if (!chunks || typeof chunks.push !== 'function') {
    return null;
  }
  let webpackRequire = null;
  try {
    chunks.push([['school-forms'], {}, (req) => { webpackRequire = req; }]);
    const flatpickr = webpackRequire && webpackRequire(FLATPICKR_MODULE_ID);
    const looksLikeFlatpickr = typeof flatpickr === 'function' && typeof flatpickr.localize === 'function'
      && typeof flatpickr.setDefaults === 'function' && flatpickr.l10ns && flatpickr.l10ns.default;
    return looksLikeFlatpickr ? flatpickr : null;
  } catch (e) {
    return null;
  }
}

function installCalendar(root) {
  const flatpickr = findFlatpickr(root);
  if (!flatpickr) {
    console.warn(LOG_PREFIX, 'календарь форм не найден в сборке Camunda: он останется английским');
    return;
  }
  flatpickr.localize(RUSSIAN_CALENDAR);
  const plugins = (flatpickr.defaultConfig && flatpickr.defaultConfig.plugins) || [];
  if (!plugins.includes(russianDateFormatPlugin)) {
    flatpickr.setDefaults({ plugins: [...plugins, russianDateFormatPlugin] });
  }
}

function installTranslation(root) {
  const document = root.document;
  const observer = new root.MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'characterData') {
        translateTree(mutation.target);
      } else if (mutation.type === 'attributes') {
        if (mutation.target.closest && mutation.target.closest('.fjs-container, .fjs-form')) {
          translateAttributes(mutation.target);
        }
      } else {
        mutation.addedNodes.forEach(translateTree);
      }
    }
  });
  const start = () => {
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['placeholder', 'title', 'aria-label']
    });
    translateTree(document.body);
  };
  if (document.body) {
    start();
  } else {
    document.addEventListener('DOMContentLoaded', start);
  }
}

if (typeof window !== 'undefined' && window.document) {
  installCalendar(window);
  installTranslation(window);
}
