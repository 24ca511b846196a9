/**
 * Forms of one given name that historical records use for the same person: the Latin form of a register kept in
 * Latin, a clerk's contraction, a familiar form or nickname, and the spellings of an era before spelling settled.
 * Each group is one name; every form in it is compared as the group's first form. Sources of the conventions:
 *
 * - Latin forms in English and Scandinavian church registers (Johannes, Gulielmus, Jacobus, Maria, Elizabetha):
 *   FamilySearch Research Wiki, "Latin Genealogical Word List" (given names section); Latin was the language of
 *   English registers until the Proceedings in Courts of Justice Act 1730;
 * - clerks' contractions (Wm, Jno, Thos, Jas, Geo, Chas, Saml, Richd, Robt, Edwd, Benj, Eliz, Margt, Xpofer):
 *   FamilySearch Research Wiki, "Abbreviations Found in Genealogy Records" and "England Handwriting";
 * - familiar forms and nicknames that stand for the full name in registers and censuses (Polly and Molly for
 *   Mary, Betty and Betsy for Elizabeth, Jack for John, Peggy for Margaret, Sally for Sarah, Nancy for Ann, Patty
 *   for Martha, Sukey for Susanna, Fanny for Frances): FamilySearch Research Wiki, "England Personal Names" and
 *   "Traditional Nicknames in Old Documents"; Jane, Joan and Jean are forms of one name (Johanna) that clerks used
 *   for one woman;
 * - Norwegian and Danish spellings of one name in church books and censuses (Christian / Kristian / Christen /
 *   Kristen, Peder / Peter / Per, Ole / Ola / Oluf, Catharina / Karen / Kari, Marthe / Martha, Ragnhild / Randi,
 *   Dorthe / Dorothea): FamilySearch Research Wiki, "Norway Personal Names" and "Denmark Personal Names";
 * - Scottish forms that registers and censuses give for one woman (Jessie and Jonet for Janet, Kirsty for
 *   Christina, Effie and Phemie for Euphemia, Ellen for Helen, Isobel and Ishbel for Isabella): FamilySearch
 *   Research Wiki, "Scotland Names, Personal"; National Records of Scotland, ScotlandsPeople guide to forenames.
 *
 * Left out on purpose: forms that stand for two names in these sources (Nan for Ann or Agnes, Kit for Christopher
 * or Catherine, Nell for Ellen or Eleanor, Bell for Isabel or Arabella, Jem for James or Jeremiah, Hans, which in
 * Norway is a name of its own beside Johannes), so that a table entry never joins two different names; and
 * equivalences across languages of the victim lists (Ivan / John), which would join different people there; and
 * spellings that the name comparison already brings together (Sara / Sarah), so that names of the region that
 * happen to be spelt like an English form (Сара, Sara) keep their own comparable form.
 */
const GROUPS: readonly string[] = [
  // English, with Latin forms, contractions and familiar forms
  'john jno johannes johanes joannes jon johan johnny jack jan johs',
  'william wm willm will bill billy gulielmus guilielmus gulielmi willelmus wilhelm',
  'thomas thos tho tom tommy thomae',
  'richard richd ricardus dick dickon',
  'james jas jacobus jamie jim',
  'george geo georgius georgie',
  'robert robt robertus bob robin',
  'henry hen henricus harry henery hendrick',
  'edward edwd edw edwardus eduardus ned ted',
  'joseph jos josephus joe',
  'samuel saml samuelis sam',
  'charles chas carolus charley charlie karl carl',
  'francis fras franciscus frank',
  'benjamin benj benjaminus ben',
  'nicholas nichs nicholaus nicolaus nicolas nick nils niels nels',
  'matthew matw mathew matthaeus mat',
  'daniel danl danielis dan',
  'peter petrus pete peder per pedder petter',
  'stephen stephanus steven steph',
  'christopher xpofer xtopher christopherus christophorus kester',
  'abraham abrahamus abram abe',
  'walter walterus wat walt',
  'anthony anty antonius antony tony',
  'andrew andreas anders andres andw',
  'lawrence laurence laurentius lars lauritz laurits lorentz',
  'michael michaelis mikkel mikael michel',
  'alexander alexr alex alexandrus sandy',
  'jonathan jonathn jonat',
  'isaac isaacus ike',
  // female
  'mary maria marie mari polly molly mally mamie',
  'elizabeth elisabeth elizabetha elisabetha eliz eliza betty betsy betsey bess bet lisbet lisbeth elisabet',
  'ann anne anna nancy annie',
  'sarah sally',
  'jane joan jone johanna joanna jean jenny',
  'margaret margt margareta margaretha margarita peggy meg margery marjory marit margit marget',
  'martha marthe marte patty matty',
  'susanna susannah susan sukey suky susanne',
  'catherine katherine catharine katharine catharina katharina katherina kathrine cathrine katrine cath kate kitty karen kari',
  'alice alse alicia alis',
  'frances francisca fanny',
  'dorothy dorothea dorthy dorthe dorte dolly',
  'rebecca rebekah becky',
  'esther hester hetty',
  'christina christine kirsten kirstine kristine kjersti kirsty kirstie',
  // Scottish forms (Jessie for Janet, Effie for Euphemia, Ellen for Helen)
  'janet jessie jonet janeta',
  'euphemia effie phemie',
  'helen ellen helena',
  'isabella isabel isobel ishbel',
  'ragnhild ragnild randi rangdi',
  'ingeborg ingebor imbor',
  // Norwegian male spellings
  'christian kristian christen kristen christianus',
  'ole ola olle oluf olaus olav olaf',
  'erik erich eric ericus',
  'knud knut knudt',
  'halvor halvard halvar',
  'gulbrand gudbrand gulbrandt',
  'iver ivar',
  'torger torgeir thorger',
  'amund amun aamund',
  'syver sivert sjur',
  'engebret engebrigt ingebrigt engelbret',
  'paul paulus pal povel',
];

let table: Map<string, string> | null = null;

/**
 * The table in comparable form, built on first use with the same romanisation and rewrites the names get, so that
 * a form matches whatever the rewrites make of it (william → vilam, hester → gester).
 */
function variants(base: (word: string) => string): Map<string, string> {
  if (table) return table;
  const built = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const group of GROUPS) {
    const forms = group.split(' ').map(base);
    const canonical = forms[0];
    for (const form of forms) {
      const known = built.get(form);
      if (known !== undefined && known !== canonical) ambiguous.add(form);
      else built.set(form, canonical);
    }
  }
  // a form that two groups claim after the rewrites joins neither
  for (const form of ambiguous) built.delete(form);
  table = built;
  return built;
}

/**
 * The group's first form for a given-name word in comparable form, or the word itself when it is not in the table.
 * `base` is the comparable rewrite of a romanised word (normalise.ts), passed in to keep the modules acyclic.
 */
export function givenNameVariant(word: string, base: (word: string) => string): string {
  return variants(base).get(word) ?? word;
}
