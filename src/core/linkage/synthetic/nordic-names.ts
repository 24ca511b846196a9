/**
 * Norwegian and Danish names of the 18th and 19th centuries for the parish and census register generator, with
 * the forms clerks wrote them in. Written for this project from published genealogical conventions, not copied
 * from any index:
 * - given names in rough order of frequency, a few covering much of a parish (the FamilySearch Research Wiki,
 *   "Norway Personal Names" and "Denmark Personal Names"), with the spellings one person is found under
 *   (Christian / Kristian / Christen, Catharina / Kathrine / Karen, Johannes / Johan / Hans, Marthe / Martha,
 *   Peder / Peter / Per): spelling was not fixed, and the same clerk wrote a name differently from year to year;
 * - Latinised forms in the church books of the 1700s (Johannes, Petrus, Christianus, Catharina, Maria);
 * - farm names, which in rural Norway served as a second surname and changed when a family moved to another farm
 *   (the FamilySearch Research Wiki, "Norway Naming Customs"; Digitalarkivet's guides to the censuses).
 */

export interface NordicGiven {
  name: string;
  /** Other spellings of the same name in records of the era. */
  variants: string[];
  /** The Latinised form a clerk of the 1700s might write. */
  latin?: string;
  /** The root a patronymic is built on (Ole → Ols-, Hans → Hans-, Peder → Peder-). */
  root: string;
}

export const NORDIC_MALE: NordicGiven[] = [
  { name: 'Ole', variants: ['Ola', 'Olle', 'Oluf'], root: 'Ol' },
  { name: 'Hans', variants: ['Hanns', 'Johannes', 'Johan'], latin: 'Johannes', root: 'Hans' },
  { name: 'Johannes', variants: ['Johan', 'Jon', 'Jan'], latin: 'Johannes', root: 'Johannes' },
  { name: 'Peder', variants: ['Peter', 'Per', 'Pedder'], latin: 'Petrus', root: 'Peder' },
  { name: 'Anders', variants: ['Andreas', 'Andres'], latin: 'Andreas', root: 'Anders' },
  { name: 'Lars', variants: ['Lauritz', 'Laurits'], latin: 'Laurentius', root: 'Lars' },
  { name: 'Nils', variants: ['Niels', 'Nels'], latin: 'Nicolaus', root: 'Nils' },
  { name: 'Christian', variants: ['Kristian', 'Christen', 'Kristen'], latin: 'Christianus', root: 'Christian' },
  { name: 'Jens', variants: ['Jenns'], root: 'Jens' },
  { name: 'Knud', variants: ['Knut', 'Knudt'], root: 'Knud' },
  { name: 'Erik', variants: ['Erich', 'Eric'], latin: 'Ericus', root: 'Erik' },
  { name: 'Halvor', variants: ['Halvard', 'Halvar'], root: 'Halvor' },
  { name: 'Gulbrand', variants: ['Gudbrand', 'Gulbrandt'], root: 'Gulbrand' },
  { name: 'Iver', variants: ['Ivar', 'Iffuer'], root: 'Iver' },
  { name: 'Torger', variants: ['Torgeir', 'Thorger'], root: 'Torger' },
  { name: 'Amund', variants: ['Amun', 'Aamund'], root: 'Amund' },
  { name: 'Syver', variants: ['Sivert', 'Siver'], root: 'Syver' },
  { name: 'Mikkel', variants: ['Michel', 'Michael'], latin: 'Michael', root: 'Mikkel' },
  { name: 'Paul', variants: ['Pouel', 'Pål'], latin: 'Paulus', root: 'Paul' },
  { name: 'Engebret', variants: ['Engebregt', 'Engelbret'], root: 'Engebret' },
  { name: 'Thore', variants: ['Tore', 'Thor'], root: 'Thor' },
  { name: 'Simen', variants: ['Simon', 'Siman'], latin: 'Simon', root: 'Simen' },
];

export const NORDIC_FEMALE: NordicGiven[] = [
  { name: 'Anne', variants: ['Anna', 'Ane'], latin: 'Anna', root: '' },
  { name: 'Marthe', variants: ['Martha', 'Marte'], latin: 'Martha', root: '' },
  { name: 'Karen', variants: ['Kari', 'Catharina', 'Kathrine'], latin: 'Catharina', root: '' },
  { name: 'Kirsten', variants: ['Kjersti', 'Christine', 'Kirstine'], latin: 'Christina', root: '' },
  { name: 'Maren', variants: ['Marie', 'Mari'], latin: 'Maria', root: '' },
  { name: 'Ingeborg', variants: ['Ingebor', 'Ingebjørg'], root: '' },
  { name: 'Berthe', variants: ['Berte', 'Birte', 'Berta'], root: '' },
  { name: 'Johanne', variants: ['Johanna', 'Hanne'], latin: 'Johanna', root: '' },
  { name: 'Marie', variants: ['Maria', 'Mari'], latin: 'Maria', root: '' },
  { name: 'Gunhild', variants: ['Gunnild', 'Gunild'], root: '' },
  { name: 'Helene', variants: ['Elen', 'Ellen', 'Lene'], latin: 'Helena', root: '' },
  { name: 'Sigrid', variants: ['Sigri', 'Siri'], root: '' },
  { name: 'Guri', variants: ['Gudrun', 'Gure'], root: '' },
  { name: 'Randi', variants: ['Ragnhild', 'Rangdi'], root: '' },
  { name: 'Live', variants: ['Liv', 'Lif'], root: '' },
  { name: 'Eli', variants: ['Elin', 'Elie'], root: '' },
  { name: 'Olea', variants: ['Olava', 'Oleane'], root: '' },
  { name: 'Dorthe', variants: ['Dorothea', 'Dorte'], latin: 'Dorothea', root: '' },
  { name: 'Inger', variants: ['Ingri', 'Ingar'], root: '' },
  { name: 'Aase', variants: ['Åse', 'Ase'], root: '' },
];

/** Farm names (invented in the form of real ones: Haugen "the hill", Bakken "the slope", Nordby "the north farm"). */
export const FARMS = [
  'Haugen', 'Bakken', 'Nordby', 'Sørby', 'Lien', 'Moen', 'Berg', 'Dal', 'Rud', 'Holm', 'Vestre Bråten', 'Østre Bråten',
  'Myren', 'Nes', 'Hagen', 'Stensrud', 'Kvernmo', 'Grinde', 'Aasen', 'Skogli', 'Fossum', 'Brenna', 'Tveit', 'Hovland',
  'Lunde', 'Solberg', 'Eggen', 'Kleiva', 'Sætre', 'Vollen', 'Bøen', 'Rønningen', 'Hølen', 'Tangen',
];

/** Real Norwegian parish names, used as names of places only; every person in them is fictional. */
export const PARISHES = ['Nes i Hedmark', 'Ringsaker', 'Vang', 'Løten', 'Stange', 'Toten', 'Gran', 'Land', 'Sigdal', 'Eiker'];
