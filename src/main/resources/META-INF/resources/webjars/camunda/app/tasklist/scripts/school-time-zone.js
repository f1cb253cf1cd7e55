/*
 * Даты в Tasklist — в часовом поясе школы, а не браузера.
 *
 * Подключается через customScripts в scripts/config.js. Tasklist 7.24 импортирует
 * custom scripts как ES-модули (import()) и ждёт их, прежде чем запустить
 * AngularJS; к этому моменту модуль 'cam.tasklist' уже создан, а window.angular
 * выставлен. Поэтому здесь можно добавить config-блок с декораторами:
 *
 *  - фильтр camDate (все даты задач: создана, срок, напоминание, история,
 *    переменные типа Date) форматирует момент времени со смещением пояса школы;
 *  - стандартный фильтр date (время событий в истории) получает то же смещение;
 *  - подвал показывает пояс школы вместо пояса браузера.
 *
 * Пояс берётся из ../school/zone.js, который отдаёт TasklistZoneScriptController
 * по свойству school.time-zone. Если он недоступен или пояс неизвестен браузеру,
 * ничего не меняется: Tasklist работает как обычно, в поясе браузера.
 *
 * Ввод дат (выбор срока, формы) не трогаем: строки без смещения остаются как есть.
 */

const LOG_PREFIX = '[school-time-zone]';

// moment внутри бандла Camunda: общий webpack-модуль из lib/deps.js.
const CAMUNDA_MOMENT_MODULE_ID = 98024;

async function loadSchoolZone() {
  try {
    const module = await import('../school/zone.js');
    return typeof module.timeZone === 'string' && module.timeZone ? module.timeZone : null;
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

/**
 * Момент времени (мс) для значения, которое Tasklist передаёт в фильтр даты,
 * или null, если это «настенное» время без смещения (его показываем как есть).
 */
export function toInstant(value, moment) {
  if (value instanceof Date) {
    return isNaN(value.getTime()) ? null : value.getTime();
  }
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

/** '+0300' / '-0430' — формат смещения для стандартного фильтра date в AngularJS. */
export function offsetToAngular(minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const pad = (n) => String(n).padStart(2, '0');
  return sign + pad(Math.floor(abs / 60)) + pad(abs % 60);
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
 * что у момента в поясе школы.
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

function install(root, timeZone) {
  const angular = root.angular;
  const offsetMinutes = createOffsetResolver(timeZone);
  if (!angular || !offsetMinutes) {
    return;
  }
  const moment = findCamundaMoment(root);
  if (!moment) {
    console.warn(LOG_PREFIX, 'moment из бандла Camunda не найден, используется запасной способ');
  }

  angular.module('cam.tasklist').config(['$provide', '$injector', ($provide, $injector) => {
    try {
      if ($injector.has('camDateFilter')) {
        $provide.decorator('camDateFilter', ['$delegate', 'camDateFormat', (original, camDateFormat) =>
          createZonedCamDate(original, camDateFormat, offsetMinutes, moment)]);
      }
      if ($injector.has('dateFilter')) {
        $provide.decorator('dateFilter', ['$delegate', (original) =>
          createZonedDate(original, offsetMinutes, moment)]);
      }
      if ($injector.has('camWidgetFooterDirective')) {
        $provide.decorator('camWidgetFooterDirective', ['$delegate', (directives) => {
          directives.forEach((directive) => {
            const link = directive.link;
            directive.compile = () => function (scope) {
              if (typeof link === 'function') {
                link.apply(this, arguments);
              }
              scope.timezoneName = timeZone;
            };
          });
          return directives;
        }]);
      }
    } catch (e) {
      console.warn(LOG_PREFIX, 'не удалось подключить часовой пояс школы', e);
    }
  }]);
}

if (typeof window !== 'undefined' && window.angular) {
  const timeZone = await loadSchoolZone();
  if (timeZone) {
    install(window, timeZone);
  }
}
