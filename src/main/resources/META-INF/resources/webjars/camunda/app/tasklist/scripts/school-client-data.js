/*
 * «Личные данные» и «Компания» в карточке сделки (issue 16, поля seed 003).
 *
 *  - window.schoolClientData = { render(container, card) } — карточка сделки (school-deal-card)
 *    зовёт его, нарисовав блок «Клиент»; разделы рисуются в переданный элемент.
 *  - Личные данные: день рождения, пол, паспорт. Паспорт приходит с сервера только маской
 *    («•••• ••3552»); «показать» запрашивает его целиком (GET …/personal-data/passport), и сервер
 *    записывает просмотр в историю сделки. Кому паспорт не положен, сервер его не отдаёт вовсе.
 *  - Компания-плательщик («оплата_юр_лицо»): реквизиты; ИНН, ОГРН и счета проверяет сервер.
 *  - Изменять может тот, кому разрешает сервер (поле mayEdit): ответственный, РОП, администратор.
 *    Ошибки сервера показываются под полями, по-русски, как он их прислал.
 *
 * Запросы на изменение идут с входом Tasklist и его CSRF-токеном (заголовок X-XSRF-TOKEN).
 * Всё, что пришло с сервера, выводится как текст (textContent), не как разметка.
 */

const DEALS = '/api/deals/';
const ISO_DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД, например 1999-11-10';
const FORM_DATE_MESSAGE = 'Дата в формате ДД.ММ.ГГГГ, например 10.11.1999';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

function button(text, className, onClick) {
  const b = el('button', 'btn btn-default btn-xs ' + (className || ''), text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

function installStyle() {
  if (document.getElementById('school-client-data-style')) {
    return;
  }
  const style = el('style');
  style.id = 'school-client-data-style';
  style.textContent = `
.school-client-data .school-actions { margin: 6px 0; }
.school-client-data .school-actions button { margin-right: 6px; }
.school-client-data form { background: #f7f7f7; border: 1px solid #e5e5e5; padding: 8px 10px; margin: 6px 0; }
.school-client-data .school-field { margin-bottom: 6px; }
.school-client-data .school-field label { display: block; font-weight: normal; color: #555; margin: 0; }
.school-client-data .school-field input, .school-client-data .school-field select { width: 100%; max-width: 420px; }
.school-client-data .school-field-error { color: #a94442; font-size: 12px; }
.school-client-data .school-form-error { color: #a94442; margin: 4px 0; }
.school-client-data .school-passport-value { margin-right: 8px; }
.school-client-data .school-passport-masked { font-family: monospace; }
`;
  document.head.appendChild(style);
}

function csrfToken() {
  const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('XSRF-TOKEN='));
  return found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : null;
}

/** Ответ сервера: JSON при успехе, иначе Error с текстом и ошибками полей. */
async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) {
      headers['X-XSRF-TOKEN'] = token;
    }
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (response.ok) {
    return data;
  }
  const error = new Error(
    response.status === 401
      ? 'Сеанс входа закончился: обновите страницу и войдите снова.'
      : (data && data.detail) || 'Не получилось, попробуйте ещё раз.');
  error.fields = {};
  ((data && data.errors) || []).forEach((e) => {
    error.fields[e.field] = e.message;
  });
  throw error;
}

function row(list, title, value) {
  if (value === null || value === undefined || value === '') {
    return;
  }
  list.appendChild(el('dt', null, title));
  const dd = el('dd');
  if (value instanceof Node) {
    dd.appendChild(value);
  } else {
    dd.textContent = String(value);
  }
  list.appendChild(dd);
}

/** «10.11.1999» → «1999-11-10»; что не похоже на дату, уходит как есть — сервер ответит, что не так. */
function isoDate(text) {
  const value = (text || '').trim();
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (!match) {
    return value;
  }
  return match[3] + '-' + match[2].padStart(2, '0') + '-' + match[1].padStart(2, '0');
}

/** «1999-11-10» → «10.11.1999». */
function dayText(iso) {
  if (!iso) {
    return '';
  }
  const [y, m, d] = iso.split('-');
  return d + '.' + m + '.' + y;
}

/**
 * Форма из полей [{ name, label, value, type, options, placeholder }]; onSave(values) возвращает
 * промис, ошибки сервера ложатся под поля (по имени поля в ответе сервера, fieldOf(name)).
 */
function form(fields, onSave, onCancel, fieldOf) {
  const node = el('form', 'school-edit-form');
  node.noValidate = true;
  const inputs = {};
  const errors = {};
  fields.forEach((f) => {
    const box = el('div', 'school-field');
    const id = 'school-field-' + f.name + '-' + Math.random().toString(36).slice(2, 8);
    const label = el('label', null, f.label);
    label.htmlFor = id;
    box.appendChild(label);
    let input;
    if (f.options) {
      input = el('select', 'form-control input-sm');
      f.options.forEach(([value, text]) => {
        const option = el('option', null, text);
        option.value = value;
        input.appendChild(option);
      });
    } else {
      input = el('input', 'form-control input-sm');
      input.type = 'text';
      if (f.placeholder) {
        input.placeholder = f.placeholder;
      }
    }
    input.id = id;
    input.name = f.name;
    input.value = f.value || '';
    box.appendChild(input);
    const error = el('div', 'school-field-error');
    error.setAttribute('data-field', f.name);
    box.appendChild(error);
    inputs[f.name] = input;
    errors[f.name] = error;
    node.appendChild(box);
  });
  const common = el('div', 'school-form-error');
  node.appendChild(common);
  const actions = el('div', 'school-actions');
  const save = el('button', 'btn btn-primary btn-xs', 'Сохранить');
  save.type = 'submit';
  actions.appendChild(save);
  actions.appendChild(button('Отмена', null, onCancel));
  node.appendChild(actions);
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.values(errors).forEach((e) => {
      e.textContent = '';
    });
    common.textContent = '';
    const values = {};
    Object.entries(inputs).forEach(([name, input]) => {
      values[name] = input.value.trim() === '' ? null : input.value.trim();
    });
    save.disabled = true;
    onSave(values)
      .catch((e) => {
        let placed = false;
        Object.entries(e.fields || {}).forEach(([field, message]) => {
          const name = fieldOf ? fieldOf(field) : field;
          if (errors[name]) {
            // Сервер ждёт ГГГГ-ММ-ДД, а в форме дату пишут как ДД.ММ.ГГГГ: подсказываем формат формы.
            errors[name].textContent = message === ISO_DATE_MESSAGE ? FORM_DATE_MESSAGE : message;
            placed = true;
          }
        });
        if (!placed) {
          common.textContent = e.message;
        }
      })
      .finally(() => {
        save.disabled = false;
      });
  });
  return node;
}

const GENDERS = [['', 'не указан'], ['MALE', 'Муж.'], ['FEMALE', 'Жен.']];

function passportText(p) {
  return 'серия ' + p.series + ' № ' + p.number + ', выдан ' + p.issuedOnText + ', ' + p.issuedBy
    + ', код подразделения ' + p.divisionCode;
}

function drawPersonal(section, dealId, data, refresh) {
  section.textContent = '';
  section.appendChild(el('h4', null, 'Личные данные'));
  const list = el('dl', 'school-personal');
  row(list, 'День рождения', data.birthdayText || 'не указан');
  row(list, 'Пол', data.genderTitle || 'не указан');
  const passport = el('span', 'school-passport');
  let full = null;
  if (!data.passportOnFile) {
    passport.appendChild(el('span', 'school-passport-value', 'не внесён'));
  } else {
    // Only the masked number is set in monospace (its dots line up); words and the full passport are text.
    const value = el('span', 'school-passport-value school-passport-masked', data.passportMasked);
    passport.appendChild(value);
    if (data.mayViewPassport) {
      const toggle = button('показать', 'school-passport-show', () => {
        if (full) {
          full = null;
          value.textContent = data.passportMasked;
          value.classList.add('school-passport-masked');
          toggle.textContent = 'показать';
          return;
        }
        toggle.disabled = true;
        call('GET', DEALS + encodeURIComponent(dealId) + '/personal-data/passport')
          .then((p) => {
            full = p;
            value.textContent = passportText(p);
            value.classList.remove('school-passport-masked');
            toggle.textContent = 'скрыть';
          })
          .catch((e) => {
            value.textContent = e.message;
            value.classList.remove('school-passport-masked');
          })
          .finally(() => {
            toggle.disabled = false;
          });
      });
      passport.appendChild(toggle);
    } else {
      passport.appendChild(el('span', 'school-passport-note', ' — виден ответственному менеджеру, РОП и администратору'));
    }
  }
  row(list, 'Паспорт', passport);
  section.appendChild(list);
  if (!data.mayEdit) {
    return;
  }
  const actions = el('div', 'school-actions');
  const area = el('div');
  actions.appendChild(button('Изменить личные данные', 'school-edit-personal', () => {
    area.textContent = '';
    area.appendChild(form(
      [
        { name: 'birthday', label: 'День рождения', value: dayText(data.birthday), placeholder: 'ДД.ММ.ГГГГ' },
        { name: 'gender', label: 'Пол', value: data.gender || '', options: GENDERS }
      ],
      (values) => call('PUT', DEALS + encodeURIComponent(dealId) + '/personal-data', {
        birthday: values.birthday ? isoDate(values.birthday) : null,
        gender: values.gender
      }).then(refresh),
      () => {
        area.textContent = '';
      }));
  }));
  actions.appendChild(button(data.passportOnFile ? 'Изменить паспорт' : 'Внести паспорт', 'school-edit-passport', () => {
    const open = (p) => {
      area.textContent = '';
      area.appendChild(form(
        [
          { name: 'series', label: 'Серия', value: p && p.series, placeholder: '4 цифры' },
          { name: 'number', label: 'Номер', value: p && p.number, placeholder: '6 цифр' },
          { name: 'issuedOn', label: 'Дата выдачи', value: p && p.issuedOnText, placeholder: 'ДД.ММ.ГГГГ' },
          { name: 'issuedBy', label: 'Кем выдан', value: p && p.issuedBy },
          { name: 'divisionCode', label: 'Код подразделения', value: p && p.divisionCode, placeholder: '000-000' }
        ],
        (values) => call('PUT', DEALS + encodeURIComponent(dealId) + '/personal-data/passport', {
          series: values.series && values.series.replace(/\s+/g, ''),
          number: values.number && values.number.replace(/\s+/g, ''),
          issuedOn: values.issuedOn && isoDate(values.issuedOn),
          issuedBy: values.issuedBy,
          divisionCode: values.divisionCode
        }).then(refresh),
        () => {
          area.textContent = '';
        }));
    };
    if (!data.passportOnFile) {
      open(null);
      return;
    }
    // Чтобы исправить паспорт, его надо видеть: запрос целиком попадает в историю как просмотр.
    call('GET', DEALS + encodeURIComponent(dealId) + '/personal-data/passport').then(open).catch((e) => {
      area.textContent = e.message;
    });
  }));
  section.appendChild(actions);
  section.appendChild(area);
}

const COMPANY_FIELDS = [
  ['name', 'Наименование'],
  ['inn', 'ИНН'],
  ['kpp', 'КПП'],
  ['ogrn', 'ОГРН / ОГРНИП'],
  ['director', 'Директор'],
  ['legalAddress', 'Юридический адрес'],
  ['actualAddress', 'Фактический адрес'],
  ['postalAddress', 'Почтовый адрес'],
  ['bankName', 'Банк'],
  ['bik', 'БИК'],
  ['correspondentAccount', 'Корр. счёт'],
  ['settlementAccount', 'Расчётный счёт']
];

function drawCompany(section, dealId, data, refresh) {
  section.textContent = '';
  section.appendChild(el('h4', null, 'Компания'));
  const company = data.company;
  if (company) {
    const list = el('dl', 'school-company-requisites');
    COMPANY_FIELDS.forEach(([name, title]) => {
      // ОГРН у организации (13 цифр), ОГРНИП у ИП (15 цифр).
      const shown = name === 'ogrn' && company.ogrn ? (company.ogrn.length === 15 ? 'ОГРНИП' : 'ОГРН') : title;
      row(list, shown, company[name]);
    });
    const others = (company.dealIds || []).filter((id) => String(id) !== String(dealId));
    if (others.length) {
      row(list, 'Платит и по сделкам', others.map((id) => '№' + id).join(', '));
    }
    section.appendChild(list);
  } else {
    section.appendChild(el('p', 'school-company-none', 'Платит сам клиент: компания не указана.'));
  }
  if (!data.mayEdit) {
    return;
  }
  const actions = el('div', 'school-actions');
  const area = el('div');
  actions.appendChild(button(company ? 'Изменить реквизиты' : 'Указать компанию', 'school-edit-company', () => {
    area.textContent = '';
    area.appendChild(form(
      COMPANY_FIELDS.map(([name, label]) => ({ name, label, value: company ? company[name] : '' })),
      (values) => call('PUT', DEALS + encodeURIComponent(dealId) + '/company', values).then(refresh),
      () => {
        area.textContent = '';
      }));
  }));
  if (company) {
    actions.appendChild(button('Отвязать компанию', 'school-remove-company', () => {
      call('DELETE', DEALS + encodeURIComponent(dealId) + '/company').then(refresh).catch((e) => {
        area.textContent = e.message;
      });
    }));
  }
  section.appendChild(actions);
  section.appendChild(area);
}

/** Рисует «Личные данные» и «Компания» сделки card в container. */
function render(container, card) {
  installStyle();
  container.classList.add('school-client-data');
  container.textContent = '';
  const personal = el('div', 'school-personal-data');
  const company = el('div', 'school-company');
  container.appendChild(personal);
  container.appendChild(company);
  const dealId = card.dealId;
  // После сохранения — вся карточка заново: в истории появилась запись об изменении.
  const refresh = () => {
    const cardRoot = container.closest('.school-deal-card');
    const host = cardRoot && cardRoot.parentNode;
    if (host && window.schoolDealCard) {
      return window.schoolDealCard.render(host, dealId);
    }
    return load();
  };
  const load = () => Promise.all([
    call('GET', DEALS + encodeURIComponent(dealId) + '/personal-data')
      .then((data) => drawPersonal(personal, dealId, data, refresh))
      .catch((e) => {
        personal.textContent = '';
        personal.appendChild(el('div', 'alert alert-warning', 'Личные данные не загрузились: ' + e.message));
      }),
    call('GET', DEALS + encodeURIComponent(dealId) + '/company')
      .then((data) => drawCompany(company, dealId, data, refresh))
      .catch((e) => {
        company.textContent = '';
        company.appendChild(el('div', 'alert alert-warning', 'Компания не загрузилась: ' + e.message));
      })
  ]);
  return load();
}

window.schoolClientData = { render };

export default [];
