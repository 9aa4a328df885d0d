// Words that tell names of people from names of offices. A run of capitalised words after "Minister
// of" belongs to the office while its words are office words ("National Economy", "the State
// Committee of Uzbekistan for Investments"); the first words that are not start the person's name.

const OFFICE_WORDS = `
Affairs Agriculture Agricultural Architecture Assets Aviation Budget Capital Change Civil Climate Communication
Communications Competition Construction Consumer Cooperation Culture Customs Defence Defense Development Digital
Economic Economy Ecology Education Electricity Emergency Emergencies Energy Entrepreneurship Environment Environmental
Export Exports External Family Finance Finances Financial Foreign Gas Geology Health Healthcare Higher Housing Human
Industrial Industry Information Infrastructure Innovation Innovations Integration Interior Internal International
Investment Investments Irrigation Justice Labour Labor Land Management Medical Mining Mobilization Municipal National
Natural Oil Partnerships Partnership Planning Policy Population Poverty Power Preschool Private Promotion Property
Protection Public Railways Reclamation Reduction Reform Reforms Regional Relations Religious Resources Rights Road Roads
Rural Science School Secondary Sector Security Situations Social Sports Standards State Statistics Strategic Support
Sustainable Tax Technology Technologies Tourism Trade Transport Treasury Urban Utilities Water Women Youth Green
Middle East West North South Central Asia Pacific Europe Caucasus Eurasia Africa America Region Regions Operations
Country Countries Office Department Division Unit Committee Ministry Agency Administration Presidential Cabinet
Ministers Council Board Directors Governors Executive Republic Government Bank Fund Group Institute Commission Union
Programme Program Strategy Projects Project Vice President Prime Minister Deputy Chairman Director General Head Affairs
Portfolio Practice Global Senior Principal Lead Chief Acting Special Permanent Resident Representative Mission
`;

export const OFFICE_WORD_SET = new Set(OFFICE_WORDS.split(/\s+/).filter(Boolean));

/** Titles that head a role, longest first so "Deputy Prime Minister" wins over "Prime Minister". */
export const TITLES = [
  'First Deputy Prime Minister',
  'Deputy Prime Minister',
  'Prime Minister',
  'Vice Premier',
  'Premier',
  'Head of State',
  'Head of Government',
  'First Deputy Minister',
  'Deputy Minister',
  'Minister',
  'Vice President',
  'Vice-President',
  'President',
  'Deputy Chairman',
  'Vice Chairman',
  'Vice-Chairman',
  'Chairman',
  'Chairwoman',
  'Chairperson',
  'Chair',
  'Director General',
  'Director-General',
  'Regional Director',
  'Country Director',
  'Managing Director',
  'Executive Director',
  'Deputy Director',
  'Director',
  'Head',
  'Deputy Governor',
  'Governor',
  'Ambassador',
  'Commissioner',
  'Secretary-General',
  'Secretary General',
  'State Secretary',
  'Secretary',
  'Special Representative',
  'Resident Representative',
  'Country Representative',
  'Permanent Representative',
  'Representative',
  'Country Manager',
  'Chief Executive Officer',
  'Chief Executive',
  'CEO',
  'Chief Economist',
  'country economist',
  'Economist',
  'Adviser',
  'Advisor',
  'Spokesperson',
  'Spokesman',
  'Spokeswoman',
  'Mayor',
  'Akim',
  'Hokim',
  'Khokim',
  'Speaker',
  'Chancellor',
  'Envoy',
  'Senator',
  'Team Leader',
  'Specialist',
  'Officer',
];

/** Titles that make a person speak for a country's government when no organisation is named. */
export const GOVERNMENT_TITLES = new Set([
  'first deputy prime minister',
  'deputy prime minister',
  'prime minister',
  'vice premier',
  'premier',
  'head of state',
  'head of government',
  'first deputy minister',
  'deputy minister',
  'minister',
  'president',
  'vice president',
  'vice-president',
  'akim',
  'hokim',
  'khokim',
]);

/** Capitalised words that never start or make a person's name. */
export const NOT_NAME_WORDS = new Set(
  `The A An This That These Those It Its He She They We I You Our Their His Her In On At For From With By To Of And Or But
  As After Before During While Since Until According Also Meanwhile However Moreover Besides Earlier Later Today Yesterday
  Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
  September October November December Mr Mrs Ms Dr Prof Sir Madam Excellency His Her Said Says Noted Stated Added Told
  Together Among Within Under Over Including Notably Furthermore Additionally Then Here There When Where What Which Who
  Photo Credit Images Image Source Comments EN RU`.split(/\s+/),
);

/** Particles inside names: "Bandar Al Hajjar", "Ursula von der Leyen". */
export const NAME_PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'van', 'von', 'der', 'de', 'da', 'di', 'ul', 'abu', 'ben', 'la', 'le']);
