/**
 * English names of the 17th–19th centuries for the historical register generator, with the forms clerks wrote
 * them in. Written for this project from published genealogical conventions, not copied from any index:
 * - given names in rough order of frequency, the same few names covering most people (the frequency tables in
 *   genealogical guides such as the FamilySearch Research Wiki, "England Personal Names");
 * - familiar forms and nicknames (Elizabeth / Betty / Eliza, Mary / Polly, John / Jack), clerks' contractions
 *   (Wm, Jno, Thos, Jas, Geo, Chas, Saml, Richd, Eliz) and, before 1733, Latin forms in parish registers
 *   (Johannes, Gulielmus, Maria, Elizabetha); the FamilySearch Research Wiki "Latin Genealogical Word List" and
 *   "Abbreviations Found in Genealogy Records" describe both;
 * - surnames before standardised spelling, each with the variants one family was written under (Smith / Smyth,
 *   Clarke / Clark / Clerke, Thompson / Thomson).
 */

export interface GivenName {
  name: string;
  /** Familiar forms and nicknames a record may use instead. */
  familiar: string[];
  /** Clerks' contraction, if one was usual. */
  contraction?: string;
  /** Latin form in registers kept in Latin (before 1733). */
  latin?: string;
}

export const ENGLISH_MALE: GivenName[] = [
  { name: 'John', familiar: ['Jack', 'Johnny'], contraction: 'Jno', latin: 'Johannes' },
  { name: 'William', familiar: ['Will', 'Bill', 'Willm'], contraction: 'Wm', latin: 'Gulielmus' },
  { name: 'Thomas', familiar: ['Tom'], contraction: 'Thos', latin: 'Thomas' },
  { name: 'Richard', familiar: ['Dick', 'Richd'], contraction: 'Richd', latin: 'Ricardus' },
  { name: 'James', familiar: ['Jim', 'Jem'], contraction: 'Jas', latin: 'Jacobus' },
  { name: 'George', familiar: ['Georgie'], contraction: 'Geo', latin: 'Georgius' },
  { name: 'Robert', familiar: ['Bob', 'Robin'], contraction: 'Robt', latin: 'Robertus' },
  { name: 'Henry', familiar: ['Harry', 'Hal'], contraction: 'Hen', latin: 'Henricus' },
  { name: 'Edward', familiar: ['Ned', 'Ted'], contraction: 'Edwd', latin: 'Edwardus' },
  { name: 'Joseph', familiar: ['Joe'], contraction: 'Jos', latin: 'Josephus' },
  { name: 'Samuel', familiar: ['Sam'], contraction: 'Saml', latin: 'Samuel' },
  { name: 'Charles', familiar: ['Charley'], contraction: 'Chas', latin: 'Carolus' },
  { name: 'Francis', familiar: ['Frank'], contraction: 'Fras', latin: 'Franciscus' },
  { name: 'Benjamin', familiar: ['Ben'], contraction: 'Benj', latin: 'Benjaminus' },
  { name: 'Nicholas', familiar: ['Nick'], contraction: 'Nichs', latin: 'Nicholaus' },
  { name: 'Matthew', familiar: ['Mat'], contraction: 'Matw', latin: 'Matthaeus' },
  { name: 'Daniel', familiar: ['Dan'], latin: 'Daniel' },
  { name: 'Peter', familiar: ['Pete'], latin: 'Petrus' },
  { name: 'Stephen', familiar: ['Steven'], latin: 'Stephanus' },
  { name: 'Isaac', familiar: ['Ike'], latin: 'Isaacus' },
  { name: 'Christopher', familiar: ['Kit'], contraction: 'Xpofer', latin: 'Christopherus' },
  { name: 'Abraham', familiar: ['Abe', 'Abram'], latin: 'Abrahamus' },
  { name: 'Walter', familiar: ['Wat'], latin: 'Walterus' },
  { name: 'Anthony', familiar: ['Tony'], contraction: 'Anty', latin: 'Antonius' },
];

export const ENGLISH_FEMALE: GivenName[] = [
  { name: 'Mary', familiar: ['Polly', 'Molly', 'Mally'], latin: 'Maria' },
  { name: 'Elizabeth', familiar: ['Betty', 'Eliza', 'Betsy', 'Bess'], contraction: 'Eliz', latin: 'Elizabetha' },
  { name: 'Ann', familiar: ['Anne', 'Anna', 'Nancy'], latin: 'Anna' },
  { name: 'Sarah', familiar: ['Sally', 'Sara'], latin: 'Sara' },
  { name: 'Jane', familiar: ['Jenny', 'Jean'], latin: 'Johanna' },
  { name: 'Margaret', familiar: ['Peggy', 'Meg', 'Margery'], contraction: 'Margt', latin: 'Margareta' },
  { name: 'Hannah', familiar: ['Hanna', 'Anna'], latin: 'Hanna' },
  { name: 'Martha', familiar: ['Patty', 'Matty'], latin: 'Martha' },
  { name: 'Susanna', familiar: ['Susannah', 'Susan', 'Sukey'], latin: 'Susanna' },
  { name: 'Catherine', familiar: ['Katherine', 'Kitty', 'Kate'], contraction: 'Cath', latin: 'Katherina' },
  { name: 'Alice', familiar: ['Alse', 'Alicia'], latin: 'Alicia' },
  { name: 'Frances', familiar: ['Fanny'], latin: 'Francisca' },
  { name: 'Joan', familiar: ['Jone'], latin: 'Johanna' },
  { name: 'Ellen', familiar: ['Helen', 'Nell'], latin: 'Elena' },
  { name: 'Dorothy', familiar: ['Dolly', 'Dorothea'], contraction: 'Dorthy', latin: 'Dorothea' },
  { name: 'Emma', familiar: ['Em'], latin: 'Emma' },
  { name: 'Isabel', familiar: ['Isabella', 'Bell'], latin: 'Isabella' },
  { name: 'Rebecca', familiar: ['Becky'], latin: 'Rebecca' },
  { name: 'Esther', familiar: ['Hester', 'Hetty'], latin: 'Hester' },
  { name: 'Agnes', familiar: ['Annis', 'Nan'], latin: 'Agnes' },
];

/** Surnames and the spellings one family was written under before spelling settled. */
export const ENGLISH_SURNAMES: string[][] = [
  ['Smith', 'Smyth', 'Smithe'], ['Taylor', 'Tayler', 'Taylour'], ['Brown', 'Browne'], ['Wilson', 'Willson'],
  ['Johnson', 'Jonson'], ['Wright', 'Wryght', 'Right'], ['Walker'], ['Robinson', 'Robison'], ['Thompson', 'Thomson', 'Tomson'],
  ['White', 'Whyte'], ['Hall', 'Haule'], ['Wood', 'Woode'], ['Green', 'Greene'], ['Clarke', 'Clark', 'Clerke'],
  ['Jackson', 'Jacson'], ['Harrison', 'Harryson'], ['Turner'], ['Cooper', 'Couper'], ['Ward', 'Warde'],
  ['Moore', 'More', 'Moor'], ['Allen', 'Allan', 'Alleyn'], ['Baker'], ['Hill', 'Hyll'], ['King', 'Kinge'],
  ['Davies', 'Davis', 'Davys'], ['Lewis', 'Lewes'], ['Shaw', 'Shawe'], ['Parker'], ['Bennett', 'Bennet'],
  ['Atkinson', 'Atkynson'], ['Fletcher'], ['Holmes', 'Holme'], ['Marshall', 'Marshal'], ['Pearson', 'Peirson', 'Pierson'],
  ['Dawson'], ['Barker'], ['Hodgson', 'Hodgeson'], ['Sutcliffe', 'Sutcliff'], ['Greenwood'], ['Ackroyd', 'Akroyd', 'Ackroid'],
];

/** Counties (real, used for their names) and fictional parishes built like English place names. */
export const COUNTIES = [
  ['Yorkshire', 'Yorks'], ['Lancashire', 'Lancs'], ['Norfolk', 'Norf'], ['Devon', 'Devonshire'], ['Kent'],
  ['Somerset', 'Somersetshire'], ['Lincolnshire', 'Lincs'], ['Suffolk', 'Suff'], ['Cheshire', 'Ches'], ['Derbyshire', 'Derbys'],
];
export const PARISH_STARTS = ['Ash', 'Brad', 'Cold', 'Elm', 'Fen', 'Hather', 'Kings', 'Lang', 'Mark', 'Nor', 'Oak', 'Red', 'Stan', 'Thorn', 'Wal', 'Wick', 'Har', 'Sel', 'Ux', 'Bram'];
export const PARISH_ENDS = ['ley', 'ton', 'field', 'bury', 'ham', 'worth', 'by', 'stead', 'combe', 'thorpe'];
export const PARISH_PREFIXES = ['', '', '', 'Great ', 'Little ', 'Upper ', 'Nether ', 'Long '];

export const OCCUPATIONS = [
  'labourer', 'agricultural labourer', 'ag lab', 'husbandman', 'yeoman', 'weaver', 'cordwainer', 'shoemaker',
  'blacksmith', 'carpenter', 'collier', 'mason', 'miller', 'tailor', 'farmer', 'servant', 'wool comber', 'carter',
];
export const FEMALE_OCCUPATIONS = ['spinster', 'servant', 'domestic servant', 'dressmaker', 'laundress', 'weaver', 'seamstress', 'housekeeper', ''];
