// The taxonomy covers the whole field, not only peacebuilding: every OECD-DAC purpose code (IATI Sector and
// SectorCategory codelists) belongs to a theme, through its 3-digit category unless a narrower theme takes it
// (15180 ending violence against women and girls -> gender-based-violence). hub/interop/iati_mapping.json maps
// the codes the same way. Every theme has its name in English and Russian (names, nameLanguages). Themes of V0003
// keep their place in the hierarchy; their DAC codes are completed only where no one has edited them since.
UNWIND [
  {key: 'peacebuilding', name: 'Peacebuilding and conflict prevention', ru: 'Миростроительство и предотвращение конфликтов', broader: null, dac: ['152', '15220', '15230']},
  {key: 'mediation', name: 'Mediation', ru: 'Медиация', broader: 'peacebuilding', dac: []},
  {key: 'community-mediation', name: 'Community mediation', ru: 'Медиация на уровне местных сообществ', broader: 'mediation', dac: []},
  {key: 'dialogue', name: 'Dialogue platforms', ru: 'Платформы диалога', broader: 'peacebuilding', dac: []},
  {key: 'interethnic-dialogue', name: 'Inter-ethnic dialogue', ru: 'Межэтнический диалог', broader: 'dialogue', dac: []},
  {key: 'interfaith-dialogue', name: 'Interfaith dialogue', ru: 'Межконфессиональный диалог', broader: 'dialogue', dac: []},
  {key: 'early-warning', name: 'Early warning and early response', ru: 'Раннее предупреждение и раннее реагирование', broader: 'peacebuilding', dac: []},
  {key: 'community-security', name: 'Community security', ru: 'Безопасность на уровне местных сообществ', broader: 'peacebuilding', dac: []},
  {key: 'pcve', name: 'Prevention of violent extremism (P/CVE)', ru: 'Предупреждение насильственного экстремизма', broader: 'peacebuilding', dac: []},
  {key: 'reintegration', name: 'Reintegration of returnees and former combatants', ru: 'Реинтеграция вернувшихся лиц и бывших комбатантов', broader: 'peacebuilding', dac: ['15240', '15261']},
  {key: 'cross-border-cooperation', name: 'Cross-border cooperation', ru: 'Трансграничное сотрудничество', broader: 'peacebuilding', dac: []},
  {key: 'natural-resources', name: 'Water, land and natural-resource conflicts', ru: 'Конфликты из-за воды, земли и природных ресурсов', broader: 'peacebuilding', dac: ['31110', '31140']},
  {key: 'security-sector', name: 'Security system management and reform', ru: 'Управление системой безопасности и её реформирование', broader: null, dac: ['15210', '15250']},
  {key: 'policing', name: 'Community policing', ru: 'Общественно-ориентированная деятельность полиции', broader: 'security-sector', dac: []},
  {key: 'governance', name: 'Governance and civil society', ru: 'Государственное управление и гражданское общество', broader: null, dac: ['151', '920', '15110', '15111', '15114', '15116', '15117', '15118', '15119', '15120', '15121', '15122', '15123', '15124', '15125', '15126', '15127', '15129', '15133', '15140', '15142', '15143', '15144', '15150', '15152', '15154', '15155', '15156', '15196', '92010', '92020', '92030']},
  {key: 'rule-of-law', name: 'Rule of law and access to justice', ru: 'Верховенство права и доступ к правосудию', broader: 'governance', dac: ['15130', '15131', '15132', '15134', '15137']},
  {key: 'human-rights', name: 'Human rights', ru: 'Права человека', broader: 'governance', dac: ['15135', '15160', '15162']},
  {key: 'media', name: 'Media and free flow of information', ru: 'СМИ и свободный доступ к информации', broader: 'governance', dac: ['15153', '15163', '22030']},
  {key: 'elections', name: 'Elections', ru: 'Выборы', broader: 'governance', dac: ['15151', '15161']},
  {key: 'local-governance', name: 'Local governance and decentralisation', ru: 'Местное самоуправление и децентрализация', broader: 'governance', dac: ['15112', '15128', '15185']},
  {key: 'gender', name: 'Gender equality and women, peace and security', ru: 'Гендерное равенство; женщины, мир и безопасность', broader: null, dac: ['15164', '15170']},
  {key: 'youth', name: 'Youth, peace and security', ru: 'Молодёжь, мир и безопасность', broader: null, dac: []},
  {key: 'humanitarian', name: 'Humanitarian response', ru: 'Гуманитарное реагирование', broader: null, dac: ['720', '72010', '72011', '72012', '72050']},
  {key: 'livelihoods', name: 'Livelihoods and economic recovery', ru: 'Средства к существованию и восстановление экономики', broader: null, dac: ['16020', '31120', '43040', '43041', '43042']},
  {key: 'education', name: 'Education', ru: 'Образование', broader: null, dac: ['111', '11110', '11120', '11130', '11182']},
  {key: 'basic-education', name: 'Basic education', ru: 'Базовое образование', broader: 'education', dac: ['112', '11220', '11230', '11231', '11232', '11240', '11250', '11260']},
  {key: 'secondary-education', name: 'Secondary education', ru: 'Среднее образование', broader: 'education', dac: ['113', '11320', '11321', '11322', '11330']},
  {key: 'higher-education', name: 'Post-secondary education and vocational training', ru: 'Высшее и профессиональное образование', broader: 'education', dac: ['114', '11420', '11430']},
  {key: 'health', name: 'Health', ru: 'Здравоохранение', broader: null, dac: ['121', '123', '12110', '12181', '12182', '12191', '12196', '12310', '12320', '12330', '12340', '12350', '12382']},
  {key: 'basic-health', name: 'Basic health care', ru: 'Первичная медико-санитарная помощь', broader: 'health', dac: ['122', '12220', '12230', '12261', '12281']},
  {key: 'nutrition', name: 'Nutrition', ru: 'Питание', broader: 'health', dac: ['12240']},
  {key: 'infectious-diseases', name: 'Infectious disease control (malaria, tuberculosis, COVID-19...)', ru: 'Борьба с инфекционными заболеваниями (малярия, туберкулёз, COVID-19...)', broader: 'health', dac: ['12250', '12262', '12263', '12264']},
  {key: 'reproductive-health', name: 'Population policies and reproductive health', ru: 'Демографическая политика и репродуктивное здоровье', broader: 'health', dac: ['130', '13010', '13020', '13030', '13040', '13081', '13096']},
  {key: 'water-sanitation', name: 'Water supply and sanitation (WASH)', ru: 'Водоснабжение и санитария', broader: null, dac: ['140', '14010', '14015', '14020', '14021', '14022', '14030', '14031', '14032', '14040', '14050', '14081']},
  {key: 'gender-based-violence', name: 'Ending violence against women and girls (gender-based violence)', ru: 'Искоренение насилия в отношении женщин и девочек (гендерное насилие)', broader: 'gender', dac: ['15180']},
  {key: 'anti-corruption', name: 'Anti-corruption', ru: 'Противодействие коррупции', broader: 'governance', dac: ['15113']},
  {key: 'migration', name: 'Migration and mobility', ru: 'Миграция и мобильность', broader: 'governance', dac: ['15136', '15190']},
  {key: 'social-protection', name: 'Social protection and social services', ru: 'Социальная защита и социальные услуги', broader: null, dac: ['160', '16010', '16011', '16012', '16013', '16014', '16015', '16030', '16040', '16050', '16061', '16062', '16064', '16065', '16066', '16070', '16080']},
  {key: 'drug-control', name: 'Narcotics control', ru: 'Контроль над наркотиками', broader: 'security-sector', dac: ['16063']},
  {key: 'economic-infrastructure', name: 'Economic infrastructure and services', ru: 'Экономическая инфраструктура и услуги', broader: null, dac: []},
  {key: 'transport', name: 'Transport and storage', ru: 'Транспорт и хранение', broader: 'economic-infrastructure', dac: ['210', '21010', '21011', '21012', '21013', '21020', '21021', '21022', '21023', '21024', '21030', '21040', '21050', '21061', '21081']},
  {key: 'communications', name: 'Communications', ru: 'Связь', broader: 'economic-infrastructure', dac: ['220', '22010', '22011', '22012', '22013', '22020', '22040']},
  {key: 'energy', name: 'Energy', ru: 'Энергетика', broader: 'economic-infrastructure', dac: ['230', '231', '232', '233', '234', '235', '236', '23010', '23020', '23030', '23040', '23050', '23061', '23062', '23063', '23064', '23065', '23066', '23067', '23068', '23069', '23070', '23081', '23082', '23110', '23111', '23112', '23181', '23182', '23183', '23210', '23220', '23230', '23231', '23232', '23240', '23250', '23260', '23270', '23310', '23320', '23330', '23340', '23350', '23360', '23410', '23510', '23610', '23620', '23630', '23631', '23640', '23641', '23642']},
  {key: 'financial-services', name: 'Banking and financial services', ru: 'Банковские и финансовые услуги', broader: 'economic-infrastructure', dac: ['240', '24010', '24020', '24030', '24040', '24050', '24081']},
  {key: 'business-services', name: 'Business and other services', ru: 'Деловые и прочие услуги', broader: 'economic-infrastructure', dac: ['250', '25010', '25020', '25030', '25040']},
  {key: 'agriculture', name: 'Agriculture, forestry and fishing', ru: 'Сельское, лесное и рыбное хозяйство', broader: null, dac: ['311', '312', '313', '31130', '31150', '31161', '31162', '31163', '31164', '31165', '31166', '31181', '31182', '31191', '31192', '31193', '31194', '31195', '31210', '31220', '31261', '31281', '31282', '31291', '31310', '31320', '31381', '31382', '31391']},
  {key: 'industry', name: 'Industry, mining and construction', ru: 'Промышленность, добыча полезных ископаемых и строительство', broader: null, dac: ['321', '322', '323', '32110', '32120', '32130', '32140', '32161', '32162', '32163', '32164', '32165', '32166', '32167', '32168', '32169', '32170', '32171', '32172', '32173', '32174', '32182', '32210', '32220', '32261', '32262', '32263', '32264', '32265', '32266', '32267', '32268', '32310']},
  {key: 'trade', name: 'Trade policy and tourism', ru: 'Торговая политика и туризм', broader: null, dac: ['331', '332', '33110', '33120', '33130', '33140', '33150', '33181', '33210']},
  {key: 'environment', name: 'Environmental protection', ru: 'Охрана окружающей среды', broader: null, dac: ['410', '41010', '41020', '41030', '41040', '41050', '41081', '41082']},
  {key: 'multisector', name: 'Multisector and cross-cutting aid', ru: 'Многоотраслевая и межсекторальная помощь', broader: null, dac: ['430', '43010', '43030', '43031', '43032', '43050', '43081', '43082']},
  {key: 'food-security', name: 'Food security and food assistance', ru: 'Продовольственная безопасность и продовольственная помощь', broader: null, dac: ['520', '43071', '43072', '43073', '52010', '72040']},
  {key: 'budget-support', name: 'General budget support and commodity assistance', ru: 'Общая бюджетная поддержка и товарная помощь', broader: null, dac: ['510', '530', '51010', '53030', '53040']},
  {key: 'debt-relief', name: 'Debt relief', ru: 'Облегчение долгового бремени', broader: null, dac: ['600', '60010', '60020', '60030', '60040', '60061', '60062', '60063']},
  {key: 'reconstruction', name: 'Reconstruction, relief and rehabilitation', ru: 'Восстановление, помощь и реабилитация', broader: 'humanitarian', dac: ['730', '73010']},
  {key: 'disaster-risk-reduction', name: 'Disaster risk reduction and preparedness', ru: 'Снижение риска бедствий и готовность к ним', broader: 'humanitarian', dac: ['740', '43060', '74010', '74020']},
  {key: 'donor-administration', name: 'Administrative costs of donors', ru: 'Административные расходы доноров', broader: null, dac: ['910', '91010']},
  {key: 'refugees-in-donor-countries', name: 'Refugees in donor countries', ru: 'Беженцы в странах-донорах', broader: null, dac: ['930', '93010', '93011', '93012', '93013', '93014', '93015', '93016', '93017', '93018']},
  {key: 'unspecified', name: 'Sector not allocated or not specified', ru: 'Сектор не распределён или не указан', broader: null, dac: ['998', '99810', '99820']}
] AS theme
MERGE (t:Theme {key: theme.key})
ON CREATE SET t.name = theme.name, t.dacCodes = theme.dac, t.version = 1, t.visibility = 'PUBLIC',
              t.createdAt = datetime(), t.updatedAt = datetime(), t.createdBy = 'migration', t.updatedBy = 'migration',
              t.source = 'V0007'
SET t.names = coalesce(t.names, [theme.name, theme.ru]),
    t.nameLanguages = coalesce(t.nameLanguages, ['en', 'ru'])
SET t.dacCodes = CASE WHEN t.createdBy = 'migration' AND t.version = 1
                    THEN [c IN coalesce(t.dacCodes, []) WHERE NOT c IN theme.dac] + theme.dac ELSE t.dacCodes END
REMOVE t.searchTerms
WITH t, theme
WHERE theme.broader IS NOT NULL
MATCH (b:Theme {key: theme.broader})
MERGE (t)-[r:BROADER]->(b)
ON CREATE SET r.assertedBy = 'migration', r.source = 'V0007', r.assertedAt = datetime();
