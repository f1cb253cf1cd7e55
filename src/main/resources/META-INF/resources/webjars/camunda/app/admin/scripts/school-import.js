/*
 * Раздел «Переезд из amoCRM» на главной странице Camunda Admin: ссылка на страницу /import, где
 * администратор загружает выгрузку amoCRM, смотрит пробный прогон и запускает импорт.
 * Страница и её API сами проверяют, что вошёл администратор.
 */
const importSection = {
  id: 'school-amocrm-import',
  pluginPoint: 'admin.dashboard.section',
  priority: -10,
  label: 'Переезд из amoCRM',
  render(node) {
    const text = document.createElement('p');
    text.textContent = 'Контакты, компании и сделки из выгрузки amoCRM: пробный прогон, импорт с полосой прогресса и отчёт по строкам.';
    const link = document.createElement('a');
    link.href = '/import';
    link.target = '_self';
    link.className = 'school-import-link';
    link.textContent = 'Открыть импорт';
    node.appendChild(text);
    node.appendChild(link);
  }
};

export default [importSection];
