/*
 * Даты в Tasklist — в часовом поясе школы, а не браузера.
 *
 * Подключается через customScripts в scripts/config.js. Tasklist 7.24 импортирует
 * custom scripts как ES-модули (import()) и ждёт их, прежде чем запустить
 * AngularJS; к этому моменту модуль 'cam.tasklist' уже создан, а window.angular
 * выставлен. Поэтому здесь можно добавить config-блок с декораторами.
 *
 * В Tasklist дата встречается в трёх видах, и с каждым обходимся по-своему:
 *
 *  1. Момент времени — строка REST API со смещением ("2031-03-14T12:00:00.000+0300")
 *     или число миллисекунд (история изменений срока). Фильтры camDate и date
 *     показывают его в поясе школы.
 *
 *  2. «Настенное» время без смещения ("2031-03-14T12:00:00"). Так Tasklist
 *     хранит даты, которые можно редактировать: карточка задачи (срок, напоминание)
 *     пропускает task.due/task.followUp через сервис unfixDate, а перед сохранением
 *     возвращает через fixDate; так же устроены даты в окне фильтра и в формах.
 *     Исходные unfixDate/fixDate переводят в пояс БРАУЗЕРА — из-за этого карточка
 *     задачи показывала срок 09:00 вместо 12:00. Здесь они работают в поясе школы:
 *     настенное время в Tasklist — всегда время школы (движок, JVM которого
 *     тоже в поясе школы, понимает строки без смещения так же). Фильтры показывают
 *     такую строку как есть, а am-time-ago («через 2 часа») и подсветка просрочки
 *     считают от неё момент по поясу школы.
 *
 *  3. Объект Date — это выбор в календаре (uib-datepicker/uib-timepicker поля
 *     cam-widget-inline-field): его часы и минуты в поясе браузера и есть то,
 *     что выбрал пользователь. Такие значения фильтры не сдвигают, иначе
 *     выбранные 12:00 сохранились бы как 15:00 и поехали бы числа в календаре.
 *
 * Итого при правке срока: 12:00 по Москве → unfixDate → "…T12:00:00" → в календаре
 * 12:00 → пользователь выбирает 13:30 → "…T13:30:00" → fixDate → "…T13:30:00.000+0300".
 *
 * Подвал показывает пояс школы словами («Москва (UTC+3)») вместо пояса браузера.
 *
 * Пояс берётся из ../school/zone.js, который отдаёт TasklistZoneScriptController
 * по свойству school.time-zone. Если он недоступен или пояс неизвестен браузеру,
 * ничего не меняется: Tasklist работает как обычно, в поясе браузера.
 *
 * Этот же файл подключают Cockpit, Admin и стартовая страница (customScripts
 * '../tasklist/scripts/school-time-zone' в их config.js): модуль приложения берётся
 * из <base app-name="…">. Фильтры camDate и date и подвал есть во всех четырёх
 * приложениях; unfixDate/fixDate, amMoment и директивы списка задач — только в
 * Tasklist, в остальных их молча пропускаем.
 */

const LOG_PREFIX = '[school-time-zone]';

// moment внутри бандла Camunda: общий webpack-модуль из lib/deps.js.
const CAMUNDA_MOMENT_MODULE_ID = 98024;

async function loadSchoolZone() {
  try {
    const module = await import('../school/zone.js');
    if (typeof module.timeZone !== 'string' || !module.timeZone) {
      return null;
    }
    // «Москва (UTC+3)» для подвала; если сервер названия не дал — идентификатор IANA.
    const title = typeof module.timeZoneTitle === 'string' && module.timeZoneTitle ? module.timeZoneTitle : module.timeZone;
    return { id: module.timeZone, title };
  } catch (e) {
    console.warn(LOG_PREFIX, 'часовой пояс школы не загружен, даты показываются в поясе браузера', e);
    return null;
  }
}

/** Функция «момент (мс) → смещение пояса в минутах» или null, если пояс неизвестен. */
export function createOffsetResolver(timeZone) {
  let dtf;
  try {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
  } catch (e) {
    console.warn(LOG_PREFIX, 'браузер не знает часовой пояс', timeZone, e);
    return null;
  }
  return function offsetMinutes(ms) {
    const parts = {};
    for (const part of dtf.formatToParts(new Date(ms))) {
      parts[part.type] = part.value;
    }
    const year = Number(parts.year) * (parts.era === 'BC' ? -1 : 1);
    const wallClock = Date.UTC(year, Number(parts.month) - 1, Number(parts.day),
      Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
    return Math.round((wallClock - Math.floor(ms / 1000) * 1000) / 60000);
  };
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

// Настенное время без смещения, как его пишут unfixDate и календарь Tasklist.
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/**
 * Момент времени (мс) для строки со смещением или числа; null для всего
 * остального — настенного времени без смещения и объектов Date (см. п. 2 и 3 вверху).
 */
export function toInstant(value, moment) {
  if (typeof value === 'number') {
    return isFinite(value) ? value : null;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+$/.test(text)) {
      return Number(text);
    }
    if (ISO_WITH_OFFSET.test(text)) {
      const ms = moment
        ? moment(text, moment.ISO_8601).valueOf()
        : Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      return isFinite(ms) ? ms : null;
    }
  }
  return null;
}

/** '+0300' / '-0430' — формат смещения для фильтра date в AngularJS и для REST API Camunda. */
export function offsetToAngular(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const pad = (n) => String(n).padStart(2, '0');
  return sign + pad(Math.floor(abs / 60)) + pad(abs % 60);
}

/**
 * Перевод между моментом времени и настенным временем школы.
 * Работает без moment: нужен только offsetMinutes из createOffsetResolver.
 */
export function createSchoolClock(offsetMinutes) {
  const pad = (n, width = 2) => String(n).padStart(width, '0');

  // Поля момента по часам школы: сдвигаем на смещение и читаем как UTC.
  function fields(ms) {
    const shifted = new Date(ms + offsetMinutes(ms) * 60000);
    return pad(shifted.getUTCFullYear(), 4) + '-' + pad(shifted.getUTCMonth() + 1) + '-'
      + pad(shifted.getUTCDate()) + 'T' + pad(shifted.getUTCHours()) + ':'
      + pad(shifted.getUTCMinutes()) + ':' + pad(shifted.getUTCSeconds());
  }

  return {
    /** Момент → "2031-03-14T12:00:00" по часам школы (как unfixDate). */
    wallClockOf(ms) {
      return fields(ms);
    },

    /** Момент → "2031-03-14T12:00:00.000+0300" (как fixDate; такой формат ждёт REST API). */
    withOffsetOf(ms) {
      return fields(ms) + '.' + pad(((ms % 1000) + 1000) % 1000, 3) + offsetToAngular(offsetMinutes(ms));
    },

    /** "2031-03-14T12:00:00" по часам школы → момент (мс); null, если это не такая строка. */
    instantOfWallClock(text) {
      const m = typeof text === 'string' ? WALL_CLOCK.exec(text.trim()) : null;
      if (!m) {
        return null;
      }
      const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]),
        Number(m[6] || 0), Number((m[7] || '0').padEnd(3, '0')));
      // Смещение зависит от самого момента (летнее время), поэтому уточняем дважды.
      const guess = asUtc - offsetMinutes(asUtc) * 60000;
      const ms = asUtc - offsetMinutes(guess) * 60000;
      return isFinite(ms) ? ms : null;
    }
  };
}

/** Тот же moment, что использует Tasklist (локаль ru из ru.json уже в нём). */
export function findCamundaMoment(root) {
  const chunks = root.webpackChunkcamunda_bpm_webapp;
  if (!chunks || typeof chunks.push !== 'function') {
    return null;
  }
  let webpackRequire = null;
  try {
    // Пустой «чанк» с runtime-функцией: webpack вызывает её со своим require.
    chunks.push([['school-time-zone'], {}, (req) => { webpackRequire = req; }]);
    const moment = webpackRequire && webpackRequire(CAMUNDA_MOMENT_MODULE_ID);
    const looksLikeMoment = typeof moment === 'function' && moment.fn
      && typeof moment.fn.format === 'function' && typeof moment.fn.utcOffset === 'function'
      && moment.ISO_8601 !== undefined;
    return looksLikeMoment ? moment : null;
  } catch (e) {
    return null;
  }
}

/**
 * Фильтр camDate в поясе школы. Если moment не найден — запасной путь: передаём
 * исходному фильтру Date, у которого в поясе браузера те же часы и минуты,
 * что у момента в поясе школы. Настенное время и Date идут в исходный фильтр как есть.
 */
export function createZonedCamDate(original, camDateFormat, offsetMinutes, moment) {
  function zonedCamDate(value, kind) {
    try {
      const instant = value ? toInstant(value, moment) : null;
      if (instant !== null) {
        const offset = offsetMinutes(instant);
        if (moment) {
          return moment(instant).utcOffset(offset).format(camDateFormat(kind));
        }
        const shifted = new Date(instant + offset * 60000);
        return original(new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(),
          shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds(),
          shifted.getUTCMilliseconds()), kind);
      }
    } catch (e) {
      console.warn(LOG_PREFIX, e);
    }
    return original(value, kind);
  }
  return Object.assign(zonedCamDate, original);
}

/**
 * Фильтр date (время событий в истории) в поясе школы. Объекты Date не трогаем:
 * этим же фильтром cam-widget-inline-field превращает выбор в календаре в строку
 * "yyyy-MM-dd'T'HH:mm:ss", а uib-datepicker подписывает числа месяца.
 */
export function createZonedDate(original, offsetMinutes, moment) {
  function zonedDate(value, format, timezone) {
    if (timezone === undefined || timezone === null || timezone === '') {
      try {
        const instant = toInstant(value, moment);
        if (instant !== null) {
          return original(value, format, offsetToAngular(offsetMinutes(instant)));
        }
      } catch (e) {
        console.warn(LOG_PREFIX, e);
      }
    }
    return original(value, format, timezone);
  }
  return Object.assign(zonedDate, original);
}

/**
 * unfixDate: момент из REST API → настенное время школы для календаря и карточки.
 * Остальное (уже настенное время, Date, пусто) — как в исходном сервисе.
 */
export function createZonedUnfixDate(original, clock, moment) {
  return function unfixDate(value) {
    try {
      const instant = value ? toInstant(value, moment) : null;
      if (instant !== null) {
        return clock.wallClockOf(instant);
      }
    } catch (e) {
      console.warn(LOG_PREFIX, e);
    }
    return original(value);
  };
}

/**
 * fixDate: настенное время школы → строка со смещением школы для REST API.
 * Строки со смещением и прочее — как в исходном сервисе (момент от этого не меняется).
 */
export function createZonedFixDate(original, clock) {
  return function fixDate(value) {
    try {
      const instant = value ? clock.instantOfWallClock(value) : null;
      if (instant !== null) {
        return clock.withOffsetOf(instant);
      }
    } catch (e) {
      console.warn(LOG_PREFIX, e);
    }
    return original(value);
  };
}

/**
 * Директива, которой после её собственного link/controller нужно выставить
 * scope.now. Tasklist подсвечивает просрочку сравнением строк task.due < now,
 * где now = new Date().toJSON() — время UTC. А task.due — время школы: в карточке
 * после unfixDate, в списке — строка REST API в поясе JVM, то есть тоже школы.
 * Поэтому now должно быть настенным временем школы.
 */
function setNowAfterLink(directive, now) {
  const compile = directive.compile;
  directive.compile = function () {
    const linked = typeof compile === 'function' ? compile.apply(this, arguments) : null;
    const pre = linked && typeof linked === 'object' ? linked.pre : undefined;
    const post = typeof linked === 'function' ? linked : linked && linked.post;
    return {
      pre,
      post(scope) {
        if (typeof post === 'function') {
          post.apply(this, arguments);
        }
        scope.now = now();
      }
    };
  };
}

/** 'cam.tasklist', 'cam.cockpit', 'cam.admin' или 'cam.welcome' — по <base app-name>. */
export function appModuleName(root) {
  const base = root.document && root.document.querySelector('base[app-name]');
  const app = base && base.getAttribute('app-name');
  return 'cam.' + (app && /^[a-z]+$/.test(app) ? app : 'tasklist');
}

function install(root, timeZone, timeZoneTitle) {
  const angular = root.angular;
  const moduleName = appModuleName(root);
  const isTasklist = moduleName === 'cam.tasklist';
  const offsetMinutes = createOffsetResolver(timeZone);
  if (!angular || !offsetMinutes) {
    return;
  }
  const clock = createSchoolClock(offsetMinutes);
  const moment = findCamundaMoment(root);
  if (!moment) {
    console.warn(LOG_PREFIX, 'moment из бандла Camunda не найден, используется запасной способ');
  }

  angular.module(moduleName).config(['$provide', '$injector', ($provide, $injector) => {
    const decorate = (name, decorator, onlyInTasklist) => {
      if (onlyInTasklist && !isTasklist) {
        return;
      }
      try {
        if ($injector.has(name)) {
          $provide.decorator(name, decorator);
        } else {
          console.warn(LOG_PREFIX, 'в', moduleName, 'нет', name, '— эта часть дат останется в поясе браузера');
        }
      } catch (e) {
        console.warn(LOG_PREFIX, 'не удалось подключить часовой пояс школы для', name, e);
      }
    };

    decorate('camDateFilter', ['$delegate', 'camDateFormat', (original, camDateFormat) =>
      createZonedCamDate(original, camDateFormat, offsetMinutes, moment)]);

    decorate('dateFilter', ['$delegate', (original) =>
      createZonedDate(original, offsetMinutes, moment)]);

    decorate('unfixDate', ['$delegate', (original) => createZonedUnfixDate(original, clock, moment)], true);

    decorate('fixDate', ['$delegate', (original) => createZonedFixDate(original, clock)], true);

    // am-time-ago («через 3 часа») в карточке получает настенное время школы
    // после unfixDate; без этого moment прочёл бы его в поясе браузера.
    decorate('amMoment', ['$delegate', 'moment', (amMoment, amMomentMoment) => {
      const preprocessDate = amMoment.preprocessDate;
      amMoment.preprocessDate = function (value) {
        const instant = clock.instantOfWallClock(value);
        return instant !== null ? amMomentMoment(instant) : preprocessDate.apply(this, arguments);
      };
      return amMoment;
    }], true);

    const schoolNow = () => clock.wallClockOf(Date.now());
    // Карточка задачи и список задач.
    for (const name of ['camTasklistTaskMetaDirective', 'camTasksDirective']) {
      decorate(name, ['$delegate', (directives) => {
        directives.forEach((directive) => setNowAfterLink(directive, schoolNow));
        return directives;
      }], true);
    }

    decorate('camWidgetFooterDirective', ['$delegate', (directives) => {
      directives.forEach((directive) => {
        const link = directive.link;
        directive.compile = () => function (scope) {
          if (typeof link === 'function') {
            link.apply(this, arguments);
          }
          scope.timezoneName = timeZoneTitle || timeZone;
        };
      });
      return directives;
    }]);
  }]);
}

/**
 * Cockpit, Admin и стартовая страница пишут дату и время в списках (например, «Время запуска»
 * экземпляра) как ISO: «2026-12-04T20:44:51» — этот формат зашит в их бандлы, config.js его не
 * меняет. Здесь он становится привычным «04.12.2026 20:44:51». Остальные варианты формата
 * (с названиями месяцев) берутся из русской локали moment и не трогаются. У Tasklist свои
 * форматы в его config.js (dateFormat).
 */
export const NORMAL_DATE_FORMAT = 'DD.MM.YYYY HH:mm:ss';

function installDateFormat(root) {
  const angular = root.angular;
  const moduleName = appModuleName(root);
  if (!angular || moduleName === 'cam.tasklist') {
    return;
  }
  angular.module(moduleName).config(['$injector', ($injector) => {
    if ($injector.has('camDateFormatProvider')) {
      $injector.get('camDateFormatProvider').setDateFormat(NORMAL_DATE_FORMAT, 'normal');
    }
  }]);
}

if (typeof window !== 'undefined' && window.angular) {
  try {
    installDateFormat(window);
  } catch (e) {
    console.warn(LOG_PREFIX, 'формат дат не изменён', e);
  }
  const zone = await loadSchoolZone();
  if (zone) {
    install(window, zone.id, zone.title);
  }
}
