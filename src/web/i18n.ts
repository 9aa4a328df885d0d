// English and Russian: the words of the interface, and numbers, money and dates formatted per
// language with Intl. The choice is kept in localStorage, so it follows the user from page to page.

export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];
const STORAGE_KEY = 'devfin.lang';

const EN = {
  appName: 'devfin',
  tagline: 'Development finance in Central Asia and the CAREC region',
  skip: 'Skip to content',
  language: 'Language',
  navRegion: 'Region',
  navSearch: 'Search',
  navApi: 'API',
  loading: 'Loading…',
  error: 'Could not load the data',
  notFound: 'Not found',
  regionTitle: 'CAREC region',
  regionIntro: 'The 11 CAREC countries, coloured by the commitments of their active projects. Select a country for its portfolio.',
  mapLegend: 'Active commitments ({currency})',
  mapTitle: 'Map of CAREC countries by active commitments',
  noData: 'no data',
  byCountry: 'By country',
  byFinancier: 'By financier',
  bySector: 'By sector',
  byYear: 'Commitments by year of approval',
  byStatus: 'By status',
  country: 'Country',
  financier: 'Financier',
  programme: 'Programme',
  members: 'Member countries',
  sector: 'Sector',
  status: 'Status',
  year: 'Year',
  projects: 'Projects',
  active: 'Active',
  activeOn: 'Active on {day}',
  statusByDates: '{status} on {day} by its dates (the source says {source}, as of {when})',
  notReported: 'Not reported by any of these projects',
  reportedBy: 'reported for {n} of {total}',
  statusDiffers:
    '{n} projects are counted by their dates, not by the status their source publishes (closed once the closing date has passed): list them',
  commitments: 'Commitments',
  disbursements: 'Disbursements',
  activeCommitments: 'Active commitments',
  headline: 'Headline figures',
  behind: 'Projects behind this number',
  download: 'Download',
  showTable: 'Show as a table',
  activeProjects: 'Active projects',
  allProjects: 'All projects',
  locations: 'Project locations',
  locationsNote: 'Points of the active projects whose sources give coordinates.',
  noLocations: 'No active project here gives coordinates.',
  locatedOf: '{located} of {projects} active projects give coordinates.',
  place: 'Place',
  project: 'Project',
  title: 'Title',
  approval: 'Approved',
  closing: 'Closing',
  instrument: 'Instrument',
  filters: 'Filters',
  text: 'Words in title or objective',
  anyStatus: 'any status',
  fromYear: 'Approved from (year)',
  toYear: 'Approved to (year)',
  apply: 'Apply',
  clear: 'Clear filters',
  remove: 'Remove filter',
  sortBy: 'Sort by',
  showMore: 'Show more',
  showing: 'Showing {shown} of {total}',
  capped: 'The table holds the first {n} projects; narrow the filters or download the CSV for all.',
  searchTitle: 'Search projects',
  searchLabel: 'Search titles and objectives',
  search: 'Search',
  results: 'Results',
  facets: 'Narrow down',
  everyField: 'Every field',
  field: 'Field',
  value: 'Value',
  fromRecord: 'From record',
  sources: 'Sources side by side',
  provenance: 'Provenance',
  source: 'Source',
  file: 'File or URL',
  line: 'Line',
  importedAt: 'Imported',
  financing: 'Financing lines',
  amount: 'Amount',
  currency: 'Currency',
  role: 'Role',
  transactions: 'Transactions over time',
  type: 'Type',
  date: 'Date',
  documents: 'Documents',
  related: 'Related projects',
  none: 'None given by the sources.',
  notes: 'Notes on the figures',
  emptyTitle: 'No data yet',
  emptyIntro: 'The store is empty. Load data, then reload this page:',
  emptySteps: 'What the server suggests',
  emptySync: 'Or fetch the World Bank projects of the CAREC countries from the live API:',
  snapshotNote: 'World Bank projects of the CAREC countries: snapshot of {day}; run {command} to refresh.',
  shared: 'Projects that several financiers share count once in each financier’s row, once in the total.',
  otherGroups: 'and {n} more',
  unknownGroup: 'not given',
  noSectorGroup: 'no sector in this vocabulary',
  sectorVocabulary: 'Sectors as {name}; {n} projects have none in this vocabulary. Show as:',
  vocabulary_dac5: 'DAC 5-digit sectors',
  vocabulary_dac3: 'DAC 3-digit categories',
  vocabulary_worldbank: 'World Bank sectors',
} as const;

export type Key = keyof typeof EN;

const RU: Record<Key, string> = {
  appName: 'devfin',
  tagline: 'Финансирование развития в Центральной Азии и регионе ЦАРЭС',
  skip: 'К содержанию',
  language: 'Язык',
  navRegion: 'Регион',
  navSearch: 'Поиск',
  navApi: 'API',
  loading: 'Загрузка…',
  error: 'Не удалось загрузить данные',
  notFound: 'Не найдено',
  regionTitle: 'Регион ЦАРЭС',
  regionIntro: '11 стран ЦАРЭС, цвет — обязательства по действующим проектам. Выберите страну, чтобы увидеть её портфель.',
  mapLegend: 'Обязательства по действующим проектам ({currency})',
  mapTitle: 'Карта стран ЦАРЭС по обязательствам действующих проектов',
  noData: 'нет данных',
  byCountry: 'По странам',
  byFinancier: 'По финансирующим организациям',
  bySector: 'По секторам',
  byYear: 'Обязательства по году одобрения',
  byStatus: 'По статусу',
  country: 'Страна',
  financier: 'Финансирующая организация',
  programme: 'Программа',
  members: 'Страны-участницы',
  sector: 'Сектор',
  status: 'Статус',
  year: 'Год',
  projects: 'Проекты',
  active: 'Действующие',
  activeOn: 'Действующие на {day}',
  statusByDates: '{status} на {day} по датам (в источнике: {source}, по состоянию на {when})',
  notReported: 'Ни один из этих проектов не сообщает эту величину',
  reportedBy: 'сведения по {n} из {total}',
  statusDiffers:
    'Статус {n} проектов определён по датам, а не по статусу в источнике (проект завершён, когда прошла дата закрытия): список',
  commitments: 'Обязательства',
  disbursements: 'Выплаты',
  activeCommitments: 'Обязательства действующих проектов',
  headline: 'Основные показатели',
  behind: 'Проекты, из которых складывается это число',
  download: 'Скачать',
  showTable: 'Показать таблицей',
  activeProjects: 'Действующие проекты',
  allProjects: 'Все проекты',
  locations: 'Места реализации проектов',
  locationsNote: 'Точки действующих проектов, для которых источники приводят координаты.',
  noLocations: 'Ни один действующий проект здесь не приводит координат.',
  locatedOf: 'Координаты есть у {located} из {projects} действующих проектов.',
  place: 'Место',
  project: 'Проект',
  title: 'Название',
  approval: 'Одобрен',
  closing: 'Завершение',
  instrument: 'Инструмент',
  filters: 'Фильтры',
  text: 'Слова в названии или цели',
  anyStatus: 'любой статус',
  fromYear: 'Одобрен с (год)',
  toYear: 'Одобрен по (год)',
  apply: 'Применить',
  clear: 'Сбросить фильтры',
  remove: 'Убрать фильтр',
  sortBy: 'Сортировать по',
  showMore: 'Показать ещё',
  showing: 'Показано {shown} из {total}',
  capped: 'В таблице первые {n} проектов; сузьте фильтры или скачайте CSV со всеми.',
  searchTitle: 'Поиск проектов',
  searchLabel: 'Поиск по названиям и целям',
  search: 'Найти',
  results: 'Результаты',
  facets: 'Уточнить',
  everyField: 'Все поля',
  field: 'Поле',
  value: 'Значение',
  fromRecord: 'Из записи',
  sources: 'Источники рядом',
  provenance: 'Происхождение',
  source: 'Источник',
  file: 'Файл или URL',
  line: 'Строка',
  importedAt: 'Импортировано',
  financing: 'Линии финансирования',
  amount: 'Сумма',
  currency: 'Валюта',
  role: 'Роль',
  transactions: 'Транзакции во времени',
  type: 'Тип',
  date: 'Дата',
  documents: 'Документы',
  related: 'Связанные проекты',
  none: 'Источники этого не приводят.',
  notes: 'Примечания к цифрам',
  emptyTitle: 'Данных пока нет',
  emptyIntro: 'Хранилище пусто. Загрузите данные и обновите страницу:',
  emptySteps: 'Что предлагает сервер',
  emptySync: 'Или загрузите проекты Всемирного банка по странам ЦАРЭС из его API:',
  snapshotNote: 'Проекты Всемирного банка в странах ЦАРЭС: снимок данных на {day}; чтобы обновить, выполните {command}.',
  shared: 'Проекты нескольких финансирующих организаций входят в строку каждой из них, а в итог — один раз.',
  otherGroups: 'и ещё {n}',
  unknownGroup: 'не указано',
  noSectorGroup: 'нет сектора в этой классификации',
  sectorVocabulary: 'Секторы по классификации «{name}»; у {n} проектов в ней нет сектора. Показать по:',
  vocabulary_dac5: 'секторы DAC (5 знаков)',
  vocabulary_dac3: 'категории DAC (3 знака)',
  vocabulary_worldbank: 'секторы Всемирного банка',
};

const STATUS: Record<Lang, Record<string, string>> = {
  en: { pipeline: 'Pipeline', active: 'Active', closed: 'Closed', dropped: 'Dropped', suspended: 'Suspended' },
  ru: { pipeline: 'В подготовке', active: 'Действующий', closed: 'Завершён', dropped: 'Отменён', suspended: 'Приостановлен' },
};

let current: Lang = readLang();

function readLang(): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'ru') return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** The text for `key`, with {name} placeholders filled in. */
export function t(key: Key, values: Record<string, string | number> = {}): string {
  const template = current === 'ru' ? RU[key] : EN[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function statusLabel(status: string | null): string {
  return status ? (STATUS[current][status] ?? status) : '—';
}

/** A country's name in the current language, from its ISO code (Intl knows every one). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([current], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
